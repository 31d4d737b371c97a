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
	// used to open Socket Mode connections.
	AppToken string
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
	// unacked, so Slack redelivers them (here or to another instance) instead
	// of losing them.
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

// App is Rolecall connected to Slack over Socket Mode.
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

	// botUser and botID are learnt from auth.test before the socket opens.
	botUser, botID string
	connected      atomic.Bool

	queue   chan *job
	workers sync.WaitGroup

	envelopes map[string]prometheus.Counter
	handle    [len(kindNames)]prometheus.Observer
	lastWarn  atomic.Int64
}

// ErrNotConnected is Ready's answer while the socket is down.
var ErrNotConnected = errors.New("slack socket not connected")

// New checks cfg and builds an App; nothing connects until Run.
func New(cfg Config) (*App, error) {
	if !strings.HasPrefix(cfg.BotToken, "xoxb-") {
		return nil, errors.New("slackapp: Config.BotToken must be a bot token starting with xoxb-")
	}
	if !strings.HasPrefix(cfg.AppToken, "xapp-") {
		return nil, errors.New("slackapp: Config.AppToken must be an app-level token starting with xapp-")
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
	cfg.Logger = slog.New(redact.NewHandler(cfg.Logger.Handler(), cfg.BotToken, cfg.AppToken))
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
	opts := []slack.Option{slack.OptionHTTPClient(hc), slack.OptionAppLevelToken(cfg.AppToken)}
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

// Ready reports whether the Socket Mode connection is up (for /readyz).
func (a *App) Ready(ctx context.Context) error {
	if !a.connected.Load() {
		return ErrNotConnected
	}
	return nil
}

// Run learns who the bot is (auth.test), connects over Socket Mode and serves
// until ctx is cancelled; then it stops reading, finishes in-flight work
// within ShutdownTimeout and closes the socket. It returns nil after a
// clean shutdown, or the error that made serving impossible (bad tokens).
func (a *App) Run(ctx context.Context) error {
	who, err := a.whoAmI(ctx)
	if err != nil {
		return fmt.Errorf("slackapp: check the bot token with auth.test: %w", err)
	}
	a.botUser, a.botID = who.UserID, who.BotID
	a.lg.InfoContext(ctx, "slack: authenticated", "team", who.TeamID, "bot_user", who.UserID, "bot_id", who.BotID)

	// Work outlives ctx by up to ShutdownTimeout: acked envelopes are ours.
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	a.queue = make(chan *job, a.cfg.Queue)
	for range a.cfg.Workers {
		a.workers.Go(func() {
			for j := range a.queue {
				a.work(workCtx, j)
			}
		})
	}

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
	close(a.queue)
	done := make(chan struct{})
	go func() { a.workers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(a.cfg.ShutdownTimeout):
		a.lg.Warn("slack: shutdown deadline passed; abandoning in-flight work", "timeout", a.cfg.ShutdownTimeout)
		cancelWork()
		<-done
	}
	closeSocket()
	if err := <-sockErr; runErr == nil && err != nil && !errors.Is(err, context.Canceled) {
		runErr = fmt.Errorf("slackapp: socket mode: %w", err)
	}
	a.connected.Store(false)
	a.hc.CloseIdleConnections()
	a.lg.Info("slack: stopped")
	return runErr
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
// bookkeeping, or ack-then-enqueue. It never blocks on work.
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
		a.eventsAPI(ctx, smc, evt)
	case socketmode.EventTypeSlashCommand:
		a.slashCommand(ctx, smc, evt)
	case socketmode.EventTypeInteractive:
		a.interactive(ctx, smc, evt)
	}
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

func (a *App) eventsAPI(ctx context.Context, smc *socketmode.Client, evt socketmode.Event) {
	start := time.Now()
	if evt.Request == nil {
		return
	}
	a.envelopes["events_api"].Inc()
	if !a.room(1) {
		a.shed("events_api")
		return
	}
	if err := a.ack(ctx, smc, start, evt.Request.EnvelopeID, nil); err != nil {
		a.lg.Warn("slack: ack failed", "envelope", evt.Request.EnvelopeID, "err", err)
	}
	e, ok := evt.Data.(slackevents.EventsAPIEvent)
	if !ok {
		return
	}
	if req, ok := a.fromEvent(e); ok {
		if !validTS(req.TS, req.ThreadTS) {
			a.lg.Debug("slack: event with a malformed ts ignored", "kind", req.Kind.String())
			return
		}
		a.enqueue(&job{req: req, start: start})
	}
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

func (a *App) slashCommand(ctx context.Context, smc *socketmode.Client, evt socketmode.Event) {
	start := time.Now()
	if evt.Request == nil {
		return
	}
	envID := evt.Request.EnvelopeID
	a.envelopes["slash_commands"].Inc()
	cmd, ok := evt.Data.(slack.SlashCommand)
	if !ok {
		_ = a.ack(ctx, smc, start, envID, nil)
		return
	}
	req := Request{Kind: KindSlash, Team: cmd.TeamID, User: cmd.UserID, Channel: cmd.ChannelID,
		DM: strings.HasPrefix(cmd.ChannelID, "D"), Text: cmd.Text, Command: cmd.Command, TriggerID: cmd.TriggerID}
	if cmd.TriggerID != "" {
		req.ID = "slash:" + cmd.TriggerID
	}
	if r, ok := a.rt.Immediate(ctx, &req); ok {
		// The reply rides on the ack: it works in any conversation, even
		// where the bot is not a member.
		err := a.ack(ctx, smc, start, envID, slashPayload(r))
		if err == nil {
			a.handle[KindSlash].Observe(time.Since(start).Seconds())
			if r.after != nil {
				a.enqueue(&job{req: req, reply: r, mode: jobAfter, start: start})
			}
			return
		}
		// Too large for an ack (20 KB): ack empty and post it instead.
		_ = a.ack(ctx, smc, start, envID, nil)
		a.enqueue(&job{req: req, reply: r, mode: jobPost, start: start})
		return
	}
	if !a.room(1) {
		a.shed("slash_commands")
		return
	}
	if err := a.ack(ctx, smc, start, envID, nil); err != nil {
		a.lg.Warn("slack: ack failed", "envelope", envID, "err", err)
	}
	a.enqueue(&job{req: req, start: start})
}

// slashPayload is the ack payload of a slash command's immediate reply.
func slashPayload(r Reply) any {
	return struct {
		ResponseType string        `json:"response_type"`
		Text         string        `json:"text"`
		Blocks       []slack.Block `json:"blocks"`
	}{"ephemeral", r.Content.Fallback(), r.Content.Blocks()}
}

func (a *App) interactive(ctx context.Context, smc *socketmode.Client, evt socketmode.Event) {
	start := time.Now()
	if evt.Request == nil {
		return
	}
	a.envelopes["interactive"].Inc()
	cb, ok := evt.Data.(slack.InteractionCallback)
	if ok && !a.room(1) {
		a.shed("interactive")
		return
	}
	if err := a.ack(ctx, smc, start, evt.Request.EnvelopeID, nil); err != nil {
		a.lg.Warn("slack: ack failed", "envelope", evt.Request.EnvelopeID, "err", err)
	}
	if ok && cb.Type == slack.InteractionTypeViewSubmission {
		a.viewSubmission(start, cb)
		return
	}
	if !ok || cb.Type != slack.InteractionTypeBlockActions {
		return
	}
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
		return
	}
	// A click sends one action: the first is handled, any others (only a
	// hand-made payload has them) are counted and ignored, so one envelope
	// cannot ask for thousands of replies.
	acts := cb.ActionCallback.BlockActions
	if len(acts) == 0 || acts[0] == nil {
		a.m.ActionsIgnored.Add(float64(len(acts)))
		return
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
	a.enqueue(&job{start: start, req: Request{Kind: KindAction, ID: "act:" + ident + "/" + ba.ActionID,
		Team: cb.Team.ID, User: cb.User.ID, Channel: channel, DM: strings.HasPrefix(channel, "D"),
		TS: ts, ThreadTS: thread, ActionID: ba.ActionID, Value: ba.Value,
		Ephemeral: cb.Container.IsEphemeral, ResponseURL: cb.ResponseURL, TriggerID: cb.TriggerID}})
}
