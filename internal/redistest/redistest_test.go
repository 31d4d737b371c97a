package redistest_test

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/resp"
)

func pingVia(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 500*time.Millisecond)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(500 * time.Millisecond))
	if _, err := io.WriteString(c, "PING\r\n"); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+PONG") {
		return io.ErrUnexpectedEOF
	}
	return nil
}

func TestProxyCutsAndRestoresRedis(t *testing.T) {
	p := redistest.NewProxy(t, redistest.Addr(t))
	if err := pingVia(p.Addr()); err != nil {
		t.Fatalf("ping through a running proxy: %v", err)
	}
	p.Stop()
	if err := pingVia(p.Addr()); err == nil {
		t.Fatal("ping through a stopped proxy succeeded; want an error")
	}
	p.Start()
	if err := pingVia(p.Addr()); err != nil {
		t.Fatalf("ping after restart: %v", err)
	}
}

func TestPrefixesAreUnique(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		p := redistest.Prefix(t)
		if seen[p] {
			t.Fatalf("prefix %q repeated", p)
		}
		seen[p] = true
	}
}

func TestPrefixKeysAreDeletedWhenTheTestEnds(t *testing.T) {
	addr := redistest.Addr(t)
	var prefix string
	t.Run("a test that writes keys", func(t *testing.T) {
		prefix = redistest.Prefix(t)
		for _, k := range []string{"a", "b:c", "d"} {
			if got := do(t, addr, "SET", prefix+":"+k, "1"); got != "OK" {
				t.Fatalf("SET = %v", got)
			}
		}
	})
	if got := do(t, addr, "EXISTS", prefix+":a", prefix+":b:c", prefix+":d"); got != int64(0) {
		t.Errorf("keys left after the subtest ended: EXISTS = %v, want 0", got)
	}
}

// do sends one command over a fresh connection and returns the reply.
func do(t *testing.T, addr string, args ...string) any {
	t.Helper()
	v, err := resp.Do(addr, 2*time.Second, args...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
