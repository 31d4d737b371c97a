package knowledge_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/evaluation"
	"github.com/rolecall/rolecall/internal/knowledge"
)

// evalSet is one labelled question set and the floors CI holds the engine
// to on it (see testdata/README.md). The tuning sets are the ones the engine
// and the lexicon are tuned on; the held-out sets were written before a
// round of tuning and are only measured; eval.tsv is the older set written
// beside the entries.
type evalSet struct {
	file string
	evaluation.Listing
}

// evalSets reads testdata/sets.txt, the one list of the labelled sets in
// the order they were added, with their floors.
func evalSets(t *testing.T) []evalSet {
	t.Helper()
	f, err := os.Open("testdata/sets.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ls, err := evaluation.ParseListings(f)
	if err != nil {
		t.Fatalf("testdata/sets.txt: %v", err)
	}
	sets := make([]evalSet, len(ls))
	for i, l := range ls {
		sets[i] = evalSet{"testdata/" + l.Name + ".tsv", l}
	}
	return sets
}

// TestEveryLabelledSetIsListed keeps testdata/sets.txt whole: a set on disk
// that it misses would escape the floors and the check for repeats.
func TestEveryLabelledSetIsListed(t *testing.T) {
	files, err := filepath.Glob("testdata/*.tsv")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, set := range evalSets(t) {
		listed[set.file] = true
		if _, err := os.Stat(set.file); err != nil {
			t.Errorf("testdata/sets.txt lists %s: %v", set.file, err)
		}
	}
	for _, f := range files {
		if !listed[filepath.ToSlash(f)] {
			t.Errorf("%s is not listed in testdata/sets.txt", f)
		}
	}
	if len(files) < 2 {
		t.Errorf("found %d labelled sets in testdata, want the tuning and held-out sets", len(files))
	}
}

// readSet parses a labelled set and checks its entry ids exist.
func readSet(t *testing.T, b *knowledge.Base, file string) []evaluation.Case {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("the evaluation set %s is missing or unreadable: %v", file, err)
	}
	defer f.Close()
	cases, err := evaluation.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if err := evaluation.Check(cases, b); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(cases) < 100 {
		t.Fatalf("%s has %d questions, want at least 100", file, len(cases))
	}
	return cases
}

// TestEvaluation measures the engine on every set: owner accuracy must reach
// the set's floor, and out-of-scope questions answered with an owner must
// not pass its limit. The report (confusion, calibration, misses) is logged.
func TestEvaluation(t *testing.T) {
	// The evaluations over the labelled sets run side by side: each is
	// a long loop of answers, some ten times slower under -race.
	t.Parallel()
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	eng := knowledge.NewEngine(b)
	for _, set := range evalSets(t) {
		t.Run(strings.TrimPrefix(set.file, "testdata/"), func(t *testing.T) {
			rep := evaluation.Run(readSet(t, b, set.file), eng.Answer)
			var sb strings.Builder
			write := rep.Write
			if set.HeldOut() {
				// A held-out set's questions are measured, never read:
				// its misses stay unprinted.
				write = rep.WriteSummary
			}
			if err := write(&sb); err != nil {
				t.Fatal(err)
			}
			t.Log("\n" + sb.String())
			if rep.Accuracy() < set.MinAccuracy {
				t.Errorf("owner accuracy %.1f%% is under the floor of %.1f%%", 100*rep.Accuracy(), 100*set.MinAccuracy)
			}
			if rep.OutOfScopeAnswered > set.MaxOutOfScope {
				t.Errorf("%d out-of-scope questions got an owner, at most %d allowed", rep.OutOfScopeAnswered, set.MaxOutOfScope)
			}
		})
	}
}

// TestEvaluationSetsAreSlackStyle keeps the realistic sets what they claim
// to be: large, with enough out-of-scope questions, and covering the base.
func TestEvaluationSetsAreSlackStyle(t *testing.T) {
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	questions := map[string]string{}
	total, out := 0, 0
	for _, set := range evalSets(t) {
		file := set.file
		if file == "testdata/eval.tsv" {
			// Written beside the entries, it shares their words by design.
			continue
		}
		for _, c := range readSet(t, b, file) {
			total++
			if c.OutOfScope() {
				out++
			}
			for _, id := range c.IDs {
				seen[id] = true
			}
			k := knowledge.Normalize(c.Question)
			if prev, dup := questions[k]; dup {
				t.Errorf("%s:%d repeats a question of %s", file, c.Line, prev)
			}
			questions[k] = file
		}
	}
	if total < 200 || out < 60 {
		t.Errorf("the realistic sets hold %d questions, %d out of scope; want at least 200 and 60", total, out)
	}
	for _, e := range b.Entries() {
		if !seen[e.ID] {
			t.Errorf("no realistic question is labelled with entry %s", e.ID)
		}
	}
}

// typo makes one typo, chosen by r, in one of q's words of five letters or
// more: two letters swapped, one dropped or one replaced, never the first.
func typo(r *rand.Rand, q string) string {
	ws := strings.Fields(q)
	var idx []int
	for i, w := range ws {
		if len(w) >= 5 && strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") == "" {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return q
	}
	i := idx[r.IntN(len(idx))]
	w := []byte(ws[i])
	p := 1 + r.IntN(len(w)-2)
	switch r.IntN(3) {
	case 0:
		w[p], w[p+1] = w[p+1], w[p]
	case 1:
		w = append(w[:p], w[p+1:]...)
	default:
		w[p] = byte('a' + r.IntN(26))
	}
	ws[i] = string(w)
	return strings.Join(ws, " ")
}

// TestTypos measures how well answers survive a typo: every sixth question
// of the tuning sets that the engine answers right is asked again with one
// typo in a longer word (a sixth, some 18,000 questions since there are
// 531 sets, measures the rates as well as all of them: every third gave
// 99.1% and 0.1%, every sixth 99.1% and 0.2%, in half the time under
// -race; under -race, which CI runs, every twelfth, some 11,000, whose
// rates were 99.1% and 0.1% with 655 sets, against 99.2% and 0.1% for
// every sixth). Most must still be answered right (95%), and few (2%)
// out-of-scope questions may turn into answers: a typo in "vacation" or
// "status" must not make a question about a holiday or a figure a
// question about the roles.
func TestTypos(t *testing.T) {
	t.Parallel()
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	eng := knowledge.NewEngine(b)
	r := rand.New(rand.NewPCG(1, 2))
	stride := 6
	if raceEnabled {
		stride = 12
	}
	kept, total, leaked, outside := 0, 0, 0, 0
	for _, set := range evalSets(t) {
		if set.HeldOut() || set.Name == "eval" {
			continue
		}
		for i, c := range readSet(t, b, set.file) {
			if i%stride != 0 || !c.Accepts(eng.Answer(c.Question).Owner) {
				continue
			}
			q := typo(r, c.Question)
			if q == c.Question {
				continue
			}
			total++
			if c.OutOfScope() {
				outside++
			}
			got := eng.Answer(q)
			switch {
			case c.Accepts(got.Owner):
				kept++
			case c.OutOfScope():
				leaked++
				t.Logf("out of scope answered after a typo: %q -> %s (%s)", q, got.Owner, got.Topic)
			}
		}
	}
	t.Logf("%d of %d questions still answered right with a typo (%.1f%%); %d of %d out-of-scope ones answered (%.1f%%)",
		kept, total, 100*float64(kept)/float64(total), leaked, outside, 100*float64(leaked)/float64(outside))
	if 100*kept < 95*total {
		t.Errorf("only %d of %d questions survive a typo, want 95%%", kept, total)
	}
	if 100*leaked > 2*outside {
		t.Errorf("%d of %d out-of-scope questions were answered after a typo, want at most 2%%", leaked, outside)
	}
}

// TestCourtesyChangesNoAnswer: over every eightieth question of the
// tuning sets (every 160th under -race, which CI runs: 1,281 questions of
// 655 sets against 1,997, each asked again in 34 wrappings; at most 4
// answers changed in a wrapping with every eightieth, 3 with every 160th),
// what people type around a question in Slack changes nothing
// of its answer (owner, entry and reason): a greeting, an opener or an
// apology before it, thanks, an aside, a tone word or a link after it, a
// link to a ticket before it. A question too short to stand alone after
// them may still change: at most one in two hundred. The log gives, for
// each, how many answers changed and how many out-of-scope questions got
// an owner (go test -run TestCourtesyChangesNoAnswer -v).
func TestCourtesyChangesNoAnswer(t *testing.T) {
	t.Parallel()
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	eng := knowledge.NewEngine(b)
	stride := 80
	if raceEnabled {
		stride = 160
	}
	cases := tuningSample(t, b, stride)
	courtesies := []struct {
		name string
		wrap func(string) string
	}{
		{"greeting", func(q string) string { return "hey all, quick q: " + q }},
		{"opener", func(q string) string { return "btw " + q }},
		{"opener", func(q string) string { return "real quick, " + q }},
		{"opener", func(q string) string { return "question for the room: " + q }},
		{"apology", func(q string) string { return "sorry if this is a dumb question but " + q }},
		{"apology", func(q string) string { return "not sure if this is the right channel, but " + q }},
		{"opener", func(q string) string { return "just curious, " + q }},
		{"opener", func(q string) string { return "i was wondering, " + q }},
		{"opener", func(q string) string { return "please, " + q }},
		{"opener", func(q string) string { return "anyone? " + q }},
		{"lead", func(q string) string { return "following up on this thread: " + q }},
		{"lead", func(q string) string { return "genuinely asking: " + q }},
		{"lead", func(q string) string { return "just to confirm, " + q }},
		{"lead", func(q string) string { return "thanks in advance! " + q }},
		{"opener", func(q string) string { return "hi there, " + q }},
		{"opener", func(q string) string { return "sorry, " + q }},
		{"opener", func(q string) string { return "sry " + q }},
		{"opener", func(q string) string { return "so basically " + q }},
		{"opener", func(q string) string { return "umm " + q }},
		{"opener", func(q string) string { return "yo " + q }},
		{"opener", func(q string) string { return "and " + q }},
		{"mention", func(q string) string { return "@rolecall " + q }},
		{"thanks", func(q string) string { return q + "\n\nthanks" }},
		{"thanks", func(q string) string { return q + " cc @sam" }},
		{"remark", func(q string) string { return q + ", thoughts?" }},
		{"aside", func(q string) string { return q + " appreciate it!" }},
		{"aside", func(q string) string { return q + " (quick one)" }},
		{"thanks", func(q string) string { return q + " thx!" }},
		{"aside", func(q string) string { return q + " asking for a friend" }},
		{"aside", func(q string) string { return q + " (on my phone sorry for typos)" }},
		{"tone", func(q string) string { return strings.TrimRight(q, "?") + "? tbh" }},
		{"link", func(q string) string { return q + " <https://docs.example.com/page/123|the doc>" }},
		{"link", func(q string) string { return q + " https://docs.example.com/page/123" }},
		{"ticket", func(q string) string { return "context: <https://jira.example.com/browse/APP-42|APP-42> " + q }},
	}
	// Each question's own answer, once: under -race every answer takes
	// some ten times longer.
	wants := make([]knowledge.Answer, len(cases))
	for i, k := range cases {
		wants[i] = eng.Answer(k.Question)
	}
	for _, c := range courtesies {
		changed, owned := 0, 0
		for i, k := range cases {
			q := k.Question
			if c.name == "tone" && !strings.HasSuffix(q, "?") || c.name == "remark" && strings.ContainsAny(q, "?,") {
				// A tone word follows a question mark; a remark set
				// off by a comma, a question without one.
				continue
			}
			want, got := wants[i], eng.Answer(c.wrap(q))
			if got.Owner != want.Owner || got.Topic != want.Topic || got.Scope != want.Scope {
				changed++
				if k.OutOfScope() && want.Owner == knowledge.Unknown && got.Owner != knowledge.Unknown {
					owned++
				}
				if changed <= 3 {
					t.Logf("%s: %q: %s %q (%s) -> %s %q (%s)", c.name, c.wrap(q), want.Owner, want.Topic, want.Scope, got.Owner, got.Topic, got.Scope)
				}
			}
		}
		t.Logf("%-8s %q: %d of %d answers changed, %d out-of-scope questions got an owner", c.name, c.wrap("…"), changed, len(cases), owned)
		if changed*200 > len(cases) {
			t.Errorf("%q changed %d answers of %d", c.wrap("…"), changed, len(cases))
		}
	}
}

// TestQuestionWordTyposChangeNoAnswer types each tuning question whose
// first word is a question word with that word misspelt, two letters side
// by side swapped ("hwo", "waht", "shoudl"), and wants the answer of the
// question as typed: a typo in the word that says what is asked hid the
// question's form from every reader (over six thousand questions the
// cross-validated engine answered rightly, 6.4% of such typos turned a
// right answer into a wrong one or a refusal; docs/answers.md).
func TestQuestionWordTyposChangeNoAnswer(t *testing.T) {
	t.Parallel()
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	eng := knowledge.NewEngine(b)
	words := map[string]bool{"who": true, "what": true, "whats": true, "which": true, "whose": true, "when": true, "where": true, "should": true, "does": true, "would": true, "could": true}
	tried, changed := 0, 0
	for _, c := range tuningSample(t, b, 20) {
		first, rest, ok := strings.Cut(c.Question, " ")
		if !ok || !words[strings.ToLower(first)] {
			continue
		}
		want := eng.Answer(c.Question)
		for p := 0; p+1 < len(first); p++ {
			w := []byte(first)
			if w[p] == w[p+1] {
				continue
			}
			w[p], w[p+1] = w[p+1], w[p]
			typed := string(w) + " " + rest
			got := eng.Answer(typed)
			tried++
			if got.Owner != want.Owner || got.Topic != want.Topic || got.Scope != want.Scope {
				changed++
				if changed <= 5 {
					t.Logf("%q: %s %q (%s) -> %s %q (%s)", typed, want.Owner, want.Topic, want.Scope, got.Owner, got.Topic, got.Scope)
				}
			}
		}
	}
	t.Logf("%d of %d misspelt question words changed the answer", changed, tried)
	if tried < 500 || changed*100 > tried {
		t.Errorf("%d of %d misspelt question words changed the answer; want at least 500 tried and at most 1%% changed", changed, tried)
	}
}

// tuningSample returns every nth question of each tuning set, from its
// first: a sample for tests that type the same questions another way.
func tuningSample(t *testing.T, b *knowledge.Base, n int) []evaluation.Case {
	t.Helper()
	var cases []evaluation.Case
	for _, set := range evalSets(t) {
		if set.HeldOut() || !strings.HasPrefix(set.Name, "tuning") {
			continue
		}
		for i, c := range readSet(t, b, set.file) {
			if i%n == 0 {
				cases = append(cases, c)
			}
		}
	}
	return cases
}
