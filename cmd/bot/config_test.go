package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolecall/rolecall/internal/slackapp"
)

const (
	testAppToken      = "xapp-1-A0APP-1234-AppSecretValue"
	testBotToken      = "xoxb-1111-2222-BotSecretValue"
	testSigningSecret = "5ecre7e5ecre7e5ecre7e5ecre7e5ec1"
)

func slackEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfig(t *testing.T) {
	tokens := func(extra map[string]string) map[string]string {
		m := map[string]string{"SLACK_APP_TOKEN": testAppToken, "SLACK_BOT_TOKEN": testBotToken}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name string
		env  map[string]string
		// wantErr lists what the error must say; empty means success.
		wantErr []string
		check   func(t *testing.T, c *config)
	}{
		{"defaults need only the two tokens", tokens(nil), nil, func(t *testing.T, c *config) {
			if c.HTTPAddr != ":8080" || c.Level.Level() != slog.LevelInfo || c.APIURL != "" || c.Session.URL != "" || c.Workers != 0 {
				t.Errorf("defaults = %+v", c)
			}
		}},
		{"missing tokens name each variable and explain the manifest and the console", map[string]string{},
			[]string{"SLACK_APP_TOKEN is not set", "SLACK_BOT_TOKEN is not set", "manifest.yml", "connections:write", "api.slack.com/apps", "bot console"}, nil},
		{"swapped tokens are spotted", map[string]string{"SLACK_APP_TOKEN": testBotToken, "SLACK_BOT_TOKEN": testAppToken},
			[]string{"SLACK_APP_TOKEN does not start with xapp-", "are the two swapped?"}, nil},
		{"a truncated token is reported", tokens(map[string]string{"SLACK_BOT_TOKEN": "xoxb-12"}), []string{"SLACK_BOT_TOKEN looks truncated"}, nil},
		{"SLACK_API_URL gets its trailing slash", tokens(map[string]string{"SLACK_API_URL": "http://127.0.0.1:9/api"}), nil, func(t *testing.T, c *config) {
			if c.APIURL != "http://127.0.0.1:9/api/" {
				t.Errorf("APIURL = %q", c.APIURL)
			}
		}},
		{"SLACK_API_URL must be http(s)", tokens(map[string]string{"SLACK_API_URL": "slack.com/api"}), []string{"SLACK_API_URL"}, nil},
		{"Redis settings reach the session config", tokens(map[string]string{
			"REDIS_ADDRS": "a:1, b:2", "REDIS_MASTER_NAME": "mymaster", "REDIS_PREFIX": "rc", "SESSION_TTL": "48h",
		}), nil, func(t *testing.T, c *config) {
			if diff := cmp.Diff([]string{"a:1", "b:2"}, c.Session.Addrs); diff != "" {
				t.Errorf("Addrs (-want +got):\n%s", diff)
			}
			if c.Session.MasterName != "mymaster" || c.Session.Prefix != "rc" || c.Session.TTL != 48*time.Hour {
				t.Errorf("session config = %+v", c.Session)
			}
		}},
		{"REDIS_URL needs a redis scheme", tokens(map[string]string{"REDIS_URL": "127.0.0.1:6379"}), []string{"REDIS_URL must start with redis://"}, nil},
		{"a master name needs addresses", tokens(map[string]string{"REDIS_MASTER_NAME": "m"}), []string{"REDIS_MASTER_NAME needs REDIS_ADDRS"}, nil},
		{"SESSION_TTL must be a duration", tokens(map[string]string{"SESSION_TTL": "7 days"}), []string{`SESSION_TTL="7 days"`, "168h"}, nil},
		{"UNANSWERED_RETENTION defaults to the store's 30 days", tokens(nil), nil, func(t *testing.T, c *config) {
			if c.Session.UnansweredRetention != 0 {
				t.Errorf("UnansweredRetention = %v, want 0 (the store's default)", c.Session.UnansweredRetention)
			}
		}},
		{"UNANSWERED_RETENTION reaches the session config", tokens(map[string]string{"UNANSWERED_RETENTION": "336h"}), nil, func(t *testing.T, c *config) {
			if c.Session.UnansweredRetention != 14*24*time.Hour {
				t.Errorf("UnansweredRetention = %v, want 336h", c.Session.UnansweredRetention)
			}
		}},
		{"UNANSWERED_RETENTION must be a duration", tokens(map[string]string{"UNANSWERED_RETENTION": "30 days"}), []string{`UNANSWERED_RETENTION="30 days"`, "720h"}, nil},
		{"UNANSWERED_RETENTION must be at least a second", tokens(map[string]string{"UNANSWERED_RETENTION": "-5m"}), []string{`UNANSWERED_RETENTION="-5m"`, "at least 1s"}, nil},
		{"LOG_LEVEL debug lowers the level", tokens(map[string]string{"LOG_LEVEL": "DEBUG"}), nil, func(t *testing.T, c *config) {
			if c.Level.Level() != slog.LevelDebug {
				t.Errorf("level = %v", c.Level.Level())
			}
		}},
		{"an unknown LOG_LEVEL is refused", tokens(map[string]string{"LOG_LEVEL": "loud"}), []string{`LOG_LEVEL="loud"`, "debug, info, warn, error"}, nil},
		{"HTTP_ADDR needs a port", tokens(map[string]string{"HTTP_ADDR": "localhost"}), []string{"HTTP_ADDR"}, nil},
		{"WORKERS must be a positive number", tokens(map[string]string{"WORKERS": "0"}), []string{`WORKERS="0"`}, nil},
		{"socket mode is the default and needs no signing secret", tokens(nil), nil, func(t *testing.T, c *config) {
			if c.Transport != slackapp.SocketMode || c.SigningSecret != "" || c.SlackHTTPAddr != ":3000" {
				t.Errorf("transport %v, secret set %v, SLACK_HTTP_ADDR %q", c.Transport, c.SigningSecret != "", c.SlackHTTPAddr)
			}
		}},
		{"http mode needs the signing secret and the bot token, not the app token",
			map[string]string{"SLACK_MODE": "http", "SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSigningSecret}, nil, func(t *testing.T, c *config) {
				if c.Transport != slackapp.HTTPMode || c.SigningSecret != testSigningSecret || c.AppToken != "" {
					t.Errorf("transport %v, secret kept %v, app token %q", c.Transport, c.SigningSecret == testSigningSecret, c.AppToken)
				}
			}},
		{"http mode without the signing secret says where to find it and names manifest.http.yml",
			map[string]string{"SLACK_MODE": "HTTP", "SLACK_BOT_TOKEN": testBotToken},
			[]string{"SLACK_SIGNING_SECRET is not set", "App Credentials", "manifest.http.yml", "rolecall.example.com"}, nil},
		{"a token pasted as the signing secret is spotted", map[string]string{"SLACK_MODE": "http", "SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testBotToken},
			[]string{"SLACK_SIGNING_SECRET holds a token"}, nil},
		{"a quoted signing secret is reported, not echoed", map[string]string{"SLACK_MODE": "http", "SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": `"` + testSigningSecret + `"`},
			[]string{"SLACK_SIGNING_SECRET looks truncated or quoted"}, nil},
		{"an unknown SLACK_MODE names both modes", tokens(map[string]string{"SLACK_MODE": "websocket"}), []string{`SLACK_MODE="websocket"`, "socket", "http", "manifest.http.yml"}, nil},
		{"SLACK_HTTP_ADDR needs a port", map[string]string{"SLACK_MODE": "http", "SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSigningSecret, "SLACK_HTTP_ADDR": "localhost"},
			[]string{`SLACK_HTTP_ADDR="localhost" needs a port`}, nil},
		{"the request URLs and /metrics may not share a port", map[string]string{"SLACK_MODE": "http", "SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSigningSecret,
			"SLACK_HTTP_ADDR": ":8080"}, []string{"SLACK_HTTP_ADDR and HTTP_ADDR are both :8080", "different ports"}, nil},
		{"WORKERS sets the pool size", tokens(map[string]string{"WORKERS": "32"}), nil, func(t *testing.T, c *config) {
			if c.Workers != 32 {
				t.Errorf("Workers = %d", c.Workers)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := loadConfig(slackEnv(tt.env), true)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("loadConfig: %v", err)
				}
				tt.check(t, c)
				return
			}
			if err == nil {
				t.Fatalf("loadConfig succeeded, want an error saying %q", tt.wantErr)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			for _, secret := range []string{"AppSecretValue", "BotSecretValue", testSigningSecret} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error echoes a token:\n%v", err)
				}
			}
		})
	}
}

func TestConsoleNeedsNoTokens(t *testing.T) {
	if _, err := loadConfig(slackEnv(nil), false); err != nil {
		t.Errorf("loadConfig without Slack = %v, want no token needed", err)
	}
}

func TestRunWithoutTokensExitsTwo(t *testing.T) {
	var out, errb strings.Builder
	code := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: slackEnv(nil)}, nil)
	if code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	for _, w := range []string{"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "manifest.yml", "bot console"} {
		if !strings.Contains(errb.String(), w) {
			t.Errorf("stderr lacks %q:\n%s", w, errb.String())
		}
	}
}

func TestRunHTTPWithoutTheSigningSecretExitsTwo(t *testing.T) {
	var out, errb strings.Builder
	code := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: slackEnv(map[string]string{"SLACK_BOT_TOKEN": testBotToken})}, []string{"run", "--http"})
	if code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	for _, w := range []string{"SLACK_SIGNING_SECRET is not set", "manifest.http.yml"} {
		if !strings.Contains(errb.String(), w) {
			t.Errorf("stderr lacks %q:\n%s", w, errb.String())
		}
	}
	if strings.Contains(errb.String(), "SLACK_APP_TOKEN") {
		t.Errorf("http mode asks for the app token:\n%s", errb.String())
	}
}
