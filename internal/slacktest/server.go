// Package slacktest is a fake Slack for Rolecall's tests and load benchmark:
// a loopback HTTP server that answers the Web API methods the bot uses and
// speaks Socket Mode over a real websocket, shaped as Slack documents them
// (../shared/slack/). It records every call, envelope and ack, enforces the
// Block Kit limits Slack enforces, and injects faults on demand: 429s,
// injected errors, slow methods (Delay), disconnect messages, dropped
// sockets, malformed frames.
//
// People are described on demand: SetUser makes users.info report an admin,
// an owner or a deactivated account, SetUserGroup a user group (enabled or
// disabled) for usergroups.list and usergroups.users.list.
//
// Modals are stacks of at most three views, as Slack's: views.open takes a
// trigger_id the fake handed out (with a slash command, a click, or a
// shortcut: SendShortcut, SendMessageAction), once and within 3 s;
// views.push takes one from an interaction within the modal; views.update
// reaches any view of a stack and checks its hash. Views keep Slack's limits
// (title, submit and close texts, blocks, private_metadata, callback_id,
// 250 KB). A person acts on the visible view: SubmitView (the ack's
// response_action then updates, pushes, clears or shows errors),
// SendBlockActionView (a click in it), CloseView and DismissModal
// (view_closed where the view asks for it).
//
// It does not import slack-go, so a test that drives the bot through slack-go
// against this fake checks both sides of the wire independently.
//
// The core API needs no *testing.T (the load benchmark uses it):
//
//	s, err := slacktest.New(slacktest.Config{})
//	defer s.Close()
//	api := slack.New(s.Config().BotToken, slack.OptionAPIURL(s.APIURL()),
//		slack.OptionAppLevelToken(s.Config().AppToken))
//	s.SendMention("", "C0123456789", "U0ALICE", "who owns the backlog?", "", "")
//	calls, err := s.WaitCalls(ctx, "chat.postMessage", 1)
//
// # Delivery
//
// Every Send* call is one delivery. Its envelopes go round-robin over the
// open sockets. An envelope not acked within Config.AckTimeout is sent again
// with retry_attempt 1, 2, … up to Config.MaxRetries, retry_reason
// "timeout", the same payload (so the same event_id) and a new envelope_id,
// to another socket when there is one; then the delivery is abandoned
// (Stats.Expired). An ack of any attempt completes the delivery; acks of
// other attempts are recorded as Late. A delivery made while no socket is
// open waits and goes out, as retry_attempt 1, to the first socket that
// connects, as Slack does with events that arrived while the app was away.
// Redeliver sends a copy of an envelope at once, acked or not.
//
// # HTTP delivery
//
// After AddRequestURL the fake delivers as Slack does to an app with Socket
// Mode off: the same payloads from the same Send* helpers, POSTed to the
// app's request URLs (EventsPath, InteractivityPath, CommandsPath) and
// signed with Config.SigningSecret (Sign). An answer within AckTimeout with
// a 2xx status acks the delivery; a failed event is retried with
// X-Slack-Retry-Num and X-Slack-Retry-Reason after Config.HTTPRetryDelays.
// Shortcuts, clicks and view submissions go to InteractivityPath as
// payload=JSON; the response to a view_submission is its ack, and its
// response_action is applied to the modal exactly as a socket ack's.
package slacktest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Config configures a fake Slack. The zero value is usable: every field has a
// default, listed on the field.
type Config struct {
	// TeamID is the workspace id (default "T0001").
	TeamID string
	// TeamDomain is the workspace domain (default "rolecall-test").
	TeamDomain string
	// BotUserID is the bot's user id as auth.test reports it (default "U0BOT").
	BotUserID string
	// BotID is the bot id as auth.test reports it (default "B0BOT").
	BotID string
	// AppID is the app id in hello and in payloads (default "A0APP").
	AppID string
	// BotToken is the only token the Web API methods accept
	// (default "xoxb-test-0001-rolecall").
	BotToken string
	// AppToken is the only token apps.connections.open accepts, and only in
	// the Authorization header (default "xapp-1-test-0001-rolecall").
	AppToken string
	// VerificationToken is the deprecated "token" field of payloads
	// (default "vtoken-test").
	VerificationToken string

	// AckTimeout is how long an envelope may stay unacked before it is
	// redelivered (default 3s, as Slack).
	AckTimeout time.Duration
	// MaxRetries is how many redeliveries an unacked envelope gets
	// (default 3, as Slack; negative means none).
	MaxRetries int
	// SigningSecret signs the requests of HTTP delivery (AddRequestURL);
	// default "8f742231b10e8888abcd99yyyzzz85a5", the example of Slack's
	// documentation.
	SigningSecret string
	// HTTPRetryDelays are the waits before each retry of an event over
	// HTTP: the first for X-Slack-Retry-Num 1, and so on, the last one
	// repeated (default 0, 1 minute, 5 minutes, as Slack). Tests shorten
	// them.
	HTTPRetryDelays []time.Duration
	// PingInterval is the period of websocket pings (default 10s; negative
	// disables pings, which makes slack-go reconnect after its ping timeout).
	PingInterval time.Duration
	// MaxConnections is how many sockets may be open at once (default 10, as
	// Slack); one more is told "too_many_websockets" and closed.
	MaxConnections int
	// DisconnectDelay is how long a socket stays open after a disconnect
	// message before the fake closes it (default 200ms).
	DisconnectDelay time.Duration
	// EchoBotMessages makes every chat.postMessage come back as a message
	// event with bot_id and user set to the bot, as real Slack does for the
	// channels the app listens to; use it to prove the bot ignores itself.
	EchoBotMessages bool
	// RecordLimit caps each record list (calls, envelopes, acks, violations);
	// when full the oldest half is dropped. Counters keep counting. Zero means
	// unlimited; negative records nothing (for load runs that only need
	// counters and the hooks).
	RecordLimit int
	// OnCall, if set, is called synchronously for every Web API call after the
	// response is written (the load benchmark timestamps replies with it). It
	// must be fast and must not call back into the Server's waiting helpers.
	OnCall func(Call)
	// OnAck, if set, is called synchronously for every ack received.
	OnAck func(Ack)
	// Logger receives the fake's own log lines (default: discarded).
	Logger *slog.Logger
}

func (c *Config) fill() {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&c.TeamID, "T0001")
	def(&c.TeamDomain, "rolecall-test")
	def(&c.BotUserID, "U0BOT")
	def(&c.BotID, "B0BOT")
	def(&c.AppID, "A0APP")
	def(&c.BotToken, "xoxb-test-0001-rolecall")
	def(&c.AppToken, "xapp-1-test-0001-rolecall")
	def(&c.VerificationToken, "vtoken-test")
	def(&c.SigningSecret, "8f742231b10e8888abcd99yyyzzz85a5")
	if len(c.HTTPRetryDelays) == 0 {
		c.HTTPRetryDelays = []time.Duration{0, time.Minute, 5 * time.Minute}
	}
	if c.AckTimeout <= 0 {
		c.AckTimeout = 3 * time.Second
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = 3
	} else if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.PingInterval == 0 {
		c.PingInterval = 10 * time.Second
	}
	if c.MaxConnections <= 0 {
		c.MaxConnections = 10
	}
	if c.DisconnectDelay <= 0 {
		c.DisconnectDelay = 200 * time.Millisecond
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
}

// ErrNoConnection is returned by the senders of raw frames when no socket is
// open.
var ErrNoConnection = errors.New("slacktest: no socket mode connection")

// Server is a running fake Slack. All methods are safe for concurrent use.
type Server struct {
	cfg    Config
	lg     *slog.Logger
	ln     net.Listener
	hs     *http.Server
	base   string
	idpfx  string // random per server: envelope, event and trigger ids differ between servers
	upg    websocket.Upgrader
	seq    atomic.Uint64
	lastTS atomic.Int64 // microseconds of the last ts handed out
	held   atomic.Int64 // calls waiting on a Delay
	wg     sync.WaitGroup
	// hc POSTs HTTP deliveries; hctx ends them when the server closes.
	hc      *http.Client
	hctx    context.Context
	hcancel context.CancelFunc

	mu      sync.Mutex
	closed  bool
	changed chan struct{} // closed and replaced on every recorded change
	watched bool          // someone holds changed; replace it on the next change

	rec   records
	st    Stats
	okBy  map[string]int
	errBy map[string]int
	rlBy  map[string]int

	bcMu       sync.Mutex
	blockCache map[string]blockVerdict

	limits map[string]*rateLimit
	fails  map[string]*failRule
	delays map[string]*delay

	tickets  map[string]struct{}
	people   people  // users, user groups (people.go)
	modals   modals  // trigger ids and open modals (views.go)
	conns    []*conn // open and routable, in connection order
	allConns map[*conn]struct{}
	nextConn int
	rr       int
	live     map[uint64]*delivery // by delivery sequence number
	pending  []*delivery          // waiting for a connection
	targets  []string             // request URL bases (AddRequestURL)
	rrHTTP   int
}

// New starts a fake Slack on 127.0.0.1 at a free port.
func New(cfg Config) (*Server, error) {
	cfg.fill()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("slacktest: listen: %w", err)
	}
	var rb [4]byte
	_, _ = rand.Read(rb[:])
	s := &Server{
		cfg:      cfg,
		lg:       cfg.Logger,
		ln:       ln,
		base:     "http://" + ln.Addr().String(),
		idpfx:    hex.EncodeToString(rb[:]),
		changed:  make(chan struct{}),
		okBy:     map[string]int{},
		errBy:    map[string]int{},
		rlBy:     map[string]int{},
		limits:   map[string]*rateLimit{},
		fails:    map[string]*failRule{},
		delays:   map[string]*delay{},
		tickets:  map[string]struct{}{},
		people:   newPeople(),
		modals:   newModals(),
		allConns: map[*conn]struct{}{},
		live:     map[uint64]*delivery{},

		blockCache: map[string]blockVerdict{},
	}
	s.rec.limit = cfg.RecordLimit
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	s.hc = &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
		// Slack follows no redirect from a request URL: a 3xx fails.
		return http.ErrUseLastResponse
	}}
	s.hctx, s.hcancel = context.WithCancel(context.Background())
	s.upg = websocket.Upgrader{
		ReadBufferSize:  8 << 10,
		WriteBufferSize: 8 << 10,
		// slack-go sends Origin: https://api.slack.com; Slack accepts it.
		CheckOrigin: func(*http.Request) bool { return true },
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/link/", s.serveLink)
	mux.HandleFunc("/response/", s.serveResponseURL)
	s.hs = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(s.lg.Handler(), slog.LevelDebug)}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.lg.Error("slacktest: serve", "err", err)
		}
	}()
	return s, nil
}

// NewT starts a fake Slack that logs to t.Log and closes when the test ends.
func NewT(t testing.TB, cfg Config) *Server {
	t.Helper()
	tw := &testWriter{t: t}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(tw, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("slacktest: %v", err)
	}
	t.Cleanup(func() {
		_ = s.Close()
		tw.stop()
	})
	return s
}

// testWriter forwards log lines to t.Log until the test ends: a timer that
// fires late must not log into a finished test.
type testWriter struct {
	t    testing.TB
	mu   sync.Mutex
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

func (w *testWriter) stop() {
	w.mu.Lock()
	w.done = true
	w.mu.Unlock()
}

// Config returns the configuration in effect, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// URL returns the base URL, "http://127.0.0.1:PORT".
func (s *Server) URL() string { return s.base }

// APIURL returns the Web API base URL with its trailing slash, for
// slack.OptionAPIURL and SLACK_API_URL: "http://127.0.0.1:PORT/api/".
func (s *Server) APIURL() string { return s.base + "/api/" }

// Close stops the server, closes every socket, ends HTTP deliveries in
// flight and stops redelivery. Pending envelopes are abandoned.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	for _, d := range s.live {
		if d.timer != nil {
			d.timer.Stop()
		}
	}
	conns := make([]*conn, 0, len(s.allConns))
	for c := range s.allConns {
		conns = append(conns, c)
	}
	s.notifyLocked()
	s.mu.Unlock()
	s.hcancel()
	err := s.hs.Close()
	for _, c := range conns {
		c.kill()
	}
	s.wg.Wait()
	return err
}

// notifyLocked wakes the waiters of WaitFor. s.mu must be held.
func (s *Server) notifyLocked() {
	if s.watched {
		close(s.changed)
		s.changed = make(chan struct{})
		s.watched = false
	}
}

// WaitFor blocks until cond returns true or ctx ends. cond is evaluated now
// and again after every recorded change (call, envelope, ack, connection);
// it may call the Server's accessors.
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.watched = true
		closed := s.closed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		if closed {
			return errors.New("slacktest: wait: server closed")
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("slacktest: wait: %w", ctx.Err())
		}
	}
}

// nextTS returns a Slack timestamp ("1700000000.000100") unique to this
// server and increasing, close to the wall clock.
func (s *Server) nextTS() string {
	now := time.Now().UnixMicro()
	for {
		last := s.lastTS.Load()
		v := max(now, last+1)
		if s.lastTS.CompareAndSwap(last, v) {
			return formatTS(v)
		}
	}
}

func formatTS(us int64) string {
	b := make([]byte, 0, 17)
	b = appendInt(b, us/1e6, 10)
	b = append(b, '.')
	b = appendInt(b, us%1e6, 6)
	return string(b)
}

// appendInt appends v zero-padded to width digits.
func appendInt(b []byte, v int64, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for v > 0 || i == len(tmp) {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	for n := len(tmp) - i; n < width; n++ {
		b = append(b, '0')
	}
	return append(b, tmp[i:]...)
}

// NewTS returns a fresh message timestamp, unique and increasing, for tests
// that invent the ts of a user's message.
func (s *Server) NewTS() string { return s.nextTS() }

// DMChannel returns the id of the direct-message channel between the bot and
// user: the one conversations.open answers and SendDM uses. It is stable.
func (s *Server) DMChannel(user string) string {
	// FNV-1a: a stable id per (team, user) without keeping a map.
	h := uint64(14695981039346656037)
	for _, c := range []byte(s.cfg.TeamID + "/" + user) {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return "D" + strings.ToUpper(fmt.Sprintf("%010x", h&0xffffffffff))
}
