package slackapp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/slack-go/slack"
)

// maxAttempts bounds the tries of one Web API call under HTTP 429.
const maxAttempts = 5

// APIError is a failed Web API call: the method, Slack's error code (or
// "http_NNN", "ratelimited", "timeout", "transport") and the cause.
type APIError struct {
	Method string
	Code   string
	Err    error
}

func (e *APIError) Error() string { return fmt.Sprintf("slack %s: %s: %v", e.Method, e.Code, e.Err) }
func (e *APIError) Unwrap() error { return e.Err }

// SlackCode is the Slack error code, for userMessage.
func (e *APIError) SlackCode() string { return e.Code }

// retryAfter says whether err is an HTTP 429 and how long to wait.
func retryAfter(err error) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		if rl.RetryAfter <= 0 {
			return time.Second, true
		}
		return rl.RetryAfter, true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code == http.StatusTooManyRequests {
		return time.Second, true
	}
	return 0, false
}

func errCode(err error) string {
	var se slack.SlackErrorResponse
	var sc slack.StatusCodeError
	var rl *slack.RateLimitedError
	switch {
	case errors.As(err, &se):
		return se.Err
	case errors.As(err, &rl):
		return "ratelimited"
	case errors.As(err, &sc):
		return fmt.Sprintf("http_%d", sc.Code)
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	return "transport"
}

// call runs one Web API call, retrying on HTTP 429 after Retry-After within
// maxAttempts and Config.MaxRetryWait. Failures are counted by method and
// code and returned as *APIError; the caller logs them once.
func (a *App) call(ctx context.Context, method string, fn func(context.Context) error) error {
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		if wait, limited := retryAfter(err); limited && attempt < maxAttempts && waited+wait <= a.cfg.MaxRetryWait {
			a.m.RateLimitRetries.WithLabelValues(method).Inc()
			t := time.NewTimer(wait)
			select {
			case <-t.C:
				waited += wait
				continue
			case <-ctx.Done():
				t.Stop()
				err = ctx.Err()
			}
		}
		code := errCode(err)
		a.m.SlackAPIErrors.WithLabelValues(method, code).Inc()
		return &APIError{Method: method, Code: code, Err: err}
	}
}

// slackResponder answers through the Web API.
type slackResponder struct{ a *App }

func msgOptions(c Content, thread string) []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(c.Fallback(), false), slack.MsgOptionBlocks(c.Blocks()...)}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	return opts
}

func (s slackResponder) Post(ctx context.Context, r Reply) (string, error) {
	opts := msgOptions(r.Content, r.Thread)
	if r.Ephemeral {
		return "", s.a.call(ctx, "chat.postEphemeral", func(ctx context.Context) error {
			_, err := s.a.api.PostEphemeralContext(ctx, r.Channel, r.User, opts...)
			return err
		})
	}
	var ts string
	err := s.a.call(ctx, "chat.postMessage", func(ctx context.Context) error {
		var err error
		_, ts, err = s.a.api.PostMessageContext(ctx, r.Channel, opts...)
		return err
	})
	return ts, err
}

func (s slackResponder) Update(ctx context.Context, channel, ts string, c Content) error {
	opts := msgOptions(c, "")
	return s.a.call(ctx, "chat.update", func(ctx context.Context) error {
		_, _, _, err := s.a.api.UpdateMessageContext(ctx, channel, ts, opts...)
		return err
	})
}

func (s slackResponder) OpenDM(ctx context.Context, user string) (string, error) {
	var ch string
	err := s.a.call(ctx, "conversations.open", func(ctx context.Context) error {
		c, _, _, err := s.a.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}})
		if err == nil {
			ch = c.ID
		}
		return err
	})
	return ch, err
}

func (s slackResponder) PublishHome(ctx context.Context, user string, c Content) error {
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: c.Blocks()}}
	return s.a.call(ctx, "views.publish", func(ctx context.Context) error {
		_, err := s.a.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view})
		return err
	})
}
