package knowledge

import (
	"cmp"
	"slices"
	"sort"
	"strings"
)

// speller corrects typos against a vocabulary with a deletion neighbourhood
// (SymSpell): every word and its one- and two-letter deletions are keys, so
// a candidate costs a few map lookups and one bounded edit distance.
//
// The deletions are the engine's largest table (some 50,000 of them), so
// they are kept by hash, not by string: a deletion's FNV-1a hash maps to a
// span of one shared slice of word ids. Two deletions with the same hash
// would only share their candidates, and every candidate is checked by its
// edit distance anyway. (With the deletions as a map of strings to slices,
// the engine's three spellers held 6 MB of a bot's live heap, all of it
// pointers for the collector to mark; this way they hold 2.3 MB.)
type speller struct {
	index   map[string]int32 // word → id
	words   []string
	to      []string        // what each word stands for: its stem ("" for a stop word)
	df      []int32         // in how many entries the word occurs, to break ties
	deletes map[uint64]span // hash of a deletion → its words' span of ids
	ids     []int32
	minLen  int // shortest word corrected
	maxDist int // largest distance allowed, whatever the length
	// swapLen is the shortest word corrected by swapping two letters
	// side by side, the one typo that seldom turns a short word into
	// another ("dcos", "tmea"); from minLen every edit counts.
	swapLen int
}

// newSpeller builds a speller over words (word → what it stands for) with
// document frequencies df.
func newSpeller(words map[string]string, df map[string]int, minLen, maxDist int) *speller {
	s := &speller{index: make(map[string]int32, len(words)), minLen: minLen, maxDist: maxDist}
	for w := range words {
		s.words = append(s.words, w)
	}
	sort.Strings(s.words)
	s.to = make([]string, len(s.words))
	s.df = make([]int32, len(s.words))
	// Every (deletion hash, word) pair, sorted: a hash's words are then
	// one run, in the words' order.
	type pair struct {
		h  uint64
		id int32
	}
	n := 0
	for _, w := range s.words {
		n += len(w)
		if maxDist >= 2 && len(w) >= 8 {
			n += len(w) * (len(w) - 1)
		}
	}
	pairs := make([]pair, 0, n)
	var d1 []byte
	for i, w := range s.words {
		id := int32(i)
		s.index[w] = id
		s.to[i] = words[w]
		s.df[i] = int32(df[w])
		if len(w) < 3 || len(w) > 24 || !ascii([]byte(w)) {
			continue
		}
		for j := range len(w) {
			d1 = append(append(d1[:0], w[:j]...), w[j+1:]...)
			pairs = append(pairs, pair{uint64(fnvOffset.bytes(d1)), id})
			// Two deletions only from 8 letters: a query is corrected at
			// distance 2 only from 8 letters, and a shorter known word is
			// reached through the query's own deletions.
			if maxDist >= 2 && len(w) >= 8 {
				for k := range len(d1) {
					h := fnvOffset.bytes(d1[:k]).bytes(d1[k+1:])
					pairs = append(pairs, pair{uint64(h), id})
				}
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := cmp.Compare(a.h, b.h); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	pairs = slices.Compact(pairs) // a word with a double letter deletes to the same string twice
	runs := 0
	for i := range pairs {
		if i == 0 || pairs[i].h != pairs[i-1].h {
			runs++
		}
	}
	s.deletes = make(map[uint64]span, runs)
	s.ids = make([]int32, len(pairs))
	for i := 0; i < len(pairs); {
		j := i
		for ; j < len(pairs) && pairs[j].h == pairs[i].h; j++ {
			s.ids[j] = pairs[j].id
		}
		s.deletes[pairs[i].h] = spanOf(i, j)
		i = j
	}
	return s
}

// candidates returns the ids of the words that d is a deletion of (and
// rarely, on a hash collision, of a few others).
func (s *speller) candidates(d []byte) []int32 {
	sp, ok := s.deletes[uint64(fnvOffset.bytes(d))]
	if !ok {
		return nil
	}
	start, end := sp.bounds()
	return s.ids[start:end]
}

// span is a run [start, end) of a flat slice, packed in one word so that
// a map holding it has no pointer for the collector to follow: a
// deletion's words in the speller, a feature's weights in the classifier.
type span uint64

func spanOf(start, end int) span { return span(uint64(start)<<32 | uint64(end)) }

// bounds returns the run's start and end.
func (s span) bounds() (start, end int) { return int(s >> 32), int(s & (1<<32 - 1)) }

// correct returns what the known word closest to w stands for: at
// Damerau-Levenshtein distance 1 for short words, 2 from 8 letters; ties go
// to the more common word.
func (s *speller) correct(sc *scratch, w []byte) (string, bool) {
	id, ok := s.closest(sc, w)
	if !ok {
		return "", false
	}
	return s.to[id], true
}

// closest returns the id of the known word that correct reads w as.
func (s *speller) closest(sc *scratch, w []byte) (int32, bool) {
	n := len(w)
	if s.swapLen > 0 && n >= s.swapLen && n < s.minLen && ascii(w) {
		return s.swapped(sc, w)
	}
	if n < s.minLen || n > 16 || !ascii(w) {
		return -1, false
	}
	k := 1
	if n >= 8 {
		k = min(2, s.maxDist)
	}
	// Typos rarely hit the first letters, and real words one letter apart
	// often differ there ("lunch", "launch"): keep the first letter, and the
	// first two in short words, but for a dropped second letter. (A word
	// of English is never corrected: "lunch" stays itself.)
	prefix := 1
	if n < 7 {
		prefix = 2
	}
	best, bestD := int32(-1), k+1
	consider := func(id int32) {
		ws := s.words[id]
		if len(ws) < prefix || n < 7 && len(ws) < n && !doubled(w, ws) {
			// Short words are corrected by adding or changing a letter,
			// not by dropping one ("apple" is not "app"), unless the
			// letter dropped doubles the one before it ("epiics").
			return
		}
		if ws[:prefix] != string(w[:prefix]) && !(prefix == 2 && len(ws) > 2 && n > 2 && ws[0] == w[0] && ws[1] == w[2] && ws[2] == w[1]) &&
			!(prefix == 2 && len(ws) == n+1 && ws[0] == w[0] && ws[2:] == string(w[1:])) &&
			!(prefix == 2 && len(ws) == n && ws[0] == w[0] && ws[2:] == string(w[2:]) && nextKeys(ws[1], w[1])) {
			// The first letters are rarely wrong, but the second and
			// third are often swapped ("onwer", "srpint", "rloes"), the
			// second is dropped when typing fast ("bcklog", "rles"), and
			// on a phone it is a key beside the one meant ("vusion",
			// "wfites").
			return
		}
		d := osa(w, ws, bestD)
		if d < bestD || d == bestD && best >= 0 && s.df[id] > s.df[best] {
			best, bestD = id, d
		}
	}
	for _, id := range s.candidates(w) {
		consider(id)
	}
	for i := range n {
		sc.del = append(append(sc.del[:0], w[:i]...), w[i+1:]...)
		if id, ok := s.index[string(sc.del)]; ok {
			consider(id)
		}
		for _, id := range s.candidates(sc.del) {
			consider(id)
		}
		if k < 2 {
			continue
		}
		for j := range len(sc.del) {
			sc.del2 = append(append(sc.del2[:0], sc.del[:j]...), sc.del[j+1:]...)
			if id, ok := s.index[string(sc.del2)]; ok {
				consider(id)
			}
			for _, id := range s.candidates(sc.del2) {
				consider(id)
			}
		}
	}
	if best < 0 || bestD > k {
		return -1, false
	}
	return best, true
}

// doubled reports whether w is ws with one letter typed twice: "epiics"
// is "epics", "retrro" "retro".
func doubled(w []byte, ws string) bool {
	if len(w) != len(ws)+1 {
		return false
	}
	i := 0
	for i < len(ws) && w[i] == ws[i] {
		i++
	}
	return i > 0 && w[i] == w[i-1] && string(w[i+1:]) == ws[i:]
}

// swapped returns the id of the known word that w, not an English word
// itself, is with two letters side by side swapped back, the first letter
// kept ("dcos" is "docs"); ties go to the more common word.
func (s *speller) swapped(sc *scratch, w []byte) (int32, bool) {
	if english.has(w) {
		// "farm" is no typo of "fram", nor "from" of "form".
		return -1, false
	}
	best := int32(-1)
	for i := 1; i+1 < len(w); i++ {
		if w[i] == w[i+1] {
			continue
		}
		sc.del = append(sc.del[:0], w...)
		sc.del[i], sc.del[i+1] = sc.del[i+1], sc.del[i]
		if id, ok := s.index[string(sc.del)]; ok && (best < 0 || s.df[id] > s.df[best]) {
			best = id
		}
	}
	return best, best >= 0
}

// replaced returns the id of the known word that w, a four-letter word
// that is no English word itself, is with one letter after its first put
// back where a thumb hit the key beside it ("tdam" is "team", "rooe"
// "role"); ties go to the more common word.
func (s *speller) replaced(sc *scratch, w []byte) (int32, bool) {
	if len(w) != 4 || !ascii(w) || english.has(w) {
		return -1, false
	}
	best := int32(-1)
	for i := 1; i < len(w); i++ {
		for c := byte('a'); c <= 'z'; c++ {
			if !nextKeys(w[i], c) {
				continue
			}
			sc.del = append(sc.del[:0], w...)
			sc.del[i] = c
			if id, ok := s.index[string(sc.del)]; ok && (best < 0 || s.df[id] > s.df[best]) {
				best = id
			}
		}
	}
	return best, best >= 0
}

// inserted returns the id of the known word that w, a four-letter word
// that is no English word itself, is with one letter put back after its
// first ("sles" is "sales", "epcs" "epics"); ties go to the more common
// word.
func (s *speller) inserted(sc *scratch, w []byte) (int32, bool) {
	if len(w) != 4 || !ascii(w) || english.has(w) {
		return -1, false
	}
	best := int32(-1)
	for i := 1; i <= len(w); i++ {
		for c := byte('a'); c <= 'z'; c++ {
			sc.del = append(append(append(sc.del[:0], w[:i]...), c), w[i:]...)
			if id, ok := s.index[string(sc.del)]; ok && (best < 0 || s.df[id] > s.df[best]) {
				best = id
			}
		}
	}
	return best, best >= 0
}

// osa is the optimal-string-alignment (restricted Damerau-Levenshtein)
// distance between a and b, or limit when it is at least limit.
func osa(a []byte, b string, limit int) int {
	la, lb := len(a), len(b)
	if la-lb >= limit || lb-la >= limit || la > 24 || lb > 24 {
		return limit
	}
	var rows [3][26]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= lb; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[lb], limit)
}

// qwerty is the keyboard's letter rows, for nextKeys.
var qwerty = [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// nextKeys reports whether letters a and b are different keys side by
// side, or one row apart and at most one key across, on a QWERTY
// keyboard: the key a thumb hits instead of the one meant.
func nextKeys(a, b byte) bool {
	if a == b {
		return false
	}
	ra, ca, rb, cb := -1, 0, -1, 0
	for r, row := range qwerty {
		if i := strings.IndexByte(row, a); i >= 0 {
			ra, ca = r, i
		}
		if i := strings.IndexByte(row, b); i >= 0 {
			rb, cb = r, i
		}
	}
	if ra < 0 || rb < 0 {
		return false
	}
	dr, dc := ra-rb, ca-cb
	// Each row sits half a key to the right of the one above, so the
	// keys below a letter are the one at its column and the one before.
	switch dr {
	case 0:
		return dc == 1 || dc == -1
	case -1: // a above b
		return dc == 0 || dc == 1
	case 1: // a below b
		return dc == 0 || dc == -1
	}
	return false
}
