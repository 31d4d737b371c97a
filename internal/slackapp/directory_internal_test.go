package slackapp

import (
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/knowledge"
)

func TestAskWhomAbout(t *testing.T) {
	tests := []struct {
		q, duty string
		ok      bool
	}{
		{"who should I ask about the roadmap?", "the roadmap", true},
		{"<@U0BOT> Who do I talk to about the backlog", "the backlog", true},
		{"who can we speak with regarding pricing?", "pricing", true},
		{"who's the right person to ask about release dates", "release dates", true},
		{"who to ask about user stories", "user stories", true},
		{"who should I reach out to about the sprint goal", "the sprint goal", true},
		{"who do I go to for priorities", "priorities", true},
		{"who owns the roadmap?", "", false},
		{"who should I ask?", "", false},
		{"who is our PO", "", false},
		{"what should I ask about the roadmap", "", false},
		{"who asked about the roadmap", "", false},
	}
	for _, tt := range tests {
		duty, ok := askWhomAbout(tt.q)
		if duty != tt.duty || ok != tt.ok {
			t.Errorf("askWhomAbout(%q) = %q, %v; want %q, %v", tt.q, duty, ok, tt.duty, tt.ok)
		}
	}
}

func FuzzAskWhomAbout(f *testing.F) {
	for _, s := range []string{"who should I ask about the roadmap?", "who to ask about", "who's who", "\xff who ask about x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		duty, ok := askWhomAbout(q)
		if !ok {
			return
		}
		if duty == "" || !strings.HasSuffix(knowledge.Normalize(q), duty) {
			t.Errorf("askWhomAbout(%q) = %q: not a non-empty tail of the question", q, duty)
		}
	})
}
