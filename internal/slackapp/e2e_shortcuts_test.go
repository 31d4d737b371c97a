package slackapp_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// shareButton finds the "Share in thread" button of a message.
func shareButton(t *testing.T, m slacktest.Message) button {
	t.Helper()
	b, ok := find(buttonsJSON(t, m.Blocks), "rolecall.share.thread")
	if !ok {
		t.Fatalf("no Share in thread button in %s", m.Blocks)
	}
	return b
}

func TestE2EMessageShortcutAnswersPrivatelyAndSharesInTheThread(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		b := h.start(h.store)
		const ch, root, reply = "C0GENERAL", "1700000100.000100", "1700000100.000200"
		tests := []struct {
			name string
			msg  slacktest.ShortcutMessage
			// where the private answer shows and the shared one goes
			wantEphemeralThread, wantShareThread string
		}{
			{"on a message at the top, the answer shows in the channel and is shared in the message's thread",
				slacktest.ShortcutMessage{User: "U0BOB", Text: "Quick one: who owns the backlog? <!here> & co", TS: root}, "", root},
			{"on a reply, the answer shows in its thread and is shared in that thread",
				slacktest.ShortcutMessage{User: "U0BOB", Text: "who owns the backlog?", TS: reply, ThreadTS: root}, root, root},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n := len(h.ephemerals(ch, "U0ALICE"))
				h.fake.SendMessageAction("", ch, "U0ALICE", slackapp.ShortcutAskMessage, tt.msg)
				h.waitFor("the private answer", func() bool { return len(h.ephemerals(ch, "U0ALICE")) > n })
				eph := h.ephemerals(ch, "U0ALICE")[n]
				txt := visible(t, eph.Text, eph.Blocks)
				wants(t, "private answer", txt, "Owner: Product owner", "Share in thread")
				if eph.ThreadTS != tt.wantEphemeralThread {
					t.Errorf("private answer in thread %q, want %q", eph.ThreadTS, tt.wantEphemeralThread)
				}
				posts := len(h.posts(ch))
				sb := shareButton(t, eph)
				h.fake.SendBlockActionEphemeral("", ch, "U0ALICE", eph.TS, eph.ThreadTS, sb.ActionID, sb.BlockID, sb.Value)
				shared := h.waitPost(ch, posts+1)
				if shared.ThreadTS != tt.wantShareThread {
					t.Errorf("shared in thread %q, want %q", shared.ThreadTS, tt.wantShareThread)
				}
				st := visible(t, shared.Text, shared.Blocks)
				wants(t, "shared answer", st, "<@U0ALICE> asked", "Owner: Product owner")
				lacks(t, "shared answer", st, "<!here>", "rolecall.share.thread")
			})
		}
		if got := testutil.ToFloat64(b.m.Answers.WithLabelValues("product_owner")); got < 4 {
			t.Errorf("answers{owner=product_owner} = %v, want ≥ 4 (two answers, two shares)", got)
		}
	})
}

func TestE2EMessageShortcutRefusesPolitelyAndFallsBackToTheDM(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		h.start(h.store)
		const ch = "C0GENERAL"
		tests := []struct {
			name string
			text string
			want string
		}{
			{"an empty message (a file) gets a note", "", "no words I can read as a question"},
			{"a huge message gets a note", strings.Repeat("Who owns the roadmap and why? ", 100), "too long for me to find one question"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n := len(h.ephemerals(ch, "U0ALICE"))
				h.fake.SendMessageAction("", ch, "U0ALICE", slackapp.ShortcutAskMessage, slacktest.ShortcutMessage{User: "U0BOB", Text: tt.text})
				h.waitFor("the note", func() bool { return len(h.ephemerals(ch, "U0ALICE")) > n })
				if m := h.ephemerals(ch, "U0ALICE")[n]; !strings.Contains(m.Text, tt.want) {
					t.Errorf("note = %q, want %q", m.Text, tt.want)
				}
			})
		}

		t.Run("where the bot cannot post, the answer goes to the DM, without Share in thread", func(t *testing.T) {
			h.fake.Fail("chat.postEphemeral", "channel_not_found", 1)
			h.fake.SendMessageAction("", "D0OTHERS", "U0ALICE", slackapp.ShortcutAskMessage, slacktest.ShortcutMessage{User: "U0BOB", Text: "who sets the product vision?"})
			dm := h.fake.DMChannel("U0ALICE")
			m := h.waitMessages(dm, 1)[0]
			txt := visible(t, m.Text, m.Blocks)
			wants(t, "answer in the DM", txt, "here is my answer privately", "Owner:")
			lacks(t, "answer in the DM", txt, "rolecall.share.thread")
		})

		t.Run("a question nobody can answer is logged as for a mention", func(t *testing.T) {
			h.fake.SendMessageAction("", ch, "U0ALICE", slackapp.ShortcutAskMessage, slacktest.ShortcutMessage{User: "U0BOB", Text: "what is the weather in Lisbon?"})
			h.waitFor("the question to be logged", func() bool {
				us, _ := h.store.RecentUnanswered(h.ctx, team, 5)
				return len(us) == 1 && strings.Contains(us[0].Question, "weather")
			})
		})
	})
}

// waitTop waits for user's modal to show a view whose title starts with
// title and returns it.
func (h *harness) waitTop(user, title string) slacktest.View {
	h.t.Helper()
	var v slacktest.View
	h.waitFor("a view titled "+title, func() bool {
		var ok bool
		v, ok = h.fake.TopView(user)
		return ok && strings.HasPrefix(v.Title, title)
	})
	return v
}

// submit submits view id with values and waits for the bot's ack.
func (h *harness) submit(id string, values map[string]map[string]string) slacktest.Ack {
	h.t.Helper()
	env, err := h.fake.SubmitView(id, values)
	if err != nil {
		h.t.Fatalf("submit %s: %v", id, err)
	}
	ack, err := h.fake.WaitAck(h.ctx, env)
	if err != nil {
		h.t.Fatalf("no ack of the submission: %v", err)
	}
	return ack
}

func viewText(t *testing.T, v slacktest.View) string {
	t.Helper()
	return visible(t, v.Title, v.Blocks)
}

func TestE2EGlobalShortcutAnswersInAFormAndSharesToAChannel(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		b := h.start(h.store)
		h.fake.SendShortcut("", "U0ALICE", slackapp.ShortcutAskGlobal)
		form := h.waitTop("U0ALICE", "Who owns")

		// The answer replaces the question, with a channel picker.
		h.submit(form.ID, map[string]map[string]string{"question": {"text": "who owns the backlog? <!channel>"}})
		ans := h.waitTop("U0ALICE", "Who owns")
		txt := viewText(t, ans)
		wants(t, "answer view", txt, "Owner: Product owner", "Share to a channel", "conversations_select", "&lt;!channel&gt;")
		lacks(t, "answer view", txt, "rolecall.feedback", "<!channel>")
		if ans.ID != form.ID || ans.Submit != "Share" || len(h.fake.Stack(ans.ID)) != 1 {
			t.Errorf("answer view %+v: want the form itself, updated, with Share", ans)
		}
		if got := testutil.ToFloat64(b.m.Answers.WithLabelValues("product_owner")); got != 1 {
			t.Errorf("answers{owner=product_owner} = %v, want 1", got)
		}

		// Not a member: a friendly error under the picker; nothing posted.
		h.fake.Fail("chat.postMessage", "not_in_channel", 1)
		ack := h.submit(ans.ID, map[string]map[string]string{"share": {"channel": "C0SECRET"}})
		if !strings.Contains(string(ack.Payload), `"response_action":"errors"`) {
			t.Errorf("ack = %s, want errors", ack.Payload)
		}
		if v, _ := h.fake.TopView("U0ALICE"); !strings.Contains(v.Errors["share"], "not a member") {
			t.Errorf("errors = %v", v.Errors)
		}

		// A channel it is in: shared there, saying who asked.
		h.submit(ans.ID, map[string]map[string]string{"share": {"channel": "C0GENERAL"}})
		shared := h.waitPost("C0GENERAL", 1)
		wants(t, "shared answer", visible(t, shared.Text, shared.Blocks), "<@U0ALICE> asked", "Owner: Product owner")
		done := h.waitTop("U0ALICE", "Who owns")
		wants(t, "form after sharing", viewText(t, done), "Shared in <#C0GENERAL>")

		t.Run("a question it cannot answer offers to ask again", func(t *testing.T) {
			h.fake.SendShortcut("", "U0BOB", slackapp.ShortcutAskGlobal)
			f := h.waitTop("U0BOB", "Who owns")
			h.submit(f.ID, map[string]map[string]string{"question": {"text": "what is the weather in Lisbon?"}})
			v := h.waitTop("U0BOB", "Who owns")
			wants(t, "unknown answer", viewText(t, v), "I can't answer that one", "what is the weather in Lisbon?")
			if v.Submit != "Ask again" {
				t.Errorf("submit = %q, want Ask again", v.Submit)
			}
			h.waitFor("the question to be logged", func() bool {
				us, _ := h.store.RecentUnanswered(h.ctx, team, 5)
				return len(us) == 1
			})
		})

		t.Run("blank question is refused under the input", func(t *testing.T) {
			h.fake.SendShortcut("", "U0CARA", slackapp.ShortcutAskGlobal)
			f := h.waitTop("U0CARA", "Who owns")
			h.submit(f.ID, map[string]map[string]string{"question": {"text": "   "}})
			if v, _ := h.fake.TopView("U0CARA"); v.Errors["question"] == "" {
				t.Errorf("no error under the question: %+v", v)
			}
		})
	})
}

func TestE2EGlobalShortcutInLLMModeAnswersInTheAckWhenTheAnswerIsQuick(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		h.start(h.store, func(c *slackapp.Config) {
			c.Answerer = fixedAnswerer{a: knowledge.Answer{Owner: knowledge.ProductManager, Topic: "roadmap", Text: "The PM builds the roadmap."}}
		})
		h.fake.SendShortcut("", "U0ALICE", slackapp.ShortcutAskGlobal)
		form := h.waitTop("U0ALICE", "Who owns")
		ack := h.submit(form.ID, map[string]map[string]string{"question": {"text": "who builds the roadmap?"}})
		if !strings.Contains(string(ack.Payload), "The PM builds the roadmap.") {
			t.Errorf("ack = %s, want the answer in it", ack.Payload)
		}
		h.barrier()
		if n := len(h.fake.CallsTo("views.update")); n != 0 {
			t.Errorf("%d views.update calls, want none: the ack carried the answer", n)
		}
	})
}

func TestE2EGlobalShortcutInLLMModeAnswersAfterTheAckWhenTheAnswerIsSlow(t *testing.T) {
	// The ack waits up to 1.5 s for the answer: Slack's 3 s here, not the
	// harness's short deadline.
	eachTransport(t, slacktest.Config{AckTimeout: 3 * time.Second}, func(t *testing.T, h *harness) {
		held := heldAnswerer{asked: make(chan struct{}, 1), release: make(chan struct{})}
		h.start(h.store, func(c *slackapp.Config) { c.Answerer = held })
		h.fake.SendShortcut("", "U0ALICE", slackapp.ShortcutAskGlobal)
		form := h.waitTop("U0ALICE", "Who owns")
		ack := h.submit(form.ID, map[string]map[string]string{"question": {"text": "who builds the roadmap?"}})
		if !strings.Contains(string(ack.Payload), "Looking that up") {
			t.Errorf("ack = %s, want a view that says the answer is coming", ack.Payload)
		}
		<-held.asked
		close(held.release)
		h.waitFor("the answer in the form", func() bool {
			v, _ := h.fake.TopView("U0ALICE")
			return strings.Contains(string(v.Blocks), "The PM builds the roadmap.")
		})
		if c, err := h.fake.WaitCalls(h.ctx, "views.update", 1); err != nil || len(c) != 1 {
			t.Errorf("views.update calls %+v (%v), want one", c, err)
		}
	})
}

func TestE2EAnExpiredTriggerIsHandledGracefully(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		h.start(h.store, withDialog(t, h.store))
		dm := h.fake.DMChannel("U0ALICE")

		h.fake.Fail("views.open", "expired_trigger_id", 1)
		h.fake.SendShortcut("", "U0ALICE", slackapp.ShortcutAskGlobal)
		m := h.waitMessages(dm, 1)[0]
		if !strings.Contains(m.Text, "too little time") {
			t.Errorf("note = %q", m.Text)
		}

		// The assessment form falls back to the DM: the question is asked there.
		h.fake.Fail("views.open", "expired_trigger_id", 1)
		h.fake.SendBlockActionHome("", "U0ALICE", "rolecall.assess.form", "home-start", "home")
		q := h.waitPost(dm, 2)
		wants(t, "question in the DM", visible(t, q.Text, q.Blocks), "took too long to open", "Question 1 of")

		// So does /roles assess modal, and the channel hears where it went.
		bdm := h.fake.DMChannel("U0BOB")
		h.fake.Fail("views.open", "expired_trigger_id", 1)
		h.fake.SendSlash("", "C0GENERAL", "U0BOB", "/roles", "assess modal")
		q = h.waitPost(bdm, 1)
		wants(t, "question in the DM", visible(t, q.Text, q.Blocks), "took too long to open", "Question 1 of")
		h.waitFor("the note in the channel", func() bool { return len(h.ephemerals("C0GENERAL", "U0BOB")) == 1 })

		h.barrier()
		if !strings.Contains(h.logs.String(), "trigger is gone") {
			t.Errorf("the expired trigger was not logged")
		}
		if n := len(h.fake.Views()); n != 0 {
			t.Errorf("%d views open, want none", n)
		}
	})
}

// ackAction reads the response_action of an ack.
func ackAction(t *testing.T, a slacktest.Ack) string {
	t.Helper()
	var p struct {
		Action string `json:"response_action"`
	}
	if len(a.Payload) > 0 {
		if err := json.Unmarshal(a.Payload, &p); err != nil {
			t.Fatalf("ack payload %s: %v", a.Payload, err)
		}
	}
	return p.Action
}
