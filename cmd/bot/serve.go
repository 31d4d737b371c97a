package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slackapp"
)

const serveUsage = `Usage: bot [run] [--http]

Connects to Slack over Socket Mode and serves until SIGINT or SIGTERM. With
--http (or SLACK_MODE=http) it serves request URLs instead, which Slack
POSTs to (manifest.http.yml): /slack/events, /slack/interactivity and
/slack/commands on SLACK_HTTP_ADDR, each request verified with the signing
secret.

Flags:
  --http             serve request URLs instead of Socket Mode (same as SLACK_MODE=http)

Environment:
  SLACK_MODE         socket (default: Socket Mode, manifest.yml) or http (request URLs, manifest.http.yml)
  SLACK_BOT_TOKEN    bot user OAuth token, xoxb-…                        required
  SLACK_APP_TOKEN    app-level token, xapp-… (scope connections:write)   required in socket mode
  SLACK_SIGNING_SECRET
                     Basic Information → App Credentials → Signing Secret  required in http mode
  SLACK_HTTP_ADDR    where the request URLs are served in http mode (default :3000)
  SLACK_API_URL      Web API base URL (default https://slack.com/api/)
  REDIS_URL          redis:// or rediss:// URL (default: embedded store, not durable)
  REDIS_ADDRS        comma-separated host:port for Redis Cluster or Sentinel
  REDIS_MASTER_NAME  Sentinel master name (with REDIS_ADDRS)
  REDIS_PREFIX       key prefix (default rolecall)
  SESSION_TTL        assessment lifetime, sliding (default 168h)
  UNANSWERED_RETENTION
                     how long unanswered questions are kept (default 720h, 30 days)
  LOG_LEVEL          debug, info, warn or error (default info)
  HTTP_ADDR          /healthz, /readyz and /metrics (default :8080)
  KNOWLEDGE_DIR      YAML entries that add to or override the built-in knowledge
  WORKERS            worker pool size (default 8 × CPUs)
  GOGC               Go's garbage collector target (default 70 for the bot, see docs/benchmarks.md)
  ROLECALL_CURATORS  user (U…) and user group (S…) ids who may change the role
                     directory, besides workspace admins and owners (comma-separated)
`

// shutdownTimeout bounds the whole stop: in-flight Slack work, then HTTP.
const shutdownTimeout = 10 * time.Second

// server is the running bot: the Slack app, the store, the ops endpoint
// and, in http mode, the request URLs on a listener of their own (they face
// Slack through the load balancer; /metrics stays inside).
// A test builds one with newServer and stops it by cancelling Run's ctx.
type server struct {
	cfg   *config
	lg    *slog.Logger
	m     *ops.Metrics
	store *session.Store
	app   *slackapp.App
	ln    net.Listener
	http  *http.Server
	// slackLn and slackHTTP serve the request URLs; nil in socket mode.
	slackLn   net.Listener
	slackHTTP *http.Server
}

// newServer loads the knowledge, opens the store, builds the app and binds
// the HTTP listener; nothing is served until Run.
func newServer(ctx context.Context, cfg *config, getenv func(string) string, lg *slog.Logger) (*server, error) {
	base, err := knowledge.LoadWithOverrides(cfg.KnowledgeDir, lg)
	if base == nil {
		return nil, fmt.Errorf("load the knowledge base: %w", err)
	}
	eng := knowledge.NewEngine(base)
	store, err := session.Open(ctx, cfg.Session, lg)
	if err != nil {
		return nil, fmt.Errorf("open the session store: %w", err)
	}
	m := ops.New()
	var answerer slackapp.Answerer
	src, err := newLLMAnswerSource(getenv, false, eng, store, m, lg)
	if err != nil {
		store.Close()
		return nil, err
	}
	if _, lexical := src.(lexicalSource); !lexical {
		answerer = src
	}
	app, err := slackapp.New(slackapp.Config{
		BotToken: cfg.BotToken, AppToken: cfg.AppToken, APIURL: cfg.APIURL,
		Transport: cfg.Transport, SigningSecret: cfg.SigningSecret,
		Engine: eng, Answerer: answerer, Store: store, Metrics: m, Logger: lg,
		Workers: cfg.Workers, ShutdownTimeout: shutdownTimeout, Curators: cfg.Curators,
	})
	if err != nil {
		store.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		store.Close()
		return nil, fmt.Errorf("HTTP_ADDR %s: %w", cfg.HTTPAddr, err)
	}
	// Ready is "socket up" in socket mode, "token checked and taking
	// requests" in http mode.
	h := ops.Handler(m,
		ops.Check{Name: "slack", Fn: app.Ready},
		ops.Check{Name: "redis", Fn: store.Ping},
	)
	s := &server{cfg: cfg, lg: lg, m: m, store: store, app: app, ln: ln,
		http: &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}}
	if cfg.Transport == slackapp.HTTPMode {
		sln, err := net.Listen("tcp", cfg.SlackHTTPAddr)
		if err != nil {
			ln.Close()
			store.Close()
			return nil, fmt.Errorf("SLACK_HTTP_ADDR %s: %w", cfg.SlackHTTPAddr, err)
		}
		// Slack waits 3 s for an answer and sends small bodies: a slow or
		// idle client gets little time.
		s.slackLn, s.slackHTTP = sln, &http.Server{Handler: app.Handler(),
			ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second,
			IdleTimeout: 90 * time.Second, MaxHeaderBytes: 64 << 10,
			ErrorLog: slog.NewLogLogger(lg.Handler(), slog.LevelDebug)}
	}
	return s, nil
}

// Addr is where /healthz, /readyz and /metrics are served.
func (s *server) Addr() string { return s.ln.Addr().String() }

// SlackAddr is where the request URLs are served; empty in socket mode.
func (s *server) SlackAddr() string {
	if s.slackLn == nil {
		return ""
	}
	return s.slackLn.Addr().String()
}

// Run serves until ctx is cancelled, then shuts everything down within
// shutdownTimeout. It returns the error that stopped it early, if any.
func (s *server) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	serve := func(hs *http.Server, ln net.Listener, errc chan<- error) {
		err := hs.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		} else {
			cancel()
		}
		errc <- err
	}
	httpErr := make(chan error, 1)
	go serve(s.http, s.ln, httpErr)
	s.lg.Info("ops endpoints listening", "addr", s.Addr())
	slackErr := make(chan error, 1)
	slackDone := make(chan struct{})
	if s.slackHTTP != nil {
		go serve(s.slackHTTP, s.slackLn, slackErr)
		s.lg.Info("Slack request URLs listening", "addr", s.SlackAddr(), "paths", "/slack/events /slack/interactivity /slack/commands")
		// Stop taking requests as soon as the stop begins, so the load
		// balancer sends them to another replica; the ones in flight only
		// queue work, which the app then finishes.
		go func() {
			defer close(slackDone)
			<-ctx.Done()
			sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer scancel()
			if err := s.slackHTTP.Shutdown(sctx); err != nil {
				s.lg.Warn("request URLs shutdown", "err", err)
			}
		}()
	} else {
		slackErr <- nil
		close(slackDone)
	}
	appErr := s.app.Run(ctx)
	cancel()
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if err := s.http.Shutdown(sctx); err != nil {
		s.lg.Warn("HTTP shutdown", "err", err)
	}
	herr := <-httpErr
	<-slackDone
	if err := <-slackErr; err != nil && herr == nil {
		herr = fmt.Errorf("request URLs on %s: %w", s.SlackAddr(), err)
	}
	if err := s.store.Close(); err != nil {
		s.lg.Warn("closing the store", "err", err)
	}
	if appErr != nil {
		return appErr
	}
	if herr != nil {
		return fmt.Errorf("HTTP server: %w", herr)
	}
	return nil
}

func runServe(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprint(e.stderr, serveUsage) }
	overHTTP := fs.Bool("http", false, "serve request URLs instead of Socket Mode (same as SLACK_MODE=http)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "bot run: unexpected argument %q\n\n%s", fs.Arg(0), serveUsage)
		return 2
	}
	getenv := e.getenv
	if *overHTTP {
		// The flag is SLACK_MODE=http typed by a person: one validation.
		getenv = func(k string) string {
			if k == "SLACK_MODE" {
				return "http"
			}
			return e.getenv(k)
		}
	}
	cfg, err := loadConfig(getenv, true)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot: %v\n", err)
		return 2
	}
	lg := slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: cfg.Level}))
	redis.SetLogger(newRedisLog(lg, cfg.BotToken, cfg.AppToken, cfg.SigningSecret))
	s, err := newServer(ctx, cfg, getenv, lg)
	if err != nil {
		lg.Error("bot: cannot start", "err", err)
		return 1
	}
	if err := s.Run(ctx); err != nil {
		lg.Error("bot: stopped on an error", "err", err)
		return 1
	}
	return 0
}
