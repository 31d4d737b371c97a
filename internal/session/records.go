package session

import (
	"context"
	"encoding/json"
	"time"
)

// UnansweredCap is how many questions the unanswered log keeps per team.
const UnansweredCap = 1000

// UnansweredMaxRunes is the most of a question the unanswered log keeps:
// enough to see what was asked, not a copy of what people typed.
const UnansweredMaxRunes = 300

// logScript pushes an entry onto the unanswered log, keeps the newest
// ARGV[2], drops from the oldest end the entries written before ARGV[4]
// (their "at", to the second, compares as text: UTC, fixed width) and makes
// the log expire ARGV[3] ms after this newest entry.
//
// KEYS: 1 the log. ARGV: 1 entry, 2 cap, 3 retention in ms, 4 cutoff
// ("2006-01-02T15:04:05").
const logScript = `
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
while true do
  local last = redis.call('LINDEX', KEYS[1], -1)
  if not last then break end
  local ok, e = pcall(cjson.decode, last)
  if ok and type(e) == 'table' and type(e['at']) == 'string' and string.sub(e['at'], 1, 19) >= ARGV[4] then break end
  redis.call('RPOP', KEYS[1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`

// cutoffLayout formats the oldest time an entry may have in logScript.
const cutoffLayout = "2006-01-02T15:04:05"

// CacheGet reads a cached value (LLM answers); ErrNotFound on a miss.
func (s *Store) CacheGet(ctx context.Context, key string) ([]byte, error) {
	k := s.cacheKey(key)
	ctx, cancel := s.bound(ctx)
	defer cancel()
	b, err := s.rdb.Get(ctx, k).Bytes()
	if err != nil {
		return nil, wrap("cache get", k, err)
	}
	return b, nil
}

// CacheSet writes a cached value with a TTL (at least a millisecond).
func (s *Store) CacheSet(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	k := s.cacheKey(key)
	if ttl < time.Millisecond {
		return invalid("cache set", k, "ttl %s must be at least 1ms", ttl)
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("cache set", k, s.rdb.Set(ctx, k, val, ttl).Err())
}

// Feedback counts a 👍 or 👎 on an answer. One round trip.
func (s *Store) Feedback(ctx context.Context, team, entryID string, up bool) error {
	if err := checkTeam("feedback", team); err != nil {
		return err
	}
	key := s.teamKey(team, "feedback", entryID)
	field := "down"
	if up {
		field = "up"
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("feedback", key, s.rdb.HIncrBy(ctx, key, field, 1).Err())
}

// FeedbackCounts returns the 👍 and 👎 counts of an answer (zero if none).
func (s *Store) FeedbackCounts(ctx context.Context, team, entryID string) (up, down int64, err error) {
	if err := checkTeam("feedback counts", team); err != nil {
		return 0, 0, err
	}
	key := s.teamKey(team, "feedback", entryID)
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var c struct {
		Up   int64 `redis:"up"`
		Down int64 `redis:"down"`
	}
	if err := s.rdb.HMGet(ctx, key, "up", "down").Scan(&c); err != nil {
		return 0, 0, wrap("feedback counts", key, err)
	}
	return c.Up, c.Down, nil
}

// Unanswered is a question the engine could not answer.
type Unanswered struct {
	Question string    `json:"question"`
	At       time.Time `json:"at"`
}

type unansweredEntry struct {
	V int `json:"v"`
	Unanswered
}

// LogUnanswered records a question the engine could not answer, cut to
// UnansweredMaxRunes, keeping per team the newest UnansweredCap written
// within Config.UnansweredRetention. The caller passes the question as it
// should be kept (Rolecall logs it normalised). One round trip (a script).
func (s *Store) LogUnanswered(ctx context.Context, team, question string) error {
	if err := checkTeam("log unanswered", team); err != nil {
		return err
	}
	key := s.teamKey(team, "unanswered")
	now := time.Now().UTC()
	b, err := json.Marshal(unansweredEntry{V: schemaVersion, Unanswered: Unanswered{Question: cutRunes(question, UnansweredMaxRunes), At: now}})
	if err != nil {
		return invalid("log unanswered", key, "encode: %w", err)
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	cutoff := now.Add(-s.unansweredTTL).Format(cutoffLayout)
	err = s.logQ.Run(ctx, s.rdb, []string{key}, b, UnansweredCap, s.unansweredTTL.Milliseconds(), cutoff).Err()
	return wrap("log unanswered", key, err)
}

// cutRunes cuts s to at most n runes.
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// RecentUnanswered returns up to n logged questions, newest first, none
// older than Config.UnansweredRetention.
func (s *Store) RecentUnanswered(ctx context.Context, team string, n int) ([]Unanswered, error) {
	if err := checkTeam("unanswered", team); err != nil {
		return nil, err
	}
	key := s.teamKey(team, "unanswered")
	if n <= 0 {
		return nil, nil
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	raw, err := s.rdb.LRange(ctx, key, 0, int64(n)-1).Result()
	if err != nil {
		return nil, wrap("unanswered", key, err)
	}
	oldest := time.Now().Add(-s.unansweredTTL)
	out := make([]Unanswered, 0, len(raw))
	for _, r := range raw {
		var e unansweredEntry
		if err := json.Unmarshal([]byte(r), &e); err != nil {
			return nil, invalid("unanswered", key, "decode: %w", err)
		}
		if e.At.Before(oldest) {
			break // newest first: the rest are older still
		}
		out = append(out, e.Unanswered)
	}
	return out, nil
}

// SetRole records who holds a role in the team directory ("po" → "U123");
// an empty user removes the role.
func (s *Store) SetRole(ctx context.Context, team, role, user string) error {
	if err := checkTeam("set role", team); err != nil {
		return err
	}
	key := s.teamKey(team, "directory")
	if role == "" {
		return invalid("set role", key, "empty role")
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	if user == "" {
		return wrap("set role", key, s.rdb.HDel(ctx, key, role).Err())
	}
	return wrap("set role", key, s.rdb.HSet(ctx, key, role, user).Err())
}

// Role returns who holds a role; ErrNotFound if nobody was set.
func (s *Store) Role(ctx context.Context, team, role string) (string, error) {
	if err := checkTeam("role", team); err != nil {
		return "", err
	}
	key := s.teamKey(team, "directory")
	ctx, cancel := s.bound(ctx)
	defer cancel()
	u, err := s.rdb.HGet(ctx, key, role).Result()
	if err != nil {
		return "", wrap("role", key, err)
	}
	return u, nil
}

// Roles returns the team directory, role → user id (empty if none).
func (s *Store) Roles(ctx context.Context, team string) (map[string]string, error) {
	if err := checkTeam("roles", team); err != nil {
		return nil, err
	}
	key := s.teamKey(team, "directory")
	ctx, cancel := s.bound(ctx)
	defer cancel()
	m, err := s.rdb.HGetAll(ctx, key).Result()
	if err != nil {
		return nil, wrap("roles", key, err)
	}
	return m, nil
}
