package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// The server runs the assessment over its store and counts it on /metrics.
func TestServerRunsTheAssessment(t *testing.T) {
	fake, vars := serveFake(t)
	cfg, err := loadConfig(slackEnv(vars), true)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := newServer(ctx, cfg, slackEnv(vars), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	base := "http://" + s.Addr()
	waitUntil(t, "/readyz to answer 200", func() bool { code, _ := httpGet(t, base+"/readyz"); return code == 200 })

	fake.SendSlash("", "C0GENERAL", "U0ALICE", "/roles", "assess")
	calls, err := fake.WaitCalls(ctx, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if q := calls[0]; !strings.HasPrefix(q.Text, "Question 1 of") || q.Channel != fake.DMChannel("U0ALICE") {
		t.Errorf("first post %q in %s, want question 1 in the DM", q.Text, q.Channel)
	}
	_, metrics := httpGet(t, base+"/metrics")
	for _, w := range []string{"rolecall_assessments_started_total 1", "rolecall_assessments_completed_total 0", `rolecall_envelopes_total{type="slash_commands"} 1`} {
		if !strings.Contains(metrics, w) {
			t.Errorf("/metrics lacks %s", w)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not stop within 20s of cancel")
	}
}
