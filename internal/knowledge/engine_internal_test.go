package knowledge

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestAnswersNeedsLessForARoleQuestion checks the two thresholds: a
// question whose form asks which role is answered from formThreshold when
// it holds few words the base does not know, any other from threshold.
func TestAnswersNeedsLessForARoleQuestion(t *testing.T) {
	e := &Engine{}
	tests := []struct {
		name    string
		shape   Shape
		unknown int
		conf    float64
		want    bool
	}{
		{"a duty question just under threshold is answered", ShapeDuty, 0, threshold - 0.02, true},
		{"an either/or question at formThreshold is answered", ShapeChoice, 1, formThreshold, true},
		{"a yes/no question under formThreshold is not", ShapeYesNo, 0, formThreshold - 0.01, false},
		{"a duty question with many unknown words needs threshold", ShapeDuty, maxUnknownForm + 1, threshold - 0.02, false},
		{"the same question at threshold is answered", ShapeDuty, maxUnknownForm + 1, threshold, true},
		{"a definition just under threshold is not answered", ShapeDefinition, 0, threshold - 0.02, false},
		{"a question of no shape just under threshold is not answered", ShapeOther, 0, threshold - 0.02, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := &scratch{shape: tt.shape, unknown: tt.unknown}
			if got := e.answers(sc, tt.conf); got != tt.want {
				t.Errorf("answers(%s, %d unknown, %.2f) = %v, want %v", tt.shape, tt.unknown, tt.conf, got, tt.want)
			}
		})
	}
}

// TestInflects checks which words as written an outside word of one word
// stands for: its inflections, not every word with its stem.
func TestInflects(t *testing.T) {
	tests := []struct {
		x, w string
		want bool
	}{
		{"salary", "salary", true},
		{"timesheets", "timesheet", true},
		{"salaries", "salary", true},
		{"interviewing", "interview", true},
		{"graded", "grade", true},
		{"salary", "salaries", true},
		{"grade", "grading", true},
		{"certify", "certified", true},
		{"anything", "", true},
		{"grad", "grading", false},
		{"seat", "seating", false},
		{"ahaed", "aha", false},
		{"build", "building", false},
	}
	for _, tt := range tests {
		if got := inflects([]byte(tt.x), tt.w); got != tt.want {
			t.Errorf("inflects(%q, %q) = %v, want %v", tt.x, tt.w, got, tt.want)
		}
	}
}

// TestDutyEntriesAreReadByTheirForm checks which entries ask who does
// something (Engine.dutyEntry, see attributeUnasked): their question is read
// as a question's form is, so a team's "Whose job is…?" is one as "Who
// owns…?" is, and a question about what a role needs is not.
func TestDutyEntriesAreReadByTheirForm(t *testing.T) {
	b := builtinBase(t)
	team, err := b.Override(fstest.MapFS{
		"sources.yaml": {Data: []byte("sources:\n  - key: handbook\n    title: Team handbook\n    author: Our team\n    file: handbook.md\n")},
		"entries/team.yaml": {Data: []byte(`entries:
  - id: coffee-machine
    topic: The coffee machine
    question: Whose job is the coffee machine?
    owner: shared
    answer: Everyone cleans up after themselves.
    sources: [{ref: handbook, section: Office}]
  - id: coffee-rota
    topic: The coffee rota
    question: What is the coffee rota?
    owner: shared
    answer: A list of who buys the beans each week.
    sources: [{ref: handbook, section: Office}]
`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(team)
	for id, want := range map[string]bool{
		"product-backlog":   true,  // Who owns the product backlog?
		"strategic-thinker": true,  // Which role is the strategic one?
		"day-to-day-work":   true,  // Who handles the day-to-day work, the PO or the PM?
		"coffee-machine":    true,  // Whose job is the coffee machine?
		"po-skills":         false, // What skills does a product owner need?
		"hierarchy":         false, // Is there a hierarchy between …?
		"hiring-kpis":       false, // Which KPIs should guide the decision…?
		"technical-skills":  false, // Do product owners and product managers need technical skills?
		"coffee-rota":       false,
	} {
		d := slices.IndexFunc(e.entries, func(en *Entry) bool { return en.ID == id })
		if d < 0 {
			t.Fatalf("no entry %q", id)
		}
		if got := e.dutyEntry[d]; got != want {
			t.Errorf("%s (%q): asks who does something = %v, want %v", id, e.entries[d].Question, got, want)
		}
	}
}

// TestFourLetterTypoIsPutBackOnlyInEnglish checks that a word of four
// letters the base does not know is read as a known word of five with a
// letter dropped ("sles" as "sales") in English, while in a message in
// another language it is that language's word: German "oder" is no typo of
// "order".
func TestFourLetterTypoIsPutBackOnlyInEnglish(t *testing.T) {
	e := NewEngine(builtinBase(t))
	sc := e.newScratch()
	tests := []struct {
		q, term string
		want    bool
	}{
		{"who works with sles?", "sale", true},
		{"User Stories schreibt der PO, oder?", "priority", false},
		{"PO oder PM?", "priority", false},
	}
	for _, tt := range tests {
		e.query(sc, tt.q)
		got := false
		for _, q := range sc.qterms {
			got = got || string(sc.terms[q.span[0]:q.span[1]]) == tt.term
		}
		if got != tt.want {
			t.Errorf("%q reads the term %q: %v, want %v", tt.q, tt.term, got, tt.want)
		}
	}
}

// TestTooLongCountsRunesNotBytes checks the bounds tooLong reads without
// counting: more bytes than a rune can take is too long, fewer bytes than
// the limit is not, and in between the runes are counted.
func TestTooLongCountsRunesNotBytes(t *testing.T) {
	tests := []struct {
		name string
		q    string
		want bool
	}{
		{"ASCII at the limit", strings.Repeat("a", MaxQuestionRunes), false},
		{"ASCII one over", strings.Repeat("a", MaxQuestionRunes+1), true},
		{"four-byte runes at the limit, the most bytes that may pass", strings.Repeat("😀", MaxQuestionRunes), false},
		{"four-byte runes one over", strings.Repeat("😀", MaxQuestionRunes+1), true},
		{"two-byte runes at the limit", strings.Repeat("é", MaxQuestionRunes), false},
		{"invalid bytes count one rune each", strings.Repeat("\xff", MaxQuestionRunes+1), true},
		{"a 50 KB paste", strings.Repeat("roadmap ", 6400), true},
	}
	for _, tt := range tests {
		if got := tooLong(tt.q); got != tt.want {
			t.Errorf("%s: tooLong = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestDropsIng checks which cue words a typo ending in -ng may not be read
// as: a form without the ending.
func TestDropsIng(t *testing.T) {
	tests := []struct {
		raw, cw string
		want    bool
	}{
		{"prioritisng", "prioritise", true},
		{"schedulng", "schedule", true},
		{"writng", "writing", false},
		{"vcation", "vacation", false},
		{"meetng", "meeting", false},
	}
	for _, tt := range tests {
		if got := dropsIng([]byte(tt.raw), tt.cw); got != tt.want {
			t.Errorf("dropsIng(%q, %q) = %v, want %v", tt.raw, tt.cw, got, tt.want)
		}
	}
}

// TestProductNames checks which words the engine reads as a product's
// name: words neither reader has seen, before a product's head or ending
// a clause after "for", "in", "on", "of", "about" or "at" (with the words
// that lead to them), and no word of the language the classifier learned
// from.
func TestProductNames(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(b)
	tests := []struct {
		q    string
		want []string
	}{
		{"who writes user stories for ferrylink?", []string{"for", "ferrylink"}},
		{"who sets the roadmap for the quillr", []string{"for", "the", "quillr"}},
		{"who owns the zorblax backlog", []string{"zorblax"}},
		{"who owns the roadmap in the brewdeck team", []string{"brewdeck"}},
		{"who talks to customers about brewdeck?", []string{"about", "brewdeck"}},
		{"who owns the roadmap for the tour?", nil},
		{"is a product owner the same as a proxy product owner?", nil},
		{"who sets the roadmap for ferrylink and why", nil},
		{"who owns the backlog", nil},
	}
	for _, tt := range tests {
		sc := e.newScratch()
		e.query(sc, tt.q)
		var got []string
		for _, tk := range sc.toks {
			if tk.name {
				got = append(got, string(sc.norm[tk.raw[0]:tk.raw[1]]))
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("names in %q = %q, want %q", tt.q, got, tt.want)
		}
		if sc.names != (len(tt.want) > 0) {
			t.Errorf("%q: names = %v, want %v", tt.q, sc.names, len(tt.want) > 0)
		}
	}
}

func TestKinClasses(t *testing.T) {
	entries := []*Entry{
		{ID: "backlog", Owner: ProductOwner, Related: []string{"priorities"}},
		{ID: "stories", Owner: ProductOwner},
		{ID: "priorities", Owner: Disputed},
		{ID: "roadmap", Owner: ProductManager},
		{ID: "team-added", Owner: ProductManager, Related: []string{"roadmap"}},
	}
	// Class 0 is out of scope; the classifier never saw "team-added".
	clfEntry := []int32{-1, 3, 2, 1, 0}
	got := kinClasses(entries, clfEntry)
	for _, tt := range []struct {
		entry string
		want  []int32
	}{
		{"backlog", []int32{2}},    // priorities, which it names
		{"stories", nil},           // of the same owner, but not related
		{"priorities", []int32{4}}, // backlog, which names it
		{"roadmap", nil},           // named only by an entry the classifier never saw
		{"team-added", []int32{1}}, // roadmap, which it names
	} {
		d := slices.IndexFunc(entries, func(en *Entry) bool { return en.ID == tt.entry })
		k := slices.Clone(got[d])
		slices.Sort(k)
		if !slices.Equal(k, tt.want) {
			t.Errorf("kin of %s = %v, want classes %v", tt.entry, k, tt.want)
		}
	}
}
