package slacktest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync/atomic"
	"time"
)

// The paths under a request URL base where the fake POSTs, one per kind of
// delivery, as manifest.http.yml declares them.
const (
	EventsPath        = "/slack/events"
	InteractivityPath = "/slack/interactivity"
	CommandsPath      = "/slack/commands"
)

// Sign returns the X-Slack-Signature of a request: "v0=" and the hex
// HMAC-SHA256, keyed with the signing secret, of "v0:{timestamp}:{body}".
func Sign(secret string, timestamp int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + strconv.FormatInt(timestamp, 10) + ":"))
	m.Write(body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

// AddRequestURL makes the fake deliver over HTTP, as Slack does for an app
// with Socket Mode off: from now on every delivery is POSTed, signed with
// Config.SigningSecret, to base+EventsPath, base+InteractivityPath or
// base+CommandsPath, round-robin over every base added (as a load balancer
// would spread them over replicas). base is like "http://127.0.0.1:PORT".
//
// An answer later than Config.AckTimeout, or other than 2xx, fails the
// attempt. A failed event is POSTed again, to another base when there is
// one, with X-Slack-Retry-Num 1, 2, … up to Config.MaxRetries and
// X-Slack-Retry-Reason (http_timeout, http_error, connection_failed),
// after Config.HTTPRetryDelays; a failed click or command is not retried,
// as Slack shows the person an error instead (Stats.Expired). An answer in
// time acks the delivery: it is recorded as an Ack (Status, and the body as
// Payload), so WaitAck works as over the socket.
func (s *Server) AddRequestURL(base string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.targets, base) {
		s.targets = append(s.targets, base)
	}
}

// RemoveRequestURL stops delivering to base, as a load balancer takes a
// stopped replica out. With no base left, deliveries go over Socket Mode
// again.
func (s *Server) RemoveRequestURL(base string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := slices.Index(s.targets, base); i >= 0 {
		s.targets = slices.Delete(s.targets, i, i+1)
	}
}

// overHTTPLocked reports whether deliveries go to request URLs. s.mu must
// be held.
func (s *Server) overHTTPLocked() bool { return len(s.targets) > 0 }

// pickTargetLocked chooses the next request URL base round-robin, avoiding
// one when another is there.
func (s *Server) pickTargetLocked(avoid string) string {
	n := len(s.targets)
	for range n {
		t := s.targets[s.rrHTTP%n]
		s.rrHTTP++
		if t != avoid || n == 1 {
			return t
		}
	}
	return s.targets[0]
}

// dispatchHTTPLocked POSTs the delivery's current attempt from a goroutine
// of its own, as Slack sends requests concurrently.
func (s *Server) dispatchHTTPLocked(d *delivery) {
	base := s.pickTargetLocked(d.target)
	d.target = base
	now := time.Now()
	sent := new(atomic.Int64)
	sent.Store(now.UnixNano())
	for len(d.sent) <= d.attempt {
		d.sent = append(d.sent, nil)
	}
	d.sent[d.attempt] = sent
	path, contentType, body := httpBody(d)
	s.st.Envelopes++
	if d.attempt > 0 {
		s.st.Redeliveries++
	}
	push(s.rec.limit, &s.rec.envelopes, Envelope{
		ID: s.envID(d.seq, d.attempt), Delivery: s.envID(d.seq, 0), Type: d.typ, EventID: d.eventID, Attempt: d.attempt,
		RetryReason: d.reason, URL: base + path, Sent: now, Payload: d.payload,
	})
	s.notifyLocked()
	attempt, reason := d.attempt, d.reason
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.post(d, attempt, reason, base+path, contentType, body, now)
	}()
}

// httpBody shapes a delivery as Slack POSTs it: the Events API wrapper as
// JSON, an interaction as payload=JSON, a slash command as its form fields.
func httpBody(d *delivery) (path, contentType string, body []byte) {
	const form = "application/x-www-form-urlencoded"
	switch d.typ {
	case "events_api":
		return EventsPath, "application/json", d.payload
	case "slash_commands":
		var fields map[string]any
		if json.Unmarshal(d.payload, &fields) != nil {
			return CommandsPath, form, d.payload
		}
		v := url.Values{}
		for k, f := range fields {
			switch f := f.(type) {
			case string:
				v.Set(k, f)
			case nil:
			default:
				b, _ := json.Marshal(f)
				v.Set(k, string(b))
			}
		}
		return CommandsPath, form, []byte(v.Encode())
	default:
		return InteractivityPath, form, []byte(url.Values{"payload": {string(d.payload)}}.Encode())
	}
}

// post sends one attempt and records how it went.
func (s *Server) post(d *delivery, attempt int, reason, target, contentType string, body []byte, sent time.Time) {
	ctx, cancel := context.WithTimeout(s.hctx, s.cfg.AckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		s.httpFailed(d, attempt, "connection_failed", 0, err)
		return
	}
	ts := time.Now().Unix()
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", Sign(s.cfg.SigningSecret, ts, body))
	if attempt > 0 {
		req.Header.Set("X-Slack-Retry-Num", strconv.Itoa(attempt))
		req.Header.Set("X-Slack-Retry-Reason", reason)
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		why := "connection_failed"
		if errors.Is(err, context.DeadlineExceeded) {
			why = "http_timeout"
		}
		s.httpFailed(d, attempt, why, 0, err)
		return
	}
	payload, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	now := time.Now()
	switch {
	case err != nil && errors.Is(err, context.DeadlineExceeded):
		s.httpFailed(d, attempt, "http_timeout", resp.StatusCode, err)
		return
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		s.httpFailed(d, attempt, "http_error", resp.StatusCode, nil)
		return
	}
	a := Ack{EnvelopeID: s.envID(d.seq, attempt), Delivery: s.envID(d.seq, 0), Type: d.typ, EventID: d.eventID,
		Attempt: attempt, Sent: sent, Received: now, Latency: now.Sub(sent), Status: resp.StatusCode}
	if len(payload) > 0 {
		a.Payload = payload
	}
	var onAck func(json.RawMessage, string)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	if d.done {
		a.Late = true
		s.st.LateAcks++
	} else {
		d.done = true
		delete(s.live, d.seq)
		s.st.Acks++
		onAck = d.onAck
	}
	if onAck != nil {
		// As over the socket: do what the response says (a
		// view_submission's response_action) before recording it.
		s.mu.Unlock()
		onAck(a.Payload, resp.Header.Get("Content-Type"))
		s.mu.Lock()
	}
	push(s.rec.limit, &s.rec.acks, a)
	s.notifyLocked()
	s.mu.Unlock()
	if s.cfg.OnAck != nil {
		s.cfg.OnAck(a)
	}
}

// isJSON reports whether a Content-Type is application/json.
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}

// httpFailed records a failed attempt and retries an event after
// Config.HTTPRetryDelays; anything else, or an event out of retries, is
// given up.
func (s *Server) httpFailed(d *delivery, attempt int, why string, status int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || d.done {
		return
	}
	s.st.HTTPFailures++
	s.lg.Debug("slacktest: request URL failed", "delivery", s.envID(d.seq, 0), "attempt", attempt, "reason", why, "status", status, "err", err)
	if d.typ != "events_api" || attempt >= s.cfg.MaxRetries {
		d.done = true
		delete(s.live, d.seq)
		s.st.Expired++
		s.notifyLocked()
		return
	}
	d.attempt = attempt + 1
	d.reason = why
	delay := s.cfg.HTTPRetryDelays[min(attempt, len(s.cfg.HTTPRetryDelays)-1)]
	retry := func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed || d.done {
			return
		}
		if s.overHTTPLocked() {
			s.dispatchHTTPLocked(d)
			return
		}
		// Every request URL is gone: over the socket then.
		if c, f := s.dispatchLocked(d, nil); c != nil {
			go c.enqueue(f)
		}
	}
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(delay, retry)
	s.notifyLocked()
}
