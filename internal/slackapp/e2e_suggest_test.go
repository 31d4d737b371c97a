package slackapp_test

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

func TestE2EASuggestionClickAnswersInPlace(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	b := h.start(h.store, func(c *slackapp.Config) { c.Answerer = unsureAnswerer{c.Engine} })

	t.Run("in a DM the message with the suggestions becomes the answer", func(t *testing.T) {
		h.fake.SendDM("", "U0ALICE", unsureQuestion+"?", "")
		dm := h.fake.DMChannel("U0ALICE")
		m := h.waitMessages(dm, 1)[0]
		txt := visible(t, m.Text, m.Blocks)
		for _, w := range []string{"Did you mean", `"action_id":"rolecall.suggest.0"`, `"value":"backlog"`, "Who builds the product roadmap?"} {
			if !strings.Contains(txt, w) {
				t.Errorf("reply lacks %q:\n%s", w, txt)
			}
		}
		h.fake.SendBlockAction("", dm, "U0ALICE", m.TS, "", "rolecall.suggest.0", "suggestions", "backlog")
		ups, err := h.fake.WaitCalls(h.ctx, "chat.update", 1)
		if err != nil {
			t.Fatalf("no chat.update: %v", err)
		}
		u := ups[0]
		if u.Channel != dm || u.TS != m.TS {
			t.Errorf("chat.update of %s/%s, want the suggestions' message %s/%s", u.Channel, u.TS, dm, m.TS)
		}
		txt = visible(t, u.Text, u.Blocks)
		for _, w := range []string{"Owner: Product owner", "Answering: _Who owns the product backlog?_", "rolecall.feedback.up"} {
			if !strings.Contains(txt, w) {
				t.Errorf("updated message lacks %q:\n%s", w, txt)
			}
		}
		if strings.Contains(txt, "rolecall.suggest") {
			t.Errorf("the updated message still offers suggestions:\n%s", txt)
		}
		h.barrier()
		for _, m := range h.messagesTo(dm)[1:] {
			if m.Method != "chat.update" {
				t.Errorf("the click posted a new %s, want only the update", m.Method)
			}
		}
	})

	t.Run("a private /roles ask reply is replaced through the response URL", func(t *testing.T) {
		// With an Answerer the reply is posted (chat.postEphemeral) rather
		// than carried by the ack; either way it is ephemeral.
		h.fake.SendSlash("", "C0GENERAL", "U0BOB", "/roles", "ask "+unsureQuestion)
		m := h.waitMessages("C0GENERAL", 1)[0]
		if !m.Ephemeral || m.User != "U0BOB" {
			t.Errorf("reply %+v, want it ephemeral to U0BOB", m)
		}
		if txt := visible(t, m.Text, m.Blocks); !strings.Contains(txt, `"action_id":"rolecall.suggest.1"`) {
			t.Fatalf("the ephemeral reply offers no suggestions:\n%s", txt)
		}
		h.fake.SendBlockActionEphemeral("", "C0GENERAL", "U0BOB", m.TS, "", "rolecall.suggest.1", "suggestions", "user-stories")
		calls, err := h.fake.WaitCalls(h.ctx, "response_url", 1)
		if err != nil {
			t.Fatalf("no post to the response URL: %v", err)
		}
		c := calls[0]
		if c.Params["replace_original"] != "true" || c.User != "U0BOB" {
			t.Errorf("response_url post %v for %s, want replace_original true for U0BOB", c.Params, c.User)
		}
		txt := visible(t, c.Text, c.Blocks)
		for _, w := range []string{"Owner: Product owner", "Who writes the user stories and epics?", "Share in channel"} {
			if !strings.Contains(txt, w) {
				t.Errorf("replacement lacks %q:\n%s", w, txt)
			}
		}
		h.barrier()
		if n := len(h.messagesTo("C0GENERAL")); n != 2 {
			t.Errorf("%d messages in C0GENERAL, want the reply and its replacement", n)
		}
	})

	if got := testutil.ToFloat64(b.m.SuggestionsShown); got != 2 {
		t.Errorf("suggestions shown = %v, want 2", got)
	}
	if got := testutil.ToFloat64(b.m.SuggestionsChosen); got != 2 {
		t.Errorf("suggestions chosen = %v, want 2", got)
	}
}
