package slackapp

import (
	"fmt"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/assessment"
)

// Slack's limits on the choices of a question in a form.
const (
	// maxRadioOptions is how many radio buttons one element holds; a
	// question with more choices gets a select menu.
	maxRadioOptions = 10
	// maxSelectOptions is how many options a select menu holds.
	maxSelectOptions = 100
	// maxOptionText bounds an option's text.
	maxOptionText = 75
)

// formView is one question of the assessment as a view of the form.
type formView struct {
	reply assessment.Reply
	// ref is the view's metadata: the assessment and the form's stack up
	// to this view.
	ref formRef
	// lead is the engine's acknowledgement shown above the question.
	lead  string
	title string
	// current is the answer already given, in words.
	current string
}

func (v formView) modal() Modal {
	r, q := v.reply, v.reply.Question
	root := len(v.ref.Stack) == 1
	m := Modal{CallbackID: assessFormCallback, Metadata: v.ref.value(),
		Title: fmt.Sprintf("Question %d of %d", r.Number, r.Total), Submit: "Next", Close: "Close"}
	if !root {
		// Closing a pushed view shows the one under it: the previous
		// question.
		m.Close, m.NotifyOnClose = "◀ Back", true
	}
	bs := make([]slack.Block, 0, 8)
	if v.lead != "" {
		bs = append(bs, section("lead", Escape(v.lead)))
	}
	bs = append(bs, context1("position", "*"+Escape(assessFormTitle)+"* · "+Escape(v.title)))
	prompt := "*" + Escape(q.Prompt) + "*"
	if q.Help != "" {
		prompt += "\n" + Escape(q.Help)
	}
	bs = append(bs, section("prompt", prompt))

	opts := make([]*slack.OptionBlockObject, 0, min(len(q.Choices), maxSelectOptions))
	var initial *slack.OptionBlockObject
	for _, ch := range q.Choices {
		if len(opts) == maxSelectOptions {
			break
		}
		o := slack.NewOptionBlockObject(ch.ID, plain(cutRunes(ch.Label, maxOptionText)), nil)
		if r.Current != nil && r.Current.Choice == ch.ID {
			initial = o
		}
		opts = append(opts, o)
	}
	var el slack.BlockElement
	if len(opts) <= maxRadioOptions {
		rb := slack.NewRadioButtonsBlockElement(formChoiceAction, opts...)
		rb.InitialOption = initial
		el = rb
	} else {
		el = slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick one"), formChoiceAction, opts...).WithInitialOption(initial)
	}
	var hint *slack.TextBlockObject
	switch {
	case q.AllowText:
		hint = plain("Pick one, or answer in your own words below.")
	case q.Skippable:
		hint = plain("Leave it empty to skip this question.")
	}
	choice := slack.NewInputBlock(formChoiceBlock, plain("Your answer"), hint, el)
	choice.Optional = q.Skippable || q.AllowText
	bs = append(bs, choice)
	if q.AllowText {
		note := slack.NewPlainTextInputBlockElement(plain("Your own words, or a note on your choice"), formNoteAction).WithMaxLength(maxFormNote)
		if r.Current != nil && r.Current.Text != "" {
			note = note.WithInitialValue(cutRunes(r.Current.Text, maxFormNote))
		}
		in := slack.NewInputBlock(formNoteBlock, plain("In your own words"), nil, note)
		in.Optional = true
		bs = append(bs, in)
	}
	if v.current != "" {
		bs = append(bs, context1("current", "Your answer so far: "+Escape(v.current)))
	}
	bs = append(bs, context1("saved", "Your answers are saved as you go: close this and pick up later with `/roles assess`, here or in our direct messages."))
	var nav []slack.BlockElement
	if root && r.Number > 1 {
		nav = append(nav, button(actionAssessFormBack, "back", "◀ Back"))
	}
	nav = append(nav, button(actionAssessFormDM, "dm", "Continue in DM"))
	m.Blocks = append(bs, slack.NewActionBlock("form-nav", nav...))
	return m
}

// formDone is the form's last view: the recommendation in short, and where
// the whole of it is. Closing it closes the form.
func formDone(res *assessment.Result, where string) Modal {
	c := resultContent{res: res}
	return Modal{CallbackID: assessFormCallback, Title: "Your recommendation", Close: "Done", ClearOnClose: true,
		Blocks: []slack.Block{
			header("result", "Recommendation: "+res.Title),
			context1("strength", c.strengthLine()),
			section("summary", Escape(res.Summary)),
			context1("where", fmt.Sprintf("The whole result (why, with sources; what the role does and how it is measured) is in %s, and on your Home tab.", where)),
		}}
}
