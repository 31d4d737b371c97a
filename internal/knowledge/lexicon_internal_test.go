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
