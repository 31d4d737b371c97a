package session

// CONTRACT SKELETON — the session helper replaces the bodies (and may split
// this file), keeping these exported names and signatures so that other
// packages compile against them from the start.

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Sentinel errors callers branch on.
var (
	// ErrNotFound means the key does not exist (or has expired).
	ErrNotFound = errors.New("session: not found")
	// ErrStale means the stored revision moved on since the caller read it:
	// another update won. Reload and explain.
	ErrStale = errors.New("session: stale revision")
	// ErrUnavailable wraps any failure to reach Redis in time.
	ErrUnavailable = errors.New("session: store unavailable")
)

// Config configures a Store. The zero value starts an embedded store.
type Config struct {
	// URL is a redis:// or rediss:// URL. Empty (with no Addrs) means the
	// embedded in-process server, whose state does not survive a restart.
	URL string
	// Addrs lists several host:port for Redis Cluster or Sentinel.
	Addrs []string
	// MasterName selects Sentinel mode with Addrs.
	MasterName string
	// Prefix starts every key; default "rolecall".
	Prefix string
	// TTL is the sliding lifetime of a session; default 7 days.
	TTL time.Duration
	// Timeout bounds every call; default 2 s.
	Timeout time.Duration
}

// Key identifies one assessment conversation.
type Key struct {
	Team    string `json:"team"`
	User    string `json:"user"`
	Channel string `json:"channel"`
	// Thread is the thread ts; empty in a DM.
	Thread string `json:"thread,omitempty"`
}

// Status is the lifecycle state of an assessment.
type Status string

// Assessment statuses.
const (
	StatusActive    Status = "active"
	StatusCompleted Status = "completed"
	StatusCancelled Status = "cancelled"
)

// Answer is one answered (or skipped) question.
type Answer struct {
	Question string    `json:"question"`
	Choice   string    `json:"choice,omitempty"`
	Text     string    `json:"text,omitempty"`
	Skipped  bool      `json:"skipped,omitempty"`
	At       time.Time `json:"at"`
}

// Assessment is the stored state of one assessment dialog.
type Assessment struct {
	Key                  Key      `json:"key"`
	QuestionnaireID      string   `json:"questionnaire_id"`
	QuestionnaireVersion int      `json:"questionnaire_version"`
	Step                 string   `json:"step"`
	Status               Status   `json:"status"`
	Answers              []Answer `json:"answers"`
	// Messages maps question id to the Slack ts of the message that asked
	// it, so a later click can update it. Transport detail, stored opaquely.
	Messages  map[string]string `json:"messages,omitempty"`
	Revision  int64             `json:"revision"`
	StartedAt time.Time         `json:"started_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// Store is the Redis-backed state store.
type Store struct{}

// Open connects to Redis (or starts the embedded server) and pings it.
func Open(ctx context.Context, cfg Config, lg *slog.Logger) (*Store, error) {
	panic("not implemented")
}

// Close releases the client (and stops the embedded server).
func (s *Store) Close() error { panic("not implemented") }

// Ping is the readiness check.
func (s *Store) Ping(ctx context.Context) error { panic("not implemented") }

// Embedded reports whether the store runs on the in-process server.
func (s *Store) Embedded() bool { panic("not implemented") }

// Create stores a new assessment at revision 1, replacing any at the same
// key, and makes it the user's active assessment. One round trip.
func (s *Store) Create(ctx context.Context, a *Assessment) error { panic("not implemented") }

// Get loads an assessment.
func (s *Store) Get(ctx context.Context, k Key) (*Assessment, error) { panic("not implemented") }

// Update writes a if the stored revision is still a.Revision, then bumps
// a.Revision; otherwise ErrStale. Slides the TTL. One round trip.
func (s *Store) Update(ctx context.Context, a *Assessment) error { panic("not implemented") }

// Active returns the key of the user's active assessment.
func (s *Store) Active(ctx context.Context, team, user string) (Key, error) {
	panic("not implemented")
}

// LastCompleted returns the user's most recently completed assessment.
func (s *Store) LastCompleted(ctx context.Context, team, user string) (*Assessment, error) {
	panic("not implemented")
}

// Claim marks an event or interaction id as being processed (SET NX with a
// TTL of at least 10 minutes). It returns false if it was already claimed.
func (s *Store) Claim(ctx context.Context, team, id string) (bool, error) {
	panic("not implemented")
}

// Release forgets a claim whose processing failed, so a retry is processed.
func (s *Store) Release(ctx context.Context, team, id string) error { panic("not implemented") }

// Lock takes a short-lived lock; ok is false when someone else holds it.
func (s *Store) Lock(ctx context.Context, team, name string, ttl time.Duration) (unlock func(), ok bool, err error) {
	panic("not implemented")
}

// CacheGet reads a cached value (LLM answers); ErrNotFound on a miss.
func (s *Store) CacheGet(ctx context.Context, key string) ([]byte, error) {
	panic("not implemented")
}

// CacheSet writes a cached value with a TTL.
func (s *Store) CacheSet(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	panic("not implemented")
}

// Feedback counts a 👍 or 👎 on an answer.
func (s *Store) Feedback(ctx context.Context, team, entryID string, up bool) error {
	panic("not implemented")
}

// LogUnanswered records a question the engine could not answer.
func (s *Store) LogUnanswered(ctx context.Context, team, question string) error {
	panic("not implemented")
}
