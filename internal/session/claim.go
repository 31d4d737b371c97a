package session

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"
)

// acquireScript is SET NX PX that also succeeds when the key already holds
// the caller's own token, so go-redis's retry of an applied SET after a
// broken connection is not mistaken for someone else's claim.
// KEYS: 1 the key. ARGV: 1 token, 2 TTL in ms. Returns 1 taken, 0 held.
const acquireScript = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
return 0
`

// unlockScript deletes the key only if it still holds the caller's token:
// a lock that expired and was taken by someone else stays theirs.
const unlockScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`

func token() string {
	return strconv.FormatUint(rand.Uint64(), 36) + strconv.FormatUint(rand.Uint64(), 36)
}

// Claim marks an event or interaction id as being processed (SET NX with a
// TTL of Config.ClaimTTL, at least 10 minutes). It returns false if it was
// already claimed. One round trip.
func (s *Store) Claim(ctx context.Context, team, id string) (bool, error) {
	if err := checkTeam("claim", team); err != nil {
		return false, err
	}
	key := s.teamKey(team, "event", id)
	return s.take(ctx, "claim", key, token(), s.claimTTL)
}

func (s *Store) take(ctx context.Context, op, key, tok string, ttl time.Duration) (bool, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	n, err := s.acquire.Run(ctx, s.rdb, []string{key}, tok, ttl.Milliseconds()).Int()
	if err != nil {
		return false, wrap(op, key, err)
	}
	return n == 1, nil
}

// Release forgets a claim whose processing failed, so a retry is processed.
// Releasing an id that is not claimed is not an error.
func (s *Store) Release(ctx context.Context, team, id string) error {
	if err := checkTeam("release", team); err != nil {
		return err
	}
	key := s.teamKey(team, "event", id)
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("release", key, s.rdb.Del(ctx, key).Err())
}

// Lock takes a short-lived lock; ok is false when someone else holds it.
// The lock expires after ttl (at least a millisecond) even if unlock is
// never called. unlock releases it only if it is still ours; it is safe to
// call more than once, and it logs (does not return) a failure, after which
// the lock simply expires. One round trip each way.
func (s *Store) Lock(ctx context.Context, team, name string, ttl time.Duration) (unlock func(), ok bool, err error) {
	if err := checkTeam("lock", team); err != nil {
		return nil, false, err
	}
	key := s.teamKey(team, "lock", name)
	if ttl < time.Millisecond {
		return nil, false, invalid("lock", key, "ttl %s must be at least 1ms", ttl)
	}
	tok := token()
	ok, err = s.take(ctx, "lock", key, tok, ttl)
	if err != nil || !ok {
		return nil, false, err
	}
	var once sync.Once
	unlock = func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
			defer cancel()
			if err := s.unlock.Run(ctx, s.rdb, []string{key}, tok).Err(); err != nil {
				s.lg.Warn("unlock failed; the lock expires by itself", "key", key, "ttl", ttl, "err", wrap("unlock", key, err))
			}
		})
	}
	return unlock, true, nil
}
