package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/rolecall/rolecall/internal/redistest"
)

// captureRedisLog installs newRedisLog over a JSON handler, as runServe does,
// and returns a function that decodes the records written so far. go-redis's
// logger is process-wide: these tests do not run in parallel, and put a
// stderr logger back when they end.
func captureRedisLog(t *testing.T) func() []map[string]any {
	t.Helper()
	var buf lockedBuffer
	lg := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	redis.SetLogger(newRedisLog(lg, testBotToken, testAppToken))
	t.Cleanup(func() { redis.SetLogger(newRedisLog(slog.New(slog.NewTextHandler(os.Stderr, nil)))) })
	return func() []map[string]any {
		var recs []map[string]any
		for line := range strings.Lines(buf.String()) {
			var r map[string]any
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("log line %q: %v", line, err)
			}
			recs = append(recs, r)
		}
		return recs
	}
}

// dialFailure returns the first go-redis record reporting a failed dial
// that mentions addr, or nil.
func dialFailure(recs []map[string]any, addr string) map[string]any {
	for _, r := range recs {
		d, _ := r["detail"].(string)
		if r["msg"] == "go-redis" && strings.Contains(d, "failed to dial") && strings.Contains(d, addr) {
			return r
		}
	}
	return nil
}

func TestARedisOutageIsLoggedAtWarnInTheStructuredLog(t *testing.T) {
	records := captureRedisLog(t)
	p := redistest.NewProxy(t, redistest.Addr(t))
	rdb := redis.NewClient(&redis.Options{Addr: p.Addr(), DialerRetries: 1})
	defer rdb.Close()
	ctx := context.Background()
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("ping before the cut: %v", err)
	}
	p.Stop()
	var rec map[string]any
	waitUntil(t, "go-redis to log the failed dial", func() bool {
		if err := rdb.Ping(ctx).Err(); err == nil {
			t.Fatal("ping succeeded with Redis cut")
		}
		rec = dialFailure(records(), p.Addr())
		return rec != nil
	})
	if rec["level"] != "WARN" {
		t.Errorf("level %v, want WARN: %v", rec["level"], rec)
	}
}

func TestTokensInAGoRedisLineAreRedacted(t *testing.T) {
	records := captureRedisLog(t)
	// A real failed dial whose error names an address holding the bot token:
	// a Unix socket where no Redis listens.
	sock := filepath.Join(t.TempDir(), testBotToken+".sock")
	rdb := redis.NewClient(&redis.Options{Network: "unix", Addr: sock, DialerRetries: 1, MaxRetries: -1})
	defer rdb.Close()
	if err := rdb.Ping(context.Background()).Err(); err == nil {
		t.Fatal("ping over a missing socket succeeded")
	}
	dir := filepath.Dir(sock)
	rec := dialFailure(records(), dir)
	if rec == nil {
		t.Fatalf("no go-redis record of the failed dial to %s in %v", dir, records())
	}
	if rec["level"] != "WARN" {
		t.Errorf("level %v, want WARN: %v", rec["level"], rec)
	}
	d := rec["detail"].(string)
	for _, tok := range []string{testBotToken, "SecretValue"} {
		if strings.Contains(d, tok) {
			t.Errorf("the logged line holds %q: %s", tok, d)
		}
	}
	if !strings.Contains(d, "[redacted].sock: connect: no such file") {
		t.Errorf("the logged line shows no [redacted]: %s", d)
	}
}
