package slackapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/rolecall/rolecall/internal/assessment/dialog"
	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/redact"
	"github.com/rolecall/rolecall/internal/session"
)

// Config configures an App (and, through NewRouter, a Router).
type Config struct {
	// BotToken is the bot user OAuth token (xoxb-…), used for the Web API.
	BotToken string
	// AppToken is the app-level token (xapp-…, scope connections:write),
	// used to open Socket Mode connections; required in SocketMode, unused
	// in HTTPMode.
	AppToken string
	// Transport is how Slack reaches the App: SocketMode (the zero value)
	// or HTTPMode.
	Transport Transport
	// SigningSecret verifies every request Slack sends to the request
	// URLs (HTTPMode, where it is required). It is never logged.
	SigningSecret string
	// MaxBodyBytes caps the body of a request to the request URLs
	// (HTTPMode); a larger one is refused with 413. Default 1 MiB.
	MaxBodyBytes int64
	// APIURL overrides the Web API base URL (slack-go's OptionAPIURL), with
	// a trailing slash; empty means Slack itself. The fake Slack uses it.
	APIURL string
	// Engine answers questions; required.
	Engine *knowledge.Engine
	// Answerer, when set, answers questions instead of Engine (LLM mode).
	// Button clicks on related questions still use Engine.
	Answerer Answerer
	// Store de-duplicates deliveries and records feedback; required.
	Store Store
	// Assessments runs the hiring assessment dialog. Nil builds one over
	// Store when Store can keep assessments (a *session.Store), with the
	// built-in questionnaire bound to Engine's knowledge base; otherwise the
	// assessment is unavailable.
	Assessments *dialog.Service
	// Metrics receives every measurement; required.
	Metrics *ops.Metrics
	// Logger receives structured logs; tokens are redacted from it. Nil
	// discards logs.
	Logger *slog.Logger
	// Workers is the size of the worker pool; default 8 × GOMAXPROCS.
	Workers int
	// Queue is how many acked envelopes may wait for a worker; default 4096.
	// When it is full, new envelopes are shed: counted, logged and left
	// unacked (over HTTP: answered 503), so Slack redelivers them (here or
	// to another instance) instead of losing them.
	Queue int
	// ShutdownTimeout bounds how long Run waits for in-flight work after its
	// context is cancelled; default 10 s.
	ShutdownTimeout time.Duration
	// MaxRetryWait bounds the total time one Web API call waits on HTTP 429
	// Retry-After before giving up; default 30 s.
	MaxRetryWait time.Duration
	// PingInterval is how long the socket may go without a ping from Slack
	// before it is recycled; default slack-go's 30 s.
	PingInterval time.Duration
	// Curators may change the role directory and read the curators' report
	// (/roles set, unset, define, gaps), besides the workspace's admins and
	// owners: user ids (U…, W…) and user group ids (S…, every member).
	Curators []string
	// People says who is an admin, who left and who is in a group. Nil: the
	// App asks the Web API (users.info, usergroups.list,
	// usergroups.users.list); a Router without an App then knows only
	// Curators. Answers are cached for PeopleTTL.
	People People
}

// Transport says how Slack delivers events, commands and clicks.
type Transport uint8

const (
	// SocketMode: the App opens websockets to Slack (Config.AppToken).
	SocketMode Transport = iota
	// HTTPMode: Slack POSTs to the App's request URLs, served by Handler
	// and verified with Config.SigningSecret.
	HTTPMode
)

// String is the transport's name, as SLACK_MODE spells it.
func (t Transport) String() string {
	if t == HTTPMode {
		return "http"
	}
	return "socket"
}

// App is Rolecall connected to Slack, over Socket Mode or request URLs.
type App struct {
	cfg Config
	rt  *Router
	api *slack.Client
	hc  *http.Client
	// apiBase is the Web API base URL, with a trailing slash.
	apiBase string
	store   Store
	m       *ops.Metrics
	lg      *slog.Logger

	// botUser and botID are learnt from auth.test before the socket opens
	// (or the request URLs accept work).
	botUser, botID string
	connected      atomic.Bool

	// qmu guards queue and open: the socket reader and every HTTP request
	// offer jobs while Run opens and closes the queue.
	qmu     sync.RWMutex
	queue   chan *job
	open    bool
	workers sync.WaitGroup

	envelopes map[string]prometheus.Counter
	handle    [len(kindNames)]prometheus.Observer
	lastWarn  atomic.Int64
}

// ErrNotConnected is Ready's answer while the socket is down.
var ErrNotConnected = errors.New("slack socket not connected")

// ErrNotServing is Ready's answer in HTTPMode before Run has checked the
// bot token and started the workers, and once it is shutting down.
var ErrNotServing = errors.New("slack request URLs not serving")

// New checks cfg and builds an App; nothing connects until Run.
func New(cfg Config) (*App, error) {
	if !strings.HasPrefix(cfg.BotToken, "xoxb-") {
		return nil, errors.New("slackapp: Config.BotToken must be a bot token starting with xoxb-")
	}
	switch cfg.Transport {
	case SocketMode:
		if !strings.HasPrefix(cfg.AppToken, "xapp-") {
			return nil, errors.New("slackapp: Config.AppToken must be an app-level token starting with xapp-")
		}
	case HTTPMode:
		if cfg.SigningSecret == "" {
			return nil, errors.New("slackapp: Config.SigningSecret is required in HTTPMode")
		}
	default:
		return nil, fmt.Errorf("slackapp: unknown Config.Transport %d", cfg.Transport)
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8 * runtime.GOMAXPROCS(0)
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 4096
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	if cfg.MaxRetryWait <= 0 {
		cfg.MaxRetryWait = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Logger = slog.New(redact.NewHandler(cfg.Logger.Handler(), cfg.BotToken, cfg.AppToken, cfg.SigningSecret))
	rt, err := NewRouter(cfg)
	if err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// One idle connection per worker: the default of 2 per host would open
	// and close a connection for most replies under load.
	tr.MaxIdleConns = 2 * cfg.Workers
	tr.MaxIdleConnsPerHost = 2 * cfg.Workers
	hc := &http.Client{Transport: tr, Timeout: 15 * time.Second}
	opts := []slack.Option{slack.OptionHTTPClient(hc)}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	apiBase := slack.APIURL
	if cfg.APIURL != "" {
		apiBase = cfg.APIURL
		if !strings.HasSuffix(apiBase, "/") {
			apiBase += "/"
		}
		opts = append(opts, slack.OptionAPIURL(apiBase))
	}
	a := &App{
		cfg:       cfg,
		rt:        rt,
		api:       slack.New(cfg.BotToken, opts...),
		hc:        hc,
		apiBase:   apiBase,
		store:     cfg.Store,
		m:         cfg.Metrics,
		lg:        cfg.Logger,
		envelopes: map[string]prometheus.Counter{},
	}
	rt.usePeople(slackPeople{a})
	for _, t := range []string{"events_api", "slash_commands", "interactive", "other"} {
		a.envelopes[t] = cfg.Metrics.Envelopes.WithLabelValues(t)
	}
	for k := range kindNames {
		a.handle[k] = cfg.Metrics.HandleLatency.WithLabelValues(kindNames[k])
	}
	return a, nil
}

// Router returns the app's router.
func (a *App) Router() *Router { return a.rt }

// Ready reports whether the App can take work (for /readyz): in
// SocketMode whether the socket is up, in HTTPMode whether Run has checked
// the bot token and the workers are running.
func (a *App) Ready(ctx context.Context) error {
	if !a.connected.Load() {
		if a.cfg.Transport == HTTPMode {
			return ErrNotServing
		}
		return ErrNotConnected
	}
	return nil
}

// Run learns who the bot is (auth.test) and serves until ctx is cancelled:
// in SocketMode it connects and reads the socket, in HTTPMode it takes the
// work Handler accepts. Then it stops taking work, finishes in-flight work
// within ShutdownTimeout (and closes the socket). It returns nil after a
// clean shutdown, or the error that made serving impossible (bad tokens).
func (a *App) Run(ctx context.Context) error {
	who, err := a.whoAmI(ctx)
	if err != nil {
		return fmt.Errorf("slackapp: check the bot token with auth.test: %w", err)
	}
	a.botUser, a.botID = who.UserID, who.BotID
	a.lg.InfoContext(ctx, "slack: authenticated", "team", who.TeamID, "bot_user", who.UserID, "bot_id", who.BotID, "transport", a.cfg.Transport.String())

	// Work outlives ctx by up to ShutdownTimeout: acked envelopes are ours.
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	queue := make(chan *job, a.cfg.Queue)
	for range a.cfg.Workers {
		a.workers.Go(func() {
			for j := range queue {
				a.m.PoolInFlight.Inc()
				a.m.PoolQueued.Dec()
				a.work(workCtx, j)
				a.m.PoolInFlight.Dec()
			}
		})
	}
	a.qmu.Lock()
	a.queue, a.open = queue, true
	a.qmu.Unlock()

	var runErr error
	if a.cfg.Transport == HTTPMode {
		a.connected.Store(true)
		a.lg.Info("slack: taking requests")
		<-ctx.Done()
		a.connected.Store(false)
		a.drain(cancelWork)
	} else {
		runErr = a.runSocket(ctx, cancelWork)
	}
	a.connected.Store(false)
	a.hc.CloseIdleConnections()
	a.lg.Info("slack: stopped")
	return runErr
}

// runSocket reads the socket until ctx is cancelled, drains the pool and
// closes the socket.
func (a *App) runSocket(ctx context.Context, cancelWork context.CancelFunc) error {
	opts := []socketmode.Option{socketmode.OptionLog(slogOutput{a.lg})}
	if a.cfg.PingInterval > 0 {
		opts = append(opts, socketmode.OptionPingInterval(a.cfg.PingInterval))
	}
	smc := socketmode.New(a.api, opts...)
	sockCtx, closeSocket := context.WithCancel(context.WithoutCancel(ctx))
	defer closeSocket()
	sockErr := make(chan error, 1)
	go func() { sockErr <- smc.RunContext(sockCtx) }()

	var runErr error
read:
	for {
		select {
		case <-ctx.Done():
			break read
		case err := <-sockErr:
			sockErr <- err
			runErr = fmt.Errorf("slackapp: socket mode: %w", err)
			break read
		case evt := <-smc.Events:
			a.dispatch(ctx, smc, evt)
		}
	}

	// Stop reading (done), finish in-flight work, then close the socket.
	a.drain(cancelWork)
	closeSocket()
	if err := <-sockErr; runErr == nil && err != nil && !errors.Is(err, context.Canceled) {
		runErr = fmt.Errorf("slackapp: socket mode: %w", err)
	}
	return runErr
}

// drain closes the queue, so nothing more is accepted, and waits for the
// workers; past ShutdownTimeout it cancels their work.
func (a *App) drain(cancelWork context.CancelFunc) {
	a.qmu.Lock()
	a.open = false
	close(a.queue)
	a.qmu.Unlock()
	done := make(chan struct{})
	go func() { a.workers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(a.cfg.ShutdownTimeout):
		a.lg.Warn("slack: shutdown deadline passed; abandoning in-flight work", "timeout", a.cfg.ShutdownTimeout)
		cancelWork()
		<-done
	}
}

// whoAmI calls auth.test, waiting out an unreachable or failing Slack
// (network errors, HTTP 5xx) with backoff so a bot started during an outage
// comes up when Slack does; a refused token fails at once.
func (a *App) whoAmI(ctx context.Context) (*slack.AuthTestResponse, error) {
	backoff := 500 * time.Millisecond
	for {
		var who *slack.AuthTestResponse
		err := a.call(ctx, "auth.test", func(ctx context.Context) error {
			var err error
			who, err = a.api.AuthTestContext(ctx)
			return err
		})
		if err == nil {
			return who, nil
		}
		var ae *APIError
		if !errors.As(err, &ae) || !(ae.Code == "transport" || ae.Code == "timeout" || strings.HasPrefix(ae.Code, "http_5")) {
			return nil, err
		}
		a.lg.Warn("slack: Web API unreachable; retrying auth.test", "backoff", backoff, "err", err)
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, err
		case <-t.C:
		}
		backoff = min(2*backoff, 30*time.Second)
	}
}

// dispatch handles one socketmode event in the reader goroutine: connection
// bookkeeping, or enqueue-then-ack. It never blocks on work.
func (a *App) dispatch(ctx context.Context, smc *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.connected.Store(false)
		a.lg.Debug("slack: connecting")
	case socketmode.EventTypeConnected, socketmode.EventTypeHello:
		if !a.connected.Swap(true) {
			a.lg.Info("slack: connected")
		}
	case socketmode.EventTypeConnectionError:
		a.connected.Store(false)
		if e, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
			a.lg.Warn("slack: connection failed; retrying", "attempt", e.Attempt, "backoff", e.Backoff, "err", e.ErrorObj)
		}
	case socketmode.EventTypeInvalidAuth:
		a.connected.Store(false)
		a.lg.Error("slack: the app token was refused; check SLACK_APP_TOKEN")
	case socketmode.EventTypeIncomingError:
		if e, ok := evt.Data.(*slack.IncomingEventError); ok {
			a.lg.Debug("slack: socket read failed", "err", e.ErrorObj)
		}
	case socketmode.EventTypeErrorWriteFailed:
		if e, ok := evt.Data.(*socketmode.ErrorWriteFailed); ok {
			a.lg.Warn("slack: socket write failed", "err", e.Cause)
		}
	case socketmode.EventTypeErrorBadMessage:
		a.badMessage(ctx, smc, evt)
	case socketmode.EventTypeEventsAPI:
		if d, ok := a.fromSocket(smc, evt, "events_api"); ok {
			if e, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
				a.onEvent(ctx, d, e)
			} else {
				d.ackEmpty(ctx)
			}
		}
	case socketmode.EventTypeSlashCommand:
		if d, ok := a.fromSocket(smc, evt, "slash_commands"); ok {
			if cmd, ok := evt.Data.(slack.SlashCommand); ok {
				a.onSlash(ctx, d, cmd)
			} else {
				d.ackEmpty(ctx)
			}
		}
	case socketmode.EventTypeInteractive:
		if d, ok := a.fromSocket(smc, evt, "interactive"); ok {
			if cb, ok := evt.Data.(slack.InteractionCallback); ok {
				a.onInteraction(ctx, d, cb)
			} else {
				d.ackEmpty(ctx)
			}
		}
	}
}

// acker answers one delivery in the way its transport does: an ack frame
// on the socket, or the HTTP response.
type acker interface {
	// ack acknowledges the delivery, with payload (nil for none) as the
	// response. It fails before sending anything when the payload is too
	// large (Slack drops responses of 20 KB or more).
	ack(ctx context.Context, start time.Time, payload any) error
	// refuse leaves the delivery unacknowledged (over HTTP: answers 503),
	// so Slack delivers it again, here or to another instance.
	refuse(typ string)
	// later hands the ack to a worker, which acks with the answer it
	// computes (a form's submission answered in its ack): it returns the
	// function the worker acks with. Over HTTP the request then waits for
	// that ack, which is its response.
	later(ctx context.Context, start time.Time) func(payload any) error
}

// delivery is one envelope or request Slack sent, as its transport hands it
// to the App: what follows is the same for both.
type delivery struct {
	start time.Time
	// typ is the envelope type: events_api, slash_commands or interactive.
	typ string
	// retry is Slack's retry_attempt (X-Slack-Retry-Num over HTTP): 0 for
	// a first delivery.
	retry  int
	reason string
	acker  acker
}

func (d delivery) ackEmpty(ctx context.Context) {
	_ = d.acker.ack(ctx, d.start, nil)
}

// arrive counts a delivery and marks a redelivery in the metrics and the
// log; the exactly-once claim in work does the rest.
func (a *App) arrive(d delivery) {
	a.envelopes[d.typ].Inc()
	if d.retry > 0 {
		reason := retryReason(d.reason)
		a.m.Redeliveries.WithLabelValues(reason).Inc()
		a.lg.Debug("slack: redelivery", "type", d.typ, "retry", d.retry, "reason", reason)
	}
}

// retryReason bounds the reason label to the ones Slack documents.
func retryReason(r string) string {
	switch r {
	case "timeout", "http_timeout", "http_error", "connection_failed", "ssl_error", "too_many_redirects", "unknown_error":
		return r
	}
	return "other"
}

// socketAck acks over the socket.
type socketAck struct {
	a   *App
	smc *socketmode.Client
	id  string
}

func (s socketAck) ack(ctx context.Context, start time.Time, payload any) error {
	return s.a.ack(ctx, s.smc, start, s.id, payload)
}

func (s socketAck) refuse(typ string) { s.a.shed(typ) }

func (s socketAck) later(ctx context.Context, start time.Time) func(payload any) error {
	return func(payload any) error { return s.ack(ctx, start, payload) }
}

// fromSocket turns a socket envelope into a delivery.
func (a *App) fromSocket(smc *socketmode.Client, evt socketmode.Event, typ string) (delivery, bool) {
	if evt.Request == nil {
		return delivery{}, false
	}
	d := delivery{start: time.Now(), typ: typ, retry: evt.Request.RetryAttempt, reason: evt.Request.RetryReason,
		acker: socketAck{a, smc, evt.Request.EnvelopeID}}
	a.arrive(d)
	return d, true
}

// ack acknowledges an envelope and measures how long it took since start.
func (a *App) ack(ctx context.Context, smc *socketmode.Client, start time.Time, id string, payload any) error {
	if id == "" {
		return nil
	}
	err := smc.AckCtx(ctx, id, payload)
	if err == nil {
		a.m.AckLatency.Observe(time.Since(start).Seconds())
	}
	return err
}

// badMessage acks an envelope slack-go could not parse (an unknown inner
// event type, a malformed payload) so Slack does not redeliver it forever.
func (a *App) badMessage(ctx context.Context, smc *socketmode.Client, evt socketmode.Event) {
	start := time.Now()
	e, ok := evt.Data.(*socketmode.ErrorBadMessage)
	if !ok {
		return
	}
	var env struct {
		EnvelopeID string `json:"envelope_id"`
	}
	if json.Unmarshal(e.Message, &env) != nil || env.EnvelopeID == "" {
		a.lg.Debug("slack: unreadable socket message", "err", e.Cause)
		return
	}
	a.envelopes["other"].Inc()
	if err := a.ack(ctx, smc, start, env.EnvelopeID, nil); err != nil {
		a.lg.Warn("slack: ack failed", "envelope", env.EnvelopeID, "err", err)
	}
	a.lg.Debug("slack: unsupported envelope acked and ignored", "envelope", env.EnvelopeID, "err", e.Cause)
}

// take hands a job to the pool and acks the delivery; a full pool refuses
// the delivery instead, so Slack delivers it again.
func (a *App) take(ctx context.Context, d delivery, j *job) {
	if j != nil {
		j.retry = d.retry
		if !a.offer(j) {
			d.acker.refuse(d.typ)
			return
		}
	}
	if err := d.acker.ack(ctx, d.start, nil); err != nil {
		a.lg.Warn("slack: ack failed", "type", d.typ, "err", err)
	}
}

// onEvent takes an Events API event.
func (a *App) onEvent(ctx context.Context, d delivery, e slackevents.EventsAPIEvent) {
	req, ok := a.fromEvent(e)
	if !ok {
		a.take(ctx, d, nil)
		return
	}
	if !validTS(req.TS, req.ThreadTS) {
		a.lg.Debug("slack: event with a malformed ts ignored", "kind", req.Kind.String())
		a.take(ctx, d, nil)
		return
	}
	a.take(ctx, d, &job{req: req, start: d.start})
}

// validTS reports whether every ts is empty or a Slack timestamp. Slack
// sends nothing else; a payload that does could name any thread (and so
// any session key), so it is ignored.
func validTS(ts ...string) bool {
	for _, t := range ts {
		if !session.ValidThread(t) {
			return false
		}
	}
	return true
}

// fromEvent turns an Events API event into a Request, or says to ignore it:
// the bot's own messages, other bots, edits, joins and other subtypes.
func (a *App) fromEvent(e slackevents.EventsAPIEvent) (Request, bool) {
	var id, team string
	if cb, ok := e.Data.(*slackevents.EventsAPICallbackEvent); ok {
		id, team = cb.EventID, cb.TeamID
	}
	if e.TeamID != "" {
		team = e.TeamID
	}
	if id != "" {
		id = "ev:" + id
	}
	switch ev := e.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		// A DM reaches us as message.im; answering its mention too would
		// answer twice.
		if ev.User == "" || ev.BotID != "" || ev.User == a.botUser || ev.Edited != nil || strings.HasPrefix(ev.Channel, "D") {
			return Request{}, false
		}
		return Request{Kind: KindMention, ID: id, Team: team, User: ev.User, Channel: ev.Channel,
			TS: ev.TimeStamp, ThreadTS: ev.ThreadTimeStamp, Text: ev.Text}, true
	case *slackevents.MessageEvent:
		if ev.ChannelType != "im" || ev.SubType != "" || ev.BotID != "" || ev.User == "" || ev.User == a.botUser {
			return Request{}, false
		}
		return Request{Kind: KindDM, ID: id, Team: team, User: ev.User, Channel: ev.Channel, DM: true,
			TS: ev.TimeStamp, ThreadTS: ev.ThreadTimeStamp, Text: ev.Text}, true
	case *slackevents.AppHomeOpenedEvent:
		return Request{Kind: KindHome, ID: id, Team: team, User: ev.User, Channel: ev.Channel, Tab: ev.Tab}, true
	}
	return Request{}, false
}

// onSlash takes a slash command: a reply that needs no I/O rides on the
// ack; anything else goes to the pool.
func (a *App) onSlash(ctx context.Context, d delivery, cmd slack.SlashCommand) {
	req := Request{Kind: KindSlash, Team: cmd.TeamID, User: cmd.UserID, Channel: cmd.ChannelID,
		DM: strings.HasPrefix(cmd.ChannelID, "D"), Text: cmd.Text, Command: cmd.Command, TriggerID: cmd.TriggerID}
	if cmd.TriggerID != "" {
		req.ID = "slash:" + cmd.TriggerID
	}
	if r, ok := a.rt.Immediate(ctx, &req); ok {
		// The reply rides on the ack: it works in any conversation, even
		// where the bot is not a member.
		err := d.acker.ack(ctx, d.start, slashPayload(r))
		if err == nil {
			a.handle[KindSlash].Observe(time.Since(d.start).Seconds())
			if r.after != nil {
				a.enqueue(&job{req: req, reply: r, mode: jobAfter, start: d.start})
			}
			return
		}
		// Too large for an ack (20 KB): ack empty and post it instead.
		d.ackEmpty(ctx)
		a.enqueue(&job{req: req, reply: r, mode: jobPost, start: d.start})
		return
	}
	a.take(ctx, d, &job{req: req, start: d.start})
}

// slashPayload is the ack payload of a slash command's immediate reply.
func slashPayload(r Reply) any {
	return struct {
		ResponseType string        `json:"response_type"`
		Text         string        `json:"text"`
		Blocks       []slack.Block `json:"blocks"`
	}{"ephemeral", r.Content.Fallback(), r.Content.Blocks()}
}

// onInteraction takes a click, a shortcut, or a form submitted or closed.
// The submission of a form the router answers in its ack is the one
// delivery not acked here: a worker acks it with the answer (workView).
func (a *App) onInteraction(ctx context.Context, d delivery, cb slack.InteractionCallback) {
	if cb.Type == slack.InteractionTypeViewSubmission && a.rt.answersView(cb.View.CallbackID) {
		j := a.viewSubmitted(ctx, d, cb)
		j.retry = d.retry
		if !a.offer(j) {
			d.acker.refuse(d.typ)
		}
		return
	}
	a.take(ctx, d, a.interactionJob(d.start, cb))
}

// interactionJob is the work an interaction asks for; nil for nothing.
func (a *App) interactionJob(start time.Time, cb slack.InteractionCallback) *job {
	switch cb.Type {
	case slack.InteractionTypeViewSubmission:
		return a.viewSubmission(start, cb)
	case slack.InteractionTypeViewClosed:
		return a.viewClosed(start, cb)
	case slack.InteractionTypeShortcut, slack.InteractionTypeMessageAction:
		return a.shortcut(start, cb)
	case slack.InteractionTypeBlockActions:
		return a.blockActions(start, cb)
	}
	return nil
}

// shortcut is the job of a global shortcut, or of a message shortcut with
// the message it was run on.
func (a *App) shortcut(start time.Time, cb slack.InteractionCallback) *job {
	req := Request{Kind: KindShortcut, Team: cb.Team.ID, User: cb.User.ID, ActionID: cb.CallbackID,
		TriggerID: cb.TriggerID, ResponseURL: cb.ResponseURL}
	if cb.TriggerID != "" {
		req.ID = "sc:" + cb.TriggerID
	}
	if cb.Type == slack.InteractionTypeMessageAction {
		req.Channel, req.Text = cb.Channel.ID, cb.Message.Text
		req.DM = strings.HasPrefix(req.Channel, "D")
		req.TS, req.ThreadTS = cb.Message.Timestamp, cb.Message.ThreadTimestamp
		if req.TS == "" {
			req.TS = cb.MessageTs
		}
		if req.Channel == "" || req.TS == "" || !validTS(req.TS, req.ThreadTS) {
			a.lg.Debug("slack: message shortcut without a well-formed message ignored")
			return nil
		}
	}
	return &job{start: start, req: req}
}

// blockActions is the job of a click: on a message, on the App Home, or
// in a modal.
func (a *App) blockActions(start time.Time, cb slack.InteractionCallback) *job {
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	ts, thread := cb.Container.MessageTs, cb.Container.ThreadTs
	if ts == "" {
		ts = cb.Message.Timestamp
	}
	if thread == "" {
		thread = cb.Message.ThreadTimestamp
	}
	if !validTS(ts, thread) {
		a.lg.Debug("slack: interaction with a malformed ts ignored")
		return nil
	}
	// A click sends one action: the first is handled, any others (only a
	// hand-made payload has them) are counted and ignored, so one envelope
	// cannot ask for thousands of replies.
	acts := cb.ActionCallback.BlockActions
	if len(acts) == 0 || acts[0] == nil {
		a.m.ActionsIgnored.Add(float64(len(acts)))
		return nil
	}
	if len(acts) > 1 {
		a.m.ActionsIgnored.Add(float64(len(acts) - 1))
		a.lg.Debug("slack: actions after the first of a payload ignored", "actions", len(acts))
	}
	ba := acts[0]
	// A click has no event_id; its trigger (or its time and clicker)
	// identifies it across redeliveries.
	ident := cb.TriggerID
	if ident == "" {
		ident = cb.ActionTs + "/" + cb.User.ID
	}
	req := Request{Kind: KindAction, ID: "act:" + ident + "/" + ba.ActionID,
		Team: cb.Team.ID, User: cb.User.ID, Channel: channel, DM: strings.HasPrefix(channel, "D"),
		TS: ts, ThreadTS: thread, ActionID: ba.ActionID, Value: ba.Value,
		Ephemeral: cb.Container.IsEphemeral, ResponseURL: cb.ResponseURL, TriggerID: cb.TriggerID}
	if v := cb.View; cb.Container.Type == "view" && v.ID != "" {
		req.View = ViewRef{ID: v.ID, Hash: v.Hash, RootID: v.RootViewID, PreviousID: v.PreviousViewID,
			CallbackID: v.CallbackID, Metadata: v.PrivateMetadata}
	}
	return &job{start: start, req: req}
}
