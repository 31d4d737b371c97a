package evaluation_test

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolecall/rolecall/internal/evaluation"
	"github.com/rolecall/rolecall/internal/knowledge"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []evaluation.Case
	}{
		{"two fields are an owner and a question", "product_owner\twho owns the backlog?\n",
			[]evaluation.Case{{Line: 1, Owners: []knowledge.Owner{knowledge.ProductOwner}, Question: "who owns the backlog?"}}},
		{"three fields carry the entry", "product_manager\tproduct-roadmap|roadmap-feedback\twho sets the roadmap\n",
			[]evaluation.Case{{Line: 1, Owners: []knowledge.Owner{knowledge.ProductManager}, IDs: []string{"product-roadmap", "roadmap-feedback"}, Question: "who sets the roadmap"}}},
		{"alternatives are kept in order", "disputed|product_manager\t-\twho owns the vision\n",
			[]evaluation.Case{{Line: 1, Owners: []knowledge.Owner{knowledge.Disputed, knowledge.ProductManager}, Question: "who owns the vision"}}},
		{"comments, blank lines and CRLF are skipped", "# header\n\r\nunknown\t-\twhen is the retro?\r\n",
			[]evaluation.Case{{Line: 3, Owners: []knowledge.Owner{knowledge.Unknown}, Question: "when is the retro?"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := evaluation.Parse(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"one field is refused", "who owns the backlog\n", "line 1: want owner<TAB>question"},
		{"four fields are refused", "a\tb\tc\td\n", "line 1: want owner<TAB>question"},
		{"an unknown owner is named", "# x\nscrum_master\twho runs standup\n", `line 2: unknown owner "scrum_master"`},
		{"unknown cannot be an alternative", "unknown|product_owner\twho owns it\n", "line 1: unknown cannot be an alternative"},
		{"an empty question is refused", "product_owner\t \n", "line 1: the question is empty"},
		{"every bad line is reported", "x\ty\nproduct_owner\t\n", "line 2: the question is empty"},
		{"a huge line is refused", "product_owner\t" + strings.Repeat("a", evaluation.MaxLineBytes) + "\n", "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := evaluation.Parse(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// fixed answers a few questions with set answers, so a report's figures
// are known.
func fixed(t *testing.T) ([]evaluation.Case, func(string) knowledge.Answer) {
	t.Helper()
	cases, err := evaluation.Parse(strings.NewReader(strings.Join([]string{
		"product_owner\tproduct-backlog\twho owns the backlog",
		"product_manager\tproduct-roadmap\twho sets the roadmap",
		"disputed|product_manager\tproduct-vision\twho owns the vision",
		"shared\tstakeholders\twho talks to stakeholders",
		"unknown\t-\twhen is the retro",
		"unknown\t-\twho owns the coffee machine",
	}, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]knowledge.Answer{
		"who owns the backlog":        {Owner: knowledge.ProductOwner, Topic: "product-backlog", Confidence: 0.9},
		"who sets the roadmap":        {Owner: knowledge.ProductOwner, Topic: "roadmap-feedback", Confidence: 0.45},
		"who owns the vision":         {Owner: knowledge.ProductManager, Topic: "product-vision", Confidence: 0.7},
		"who talks to stakeholders":   {Owner: knowledge.Unknown, Scope: knowledge.ScopeUnsure, Suggestions: []knowledge.Related{{ID: "stakeholders"}}, Confidence: 0.3},
		"when is the retro":           {Owner: knowledge.Unknown, Scope: knowledge.ScopeSchedule},
		"who owns the coffee machine": {Owner: knowledge.Shared, Topic: "overlap", Confidence: 0.55},
	}
	return cases, func(q string) knowledge.Answer { return answers[q] }
}

func TestRun(t *testing.T) {
	cases, answer := fixed(t)
	rep := evaluation.Run(cases, answer)
	got := map[string]int{
		"right": rep.Right, "in scope": rep.InScope, "in scope right": rep.InScopeRight, "abstained": rep.Abstained,
		"out of scope": rep.OutOfScope, "out of scope answered": rep.OutOfScopeAnswered,
		"topic cases": rep.TopicCases, "topic right": rep.TopicRight, "suggested": rep.Suggested, "suggested right": rep.SuggestedRight,
		"PM answered PO": rep.Confusion[knowledge.ProductManager][knowledge.ProductOwner],
		"band 0.8-1.0":   rep.Answered[4], "band 0.4-0.6": rep.Answered[2], "band 0.4-0.6 right": rep.AnsweredRight[2],
	}
	want := map[string]int{
		"right": 3, "in scope": 4, "in scope right": 2, "abstained": 1,
		"out of scope": 2, "out of scope answered": 1,
		"topic cases": 4, "topic right": 2, "suggested": 1, "suggested right": 1,
		"PM answered PO": 1,
		"band 0.8-1.0":   1, "band 0.4-0.6": 2, "band 0.4-0.6 right": 0,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("report mismatch (-want +got):\n%s", d)
	}
	if a := rep.Accuracy(); a != 0.5 {
		t.Errorf("Accuracy = %v, want 0.5", a)
	}
	if n := len(rep.Misses()); n != 3 {
		t.Errorf("Misses = %d, want 3", n)
	}
}

// TestWrite compares the printed report with testdata/report.golden; run
// with -update to rewrite it.
func TestWrite(t *testing.T) {
	cases, answer := fixed(t)
	var buf bytes.Buffer
	if err := evaluation.Run(cases, answer).Write(&buf); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/report.golden"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := cmp.Diff(string(want), buf.String()); d != "" {
		t.Errorf("report mismatch (-want +got):\n%s", d)
	}
	if !strings.Contains(buf.String(), "line 6") || strings.Index(buf.String(), "line 6") > strings.Index(buf.String(), "line 2:") {
		t.Error("an out-of-scope question answered with an owner is not listed first among the misses")
	}
}

// TestWriteSummary checks that the summary of a report is the report
// without its misses: a held-out set's questions stay unread.
func TestWriteSummary(t *testing.T) {
	cases, answer := fixed(t)
	rep := evaluation.Run(cases, answer)
	var full, summary bytes.Buffer
	if err := rep.Write(&full); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteSummary(&summary); err != nil {
		t.Fatal(err)
	}
	head, _, found := strings.Cut(full.String(), "\nmisses (")
	if !found {
		t.Fatal("fixture: the full report lists no misses")
	}
	if summary.String() != head+"\n" && summary.String() != head {
		t.Errorf("summary is not the report's head:\n%s\nwant:\n%s", summary.String(), head)
	}
	for _, c := range cases {
		if strings.Contains(summary.String(), c.Question) {
			t.Errorf("summary shows the question %q", c.Question)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"product_owner\twho owns the backlog?\n",
		"disputed|product_manager\tproduct-vision|x\twho owns the vision\n# c\n\n",
		"unknown\t-\t<@U1> when is the retro? :eyes:\r\n",
		"\t\t\t\n|\t|\t|\n",
		"\xff\xfe\tx\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cases, err := evaluation.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, c := range cases {
			if len(c.Owners) == 0 || strings.TrimSpace(c.Question) == "" || c.Line < 1 {
				t.Fatalf("Parse(%q) accepted a malformed case %+v", s, c)
			}
			for _, o := range c.Owners {
				if !o.Valid() && o != knowledge.Unknown {
					t.Fatalf("Parse(%q) accepted owner %q", s, o)
				}
			}
		}
		rep := evaluation.Run(cases, func(string) knowledge.Answer { return knowledge.Answer{Owner: knowledge.Unknown} })
		if rep.Right+len(rep.Misses()) != len(cases) {
			t.Fatalf("right %d + misses %d != %d cases", rep.Right, len(rep.Misses()), len(cases))
		}
	})
}
