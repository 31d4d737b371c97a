package slackapp_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slackapp"
)

// forge returns b with its value rewritten to name channel and thread: what
// a hand-made block_actions payload can carry.
func forge(b button, channel, thread string) button {
	p := strings.Split(b.Value, "|")
	p[2], p[3] = channel, thread
	b.Value = strings.Join(p, "|")
	return b
}

// wantRefused checks that a click posted only a private note to user where
// it happened, saying the button changed nothing, and updated nothing.
func wantRefused(t *testing.T, ps []posted, us []updated, user, channel string) {
	t.Helper()
	if len(us) != 0 {
		t.Errorf("the click updated %+v, want nothing", us)
	}
	if len(ps) != 1 || !ps[0].Ephemeral || ps[0].User != user || ps[0].Channel != channel {
		t.Fatalf("the click posted %+v, want one private note to %s in %s", ps, user, channel)
	}
	if txt := ps[0].Content.Text(); !strings.Contains(txt, "changed nothing") {
		t.Errorf("refusal = %q, want it to say the click changed nothing", txt)
	}
}

// wantUntouched checks that the assessment at k is still at step with n
// answers, in progress.
func (g *assessRig) wantUntouched(k session.Key, step string, n int) {
	g.t.Helper()
	a, err := g.store.Get(context.Background(), k)
	if err != nil || a.Status != session.StatusActive || a.Step != step || len(a.Answers) != n {
		g.t.Errorf("assessment %+v after a refused click: %+v, %v; want active at %s with %d answers", k, a, err, step, n)
	}
}

func TestAssessmentButtonsActWhereTheyWereClicked(t *testing.T) {
	const root = "1700000005.000100"
	g := newAssessRig(t)
	// U1 runs an assessment in a thread of C1, U2 another in the same
	// thread, and U1 one more in the DM.
	ps, _ := g.handle(&slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U1", Channel: "C1", TS: root, Text: "<@UBOT> assess"})
	thread1 := questionPost(t, ps)
	ps, _ = g.handle(&slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U2", Channel: "C1", TS: "1700000006.000100", ThreadTS: root, Text: "<@UBOT> assess"})
	thread2 := questionPost(t, ps)
	inThread1 := session.Key{Team: "T1", User: "U1", Channel: "C1", Thread: root}
	inThread2 := session.Key{Team: "T1", User: "U2", Channel: "C1", Thread: root}
	// The DM one is offered (one is in progress): start it over.
	ps, _ = g.handle(dmReq("U1", "assess"))
	over, _ := find(buttonsOf(t, ps[0].Content), "rolecall.assess.restart")
	ps, _ = g.handle(click("U1", "DU1", ps[0].TS, "", over))
	dm := questionPost(t, ps)
	inDM := session.Key{Team: "T1", User: "U1", Channel: "DU1"}
	choose := pick(buttonsOf(t, thread1.Content), "stage", nil)
	cancel, _ := find(buttonsOf(t, thread1.Content), "rolecall.assess.cancel")
	restart := button{ActionID: "rolecall.assess.restart", Value: "a1|U1|C9|" + root + "||abandon"}

	t.Run("a click in the DM whose value names a channel thread changes nothing there", func(t *testing.T) {
		ps, us := g.handle(click("U1", "DU1", dm.TS, "", choose))
		wantRefused(t, ps, us, "U1", "DU1")
		g.wantUntouched(inThread1, "stage", 0)
		g.wantUntouched(inDM, "stage", 0)
	})
	t.Run("a cancel in the DM naming a channel thread and someone else's message changes nothing", func(t *testing.T) {
		ps, us := g.handle(click("U1", "DU1", thread2.TS, "", cancel))
		wantRefused(t, ps, us, "U1", "DU1")
		g.wantUntouched(inThread1, "stage", 0)
		g.wantUntouched(inThread2, "stage", 0)
	})
	t.Run("a Start over naming a channel where nothing runs posts nothing there", func(t *testing.T) {
		ps, us := g.handle(click("U1", "DU1", dm.TS, "", restart))
		wantRefused(t, ps, us, "U1", "DU1")
		if _, err := g.store.Get(context.Background(), session.Key{Team: "T1", User: "U1", Channel: "C9", Thread: root}); err == nil {
			t.Error("an assessment was started in C9")
		}
	})
	t.Run("a click in another thread of the channel changes nothing", func(t *testing.T) {
		ps, us := g.handle(click("U1", "C1", thread1.TS, "1700000099.000100", choose))
		wantRefused(t, ps, us, "U1", "C1")
		g.wantUntouched(inThread1, "stage", 0)
	})
	t.Run("a click on the App Home counts as the DM and may not name a channel", func(t *testing.T) {
		ps, us := g.handle(&slackapp.Request{Kind: slackapp.KindAction, Team: "T1", User: "U1", ActionID: restart.ActionID, Value: restart.Value})
		wantRefused(t, ps, us, "U1", "DU1")
	})
	t.Run("a click on someone else's message in the same thread changes nothing", func(t *testing.T) {
		ps, us := g.handle(click("U1", "C1", thread2.TS, root, choose))
		wantRefused(t, ps, us, "U1", "C1")
		g.wantUntouched(inThread1, "stage", 0)
		g.wantUntouched(inThread2, "stage", 0)
	})
	t.Run("a cancel on a message the assessment did not record changes nothing", func(t *testing.T) {
		dmCancel, _ := find(buttonsOf(t, dm.Content), "rolecall.assess.cancel")
		ps, us := g.handle(click("U1", "DU1", "1700000000.999999", "", dmCancel))
		wantRefused(t, ps, us, "U1", "DU1")
		g.wantUntouched(inDM, "stage", 0)
	})
	t.Run("a Resume that names another conversation than the one in progress changes nothing", func(t *testing.T) {
		resume := button{ActionID: "rolecall.assess.resume", Value: "a1|U1|C1|" + root + "|stage|"}
		ps, us := g.handle(click("U1", "DU1", dm.TS, "", resume))
		wantRefused(t, ps, us, "U1", "DU1")
	})
	t.Run("a value with a thread that is not a timestamp is ignored", func(t *testing.T) {
		ps, us := g.handle(click("U1", "DU1", dm.TS, "", forge(choose, "DU1", "dm")))
		if len(ps)+len(us) != 0 {
			t.Errorf("posted %+v and updated %+v, want nothing", ps, us)
		}
	})
	t.Run("the buttons still work where they were posted", func(t *testing.T) {
		ps, us := g.handle(click("U1", "C1", thread1.TS, root, choose))
		if len(us) != 1 || us[0].Channel != "C1" || us[0].TS != thread1.TS {
			t.Errorf("updates %+v, want the clicked question's message", us)
		}
		if q := questionPost(t, ps); q.Channel != "C1" || q.Thread != root {
			t.Errorf("next question at %s/%s, want the thread", q.Channel, q.Thread)
		}
		dmChoose := pick(buttonsOf(t, dm.Content), "stage", nil)
		ps, us = g.handle(click("U1", "DU1", dm.TS, "", dmChoose))
		if len(us) != 1 || us[0].TS != dm.TS || questionPost(t, ps).Channel != "DU1" {
			t.Errorf("a DM click updated %+v and posted %+v", us, ps)
		}
	})
}

func TestAssessmentClickBeforeItsMessageIsRecordedStillApplies(t *testing.T) {
	g := newAssessRig(t)
	ps, _ := g.handle(dmReq("U1", "assess"))
	first := questionPost(t, ps)
	k := session.Key{Team: "T1", User: "U1", Channel: "DU1"}
	// As if the click overtook the recording of the message's ts (or the
	// recording failed): the store has no message for the live question.
	a, err := g.store.Get(context.Background(), k)
	if err != nil {
		t.Fatal(err)
	}
	a.Messages = nil
	if err := g.store.Update(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	ps, us := g.handle(click("U1", first.Channel, first.TS, "", pick(buttonsOf(t, first.Content), "stage", nil)))
	if len(us) != 0 {
		t.Errorf("updated %+v: a message the assessment did not record must not be updated", us)
	}
	if q := questionPost(t, ps); questionOf(t, buttonsOf(t, q.Content)) != "products" {
		t.Errorf("next question %q, want products", q.Content.Fallback())
	}
	g.wantUntouched(k, "products", 1)
}
