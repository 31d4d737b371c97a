package knowledge_test

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/knowledge"
)

// evalCase is one line of testdata/eval.tsv:
// expected_owner<TAB>expected_id_or_-<TAB>question.
type evalCase struct {
	line  int
	owner knowledge.Owner
	id    string
	q     string
}

func readEval(t *testing.T) []evalCase {
	t.Helper()
	f, err := os.Open("testdata/eval.tsv")
	if err != nil {
		t.Fatalf("the evaluation set testdata/eval.tsv is missing or unreadable (%v): "+
			"it holds expected_owner<TAB>expected_id_or_-<TAB>question lines and must exist for the engine to be judged", err)
	}
	defer f.Close()
	var cases []evalCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 {
			t.Fatalf("testdata/eval.tsv:%d: want 3 tab-separated fields, got %d", n, len(parts))
		}
		o := knowledge.Owner(strings.TrimSpace(parts[0]))
		if !o.Valid() && o != knowledge.Unknown {
			t.Fatalf("testdata/eval.tsv:%d: unknown owner %q", n, o)
		}
		cases = append(cases, evalCase{line: n, owner: o, id: strings.TrimSpace(parts[1]), q: parts[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestEvaluation measures the engine on the evaluation set: owner accuracy
// must reach 95%, and no out-of-scope question may be answered with a role.
func TestEvaluation(t *testing.T) {
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	eng := knowledge.NewEngine(b)
	cases := readEval(t)
	if len(cases) == 0 {
		t.Fatal("testdata/eval.tsv has no questions")
	}
	var ownerOK, topicOK, topicN, unknownN int
	var misses []string
	var unknownConf, knownConf []float64
	// Calibration: how often the owner is right, by confidence band.
	var bandRight, bandAll [5]int
	perOwner := map[knowledge.Owner][2]int{}
	for _, c := range cases {
		if c.id != "-" && c.id != "" {
			if _, ok := b.Entry(c.id); !ok {
				t.Errorf("testdata/eval.tsv:%d: expected id %q is not in the base", c.line, c.id)
			}
		}
		a := eng.Answer(c.q)
		if c.owner == knowledge.Unknown {
			unknownConf = append(unknownConf, a.Confidence)
		} else {
			knownConf = append(knownConf, a.Confidence)
		}
		if a.Owner != knowledge.Unknown {
			band := min(int(a.Confidence*5), 4)
			bandAll[band]++
			if a.Owner == c.owner {
				bandRight[band]++
			}
		}
		po := perOwner[c.owner]
		po[1]++
		if a.Owner == c.owner {
			ownerOK++
			po[0]++
		} else {
			misses = append(misses, fmt.Sprintf("eval.tsv:%d: %q: got %s (%s, %.2f), want %s (%s)", c.line, c.q, a.Owner, a.Topic, a.Confidence, c.owner, c.id))
		}
		perOwner[c.owner] = po
		if c.owner == knowledge.Unknown {
			unknownN++
			if a.Owner != knowledge.Unknown {
				t.Errorf("eval.tsv:%d: out-of-scope question %q answered with %s (entry %s, confidence %.2f)", c.line, c.q, a.Owner, a.Topic, a.Confidence)
			}
		}
		if c.id != "-" && c.id != "" {
			topicN++
			if a.Topic == c.id {
				topicOK++
			}
		}
	}
	acc := float64(ownerOK) / float64(len(cases))
	t.Logf("owner accuracy: %d/%d = %.1f%%", ownerOK, len(cases), 100*acc)
	if topicN > 0 {
		t.Logf("topic accuracy: %d/%d = %.1f%%", topicOK, topicN, 100*float64(topicOK)/float64(topicN))
	}
	owners := make([]string, 0, len(perOwner))
	for o := range perOwner {
		owners = append(owners, string(o))
	}
	sort.Strings(owners)
	for _, o := range owners {
		p := perOwner[knowledge.Owner(o)]
		t.Logf("  %-16s %d/%d", o, p[0], p[1])
	}
	t.Logf("out-of-scope questions: %d", unknownN)
	sort.Float64s(unknownConf)
	sort.Float64s(knownConf)
	if len(unknownConf) > 0 && len(knownConf) > 0 {
		t.Logf("confidence: out-of-scope max %.2f; in-scope min %.2f, p10 %.2f, median %.2f (threshold separates them)",
			unknownConf[len(unknownConf)-1], knownConf[0], knownConf[len(knownConf)/10], knownConf[len(knownConf)/2])
	}
	for i := range bandAll {
		if bandAll[i] > 0 {
			t.Logf("  answered with confidence %.1f-%.1f: owner right %d/%d", float64(i)/5, float64(i+1)/5, bandRight[i], bandAll[i])
		}
	}
	for _, m := range misses {
		t.Log("miss: " + m)
	}
	if acc < 0.95 {
		t.Errorf("owner accuracy %.1f%% is under 95%%", 100*acc)
	}
}
