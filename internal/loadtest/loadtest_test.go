package loadtest_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/loadtest"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// testWriter sends log lines to t.Log until the test ends.
type testWriter struct {
	t    *testing.T
	done atomic.Bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	if !w.done.Load() {
		w.t.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

// testLogger logs warnings and errors of the bots to t.Log.
func testLogger(t *testing.T) *slog.Logger {
	t.Helper()
	w := &testWriter{t: t}
	t.Cleanup(func() { w.done.Store(true) })
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// rig is a fake Slack with a Recorder, a Redis prefix and bots.
type rig struct {
	t      *testing.T
	ctx    context.Context
	rec    *loadtest.Recorder
	fake   *slacktest.Server
	url    string
	prefix string
}

func newRig(t *testing.T, cfg slacktest.Config) *rig {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	rec := loadtest.NewRecorder()
	if cfg.Logger == nil {
		cfg.Logger = testLogger(t)
	}
	fake := slacktest.NewT(t, rec.FakeConfig(cfg))
	rec.Measure(time.Now()) // a test keeps every latency
	return &rig{t: t, ctx: ctx, rec: rec, fake: fake, url: redistest.URL(t), prefix: redistest.Prefix(t)}
}

// bot starts one in-process Rolecall against the rig's fake.
func (r *rig) bot(name string, mod func(*loadtest.InProcessConfig)) *loadtest.InProcess {
	r.t.Helper()
	cfg := loadtest.InProcessConfig{Name: name, RedisURL: r.url, Prefix: r.prefix, Logger: testLogger(r.t)}
	if mod != nil {
		mod(&cfg)
	}
	opened := r.fake.Stats().ConnectionsOpened
	b, err := loadtest.StartInProcess(r.ctx, r.fake, cfg)
	if err != nil {
		r.t.Fatalf("start %s: %v", name, err)
	}
	// The bot may call itself connected before the fake has registered the
	// socket: wait for the fake's side too.
	r.waitFor(name+"'s socket at the fake", 10*time.Second, func() bool { return r.fake.Stats().ConnectionsOpened > opened })
	r.t.Cleanup(func() {
		if err := b.Stop(); err != nil {
			r.t.Errorf("stop %s: %v", name, err)
		}
	})
	return b
}

// waitFor polls cond until it holds or the rig's context ends.
func (r *rig) waitFor(what string, within time.Duration, cond func() bool) {
	r.t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) || r.ctx.Err() != nil {
			r.t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitAnswered waits until every registered envelope has a reply.
func (r *rig) waitAnswered(within time.Duration) {
	r.t.Helper()
	r.waitFor("every envelope answered", within, func() bool { return r.rec.Unanswered() <= 0 })
}

// exactlyOnce fails the test unless every envelope got exactly one reply,
// and returns the counts.
func (r *rig) exactlyOnce() loadtest.Counts {
	r.t.Helper()
	c := r.rec.Counts()
	if c.Missing != 0 || c.Duplicates != 0 || c.Strays != 0 {
		r.t.Errorf("sent %d: missing %d %v, duplicates %d %v, strays %d; want every envelope answered exactly once",
			c.Sent, c.Missing, c.MissingByKind, c.Duplicates, c.DuplicateKeys, c.Strays)
	}
	return c
}

func TestSmokeRunAnswersEveryEnvelopeOnce(t *testing.T) {
	r := newRig(t, slacktest.Config{})
	b := r.bot("rolecall", nil)
	d := &loadtest.Driver{Fake: r.fake, Rec: r.rec, Opts: loadtest.Options{
		Rate: 200, Warmup: 200 * time.Millisecond, Duration: time.Second, Drain: 10 * time.Second,
	}}
	res, err := d.Run(r.ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("smoke run: %+v", res)
	r.exactlyOnce()
	for _, k := range []string{"mention", "dm", "slash", "click"} {
		if res.Sent[k] == 0 {
			t.Errorf("the default mix sent no %s", k)
		}
	}
	if res.Reply.N == 0 || res.Ack.N == 0 || res.EnvelopesPerSec <= 0 || res.AnsweredPerSec <= 0 {
		t.Errorf("empty report: %+v", res)
	}
	if res.Errors != 0 {
		t.Errorf("%d errors in a modest run, want 0", res.Errors)
	}
	if s := b.Sample(); s.PeakRSSMB <= 0 || s.PeakGoroutines <= 0 {
		t.Errorf("sample %+v: no memory or goroutines measured", s)
	}
}

func TestWindowModeKeepsAtMostWindowUnanswered(t *testing.T) {
	r := newRig(t, slacktest.Config{})
	r.bot("rolecall", nil)
	var maxOpen atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if n := int64(r.rec.Unanswered()); n > maxOpen.Load() {
				maxOpen.Store(n)
			}
			time.Sleep(200 * time.Microsecond)
		}
	}()
	d := &loadtest.Driver{Fake: r.fake, Rec: r.rec, Opts: loadtest.Options{
		Mix: loadtest.Mix{loadtest.Mention: 1}, Rate: 0, Window: 8, Duration: 500 * time.Millisecond, Drain: 10 * time.Second,
	}}
	res, err := d.Run(r.ctx)
	close(stop)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	r.exactlyOnce()
	if got := maxOpen.Load(); got > 8 {
		t.Errorf("up to %d envelopes unanswered with a window of 8", got)
	}
	if res.Sent["mention"] < 8 {
		t.Errorf("sent %v in 500ms, want more than one window", res.Sent)
	}
}

func TestParseMix(t *testing.T) {
	tests := []struct {
		in      string
		want    loadtest.Mix
		wantErr string
	}{
		{"mention=70,dm=15,slash=10,click=5", loadtest.DefaultMix, ""},
		{" mention = 1 ", loadtest.Mix{loadtest.Mention: 1}, ""},
		{"mention=1,assess=2", loadtest.Mix{loadtest.Mention: 1, loadtest.Assess: 2}, ""},
		{"mention=0", loadtest.Mix{}, "no kind has a positive weight"},
		{"tweet=3", loadtest.Mix{}, "unknown kind"},
		{"mention=-1", loadtest.Mix{}, "non-negative"},
		{"mention", loadtest.Mix{}, "not kind=weight"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			got, err := loadtest.ParseMix(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseMix(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseMix(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			if back, _ := loadtest.ParseMix(got.String()); back != got {
				t.Errorf("String() = %q does not read back", got.String())
			}
		})
	}
}
