package loadtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// CountingProxy is a TCP proxy in front of Redis that counts the commands
// its clients send, by parsing the RESP request stream: each top-level array
// (or inline command) is one command, so a pipeline of three counts three
// and one EVALSHA counts one. It never looks at replies.
//
// This is the one place in the harness that parses RESP itself, and only
// because it inspects traffic on the wire between the bots and Redis: it
// reads the headers of the requests it forwards (respCounter) and never
// sends a command of its own. Everything that talks to Redis, here and in
// the tests, uses go-redis.
type CountingProxy struct {
	target string
	ln     net.Listener
	n      atomic.Int64
	trips  atomic.Int64
	bytes  atomic.Int64
	wg     sync.WaitGroup

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
}

// NewCountingProxy listens on a loopback port and forwards to target
// (host:port).
func NewCountingProxy(target string) (*CountingProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("loadtest: redis proxy: %w", err)
	}
	p := &CountingProxy{target: target, ln: ln, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's host:port.
func (p *CountingProxy) Addr() string { return p.ln.Addr().String() }

// Commands is the number of commands forwarded so far.
func (p *CountingProxy) Commands() int64 { return p.n.Load() }

// RoundTrips approximates the request round trips so far: reads from a
// client that carried at least one new command. go-redis writes a command,
// a pipeline or a MULTI/EXEC block in one write and waits for the answer, so
// on loopback one read is one round trip.
func (p *CountingProxy) RoundTrips() int64 { return p.trips.Load() }

// Received is the number of request bytes read from clients and counted
// so far.
func (p *CountingProxy) Received() int64 { return p.bytes.Load() }

// Close stops the proxy and closes every connection.
func (p *CountingProxy) Close() error {
	p.mu.Lock()
	p.closed = true
	err := p.ln.Close()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	return err
}

func (p *CountingProxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go p.pipe(c)
	}
}

func (p *CountingProxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	for _, c := range cs {
		p.conns[c] = struct{}{}
	}
	return true
}

func (p *CountingProxy) pipe(c net.Conn) {
	defer p.wg.Done()
	up, err := net.DialTimeout("tcp", p.target, 2*time.Second)
	if err != nil {
		c.Close()
		return
	}
	if !p.track(c, up) {
		c.Close()
		up.Close()
		return
	}
	if tc, ok := up.(*net.TCPConn); ok {
		_ = tc.SetNoDelay(true)
	}
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(c, up)
		c.Close()
		close(done)
	}()
	rc := respCounter{n: &p.n}
	buf := make([]byte, 32<<10)
	for {
		k, err := c.Read(buf)
		if k > 0 {
			before := rc.seen
			rc.feed(buf[:k])
			if rc.seen != before {
				p.trips.Add(1)
			}
			p.bytes.Add(int64(k))
			if _, werr := up.Write(buf[:k]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	up.Close()
	<-done
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, up)
	p.mu.Unlock()
}

// respCounter counts commands in a RESP request stream fed in pieces.
type respCounter struct {
	n     *atomic.Int64
	seen  int64  // commands counted by this counter
	line  []byte // a header line split across reads
	skip  int    // bytes of bulk data (and its CRLF) still to skip
	bulks int    // bulk strings still expected in the current array
}

func (rc *respCounter) feed(p []byte) {
	for len(p) > 0 {
		if rc.skip > 0 {
			k := min(rc.skip, len(p))
			rc.skip -= k
			p = p[k:]
			continue
		}
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			rc.line = append(rc.line, p...)
			return
		}
		line := p[:i+1]
		if len(rc.line) > 0 {
			rc.line = append(rc.line, line...)
			line = rc.line
		}
		rc.header(bytes.TrimRight(line, "\r\n"))
		rc.line = rc.line[:0]
		p = p[i+1:]
	}
}

func (rc *respCounter) header(l []byte) {
	if rc.bulks > 0 {
		rc.bulks--
		if len(l) > 1 && l[0] == '$' {
			if n, err := strconv.Atoi(string(l[1:])); err == nil && n >= 0 {
				rc.skip = n + 2
			}
		}
		return
	}
	if len(l) > 1 && l[0] == '*' {
		if n, err := strconv.Atoi(string(l[1:])); err == nil && n > 0 {
			rc.n.Add(1)
			rc.seen++
			rc.bulks = n
		}
		return
	}
	if len(bytes.TrimSpace(l)) > 0 {
		rc.n.Add(1) // an inline command
		rc.seen++
	}
}

// RedisHostPort returns the host:port of a redis:// URL.
func RedisHostPort(u string) (string, error) {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || (p.Scheme != "redis" && p.Scheme != "rediss") {
		return "", fmt.Errorf("loadtest: %q is not a redis:// URL", u)
	}
	if p.Scheme == "rediss" {
		return "", errors.New("loadtest: the counting proxy cannot read TLS (rediss://); use -redis-count info or off")
	}
	host := p.Host
	if p.Port() == "" {
		host += ":6379"
	}
	return host, nil
}

// WithHost returns the redis:// URL u pointed at host:port instead, keeping
// its database, user and password.
func WithHost(u, hostport string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "redis://" + hostport + "/0"
	}
	p.Host = hostport
	return p.String()
}

// NewRedisClient returns a go-redis client on the redis:// or rediss:// URL
// u for the harness's own reads: INFO readings and deleting a run's keys. It
// keeps a single connection open for its whole life, so the connection's
// handshake (HELLO and the like) happens once, before the first reading, and
// two INFO readings differ by the work in between plus the first INFO.
func NewRedisClient(u string) (*redis.Client, error) {
	opt, err := redis.ParseURL(u)
	if err != nil {
		return nil, fmt.Errorf("loadtest: Redis URL: %w", err)
	}
	opt.PoolSize = 1
	opt.ConnMaxIdleTime = -1
	opt.DisableIdentity = true
	return redis.NewClient(opt), nil
}

// RedisCommandsProcessed reads total_commands_processed from INFO stats
// through rdb. Redis counts the commands Lua scripts run inside too (a claim
// is EVALSHA and SET: two), so this is higher than what clients send; the
// CountingProxy counts that. An INFO is counted from the next reading on, so
// callers taking a difference of two readings subtract one.
func RedisCommandsProcessed(ctx context.Context, rdb *redis.Client) (int64, error) {
	body, err := rdb.Info(ctx, "stats").Result()
	if err != nil {
		return 0, fmt.Errorf("loadtest: INFO stats: %w", err)
	}
	for _, line := range strings.Split(body, "\n") {
		if n, ok := strings.CutPrefix(strings.TrimSpace(line), "total_commands_processed:"); ok {
			return strconv.ParseInt(n, 10, 64)
		}
	}
	return 0, errors.New("loadtest: INFO stats has no total_commands_processed")
}

// DeletePrefix deletes every key of rdb's Redis that starts with prefix+":"
// (SCAN and DEL), so a run leaves nothing behind in a shared Redis, and
// returns how many keys it deleted. It refuses an empty prefix or one with
// glob characters, so it cannot wipe a database.
func DeletePrefix(ctx context.Context, rdb *redis.Client, prefix string) (int, error) {
	if prefix == "" || strings.ContainsAny(prefix, "*?[]\\") {
		return 0, fmt.Errorf("loadtest: refusing to delete keys by prefix %q", prefix)
	}
	deleted := 0
	del := func(keys []string) error {
		n, err := rdb.Del(ctx, keys...).Result()
		deleted += int(n)
		return err
	}
	keys := make([]string, 0, 1000)
	it := rdb.Scan(ctx, 0, prefix+":*", 1000).Iterator()
	for it.Next(ctx) {
		if keys = append(keys, it.Val()); len(keys) == cap(keys) {
			if err := del(keys); err != nil {
				return deleted, fmt.Errorf("loadtest: delete keys %s:*: %w", prefix, err)
			}
			keys = keys[:0]
		}
	}
	if err := it.Err(); err != nil {
		return deleted, fmt.Errorf("loadtest: scan keys %s:*: %w", prefix, err)
	}
	if len(keys) > 0 {
		if err := del(keys); err != nil {
			return deleted, fmt.Errorf("loadtest: delete keys %s:*: %w", prefix, err)
		}
	}
	return deleted, nil
}
