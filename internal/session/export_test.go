package session

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Test hooks: the raw client (to read TTLs and raw values), the key scheme,
// the client constructor, and the token-taking primitive behind Claim.

func (s *Store) Raw() redis.UniversalClient { return s.rdb }

func (s *Store) AssessKey(k Key) string {
	key, err := s.assessKey("test", k)
	if err != nil {
		panic(err)
	}
	return key
}

func (s *Store) TeamKey(team, kind string, parts ...string) string {
	return s.teamKey(team, kind, parts...)
}

func (s *Store) Take(ctx context.Context, key, token string, ttl time.Duration) (bool, error) {
	return s.take(ctx, "take", key, token, ttl)
}

var NewClient = newClient

// UpdateRetried runs one Update's script twice, as a go-redis retry after a
// lost reply would, and returns both results.
func (s *Store) UpdateRetried(ctx context.Context, a *Assessment) (first, second error) {
	next := *a
	next.Revision = a.Revision + 1
	w, err := s.prepare("update", &next, strconv.FormatInt(a.Revision, 10))
	if err != nil {
		return err, err
	}
	return w.run(ctx, s), w.run(ctx, s)
}
