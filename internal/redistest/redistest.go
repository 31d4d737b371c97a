// Package redistest gives tests a real Redis: REDIS_URL if set, else
// 127.0.0.1:6379. Under CI=true a Redis that does not answer fails the test
// with a message saying how to start one; elsewhere the test falls back to an
// in-process miniredis and says so in its log, never skipping silently.
//
// Tests share one Redis, so each takes its own key prefix (Prefix), and a test
// that needs an outage cuts a Proxy in front of Redis instead of stopping the
// server under everyone else. Tests talk to Redis with go-redis (Client,
// NewClient), the client the bot itself uses.
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// URL returns a redis:// URL of a Redis that answers PING.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("REDIS_URL")
	if u == "" {
		u = "redis://127.0.0.1:6379/0"
	}
	err := ping(u)
	if err == nil {
		return u
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("redistest: no Redis answers at %s (%v); CI needs a real one: "+
			"start it with 'redis-server --daemonize yes --port 6379' (or 'apt-get install redis-server'), or set REDIS_URL", hostPort(u), err)
	}
	m := miniredis.RunT(t)
	t.Logf("redistest: no Redis at %s (%v); falling back to in-process miniredis at %s", hostPort(u), err, m.Addr())
	return "redis://" + m.Addr() + "/0"
}

// Addr returns the host:port of URL(t).
func Addr(t testing.TB) string {
	t.Helper()
	return hostPort(URL(t))
}

// Client returns a go-redis client on URL(t), closed when the test ends. It
// tries each command once and gives up on a dial after a second, so a test
// that cuts Redis sees the failure at once.
func Client(t testing.TB) *redis.Client {
	t.Helper()
	rdb, err := NewClient(URL(t))
	if err != nil {
		t.Fatalf("redistest: %v", err)
	}
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// NewClient returns a go-redis client on the redis:// or rediss:// URL u
// that fails fast: one dial attempt of at most a second, no retries.
func NewClient(u string) (*redis.Client, error) {
	opt, err := redis.ParseURL(u)
	if err != nil {
		return nil, fmt.Errorf("parse Redis URL: %w", err)
	}
	opt.DialTimeout = time.Second
	opt.DialerRetries = 1
	opt.MaxRetries = -1
	opt.PoolSize = 2
	return redis.NewClient(opt), nil
}

// Prefix returns a key prefix unique to this test run. When the test ends,
// every key under the prefix is deleted from the Redis that URL(t) names, so
// runs leave nothing behind in the shared server.
func Prefix(t testing.TB) string {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	p := "rolecall-test-" + hex.EncodeToString(b[:])
	u := os.Getenv("REDIS_URL")
	if u == "" {
		u = "redis://127.0.0.1:6379/0"
	}
	t.Cleanup(func() {
		if err := deletePrefix(u, p); err != nil && !isDialError(err) {
			t.Logf("redistest: cleaning up keys %s:*: %v", p, err)
		}
	})
	return p
}

// deletePrefix deletes every key under prefix+":" from the Redis at URL u.
func deletePrefix(u, prefix string) error {
	rdb, err := NewClient(u)
	if err != nil {
		return err
	}
	defer rdb.Close()
	if err := accepts(rdb.Options()); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	it := rdb.Scan(ctx, 0, prefix+":*", 1000).Iterator()
	var keys []string
	for it.Next(ctx) {
		keys = append(keys, it.Val())
		if len(keys) == 1000 {
			if err := rdb.Del(ctx, keys...).Err(); err != nil {
				return err
			}
			keys = keys[:0]
		}
	}
	if err := it.Err(); err != nil {
		return err
	}
	if len(keys) > 0 {
		return rdb.Del(ctx, keys...).Err()
	}
	return nil
}

func hostPort(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return "127.0.0.1:6379"
	}
	return p.Host
}

// ping reports whether the Redis at URL u answers PING within a second or so.
func ping(u string) error {
	rdb, err := NewClient(u)
	if err != nil {
		return err
	}
	defer rdb.Close()
	if err := accepts(rdb.Options()); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return rdb.Ping(ctx).Err()
}

// accepts reports whether anything accepts a connection at opt's address.
// Asked first, it keeps a missing Redis (the miniredis fallback) from
// having go-redis log a failed dial on stderr for every test.
func accepts(opt *redis.Options) error {
	c, err := net.DialTimeout(opt.Network, opt.Addr, time.Second)
	if err != nil {
		return err
	}
	return c.Close()
}

// isDialError reports a Redis that is not there: nothing to clean up.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// Proxy is a TCP proxy in front of a Redis that a test can cut and restore,
// to simulate an outage without stopping the shared server. It copies bytes
// both ways and never reads them.
type Proxy struct {
	t      testing.TB
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]struct{}
}

// NewProxy starts a proxy to target on a loopback port; it stops with the test.
func NewProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	p := &Proxy{t: t, target: target, conns: map[net.Conn]struct{}{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("redistest: proxy listen: %v", err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.Stop)
	return p
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.addr }

// URL is a redis:// URL through the proxy.
func (p *Proxy) URL() string { return "redis://" + p.addr + "/0" }

// Stop closes the listener and every connection: Redis "goes away".
func (p *Proxy) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]struct{}{}
}

// Start listens again on the same address: Redis "comes back".
func (p *Proxy) Start() {
	p.t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatalf("redistest: proxy relisten on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

func (p *Proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *Proxy) pipe(c net.Conn) {
	up, err := net.DialTimeout("tcp", p.target, time.Second)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.ln == nil {
		p.mu.Unlock()
		c.Close()
		up.Close()
		return
	}
	p.conns[c], p.conns[up] = struct{}{}, struct{}{}
	p.mu.Unlock()
	done := make(chan struct{}, 2)
	cp := func(dst, src net.Conn) { _, _ = io.Copy(dst, src); done <- struct{}{} }
	go cp(up, c)
	go cp(c, up)
	<-done
	c.Close()
	up.Close()
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, up)
	p.mu.Unlock()
}
