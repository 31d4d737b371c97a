package loadtest_test

import (
	"bufio"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

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
	wantCmds := int64(0)
	for _, s := range steps {
		for _, w := range s.writes {
			if _, err := c.Write([]byte(w)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(5 * time.Millisecond) // separate reads at the proxy
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

func itoa(n int) string { return strconv.Itoa(n) }
