package loadtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"time"
)

// Redis is a private redis-server started for one run: nobody else's
// commands disturb its INFO commandstats or its CPU.
type Redis struct {
	cmd  *exec.Cmd
	addr string
	dir  string
	done chan struct{}
}

// StartRedis starts redis-server from PATH on a free loopback port, without
// persistence, and waits until it answers.
func StartRedis(ctx context.Context) (*Redis, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, errors.New("loadtest: -private-redis needs redis-server on PATH (apt-get install redis-server)")
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	_, port, _ := cutLast(addr, ":")
	dir, err := os.MkdirTemp("", "rolecall-redis-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", port, "--save", "", "--appendonly", "no",
		"--dir", dir, "--logfile", "", "--loglevel", "warning")
	tail := &tailBuffer{max: 16 << 10}
	cmd.Stdout, cmd.Stderr = tail, tail
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("loadtest: start redis-server: %w", err)
	}
	r := &Redis{cmd: cmd, addr: addr, dir: dir, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(r.done) }()
	for range 250 {
		if r.answers(ctx) {
			return r, nil
		}
		select {
		case <-r.done:
			os.RemoveAll(dir)
			return nil, fmt.Errorf("loadtest: redis-server exited:\n%s", tail.String())
		case <-ctx.Done():
			r.Stop()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	r.Stop()
	return nil, fmt.Errorf("loadtest: redis-server did not answer on %s within 5s", addr)
}

// answers reports whether the server answers PING. It waits for the port to
// accept a connection first, so go-redis does not log a failed dial for
// every poll while the server starts.
func (r *Redis) answers(ctx context.Context) bool {
	c, err := net.DialTimeout("tcp", r.addr, 100*time.Millisecond)
	if err != nil {
		return false
	}
	c.Close()
	rdb, err := NewRedisClient(r.URL())
	if err != nil {
		return false
	}
	defer rdb.Close()
	pctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return rdb.Ping(pctx).Err() == nil
}

// URL is the server's redis:// URL.
func (r *Redis) URL() string { return "redis://" + r.addr + "/0" }

// CPUSeconds is the CPU time the server used so far.
func (r *Redis) CPUSeconds() float64 { return procCPU(r.cmd.Process.Pid) }

// Stop terminates the server and removes its directory.
func (r *Redis) Stop() {
	_ = r.cmd.Process.Kill()
	<-r.done
	os.RemoveAll(r.dir)
}

func cutLast(s, sep string) (string, string, bool) {
	for i := len(s) - len(sep); i >= 0; i-- {
		if s[i:i+len(sep)] == sep {
			return s[:i], s[i+len(sep):], true
		}
	}
	return s, "", false
}
