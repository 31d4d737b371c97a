package slackapp

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// TextResponder renders replies as readable plain text on a writer: the
// terminal face of the router in `bot console`. A terminal has no buttons:
// where a message numbers its choices ("Did you mean…"), typing a number
// stands for the click (Choose).
type TextResponder struct {
	mu sync.Mutex
	w  io.Writer
	n  int
	// last is the most recent message shown, for Choose.
	last struct {
		channel, ts string
		choices     []choice
	}
}

// choice is a button a terminal offers as a number.
type choice struct{ actionID, value string }

// chooser is content whose Text numbers choices from 1, each standing for
// one of its buttons.
type chooser interface{ choices() []choice }

// NewTextResponder writes replies to w.
func NewTextResponder(w io.Writer) *TextResponder { return &TextResponder{w: w} }

// show writes the text of c and remembers it as the last message.
func (t *TextResponder) show(prefix, channel, ts string, c Content) error {
	t.last.channel, t.last.ts, t.last.choices = channel, ts, nil
	if ch, ok := c.(chooser); ok {
		t.last.choices = ch.choices()
	}
	_, err := fmt.Fprintf(t.w, "%s%s\n\n", prefix, c.Text())
	return err
}

// Post writes the reply's text and returns a made-up ts.
func (t *TextResponder) Post(ctx context.Context, r Reply) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n++
	ts := strconv.Itoa(t.n)
	if err := t.show("", r.Channel, ts, r.Content); err != nil {
		return "", err
	}
	return ts, nil
}

// Update writes the new content, marked as an update.
func (t *TextResponder) Update(ctx context.Context, channel, ts string, c Content) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.show("(updated) ", channel, ts, c)
}

// ReplaceEphemeral writes the new content, marked as an update, as Update
// does; a terminal has no ephemeral messages, so it is not called there.
func (t *TextResponder) ReplaceEphemeral(ctx context.Context, responseURL string, c Content) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.show("(updated) ", "", "", c)
}

// Choose turns a typed number into the click it stands for: the n-th
// numbered choice of the last message shown, when that message numbered
// its choices. The Request has the clicked message's channel and ts, the
// button's action id and value; the caller says who clicked. ok is false
// for anything else, which is then an ordinary message.
func (t *TextResponder) Choose(text string) (req Request, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	text = strings.TrimRight(strings.TrimSpace(text), ".)")
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 || n > len(t.last.choices) {
		return Request{}, false
	}
	c := t.last.choices[n-1]
	return Request{Kind: KindAction, Channel: t.last.channel, TS: t.last.ts, ActionID: c.actionID, Value: c.value}, true
}

// OpenDM returns a local DM channel for the user.
func (t *TextResponder) OpenDM(ctx context.Context, user string) (string, error) {
	return "D_" + user, nil
}

// PublishHome does nothing: a terminal has no Home tab, and the refresh of
// the tab after an assessment would only repeat the result just printed.
func (t *TextResponder) PublishHome(ctx context.Context, user string, c Content) error {
	return nil
}
