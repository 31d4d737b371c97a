package assessment_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/rolecall/rolecall/internal/assessment"
)

// scenario is one company profile in testdata/scenarios.
type scenario struct {
	Name    string    `yaml:"name"`
	Answers yaml.Node `yaml:"answers"`
	Expect  struct {
		Recommendation assessment.Outcome  `yaml:"recommendation"`
		Strength       assessment.Strength `yaml:"strength"`
		Reasons        []string            `yaml:"reasons"`
	} `yaml:"expect"`
}

func loadScenarios(t *testing.T) map[string]scenario {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "scenarios", "*.yaml"))
	if err != nil || len(files) < 12 {
		t.Fatalf("want at least 12 scenarios, found %d (%v)", len(files), err)
	}
	out := map[string]scenario{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var s scenario
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&s); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".yaml")] = s
	}
	return out
}

func (s scenario) answers(t *testing.T, q *assessment.Questionnaire, name string) []assessment.Answer {
	t.Helper()
	raw, err := yaml.Marshal(&s.Answers)
	if err != nil {
		t.Fatal(err)
	}
	as, err := q.ParseAnswers(name, raw)
	if err != nil {
		t.Fatalf("ParseAnswers: %v", err)
	}
	return as
}

func TestScenarios(t *testing.T) {
	q := builtin(t)
	outcomes := map[assessment.Outcome]bool{}
	for name, s := range loadScenarios(t) {
		t.Run(name, func(t *testing.T) {
			st, reply, err := q.Replay(s.answers(t, q, name))
			if err != nil {
				t.Fatalf("Replay: %v", err)
			}
			if st.Status != assessment.StatusCompleted || reply.Result == nil {
				t.Fatalf("status %q, result %v; want a completed assessment", st.Status, reply.Result)
			}
			res := reply.Result
			outcomes[res.Recommendation] = true
			if res.Recommendation != s.Expect.Recommendation {
				t.Errorf("%s: recommendation %s, want %s; scores %v", s.Name, res.Recommendation, s.Expect.Recommendation, res.Scores)
			}
			if s.Expect.Strength != "" && res.Strength != s.Expect.Strength {
				t.Errorf("%s: strength %s, want %s; scores %v", s.Name, res.Strength, s.Expect.Strength, res.Scores)
			}
			var got []string
			for _, r := range res.Reasons {
				got = append(got, r.Rule)
			}
			want := append([]string(nil), s.Expect.Reasons...)
			sort.Strings(got)
			sort.Strings(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: reasons (-want +got):\n%s", s.Name, diff)
			}
			for _, r := range res.Reasons {
				if len(r.From) == 0 || r.Source.Section == "" {
					t.Errorf("reason %s has no answers (%v) or no cited section (%v)", r.Rule, r.From, r.Source)
				}
			}
			golden(t, name+".txt", res.Text())
			golden(t, name+".md", res.Markdown())
			js, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name+".json", string(js)+"\n")
		})
	}
	for _, o := range []assessment.Outcome{assessment.HirePM, assessment.HirePO, assessment.HireBoth, assessment.Upskill} {
		if !outcomes[o] {
			t.Errorf("no scenario recommends %s", o)
		}
	}
}
