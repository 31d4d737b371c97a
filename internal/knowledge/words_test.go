package knowledge

import (
	"strings"
	"testing"
)

func TestEnglishWordList(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(englishText, "\n"), "\n")
	if len(lines) < 50000 {
		t.Fatalf("words/english.txt holds %d words, want the whole list", len(lines))
	}
	for i, w := range lines {
		if len(w) < 4 || len(w) > 16 || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
			t.Fatalf("words/english.txt:%d: %q is not a lowercase word of 4 to 16 letters", i+1, w)
		}
		if i > 0 && lines[i-1] >= w {
			t.Fatalf("words/english.txt:%d: %q is out of order or repeated after %q", i+1, w, lines[i-1])
		}
	}
	for _, i := range []int{0, 1, len(lines) / 3, len(lines) / 2, len(lines) - 2, len(lines) - 1} {
		if !english.has([]byte(lines[i])) {
			t.Errorf("has(%q) = false for the word on line %d", lines[i], i+1)
		}
	}
}

func TestDictionary(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"compliance", true},
		{"staging", true},
		{"stories", true},
		{"organised", true},
		{"organized", true},
		{"stoires", false},
		{"baclog", false},
		{"prodcut", false},
		{"", false},
		{"aaaaa", false},
		{"zzzzzzzz", false},
		{"Compliance", false}, // questions are lower-cased before the look-up
	}
	for _, tt := range tests {
		if got := english.has([]byte(tt.word)); got != tt.want {
			t.Errorf("has(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
	small := dictionary("apple\nbanana\ncherry")
	for _, w := range []string{"apple", "banana", "cherry"} {
		if !small.has([]byte(w)) {
			t.Errorf("a three-word list does not find %q", w)
		}
	}
	for _, w := range []string{"aardvark", "apples", "bananas", "blueberry", "zucchini", "cherr"} {
		if small.has([]byte(w)) {
			t.Errorf("a three-word list finds %q", w)
		}
	}
}

func TestDictionaryForms(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"integration", true},
		{"integrations", true}, // the list leaves the plural out
		{"processes", true},
		{"integratons", false},
		{"iteratoins", false},
		{"glass", true},
		{"glasss", false}, // no plural of a word ending in s
		{"farm", false},   // four-letter words serve the speller's swaps only
	}
	for _, tt := range tests {
		if got := english.hasForm([]byte(tt.word)); got != tt.want {
			t.Errorf("hasForm(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
	if !english.has([]byte("farm")) {
		t.Error(`has("farm") = false: the list should hold four-letter words`)
	}
	if english.has([]byte("integrations")) {
		t.Fatal(`the list now holds "integrations": pick another plural it leaves out`)
	}
}

func BenchmarkDictionary(b *testing.B) {
	w := []byte("compliance")
	b.ReportAllocs()
	for b.Loop() {
		if !english.has(w) {
			b.Fatal("not found")
		}
	}
}

// TestEnglishWordsAreNotCorrected checks that the engine corrects typos but
// leaves English words it does not know as they are: "plants" is not a
// typo of "plans", nor "compliance" of "complaints".
func TestEnglishWordsAreNotCorrected(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(b)
	tests := []struct {
		q     string
		fuzzy bool
	}{
		{"who waters the plants", false},
		{"who owns partner integrations", false}, // not "iterations"
		{"who reviews the archtecture", true},
		// In another language a word is no typo of an outside subject.
		{"quem define os requisitos do produto?", false},
		{"who keeps the staging environment alive", false},
		{"who owns the baclog", true},
		{"who writes the user stoires", true},
		{"who writes the dcos", true},        // a four-letter word, two letters swapped
		{"who runs the farm shop", false},    // not "fram"
		{"what dose a pm do all day", false}, // a stop word's typo is dropped, not corrected into a term
	}
	for _, tt := range tests {
		sc := e.newScratch()
		e.analyze(sc, tt.q, true)
		fuzzy := false
		for _, q := range sc.qterms {
			fuzzy = fuzzy || q.fuzzy
		}
		if fuzzy != tt.fuzzy {
			t.Errorf("analyze(%q) corrected a word: %v, want %v", tt.q, fuzzy, tt.fuzzy)
		}
	}
}
