package main

import (
	"strings"
	"testing"
)

func TestConsoleRunsTheAssessment(t *testing.T) {
	// Early-stage startup, one product, room for one hire, then the first
	// choice of every other question.
	answers := "assess\n1\n1\n2\n" + strings.Repeat("1\n", 12) + "quit\n"
	code, out, errOut := consoleRun(t, answers)
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, errOut)
	}
	for _, w := range []string{
		"assess takes the hiring assessment",
		"Question 1 of 12: Which best describes your company today?",
		"(updated) ✅ You answered: Early-stage startup, under about 20 people",
		"Recommendation: ",
		"Your answers:",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if n := strings.Count(out, "Question 1 of"); n != 1 {
		t.Errorf("question 1 asked %d times, want once", n)
	}
}
