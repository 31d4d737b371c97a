package session_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rolecall/rolecall/internal/session"
)

// The conformance suite is written once and run against every backend the
// Store supports: the real Redis and the embedded server.

func TestRealRedis(t *testing.T)     { testConformance(t, openRedis) }
func TestEmbeddedStore(t *testing.T) { testConformance(t, openEmbedded) }

func testConformance(t *testing.T, open opener) {
	t.Run("CRUD", func(t *testing.T) { testCRUD(t, open) })
	t.Run("Errors", func(t *testing.T) { testErrors(t, open) })
	t.Run("ActiveAndLast", func(t *testing.T) { testActiveAndLast(t, open) })
	t.Run("TTL", func(t *testing.T) { testTTL(t, open) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, open) })
	t.Run("Claim", func(t *testing.T) { testClaim(t, open) })
	t.Run("Lock", func(t *testing.T) { testLock(t, open) })
	t.Run("Records", func(t *testing.T) { testRecords(t, open) })
	t.Run("RoundTrips", func(t *testing.T) { testRoundTrips(t, open) })
	t.Run("Topics", func(t *testing.T) { testTopics(t, open) })
}

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// fullAssessment sets every field.
func fullAssessment(k session.Key) *session.Assessment {
	return &session.Assessment{
		Key:                  k,
		QuestionnaireID:      "hiring",
		QuestionnaireVersion: 3,
		Step:                 "budget",
		Status:               session.StatusActive,
		Answers: []session.Answer{
			{Question: "stage", Choice: "startup", At: t0},
			{Question: "goals", Text: "ship <faster> & \"cheaper\"", At: t0.Add(time.Minute)},
			{Question: "kpis", Skipped: true, At: t0.Add(2 * time.Minute)},
		},
		Messages:  map[string]string{"stage": "1700000000.000100", "goals": "1700000000.000200"},
		StartedAt: t0,
	}
}

func testCRUD(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	tests := []struct {
		name   string
		create *session.Assessment
		change func(a *session.Assessment) // applied before an Update; nil for none
	}{
		{
			name:   "an assessment in a DM reads back exactly as created",
			create: fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "D1"}),
		},
		{
			name:   "an assessment in a thread reads back exactly as created",
			create: fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "C1", Thread: "1700000000.000100"}),
		},
		{
			// The connections' buffers are 4 KiB: a larger value is
			// written and read in several fills.
			name: "an assessment many times larger than a connection's buffers reads back exactly",
			create: func() *session.Assessment {
				a := fullAssessment(session.Key{Team: "T1", User: "U4", Channel: "C4", Thread: "1700000000.000400"})
				a.Answers[1].Text = strings.Repeat("our goals, <in> \"detail\" & more; ", 2000)
				return a
			}(),
		},
		{
			name:   "a minimal assessment reads back exactly as created",
			create: &session.Assessment{Key: session.Key{Team: "T1", User: "U2", Channel: "D2"}, QuestionnaireID: "hiring", Step: "stage"},
		},
		{
			name:   "an update of every mutable field reads back exactly",
			create: fullAssessment(session.Key{Team: "T1", User: "U3", Channel: "C3", Thread: "1.2"}),
			change: func(a *session.Assessment) {
				a.QuestionnaireVersion = 4
				a.Step = "kpis"
				a.Answers = append(a.Answers, session.Answer{Question: "budget", Choice: "tight", At: t0.Add(3 * time.Minute)})
				a.Messages["budget"] = "1700000000.000300"
				a.Status = session.StatusCompleted
			},
		},
		{
			name:   "an update that removes answers reads back exactly",
			create: fullAssessment(session.Key{Team: "T1", User: "U4", Channel: "D4"}),
			change: func(a *session.Assessment) {
				a.Answers = a.Answers[:1]
				a.Messages = nil
				a.Step = "goals"
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.create
			if err := s.Create(ctx, a); err != nil {
				t.Fatalf("Create: %v", err)
			}
			if a.Revision != 1 {
				t.Errorf("after Create, Revision = %d, want 1", a.Revision)
			}
			if a.Status == "" || a.StartedAt.IsZero() || a.UpdatedAt.IsZero() {
				t.Errorf("after Create, Status %q StartedAt %v UpdatedAt %v: want all set", a.Status, a.StartedAt, a.UpdatedAt)
			}
			if tt.change != nil {
				tt.change(a)
				if err := s.Update(ctx, a); err != nil {
					t.Fatalf("Update: %v", err)
				}
				if a.Revision != 2 {
					t.Errorf("after Update, Revision = %d, want 2", a.Revision)
				}
			}
			got, err := s.Get(ctx, a.Key)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if diff := cmp.Diff(a, got); diff != "" {
				t.Errorf("Get returned a different assessment (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("the stored value has the documented key and a schema version", func(t *testing.T) {
		k := session.Key{Team: "T9", User: "U9", Channel: "D9"}
		if err := s.Create(ctx, fullAssessment(k)); err != nil {
			t.Fatal(err)
		}
		key := s.AssessKey(k)
		if !strings.HasSuffix(key, ":{T9}:assess:U9:D9:dm") {
			t.Errorf("key = %q, want …:{T9}:assess:U9:D9:dm", key)
		}
		raw, err := s.Raw().Get(ctx, key).Result()
		if err != nil {
			t.Fatalf("raw GET %s: %v", key, err)
		}
		if !strings.HasPrefix(raw, `{"v":1,`) {
			t.Errorf("stored value %.40s… does not start with the schema version", raw)
		}
	})
}

func testErrors(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	existing := fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "D1"})
	if err := s.Create(ctx, existing); err != nil {
		t.Fatal(err)
	}
	stale := *existing // revision 1
	if err := s.Update(ctx, existing); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
		want error // nil: some error that is none of the sentinels
	}{
		{"a get of a key never written is ErrNotFound", func() error {
			_, err := s.Get(ctx, session.Key{Team: "T1", User: "nobody", Channel: "D0"})
			return err
		}, session.ErrNotFound},
		{"an update of an assessment never created is ErrNotFound", func() error {
			return s.Update(ctx, &session.Assessment{Key: session.Key{Team: "T1", User: "nobody", Channel: "D0"}, Status: session.StatusActive, Revision: 1})
		}, session.ErrNotFound},
		{"an update from an old revision is ErrStale", func() error {
			return s.Update(ctx, &stale)
		}, session.ErrStale},
		{"an update from a future revision is ErrStale", func() error {
			future := *existing
			future.Revision += 5
			return s.Update(ctx, &future)
		}, session.ErrStale},
		{"Active of a user without an assessment is ErrNotFound", func() error {
			_, err := s.Active(ctx, "T1", "nobody")
			return err
		}, session.ErrNotFound},
		{"LastCompleted of a user who never finished is ErrNotFound", func() error {
			_, err := s.LastCompleted(ctx, "T1", "U1")
			return err
		}, session.ErrNotFound},
		{"a cache miss is ErrNotFound", func() error {
			_, err := s.CacheGet(ctx, "never-set")
			return err
		}, session.ErrNotFound},
		{"a role nobody holds is ErrNotFound", func() error {
			_, err := s.Role(ctx, "T1", "po")
			return err
		}, session.ErrNotFound},
		{"an empty team is rejected", func() error {
			return s.Create(ctx, &session.Assessment{Key: session.Key{User: "U1", Channel: "D1"}})
		}, nil},
		{"a team with a brace is rejected", func() error {
			_, err := s.Claim(ctx, "T{1}", "Ev1")
			return err
		}, nil},
		{"an unknown status is rejected", func() error {
			a := *existing
			a.Status = "paused"
			return s.Update(ctx, &a)
		}, nil},
		{"a nil assessment is rejected", func() error { return s.Create(ctx, nil) }, nil},
		{"an unanswered retention under a second is refused", func() error {
			_, err := session.Open(ctx, session.Config{UnansweredRetention: time.Millisecond}, nil)
			return err
		}, nil},
		{"a thread named dm, which would be the key of the DM, is rejected", func() error {
			_, err := s.Get(ctx, session.Key{Team: "T1", User: "U1", Channel: "D1", Thread: "dm"})
			return err
		}, nil},
		{"a thread of 200,000 characters is rejected", func() error {
			return s.Create(ctx, fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "C1", Thread: strings.Repeat("1", 100000) + "." + strings.Repeat("2", 99999)}))
		}, nil},
		{"a thread that is not a Slack timestamp is rejected", func() error {
			return s.Create(ctx, fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "C1", Thread: "1700000000.000100:x"}))
		}, nil},
		{"a channel with a colon is rejected", func() error {
			return s.Create(ctx, fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "C1:1700000000.000100"}))
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if err == nil {
				t.Fatal("no error")
			}
			for _, sentinel := range []error{session.ErrNotFound, session.ErrStale, session.ErrUnavailable} {
				if got, want := errors.Is(err, sentinel), sentinel == tt.want; got != want {
					t.Errorf("errors.Is(%v, %v) = %v, want %v", err, sentinel, got, want)
				}
			}
			if !strings.HasPrefix(err.Error(), "session: ") {
				t.Errorf("error %q does not say where it comes from", err)
			}
		})
	}
	t.Run("a retried update that already applied still succeeds", func(t *testing.T) {
		a := fullAssessment(session.Key{Team: "T1", User: "U5", Channel: "D5"})
		if err := s.Create(ctx, a); err != nil {
			t.Fatal(err)
		}
		first, second := s.UpdateRetried(ctx, a)
		if first != nil || second != nil {
			t.Errorf("update, then its retry = %v, %v; want both nil", first, second)
		}
		if got, err := s.Get(ctx, a.Key); err != nil || got.Revision != 2 {
			t.Errorf("after an update and its retry: %v, %v; want revision 2", got, err)
		}
		// A different update from the same old revision is still stale.
		if err := s.Update(ctx, a); !errors.Is(err, session.ErrStale) {
			t.Errorf("another update from revision 1 = %v, want ErrStale", err)
		}
	})
	t.Run("a failed update leaves the assessment and the caller's copy unchanged", func(t *testing.T) {
		before := stale
		if err := s.Update(ctx, &stale); !errors.Is(err, session.ErrStale) {
			t.Fatalf("Update = %v, want ErrStale", err)
		}
		if diff := cmp.Diff(&before, &stale); diff != "" {
			t.Errorf("the caller's copy changed (-before +after):\n%s", diff)
		}
		got, err := s.Get(ctx, existing.Key)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(existing, got); diff != "" {
			t.Errorf("stored assessment changed (-want +got):\n%s", diff)
		}
	})
}

func testActiveAndLast(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	first := fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "C1", Thread: "1.1"})
	second := fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "D1"})

	wantActive := func(t *testing.T, want session.Key) {
		t.Helper()
		got, err := s.Active(ctx, "T1", "U1")
		if err != nil {
			t.Fatalf("Active: %v", err)
		}
		if got != want {
			t.Errorf("Active = %+v, want %+v", got, want)
		}
	}

	if err := s.Create(ctx, first); err != nil {
		t.Fatal(err)
	}
	wantActive(t, first.Key)
	if err := s.Create(ctx, second); err != nil {
		t.Fatal(err)
	}
	t.Run("a newer assessment becomes the active one", func(t *testing.T) { wantActive(t, second.Key) })

	first.Status = session.StatusCompleted
	if err := s.Update(ctx, first); err != nil {
		t.Fatal(err)
	}
	t.Run("completing an older assessment leaves the newer one active", func(t *testing.T) { wantActive(t, second.Key) })
	t.Run("a completed assessment is the last completed one", func(t *testing.T) {
		got, err := s.LastCompleted(ctx, "T1", "U1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, got); diff != "" {
			t.Errorf("LastCompleted (-want +got):\n%s", diff)
		}
	})

	second.Status = session.StatusCancelled
	if err := s.Update(ctx, second); err != nil {
		t.Fatal(err)
	}
	t.Run("cancelling the active assessment clears the pointer", func(t *testing.T) {
		if _, err := s.Active(ctx, "T1", "U1"); !errors.Is(err, session.ErrNotFound) {
			t.Errorf("Active = %v, want ErrNotFound", err)
		}
	})
	t.Run("a cancelled assessment does not replace the last completed one", func(t *testing.T) {
		got, err := s.LastCompleted(ctx, "T1", "U1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Key != first.Key {
			t.Errorf("LastCompleted is %+v, want %+v", got.Key, first.Key)
		}
	})
	t.Run("a completed assessment stays readable", func(t *testing.T) {
		got, err := s.Get(ctx, first.Key)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != session.StatusCompleted {
			t.Errorf("status %q, want completed", got.Status)
		}
	})
	t.Run("another user's pointer is separate", func(t *testing.T) {
		if _, err := s.Active(ctx, "T1", "U2"); !errors.Is(err, session.ErrNotFound) {
			t.Errorf("Active(U2) = %v, want ErrNotFound", err)
		}
	})
}

func testTTL(t *testing.T, open opener) {
	const ttl = 10 * time.Second
	s := open(t, session.Config{TTL: ttl})
	ctx := context.Background()
	rdb := s.Raw()
	a := fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "D1"})
	key := s.AssessKey(a.Key)
	active := s.TeamKey("T1", "active", "U1")
	last := s.TeamKey("T1", "last", "U1")

	pttl := func(t *testing.T, key string) time.Duration {
		t.Helper()
		d, err := rdb.PTTL(ctx, key).Result()
		if err != nil {
			t.Fatalf("PTTL %s: %v", key, err)
		}
		return d
	}
	// fresh asserts a TTL that was just set to ttl (allowing for the time the
	// test itself takes).
	fresh := func(t *testing.T, key string) {
		t.Helper()
		if d := pttl(t, key); d <= ttl-2*time.Second || d > ttl {
			t.Errorf("PTTL %s = %v, want just under %v", key, d, ttl)
		}
	}
	// age shortens the TTLs so that a reset is visible without waiting.
	age := func(t *testing.T, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if err := rdb.PExpire(ctx, k, 3*time.Second).Err(); err != nil {
				t.Fatal(err)
			}
		}
	}

	if err := s.Create(ctx, a); err != nil {
		t.Fatal(err)
	}
	t.Run("create sets the TTL on the assessment and the pointer", func(t *testing.T) {
		fresh(t, key)
		fresh(t, active)
	})

	age(t, key, active)
	a.Step = "next"
	if err := s.Update(ctx, a); err != nil {
		t.Fatal(err)
	}
	t.Run("an update slides the TTL of the assessment and the pointer", func(t *testing.T) {
		fresh(t, key)
		fresh(t, active)
	})

	age(t, key)
	a.Status = session.StatusCompleted
	if err := s.Update(ctx, a); err != nil {
		t.Fatal(err)
	}
	t.Run("completion keeps the assessment for a full TTL and copies it with the same TTL", func(t *testing.T) {
		fresh(t, key)
		fresh(t, last)
		if _, err := s.Get(ctx, a.Key); err != nil {
			t.Errorf("Get after completion: %v", err)
		}
	})

	t.Run("an assessment is gone once its TTL ran out", func(t *testing.T) {
		if err := rdb.PExpire(ctx, key, time.Millisecond).Err(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			_, err := s.Get(ctx, a.Key)
			if errors.Is(err, session.ErrNotFound) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("Get 5 s after expiry = %v, want ErrNotFound", err)
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
}

func testConcurrency(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	a := fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "D1"})
	if err := s.Create(ctx, a); err != nil {
		t.Fatal(err)
	}
	const n = 50
	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		errs    = make([]error, n)
		winners = make([]*session.Assessment, n)
	)
	for i := range n {
		mine := *a
		mine.Answers = append([]session.Answer(nil), a.Answers...)
		mine.Answers = append(mine.Answers, session.Answer{Question: "budget", Text: fmt.Sprint("answer ", i), At: t0})
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = s.Update(ctx, &mine)
			if errs[i] == nil {
				winners[i] = &mine
			}
		}()
	}
	close(start)
	wg.Wait()

	var won, stale int
	var winner *session.Assessment
	for i, err := range errs {
		switch {
		case err == nil:
			won++
			winner = winners[i]
		case errors.Is(err, session.ErrStale):
			stale++
		default:
			t.Errorf("update %d: %v", i, err)
		}
	}
	if won != 1 || stale != n-1 {
		t.Fatalf("%d updates applied and %d were stale; want 1 and %d", won, stale, n-1)
	}
	got, err := s.Get(ctx, a.Key)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(winner, got); diff != "" {
		t.Errorf("the stored assessment is not the winner's (-winner +stored):\n%s", diff)
	}
	if got.Revision != 2 {
		t.Errorf("revision %d, want 2", got.Revision)
	}
}

func testClaim(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	claim := func(t *testing.T, id string, want bool) {
		t.Helper()
		got, err := s.Claim(ctx, "T1", id)
		if err != nil {
			t.Fatalf("Claim(%s): %v", id, err)
		}
		if got != want {
			t.Fatalf("Claim(%s) = %v, want %v", id, got, want)
		}
	}
	t.Run("the first claim wins and the second does not", func(t *testing.T) {
		claim(t, "Ev1", true)
		claim(t, "Ev1", false)
		claim(t, "Ev2", true)
	})
	t.Run("a claim is remembered for 15 minutes", func(t *testing.T) {
		d, err := s.Raw().PTTL(ctx, s.TeamKey("T1", "event", "Ev1")).Result()
		if err != nil {
			t.Fatal(err)
		}
		if d < 14*time.Minute || d > 15*time.Minute {
			t.Errorf("claim TTL %v, want just under 15m", d)
		}
	})
	t.Run("a released claim can be claimed again", func(t *testing.T) {
		if err := s.Release(ctx, "T1", "Ev1"); err != nil {
			t.Fatal(err)
		}
		claim(t, "Ev1", true)
		claim(t, "Ev1", false)
	})
	t.Run("releasing an id never claimed is not an error", func(t *testing.T) {
		if err := s.Release(ctx, "T1", "never"); err != nil {
			t.Error(err)
		}
	})
	t.Run("the same id in another team is a separate claim", func(t *testing.T) {
		got, err := s.Claim(ctx, "T2", "Ev1")
		if err != nil || !got {
			t.Errorf("Claim(T2, Ev1) = %v, %v; want true", got, err)
		}
	})
	t.Run("a retried take with the same token still succeeds", func(t *testing.T) {
		key := s.TeamKey("T1", "event", "Ev3")
		for i, want := range []bool{true, true} {
			got, err := s.Take(ctx, key, "tok-a", time.Minute)
			if err != nil || got != want {
				t.Errorf("take %d with the same token = %v, %v; want %v", i, got, err, want)
			}
		}
		if got, err := s.Take(ctx, key, "tok-b", time.Minute); err != nil || got {
			t.Errorf("take with another token = %v, %v; want false", got, err)
		}
	})
	t.Run("a claim TTL under 10 minutes is refused", func(t *testing.T) {
		_, err := session.Open(ctx, session.Config{ClaimTTL: time.Minute}, nil)
		if err == nil || !strings.Contains(err.Error(), "claim TTL") {
			t.Errorf("Open with ClaimTTL 1m = %v, want an error about the claim TTL", err)
		}
	})
}

func testLock(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	lock := func(t *testing.T, ttl time.Duration, want bool) func() {
		t.Helper()
		unlock, ok, err := s.Lock(ctx, "T1", "U1:step", ttl)
		if err != nil {
			t.Fatalf("Lock: %v", err)
		}
		if ok != want {
			t.Fatalf("Lock ok = %v, want %v", ok, want)
		}
		if ok && unlock == nil {
			t.Fatal("Lock gave no unlock func")
		}
		return unlock
	}
	// waitFree takes the lock as soon as it expires; bounded at 5 s.
	waitFree := func(t *testing.T, ttl time.Duration) func() {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			unlock, ok, err := s.Lock(ctx, "T1", "U1:step", ttl)
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				return unlock
			}
			if time.Now().After(deadline) {
				t.Fatal("lock did not expire within 5 s")
			}
			time.Sleep(10 * time.Millisecond)
		}
	}

	t.Run("a second taker fails until the first unlocks", func(t *testing.T) {
		unlock := lock(t, time.Minute, true)
		lock(t, time.Minute, false)
		unlock()
		unlock() // harmless twice
		lock(t, time.Minute, true)()
	})
	t.Run("a lock expires without unlock", func(t *testing.T) {
		lock(t, 50*time.Millisecond, true)
		waitFree(t, time.Minute)()
	})
	t.Run("a late unlock does not release the next holder's lock", func(t *testing.T) {
		late := lock(t, 50*time.Millisecond, true)
		next := waitFree(t, time.Minute)
		late()
		lock(t, time.Minute, false)
		next()
	})
	t.Run("a lock without a TTL is refused", func(t *testing.T) {
		if _, ok, err := s.Lock(ctx, "T1", "x", 0); err == nil || ok {
			t.Errorf("Lock with ttl 0 = %v, %v; want an error", ok, err)
		}
	})
}

func testRecords(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()

	t.Run("feedback counts up and down votes per entry", func(t *testing.T) {
		for _, up := range []bool{true, true, false} {
			if err := s.Feedback(ctx, "T1", "backlog", up); err != nil {
				t.Fatal(err)
			}
		}
		up, down, err := s.FeedbackCounts(ctx, "T1", "backlog")
		if err != nil || up != 2 || down != 1 {
			t.Errorf("FeedbackCounts = %d, %d, %v; want 2, 1", up, down, err)
		}
		up, down, err = s.FeedbackCounts(ctx, "T1", "roadmap")
		if err != nil || up != 0 || down != 0 {
			t.Errorf("FeedbackCounts of an entry without votes = %d, %d, %v; want 0, 0", up, down, err)
		}
	})

	t.Run("the unanswered log keeps the newest 1000 questions", func(t *testing.T) {
		const n = session.UnansweredCap + 5
		for i := range n {
			if err := s.LogUnanswered(ctx, "T1", fmt.Sprint("question ", i)); err != nil {
				t.Fatal(err)
			}
		}
		l, err := s.Raw().LLen(ctx, s.TeamKey("T1", "unanswered")).Result()
		if err != nil || l != session.UnansweredCap {
			t.Errorf("LLEN = %d, %v; want %d", l, err, session.UnansweredCap)
		}
		got, err := s.RecentUnanswered(ctx, "T1", 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Question != fmt.Sprint("question ", n-1) || got[1].Question != fmt.Sprint("question ", n-2) {
			t.Errorf("RecentUnanswered = %+v, want the last two, newest first", got)
		}
		if got[0].At.IsZero() {
			t.Error("entry has no timestamp")
		}
	})

	t.Run("the unanswered log keeps a question cut to 300 characters", func(t *testing.T) {
		long := strings.Repeat("é", session.UnansweredMaxRunes+50)
		if err := s.LogUnanswered(ctx, "T3", long); err != nil {
			t.Fatal(err)
		}
		got, err := s.RecentUnanswered(ctx, "T3", 1)
		if err != nil || len(got) != 1 || got[0].Question != long[:2*session.UnansweredMaxRunes] {
			t.Errorf("RecentUnanswered = %.40q…, %v; want the first %d characters", got, err, session.UnansweredMaxRunes)
		}
	})

	t.Run("the unanswered log keeps questions for its retention only", func(t *testing.T) {
		s := open(t, session.Config{UnansweredRetention: time.Hour})
		key := s.TeamKey("T1", "unanswered")
		old := func(q string, age time.Duration) string {
			return fmt.Sprintf(`{"v":1,"question":%q,"at":%q}`, q, time.Now().Add(-age).UTC().Format(time.RFC3339Nano))
		}
		// Written by an earlier version, without a TTL: two too old, one not.
		if err := s.Raw().RPush(ctx, key, old("recent", 30*time.Minute), old("stale", 2*time.Hour), old("ancient", 40*24*time.Hour)).Err(); err != nil {
			t.Fatal(err)
		}
		if err := s.LogUnanswered(ctx, "T1", "new"); err != nil {
			t.Fatal(err)
		}
		if ttl, err := s.Raw().PTTL(ctx, key).Result(); err != nil || ttl <= 59*time.Minute || ttl > time.Hour {
			t.Errorf("PTTL = %v, %v; want the retention, 1h", ttl, err)
		}
		raw, err := s.Raw().LRange(ctx, key, 0, -1).Result()
		if err != nil || len(raw) != 2 || !strings.Contains(raw[1], "recent") {
			t.Errorf("stored %q, %v; want the new question and the recent one, the older dropped", raw, err)
		}
		// An entry that aged past the retention since the last write is not read.
		if err := s.Raw().RPush(ctx, key, old("aged", 61*time.Minute)).Err(); err != nil {
			t.Fatal(err)
		}
		got, err := s.RecentUnanswered(ctx, "T1", 10)
		if err != nil || len(got) != 2 || got[0].Question != "new" || got[1].Question != "recent" {
			t.Errorf("RecentUnanswered = %+v, %v; want new and recent", got, err)
		}
	})

	t.Run("a cached value reads back until its TTL", func(t *testing.T) {
		if err := s.CacheSet(ctx, "q:who owns the backlog", []byte(`{"entry":"backlog"}`), time.Hour); err != nil {
			t.Fatal(err)
		}
		got, err := s.CacheGet(ctx, "q:who owns the backlog")
		if err != nil || string(got) != `{"entry":"backlog"}` {
			t.Errorf("CacheGet = %q, %v", got, err)
		}
		if err := s.CacheSet(ctx, "k", []byte("v"), 0); err == nil {
			t.Error("CacheSet without a TTL succeeded; want an error")
		}
	})

	t.Run("the directory maps roles to users", func(t *testing.T) {
		for role, user := range map[string]string{"po": "U1", "pm": "U2"} {
			if err := s.SetRole(ctx, "T1", role, user); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SetRole(ctx, "T1", "pm", ""); err != nil {
			t.Fatal(err)
		}
		got, err := s.Roles(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]string{"po": "U1"}, got); diff != "" {
			t.Errorf("Roles (-want +got):\n%s", diff)
		}
		if u, err := s.Role(ctx, "T1", "po"); err != nil || u != "U1" {
			t.Errorf("Role(po) = %q, %v; want U1", u, err)
		}
		if got, err := s.Roles(ctx, "T2"); err != nil || len(got) != 0 {
			t.Errorf("Roles of an empty team = %v, %v; want empty", got, err)
		}
	})
}

func testRoundTrips(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	a := fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "D1"})
	// Warm a connection of each pool (commands and pipelines): a new
	// connection's handshake is counted too.
	if err := s.Create(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.LogUnanswered(ctx, "T1", "warm-up"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
	}{
		{"create is one round trip", func() error {
			return s.Create(ctx, fullAssessment(session.Key{Team: "T1", User: "U2", Channel: "D2"}))
		}},
		{"update is one round trip", func() error { return s.Update(ctx, a) }},
		{"a completing update is one round trip", func() error {
			a.Status = session.StatusCompleted
			return s.Update(ctx, a)
		}},
		{"get is one round trip", func() error { _, err := s.Get(ctx, a.Key); return err }},
		{"active is one round trip", func() error { _, err := s.Active(ctx, "T1", "U2"); return err }},
		{"claim is one round trip", func() error { _, err := s.Claim(ctx, "T1", "Ev1"); return err }},
		{"a repeated claim is one round trip", func() error { _, err := s.Claim(ctx, "T1", "Ev1"); return err }},
		{"logging an unanswered question is one round trip", func() error { return s.LogUnanswered(ctx, "T1", "q") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.Commands()
			if err := tt.call(); err != nil {
				t.Fatal(err)
			}
			if n := s.Commands() - before; n != 1 {
				t.Errorf("%d round trips, want 1", n)
			}
		})
	}
}

func testTopics(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	tests := []struct {
		name            string
		channel, thread string
	}{
		{"a thread remembers its last entry", "C1", "1700000000.000100"},
		{"a DM remembers its last entry", "D1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.LastTopic(ctx, "T1", tt.channel, tt.thread); !errors.Is(err, session.ErrNotFound) {
				t.Fatalf("LastTopic before any answer: %v, want ErrNotFound", err)
			}
			for _, id := range []string{"product-backlog", "pm-skills"} {
				if err := s.RememberTopics(ctx, []session.Topic{{Team: "T1", Channel: tt.channel, Thread: tt.thread, Entry: id}}); err != nil {
					t.Fatal(err)
				}
			}
			if got, err := s.LastTopic(ctx, "T1", tt.channel, tt.thread); err != nil || got != "pm-skills" {
				t.Errorf("LastTopic = %q, %v; want the last one, pm-skills", got, err)
			}
			if _, err := s.LastTopic(ctx, "T2", tt.channel, tt.thread); !errors.Is(err, session.ErrNotFound) {
				t.Errorf("LastTopic of another team: %v, want ErrNotFound", err)
			}
		})
	}
	t.Run("several conversations are written in one round trip", func(t *testing.T) {
		before := s.Commands()
		if err := s.RememberTopics(ctx, []session.Topic{
			{Team: "T1", Channel: "C7", Entry: "sprints"}, {Team: "T2", Channel: "C8", Thread: "1.5", Entry: "epics"},
		}); err != nil {
			t.Fatal(err)
		}
		if n := s.Commands() - before; n != 1 {
			t.Errorf("%d round trips, want 1", n)
		}
		for _, c := range []struct{ team, channel, thread, want string }{{"T1", "C7", "", "sprints"}, {"T2", "C8", "1.5", "epics"}} {
			if got, err := s.LastTopic(ctx, c.team, c.channel, c.thread); err != nil || got != c.want {
				t.Errorf("LastTopic(%s, %s) = %q, %v; want %q", c.team, c.channel, got, err, c.want)
			}
		}
	})
	t.Run("a conversation forgets after TopicTTL", func(t *testing.T) {
		if err := s.RememberTopics(ctx, []session.Topic{{Team: "T1", Channel: "C9", Entry: "product-backlog"}}); err != nil {
			t.Fatal(err)
		}
		ttl, err := s.Raw().PTTL(ctx, s.TeamKey("T1", "topic", "C9", "dm")).Result()
		if err != nil || ttl <= session.TopicTTL-time.Minute || ttl > session.TopicTTL {
			t.Errorf("PTTL = %v, %v; want TopicTTL, %v", ttl, err, session.TopicTTL)
		}
	})
	t.Run("bad ids are refused before Redis, the good ones written", func(t *testing.T) {
		for _, c := range []struct{ channel, thread, id string }{
			{"C:1", "", "product-backlog"},
			{"", "", "product-backlog"},
			{"C1", "dm", "product-backlog"},
			{"C1", "", "no spaces allowed"},
			{"C1", "", ""},
		} {
			err := s.RememberTopics(ctx, []session.Topic{{Team: "T1", Channel: c.channel, Thread: c.thread, Entry: c.id}, {Team: "T1", Channel: "C6", Entry: "epics"}})
			if err == nil || errors.Is(err, session.ErrUnavailable) {
				t.Errorf("RememberTopics(%q, %q, %q) = %v, want a validation error", c.channel, c.thread, c.id, err)
			}
		}
		if got, err := s.LastTopic(ctx, "T1", "C6", ""); err != nil || got != "epics" {
			t.Errorf("LastTopic beside a bad topic = %q, %v; want epics", got, err)
		}
	})
}
