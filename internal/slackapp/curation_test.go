package slackapp_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// formRecorder is a recorder that can open modals, as Slack can, and keeps
// the Home tabs it published.
type formRecorder struct {
	recorder
	modals   []opened
	homes    []slackapp.Content
	failOpen error
}

type opened struct {
	trigger string
	m       slackapp.Modal
}

func (r *formRecorder) OpenModal(ctx context.Context, triggerID string, m slackapp.Modal) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failOpen != nil {
		return r.failOpen
	}
	r.modals = append(r.modals, opened{triggerID, m})
	return nil
}

func (r *formRecorder) PublishHome(ctx context.Context, user string, c slackapp.Content) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.homes = append(r.homes, c)
	return nil
}

func (r *dirRig) click(out slackapp.Responder, user, actionID, value string) {
	r.t.Helper()
	req := &slackapp.Request{Kind: slackapp.KindAction, Team: dirTeam, User: user, Channel: general, TS: "1700000000.000200",
		ThreadTS: "1700000000.000100", ActionID: actionID, Value: value, TriggerID: "trig-" + user + actionID}
	if err := r.rt.Handle(context.Background(), req, out); err != nil {
		r.t.Fatalf("click %s: %v", actionID, err)
	}
}

func (r *dirRig) tally(entry string) session.Tally {
	r.t.Helper()
	tl, err := r.store.Votes(context.Background(), dirTeam, entry)
	if err != nil {
		r.t.Fatal(err)
	}
	return tl
}

func TestAVoteCountsOncePerPerson(t *testing.T) {
	r := newDirRig(t)
	out := &formRecorder{}
	r.click(out, bob, "rolecall.feedback.up", "backlog")
	r.click(out, bob, "rolecall.feedback.up", "backlog")
	if got := r.tally("backlog"); got != (session.Tally{Up: 1}) {
		t.Errorf("after two 👍 by one person: %+v, want one 👍", got)
	}
	r.click(out, bob, "rolecall.feedback.down", "backlog")
	if got := r.tally("backlog"); got != (session.Tally{Down: 1}) {
		t.Errorf("after bob changed his mind: %+v, want one 👎 and no 👍", got)
	}
	r.click(out, "U0CARA", "rolecall.feedback.down", "backlog")
	if got := r.tally("backlog"); got != (session.Tally{Down: 2}) {
		t.Errorf("after a second person's 👎: %+v, want two 👎", got)
	}
	for i, rep := range out.replies {
		if !rep.Ephemeral || rep.Thread != "1700000000.000100" {
			t.Errorf("reply %d: %+v, want an ephemeral thanks in the thread", i, rep)
		}
	}
	if txt := allText(out.replies[0].Content); strings.Contains(txt, "rolecall.comment") {
		t.Errorf("a 👍 offers the form:\n%s", txt)
	}
	wants(t, "the thanks for a 👎", allText(out.replies[2].Content), "If you tell me what was wrong", `"action_id":"rolecall.comment"`, `"value":"backlog"`)
}

func TestAMadeUpFeedbackActionIsNoVote(t *testing.T) {
	r := newDirRig(t)
	out := &formRecorder{}
	for _, id := range []string{"rolecall.feedback.bogus", "rolecall.feedback.up.extra", "rolecall.feedback"} {
		r.click(out, bob, id, "backlog")
	}
	if got := r.tally("backlog"); got != (session.Tally{}) {
		t.Errorf("after made-up feedback actions: %+v, want no vote", got)
	}
	if len(out.replies) != 0 {
		t.Errorf("%d replies to made-up feedback actions, want none", len(out.replies))
	}
}

func TestADownvoteOffersAFormWhoseAnswerReachesTheCurators(t *testing.T) {
	r := newDirRig(t)
	out := &formRecorder{}
	r.click(out, bob, "rolecall.feedback.down", "backlog")
	r.click(out, bob, "rolecall.comment", "backlog")
	if len(out.modals) != 1 {
		t.Fatalf("%d modals opened, want 1", len(out.modals))
	}
	m := out.modals[0]
	if m.trigger != "trig-"+bob+"rolecall.comment" || m.m.CallbackID != "rolecall.comment.submit" || m.m.Metadata != "backlog" {
		t.Errorf("modal %+v on trigger %q", m.m, m.trigger)
	}
	for _, s := range []string{m.m.Title, m.m.Submit, m.m.Close} {
		if s == "" || len([]rune(s)) > 24 {
			t.Errorf("modal text %q: want 1 to 24 characters", s)
		}
	}
	raw, err := json.Marshal(m.m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	if err := slacktest.ValidateBlocks(raw, slacktest.SurfaceModal); err != nil {
		t.Errorf("modal blocks: %v", err)
	}
	wants(t, "modal", unescapeJSON(string(raw)), "Who owns the product backlog?", `"type":"plain_text_input"`, `"max_length":500`)

	// The submission: what was typed, with a mention of a person.
	submit := &slackapp.Request{Kind: slackapp.KindAction, ID: "view:V1", Team: dirTeam, User: bob,
		ActionID: "rolecall.comment.submit", Value: "backlog", Text: "In our team <@U0ALICE> owns it, not the PO"}
	if err := r.rt.Handle(context.Background(), submit, out); err != nil {
		t.Fatal(err)
	}
	down, err := r.store.MostDownvoted(context.Background(), dirTeam, 5)
	if err != nil || len(down) != 1 || len(down[0].Comments) != 1 {
		t.Fatalf("most downvoted = %+v (%v), want backlog with its comment", down, err)
	}
	if c := down[0].Comments[0].Text; c != "In our team @someone owns it, not the PO" {
		t.Errorf("comment kept as %q, want the mention removed", c)
	}

	rep := one(t, r.slash(curator, general, "gaps"))
	wants(t, "/roles gaps", allText(rep.Content), "_Who owns the product backlog?_ (`backlog`) — 👎 1 · 👍 0", "> In our team @someone owns it, not the PO")

	t.Run("without a way to open forms a 👎 is simply thanked", func(t *testing.T) {
		plainOut := &recorder{}
		r.click(plainOut, "U0DORA", "rolecall.feedback.down", "user-stories")
		if txt := allText(one(t, plainOut.replies).Content); strings.Contains(txt, "rolecall.comment") || !strings.Contains(txt, "Thanks for the feedback!") {
			t.Errorf("reply = %s", txt)
		}
	})
	t.Run("a form about an answer that no longer exists keeps nothing", func(t *testing.T) {
		bad := *submit
		bad.ID, bad.Value = "view:V2", "no-such-entry"
		if err := r.rt.Handle(context.Background(), &bad, out); err != nil {
			t.Fatal(err)
		}
		d, _ := r.store.MostDownvoted(context.Background(), dirTeam, 5)
		for _, x := range d {
			if x.Entry == "no-such-entry" || (x.Entry == "backlog" && len(x.Comments) != 1) {
				t.Errorf("most downvoted = %+v", d)
			}
		}
	})
}

func TestUnansweredQuestionsBecomeGaps(t *testing.T) {
	r := newDirRigWith(t, unsureAnswerer{testEngine(t)})
	for _, q := range []string{unsureQuestion + "?", unsureQuestion, "<@U0ZED> " + unsureQuestion + "!!"} {
		// The reply's bookkeeping (the gap) runs once it is posted.
		r.mention(bob, general, q)
	}
	r.dm(bob, "thanks!")
	r.dm(bob, "who owns the backlog?")
	gaps, err := r.store.Gaps(context.Background(), dirTeam, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) != 1 || gaps[0].Count != 3 || gaps[0].Question != unsureQuestion || gaps[0].Closest != "backlog" {
		t.Fatalf("gaps = %+v, want the one question three times with its closest entry", gaps)
	}
	rep := one(t, r.slash(admin, general, "gaps"))
	if !rep.Ephemeral {
		t.Errorf("the report is public: %+v", rep)
	}
	wants(t, "/roles gaps", allText(rep.Content), "“whose call is it to shuffle stuff up and down the list” — asked 3 times · closest: _Who owns the product backlog?_ (`backlog`)",
		"*Answers marked 👎:* none yet.")
	goldenBlocks(t, "roles-gaps", rep.Content)
}
