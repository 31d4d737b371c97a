package knowledge

import (
	"strings"
	"testing"
)

// TestClauses checks where a question's clauses start: the engine weighs the
// clause that asks who above the ones beside it.
func TestClauses(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"sentence punctuation ends a clause", "QA here. who owns the backlog?", []string{"qa here", "who owns the backlog"}},
		{"a spaced dash ends a clause", "exec here - vision: PO or PM?", []string{"exec here", "vision", "po or pm"}},
		{"an em dash ends a clause", "3 founders — do we need a PO", []string{"3 founders", "do we need a po"}},
		{"a dash inside a word does not", "who owns the follow-up notes", []string{"who owns the follow up notes"}},
		{"the dots of initials do not, and initials make one word", "whats a P.O. do exactly", []string{"whats a po do exactly"}},
		{"a dot after a longer word does", "ask the PM. thanks", []string{"ask the pm", "thanks"}},
		{"a comma before a question word does", "sorry noob question, what's a PO?", []string{"sorry noob question", "what a po"}},
		{"a comma before an auxiliary does", "our PM writes the tickets, is that normal?", []string{"our pm writes the tickets", "is that normal"}},
		{"a comma before a contraction typed without its apostrophe does", "PO or PM, whos on the hook", []string{"po or pm", "whos on the hook"}},
		{"a comma between options before the rest of the question does not", "jira, linear or trello for the backlog?", []string{"jira linear or trello for the backlog"}},
		{"a comma before the options that close the question does", "who runs the retro, PO or PM?", []string{"who runs the retro", "po or pm"}},
		{"a comma before a longer tail does not", "who runs the retro, the PO or the PM or both?", []string{"who runs the retro the po or the pm or both"}},
		{"a comma before a longer word that starts like a question word does not", "the backlog, whatever it holds", []string{"the backlog whatever it holds"}},
		{"an emoji code before a question word does", "PM said no :face_palm: who decides?", []string{"pm said no", "who decides"}},
		{"an emoji before a question word does", "nobody owns the dates 💀 is that the pm?", []string{"nobody owns the dates", "is that the pm"}},
		{"an emoji inside a sentence does not", "the :rocket: launch slipped", []string{"the launch slipped"}},
		{"a reason given after the question does", "who owns the backlog bc rn 4 ppl dump tickets in it", []string{"who owns the backlog", "bc rn 4 ppl dump tickets in it"}},
		{"a word that starts like a reason does not", "who owns the bcc list", []string{"who owns the bcc list"}},
		{"so before a question word does", "we have no PO so who owns the backlog?", []string{"we have no po", "so who owns the backlog"}},
		{"so before a question word in capitals does", "NO PO YET SO WHO OWNS IT", []string{"no po yet", "so who owns it"}},
		{"so before another word does not", "the backlog is so long who cares", []string{"the backlog is so long who cares"}},
		{"so before but does not", "so so but who", []string{"so so but who"}},
		{"a short intro before a question word does", "data analyst here how important is analysis for a pm", []string{"data analyst here", "how important is analysis for a pm"}},
		{"a question that says here does not", "is anyone here who knows the roadmap", []string{"is anyone here who knows the roadmap"}},
		{"a long clause that ends in here does not", "we have been working on the app over here who owns it", []string{"we have been working on the app over here who owns it"}},
		{"an intro before an auxiliary that says is does not", "dev here is the po around", []string{"dev here is the po around"}},
		{"a hurried and read as and moves the clauses after it", "deadlines n milestones. po n pm? rock n roll", []string{"deadlines and milestones", "po and pm", "rock and roll"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var breaks []int32
			norm := string(appendClauses(nil, &breaks, nil, tt.in))
			var got []string
			start := 0
			for _, b := range breaks {
				got = append(got, strings.TrimSpace(norm[start:b]))
				start = int(b)
			}
			got = append(got, strings.TrimSpace(norm[start:]))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("clauses of %q = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestClauseMarks(t *testing.T) {
	tests := []struct {
		name, in     string
		asks, labels uint64
	}{
		{"no question mark marks nothing", "our PM writes the tickets. is that normal", 0, 0},
		{"the sentence that ends with one is marked", "our PM writes the tickets. is that normal?", 0b10, 0},
		{"every clause of that sentence is", "our PM writes the tickets, is that normal?", 0b11, 0},
		{"a sentence after it is not", "who owns the backlog? asking for a friend.", 0b1, 0},
		{"a question in the middle", "sales here. who owns pricing? the deck is due friday", 0b10, 0},
		{"a label after words is the next clause", "what skills should I list? <https://jobs.example.com/pm|draft here>", 0b1, 0b10},
		{"a label first is the first clause", "<https://example.com|our wiki> who owns it?", 0b11, 0b1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var breaks []int32
			var marks clauseMarks
			appendClauses(nil, &breaks, &marks, tt.in)
			if marks.asks != tt.asks || marks.labels != tt.labels {
				t.Errorf("appendClauses(%q) marks questions %b and labels %b, want %b and %b", tt.in, marks.asks, marks.labels, tt.asks, tt.labels)
			}
		})
	}
}
