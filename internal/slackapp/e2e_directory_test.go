package slackapp_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// The role directory and the curation loop, end to end: the real bot
// against the fake Slack and a real Redis.

const (
	e2eAdmin   = "U0ADA"
	e2eCurator = "U0CURT"
)

// startDirectory starts a bot whose workspace has an admin (U0ADA) and a
// named curator (U0CURT).
func startDirectory(h *harness) *bot {
	h.t.Helper()
	h.fake.SetUser(slacktest.User{ID: e2eAdmin, Admin: true})
	return h.start(h.store, func(c *slackapp.Config) { c.Curators = []string{e2eCurator} })
}

// ackText returns what a slash command's ack carried ("" for a bare ack).
func (h *harness) ackText(env string) string {
	h.t.Helper()
	ack, err := h.fake.WaitAck(h.ctx, env)
	if err != nil {
		h.t.Fatalf("no ack: %v", err)
	}
	if len(ack.Payload) == 0 {
		return ""
	}
	var p struct {
		Text   string          `json:"text"`
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(ack.Payload, &p); err != nil {
		h.t.Fatalf("ack payload %s: %v", ack.Payload, err)
	}
	return visible(h.t, p.Text, p.Blocks)
}

// replyIn waits for the n-th message in channel and returns what it shows.
func (h *harness) replyIn(channel string, n int) (slacktest.Message, string) {
	h.t.Helper()
	m := h.waitMessages(channel, n)[n-1]
	return m, visible(h.t, m.Text, m.Blocks)
}

func TestE2ESetARoleThenAskInThatChannelAndInAnother(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	startDirectory(h)
	// As Slack sends it with should_escape: true.
	env, _ := h.fake.SendSlash("", "C0PAY", e2eAdmin, "/roles", "set po <@U0ALICE|alice> <#C0PAY|payments>")
	if txt := h.ackText(env); txt != "" {
		t.Errorf("a set was answered in its ack, before it was applied: %s", txt)
	}
	m, txt := h.replyIn("C0PAY", 1)
	if m.Ephemeral || m.Method != "chat.postMessage" {
		t.Errorf("confirmation %+v, want a public post", m)
	}
	wants(t, "confirmation", txt, "<@U0ADA> set the *product owner* for this channel to <@U0ALICE>.")
	if calls := h.fake.CallsTo("users.info"); len(calls) == 0 || calls[0].User != e2eAdmin {
		t.Errorf("users.info calls %+v, want the admin checked", calls)
	}

	h.fake.SendMention("", "C0PAY", "U0BOB", "who owns the backlog?", "", "")
	_, txt = h.replyIn("C0PAY", 2)
	wants(t, "answer in that channel", txt, "Owner: Product owner", "In this channel that's <@U0ALICE>.")

	h.fake.SendMention("", "C0GENERAL", "U0BOB", "who owns the backlog?", "", "")
	_, txt = h.replyIn("C0GENERAL", 1)
	wants(t, "answer in another channel", txt, "Owner: Product owner", "Nobody is set as product owner here yet", "/roles set po @someone")
	lacks(t, "answer in another channel", txt, "U0ALICE")

	h.fake.SendMention("", "C0PAY", "U0BOB", "who is our PO?", "", "")
	_, txt = h.replyIn("C0PAY", 3)
	wants(t, "directory question", txt, "The *product owner* in this channel is <@U0ALICE>.")

	// Alice leaves: she is named in words, not as a broken mention.
	h.fake.SetUser(slacktest.User{ID: "U0ALICE", Deleted: true})
	env, _ = h.fake.SendSlash("", "C0PAY", "U0BOB", "/roles", "who")
	if txt = h.ackText(env); txt == "" { // the people it names were not at hand: posted instead
		_, txt = h.replyIn("C0PAY", 4)
	}
	wants(t, "/roles who", txt, "*Roles in this channel*")
	if !strings.Contains(txt, "<@U0ALICE>") && !strings.Contains(txt, "a former member") {
		t.Errorf("/roles who names nobody:\n%s", txt)
	}
}

func TestE2EANonCuratorsSetIsRefusedAndChangesNothing(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	startDirectory(h)
	h.fake.SendSlash("", "C0GENERAL", "U0BOB", "/roles", "set po <@U0BOB|bob>")
	m, txt := h.replyIn("C0GENERAL", 1)
	if !m.Ephemeral || m.User != "U0BOB" {
		t.Errorf("refusal %+v, want it ephemeral to U0BOB", m)
	}
	wants(t, "refusal", txt, "only workspace admins and owners and the curators your team named can change the role directory, so nothing changed")
	h.barrier()
	if n := len(h.messagesTo("C0GENERAL")); n != 1 {
		t.Errorf("%d messages in the channel, want only the refusal", n)
	}
	snap, err := h.store.Directory(h.ctx, team)
	if err != nil || len(snap.Assignments) != 0 {
		t.Errorf("directory = %+v (%v), want empty", snap, err)
	}
	if hist, err := h.store.History(h.ctx, team, 10); err != nil || len(hist) != 0 {
		t.Errorf("history = %v (%v), want empty", hist, err)
	}
	// The named curator may.
	h.fake.SendSlash("", "C0GENERAL", e2eCurator, "/roles", "set po <@U0BOB|bob>")
	_, txt = h.replyIn("C0GENERAL", 2)
	wants(t, "curator's set", txt, "<@U0CURT> set the *product owner* for the whole workspace to <@U0BOB>.")
}

func TestE2EARedeliveredSetIsAppliedOnce(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		startDirectory(h)
		h.start(h.store, func(c *slackapp.Config) { c.Curators = []string{e2eCurator} }) // a second instance
		env, _ := h.fake.SendSlash("", "C0GENERAL", e2eCurator, "/roles", "set pm <@U0PAM|pam>")
		h.waitMessages("C0GENERAL", 1)
		for range 2 {
			if _, err := h.fake.Redeliver(env); err != nil {
				t.Fatal(err)
			}
		}
		h.barrier()
		if n := len(h.messagesTo("C0GENERAL")); n != 1 {
			t.Errorf("%d confirmations of one set delivered three times, want 1", n)
		}
		hist, err := h.store.History(h.ctx, team, 10)
		if err != nil || len(hist) != 1 || hist[0].After != "U0PAM" || hist[0].By != e2eCurator {
			t.Errorf("history = %+v (%v), want the one change", hist, err)
		}
	})
}

func TestE2EFeedbackClickedTwiceByOnePersonCountsOnce(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		startDirectory(h)
		h.fake.SendMention("", "C0GENERAL", "U0BOB", "who owns the backlog?", "1700000000.000100", "")
		answer, _ := h.replyIn("C0GENERAL", 1)
		for range 2 {
			h.fake.SendBlockAction("", "C0GENERAL", "U0BOB", answer.TS, answer.ThreadTS, "rolecall.feedback.up", "feedback", "backlog")
		}
		h.waitMessages("C0GENERAL", 3)
		if tl, err := h.store.Votes(h.ctx, team, "backlog"); err != nil || tl.Up != 1 || tl.Down != 0 {
			t.Errorf("votes after two 👍 by one person = %+v (%v), want one 👍", tl, err)
		}

		// Bob changes his mind, and says why.
		h.fake.SendBlockAction("", "C0GENERAL", "U0BOB", answer.TS, answer.ThreadTS, "rolecall.feedback.down", "feedback", "backlog")
		thanks, txt := h.replyIn("C0GENERAL", 4)
		if !thanks.Ephemeral || thanks.User != "U0BOB" {
			t.Errorf("thanks %+v, want it ephemeral to U0BOB", thanks)
		}
		wants(t, "thanks for a 👎", txt, "If you tell me what was wrong", "rolecall.comment")
		if tl, _ := h.store.Votes(h.ctx, team, "backlog"); tl.Up != 0 || tl.Down != 1 {
			t.Errorf("votes after the change = %+v, want one 👎 and no 👍", tl)
		}
		h.fake.SendBlockActionEphemeral("", "C0GENERAL", "U0BOB", thanks.TS, thanks.ThreadTS, "rolecall.comment", "comment", "backlog")
		h.waitFor("the form to open", func() bool { return len(h.fake.Views()) == 1 })
		v := h.fake.Views()[0]
		if v.User != "U0BOB" || v.CallbackID != "rolecall.comment.submit" || v.PrivateMetadata != "backlog" {
			t.Errorf("form %+v", v)
		}
		if _, err := h.fake.SubmitView(v.ID, map[string]map[string]string{"comment": {"text": "Here <@U0CAROL> owns the backlog <!channel>"}}); err != nil {
			t.Fatal(err)
		}
		h.waitFor("the comment to be kept", func() bool {
			cs, _ := h.store.Comments(h.ctx, team, "backlog", 5)
			return len(cs) == 1
		})
		cs, _ := h.store.Comments(h.ctx, team, "backlog", 5)
		if strings.Contains(cs[0].Text, "U0CAROL") {
			t.Errorf("comment kept as %q, with the person's id", cs[0].Text)
		}

		// The curators see it, escaped.
		h.fake.SendSlash("", "C0GENERAL", e2eAdmin, "/roles", "gaps")
		report, txt := h.replyIn("C0GENERAL", 5)
		if !report.Ephemeral || report.User != e2eAdmin {
			t.Errorf("report %+v, want it ephemeral to the admin", report)
		}
		wants(t, "report", txt, "(`backlog`) — 👎 1 · 👍 0", "> Here @someone owns the backlog &lt;!channel&gt;")
		lacks(t, "report", txt, "<!channel>")
	})
}

func TestE2EGapsShowsAQuestionAskedThreeTimesAndNotAnswered(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	startDirectory(h)
	const q = "who owns the QA budget?"
	h.fake.SendMention("", "C0GENERAL", "U0BOB", q, "", "")
	h.fake.SendDM("", "U0CARA", "Who owns the QA budget", "")
	h.ackText(func() string { env, _ := h.fake.SendSlash("", "C0GENERAL", "U0DAN", "/roles", "ask "+q); return env }())
	h.waitFor("three gaps counted", func() bool {
		gs, _ := h.store.Gaps(h.ctx, team, 5)
		return len(gs) == 1 && gs[0].Count == 3
	})
	h.fake.SendSlash("", "C0CURATORS", e2eCurator, "/roles", "gaps")
	report, txt := h.replyIn("C0CURATORS", 1)
	if !report.Ephemeral {
		t.Errorf("the report is public: %+v", report)
	}
	wants(t, "report", txt, "*Questions I couldn't answer*", "“who owns the qa budget” — asked 3 times")

	h.fake.SendSlash("", "C0CURATORS", "U0BOB", "/roles", "gaps")
	_, txt = h.replyIn("C0CURATORS", 2)
	wants(t, "a member's /roles gaps", txt, "the curators' report is for workspace admins and owners")
	lacks(t, "a member's /roles gaps", txt, "qa budget")
}

func TestE2EAppHomeShowsTheTeamsRoles(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	startDirectory(h)
	h.fake.SetUserGroup(slacktest.UserGroup{ID: "S0OLDPMS", Users: []string{"U0PAM"}, Disabled: true})
	h.fake.SendSlash("", "C0GENERAL", e2eAdmin, "/roles", "set po <@U0ALICE|alice>")
	h.fake.SendSlash("", "C0GENERAL", e2eAdmin, "/roles", "set pm <!subteam^S0OLDPMS|@old-pms>")
	h.waitMessages("C0GENERAL", 2)
	h.fake.SendAppHomeOpened("", "U0BOB")
	calls, err := h.fake.WaitCalls(h.ctx, "views.publish", 1)
	if err != nil {
		t.Fatal(err)
	}
	txt := unescapeJSON(string(calls[0].View))
	wants(t, "home tab", txt, "Your team's roles", "Whole workspace: <@U0ALICE>", "Whole workspace: a deleted group")
	lacks(t, "home tab", txt, "<!subteam^S0OLDPMS>")
}

func TestE2EAQuestionNamingWhoHoldsTheRoleWaitsOnOneRedisRoundTrip(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	startDirectory(h)
	env, _ := h.fake.SendSlash("", "C0PAY", e2eAdmin, "/roles", "set po <@U0ALICE|alice>")
	h.ackText(env)
	h.replyIn("C0PAY", 1)

	// The claim and the directory read go in one pipeline; once the reply
	// is on its way, the thread remembers its topic for a follow-up.
	before := h.store.Commands()
	h.fake.SendMention("", "C0PAY", "U0BOB", "who owns the backlog?", "", "")
	_, txt := h.replyIn("C0PAY", 2)
	wants(t, "answer", txt, "Owner: Product owner", "<@U0ALICE>")
	deadline := time.Now().Add(2 * time.Second)
	for h.store.Commands()-before < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	if n := h.store.Commands() - before; n != 2 {
		t.Errorf("%d Redis round trips for the question, want 2 (the claim with the directory, then the topic remembered)", n)
	}
}
