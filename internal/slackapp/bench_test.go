package slackapp_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// discard is a Responder that renders the reply as Slack would receive it
// and drops it.
type discard struct{}

func (discard) Post(ctx context.Context, r slackapp.Reply) (string, error) {
	_, err := json.Marshal(r.Content.Blocks())
	return "1.0", err
}
func (discard) Update(context.Context, string, string, slackapp.Content) error   { return nil }
func (discard) ReplaceEphemeral(context.Context, string, slackapp.Content) error { return nil }
func (discard) OpenDM(context.Context, string) (string, error)                   { return "D1", nil }
func (discard) PublishHome(context.Context, string, slackapp.Content) error      { return nil }

// BenchmarkRouterMention is the router's share of one mention: answer,
// render Block Kit, marshal.
func BenchmarkRouterMention(b *testing.B) {
	rt, err := slackapp.NewRouter(slackapp.Config{Engine: testEngine(b), Store: newMemStore(), Metrics: ops.New()})
	if err != nil {
		b.Fatal(err)
	}
	req := &slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U1", Channel: "C1", TS: "1.0", Text: "<@U0BOT> who owns the backlog?"}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := rt.Handle(ctx, req, discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkE2EMentions sends b.N mentions through the fake Slack to one bot
// (real websocket, real Redis) and waits for every reply.
func BenchmarkE2EMentions(b *testing.B) {
	var replies atomic.Int64
	fake, err := slacktest.New(slacktest.Config{RecordLimit: -1, OnCall: func(c slacktest.Call) {
		if c.Method == "chat.postMessage" && c.Status == 200 {
			replies.Add(1)
		}
	}})
	if err != nil {
		b.Fatal(err)
	}
	defer fake.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store, err := session.Open(ctx, session.Config{URL: redistest.URL(b), Prefix: redistest.Prefix(b)}, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	c := fake.Config()
	m := ops.New()
	app, err := slackapp.New(slackapp.Config{BotToken: c.BotToken, AppToken: c.AppToken, APIURL: fake.APIURL(),
		Engine: testEngine(b), Store: store, Metrics: m, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	for app.Ready(ctx) != nil {
		time.Sleep(time.Millisecond)
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		fake.SendMention("", "C0GENERAL", "U0ALICE", "who owns the backlog?", "", "")
	}
	// Every mention is answered or, in a burst bigger than the queue, shed.
	deadline := time.Now().Add(time.Minute)
	for replies.Load()+int64(testutil.ToFloat64(m.PoolShed)) < int64(b.N) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Microsecond)
	}
	if shed := testutil.ToFloat64(m.PoolShed); shed > 0 {
		b.Logf("%v of %d mentions shed (burst larger than the queue)", shed, b.N)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "mentions/s")
	b.StopTimer()
	cancel()
	<-done
}

// BenchmarkE2ESustained3000 sends mentions at 3,000/s for b.N mentions and
// reports ack and reply latency percentiles (the issue 8 targets: ack p99
// < 5 ms, reply p99 < 25 ms). The fake Slack runs in the same process.
func BenchmarkE2ESustained3000(b *testing.B) {
	const rate = 3000
	n := b.N
	sent := make([]atomic.Int64, n)
	replied := make([]atomic.Int64, n)
	var acks sync.Mutex
	var ackLat []time.Duration
	var replies atomic.Int64
	fake, err := slacktest.New(slacktest.Config{RecordLimit: -1,
		OnAck: func(a slacktest.Ack) {
			acks.Lock()
			ackLat = append(ackLat, a.Latency)
			acks.Unlock()
		},
		OnCall: func(c slacktest.Call) {
			if c.Method != "chat.postMessage" || c.Status != 200 || !strings.HasPrefix(c.Channel, "CB") {
				return
			}
			if i, err := strconv.Atoi(c.Channel[2:]); err == nil && i < n {
				replied[i].Store(time.Now().UnixNano())
				replies.Add(1)
			}
		}})
	if err != nil {
		b.Fatal(err)
	}
	defer fake.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store, err := session.Open(ctx, session.Config{URL: redistest.URL(b), Prefix: redistest.Prefix(b)}, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	c := fake.Config()
	app, err := slackapp.New(slackapp.Config{BotToken: c.BotToken, AppToken: c.AppToken, APIURL: fake.APIURL(),
		Engine: testEngine(b), Store: store, Metrics: ops.New(), Logger: slog.New(slog.DiscardHandler),
		Workers: benchWorkers()})
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	for app.Ready(ctx) != nil {
		time.Sleep(time.Millisecond)
	}
	b.ResetTimer()
	start := time.Now()
	for i := range n {
		next := start.Add(time.Duration(i) * time.Second / rate)
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		}
		sent[i].Store(time.Now().UnixNano())
		fake.SendMention("", "CB"+strconv.Itoa(i), "U0ALICE", "who owns the backlog?", "", "")
	}
	deadline := time.Now().Add(30 * time.Second)
	for replies.Load() < int64(n) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	b.StopTimer()
	lat := make([]time.Duration, 0, n)
	for i := range n {
		if r := replied[i].Load(); r != 0 {
			lat = append(lat, time.Duration(r-sent[i].Load()))
		}
	}
	pct := func(d []time.Duration, p float64) float64 {
		if len(d) == 0 {
			return 0
		}
		slices.Sort(d)
		return float64(d[int(float64(len(d)-1)*p)].Microseconds()) / 1000
	}
	acks.Lock()
	b.ReportMetric(pct(ackLat, 0.99), "ack-p99-ms")
	acks.Unlock()
	b.ReportMetric(pct(lat, 0.5), "reply-p50-ms")
	b.ReportMetric(pct(lat, 0.99), "reply-p99-ms")
	b.ReportMetric(float64(n-len(lat)), "missing")
	cancel()
	<-done
}

// benchWorkers lets a benchmark run try pool sizes: BENCH_WORKERS=4.
func benchWorkers() int {
	n, _ := strconv.Atoi(os.Getenv("BENCH_WORKERS"))
	return n
}
