package loadtest_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/loadtest"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// TestScaleOut runs two and three instances on one Redis and one fake
// workspace. The fake spreads envelopes over their sockets and redelivers
// every fifth one to another socket while the load runs: every question is
// still answered exactly once, and every instance does its share.
func TestScaleOut(t *testing.T) {
	for _, n := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d instances answer every envelope exactly once", n), func(t *testing.T) {
			r := newRig(t, slacktest.Config{RecordLimit: 100000, AckTimeout: 500 * time.Millisecond})
			var bots []*loadtest.InProcess
			for i := range n {
				bots = append(bots, r.bot(fmt.Sprintf("rolecall-%d", i+1), nil))
			}
			if err := r.fake.WaitConnections(r.ctx, n); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(r.ctx)
			var wg sync.WaitGroup
			copies := 0
			wg.Go(func() {
				seen := map[string]bool{}
				for ctx.Err() == nil {
					time.Sleep(20 * time.Millisecond)
					for _, e := range r.fake.Envelopes() {
						// A slash command is answered in its ack, which
						// Slack takes once per delivery: copies of events
						// and clicks are what can duplicate.
						if e.Attempt != 0 || e.Type == "slash_commands" || seen[e.Delivery] {
							continue
						}
						seen[e.Delivery] = true
						if len(seen)%5 == 0 {
							if _, err := r.fake.Redeliver(e.Delivery); err == nil {
								copies++
							}
						}
					}
				}
			})
			d := &loadtest.Driver{Fake: r.fake, Rec: r.rec, Opts: loadtest.Options{
				Rate: 300, Duration: 1500 * time.Millisecond, Drain: 20 * time.Second,
			}}
			res, err := d.Run(ctx)
			cancel()
			wg.Wait()
			if err != nil {
				t.Fatal(err)
			}
			r.waitAnswered(20 * time.Second)
			r.waitFor("every copy handled", 20*time.Second, func() bool {
				dups := 0.0
				for _, b := range bots {
					dups += counterValue(b.Metrics.Duplicates)
				}
				return int(dups) >= copies && r.fake.Stats().Pending == 0
			})
			c := r.exactlyOnce()
			var shares []int
			for _, ci := range r.fake.Connections() {
				shares = append(shares, ci.Envelopes)
				if ci.Envelopes == 0 {
					t.Errorf("connection %d got no envelopes", ci.ID)
				}
			}
			dups := 0.0
			for _, b := range bots {
				dups += counterValue(b.Metrics.Duplicates)
			}
			t.Logf("injected: %d envelopes over %d instances, %d of them delivered a second time to another socket", c.Sent, n, copies)
			t.Logf("verified: %d answered exactly once, %d copies suppressed as duplicates, envelopes per socket %v, ack p99 %.2fms, reply p99 %.2fms",
				c.Replied, int(dups), shares, res.Ack.P99, res.Reply.P99)
		})
	}
}
