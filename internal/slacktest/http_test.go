package slacktest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/slacktest"
)

// request is what an app behind a request URL received.
type request struct {
	Path, ContentType, RetryNum, RetryReason string
	Body                                     []byte
	// Verified says slack-go's verifier accepted the signature.
	Verified error
}

// app is a request URL that records what the fake POSTs and answers with
// answer (200 and no body when nil).
type app struct {
	srv    *httptest.Server
	mu     sync.Mutex
	got    []request
	answer func(n int, w http.ResponseWriter, r *http.Request)
}

func newApp(t *testing.T, secret string, answer func(n int, w http.ResponseWriter, r *http.Request)) *app {
	t.Helper()
	a := &app{answer: answer}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rq := request{Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"), Body: body,
			RetryNum: r.Header.Get("X-Slack-Retry-Num"), RetryReason: r.Header.Get("X-Slack-Retry-Reason")}
		sv, err := slack.NewSecretsVerifier(r.Header, secret)
		if err == nil {
			_, _ = sv.Write(body)
			err = sv.Ensure()
		}
		rq.Verified = err
		a.mu.Lock()
		a.got = append(a.got, rq)
		n := len(a.got)
		a.mu.Unlock()
		if a.answer != nil {
			a.answer(n, w, r)
		}
	}))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *app) requests() []request {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]request(nil), a.got...)
}

func TestHTTPDeliveryPostsEachKindSignedAsSlackDoes(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	a := newApp(t, s.Config().SigningSecret, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == slacktest.CommandsPath {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"response_type":"ephemeral","text":"ok"}`))
		}
	})
	s.AddRequestURL(a.srv.URL)
	ctx := ctxT(t)

	_, eventID := s.SendMention("", "C0GENERAL", "U0ALICE", "who owns the backlog?", "", "")
	slashEnv, trigger := s.SendSlash("", "C0GENERAL", "U0ALICE", "/roles", "ask who owns the backlog?")
	s.SendBlockAction("", "C0GENERAL", "U0BOB", "1700000000.000100", "", "rolecall.feedback.up", "feedback", "backlog")
	if err := s.WaitAcks(ctx, 3); err != nil {
		t.Fatal(err)
	}
	byPath := map[string]request{}
	for _, r := range a.requests() {
		if r.Verified != nil {
			t.Errorf("%s: slack-go refused the signature: %v", r.Path, r.Verified)
		}
		if r.RetryNum != "" {
			t.Errorf("%s: a first delivery carries X-Slack-Retry-Num %s", r.Path, r.RetryNum)
		}
		byPath[r.Path] = r
	}

	t.Run("an event is the Events API wrapper as JSON", func(t *testing.T) {
		r := byPath[slacktest.EventsPath]
		var e struct {
			EventID string `json:"event_id"`
			Event   struct{ Type string }
		}
		if err := json.Unmarshal(r.Body, &e); err != nil || r.ContentType != "application/json" {
			t.Fatalf("body %s (%s): %v", r.Body, r.ContentType, err)
		}
		if e.EventID != eventID || e.Event.Type != "app_mention" {
			t.Errorf("event %+v, want app_mention %s", e, eventID)
		}
	})
	t.Run("a slash command is its form, and the response body is the ack's payload", func(t *testing.T) {
		r := byPath[slacktest.CommandsPath]
		v, err := url.ParseQuery(string(r.Body))
		if err != nil || r.ContentType != "application/x-www-form-urlencoded" {
			t.Fatalf("body %s (%s): %v", r.Body, r.ContentType, err)
		}
		if v.Get("command") != "/roles" || v.Get("text") != "ask who owns the backlog?" || v.Get("trigger_id") != trigger || v.Get("response_url") == "" {
			t.Errorf("form %v", v)
		}
		ack, err := s.WaitAck(ctx, slashEnv)
		if err != nil || ack.Status != 200 || string(ack.Payload) != `{"response_type":"ephemeral","text":"ok"}` {
			t.Errorf("ack %+v (%v), want status 200 and the body as payload", ack, err)
		}
	})
	t.Run("a click is payload= and the interaction's JSON", func(t *testing.T) {
		r := byPath[slacktest.InteractivityPath]
		v, err := url.ParseQuery(string(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		var cb slack.InteractionCallback
		if err := json.Unmarshal([]byte(v.Get("payload")), &cb); err != nil {
			t.Fatalf("payload %q: %v", v.Get("payload"), err)
		}
		if cb.Type != slack.InteractionTypeBlockActions || cb.ActionCallback.BlockActions[0].ActionID != "rolecall.feedback.up" {
			t.Errorf("interaction %+v", cb)
		}
	})
	if st := s.Stats(); st.Connections != 0 || st.Envelopes != 3 || st.Pending != 0 {
		t.Errorf("stats %+v, want three envelopes over HTTP and no socket", st)
	}
}

func TestHTTPDeliveryRetriesAnEventThatTimedOutOrFailed(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{AckTimeout: 200 * time.Millisecond,
		HTTPRetryDelays: []time.Duration{0, 10 * time.Millisecond}})
	a := newApp(t, s.Config().SigningSecret, func(n int, w http.ResponseWriter, r *http.Request) {
		switch n {
		case 1: // too slow: answer only once the fake gave up
			<-r.Context().Done()
		case 2:
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}
	})
	s.AddRequestURL(a.srv.URL)
	env, eventID := s.SendDM("", "U0ALICE", "who owns the backlog?", "")
	ack, err := s.WaitAck(ctxT(t), env)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Attempt != 2 || ack.EventID != eventID {
		t.Errorf("acked attempt %d of %s, want attempt 2 of %s", ack.Attempt, ack.EventID, eventID)
	}
	got := a.requests()
	want := [][2]string{{"", ""}, {"1", "http_timeout"}, {"2", "http_error"}}
	if len(got) != len(want) {
		t.Fatalf("%d requests, want %d", len(got), len(want))
	}
	for i, r := range got {
		if r.RetryNum != want[i][0] || r.RetryReason != want[i][1] || string(r.Body) != string(got[0].Body) {
			t.Errorf("request %d: retry %q reason %q, want %q %q and the same body", i, r.RetryNum, r.RetryReason, want[i][0], want[i][1])
		}
	}
	if st := s.Stats(); st.HTTPFailures != 2 || st.Redeliveries != 2 || st.Expired != 0 {
		t.Errorf("stats %+v, want 2 failures, 2 redeliveries, none expired", st)
	}
}

func TestHTTPDeliveryGivesUpAfterTheLastRetry(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{HTTPRetryDelays: []time.Duration{0, time.Millisecond}})
	a := newApp(t, s.Config().SigningSecret, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	})
	s.AddRequestURL(a.srv.URL)
	s.SendDM("", "U0ALICE", "who owns the backlog?", "")
	if err := s.WaitFor(ctxT(t), func() bool { return s.Stats().Expired == 1 }); err != nil {
		t.Fatal(err)
	}
	if n := len(a.requests()); n != 4 {
		t.Errorf("%d requests, want the first and 3 retries", n)
	}
}

func TestHTTPDeliveryDoesNotRetryClicksOrCommands(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{HTTPRetryDelays: []time.Duration{0}})
	a := newApp(t, s.Config().SigningSecret, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	s.AddRequestURL(a.srv.URL)
	s.SendSlash("", "C0GENERAL", "U0ALICE", "/roles", "help")
	s.SendBlockAction("", "C0GENERAL", "U0BOB", "1700000000.000100", "", "rolecall.feedback.up", "feedback", "backlog")
	if err := s.WaitFor(ctxT(t), func() bool { return s.Stats().Expired == 2 }); err != nil {
		t.Fatal(err)
	}
	if n := len(a.requests()); n != 2 {
		t.Errorf("%d requests, want one each: Slack shows the person an error instead of retrying", n)
	}
}

func TestHTTPDeliverySpreadsOverRequestURLsAndRedeliversToAnother(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	a1 := newApp(t, s.Config().SigningSecret, nil)
	a2 := newApp(t, s.Config().SigningSecret, nil)
	s.AddRequestURL(a1.srv.URL)
	s.AddRequestURL(a2.srv.URL)
	ctx := ctxT(t)
	env, _ := s.SendMention("", "C0GENERAL", "U0ALICE", "who owns the backlog?", "", "")
	s.SendMention("", "C0GENERAL", "U0ALICE", "who owns the roadmap?", "", "")
	if err := s.WaitAcks(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if n1, n2 := len(a1.requests()), len(a2.requests()); n1 != 1 || n2 != 1 {
		t.Fatalf("requests %d and %d, want one each", n1, n2)
	}
	if _, err := s.Redeliver(env); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitAcks(ctx, 3); err != nil {
		t.Fatal(err)
	}
	r := a2.requests()
	if len(r) != 2 || r[1].RetryNum != "1" || r[1].RetryReason != "http_timeout" || string(r[1].Body) != string(a1.requests()[0].Body) {
		t.Errorf("redelivery %+v, want the first event again on the other URL with X-Slack-Retry-Num 1", r)
	}

	s.RemoveRequestURL(a2.srv.URL)
	s.SendDM("", "U0ALICE", "who owns the backlog?", "")
	if err := s.WaitAcks(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if n := len(a1.requests()); n != 2 {
		t.Errorf("first URL got %d requests, want 2 once the other was removed", n)
	}
}

func TestSignIsWhatSlackGoVerifies(t *testing.T) {
	body := []byte("token=x&command=%2Froles")
	ts := time.Now().Unix()
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	h.Set("X-Slack-Signature", slacktest.Sign("s3cret", ts, body))
	sv, err := slack.NewSecretsVerifier(h, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = sv.Write(body)
	if err := sv.Ensure(); err != nil {
		t.Errorf("slack-go refused Sign: %v", err)
	}
}
