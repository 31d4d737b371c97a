package slackapp

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWantsAssessment(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"assess", true},
		{"<@U0BOT> assess please", true},
		{"Assessment!", true},
		{"can you start the assessment?", true},
		{"run the hiring assessment for us", true},
		{"do we need a PO or a PM?", true},
		{"should we hire a product owner or product manager?", true},
		{"Do we need both roles at our startup?", true},
		{"is it time for my team to hire a PM?", true},
		{"HIRING a PM for OUR team?", true},
		{"do I need both?", false},
		{"what is a skills assessment?", false},
		{"should we do a skills assessment of our staff?", false},
		{"who owns the backlog?", false},
		{"does our PM own the roadmap?", false},
		{"what does our product manager need to know about sprints?", false},
		{"who do we need to own the backlog?", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := wantsAssessment(tt.text); got != tt.want {
				t.Errorf("wantsAssessment(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestAssessRefRoundTrip(t *testing.T) {
	for _, r := range []assessRef{
		{User: "U1", Channel: "D1"},
		{User: "U0ALICE", Channel: "C0GENERAL", Thread: "1700000000.000100", Question: "stage", Choice: "early_startup"},
		{User: "U_LOCAL", Channel: "D_LOCAL", Question: "kpis", Choice: restartAbandons},
	} {
		got, ok := parseAssessRef(r.value())
		if !ok || got != r {
			t.Errorf("parseAssessRef(%q) = %+v, %v; want %+v", r.value(), got, ok, r)
		}
	}
	for _, bad := range []string{"", "home", "a1|U1|D1|||", "a2|U1|D1||q|c", "a1|<!channel>|D1||q|c", "a1|U1|D1||q|c|extra", "a1||D1||q|c", "a1|U1|C1|dm|q|c", "a1|U1|C1|1700000000.000100:x|q|c"} {
		if got, ok := parseAssessRef(bad); ok && bad != "a1|U1|D1|||" {
			t.Errorf("parseAssessRef(%q) = %+v, accepted", bad, got)
		}
	}
}

func FuzzParseAssessRef(f *testing.F) {
	for _, s := range []string{"a1|U1|D1||stage|growing", "a1|U1|C1|1700000000.000100|q|", "||||||", "a1|U1|D1||q|c|x", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		r, ok := parseAssessRef(v)
		if !ok {
			return
		}
		if !slackID(r.User) || !slackID(r.Channel) {
			t.Fatalf("accepted %q with ids %q %q", v, r.User, r.Channel)
		}
		if r.value() != v {
			t.Fatalf("round trip of %q gave %q", v, r.value())
		}
	})
}

func FuzzStripMentions(f *testing.F) {
	for _, s := range []string{"<@U0BOT> 3", "<@U1|bob> hi <@U2>", "<@", "a <@U1 b", "é<@U1>é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := stripMentions(s)
		if len(got) > len(s) {
			t.Fatalf("stripMentions(%q) = %q grew", s, got)
		}
		if strings.Contains(s, ">") && strings.Contains(got, "<@") && strings.Index(got, ">") > strings.Index(got, "<@") {
			t.Fatalf("stripMentions(%q) = %q left a mention", s, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("stripMentions(%q) = %q is not valid UTF-8", s, got)
		}
	})
}

// BenchmarkWantsAssessment measures what the intent rule adds to every
// question that is not a command.
func BenchmarkWantsAssessment(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		wantsAssessment("<@U0BOT> who is responsible for ordering the product backlog in our team?")
	}
}
