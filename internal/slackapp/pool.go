package slackapp

import (
	"context"
	"errors"
	"time"

	"github.com/rolecall/rolecall/internal/session"
)

type jobMode uint8

const (
	jobHandle jobMode = iota // de-duplicate, then Router.Handle
	jobAfter                 // run the bookkeeping of a reply sent in an ack
	jobPost                  // post a reply computed in the reader
)

// job is one acked envelope waiting for a worker.
type job struct {
	req   Request
	reply Reply
	mode  jobMode
	start time.Time
}

// room reports whether the pool can take n more jobs. Only the socket
// reader enqueues, so the answer holds until it does.
func (a *App) room(n int) bool { return cap(a.queue)-len(a.queue) >= n }

// shed drops an envelope the pool has no room for, without acking it:
// Slack redelivers an unacked envelope (retry_attempt 1..3), so under a
// burst the work is delayed, or taken by another instance, not lost.
func (a *App) shed(typ string) {
	a.m.PoolShed.Inc()
	if a.warnNow() {
		a.lg.Warn("slack: worker pool full; leaving envelopes unacked for Slack to redeliver", "type", typ, "queue", cap(a.queue))
	}
}

// enqueue hands a job to the pool without ever blocking the socket reader.
// Callers check room first; a job that still finds the queue full (the
// bookkeeping after an immediate slash reply) is dropped and counted.
func (a *App) enqueue(j *job) {
	select {
	case a.queue <- j:
	default:
		a.m.PoolShed.Inc()
		if a.warnNow() {
			a.lg.Warn("slack: worker pool full; shedding envelopes", "kind", j.req.Kind.String(), "queue", cap(a.queue))
		}
	}
}

// warnNow limits repeated warnings (pool full, store down) to one a second.
func (a *App) warnNow() bool {
	now := time.Now().UnixNano()
	last := a.lastWarn.Load()
	return now-last >= int64(time.Second) && a.lastWarn.CompareAndSwap(last, now)
}

func (a *App) work(ctx context.Context, j *job) {
	a.m.PoolInFlight.Inc()
	defer a.m.PoolInFlight.Dec()
	switch j.mode {
	case jobAfter:
		runAfter(ctx, j.reply)
		return
	case jobPost:
		if err := a.rt.post(ctx, slackResponder{a}, j.reply); err != nil {
			a.lg.Error("slack: reply not delivered", "kind", j.req.Kind.String(), "channel", j.req.Channel, "err", err)
		}
		a.handle[j.req.Kind].Observe(time.Since(j.start).Seconds())
		return
	}
	claimed := false
	if j.req.ID != "" {
		ok, err := a.store.Claim(ctx, j.req.Team, j.req.ID)
		switch {
		case err != nil:
			// Answers matter more than de-duplication: serve anyway.
			a.m.StoreErrors.WithLabelValues("claim").Inc()
			if a.warnNow() {
				a.lg.Warn("slack: de-duplication unavailable; handling anyway", "id", j.req.ID, "err", err)
			}
		case !ok:
			a.m.Duplicates.Inc()
			a.lg.Debug("slack: duplicate delivery suppressed", "id", j.req.ID)
			return
		default:
			claimed = true
		}
	}
	err := a.rt.Handle(ctx, &j.req, slackResponder{a})
	a.handle[j.req.Kind].Observe(time.Since(j.start).Seconds())
	if err == nil {
		return
	}
	a.lg.Error("slack: handling failed", "kind", j.req.Kind.String(), "channel", j.req.Channel, "id", j.req.ID, "err", err)
	if claimed {
		// Let a redelivery (or another instance) try again.
		if rerr := a.store.Release(ctx, j.req.Team, j.req.ID); rerr != nil && !errors.Is(rerr, session.ErrNotFound) {
			a.m.StoreErrors.WithLabelValues("release").Inc()
			a.lg.Warn("slack: claim not released", "id", j.req.ID, "err", rerr)
		}
	}
}
