package loadtest

import (
	"bytes"
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

	"github.com/rolecall/rolecall/internal/resp"
)

// CountingProxy is a TCP proxy in front of Redis that counts the commands
// its clients send, by parsing the RESP request stream: each top-level array
// (or inline command) is one command, so a pipeline of three counts three
// and one EVALSHA counts one. It never looks at replies.
type CountingProxy struct {
	target string
	ln     net.Listener
	n      atomic.Int64
	trips  atomic.Int64
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

// RedisCommandsProcessed reads total_commands_processed from INFO stats of
// the Redis at addr (raw RESP over TCP: only internal/session may use a
// Redis client library). Redis counts the commands Lua scripts run inside
// too (a claim is EVALSHA and SET: two), so this is higher than what clients
// send; the CountingProxy counts that. The INFO call counts itself; callers
// taking a difference of two readings subtract one.
func RedisCommandsProcessed(addr string) (int64, error) {
	v, err := resp.Do(addr, 3*time.Second, "INFO", "stats")
	if err != nil {
		return 0, err
	}
	body, _ := v.(string)
	for _, line := range strings.Split(body, "\n") {
		if n, ok := strings.CutPrefix(strings.TrimSpace(line), "total_commands_processed:"); ok {
			return strconv.ParseInt(n, 10, 64)
		}
	}
	return 0, fmt.Errorf("loadtest: INFO stats of %s has no total_commands_processed", addr)
}

// DeletePrefix deletes every key of the Redis at addr that starts with
// prefix+":", so a run leaves nothing behind in a shared Redis. It returns
// how many keys it deleted.
func DeletePrefix(addr, prefix string) (int, error) {
	return resp.DeletePrefix(addr, prefix)
}
