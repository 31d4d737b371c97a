package slackapp

import (
	"context"
	"errors"
	"time"

	"github.com/rolecall/rolecall/internal/directory"
	"github.com/rolecall/rolecall/internal/session"
)

type jobMode uint8

const (
	jobHandle jobMode = iota // de-duplicate, then Router.Handle
	jobAfter                 // run the bookkeeping of a reply sent in an ack
	jobPost                  // post a reply computed in the reader
	jobView                  // answer a submission in its ack (Router.Submit)
)

// job is one envelope waiting for a worker: acked, or for jobView, to be
// acked with the answer through ack.
type job struct {
	req   Request
	reply Reply
	mode  jobMode
	start time.Time
	// retry is the delivery's retry_attempt (X-Slack-Retry-Num), for the log.
	retry int
	// ack acks a jobView's delivery with the answer.
	ack func(payload any) error
}

// offer hands a job to the pool without ever blocking the socket reader or
// an HTTP request. It is false when the queue is full, or not open (before
// Run, during shutdown).
func (a *App) offer(j *job) bool {
	a.qmu.RLock()
	defer a.qmu.RUnlock()
	if !a.open {
		return false
	}
	// Counted before the send, so the gauge never reads low while the job
	// waits.
	a.m.PoolQueued.Inc()
	select {
	case a.queue <- j:
		return true
	default:
		a.m.PoolQueued.Dec()
		return false
	}
}

// shed drops an envelope the pool has no room for, without acking it:
// Slack redelivers an unacked envelope (retry_attempt 1..3; over HTTP an
// event refused with 503), so under a burst the work is delayed, or taken
// by another instance, not lost.
func (a *App) shed(typ string) {
	a.m.PoolShed.Inc()
	if a.warnNow() {
		a.lg.Warn("slack: worker pool full; leaving envelopes unacked for Slack to redeliver", "type", typ, "queue", a.cfg.Queue)
	}
}

// enqueue offers a job whose delivery is already acked (the bookkeeping or
// the post after an immediate slash reply); with the queue full it is
// dropped and counted.
func (a *App) enqueue(j *job) {
	if !a.offer(j) {
		a.m.PoolShed.Inc()
		if a.warnNow() {
			a.lg.Warn("slack: worker pool full; shedding envelopes", "kind", j.req.Kind.String(), "queue", a.cfg.Queue)
		}
	}
}

// warnNow limits repeated warnings (pool full, store down) to one a second.
func (a *App) warnNow() bool {
	now := time.Now().UnixNano()
	last := a.lastWarn.Load()
	return now-last >= int64(time.Second) && a.lastWarn.CompareAndSwap(last, now)
}

// directoryClaimer is a Store that claims a delivery and reads the team's
// role directory in one round trip (*session.Store does).
type directoryClaimer interface {
	ClaimDirectory(ctx context.Context, team, id string) (claimed bool, snap directory.Snapshot, dirErr, err error)
}

// readsDirectory says whether a delivery of kind k should read the
// directory beside its claim: messages, which are mostly questions whose
// answers name who holds a role, when the Store is also the directory.
func (a *App) readsDirectory(k Kind) bool {
	return (k == KindMention || k == KindDM) && a.rt.dir.store != nil && any(a.rt.dir.store) == any(a.store)
}

func (a *App) work(ctx context.Context, j *job) {
	switch j.mode {
	case jobAfter:
		runAfter(ctx, j.reply)
		return
	case jobView:
		a.workView(ctx, j)
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
		var ok bool
		var err error
		if dc, can := a.store.(directoryClaimer); can && a.readsDirectory(j.req.Kind) {
			// A question's answer may name who holds a role: read the
			// directory in the claim's round trip.
			l := &dirLoad{read: true}
			ok, l.snap, l.err, err = dc.ClaimDirectory(ctx, j.req.Team, j.req.ID)
			ctx = withDirLoad(ctx, l)
		} else {
			ok, err = a.store.Claim(ctx, j.req.Team, j.req.ID)
		}
		switch {
		case err != nil:
			// Answers matter more than de-duplication: serve anyway.
			a.m.StoreErrors.WithLabelValues("claim").Inc()
			if a.warnNow() {
				a.lg.Warn("slack: de-duplication unavailable; handling anyway", "id", j.req.ID, "err", err)
			}
		case !ok:
			a.m.Duplicates.Inc()
			a.lg.Debug("slack: duplicate delivery suppressed", "id", j.req.ID, "retry", j.retry)
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
