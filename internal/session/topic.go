package session

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// TopicTTL is how long a conversation remembers the entry it answered
// last: a follow-up ("what about the PM?") comes within minutes, and one
// that comes an hour later is read on its own.
const TopicTTL = time.Hour

// Topic is the entry a conversation (a channel's thread, or a DM: Thread
// empty) was answered with last.
type Topic struct {
	Team, Channel, Thread string
	// Entry is the knowledge entry's id.
	Entry string
}

// topicKey is {prefix}:{team}:topic:{channel}:{thread|dm}.
func (s *Store) topicKey(op, team, channel, thread string) (string, error) {
	if err := checkTeam(op, team); err != nil {
		return "", err
	}
	switch {
	case channel == "" || len(channel) > maxIDLen || strings.ContainsRune(channel, ':'):
		return "", invalid(op, "", "channel %.80q is not a Slack id", channel)
	case !ValidThread(thread):
		return "", invalid(op, "", "thread %.80q is not a Slack timestamp", thread)
	}
	if thread == "" {
		thread = noThread
	}
	return s.teamKey(team, "topic", channel, thread), nil
}

// RememberTopics records each topic, for TopicTTL, in one round trip. A
// topic with a bad id is skipped and reported; the others are written.
func (s *Store) RememberTopics(ctx context.Context, ts []Topic) error {
	const op = "remember topics"
	var errs []error
	keys := make([]string, 0, len(ts))
	vals := make([]string, 0, len(ts))
	for _, t := range ts {
		key, err := s.topicKey(op, t.Team, t.Channel, t.Thread)
		if err == nil && !entryPattern.MatchString(t.Entry) {
			err = invalid(op, key, "entry id %.70q is not a knowledge entry id", t.Entry)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		keys, vals = append(keys, key), append(vals, t.Entry)
	}
	if len(keys) > 0 {
		ctx, cancel := s.bound(ctx)
		defer cancel()
		_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, k := range keys {
				p.Set(ctx, k, vals[i], TopicTTL)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, wrap(op, keys[0], err))
		}
	}
	return errors.Join(errs...)
}

// LastTopic returns the entry a conversation was answered with last, or an
// error matching ErrNotFound when there is none within TopicTTL.
func (s *Store) LastTopic(ctx context.Context, team, channel, thread string) (string, error) {
	key, err := s.topicKey("last topic", team, channel, thread)
	if err != nil {
		return "", err
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	id, err := s.rdb.Get(ctx, key).Result()
	if err != nil {
		return "", wrap("last topic", key, err)
	}
	return id, nil
}
