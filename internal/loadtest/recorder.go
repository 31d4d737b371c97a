package loadtest

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rolecall/rolecall/internal/slacktest"
)

// Kind is a kind of envelope in the mix.
type Kind uint8

// The kinds of envelope a Driver sends.
const (
	Mention Kind = iota // an app_mention in a channel
	DM                  // a message in the bot's DM
	Slash               // /roles ask …
	Click               // a related-question button
	Assess              // an assessment answer button
	numKinds
)

var kindNames = [numKinds]string{"mention", "dm", "slash", "click", "assess"}

// String is the kind's name in -mix.
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "unknown"
}

// entry is one envelope awaiting (or having had) its reply.
type entry struct {
	kind    Kind
	sent    int64 // unix ns just before the Send* call; 0 until registered
	replyAt int64 // unix ns of the first reply
	replies int32
	counted bool // its reply latency is in the samples
}

// Recorder matches replies to the envelopes that asked for them. Its OnCall
// and OnAck methods are the fake's hooks (see FakeConfig). Safe for
// concurrent use.
type Recorder struct {
	mu      sync.Mutex
	entries map[string]*entry
	// from and to bound the measured window (unix ns); to == 0 means open.
	from, to int64
	ackLat   []int64
	replyLat []int64
	recent   []int64 // reply latencies of the current progress second
	dups     int
	dupKeys  []string
	// ackIn and replyIn count acks and first replies received in the
	// measured window.
	ackIn, replyIn int

	sent       atomic.Int64
	replies    atomic.Int64
	acks       atomic.Int64
	lateAcks   atomic.Int64
	apiErrors  atomic.Int64
	limited    atomic.Int64
	calls      atomic.Int64
	ephemerals atomic.Int64

	// window, when set, is a semaphore of envelopes in flight (rate 0);
	// guarded by mu.
	window chan struct{}
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder {
	return &Recorder{entries: make(map[string]*entry, 1<<16)}
}

// FakeConfig returns cfg with the Recorder's hooks installed and recording
// off (RecordLimit -1) unless cfg asks for records, so a long run keeps the
// fake's memory flat.
func (r *Recorder) FakeConfig(cfg slacktest.Config) slacktest.Config {
	if cfg.RecordLimit == 0 {
		cfg.RecordLimit = -1
	}
	prevCall, prevAck := cfg.OnCall, cfg.OnAck
	cfg.OnCall = func(c slacktest.Call) {
		r.OnCall(c)
		if prevCall != nil {
			prevCall(c)
		}
	}
	cfg.OnAck = func(a slacktest.Ack) {
		r.OnAck(a)
		if prevAck != nil {
			prevAck(a)
		}
	}
	return cfg
}

// Measure starts the measured window now: latencies of envelopes sent from
// now on are kept.
func (r *Recorder) Measure(now time.Time) {
	r.mu.Lock()
	r.from = now.UnixNano()
	r.mu.Unlock()
}

// StopMeasuring ends the measured window.
func (r *Recorder) StopMeasuring(now time.Time) {
	r.mu.Lock()
	r.to = now.UnixNano()
	r.mu.Unlock()
}

func (r *Recorder) inWindowLocked(ns int64) bool {
	return r.from != 0 && ns >= r.from && (r.to == 0 || ns < r.to)
}

// Register records that an envelope with key was sent at sent. A reply that
// arrived before Register (an ack can beat the sender's bookkeeping) is
// matched now.
func (r *Recorder) Register(key string, k Kind, sent time.Time) {
	r.sent.Add(1)
	ns := sent.UnixNano()
	r.mu.Lock()
	e := r.entries[key]
	if e == nil {
		e = &entry{}
		r.entries[key] = e
	}
	e.kind, e.sent = k, ns
	if e.replies > 0 && !e.counted {
		r.countLocked(e)
	}
	r.mu.Unlock()
}

func (r *Recorder) countLocked(e *entry) {
	e.counted = true
	if r.inWindowLocked(e.sent) {
		d := max(e.replyAt-e.sent, 0)
		r.replyLat = append(r.replyLat, d)
		r.recent = append(r.recent, d)
	}
}

// reply records a reply to key at t.
func (r *Recorder) reply(key string, t time.Time) {
	r.mu.Lock()
	e := r.entries[key]
	if e == nil {
		// Not registered yet (or never: a stray, found by Result).
		e = &entry{}
		r.entries[key] = e
	}
	e.replies++
	first := e.replies == 1
	window := r.window
	if first {
		e.replyAt = t.UnixNano()
		if r.inWindowLocked(e.replyAt) {
			r.replyIn++
		}
		if e.sent != 0 {
			r.countLocked(e)
		}
	} else {
		r.dups++
		if len(r.dupKeys) < 20 {
			r.dupKeys = append(r.dupKeys, key)
		}
	}
	r.mu.Unlock()
	if first {
		r.replies.Add(1)
		if window != nil {
			select {
			case <-window:
			default:
			}
		}
	}
}

// OnCall is the fake's OnCall hook: a posted message is a reply to the
// envelope whose key is its thread (mentions, clicks) or its channel (DMs).
func (r *Recorder) OnCall(c slacktest.Call) {
	r.calls.Add(1)
	switch {
	case c.Status == 429:
		r.limited.Add(1)
		return
	case c.Error != "":
		r.apiErrors.Add(1)
		return
	}
	switch c.Method {
	case "chat.postMessage", "chat.postEphemeral", "response_url":
		if c.Method != "chat.postMessage" {
			r.ephemerals.Add(1)
		}
		key := c.ThreadTS
		if key == "" {
			key = c.Channel
		}
		r.reply(key, c.Time)
	}
}

// OnAck is the fake's OnAck hook: it keeps the ack latency, and an ack with
// a payload (a slash command answered in its ack) is that envelope's reply.
func (r *Recorder) OnAck(a slacktest.Ack) {
	if a.Late || a.Unknown {
		r.lateAcks.Add(1)
		return
	}
	r.acks.Add(1)
	r.mu.Lock()
	if !a.Sent.IsZero() && r.inWindowLocked(a.Sent.UnixNano()) {
		r.ackLat = append(r.ackLat, int64(a.Latency))
	}
	if r.inWindowLocked(a.Received.UnixNano()) {
		r.ackIn++
	}
	r.mu.Unlock()
	if len(a.Payload) > 0 && a.Type == "slash_commands" {
		r.reply(a.Delivery, a.Received)
	}
}

// setWindow makes the Recorder free a slot of w on every first reply.
func (r *Recorder) setWindow(w chan struct{}) {
	r.mu.Lock()
	r.window = w
	r.mu.Unlock()
}

// inWindow returns the acks and first replies received in the measured
// window.
func (r *Recorder) inWindow() (acks, replies int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ackIn, r.replyIn
}

// takeRecent returns the reply latencies since the last call.
func (r *Recorder) takeRecent() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.recent
	r.recent = make([]int64, 0, len(out))
	return out
}

// Counts are the Recorder's totals over the whole run, warm-up included.
type Counts struct {
	Sent       int `json:"sent"`
	Replied    int `json:"replied"`
	Missing    int `json:"missing"`
	Duplicates int `json:"duplicates"`
	// Strays are replies to no envelope the Driver sent.
	Strays int `json:"strays"`
	// MissingByKind counts unanswered envelopes per kind.
	MissingByKind map[string]int `json:"missing_by_kind,omitempty"`
	// DuplicateKeys are a few keys answered more than once.
	DuplicateKeys []string `json:"duplicate_keys,omitempty"`
	Acks          int      `json:"acks"`
	LateAcks      int      `json:"late_acks"`
	Calls         int      `json:"calls"`
	APIErrors     int      `json:"api_errors"`
	RateLimited   int      `json:"rate_limited"`
	Ephemerals    int      `json:"ephemerals"`
}

// Counts totals the run so far.
func (r *Recorder) Counts() Counts {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := Counts{
		Duplicates: r.dups, DuplicateKeys: slices.Clone(r.dupKeys), MissingByKind: map[string]int{},
		Sent: int(r.sent.Load()), Replied: int(r.replies.Load()),
		Acks: int(r.acks.Load()), LateAcks: int(r.lateAcks.Load()), Calls: int(r.calls.Load()),
		APIErrors: int(r.apiErrors.Load()), RateLimited: int(r.limited.Load()), Ephemerals: int(r.ephemerals.Load()),
	}
	for _, e := range r.entries {
		switch {
		case e.sent == 0:
			c.Strays++
		case e.replies == 0:
			c.Missing++
			c.MissingByKind[e.kind.String()]++
		}
	}
	return c
}

// Unanswered reports how many registered envelopes have no reply yet.
func (r *Recorder) Unanswered() int {
	return int(r.sent.Load() - r.replies.Load())
}

// Latency is a latency distribution in milliseconds.
type Latency struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50_ms"`
	P95 float64 `json:"p95_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

// summarize computes percentiles of ns samples (it sorts them in place).
func summarize(ns []int64) Latency {
	if len(ns) == 0 {
		return Latency{}
	}
	slices.Sort(ns)
	at := func(q float64) float64 {
		i := int(q*float64(len(ns))+0.5) - 1
		i = min(max(i, 0), len(ns)-1)
		return float64(ns[i]) / 1e6
	}
	return Latency{N: len(ns), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: float64(ns[len(ns)-1]) / 1e6}
}

// Latencies returns the ack and reply distributions of the measured window.
func (r *Recorder) Latencies() (ack, reply Latency) {
	r.mu.Lock()
	a, p := slices.Clone(r.ackLat), slices.Clone(r.replyLat)
	r.mu.Unlock()
	return summarize(a), summarize(p)
}
