package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/knowledge"
)

// runBot runs the binary's entry point with buffers and a map environment.
func runBot(t *testing.T, stdin string, envs map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return envs[k] }}
	code = run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// TestAskGolden renders answers from a fixed test base (the built-in content
// keeps improving; the rendering must not change by accident).
func TestAskGolden(t *testing.T) {
	b, err := knowledge.Load(os.DirFS("../../internal/knowledge/testdata/base"))
	if err != nil {
		t.Fatal(err)
	}
	eng := knowledge.NewEngine(b)
	tests := []struct{ name, question string }{
		{"backlog", "who owns the backlog?"},
		{"vision_disputed", "<@U012ABCDEF> who owns the product vision?"},
		{"role_level", "what skills does a PM need?"},
		{"unknown", "what's the weather like today?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := printText(&out, eng.Answer(tt.question)); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("ask", tt.name+".golden"), out.String())
		})
	}
}

// TestAskGoldenVerdictAndSuggestions renders made-up answers with a verdict
// and with suggestions: which questions get them depends on the engine of
// the day, how they are shown must not.
func TestAskGoldenVerdictAndSuggestions(t *testing.T) {
	src := []knowledge.Source{{Title: "Product Owner vs. Product Manager", Author: "Matt Watson, Full Scale", Section: "Roles and Responsibilities"}}
	tests := []struct {
		name string
		a    knowledge.Answer
	}{
		{"verdict", knowledge.Answer{Question: "do PMs write user stories?", Topic: "user-stories", Owner: knowledge.ProductOwner,
			Shape: knowledge.ShapeYesNo, Verdict: "No — by both sources that's the product owner's job.",
			Text: "The product owner writes user stories from customer pain points.", Sources: src, Confidence: 0.81}},
		{"suggestions", knowledge.Answer{Question: "whose call is it to shuffle stuff up and down the backlog", Owner: knowledge.Unknown,
			Scope: knowledge.ScopeUnsure, Text: "I can answer questions about who owns what between a product owner and a product manager.",
			Confidence: 0.32, Suggestions: []knowledge.Related{
				{ID: "product-backlog", Question: "Who owns the product backlog?"},
				{ID: "backlog-ordering", Question: "Who orders the backlog by priority?"},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := printText(&out, tt.a); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("ask", tt.name+".golden"), out.String())
		})
	}
}

func TestAskText(t *testing.T) {
	_, out, _ := runBot(t, "", nil, "ask", "who", "owns", "the", "backlog?")
	for _, want := range []string{"Q: who owns the backlog?", "Owner: Product owner", "Sources:\n  - ", " — ", "Related:\n  - "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = runBot(t, "", nil, "ask", "can someone send me the roadmap deck? also who owns the roadmap, po or pm?")
	for _, want := range []string{"Q: can someone send me the roadmap deck? also who owns the roadmap, po or pm?\n(answering the part about the roles: who owns the roadmap, po or pm?)\n", "Owner: Product manager"} {
		if !strings.Contains(out, want) {
			t.Errorf("output of two asks lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = runBot(t, "", nil, "ask", "who owns the product vision?")
	for _, want := range []string{"Owner: Disputed: the sources disagree", "What each source says:", "  - Product manager: ", "  - Product owner: "} {
		if !strings.Contains(out, want) {
			t.Errorf("disputed output lacks %q:\n%s", want, out)
		}
	}
}

func decodeAnswers(t *testing.T, out string) []knowledge.Answer {
	t.Helper()
	var as []knowledge.Answer
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var a knowledge.Answer
		if err := dec.Decode(&a); err != nil {
			t.Fatalf("output is not JSON lines: %v\n%s", err, out)
		}
		as = append(as, a)
	}
	return as
}

func TestAskJSON(t *testing.T) {
	code, out, _ := runBot(t, "", nil, "ask", "--json", "who owns the backlog?")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if n := strings.Count(out, "\n"); n != 1 {
		t.Errorf("want one JSON line, got %d lines", n)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"question", "topic", "owner", "answer", "sources", "confidence", "related"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, out)
		}
	}
	a := decodeAnswers(t, out)[0]
	if a.Owner != knowledge.ProductOwner || a.Topic == "" || len(a.Sources) == 0 || a.Sources[0].Title == "" {
		t.Errorf("answer = %+v", a)
	}
	// The flag may also follow the question.
	_, out2, _ := runBot(t, "", nil, "ask", "who owns the backlog?", "--json")
	if out2 != out {
		t.Errorf("--json after the question printed %q, want %q", out2, out)
	}
}

func TestAskBatchFromStdin(t *testing.T) {
	huge := strings.Repeat("backlog ", 50_000/8) // a 50 KB line
	in := strings.Join([]string{
		"who owns the backlog?",
		"",
		huge,
		"tell me a joke",
		"\xff\xfe invalid utf-8",
		"who sets the roadmap\r",
		"what skills does a PM need", // no final newline
	}, "\n")
	code, out, errs := runBot(t, in, nil, "ask", "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	as := decodeAnswers(t, out)
	wantOwners := []knowledge.Owner{knowledge.ProductOwner, knowledge.Unknown, knowledge.Unknown, knowledge.Unknown, knowledge.Unknown, knowledge.ProductManager, knowledge.ProductManager}
	if len(as) != len(wantOwners) {
		t.Fatalf("%d answers for %d lines:\n%s", len(as), len(wantOwners), out)
	}
	for i, a := range as {
		if a.Owner != wantOwners[i] {
			t.Errorf("line %d (%.40q): owner %s, want %s", i+1, a.Question, a.Owner, wantOwners[i])
		}
	}
	if !strings.Contains(as[2].Text, "too long") {
		t.Errorf("the 50 KB line got %q, want a too-long answer", as[2].Text)
	}
	if as[5].Question != "who sets the roadmap" {
		t.Errorf("CRLF line echoed as %q", as[5].Question)
	}
}

func TestAskTextBatchFromStdin(t *testing.T) {
	code, out, _ := runBot(t, "who owns the backlog?\nwho sets the roadmap?\n", nil, "ask")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if n := strings.Count(out, "\nOwner: "); n != 2 {
		t.Errorf("%d answers, want 2:\n%s", n, out)
	}
}

func TestAskBadInput(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		code  int
		inOut string
		inErr string
	}{
		{"an empty question gets the unknown answer", []string{"ask", ""}, 0, "Owner: Unknown", ""},
		{"invalid UTF-8 gets the unknown answer", []string{"ask", "\xff\xfe"}, 0, "Owner: Unknown", ""},
		{"a huge question is too long", []string{"ask", strings.Repeat("x", 50_000)}, 0, "too long", ""},
		{"an unknown flag is a usage error", []string{"ask", "--nope", "hi"}, 2, "", "unknown flag --nope"},
		{"help prints the usage", []string{"ask", "-h"}, 0, "Usage: bot ask", ""},
		{"--llm without a model says what to set", []string{"ask", "--llm", "who owns the backlog"}, 2, "", "OPENAI_API_KEY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runBot(t, "", nil, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errs)
			}
			if !strings.Contains(out, tt.inOut) || !strings.Contains(errs, tt.inErr) {
				t.Errorf("stdout %.200q, stderr %.200q; want %q / %q", out, errs, tt.inOut, tt.inErr)
			}
		})
	}
}

func TestKnowledgeDir(t *testing.T) {
	t.Run("entries in KNOWLEDGE_DIR are answered", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "sources.yaml"), "sources:\n  - key: handbook\n    title: Team handbook\n    author: Our team\n    file: handbook.md\n")
		writeFile(t, filepath.Join(dir, "entries", "team.yaml"), `entries:
  - id: coffee-machine
    topic: The coffee machine
    question: Who looks after the coffee machine?
    keywords: [coffee, espresso]
    owner: shared
    answer: Everyone cleans up after themselves.
    sources: [{ref: handbook, section: Office}]
`)
		code, out, errs := runBot(t, "", map[string]string{"KNOWLEDGE_DIR": dir}, "ask", "--json", "who cleans the coffee machine?")
		if code != 0 || errs != "" {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		if a := decodeAnswers(t, out)[0]; a.Topic != "coffee-machine" || a.Sources[0].Title != "Team handbook" {
			t.Errorf("answer = %+v", a)
		}
	})
	t.Run("a broken KNOWLEDGE_DIR warns and the built-in base answers", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "entries", "team.yaml"), "entries:\n  - id: x\n    ownr: nobody\n")
		code, out, errs := runBot(t, "", map[string]string{"KNOWLEDGE_DIR": dir}, "ask", "who owns the backlog?")
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		if !strings.Contains(errs, "warning") || !strings.Contains(errs, "entries/team.yaml:3") {
			t.Errorf("stderr %q lacks a warning naming the file and line", errs)
		}
		if !strings.Contains(out, "Owner: Product owner") {
			t.Errorf("built-in base did not answer:\n%s", out)
		}
	})
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCompare(t *testing.T) {
	code, out, _ := runBot(t, "", nil, "compare")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range b.Comparison() {
		for _, want := range []string{r.Aspect, "  Product manager: " + r.ProductManager, "  Product owner:   " + r.ProductOwner} {
			if !strings.Contains(out, want) {
				t.Errorf("compare lacks %q", want)
			}
		}
		if r.Note != "" && !strings.Contains(out, "  Note: "+r.Note) {
			t.Errorf("compare lacks the note of %q", r.Aspect)
		}
	}
	if !strings.Contains(out, "  Source: ") {
		t.Error("compare cites no sources")
	}
	if code, _, _ := runBot(t, "", nil, "compare", "extra"); code != 2 {
		t.Errorf("compare with an argument exited %d, want 2", code)
	}
}

func TestTopics(t *testing.T) {
	code, out, _ := runBot(t, "", nil, "topics")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range b.Entries() {
		if !strings.Contains(out, e.Topic+": "+e.Question) {
			t.Errorf("topics lacks %q", e.Topic)
		}
	}
	for _, label := range []string{"Product owner (", "Product manager (", "Shared by both roles (", "Disputed: the sources disagree ("} {
		if !strings.Contains(out, label) {
			t.Errorf("topics lacks the group %q", label)
		}
	}
}

func TestCompareAndTopicsArguments(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"compare -h prints its usage", []string{"compare", "-h"}, 0, "Usage: bot compare", ""},
		{"topics --help prints its usage", []string{"topics", "--help"}, 0, "Usage: bot topics", ""},
		{"compare refuses an argument", []string{"compare", "backlog"}, 2, "", `bot compare: unexpected argument "backlog"`},
		{"topics refuses an argument", []string{"topics", "x"}, 2, "", `bot topics: unexpected argument "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runBot(t, "", nil, tt.args...)
			if code != tt.wantCode || !strings.Contains(out, tt.wantStdout) || !strings.Contains(errOut, tt.wantStderr) {
				t.Errorf("bot %v = %d, stdout %q, stderr %q; want %d, %q, %q",
					tt.args, code, out, errOut, tt.wantCode, tt.wantStdout, tt.wantStderr)
			}
		})
	}
}
