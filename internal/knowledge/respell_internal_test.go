package knowledge

import (
	"strings"
	"testing"
)

func TestRespelled(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"hwo owns the backlog?", "who owns the backlog?"},
		{"Hwo decides priorities", "Who decides priorities"},
		{"woh's on the hook for the roadmap", "who's on the hook for the roadmap"},
		{"hwos in charge of the backlog", "whos in charge of the backlog"},
		{"hwo much does a PM earn", "how much does a PM earn"},
		{"hwo do i add an epic in jira", "how do i add an epic in jira"},
		{"ohw is a po different from a pm", "how is a po different from a pm"},
		{"wahts a po", "whats a po"},
		{"waht does a pm do", "what does a pm do"},
		{"whcih role owns the roadmap", "which role owns the roadmap"},
		{"wich one writes stories", "which one writes stories"},
		{"shoudl the pm run standup", "should the pm run standup"},
		{"shoud the po be technical", "should the po be technical"},
		{"deos the po write user stories", "does the po write user stories"},
		{"dose the po write user stories", "does the po write user stories"},
		{"whoes job is the vision", "whose job is the vision"},
		{"wehn is the retro", "when is the retro"},
		{"so, waht about epics?", "so, what about epics?"},
		{"sry typos - whi owns priorties", "sry typos - who owns priorties"},
		{"whp sets priorty for devs next sprnt", "who sets priorty for devs next sprnt"},
		{"wjo owns the roadmap", "who owns the roadmap"},
		// "whi" before a verb that helps may be "why" as well.
		{"whi is the po always in meetings", "whi is the po always in meetings"},
		// Unchanged: words of English after the first ("were" is no
		// "where", "dose" no "does" but first), hurried spellings the
		// form reader knows, words no question word is typed as, accents.
		{"were there product managers 100 years ago", "were there product managers 100 years ago"},
		{"the right dose of process", "the right dose of process"},
		{"whos the po", "whos the po"},
		{"wat is a po", "wat is a po"},
		{"who owns the backlog?", "who owns the backlog?"},
		{"héwo owns it", "héwo owns it"},
		{"", ""},
	} {
		got, changed := respelled(c.in)
		if got != c.want || changed != (c.in != c.want) {
			t.Errorf("respelled(%q) = %q, %v; want %q", c.in, got, changed, c.want)
		}
	}
}

func TestRespelledAllocatesNothingWithoutATypo(t *testing.T) {
	q := "hey all, quick q: who owns the backlog for the checkout squad, po or pm? thx"
	if n := testing.AllocsPerRun(100, func() { respelled(q) }); n != 0 {
		t.Errorf("respelled allocates %v times a call without a typo; want 0", n)
	}
}

func FuzzRespelled(f *testing.F) {
	for _, s := range []string{"hwo owns the backlog?", "Wahts a PO", "shoud", "dose the po", "héwo", "hwo do", "woh's"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, changed := respelled(s)
		if !changed && got != s {
			t.Fatalf("respelled(%q) = %q, unchanged", s, got)
		}
		// Only whole words change, each into a question word: the
		// words are as many and the rest is kept.
		if a, b := strings.Fields(s), strings.Fields(got); len(a) != len(b) {
			t.Fatalf("respelled(%q) = %q: %d words, want %d", s, got, len(b), len(a))
		}
		if again, _ := respelled(got); again != got {
			t.Fatalf("respelled(%q) = %q, but again %q", s, got, again)
		}
	})
}
