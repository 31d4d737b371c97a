package llm_test

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/rolecall/rolecall/internal/llm"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/session"
	openai "github.com/sashabaranov/go-openai"
)

// openStore opens the real session store on the test Redis, through a proxy
// the test can cut.
func openStore(t *testing.T) (*session.Store, *redistest.Proxy) {
	t.Helper()
	p := redistest.NewProxy(t, redistest.Addr(t))
	s, err := session.Open(t.Context(), session.Config{
		URL: p.URL(), Prefix: redistest.Prefix(t), Timeout: 300 * time.Millisecond,
	}, testLogger(t))
	if err != nil {
		t.Fatalf("session.Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, p
}

func TestSessionStoreCachesAcrossInstances(t *testing.T) {
	eng := testEngine(t)
	pick := candidates(t, eng, routedQuestion, 3)[0]
	f := newFakeModel(t, func(openai.ChatCompletionRequest) reply { return routeTo(pick) })
	store, _ := openStore(t)
	cfg := routingConfig()
	cfg.CacheTTL = time.Minute // the shared Redis forgets the test's keys soon

	first, m1 := newAnswerer(t, cfg, eng, f, store)
	if got := first.Answer(t.Context(), routedQuestion); got.Topic != pick {
		t.Fatalf("topic = %q, want %q", got.Topic, pick)
	}
	// A second bot instance (as after a restart, or a replica) shares Redis.
	second, m2 := newAnswerer(t, cfg, eng, f, store)
	if got := second.Answer(t.Context(), routedQuestion); got.Topic != pick {
		t.Errorf("topic from the cache = %q, want %q", got.Topic, pick)
	}
	if got := first.Answer(t.Context(), routedQuestion); got.Topic != pick {
		t.Errorf("topic from the cache = %q, want %q", got.Topic, pick)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("model saw %d requests, want exactly 1", n)
	}
	if h1, h2 := testutil.ToFloat64(m1.LLMCacheHits), testutil.ToFloat64(m2.LLMCacheHits); h1 != 1 || h2 != 1 {
		t.Errorf("cache hits = %v and %v, want 1 each", h1, h2)
	}
}

func TestRedisOutageStillAnswersThroughTheModel(t *testing.T) {
	eng := testEngine(t)
	pick := candidates(t, eng, routedQuestion, 3)[0]
	f := newFakeModel(t, func(openai.ChatCompletionRequest) reply { return routeTo(pick) })
	store, proxy := openStore(t)
	cfg := routingConfig()
	cfg.CacheTTL = time.Minute
	a, _ := newAnswerer(t, cfg, eng, f, store)

	proxy.Stop()
	for range 2 {
		if got := a.Answer(t.Context(), routedQuestion); got.Topic != pick {
			t.Errorf("topic with Redis down = %q, want %q", got.Topic, pick)
		}
	}
	if n := len(f.requests()); n != 2 {
		t.Errorf("model saw %d requests with Redis down, want 2 (no cache)", n)
	}

	proxy.Start()
	var cached bool
	// The first answer after the outage writes the cache (the client may
	// need a moment to reconnect); the next is served from it.
	for range 5 {
		before := len(f.requests())
		a.Answer(t.Context(), routedQuestion)
		if len(f.requests()) == before {
			cached = true
			break
		}
	}
	if !cached {
		t.Errorf("after Redis came back, every answer still called the model")
	}
}

var _ llm.Cache = (*session.Store)(nil)
