package dialog_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/assessment/dialog"
	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/session"
)

// logger routes logs to t.Log.
func logger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }

func openStore(t testing.TB, url string) *session.Store {
	t.Helper()
	st, err := session.Open(context.Background(), session.Config{URL: url, Prefix: redistest.Prefix(t), TTL: 2 * time.Minute, Timeout: 500 * time.Millisecond}, logger(t))
	if err != nil {
		t.Fatalf("session.Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func questionnaire(t testing.TB) *assessment.Questionnaire {
	t.Helper()
	q, err := assessment.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q, err = q.WithKnowledge(func(id string) (*knowledge.Entry, bool) {
		return &knowledge.Entry{ID: id, Topic: id, Answer: "about " + id}, true
	})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func newService(t testing.TB, st dialog.Store) *dialog.Service {
	t.Helper()
	svc, err := dialog.New(dialog.Config{Store: st, Questionnaire: questionnaire(t), Logger: logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

var key = session.Key{Team: "T1", User: "U1", Channel: "D1"}

// ok fails the test on an error: ok(t)(svc.Apply(…)).
func ok(t testing.TB) func(*dialog.Step, error) *dialog.Step {
	return func(step *dialog.Step, err error) *dialog.Step {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return step
	}
}

// finish answers every remaining question with its first choice.
func finish(t testing.TB, svc *dialog.Service, k session.Key, step *dialog.Step) *dialog.Step {
	t.Helper()
	for step.State.Status == assessment.StatusActive {
		q := step.Reply.Question
		step = ok(t)(svc.Apply(context.Background(), k, assessment.Choose(q.ID, q.Choices[0].ID)))
	}
	return step
}

func TestService(t *testing.T) {
	ctx := context.Background()
	store := openStore(t, redistest.URL(t))
	svc := newService(t, store)

	t.Run("start creates an assessment at the first question", func(t *testing.T) {
		step := ok(t)(svc.Start(ctx, key, false))
		if !step.Saved || !step.Started || step.Resumed || step.Reply.Question == nil || step.Reply.Question.ID != "stage" {
			t.Fatalf("step %+v", step)
		}
		a, err := store.Get(ctx, key)
		if err != nil || a.Step != "stage" || a.QuestionnaireID != "hiring" || a.QuestionnaireVersion != 1 || a.Status != session.StatusActive {
			t.Fatalf("stored %+v, %v", a, err)
		}
	})

	t.Run("an answer is saved and the next question asked", func(t *testing.T) {
		step := ok(t)(svc.Apply(ctx, key, assessment.Choose("stage", "growing")))
		if !step.Saved || step.Reply.Question.ID != "products" {
			t.Fatalf("step %+v", step)
		}
		a, _ := store.Get(ctx, key)
		if len(a.Answers) != 1 || a.Answers[0].Choice != "growing" || a.Answers[0].At.IsZero() || a.Step != "products" {
			t.Errorf("stored %+v", a)
		}
	})

	t.Run("start again offers the one in progress without writing", func(t *testing.T) {
		before, _ := store.Get(ctx, key)
		step := ok(t)(svc.Start(ctx, key, false))
		after, _ := store.Get(ctx, key)
		if !step.Resumed || step.Saved || step.Reply.Question.ID != "products" || after.Revision != before.Revision {
			t.Errorf("step %+v, revision %d → %d", step, before.Revision, after.Revision)
		}
	})

	t.Run("a refused input writes nothing", func(t *testing.T) {
		before, _ := store.Get(ctx, key)
		_, err := svc.Apply(ctx, key, assessment.Choose("products", "eleven"))
		if !errors.Is(err, assessment.ErrUnknownChoice) {
			t.Fatalf("err = %v", err)
		}
		after, _ := store.Get(ctx, key)
		if after.Revision != before.Revision {
			t.Errorf("revision moved %d → %d", before.Revision, after.Revision)
		}
	})

	t.Run("a repeated answer writes nothing", func(t *testing.T) {
		before, _ := store.Get(ctx, key)
		step := ok(t)(svc.Apply(ctx, key, assessment.Choose("stage", "growing")))
		after, _ := store.Get(ctx, key)
		if step.Saved || !step.Reply.Noop || after.Revision != before.Revision {
			t.Errorf("step %+v, revision %d → %d", step, before.Revision, after.Revision)
		}
	})

	t.Run("mutate stores messages in the same write and later steps keep them", func(t *testing.T) {
		step := ok(t)(svc.Apply(ctx, key, assessment.Choose("products", "one"), dialog.WithMutate(func(a *session.Assessment) {
			if a.Messages == nil {
				a.Messages = map[string]string{}
			}
			a.Messages[a.Step] = "1700000000.000100"
			a.Step = "tampered" // discarded
		})))
		if step.Assessment.Messages["budget"] != "1700000000.000100" || step.Assessment.Step != "budget" {
			t.Fatalf("assessment %+v", step.Assessment)
		}
		ok(t)(svc.Apply(ctx, key, assessment.Choose("budget", "none")))
		a, _ := store.Get(ctx, key)
		if a.Messages["budget"] != "1700000000.000100" || a.Step != "goal" {
			t.Errorf("stored %+v", a)
		}
	})

	t.Run("the whole assessment ends with a result that stays retrievable", func(t *testing.T) {
		step := finish(t, svc, key, ok(t)(svc.Load(ctx, key)))
		if step.Reply.Result == nil || step.State.Status != assessment.StatusCompleted || !step.Completed {
			t.Fatalf("step %+v", step)
		}
		if again := ok(t)(svc.Apply(ctx, key, assessment.Resume())); again.Completed || again.Saved || again.Reply.Result == nil {
			t.Errorf("resume after completion: %+v", again)
		}
		last := ok(t)(svc.LastResult(ctx, key.Team, key.User))
		if last.Reply.Result == nil || last.Reply.Result.Recommendation != step.Reply.Result.Recommendation {
			t.Errorf("last result %+v", last.Reply.Result)
		}
		if _, err := svc.Active(ctx, key.Team, key.User); !errors.Is(err, session.ErrNotFound) {
			t.Errorf("Active after completion: %v, want ErrNotFound", err)
		}
	})

	t.Run("restart replaces a finished assessment", func(t *testing.T) {
		step := ok(t)(svc.Start(ctx, key, true))
		if !step.Saved || len(step.State.Answers) != 0 || step.Assessment.Revision != 1 {
			t.Fatalf("step %+v", step)
		}
		// The cache must not hold on to the old revision.
		ok(t)(svc.Apply(ctx, key, assessment.Choose("stage", "enterprise")))
		active := ok(t)(svc.Active(ctx, key.Team, key.User))
		if active.State.Step != "products" {
			t.Errorf("active %+v", active.State)
		}
	})

	t.Run("cancel is reported once", func(t *testing.T) {
		k := session.Key{Team: "T1", User: "U8", Channel: "D8"}
		ok(t)(svc.Start(ctx, k, true))
		step := ok(t)(svc.Apply(ctx, k, assessment.Cancel()))
		if !step.Cancelled || !step.Saved || step.State.Status != assessment.StatusCancelled {
			t.Fatalf("step %+v", step)
		}
		if again := ok(t)(svc.Apply(ctx, k, assessment.Cancel())); again.Cancelled || again.Saved {
			t.Errorf("second cancel: %+v", again)
		}
		if _, err := svc.Apply(ctx, k, assessment.Choose("stage", "growing")); !errors.Is(err, assessment.ErrFinished) {
			t.Errorf("answer after cancel: %v, want ErrFinished", err)
		}
	})

	t.Run("an answer without an assessment asks to start one", func(t *testing.T) {
		other := session.Key{Team: "T1", User: "U9", Channel: "D9"}
		if _, err := svc.Apply(ctx, other, assessment.Choose("stage", "growing")); !errors.Is(err, assessment.ErrNotStarted) {
			t.Errorf("err = %v, want ErrNotStarted", err)
		}
	})
}

func TestConcurrentClicksApplyOnce(t *testing.T) {
	ctx := context.Background()
	store := openStore(t, redistest.URL(t))
	for _, shared := range []bool{true, false} {
		name := map[bool]string{true: "one instance", false: "twenty instances"}[shared]
		t.Run(name, func(t *testing.T) {
			k := session.Key{Team: "T1", User: "U-" + name, Channel: "D1"}
			first := newService(t, store)
			ok(t)(first.Start(ctx, k, true))
			var (
				wg                     sync.WaitGroup
				mu                     sync.Mutex
				saved, already, failed int
			)
			for range 20 {
				svc := first
				if !shared {
					svc = newService(t, store)
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					step, err := svc.Apply(ctx, k, assessment.Choose("stage", "growing"))
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err != nil:
						failed++
						t.Errorf("Apply: %v", err)
					case step.Saved:
						saved++
					case step.AlreadyApplied || step.Reply.Noop:
						already++
					}
				}()
			}
			wg.Wait()
			if saved != 1 || already != 19 {
				t.Errorf("saved %d, already applied %d, failed %d; want 1 and 19", saved, already, failed)
			}
			a, _ := store.Get(ctx, k)
			if a.Revision != 2 || len(a.Answers) != 1 || a.Step != "products" {
				t.Errorf("stored revision %d, answers %+v, step %s", a.Revision, a.Answers, a.Step)
			}
		})
	}
}

func TestDifferentConcurrentAnswersDoNotBothApply(t *testing.T) {
	ctx := context.Background()
	store := openStore(t, redistest.URL(t))
	a, b := newService(t, store), newService(t, store)
	k := session.Key{Team: "T1", User: "U2", Channel: "D1"}
	ok(t)(a.Start(ctx, k, true))
	ok(t)(b.Load(ctx, k)) // b caches revision 1 too
	ok(t)(a.Apply(ctx, k, assessment.Choose("stage", "growing")))
	_, err := b.Apply(ctx, k, assessment.Choose("stage", "enterprise"))
	if !errors.Is(err, session.ErrStale) {
		t.Fatalf("err = %v, want ErrStale", err)
	}
	got, _ := store.Get(ctx, k)
	if got.Answers[0].Choice != "growing" {
		t.Errorf("stored %+v", got.Answers)
	}
}

func TestAnotherInstanceContinuesTheDialog(t *testing.T) {
	ctx := context.Background()
	url := redistest.URL(t)
	store := openStore(t, url)
	a, b := newService(t, store), newService(t, store)
	k := session.Key{Team: "T1", User: "U3", Channel: "C1", Thread: "1700000000.000001"}
	ok(t)(a.Start(ctx, k, false))
	ok(t)(a.Apply(ctx, k, assessment.Choose("stage", "growing")))
	ok(t)(b.Apply(ctx, k, assessment.Choose("products", "one"))) // b has no cache entry
	// a's cache is one revision behind: its next answer still applies.
	step := ok(t)(a.Apply(ctx, k, assessment.Choose("budget", "none")))
	if !step.Saved || step.State.Step != "goal" || len(step.State.Answers) != 3 {
		t.Fatalf("step %+v", step.State)
	}
	// And an answer that only makes sense on the stored state is judged on it.
	ok(t)(b.Load(ctx, k))
	ok(t)(a.Apply(ctx, k, assessment.Choose("goal", "direction")))
	step = ok(t)(b.Apply(ctx, k, assessment.Choose("current_pm", "founder")))
	if step.State.Step != "duties" {
		t.Errorf("step %s, want duties", step.State.Step)
	}
}

func TestAnnotateKeepsTheDialog(t *testing.T) {
	ctx := context.Background()
	store := openStore(t, redistest.URL(t))
	a, b := newService(t, store), newService(t, store)
	k := session.Key{Team: "T1", User: "U5", Channel: "D1"}
	ok(t)(a.Start(ctx, k, false))
	ok(t)(b.Load(ctx, k))                                         // b caches revision 1
	ok(t)(a.Apply(ctx, k, assessment.Choose("stage", "growing"))) // revision 2
	step := ok(t)(b.Annotate(ctx, k, func(x *session.Assessment) {
		x.Messages = map[string]string{"products": "1700000000.000200"}
		x.Step = "kpis" // discarded
		x.Answers = nil // discarded
	}))
	got, _ := store.Get(ctx, k)
	if got.Messages["products"] != "1700000000.000200" || got.Step != "products" || len(got.Answers) != 1 || step.State.Step != "products" {
		t.Errorf("stored %+v", got)
	}
	if _, err := a.Annotate(ctx, session.Key{Team: "T1", User: "nobody", Channel: "D1"}, func(*session.Assessment) {}); !errors.Is(err, session.ErrNotFound) {
		t.Errorf("annotate a missing assessment: %v, want ErrNotFound", err)
	}
}

func TestCheckRefusesAStepAndIsJudgedOnTheStore(t *testing.T) {
	ctx := context.Background()
	store := openStore(t, redistest.URL(t))
	a, b := newService(t, store), newService(t, store)
	k := session.Key{Team: "T1", User: "U6", Channel: "D1"}
	ok(t)(a.Start(ctx, k, false))
	errForeign := errors.New("not a message of this assessment")
	recorded := func(ts string) dialog.Option {
		return dialog.WithCheck(func(x *session.Assessment) error {
			if x.Messages["stage"] != ts {
				return errForeign
			}
			return nil
		})
	}

	t.Run("a refused check writes nothing and returns the check's error", func(t *testing.T) {
		_, err := a.Apply(ctx, k, assessment.Choose("stage", "growing"), recorded("1700000000.000300"))
		if !errors.Is(err, errForeign) {
			t.Fatalf("err = %v, want the check's", err)
		}
		got, _ := store.Get(ctx, k)
		if got.Revision != 1 || len(got.Answers) != 0 {
			t.Errorf("stored %+v after a refused check", got)
		}
	})
	t.Run("a check refused by a stale cache is judged again on the store", func(t *testing.T) {
		// a's cache has no messages; b records one.
		ok(t)(b.Annotate(ctx, k, func(x *session.Assessment) {
			x.Messages = map[string]string{"stage": "1700000000.000300"}
		}))
		step := ok(t)(a.Apply(ctx, k, assessment.Choose("stage", "growing"), recorded("1700000000.000300")))
		if !step.Saved || step.State.Step != "products" {
			t.Errorf("step %+v, want the answer saved", step.State)
		}
	})
}

func TestStoreOutage(t *testing.T) {
	ctx := context.Background()
	proxy := redistest.NewProxy(t, redistest.Addr(t))
	store := openStore(t, proxy.URL())
	svc := newService(t, store)
	k := session.Key{Team: "T1", User: "U4", Channel: "D1"}
	ok(t)(svc.Start(ctx, k, false))

	proxy.Stop()
	_, err := svc.Apply(ctx, k, assessment.Choose("stage", "growing"))
	if !errors.Is(err, session.ErrUnavailable) {
		t.Fatalf("err during outage = %v, want ErrUnavailable", err)
	}
	proxy.Start()

	step := ok(t)(svc.Apply(ctx, k, assessment.Choose("stage", "growing")))
	if !step.Saved || step.State.Step != "products" || len(step.State.Answers) != 1 {
		t.Errorf("after the outage: %+v", step.State)
	}
}

func TestNewRequiresStoreAndQuestionnaire(t *testing.T) {
	if _, err := dialog.New(dialog.Config{Questionnaire: questionnaire(t)}); err == nil {
		t.Error("New without a store succeeded")
	}
	if _, err := dialog.New(dialog.Config{Store: openStore(t, redistest.URL(t))}); err == nil {
		t.Error("New without a questionnaire succeeded")
	}
}

// counting wraps a Store and counts calls.
type counting struct {
	dialog.Store
	mu    sync.Mutex
	calls map[string]int
}

func (c *counting) count(op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[op]++
}

func (c *counting) Get(ctx context.Context, k session.Key) (*session.Assessment, error) {
	c.count("get")
	return c.Store.Get(ctx, k)
}

func (c *counting) Update(ctx context.Context, a *session.Assessment) error {
	c.count("update")
	return c.Store.Update(ctx, a)
}

func (c *counting) Create(ctx context.Context, a *session.Assessment) error {
	c.count("create")
	return c.Store.Create(ctx, a)
}

func TestAStepIsOneStoreCall(t *testing.T) {
	ctx := context.Background()
	store := &counting{Store: openStore(t, redistest.URL(t)), calls: map[string]int{}}
	svc := newService(t, store)
	k := session.Key{Team: "T1", User: "U6", Channel: "D1"}
	ok(t)(svc.Start(ctx, k, true))
	store.calls = map[string]int{}
	for _, in := range []assessment.Input{assessment.Choose("stage", "growing"), assessment.Choose("products", "one"), assessment.Back(), assessment.Choose("products", "one")} {
		ok(t)(svc.Apply(ctx, k, in))
	}
	if want := map[string]int{"update": 4}; !cmpMaps(store.calls, want) {
		t.Errorf("store calls %v for 4 steps, want %v", store.calls, want)
	}
}

func cmpMaps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
