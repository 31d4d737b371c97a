package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/redistest"
)

// TestAShortInProcessRunReportsEveryReplyOnce is the harness's smoke test:
// a short, modest run must report a non-empty result with no missing or
// duplicate replies. It asserts no figures: speed is for the benchmark.
func TestAShortInProcessRunReportsEveryReplyOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out, errs bytes.Buffer
	code := run(ctx, []string{"-inprocess", "-rate", "200", "-warmup", "200ms", "-duration", "1s", "-sessions", "50",
		"-redis-url", redistest.URL(t), "-json", "-q"}, &out, &errs)
	if code != 0 {
		t.Fatalf("exit code %d\nstdout: %s\nstderr: %s", code, out.String(), errs.String())
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("-json printed %q: %v", out.String(), err)
	}
	if !rep.OK || rep.Counts.Missing != 0 || rep.Counts.Duplicates != 0 {
		t.Errorf("report %+v: want ok with no missing or duplicate replies", rep.Counts)
	}
	if rep.Counts.Sent == 0 || rep.Reply.N == 0 || rep.Ack.N == 0 || len(rep.Bots) != 1 || rep.RedisCommands == 0 {
		t.Errorf("empty report: %s", out.String())
	}
	if rep.Sessions != 50 {
		t.Errorf("sessions_seeded = %d, want 50", rep.Sessions)
	}
}

// TestTheCeilingBotAnswersEveryMentionOnce builds bench/ceiling and drives
// it briefly: it must answer every mention once, in its thread.
func TestTheCeilingBotAnswersEveryMentionOnce(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" {
		// CI runs it whatever the flags: it needs no Redis, only a build.
		t.Skip("builds ./bench/ceiling")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errs bytes.Buffer
	code := run(ctx, []string{"-target", "ceiling", "-mix", "mention=100,dm=10", "-rate", "200", "-warmup", "200ms", "-duration", "1s",
		"-redis-count", "off", "-json", "-q"}, &out, &errs)
	if code != 0 {
		t.Fatalf("exit code %d\nstdout: %s\nstderr: %s", code, out.String(), errs.String())
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("-json printed %q: %v", out.String(), err)
	}
	if !rep.OK || rep.Counts.Sent == 0 || rep.Reply.N == 0 || rep.Sent["dm"] != 0 {
		t.Errorf("report %+v, sent %v: want every mention answered once, and mentions only", rep.Counts, rep.Sent)
	}
	if !strings.Contains(errs.String(), "mentions only") {
		t.Errorf("stderr %q does not say the mix became mentions only", errs.String())
	}
}

func TestBadFlagsExitTwoWithAMessage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"an unknown target", []string{"-target", "hubot"}, "use rolecall, ceiling or bolt"},
		{"a bad mix", []string{"-mix", "tweet=1"}, "unknown kind"},
		{"-inprocess with bolt", []string{"-target", "bolt", "-inprocess"}, "-inprocess is for -target rolecall"},
		{"-inprocess with the ceiling", []string{"-target", "ceiling", "-inprocess"}, "-inprocess is for -target rolecall"},
		{"zero instances", []string{"-instances", "0"}, "at least 1"},
		{"a bad counting method", []string{"-redis-count", "guess"}, "use proxy, info or off"},
		{"assessment clicks without sessions", []string{"-mix", "assess=1"}, "add -sessions N"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			if code := run(context.Background(), tt.args, &out, &errs); code != 2 {
				t.Errorf("exit code %d, want 2", code)
			}
			if !strings.Contains(errs.String(), tt.want) {
				t.Errorf("stderr %q lacks %q", errs.String(), tt.want)
			}
		})
	}
}
