package slackapp

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/knowledge"
)

// Kind says which surface a Request came from.
type Kind uint8

// The surfaces Rolecall answers on.
const (
	KindOther    Kind = iota // anything the router does not handle
	KindMention              // @Rolecall in a channel
	KindDM                   // a message in the bot's DM (or `bot console`)
	KindSlash                // /roles …
	KindAction               // a button click (block_actions), or a form submitted (view_submission)
	KindHome                 // the App Home tab was opened
	KindShortcut             // a global shortcut, or a message shortcut on a message
	KindView                 // a modal submitted (answered in the ack: Router.Submit) or closed
)

var kindNames = [...]string{"other", "mention", "dm", "slash", "action", "home", "shortcut", "view"}

// String is the kind's metric label.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "other"
}

// Request is one thing a person did that Rolecall may answer, independent of
// the transport that delivered it.
type Request struct {
	// Kind is the surface.
	Kind Kind
	// ID identifies the delivery for de-duplication (an event_id or an
	// interaction's identity); empty means "do not de-duplicate".
	ID string
	// Team, User and Channel are Slack ids.
	Team    string
	User    string
	Channel string
	// DM is true when Channel is a direct-message conversation.
	DM bool
	// TS is the message's ts (for an action: the ts of the message holding
	// the button).
	TS string
	// ThreadTS is the thread the message (or the button's message) is in.
	// TS and ThreadTS are Slack timestamps or empty: the App ignores a
	// payload with anything else, since a thread names a session key.
	ThreadTS string
	// Text is the message text (for a message shortcut, the text of the
	// message it was run on), the slash command's text after the command,
	// or what was typed into a submitted form.
	Text string
	// Command is the slash command ("/roles").
	Command string
	// ActionID and Value describe the clicked button; for a shortcut,
	// ActionID is its callback id.
	ActionID string
	Value    string
	// Ephemeral is true when the clicked button was on an ephemeral message.
	Ephemeral bool
	// ResponseURL is a click's response_url: the one way to replace the
	// ephemeral message that held the button (see Responder.ReplaceEphemeral).
	ResponseURL string
	// TriggerID lets a handler open a modal.
	TriggerID string
	// Tab is the App Home tab that was opened ("home" or "messages").
	Tab string
	// View is the modal view a submission, a close or a click came from.
	View ViewRef
	// Values are what the inputs of a submitted view hold, by
	// "block_id/action_id": the text typed, the value of the option
	// picked, the conversation chosen.
	Values map[string]string
}

// ViewRef identifies a view of a modal and what Rolecall put in it.
type ViewRef struct {
	// ID and Hash are the view's; RootID and PreviousID the ids of the
	// first view of its modal and of the view under it ("" for the root).
	ID, Hash           string
	RootID, PreviousID string
	// CallbackID and Metadata are what Rolecall set when it made the view.
	CallbackID, Metadata string
	// Closed reports that the person closed the view (view_closed);
	// Cleared that the whole modal closed with it.
	Closed, Cleared bool
}

// Reply is one message Rolecall sends.
type Reply struct {
	// Channel is where the message goes.
	Channel string
	// Thread is the thread ts to reply in; empty posts at the top level.
	Thread string
	// Ephemeral messages are shown only to User.
	Ephemeral bool
	User      string
	// Content is what the message says.
	Content Content

	// after runs once the reply is on its way (or immediately after an ack
	// that carried it): bookkeeping that needs I/O, such as logging an
	// unanswered question. It may be nil.
	after func(ctx context.Context)
}

// Content is a message body that renders both as Block Kit for Slack and as
// plain text for a terminal.
type Content interface {
	// Blocks renders the content as Block Kit within Slack's limits.
	Blocks() []slack.Block
	// Fallback is the message's `text`: the notification and accessibility
	// fallback, escaped for mrkdwn.
	Fallback() string
	// Text is a readable plain-text rendering for `bot console`; it is never
	// sent to Slack as is.
	Text() string
}

// Responder is how a handler talks back, whatever the transport: the Slack
// Web API in production, text on a terminal in `bot console`, a recorder in
// tests.
type Responder interface {
	// Post sends a reply and returns its ts (empty for ephemeral replies).
	Post(ctx context.Context, r Reply) (ts string, err error)
	// Update replaces the content of a message the bot posted.
	Update(ctx context.Context, channel, ts string, c Content) error
	// ReplaceEphemeral replaces the ephemeral message a click came from,
	// through the click's response URL: chat.update cannot reach
	// ephemeral messages.
	ReplaceEphemeral(ctx context.Context, responseURL string, c Content) error
	// OpenDM opens (or finds) the DM with a user and returns its channel.
	OpenDM(ctx context.Context, user string) (channel string, err error)
	// PublishHome publishes a user's App Home tab.
	PublishHome(ctx context.Context, user string, c Content) error
}

// Answerer answers a question; LLM mode plugs in here. The engine's own
// answers are used when Config.Answerer is nil.
type Answerer interface {
	Answer(ctx context.Context, question string) knowledge.Answer
}

// Store is what the router and the app need from the session store
// (*session.Store satisfies it).
type Store interface {
	// Claim marks a delivery as being processed; false if it already was.
	Claim(ctx context.Context, team, id string) (bool, error)
	// Release forgets a claim whose processing failed.
	Release(ctx context.Context, team, id string) error
	// Feedback counts a 👍 or 👎 on an answer.
	Feedback(ctx context.Context, team, entryID string, up bool) error
	// LogUnanswered records a question the engine could not answer, as
	// knowledge.Normalize gives it; the store keeps a few hundred
	// characters of it, for a limited time.
	LogUnanswered(ctx context.Context, team, question string) error
	// Ping is the readiness check.
	Ping(ctx context.Context) error
}
