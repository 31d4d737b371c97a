package session_test

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/session"
)

// opener opens a Store for a test with cfg (URL and Prefix left to it).
type opener func(t testing.TB, cfg session.Config) *session.Store

// openRedis opens a Store on the shared real Redis under a fresh prefix and
// deletes that prefix's keys when the test ends.
func openRedis(t testing.TB, cfg session.Config) *session.Store {
	t.Helper()
	direct := redistest.URL(t)
	if cfg.URL == "" {
		cfg.URL = direct
	}
	if cfg.Prefix == "" {
		cfg.Prefix = redistest.Prefix(t)
	}
	s := mustOpen(t, cfg)
	cleanPrefix(t, direct, cfg.Prefix)
	return s
}

// openEmbedded opens a Store on its own in-process server.
func openEmbedded(t testing.TB, cfg session.Config) *session.Store {
	t.Helper()
	cfg.URL, cfg.Addrs = "", nil
	s := mustOpen(t, cfg)
	if !s.Embedded() {
		t.Fatal("Embedded() = false with no URL and no Addrs")
	}
	return s
}

func mustOpen(t testing.TB, cfg session.Config) *session.Store {
	t.Helper()
	s, err := session.Open(context.Background(), cfg, testLogger(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// cleanPrefix deletes every key under prefix when the test ends, through a
// client of its own (a test may have cut its store off Redis).
func cleanPrefix(t testing.TB, url, prefix string) {
	t.Helper()
	t.Cleanup(func() {
		ctx := context.Background()
		opts, err := redis.ParseURL(url)
		if err != nil {
			t.Errorf("clean up %s: %v", prefix, err)
			return
		}
		rdb := redis.NewClient(opts)
		defer rdb.Close()
		iter := rdb.Scan(ctx, 0, prefix+":*", 500).Iterator()
		var keys []string
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		if err := iter.Err(); err != nil {
			t.Errorf("scan %s:*: %v", prefix, err)
			return
		}
		for len(keys) > 0 {
			n := min(len(keys), 500)
			if err := rdb.Del(ctx, keys[:n]...).Err(); err != nil {
				t.Errorf("delete test keys: %v", err)
				return
			}
			keys = keys[n:]
		}
	})
}

// testLogger routes the store's log to t.Log.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(string(bytes.TrimRight(p, "\n")))
	return len(p), nil
}

// syncBuffer collects log output from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
