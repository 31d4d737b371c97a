package session

import (
	"context"
	"strings"
	"time"
)

// TopicTTL is how long a conversation remembers the entry it answered
// last: a follow-up ("what about the PM?") comes within minutes, and one
// that comes an hour later is read on its own.
const TopicTTL = time.Hour

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

// RememberTopic records entryID as the entry last answered in a
// conversation: a channel's thread, or a DM (thread empty). It lasts
// TopicTTL.
func (s *Store) RememberTopic(ctx context.Context, team, channel, thread, entryID string) error {
	key, err := s.topicKey("remember topic", team, channel, thread)
	if err != nil {
		return err
	}
	if !entryPattern.MatchString(entryID) {
		return invalid("remember topic", key, "entry id %.70q is not a knowledge entry id", entryID)
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("remember topic", key, s.rdb.Set(ctx, key, entryID, TopicTTL).Err())
}

// LastTopic returns the entry last answered in a conversation, or an error
// matching ErrNotFound when there is none within TopicTTL.
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
