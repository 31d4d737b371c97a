package slackapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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
	blocks, err := json.Marshal(r.Content.Blocks())
	if err != nil {
		return "", fmt.Errorf("render blocks: %w", err)
	}
	form := url.Values{"channel": {r.Channel}, "text": {r.Content.Fallback()}, "blocks": {string(blocks)}}
	if r.Thread != "" {
		form.Set("thread_ts", r.Thread)
	}
	method := "chat.postMessage"
	if r.Ephemeral {
		method = "chat.postEphemeral"
		form.Set("user", r.User)
	}
	var ts string
	err = s.a.call(ctx, method, func(ctx context.Context) error {
		var err error
		ts, err = s.a.postForm(ctx, method, form)
		return err
	})
	if r.Ephemeral {
		ts = ""
	}
	return ts, err
}

// postForm calls a chat.* method directly. slack-go decodes the whole posted
// message Slack echoes back, blocks included, which cost about a third of
// the bot's CPU per reply under load; the bot needs only ok, error and ts.
// Errors take slack-go's types so call and errCode treat both paths alike.
func (a *App) postForm(ctx context.Context, method string, form url.Values) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.apiBase+method, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+a.cfg.BotToken)
	resp, err := a.hc.Do(req)
	if err != nil {
		return "", err
	}
	defer func() {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	if resp.StatusCode == http.StatusTooManyRequests {
		if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
			return "", &slack.RateLimitedError{RetryAfter: time.Duration(secs) * time.Second}
		}
	}
	if resp.StatusCode != http.StatusOK {
		return "", slack.StatusCodeError{Code: resp.StatusCode, Status: resp.Status}
	}
	var out struct {
		OK        bool   `json:"ok"`
		Error     string `json:"error"`
		TS        string `json:"ts"`
		MessageTS string `json:"message_ts"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return "", fmt.Errorf("decode %s response: %w", method, err)
	}
	if !out.OK {
		return "", slack.SlackErrorResponse{Err: out.Error}
	}
	if out.TS == "" {
		out.TS = out.MessageTS
	}
	return out.TS, nil
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
