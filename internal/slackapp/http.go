package slackapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxAckBytes is the size from which Slack drops a response to a delivery
// (a Socket Mode ack; the same limit is kept for HTTP responses, so a reply
// takes the same road in both modes).
const maxAckBytes = 20 * 1024

// errAckTooLarge is what an HTTP ack says of a payload of maxAckBytes or
// more, before writing anything.
var errAckTooLarge = errors.New("response payload of 20 KB or more")

// Handler serves Slack's request URLs in HTTPMode:
//
//	POST /slack/events         Events API (event_callback, url_verification)
//	POST /slack/interactivity  clicks, shortcuts, forms submitted or closed (payload=…)
//	POST /slack/commands       slash commands (form-encoded)
//
// Every request is verified with Config.SigningSecret before its body is
// read to the end: a missing or wrong signature, or a timestamp more than 5
// minutes off, is refused with 401, a body over Config.MaxBodyBytes with
// 413, a malformed one with 400, and none of them is processed. A verified
// request is answered at once (Slack wants an answer within 3 s) and its
// work goes to the same worker pool and exactly-once claim as over the
// socket. The submission of a form answered in its ack is the exception:
// its response is that answer (JSON, a response_action), so the request
// waits for the worker computing it, within Slack's 3 s (modal.go). With
// the pool full, or the App not running, a request is answered 503
// so Slack retries it (events) or the person sees it failed (clicks,
// commands). Mount it on a server of its own: it is what faces Slack.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/events", a.serveEvents)
	mux.HandleFunc("POST /slack/interactivity", a.serveInteractivity)
	mux.HandleFunc("POST /slack/commands", a.serveCommands)
	return mux
}

// slackWaits is how long Slack waits for the response to a request: past
// it, the person sees an error and nobody reads the response.
const slackWaits = 3 * time.Second

// errAnswered is what an ack says once the response was written: by an
// earlier ack, or by the handler that stopped waiting for a worker.
var errAnswered = errors.New("response already written")

// httpAck answers a delivery with the HTTP response, exactly once: from
// the handler, or from the worker the ack was handed to (later) while the
// handler waits.
type httpAck struct {
	a    *App
	w    http.ResponseWriter
	path string

	mu      sync.Mutex
	written bool
	// held says a worker acks (later); done closes once the response is
	// written.
	held bool
	done chan struct{}
}

func (h *httpAck) ack(ctx context.Context, start time.Time, payload any) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.written {
		return errAnswered
	}
	var body []byte
	if payload != nil {
		b, err := json.Marshal(payload)
		if err != nil {
			return err
		}
		if len(b) >= maxAckBytes {
			return errAckTooLarge
		}
		body = b
	}
	h.written = true
	defer close(h.done)
	if body != nil {
		h.w.Header().Set("Content-Type", "application/json")
	}
	h.w.WriteHeader(http.StatusOK)
	if body != nil {
		if _, err := h.w.Write(body); err != nil {
			// Slack stopped waiting; the work is queued and a retry is
			// suppressed by the claim.
			h.a.lg.Debug("slack: response not written", "err", err)
		}
	}
	h.a.m.AckLatency.Observe(time.Since(start).Seconds())
	return nil
}

func (h *httpAck) refuse(typ string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.written {
		return
	}
	h.a.shed(typ)
	h.written = true
	defer close(h.done)
	h.a.refused(h.w, http.StatusServiceUnavailable, "busy", h.path, nil)
}

func (h *httpAck) later(ctx context.Context, start time.Time) func(payload any) error {
	h.mu.Lock()
	h.held = true
	h.mu.Unlock()
	return func(payload any) error { return h.ack(ctx, start, payload) }
}

// finish ends the request: once the worker acked, when the ack was handed
// to one (for no longer than Slack waits, counted from start), and with a
// 200 if nothing was written yet. A worker that acks after that finds the
// response written (errAnswered) and writes nothing.
func (h *httpAck) finish(ctx context.Context, start time.Time) {
	h.mu.Lock()
	held := h.held
	h.mu.Unlock()
	if held {
		t := time.NewTimer(time.Until(start.Add(slackWaits)))
		select {
		case <-h.done:
		case <-t.C:
		case <-ctx.Done():
		}
		t.Stop()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.written {
		return
	}
	h.written = true
	close(h.done)
	if held {
		// Slack stopped waiting: the person sees an error in the form.
		h.a.lg.Warn("slack: no answer to a request within Slack's 3 s", "path", h.path)
		h.w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	h.w.WriteHeader(http.StatusOK)
}

// fromHTTP turns a verified request into a delivery.
func (a *App) fromHTTP(w http.ResponseWriter, r *http.Request, start time.Time, typ string) (delivery, *httpAck) {
	h := &httpAck{a: a, w: w, path: r.URL.Path, done: make(chan struct{})}
	d := delivery{start: start, typ: typ, acker: h, reason: r.Header.Get("X-Slack-Retry-Reason")}
	if n, err := strconv.Atoi(r.Header.Get("X-Slack-Retry-Num")); err == nil && n > 0 {
		d.retry = n
	}
	a.arrive(d)
	return d, h
}

// refused answers a request that is not processed, counts it and says why
// in the log: never the signature or the secret.
func (a *App) refused(w http.ResponseWriter, code int, reason, path string, err error) {
	a.m.HTTPRefused.WithLabelValues(reason).Inc()
	args := []any{"status", code, "reason", reason, "path", path}
	if err != nil {
		args = append(args, "err", err)
	}
	// A forged request is worth a warning, once a second at most: a flood
	// of them must not flood the log.
	if (reason == "signature" || reason == "stale") && a.warnNow() {
		a.lg.Warn("slack: request refused", args...)
	} else {
		a.lg.Debug("slack: request refused", args...)
	}
	if code == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	http.Error(w, http.StatusText(code), code)
}

// readSigned verifies the request's signature and reads its body within
// Config.MaxBodyBytes. The timestamp and the headers are checked before
// the body is read; the signature once it is.
func (a *App) readSigned(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	sv, err := slack.NewSecretsVerifier(r.Header, a.cfg.SigningSecret)
	if err != nil {
		reason := "signature"
		if errors.Is(err, slack.ErrExpiredTimestamp) {
			reason = "stale"
		}
		a.refused(w, http.StatusUnauthorized, reason, r.URL.Path, err)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.cfg.MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			a.refused(w, http.StatusRequestEntityTooLarge, "too_large", r.URL.Path, nil)
		} else {
			a.refused(w, http.StatusBadRequest, "malformed", r.URL.Path, err)
		}
		return nil, false
	}
	_, _ = sv.Write(body)
	if err := sv.Ensure(); err != nil {
		a.refused(w, http.StatusUnauthorized, "signature", r.URL.Path, err)
		return nil, false
	}
	return body, true
}

// accepting reports whether Run is taking work. Checking it first also
// orders the handler after Run learnt who the bot is.
func (a *App) accepting() bool {
	a.qmu.RLock()
	defer a.qmu.RUnlock()
	return a.open
}

func (a *App) notReady(w http.ResponseWriter, r *http.Request) bool {
	if a.accepting() {
		return false
	}
	a.refused(w, http.StatusServiceUnavailable, "not_ready", r.URL.Path, nil)
	return true
}

func (a *App) serveEvents(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	body, ok := a.readSigned(w, r)
	if !ok {
		return
	}
	e, challenge, err := parseEvent(body)
	switch {
	case errors.Is(err, errMalformed):
		a.refused(w, http.StatusBadRequest, "malformed", r.URL.Path, err)
		return
	case challenge != "":
		// Slack checks the URL when it is saved: no work, no readiness.
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(struct {
			Challenge string `json:"challenge"`
		}{challenge})
		return
	}
	if a.notReady(w, r) {
		return
	}
	d, h := a.fromHTTP(w, r, start, "events_api")
	if err != nil || e.Type != slackevents.CallbackEvent {
		// An inner event slack-go does not know, app_rate_limited: acked
		// and ignored, as over the socket, so Slack does not retry it.
		a.lg.Debug("slack: unsupported event acked and ignored", "type", e.Type, "err", err)
		h.finish(r.Context(), start)
		return
	}
	a.onEvent(r.Context(), d, e)
	h.finish(r.Context(), start)
}

// errMalformed marks a body that is not what Slack sends.
var errMalformed = errors.New("malformed request body")

// parseEvent reads an Events API body: the event, or the challenge of a
// url_verification. A body that is not a JSON object is errMalformed; a
// well-formed event of a type slack-go does not know is another error.
func parseEvent(body []byte) (e slackevents.EventsAPIEvent, challenge string, err error) {
	var probe struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(body, &probe); err != nil || probe.Type == "" {
		return e, "", errMalformed
	}
	e, err = slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		return e, "", err
	}
	if e.Type == slackevents.URLVerification {
		v, ok := e.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if !ok || v.Challenge == "" {
			return e, "", errMalformed
		}
		return e, v.Challenge, nil
	}
	return e, "", nil
}

func (a *App) serveInteractivity(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	body, ok := a.readSigned(w, r)
	if !ok {
		return
	}
	cb, err := parseInteraction(body)
	if err != nil {
		a.refused(w, http.StatusBadRequest, "malformed", r.URL.Path, err)
		return
	}
	if a.notReady(w, r) {
		return
	}
	d, h := a.fromHTTP(w, r, start, "interactive")
	// A form's submission answered in its ack waits here for the worker
	// that computes the answer: the response is the ack.
	a.onInteraction(r.Context(), d, cb)
	h.finish(r.Context(), start)
}

// parseInteraction reads an interactivity body: payload= and the JSON of
// the interaction.
func parseInteraction(body []byte) (slack.InteractionCallback, error) {
	var cb slack.InteractionCallback
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return cb, errors.Join(errMalformed, err)
	}
	p := form.Get("payload")
	if p == "" {
		return cb, errors.Join(errMalformed, errors.New("no payload"))
	}
	if err := json.Unmarshal([]byte(p), &cb); err != nil {
		return cb, errors.Join(errMalformed, err)
	}
	return cb, nil
}

func (a *App) serveCommands(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	body, ok := a.readSigned(w, r)
	if !ok {
		return
	}
	cmd, err := parseSlash(r, body)
	if err != nil {
		a.refused(w, http.StatusBadRequest, "malformed", r.URL.Path, err)
		return
	}
	if a.notReady(w, r) {
		return
	}
	d, h := a.fromHTTP(w, r, start, "slash_commands")
	a.onSlash(r.Context(), d, cmd)
	h.finish(r.Context(), start)
}

// parseSlash reads a slash command's form with slack-go, from the body
// already read and verified.
func parseSlash(r *http.Request, body []byte) (slack.SlashCommand, error) {
	rr := r.Clone(r.Context())
	rr.Body = io.NopCloser(bytes.NewReader(body))
	rr.ContentLength = int64(len(body))
	rr.Form, rr.PostForm = nil, nil
	if rr.Header.Get("Content-Type") == "" {
		rr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	cmd, err := slack.SlashCommandParse(rr)
	if err != nil {
		return cmd, errors.Join(errMalformed, err)
	}
	if cmd.Command == "" || cmd.TeamID == "" || cmd.UserID == "" {
		return cmd, errors.Join(errMalformed, errors.New("no command, team or user"))
	}
	return cmd, nil
}
