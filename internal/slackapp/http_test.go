package slackapp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// A mention as Slack POSTs it to /slack/events.
const mentionBody = `{"token":"vtoken-test","team_id":"T0001","api_app_id":"A0APP","type":"event_callback","event_id":"Ev0HTTP1","event_time":1700000000,` +
	`"event":{"type":"app_mention","user":"U0ALICE","text":"<@U0BOT> who owns the backlog?","ts":"1700000000.000100","channel":"C0HTTP","event_ts":"1700000000.000100"}}`

// signed is a request to a request URL, signed with secret at ts (the
// current time when zero).
type signed struct {
	path, contentType string
	body              []byte
	secret            string
	ts                int64
	// send, when set, replaces the body sent after signing.
	send []byte
	// drop names headers to leave out.
	drop []string
	// signature, when set, replaces X-Slack-Signature.
	signature string
}

func (s signed) do(t testing.TB, base string) (int, string) {
	t.Helper()
	resp, body := s.post(t, base)
	return resp.StatusCode, body
}

// post is do with the whole response, headers included.
func (s signed) post(t testing.TB, base string) (*http.Response, string) {
	t.Helper()
	ts := s.ts
	if ts == 0 {
		ts = time.Now().Unix()
	}
	body := s.body
	if s.send != nil {
		body = s.send
	}
	req, err := http.NewRequest(http.MethodPost, base+s.path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	ct := s.contentType
	if ct == "" {
		ct = "application/json"
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	sig := slacktest.Sign(s.secret, ts, s.body)
	if s.signature != "" {
		sig = s.signature
	}
	req.Header.Set("X-Slack-Signature", sig)
	for _, h := range s.drop {
		req.Header.Del(h)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", s.path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHTTPRequestsThatAreNotSlacksAreRefusedAndNothingIsProcessed(t *testing.T) {
	h := newHarnessOver(t, slackapp.HTTPMode, slacktest.Config{})
	store := newMemStore()
	b := h.start(store)
	secret := h.fake.Config().SigningSecret
	now := time.Now().Unix()
	mention := []byte(mentionBody)
	slash := []byte(url.Values{"command": {"/roles"}, "text": {"help"}, "team_id": {team}, "user_id": {"U0ALICE"},
		"channel_id": {"C0HTTP"}, "trigger_id": {"1.2.abc"}}.Encode())
	click := []byte(url.Values{"payload": {`{"type":"block_actions","team":{"id":"T0001"},"user":{"id":"U0BOB"},"trigger_id":"1.2.click",` +
		`"container":{"type":"message","message_ts":"1700000000.000100","channel_id":"C0HTTP"},"channel":{"id":"C0HTTP"},` +
		`"actions":[{"type":"button","action_id":"rolecall.feedback.up","block_id":"feedback","value":"backlog"}]}`}}.Encode())
	const form = "application/x-www-form-urlencoded"
	huge := append(append([]byte(mentionBody[:len(mentionBody)-2]), bytes.Repeat([]byte(" "), 1<<20)...), "}}"...)
	tests := []struct {
		name   string
		req    signed
		status int
		reason string
	}{
		{"a forged event (wrong secret) is 401", signed{path: "/slack/events", body: mention, secret: "not-the-secret"}, 401, "signature"},
		{"a forged slash command is 401", signed{path: "/slack/commands", contentType: form, body: slash, secret: "not-the-secret"}, 401, "signature"},
		{"a forged click is 401", signed{path: "/slack/interactivity", contentType: form, body: click, secret: "not-the-secret"}, 401, "signature"},
		{"a replayed request signed six minutes ago is 401", signed{path: "/slack/events", body: mention, secret: secret, ts: now - 6*60}, 401, "stale"},
		{"a request dated six minutes ahead is 401", signed{path: "/slack/events", body: mention, secret: secret, ts: now + 6*60}, 401, "stale"},
		{"a body cut after signing is 401", signed{path: "/slack/events", body: mention, secret: secret, send: mention[:len(mention)-20]}, 401, "signature"},
		{"a slash command changed after signing is 401", signed{path: "/slack/commands", contentType: form, body: slash, secret: secret,
			send: bytes.Replace(slash, []byte("help"), []byte("set+"), 1)}, 401, "signature"},
		{"a request without a signature is 401", signed{path: "/slack/events", body: mention, secret: secret, drop: []string{"X-Slack-Signature"}}, 401, "signature"},
		{"a request without a timestamp is 401", signed{path: "/slack/events", body: mention, secret: secret, drop: []string{"X-Slack-Request-Timestamp"}}, 401, "signature"},
		{"a signature that is not v0 hex is 401", signed{path: "/slack/events", body: mention, secret: secret, signature: "v0=zz"}, 401, "signature"},
		{"a body over 1 MiB is 413", signed{path: "/slack/events", body: huge, secret: secret}, 413, "too_large"},
		{"an event body that is not JSON is 400", signed{path: "/slack/events", body: []byte("who owns the backlog?"), secret: secret}, 400, "malformed"},
		{"a click without payload= is 400", signed{path: "/slack/interactivity", contentType: form, body: []byte("nothing=here"), secret: secret}, 400, "malformed"},
		{"a click whose payload is not JSON is 400", signed{path: "/slack/interactivity", contentType: form, body: []byte("payload=%7Bnope"), secret: secret}, 400, "malformed"},
		{"a slash command sent as JSON is 400", signed{path: "/slack/commands", body: []byte(`{"command":"/roles"}`), secret: secret}, 400, "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := testutil.ToFloat64(b.m.HTTPRefused.WithLabelValues(tt.reason))
			if code, body := tt.req.do(t, b.url); code != tt.status {
				t.Errorf("status %d (%q), want %d", code, body, tt.status)
			}
			if got := testutil.ToFloat64(b.m.HTTPRefused.WithLabelValues(tt.reason)); got != before+1 {
				t.Errorf("refused{reason=%s} went from %v to %v, want one more", tt.reason, before, got)
			}
		})
	}
	t.Run("a GET is not served", func(t *testing.T) {
		resp, err := http.Get(b.url + "/slack/events")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET status %d, want 405", resp.StatusCode)
		}
	})

	// Nothing refused reached the pool, the store or the Web API.
	for _, typ := range []string{"events_api", "slash_commands", "interactive", "other"} {
		if got := testutil.ToFloat64(b.m.Envelopes.WithLabelValues(typ)); got != 0 {
			t.Errorf("envelopes{type=%s} = %v, want none taken", typ, got)
		}
	}
	store.mu.Lock()
	claims := len(store.claims)
	store.mu.Unlock()
	if claims != 0 {
		t.Errorf("%d claims in the store, want none", claims)
	}
	for _, c := range h.fake.Calls() {
		if c.Method != "auth.test" {
			t.Errorf("Web API call %s after refused requests", c.Method)
		}
	}

	// The same mention, signed right, is answered.
	if code, body := (signed{path: "/slack/events", body: mention, secret: secret}).do(t, b.url); code != 200 || body != "" {
		t.Errorf("a signed mention got %d %q, want 200 and an empty body", code, body)
	}
	if m := h.waitMessages("C0HTTP", 1)[0]; m.ThreadTS != "1700000000.000100" || !strings.Contains(m.Text, "Owner: Product owner") {
		t.Errorf("reply %+v, want the answer in the mention's thread", m)
	}
}

func TestHTTPURLVerificationIsAnswered(t *testing.T) {
	h := newHarnessOver(t, slackapp.HTTPMode, slacktest.Config{})
	b := h.start(newMemStore())
	secret := h.fake.Config().SigningSecret
	body := []byte(`{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	code, got := signed{path: "/slack/events", body: body, secret: secret}.do(t, b.url)
	if code != 200 || strings.TrimSpace(got) != `{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}` {
		t.Errorf("challenge answered %d %q", code, got)
	}
	if code, _ := (signed{path: "/slack/events", body: body, secret: "not-the-secret"}).do(t, b.url); code != 401 {
		t.Errorf("an unsigned challenge got %d, want 401", code)
	}
}

func TestHTTPBeforeRunIsNotReady(t *testing.T) {
	const secret = "a-signing-secret-for-tests"
	app, err := slackapp.New(slackapp.Config{BotToken: "xoxb-1-2-test", Transport: slackapp.HTTPMode, SigningSecret: secret,
		Engine: testEngine(t), Store: newMemStore(), Metrics: ops.New(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	defer srv.Close()
	if code, _ := (signed{path: "/slack/events", body: []byte(mentionBody), secret: secret}).do(t, srv.URL); code != 503 {
		t.Errorf("status %d before Run, want 503 so Slack retries elsewhere", code)
	}
	if err := app.Ready(context.Background()); err != slackapp.ErrNotServing {
		t.Errorf("Ready before Run = %v, want ErrNotServing", err)
	}
}

func TestNewChecksTheTransportsSettings(t *testing.T) {
	base := slackapp.Config{BotToken: "xoxb-1-2-test", Engine: testEngine(t), Store: newMemStore(), Metrics: ops.New()}
	tests := []struct {
		name string
		mod  func(*slackapp.Config)
		want string
	}{
		{"Socket Mode needs the app token", func(c *slackapp.Config) {}, "AppToken"},
		{"HTTP mode needs the signing secret", func(c *slackapp.Config) { c.Transport = slackapp.HTTPMode }, "SigningSecret"},
		{"HTTP mode needs no app token", func(c *slackapp.Config) { c.Transport, c.SigningSecret = slackapp.HTTPMode, "s" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			tt.mod(&c)
			_, err := slackapp.New(c)
			if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("New = %v, want an error naming %q", err, tt.want)
			}
		})
	}
}

// FuzzHTTPRequest sends Slack-signed bodies of any shape to each request
// URL of a running bot: every answer is one of the statuses Slack may get,
// never a crash, and a body signed with another secret is always refused.
func FuzzHTTPRequest(f *testing.F) {
	fake := slacktest.NewT(f, slacktest.Config{})
	c := fake.Config()
	app, err := slackapp.New(slackapp.Config{BotToken: c.BotToken, APIURL: fake.APIURL(), Transport: slackapp.HTTPMode,
		SigningSecret: c.SigningSecret, Engine: testEngine(f), Store: newMemStore(), Metrics: ops.New(), ShutdownTimeout: time.Second})
	if err != nil {
		f.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	f.Cleanup(func() { cancel(); <-done; srv.Close() })
	for app.Ready(ctx) != nil {
		time.Sleep(5 * time.Millisecond)
	}

	paths := []string{"/slack/events", "/slack/interactivity", "/slack/commands"}
	f.Add(uint8(0), []byte(mentionBody), false)
	f.Add(uint8(0), []byte(`{"type":"url_verification","challenge":"x"}`), false)
	f.Add(uint8(0), []byte(`{"type":"event_callback","event":{"type":"made_up"}}`), false)
	f.Add(uint8(0), []byte(`{"type":"event_callback","event":null}`), false)
	f.Add(uint8(1), []byte(`payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5B%5D%7D`), false)
	f.Add(uint8(1), []byte(`payload=%7B%22type%22%3A%22view_submission%22%7D`), false)
	f.Add(uint8(2), []byte(`command=%2Froles&text=ask+who&team_id=T0001&user_id=U0ALICE&channel_id=C0HTTP`), false)
	f.Add(uint8(2), []byte(`command=%2Froles&text=help`), true)
	f.Fuzz(func(t *testing.T, which uint8, body []byte, forged bool) {
		path := paths[int(which)%len(paths)]
		s := signed{path: path, body: body, secret: c.SigningSecret, contentType: "application/x-www-form-urlencoded"}
		if path == "/slack/events" {
			s.contentType = "application/json"
		}
		if forged {
			s.secret = "not-the-secret"
		}
		code, _ := s.do(t, srv.URL)
		switch {
		case forged && code != 401:
			t.Errorf("a forged request got %d, want 401", code)
		case !forged && code != 200 && code != 400 && code != 413 && code != 503:
			t.Errorf("%s answered %d for %q", path, code, body)
		}
	})
}

func TestHTTPConcurrentRequestsAreEachAnsweredOnce(t *testing.T) {
	h := newHarnessOver(t, slackapp.HTTPMode, slacktest.Config{})
	b := startDirectory(h)
	const n = 15
	envs := make([]string, 0, n)
	for i := range n {
		h.fake.SendMention("", "C0MANY", "U0ALICE", "who owns the backlog?", "", "")
		env, _ := h.fake.SendSlash("", "C0MANY", "U0ALICE", "/roles", "ask who owns the backlog?")
		envs = append(envs, env)
		h.fake.SendBlockAction("", "C0MANY", "U0BOB", "1700000010.000100", "", "rolecall.feedback.up", "feedback", "backlog"+strconv.Itoa(i%2))
	}
	for _, env := range envs {
		if ack, err := h.fake.WaitAck(h.ctx, env); err != nil || ack.Status != 200 {
			t.Fatalf("slash command answered %+v (%v)", ack, err)
		}
	}
	h.barrier()
	if st := h.fake.Stats(); st.HTTPFailures != 0 || st.Expired != 0 {
		t.Errorf("stats %+v: want every request answered in time", st)
	}
	if got := len(h.posts("C0MANY")); got != n {
		t.Errorf("%d answers to %d mentions, want one each", got, n)
	}
	if got := testutil.ToFloat64(b.m.Envelopes.WithLabelValues("interactive")); got != n {
		t.Errorf("interactive deliveries = %v, want %d", got, n)
	}
}

// submission is the payload=… body of a view_submission of view id, with
// callback id cb and the text typed into its question input.
func submission(id, cb, text string) []byte {
	p, _ := json.Marshal(map[string]any{
		"type": "view_submission", "team": map[string]any{"id": team}, "user": map[string]any{"id": "U0ALICE"},
		"trigger_id": "1700000000.1.abc", "api_app_id": "A0APP",
		"view": map[string]any{"id": id, "hash": "1700000000.h", "callback_id": cb, "private_metadata": "",
			"state": map[string]any{"values": map[string]any{"question": map[string]any{"text": map[string]any{"type": "plain_text_input", "value": text}}}}},
	})
	return []byte(url.Values{"payload": {string(p)}}.Encode())
}

func TestHTTPAFormsSubmissionIsAnsweredInTheResponse(t *testing.T) {
	h := newHarnessOver(t, slackapp.HTTPMode, slacktest.Config{})
	b := h.start(h.store)
	secret := h.fake.Config().SigningSecret
	const form = "application/x-www-form-urlencoded"
	tests := []struct {
		name, callback, text string
		// want is in the response body; "" for none.
		want string
	}{
		{"the answer updates the form", "rolecall.ask.form", "who owns the backlog?", `"response_action":"update"`},
		{"a blank question shows an error under the input", "rolecall.ask.form", "  ", `"response_action":"errors"`},
		{"a form not answered in its ack is acked empty at once", "rolecall.comment.submit", "wrong owner", ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := signed{path: "/slack/interactivity", contentType: form, secret: secret,
				body: submission(fmt.Sprintf("V0HTTP%d", i), tt.callback, tt.text)}
			resp, body := req.post(t, b.url)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d (%s), want 200", resp.StatusCode, body)
			}
			if tt.want == "" {
				if body != "" {
					t.Errorf("body %q, want none", body)
				}
				return
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" || !strings.Contains(body, tt.want) {
				t.Errorf("response %q (%s), want JSON with %s", body, ct, tt.want)
			}
		})
	}
}

// heldAnswerer answers once release is closed, saying when it is asked.
type heldAnswerer struct{ asked, release chan struct{} }

func (h heldAnswerer) Answer(ctx context.Context, q string) knowledge.Answer {
	h.asked <- struct{}{}
	select {
	case <-h.release:
	case <-ctx.Done():
	}
	return knowledge.Answer{Owner: knowledge.ProductManager, Topic: "roadmap", Question: q, Text: "The PM builds the roadmap."}
}

func TestHTTPASubmissionTheFullPoolCannotTakeIsRefusedAtOnce(t *testing.T) {
	h := newHarnessOver(t, slackapp.HTTPMode, slacktest.Config{})
	held := heldAnswerer{asked: make(chan struct{}, 4), release: make(chan struct{})}
	b := h.start(h.store, func(c *slackapp.Config) { c.Workers, c.Queue, c.Answerer = 1, 1, held })
	defer close(held.release)
	secret := h.fake.Config().SigningSecret
	post := func(id string) (int, string) {
		return signed{path: "/slack/interactivity", contentType: "application/x-www-form-urlencoded", secret: secret,
			body: submission(id, "rolecall.ask.form", "who builds the roadmap?")}.do(t, b.url)
	}
	// The one worker acks the first ("Looking that up…"), then waits for
	// the answer; the second waits in the queue.
	if code, body := post("V0FULL1"); code != http.StatusOK || !strings.Contains(body, "Looking that up") {
		t.Fatalf("first: %d %s", code, body)
	}
	<-held.asked
	second := make(chan int, 1)
	go func() { code, _ := post("V0FULL2"); second <- code }()
	h.waitFor("the second in the queue", func() bool { return testutil.ToFloat64(b.m.PoolQueued) == 1 })
	start := time.Now()
	if code, _ := post("V0FULL3"); code != http.StatusServiceUnavailable || time.Since(start) > time.Second {
		t.Errorf("third: %d after %v, want 503 at once", code, time.Since(start))
	}
	if got := testutil.ToFloat64(b.m.HTTPRefused.WithLabelValues("busy")); got != 1 {
		t.Errorf("refused{busy} = %v, want 1", got)
	}
	held.release <- struct{}{}
	if code := <-second; code != http.StatusOK {
		t.Errorf("second: %d, want 200 once a worker took it", code)
	}
}
