package assessment_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolecall/rolecall/internal/assessment"
)

// forward picks an answer to the current question: a random choice, or
// sometimes a skip or a typed note where the question allows it.
func forward(q *assessment.Questionnaire, st assessment.State, rng *rand.Rand) assessment.Input {
	qq, _ := q.Question(st.Step)
	switch n := rng.IntN(10); {
	case n == 0 && qq.Skippable:
		return assessment.Skip(qq.ID)
	case n == 1 && qq.AllowText:
		return assessment.Text(qq.ID, "our own words")
	default:
		return assessment.Choose(qq.ID, qq.Choices[rng.IntN(len(qq.Choices))].ID)
	}
}

// anyInput is a random input, valid or not.
func anyInput(q *assessment.Questionnaire, st assessment.State, rng *rand.Rand) assessment.Input {
	qq := q.Questions[rng.IntN(len(q.Questions))]
	c := qq.Choices[rng.IntN(len(qq.Choices))].ID
	switch rng.IntN(12) {
	case 0:
		return assessment.Back()
	case 1:
		return assessment.Edit(qq.ID)
	case 2:
		return assessment.Skip("")
	case 3:
		return assessment.Choose(qq.ID, "nonsense")
	case 4:
		return assessment.Text(qq.ID, "2")
	case 5:
		return assessment.Resume()
	case 6:
		if rng.IntN(5) == 0 {
			return assessment.Restart()
		}
		return assessment.Choose(qq.ID, c)
	default:
		if st.Step != "" && rng.IntN(2) == 0 {
			return forward(q, st, rng)
		}
		return assessment.Choose(qq.ID, c)
	}
}

// checkInvariants holds after every accepted input.
func checkInvariants(t *testing.T, q *assessment.Questionnaire, st assessment.State) {
	t.Helper()
	seen := map[string]bool{}
	for _, a := range st.Answers {
		qq, ok := q.Question(a.Question)
		if !ok || seen[a.Question] {
			t.Fatalf("answer %+v: unknown or duplicate question in %+v", a, st)
		}
		seen[a.Question] = true
		if a.Choice != "" && qq.Choice(a.Choice) == nil {
			t.Fatalf("answer %+v names an unknown choice", a)
		}
	}
	switch st.Status {
	case assessment.StatusActive:
		if _, ok := q.Question(st.Step); !ok {
			t.Fatalf("active state on unknown step %q", st.Step)
		}
	case assessment.StatusCompleted, assessment.StatusCancelled:
		if st.Step != "" {
			t.Fatalf("finished state with step %q", st.Step)
		}
	default:
		t.Fatalf("status %q", st.Status)
	}
}

func TestEveryPathEnds(t *testing.T) {
	q := builtin(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for walk := range 1000 {
		st, _ := run(t, q, assessment.State{}, assessment.Start())
		for range rng.IntN(60) {
			next, _, err := q.Next(st, anyInput(q, st, rng))
			var ie *assessment.InputError
			if err != nil && !errors.As(err, &ie) {
				t.Fatalf("walk %d: error %v is not an *InputError", walk, err)
			}
			if err == nil {
				st = next
				checkInvariants(t, q, st)
			}
		}
		if st.Status == assessment.StatusCancelled {
			continue
		}
		// From wherever the walk stopped, answering forward finishes within
		// one step per question.
		var reply assessment.Reply
		for i := 0; st.Status == assessment.StatusActive; i++ {
			if i > len(q.Questions) {
				t.Fatalf("walk %d: still active after %d forward answers: %+v", walk, i, st)
			}
			st, reply = run(t, q, st, forward(q, st, rng))
		}
		if st.Status == assessment.StatusCompleted && reply.Result == nil {
			st, reply = run(t, q, st, assessment.Resume())
		}
		if reply.Result == nil || reply.Result.Recommendation == "" {
			t.Fatalf("walk %d ended without a result: %+v", walk, reply)
		}
	}
}

func TestEveryRecommendationIsReachable(t *testing.T) {
	q := builtin(t)
	rng := rand.New(rand.NewPCG(3, 4))
	seen := map[assessment.Outcome]int{}
	for range 3000 {
		st, reply := run(t, q, assessment.State{}, assessment.Start())
		for st.Status == assessment.StatusActive {
			st, reply = run(t, q, st, forward(q, st, rng))
		}
		seen[reply.Result.Recommendation]++
	}
	for _, o := range q.Outcomes {
		if seen[o.ID] == 0 {
			t.Errorf("no random assessment out of 3000 recommends %s (%v)", o.ID, seen)
		}
	}
	t.Logf("recommendations over 3000 random assessments: %v", seen)
}

func TestChangingAnswersGivesTheSameResultAsAnsweringDirectly(t *testing.T) {
	q := builtin(t)
	rng := rand.New(rand.NewPCG(5, 6))
	ignoreAt := cmpopts.IgnoreFields(assessment.Answer{}, "At")
	for walk := range 300 {
		// The direct path.
		direct, reply := run(t, q, assessment.State{}, assessment.Start())
		want := map[string]assessment.Input{}
		for direct.Status == assessment.StatusActive {
			in := forward(q, direct, rng)
			want[in.Question] = in
			direct, reply = run(t, q, direct, in)
		}
		wantResult := reply.Result

		// A detour: answer differently, then fix the answers with Back,
		// Edit, or a click on the old question's button.
		st, _ := run(t, q, assessment.State{}, assessment.Start())
		for st.Status == assessment.StatusActive {
			in, ok := want[st.Step]
			if !ok || rng.IntN(3) == 0 {
				in = forward(q, st, rng)
			}
			st, reply = run(t, q, st, in)
		}
		for fixes := 0; ; fixes++ {
			if fixes > 10*len(q.Questions) {
				t.Fatalf("walk %d: no convergence: %+v", walk, st)
			}
			wrong := ""
			for _, qq := range q.Questions {
				a := answerOf(st, qq.ID)
				in, ok := want[qq.ID]
				if a != nil && ok && !same(a, in) {
					wrong = qq.ID
					break
				}
			}
			if wrong == "" && st.Status == assessment.StatusCompleted {
				break
			}
			switch {
			case st.Status == assessment.StatusActive:
				in, ok := want[st.Step]
				if !ok {
					in = forward(q, st, rng)
				}
				st, reply = run(t, q, st, in)
			case rng.IntN(2) == 0:
				st, _ = run(t, q, st, assessment.Edit(wrong))
			default:
				st, reply = run(t, q, st, want[wrong])
			}
		}
		if diff := cmp.Diff(direct, st, ignoreAt); diff != "" {
			t.Fatalf("walk %d: state differs (-direct +detour):\n%s", walk, diff)
		}
		if diff := cmp.Diff(wantResult, q.Evaluate(st.Answers)); diff != "" {
			t.Fatalf("walk %d: result differs (-direct +detour):\n%s", walk, diff)
		}
	}
}

// same reports whether an answer is what the input would record.
func same(a *assessment.Answer, in assessment.Input) bool {
	switch in.Kind {
	case assessment.KindSkip:
		return a.Skipped
	case assessment.KindText:
		return a.Text == in.Text && a.Choice == ""
	default:
		return a.Choice == in.Choice && a.Text == in.Text && !a.Skipped
	}
}

func TestBackThenForwardGivesTheSameState(t *testing.T) {
	q := builtin(t)
	rng := rand.New(rand.NewPCG(7, 8))
	for walk := range 300 {
		st, _ := run(t, q, assessment.State{}, assessment.Start())
		var given []assessment.Input
		for st.Status == assessment.StatusActive && rng.IntN(12) != 0 {
			in := forward(q, st, rng)
			given = append(given, in)
			st, _ = run(t, q, st, in)
		}
		if st.Status != assessment.StatusActive || len(given) == 0 {
			continue
		}
		// Go back k questions, then answer them again the same way.
		k := 1 + rng.IntN(len(given))
		back := st
		for range k {
			back, _ = run(t, q, back, assessment.Back())
		}
		for _, in := range given[len(given)-k:] {
			if back.Step != in.Question {
				break // the frontier jump already restored the state
			}
			back, _ = run(t, q, back, in)
		}
		if diff := cmp.Diff(st, back, cmpopts.IgnoreFields(assessment.Answer{}, "At")); diff != "" {
			t.Fatalf("walk %d, back %d: (-before +after):\n%s", walk, k, diff)
		}
	}
}
