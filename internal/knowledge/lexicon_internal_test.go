package knowledge

import (
	"slices"
	"strings"
	"testing"
)

// TestBuiltinOutsideIsActive checks that every built-in outside word or
// phrase is in force: one that an entry uses stops being outside (so that a
// team's own entries can cover a subject), and a built-in one that does so
// is a mistake of the built-in data, silently doing nothing.
func TestBuiltinOutsideIsActive(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(b)
	active := map[int32]bool{}
	for _, ps := range e.full {
		for _, p := range ps {
			if p.kind == phraseOutside {
				active[p.id] = true
			}
		}
	}
	for first, ps := range e.lex.full {
		for _, p := range ps {
			if p.kind != phraseOutside {
				continue
			}
			for _, q := range ps {
				if q.kind != phraseOutside && q.kind != phraseFiller && slices.Equal(q.rest, p.rest) {
					t.Errorf("data/synonyms.yaml: outside %q is also a phrase of the lexicon (%q): it cannot be both", e.lex.file.Outside[p.id], strings.Join(append([]string{first}, p.rest...), " "))
				}
			}
		}
	}
	for i, v := range e.lex.file.Outside {
		if !active[int32(i)] {
			t.Errorf("data/synonyms.yaml: outside %q is used by an entry, so it is not outside: drop it or say it in other words", v)
		}
	}
}

// TestEverydayPhrasesKeepEntryKeywords checks that no everyday phrase reads
// an entry's own words as another entry's: "day in day out" without its stop
// words is "day day", which is also "day to day", so the entry about
// day-to-day work was read as the one about working closely with the
// developers. Every term an entry's question, paraphrases, keywords and topic
// gain from everyday phrases must be one its own words, answer included,
// give it plainly.
func TestEverydayPhrasesKeepEntryKeywords(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(b)
	sc := e.newScratch()
	terms := func(text string, plain bool) []string {
		e.plain = plain
		defer func() { e.plain = false }()
		e.analyze(sc, text, false)
		var ts []string
		for _, q := range sc.qterms {
			ts = append(ts, string(sc.terms[q.span[0]:q.span[1]]))
		}
		return ts
	}
	for _, en := range b.entries {
		texts := append(append([]string{en.Question, en.Topic}, en.Paraphrases...), en.Keywords...)
		own := map[string]bool{}
		for _, tx := range append(slices.Clone(texts), sidesText(en)...) {
			for _, w := range terms(tx, true) {
				own[w] = true
			}
		}
		for _, tx := range texts {
			for _, w := range terms(tx, false) {
				if !own[w] {
					t.Errorf("data/phrasing.yaml: an everyday phrase reads %q (of entry %s) as %q, a word the entry does not use: say the phrase in other words", tx, en.ID, w)
				}
			}
		}
	}
}

// TestForeignWordsReadAsNoTerm checks that no function word of another
// language stems to a one-word synonym of the lexicon: Portuguese "qual"
// (which) once read as "quals", qualifications, and so as skills.
func TestForeignWordsReadAsNoTerm(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	lx := NewEngine(b).lex
	for w := range lx.foreign {
		st := string(lx.stem(nil, []byte(w)))
		for _, p := range lx.full[st] {
			if p.kind == phraseTerm && len(p.rest) == 0 {
				t.Errorf("foreign word %q stems to %q, a variant of the term %q", w, st, p.term)
			}
		}
	}
}
