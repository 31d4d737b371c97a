package slackapp

// The curation loop: 👍/👎 counted once per person per answer, the "what
// was wrong?" form a 👎 offers (a modal), the questions Rolecall could not
// answer (gaps), and /roles gaps, the curators' report of both. The records
// are the store's (session.Store Vote, AddComment, RecordGap, Gaps,
// MostDownvoted); none of them keeps who voted, wrote or asked.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/session"
)

// curationStore is what the curation loop needs from the store
// (*session.Store has it).
type curationStore interface {
	Vote(ctx context.Context, team, entryID, user string, up bool) (session.Tally, error)
	AddComment(ctx context.Context, team, entryID, text string) error
	RecordGap(ctx context.Context, team, question, closest string) error
	Gaps(ctx context.Context, team string, n int) ([]session.Gap, error)
	MostDownvoted(ctx context.Context, team string, n int) ([]session.Downvoted, error)
}

// Action ids of the "what was wrong?" form.
const (
	// actionComment is the button a 👎 offers; it opens the form.
	actionComment = "rolecall.comment"
	// actionCommentSubmit is the form's callback id: its submission.
	actionCommentSubmit = "rolecall.comment.submit"
	// The form's text input.
	commentBlock  = "comment"
	commentAction = "text"
)

// How much /roles gaps shows.
const (
	reportGaps      = 10
	reportDownvoted = 5
	reportComments  = 3
)

// viewSubmission turns a submitted form into a Request for the worker
// pool: its callback id is the ActionID, its private metadata the Value,
// what was typed the Text. The view's id identifies the submission across
// redeliveries.
func (a *App) viewSubmission(start time.Time, cb slack.InteractionCallback) *job {
	if !strings.HasPrefix(cb.View.CallbackID, "rolecall.") {
		return nil
	}
	var text string
	if cb.View.State != nil {
		// The store keeps CommentMax characters; a hand-made payload may
		// carry far more.
		text = cutRunes(cb.View.State.Values[commentBlock][commentAction].Value, 4*session.CommentMax)
	}
	return &job{start: start, req: Request{Kind: KindAction, ID: "view:" + cb.View.ID, Team: cb.Team.ID, User: cb.User.ID,
		ActionID: cb.View.CallbackID, Value: cb.View.PrivateMetadata, Text: text, TriggerID: cb.TriggerID}}
}

// actionVote counts a 👍 or 👎 once per person per answer (a second click
// changes that person's vote, it never adds) and thanks them privately; a
// 👎 offers the "what was wrong?" form. Without curation records it counts
// clicks with Store.Feedback, as before.
func (rt *Router) actionVote(ctx context.Context, req *Request, out Responder) error {
	if req.ActionID != actionFeedbackUp && req.ActionID != actionFeedbackDown {
		// Only our two buttons vote: a made-up "rolecall.feedback.x" is
		// neither a 👍 nor a 👎.
		rt.lg.DebugContext(ctx, "unknown feedback action ignored", "action_id", req.ActionID)
		return nil
	}
	up := req.ActionID == actionFeedbackUp
	e, known := rt.engine.Base().Entry(req.Value)
	var c Content = noteContent("Thanks for the feedback!")
	var err error
	switch {
	case !known:
		c = noteContent("That answer is no longer in my knowledge base.")
	case rt.dir.cur == nil:
		err = rt.store.Feedback(ctx, req.Team, req.Value, up)
	default:
		_, err = rt.dir.cur.Vote(ctx, req.Team, req.Value, req.User, up)
		if _, canAsk := out.(ModalOpener); err == nil && !up && canAsk {
			c = voteThanks{entry: e.ID}
		}
	}
	if err != nil {
		rt.m.StoreErrors.WithLabelValues("feedback").Inc()
		rt.lg.WarnContext(ctx, "feedback not recorded", "entry", req.Value, "err", err)
		c = noteContent("Thanks — but I couldn't record that right now. Please try again later.")
	}
	r := actionReply(req, c)
	r.Ephemeral = true
	return rt.post(ctx, out, r)
}

// actionComment opens the "what was wrong?" form (the button) or keeps
// what was written in it (the submission).
func (rt *Router) actionComment(ctx context.Context, req *Request, out Responder) error {
	e, known := rt.engine.Base().Entry(req.Value)
	if req.ActionID == actionCommentSubmit {
		if !known || rt.dir.cur == nil {
			rt.lg.DebugContext(ctx, "comment dropped: unknown answer or no curation records", "entry", req.Value)
			return nil
		}
		if err := rt.dir.cur.AddComment(ctx, req.Team, e.ID, req.Text); err != nil {
			rt.m.StoreErrors.WithLabelValues("comment").Inc()
			return fmt.Errorf("keep a comment on %s: %w", e.ID, err)
		}
		return nil
	}
	mo, ok := out.(ModalOpener)
	var note noteContent
	switch {
	case !known:
		note = "That answer is no longer in my knowledge base."
	case !ok || req.TriggerID == "" || rt.dir.cur == nil:
		note = "I can't open a form here, but thanks: your 👎 is counted."
	default:
		return mo.OpenModal(ctx, req.TriggerID, commentForm(e))
	}
	r := actionReply(req, note)
	r.Ephemeral = true
	return rt.post(ctx, out, r)
}

// commentForm is the "what was wrong?" modal for entry e.
func commentForm(e *knowledge.Entry) Modal {
	input := slack.NewPlainTextInputBlockElement(plain("For example: in our team the PM owns this."), commentAction).
		WithMultiline(true).WithMaxLength(session.CommentMax)
	in := slack.NewInputBlock(commentBlock, plain("What was wrong, or what should I have said?"),
		plain("The curators who keep me right read this. It is kept without your name, and mentions of people are removed."), input)
	return Modal{
		CallbackID: actionCommentSubmit, Metadata: e.ID,
		Title: "What was wrong?", Submit: "Send", Close: "Cancel",
		Blocks: []slack.Block{context1("about", "About the answer to: _"+Escape(e.Question)+"_"), in},
	}
}

// voteThanks thanks for a 👎 and offers the form.
type voteThanks struct{ entry string }

const voteThanksText = "Thanks for the feedback! If you tell me what was wrong, the people who keep me right will see it."

func (c voteThanks) Blocks() []slack.Block {
	return []slack.Block{
		section("note", Escape(voteThanksText)),
		slack.NewActionBlock("comment", button(actionComment, c.entry, "Tell us what was wrong")),
	}
}
func (c voteThanks) Fallback() string { return Escape(voteThanksText) }
func (c voteThanks) Text() string     { return voteThanksText }

// recordGap counts a question Rolecall could not answer, or answered
// unsure, with the entry it came closest to. Chat and attempts to change
// Rolecall's instructions are not questions to learn from.
func (rt *Router) recordGap(ctx context.Context, team, q string, a knowledge.Answer) {
	if rt.dir.cur == nil || a.Owner != knowledge.Unknown || a.Scope == knowledge.ScopeChat || a.Scope == knowledge.ScopeInjection {
		return
	}
	closest := ""
	if len(a.Suggestions) > 0 {
		closest = a.Suggestions[0].ID
	}
	// The store keeps GapQuestionMax characters of the question, without
	// mentions: normalising here first (bounded work, mentions and links
	// gone) lets a 40 KB message cost no more than a short one.
	q = cutRunes(knowledge.Normalize(q), 2*session.GapQuestionMax)
	if err := rt.dir.cur.RecordGap(ctx, team, q, closest); err != nil {
		rt.m.StoreErrors.WithLabelValues("record_gap").Inc()
		rt.lg.DebugContext(ctx, "gap not recorded", "err", err)
	}
}

// slashGaps is /roles gaps: the curators' report.
func (rt *Router) slashGaps(ctx context.Context, req *Request, args string, out Responder) error {
	if strings.TrimSpace(args) != "" {
		return rt.post(ctx, out, ephemeral(req, noteContent("/roles gaps takes nothing after it.")))
	}
	gaps, err := rt.dir.cur.Gaps(ctx, req.Team, reportGaps)
	if err != nil {
		return fmt.Errorf("%w: %v", errDirectoryDown, err)
	}
	down, err := rt.dir.cur.MostDownvoted(ctx, req.Team, reportDownvoted)
	if err != nil {
		return fmt.Errorf("%w: %v", errDirectoryDown, err)
	}
	return rt.post(ctx, out, ephemeral(req, gapsReport{gaps: gaps, down: down, entry: rt.engine.Base().Entry}))
}

// gapsReport is the curators' report.
type gapsReport struct {
	gaps  []session.Gap
	down  []session.Downvoted
	entry func(id string) (*knowledge.Entry, bool)
}

// question names an entry by its question, or by its id if it is gone.
func (c gapsReport) question(id string) string {
	if e, ok := c.entry(id); ok {
		return e.Question
	}
	return id
}

func times(n int64) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

func (c gapsReport) gapLines(code, em func(string) string, esc func(string) string) []string {
	var out []string
	for _, g := range c.gaps {
		s := fmt.Sprintf("“%s” — asked %s", esc(g.Question), times(g.Count))
		if g.Closest != "" {
			s += " · closest: " + em(esc(c.question(g.Closest))) + " (" + code(esc(g.Closest)) + ")"
		}
		out = append(out, s)
	}
	return out
}

func (c gapsReport) downLines(code, em func(string) string, esc func(string) string, quote string) []string {
	var out []string
	for _, d := range c.down {
		s := fmt.Sprintf("%s (%s) — 👎 %d · 👍 %d", em(esc(c.question(d.Entry))), code(esc(d.Entry)), d.Down, d.Up)
		for i, cm := range d.Comments {
			if i == reportComments {
				s += fmt.Sprintf("\n%s…and %d more", quote, len(d.Comments)-i)
				break
			}
			s += "\n" + quote + esc(cm.Text)
		}
		out = append(out, s)
	}
	return out
}

func (c gapsReport) Blocks() []slack.Block {
	code := func(s string) string { return "`" + s + "`" }
	em := func(s string) string { return "_" + s + "_" }
	bs := []slack.Block{header("gaps", "What I get wrong")}
	if len(c.gaps) == 0 {
		bs = append(bs, section("gaps-none", "*Questions I couldn't answer:* none yet."))
	} else {
		bs = append(bs, section("gaps-title", "*Questions I couldn't answer*, most asked first:"))
		bs = append(bs, sections("gaps", bullets(c.gapLines(code, em, Escape)), 20)...)
	}
	if len(c.down) == 0 {
		bs = append(bs, section("down-none", "*Answers marked 👎:* none yet."))
	} else {
		bs = append(bs, section("down-title", "*Answers marked 👎*, most first, with what people said was wrong:"))
		bs = append(bs, sections("down", bullets(c.downLines(code, em, Escape, "> ")), 20)...)
	}
	return append(bs, context1("gaps-more", "Questions are kept 90 days after they were last asked, comments 90 days; neither says who asked or wrote. Add or fix answers in your KNOWLEDGE_DIR (check it with `bot kb check`)."))
}

// cutRunes cuts s to at most n runes.
func cutRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func bullets(ls []string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = "• " + l
	}
	return out
}

func (c gapsReport) Fallback() string {
	return fmt.Sprintf("What I get wrong: %d unanswered question(s), %d answer(s) marked 👎.", len(c.gaps), len(c.down))
}

func (c gapsReport) Text() string {
	id := func(s string) string { return s }
	var b strings.Builder
	b.WriteString("Questions I couldn't answer, most asked first:")
	if len(c.gaps) == 0 {
		b.WriteString(" none yet.")
	}
	for _, l := range c.gapLines(id, id, id) {
		b.WriteString("\n  - " + l)
	}
	b.WriteString("\nAnswers marked 👎, most first:")
	if len(c.down) == 0 {
		b.WriteString(" none yet.")
	}
	for _, l := range c.downLines(id, id, id, "      ") {
		b.WriteString("\n  - " + l)
	}
	return b.String()
}
