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
// at too many entries to decide a match on their own; filler phrases are
// chatter dropped as a whole ("new here", "Full Scale"); keep words are left
// unstemmed ("marketing" is not "market"); outside words and phrases name
// subjects the base does not cover ("salary", "scrum master").
type lexiconFile struct {
	Synonyms []synonymDef `yaml:"synonyms"`
	Stop     []string     `yaml:"stop"`
	Filler   []string     `yaml:"filler"`
	Keep     []string     `yaml:"keep"`
	Weak     []string     `yaml:"weak"`
	Roles    []string     `yaml:"roles"`
	Outside  []string     `yaml:"outside"`
	Foreign  []string     `yaml:"foreign"`

	name  string         // file name, for errors
	lines map[string]int // line of each item, by path ("synonyms.3.variants.1")

	// phrasing is data/phrasing.yaml (or a team's own), read beside this
	// file; nil reads questions without everyday phrases or cues.
	phrasing *phrasingFile
	// glossary is data/glossary.tsv (or a team's own), read beside this
	// file; nil glosses no other language.
	glossary *glossaryFile
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

// What a phrase stands for.
const (
	phraseTerm     = iota // a synonym: read as its term
	phraseFiller          // chatter: dropped
	phraseOutside         // a subject the base does not cover
	phraseEveryday        // an everyday phrase: read as the terms of its meaning
)

// phrase is a synonym variant, a filler or an outside phrase of one or more
// stems.
type phrase struct {
	rest []string // stems after the first
	term string
	kind int8
	id   int32 // of an outside phrase: its index in the outside list; of an everyday phrase, in means
}

// lexicon is the compiled lexiconFile. Phrases are matched twice: first on
// the words as written, stop words included ("go to market", "reports to",
// "new here"), then on the words left once stop words are gone ("owner of
// the product" meets "owner of our product").
type lexicon struct {
	file *lexiconFile
	// full holds every variant, filler and outside phrase with its stop
	// words, by first stem, longest first.
	full map[string][]phrase
	// phrases holds the variants without their stop words, by first stem,
	// longest first. A variant that keeps a single word once its stop words
	// are gone is not here: "go to market" must not make every "market" a
	// launch.
	phrases map[string][]phrase
	stop    map[string]struct{}
	late    map[string]struct{}
	weak    map[string]struct{}
	roles   map[string]struct{}
	keep    map[string]struct{}
	// foreign holds the function words of other languages than English
	// (Normalize folds their accents): a message that uses one is not
	// written in English.
	foreign map[string]struct{}
	// means holds what each everyday phrase means, as written; the engine
	// reads them into terms.
	means []string
	cues  *cueTable
	// gloss reads messages written in other languages (gloss.go).
	gloss *glossary
	// outsideWord holds, for each outside phrase of one word, that word as
	// written ("" for a longer phrase): it is matched on stems, but a word
	// that only shares its stem is no inflection of it ("grad" is no
	// "grading", "ahaed" no "aha").
	outsideWord []string
}

// englishStop are function words and question framing that never decide a
// match. They are dropped before synonyms are matched, from questions and
// variants alike, so "evaluates the progress" meets "evaluate progress".
// Words that carry meaning in this domain are not here, although they look
// like framing: "need" and "both" ("do I need both?"), "also" ("can the PM
// also be the PO?"), "under" ("does the PO work under the PM?"), "ask",
// "questions" and "before" ("what questions do I ask before hiring?"),
// "already" ("is someone already doing the PO's job?").
var englishStop = strings.Fields(`
a about above after again against all am an and any are aren as at be because been being
below between but by can cannot could couldn did didn do does doesn doing don down during each
few for from further get gets got had hadn has hasn have haven having he her here hers herself him
himself his how i if in into is isn it its itself just let lets me more most much mustn my myself
no nor not now of off on once only or other ought our ours ourselves out over own owns owned owning
shan she should shouldn so some such than that thats the their theirs
them themselves then there these they this those through to too until up very was wasn we
were weren what whats when where which while who whos whom why will with won would wouldn you your
yours yourself yourselves s t d ll m re ve y hey hi hello please thanks thank pls plz ok okay rolecall
tell know want wondering quick anyone someone somebody us usually typically
generally actually really exactly like mean means thing things stuff kind sort whose
around lot lots see say says said something anything everything maybe still yet else etc
`)

// lateStop words are dropped only after synonyms are matched: they take part
// in "product owner" and "product manager", but alone they are not a role.
var lateStop = []string{"owner", "owners", "manager", "managers", "mgr"}

func newLexicon(f *lexiconFile) (*lexicon, error) {
	if f == nil {
		f = &lexiconFile{}
	}
	lx := &lexicon{file: f, full: map[string][]phrase{}, phrases: map[string][]phrase{}, stop: map[string]struct{}{},
		late: map[string]struct{}{}, weak: map[string]struct{}{}, roles: map[string]struct{}{}, keep: map[string]struct{}{},
		foreign: map[string]struct{}{}}
	for _, w := range f.Foreign {
		for _, x := range strings.Fields(Normalize(w)) {
			lx.foreign[x] = struct{}{}
		}
	}
	// Keep words first: everything after stems through lx.stem.
	for _, w := range f.Keep {
		for _, x := range strings.Fields(Normalize(w)) {
			lx.keep[x] = struct{}{}
		}
	}
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
		lx.late[string(lx.stem(nil, []byte(w)))] = struct{}{}
	}
	var errs []error
	// words returns the stems of a phrase, all of them and without stop words.
	words := func(v string) (all, content []string) {
		for _, w := range strings.Fields(Normalize(v)) {
			st := lx.stem(nil, []byte(w))
			all = append(all, string(st))
			if !lx.isStop([]byte(w), st) {
				content = append(content, string(st))
			}
		}
		return all, content
	}
	add := func(m map[string][]phrase, stems []string, term string, kind int8, id int) {
		m[stems[0]] = append(m[stems[0]], phrase{rest: stems[1:], term: term, kind: kind, id: int32(id)})
	}
	for i, s := range f.Synonyms {
		term := string(lx.stem(nil, []byte(Normalize(s.Term))))
		if term == "" || strings.Contains(term, " ") {
			errs = append(errs, fmt.Errorf("%s: term %q must be one word", f.at(fmt.Sprintf("synonyms.%d.term", i)), s.Term))
			continue
		}
		for j, v := range s.Variants {
			all, content := words(v)
			if len(content) == 0 {
				errs = append(errs, fmt.Errorf("%s: variant %q of %q is made of stop words only", f.at(fmt.Sprintf("synonyms.%d.variants.%d", i, j)), v, s.Term))
				continue
			}
			add(lx.full, all, term, phraseTerm, 0)
			if len(content) == len(all) || len(content) >= 2 {
				add(lx.phrases, content, term, phraseTerm, 0)
			}
		}
	}
	if pf := f.phrasing; pf != nil {
		for i, d := range pf.Everyday {
			if len(strings.Fields(Normalize(d.Means))) == 0 {
				errs = append(errs, fmt.Errorf("%s: everyday phrases without a meaning", pf.at(fmt.Sprintf("everyday.%d", i))))
				continue
			}
			id := len(lx.means)
			lx.means = append(lx.means, d.Means)
			for j, v := range d.Phrases {
				all, content := words(v)
				if len(all) == 0 {
					errs = append(errs, fmt.Errorf("%s: everyday phrase %q has no words", pf.at(fmt.Sprintf("everyday.%d.phrases.%d", i, j)), v))
					continue
				}
				add(lx.full, all, "", phraseEveryday, id)
				if len(content) >= 2 && len(content) < len(all) {
					add(lx.phrases, content, "", phraseEveryday, id)
				}
			}
		}
	}
	cues, cerr := newCueTable(f.phrasing)
	if cerr != nil {
		errs = append(errs, cerr)
	}
	lx.cues = cues
	gloss, gerr := newGlossary(f.glossary)
	if gerr != nil {
		errs = append(errs, gerr)
	}
	lx.gloss = gloss
	for i, v := range f.Filler {
		all, _ := words(v)
		if len(all) == 0 {
			errs = append(errs, fmt.Errorf("%s: filler %q has no words", f.at(fmt.Sprintf("filler.%d", i)), v))
			continue
		}
		add(lx.full, all, "", phraseFiller, 0)
	}
	lx.outsideWord = make([]string, len(f.Outside))
	for i, v := range f.Outside {
		if ws := strings.Fields(Normalize(v)); len(ws) == 1 {
			lx.outsideWord[i] = ws[0]
		}
		all, content := words(v)
		if len(content) == 0 {
			errs = append(errs, fmt.Errorf("%s: outside phrase %q is made of stop words only", f.at(fmt.Sprintf("outside.%d", i)), v))
			continue
		}
		add(lx.full, all, "", phraseOutside, i)
	}
	for _, m := range []map[string][]phrase{lx.full, lx.phrases} {
		for k, ps := range m {
			sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].rest) > len(ps[j].rest) })
			m[k] = ps
		}
	}
	for _, w := range f.Weak {
		for _, x := range strings.Fields(Normalize(w)) {
			lx.weak[string(lx.stem(nil, []byte(x)))] = struct{}{}
		}
	}
	for _, w := range f.Roles {
		r := string(lx.stem(nil, []byte(Normalize(w))))
		lx.roles[r] = struct{}{}
		lx.weak[r] = struct{}{}
	}
	return lx, errors.Join(errs...)
}

// stem is the package's stem, except for keep words, which stay as written.
func (lx *lexicon) stem(dst, w []byte) []byte {
	if _, ok := lx.keep[string(w)]; ok {
		return append(dst, w...)
	}
	return stem(dst, w)
}

func (lx *lexicon) addStop(w string) {
	if w == "" {
		return
	}
	lx.stop[w] = struct{}{}
	lx.stop[string(lx.stem(nil, []byte(w)))] = struct{}{}
}

func (lx *lexicon) isStop(raw, st []byte) bool {
	if _, ok := lx.stop[string(raw)]; ok {
		return true
	}
	_, ok := lx.stop[string(st)]
	return ok
}

// stopWord reports whether w, as written, is a stop word.
func (lx *lexicon) stopWord(w string) bool {
	_, ok := lx.stop[w]
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
