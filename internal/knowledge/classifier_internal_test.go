package knowledge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestFeatureHashesAreTheNamesHashes keeps the two readings of a question's
// features in step: the names Train stores and the hashes the answer path
// computes without building them.
func TestFeatureHashesAreTheNamesHashes(t *testing.T) {
	for _, q := range []string{
		"who owns the backlog?",
		"whos on the hook 4 the roadmpa lol, 3 squads",
		"Überprüfung des Backlogs — PO oder PM?",
		"a",
		"",
		"tickets tickets tickets",
	} {
		norm := appendNormalized(nil, q)
		var want []uint64
		for _, name := range featureNames(norm) {
			want = append(want, hashName(name))
		}
		got := appendFeatures(nil, norm)
		if !slices.Equal(got, want) {
			t.Errorf("%q: appendFeatures gives %d hashes, featureNames %d, or they differ", q, len(got), len(want))
		}
		want = want[:0]
		for _, name := range askingFeatureNames(norm) {
			want = append(want, hashName(name))
		}
		if got := appendAskingFeatures(nil, norm); !slices.Equal(got, want) {
			t.Errorf("%q: appendAskingFeatures gives %d hashes, askingFeatureNames %d, or they differ", q, len(got), len(want))
		}
		for _, abs := range [][]byte{norm, []byte("_ " + string(norm) + " _"), []byte("who owns the _ roadmap")} {
			if got, want := appendAbstractFeatures(nil, abs), hashNames(abstractFeatureNames(abs)); !slices.Equal(got, want) {
				t.Errorf("%q: appendAbstractFeatures gives %d hashes, abstractFeatureNames %d, or they differ", abs, len(got), len(want))
			}
		}
	}
}

func TestFeatureNames(t *testing.T) {
	got := featureNames([]byte("who owns 12 tickets"))
	// "owns" and "tickets" lose their "s", "12" is a number; "own" is too
	// short for pieces; "^" and "$" are the text's start and end in pairs
	// of words next to each other; "s:" pairs words one word apart.
	want := []string{"u:who", "b:^ who", "u:own", "b:who own", "s:^ own", "u:#", "b:own #", "s:who #",
		"u:ticket", "b:# ticket", "s:own ticket", "c:<tic", "c:tick", "c:icke", "c:cket", "c:ket>", "b:ticket $"}
	if !slices.Equal(got, want) {
		t.Errorf("featureNames = %q\nwant %q", got, want)
	}
}

func TestAskingFeatureNames(t *testing.T) {
	got := askingFeatureNames([]byte("top items rn"))
	// Words and pairs of words next to each other, in names of their own,
	// the clauses' start and end counting as words; no pieces, no pairs
	// one word apart.
	want := []string{"q:top", "r:^ top", "q:item", "r:top item", "q:rn", "r:item rn", "r:rn $"}
	if !slices.Equal(got, want) {
		t.Errorf("askingFeatureNames = %q\nwant %q", got, want)
	}
}

func TestAbstractFeatureNames(t *testing.T) {
	tests := []struct {
		abs  string
		want []string
	}{
		// Only pairs with a gap, each gap with its neighbours, and the
		// number of gaps.
		{"who owns the _ hall roadmap", []string{"a:the _", "a:_ hall", "t:the _ hall", "n:1"}},
		{"_ strategy who owns it", []string{"a:^ _", "a:_ strategy", "t:^ _ strategy", "n:1"}},
		{"roadmap for _ build in _", []string{"a:for _", "a:_ build", "t:for _ build", "a:in _", "a:_ $", "t:in _ $", "n:2"}},
		{"_ _ _ _ _ 7 tickets", []string{"a:^ _", "a:_ _", "t:^ _ _", "a:_ _", "t:_ _ _", "a:_ _", "t:_ _ _", "a:_ _", "t:_ _ _", "a:_ #", "t:_ _ #", "n:4"}},
		{"who owns the backlog", nil},
	}
	for _, tt := range tests {
		if got := abstractFeatureNames([]byte(tt.abs)); !slices.Equal(got, tt.want) {
			t.Errorf("abstractFeatureNames(%q) = %q\nwant %q", tt.abs, got, tt.want)
		}
	}
}

// TestClassifierReadsUnseenWordsAsGaps checks the second text the
// classifier reads (Engine.abstractText): each run of words the base has
// never seen is one gap; stop words, numbers and typos of known words are
// kept.
func TestClassifierReadsUnseenWordsAsGaps(t *testing.T) {
	checkClassifierText(t, (*Engine).abstractText, []classifierText{
		{"who owns the backlog?", "who owns the backlog"},
		{"who owns the fermenting hall roadmap", "who owns the _ hall roadmap"},
		{"sewer flooding strategy - who owns it", "_ strategy who owns it"},
		{"who sets the rodmap for q3 2027", "who sets the roadmap for _ 2027"},
		{"can you tell me who owns the bcklog", "can you tell me who owns the backlog"},
	})
}

// classifierText is a question and the text the classifier reads of it.
type classifierText struct{ q, want string }

// checkClassifierText reads each question into the built-in engine and
// checks the text read makes of it.
func checkClassifierText(t *testing.T, read func(*Engine, *scratch) []byte, tests []classifierText) {
	t.Helper()
	e := NewEngine(builtinBase(t))
	sc := e.newScratch()
	for _, tt := range tests {
		e.query(sc, tt.q)
		if got := string(read(e, sc)); got != tt.want {
			t.Errorf("%q: the classifier reads %q, want %q", tt.q, got, tt.want)
		}
	}
}

// TestClassifierReadsTyposAsTheirWords checks the text the classifier
// reads, in training and in answering alike: the normal form, with each
// typo the engine corrects replaced by the word it was read as.
func TestClassifierReadsTyposAsTheirWords(t *testing.T) {
	checkClassifierText(t, (*Engine).classifierText, []classifierText{
		{"who owns the backlog?", "who owns the backlog"},
		{"who sets the rodmap", "who sets the roadmap"},
		{"bcklog: po or pm??", "backlog po or pm"},
		{"whos on the hook 4 the roadmpa lol, 3 squads", "whos on the hook 4 the roadmap lol 3 squads"},
		{"who shoud prioritse the stakholders asks", "who should prioritise the stakeholders asks"},
		{"is our PM on vcation?", "is our pm on vacation"},
		{"an unknown word far from all stays: capacitor", "an unknown word far from all stays capacitor"},
	})
}

// TestClassifierReadsNoThanksAfterTheQuestion checks that thanks after a
// question, typed on or after a question mark, are no part of what the
// classifier reads, and that thanks that are the whole message are.
func TestClassifierReadsNoThanksAfterTheQuestion(t *testing.T) {
	checkClassifierText(t, (*Engine).classifierText, []classifierText{
		{"who owns the roadmap thanks in advance :pray:", "who owns the roadmap"},
		{"who owns the roadmap? thx", "who owns the roadmap"},
		{"who owns the rodmap ty so much", "who owns the roadmap"},
		{"who owns the roadmap cc <@U04ABCD12>", "who owns the roadmap"},
		{"po in retros yes or no ty", "po in retros yes or no"},
		{"ok cool thanks", "ok cool thanks"},
		{"thanks so much", "thanks so much"},
		{"who do i thank for the roadmap", "who do i thank for the roadmap"},
	})
	checkClassifierText(t, (*Engine).abstractText, []classifierText{
		{"who owns the fermenting hall roadmap thx", "who owns the _ hall roadmap"},
	})
}

// TestClassifierRereadsWithoutTheRequestToTell checks the text the
// classifier reads a second time (Engine.untoldRead): the message without the
// words of a request to be told that heads a clause, from its start to the
// question word; a message without one has nothing to read again.
func TestClassifierRereadsWithoutTheRequestToTell(t *testing.T) {
	b := builtinBase(t)
	e := NewEngine(b)
	sc := e.newScratch()
	tests := []struct{ q, want string }{
		{"can you tell me who owns the bcklog", "who owns the backlog"},
		{"new here. could u tell me who sets the roadmap?", "new here who sets the roadmap"},
		{"hi! pls let us know which role sets the budget", "hi which role sets the budget"},
		{"remind me again what a PO does", "what a po does"},
		{"kindly advise who sets the priorities", "who sets the priorities"},
		{"tell the team who owns it", ""},
		{"let me know when the retro is", ""},
		{"can you tell me when the retro is", ""},
		{"tell me about yourself", ""},
	}
	for _, tt := range tests {
		e.query(sc, tt.q)
		if tt.want == "" {
			if sc.told != [2]int32{} {
				t.Errorf("%q: read again without words %v, want no second reading", tt.q, sc.told)
			}
			continue
		}
		whole := string(e.classifierText(sc))
		sc.untold = true
		got := string(e.classifierText(sc))
		sc.untold = false
		if got != tt.want {
			t.Errorf("%q: read again as %q, want %q", tt.q, got, tt.want)
		}
		if again := string(e.classifierText(sc)); again != whole {
			t.Errorf("%q: after the second reading the classifier reads %q, want the whole message %q", tt.q, again, whole)
		}
	}
}

// TestClassifierRereadsWithoutTheRolesChoiceAtTheEnd checks the words the
// classifier reads again without: the choice of the two roles that ends a
// question asking who or which; a question without one has nothing to
// read again, and the whole message is read as before afterwards.
func TestClassifierRereadsWithoutTheRolesChoiceAtTheEnd(t *testing.T) {
	b := builtinBase(t)
	e := NewEngine(b)
	sc := e.newScratch()
	tests := []struct{ q, want string }{
		{"whos call is the launch date, po or pm", "whos call is the launch date"},
		{"who runs user interviews with patients, the po or the pm?", "who runs user interviews with patients"},
		{"which role measures success, product owner or product manager?", "which role measures success"},
		{"who owns the roadmap, po or pm? thx", "who owns the roadmap"},
		{"po or pm?", ""},
		{"who signs off the refund, the owner or the manager?", ""},
		{"roadmap: po or pm?", ""},
		{"who owns the roadmap, the po?", ""},
		{"who owns the roadmap", ""},
	}
	for _, tt := range tests {
		e.query(sc, tt.q)
		whole := string(e.classifierText(sc))
		from := sc.roleChoiceTail()
		if tt.want == "" {
			if from != 0 {
				t.Errorf("%q: read again without the words from %d, want no second reading", tt.q, from)
			}
			continue
		}
		_, _, ok := e.taillessRead(sc)
		coda := sc.coda
		sc.coda = from
		got := string(e.classifierText(sc))
		sc.coda = coda
		if !ok || got != tt.want {
			t.Errorf("%q: read again (%v) as %q, want %q", tt.q, ok, got, tt.want)
		}
		if again := string(e.classifierText(sc)); again != whole {
			t.Errorf("%q: after the second reading the classifier reads %q, want the whole message %q", tt.q, again, whole)
		}
	}
}

// TestClassifierAnswerReadsTheSameTextAsTraining checks that the text the
// answer path reads (after query, whose form reading follows the analysis)
// is the text Train reads (after the analysis alone), the clauses that ask
// included, and that it is the
// normal form the features are documented on.
func TestClassifierAnswerReadsTheSameTextAsTraining(t *testing.T) {
	b := builtinBase(t)
	e := NewEngine(b)
	sc, train := e.newScratch(), e.newScratch()
	for _, q := range []string{"hey <@U1> who's got the final say?? :thinking_face: see <https://x.example|the doc>", "PO vs PM — whose call; really?", "whos on teh hook for the bcklog, po or pm", "po orders the bcklog. top item rn?", "who owns the roadmap? ty in advance", "who owns pos? thx"} {
		e.query(sc, q)
		e.analyze(train, q, true)
		if got, want := string(e.classifierText(sc)), string(e.classifierText(train)); got != want {
			t.Errorf("%q: the answer path reads %q, training %q", q, got, want)
		}
		if got, want := string(e.askingText(sc)), string(e.askingText(train)); got != want {
			t.Errorf("%q: the answer path reads the clauses that ask as %q, training as %q", q, got, want)
		}
		if got, want := string(sc.norm), string(appendNormalized(nil, q)); got != want {
			t.Errorf("%q: the answer path normalises to %q, Normalize to %q", q, got, want)
		}
	}
}

// TestTrainLeansOutOfScope checks the options that move a question
// between an entry and out of scope: the question leans further out of
// scope with each option's second setting than with its first.
func TestTrainLeansOutOfScope(t *testing.T) {
	b := builtinBase(t)
	e := NewEngine(b)
	sc := e.newScratch()
	for _, c := range []struct {
		name       string
		examples   []Example
		question   string
		less, more TrainOptions
	}{
		{
			name: "out-of-scope examples weigh OutWeight times as much",
			examples: []Example{
				{"who owns the backlog", "product-backlog"},
				{"whose job is the backlog", "product-backlog"},
				{"how many items are in the backlog", ""},
				{"how many tickets are open", ""},
			},
			question: "how many own the backlog",
			less:     TrainOptions{OutWeight: 1, Stated: -1, Tailed: -1},
			more:     TrainOptions{OutWeight: 3, Stated: -1, Tailed: -1},
		},
		{
			name: "a duty stated before a figure asked for is learned out of scope",
			examples: []Example{
				{"who owns the backlog", "product-backlog"},
				{"whose job is the backlog", "product-backlog"},
				{"who owns epics", "epics"},
				{"when is the retro?", ""},
				{"how many tickets are open?", ""},
				{"how many items are in it?", ""},
			},
			question: "the po owns the backlog. how many items are in it?",
			less:     TrainOptions{Stated: -1, Tailed: -1},
			more:     TrainOptions{Stated: 1, Tailed: -1},
		},
		{
			name: "the roles asked about after a task neither has is learned out of scope",
			examples: []Example{
				{"who decides what goes in the release, po or pm?", "release-contents"},
				{"who owns the backlog, po or pm", "product-backlog"},
				{"who keeps the org chart up to date", ""},
				{"who orders lunch for the team", ""},
				{"who books the meeting rooms", ""},
			},
			question: "who books the meeting rooms, po or pm?",
			less:     TrainOptions{Stated: -1, Tailed: -1},
			more:     TrainOptions{Stated: -1, Tailed: 1},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			chance := func(opt TrainOptions) float64 {
				opt.Epochs, opt.Prune, opt.Runs = 30, 0.01, 1
				clf, err := Train(t.Context(), b, c.examples, opt)
				if err != nil {
					t.Fatal(err)
				}
				e.analyze(sc, c.question, true)
				return outOfScopeChance(clf, appendAskingFeatures(appendFeatures(nil, e.classifierText(sc)), e.askingText(sc)))
			}
			if less, more := chance(c.less), chance(c.more); more <= less {
				t.Errorf("%q is out of scope at %.3f with %+v, %.3f with %+v; want more", c.question, more, c.more, less, c.less)
			}
		})
	}
}

// outOfScopeChance is the probability c gives "out of scope" for a
// question's features (hashes, repeats allowed).
func outOfScopeChance(c *Classifier, feats []uint64) float64 {
	scores := make([]float32, len(c.classes))
	c.predict(uniqueSorted(feats), scores)
	sum := 0.0
	for _, s := range scores {
		sum += math.Exp(float64(s - scores[0]))
	}
	return 1 / sum
}

// tinyExamples are enough questions of two entries and of none to train
// a classifier in a test.
var tinyExamples = []Example{
	{"who owns the backlog", "product-backlog"},
	{"whose is the list of work to do", "product-backlog"},
	{"the backlog belongs to whom", "product-backlog"},
	{"who sets the roadmap", "product-roadmap"},
	{"whose is the plan for the year", "product-roadmap"},
	{"the roadmap belongs to whom", "product-roadmap"},
	{"when is lunch", ""},
	{"what time is lunch today", ""},
	{"lunch menu please", ""},
}

func TestTrainLearnsAndSurvivesItsFile(t *testing.T) {
	b := builtinBase(t)
	examples := tinyExamples
	src := DigestSource("mine.tsv", []byte("x"))
	c, err := Train(t.Context(), b, examples, TrainOptions{Epochs: 30, Prune: 0.01, Sources: []TrainingSource{src}})
	if err != nil {
		t.Fatal(err)
	}
	scores := make([]float32, len(c.classes))
	guess := func(c *Classifier, q string) string {
		k, _ := c.predict(uniqueSorted(appendFeatures(nil, appendNormalized(nil, q))), scores)
		return c.classes[k]
	}
	for _, ex := range examples {
		if got := guess(c, ex.Question); got != ex.ID {
			t.Errorf("trained on %q as %q, predicts %q", ex.Question, ex.ID, got)
		}
	}
	var buf bytes.Buffer
	if err := c.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := readClassifier("classifier.tsv", buf.Bytes(), b.byID)
	if err != nil {
		t.Fatalf("reading back what Write wrote: %v", err)
	}
	if back.digest != c.digest {
		t.Errorf("digest %s read back, %s trained", back.digest, c.digest)
	}
	if !slices.Equal(back.Sources(), []TrainingSource{src}) {
		t.Errorf("sources %v read back, want %v", back.Sources(), src)
	}
	for _, q := range []string{"who owns the backlog", "when is lunch", "roadmap?", "nothing known here"} {
		if g, w := guess(back, q), guess(c, q); g != w {
			t.Errorf("%q: %q read back, %q trained", q, g, w)
		}
	}
	again, err := Train(t.Context(), b, examples, TrainOptions{Epochs: 30, Prune: 0.01, Sources: []TrainingSource{src}})
	if err != nil {
		t.Fatal(err)
	}
	if again.digest != c.digest {
		t.Error("the same examples and options trained a different classifier")
	}

	if _, err := Train(t.Context(), b, []Example{{"who?", "no-such-entry"}}, TrainOptions{}); err == nil || !strings.Contains(err.Error(), `no entry "no-such-entry"`) {
		t.Errorf("training on an unknown entry: %v", err)
	}
	if _, err := Train(t.Context(), b, nil, TrainOptions{}); err == nil {
		t.Error("training on nothing succeeded")
	}
}

func TestTrainGivesTheSameClassifierHoweverManyRunsAtOnce(t *testing.T) {
	b := builtinBase(t)
	digests := map[int]string{}
	for _, parallel := range []int{1, 2, 3, 7} {
		c, err := Train(t.Context(), b, tinyExamples, TrainOptions{Epochs: 5, Runs: 7, Prune: 0.001, Parallel: parallel})
		if err != nil {
			t.Fatal(err)
		}
		digests[parallel] = c.digest
	}
	for parallel, d := range digests {
		if d != digests[1] {
			t.Errorf("%d runs at once trained classifier %s, one at a time %s", parallel, d, digests[1])
		}
	}
}

func TestTrainStopsWhenCancelled(t *testing.T) {
	b := builtinBase(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, runs := range []int{1, 4} {
		if c, err := Train(ctx, b, tinyExamples, TrainOptions{Runs: runs}); !errors.Is(err, context.Canceled) || c != nil {
			t.Errorf("%d runs, cancelled: %v, %v; want no classifier and context.Canceled", runs, c, err)
		}
	}
}

func TestReadClassifierErrors(t *testing.T) {
	ids := map[string]*Entry{"a": {ID: "a"}, "b": {ID: "b"}}
	tests := []struct{ name, file, want string }{
		{"a class that is no entry is named with its line", "# c\nclasses\t-\ta\tgone\nbias\t0\t0\t0\n", `classifier.tsv:2: class "gone" is no entry`},
		{"out of scope comes first", "classes\ta\t-\nbias\t0\t0\n", `classifier.tsv:1: want classes<TAB>-<TAB>ID`},
		{"a bias per class", "classes\t-\ta\tb\nbias\t0\t0\n", "classifier.tsv:2: want bias<TAB>W… with one weight a class"},
		{"a feature before the header", "u:x\t1:0.5\n", "classifier.tsv:1: a feature before the classes and bias lines"},
		{"a weight names a class", "classes\t-\ta\nbias\t0\t0\nu:x\t7:0.5\n", `classifier.tsv:3: weight "7:0.5": want CLASS:WEIGHT with CLASS under 2`},
		{"a weight is a number", "classes\t-\ta\nbias\t0\t0\nu:x\t1:lots\n", `classifier.tsv:3: weight "1:lots"`},
		{"a feature once", "classes\t-\ta\nbias\t0\t0\nu:x\t1:1\nu:x\t1:2\n", `classifier.tsv:4: feature "u:x" twice`},
		{"an empty file", "", "classifier.tsv:0: no classes and bias lines"},
		{"a source has a digest", "trained-on\tx.tsv\nclasses\t-\ta\nbias\t0\t0\n", "classifier.tsv:1: want trained-on<TAB>FILE<TAB>SHA256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readClassifier("classifier.tsv", []byte(tt.file), ids)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// FuzzClassifierFeatures reads any text the way the answer path does and
// checks that the features' hashes are their names' and that the words read
// stay bounded.
func FuzzClassifierFeatures(f *testing.F) {
	for _, s := range []string{"who owns the backlog?", "whos on the hook 4 the roadmpa lol", "Überprüfung — PO oder PM?", "<@U1> :tada: <https://x|y>", strings.Repeat("po ", 500)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		norm := appendNormalized(nil, q)
		hs := appendFeatures(nil, norm)
		names := featureNames(norm)
		if len(hs) != len(names) {
			t.Fatalf("%q: %d hashes, %d names", q, len(hs), len(names))
		}
		for i, name := range names {
			if hashName(name) != hs[i] {
				t.Fatalf("%q: feature %q hashed apart from its name", q, name)
			}
		}
		if hs, names := appendAskingFeatures(nil, norm), askingFeatureNames(norm); !slices.Equal(hs, hashNames(names)) {
			t.Fatalf("%q: the asking features' %d hashes are not their %d names'", q, len(hs), len(names))
		}
		if hs, names := appendAbstractFeatures(nil, norm), abstractFeatureNames(norm); !slices.Equal(hs, hashNames(names)) {
			t.Fatalf("%q: the abstract features' %d hashes are not their %d names'", q, len(hs), len(names))
		}
		// A word gives at most a word, a pair and its pieces.
		if bound := maxClassifierWords * (2 + len(norm)); len(hs) > bound {
			t.Fatalf("%q: %d features", q, len(hs))
		}
		u := uniqueSorted(slices.Clone(hs))
		if !slices.IsSorted(u) {
			t.Fatalf("uniqueSorted left %v unsorted", u)
		}
	})
}

func hashNames(names []string) []uint64 {
	hs := make([]uint64, 0, len(names))
	for _, name := range names {
		hs = append(hs, hashName(name))
	}
	return hs
}

// TestClassifierFilterKeepsEveryWeighedFeature checks the filter in front
// of the built-in classifier's weights: it never drops a feature that has
// weights, and drops nearly all that have none.
func TestClassifierFilterKeepsEveryWeighedFeature(t *testing.T) {
	b := builtinBase(t)
	c := b.Classifier()
	var weighed []uint64
	for h := range c.at {
		weighed = append(weighed, h)
	}
	if got := c.weighed(slices.Clone(weighed)); len(got) != len(weighed) {
		t.Fatalf("the filter keeps %d of the %d features with weights", len(got), len(weighed))
	}
	absent := make([]uint64, 0, 10000)
	for i := range uint64(cap(absent)) {
		if h := hashName(fmt.Sprintf("u:absent%d", i)); c.at[h] == 0 {
			absent = append(absent, h)
		}
	}
	kept := len(c.weighed(absent))
	t.Logf("the filter lets %d of %d features without weights through (%d features weighed)", kept, len(absent), len(weighed))
	if kept > len(absent)/20 {
		t.Errorf("the filter lets %d of %d features without weights through; want at most one in twenty", kept, len(absent))
	}
}

// TestAskingText checks which words of a message the classifier reads a
// second time as the clauses that ask: those of the sentences that end
// with a question mark, else the last clause; none in a message of one
// clause or whose every clause asks.
func TestAskingText(t *testing.T) {
	b := builtinBase(t)
	e := NewEngine(b)
	sc := e.newScratch()
	tests := []struct{ name, q, want string }{
		{"a duty stated, then a figure asked", "po orders backlog. top item rn?", "top item rn"},
		{"the question first, its setting after", "who leads the sprints? we switch to 2 week sprints on 10 march", "who leads the sprints"},
		{"no question mark: the last clause", "backlog grooming - po or pm", "po or pm"},
		{"a typo read as its word", "the PO owns the bcklog. hw many items r in the bcklog", "hw many items r in the backlog"},
		{"an emoji before a question word ends a sentence that asks nothing", "PM said no :face_palm: who decides?", "who decides"},
		{"one clause", "who owns the backlog?", ""},
		{"every clause asks", "who owns the backlog? and who sets the roadmap?", ""},
		{"nothing", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.query(sc, tt.q)
			if got := string(e.askingText(sc)); got != tt.want {
				t.Errorf("%q: the clauses that ask read %q, want %q", tt.q, got, tt.want)
			}
		})
	}
}

func TestStatedMessages(t *testing.T) {
	b := builtinBase(t)
	long := "we moved the sprint review to thursday because half the team is off on friday, so when exactly is it now and which room are we in"
	examples := []Example{
		{"who owns the backlog", "product-backlog"},
		{"when is the retro?", ""},
		{"how many tickets are open", ""},
		{"can you reset my jira password", ""},
		{long, ""},
	}
	roles := []string{"the po ", "po ", "our po ", "the product owner ", "our product owner ", "the pm ", "pm ", "our pm ", "the product manager ", "our product manager "}
	got := stated(b, examples, 1, 1)
	// Every short out-of-scope example, once, behind a role and a duty:
	// none in scope, none long.
	if len(got) != 3 {
		t.Fatalf("stated made %d messages, want 3: %q", len(got), got)
	}
	for i, m := range got {
		if m.ID != "" {
			t.Errorf("%q is labelled %q; want out of scope", m.Question, m.ID)
		}
		if want := examples[i+1].Question; !strings.HasSuffix(m.Question, want) {
			t.Errorf("message %d is %q; want it to end with %q", i, m.Question, want)
		}
		if !slices.ContainsFunc(roles, func(r string) bool { return strings.HasPrefix(m.Question, r) }) {
			t.Errorf("%q does not start with a role", m.Question)
		}
		// The duty names no role and offers no choice: a duty that did
		// would be a question about the roles, not a setting.
		duty := strings.TrimSuffix(m.Question, examples[i+1].Question)
		for _, r := range roles {
			duty = strings.TrimPrefix(duty, r)
		}
		if namesRole(duty) {
			t.Errorf("%q: the duty %q names a role or a choice", m.Question, duty)
		}
	}
	if again := stated(b, examples, 1, 1); !slices.Equal(again, got) {
		t.Errorf("the same seed made %q, then %q", got, again)
	}

	// A share keeps about that part of the short out-of-scope examples.
	var many []Example
	for i := range 400 {
		many = append(many, Example{Question: fmt.Sprintf("how many tickets are open in project %d", i)})
	}
	if n := len(stated(b, many, 0.25, 1)); n < 70 || n > 130 {
		t.Errorf("a share of 0.25 made %d messages of 400 examples; want about 100", n)
	}
}

func TestTailedMessages(t *testing.T) {
	long := "we moved the sprint review to thursday because half the team is off on friday, so when exactly is it now and which room are we in"
	examples := []Example{
		{"who owns the backlog", "product-backlog"},
		{"who keeps the org chart up to date?", ""},
		{"who upgrades our npm dependencies", ""},
		{"is the po on leave today?", ""},
		{long, ""},
	}
	got := tailed(examples, 1, 1)
	// Every short out-of-scope example that names no role, once, with
	// the roles asked about after it: none in scope, none long, none
	// that named a role already.
	if len(got) != 2 {
		t.Fatalf("tailed made %d messages, want 2: %q", len(got), got)
	}
	for i, m := range got {
		if m.ID != "" {
			t.Errorf("%q is labelled %q; want out of scope", m.Question, m.ID)
		}
		q := strings.TrimRight(examples[i+1].Question, "?")
		tail, ok := strings.CutPrefix(m.Question, q)
		if !ok {
			t.Fatalf("message %d is %q; want it to start with %q", i, m.Question, q)
		}
		if !namesRole(tail) {
			t.Errorf("%q: the tail %q asks about no role", m.Question, tail)
		}
	}
	if again := tailed(examples, 1, 1); !slices.Equal(again, got) {
		t.Errorf("the same seed made %q, then %q", got, again)
	}
	var many []Example
	for i := range 400 {
		many = append(many, Example{Question: fmt.Sprintf("who keeps the shared drive %d tidy", i)})
	}
	if n := len(tailed(many, 0.25, 1)); n < 70 || n > 130 {
		t.Errorf("a share of 0.25 made %d messages of 400 examples; want about 100", n)
	}
}

func TestNamesRole(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"owns the product backlog", false},
		{"orders the backlog by priority", false},
		{"decides, the po or the pm", true},
		{"is the product owner", true},
		{"does it in your team?", false},
		{"leads sprints or iterations", true},
		{"", false},
	} {
		if got := namesRole(c.text); got != c.want {
			t.Errorf("namesRole(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// builtinBase is the built-in base, or the test's end.
func builtinBase(t testing.TB) *Base {
	t.Helper()
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
