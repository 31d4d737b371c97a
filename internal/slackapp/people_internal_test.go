package slackapp

import (
	"context"
	"errors"
	"testing"
	"time"
)

// countingPeople answers from fixed data and counts the calls.
type countingPeople struct {
	users   map[string]Person
	members map[string][]string
	calls   int
	err     error
}

func (p *countingPeople) User(ctx context.Context, team, id string) (Person, error) {
	p.calls++
	return p.users[id], p.err
}

func (p *countingPeople) Groups(ctx context.Context, team string) ([]Group, error) {
	p.calls++
	return []Group{{ID: "S0LIVE"}, {ID: "S0OLD", Deleted: true}}, p.err
}

func (p *countingPeople) Members(ctx context.Context, team, group string) ([]string, error) {
	p.calls++
	return p.members[group], p.err
}

func TestThePeopleCacheKeepsAnswersForItsTTL(t *testing.T) {
	src := &countingPeople{users: map[string]Person{"U1": {ID: "U1", Admin: true}}, members: map[string][]string{"S0LIVE": {"U2"}}}
	c := newPeopleCache(src)
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	ctx := context.Background()

	for range 3 {
		if p, err := c.user(ctx, "T1", "U1"); err != nil || !p.Admin {
			t.Fatalf("user = %+v, %v", p, err)
		}
		if in, err := c.inGroup(ctx, "T1", "S0LIVE", "U2"); err != nil || !in {
			t.Fatalf("inGroup = %v, %v", in, err)
		}
		if g, err := c.group(ctx, "T1", "S0OLD"); err != nil || !g.Deleted {
			t.Fatalf("group = %+v, %v", g, err)
		}
	}
	if src.calls != 3 {
		t.Errorf("%d calls for three lookups made three times, want 3", src.calls)
	}
	if g, _ := c.group(ctx, "T1", "S0NEVER"); !g.Deleted {
		t.Errorf("a group Slack does not list = %+v, want deleted", g)
	}
	if _, err := c.user(ctx, "T2", "U1"); err != nil || src.calls != 4 {
		t.Errorf("another team's user came from the cache (calls %d, err %v)", src.calls, err)
	}

	now = now.Add(PeopleTTL + time.Second)
	_, _ = c.user(ctx, "T1", "U1")
	if src.calls != 5 {
		t.Errorf("after the TTL the user was not asked again (calls %d)", src.calls)
	}

	t.Run("a cache-only context never calls Slack and says it missed", func(t *testing.T) {
		before := src.calls
		cctx, missed := cacheOnly(ctx)
		if _, err := c.user(cctx, "T1", "U1"); err != nil || missed.Load() {
			t.Errorf("a cached user: err %v, missed %v", err, missed.Load())
		}
		if _, err := c.user(cctx, "T1", "U9"); !errors.Is(err, errNotCached) || !missed.Load() {
			t.Errorf("an uncached user: err %v, missed %v", err, missed.Load())
		}
		if src.calls != before {
			t.Errorf("%d calls in a cache-only context", src.calls-before)
		}
	})
	t.Run("failures are not cached", func(t *testing.T) {
		src.err = errors.New("slack down")
		if _, err := c.user(ctx, "T1", "U7"); err == nil {
			t.Fatal("no error")
		}
		src.err = nil
		if _, err := c.user(ctx, "T1", "U7"); err != nil {
			t.Errorf("after Slack came back: %v", err)
		}
	})
}

func TestTheCacheStaysBounded(t *testing.T) {
	var c ttlCache[int]
	now := time.Now()
	for i := range maxCached + 10 {
		c.put(string(rune(i))+"k", i, now.Add(time.Minute), now)
	}
	if n := len(c.m); n > maxCached {
		t.Errorf("%d entries, want at most %d", n, maxCached)
	}
}
