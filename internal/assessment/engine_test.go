package assessment_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolecall/rolecall/internal/assessment"
)

// run applies inputs in order and fails the test on any error.
func run(t *testing.T, q *assessment.Questionnaire, st assessment.State, ins ...assessment.Input) (assessment.State, assessment.Reply) {
	t.Helper()
	var reply assessment.Reply
	for i, in := range ins {
		var err error
		st, reply, err = q.Next(st, in)
		if err != nil {
			t.Fatalf("input %d (%+v): %v", i, in, err)
		}
	}
	return st, reply
}

// started returns a state answered up to (not including) the question stop.
func started(t *testing.T, q *assessment.Questionnaire, stop string) assessment.State {
	t.Helper()
	st, _ := run(t, q, assessment.State{}, assessment.Start())
	for st.Step != stop && st.Status == assessment.StatusActive {
		qq, _ := q.Question(st.Step)
		st, _ = run(t, q, st, assessment.Choose(qq.ID, qq.Choices[0].ID))
	}
	return st
}

func TestNextFlow(t *testing.T) {
	q := builtin(t)

	t.Run("start asks the first question with its position", func(t *testing.T) {
		st, r := run(t, q, assessment.State{}, assessment.Start())
		if st.Status != assessment.StatusActive || st.Step != "stage" || r.Question == nil || r.Question.ID != "stage" {
			t.Fatalf("state %+v reply %+v", st, r)
		}
		if st.QuestionnaireID != q.ID || st.QuestionnaireVersion != q.Version {
			t.Errorf("state records %s v%d, want %s", st.QuestionnaireID, st.QuestionnaireVersion, q)
		}
		if got := r.Position(); got != "1 of 12" {
			t.Errorf("position %q, want 1 of 12", got)
		}
		if r.Message != q.Intro {
			t.Errorf("message %q, want the intro", r.Message)
		}
	})

	t.Run("several products add the coverage question to the count", func(t *testing.T) {
		st, r := run(t, q, assessment.State{}, assessment.Start(), assessment.Choose("stage", "growing"), assessment.Choose("products", "four_plus"))
		if st.Step != "coverage" || r.Position() != "3 of 13" {
			t.Errorf("step %q at %q, want coverage at 3 of 13", st.Step, r.Position())
		}
	})

	t.Run("one product skips the coverage question", func(t *testing.T) {
		st, _ := run(t, q, assessment.State{}, assessment.Start(), assessment.Choose("stage", "growing"), assessment.Choose("products", "one"))
		if st.Step != "budget" {
			t.Errorf("step %q, want budget", st.Step)
		}
	})

	t.Run("the same answer sent twice changes nothing the second time", func(t *testing.T) {
		st1, _ := run(t, q, assessment.State{}, assessment.Start(), assessment.Choose("stage", "growing"))
		st2, r := run(t, q, st1, assessment.Choose("stage", "growing"))
		if diff := cmp.Diff(st1, st2); diff != "" {
			t.Errorf("state changed (-first +second):\n%s", diff)
		}
		if !r.Noop || r.Question == nil || r.Question.ID != "products" {
			t.Errorf("reply %+v; want a no-op that asks products again", r)
		}
	})

	t.Run("a different answer to an earlier question edits it and continues at the frontier", func(t *testing.T) {
		st := started(t, q, "goal")
		st, r := run(t, q, st, assessment.Choose("stage", "enterprise"))
		if st.Step != "goal" || r.Question.ID != "goal" {
			t.Errorf("step %q, want goal", st.Step)
		}
		if a := answerOf(st, "stage"); a.Choice != "enterprise" {
			t.Errorf("stage answer %+v, want enterprise", a)
		}
	})

	t.Run("an edit that removes a conditional question drops its answer", func(t *testing.T) {
		st, _ := run(t, q, assessment.State{}, assessment.Start(), assessment.Choose("stage", "growing"),
			assessment.Choose("products", "four_plus"), assessment.Choose("coverage", "one_person"), assessment.Choose("budget", "none"))
		st, _ = run(t, q, st, assessment.Choose("products", "one"))
		if a := answerOf(st, "coverage"); a != nil {
			t.Errorf("coverage answer %+v kept after products became one", a)
		}
		if st.Step != "goal" {
			t.Errorf("step %q, want goal", st.Step)
		}
	})

	t.Run("an edit that adds a conditional question asks it next", func(t *testing.T) {
		st := started(t, q, "goal") // products: one
		st, r := run(t, q, st, assessment.Choose("products", "two_three"))
		if st.Step != "coverage" || r.Position() != "3 of 13" {
			t.Errorf("step %q at %s, want coverage at 3 of 13", st.Step, r.Position())
		}
	})

	t.Run("back returns to the previous question and shows its answer", func(t *testing.T) {
		st := started(t, q, "budget")
		st, r := run(t, q, st, assessment.Back())
		if st.Step != "products" || r.Current == nil || r.Current.Choice != "one" {
			t.Errorf("step %q current %+v; want products with its answer", st.Step, r.Current)
		}
		st, _ = run(t, q, st, assessment.Choose("products", "one"))
		if st.Step != "budget" {
			t.Errorf("after re-answering step %q, want budget", st.Step)
		}
	})

	t.Run("back after the result reopens the last question", func(t *testing.T) {
		st := started(t, q, "")
		st, r := run(t, q, st, assessment.Back())
		if st.Status != assessment.StatusActive || st.Step != "kpis" || r.Question == nil {
			t.Errorf("state %+v", st)
		}
	})

	t.Run("edit jumps to an answered question and forward resumes at the frontier", func(t *testing.T) {
		st := started(t, q, "challenges")
		st, r := run(t, q, st, assessment.Edit("products"))
		if st.Step != "products" || r.Current == nil {
			t.Fatalf("step %q", st.Step)
		}
		st, _ = run(t, q, st, assessment.Choose("products", "one"))
		if st.Step != "challenges" {
			t.Errorf("step %q, want challenges", st.Step)
		}
	})

	t.Run("skip records a skipped answer", func(t *testing.T) {
		st := started(t, q, "efficiency")
		st, _ = run(t, q, st, assessment.Skip(""))
		if a := answerOf(st, "efficiency"); a == nil || !a.Skipped {
			t.Errorf("efficiency answer %+v, want skipped", a)
		}
		if st.Step != "onboarding" {
			t.Errorf("step %q, want onboarding", st.Step)
		}
	})

	t.Run("typed text picks a choice by number or label", func(t *testing.T) {
		st := started(t, q, "stage")
		st, _ = run(t, q, st, assessment.Text("stage", "3"))
		if a := answerOf(st, "stage"); a.Choice != "growing" {
			t.Errorf("'3' chose %q, want growing", a.Choice)
		}
		st, _ = run(t, q, st, assessment.Text("products", "  four OR MORE products! "))
		if a := answerOf(st, "products"); a.Choice != "four_plus" {
			t.Errorf("label chose %q, want four_plus", a.Choice)
		}
	})

	t.Run("free text is kept where the question allows it", func(t *testing.T) {
		st := started(t, q, "goal")
		st, _ = run(t, q, st, assessment.Text("goal", "Ship the mobile app\x00 by June"))
		if a := answerOf(st, "goal"); a.Text != "Ship the mobile app by June" || a.Choice != "" {
			t.Errorf("goal answer %+v", a)
		}
	})

	t.Run("the last answer completes the assessment with a result", func(t *testing.T) {
		st := started(t, q, "kpis")
		st, r := run(t, q, st, assessment.Choose("kpis", "business"))
		if st.Status != assessment.StatusCompleted || st.Step != "" || r.Result == nil || r.Question != nil {
			t.Fatalf("state %+v reply %+v", st, r)
		}
		_, r2 := run(t, q, st, assessment.Choose("kpis", "business"))
		if !r2.Noop || r2.Result == nil {
			t.Errorf("repeating the last answer: %+v, want a no-op with the result", r2)
		}
		_, r3 := run(t, q, st, assessment.Resume())
		if r3.Result == nil || r3.Result.Recommendation != r.Result.Recommendation {
			t.Errorf("resume after completion: %+v", r3)
		}
	})

	t.Run("a different answer after completion changes the result", func(t *testing.T) {
		st := started(t, q, "")
		before := q.Evaluate(st.Answers)
		st, r := run(t, q, st, assessment.Choose("budget", "two_plus"))
		if st.Status != assessment.StatusCompleted || r.Result == nil || r.Noop {
			t.Fatalf("state %+v reply %+v", st, r)
		}
		if r.Result.Recommendation == before.Recommendation && cmp.Equal(r.Result.Scores, before.Scores) {
			t.Errorf("result unchanged by the new budget answer: %v", r.Result.Scores)
		}
	})

	t.Run("start with one in progress resumes it", func(t *testing.T) {
		st := started(t, q, "goal")
		st2, r := run(t, q, st, assessment.Start())
		if !r.Resumed || !r.Noop || st2.Step != "goal" || len(st2.Answers) != len(st.Answers) {
			t.Errorf("reply %+v state %+v", r, st2)
		}
	})

	t.Run("restart throws the answers away", func(t *testing.T) {
		st := started(t, q, "goal")
		st, _ = run(t, q, st, assessment.Restart())
		if st.Step != "stage" || len(st.Answers) != 0 || st.Status != assessment.StatusActive {
			t.Errorf("state %+v", st)
		}
	})

	t.Run("cancel ends the assessment and restart begins a new one", func(t *testing.T) {
		st := started(t, q, "goal")
		st, _ = run(t, q, st, assessment.Cancel())
		if st.Status != assessment.StatusCancelled || st.Step != "" {
			t.Errorf("state %+v", st)
		}
		_, r := run(t, q, st, assessment.Cancel())
		if !r.Noop {
			t.Errorf("second cancel: %+v, want no-op", r)
		}
		st, _ = run(t, q, st, assessment.Restart())
		if st.Status != assessment.StatusActive {
			t.Errorf("after restart: %+v", st)
		}
	})

	t.Run("a newer questionnaire version keeps the answers that still apply", func(t *testing.T) {
		st := started(t, q, "goal")
		st.QuestionnaireVersion = q.Version - 1
		st.Answers = append(st.Answers, assessment.Answer{Question: "gone", Choice: "x"})
		st2, r := run(t, q, st, assessment.Resume())
		if st2.QuestionnaireVersion != q.Version || answerOf(st2, "gone") != nil || st2.Step != "goal" || r.Noop {
			t.Errorf("state %+v reply %+v", st2, r)
		}
		if !strings.Contains(r.Message, "changed") {
			t.Errorf("message %q does not mention the change", r.Message)
		}
	})
}

func TestNextErrors(t *testing.T) {
	q := builtin(t)
	atGoal := started(t, q, "goal")
	done := started(t, q, "")
	cancelled, _ := run(t, q, atGoal, assessment.Cancel())
	tests := []struct {
		name  string
		state assessment.State
		in    assessment.Input
		want  error
	}{
		{"an answer before start is refused", assessment.State{}, assessment.Choose("stage", "growing"), assessment.ErrNotStarted},
		{"an unknown choice is refused", atGoal, assessment.Choose("goal", "world_peace"), assessment.ErrUnknownChoice},
		{"an unknown question is refused", atGoal, assessment.Choose("mood", "happy"), assessment.ErrUnknownQuestion},
		{"an answer to a later question is refused", atGoal, assessment.Choose("kpis", "business"), assessment.ErrNotCurrent},
		{"an answer to a question that does not apply is refused", atGoal, assessment.Choose("coverage", "one_person"), assessment.ErrNotCurrent},
		{"text where only choices are allowed is refused", started(t, q, "stage"), assessment.Text("stage", "we are big"), assessment.ErrTextNotAllowed},
		{"a note on a choice-only question is refused", started(t, q, "stage"), assessment.Input{Kind: assessment.KindChoose, Question: "stage", Choice: "growing", Text: "note"}, assessment.ErrTextNotAllowed},
		{"empty text is refused", atGoal, assessment.Text("goal", " \t "), assessment.ErrEmptyText},
		{"skipping a required question is refused", atGoal, assessment.Skip(""), assessment.ErrNotSkippable},
		{"skipping an earlier required question is refused", atGoal, assessment.Skip("stage"), assessment.ErrNotSkippable},
		{"skipping a later question is refused", atGoal, assessment.Skip("kpis"), assessment.ErrNotCurrent},
		{"back on the first question is refused", started(t, q, "stage"), assessment.Back(), assessment.ErrNoPrevious},
		{"back from an old message is refused", atGoal, assessment.Input{Kind: assessment.KindBack, Question: "stage"}, assessment.ErrNotCurrent},
		{"editing an unanswered question is refused", atGoal, assessment.Edit("kpis"), assessment.ErrNotCurrent},
		{"skip after completion is refused", done, assessment.Skip(""), assessment.ErrFinished},
		{"cancel after completion is refused", done, assessment.Cancel(), assessment.ErrFinished},
		{"an answer after cancel is refused", cancelled, assessment.Choose("goal", "direction"), assessment.ErrFinished},
		{"a state of another questionnaire is refused", func() assessment.State { s := atGoal; s.QuestionnaireID = "other"; return s }(), assessment.Resume(), assessment.ErrWrongQuestionnaire},
		{"an unknown kind of input is refused", atGoal, assessment.Input{Kind: "dance"}, assessment.ErrUnknownInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, r, err := q.Next(tt.state, tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var ie *assessment.InputError
			if !errors.As(err, &ie) || ie.Message == "" || strings.Contains(ie.Message, "assessment:") {
				t.Errorf("err %#v is not an *InputError with a message for people", err)
			}
			if diff := cmp.Diff(tt.state, st); diff != "" {
				t.Errorf("state changed on error:\n%s", diff)
			}
			if r.Question != nil || r.Result != nil {
				t.Errorf("reply %+v on error, want empty", r)
			}
		})
	}
}

func TestNextDoesNotModifyItsInput(t *testing.T) {
	q := builtin(t)
	st := started(t, q, "goal")
	before := append([]assessment.Answer(nil), st.Answers...)
	if _, _, err := q.Next(st, assessment.Choose("stage", "enterprise")); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, st.Answers); diff != "" {
		t.Errorf("Next modified the caller's answers:\n%s", diff)
	}
}

func answerOf(st assessment.State, id string) *assessment.Answer {
	for i := range st.Answers {
		if st.Answers[i].Question == id {
			return &st.Answers[i]
		}
	}
	return nil
}

func TestAnswerLabel(t *testing.T) {
	q := builtin(t)
	tests := []struct {
		name string
		a    assessment.Answer
		want string
	}{
		{"a choice reads as its label", assessment.Answer{Question: "stage", Choice: "growing"}, "Growing fast, a scale-up adding teams"},
		{"a choice with a note keeps the note", assessment.Answer{Question: "goal", Choice: "both", Text: "by June"}, "Both a direction and faster delivery (note: by June)"},
		{"typed text is quoted", assessment.Answer{Question: "goal", Text: "ship it"}, "“ship it”"},
		{"a skip says so", assessment.Answer{Question: "kpis", Skipped: true}, "(skipped)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := q.AnswerLabel(tt.a); got != tt.want {
				t.Errorf("AnswerLabel = %q, want %q", got, tt.want)
			}
		})
	}
}
