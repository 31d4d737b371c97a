package main

import (
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slackapp"
)

// config is the bot's configuration, parsed from the environment once, in
// main, and validated before anything starts.
type config struct {
	// Transport (SLACK_MODE, or the flag --http) is how Slack reaches the
	// bot: Socket Mode (socket, the default) or request URLs (http).
	Transport slackapp.Transport
	// AppToken (SLACK_APP_TOKEN, xapp-…) opens Socket Mode connections;
	// unused in http mode.
	AppToken string
	// SigningSecret (SLACK_SIGNING_SECRET) verifies the requests Slack
	// sends in http mode, where it is required. Never printed.
	SigningSecret string
	// SlackHTTPAddr (SLACK_HTTP_ADDR) serves the request URLs in http
	// mode: /slack/events, /slack/interactivity, /slack/commands.
	SlackHTTPAddr string
	// BotToken (SLACK_BOT_TOKEN, xoxb-…) calls the Web API.
	BotToken string
	// APIURL (SLACK_API_URL) overrides the Web API base, with a trailing slash.
	APIURL string
	// Session holds REDIS_URL, REDIS_ADDRS, REDIS_MASTER_NAME, REDIS_PREFIX,
	// SESSION_TTL and UNANSWERED_RETENTION; empty URL and Addrs mean the
	// embedded store.
	Session session.Config
	// Level (LOG_LEVEL) is the log level, adjustable at run time.
	Level *slog.LevelVar
	// HTTPAddr (HTTP_ADDR) serves /healthz, /readyz and /metrics.
	HTTPAddr string
	// KnowledgeDir (KNOWLEDGE_DIR) adds or overrides knowledge entries.
	KnowledgeDir string
	// Workers (WORKERS) sizes the worker pool; 0 means the default.
	Workers int
	// Curators (ROLECALL_CURATORS) may change the role directory and read
	// the curators' report, besides workspace admins and owners: user and
	// user group ids.
	Curators []string
}

// slackSetup tells a person how to get the tokens.
const slackSetup = `To get the tokens, create the Slack app from manifest.yml:
  1. Open https://api.slack.com/apps → Create New App → From an app manifest,
     pick your workspace and paste the contents of manifest.yml.
  2. Basic Information → App-Level Tokens → Generate Token and Scopes, add the
     connections:write scope: that xapp-… token is SLACK_APP_TOKEN.
  3. Install App → Install to Workspace: the Bot User OAuth Token (xoxb-…) is
     SLACK_BOT_TOKEN.
No Slack at hand? 'bot console' chats with Rolecall in this terminal, no tokens needed.`

// httpSetup tells a person how to get what http mode needs.
const httpSetup = `For http mode, create the Slack app from manifest.http.yml:
  1. Replace https://rolecall.example.com in it with the public HTTPS address
     that forwards to SLACK_HTTP_ADDR (your load balancer, or the bot itself).
  2. Open https://api.slack.com/apps → Create New App → From an app manifest,
     pick your workspace and paste it.
  3. Basic Information → App Credentials → Signing Secret: that is
     SLACK_SIGNING_SECRET. No app-level token is needed.
  4. Install App → Install to Workspace: the Bot User OAuth Token (xoxb-…) is
     SLACK_BOT_TOKEN.
Or leave SLACK_MODE unset for Socket Mode (manifest.yml), which needs no public URL.`

// configError lists every problem found, so one run fixes them all.
type configError struct{ problems []string }

func (e *configError) Error() string {
	return "configuration problems:\n  - " + strings.Join(e.problems, "\n  - ")
}

// loadConfig reads the environment. With slack set the tokens are required.
func loadConfig(getenv func(string) string, slack bool) (*config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c := &config{Level: new(slog.LevelVar), HTTPAddr: ":8080", SlackHTTPAddr: ":3000"}
	var bad []string
	tokenHelp := false
	switch v := strings.ToLower(get("SLACK_MODE")); v {
	case "", "socket":
	case "http":
		c.Transport = slackapp.HTTPMode
	default:
		bad = append(bad, fmt.Sprintf("SLACK_MODE=%q is not socket or http: socket (the default) connects out to Slack over Socket Mode (manifest.yml); http serves request URLs Slack POSTs to (manifest.http.yml)", v))
	}
	if slack {
		c.BotToken = get("SLACK_BOT_TOKEN")
		if c.Transport == slackapp.HTTPMode {
			c.SigningSecret = get("SLACK_SIGNING_SECRET")
			if p := checkSecret(c.SigningSecret); p != "" {
				bad, tokenHelp = append(bad, p), true
			}
		} else {
			c.AppToken = get("SLACK_APP_TOKEN")
			if p := checkToken("SLACK_APP_TOKEN", c.AppToken, "xapp-", "the app-level token (xapp-…) with the connections:write scope", "SLACK_BOT_TOKEN"); p != "" {
				bad, tokenHelp = append(bad, p), true
			}
		}
		if p := checkToken("SLACK_BOT_TOKEN", c.BotToken, "xoxb-", "the bot user OAuth token (xoxb-…) from installing the app", "SLACK_APP_TOKEN"); p != "" {
			bad, tokenHelp = append(bad, p), true
		}
	}
	if v := get("SLACK_API_URL"); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad = append(bad, fmt.Sprintf("SLACK_API_URL=%q is not an http(s) URL; use the Web API base, e.g. https://slack.com/api/", v))
		} else {
			if !strings.HasSuffix(v, "/") {
				v += "/"
			}
			c.APIURL = v
		}
	}
	if v := get("REDIS_URL"); v != "" {
		if !strings.HasPrefix(v, "redis://") && !strings.HasPrefix(v, "rediss://") {
			bad = append(bad, "REDIS_URL must start with redis:// (or rediss:// for TLS), e.g. redis://127.0.0.1:6379/0")
		}
		c.Session.URL = v
	}
	if v := get("REDIS_ADDRS"); v != "" {
		for _, a := range strings.Split(v, ",") {
			if a = strings.TrimSpace(a); a != "" {
				c.Session.Addrs = append(c.Session.Addrs, a)
			}
		}
	}
	c.Session.MasterName = get("REDIS_MASTER_NAME")
	if c.Session.MasterName != "" && len(c.Session.Addrs) == 0 {
		bad = append(bad, "REDIS_MASTER_NAME needs REDIS_ADDRS: the Sentinel addresses, comma-separated host:port")
	}
	c.Session.Prefix = get("REDIS_PREFIX")
	if strings.ContainsAny(c.Session.Prefix, "{} ") {
		bad = append(bad, "REDIS_PREFIX must not contain spaces, '{' or '}', e.g. rolecall")
	}
	if v := get("SESSION_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			bad = append(bad, fmt.Sprintf("SESSION_TTL=%q is not a positive duration; use e.g. 168h for 7 days", v))
		}
		c.Session.TTL = d
	}
	if v := get("UNANSWERED_RETENTION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			bad = append(bad, fmt.Sprintf("UNANSWERED_RETENTION=%q is not a duration of at least 1s; use e.g. 720h for 30 days (the default)", v))
		}
		c.Session.UnansweredRetention = d
	}
	switch v := strings.ToLower(get("LOG_LEVEL")); v {
	case "", "info":
		c.Level.Set(slog.LevelInfo)
	case "debug":
		c.Level.Set(slog.LevelDebug)
	case "warn", "warning":
		c.Level.Set(slog.LevelWarn)
	case "error":
		c.Level.Set(slog.LevelError)
	default:
		bad = append(bad, fmt.Sprintf("LOG_LEVEL=%q is not one of debug, info, warn, error", v))
	}
	if v := get("HTTP_ADDR"); v != "" {
		if !strings.Contains(v, ":") {
			bad = append(bad, fmt.Sprintf("HTTP_ADDR=%q needs a port, e.g. :8080 or 127.0.0.1:8080", v))
		}
		c.HTTPAddr = v
	}
	if v := get("SLACK_HTTP_ADDR"); v != "" {
		if !strings.Contains(v, ":") {
			bad = append(bad, fmt.Sprintf("SLACK_HTTP_ADDR=%q needs a port, e.g. :3000 or 0.0.0.0:3000", v))
		}
		c.SlackHTTPAddr = v
	}
	if c.Transport == slackapp.HTTPMode && slack && c.SlackHTTPAddr == c.HTTPAddr && !strings.HasSuffix(c.HTTPAddr, ":0") {
		bad = append(bad, fmt.Sprintf("SLACK_HTTP_ADDR and HTTP_ADDR are both %s: give them different ports, since the request URLs face Slack through the load balancer while /metrics stays inside, e.g. SLACK_HTTP_ADDR=:3000 HTTP_ADDR=:8080", c.HTTPAddr))
	}
	c.KnowledgeDir = get("KNOWLEDGE_DIR")
	if v := get("WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			bad = append(bad, fmt.Sprintf("WORKERS=%q is not a number from 1 to 10000; leave it unset for the default", v))
		}
		c.Workers = n
	}
	curators, problems := parseCurators(get("ROLECALL_CURATORS"))
	c.Curators, bad = curators, append(bad, problems...)
	if len(bad) > 0 {
		if tokenHelp {
			setup := slackSetup
			if c.Transport == slackapp.HTTPMode {
				setup = httpSetup
			}
			bad[len(bad)-1] += "\n\n" + setup
		}
		return nil, &configError{bad}
	}
	return c, nil
}

// checkSecret explains what is wrong with the signing secret without ever
// printing it.
func checkSecret(v string) string {
	switch {
	case v == "":
		return "SLACK_SIGNING_SECRET is not set: in http mode it verifies that each request comes from Slack (Basic Information → App Credentials → Signing Secret)"
	case strings.HasPrefix(v, "xox") || strings.HasPrefix(v, "xapp-"):
		return "SLACK_SIGNING_SECRET holds a token: it must be the Signing Secret under Basic Information → App Credentials, not an OAuth or app-level token"
	case len(v) < 16 || strings.ContainsAny(v, " \t\"'"):
		return "SLACK_SIGNING_SECRET looks truncated or quoted: paste the Signing Secret (Basic Information → App Credentials) exactly"
	}
	return ""
}

// checkToken explains what is wrong with a token without ever printing it.
func checkToken(name, v, prefix, what, other string) string {
	switch {
	case v == "":
		return fmt.Sprintf("%s is not set: it is %s", name, what)
	case !strings.HasPrefix(v, prefix):
		p := fmt.Sprintf("%s does not start with %s: it must be %s", name, prefix, what)
		if otherPrefix := map[string]string{"xapp-": "xoxb-", "xoxb-": "xapp-"}[prefix]; strings.HasPrefix(v, otherPrefix) {
			p += fmt.Sprintf(" (it looks like the token for %s: are the two swapped?)", other)
		}
		return p
	case len(v) < len(prefix)+8 || strings.ContainsAny(v, " \t\"'"):
		return fmt.Sprintf("%s looks truncated or quoted: paste %s exactly", name, what)
	}
	return ""
}
