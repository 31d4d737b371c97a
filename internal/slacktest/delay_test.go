package slacktest_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/slacktest"
)

func TestDelayHoldsOneMethodUntilLifted(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	s.Delay("chat.postMessage", time.Hour)
	done := make(chan map[string]any, 1)
	go func() {
		_, m := post(t, s, "chat.postMessage", url.Values{"token": {s.Config().BotToken}, "channel": {"C0GENERAL"}, "text": {"hi"}})
		done <- m
	}()
	ctx := ctxT(t)
	if err := s.WaitFor(ctx, func() bool { return s.Stats().Held == 1 }); err != nil {
		t.Fatalf("the call never reached the delay: %v", err)
	}
	// Another method is not held.
	if _, m := post(t, s, "auth.test", url.Values{"token": {s.Config().BotToken}}); m["ok"] != true {
		t.Fatalf("auth.test = %v", m)
	}
	select {
	case m := <-done:
		t.Fatalf("chat.postMessage answered %v while delayed by an hour", m)
	default:
	}
	if n := s.Count("chat.postMessage"); n != 0 {
		t.Fatalf("%d messages recorded while the call is held, want 0", n)
	}
	s.Delay("chat.postMessage", 0)
	select {
	case m := <-done:
		if m["ok"] != true {
			t.Errorf("chat.postMessage after the delay was lifted = %v", m)
		}
	case <-ctx.Done():
		t.Fatal("lifting the delay did not release the held call")
	}
	if n := s.Count("chat.postMessage"); n != 1 {
		t.Errorf("%d messages after release, want 1", n)
	}
	if h := s.Stats().Held; h != 0 {
		t.Errorf("Stats.Held = %d after release, want 0", h)
	}
}

func TestDelayWaitsAtLeastTheGivenTime(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	s.Delay("auth.test", 50*time.Millisecond)
	start := time.Now()
	post(t, s, "auth.test", url.Values{"token": {s.Config().BotToken}})
	if el := time.Since(start); el < 50*time.Millisecond {
		t.Errorf("auth.test answered after %v, want at least the 50ms delay", el)
	}
}
