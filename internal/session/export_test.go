package session

import (
	"context"
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
