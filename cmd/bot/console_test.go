package main

import (
	"context"
	"strings"
	"testing"
)

func consoleRun(t *testing.T, stdin string) (int, string, string) {
	t.Helper()
	var out, errb strings.Builder
	code := run(context.Background(), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: slackEnv(nil)}, []string{"console"})
	return code, out.String(), errb.String()
}

func TestConsole(t *testing.T) {
	tests := []struct {
		name, stdin string
		want, dont  []string
	}{
		{"a question is answered like a DM, with owner and sources",
			"who owns the backlog?\n", []string{"Who owns the product backlog?", "> Owner: Product owner", "Sources:"}, nil},
		{"help, compare and topics work as in a DM",
			"help\ncompare\ntopics\n", []string{"/roles ask <question>", "Product manager vs product owner", "What I can answer"}, nil},
		{"a disputed topic says so plainly",
			"who sets the product vision?\n", []string{"Owner: disputed — the sources disagree"}, nil},
		{"quit ends the chat before later lines",
			"\n   \nquit\nwho owns the backlog?\n", nil, []string{"Owner:"}},
		{"end of input ends the chat, even without a newline",
			"who builds the roadmap?", []string{"Owner: Product manager"}, nil},
		{"user text is shown as typed, not escaped",
			"<!channel> tell me a joke\n", []string{"I can't answer that one"}, []string{"&lt;"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := consoleRun(t, tt.stdin)
			if code != 0 {
				t.Fatalf("exit code %d, stderr:\n%s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.dont {
				if strings.Contains(out, w) {
					t.Errorf("output contains %q:\n%s", w, out)
				}
			}
			if strings.Contains(errOut, "WARN") || strings.Contains(errOut, "embedded") {
				t.Errorf("the console printed store warnings:\n%s", errOut)
			}
		})
	}
}
