package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/rolecall/rolecall/internal/slacktest"
)

// AssessFunc sends one assessment click through fake and returns the key its
// reply will carry (the thread or channel the bot answers in), or "" when it
// has nothing left to click (the Driver sends a mention instead). n numbers
// the assessment envelopes of the run from 0.
type AssessFunc func(fake *slacktest.Server, n int) (key string)

// Options configure a Driver. Zero fields take the defaults listed.
type Options struct {
	// Mix is the proportion of each kind (default DefaultMix).
	Mix Mix
	// Rate is envelopes per second; 0 sends as fast as replies come back,
	// with at most Window envelopes unanswered.
	Rate int
	// Window bounds unanswered envelopes when Rate is 0 (default 256).
	Window int
	// Warmup is sent first and kept out of the latencies (default 0).
	Warmup time.Duration
	// Duration is the measured window (default 10 s).
	Duration time.Duration
	// Drain is how long to wait for the last replies after sending stops
	// (default 5 s).
	Drain time.Duration
	// Channels is how many channels mentions and clicks spread over
	// (default 50).
	Channels int
	// Team is the team id of the envelopes ("" means the fake's).
	Team string
	// Progress, when set, gets one line a second.
	Progress io.Writer
	// Sample, when set, is called once a second; its text ends the progress
	// line (the bots' memory and goroutines).
	Sample func() string
	// Assess sends assessment clicks; required when Mix has any.
	Assess AssessFunc
}

func (o *Options) fill() {
	if o.Mix == (Mix{}) {
		o.Mix = DefaultMix
	}
	if o.Window <= 0 {
		o.Window = 256
	}
	if o.Duration <= 0 {
		o.Duration = 10 * time.Second
	}
	if o.Drain <= 0 {
		o.Drain = 5 * time.Second
	}
	if o.Channels <= 0 {
		o.Channels = 50
	}
}

// Driver fires a mix of envelopes through a fake Slack whose hooks feed Rec.
type Driver struct {
	Fake *slacktest.Server
	Rec  *Recorder
	Opts Options

	channels []string
	users    atomic.Int64
	counts   [numKinds]int
}

// Result is what one run measured.
type Result struct {
	Mix      string  `json:"mix"`
	Rate     int     `json:"rate"`
	Duration float64 `json:"duration_s"`
	Warmup   float64 `json:"warmup_s"`
	// Sent counts envelopes by kind over the whole run.
	Sent map[string]int `json:"sent"`
	// EnvelopesPerSec is acks received in the measured window per second;
	// AnsweredPerSec is first replies received in it per second.
	EnvelopesPerSec float64 `json:"envelopes_per_s"`
	AnsweredPerSec  float64 `json:"answered_per_s"`
	Ack             Latency `json:"ack"`
	Reply           Latency `json:"reply"`
	Counts          Counts  `json:"counts"`
	// Errors counts ok:false and 429 answers of the Web API, protocol
	// errors, Block Kit violations and envelopes the fake gave up on.
	Errors int `json:"errors"`
	// Redeliveries counts envelopes the fake had to send again.
	Redeliveries int `json:"redeliveries"`
	Expired      int `json:"expired"`
	// WindowStalls counts sends forced after a second without a free slot
	// in the window (rate 0): a sign of lost replies.
	WindowStalls int `json:"window_stalls"`
}

// Run sends for Warmup+Duration, waits up to Drain for the last replies and
// returns what it measured. It stops early, with what it has, when ctx ends.
func (d *Driver) Run(ctx context.Context) (Result, error) {
	o := &d.Opts
	o.fill()
	if o.Mix[Assess] > 0 && o.Assess == nil {
		return Result{}, errors.New("loadtest: the mix has assessment clicks but no AssessFunc")
	}
	for i := range o.Channels {
		d.channels = append(d.channels, fmt.Sprintf("C0LOAD%04d", i))
	}
	var window chan struct{}
	if o.Rate == 0 {
		window = make(chan struct{}, o.Window)
		d.Rec.setWindow(window)
	}
	pk := newPicker(o.Mix)

	start := time.Now()
	measureAt := start.Add(o.Warmup)
	end := measureAt.Add(o.Duration)
	if o.Warmup <= 0 {
		d.Rec.Measure(start)
	}
	stopProgress := d.progress(ctx, start, measureAt, end)
	defer stopProgress()

	var n int64
	stalls := 0
	measuring := o.Warmup <= 0
	var stopAt time.Time
send:
	for {
		now := time.Now()
		if !now.Before(end) || ctx.Err() != nil {
			stopAt = now
			break
		}
		if !measuring && !now.Before(measureAt) {
			d.Rec.Measure(now)
			measuring = true
		}
		if o.Rate > 0 {
			due := int64(now.Sub(start).Seconds() * float64(o.Rate))
			for ; n < due; n++ {
				d.send(pk.next(), int(n))
				if n%32 == 31 && !time.Now().Before(end) {
					continue send
				}
			}
			time.Sleep(250 * time.Microsecond)
			continue
		}
		select {
		case window <- struct{}{}:
		case <-time.After(time.Second):
			stalls++
		case <-ctx.Done():
			continue
		}
		d.send(pk.next(), int(n))
		n++
	}
	d.Rec.StopMeasuring(stopAt)

	// Drain: wait for the replies still on their way.
	deadline := time.Now().Add(o.Drain)
	for d.Rec.Unanswered() > 0 && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	stopProgress()

	res := Result{Mix: o.Mix.String(), Rate: o.Rate, Duration: stopAt.Sub(measureAt).Seconds(),
		Warmup: o.Warmup.Seconds(), Sent: map[string]int{}, WindowStalls: stalls}
	if o.Warmup <= 0 {
		res.Duration = stopAt.Sub(start).Seconds()
	}
	for k, c := range d.counts {
		if c > 0 {
			res.Sent[kindNames[k]] = c
		}
	}
	res.Ack, res.Reply = d.Rec.Latencies()
	res.Counts = d.Rec.Counts()
	acks, answered := d.Rec.inWindow()
	if res.Duration > 0 {
		res.EnvelopesPerSec = float64(acks) / res.Duration
		res.AnsweredPerSec = float64(answered) / res.Duration
	}
	st := d.Fake.Stats()
	res.Redeliveries, res.Expired = st.Redeliveries, st.Expired
	res.Errors = res.Counts.APIErrors + res.Counts.RateLimited + st.ProtocolErrors + st.Expired
	return res, ctx.Err()
}

// send fires one envelope of kind k and registers its key.
func (d *Driver) send(k Kind, n int) {
	f, o := d.Fake, &d.Opts
	ch := d.channels[n%len(d.channels)]
	q := Questions[n%len(Questions)]
	user := "U0L" + strconv.FormatInt(d.users.Add(1), 36)
	d.counts[k]++
	sent := time.Now()
	var key string
	switch k {
	case Mention:
		key = f.NewTS()
		f.SendMention(o.Team, ch, user, q, key, "")
	case DM:
		key = f.DMChannel(user)
		f.SendDM(o.Team, user, q, "")
	case Slash:
		key, _ = f.SendSlash(o.Team, ch, user, "/roles", "ask "+q)
	case Click:
		key = f.NewTS()
		f.SendBlockAction(o.Team, ch, user, key, "", "rolecall.related.0", "related", RelatedIDs[n%len(RelatedIDs)])
	case Assess:
		if key = o.Assess(f, d.counts[Assess]-1); key == "" {
			d.counts[Assess]--
			d.counts[Mention]++
			k, key = Mention, f.NewTS()
			f.SendMention(o.Team, ch, user, q, key, "")
		}
	}
	d.Rec.Register(key, k, sent)
}

// progress prints a line a second until the returned func is called.
func (d *Driver) progress(ctx context.Context, start, measureAt, end time.Time) func() {
	w := d.Opts.Progress
	if w == nil {
		return func() {}
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		var lastSent, lastAcks, lastReplies int64
		for {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			case now := <-t.C:
				sent, acks, replies := d.Rec.sent.Load(), d.Rec.acks.Load(), d.Rec.replies.Load()
				phase := "measure"
				switch {
				case now.Before(measureAt):
					phase = "warmup"
				case !now.Before(end):
					phase = "drain"
				}
				lat := summarize(d.Rec.takeRecent())
				line := fmt.Sprintf("%5.1fs %-7s sent %5d/s  acked %5d/s  answered %5d/s  unanswered %5d  reply p99 %6.2fms  errors %d",
					now.Sub(start).Seconds(), phase, sent-lastSent, acks-lastAcks, replies-lastReplies,
					sent-replies, lat.P99, d.Rec.apiErrors.Load()+d.Rec.limited.Load())
				if d.Opts.Sample != nil {
					line += "  " + d.Opts.Sample()
				}
				fmt.Fprintln(w, line)
				lastSent, lastAcks, lastReplies = sent, acks, replies
			}
		}
	}()
	var once atomic.Bool
	return func() {
		if once.CompareAndSwap(false, true) {
			close(stop)
			<-done
		}
	}
}
