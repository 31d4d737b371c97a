package loadtest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/assessment/dialog"
	"github.com/rolecall/rolecall/internal/session"
)

// SeedUser is the user id of the n-th seeded assessment.
func SeedUser(n int) string { return fmt.Sprintf("U0SEED%06d", n) }

// SeedSessions starts n live assessments in Redis, through the same dialog
// service the bot uses, one per user SeedUser(i) in that user's DM channel
// (dm(user)), with a few workers in parallel. The bots then serve a
// workspace whose state is in Redis, not in their memory.
func SeedSessions(ctx context.Context, redisURL, prefix, team string, n int, dm func(user string) string) error {
	if n <= 0 {
		return nil
	}
	store, err := session.Open(ctx, session.Config{URL: redisURL, Prefix: prefix}, nil)
	if err != nil {
		return err
	}
	defer store.Close()
	q, err := assessment.Builtin()
	if err != nil {
		return err
	}
	svc, err := dialog.New(dialog.Config{Store: store, Questionnaire: q, CacheSize: -1})
	if err != nil {
		return err
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				user := SeedUser(i)
				key := session.Key{Team: team, User: user, Channel: dm(user)}
				if _, err := svc.Start(ctx, key, true); err != nil {
					select {
					case errs <- fmt.Errorf("loadtest: seed assessment %d: %w", i, err):
					default:
					}
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	return ctx.Err()
}
