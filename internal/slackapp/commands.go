package slackapp

import (
	"context"
	"strings"

	"github.com/rolecall/rolecall/internal/session"
)

// slashCommand is one /roles subcommand. Exactly one of reply and run is
// set. Help is generated from this table, in its order.
type slashCommand struct {
	name    string
	args    string // usage hint, e.g. "<question>"
	summary string
	// reply answers without I/O (the Answerer aside), so its reply can ride
	// on the slash command's ack.
	reply func(rt *Router, ctx context.Context, req *Request, args string) Reply
	// usesAnswerer marks a reply that calls the Answerer: with a custom
	// (possibly slow) Answerer it runs on the worker pool instead.
	usesAnswerer bool
	// run handles the command on the worker pool, with I/O through out.
	run func(rt *Router, ctx context.Context, req *Request, args string, out Responder) error
	// directory marks the role directory's subcommands (directory.go),
	// left out when the store keeps no directory.
	directory bool
}

// slashCommands is the /roles table. Adding a subcommand is one entry here;
// the role directory's come from package directory (directoryCommands).
func slashCommands() []slashCommand {
	cs := []slashCommand{
		{name: "ask", args: "<question>", summary: "answer a question privately, with a button to share it", reply: (*Router).slashAsk, usesAnswerer: true},
		{name: "compare", summary: "the side-by-side product manager / product owner comparison", reply: (*Router).slashCompare},
		{name: "topics", summary: "list what I can answer", reply: (*Router).slashTopics},
		{name: "assess", args: "[modal]", summary: "take the hiring assessment (a product owner, a product manager, or both?) in a DM, or in a form", run: (*Router).slashAssess},
	}
	cs = append(cs, directoryCommands()...)
	return append(cs, slashCommand{name: "help", summary: "show this help", reply: (*Router).slashHelp})
}

func ephemeral(req *Request, c Content) Reply {
	r := replyTo(req, c)
	r.Ephemeral = true
	return r
}

func (rt *Router) slashAsk(ctx context.Context, req *Request, args string) Reply {
	if args == "" {
		return ephemeral(req, noteContent("Ask me a question after /roles ask, for example: /roles ask who owns the backlog?"))
	}
	return rt.answerReply(ctx, req, args, sharing{channel: true})
}

func (rt *Router) slashCompare(ctx context.Context, req *Request, args string) Reply {
	return ephemeral(req, comparisonContent(rt.engine.Base().Comparison()))
}

func (rt *Router) slashTopics(ctx context.Context, req *Request, args string) Reply {
	return ephemeral(req, topicsContent(rt.engine.Base().Entries()))
}

func (rt *Router) slashHelp(ctx context.Context, req *Request, args string) Reply {
	return ephemeral(req, rt.teamHelp(ctx, req, rt.help("", "")))
}

// textCommand is a whole message (normalised: lower case, no punctuation)
// that means something other than a question, in a DM or a mention.
type textCommand struct {
	words []string
	run   func(rt *Router, ctx context.Context, req *Request, out Responder) error
}

// textCommands is the table of words. Adding one is one entry here.
func textCommands() []textCommand {
	return []textCommand{
		{words: []string{"help", "hi", "hello", "hey", "what can you do"}, run: (*Router).textHelp},
		{words: []string{"compare", "comparison"}, run: (*Router).textCompare},
		{words: []string{"topics", "list topics"}, run: (*Router).textTopics},
		{words: []string{"assess", "assessment", "start", "start assessment", "start the assessment", "take the assessment", "hiring assessment", "start the hiring assessment"}, run: (*Router).textAssess},
	}
}

func (rt *Router) textHelp(ctx context.Context, req *Request, out Responder) error {
	return rt.post(ctx, out, replyTo(req, rt.teamHelp(ctx, req, rt.help("", ""))))
}

func (rt *Router) textCompare(ctx context.Context, req *Request, out Responder) error {
	return rt.post(ctx, out, replyTo(req, comparisonContent(rt.engine.Base().Comparison())))
}

func (rt *Router) textTopics(ctx context.Context, req *Request, out Responder) error {
	return rt.post(ctx, out, replyTo(req, topicsContent(rt.engine.Base().Entries())))
}

// action routes button clicks whose action_id is prefix or starts with
// prefix + ".".
type action struct {
	prefix string
	run    func(rt *Router, ctx context.Context, req *Request, out Responder) error
}

// actions is the button table. Adding a button family is one entry here.
func actions() []action {
	return []action{
		{prefix: actionRelated, run: (*Router).actionRelated},
		{prefix: "rolecall.feedback", run: (*Router).actionVote},
		{prefix: actionComment, run: (*Router).actionComment},
		{prefix: actionShare, run: (*Router).actionShare},
		{prefix: actionSuggest, run: (*Router).actionSuggest},
		{prefix: actionAssess, run: (*Router).actionAssess},
	}
}

// view is a modal whose submission Rolecall answers in the ack
// (Router.Submit), by callback id; closed, when set, follows the person
// closing one of its views.
type view struct {
	callback string
	// title names the form in the note that replaces it when a
	// submission fails.
	title  string
	submit func(rt *Router, ctx context.Context, req *Request, out Responder) (ViewReply, error)
	closed func(rt *Router, ctx context.Context, req *Request, out Responder) error
}

// views is the table of such modals. Adding one is one entry here.
func views() []view {
	return []view{
		{callback: askFormCallback, title: askFormTitle, submit: (*Router).submitAskForm},
		{callback: assessFormCallback, title: assessFormTitle, submit: (*Router).submitAssessForm, closed: (*Router).closedAssessForm},
	}
}

// actionReply addresses a reply to a click: in the thread of the clicked
// message (a top-level channel message starts one), ephemeral if the clicked
// message was.
func actionReply(req *Request, c Content) Reply {
	r := Reply{Channel: req.Channel, Thread: req.ThreadTS, User: req.User, Ephemeral: req.Ephemeral, Content: c}
	if r.Thread == "" && !req.DM && !req.Ephemeral {
		r.Thread = req.TS
	}
	return r
}

func (rt *Router) actionRelated(ctx context.Context, req *Request, out Responder) error {
	e, ok := rt.engine.Base().Entry(req.Value)
	if !ok {
		return rt.post(ctx, out, actionReply(req, noteContent("That question is no longer in my knowledge base.")))
	}
	a, _ := rt.engine.AnswerID(e.Question, e.ID)
	rt.count(a.Owner)
	r := actionReply(req, rt.withPeople(ctx, req, answerContent{a: a}, &dirLoad{}))
	return rt.post(ctx, out, rt.rememberTopic(req, r, a.Topic))
}

// actionShare posts an answer someone was shown privately where others see
// it, attributed to them: in the channel ("Share in channel"), or in the
// thread of the message they ran the shortcut on ("Share in thread").
func (rt *Router) actionShare(ctx context.Context, req *Request, out Responder) error {
	id, q := parseShareValue(req.Value)
	var thread string
	switch req.ActionID {
	case actionShare:
	case actionShareThread:
		var ok bool
		if id, thread, q, ok = parseThreadShareValue(req.Value); !ok {
			rt.lg.DebugContext(ctx, "share button with a bad value ignored", "action_id", req.ActionID)
			return nil
		}
	default:
		rt.lg.DebugContext(ctx, "unknown share action ignored", "action_id", req.ActionID)
		return nil
	}
	a, ok := rt.engine.AnswerID(q, id)
	if !ok {
		r := actionReply(req, noteContent("That answer is no longer in my knowledge base."))
		r.Ephemeral = true
		return rt.post(ctx, out, r)
	}
	rt.count(a.Owner)
	c := rt.withPeople(ctx, req, answerContent{a: a, sharedBy: req.User}, &dirLoad{})
	return rt.post(ctx, out, Reply{Channel: req.Channel, Thread: thread, User: req.User, Content: c})
}

// actionSuggest answers a "Did you mean" question someone picked, in place
// of the message that offered it: chat.update for a message in a channel
// or a DM, the click's response URL for an ephemeral one (/roles ask).
// Where neither works, the answer is posted in the thread instead.
func (rt *Router) actionSuggest(ctx context.Context, req *Request, out Responder) error {
	// A suggestion made to a message shortcut carries the thread its
	// answer may be shared in.
	id, thread, _ := strings.Cut(req.Value, "\n")
	if !session.ValidThread(thread) {
		thread = ""
	}
	e, ok := rt.engine.Base().Entry(id)
	if !ok {
		return rt.post(ctx, out, actionReply(req, noteContent("That question is no longer in my knowledge base.")))
	}
	a, _ := rt.engine.AnswerID(e.Question, e.ID)
	rt.count(a.Owner)
	rt.m.SuggestionsChosen.Inc()
	c := rt.withPeople(ctx, req, answerContent{a: a, chosen: true, share: req.Ephemeral && thread == "",
		shareThread: thread, assess: rt.dlg != nil && hiringTopic(a.Topic)}, &dirLoad{})
	var err error
	switch {
	case req.Ephemeral && req.ResponseURL != "":
		err = out.ReplaceEphemeral(ctx, req.ResponseURL, c)
	case !req.Ephemeral && req.Channel != "" && req.TS != "":
		err = out.Update(ctx, req.Channel, req.TS, c)
	default:
		return rt.post(ctx, out, rt.rememberTopic(req, actionReply(req, c), a.Topic))
	}
	if err != nil {
		rt.lg.DebugContext(ctx, "suggestion answered in a new message: the old one could not be replaced", "entry", e.ID, "err", err)
		return rt.post(ctx, out, rt.rememberTopic(req, actionReply(req, c), a.Topic))
	}
	if !req.Ephemeral {
		// Answered in place: the conversation's last answer is this one.
		runAfter(ctx, rt.rememberTopic(req, actionReply(req, c), a.Topic))
	}
	return nil
}
