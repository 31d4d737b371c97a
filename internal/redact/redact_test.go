package redact_test

import (
	"bytes"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/redact"
)

const (
	botToken = "xoxb-1111-2222-secretbot"
	apiKey   = "sk-configured-secret-42"
)

func TestHandlerScrubsSecretsWhereverTheyAppear(t *testing.T) {
	tests := []struct {
		name string
		log  func(lg *slog.Logger)
	}{
		{"in the message", func(lg *slog.Logger) { lg.Warn("auth failed for " + botToken) }},
		{"in a string attribute", func(lg *slog.Logger) { lg.Info("call", "url", "https://x/?key="+apiKey) }},
		{"in an error", func(lg *slog.Logger) { lg.Error("post", "err", errors.New("invalid_auth: "+botToken)) }},
		{"in a Stringer", func(lg *slog.Logger) {
			lg.Info("dial", "url", &url.URL{Scheme: "https", Host: "h", Path: "/" + apiKey})
		}},
		{"in a group", func(lg *slog.Logger) { lg.Info("req", slog.Group("auth", "token", botToken)) }},
		{"in attributes added with With", func(lg *slog.Logger) { lg.With("token", botToken).Info("hello") }},
		{"in a group opened with WithGroup", func(lg *slog.Logger) { lg.WithGroup("slack").Info("hello", "token", botToken) }},
		{"shaped like a token but not configured", func(lg *slog.Logger) { lg.Warn("saw xapp-1-A0-other and xoxp-99-user") }},
		{"in any other value", func(lg *slog.Logger) { lg.Info("cfg", "v", []string{apiKey}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			lg := slog.New(redact.NewHandler(slog.NewJSONHandler(&buf, nil), botToken, apiKey))
			tt.log(lg)
			out := buf.String()
			for _, secret := range []string{botToken, apiKey, "xapp-1-A0-other", "xoxp-99-user", "secretbot"} {
				if strings.Contains(out, secret) {
					t.Errorf("log line holds %q:\n%s", secret, out)
				}
			}
			if !strings.Contains(out, redact.Replacement) {
				t.Errorf("log line has no %s:\n%s", redact.Replacement, out)
			}
		})
	}
}

func TestHandlerLeavesShortSecretsAndOtherTextAlone(t *testing.T) {
	var buf bytes.Buffer
	lg := slog.New(redact.NewHandler(slog.NewJSONHandler(&buf, nil), "abc", ""))
	lg.Info("abc is not a secret", "n", 3, "word", "xox is no token")
	out := buf.String()
	for _, want := range []string{`"msg":"abc is not a secret"`, `"n":3`, `"word":"xox is no token"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log line lacks %s:\n%s", want, out)
		}
	}
}

func TestHandlerKeepsTheWrappedHandlersLevel(t *testing.T) {
	var buf bytes.Buffer
	lg := slog.New(redact.NewHandler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn})))
	lg.Info("quiet")
	if buf.Len() != 0 {
		t.Errorf("an info record passed a warn-level handler: %s", buf.String())
	}
}
