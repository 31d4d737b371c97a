package slacktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rolecall/rolecall/internal/jsonenc"
)

// maxTextLen is the longest text Slack accepts before msg_too_long.
const maxTextLen = 40000

type rateLimit struct {
	n          int // calls still to refuse
	retryAfter time.Duration
	perSec     int // >0: at most perSec accepted calls per 1s window
	winStart   time.Time
	winCount   int
}

type failRule struct {
	code string
	n    int
}

// RateLimit makes the next n calls of method answer HTTP 429 with a
// Retry-After header of retryAfter in whole seconds, rounded up, at least 1
// (Slack sends integers and slack-go parses only integers). Refused calls are
// recorded (Status 429, Error "ratelimited") but deliver nothing.
// n <= 0 lifts it.
func (s *Server) RateLimit(method string, n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rl := s.limitFor(method)
	rl.n = max(n, 0)
	rl.retryAfter = retryAfter
}

// RateLimitPerSecond lets at most limit calls of method a second through (in
// fixed one-second windows) and answers the rest 429 with "Retry-After: 1":
// a storm of 429s for a bot that sends faster. limit <= 0 lifts it.
func (s *Server) RateLimitPerSecond(method string, limit int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rl := s.limitFor(method)
	rl.perSec = max(limit, 0)
	rl.winStart, rl.winCount = time.Time{}, 0
}

// delay is a Delay rule; lifted is closed when the rule is replaced or
// lifted, releasing the calls waiting on it.
type delay struct {
	d      time.Duration
	lifted chan struct{}
}

// Delay makes every call of method wait d before it is answered (after the
// rate limit and failure checks): a slow Slack, or a handler blocked on it.
// d <= 0 lifts it; lifting or changing it releases the calls waiting now.
func (s *Server) Delay(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.delays[method]; old != nil {
		close(old.lifted)
		delete(s.delays, method)
	}
	if d > 0 {
		s.delays[method] = &delay{d: d, lifted: make(chan struct{})}
	}
}

// ClearRateLimits lifts every rate limit.
func (s *Server) ClearRateLimits() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.limits)
}

// Fail makes the next n calls of method answer {"ok":false,"error":code}
// (HTTP 200) and deliver nothing, e.g. Fail("chat.postMessage",
// "channel_not_found", 1). n <= 0 lifts it.
func (s *Server) Fail(method, code string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		delete(s.fails, method)
		return
	}
	s.fails[method] = &failRule{code: code, n: n}
}

func (s *Server) delayFor(method string) *delay {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.delays[method]
}

func (s *Server) limitFor(method string) *rateLimit {
	rl := s.limits[method]
	if rl == nil {
		rl = &rateLimit{}
		s.limits[method] = rl
	}
	return rl
}

// gate decides, under s.mu, whether a call is rate limited (retry > 0) or
// must fail with an injected error.
func (s *Server) gate(method string, now time.Time) (retry int, fail string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rl := s.limits[method]; rl != nil {
		if rl.n > 0 {
			rl.n--
			return max(1, int((rl.retryAfter+time.Second-1)/time.Second)), ""
		}
		if rl.perSec > 0 {
			if now.Sub(rl.winStart) >= time.Second {
				rl.winStart, rl.winCount = now, 0
			}
			if rl.winCount >= rl.perSec {
				return 1, ""
			}
			rl.winCount++
		}
	}
	if f := s.fails[method]; f != nil {
		f.n--
		if f.n <= 0 {
			delete(s.fails, method)
		}
		return 0, f.code
	}
	return 0, ""
}

// apiResult is what a method handler produces.
type apiResult struct {
	body   []byte // the whole ok:true response
	err    string
	detail []string
	msg    *Message
	echo   bool
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	params, perr := parseParams(r, body)
	token := ""
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		token = strings.TrimPrefix(h, "Bearer ")
	} else if method != "apps.connections.open" {
		token = params["token"]
	}
	delete(params, "token")

	call := Call{
		Method:   method,
		Params:   params,
		Time:     now,
		Status:   http.StatusOK,
		Channel:  params["channel"],
		ThreadTS: params["thread_ts"],
		Text:     params["text"],
		TS:       params["ts"],
	}
	switch method {
	case "chat.postEphemeral", "users.info":
		call.User = params["user"]
	case "views.publish":
		call.User = params["user_id"]
		if v := params["view"]; v != "" {
			call.View = json.RawMessage(v)
		}
	}
	if b := params["blocks"]; b != "" {
		call.Blocks = json.RawMessage(b)
	}

	if retry, fail := s.gate(method, now); retry > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(retry))
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"ok":false,"error":"ratelimited"}`))
		call.Status, call.Error = http.StatusTooManyRequests, "ratelimited"
		s.recordCall(call, nil)
		return
	} else if fail != "" {
		perr = fail
	}
	if d := s.delayFor(method); d != nil {
		s.held.Add(1)
		s.mu.Lock()
		s.notifyLocked()
		s.mu.Unlock()
		t := time.NewTimer(d.d)
		select {
		case <-t.C:
		case <-d.lifted:
			t.Stop()
		case <-r.Context().Done():
			t.Stop()
		}
		s.held.Add(-1)
	}

	var res apiResult
	switch {
	case perr != "":
		res.err = perr
	case method == "apps.connections.open":
		res = s.connectionsOpen(token)
	default:
		if code := s.checkBotToken(token); code != "" {
			res.err = code
			break
		}
		res = s.dispatch(method, &call, params)
	}

	out := res.body
	if res.err != "" {
		out = append(out[:0], `{"ok":false`...)
		out = appendField(out, "error", res.err)
		if len(res.detail) > 0 {
			out = append(out, `,"response_metadata":{"messages":[`...)
			for i, m := range res.detail {
				if i > 0 {
					out = append(out, ',')
				}
				out = jsonenc.AppendString(out, m)
			}
			out = append(out, "]}"...)
		}
		out = append(out, '}')
		call.Error, call.Detail = res.err, res.detail
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(out)
	if res.msg != nil {
		call.ResultTS = res.msg.TS
	}
	s.recordCall(call, res.msg)
	if res.echo {
		s.echo(res.msg)
	}
}

// recordCall records a call (and the message it delivered) and runs OnCall.
func (s *Server) recordCall(c Call, m *Message) {
	s.mu.Lock()
	s.st.Calls++
	switch {
	case c.Status == http.StatusTooManyRequests:
		s.st.RateLimited++
		s.rlBy[c.Method]++
	case c.Error != "":
		s.st.CallErrors++
		s.errBy[c.Method]++
		if c.Error == "invalid_blocks" {
			s.st.BlockViolations++
			push(s.rec.limit, &s.rec.violations, Violation{Method: c.Method, Channel: c.Channel, Time: c.Time, Messages: c.Detail})
		}
	default:
		s.st.CallsOK++
		s.okBy[c.Method]++
	}
	if m != nil && c.Error == "" {
		s.st.Messages++
		push(s.rec.limit, &s.rec.messages, *m)
	}
	push(s.rec.limit, &s.rec.calls, c)
	s.notifyLocked()
	s.mu.Unlock()
	if s.cfg.OnCall != nil {
		s.cfg.OnCall(c)
	}
}

func (s *Server) checkBotToken(token string) string {
	switch {
	case token == "":
		return "not_authed"
	case token == s.cfg.AppToken:
		return "not_allowed_token_type"
	case token != s.cfg.BotToken:
		return "invalid_auth"
	}
	return ""
}

// parseParams decodes a form or JSON body (and the query string) into
// strings: JSON strings unquoted, other JSON values kept as JSON text.
func parseParams(r *http.Request, body []byte) (map[string]string, string) {
	params := make(map[string]string, 8)
	ct := r.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "application/json") {
		if len(bytes.TrimSpace(body)) > 0 {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(body, &m); err != nil {
				if bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
					return params, "invalid_json"
				}
				return params, "json_not_object"
			}
			for k, v := range m {
				if len(v) > 0 && v[0] == '"' {
					var str string
					if json.Unmarshal(v, &str) == nil {
						params[k] = str
						continue
					}
				}
				if string(v) != "null" {
					params[k] = string(v)
				}
			}
		}
	} else if len(body) > 0 {
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return params, "invalid_form_data"
		}
		for k, v := range vals {
			params[k] = v[0]
		}
	}
	if r.URL.RawQuery != "" {
		for k, v := range r.URL.Query() {
			if _, ok := params[k]; !ok {
				params[k] = v[0]
			}
		}
	}
	return params, ""
}

func (s *Server) dispatch(method string, call *Call, p map[string]string) apiResult {
	switch method {
	case "auth.test":
		return s.authTest()
	case "chat.postMessage":
		return s.postMessage(call, p)
	case "chat.postEphemeral":
		return s.postEphemeral(call, p)
	case "chat.update":
		return s.update(call, p)
	case "conversations.open":
		return s.conversationsOpen(p)
	case "views.publish":
		return s.viewsPublish(call, p)
	case "users.info":
		return s.usersInfo(p)
	case "usergroups.list":
		return s.usergroupsList(p)
	case "usergroups.users.list":
		return s.usergroupsUsersList(p)
	case "views.open":
		return s.viewsOpen(call, p)
	case "views.push":
		return s.viewsPush(call, p)
	case "views.update":
		return s.viewsUpdate(call, p)
	}
	return apiResult{err: "unknown_method"}
}

func (s *Server) authTest() apiResult {
	b := make([]byte, 0, 256)
	b = append(b, `{"ok":true`...)
	b = appendField(b, "url", "https://"+s.cfg.TeamDomain+".slack.com/")
	b = appendField(b, "team", "Rolecall Test")
	b = appendField(b, "user", "rolecall")
	b = appendField(b, "team_id", s.cfg.TeamID)
	b = appendField(b, "user_id", s.cfg.BotUserID)
	b = appendField(b, "bot_id", s.cfg.BotID)
	b = append(b, `,"is_enterprise_install":false}`...)
	return apiResult{body: b}
}

func (s *Server) connectionsOpen(token string) apiResult {
	switch {
	case token == "":
		return apiResult{err: "not_authed"}
	case token == s.cfg.BotToken:
		return apiResult{err: "not_allowed_token_type"}
	case token != s.cfg.AppToken:
		return apiResult{err: "invalid_auth"}
	}
	ticket := s.newID("tk")
	s.mu.Lock()
	s.tickets[ticket] = struct{}{}
	s.st.Tickets++
	s.mu.Unlock()
	u := "ws" + strings.TrimPrefix(s.base, "http") + "/link/?ticket=" + ticket + "&app_id=" + url.QueryEscape(s.cfg.AppID)
	b := append([]byte(`{"ok":true`), ""...)
	b = appendField(b, "url", u)
	b = append(b, '}')
	return apiResult{body: b}
}

// resolveChannel maps the channel parameter to a conversation id: C, G and D
// ids as they are, a user id to the bot's DM with that user.
func (s *Server) resolveChannel(ch string) (string, bool) {
	if len(ch) < 2 {
		return "", false
	}
	switch ch[0] {
	case 'C', 'G', 'D':
		return ch, true
	case 'U', 'W':
		return s.DMChannel(ch), true
	}
	return "", false
}

// checkContent applies Slack's text and Block Kit rules to a message.
func (s *Server) checkContent(p map[string]string) (string, []string) {
	text, blocks := p["text"], p["blocks"]
	if utf8.RuneCountInString(text) > maxTextLen {
		return "msg_too_long", nil
	}
	hasBlocks := false
	if blocks != "" {
		n, msgs := s.validateCached(blocks, SurfaceMessage)
		if msgs != nil {
			return "invalid_blocks", msgs
		}
		hasBlocks = n > 0
	}
	if text == "" && !hasBlocks && p["attachments"] == "" {
		return "no_text", nil
	}
	return "", nil
}

type blockVerdict struct {
	n    int
	msgs []string
}

// validateCached validates blocks, remembering verdicts: a bot under load
// posts the same few answers again and again, and validation is the
// costliest part of a call. The cache is dropped when it fills.
func (s *Server) validateCached(blocks string, sf Surface) (int, []string) {
	key := blocks
	if sf != SurfaceMessage {
		key = strconv.Itoa(int(sf)) + ":" + blocks
	}
	s.bcMu.Lock()
	v, ok := s.blockCache[key]
	s.bcMu.Unlock()
	if ok {
		return v.n, v.msgs
	}
	n, err := validateBlocks([]byte(blocks), sf)
	v = blockVerdict{n: n}
	if err != nil {
		if be, ok := err.(*BlocksError); ok {
			v.msgs = be.Messages
		} else {
			v.msgs = []string{err.Error()}
		}
	}
	s.bcMu.Lock()
	if len(s.blockCache) >= 4096 {
		clear(s.blockCache)
	}
	s.blockCache[key] = v
	s.bcMu.Unlock()
	return v.n, v.msgs
}

// appendMessage appends a message object as Slack returns it.
func (s *Server) appendMessage(b []byte, text, ts, threadTS, blocks string) []byte {
	b = append(b, `{"type":"message"`...)
	b = appendField(b, "text", text)
	b = appendField(b, "user", s.cfg.BotUserID)
	b = appendField(b, "bot_id", s.cfg.BotID)
	b = appendField(b, "team", s.cfg.TeamID)
	b = appendField(b, "ts", ts)
	if threadTS != "" {
		b = appendField(b, "thread_ts", threadTS)
	}
	if blocks != "" {
		// Validation proved it a JSON array; whitespace in it is still JSON.
		b = appendRawField(b, "blocks", bytes.TrimSpace([]byte(blocks)))
	}
	return append(b, '}')
}

func (s *Server) postMessage(call *Call, p map[string]string) apiResult {
	ch, ok := s.resolveChannel(p["channel"])
	if !ok {
		return apiResult{err: "channel_not_found"}
	}
	if code, detail := s.checkContent(p); code != "" {
		return apiResult{err: code, detail: detail}
	}
	ts := s.nextTS()
	text, thread := p["text"], p["thread_ts"]
	b := make([]byte, 0, 256+len(text)+len(p["blocks"]))
	b = append(b, `{"ok":true`...)
	b = appendField(b, "channel", ch)
	b = appendField(b, "ts", ts)
	b = append(b, `,"message":`...)
	b = s.appendMessage(b, text, ts, thread, p["blocks"])
	b = append(b, '}')
	call.Channel = ch
	return apiResult{body: b, echo: s.cfg.EchoBotMessages, msg: &Message{
		Method: "chat.postMessage", Channel: ch, ThreadTS: thread, Text: text,
		Blocks: call.Blocks, TS: ts, Time: call.Time,
	}}
}

func (s *Server) postEphemeral(call *Call, p map[string]string) apiResult {
	ch, ok := s.resolveChannel(p["channel"])
	if !ok {
		return apiResult{err: "channel_not_found"}
	}
	if p["user"] == "" {
		return apiResult{err: "user_not_in_channel"}
	}
	if code, detail := s.checkContent(p); code != "" {
		return apiResult{err: code, detail: detail}
	}
	ts := s.nextTS()
	b := append(make([]byte, 0, 64), `{"ok":true`...)
	b = appendField(b, "message_ts", ts)
	b = append(b, '}')
	call.Channel = ch
	return apiResult{body: b, msg: &Message{
		Method: "chat.postEphemeral", Channel: ch, ThreadTS: p["thread_ts"], Text: p["text"],
		Blocks: call.Blocks, Ephemeral: true, User: p["user"], TS: ts, Time: call.Time,
	}}
}

func (s *Server) update(call *Call, p map[string]string) apiResult {
	ch, ok := s.resolveChannel(p["channel"])
	if !ok {
		return apiResult{err: "channel_not_found"}
	}
	ts := p["ts"]
	if !validTS(ts) {
		return apiResult{err: "message_not_found"}
	}
	if code, detail := s.checkContent(p); code != "" {
		return apiResult{err: code, detail: detail}
	}
	text := p["text"]
	b := make([]byte, 0, 256+len(text)+len(p["blocks"]))
	b = append(b, `{"ok":true`...)
	b = appendField(b, "channel", ch)
	b = appendField(b, "ts", ts)
	b = appendField(b, "text", text)
	b = append(b, `,"message":`...)
	b = s.appendMessage(b, text, ts, "", p["blocks"])
	b = append(b, '}')
	call.Channel = ch
	return apiResult{body: b, msg: &Message{
		Method: "chat.update", Channel: ch, Text: text, Blocks: call.Blocks, TS: ts, Time: call.Time,
	}}
}

// validTS reports whether ts looks like "1700000000.000100".
func validTS(ts string) bool {
	if len(ts) != 17 || ts[10] != '.' {
		return false
	}
	for i := 0; i < len(ts); i++ {
		if i != 10 && (ts[i] < '0' || ts[i] > '9') {
			return false
		}
	}
	return true
}

func (s *Server) conversationsOpen(p map[string]string) apiResult {
	var id, user string
	switch users := p["users"]; {
	case users != "" && !strings.Contains(users, ","):
		user = strings.TrimSpace(users)
		id = s.DMChannel(user)
	case users != "":
		id = "G" + s.DMChannel(users)[1:]
	case p["channel"] != "":
		id = p["channel"]
	default:
		return apiResult{err: "users_list_not_supplied"}
	}
	b := append(make([]byte, 0, 192), `{"ok":true,"no_op":true,"already_open":true,"channel":{`...)
	b = appendField(b, "id", id)
	b = append(b, `,"created":1700000000`...)
	if user != "" {
		b = append(b, `,"is_im":true`...)
		b = appendField(b, "user", user)
	}
	b = append(b, `,"is_open":true}}`...)
	return apiResult{body: b}
}

func (s *Server) viewsPublish(call *Call, p map[string]string) apiResult {
	user := p["user_id"]
	if user == "" {
		return apiResult{err: "invalid_arguments", detail: []string{"[ERROR] missing required field: user_id"}}
	}
	var view struct {
		Type            string          `json:"type"`
		Blocks          json.RawMessage `json:"blocks"`
		PrivateMetadata string          `json:"private_metadata"`
		CallbackID      string          `json:"callback_id"`
		ExternalID      string          `json:"external_id"`
	}
	if err := json.Unmarshal([]byte(p["view"]), &view); err != nil {
		return apiResult{err: "invalid_arguments", detail: []string{"[ERROR] invalid view: " + err.Error()}}
	}
	if view.Type != "home" {
		return apiResult{err: "invalid_arguments", detail: []string{"[ERROR] views.publish needs a view of type home [json-pointer:/view/type]"}}
	}
	if len(view.PrivateMetadata) > 3000 {
		return apiResult{err: "invalid_arguments", detail: []string{"[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]"}}
	}
	if _, msgs := s.validateCached(string(view.Blocks), SurfaceHome); msgs != nil {
		return apiResult{err: "invalid_blocks", detail: msgs}
	}
	id := "V" + s.DMChannel(user)[1:]
	b := make([]byte, 0, 512+len(view.Blocks))
	b = append(b, `{"ok":true,"view":{`...)
	b = appendField(b, "id", id)
	b = appendField(b, "team_id", s.cfg.TeamID)
	b = append(b, `,"type":"home","blocks":`...)
	if len(view.Blocks) == 0 {
		b = append(b, "[]"...)
	} else {
		b = append(b, view.Blocks...)
	}
	b = appendField(b, "private_metadata", view.PrivateMetadata)
	b = appendField(b, "callback_id", view.CallbackID)
	b = appendField(b, "external_id", view.ExternalID)
	b = append(b, `,"state":{"values":{}}`...)
	b = appendField(b, "hash", s.nextTS())
	b = append(b, `,"clear_on_close":false,"notify_on_close":false,"close":null,"submit":null,"previous_view_id":null`...)
	b = appendField(b, "root_view_id", id)
	b = appendField(b, "app_id", s.cfg.AppID)
	b = appendField(b, "app_installed_team_id", s.cfg.TeamID)
	b = appendField(b, "bot_id", s.cfg.BotID)
	b = append(b, "}}"...)
	call.View = json.RawMessage(p["view"])
	return apiResult{body: b}
}

// userName derives a handle from a user id: U0ALICE → "alice".
func userName(id string) string {
	n := strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(id, "U"), "W"), "0")
	if n == "" {
		n = id
	}
	return strings.ToLower(n)
}

func (s *Server) usersInfo(p map[string]string) apiResult {
	id := p["user"]
	if id == "" {
		return apiResult{err: "user_not_found"}
	}
	b := make([]byte, 0, 512)
	b = append(b, `{"ok":true,"user":`...)
	b = s.appendUser(b, id)
	return apiResult{body: append(b, '}')}
}

// serveResponseURL accepts posts to the response_url of a slash command or
// an interaction: /response/{channel}/{user}/{n}.
func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/response/"), "/")
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if r.Header.Get("Content-Type") == "" {
		r.Header.Set("Content-Type", "application/json")
	}
	params, perr := parseParams(r, body)
	call := Call{Method: "response_url", Params: params, Time: now, Status: http.StatusOK,
		Text: params["text"], ThreadTS: params["thread_ts"]}
	if len(parts) >= 2 {
		call.Channel, call.User = parts[0], parts[1]
	}
	if b := params["blocks"]; b != "" {
		call.Blocks = json.RawMessage(b)
	}
	code, detail := perr, []string(nil)
	if code == "" && len(parts) < 3 {
		code = "invalid_url"
	}
	if code == "" {
		if p := params["delete_original"]; p == "true" {
			code = ""
		} else {
			code, detail = s.checkContent(params)
		}
	}
	var msg *Message
	if code == "" && params["delete_original"] != "true" {
		msg = &Message{Method: "response_url", Channel: call.Channel, ThreadTS: call.ThreadTS,
			Text: call.Text, Blocks: call.Blocks, Ephemeral: params["response_type"] != "in_channel",
			User: call.User, TS: s.nextTS(), Time: now}
		call.ResultTS = msg.TS
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if code != "" {
		call.Error, call.Detail = code, detail
		_, _ = fmt.Fprintf(w, `{"ok":false,"error":%q}`, code)
	} else {
		_, _ = w.Write([]byte(`{"ok":true}`))
	}
	s.recordCall(call, msg)
}
