package slackapp

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/session"
)

// Block Kit limits Slack enforces on messages. Lengths are counted here in
// bytes, which is never less than Slack's character count, so a text that
// fits here fits there.
const (
	maxBlocks      = 50
	maxSectionText = 3000
	maxFieldText   = 2000
	maxContextText = 2000
	maxHeaderText  = 150
	maxButtonText  = 75
	maxButtonValue = 2000
	maxFallback    = 3000
)

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape makes text safe to insert into Slack mrkdwn: &, < and > become
// entities, so nobody can make the bot post <!channel>, <!here> or a mention.
func Escape(s string) string { return escaper.Replace(s) }

// maxPartBytes bounds the part of a message of several asks that an
// answer says it answers (escaped bytes, as truncate counts): Slack takes
// up to 3,000 characters in a context element, and a line is enough.
const maxPartBytes = 300

// truncate cuts s to at most n bytes, on a rune boundary and never inside an
// entity made by Escape, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ell = "…"
	cut := n - len(ell)
	if cut < 0 {
		cut = 0
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	// An entity is at most "&amp;": do not leave half of one.
	if i := strings.LastIndexByte(s[:cut], '&'); i >= 0 && cut-i < 5 && !strings.Contains(s[i:cut], ";") {
		cut = i
	}
	return s[:cut] + ell
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

func header(id, s string) slack.Block {
	return slack.NewHeaderBlock(plain(truncate(s, maxHeaderText)), slack.HeaderBlockOptionBlockID(id))
}

func section(id, s string) slack.Block {
	return slack.NewSectionBlock(mrkdwn(truncate(s, maxSectionText)), nil, nil, slack.SectionBlockOptionBlockID(id))
}

func context1(id, s string) slack.Block {
	return slack.NewContextBlock(id, mrkdwn(truncate(s, maxContextText)))
}

func button(actionID, value, text string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, truncate(value, maxButtonValue), plain(truncate(text, maxButtonText)))
}

// sections splits lines into as few section blocks as fit the text limit.
func sections(idPrefix string, lines []string, budget int) []slack.Block {
	var out []slack.Block
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 && len(out) < budget {
			out = append(out, section(fmt.Sprintf("%s-%d", idPrefix, len(out)), b.String()))
		}
		b.Reset()
	}
	for _, l := range lines {
		l = truncate(l, maxSectionText)
		if b.Len()+len(l)+1 > maxSectionText {
			flush()
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	flush()
	return out
}

// ownerHeader is the header of an answer: who owns it, said plainly.
func ownerHeader(o knowledge.Owner) string {
	switch o {
	case knowledge.ProductOwner:
		return "Owner: Product owner"
	case knowledge.ProductManager:
		return "Owner: Product manager"
	case knowledge.Shared:
		return "Owner: shared by both roles"
	case knowledge.Disputed:
		return "Owner: disputed — the sources disagree"
	default:
		return "I can't answer that one"
	}
}

func roleName(o knowledge.Owner) string {
	switch o {
	case knowledge.ProductOwner:
		return "Product owner"
	case knowledge.ProductManager:
		return "Product manager"
	case knowledge.Shared:
		return "Both roles"
	}
	return string(o)
}

func cite(s knowledge.Source) string {
	c := s.Title
	if s.Author != "" {
		c += " (" + s.Author + ")"
	}
	if s.Section != "" {
		c += ", “" + s.Section + "”"
	}
	return c
}

// Action ids. Every id Rolecall puts on a button starts with "rolecall.";
// the actions table in commands.go routes them by prefix.
const (
	actionRelated      = "rolecall.related"
	actionFeedbackUp   = "rolecall.feedback.up"
	actionFeedbackDown = "rolecall.feedback.down"
	actionShare        = "rolecall.share"
	// actionShareThread shares an answer in the thread of the message a
	// message shortcut was run on.
	actionShareThread = "rolecall.share.thread"
	// actionSuggest takes the suggestion's index as a suffix
	// ("rolecall.suggest.1"), so action ids stay unique in a message.
	actionSuggest = "rolecall.suggest"
)

// maxSuggestions is how many "Did you mean" buttons an answer shows.
const maxSuggestions = 3

// The "Did you mean" reply to a question Rolecall is unsure of: one short
// line, then the closest questions as buttons.
const (
	suggestLead = "I'm not sure I understood that one."
	suggestMore = "None of these? Use `/roles topics` to see everything I can answer."
)

// answerContent renders an engine answer.
type answerContent struct {
	a knowledge.Answer
	// share adds a "Share in channel" button (an ephemeral /roles ask).
	share bool
	// shareThread, when set, adds a "Share in thread" button that posts
	// the answer in the thread of that ts (a message shortcut); the
	// suggestions carry it too.
	shareThread string
	// assess adds "Take the assessment" (hiring questions, assess.go).
	assess bool
	// sharedBy, when set, attributes a shared answer to the person who asked.
	sharedBy string
	// chosen marks the answer to a suggestion someone picked: it names the
	// question it answers, since the message it replaces asked another.
	chosen bool
	// followsUp, when set, is the question of the answer before, which a
	// follow-up ("what about the PM?") leaned on: the reply says so.
	followsUp string
}

// suggestions are the "Did you mean" questions to offer instead of an
// answer: only for a question Rolecall was unsure of, never for one it
// declined by its form (Scope.Gated), at most maxSuggestions.
func (c answerContent) suggestions() []knowledge.Related {
	a := c.a
	if a.Owner != knowledge.Unknown || a.Scope.Gated() {
		return nil
	}
	out := make([]knowledge.Related, 0, maxSuggestions)
	for _, s := range a.Suggestions {
		if s.ID == "" || s.Question == "" {
			continue
		}
		out = append(out, s)
		if len(out) == maxSuggestions {
			break
		}
	}
	return out
}

// choices are the suggestions as the clicks they stand for, for a terminal
// where a typed number replaces the button (TextResponder.Choose).
func (c answerContent) choices() []choice {
	ss := c.suggestions()
	cs := make([]choice, len(ss))
	for i, s := range ss {
		cs[i] = choice{actionID: suggestActionID(i), value: s.ID}
	}
	return cs
}

func suggestActionID(i int) string { return fmt.Sprintf("%s.%d", actionSuggest, i) }

// suggestBlocks offers the suggestions as buttons; a thread to share the
// chosen answer in rides on their value.
func suggestBlocks(ss []knowledge.Related, thread string) []slack.Block {
	els := make([]slack.BlockElement, len(ss))
	for i, s := range ss {
		v := s.ID
		if thread != "" {
			v += "\n" + thread
		}
		els[i] = button(suggestActionID(i), v, s.Question)
	}
	return []slack.Block{
		section("lead", Escape(suggestLead)+" *Did you mean…?*"),
		slack.NewActionBlock("suggestions", els...),
		context1("more", suggestMore),
	}
}

// shareValue packs what the Share button needs: the entry and the question.
func shareValue(id, question string) string {
	return id + "\n" + truncate(question, maxButtonValue-len(id)-8)
}

func parseShareValue(v string) (id, question string) {
	id, question, _ = strings.Cut(v, "\n")
	return id, question
}

// threadShareValue packs what "Share in thread" needs: the entry, the
// thread and the question.
func threadShareValue(id, thread, question string) string {
	return id + "\n" + thread + "\n" + truncate(question, maxButtonValue-len(id)-len(thread)-8)
}

// parseThreadShareValue reverses threadShareValue; ok is false unless the
// thread is a Slack timestamp, since it says where the bot posts.
func parseThreadShareValue(v string) (id, thread, question string, ok bool) {
	id, rest, _ := strings.Cut(v, "\n")
	thread, question, _ = strings.Cut(rest, "\n")
	if id == "" || thread == "" || !session.ValidThread(thread) {
		return "", "", "", false
	}
	return id, thread, question, true
}

// chat reports whether the answer replies to chit-chat ("thanks", "ok
// makes sense"): no owner to announce and nothing it could not answer, so
// the reply is only its short text.
func (c answerContent) chat() bool {
	return c.a.Owner == knowledge.Unknown && c.a.Scope == knowledge.ScopeChat && c.sharedBy == ""
}

func (c answerContent) Blocks() []slack.Block {
	a := c.a
	if ss := c.suggestions(); len(ss) > 0 {
		return suggestBlocks(ss, c.shareThread)
	}
	if c.chat() {
		return []slack.Block{section("answer", Escape(a.Text))}
	}
	bs := make([]slack.Block, 0, 8)
	if c.sharedBy != "" {
		bs = append(bs, context1("asked", fmt.Sprintf("<@%s> asked: _%s_", c.sharedBy, Escape(a.Question))))
	} else if c.chosen {
		bs = append(bs, context1("chosen", fmt.Sprintf("Answering: _%s_", Escape(a.Question))))
	} else if a.Part != "" {
		// Only one of the message's asks is about the roles: say which,
		// so the rest is not taken as answered.
		bs = append(bs, context1("part", fmt.Sprintf("Answering the part about the roles: _%s_", truncate(Escape(a.Part), maxPartBytes))))
	} else if c.followsUp != "" {
		bs = append(bs, context1("followup", fmt.Sprintf("Following up on: _%s_", Escape(c.followsUp))))
	}
	bs = append(bs, header("owner", ownerHeader(a.Owner)))
	if a.Verdict != "" {
		bs = append(bs, section("verdict", "*"+Escape(a.Verdict)+"*"))
	}
	bs = append(bs, section("answer", Escape(a.Text)))
	if a.Owner == knowledge.Disputed {
		for i, s := range a.Sides {
			if i >= 10 {
				break
			}
			bs = append(bs, section(fmt.Sprintf("side-%d", i),
				fmt.Sprintf("*%s*: %s\n_%s_", roleName(s.Owner), Escape(s.Says), Escape(cite(s.Source)))))
		}
	}
	if len(a.Sources) > 0 {
		cs := make([]string, len(a.Sources))
		for i, s := range a.Sources {
			cs[i] = Escape(cite(s))
		}
		bs = append(bs, context1("sources", "Sources: "+strings.Join(cs, " · ")))
	}
	if len(a.Related) > 0 {
		els := make([]slack.BlockElement, 0, 3)
		for i, r := range a.Related {
			if i >= 3 {
				break
			}
			els = append(els, button(fmt.Sprintf("%s.%d", actionRelated, i), r.ID, r.Question))
		}
		bs = append(bs, slack.NewActionBlock("related", els...))
	}
	if a.Owner == knowledge.Unknown {
		bs = append(bs, context1("more", "Type `help`, or use `/roles topics` to see everything I can answer."))
	}
	if a.Owner != knowledge.Unknown && a.Topic != "" {
		els := []slack.BlockElement{
			button(actionFeedbackUp, a.Topic, "👍 Helpful"),
			button(actionFeedbackDown, a.Topic, "👎 Not helpful"),
		}
		if c.share {
			els = append(els, button(actionShare, shareValue(a.Topic, a.Question), "Share in channel").WithStyle(slack.StylePrimary))
		}
		if c.shareThread != "" {
			els = append(els, button(actionShareThread, threadShareValue(a.Topic, c.shareThread, a.Question), "Share in thread").WithStyle(slack.StylePrimary))
		}
		if c.assess {
			els = append(els, button(actionAssessStart, a.Topic, "Take the assessment"))
		}
		bs = append(bs, slack.NewActionBlock("feedback", els...))
	}
	return bs
}

func (c answerContent) Fallback() string {
	if ss := c.suggestions(); len(ss) > 0 {
		qs := make([]string, len(ss))
		for i, s := range ss {
			qs[i] = s.Question
		}
		return truncate(Escape(suggestLead+" Did you mean: "+strings.Join(qs, " · ")), maxFallback)
	}
	if c.chat() {
		return truncate(Escape(c.a.Text), maxFallback)
	}
	s := ownerHeader(c.a.Owner) + ". "
	if c.a.Verdict != "" {
		s += c.a.Verdict + " "
	}
	s += c.a.Text
	if c.sharedBy != "" {
		s = "Shared answer: " + s
	}
	return truncate(Escape(s), maxFallback)
}

func (c answerContent) Text() string {
	a := c.a
	var b strings.Builder
	if ss := c.suggestions(); len(ss) > 0 {
		b.WriteString(suggestLead + " Did you mean…?\n")
		for i, s := range ss {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, s.Question)
		}
		b.WriteString("Type a number to get that answer.")
		return b.String()
	}
	if c.chat() {
		return a.Text
	}
	if c.chosen {
		fmt.Fprintf(&b, "Answering: %s\n", a.Question)
	} else if a.Part != "" {
		fmt.Fprintf(&b, "Answering the part about the roles: %s\n", a.Part)
	} else if c.followsUp != "" {
		fmt.Fprintf(&b, "Following up on: %s\n", c.followsUp)
	}
	b.WriteString(ownerHeader(a.Owner))
	b.WriteString("\n")
	if a.Verdict != "" {
		b.WriteString(a.Verdict)
		b.WriteString("\n")
	}
	b.WriteString(a.Text)
	b.WriteString("\n")
	if a.Owner == knowledge.Disputed {
		for _, s := range a.Sides {
			fmt.Fprintf(&b, "  - %s: %s (%s)\n", roleName(s.Owner), s.Says, cite(s.Source))
		}
	}
	if len(a.Sources) > 0 {
		b.WriteString("Sources:\n")
		for _, s := range a.Sources {
			fmt.Fprintf(&b, "  - %s\n", cite(s))
		}
	}
	if len(a.Related) > 0 {
		b.WriteString("Related questions:\n")
		for _, r := range a.Related {
			fmt.Fprintf(&b, "  - %s\n", r.Question)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// noteContent is a short message: a thank-you, an apology.
type noteContent string

func (c noteContent) Blocks() []slack.Block { return []slack.Block{section("note", Escape(string(c)))} }
func (c noteContent) Fallback() string      { return truncate(Escape(string(c)), maxFallback) }
func (c noteContent) Text() string          { return string(c) }

// helpContent says what Rolecall can do; the command list comes from the
// slash command table.
type helpContent struct {
	// note leads the help, e.g. "I don't know /roles nonsense." (already
	// escaped for mrkdwn; plain holds the terminal version).
	note, notePlain string
	commands        []slashCommand
	examples        []string
}

const helpIntro = "I answer \"who owns what?\" between product owners and product managers, from a curated knowledge base with sources — including where the sources disagree."

func (c helpContent) lines(code func(string) string) []string {
	ls := make([]string, 0, len(c.commands))
	for _, sc := range c.commands {
		u := "/roles " + sc.name
		if sc.args != "" {
			u += " " + sc.args
		}
		ls = append(ls, fmt.Sprintf("%s — %s", code(u), sc.summary))
	}
	return ls
}

func (c helpContent) Blocks() []slack.Block {
	bs := []slack.Block{header("help", "Rolecall: who owns what?")}
	if c.note != "" {
		bs = append(bs, section("note", c.note))
	}
	bs = append(bs, section("intro", Escape(helpIntro)+"\nMention me in a channel (I answer in a thread), send me a DM, or use:"))
	bs = append(bs, section("commands", strings.Join(c.lines(func(s string) string { return "`" + Escape(s) + "`" }), "\n")))
	if len(c.examples) > 0 {
		ex := make([]string, len(c.examples))
		for i, e := range c.examples {
			ex[i] = "• " + Escape(e)
		}
		bs = append(bs, section("examples", "*Try asking:*\n"+strings.Join(ex, "\n")))
	}
	return bs
}

func (c helpContent) Fallback() string {
	return truncate(Escape("Rolecall: who owns what? "+helpIntro), maxFallback)
}

func (c helpContent) Text() string {
	var b strings.Builder
	if c.notePlain != "" {
		b.WriteString(c.notePlain + "\n")
	}
	b.WriteString(helpIntro + "\n")
	b.WriteString("Ask me a question in your own words, or type: help, compare, topics.\n")
	b.WriteString("In Slack: mention me in a channel, send me a DM, or use:\n")
	for _, l := range c.lines(func(s string) string { return s }) {
		b.WriteString("  " + l + "\n")
	}
	if len(c.examples) > 0 {
		b.WriteString("Try asking:\n")
		for _, e := range c.examples {
			b.WriteString("  - " + e + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// comparisonContent is the side-by-side comparison of the roles.
type comparisonContent []knowledge.ComparisonRow

func (c comparisonContent) Blocks() []slack.Block {
	bs := []slack.Block{header("compare", "Product manager vs product owner")}
	var srcs []string
	seen := map[string]bool{}
	for _, r := range c {
		for _, s := range r.Sources {
			if k := cite(s); !seen[k] {
				seen[k] = true
				srcs = append(srcs, Escape(k))
			}
		}
	}
	const reserve = 2 // sources and the "more" note
	for i, r := range c {
		need := 1
		if r.Note != "" {
			need = 2
		}
		if len(bs)+need > maxBlocks-reserve {
			bs = append(bs, context1("more", fmt.Sprintf("…and %d more aspects: run `bot compare` for all of them.", len(c)-i)))
			break
		}
		bs = append(bs, slack.NewSectionBlock(mrkdwn(truncate("*"+Escape(r.Aspect)+"*", maxSectionText)), []*slack.TextBlockObject{
			mrkdwn(truncate("*Product manager*\n"+Escape(r.ProductManager), maxFieldText)),
			mrkdwn(truncate("*Product owner*\n"+Escape(r.ProductOwner), maxFieldText)),
		}, nil, slack.SectionBlockOptionBlockID(fmt.Sprintf("aspect-%d", i))))
		if r.Note != "" {
			bs = append(bs, context1(fmt.Sprintf("note-%d", i), "⚠️ "+Escape(r.Note)))
		}
	}
	if len(srcs) > 0 {
		bs = append(bs, context1("sources", "Sources: "+strings.Join(srcs, " · ")))
	}
	return bs
}

func (c comparisonContent) Fallback() string {
	return "Product manager vs product owner: a side-by-side comparison."
}

func (c comparisonContent) Text() string {
	var b strings.Builder
	b.WriteString("Product manager vs product owner\n")
	for _, r := range c {
		fmt.Fprintf(&b, "\n%s\n  Product manager: %s\n  Product owner:   %s\n", r.Aspect, r.ProductManager, r.ProductOwner)
		if r.Note != "" {
			fmt.Fprintf(&b, "  Note: %s\n", r.Note)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// topicsContent lists what Rolecall knows about.
type topicsContent []*knowledge.Entry

func (c topicsContent) Blocks() []slack.Block {
	lines := make([]string, len(c))
	for i, e := range c {
		lines[i] = fmt.Sprintf("• *%s* — %s", Escape(e.Topic), roleLabel(e.Owner))
	}
	bs := []slack.Block{header("topics", fmt.Sprintf("What I can answer (%d topics)", len(c)))}
	return append(bs, sections("topics", lines, maxBlocks-1)...)
}

func (c topicsContent) Fallback() string {
	return fmt.Sprintf("What I can answer: %d topics.", len(c))
}

func (c topicsContent) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "What I can answer (%d topics):\n", len(c))
	for _, e := range c {
		fmt.Fprintf(&b, "  - %s (%s)\n", e.Topic, roleLabel(e.Owner))
	}
	return strings.TrimRight(b.String(), "\n")
}

func roleLabel(o knowledge.Owner) string {
	switch o {
	case knowledge.Shared:
		return "shared"
	case knowledge.Disputed:
		return "disputed"
	}
	return roleName(o)
}
