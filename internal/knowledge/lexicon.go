package knowledge

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// lexiconFile is data/synonyms.yaml: how words are canonicalised before
// matching. Variants (words or phrases) map to one term; stop words carry no
// meaning for matching; weak words (the role names, "product", "team") point
// at too many entries to decide a match on their own.
type lexiconFile struct {
	Synonyms []synonymDef `yaml:"synonyms"`
	Stop     []string     `yaml:"stop"`
	Weak     []string     `yaml:"weak"`
	Roles    []string     `yaml:"roles"`

	name  string         // file name, for errors
	lines map[string]int // line of each item, by path ("synonyms.3.variants.1")
}

// at names the place of the item at path, as file:line.
func (f *lexiconFile) at(path string) string {
	if n, ok := f.lines[path]; ok {
		return fmt.Sprintf("%s:%d", f.name, n)
	}
	return f.name
}

type synonymDef struct {
	Term     string   `yaml:"term"`
	Variants []string `yaml:"variants"`
}

// phrase is a synonym variant of one or more stems.
type phrase struct {
	rest []string // stems after the first
	term string
}

// lexicon is the compiled lexiconFile.
type lexicon struct {
	file    *lexiconFile
	phrases map[string][]phrase // by first stem, longest first
	stop    map[string]struct{}
	late    map[string]struct{}
	weak    map[string]struct{}
	roles   map[string]struct{}
}

// englishStop are function words and question framing that never decide a
// match. They are dropped before synonyms are matched, from questions and
// variants alike, so "evaluates the progress" meets "evaluate progress".
var englishStop = strings.Fields(`
a about above after again against all am an and any are aren as at be because been before being
below between but by can cannot could couldn did didn do does doesn doing don down during each
few for from further get gets got had hadn has hasn have haven having he her here hers herself him
himself his how i if in into is isn it its itself just let lets me more most mustn my myself no nor
not now of off on once only or other ought our ours ourselves out over own owns owned owning
shan she should shouldn so some such than that thats the their theirs
them themselves then there these they this those through to too under until up very was wasn we
were weren what whats when where which while who whos whom why will with won would wouldn you your
yours yourself yourselves s t d ll m re ve y hey hi hello please thanks thank pls plz ok okay rolecall
tell know want wondering question ask asking quick anyone someone somebody us usually typically
generally actually really also exactly like mean means thing things stuff kind sort whose
around lot lots see say says said something anything everything maybe still yet already else etc
`)

// lateStop words are dropped only after synonyms are matched: they take part
// in "product owner" and "product manager", but alone they are not a role.
var lateStop = []string{"owner", "owners", "manager", "managers", "mgr"}

func newLexicon(f *lexiconFile) (*lexicon, error) {
	if f == nil {
		f = &lexiconFile{}
	}
	lx := &lexicon{file: f, phrases: map[string][]phrase{}, stop: map[string]struct{}{}, late: map[string]struct{}{}, weak: map[string]struct{}{}, roles: map[string]struct{}{}}
	for _, w := range englishStop {
		lx.addStop(w)
	}
	for _, w := range f.Stop {
		for _, x := range strings.Fields(Normalize(w)) {
			lx.addStop(x)
		}
	}
	for _, w := range lateStop {
		lx.late[w] = struct{}{}
		lx.late[string(stem(nil, []byte(w)))] = struct{}{}
	}
	var errs []error
	for i, s := range f.Synonyms {
		term := string(stem(nil, []byte(Normalize(s.Term))))
		if term == "" || strings.Contains(term, " ") {
			errs = append(errs, fmt.Errorf("%s: term %q must be one word", f.at(fmt.Sprintf("synonyms.%d.term", i)), s.Term))
			continue
		}
		for j, v := range s.Variants {
			var stems []string
			for _, w := range strings.Fields(Normalize(v)) {
				st := stem(nil, []byte(w))
				if !lx.isStop([]byte(w), st) {
					stems = append(stems, string(st))
				}
			}
			if len(stems) == 0 {
				errs = append(errs, fmt.Errorf("%s: variant %q of %q is made of stop words only", f.at(fmt.Sprintf("synonyms.%d.variants.%d", i, j)), v, s.Term))
				continue
			}
			lx.phrases[stems[0]] = append(lx.phrases[stems[0]], phrase{rest: stems[1:], term: term})
		}
	}
	for k, ps := range lx.phrases {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].rest) > len(ps[j].rest) })
		lx.phrases[k] = ps
	}
	for _, w := range f.Weak {
		for _, x := range strings.Fields(Normalize(w)) {
			lx.weak[string(stem(nil, []byte(x)))] = struct{}{}
		}
	}
	for _, w := range f.Roles {
		r := string(stem(nil, []byte(Normalize(w))))
		lx.roles[r] = struct{}{}
		lx.weak[r] = struct{}{}
	}
	return lx, errors.Join(errs...)
}

func (lx *lexicon) addStop(w string) {
	if w == "" {
		return
	}
	lx.stop[w] = struct{}{}
	lx.stop[string(stem(nil, []byte(w)))] = struct{}{}
}

func (lx *lexicon) isStop(raw, st []byte) bool {
	if _, ok := lx.stop[string(raw)]; ok {
		return true
	}
	_, ok := lx.stop[string(st)]
	return ok
}

func (lx *lexicon) isLate(st []byte) bool {
	_, ok := lx.late[string(st)]
	return ok
}

func (lx *lexicon) isRole(term string) bool {
	_, ok := lx.roles[term]
	return ok
}

func (lx *lexicon) isWeak(term string) bool {
	_, ok := lx.weak[term]
	return ok
}

// stem appends a light stem of the lower-case word w to dst: plurals, -ing,
// -ed, a few derivational endings and a final e go, so that "prioritising",
// "prioritized" and "priorities" meet. The same function runs over the
// entries and the questions, so consistency matters more than linguistics.
func stem(dst, w []byte) []byte {
	n := len(w)
	start := len(dst)
	dst = append(dst, w...)
	if n <= 3 || !ascii(w) {
		return dst
	}
	s := dst[start:]
	has := func(suf string) bool { return len(s) > len(suf) && string(s[len(s)-len(suf):]) == suf }
	cut := func(k int) { s = s[:len(s)-k] }
	switch {
	case has("ies") && len(s) > 4:
		cut(3)
		s = append(s, 'y')
	case has("sses"):
		cut(2)
	case has("xes"), has("ches"), has("shes"), has("zes"):
		cut(2)
	case has("s") && !has("ss") && !has("us") && !has("is"):
		cut(1)
	}
	switch {
	case has("ing") && len(s) >= 6:
		cut(3)
		s = undouble(s)
	case has("ed") && len(s) >= 5:
		cut(2)
		s = undouble(s)
	}
	switch {
	case has("ization"), has("isation"):
		cut(5)
	case has("ation") && len(s) >= 9:
		cut(5)
	case has("ment") && len(s) >= 8:
		cut(4)
	case has("ise") && len(s) >= 6:
		cut(2)
		s = append(s, 'z')
	}
	if has("e") && len(s) >= 5 {
		cut(1)
	}
	if has("is") && len(s) >= 7 && !has("sis") {
		cut(1)
		s = append(s, 'z')
	}
	return dst[:start+len(s)]
}

func undouble(s []byte) []byte {
	n := len(s)
	if n >= 4 && s[n-1] == s[n-2] {
		switch s[n-1] {
		case 'l', 's', 'z', 'a', 'e', 'i', 'o', 'u':
			return s
		}
		return s[:n-1]
	}
	return s
}

func ascii(w []byte) bool {
	for _, c := range w {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
