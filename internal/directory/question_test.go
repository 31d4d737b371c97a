package directory_test

import (
	"testing"

	"github.com/rolecall/rolecall/internal/directory"
)

func TestAsksWhoTellsDirectoryQuestionsFromKnowledgeQuestions(t *testing.T) {
	c := team(t)
	tests := []struct {
		name, text string
		role       string // "" when it is not a directory question
		channel    string
	}{
		{"who is our PO", "who is our PO?", directory.ProductOwner, ""},
		{"who's the scrum master for a channel", "who's the scrum master for <#C123ABC|payments>?", "scrum-master", "C123ABC"},
		{"who are the PMs here", "Who are the PMs here", directory.ProductManager, ""},
		{"a typographic apostrophe", "who’s our product owner", directory.ProductOwner, ""},
		{"with the bot's mention in front", "<@U0BOT> who is the tech lead in this channel?", "tech-lead", ""},
		{"a channel instead of a determiner", "who is PO in #C123ABC", directory.ProductOwner, "C123ABC"},
		{"the role in general is a knowledge question", "who is a product owner?", "", ""},
		{"a duty is a knowledge question", "who owns the backlog?", "", ""},
		{"more after the role is a knowledge question", "who is the PO responsible for the roadmap", "", ""},
		{"no who at all", "our PO is great", "", ""},
		{"an unknown role", "who is our ceo", "", ""},
		{"who alone", "who?", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, ok := directory.AsksWho(tt.text, c)
			if ok != (tt.role != "") || q.Role.Name != tt.role || q.Channel != tt.channel {
				t.Errorf("AsksWho(%q) = %+v, %v; want role %q, channel %q", tt.text, q, ok, tt.role, tt.channel)
			}
		})
	}
}
