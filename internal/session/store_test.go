package session_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/session"
)

func TestASecondStoreReadsWhatTheFirstWrote(t *testing.T) {
	ctx := context.Background()
	cfg := session.Config{URL: redistest.URL(t), Prefix: redistest.Prefix(t)}
	first := openRedis(t, cfg)

	done := fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "C1", Thread: "1.1"})
	if err := first.Create(ctx, done); err != nil {
		t.Fatal(err)
	}
	done.Status = session.StatusCompleted
	if err := first.Update(ctx, done); err != nil {
		t.Fatal(err)
	}
	running := fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "D1"})
	if err := first.Create(ctx, running); err != nil {
		t.Fatal(err)
	}
	running.Step = "kpis"
	if err := first.Update(ctx, running); err != nil {
		t.Fatal(err)
	}
	if ok, err := first.Claim(ctx, "T1", "Ev1"); err != nil || !ok {
		t.Fatalf("Claim = %v, %v", ok, err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second := mustOpen(t, cfg) // a new client, as after a restart
	for _, want := range []*session.Assessment{done, running} {
		got, err := second.Get(ctx, want.Key)
		if err != nil {
			t.Fatalf("Get %+v: %v", want.Key, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("after a restart %+v differs (-written +read):\n%s", want.Key, diff)
		}
	}
	if k, err := second.Active(ctx, "T1", "U1"); err != nil || k != running.Key {
		t.Errorf("Active after a restart = %+v, %v; want %+v", k, err, running.Key)
	}
	if got, err := second.LastCompleted(ctx, "T1", "U1"); err != nil || got.Key != done.Key {
		t.Errorf("LastCompleted after a restart = %v, %v; want %+v", got, err, done.Key)
	}
	if ok, err := second.Claim(ctx, "T1", "Ev1"); err != nil || ok {
		t.Errorf("Claim of an id claimed before the restart = %v, %v; want false", ok, err)
	}
	// The first store is closed: using it is an error, not a panic.
	if _, err := first.Get(ctx, done.Key); !errors.Is(err, session.ErrUnavailable) {
		t.Errorf("Get on a closed store = %v, want ErrUnavailable", err)
	}
}

func TestOpenWithTheZeroConfigStartsAnEmbeddedStoreAndWarnsOnce(t *testing.T) {
	var log syncBuffer
	s, err := session.Open(context.Background(), session.Config{}, slog.New(slog.NewTextHandler(&log, nil)))
	if err != nil {
		t.Fatalf("Open(Config{}): %v", err)
	}
	defer s.Close()
	if !s.Embedded() {
		t.Error("Embedded() = false")
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("Ping: %v", err)
	}
	out := log.String()
	if n := strings.Count(out, "level=WARN"); n != 1 || !strings.Contains(out, "not survive a restart") {
		t.Errorf("log has %d warnings, want one saying state will not survive a restart:\n%s", n, out)
	}
	if n := strings.Count(out, "\n"); n != 1 {
		t.Errorf("log has %d lines, want 1:\n%s", n, out)
	}
}

func TestAStoreOnRealRedisIsNotEmbedded(t *testing.T) {
	if s := openRedis(t, session.Config{}); s.Embedded() {
		t.Error("Embedded() = true with a URL")
	}
}

func TestEveryCallFailsWithErrUnavailableDuringAnOutageAndWorksAfter(t *testing.T) {
	ctx := context.Background()
	proxy := redistest.NewProxy(t, redistest.Addr(t))
	s := openRedis(t, session.Config{URL: proxy.URL(), Timeout: time.Second})
	a := fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "D1"})
	if err := s.Create(ctx, a); err != nil {
		t.Fatal(err)
	}

	calls := []struct {
		name string
		call func() error
	}{
		{"Ping", func() error { return s.Ping(ctx) }},
		{"Create", func() error {
			return s.Create(ctx, fullAssessment(session.Key{Team: "T1", User: "U2", Channel: "D2"}))
		}},
		{"Get", func() error { _, err := s.Get(ctx, a.Key); return err }},
		{"Update", func() error { b := *a; return s.Update(ctx, &b) }},
		{"Active", func() error { _, err := s.Active(ctx, "T1", "U1"); return err }},
		{"LastCompleted", func() error { _, err := s.LastCompleted(ctx, "T1", "U1"); return err }},
		{"Claim", func() error { _, err := s.Claim(ctx, "T1", "Ev1"); return err }},
		{"Release", func() error { return s.Release(ctx, "T1", "Ev1") }},
		{"Lock", func() error { _, _, err := s.Lock(ctx, "T1", "l", time.Second); return err }},
		{"CacheGet", func() error { _, err := s.CacheGet(ctx, "k"); return err }},
		{"CacheSet", func() error { return s.CacheSet(ctx, "k", []byte("v"), time.Minute) }},
		{"Feedback", func() error { return s.Feedback(ctx, "T1", "e", true) }},
		{"FeedbackCounts", func() error { _, _, err := s.FeedbackCounts(ctx, "T1", "e"); return err }},
		{"LogUnanswered", func() error { return s.LogUnanswered(ctx, "T1", "q") }},
		{"RecentUnanswered", func() error { _, err := s.RecentUnanswered(ctx, "T1", 5); return err }},
		{"SetRole", func() error { return s.SetRole(ctx, "T1", "po", "U1") }},
		{"Role", func() error { _, err := s.Role(ctx, "T1", "po"); return err }},
		{"Roles", func() error { _, err := s.Roles(ctx, "T1"); return err }},
	}

	proxy.Stop()
	for _, c := range calls {
		t.Run(c.name+" returns ErrUnavailable while Redis is away", func(t *testing.T) {
			done := make(chan error, 1)
			go func() { done <- c.call() }()
			select {
			case err := <-done:
				if !errors.Is(err, session.ErrUnavailable) {
					t.Errorf("%s = %v, want ErrUnavailable", c.name, err)
				}
			case <-time.After(5 * time.Second): // a guard, not a timing assertion
				t.Fatalf("%s did not return within 5 s", c.name)
			}
		})
	}

	proxy.Start()
	t.Run("calls work again once Redis is back", func(t *testing.T) {
		// go-redis probes a refused address about once a second before it
		// dials again on demand.
		deadline := time.Now().Add(5 * time.Second)
		for err := s.Ping(ctx); err != nil; err = s.Ping(ctx) {
			if time.Now().After(deadline) {
				t.Fatalf("Ping 5 s after Redis came back: %v", err)
			}
			time.Sleep(50 * time.Millisecond)
		}
		for _, c := range calls {
			err := c.call()
			if err != nil && !errors.Is(err, session.ErrNotFound) {
				t.Errorf("%s after the outage: %v", c.name, err)
			}
		}
		got, err := s.Get(ctx, a.Key)
		if err != nil {
			t.Fatal(err)
		}
		// The update tried during the outage did not apply; the one after did.
		if got.Revision != a.Revision+1 || got.Step != a.Step {
			t.Errorf("after the outage: revision %d step %q, want %d %q", got.Revision, got.Step, a.Revision+1, a.Step)
		}
	})
}

func TestOpenFailsWithErrUnavailableWhenNothingListens(t *testing.T) {
	proxy := redistest.NewProxy(t, redistest.Addr(t))
	proxy.Stop()
	_, err := session.Open(context.Background(), session.Config{URL: proxy.URL()}, nil)
	if !errors.Is(err, session.ErrUnavailable) {
		t.Errorf("Open = %v, want ErrUnavailable", err)
	}
	if err != nil && !strings.Contains(err.Error(), proxy.Addr()) {
		t.Errorf("error %q does not say which server failed", err)
	}
}

func TestClientConfiguration(t *testing.T) {
	tests := []struct {
		name  string
		cfg   session.Config
		check func(t *testing.T, c redis.UniversalClient)
	}{
		{
			name: "a redis URL gives a plain client on that address and database",
			cfg:  session.Config{URL: "redis://user:secret@redis.example:6380/2"},
			check: func(t *testing.T, c redis.UniversalClient) {
				o := c.(*redis.Client).Options()
				if o.Addr != "redis.example:6380" || o.DB != 2 || o.Username != "user" || o.Password != "secret" || o.TLSConfig != nil {
					t.Errorf("options: addr %s db %d user %q tls %v", o.Addr, o.DB, o.Username, o.TLSConfig)
				}
			},
		},
		{
			name: "a rediss URL turns TLS on with the host as server name",
			cfg:  session.Config{URL: "rediss://redis.example:6380"},
			check: func(t *testing.T, c redis.UniversalClient) {
				o := c.(*redis.Client).Options()
				if o.TLSConfig == nil || o.TLSConfig.ServerName != "redis.example" {
					t.Errorf("TLS config %+v, want one for redis.example", o.TLSConfig)
				}
			},
		},
		{
			name: "addresses with a master name give a Sentinel failover client",
			cfg:  session.Config{Addrs: []string{"s1:26379", "s2:26379"}, MasterName: "mymaster"},
			check: func(t *testing.T, c redis.UniversalClient) {
				cl, ok := c.(*redis.Client)
				if !ok || cl.Options().Addr != "FailoverClient" {
					t.Errorf("client %T, want a failover *redis.Client", c)
				}
			},
		},
		{
			name: "several addresses without a master name give a Cluster client",
			cfg:  session.Config{Addrs: []string{"n1:7000", "n2:7000", "n3:7000"}},
			check: func(t *testing.T, c redis.UniversalClient) {
				cl, ok := c.(*redis.ClusterClient)
				if !ok {
					t.Fatalf("client %T, want *redis.ClusterClient", c)
				}
				if got := cl.Options().Addrs; len(got) != 3 {
					t.Errorf("cluster addrs %v", got)
				}
			},
		},
		{
			name: "addresses take the credentials and TLS from the URL",
			cfg:  session.Config{URL: "rediss://:pw@ignored:1", Addrs: []string{"n1:7000", "n2:7000"}},
			check: func(t *testing.T, c redis.UniversalClient) {
				o := c.(*redis.ClusterClient).Options()
				if o.Password != "pw" || o.TLSConfig == nil || o.Addrs[0] != "n1:7000" {
					t.Errorf("cluster options: password %q tls %v addrs %v", o.Password, o.TLSConfig != nil, o.Addrs)
				}
			},
		},
		{
			name: "every call is bounded by the timeout with at most one retry",
			cfg:  session.Config{URL: "redis://localhost:6379", Timeout: 1500 * time.Millisecond},
			check: func(t *testing.T, c redis.UniversalClient) {
				o := c.(*redis.Client).Options()
				if o.DialTimeout != 1500*time.Millisecond || o.ReadTimeout != 1500*time.Millisecond ||
					o.WriteTimeout != 1500*time.Millisecond || !o.ContextTimeoutEnabled || o.MaxRetries != 1 {
					t.Errorf("dial %v read %v write %v ctx %v retries %d", o.DialTimeout, o.ReadTimeout, o.WriteTimeout, o.ContextTimeoutEnabled, o.MaxRetries)
				}
			},
		},
		{
			name: "connection buffers are a few KiB, not go-redis's 32 and 128 KiB",
			cfg:  session.Config{URL: "redis://localhost:6379"},
			check: func(t *testing.T, c redis.UniversalClient) {
				o := c.(*redis.Client).Options()
				for _, n := range []int{o.ReadBufferSize, o.WriteBufferSize, o.PipelineReadBufferSize, o.PipelineWriteBufferSize} {
					if n <= 0 || n > 8<<10 {
						t.Errorf("buffers: read %d write %d pipeline read %d write %d, want each in (0, 8 KiB]", o.ReadBufferSize, o.WriteBufferSize, o.PipelineReadBufferSize, o.PipelineWriteBufferSize)
						break
					}
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			if cfg.Timeout == 0 {
				cfg.Timeout = session.DefaultTimeout
			}
			c, err := session.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			tt.check(t, c)
		})
	}
}

func TestBadConfigurationIsRefusedWithAClearError(t *testing.T) {
	tests := []struct {
		name     string
		cfg      session.Config
		say      string
		mustHide string
	}{
		{"an http URL", session.Config{URL: "http://localhost:6379"}, "Redis URL is not valid", ""},
		{"a URL with a bad port does not echo its password", session.Config{URL: "redis://u:hunter2@localhost:port/0"}, "Redis URL is not valid", "hunter2"},
		{"a bad database number", session.Config{URL: "redis://localhost:6379/x"}, "Redis URL is not valid", ""},
		{"an address without a port", session.Config{Addrs: []string{"n1", "n2"}}, "not host:port", ""},
		{"a master name without addresses", session.Config{MasterName: "m"}, "Sentinel", ""},
		{"a prefix with a hash tag", session.Config{Prefix: "a{b}"}, "prefix", ""},
		{"a negative TTL", session.Config{TTL: -time.Second}, "TTL", ""},
		{"a negative timeout", session.Config{Timeout: -time.Second}, "timeout", ""},
		{"a claim TTL under 10 minutes", session.Config{ClaimTTL: 5 * time.Minute}, "claim TTL", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			s, err := session.Open(context.Background(), tt.cfg, nil)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), tt.say) {
				t.Errorf("error %q does not mention %q", err, tt.say)
			}
			if tt.mustHide != "" && strings.Contains(err.Error(), tt.mustHide) {
				t.Errorf("error %q leaks %q", err, tt.mustHide)
			}
		})
	}
}

func TestAServerThatNeverAnswersIsUnavailableAfterTheTimeout(t *testing.T) {
	// A listener that accepts connections and never replies: a hung Redis.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})

	done := make(chan error, 1)
	go func() {
		_, err := session.Open(context.Background(), session.Config{URL: "redis://" + ln.Addr().String(), Timeout: 200 * time.Millisecond}, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, session.ErrUnavailable) {
			t.Errorf("Open = %v, want ErrUnavailable", err)
		}
	case <-time.After(5 * time.Second): // a guard, not a timing assertion
		t.Fatal("Open against a hung server did not return within 5 s")
	}
}
