package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/slacktest"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func serveFake(t *testing.T) (*slacktest.Server, map[string]string) {
	t.Helper()
	fake := slacktest.NewT(t, slacktest.Config{BotToken: testBotToken, AppToken: testAppToken, AckTimeout: 500 * time.Millisecond})
	return fake, map[string]string{
		"SLACK_APP_TOKEN": testAppToken,
		"SLACK_BOT_TOKEN": testBotToken,
		"SLACK_API_URL":   strings.TrimSuffix(fake.APIURL(), "/"),
		"REDIS_URL":       redistest.URL(t),
		"REDIS_PREFIX":    redistest.Prefix(t),
		"HTTP_ADDR":       "127.0.0.1:0",
		"LOG_LEVEL":       "debug",
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServerAnswersInSlackAndServesOps(t *testing.T) {
	fake, vars := serveFake(t)
	cfg, err := loadConfig(slackEnv(vars), true)
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	lg := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: cfg.Level}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := newServer(ctx, cfg, slackEnv(vars), lg)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	base := "http://" + s.Addr()

	waitUntil(t, "/readyz to answer 200", func() bool { code, _ := httpGet(t, base+"/readyz"); return code == 200 })
	fake.SendMention("", "C0GENERAL", "U0ALICE", "who owns the backlog?", "", "")
	calls, err := fake.WaitCalls(ctx, "chat.postMessage", 1)
	if err != nil || len(calls) != 1 {
		t.Fatalf("chat.postMessage calls = %d (%v), want 1", len(calls), err)
	}
	if !strings.Contains(calls[0].Text, "Owner: Product owner") || calls[0].ThreadTS == "" {
		t.Errorf("reply %q in thread %q, want a threaded product owner answer", calls[0].Text, calls[0].ThreadTS)
	}
	_, metrics := httpGet(t, base+"/metrics")
	for _, w := range []string{`rolecall_envelopes_total{type="events_api"} 1`, `rolecall_answers_total{owner="product_owner"} 1`} {
		if !strings.Contains(metrics, w) {
			t.Errorf("/metrics lacks %s", w)
		}
	}

	// Slack gone: /readyz says so.
	fake.Close()
	waitUntil(t, "/readyz to answer 503", func() bool { code, _ := httpGet(t, base+"/readyz"); return code == 503 })

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel = %v, want nil", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not stop within 20s of cancel")
	}
	if code, _ := httpGet(t, base+"/healthz"); code != 0 {
		t.Errorf("/healthz still answers %d after shutdown", code)
	}
	for _, secret := range []string{testBotToken, testAppToken, "BotSecretValue", "AppSecretValue"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log contains a token")
		}
	}
}

func TestBotRunServesUntilCancelled(t *testing.T) {
	fake, vars := serveFake(t)
	var out, errb lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: slackEnv(vars)}, []string{"run"})
	}()
	fake.SendDM("", "U0ALICE", "who builds the roadmap?", "")
	if _, err := fake.WaitCalls(ctx, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code %d, want 0; stderr:\n%s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("bot run did not stop within 20s of cancel")
	}
	if strings.Contains(errb.String(), "SecretValue") {
		t.Errorf("the log contains a token")
	}
}

func TestServerServesRequestURLsInHTTPMode(t *testing.T) {
	fake := slacktest.NewT(t, slacktest.Config{BotToken: testBotToken, SigningSecret: testSigningSecret, AckTimeout: 500 * time.Millisecond})
	vars := map[string]string{
		"SLACK_MODE":           "http",
		"SLACK_BOT_TOKEN":      testBotToken,
		"SLACK_SIGNING_SECRET": testSigningSecret,
		"SLACK_API_URL":        fake.APIURL(),
		"SLACK_HTTP_ADDR":      "127.0.0.1:0",
		"REDIS_URL":            redistest.URL(t),
		"REDIS_PREFIX":         redistest.Prefix(t),
		"HTTP_ADDR":            "127.0.0.1:0",
		"LOG_LEVEL":            "debug",
	}
	cfg, err := loadConfig(slackEnv(vars), true)
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	lg := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: cfg.Level}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := newServer(ctx, cfg, slackEnv(vars), lg)
	if err != nil {
		t.Fatal(err)
	}
	if s.SlackAddr() == "" || s.SlackAddr() == s.Addr() {
		t.Fatalf("request URLs on %q, ops on %q: want a listener of their own", s.SlackAddr(), s.Addr())
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	base := "http://" + s.Addr()
	waitUntil(t, "/readyz to answer 200", func() bool { code, _ := httpGet(t, base+"/readyz"); return code == 200 })
	if code, _ := httpGet(t, "http://"+s.SlackAddr()+"/metrics"); code != 404 {
		t.Errorf("/metrics on the request URLs' port answered %d, want 404: it stays inside", code)
	}
	fake.AddRequestURL("http://" + s.SlackAddr())

	fake.SendMention("", "C0GENERAL", "U0ALICE", "who owns the backlog?", "", "")
	calls, err := fake.WaitCalls(ctx, "chat.postMessage", 1)
	if err != nil || len(calls) != 1 || !strings.Contains(calls[0].Text, "Owner: Product owner") || calls[0].ThreadTS == "" {
		t.Fatalf("chat.postMessage calls %+v (%v), want one threaded product owner answer", calls, err)
	}
	env, _ := fake.SendSlash("", "C0GENERAL", "U0ALICE", "/roles", "compare")
	ack, err := fake.WaitAck(ctx, env)
	if err != nil || ack.Status != 200 || !strings.Contains(string(ack.Payload), "ephemeral") {
		t.Errorf("slash command answered %+v (%v), want 200 with the ephemeral reply", ack, err)
	}
	_, metrics := httpGet(t, base+"/metrics")
	for _, w := range []string{`rolecall_envelopes_total{type="events_api"} 1`, `rolecall_envelopes_total{type="slash_commands"} 1`} {
		if !strings.Contains(metrics, w) {
			t.Errorf("/metrics lacks %s", w)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel = %v, want nil", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not stop within 20s of cancel")
	}
	if _, err := http.Post("http://"+s.SlackAddr()+"/slack/events", "application/json", strings.NewReader("{}")); err == nil {
		t.Errorf("the request URLs still answer after shutdown")
	}
	for _, secret := range []string{testBotToken, testSigningSecret, "BotSecretValue"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log contains a token or the signing secret")
		}
	}
}
