package redistest_test

import (
	"context"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/redistest"
)

// pingVia pings the Redis at URL u on a fresh client, so no pooled
// connection or remembered dial error carries over between calls.
func pingVia(t *testing.T, u string) error {
	t.Helper()
	rdb, err := redistest.NewClient(u)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return rdb.Ping(ctx).Err()
}

func TestProxyCutsAndRestoresRedis(t *testing.T) {
	p := redistest.NewProxy(t, redistest.Addr(t))
	if err := pingVia(t, p.URL()); err != nil {
		t.Fatalf("ping through a running proxy: %v", err)
	}
	p.Stop()
	if err := pingVia(t, p.URL()); err == nil {
		t.Fatal("ping through a stopped proxy succeeded; want an error")
	}
	p.Start()
	if err := pingVia(t, p.URL()); err != nil {
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
	rdb := redistest.Client(t)
	ctx := context.Background()
	var prefix string
	t.Run("a test that writes keys", func(t *testing.T) {
		prefix = redistest.Prefix(t)
		for _, k := range []string{"a", "b:c", "d"} {
			if err := rdb.Set(ctx, prefix+":"+k, "1", time.Minute).Err(); err != nil {
				t.Fatal(err)
			}
		}
	})
	n, err := rdb.Exists(ctx, prefix+":a", prefix+":b:c", prefix+":d").Result()
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("keys left after the subtest ended: EXISTS = %d, want 0", n)
	}
}
