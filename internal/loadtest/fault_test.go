package loadtest_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rolecall/rolecall/internal/loadtest"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// The fault suite: each test injects one kind of trouble into a running bot
// (in process, real websocket, real Redis) and checks what the issue asks.
// Each logs what it injected and what it verified.

// sender sends questions through the rig and registers their keys.
type sender struct {
	r *rig
	n int
}

// mention sends one mention in channel and registers its thread ts.
func (s *sender) mention(channel string) {
	s.n++
	ts := s.r.fake.NewTS()
	sent := time.Now()
	s.r.fake.SendMention("", channel, fmt.Sprintf("U0F%05d", s.n), loadtest.Questions[s.n%len(loadtest.Questions)], ts, "")
	s.r.rec.Register(ts, loadtest.Mention, sent)
}

// dm sends one DM from a fresh user and registers its channel.
func (s *sender) dm() {
	s.n++
	user := fmt.Sprintf("U0FDM%05d", s.n)
	sent := time.Now()
	s.r.fake.SendDM("", user, loadtest.Questions[s.n%len(loadtest.Questions)], "")
	s.r.rec.Register(s.r.fake.DMChannel(user), loadtest.DM, sent)
}

func TestFaultRedisCutMidLoad(t *testing.T) {
	r := newRig(t, slacktest.Config{})
	proxy := redistest.NewProxy(t, redistest.Addr(t))
	b := r.bot("rolecall", func(c *loadtest.InProcessConfig) {
		c.RedisURL = proxy.URL()
		c.StoreTimeout = 200 * time.Millisecond
	})
	s := &sender{r: r}
	for range 30 {
		s.mention("C0BEFORE")
		s.dm()
	}
	r.waitAnswered(20 * time.Second)

	proxy.Stop()
	for range 30 {
		s.mention("C0DOWN")
		s.dm()
	}
	r.waitAnswered(30 * time.Second)
	down := r.rec.Counts()
	if err := b.Store.Ping(r.ctx); err == nil {
		t.Fatal("the store still answers with the proxy stopped: the cut did not happen")
	}

	proxy.Start()
	r.waitFor("the store to answer again", 20*time.Second, func() bool { return b.Store.Ping(r.ctx) == nil })
	for range 30 {
		s.mention("C0AFTER")
		s.dm()
	}
	r.waitAnswered(20 * time.Second)
	c := r.exactlyOnce()
	storeErrs := 0.0
	for _, op := range []string{"claim", "log_unanswered"} {
		storeErrs += counterValue(b.Metrics.StoreErrors.WithLabelValues(op))
	}
	if storeErrs == 0 {
		t.Errorf("no store errors counted while Redis was cut: the questions did not go through the store")
	}
	t.Logf("injected: Redis cut (proxy stopped) for 60 questions between 60 before and 60 after")
	t.Logf("verified: %d questions, %d answered exactly once (%d of them while Redis was down), %d store errors counted, 0 missing, 0 duplicates",
		c.Sent, c.Replied, down.Replied-60, int(storeErrs))
	t.Logf("assessment steps while Redis is down: TestFaultRedisCutMidAssessment")
}

func TestFaultSocketDroppedOrDisconnectedUnderLoad(t *testing.T) {
	// Slack's own 3 s ack deadline: with a shorter one, a CI machine busy
	// with other packages' -race tests acks late and a few slash commands
	// went unanswered (see docs/benchmarks.md, "fault suite").
	r := newRig(t, slacktest.Config{AckTimeout: 3 * time.Second})
	r.bot("rolecall-1", nil)
	r.bot("rolecall-2", nil)
	cuts := []struct {
		name string
		do   func() int
	}{
		{"every socket dropped", r.fake.DropConnections},
		{"disconnect refresh_requested", func() int { return r.fake.Disconnect("refresh_requested") }},
		{"one socket dropped", func() int {
			cs := r.fake.Connections()
			if len(cs) == 0 {
				return 0
			}
			r.fake.DropConn(cs[0].ID)
			return 1
		}},
		{"disconnect warning", func() int { return r.fake.Disconnect("warning") }},
		{"every socket dropped, reconnects refused with 429 twice", func() int {
			r.fake.RateLimit("apps.connections.open", 2, time.Second)
			return r.fake.DropConnections()
		}},
	}
	ctx, cancel := context.WithCancel(r.ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i, c := range cuts {
			select {
			case <-ctx.Done():
				return
			case <-time.After(300 * time.Millisecond):
			}
			n := c.do()
			t.Logf("cut %d: %s (%d sockets)", i+1, c.name, n)
		}
	})
	d := &loadtest.Driver{Fake: r.fake, Rec: r.rec, Opts: loadtest.Options{
		Mix:  loadtest.Mix{loadtest.Mention: 6, loadtest.DM: 2, loadtest.Slash: 1, loadtest.Click: 1},
		Rate: 300, Duration: 2500 * time.Millisecond, Drain: 20 * time.Second,
	}}
	res, err := d.Run(ctx)
	cancel()
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	r.waitAnswered(20 * time.Second)
	c := r.exactlyOnce()
	st := r.fake.Stats()
	if st.Expired != 0 {
		t.Errorf("%d envelopes were never acked after every retry", st.Expired)
	}
	if st.ConnectionsOpened < 2+len(cuts) {
		t.Errorf("%d connections opened, want the 2 first and reconnects after the cuts", st.ConnectionsOpened)
	}
	t.Logf("injected: %d socket cuts under %d envelopes/s from 2 instances", len(cuts), d.Opts.Rate)
	t.Logf("verified: %d envelopes sent, %d redelivered by the fake, %d connections opened, %d answered exactly once, 0 missing, 0 duplicates, 0 expired (ack p99 %.2fms)",
		c.Sent, st.Redeliveries, st.ConnectionsOpened, c.Replied, res.Ack.P99)
}

func TestFault429StormDelaysRepliesWithoutLosingThem(t *testing.T) {
	r := newRig(t, slacktest.Config{RecordLimit: 100000})
	r.bot("rolecall", nil)
	const limit, n = 10, 40
	r.fake.RateLimitPerSecond("chat.postMessage", limit)
	s := &sender{r: r}
	for range n {
		s.mention("C0STORM")
	}
	r.waitAnswered(30 * time.Second)
	c := r.exactlyOnce()

	// Every retry of one reply (its calls share the thread ts) waited out
	// the Retry-After of 1 s it was given.
	byThread := map[string][]slacktest.Call{}
	for _, call := range r.fake.CallsTo("chat.postMessage") {
		byThread[call.ThreadTS] = append(byThread[call.ThreadTS], call)
	}
	retries, maxTries := 0, 0
	for thread, calls := range byThread {
		maxTries = max(maxTries, len(calls))
		for i := 1; i < len(calls); i++ {
			retries++
			if calls[i-1].Status != 429 {
				t.Errorf("thread %s: a call after a success: %d calls", thread, len(calls))
			}
			if gap := calls[i].Time.Sub(calls[i-1].Time); gap < 950*time.Millisecond {
				t.Errorf("thread %s: retried %v after a 429 with Retry-After: 1", thread, gap)
			}
		}
	}
	// Not hammering: at most the n first tries and one retry per 429.
	attempts := len(r.fake.Attempts("chat.postMessage"))
	limited := r.fake.RateLimitedCount("chat.postMessage")
	if attempts != n+limited {
		t.Errorf("%d attempts for %d replies and %d 429s, want exactly one retry per 429", attempts, n, limited)
	}
	if limited == 0 {
		t.Errorf("no 429 was answered: the storm did not happen")
	}
	t.Logf("injected: chat.postMessage limited to %d a second (429, Retry-After: 1) for %d replies at once", limit, n)
	t.Logf("verified: %d answered exactly once after %d 429s; %d attempts, every retry ≥ 1s after its 429, at most %d tries for one reply",
		c.Replied, limited, attempts, maxTries)
}

func TestFaultSlowWebAPIDoesNotStopAcks(t *testing.T) {
	r := newRig(t, slacktest.Config{})
	r.bot("rolecall", func(c *loadtest.InProcessConfig) { c.Workers = 4 })
	r.fake.Delay("chat.postMessage", time.Hour)
	s := &sender{r: r}
	for range 8 {
		s.mention("C0SLOW")
	}
	r.waitFor("every worker held by a slow chat.postMessage", 10*time.Second, func() bool { return r.fake.Stats().Held == 4 })
	// With every worker blocked, more envelopes still get acked.
	for range 100 {
		s.dm()
	}
	r.waitFor("108 acks", 10*time.Second, func() bool { return r.fake.Stats().Acks >= 108 })
	if got := r.fake.Count("chat.postMessage"); got != 0 {
		t.Fatalf("%d replies went out while chat.postMessage was held", got)
	}
	held := r.fake.Stats().Held
	ack, _ := recorderAck(r)
	r.fake.Delay("chat.postMessage", 0)
	r.waitAnswered(30 * time.Second)
	c := r.exactlyOnce()
	t.Logf("injected: chat.postMessage held indefinitely, 4 workers all blocked on it")
	t.Logf("verified: %d more envelopes acked while %d calls were held (ack p99 %.2fms, max %.2fms); after release %d answered exactly once",
		100, held, ack.P99, ack.Max, c.Replied)
}

// recorderAck returns the ack and reply latencies so far.
func recorderAck(r *rig) (loadtest.Latency, loadtest.Latency) {
	return r.rec.Latencies()
}

// counterValue reads a Prometheus counter.
func counterValue(c prometheus.Counter) float64 { return testutil.ToFloat64(c) }

func TestFaultTwoInstancesAnswerTheSameEnvelopeOnce(t *testing.T) {
	r := newRig(t, slacktest.Config{RecordLimit: 100000, AckTimeout: 300 * time.Millisecond})
	r.bot("rolecall-1", nil)
	r.bot("rolecall-2", nil)
	s := &sender{r: r}
	for range 50 {
		s.mention("C0TWICE")
	}
	// Every envelope again, on the other socket, at once.
	var ids []string
	for _, e := range r.fake.Envelopes() {
		if e.Attempt == 0 {
			ids = append(ids, e.Delivery)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, id := range ids {
		if _, err := r.fake.Redeliver(id); err != nil {
			t.Fatal(err)
		}
	}
	r.waitAnswered(20 * time.Second)
	r.waitFor("every copy acked", 10*time.Second, func() bool { return r.fake.Stats().Pending == 0 })
	// A late second reply would show up as a duplicate: wait for the
	// handling of every copy (a barrier question on each socket).
	s.mention("C0BARRIER")
	s.mention("C0BARRIER")
	r.waitAnswered(10 * time.Second)
	c := r.exactlyOnce()
	t.Logf("injected: %d mentions each delivered twice, the copy to the other instance", len(ids))
	t.Logf("verified: %d answered exactly once, 0 duplicates", c.Replied)
}
