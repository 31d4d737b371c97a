package assessment_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/knowledge"
)

// minimal is a small valid questionnaire; the validation cases break it.
const minimal = `id: mini
version: 1
title: Mini
intro: Two questions.
strength: {strong: 4, moderate: 2}
roles:
  - id: product_manager
    title: Product manager
    responsibilities: [pm-role]
    kpis: [pm-success-metrics]
outcomes:
  - id: hire_pm
    title: Hire a PM
    roles: [product_manager]
  - id: upskill
    title: Upskill
questions:
  - id: size
    prompt: How big?
    choices:
      - id: small
        label: Small
        weights: {hire_pm: 2}
      - id: big
        label: Big
        weights: {upskill: 2}
  - id: why
    prompt: Why?
    when:
      - question: size
        choices: [big]
    choices:
      - id: because
        label: Because
        weights: {upskill: 1}
rules:
  - id: small-pm
    if:
      - question: size
        choices: [small]
    boost: {hire_pm: 3}
    reason: Small companies hire a PM.
    source: {title: T, author: A, section: S}
`

func TestLoadValid(t *testing.T) {
	q, err := assessment.Load(fstest.MapFS{"q.yaml": {Data: []byte(minimal)}}, "q.yaml")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if q.ID != "mini" || len(q.Questions) != 2 || q.Questions[1].Line != 27 || q.Questions[0].Choices[1].Line != 24 {
		t.Errorf("loaded %+v; question 2 at line %d", q, q.Questions[1].Line)
	}
}

func TestBuiltinIsValid(t *testing.T) {
	q, err := assessment.Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	nine := []string{"goal", "current_pm", "duties", "upskilling", "challenges", "efficiency", "onboarding", "decisions", "kpis"}
	context := []string{"stage", "products", "budget"}
	for _, id := range append(nine, context...) {
		if _, ok := q.Question(id); !ok {
			t.Errorf("the questionnaire lacks question %q", id)
		}
	}
	for _, o := range []assessment.Outcome{assessment.HirePM, assessment.HirePO, assessment.HireBoth, assessment.Upskill} {
		if _, ok := q.Outcome(o); !ok {
			t.Errorf("the questionnaire lacks outcome %q", o)
		}
	}
}

func TestLoadFileReadsATeamsOwnQuestionnaire(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ours.yaml")
	if err := os.WriteFile(path, []byte(minimal), 0o644); err != nil {
		t.Fatal(err)
	}
	q, err := assessment.LoadFile(path)
	if err != nil || q.ID != "mini" {
		t.Fatalf("LoadFile: %v, %v", q, err)
	}
	if _, err := assessment.LoadFile(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("LoadFile of a missing file succeeded")
	}
}

func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name        string
		old, new    string
		wantInError string
	}{
		{"a rule on an unknown question", "      - question: size\n        choices: [small]\n    boost", "      - question: height\n        choices: [small]\n    boost", `q.yaml:37: rule "small-pm": condition on unknown question "height"`},
		{"a rule on an unknown choice", "        choices: [small]\n    boost", "        choices: [tiny]\n    boost", `q.yaml:37: rule "small-pm" names unknown choice "tiny" of question "size"`},
		{"a question whose condition names itself", "      - question: size\n        choices: [big]", "      - question: why\n        choices: [because]", `q.yaml:27: question "why": condition on itself`},
		{"a question whose condition names a later question", "    prompt: How big?\n", "    prompt: How big?\n    when:\n      - question: why\n        choices: [because]\n", `q.yaml:18: question "size": condition on "why", which comes later`},
		{"a question that can never be asked", "choices: [big]\n    choices:", "choices: [big]\n      - question: size\n        choices: [small]\n    choices:", `q.yaml:27: question "why" can never be asked`},
		{"a rule that can never apply", "        choices: [small]\n    boost", "        choices: [small]\n      - question: why\n        choices: [because]\n    boost", `q.yaml:37: rule "small-pm" can never apply`},
		{"duplicate question ids", "  - id: why\n", "  - id: size\n", `q.yaml:27: question "size" is defined twice (first at line 18)`},
		{"duplicate choice ids", "      - id: big\n", "      - id: small\n", `q.yaml:24: question "size": choice "small" is defined twice (first at line 21)`},
		{"a label longer than a Slack button allows", "label: Big", "label: " + strings.Repeat("x", 76), `q.yaml:24: question "size": choice "big": label must be 1 to 75 characters, has 76`},
		{"a weight on an unknown outcome", "weights: {upskill: 1}", "weights: {hire_cto: 1}", `q.yaml:33: question "why": choice "because" weighs on unknown outcome "hire_cto"`},
		{"a question without choices", "    choices:\n      - id: because\n        label: Because\n        weights: {upskill: 1}\n", "    choices: []\n", `q.yaml:27: question "why" has no choices`},
		{"an unknown field", "    prompt: Why?\n", "    prompt: Why?\n    colour: blue\n", "q.yaml:29: field colour not found"},
		{"a rule without a source", "source: {title: T, author: A, section: S}", "source: {title: T}", `q.yaml:37: rule "small-pm" needs a source`},
		{"an outcome naming an unknown role", "roles: [product_manager]\n  - id: upskill", "roles: [cto]\n  - id: upskill", `q.yaml:12: outcome "hire_pm" names unknown role "cto"`},
		{"a role without KPIs", "    kpis: [pm-success-metrics]\n", "", `q.yaml:7: role "product_manager" needs at least one responsibilities entry and one kpis entry`},
		{"broken YAML", "title: Mini", "title: [Mini", "q.yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(minimal, tt.old) {
				t.Fatalf("test case does not apply: %q not in the minimal questionnaire", tt.old)
			}
			src := strings.Replace(minimal, tt.old, tt.new, 1)
			_, err := assessment.Load(fstest.MapFS{"q.yaml": {Data: []byte(src)}}, "q.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.wantInError) {
				t.Errorf("err = %v\nwant it to contain %q", err, tt.wantInError)
			}
		})
	}
}

func TestWithKnowledgeNamesMissingEntries(t *testing.T) {
	q, err := assessment.Load(fstest.MapFS{"q.yaml": {Data: []byte(minimal)}}, "q.yaml")
	if err != nil {
		t.Fatal(err)
	}
	only := func(id string) (*knowledge.Entry, bool) {
		if id == "pm-role" {
			return &knowledge.Entry{ID: id, Topic: "PM", Answer: "Leads."}, true
		}
		return nil, false
	}
	_, err = q.WithKnowledge(only)
	if err == nil || !strings.Contains(err.Error(), `q.yaml:7: role "product_manager": no knowledge entry "pm-success-metrics"`) {
		t.Errorf("err = %v", err)
	}
}
