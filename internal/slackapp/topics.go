package slackapp

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/session"
)

// topicStore is what follow-ups need from the store (*session.Store has
// it).
type topicStore interface {
	RememberTopics(ctx context.Context, ts []session.Topic) error
	LastTopic(ctx context.Context, team, channel, thread string) (string, error)
}

// topicWindow is how long the topics of answered conversations gather
// before they are written in one round trip: under load, one write serves
// many answers; a person's follow-up comes seconds later at the earliest.
const topicWindow = 20 * time.Millisecond

// topicTimeout bounds one batch's write.
const topicTimeout = 5 * time.Second

// topics remembers the entry each conversation was answered with last,
// for a follow-up there (see knowledge.Engine.FollowUp). The writes go
// behind the replies, in batches (topicWindow), so that an answer costs no
// Redis round trip of its own; a topic not yet written is read from
// memory. A goroutine writes while topics are pending and ends when none
// are. Safe for concurrent use.
type topics struct {
	store topicStore
	m     *ops.Metrics
	lg    *slog.Logger

	mu      sync.Mutex
	pending map[conv]string
	writing bool
}

// conv names a conversation: a channel's thread, or a DM (thread empty).
type conv struct{ team, channel, thread string }

func newTopics(st topicStore, m *ops.Metrics, lg *slog.Logger) *topics {
	return &topics{store: st, m: m, lg: lg, pending: map[conv]string{}}
}

// remember records entry as c's last answer, to be written shortly.
func (t *topics) remember(c conv, entry string) {
	t.mu.Lock()
	t.pending[c] = entry
	start := !t.writing
	t.writing = true
	t.mu.Unlock()
	if start {
		go t.write()
	}
}

// write writes the pending topics, a batch every topicWindow, until none
// are left.
func (t *topics) write() {
	for {
		time.Sleep(topicWindow)
		t.mu.Lock()
		batch := t.pending
		if len(batch) == 0 {
			t.writing = false
			t.mu.Unlock()
			return
		}
		t.pending = make(map[conv]string, len(batch))
		t.mu.Unlock()
		ts := make([]session.Topic, 0, len(batch))
		for c, e := range batch {
			ts = append(ts, session.Topic{Team: c.team, Channel: c.channel, Thread: c.thread, Entry: e})
		}
		ctx, cancel := context.WithTimeout(context.Background(), topicTimeout)
		err := t.store.RememberTopics(ctx, ts)
		cancel()
		if err != nil {
			t.m.StoreErrors.WithLabelValues("remember_topics").Inc()
			t.lg.Debug("topics not remembered", "n", len(ts), "err", err)
		}
	}
}

// last returns c's last answer: one not yet written first, else the
// store's (an error matching session.ErrNotFound when there is none).
func (t *topics) last(ctx context.Context, c conv) (string, error) {
	t.mu.Lock()
	e, ok := t.pending[c]
	t.mu.Unlock()
	if ok {
		return e, nil
	}
	return t.store.LastTopic(ctx, c.team, c.channel, c.thread)
}
