package slackapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/jsonenc"
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

func (s slackResponder) Post(ctx context.Context, r Reply) (string, error) {
	blocks, err := marshalBlocks(r.Content.Blocks())
	if err != nil {
		return "", fmt.Errorf("render blocks: %w", err)
	}
	msg := chatMessage{Channel: r.Channel, Text: r.Content.Fallback(), Blocks: blocks, ThreadTS: r.Thread}
	method := "chat.postMessage"
	if r.Ephemeral {
		method = "chat.postEphemeral"
		msg.User = r.User
	}
	body := msg.appendJSON(make([]byte, 0, len(blocks)+len(msg.Text)+128))
	var ts string
	err = s.a.call(ctx, method, func(ctx context.Context) error {
		var err error
		ts, err = s.a.postJSON(ctx, method, body)
		return err
	})
	if r.Ephemeral {
		ts = ""
	}
	return ts, err
}

// chatMessage is the JSON body of chat.postMessage, chat.postEphemeral and
// chat.update (TS: the message to update).
// Slack's write methods take JSON with the token in the Authorization
// header; as JSON the rendered blocks go in as they are, where a form would
// percent-encode every byte of them again.
type chatMessage struct {
	Channel, Text string
	Blocks        json.RawMessage
	ThreadTS      string
	User          string
	TS            string
}

func (m chatMessage) appendJSON(b []byte) []byte {
	str := func(b []byte, key, v string) []byte {
		b = append(b, '"')
		b = append(b, key...)
		b = append(b, `":`...)
		return jsonenc.AppendString(b, v)
	}
	b = append(b, '{')
	b = str(b, "channel", m.Channel)
	if m.TS != "" {
		b = append(b, ',')
		b = str(b, "ts", m.TS)
	}
	b = append(b, ',')
	b = str(b, "text", m.Text)
	if len(m.Blocks) > 0 {
		b = append(b, `,"blocks":`...)
		b = append(b, m.Blocks...)
	}
	if m.ThreadTS != "" {
		b = append(b, ',')
		b = str(b, "thread_ts", m.ThreadTS)
	}
	if m.User != "" {
		b = append(b, ',')
		b = str(b, "user", m.User)
	}
	return append(b, '}')
}

// postJSON calls a chat.* method directly with a JSON body. slack-go
// decodes the whole posted message Slack echoes back, blocks included,
// which cost about a third of the bot's CPU per reply under load; the bot
// needs only ok, error and ts, and stops reading there (chatResult).
// Errors take slack-go's types so call and errCode treat both paths alike.
func (a *App) postJSON(ctx context.Context, method string, body []byte) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.apiBase+method, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
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
	ok, code, ts, err := chatResult(resp.Body)
	if err != nil {
		return "", fmt.Errorf("decode %s response: %w", method, err)
	}
	if !ok {
		return "", slack.SlackErrorResponse{Err: code}
	}
	return ts, nil
}

// chatResult reads ok, error and ts (or message_ts) from a chat.* answer,
// and stops as soon as it knows them: Slack puts them before the echoed
// message, which is most of the answer and of no use to the bot.
func chatResult(r io.Reader) (ok bool, code, ts string, err error) {
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false, "", "", fmt.Errorf("not a JSON object (%v)", err)
	}
	var sawOK bool
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false, "", "", err
		}
		key, _ := t.(string)
		switch key {
		case "ok":
			t, err := dec.Token()
			if err != nil {
				return false, "", "", err
			}
			ok, sawOK = t == true, true
		case "error", "ts", "message_ts":
			var v string
			if err := dec.Decode(&v); err != nil {
				return false, "", "", err
			}
			if key == "error" {
				code = v
			} else if ts == "" {
				ts = v
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return false, "", "", err
			}
		}
		if sawOK && (ok && ts != "" || !ok && code != "") {
			return ok, code, ts, nil
		}
	}
	if !sawOK {
		return false, "", "", errors.New(`no "ok" field`)
	}
	return ok, code, ts, nil
}

func (s slackResponder) Update(ctx context.Context, channel, ts string, c Content) error {
	blocks, err := marshalBlocks(c.Blocks())
	if err != nil {
		return fmt.Errorf("render blocks: %w", err)
	}
	body := chatMessage{Channel: channel, TS: ts, Text: c.Fallback(), Blocks: blocks}.appendJSON(nil)
	return s.a.call(ctx, "chat.update", func(ctx context.Context) error {
		_, err := s.a.postJSON(ctx, "chat.update", body)
		return err
	})
}

func (s slackResponder) ReplaceEphemeral(ctx context.Context, responseURL string, c Content) error {
	msg := &slack.WebhookMessage{Text: c.Fallback(), Blocks: &slack.Blocks{BlockSet: c.Blocks()}, ReplaceOriginal: true}
	return s.a.call(ctx, "response_url", func(ctx context.Context) error {
		err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, s.a.hc, msg)
		// A response URL lets anyone post for the bot while it lives: keep
		// it out of errors, which end up in logs.
		var ue *url.Error
		if errors.As(err, &ue) {
			return fmt.Errorf("post to the response URL: %w", ue.Err)
		}
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
