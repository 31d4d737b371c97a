package slackapp_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// formQuestion reads the question a view of the assessment form asks (the
// last of the stack in its metadata) and the values of its choices.
func formQuestion(t *testing.T, v slacktest.View) (id string, choices []string) {
	t.Helper()
	p := strings.Split(v.PrivateMetadata, "|")
	if len(p) != 5 {
		t.Fatalf("view %q (metadata %q) is not a question of the form: %s", v.Title, v.PrivateMetadata, v.Blocks)
	}
	steps := strings.Split(p[4], ",")
	id, _, _ = strings.Cut(steps[len(steps)-1], ":")
	var blocks []struct {
		BlockID string `json:"block_id"`
		Element struct {
			Options []struct {
				Value string `json:"value"`
			} `json:"options"`
		} `json:"element"`
	}
	if err := json.Unmarshal(v.Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks {
		if b.BlockID == "choice" {
			for _, o := range b.Element.Options {
				choices = append(choices, o.Value)
			}
		}
	}
	return id, choices
}

// answerIn picks the answer to the visible view of user's form (from
// answers, else its first choice), submits it and returns the question it
// answered and the ack's response_action.
func (h *harness) answerIn(user string, answers map[string]string) (question, action string) {
	h.t.Helper()
	v, ok := h.fake.TopView(user)
	if !ok {
		h.t.Fatalf("%s has no form open", user)
	}
	q, choices := formQuestion(h.t, v)
	pick := answers[q]
	if pick == "" {
		pick = choices[0]
	}
	ack := h.submit(v.ID, map[string]map[string]string{"choice": {"pick": pick}})
	return q, ackAction(h.t, ack)
}

// stackQuestions lists the questions the views of user's form show, root
// first.
func (h *harness) stackQuestions(user string) []string {
	h.t.Helper()
	top, ok := h.fake.TopView(user)
	if !ok {
		return nil
	}
	var out []string
	for _, v := range h.fake.Stack(top.ID) {
		q, _ := formQuestion(h.t, v)
		out = append(out, q)
	}
	return out
}

// stepOf reads where user's assessment in their DM stands.
func (h *harness) stepOf(user string) *session.Assessment {
	h.t.Helper()
	a, err := h.store.Get(h.ctx, session.Key{Team: team, User: user, Channel: h.fake.DMChannel(user)})
	if err != nil {
		h.t.Fatalf("assessment of %s: %v", user, err)
	}
	return a
}

func TestE2EAssessmentFormFromTheAppHome(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		b := h.start(h.store, withDialog(t, h.store))
		const user = "U0ALICE"
		h.fake.SendBlockActionHome("", user, "rolecall.assess.form", "home-start", "home")
		first := h.waitTop(user, "Question 1 of")
		if first.Submit != "Next" || first.NotifyOnClose {
			t.Errorf("root view %+v", first)
		}
		var path []string
		for range 40 {
			v, _ := h.fake.TopView(user)
			if v.Title == "Your recommendation" {
				break
			}
			before := h.stackQuestions(user)
			q, action := h.answerIn(user, startupAnswers)
			path = append(path, q)
			if v, _ := h.fake.TopView(user); v.Title == "Your recommendation" {
				break
			}
			switch {
			case len(before) < 3 && action != "push":
				t.Fatalf("answering %s with %d views open: %q, want a push", q, len(before), action)
			case len(before) == 3 && action != "update":
				t.Fatalf("answering %s with 3 views open: %q, want an update", q, action)
			}
			// The views under the top show the questions before it, as soon
			// as the submission is acked.
			got := h.stackQuestions(user)
			if len(got) > 3 || !slices.Equal(got[:len(got)-1], path[max(0, len(path)-len(got)+1):]) {
				t.Fatalf("after %v the form shows %v", path, got)
			}
		}
		done := h.waitTop(user, "Your recommendation")
		wants(t, "last view", viewText(t, done), "Recommendation: Hire a product manager", "our direct messages")
		if !done.ClearOnClose || done.Submit != "" {
			t.Errorf("last view %+v: want Done to close the form", done)
		}
		dm := h.fake.DMChannel(user)
		res := h.waitPost(dm, 1)
		if !strings.HasPrefix(res.Text, "Recommendation: Hire a product manager") {
			t.Errorf("DM = %q, want the recommendation", res.Text)
		}
		h.waitFor("the Home tab to show the result", func() bool {
			cs := h.fake.CallsTo("views.publish")
			return len(cs) > 0 && strings.Contains(string(cs[len(cs)-1].View), "Hire a product manager")
		})
		if got := testutil.ToFloat64(b.m.AssessmentsCompleted); got != 1 {
			t.Errorf("completed = %v, want 1", got)
		}
		if _, err := h.fake.CloseView(done.ID); err != nil {
			t.Fatal(err)
		}
		if n := len(h.fake.Views()); n != 0 {
			t.Errorf("%d views left after Done", n)
		}
	})
}

func TestE2EAssessmentFormBackReturnsToThePreviousQuestion(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		h.start(h.store, withDialog(t, h.store))
		const user = "U0BOB"
		h.fake.SendSlash("", "C0GENERAL", user, "/roles", "assess modal")
		h.waitTop(user, "Question 1 of")
		var path []string
		for range 5 {
			q, _ := h.answerIn(user, startupAnswers)
			path = append(path, q)
		}
		// Five answered: the top asks the sixth, over the fourth and fifth.
		got := h.stackQuestions(user)
		if len(got) != 3 || got[0] != path[3] || got[1] != path[4] {
			t.Fatalf("after %v the form shows %v", path, got)
		}
		sixth := got[2]
		if a := h.stepOf(user); a.Step != sixth {
			t.Fatalf("assessment at %s, form shows %s", a.Step, sixth)
		}

		// ◀ Back closes the top view: the fifth shows, and the assessment is
		// there too.
		top, _ := h.fake.TopView(user)
		if top.Close != "◀ Back" {
			t.Errorf("a pushed view's close = %q", top.Close)
		}
		if _, err := h.fake.CloseView(top.ID); err != nil {
			t.Fatal(err)
		}
		h.waitFor("the assessment to go back to the fifth question", func() bool { return h.stepOf(user).Step == path[4] })

		// A different answer to the fifth moves on from there, as the view
		// under it said.
		v, _ := h.fake.TopView(user)
		q, choices := formQuestion(t, v)
		if q != path[4] {
			t.Fatalf("visible question %s, want %s", q, path[4])
		}
		other := choices[len(choices)-1]
		h.submit(v.ID, map[string]map[string]string{"choice": {"pick": other}})
		h.waitFor("the answer to be saved", func() bool {
			for _, a := range h.stepOf(user).Answers {
				if a.Question == q {
					return a.Choice == other
				}
			}
			return false
		})
		if got, a := h.stackQuestions(user), h.stepOf(user); got[len(got)-1] != a.Step {
			t.Errorf("form shows %v, assessment at %s", got, a.Step)
		}

		// Back twice leaves the root, which has a Back button of its own.
		for range 2 {
			v, _ := h.fake.TopView(user)
			want := h.stackQuestions(user)
			if _, err := h.fake.CloseView(v.ID); err != nil {
				t.Fatal(err)
			}
			h.waitFor("the assessment to follow Back", func() bool { return h.stepOf(user).Step == want[len(want)-2] })
		}
		root, _ := h.fake.TopView(user)
		if len(h.fake.Stack(root.ID)) != 1 || !strings.Contains(string(root.Blocks), "rolecall.assess.form.back") {
			t.Fatalf("root %+v: want the only view, with a Back button", root)
		}
		rq, _ := formQuestion(t, root)
		before := slices.Index(path, rq) - 1
		h.fake.SendBlockActionView(root.ID, "rolecall.assess.form.back", "form-nav", "back")
		h.waitFor("the root to show the question before", func() bool {
			got := h.stackQuestions(user)
			return len(got) == 1 && got[0] == path[before] && h.stepOf(user).Step == path[before]
		})
	})
}

func TestE2EAssessmentFormBackThenNextAtOnceStaysConsistent(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		h.start(h.store, withDialog(t, h.store))
		const user = "U0CARA"
		h.fake.SendBlockActionHome("", user, "rolecall.assess.form", "home-start", "home")
		h.waitTop(user, "Question 1 of")
		for range 2 {
			h.answerIn(user, startupAnswers)
		}
		for i := range 8 {
			// Back, and at once Next on the view it shows: the close and the
			// submission race to the bot.
			top, _ := h.fake.TopView(user)
			if _, err := h.fake.CloseView(top.ID); err != nil {
				t.Fatal(err)
			}
			v, _ := h.fake.TopView(user)
			_, choices := formQuestion(t, v)
			env, err := h.fake.SubmitView(v.ID, map[string]map[string]string{"choice": {"pick": choices[i%len(choices)]}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := h.fake.WaitAck(h.ctx, env); err != nil {
				t.Fatal(err)
			}
			h.barrier()
			got := h.stackQuestions(user)
			if a := h.stepOf(user); got[len(got)-1] != a.Step {
				t.Fatalf("round %d: the form shows %v, the assessment is at %s", i, got, a.Step)
			}
		}
	})
}

func TestE2EAssessmentStartedInTheFormFinishesInTheDM(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	h.start(h.store, withDialog(t, h.store))
	dm := h.fake.DMChannel("U0DAN")

	t.Run("closed halfway, the next /roles assess offers to resume it", func(t *testing.T) {
		const user = "U0DAN"
		h.fake.SendSlash("", dm, user, "/roles", "assess modal")
		h.waitTop(user, "Question 1 of")
		for range 3 {
			h.answerIn(user, startupAnswers)
		}
		top, _ := h.fake.TopView(user)
		if _, err := h.fake.DismissModal(top.ID); err != nil {
			t.Fatal(err)
		}
		h.barrier()
		at := h.stepOf(user).Step
		h.fake.SendSlash("", dm, user, "/roles", "assess")
		offer := h.waitPost(dm, 1)
		wants(t, "offer", visible(t, offer.Text, offer.Blocks), "in progress, at question 4 of")
		resume, _ := find(buttonsJSON(t, offer.Blocks), "rolecall.assess.resume")
		h.fake.SendBlockAction("", dm, user, offer.TS, "", resume.ActionID, resume.BlockID, resume.Value)
		q := h.waitPost(dm, 2)
		if got := questionOf(t, buttonsJSON(t, q.Blocks)); got != at {
			t.Fatalf("resumed at %s, want %s", got, at)
		}
		res, _ := h.clickThrough(user, dm, "", q, startupAnswers, 0)
		if !strings.HasPrefix(res.Text, "Recommendation:") {
			t.Errorf("last DM %q, want the recommendation", res.Text)
		}
	})

	t.Run("Continue in DM asks the current question there", func(t *testing.T) {
		const user = "U0ERIN"
		edm := h.fake.DMChannel(user)
		h.fake.SendBlockActionHome("", user, "rolecall.assess.form", "home-start", "home")
		h.waitTop(user, "Question 1 of")
		h.answerIn(user, startupAnswers)
		top, _ := h.fake.TopView(user)
		at := h.stepOf(user).Step
		h.fake.SendBlockActionView(top.ID, "rolecall.assess.form.dm", "form-nav", "dm")
		q := h.waitPost(edm, 1)
		if got := questionOf(t, buttonsJSON(t, q.Blocks)); got != at {
			t.Errorf("asked %s in the DM, want %s", got, at)
		}
		h.waitFor("the form to say where to go on", func() bool {
			v, _ := h.fake.TopView(user)
			return strings.Contains(string(v.Blocks), "Carry on in our direct messages")
		})
		// A typed answer in the DM goes on from there.
		h.fake.SendDM("", user, "1", "")
		next := h.waitPost(edm, 2)
		if !strings.HasPrefix(next.Text, "Question 3 of") {
			t.Errorf("after a typed answer: %q, want question 3", next.Text)
		}
	})
}

func TestE2EAssessmentFormAsksEveryQuestionWithinSlacksLimits(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	h.start(h.store, withDialog(t, h.store))
	// Answers that walk through the conditional questions too.
	answers := map[string]string{"products": "two_three"}
	const user = "U0FAY"
	h.fake.SendBlockActionHome("", user, "rolecall.assess.form", "home-start", "home")
	h.waitTop(user, "Question 1 of")
	seen := map[string]bool{}
	for range 40 {
		v, _ := h.fake.TopView(user)
		if v.Title == "Your recommendation" {
			break
		}
		if len(v.JSON) > 20<<10 {
			t.Errorf("view of %d bytes: too large for an ack", len(v.JSON))
		}
		q, _ := h.answerIn(user, answers)
		seen[q] = true
	}
	if !seen["coverage"] {
		t.Errorf("questions asked %v: the conditional one is missing", seen)
	}
	// The fake refused nothing (the harness fails the test on any
	// violation); every view of the form passed its checks.
}

func TestE2EAssessmentFormFollowsAnAnswerChangedInTheDM(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	h.start(h.store, withDialog(t, h.store))
	const user = "U0GIL"
	dm := h.fake.DMChannel(user)
	h.fake.SendBlockActionHome("", user, "rolecall.assess.form", "home-start", "home")
	h.waitTop(user, "Question 1 of")
	for range 3 {
		h.answerIn(user, startupAnswers)
	}
	h.waitFor("the form to show products, budget, goal", func() bool {
		return slices.Equal(h.stackQuestions(user), []string{"products", "budget", "goal"})
	})
	top, _ := h.fake.TopView(user)
	if _, err := h.fake.CloseView(top.ID); err != nil {
		t.Fatal(err)
	}
	h.waitFor("Back to budget", func() bool { return h.stepOf(user).Step == "budget" })

	// Meanwhile, in the DM: back to products, and two or three of them,
	// which brings a question about coverage in.
	h.fake.SendDM("", user, "back", "")
	h.waitPost(dm, 1)
	h.fake.SendDM("", user, "2", "")
	h.waitFor("the DM to ask about coverage", func() bool { return h.stepOf(user).Step == "coverage" })

	// The form still shows budget; answering it again moves on to the
	// question the path now needs, in budget's place: coverage comes right
	// after products, which is under it.
	v, _ := h.fake.TopView(user)
	if q, _ := formQuestion(t, v); q != "budget" {
		t.Fatalf("form shows %s, want budget", q)
	}
	if ack := h.submit(v.ID, map[string]map[string]string{"choice": {"pick": "one_hire"}}); ackAction(t, ack) != "update" {
		t.Errorf("ack %s, want an update", ack.Payload)
	}
	h.waitFor("the form to show products, coverage", func() bool {
		return slices.Equal(h.stackQuestions(user), []string{"products", "coverage"})
	})
	if a := h.stepOf(user); a.Step != "coverage" {
		t.Errorf("assessment at %s, want coverage", a.Step)
	}
	top, _ = h.fake.TopView(user)
	if _, err := h.fake.CloseView(top.ID); err != nil {
		t.Fatal(err)
	}
	h.waitFor("Back to products, which the form shows", func() bool {
		return h.stepOf(user).Step == "products" && slices.Equal(h.stackQuestions(user), []string{"products"})
	})
	// From the root, its own Back goes on to the first question.
	root, _ := h.fake.TopView(user)
	h.fake.SendBlockActionView(root.ID, "rolecall.assess.form.back", "form-nav", "back")
	h.waitFor("the root to show stage", func() bool {
		return h.stepOf(user).Step == "stage" && slices.Equal(h.stackQuestions(user), []string{"stage"})
	})
}
