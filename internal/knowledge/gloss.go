package knowledge

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// A message written in another language than English ("wer ist für die
// roadmap zuständig, po oder pm?") is glossed into English word by word,
// and phrase by phrase, before it is read: "who is for the roadmap
// responsible po or pm". Word order and grammar do not matter to the
// reading; the words do. The glosses are data (data/glossary.tsv), one
// table a language.
//
// A message is read as a language when words of that language's table that
// are no English words make a fifth of it, two at least, or half of it
// ("vem?"): a word or two of another language in an English message ("is
// Kim the PO?": "kim" is Turkish for "who"; "im" German for "in the")
// glosses nothing. The language with the most such words wins; English words in
// the message that its table does not hold are read as they are, so a
// message that mixes English in ("quick q: wer owns die roadmap?") keeps
// its English.

// glossaryFile is data/glossary.tsv, kept as written: its lines are
//
//	language<TAB>code<TAB>name          a language ("de", "German")
//	english<TAB>word word …             short English words (below)
//	code<TAB>word or phrase<TAB>gloss   a language's word and its gloss
//
// with comments after '#'. English lists short English words that a
// table's word may spell ("die", "man", "kim"): they are glossed in a
// message of that language, but never make a message read as one; English
// words of four letters or more, and English stop words, never do either.
// A word or phrase (up to maxGlossKey words) is written as typed (Normalize
// folds its accents); its gloss is English in the entries' words, or "-"
// for a word that carries nothing ("sich"). A word written "^czy" holds
// only at the start of a clause.
type glossaryFile struct {
	Text string // the file, as written
	name string // file name, for errors
}

// Bounds of a glossary.
const (
	maxGlossKey   = 4  // words of a glossed phrase
	maxGlossWords = 6  // words of a gloss
	maxLanguages  = 16 // tables (a language's bit in glossary.marks)
)

var langCode = regexp.MustCompile(`^[a-z]{2,3}$`)

// glossary is the compiled glossaryFile.
type glossary struct {
	langs []glossLang
	// marks holds, for each word that makes a message read as a language,
	// the languages it belongs to (bit i for langs[i]).
	marks map[string]uint16
}

type glossLang struct {
	code string
	// words holds the glosses by the first word of their key, longest
	// key first; head those that hold only at the start of a clause.
	words, head map[string][]gloss
}

// gloss is one entry of a table: the words of its key after the first, and
// its normalised English ("" for a word that carries nothing).
type gloss struct {
	rest []string
	to   string
}

// newGlossary compiles f; a nil f glosses nothing.
func newGlossary(f *glossaryFile) (*glossary, error) {
	g := &glossary{marks: map[string]uint16{}}
	if f == nil {
		return g, nil
	}
	var errs []error
	at := func(n int) string { return fmt.Sprintf("%s:%d", f.name, n) }
	english := map[string]struct{}{}
	for _, w := range englishStop {
		english[w] = struct{}{}
	}
	codes := map[string]int{} // language code: index in g.langs
	type word struct {
		lang, line int
		key        string
		head       bool
		ws         []string
		to         string
	}
	var words []word
	typed := map[string]int{} // code and normalised word: line
	for n, line := range strings.Split(f.Text, "\n") {
		n++
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		fs := strings.Split(line, "\t")
		switch fs[0] {
		case "english":
			if len(fs) != 2 {
				errs = append(errs, fmt.Errorf("%s: an english line is \"english<TAB>words\"", at(n)))
				continue
			}
			for _, x := range strings.Fields(Normalize(fs[1])) {
				english[x] = struct{}{}
			}
			continue
		case "language":
			switch {
			case len(fs) != 3:
				errs = append(errs, fmt.Errorf("%s: a language line is \"language<TAB>code<TAB>name\"", at(n)))
			case !langCode.MatchString(fs[1]):
				errs = append(errs, fmt.Errorf("%s: language code %q is not two or three lower-case letters", at(n), fs[1]))
			case codes[fs[1]] > 0:
				errs = append(errs, fmt.Errorf("%s: language %q is listed twice", at(n), fs[1]))
			case strings.TrimSpace(fs[2]) == "":
				errs = append(errs, fmt.Errorf("%s: language %q has no name", at(n), fs[1]))
			case len(g.langs) == maxLanguages:
				errs = append(errs, fmt.Errorf("%s: more than %d languages", at(n), maxLanguages))
			default:
				g.langs = append(g.langs, glossLang{code: fs[1], words: map[string][]gloss{}, head: map[string][]gloss{}})
				codes[fs[1]] = len(g.langs)
			}
			continue
		}
		if len(fs) != 3 {
			errs = append(errs, fmt.Errorf("%s: a word line is \"code<TAB>word<TAB>gloss\"", at(n)))
			continue
		}
		l := codes[fs[0]]
		if l == 0 {
			errs = append(errs, fmt.Errorf("%s: language %q is not declared above its words", at(n), fs[0]))
			continue
		}
		// "^czy": Polish "czy" asks yes or no at the start of a clause
		// ("czy PO musi…?") and is "or" elsewhere ("PO czy PM").
		k := strings.TrimSpace(fs[1])
		head := strings.HasPrefix(k, "^")
		ws := strings.Fields(Normalize(strings.TrimPrefix(k, "^")))
		if len(ws) == 0 || len(ws) > maxGlossKey {
			errs = append(errs, fmt.Errorf("%s: %s word %q must be 1 to %d words", at(n), fs[0], k, maxGlossKey))
			continue
		}
		norm := strings.Join(ws, " ")
		if head {
			norm = "^" + norm
		}
		if prev, ok := typed[fs[0]+" "+norm]; ok {
			errs = append(errs, fmt.Errorf("%s: %s word %q reads as %q, like the word of line %d", at(n), fs[0], k, norm, prev))
			continue
		}
		typed[fs[0]+" "+norm] = n
		to := ""
		if v := strings.TrimSpace(fs[2]); v != "-" {
			tw := strings.Fields(Normalize(v))
			if len(tw) == 0 || len(tw) > maxGlossWords {
				errs = append(errs, fmt.Errorf("%s: the gloss of %s word %q must be 1 to %d words, or \"-\"", at(n), fs[0], k, maxGlossWords))
				continue
			}
			to = strings.Join(tw, " ")
		}
		words = append(words, word{lang: l - 1, line: n, key: k, head: head, ws: ws, to: to})
	}
	// Marks are read once every English word is known.
	for _, w := range words {
		gl := &g.langs[w.lang]
		if w.head {
			gl.head[w.ws[0]] = append(gl.head[w.ws[0]], gloss{rest: w.ws[1:], to: w.to})
			continue
		}
		gl.words[w.ws[0]] = append(gl.words[w.ws[0]], gloss{rest: w.ws[1:], to: w.to})
		if len(w.ws) == 1 && !isEnglishWord(w.ws[0], english) {
			g.marks[w.ws[0]] |= 1 << w.lang
		}
	}
	for i, gl := range g.langs {
		if len(gl.words)+len(gl.head) == 0 {
			errs = append(errs, fmt.Errorf("%s: language %q has no words", f.name, gl.code))
		}
		for _, m := range []map[string][]gloss{gl.words, gl.head} {
			for k, gs := range m {
				sort.SliceStable(gs, func(i, j int) bool { return len(gs[i].rest) > len(gs[j].rest) })
				m[k] = gs
			}
		}
		g.langs[i] = gl
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return g, nil
}

// isEnglishWord reports whether w, a word of a table, is also an English
// word: listed as one (or an English stop word), or a word of the English
// word list.
func isEnglishWord(w string, listed map[string]struct{}) bool {
	if _, ok := listed[w]; ok {
		return true
	}
	return english.has([]byte(w)) || english.hasForm([]byte(w))
}

// language returns the table norm is written in, or -1 for English.
func (g *glossary) language(norm []byte) int {
	if len(g.marks) == 0 {
		return -1
	}
	var counts [maxLanguages]int
	words := 0
	for len(norm) > 0 {
		var w []byte
		w, norm = cutWord(norm)
		if len(w) == 0 {
			continue
		}
		words++
		if m := g.marks[string(w)]; m != 0 {
			for l := range len(g.langs) {
				if m&(1<<l) != 0 {
					counts[l]++
				}
			}
		}
	}
	best, n := -1, 0
	for l := range len(g.langs) {
		if counts[l] > n {
			best, n = l, counts[l]
		}
	}
	if n >= 2 && 5*n >= words || n >= 1 && 2*n >= words {
		return best
	}
	return -1
}

// glossInto appends to dst the English reading of norm, written in
// language l, and moves the clause breaks (offsets into norm, each at the
// start of a word) to the words they start in the result. A phrase is not
// glossed across a break.
func (g *glossary) glossInto(dst []byte, norm []byte, l int, breaks []int32) []byte {
	table := g.langs[l].words
	// The words of norm, as offsets.
	type span struct{ from, to int }
	var buf [64]span
	spans := buf[:0]
	for i := 0; i < len(norm); {
		j := i
		for j < len(norm) && norm[j] != ' ' {
			j++
		}
		if j > i {
			spans = append(spans, span{i, j})
		}
		i = j + 1
	}
	b := 0 // the next break to move
	breakIn := func(from, to int) bool {
		for _, x := range breaks[b:] {
			if int(x) > from && int(x) < to {
				return true
			}
		}
		return false
	}
	for w := 0; w < len(spans); {
		// The breaks at this word start where its gloss does.
		at := len(dst)
		if at > 0 {
			at++
		}
		for b < len(breaks) && int(breaks[b]) <= spans[w].from {
			breaks[b] = int32(at)
			b++
		}
		first := norm[spans[w].from:spans[w].to]
		n, to, glossed := 1, "", false
		cands := table[string(first)]
		if hs, ok := g.langs[l].head[string(first)]; ok && (w == 0 || b > 0 && int(breaks[b-1]) == at) {
			cands = append(hs[:len(hs):len(hs)], cands...)
		}
		for _, gs := range cands {
			if w+len(gs.rest) >= len(spans) || breakIn(spans[w].from, spans[w+len(gs.rest)].to) {
				continue
			}
			match := true
			for k, r := range gs.rest {
				if string(norm[spans[w+1+k].from:spans[w+1+k].to]) != r {
					match = false
					break
				}
			}
			if match {
				n, to, glossed = 1+len(gs.rest), gs.to, true
				break
			}
		}
		switch {
		case !glossed:
			dst = appendWordTo(dst, first)
		case to != "":
			dst = appendWordTo(dst, to)
		}
		w += n
	}
	// Breaks past the last word, or before a last word whose gloss carried
	// nothing, end the text.
	for ; b < len(breaks); b++ {
		breaks[b] = int32(len(dst))
	}
	for i := range breaks {
		breaks[i] = min(breaks[i], int32(len(dst)))
	}
	return dst
}

// appendWordTo appends w to dst, after a space unless dst is empty.
func appendWordTo[T string | []byte](dst []byte, w T) []byte {
	if len(dst) > 0 {
		dst = append(dst, ' ')
	}
	return append(dst, w...)
}
