package slackapp

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/session"
)

// maxActions is how many elements Slack allows in one actions block.
const maxActions = 25

// questionContent asks one question of the assessment.
type questionContent struct {
	reply assessment.Reply
	// ref is the assessment (owner and conversation) the buttons act on.
	ref assessRef
	// lead is the engine's acknowledgement shown above the question.
	lead  string
	title string
	// dm words the hint for a DM (any text answers) rather than a thread
	// (a reply has to mention the bot).
	dm bool
	// current is the answer already given, in words (after Back or Edit).
	current string
}

func (c questionContent) Blocks() []slack.Block {
	r, q := c.reply, c.reply.Question
	bs := make([]slack.Block, 0, 8)
	if c.lead != "" {
		bs = append(bs, section("lead", Escape(c.lead)))
	}
	bs = append(bs, context1("position", fmt.Sprintf("*Question %d of %d* · %s", r.Number, r.Total, Escape(c.title))))
	prompt := "*" + Escape(q.Prompt) + "*"
	if q.Help != "" {
		prompt += "\n" + Escape(q.Help)
	}
	bs = append(bs, section("prompt", prompt))
	if c.current != "" {
		bs = append(bs, context1("current", "Your answer so far: "+Escape(c.current)))
	}
	var els []slack.BlockElement
	for i, ch := range q.Choices {
		ref := c.ref
		ref.Question, ref.Choice = q.ID, ch.ID
		b := button(fmt.Sprintf("%s.%d", actionAssessChoose, i), ref.value(), ch.Label)
		if r.Current != nil && r.Current.Choice == ch.ID {
			b = b.WithStyle(slack.StylePrimary)
		}
		els = append(els, b)
	}
	for i := 0; i < len(els); i += maxActions {
		id := "choices"
		if i > 0 {
			id = fmt.Sprintf("choices-%d", i/maxActions)
		}
		bs = append(bs, slack.NewActionBlock(id, els[i:min(i+maxActions, len(els))]...))
	}
	bs = append(bs, context1("hint", Escape(c.hint())))
	nav := c.ref
	nav.Question = q.ID
	var navs []slack.BlockElement
	if r.Number > 1 {
		navs = append(navs, button(actionAssessBack, nav.value(), "◀ Back"))
	}
	if q.Skippable {
		navs = append(navs, button(actionAssessSkip, nav.value(), "Skip"))
	}
	navs = append(navs, button(actionAssessCancel, nav.value(), "Cancel").WithStyle(slack.StyleDanger))
	return append(bs, slack.NewActionBlock("nav", navs...))
}

// hint says how to answer in words.
func (c questionContent) hint() string {
	what := "the number of a choice"
	if c.reply.Question.AllowText {
		what += ", or your own words"
	}
	if c.dm {
		return "Or type " + what + " here; back, skip and cancel work too."
	}
	return "Or reply in this thread mentioning @Rolecall with " + what + "."
}

func (c questionContent) Fallback() string {
	return truncate(Escape(fmt.Sprintf("Question %s: %s", c.reply.Position(), c.reply.Question.Prompt)), maxFallback)
}

func (c questionContent) Text() string {
	r, q := c.reply, c.reply.Question
	var b strings.Builder
	if c.lead != "" {
		b.WriteString(c.lead + "\n\n")
	}
	fmt.Fprintf(&b, "Question %s: %s\n", r.Position(), q.Prompt)
	if q.Help != "" {
		fmt.Fprintf(&b, "  %s\n", q.Help)
	}
	for i, ch := range q.Choices {
		mark := ""
		if r.Current != nil && r.Current.Choice == ch.ID {
			mark = "   (your answer)"
		}
		fmt.Fprintf(&b, "  %d) %s%s\n", i+1, ch.Label, mark)
	}
	extra := "Type a number"
	if q.AllowText {
		extra += " or your own words"
	}
	extra += "; back"
	if q.Skippable {
		extra += ", skip"
	}
	b.WriteString(extra + " or cancel.")
	return b.String()
}

// doneContent replaces a question's buttons once it was answered, skipped
// or left with Back.
type doneContent struct {
	prompt string
	// label is the answer in words; back says the person went back.
	label string
	back  bool
}

func (c doneContent) said() string {
	if c.back {
		return "↩️ You went back to the previous question."
	}
	return "✅ You answered: " + c.label
}

func (c doneContent) Blocks() []slack.Block {
	s := "*" + Escape(c.prompt) + "*\n"
	if c.back {
		s += Escape(c.said())
	} else {
		s += "✅ You answered: *" + Escape(c.label) + "*"
	}
	return []slack.Block{section("done", s)}
}

func (c doneContent) Fallback() string {
	return truncate(Escape(c.prompt+" "+c.said()), maxFallback)
}

func (c doneContent) Text() string { return c.said() }

// cancelledContent replaces the buttons of a cancelled assessment's question.
type cancelledContent struct{ ref assessRef }

const cancelledText = "Assessment cancelled. Start over whenever you like."

func (c cancelledContent) Blocks() []slack.Block {
	return []slack.Block{
		section("cancelled", "❌ "+cancelledText),
		slack.NewActionBlock("cancelled-actions", button(actionAssessRestart, c.ref.value(), "Start over")),
	}
}

func (c cancelledContent) Fallback() string { return cancelledText }
func (c cancelledContent) Text() string     { return cancelledText + " (type restart)" }

// offerContent offers to resume an assessment in progress or start over.
type offerContent struct {
	// here is where Start over starts; active is the one in progress.
	here, active session.Key
	position     string
	step         string
}

func (c offerContent) where() string {
	if c.active == c.here {
		return ""
	}
	return " (in " + whereName(c.active) + ")"
}

func (c offerContent) Blocks() []slack.Block {
	resume := refOf(c.active)
	resume.Question = c.step
	over := refOf(c.here)
	over.Choice = restartAbandons
	return []slack.Block{
		section("offer", fmt.Sprintf("You have a hiring assessment in progress, at question %s%s. Resume it, or start over?", Escape(c.position), c.where())),
		slack.NewActionBlock("offer-actions",
			button(actionAssessResume, resume.value(), "Resume").WithStyle(slack.StylePrimary),
			button(actionAssessRestart, over.value(), "Start over")),
	}
}

func (c offerContent) Fallback() string {
	return truncate(Escape("You have a hiring assessment in progress, at question "+c.position+". Resume it, or start over?"), maxFallback)
}

func (c offerContent) Text() string {
	return "You have a hiring assessment in progress, at question " + c.position + ". Type restart to start over, or answer the question to go on."
}

// resultContent is the recommendation: the whole of it for the person who
// took the assessment, or its summary when shared in a channel.
type resultContent struct {
	res   *assessment.Result
	title string
	ref   assessRef
	// shareable adds "Share to channel"; sharedBy (a user id) makes it the
	// public summary, attributed.
	shareable bool
	sharedBy  string
}

// answerText is an answer in words, as the result lists it.
func answerText(a assessment.AnswerSummary) string {
	switch {
	case a.Skipped:
		return "(skipped)"
	case a.Label != "" && a.Text != "":
		return a.Label + " (note: " + a.Text + ")"
	case a.Label != "":
		return a.Label
	}
	return "“" + a.Text + "”"
}

func reasonMrkdwn(rs assessment.Reason) string {
	s := "• " + Escape(rs.Text)
	if len(rs.From) > 0 {
		parts := make([]string, len(rs.From))
		for i, f := range rs.From {
			parts[i] = Escape(f.Prompt) + " → *" + Escape(f.Label) + "*"
		}
		s += "\n_Because you answered:_ " + strings.Join(parts, "; ")
	}
	return s + "\n📖 " + Escape(cite(rs.Source))
}

func (c resultContent) strengthLine() string {
	r := c.res
	s := fmt.Sprintf("Strength: *%s*", r.Strength)
	if len(r.Scores) > 1 {
		s += fmt.Sprintf(" · score %d against %d for “%s”", r.Scores[0].Points, r.Scores[1].Points, Escape(r.Scores[1].Title))
	}
	return s
}

func (c resultContent) Blocks() []slack.Block {
	r := c.res
	bs := make([]slack.Block, 0, 24)
	if c.sharedBy != "" {
		bs = append(bs, context1("shared", fmt.Sprintf("<@%s> took the hiring assessment: _%s_", c.sharedBy, Escape(c.title))))
	}
	bs = append(bs, header("result", "Recommendation: "+r.Title))
	bs = append(bs, context1("strength", c.strengthLine()))
	bs = append(bs, section("summary", Escape(r.Summary)))
	// Room for the fixed blocks after the reasons.
	budget := maxBlocks - len(bs) - 14
	lines := []string{"*Why*"}
	for _, rs := range r.Reasons {
		lines = append(lines, reasonMrkdwn(rs))
	}
	bs = append(bs, sections("why", lines, max(1, budget/2))...)
	if len(r.Caveats) > 0 {
		lines = []string{"*Also worth weighing*"}
		for _, rs := range r.Caveats {
			lines = append(lines, reasonMrkdwn(rs))
		}
		bs = append(bs, sections("caveats", lines, 2)...)
	}
	if c.sharedBy != "" {
		return append(bs, context1("try", "Take it yourself with `/roles assess`."))
	}
	for i, role := range r.Roles {
		name := strings.ToLower(role.Title)
		bs = append(bs, sections(fmt.Sprintf("role-%d", i), pointLines("*What a "+Escape(name)+" does*", role.Responsibilities), 2)...)
		bs = append(bs, sections(fmt.Sprintf("kpis-%d", i), pointLines("*How a "+Escape(name)+" is measured*", role.KPIs), 1)...)
	}
	lines = []string{"*Your answers*"}
	for i, a := range r.Answers {
		lines = append(lines, fmt.Sprintf("%d. %s — *%s*", i+1, Escape(a.Prompt), Escape(answerText(a))))
	}
	bs = append(bs, sections("answers", lines, 2)...)
	var els []slack.BlockElement
	if c.shareable {
		els = append(els, button(actionAssessShare, c.ref.value(), "Share to channel").WithStyle(slack.StylePrimary))
	}
	els = append(els, button(actionAssessRestart, c.ref.value(), "Start over"))
	if len(bs) >= maxBlocks {
		bs = bs[:maxBlocks-1]
	}
	return append(bs, slack.NewActionBlock("result-actions", els...))
}

// maxPointText bounds one responsibility or KPI in a result: the knowledge
// entry's answer is the long form.
const maxPointText = 300

func pointLines(title string, ps []assessment.Point) []string {
	lines := []string{title}
	for _, p := range ps {
		if p.Text == "" {
			continue
		}
		lines = append(lines, "• *"+Escape(p.Topic)+"*: "+truncate(Escape(p.Text), maxPointText))
	}
	if len(lines) == 1 {
		return nil
	}
	return lines
}

func (c resultContent) Fallback() string {
	return truncate(Escape(fmt.Sprintf("Recommendation: %s (%s). %s", c.res.Title, c.res.Strength, c.res.Summary)), maxFallback)
}

func (c resultContent) Text() string {
	s := c.res.Text()
	if c.sharedBy == "" {
		s += "\nType restart to take it again."
	}
	return s
}

// markupNote is a short message Rolecall composes itself, with mentions
// and channel links in Slack markup: it is not escaped, so it must never
// carry user text.
type markupNote string

func (c markupNote) Blocks() []slack.Block { return []slack.Block{section("note", string(c))} }
func (c markupNote) Fallback() string      { return truncate(string(c), maxFallback) }
func (c markupNote) Text() string          { return string(c) }
