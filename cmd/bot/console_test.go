package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/knowledge"
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
		{"of two asks, the one about the roles is answered and named",
			"can someone send me the roadmap deck? also who owns the roadmap, po or pm?\n",
			[]string{"> Answering the part about the roles: who owns the roadmap, po or pm?\nOwner: Product manager"}, nil},
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

func TestConsoleAnswersASuggestionByItsNumber(t *testing.T) {
	// Which phrasings the engine is unsure of changes as it improves: take
	// the first probe it answers with suggestions.
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	eng := knowledge.NewEngine(b)
	var q string
	var sugg []knowledge.Related
	for _, c := range []string{"who talks to the people", "who does the numbers stuff for the product",
		"whose call is it to shuffle stuff up and down the backlog", "do PMs write user stories?",
		"who's in charge of the thing with the epics and stuff", "which one of them deals with the stakeholder folks",
		"launch checklist spreadsheet macros", "is the vision or the budget the PM's",
		"which is the PM's, the stories or the budget?", "whos on the hook 4 the roadmpa lol",
		"who looks after the product stuff", "whos the one for the plan thingy", "who owns the stuff thing"} {
		if a := eng.Answer(c); a.Owner == knowledge.Unknown && len(a.Suggestions) > 0 {
			q, sugg = c, a.Suggestions
			break
		}
	}
	if q == "" {
		t.Fatal("the built-in engine offers suggestions for no probe question: add a phrasing it is unsure of, so this test exercises the choice")
	}
	pick := sugg[len(sugg)-1]
	code, out, errOut := consoleRun(t, fmt.Sprintf("%s\n%d\n", q, len(sugg)))
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, errOut)
	}
	for _, w := range []string{
		"Did you mean…?\n  1. " + sugg[0].Question + "\n",
		fmt.Sprintf("  %d. %s\n", len(sugg), pick.Question),
		"(updated) Answering: " + pick.Question + "\nOwner: ",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}

	// A number with no suggestions before it is an ordinary message.
	code, out, _ = consoleRun(t, "who owns the backlog?\n1\n")
	if code != 0 || strings.Contains(out, "Answering:") {
		t.Errorf("a number after an answer picked something (exit %d):\n%s", code, out)
	}
}
