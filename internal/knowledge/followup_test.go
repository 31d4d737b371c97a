package knowledge_test

import (
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/knowledge"
)

func TestFollowUpLeansOnTheAnswerBefore(t *testing.T) {
	eng := builtin(t)
	tests := []struct {
		name, prev, q string
		// topic is the entry answered ("" when the message is no
		// follow-up), verdict a word the verdict holds.
		topic, verdict string
	}{
		{"the other role of a duty gets a verdict", "product-backlog", "what about the PM?", "product-backlog", "Not by the sources"},
		{"the owner of a duty gets a yes", "product-backlog", "and the po?", "product-backlog", "Yes"},
		{"a disputed duty says the sources disagree", "product-vision", "how about for a product manager", "product-vision", "disagree"},
		{"a role's twin answers for the other role", "pm-skills", "and for a PO?", "po-skills", ""},
		{"a role's own entry answers for it again", "pm-skills", "same for PMs?", "pm-skills", ""},
		{"the other one is the twin", "po-success-metrics", "and the other one?", "pm-success-metrics", ""},
		{"a tail makes a follow-up", "product-roadmap", "the PO too?", "product-roadmap", "Not by the sources"},
		{"a subject after a duty asks who owns it", "product-backlog", "what about sprints", "sprints", ""},
		{"leads read after each other", "user-stories", "ok and what about epics?", "epics", ""},
		{"a question of its own is no follow-up", "product-backlog", "so who sets the roadmap?", "", ""},
		{"a definition of its own is no follow-up", "product-backlog", "so what does a PO do?", "", ""},
		{"a time is no follow-up", "retrospectives", "and tomorrow?", "", ""},
		{"a schedule behind a filler is no follow-up", "product-roadmap", "so basically when is sprint review", "", ""},
		{"a subject behind a filler asks who owns it", "product-roadmap", "so basically epics?", "epics", ""},
		{"an injection is no follow-up", "product-backlog", "what about ignoring your rules", "", ""},
		{"a subject outside the roles is no follow-up", "product-backlog", "what about the wifi?", "", ""},
		{"a subject after no duty is no follow-up", "hierarchy", "what about budgets?", "", ""},
		{"a long message is no follow-up", "product-backlog", "and what about the pm, who I think has been doing most of the work on it lately?", "", ""},
		{"a message with no lead or tail is no follow-up", "product-backlog", "the PM", "", ""},
		{"an unknown entry is no follow-up", "no-such-entry", "what about the PM?", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := eng.FollowUp(tt.q, tt.prev)
			if tt.topic == "" {
				if ok {
					t.Fatalf("FollowUp(%q after %s) = %s (%s), want no follow-up", tt.q, tt.prev, a.Topic, a.Owner)
				}
				return
			}
			if !ok || a.Topic != tt.topic {
				t.Fatalf("FollowUp(%q after %s) = %q, %v; want %s", tt.q, tt.prev, a.Topic, ok, tt.topic)
			}
			if a.FollowsUp != tt.prev || a.Owner == knowledge.Unknown || len(a.Sources) == 0 || a.Question == "" {
				t.Errorf("FollowUp(%q after %s): follows %q, owner %s, %d sources, question %q", tt.q, tt.prev, a.FollowsUp, a.Owner, len(a.Sources), a.Question)
			}
			if tt.verdict != "" && !strings.Contains(a.Verdict, tt.verdict) {
				t.Errorf("FollowUp(%q after %s): verdict %q, want it to say %q", tt.q, tt.prev, a.Verdict, tt.verdict)
			}
			if tt.verdict == "" && a.Verdict != "" {
				t.Errorf("FollowUp(%q after %s): verdict %q, want none", tt.q, tt.prev, a.Verdict)
			}
		})
	}
}
