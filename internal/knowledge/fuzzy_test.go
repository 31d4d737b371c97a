package knowledge

import (
	"slices"
	"testing"
)

// correction is a case of speller.correct: word read as want, or left
// (ok false).
type correction struct {
	name, word, want string
	ok               bool
}

func checkCorrections(t *testing.T, s *speller, tests []correction) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := s.correct(&scratch{}, []byte(tt.word))
			if got != tt.want || ok != tt.ok {
				t.Errorf("correct(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestSpellerCorrects(t *testing.T) {
	words := map[string]string{"backlog": "backlog", "roadmap": "roadmap", "stakeholders": "stakeholder", "launch": "launch", "stories": "story", "owner": "owner"}
	df := map[string]int{"backlog": 5, "roadmap": 3, "stakeholders": 2, "launch": 1, "stories": 4, "owner": 9}
	s := newSpeller(words, df, 5, 2)
	tests := []correction{
		{"two letters swapped", "bakclog", "backlog", true},
		{"the last two letters swapped", "roadmpa", "roadmap", true},
		{"a letter dropped", "backog", "backlog", true},
		{"a letter added", "backlogg", "backlog", true},
		{"a letter replaced", "roadmep", "roadmap", true},
		{"two typos in a long word", "stakehodlrs", "stakeholder", true},
		{"a word stands for its stem", "stoires", "story", true},
		{"the second and third letters swapped in a short word", "onwer", "owner", true},
		{"a different first letter is another word", "paunch", "", false},
		{"a short word is not a longer known word cut short", "lanch", "launch", true},
		{"the second letter dropped in a short word", "bcklog", "backlog", true},
		{"the second letter dropped and the first changed", "vcklog", "", false},
		{"two typos in a short word are too many", "bcaklgo", "", false},
		{"a word under the shortest corrected", "rodm", "", false},
		{"a known word is its own correction", "backlog", "backlog", true},
		{"a word far from all is not corrected", "holiday", "", false},
		{"a letter typed twice in a short word", "ownner", "owner", true},
		{"the last letter typed twice in a short word", "ownerr", "owner", true},
		{"a short word's second letter hit on the key beside it", "lsunch", "launch", true},
		{"so in a short word of five", "oqner", "owner", true},
		{"a short word's second letter far from the one meant is another word", "lpunch", "", false},
	}
	checkCorrections(t, s, tests)
}

// TestNextKeys checks the QWERTY neighbours a thumb hits instead of the
// key meant: beside it in its row, or the two keys touching it in the
// row above or below.
func TestNextKeys(t *testing.T) {
	for _, tt := range []struct {
		a, b byte
		want bool
	}{
		{'u', 'i', true}, {'i', 'u', true}, {'r', 'f', true}, {'r', 'd', true}, {'a', 'q', true}, {'a', 'w', true},
		{'q', 'a', true}, {'x', 's', true}, {'s', 'x', true}, {'c', 'v', true}, {'m', 'j', true},
		{'r', 'g', false}, {'a', 'e', false}, {'u', 'u', false}, {'q', 'p', false}, {'a', 'z', true}, {'q', 'z', false}, {'e', '3', false},
	} {
		if got := nextKeys(tt.a, tt.b); got != tt.want {
			t.Errorf("nextKeys(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestSpellerDropsOnlyADoubledLetterOfAShortWord checks that a short word
// is read as a shorter known one only when the letter dropped doubles the
// one before it: "epiics" is "epics", "retrro" is "retro", but "epixcs"
// and "epices" are no "epics".
func TestSpellerDropsOnlyADoubledLetterOfAShortWord(t *testing.T) {
	words := map[string]string{"epics": "epic", "retro": "retro", "app": "app", "sales": "sale"}
	s := newSpeller(words, nil, 5, 2)
	checkCorrections(t, s, []correction{
		{"a middle letter typed twice", "epiics", "epic", true},
		{"a letter typed twice before the last", "retrro", "retro", true},
		{"the letter after a doubled one typed twice", "saless", "sale", true},
		{"a consonant typed twice", "epiccs", "epic", true},
		{"a letter added that doubles none", "epixcs", "", false},
		{"a vowel added that doubles none", "epices", "", false},
	})
}

func TestSpellerSwapsShortWords(t *testing.T) {
	words := map[string]string{"docs": "doc", "team": "team", "epic": "epic", "fram": "fram", "from": "from", "backlog": "backlog"}
	df := map[string]int{"docs": 3, "team": 9, "epic": 4, "fram": 1, "from": 1, "backlog": 5}
	s := newSpeller(words, df, 5, 2)
	s.swapLen = 4
	tests := []correction{
		{"two letters swapped in a four-letter word", "dcos", "doc", true},
		{"a letter replaced is no swap", "teme", "", false},
		{"the last two letters swapped", "tema", "team", true},
		{"the third and fourth swapped", "epci", "epic", true},
		{"an English word is not swapped into a known one", "farm", "", false},
		{"nor is a known word's anagram that is English", "form", "", false},
		{"a letter replaced in a four-letter word is left", "doks", "", false},
		{"the first letter is kept", "odcs", "", false},
		{"a three-letter word is left", "tae", "", false},
	}
	checkCorrections(t, s, tests)
	plain := newSpeller(words, df, 5, 2)
	if got, ok := plain.correct(&scratch{}, []byte("dcos")); ok {
		t.Errorf("without swapLen, correct(%q) = %q; want no correction", "dcos", got)
	}
}

// TestSpellerCandidatesReachEveryWord checks the hashed deletion table of
// the built-in engine's spellers: every one-letter deletion of a known word
// (and every two-letter deletion from eight letters) leads back to it.
func TestSpellerCandidatesReachEveryWord(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(b)
	for name, s := range map[string]*speller{"terms": e.spell, "stop words": e.stops, "cues": e.cueSpell} {
		checked := 0
		for i, w := range s.words {
			if len(w) < 3 || len(w) > 24 || !ascii([]byte(w)) {
				continue
			}
			for j := range len(w) {
				d1 := w[:j] + w[j+1:]
				if !slices.Contains(s.candidates([]byte(d1)), int32(i)) {
					t.Fatalf("%s: deletion %q does not lead to %q", name, d1, w)
				}
				checked++
				if len(w) < 8 || s.maxDist < 2 {
					continue
				}
				for k := range len(d1) {
					if d2 := d1[:k] + d1[k+1:]; !slices.Contains(s.candidates([]byte(d2)), int32(i)) {
						t.Fatalf("%s: deletion %q does not lead to %q", name, d2, w)
					}
				}
			}
		}
		if checked < 1000 && name != "stop words" {
			t.Errorf("%s: only %d deletions checked", name, checked)
		}
	}
}

// TestSpellerInsertsALetterInAFourLetterWord checks the reading of a word
// of four letters as a known word of five with a letter dropped after the
// first: "sles" is "sales", but an English word ("plan") is itself, and a
// letter missing at the start is not put back.
func TestSpellerInsertsALetterInAFourLetterWord(t *testing.T) {
	words := map[string]string{"sales": "sale", "epics": "epic", "plain": "plain", "asked": "ask"}
	df := map[string]int{"sales": 2, "epics": 1, "plain": 1, "asked": 1}
	s := newSpeller(words, df, 5, 2)
	tests := []wordID{
		{"sles", "sales", true},
		{"epcs", "epics", true},
		{"epis", "epics", true},
		{"plan", "", false},
		{"sked", "", false},
		{"sal", "", false},
		{"saless", "", false},
	}
	checkWordIDs(t, s, "inserted", s.inserted, tests)
}

// wordID is a case of a speller method that returns a word's id: word
// read as want, or left (ok false).
type wordID struct {
	word, want string
	ok         bool
}

func checkWordIDs(t *testing.T, s *speller, name string, read func(*scratch, []byte) (int32, bool), tests []wordID) {
	t.Helper()
	for _, tt := range tests {
		id, ok := read(&scratch{}, []byte(tt.word))
		got := ""
		if ok {
			got = s.words[id]
		}
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s(%q) = %q, %v; want %q, %v", name, tt.word, got, ok, tt.want, tt.ok)
		}
	}
}

// TestSpellerReplacesAKeyInAFourLetterWord checks that a four-letter word
// that is no English word is read as the known word it is with one letter
// after the first put back where a thumb hit the key beside it.
func TestSpellerReplacesAKeyInAFourLetterWord(t *testing.T) {
	words := map[string]string{"team": "team", "role": "role", "epics": "epic", "user": "user"}
	s := newSpeller(words, nil, 5, 2)
	checkWordIDs(t, s, "replaced", s.replaced, []wordID{
		{"tdam", "team", true}, // d beside e
		{"rooe", "role", true}, // o above l
		{"usee", "user", true}, // e beside r
		{"tram", "", false},    // an English word stays itself
		{"tzam", "", false},    // z is far from e
		{"ream", "", false},    // the first letter is kept (and "ream" is English)
		{"team", "", false},    // no letter changed, nothing to put back
		{"tdamm", "", false},   // not four letters
	})
}
