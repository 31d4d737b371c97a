package llm_test

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/llm"
	openai "github.com/sashabaranov/go-openai"
)

// evalCase is one line of the knowledge evaluation set.
type evalCase struct {
	line     int
	owner    knowledge.Owner
	id       string // "" for "-"
	question string
}

// readEval reads ../knowledge/testdata/eval.tsv:
// expected_owner<TAB>expected_id_or_-<TAB>question, # comments.
func readEval(t *testing.T) []evalCase {
	t.Helper()
	const path = "../knowledge/testdata/eval.tsv"
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("the LLM-mode evaluation runs the knowledge evaluation set: %v", err)
	}
	defer f.Close()
	var out []evalCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		p := strings.SplitN(l, "\t", 3)
		if len(p) != 3 {
			t.Fatalf("%s:%d: want owner<TAB>id<TAB>question, got %q", path, n, l)
		}
		c := evalCase{line: n, owner: knowledge.Owner(p[0]), id: p[1], question: p[2]}
		if c.id == "-" {
			c.id = ""
		}
		if !c.owner.Valid() && c.owner != knowledge.Unknown {
			t.Fatalf("%s:%d: unknown owner %q", path, n, p[0])
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 100 {
		t.Fatalf("%s: only %d questions", path, len(out))
	}
	return out
}

// router is a scripted model: given the case being asked and the routing
// request, it replies.
type router func(c evalCase, i int, req openai.ChatCompletionRequest) reply

// evalRun answers every case through LLM mode with the router and returns
// the owners given.
type evalRun struct {
	name    string
	owners  []knowledge.Owner
	correct int
	calls   int
}

func runEval(t *testing.T, eng *knowledge.Engine, cases []evalCase, name string, r router) evalRun {
	t.Helper()
	var mu sync.Mutex
	var cur evalCase
	var idx int
	f := newFakeModel(t, func(req openai.ChatCompletionRequest) reply {
		mu.Lock()
		c, i := cur, idx
		mu.Unlock()
		if !isRouting(req) {
			t.Errorf("%s: unexpected compose request", name)
			return content("")
		}
		return r(c, i, req)
	})
	a, _ := newAnswerer(t, llm.Config{}, eng, f, newMemCache())
	run := evalRun{name: name}
	for i, c := range cases {
		mu.Lock()
		cur, idx = c, i
		mu.Unlock()
		got := a.Answer(t.Context(), c.question)
		run.owners = append(run.owners, got.Owner)
		if got.Owner == c.owner {
			run.correct++
		}
		if got.Owner != knowledge.Unknown {
			e, ok := eng.Base().Entry(got.Topic)
			if !ok || e.Owner != got.Owner {
				t.Errorf("%s: line %d: answer %q with owner %q does not match the knowledge base", name, c.line, got.Topic, got.Owner)
			}
		}
	}
	run.calls = len(f.requests())
	return run
}

func pct(n, of int) string { return fmt.Sprintf("%.1f%% (%d/%d)", 100*float64(n)/float64(of), n, of) }

func TestEvaluationInLLMMode(t *testing.T) {
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatalf("built-in knowledge base: %v", err)
	}
	eng := knowledge.NewEngine(b)
	cases := readEval(t)

	// The entries a routing request offers as plausible, like the answerer
	// computes them with its defaults.
	plausible := func(q string) []string {
		var ids []string
		for _, m := range eng.Rank(q, llm.DefaultCandidates) {
			if m.Confidence >= llm.DefaultMinCandidateConfidence {
				ids = append(ids, m.ID)
			}
		}
		return ids
	}
	// wrongID is the most damaging valid id for a case: a plausible
	// candidate with the wrong owner if there is one, else any entry with
	// the wrong owner.
	wrongID := func(c evalCase) string {
		for _, id := range plausible(c.question) {
			if e, _ := b.Entry(id); e.Owner != c.owner {
				return id
			}
		}
		for _, e := range b.Entries() {
			if e.Owner != c.owner {
				return e.ID
			}
		}
		return "none"
	}

	lexical := evalRun{name: "lexical"}
	for _, c := range cases {
		o := eng.Answer(c.question).Owner
		lexical.owners = append(lexical.owners, o)
		if o == c.owner {
			lexical.correct++
		}
	}

	perfect := runEval(t, eng, cases, "perfect router", func(c evalCase, _ int, _ openai.ChatCompletionRequest) reply {
		if c.id != "" {
			return routeTo(c.id)
		}
		if c.owner != knowledge.Unknown {
			for _, id := range plausible(c.question) {
				if e, _ := b.Entry(id); e.Owner == c.owner {
					return routeTo(id)
				}
			}
		}
		return routeTo("none")
	})
	adversarial := runEval(t, eng, cases, "adversarial router", func(c evalCase, _ int, _ openai.ChatCompletionRequest) reply {
		return routeTo(wrongID(c))
	})
	chaos := runEval(t, eng, cases, "chaotic router", func(c evalCase, i int, _ openai.ChatCompletionRequest) reply {
		switch i % 8 {
		case 0:
			return routeTo(wrongID(c))
		case 1:
			return routeTo("made-up-" + c.id)
		case 2:
			return content("Sure! The answer is the product manager.")
		case 3:
			return httpError(500, `{"error":{"message":"internal error"}}`)
		case 4:
			return httpError(429, `{"error":{"message":"rate limited"}}`)
		case 5:
			return toolCall("route", `{"topic": `)
		case 6:
			return reply{body: "not json at all"}
		default:
			return routeTo(b.Entries()[i%len(b.Entries())].ID)
		}
	})

	// Why unsure questions did or did not reach the model.
	var unsure, noAnchor, noCandidate int
	for _, c := range cases {
		if lex := eng.Answer(c.question); lex.Owner != knowledge.Unknown && eng.Confident(lex.Confidence) {
			continue
		}
		unsure++
		padded := " " + knowledge.Normalize(c.question) + " "
		anchored := false
		for _, w := range llm.DefaultAnchors {
			anchored = anchored || strings.Contains(padded, " "+knowledge.Normalize(w)+" ")
		}
		switch {
		case !anchored:
			noAnchor++
		case len(plausible(c.question)) == 0:
			noCandidate++
		}
	}

	n := len(cases)
	t.Logf("%d questions are unsure lexically: %d name neither role nor artefact, %d have no plausible candidate, %d go to the model",
		unsure, noAnchor, noCandidate, unsure-noAnchor-noCandidate)
	t.Logf("LLM-mode evaluation over %d questions (owner accuracy):", n)
	t.Logf("  lexical only:       %s", pct(lexical.correct, n))
	for _, r := range []evalRun{perfect, adversarial, chaos} {
		t.Logf("  %-19s %s, %d model calls", r.name+":", pct(r.correct, n), r.calls)
	}

	if perfect.correct < lexical.correct {
		t.Errorf("perfect router accuracy %s is below lexical %s", pct(perfect.correct, n), pct(lexical.correct, n))
	}
	for _, r := range []evalRun{perfect, adversarial, chaos} {
		if r.correct < lexical.correct {
			t.Errorf("%s accuracy %s is below lexical %s", r.name, pct(r.correct, n), pct(lexical.correct, n))
		}
		// Stronger than the totals: no question the lexical engine gets
		// right is lost, and no out-of-scope question gets a role.
		for i, c := range cases {
			if lexical.owners[i] == c.owner && r.owners[i] != c.owner {
				t.Errorf("%s: line %d %q: lexical owner %q was right, LLM mode says %q", r.name, c.line, c.question, c.owner, r.owners[i])
			}
			if c.owner == knowledge.Unknown && r.owners[i] != knowledge.Unknown {
				t.Errorf("%s: line %d %q is out of scope but got owner %q", r.name, c.line, c.question, r.owners[i])
			}
		}
	}
	if perfect.calls == 0 || adversarial.calls == 0 {
		t.Errorf("the routers were never consulted (perfect %d, adversarial %d calls): the evaluation proves nothing", perfect.calls, adversarial.calls)
	}
}
