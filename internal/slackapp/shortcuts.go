package slackapp

// The shortcuts (manifest.yml, features.shortcuts): "Ask Rolecall" on a
// message answers the question in it privately, with "Share in thread";
// "Who owns…?" from the shortcuts menu opens a form that answers in place
// and can share the answer in a channel. Both answer through answerReply,
// as a mention is answered: the same engine, rendering, escaping,
// unanswered log and metrics.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/knowledge"
)

// Callback ids of the shortcuts, as manifest.yml declares them.
const (
	// ShortcutAskMessage is the message shortcut "Ask Rolecall".
	ShortcutAskMessage = "rolecall_ask_message"
	// ShortcutAskGlobal is the global shortcut "Who owns…?".
	ShortcutAskGlobal = "rolecall_ask_global"
)

// The "Who owns…?" form.
const (
	// askFormCallback is the callback id of its views.
	askFormCallback = "rolecall.ask.form"
	askFormTitle    = "Who owns…?"
	// Its inputs: the question, and the channel to share the answer in.
	askBlock, askAction     = "question", "text"
	shareBlock, shareAction = "share", "channel"
	// maxAskText bounds a question typed into the form.
	maxAskText = 500
	// shareMeta starts the metadata of an answer that can be shared:
	// "s1\n<entry>\n<question>".
	shareMeta = "s1"
)

// maxShortcutText is the longest message "Ask Rolecall" reads as a
// question; a longer one is an article, not a question.
const maxShortcutText = 2000

// Notes of the shortcuts.
const (
	shortcutEmpty      = "That message has no words I can read as a question (is it only a file or an image?). Ask me with /roles ask <question>."
	shortcutTooLong    = "That message is too long for me to find one question in it (%d characters; I read up to %d). Ask me the question itself with /roles ask <question>."
	shortcutPrivately  = "I can't post in that conversation, so here is my answer privately. Invite me there (/invite @Rolecall) to share answers in its threads."
	askFormExpired     = "Slack gave me too little time to open the “Who owns…?” form (a shortcut's form must open within 3 seconds). Please try the shortcut again — or just ask me here."
	askFormUnavailable = "I can't open a form here. Ask me in a direct message, or with /roles ask <question>."
)

// shortcuts is the table of shortcuts, by callback id. Adding one is one
// entry here and one in manifest.yml.
func shortcuts() []shortcut {
	return []shortcut{
		{callback: ShortcutAskMessage, run: (*Router).shortcutAskMessage},
		{callback: ShortcutAskGlobal, run: (*Router).shortcutAskForm},
	}
}

// shortcut is one of the app's shortcuts.
type shortcut struct {
	callback string
	run      func(rt *Router, ctx context.Context, req *Request, out Responder) error
}

func (rt *Router) handleShortcut(ctx context.Context, req *Request, out Responder) error {
	for _, s := range rt.shortcuts {
		if s.callback == req.ActionID {
			return s.run(rt, ctx, req, out)
		}
	}
	rt.lg.DebugContext(ctx, "unknown shortcut ignored", "callback_id", req.ActionID)
	return nil
}

// shortcutAskMessage answers the question in the message a message
// shortcut was run on, privately to the person who ran it (where the
// message is: in its thread, if it is a reply), with "Share in thread".
// Where the bot cannot post an ephemeral message (it is not in the
// conversation), the answer goes to the person's DM instead.
func (rt *Router) shortcutAskMessage(ctx context.Context, req *Request, out Responder) error {
	var note string
	if n := utf8.RuneCountInString(req.Text); n > maxShortcutText {
		note = fmt.Sprintf(shortcutTooLong, n, maxShortcutText)
	} else if knowledge.Normalize(req.Text) == "" {
		note = shortcutEmpty
	}
	if note != "" {
		return rt.privateOrDM(ctx, out, ephemeral(req, noteContent(note)), noteContent(note))
	}
	thread := req.ThreadTS
	if thread == "" {
		thread = req.TS
	}
	r := rt.answerReply(ctx, req, req.Text, sharing{thread: thread})
	r.Ephemeral, r.Thread = true, req.ThreadTS
	if err := rt.privateOrDM(ctx, out, r, leadNote{lead: shortcutPrivately, c: r.Content, drop: actionShareThread}); err != nil {
		return err
	}
	runAfter(ctx, r)
	return nil
}

// privateOrDM posts r, an ephemeral reply, or, when Slack refuses it, dm
// in the person's DM.
func (rt *Router) privateOrDM(ctx context.Context, out Responder, r Reply, dm Content) error {
	_, err := out.Post(ctx, r)
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	rt.lg.DebugContext(ctx, "ephemeral reply refused; answering in the DM", "channel", r.Channel, "err", err)
	ch, derr := out.OpenDM(ctx, r.User)
	if derr == nil {
		_, derr = out.Post(ctx, Reply{Channel: ch, User: r.User, Content: dm})
	}
	if derr != nil {
		return errors.Join(err, derr)
	}
	return nil
}

// leadNote is content with a note above it and one button family left out
// (a Share in thread that cannot work where the content is posted).
type leadNote struct {
	lead string
	c    Content
	drop string
}

func (c leadNote) Blocks() []slack.Block {
	bs := []slack.Block{section("lead", Escape(c.lead))}
	for _, b := range c.c.Blocks() {
		if ab, ok := b.(*slack.ActionBlock); ok && c.drop != "" {
			var els []slack.BlockElement
			for _, e := range ab.Elements.ElementSet {
				if be, ok := e.(*slack.ButtonBlockElement); ok && (be.ActionID == c.drop || strings.HasPrefix(be.ActionID, c.drop+".")) {
					continue
				}
				els = append(els, e)
			}
			if len(els) == 0 {
				continue
			}
			b = slack.NewActionBlock(ab.BlockID, els...)
		}
		bs = append(bs, b)
	}
	if len(bs) > maxBlocks {
		bs = bs[:maxBlocks]
	}
	return bs
}

func (c leadNote) Fallback() string { return truncate(Escape(c.lead)+" "+c.c.Fallback(), maxFallback) }
func (c leadNote) Text() string     { return c.lead + "\n" + c.c.Text() }

// shortcutAskForm opens the "Who owns…?" form. A trigger Slack no longer
// takes (the 3 s were over) gets a word in the person's DM.
func (rt *Router) shortcutAskForm(ctx context.Context, req *Request, out Responder) error {
	mo, ok := out.(ModalOpener)
	if !ok || req.TriggerID == "" {
		return rt.dmNote(ctx, out, req.User, askFormUnavailable)
	}
	err := mo.OpenModal(ctx, req.TriggerID, askForm(""))
	if err == nil {
		return nil
	}
	if triggerGone(err) {
		rt.lg.WarnContext(ctx, "the “Who owns…?” form did not open: its trigger is gone", "err", err)
		return rt.dmNote(ctx, out, req.User, askFormExpired)
	}
	return fmt.Errorf("open the “Who owns…?” form: %w", err)
}

// dmNote says text in user's DM.
func (rt *Router) dmNote(ctx context.Context, out Responder, user, text string) error {
	ch, err := out.OpenDM(ctx, user)
	if err != nil {
		return err
	}
	_, err = out.Post(ctx, Reply{Channel: ch, User: user, Content: noteContent(text)})
	return err
}

// askForm is the form's first view: one input for the question (q, when
// asking again).
func askForm(q string) Modal {
	in := slack.NewPlainTextInputBlockElement(plain("Who owns the product backlog?"), askAction).WithMaxLength(maxAskText)
	if q != "" {
		in = in.WithInitialValue(cutRunes(q, maxAskText))
	}
	return Modal{
		CallbackID: askFormCallback, Title: askFormTitle, Submit: "Ask", Close: "Close",
		Blocks: []slack.Block{
			context1("intro", Escape(helpIntro)),
			slack.NewInputBlock(askBlock, plain("Your question"), plain("In your own words: who owns a duty, what a role does, whom to ask."), in),
		},
	}
}

// submitAskForm answers the form: a question typed in it (the answer
// replaces the form, with a channel picker to share it), or a channel
// picked to share the answer in.
func (rt *Router) submitAskForm(ctx context.Context, req *Request, out Responder) (ViewReply, error) {
	if strings.HasPrefix(req.View.Metadata, shareMeta+"\n") {
		return rt.shareFromForm(ctx, req, out)
	}
	q := strings.TrimSpace(req.Values[askBlock+"/"+askAction])
	switch {
	case q == "":
		return ViewReply{Action: ViewErrors, Errors: map[string]string{askBlock: "Type a question first."}}, nil
	case utf8.RuneCountInString(q) > maxAskText:
		return ViewReply{Action: ViewErrors, Errors: map[string]string{askBlock: fmt.Sprintf("Please keep it under %d characters.", maxAskText)}}, nil
	}
	ask := &Request{Kind: KindShortcut, Team: req.Team, User: req.User}
	if rt.answerer == nil {
		r := rt.answerReply(ctx, ask, q, sharing{})
		return ViewReply{Action: ViewUpdate, Modal: answerForm(q, r.Content), after: r.after}, nil
	}
	// A language model may take longer than Slack waits. An answer that
	// comes while the ack can still wait goes in the ack; a later one
	// replaces a "thinking" view after it. (Answering a fast question after
	// the ack raced with the ack itself: Slack could apply the "thinking"
	// view over the answer.)
	answered := make(chan Reply, 1)
	actx := context.WithoutCancel(ctx) // the answerer keeps to OPENAI_TIMEOUT
	go func() { answered <- rt.answerReply(actx, ask, q, sharing{}) }()
	wait := time.NewTimer(ackWait(ctx))
	defer wait.Stop()
	select {
	case r := <-answered:
		return ViewReply{Action: ViewUpdate, Modal: answerForm(q, r.Content), after: r.after}, nil
	case <-wait.C:
	case <-ctx.Done():
	}
	viewID := req.View.ID
	return ViewReply{
		Action: ViewUpdate,
		Modal:  Modal{CallbackID: askFormCallback, Title: askFormTitle, Close: "Close", Blocks: []slack.Block{section("thinking", "Looking that up…")}},
		after: func(ctx context.Context) {
			var r Reply
			select {
			case r = <-answered:
			case <-ctx.Done():
				return
			}
			mu, ok := out.(ModalUpdater)
			if !ok {
				return
			}
			if err := mu.UpdateModal(ctx, viewID, "", answerForm(q, r.Content)); err != nil {
				rt.lg.WarnContext(ctx, "answer not shown in the form", "err", err)
				return
			}
			runAfter(ctx, r)
		},
	}, nil
}

// ackWait is how long a submission's ack may wait for its answer: until a
// second before the deadline of ctx, at most askAckWait.
func ackWait(ctx context.Context) time.Duration {
	d := askAckWait
	if dl, ok := ctx.Deadline(); ok {
		d = min(d, time.Until(dl)-time.Second)
	}
	return max(d, 0)
}

// answerForm is the form once it answered q with c: the answer without
// the buttons of a message, then a channel picker to share it, or, when
// there is nothing to share, the question again to rephrase it.
func answerForm(q string, c Content) Modal {
	m := Modal{CallbackID: askFormCallback, Title: askFormTitle, Close: "Done"}
	m.Blocks = append(m.Blocks, context1("asked", "You asked: _"+Escape(q)+"_"))
	m.Blocks = append(m.Blocks, formBlocks(c)...)
	id, question, ok := shareable(c)
	if !ok {
		in := askForm(q)
		m.Submit = "Ask again"
		m.Blocks = append(m.Blocks, divider("again-divider"), in.Blocks[1])
		return m
	}
	pick := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain("Pick a channel"), shareAction)
	pick.Filter = &slack.SelectBlockElementFilter{Include: []string{"public", "private"}, ExcludeBotUsers: true}
	m.Submit = "Share"
	m.Metadata = shareMeta + "\n" + id + "\n" + cutRunes(question, maxAskText)
	m.Blocks = append(m.Blocks, divider("share-divider"),
		slack.NewInputBlock(shareBlock, plain("Share to a channel"), plain("I post this answer there, saying you asked. I need to be a member of the channel."), pick))
	return m
}

// formBlocks renders content for a modal: the buttons of a message (share,
// feedback, related questions) do not work there and are left out; "Did
// you mean" lists the questions to ask instead.
func formBlocks(c Content) []slack.Block {
	if ac, ok := c.(answerContent); ok {
		if ss := ac.suggestions(); len(ss) > 0 {
			qs := make([]string, len(ss))
			for i, s := range ss {
				qs[i] = "• " + Escape(s.Question)
			}
			return []slack.Block{
				section("lead", Escape(suggestLead)+" *Did you mean…?*\n"+strings.Join(qs, "\n")),
				context1("more", "Ask one of these below, or put it another way."),
			}
		}
	}
	var out []slack.Block
	for _, b := range c.Blocks() {
		if _, ok := b.(*slack.ActionBlock); ok {
			continue
		}
		out = append(out, b)
	}
	return out
}

// shareable returns the entry and the question of an answer the form can
// share: one from the knowledge base with an owner.
func shareable(c Content) (id, question string, ok bool) {
	var a knowledge.Answer
	switch c := c.(type) {
	case answerContent:
		a = c.a
	case peopleAnswer:
		a = c.a
	default:
		return "", "", false
	}
	if a.Owner == knowledge.Unknown || a.Topic == "" {
		return "", "", false
	}
	return a.Topic, a.Question, true
}

// shareFromForm posts the form's answer in the channel picked, attributed
// to the person, once: a redelivered submission does not post it again.
func (rt *Router) shareFromForm(ctx context.Context, req *Request, out Responder) (ViewReply, error) {
	parts := strings.SplitN(req.View.Metadata, "\n", 3)
	ch := req.Values[shareBlock+"/"+shareAction]
	if len(parts) != 3 || !slackID(ch) || !(strings.HasPrefix(ch, "C") || strings.HasPrefix(ch, "G")) {
		return ViewReply{Action: ViewErrors, Errors: map[string]string{shareBlock: "Pick a channel to share the answer in."}}, nil
	}
	id, q := parts[1], parts[2]
	a, ok := rt.engine.AnswerID(q, id)
	if !ok {
		return ViewReply{Action: ViewUpdate, Modal: noteModal(askFormTitle, Escape("That answer is no longer in my knowledge base."))}, nil
	}
	done := ViewReply{Action: ViewUpdate, Modal: Modal{CallbackID: askFormCallback, Title: askFormTitle, Close: "Done",
		Blocks: []slack.Block{section("shared", fmt.Sprintf("✅ Shared in <#%s>.", ch))}}}
	claim := "share:" + req.View.ID + "/" + req.View.Hash + "/" + ch
	if first, err := rt.store.Claim(ctx, req.Team, claim); err == nil && !first {
		return done, nil
	}
	rt.count(a.Owner)
	at := &Request{Kind: KindShortcut, Team: req.Team, User: req.User, Channel: ch}
	c := rt.withPeople(ctx, at, answerContent{a: a, sharedBy: req.User}, &dirLoad{})
	if _, err := out.Post(ctx, Reply{Channel: ch, User: req.User, Content: c}); err != nil {
		if rerr := rt.store.Release(ctx, req.Team, claim); rerr != nil {
			rt.lg.DebugContext(ctx, "share claim not released", "err", rerr)
		}
		var se interface{ SlackCode() string }
		if errors.As(err, &se) {
			switch se.SlackCode() {
			case "not_in_channel", "channel_not_found", "is_archived":
				return ViewReply{Action: ViewErrors, Errors: map[string]string{shareBlock: "I'm not a member of that channel. Invite me there (/invite @Rolecall), or pick another."}}, nil
			}
		}
		rt.lg.WarnContext(ctx, "answer not shared", "channel", ch, "err", err)
		return ViewReply{Action: ViewErrors, Errors: map[string]string{shareBlock: "I couldn't post there just now. Please try again."}}, nil
	}
	return done, nil
}
