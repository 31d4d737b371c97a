package slackapp

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// TextResponder renders replies as readable plain text on a writer: the
// terminal face of the router in `bot console`.
type TextResponder struct {
	mu sync.Mutex
	w  io.Writer
	n  int
}

// NewTextResponder writes replies to w.
func NewTextResponder(w io.Writer) *TextResponder { return &TextResponder{w: w} }

// Post writes the reply's text and returns a made-up ts.
func (t *TextResponder) Post(ctx context.Context, r Reply) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n++
	if _, err := fmt.Fprintf(t.w, "%s\n\n", r.Content.Text()); err != nil {
		return "", err
	}
	return strconv.Itoa(t.n), nil
}

// Update writes the new content, marked as an update.
func (t *TextResponder) Update(ctx context.Context, channel, ts string, c Content) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, err := fmt.Fprintf(t.w, "(updated) %s\n\n", c.Text())
	return err
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
