package slacktest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/slacktest"
)

func TestConnectionsOpenNeedsTheAppTokenInTheHeader(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	cfg := s.Config()
	tests := []struct {
		name  string
		token string
		form  bool
		want  string
	}{
		{"no token is not_authed", "", false, "not_authed"},
		{"the bot token is the wrong token type", cfg.BotToken, false, "not_allowed_token_type"},
		{"a wrong app token is invalid_auth", "xapp-1-wrong", false, "invalid_auth"},
		{"the app token in the form is not read", cfg.AppToken, true, "not_authed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]any
			if tt.form {
				_, m = post(t, s, "apps.connections.open", url.Values{"token": {tt.token}})
			} else {
				_, m = postJSON(t, s, "apps.connections.open", tt.token, nil)
			}
			if m["ok"] != false || m["error"] != tt.want {
				t.Errorf("answer = %v, want error %q", m, tt.want)
			}
		})
	}
	if got := s.Stats().Tickets; got != 0 {
		t.Errorf("tickets handed out = %d, want 0", got)
	}
}

func TestEveryConnectionsOpenGivesANewSingleUseTicket(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	u1, u2 := openURL(t, s), openURL(t, s)
	if u1 == u2 {
		t.Fatalf("two calls gave the same URL %s", u1)
	}
	if !strings.HasPrefix(u1, "ws://127.0.0.1:") || !strings.Contains(u1, "/link/?ticket=") {
		t.Errorf("url = %s, want ws://127.0.0.1:PORT/link/?ticket=…", u1)
	}
	ws, _, err := dialURL(t, u1)
	if err != nil {
		t.Fatalf("first dial: %v", err)
	}
	ws.Close()
	_, resp, err := dialURL(t, u1)
	if err == nil {
		t.Fatal("second dial with the same ticket succeeded")
	}
	if resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("second dial answered %v, want 401", resp)
	}
	if _, resp, err := dialURL(t, strings.Replace(u2, "ticket=", "ticket=x", 1)); err == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unknown ticket: err %v resp %v, want 401", err, resp)
	}
}

func TestHelloDescribesTheConnection(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	_, hello := connect(t, s)
	if got := num(hello, "num_connections"); got != 1 {
		t.Errorf("num_connections = %d, want 1", got)
	}
	if got := str(hello, "connection_info", "app_id"); got != s.Config().AppID {
		t.Errorf("connection_info.app_id = %q, want %q", got, s.Config().AppID)
	}
	di, _ := hello["debug_info"].(map[string]any)
	if _, ok := di["approximate_connection_time"].(float64); !ok {
		t.Errorf("debug_info = %v, want approximate_connection_time", di)
	}
	_, hello2 := connect(t, s)
	if got := num(hello2, "num_connections"); got != 2 {
		t.Errorf("second num_connections = %d, want 2", got)
	}
}

func TestAnAckIsRecordedWithItsLatencyAndPayload(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	c, _ := connect(t, s)
	envID, triggerID := s.SendSlash("", "C0123456789", "U0ALICE", "/roles", "help")
	env := c.read()
	if str(env, "envelope_id") != envID || env["type"] != "slash_commands" || env["accepts_response_payload"] != true {
		t.Fatalf("envelope = %v, want slash_commands %s accepting a response payload", env, envID)
	}
	if got := str(env, "payload", "trigger_id"); got != triggerID {
		t.Errorf("trigger_id = %q, want %q", got, triggerID)
	}
	for _, k := range []string{"token", "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name", "command", "text", "api_app_id", "response_url", "trigger_id"} {
		if _, ok := env["payload"].(map[string]any)[k].(string); !ok {
			t.Errorf("slash payload lacks string field %q", k)
		}
	}
	c.ack(envID, map[string]any{"text": "hi"})
	a, err := s.WaitAck(ctxT(t), envID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Latency <= 0 || a.Late || a.Unknown || a.Type != "slash_commands" || a.Conn != 1 {
		t.Errorf("ack = %+v, want a timely slash ack on connection 1", a)
	}
	if string(a.Payload) != `{"text":"hi"}` {
		t.Errorf("ack payload = %s", a.Payload)
	}
	if st := s.Stats(); st.Acks != 1 || st.Pending != 0 {
		t.Errorf("stats = %+v, want 1 ack and nothing pending", st)
	}
}

func TestAnUnackedEnvelopeIsRedeliveredWithTheSameEventID(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{AckTimeout: 50 * time.Millisecond, MaxRetries: 3})
	c, _ := connect(t, s)
	first, eventID := s.SendMention("", "C0123456789", "U0ALICE", "who owns the backlog?", "", "")
	var payload string
	for attempt := 0; attempt <= 3; attempt++ {
		env := c.read()
		if got := num(env, "retry_attempt"); got != attempt {
			t.Fatalf("retry_attempt = %d, want %d", got, attempt)
		}
		wantReason := ""
		if attempt > 0 {
			wantReason = "timeout"
		}
		if got := str(env, "retry_reason"); got != wantReason {
			t.Errorf("attempt %d: retry_reason = %q, want %q", attempt, got, wantReason)
		}
		if got := str(env, "payload", "event_id"); got != eventID {
			t.Errorf("attempt %d: event_id = %q, want %q", attempt, got, eventID)
		}
		p, _ := json.Marshal(env["payload"])
		if attempt == 0 {
			payload = string(p)
			if str(env, "envelope_id") != first {
				t.Errorf("first envelope id = %s, want %s", str(env, "envelope_id"), first)
			}
		} else if string(p) != payload {
			t.Errorf("attempt %d payload differs:\n%s\n%s", attempt, p, payload)
		}
	}
	if err := s.WaitFor(ctxT(t), func() bool { return s.Stats().Expired == 1 }); err != nil {
		t.Fatalf("never gave up: %v (%+v)", err, s.Stats())
	}
	if st := s.Stats(); st.Envelopes != 4 || st.Redeliveries != 3 || st.Pending != 0 {
		t.Errorf("stats = %+v, want 4 envelopes, 3 redeliveries", st)
	}
}

func TestARedeliveryIsAckedAndStops(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{AckTimeout: 50 * time.Millisecond})
	c, _ := connect(t, s)
	first, _ := s.SendDM("", "U0ALICE", "help", "")
	c.read()
	retry := c.read()
	if num(retry, "retry_attempt") != 1 {
		t.Fatalf("second frame = %v, want retry 1", retry)
	}
	id := str(retry, "envelope_id")
	if id == first {
		t.Errorf("the retry reuses envelope id %s; Slack sends a new one", id)
	}
	c.ack(id, nil)
	a, err := s.WaitAck(ctxT(t), first)
	if err != nil {
		t.Fatal(err)
	}
	if a.Attempt != 1 || a.Delivery != first || a.Late {
		t.Errorf("ack = %+v, want attempt 1 of %s", a, first)
	}
	// The late ack of the first attempt is recorded as late, nothing more.
	c.ack(first, nil)
	if err := s.WaitFor(ctxT(t), func() bool { return s.Stats().LateAcks == 1 }); err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.Redeliveries != 1 || st.Acks != 1 {
		t.Errorf("stats = %+v, want 1 redelivery and 1 ack", st)
	}
}

func TestEnvelopesSentWithoutASocketArriveAsRetriesWhenOneConnects(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{AckTimeout: time.Hour})
	_, eventID := s.SendMention("", "C0123456789", "U0ALICE", "hello", "", "")
	if st := s.Stats(); st.Pending != 1 || st.Envelopes != 0 {
		t.Fatalf("stats = %+v, want one pending delivery and nothing sent", st)
	}
	c, _ := connect(t, s)
	env := c.read()
	if num(env, "retry_attempt") != 1 || str(env, "retry_reason") != "timeout" || str(env, "payload", "event_id") != eventID {
		t.Errorf("envelope = %v, want retry 1 of %s", env, eventID)
	}
}

func TestAnEnvelopeLostWithItsSocketIsRedeliveredAfterReconnect(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{AckTimeout: 50 * time.Millisecond})
	c, _ := connect(t, s)
	_, eventID := s.SendMention("", "C0123456789", "U0ALICE", "hello", "", "")
	c.read()
	if n := s.DropConnections(); n != 1 {
		t.Fatalf("dropped %d sockets, want 1", n)
	}
	if err := s.WaitFor(ctxT(t), func() bool { return s.Stats().Connections == 0 }); err != nil {
		t.Fatal(err)
	}
	c2, _ := connect(t, s)
	env := c2.read()
	if num(env, "retry_attempt") < 1 || str(env, "payload", "event_id") != eventID {
		t.Errorf("envelope after reconnect = %v, want a retry of %s", env, eventID)
	}
}

func TestEnvelopesGoRoundRobinAndARetryGoesToTheOtherSocket(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{AckTimeout: 50 * time.Millisecond, MaxRetries: 1})
	c1, _ := connect(t, s)
	c2, _ := connect(t, s)
	id1, _ := s.SendDM("", "U0ALICE", "one", "")
	id2, _ := s.SendDM("", "U0ALICE", "two", "")
	e1, e2 := c1.read(), c2.read()
	if str(e1, "envelope_id") != id1 || str(e2, "envelope_id") != id2 {
		t.Fatalf("socket 1 got %s, socket 2 got %s; want %s and %s", str(e1, "envelope_id"), str(e2, "envelope_id"), id1, id2)
	}
	c2.ack(id2, nil)
	// id1 was not acked on socket 1: its retry goes to socket 2.
	r := c2.read()
	if num(r, "retry_attempt") != 1 || str(r, "payload", "event_id") != str(e1, "payload", "event_id") {
		t.Errorf("socket 2 got %v, want the retry of %s", r, id1)
	}
	conns := s.Connections()
	if len(conns) != 2 || conns[0].Envelopes != 1 || conns[1].Envelopes != 2 {
		t.Errorf("connections = %+v", conns)
	}
}

func TestRedeliverSendsACopyToAnotherSocket(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	c1, _ := connect(t, s)
	c2, _ := connect(t, s)
	id, eventID := s.SendMention("", "C0123456789", "U0ALICE", "hello", "", "")
	c1.ack(str(c1.read(), "envelope_id"), nil)
	if _, err := s.WaitAck(ctxT(t), id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Redeliver(id); err != nil {
		t.Fatal(err)
	}
	env := c2.read()
	if num(env, "retry_attempt") != 1 || str(env, "payload", "event_id") != eventID {
		t.Errorf("copy = %v, want retry 1 of %s on socket 2", env, eventID)
	}
}

func TestDisconnectTellsTheReasonAndCloses(t *testing.T) {
	for _, reason := range []string{"warning", "refresh_requested", "link_disabled"} {
		t.Run(reason, func(t *testing.T) {
			s := slacktest.NewT(t, slacktest.Config{DisconnectDelay: 10 * time.Millisecond})
			c, _ := connect(t, s)
			if n := s.Disconnect(reason); n != 1 {
				t.Fatalf("told %d sockets, want 1", n)
			}
			m := c.read()
			if m["type"] != "disconnect" || m["reason"] != reason {
				t.Errorf("frame = %v, want disconnect %s", m, reason)
			}
			_ = c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
			if _, _, err := c.ws.ReadMessage(); err == nil {
				t.Error("the socket stayed open after disconnect")
			}
			if err := s.WaitFor(ctxT(t), func() bool { return s.Stats().Connections == 0 }); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestAnEleventhSocketIsToldTooManyWebsockets(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{MaxConnections: 2})
	connect(t, s)
	connect(t, s)
	ws, _, err := dialURL(t, openURL(t, s))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	c := &client{t: t, ws: ws}
	if m := c.read(); m["type"] != "disconnect" || m["reason"] != "too_many_websockets" {
		t.Errorf("frame = %v, want disconnect too_many_websockets", m)
	}
}

func TestSendRawWritesTheFrameAsIs(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	if err := s.SendRaw([]byte("{")); err != slacktest.ErrNoConnection {
		t.Errorf("without a socket: err = %v, want ErrNoConnection", err)
	}
	c, _ := connect(t, s)
	frame := []byte(`{"type":"events_api","envelope_id":"x","payload":"not an object"`)
	if err := s.SendRaw(frame); err != nil {
		t.Fatal(err)
	}
	if got := c.readRaw(); string(got) != string(frame) {
		t.Errorf("frame = %s, want %s", got, frame)
	}
}

func TestBadResponsesAreProtocolErrors(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{AckTimeout: time.Hour})
	c, _ := connect(t, s)
	id, _ := s.SendSlash("", "C0123456789", "U0ALICE", "/roles", "")
	c.read()
	tests := []struct {
		name  string
		frame string
	}{
		{"a frame that is not JSON", "hello?"},
		{"an ack without envelope_id", `{"payload":{}}`},
		{"an ack of 20 KB", `{"envelope_id":"` + id + `","payload":{"text":"` + strings.Repeat("x", 20*1024) + `"}}`},
	}
	for i, tt := range tests {
		if err := c.ws.WriteMessage(1, []byte(tt.frame)); err != nil {
			t.Fatal(err)
		}
		if err := s.WaitFor(ctxT(t), func() bool { return s.Stats().ProtocolErrors == i+1 }); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
	}
	if st := s.Stats(); st.Acks != 0 || st.Pending != 1 {
		t.Errorf("stats = %+v, want the oversized ack dropped like Slack drops it", st)
	}
	c.ack("not-an-envelope", nil)
	if err := s.WaitFor(ctxT(t), func() bool { return s.Stats().UnknownAcks == 1 }); err != nil {
		t.Error(err)
	}
}

func TestPingsAreAnsweredWithPongs(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{PingInterval: 10 * time.Millisecond})
	c, _ := connect(t, s)
	// gorilla answers pings while reading.
	go func() {
		for {
			if _, _, err := c.ws.ReadMessage(); err != nil {
				return
			}
		}
	}()
	if err := s.WaitFor(ctxT(t), func() bool { return s.Stats().Pongs >= 2 }); err != nil {
		t.Fatalf("%v (%+v)", err, s.Stats())
	}
}

func TestOneSocketCanBeToldOrDropped(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{DisconnectDelay: 10 * time.Millisecond})
	c1, _ := connect(t, s)
	connect(t, s)
	if !s.DisconnectConn(1, "warning") {
		t.Fatal("DisconnectConn(1) found no socket")
	}
	if m := c1.read(); m["reason"] != "warning" {
		t.Errorf("socket 1 got %v", m)
	}
	// Socket 1 is no longer routable: both envelopes go to socket 2.
	s.SendDM("", "U0ALICE", "a", "")
	s.SendDM("", "U0ALICE", "b", "")
	if err := s.WaitFor(ctxT(t), func() bool {
		cs := s.Connections()
		return len(cs) == 1 && cs[0].ID == 2 && cs[0].Envelopes == 2
	}); err != nil {
		t.Errorf("%v: %+v", err, s.Connections())
	}
	if !s.DropConn(2) || s.DropConn(2) {
		t.Error("DropConn(2) should close socket 2 once")
	}
}

func TestConnectionsOpenCanBeRateLimited(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	s.RateLimit("apps.connections.open", 1, 2*time.Second)
	resp, _ := postJSON(t, s, "apps.connections.open", s.Config().AppToken, nil)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" {
		t.Errorf("answer %d Retry-After %q, want 429 with 2", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	openURL(t, s)
	if got := s.Stats().Tickets; got != 1 {
		t.Errorf("tickets = %d, want 1", got)
	}
}

func TestConcurrentSendersAndTwoAckingSocketsLoseNothing(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{AckTimeout: time.Minute, RecordLimit: 100})
	const senders, each = 8, 250
	for range 2 {
		c, _ := connect(t, s)
		go func() {
			for {
				_, data, err := c.ws.ReadMessage()
				if err != nil {
					return
				}
				var env struct {
					EnvelopeID string `json:"envelope_id"`
				}
				if json.Unmarshal(data, &env) == nil && env.EnvelopeID != "" {
					if c.ws.WriteJSON(map[string]string{"envelope_id": env.EnvelopeID}) != nil {
						return
					}
				}
			}
		}()
	}
	done := make(chan struct{})
	for range senders {
		go func() {
			defer func() { done <- struct{}{} }()
			for range each {
				s.SendDM("", "U0ALICE", "help", "")
			}
		}()
	}
	for range senders {
		<-done
	}
	if err := s.WaitAcks(ctxT(t), senders*each); err != nil {
		t.Fatalf("%v: %+v", err, s.Stats())
	}
	st := s.Stats()
	if st.Deliveries != senders*each || st.Envelopes != senders*each || st.Redeliveries != 0 || st.LateAcks != 0 || st.UnknownAcks != 0 || st.Pending != 0 {
		t.Errorf("stats = %+v", st)
	}
	if n := len(s.Acks()); n > 100 {
		t.Errorf("%d acks recorded over a limit of 100", n)
	}
	cs := s.Connections()
	if len(cs) != 2 || cs[0].Envelopes != senders*each/2 || cs[1].Envelopes != senders*each/2 {
		t.Errorf("connections = %+v, want an even split", cs)
	}
}
