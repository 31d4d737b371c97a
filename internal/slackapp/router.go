package slackapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/assessment/dialog"
	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/session"
)

// Router turns Requests into Replies. It knows nothing about sockets or the
// Web API: the App feeds it from Slack and `bot console` from a terminal.
// Safe for concurrent use.
type Router struct {
	engine   *knowledge.Engine
	answerer Answerer
	store    Store
	m        *ops.Metrics
	lg       *slog.Logger

	slash     []slashCommand
	words     map[string]textCommand
	actions   []action
	shortcuts []shortcut
	views     []view
	answers   map[knowledge.Owner]prometheus.Counter
	// dlg runs the hiring assessment (assess.go); nil when unavailable.
	dlg *dialog.Service
	// dir is the role directory and the curation loop (directory.go,
	// curation.go).
	dir *dirState
	// topics remembers each conversation's last answer, for follow-ups
	// (topics.go); nil when the store cannot.
	topics *topics
}

// Examples returns the questions the help and the console greeting suggest.
func Examples() []string {
	return []string{
		"Who owns the product backlog?",
		"Who sets the product vision?",
		"What skills does a product manager need?",
	}
}

// NewRouter builds a router from cfg's Engine, Answerer, Store, Metrics and
// Logger; the Slack settings are not needed.
func NewRouter(cfg Config) (*Router, error) {
	if cfg.Engine == nil {
		return nil, errors.New("slackapp: Config.Engine is required")
	}
	if cfg.Metrics == nil {
		return nil, errors.New("slackapp: Config.Metrics is required")
	}
	if cfg.Store == nil {
		return nil, errors.New("slackapp: Config.Store is required")
	}
	lg := cfg.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	rt := &Router{
		engine:    cfg.Engine,
		answerer:  cfg.Answerer,
		store:     cfg.Store,
		m:         cfg.Metrics,
		lg:        lg,
		slash:     slashCommands(),
		words:     map[string]textCommand{},
		actions:   actions(),
		shortcuts: shortcuts(),
		views:     views(),
		answers:   map[knowledge.Owner]prometheus.Counter{},
	}
	if ts, ok := cfg.Store.(topicStore); ok {
		rt.topics = newTopics(ts, cfg.Metrics, lg)
	}
	for _, tc := range textCommands() {
		for _, w := range tc.words {
			rt.words[w] = tc
		}
	}
	for _, o := range []knowledge.Owner{knowledge.ProductOwner, knowledge.ProductManager, knowledge.Shared, knowledge.Disputed, knowledge.Unknown} {
		rt.answers[o] = cfg.Metrics.Answers.WithLabelValues(string(o))
	}
	if err := rt.initAssess(cfg); err != nil {
		return nil, err
	}
	if err := rt.initDirectory(cfg); err != nil {
		return nil, err
	}
	return rt, nil
}

// Handle answers one request through out. A failure to post is returned
// (after one attempt to apologise to the person) so the transport can log
// it and release the delivery's claim.
func (rt *Router) Handle(ctx context.Context, req *Request, out Responder) error {
	var err error
	switch req.Kind {
	case KindMention, KindDM:
		err = rt.handleMessage(ctx, req, out)
	case KindSlash:
		err = rt.handleSlash(ctx, req, out)
	case KindAction:
		err = rt.handleAction(ctx, req, out)
	case KindHome:
		err = rt.handleHome(ctx, req, out)
	case KindShortcut:
		err = rt.handleShortcut(ctx, req, out)
	case KindView:
		err = rt.handleView(ctx, req, out)
	}
	if err != nil && req.Channel != "" && req.User != "" && !errors.Is(err, context.Canceled) {
		if _, aerr := out.Post(ctx, Reply{
			Channel: req.Channel, Thread: req.ThreadTS, Ephemeral: true, User: req.User,
			Content: noteContent(userMessage(err)),
		}); aerr != nil {
			rt.lg.DebugContext(ctx, "apology not delivered", "channel", req.Channel, "err", aerr)
		}
	}
	return err
}

// Immediate computes the reply of a slash command that needs no I/O, so the
// transport can put it in the ack. ok is false when the command must run on
// the worker pool through Handle instead. The returned Reply's bookkeeping
// must be run with RunAfter once the ack is sent.
func (rt *Router) Immediate(ctx context.Context, req *Request) (r Reply, ok bool) {
	if req.Kind != KindSlash {
		return Reply{}, false
	}
	sc, args, found := rt.lookupSlash(req.Text)
	if !found {
		return rt.unknownSlash(req, args), true
	}
	if sc.reply == nil || (sc.usesAnswerer && rt.answerer != nil) {
		return Reply{}, false
	}
	// A reply may read the team's directory (bounded), but never waits on
	// Slack: one that needs to runs on the worker pool instead.
	ctx, missed := cacheOnly(ctx)
	r = sc.reply(rt, ctx, req, args)
	if missed.Load() {
		return Reply{}, false
	}
	return r, true
}

// runAfter runs a reply's bookkeeping (such as logging an unanswered
// question); the App calls it on the worker pool after an immediate ack.
func runAfter(ctx context.Context, r Reply) bool {
	if r.after == nil {
		return false
	}
	r.after(ctx)
	return true
}

// post sends r and then its bookkeeping.
func (rt *Router) post(ctx context.Context, out Responder, r Reply) error {
	if _, err := out.Post(ctx, r); err != nil {
		return err
	}
	runAfter(ctx, r)
	return nil
}

// replyTo addresses a reply to where req came from: a mention is answered in
// its thread (never the channel root), a DM in place.
func replyTo(req *Request, c Content) Reply {
	r := Reply{Channel: req.Channel, Thread: req.ThreadTS, User: req.User, Content: c}
	if req.Kind == KindMention && r.Thread == "" {
		r.Thread = req.TS
	}
	return r
}

func (rt *Router) handleMessage(ctx context.Context, req *Request, out Responder) error {
	// Short messages may be a word like "help"; longer ones are questions.
	if len(req.Text) < 64 {
		norm := knowledge.Normalize(req.Text)
		if tc, ok := rt.words[norm]; ok {
			return tc.run(rt, ctx, req, out)
		}
		if norm == "" {
			return rt.post(ctx, out, replyTo(req, rt.help("", "")))
		}
	}
	// A typed answer to an assessment in progress, or a request to take it.
	if handled, err := rt.assessMessage(ctx, req, out); handled {
		return err
	}
	return rt.post(ctx, out, rt.answerReply(ctx, req, req.Text, sharing{}))
}

// sharing says where an answer's Share button posts, if it has one.
type sharing struct {
	// channel offers "Share in channel" (an ephemeral /roles ask).
	channel bool
	// thread offers "Share in thread": under the message whose thread
	// this is (a message shortcut).
	thread string
}

// answerReply answers a question and addresses the reply.
func (rt *Router) answerReply(ctx context.Context, req *Request, q string, share sharing) Reply {
	dl := requestDirLoad(ctx)
	if r, ok := rt.directoryReply(ctx, req, q, share, dl); ok {
		return r
	}
	a, followed := rt.followUp(ctx, req, q)
	if !followed {
		if rt.answerer != nil {
			a = rt.answerer.Answer(ctx, q)
		} else {
			a = rt.engine.Answer(q)
		}
	}
	c := answerContent{a: a, share: share.channel, shareThread: share.thread, assess: rt.dlg != nil && hiringTopic(a.Topic)}
	if en, ok := rt.engine.Base().Entry(a.FollowsUp); followed && ok {
		c.followsUp = en.Question
	}
	r := replyTo(req, rt.withPeople(ctx, req, c, dl))
	if req.Kind == KindSlash {
		r.Ephemeral = true
	}
	rt.count(a.Owner)
	if len(c.suggestions()) > 0 {
		rt.m.SuggestionsShown.Inc()
	}
	if a.Owner != knowledge.Unknown {
		r = rt.rememberTopic(req, r, a.Topic)
	}
	// Unsure questions are logged too, suggestions or not: they are what
	// the knowledge base should learn to answer. The log keeps what was
	// asked, normalised (no mentions, links or case), not what was typed;
	// the store cuts it short.
	if a.Owner == knowledge.Unknown {
		if logged := knowledge.Normalize(q); logged != "" {
			team := req.Team
			r.after = func(ctx context.Context) {
				if err := rt.store.LogUnanswered(ctx, team, logged); err != nil {
					rt.m.StoreErrors.WithLabelValues("log_unanswered").Inc()
					rt.lg.DebugContext(ctx, "unanswered question not logged", "err", err)
				}
			}
			rt.recordGap(ctx, team, q, a)
		}
	}
	return r
}

// rememberTopic has r, once sent, record topic as the last answer of the
// conversation r goes to (its channel and thread), for a follow-up there.
// A private reply starts no conversation.
func (rt *Router) rememberTopic(req *Request, r Reply, topic string) Reply {
	if rt.topics == nil || r.Ephemeral || r.Channel == "" || topic == "" || !session.ValidThread(r.Thread) {
		return r
	}
	c, prev := conv{req.Team, r.Channel, r.Thread}, r.after
	r.after = func(ctx context.Context) {
		if prev != nil {
			prev(ctx)
		}
		rt.topics.remember(c, topic)
	}
	return r
}

// conversation names where a follow-up leans on the answer before it:
// where its answer goes (replyTo), a mention's thread or a DM, as
// rememberTopic records it. Slash commands answer privately and have none.
func conversation(req *Request) (channel, thread string, ok bool) {
	if req.Kind != KindMention && req.Kind != KindDM {
		return "", "", false
	}
	r := replyTo(req, nil)
	return r.Channel, r.Thread, r.Channel != "" && session.ValidThread(r.Thread)
}

// followUp answers q as a follow-up of the conversation's last answer
// ("what about the PM?" after "who owns the backlog?"), if it is one. A
// store that cannot say leaves q to be answered alone.
func (rt *Router) followUp(ctx context.Context, req *Request, q string) (knowledge.Answer, bool) {
	channel, thread, ok := conversation(req)
	if !ok || rt.topics == nil || !rt.engine.MayFollowUp(q) {
		// Most questions are no follow-up: they cost no look-up.
		return knowledge.Answer{}, false
	}
	prev, err := rt.topics.last(ctx, conv{req.Team, channel, thread})
	if err != nil {
		if !errors.Is(err, session.ErrNotFound) {
			rt.m.StoreErrors.WithLabelValues("last_topic").Inc()
			rt.lg.DebugContext(ctx, "last topic not read", "err", err)
		}
		return knowledge.Answer{}, false
	}
	a, ok := rt.engine.FollowUp(q, prev)
	if ok {
		rt.m.FollowUps.Inc()
	}
	return a, ok
}

func (rt *Router) count(o knowledge.Owner) {
	if c, ok := rt.answers[o]; ok {
		c.Inc()
	} else {
		rt.answers[knowledge.Unknown].Inc()
	}
}

func (rt *Router) help(note, notePlain string) helpContent {
	return helpContent{note: note, notePlain: notePlain, commands: rt.slash, examples: Examples()}
}

// lookupSlash finds the subcommand named by the first word of text.
func (rt *Router) lookupSlash(text string) (sc slashCommand, args string, ok bool) {
	text = strings.TrimSpace(text)
	name, args, _ := strings.Cut(text, " ")
	if name == "" {
		name = "help"
	}
	name = strings.ToLower(name)
	for _, sc := range rt.slash {
		if sc.name == name {
			return sc, strings.TrimSpace(args), true
		}
	}
	return slashCommand{}, name, false
}

func (rt *Router) unknownSlash(req *Request, name string) Reply {
	cmd := req.Command
	if cmd == "" {
		cmd = "/roles"
	}
	name = truncate(name, 40)
	r := replyTo(req, rt.help(
		fmt.Sprintf("I don't know `%s %s`. Here is what I can do:", Escape(cmd), Escape(name)),
		fmt.Sprintf("I don't know %q. Here is what I can do:", cmd+" "+name)))
	r.Ephemeral = true
	return r
}

func (rt *Router) handleSlash(ctx context.Context, req *Request, out Responder) error {
	sc, args, found := rt.lookupSlash(req.Text)
	if !found {
		return rt.post(ctx, out, rt.unknownSlash(req, args))
	}
	if sc.reply != nil {
		return rt.post(ctx, out, sc.reply(rt, ctx, req, args))
	}
	return sc.run(rt, ctx, req, args, out)
}

func (rt *Router) handleAction(ctx context.Context, req *Request, out Responder) error {
	for _, a := range rt.actions {
		if req.ActionID == a.prefix || strings.HasPrefix(req.ActionID, a.prefix+".") {
			return a.run(rt, ctx, req, out)
		}
	}
	rt.lg.DebugContext(ctx, "unknown action ignored", "action_id", req.ActionID)
	return nil
}

// handleHome answers app_home_opened by publishing the Home tab (home.go).
func (rt *Router) handleHome(ctx context.Context, req *Request, out Responder) error {
	return rt.publishHome(ctx, req, out)
}

// errStoreDown is what a handler returns (wrapped) when the store failed in
// a way the person should hear about.
var errStoreDown = errors.New("store unavailable")

// userMessage turns an error into the one short sentence a person sees.
// It is the only place errors become Slack text.
func userMessage(err error) string {
	var se interface{ SlackCode() string }
	if errors.As(err, &se) {
		switch se.SlackCode() {
		case "not_in_channel", "channel_not_found":
			return "I couldn't post in this conversation — invite me with /invite @Rolecall and try again."
		}
	}
	var ie *assessment.InputError
	if errors.As(err, &ie) {
		return ie.Message
	}
	if errors.Is(err, errPermissionUnknown) {
		return "I couldn't check with Slack whether you may change the role directory, so nothing changed. Please try again in a minute."
	}
	if errors.Is(err, errDirectoryDown) {
		return "I can't reach the role directory right now (my storage isn't answering), so nothing changed. Please try again in a minute."
	}
	if errors.Is(err, errStoreDown) || errors.Is(err, session.ErrUnavailable) {
		return "I couldn't save that right now, so it was not recorded — please try again in a minute."
	}
	if errors.Is(err, session.ErrStale) {
		return "That assessment changed at the same moment (another click?), so this click changed nothing. Please use the latest question."
	}
	if errors.Is(err, session.ErrNotFound) {
		return "I can't find that assessment any more (they are kept for a week). Start a new one with /roles assess."
	}
	if errors.Is(err, errForeignClick) {
		return "That button isn't on a message of your current assessment here, so it changed nothing. Use the buttons of your latest question, or start one with /roles assess."
	}
	return "Sorry, I couldn't post that — please try again."
}
