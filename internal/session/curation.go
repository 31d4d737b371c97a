package session

// The curation records: one 👍/👎 per person per answer, the "what was
// wrong?" comments of a 👎, and the questions Rolecall could not answer
// (gaps). None of them keeps a user id: a vote is filed under a salted hash
// of the voter's id, comments and questions have mentions of people
// replaced. Keys, in addition to those of doc.go and directory.go:
//
//	{prefix}:{team}:votes:{entry}     hash    "up", "down": counts; "h:{sha1}": that voter's vote, "u" or "d"; VoteRetention
//	{prefix}:{team}:vote-salt         string  the team's random salt of voter hashes; kept
//	{prefix}:{team}:downvoted         zset    entry → 👎 count, capped at DownvotedCap; VoteRetention
//	{prefix}:{team}:comments:{entry}  list    newest first, CommentsPerEntry (JSON); CommentRetention
//	{prefix}:{team}:gaps              zset    normalised question → times asked
//	{prefix}:{team}:gaps:closest      hash    normalised question → the entry it came closest to
//	{prefix}:{team}:gaps:seen         zset    normalised question → last asked (Unix ms); the three capped at GapsCap, GapRetention
//
// A retention is a TTL that every write slides: the key goes when nothing
// was written to it for that long. Comments and gaps are also dropped one
// by one once older than their retention.

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rolecall/rolecall/internal/directory"
)

const (
	// VoteRetention is how long an answer's votes are kept after its last
	// vote.
	VoteRetention = 365 * 24 * time.Hour
	// DownvotedCap bounds the ranking of answers by 👎.
	DownvotedCap = 1000
	// CommentsPerEntry is how many 👎 comments an answer keeps, newest
	// first.
	CommentsPerEntry = 20
	// CommentMax is the longest comment kept, in characters; longer ones
	// are cut.
	CommentMax = 500
	// CommentRetention is how long a comment is kept.
	CommentRetention = 90 * 24 * time.Hour
	// GapsCap is how many distinct unanswered questions a team keeps; past
	// it the least recently asked go first.
	GapsCap = 500
	// GapRetention is how long an unanswered question is kept after it was
	// last asked.
	GapRetention = 90 * 24 * time.Hour
	// GapQuestionMax is the longest question kept, in characters.
	GapQuestionMax = 200
)

// entryPattern is the form of a knowledge entry id (as knowledge checks
// it); a click's value is checked against it before it reaches a key.
var entryPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

func checkEntry(op, team, entry string) error {
	if err := checkTeam(op, team); err != nil {
		return err
	}
	if !entryPattern.MatchString(entry) {
		return invalid(op, "", "entry id %.70q is not a knowledge entry id", entry)
	}
	return nil
}

// voteScript records one person's vote on an answer: a vote the same as
// the person's last changes nothing, another one moves their count from
// one side to the other. The voter is filed under sha1(salt:user), the
// salt being the team's (set from ARGV[1] the first time). Returns {up,
// down}.
//
// KEYS: 1 votes hash, 2 downvoted zset, 3 salt.
// ARGV: 1 salt candidate, 2 user id, 3 "u" or "d", 4 entry id,
// 5 retention ms, 6 downvoted cap.
const voteScript = `
redis.call('SET', KEYS[3], ARGV[1], 'NX')
local who = 'h:' .. redis.sha1hex(redis.call('GET', KEYS[3]) .. ':' .. ARGV[2])
local old = redis.call('HGET', KEYS[1], who)
if old ~= ARGV[3] then
  redis.call('HSET', KEYS[1], who, ARGV[3])
  if ARGV[3] == 'u' then redis.call('HINCRBY', KEYS[1], 'up', 1) else redis.call('HINCRBY', KEYS[1], 'down', 1) end
  if old == 'u' then redis.call('HINCRBY', KEYS[1], 'up', -1) elseif old == 'd' then redis.call('HINCRBY', KEYS[1], 'down', -1) end
end
local up = tonumber(redis.call('HGET', KEYS[1], 'up') or '0')
local down = tonumber(redis.call('HGET', KEYS[1], 'down') or '0')
if down > 0 then
  redis.call('ZADD', KEYS[2], down, ARGV[4])
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[6]) - 1)
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
else
  redis.call('ZREM', KEYS[2], ARGV[4])
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {up, down}
`

// gapScript counts one unanswered question, remembers the entry it came
// closest to, and evicts questions not asked since the cutoff and, past
// the cap, the least recently asked.
//
// KEYS: 1 counts zset, 2 closest hash, 3 last-seen zset.
// ARGV: 1 question, 2 closest entry or "", 3 now (ms), 4 "(cutoff" (ms),
// 5 cap, 6 retention ms.
const gapScript = `
redis.call('ZINCRBY', KEYS[1], 1, ARGV[1])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
local function drop(qs)
  for _, q in ipairs(qs) do
    redis.call('ZREM', KEYS[1], q)
    redis.call('HDEL', KEYS[2], q)
    redis.call('ZREM', KEYS[3], q)
  end
end
drop(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[4]))
local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[5])
if over > 0 then drop(redis.call('ZRANGE', KEYS[3], 0, over - 1)) end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[6]) end
return 1
`

// gapsScript reads the n most asked questions with their count, closest
// entry and last-seen time, as a flat list of quadruples.
//
// KEYS: as gapScript. ARGV: 1 n.
const gapsScript = `
local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
local out = {}
for i = 1, #top, 2 do
  local q = top[i]
  out[#out + 1] = q
  out[#out + 1] = top[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[2], q) or ''
  out[#out + 1] = redis.call('ZSCORE', KEYS[3], q) or '0'
end
return out
`

var (
	curationVote = redis.NewScript(voteScript)
	curationGap  = redis.NewScript(gapScript)
	curationGaps = redis.NewScript(gapsScript)
)

// Tally is an answer's 👍 and 👎 counts, one per person.
type Tally struct {
	Up, Down int64
}

// Vote records a person's 👍 (up) or 👎 on an answer: one vote per person
// per entry. Clicking the same again changes nothing; clicking the other
// moves the person's vote. It returns the counts after the vote. The user
// id is not stored: the vote is filed under a salted SHA-1 of it, the salt
// a random value kept per team. One round trip.
func (s *Store) Vote(ctx context.Context, team, entryID, user string, up bool) (Tally, error) {
	const op = "vote"
	if err := checkEntry(op, team, entryID); err != nil {
		return Tally{}, err
	}
	if user == "" {
		return Tally{}, invalid(op, "", "empty user")
	}
	key := s.teamKey(team, "votes", entryID)
	v := "d"
	if up {
		v = "u"
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	res, err := curationVote.Run(ctx, s.rdb, []string{key, s.teamKey(team, "downvoted"), s.teamKey(team, "vote-salt")},
		token(), user, v, entryID, VoteRetention.Milliseconds(), DownvotedCap).Int64Slice()
	if err != nil {
		return Tally{}, wrap(op, key, err)
	}
	if len(res) != 2 {
		return Tally{}, invalid(op, key, "unexpected script reply %v", res)
	}
	return Tally{Up: res[0], Down: res[1]}, nil
}

// Votes returns an answer's counts (zero if nobody voted). One round trip.
func (s *Store) Votes(ctx context.Context, team, entryID string) (Tally, error) {
	const op = "votes"
	if err := checkEntry(op, team, entryID); err != nil {
		return Tally{}, err
	}
	key := s.teamKey(team, "votes", entryID)
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var t struct {
		Up   int64 `redis:"up"`
		Down int64 `redis:"down"`
	}
	if err := s.rdb.HMGet(ctx, key, "up", "down").Scan(&t); err != nil {
		return Tally{}, wrap(op, key, err)
	}
	return Tally{Up: t.Up, Down: t.Down}, nil
}

// Comment is a "what was wrong?" note left with a 👎.
type Comment struct {
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

type commentEntry struct {
	V int `json:"v"`
	Comment
}

// AddComment keeps a 👎 comment on an answer: the text normalised (one
// line, mentions of people replaced by "@someone") and cut to CommentMax
// characters; the newest CommentsPerEntry per answer, for CommentRetention.
// Nothing says who wrote it. A comment with no text left is not kept (and
// is not an error). One round trip (MULTI/EXEC).
func (s *Store) AddComment(ctx context.Context, team, entryID, text string) error {
	const op = "add comment"
	if err := checkEntry(op, team, entryID); err != nil {
		return err
	}
	text = directory.CleanText(RedactPeople(text), CommentMax)
	if text == "" {
		return nil
	}
	key := s.teamKey(team, "comments", entryID)
	b, err := json.Marshal(commentEntry{V: schemaVersion, Comment: Comment{Text: text, At: time.Now().UTC()}})
	if err != nil {
		return invalid(op, key, "encode: %w", err)
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.LPush(ctx, key, b)
		p.LTrim(ctx, key, 0, CommentsPerEntry-1)
		p.PExpire(ctx, key, CommentRetention)
		return nil
	})
	return wrap(op, key, err)
}

// Comments returns up to n comments on an answer, newest first, younger
// than CommentRetention. One round trip.
func (s *Store) Comments(ctx context.Context, team, entryID string, n int) ([]Comment, error) {
	const op = "comments"
	if err := checkEntry(op, team, entryID); err != nil {
		return nil, err
	}
	if n <= 0 {
		return nil, nil
	}
	key := s.teamKey(team, "comments", entryID)
	ctx, cancel := s.bound(ctx)
	defer cancel()
	raw, err := s.rdb.LRange(ctx, key, 0, int64(min(n, CommentsPerEntry))-1).Result()
	if err != nil {
		return nil, wrap(op, key, err)
	}
	return decodeComments(op, key, raw)
}

func decodeComments(op, key string, raw []string) ([]Comment, error) {
	cutoff := time.Now().Add(-CommentRetention)
	out := make([]Comment, 0, len(raw))
	for _, r := range raw {
		var e commentEntry
		if err := json.Unmarshal([]byte(r), &e); err != nil {
			return nil, invalid(op, key, "decode: %w", err)
		}
		if e.At.After(cutoff) {
			out = append(out, e.Comment)
		}
	}
	return out, nil
}

// Downvoted is an answer people marked 👎, for the curators' report.
type Downvoted struct {
	// Entry is the knowledge entry id.
	Entry string
	Tally
	// Comments are the newest "what was wrong?" notes, newest first.
	Comments []Comment
}

// MostDownvoted returns up to n answers with the most 👎, most first, each
// with its counts and comments. Two round trips: the ranking, then one
// pipeline of counts and comments.
func (s *Store) MostDownvoted(ctx context.Context, team string, n int) ([]Downvoted, error) {
	const op = "most downvoted"
	if err := checkTeam(op, team); err != nil {
		return nil, err
	}
	key := s.teamKey(team, "downvoted")
	if n <= 0 {
		return nil, nil
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	ids, err := s.rdb.ZRevRange(ctx, key, 0, int64(n)-1).Result()
	if err != nil {
		return nil, wrap(op, key, err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	counts := make([]*redis.SliceCmd, len(ids))
	notes := make([]*redis.StringSliceCmd, len(ids))
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			counts[i] = p.HMGet(ctx, s.teamKey(team, "votes", id), "up", "down")
			notes[i] = p.LRange(ctx, s.teamKey(team, "comments", id), 0, CommentsPerEntry-1)
		}
		return nil
	})
	if err != nil {
		return nil, wrap(op, key, err)
	}
	out := make([]Downvoted, 0, len(ids))
	for i, id := range ids {
		var t struct {
			Up   int64 `redis:"up"`
			Down int64 `redis:"down"`
		}
		if err := counts[i].Scan(&t); err != nil {
			return nil, wrap(op, key, err)
		}
		if t.Down == 0 {
			continue // its votes expired; the ranking goes with its next write
		}
		cs, err := decodeComments(op, key, notes[i].Val())
		if err != nil {
			return nil, err
		}
		out = append(out, Downvoted{Entry: id, Tally: Tally{Up: t.Up, Down: t.Down}, Comments: cs})
	}
	return out, nil
}

// Gap is a question Rolecall could not answer, or answered unsure.
type Gap struct {
	// Question is the question normalised (NormalizeQuestion).
	Question string
	// Count is how many times it was asked.
	Count int64
	// Closest is the entry it came closest to, from the latest time it was
	// asked with one; "" if none.
	Closest string
	// LastAsked is when it was last asked.
	LastAsked time.Time
}

// RecordGap counts a question that went unanswered or was answered with
// low confidence, under its normalised form (NormalizeQuestion: so "Who
// owns QA?" and "who owns qa" count together), with the entry it came
// closest to ("" for none). The team keeps GapsCap questions, the least
// recently asked going first, each for GapRetention after it was last
// asked. Nothing says who asked. A question with no text left is not
// counted (and is not an error). One round trip.
func (s *Store) RecordGap(ctx context.Context, team, question, closest string) error {
	const op = "record gap"
	if err := checkTeam(op, team); err != nil {
		return err
	}
	if closest != "" && !entryPattern.MatchString(closest) {
		return invalid(op, "", "closest entry %.70q is not a knowledge entry id", closest)
	}
	q := NormalizeQuestion(question)
	if q == "" {
		return nil
	}
	keys := s.gapKeys(team)
	now := time.Now()
	ctx, cancel := s.bound(ctx)
	defer cancel()
	err := curationGap.Run(ctx, s.rdb, keys, q, closest, now.UnixMilli(),
		"("+strconv.FormatInt(now.Add(-GapRetention).UnixMilli(), 10), GapsCap, GapRetention.Milliseconds()).Err()
	return wrap(op, keys[0], err)
}

func (s *Store) gapKeys(team string) []string {
	return []string{s.teamKey(team, "gaps"), s.teamKey(team, "gaps", "closest"), s.teamKey(team, "gaps", "seen")}
}

// Gaps returns up to n of the team's most frequent unanswered questions,
// most asked first (ties: most recent first), each with its count and the
// entry it came closest to. One round trip.
func (s *Store) Gaps(ctx context.Context, team string, n int) ([]Gap, error) {
	const op = "gaps"
	if err := checkTeam(op, team); err != nil {
		return nil, err
	}
	keys := s.gapKeys(team)
	if n <= 0 {
		return nil, nil
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	raw, err := curationGaps.Run(ctx, s.rdb, keys, min(n, GapsCap)).StringSlice()
	if err != nil {
		return nil, wrap(op, keys[0], err)
	}
	cutoff := time.Now().Add(-GapRetention)
	out := make([]Gap, 0, len(raw)/4)
	for i := 0; i+3 < len(raw); i += 4 {
		count, err1 := strconv.ParseFloat(raw[i+1], 64)
		seen, err2 := strconv.ParseFloat(raw[i+3], 64)
		if err1 != nil || err2 != nil {
			return nil, invalid(op, keys[0], "decode %q: count %q, last asked %q", raw[i], raw[i+1], raw[i+3])
		}
		g := Gap{Question: raw[i], Count: int64(count), Closest: raw[i+2], LastAsked: time.UnixMilli(int64(seen)).UTC()}
		if g.LastAsked.Before(cutoff) {
			continue
		}
		out = append(out, g)
	}
	// Within one count, the most recently asked first.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Count == out[j-1].Count && out[j].LastAsked.After(out[j-1].LastAsked); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// NormalizeQuestion is the form a gap is counted under: mentions of people
// left out (so "<@U1> who owns QA?" counts with "who owns qa"), lower case,
// one line with single spaces, without the punctuation that ends a
// sentence, cut to GapQuestionMax characters.
func NormalizeQuestion(q string) string {
	q = strings.ReplaceAll(RedactPeople(q), "@someone", " ")
	q = strings.ToLower(directory.CleanText(q, 0))
	q = strings.TrimRight(q, " ?!.…,;:")
	q = strings.TrimLeft(q, " ,;:")
	return directory.CleanText(q, GapQuestionMax)
}

var (
	userMention = regexp.MustCompile(`<@[UW][A-Z0-9]+(?:\|[^>]*)?>`)
	bareUser    = regexp.MustCompile(`@?\b[UW][A-Z0-9]{7,}\b`)
)

// RedactPeople replaces mentions of people in text (<@U…>, <@U…|name> and
// bare member ids such as U0123ABCD) with "@someone": the curation records
// keep no user ids.
func RedactPeople(text string) string {
	text = userMention.ReplaceAllString(text, "@someone")
	return bareUser.ReplaceAllStringFunc(text, func(w string) string {
		if strings.ContainsAny(w, "0123456789") {
			return "@someone"
		}
		return w
	})
}
