package session

import (
	"errors"
	"time"
)

// Sentinel errors callers branch on. Every error the Store returns names the
// operation and the Redis key, and matches at most one of these with
// errors.Is; ErrUnavailable errors also match their cause (a net.Error,
// context.DeadlineExceeded, redis: client is closed, …).
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
	// With Addrs set, the URL still supplies the user name, password,
	// database, TLS and protocol; Addrs replace its host.
	URL string
	// Addrs lists several host:port for Redis Cluster or Sentinel: with
	// MasterName they are Sentinels, else two or more are Cluster nodes
	// (one alone is a single Redis).
	Addrs []string
	// MasterName selects Sentinel mode with Addrs.
	MasterName string
	// Prefix starts every key; default "rolecall". It must not contain
	// '{' or '}', which Redis Cluster reads as a hash tag.
	Prefix string
	// TTL is the sliding lifetime of a session; default 7 days.
	TTL time.Duration
	// Timeout bounds every call; default 2 s.
	Timeout time.Duration
	// ClaimTTL is how long a claimed event id is remembered; default 15
	// minutes, at least 10 (Slack's last retry comes about 5 minutes after
	// the first delivery).
	ClaimTTL time.Duration
	// UnansweredRetention is how long a question stays in the unanswered
	// log; default 30 days, at least a second. Older entries are dropped at
	// the next write and never read, and the log expires this long after
	// its newest entry.
	UnansweredRetention time.Duration
}

// Key identifies one assessment conversation.
type Key struct {
	Team    string `json:"team"`
	User    string `json:"user"`
	Channel string `json:"channel"`
	// Thread is the thread ts; empty in a DM. The Store refuses a Thread
	// that is neither empty nor a Slack timestamp (ValidThread).
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
