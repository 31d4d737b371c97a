package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeSet(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "set.tsv")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEval(t *testing.T) {
	set := writeSet(t,
		"# a curator's questions",
		"product_owner\twho owns the backlog?",
		"product_manager\tproduct-roadmap\twho sets the roadmap?",
		"unknown\t-\twhen is the retro?",
		"product_manager\twho writes the user stories?", // a wrong label: one miss
	)
	tests := []struct {
		name     string
		args     []string
		code     int
		contains []string
	}{
		{"the report names accuracy, confusion, calibration and each miss", []string{"eval", set}, 0,
			[]string{"owner accuracy      3/4 = 75.0%", "out of scope      1/1 kept unknown; 0 answered", "confusion", "calibration", "misses (1)", `"who writes the user stories?"`}},
		{"a floor above the accuracy fails", []string{"eval", "--min-accuracy", "0.9", set}, 1,
			[]string{"FAIL: owner accuracy 75.0% is under 90.0%"}},
		{"the lexical engine alone is measured too", []string{"eval", "--lexical", set}, 0,
			[]string{"owner accuracy      3/4 = 75.0%"}},
		{"a floor met passes", []string{"eval", "--min-accuracy", "0.75", "--max-out-of-scope", "0", set}, 0,
			[]string{"owner accuracy      3/4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runBot(t, "", nil, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
			}
			for _, c := range tt.contains {
				if !strings.Contains(out, c) {
					t.Errorf("output lacks %q:\n%s", c, out)
				}
			}
		})
	}
}

func TestEvalJSON(t *testing.T) {
	set := writeSet(t, "product_owner\twho owns the backlog?", "unknown\t-\twhat time is standup tomorrow")
	code, out, errOut := runBot(t, "", nil, "eval", "--json", set)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var s evalSummary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
	if s.Questions != 2 || s.Accuracy != 1 || s.OutOfScope != 1 || s.OutOfScopeAnswered != 0 || len(s.Misses) != 0 {
		t.Errorf("summary = %+v", s)
	}
}

func TestEvalRefusesBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"eval"}, "name at least one FILE.tsv"},
		{"a missing file", []string{"eval", "/nonexistent/set.tsv"}, "no such file"},
		{"a malformed line", []string{"eval", writeSet(t, "product_owner")}, "line 1: want owner<TAB>question"},
		{"an unknown entry", []string{"eval", writeSet(t, "product_owner\tno-such-entry\twho owns the backlog")}, `entry "no-such-entry" is not in the knowledge base`},
		{"an empty file", []string{"eval", writeSet(t, "# nothing")}, "no questions"},
		{"a share out of range", []string{"eval", "--min-accuracy", "90", "x.tsv"}, "between 0 and 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runBot(t, "", nil, tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
			}
		})
	}
}

// TestEvalUsesKnowledgeDir checks a curator's KNOWLEDGE_DIR is what bot eval
// measures.
func TestEvalUsesKnowledgeDir(t *testing.T) {
	dir := t.TempDir()
	entry := `entries:
  - id: coffee-machine
    topic: The coffee machine
    question: Who looks after the team's espresso grinder?
    keywords: [espresso grinder, grinder]
    owner: product_owner
    answer: In this team the product owner keeps the grinder running.
    sources:
      - ref: fullscale
        section: "Team agreement"
`
	if err := os.WriteFile(filepath.Join(dir, "team.yaml"), []byte(entry), 0o644); err != nil {
		t.Fatal(err)
	}
	set := writeSet(t, "product_owner\tcoffee-machine\twho looks after the espresso grinder?")
	code, out, errOut := runBot(t, "", map[string]string{"KNOWLEDGE_DIR": dir}, "eval", set)
	if code != 0 || !strings.Contains(out, "owner accuracy      1/1") {
		t.Errorf("exit %d, output %q, stderr %q; want the team's entry to answer", code, out, errOut)
	}
}
