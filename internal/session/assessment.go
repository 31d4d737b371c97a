package session

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

// schemaVersion is the "v" of every JSON value this package writes.
const schemaVersion = 1

// putScript writes an assessment: unconditionally for Create (ARGV[1] is
// ""), or only if the stored revision is ARGV[1] for Update. A retry of a
// write that already applied finds its own document (same nonce) and
// succeeds again. Returns 1 written, 0 not found, -1 stale.
//
// KEYS: 1 assessment, 2 active pointer, 3 last completed (one hash tag).
// ARGV: 1 expected revision or "", 2 document, 3 TTL in ms, 4 status,
// 5 pointer to this assessment.
const putScript = `
if ARGV[1] ~= '' then
  local cur = redis.call('GET', KEYS[1])
  if not cur then return 0 end
  if cur == ARGV[2] then return 1 end
  if cjson.decode(cur)['revision'] ~= tonumber(ARGV[1]) then return -1 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
if ARGV[4] == 'active' then
  redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[3])
else
  if redis.call('GET', KEYS[2]) == ARGV[5] then redis.call('DEL', KEYS[2]) end
  if ARGV[4] == 'completed' then redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3]) end
end
return 1
`

// document is the stored form of an Assessment.
type document struct {
	V int    `json:"v"`
	W string `json:"w,omitempty"` // nonce of the write
	Assessment
}

// pointer is the stored form of the active-assessment pointer.
type pointer struct {
	V   int `json:"v"`
	Key Key `json:"key"`
}

func decodeAssessment(op, key string, b []byte) (*Assessment, error) {
	var d document
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, invalid(op, key, "decode: %w", err)
	}
	if d.V != schemaVersion {
		return nil, invalid(op, key, "schema version %d, want %d", d.V, schemaVersion)
	}
	return &d.Assessment, nil
}

// Create stores a new assessment at revision 1, replacing any at the same
// key, and makes it the user's active assessment. One round trip.
// An empty Status means StatusActive and a zero StartedAt means now; on
// success a.Revision is 1 and a.UpdatedAt the time of the write.
func (s *Store) Create(ctx context.Context, a *Assessment) error {
	if a == nil {
		return invalid("create", "", "nil assessment")
	}
	next := *a
	next.Revision = 1
	next.UpdatedAt = time.Now().UTC()
	if next.StartedAt.IsZero() {
		next.StartedAt = next.UpdatedAt
	}
	if next.Status == "" {
		next.Status = StatusActive
	}
	if err := s.write(ctx, "create", &next, ""); err != nil {
		return err
	}
	*a = next
	return nil
}

// Update writes a if the stored revision is still a.Revision, then bumps
// a.Revision; otherwise ErrStale (ErrNotFound if the assessment expired).
// Slides the TTL, keeps the user's active pointer while a is active, clears
// it when a completes or is cancelled, and on completion stores a as the
// user's last completed assessment. One round trip. On success a.UpdatedAt
// is the time of the write.
func (s *Store) Update(ctx context.Context, a *Assessment) error {
	if a == nil {
		return invalid("update", "", "nil assessment")
	}
	next := *a
	next.Revision = a.Revision + 1
	next.UpdatedAt = time.Now().UTC()
	if err := s.write(ctx, "update", &next, strconv.FormatInt(a.Revision, 10)); err != nil {
		return err
	}
	a.Revision, a.UpdatedAt = next.Revision, next.UpdatedAt
	return nil
}

// write runs putScript for a (already at its new revision).
func (s *Store) write(ctx context.Context, op string, a *Assessment, expect string) error {
	w, err := s.prepare(op, a, expect)
	if err != nil {
		return err
	}
	return w.run(ctx, s)
}

// put is one prepared run of putScript. Running it twice is what a
// go-redis retry does; the second run finds its own document.
type put struct {
	op, expect string
	keys       []string
	doc, ptr   []byte
	status     Status
}

func (s *Store) prepare(op string, a *Assessment, expect string) (put, error) {
	key, err := s.assessKey(op, a.Key)
	if err != nil {
		return put{}, err
	}
	switch a.Status {
	case StatusActive, StatusCompleted, StatusCancelled:
	default:
		return put{}, invalid(op, key, "unknown status %q", a.Status)
	}
	doc, err := json.Marshal(document{V: schemaVersion, W: strconv.FormatUint(rand.Uint64(), 36), Assessment: *a})
	if err != nil {
		return put{}, invalid(op, key, "encode: %w", err)
	}
	ptr, err := json.Marshal(pointer{V: schemaVersion, Key: a.Key})
	if err != nil {
		return put{}, invalid(op, key, "encode pointer: %w", err)
	}
	return put{
		op:     op,
		expect: expect,
		keys:   []string{key, s.teamKey(a.Key.Team, "active", a.Key.User), s.teamKey(a.Key.Team, "last", a.Key.User)},
		doc:    doc,
		ptr:    ptr,
		status: a.Status,
	}, nil
}

func (w *put) run(ctx context.Context, s *Store) error {
	key := w.keys[0]
	ctx, cancel := s.bound(ctx)
	defer cancel()
	n, err := s.put.Run(ctx, s.rdb, w.keys, w.expect, w.doc, s.ttl.Milliseconds(), string(w.status), w.ptr).Int()
	if err != nil {
		return wrap(w.op, key, err)
	}
	switch n {
	case 1:
		return nil
	case 0:
		return &opError{op: w.op, key: key, kind: ErrNotFound}
	case -1:
		return &opError{op: w.op, key: key, kind: ErrStale, err: fmt.Errorf("revision %s is not current", w.expect)}
	default:
		return invalid(w.op, key, "script returned %d", n)
	}
}

// Get loads an assessment. One round trip.
func (s *Store) Get(ctx context.Context, k Key) (*Assessment, error) {
	key, err := s.assessKey("get", k)
	if err != nil {
		return nil, err
	}
	return s.getAssessment(ctx, "get", key)
}

func (s *Store) getAssessment(ctx context.Context, op, key string) (*Assessment, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	b, err := s.rdb.Get(ctx, key).Bytes()
	if err != nil {
		return nil, wrap(op, key, err)
	}
	return decodeAssessment(op, key, b)
}

// Active returns the key of the user's active assessment; ErrNotFound if
// there is none. One round trip.
func (s *Store) Active(ctx context.Context, team, user string) (Key, error) {
	if err := checkTeam("active", team); err != nil {
		return Key{}, err
	}
	key := s.teamKey(team, "active", user)
	ctx, cancel := s.bound(ctx)
	defer cancel()
	b, err := s.rdb.Get(ctx, key).Bytes()
	if err != nil {
		return Key{}, wrap("active", key, err)
	}
	var p pointer
	if err := json.Unmarshal(b, &p); err != nil {
		return Key{}, invalid("active", key, "decode: %w", err)
	}
	if p.V != schemaVersion {
		return Key{}, invalid("active", key, "schema version %d, want %d", p.V, schemaVersion)
	}
	return p.Key, nil
}

// LastCompleted returns the user's most recently completed assessment;
// ErrNotFound if there is none (or it expired). One round trip.
func (s *Store) LastCompleted(ctx context.Context, team, user string) (*Assessment, error) {
	if err := checkTeam("last completed", team); err != nil {
		return nil, err
	}
	return s.getAssessment(ctx, "last completed", s.teamKey(team, "last", user))
}
