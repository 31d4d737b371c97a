package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/redistest"
)

// assessRun runs "bot assess args…" with script as standard input.
func assessRun(t *testing.T, script string, envs map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(script), stdout: &out, stderr: &errb, getenv: func(k string) string { return envs[k] }}
	code = run(context.Background(), e, append([]string{"assess"}, args...))
	return code, out.String(), errb.String()
}

func assessWant(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

// startupAnswers answers the built-in questionnaire for a five-person
// startup with one product and budget for one hire.
const startupAnswers = "1\n1\n2\n1\n2\n3\n3\n1\n2\n1\n1\n1\n"

func TestAssessInteractive(t *testing.T) {
	t.Run("a scripted run ends with the recommendation", func(t *testing.T) {
		code, out, _ := assessRun(t, startupAnswers, nil)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, out)
		}
		assessWant(t, out, "Do we need a product owner", "[1 of 12] Which best describes your company today?",
			"  1) Early-stage startup", "[12 of 12]", "Recommendation: Hire a product manager", "Why:", "Your answers:")
	})

	t.Run("commands, help, mistakes and free text are handled", func(t *testing.T) {
		script := "help\n1\n1\nnonsense\n2\nback\nback\n1\n" + // stage, products, budget (with a detour)
			"ship the beta by June\n" + // goal: free text
			"2\n3\n3\n" +
			"skip\n" + // challenges is required
			"1\nskip\n1\n1\nskip\n"
		code, out, _ := assessRun(t, script, nil)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, out)
		}
		assessWant(t, out, "Commands:", "This question needs one of its choices", "Back one question.",
			"(your answer)", "This question can't be skipped", "Skipped.",
			"“ship the beta by June”", "(skipped)", "Recommendation:")
	})

	t.Run("cancel stops the assessment", func(t *testing.T) {
		code, out, _ := assessRun(t, "1\ncancel\n", nil)
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		assessWant(t, out, "Assessment cancelled.")
		if strings.Contains(out, "Recommendation:") {
			t.Errorf("a cancelled assessment printed a recommendation:\n%s", out)
		}
	})

	t.Run("end of input says how to keep progress", func(t *testing.T) {
		code, out, _ := assessRun(t, "1\n1\n", nil)
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		assessWant(t, out, "Stopped at question 3 of 12", "REDIS_URL")
	})
}

func TestAssessResumesFromRedis(t *testing.T) {
	envs := map[string]string{"REDIS_URL": redistest.URL(t), "REDIS_PREFIX": redistest.Prefix(t), "SESSION_TTL": "2m", "USER": "dana"}

	code, out, errs := assessRun(t, "1\n1\n", envs)
	if code != 0 {
		t.Fatalf("first run exit %d: %s", code, errs)
	}
	assessWant(t, out, "Saved at question 3 of 12", "Run 'bot assess' again")

	code, out, _ = assessRun(t, "y\n"+startupAnswers[4:], envs)
	if code != 0 {
		t.Fatalf("second run exit %d", code)
	}
	assessWant(t, out, "You have an unfinished assessment, at question 3 of 12. Resume it?", "[3 of 12] How much room", "Recommendation:")
	if strings.Contains(out, "[1 of 12]") {
		t.Errorf("the resumed run asked the first question again:\n%s", out)
	}

	t.Run("answering no to resume starts over", func(t *testing.T) {
		assessRun(t, "1\n", envs)
		_, out, _ := assessRun(t, "n\n", envs)
		assessWant(t, out, "Resume it?", "Starting over", "[1 of 12]")
	})

	t.Run("--new starts over without asking", func(t *testing.T) {
		assessRun(t, "1\n1\n", envs)
		_, out, _ := assessRun(t, "", envs, "--new")
		assessWant(t, out, "[1 of 12]")
		if strings.Contains(out, "Resume it?") {
			t.Errorf("--new asked to resume:\n%s", out)
		}
	})

	t.Run("another user has an assessment of their own", func(t *testing.T) {
		_, out, _ := assessRun(t, "", envs, "--user", "sam")
		if strings.Contains(out, "Resume it?") {
			t.Errorf("sam was offered dana's assessment:\n%s", out)
		}
	})
}

const startupFile = `stage: early_startup
products: one
budget: one_hire
goal: {choice: direction, text: "find product fit"}
current_pm: founder
duties: one_juggles_all
upskilling: "no"
challenges: no_direction
efficiency: roadmap
onboarding: yes_now
decisions: founders
kpis: {skip: true}
`

func assessFileArg(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAssessAnswersFile(t *testing.T) {
	t.Run("--json prints the result as JSON", func(t *testing.T) {
		code, out, errs := assessRun(t, "", nil, "--answers", assessFileArg(t, "a.yaml", startupFile), "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var res assessment.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if res.Recommendation != assessment.HirePM || len(res.Reasons) == 0 || len(res.Roles) == 0 || len(res.Answers) != 12 {
			t.Errorf("result %+v", res)
		}
		if res.Roles[0].Responsibilities[0].Text == "" {
			t.Errorf("roles are not described from the knowledge base: %+v", res.Roles[0])
		}
	})

	t.Run("a JSON answer file from stdin works too", func(t *testing.T) {
		js := `{"stage":"enterprise","products":"four_plus","coverage":"some_products","budget":"two_plus","goal":"both",
		"current_pm":"nobody","duties":"ad_hoc","upskilling":"no","challenges":"no_direction","onboarding":"yes_now","decisions":"unclear"}`
		code, out, errs := assessRun(t, js, nil, "--answers", "-", "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		assessWant(t, out, `"recommendation": "hire_both"`)
	})

	t.Run("--markdown prints Markdown", func(t *testing.T) {
		code, out, _ := assessRun(t, "", nil, "--answers", assessFileArg(t, "a.yaml", startupFile), "--markdown")
		if code != 0 || !strings.HasPrefix(out, "# Hire a product manager\n") {
			t.Errorf("exit %d:\n%s", code, out)
		}
	})

	t.Run("without a format flag the result is text", func(t *testing.T) {
		_, out, _ := assessRun(t, "", nil, "--answers", assessFileArg(t, "a.yaml", startupFile))
		assessWant(t, out, "Recommendation: Hire a product manager")
	})

	bad := []struct {
		name, body, want string
	}{
		{"an unknown question", "stage: growing\nmood: happy\n", `a.yaml:2: unknown question "mood"`},
		{"an unknown choice", "stage: huge\n", `a.yaml:1: question "stage": unknown choice "huge"`},
		{"a missing required answer", "stage: growing\n", `no answer for question "products"`},
		{"text on a choice-only question", "stage: {text: big}\n", `question "stage" takes no typed text`},
		{"not a mapping", "- stage\n", "expected a mapping"},
	}
	for _, tt := range bad {
		t.Run("a file with "+tt.name+" exits 2 and says why", func(t *testing.T) {
			code, out, errs := assessRun(t, "", nil, "--answers", assessFileArg(t, "a.yaml", tt.body), "--json")
			if code != 2 || out != "" || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, errs, tt.want)
			}
		})
	}
}

func TestAssessFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"--json without --answers", []string{"--json"}, "--json and --markdown go with --answers"},
		{"both formats", []string{"--answers", "x", "--json", "--markdown"}, "choose one of"},
		{"an unknown flag", []string{"--colour"}, "flag provided but not defined"},
		{"a stray argument", []string{"now"}, "unexpected argument"},
		{"a missing answer file", []string{"--answers", "/nonexistent/a.yaml"}, "no such file"},
		{"a broken questionnaire file", []string{"--questionnaire", "/nonexistent/q.yaml"}, "no such file"},
		{"a bad SESSION_TTL", nil, "SESSION_TTL"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" exits 2", func(t *testing.T) {
			code, _, errs := assessRun(t, "", map[string]string{"SESSION_TTL": "soon"}, tt.args...)
			if code != 2 || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errs, tt.want)
			}
		})
	}
	t.Run("-h prints the usage and exits 0", func(t *testing.T) {
		code, _, errs := assessRun(t, "", nil, "-h")
		if code != 0 || !strings.Contains(errs, "Usage: bot assess") {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
}
