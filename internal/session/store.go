package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Defaults of Config.
const (
	DefaultPrefix   = "rolecall"
	DefaultTTL      = 7 * 24 * time.Hour
	DefaultTimeout  = 2 * time.Second
	DefaultClaimTTL = 15 * time.Minute
	// MinClaimTTL is the shortest Config.ClaimTTL Open accepts: Slack's
	// last retry of an event arrives about 5 minutes after the first try.
	MinClaimTTL = 10 * time.Minute
	// DefaultUnansweredRetention is how long the unanswered log keeps a
	// question unless Config.UnansweredRetention says otherwise.
	DefaultUnansweredRetention = 30 * 24 * time.Hour
)

// bufferSize is the size of each Redis connection's read and write buffers.
const bufferSize = 4 << 10

// Store is the Redis-backed state store. It is safe for concurrent use.
type Store struct {
	rdb      redis.UniversalClient
	mini     *miniredis.Miniredis // nil unless embedded
	lg       *slog.Logger
	prefix   string
	ttl      time.Duration
	claimTTL time.Duration
	timeout  time.Duration
	// unansweredTTL is Config.UnansweredRetention.
	unansweredTTL time.Duration

	put     *redis.Script // Create and Update
	acquire *redis.Script // Claim and Lock
	unlock  *redis.Script
	logQ    *redis.Script // LogUnanswered

	commands atomic.Int64
}

// withDefaults fills in defaults and rejects settings that cannot work.
func (c Config) withDefaults() (Config, error) {
	if c.Prefix == "" {
		c.Prefix = DefaultPrefix
	}
	if strings.ContainsAny(c.Prefix, "{}") {
		return c, fmt.Errorf("session: key prefix %q must not contain '{' or '}' (Redis Cluster hash tags)", c.Prefix)
	}
	if c.TTL == 0 {
		c.TTL = DefaultTTL
	}
	if c.TTL < time.Millisecond {
		return c, fmt.Errorf("session: session TTL %s must be positive", c.TTL)
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Timeout < time.Millisecond {
		return c, fmt.Errorf("session: timeout %s must be positive", c.Timeout)
	}
	if c.ClaimTTL == 0 {
		c.ClaimTTL = DefaultClaimTTL
	}
	if c.ClaimTTL < MinClaimTTL {
		return c, fmt.Errorf("session: claim TTL %s is shorter than %s; Slack retries an event for about 5 minutes", c.ClaimTTL, MinClaimTTL)
	}
	if c.UnansweredRetention == 0 {
		c.UnansweredRetention = DefaultUnansweredRetention
	}
	if c.UnansweredRetention < time.Second {
		return c, fmt.Errorf("session: unanswered question retention %s must be at least 1s", c.UnansweredRetention)
	}
	if c.MasterName != "" && c.URL == "" && len(c.Addrs) == 0 {
		return c, errors.New("session: a Sentinel master name needs the Sentinel addresses (REDIS_ADDRS)")
	}
	return c, nil
}

// Open connects to Redis (or starts the embedded server) and pings it.
// A nil logger discards the log.
func Open(ctx context.Context, cfg Config, lg *slog.Logger) (*Store, error) {
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	var mini *miniredis.Miniredis
	if cfg.URL == "" && len(cfg.Addrs) == 0 {
		mini = miniredis.NewMiniRedis()
		mini.ClockTTL(true) // expire keys on the wall clock, as Redis does
		if err := mini.Start(); err != nil {
			return nil, fmt.Errorf("session: start embedded store: %w", err)
		}
		cfg.URL = "redis://" + mini.Addr()
		lg.Warn("no Redis configured (REDIS_URL, REDIS_ADDRS): using an embedded in-process store; "+
			"assessments and de-duplication will not survive a restart and are not shared between instances",
			"addr", mini.Addr())
	}
	rdb, err := newClient(cfg)
	if err != nil {
		if mini != nil {
			mini.Close()
		}
		return nil, err
	}
	s := &Store{
		rdb:      rdb,
		mini:     mini,
		lg:       lg,
		prefix:   cfg.Prefix,
		ttl:      cfg.TTL,
		claimTTL: cfg.ClaimTTL,
		timeout:  cfg.Timeout,
		put:      redis.NewScript(putScript),
		acquire:  redis.NewScript(acquireScript),
		unlock:   redis.NewScript(unlockScript),
		logQ:     redis.NewScript(logScript),

		unansweredTTL: cfg.UnansweredRetention,
	}
	rdb.AddHook(counter{&s.commands})
	pctx, cancel := s.bound(ctx)
	err = rdb.Ping(pctx).Err()
	cancel()
	if err != nil {
		s.Close()
		return nil, wrap("connect to", where(cfg), err)
	}
	// Load the scripts now so that the first Update is one EVALSHA, not
	// EVALSHA, NOSCRIPT, EVAL. After a Redis restart Script.Run falls back
	// to EVAL once by itself.
	for _, sc := range []*redis.Script{s.put, s.acquire, s.unlock, s.logQ} {
		ctx, cancel := s.bound(ctx)
		err := sc.Load(ctx, rdb).Err()
		cancel()
		if err != nil {
			s.Close()
			return nil, wrap("load script", "", err)
		}
	}
	return s, nil
}

// newClient builds the go-redis client for cfg without connecting.
func newClient(cfg Config) (redis.UniversalClient, error) {
	opts := &redis.UniversalOptions{}
	if cfg.URL != "" {
		o, err := redis.ParseURL(cfg.URL)
		if err != nil {
			// A *url.Error repeats the URL, password included: drop it.
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return nil, fmt.Errorf("session: Redis URL is not valid (want redis://[user:password@]host:port[/db] or rediss://… for TLS): %w", err)
		}
		opts.Addrs = []string{o.Addr}
		opts.Username = o.Username
		opts.Password = o.Password
		opts.DB = o.DB
		opts.TLSConfig = o.TLSConfig
		opts.Protocol = o.Protocol
		opts.ClientName = o.ClientName
	}
	if len(cfg.Addrs) > 0 {
		for _, a := range cfg.Addrs {
			if _, _, err := net.SplitHostPort(a); err != nil {
				return nil, fmt.Errorf("session: Redis address %q is not host:port: %w", a, err)
			}
		}
		opts.Addrs = append([]string(nil), cfg.Addrs...)
	}
	opts.MasterName = cfg.MasterName

	// Every call runs under a context bounded by cfg.Timeout; the socket
	// timeouts match it, so an outage fails within the bound.
	opts.ContextTimeoutEnabled = true
	opts.DialTimeout = cfg.Timeout
	opts.ReadTimeout = cfg.Timeout
	opts.WriteTimeout = cfg.Timeout
	opts.PoolTimeout = cfg.Timeout
	// One retry covers a pooled connection that broke while idle; more would
	// only stretch an outage. The writes are idempotent under a retry.
	opts.MaxRetries = 1
	opts.DialerRetries = 1
	opts.MinRetryBackoff = 8 * time.Millisecond
	opts.MaxRetryBackoff = 100 * time.Millisecond
	// The bot's commands and replies are a few hundred bytes (a claim, a
	// directory, an assessment of a few KB read in more than one fill):
	// go-redis's default buffers (32 KiB each way, 128 KiB on the pipeline
	// pool's connections) would hold 2-4 MB of a busy bot's heap for
	// nothing. The buffers bound no message size.
	opts.ReadBufferSize = bufferSize
	opts.WriteBufferSize = bufferSize
	opts.PipelineReadBufferSize = bufferSize
	opts.PipelineWriteBufferSize = bufferSize
	return redis.NewUniversalClient(opts), nil
}

// where names the Redis server(s) of cfg for an error message, without the
// password a URL may carry.
func where(cfg Config) string {
	if len(cfg.Addrs) > 0 {
		return strings.Join(cfg.Addrs, ",")
	}
	if o, err := redis.ParseURL(cfg.URL); err == nil {
		return o.Addr
	}
	return "Redis"
}

// bound limits a call to the configured timeout.
func (s *Store) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.timeout)
}

// Close releases the client (and stops the embedded server).
func (s *Store) Close() error {
	err := s.rdb.Close()
	if s.mini != nil {
		s.mini.Close()
	}
	if err != nil && !errors.Is(err, redis.ErrClosed) {
		return wrap("close", "", err)
	}
	return nil
}

// Ping is the readiness check.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("ping", "", s.rdb.Ping(ctx).Err())
}

// Embedded reports whether the store runs on the in-process server.
func (s *Store) Embedded() bool { return s.mini != nil }

// Commands returns the number of Redis round trips this Store has made so
// far: each command counts one, each pipeline or transaction counts one.
// That includes the handshake of every new connection and the EVAL fallback
// after a NOSCRIPT, so a steady-state delta around a call is its cost.
// The load benchmark divides it by the events it sent.
func (s *Store) Commands() int64 { return s.commands.Load() }

// counter is a go-redis hook that counts round trips.
type counter struct{ n *atomic.Int64 }

func (c counter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c counter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.n.Add(1)
		return next(ctx, cmd)
	}
}

func (c counter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.n.Add(1)
		return next(ctx, cmds)
	}
}
