package loadtest_test

import (
	"bufio"
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rolecall/rolecall/internal/loadtest"
	"github.com/rolecall/rolecall/internal/redistest"
)

func TestCountingProxyCountsCommandsAndRoundTrips(t *testing.T) {
	p, err := loadtest.NewCountingProxy(redistest.Addr(t))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	key := redistest.Prefix(t) + ":k"
	// A value holding what looks like RESP headers must not be counted.
	val := "*3\r\n$3\r\nSET\r\n"
	steps := []struct {
		name    string
		writes  []string
		replies int
	}{
		{"one command", []string{"*1\r\n$4\r\nPING\r\n"}, 1},
		{"a pipeline of three in one write", []string{"*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n"}, 3},
		{"a command split over writes, with CRLF in its data", []string{
			"*3\r\n$3\r\nSET\r\n$" + itoa(len(key)) + "\r\n" + key + "\r\n$" + itoa(len(val)) + "\r\n" + val[:5],
			val[5:] + "\r\n",
		}, 1},
		{"an inline command", []string{"PING\r\n"}, 1},
		{"a delete", []string{"*2\r\n$3\r\nDEL\r\n$" + itoa(len(key)) + "\r\n" + key + "\r\n"}, 1},
	}
	wantCmds, written := int64(0), int64(0)
	for _, s := range steps {
		for _, w := range s.writes {
			if _, err := c.Write([]byte(w)); err != nil {
				t.Fatal(err)
			}
			// Separate reads at the proxy: the next write goes once this
			// one has been read.
			written += int64(len(w))
			deadline := time.Now().Add(5 * time.Second)
			for p.Received() < written {
				if time.Now().After(deadline) {
					t.Fatalf("%s: the proxy read %d of %d bytes", s.name, p.Received(), written)
				}
				time.Sleep(100 * time.Microsecond)
			}
		}
		for range s.replies {
			if line, err := br.ReadString('\n'); err != nil || strings.HasPrefix(line, "-") {
				t.Fatalf("%s: reply %q, %v", s.name, line, err)
			}
		}
		wantCmds += int64(s.replies)
		if got := p.Commands(); got != wantCmds {
			t.Errorf("after %s: %d commands counted, want %d", s.name, got, wantCmds)
		}
	}
	// Round trips: one per write that started a command (the split SET's
	// second write starts none).
	if got := p.RoundTrips(); got != 5 {
		t.Errorf("%d round trips counted, want 5", got)
	}
}

func TestCountingProxyCountsWhatGoRedisSends(t *testing.T) {
	p, err := loadtest.NewCountingProxy(redistest.Addr(t))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	rdb, err := loadtest.NewRedisClient("redis://" + p.Addr() + "/0")
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	ctx := context.Background()
	key := redistest.Prefix(t) + ":k"
	// go-redis keeps a separate pool for pipelines: open a connection in each
	// first, so their handshakes (HELLO) are not in the counts below.
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := rdb.Pipelined(ctx, func(pl redis.Pipeliner) error { return pl.Ping(ctx).Err() }); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name              string
		run               func() error
		commands, roundTr int64
	}{
		{"one command is one command and one round trip", func() error {
			return rdb.Set(ctx, key, "1", time.Minute).Err()
		}, 1, 1},
		{"a pipeline of three is three commands in one round trip", func() error {
			_, err := rdb.Pipelined(ctx, func(pl redis.Pipeliner) error {
				pl.Incr(ctx, key)
				pl.Incr(ctx, key)
				pl.Get(ctx, key)
				return nil
			})
			return err
		}, 3, 1},
		{"a transaction of two is MULTI, two commands and EXEC in one round trip", func() error {
			_, err := rdb.TxPipelined(ctx, func(pl redis.Pipeliner) error {
				pl.Incr(ctx, key)
				pl.Del(ctx, key)
				return nil
			})
			return err
		}, 4, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c0, r0 := p.Commands(), p.RoundTrips()
			if err := tt.run(); err != nil {
				t.Fatal(err)
			}
			if got := p.Commands() - c0; got != tt.commands {
				t.Errorf("%d commands counted, want %d", got, tt.commands)
			}
			if got := p.RoundTrips() - r0; got != tt.roundTr {
				t.Errorf("%d round trips counted, want %d", got, tt.roundTr)
			}
		})
	}
}

func TestRedisCommandsProcessedCountsCommandsInBetween(t *testing.T) {
	rdb, err := loadtest.NewRedisClient(redistest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	ctx := context.Background()
	n0, err := loadtest.RedisCommandsProcessed(ctx, rdb)
	if err != nil {
		t.Fatal(err)
	}
	key := redistest.Prefix(t) + ":k"
	for range 3 {
		if err := rdb.Incr(ctx, key).Err(); err != nil {
			t.Fatal(err)
		}
	}
	n1, err := loadtest.RedisCommandsProcessed(ctx, rdb)
	if err != nil {
		t.Fatal(err)
	}
	// The shared Redis serves other tests too: at least our three INCRs and
	// the first INFO.
	if n1-n0 < 4 {
		t.Errorf("total_commands_processed went from %d to %d; want at least 4 more", n0, n1)
	}
}

func TestDeletePrefixDeletesOnlyThatPrefix(t *testing.T) {
	rdb, err := loadtest.NewRedisClient(redistest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	ctx := context.Background()
	p, other := redistest.Prefix(t), redistest.Prefix(t)
	_, err = rdb.Pipelined(ctx, func(pl redis.Pipeliner) error {
		for i := range 2500 { // more than one SCAN page and one DEL batch
			pl.Set(ctx, p+":k"+itoa(i), "1", time.Minute)
		}
		pl.Set(ctx, other+":keep", "1", time.Minute)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n, err := loadtest.DeletePrefix(ctx, rdb, p)
	if err != nil || n != 2500 {
		t.Fatalf("DeletePrefix = %d, %v; want 2500, nil", n, err)
	}
	if got, err := rdb.Exists(ctx, other+":keep").Result(); err != nil || got != 1 {
		t.Errorf("a key under another prefix was deleted (EXISTS = %d, %v)", got, err)
	}
}

func TestDeletePrefixRefusesPatterns(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	for _, p := range []string{"", "*", "rolecall*", "a?b", "a[b]", `a\b`} {
		if _, err := loadtest.DeletePrefix(context.Background(), rdb, p); err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("DeletePrefix(%q) = %v; want a refusal", p, err)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
