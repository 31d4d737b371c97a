package slacktest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolecall/rolecall/internal/slacktest"
)

func TestSendersShapeEventsAsSlackDoes(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	c, _ := connect(t, s)
	tests := []struct {
		name string
		send func() (string, string)
		want map[string]string // inner event fields
	}{
		{"a mention gets the bot's mention in front", func() (string, string) {
			return s.SendMention("", "C0123456789", "U0ALICE", "who owns pricing?", "1700000000.000100", "1699999999.000100")
		}, map[string]string{"type": "app_mention", "channel": "C0123456789", "user": "U0ALICE",
			"text": "<@U0BOT> who owns pricing?", "ts": "1700000000.000100", "event_ts": "1700000000.000100",
			"thread_ts": "1699999999.000100", "team": "T0001"}},
		{"a mention that names the bot keeps its text", func() (string, string) {
			return s.SendMention("T0002", "C0123456789", "U0ALICE", "hey <@U0BOT> who?", "1700000000.000200", "")
		}, map[string]string{"type": "app_mention", "text": "hey <@U0BOT> who?", "team": "T0002"}},
		{"a DM is a message in the user's DM channel", func() (string, string) {
			return s.SendDM("", "U0ALICE", "help", "1700000000.000300")
		}, map[string]string{"type": "message", "channel_type": "im", "channel": s.DMChannel("U0ALICE"),
			"user": "U0ALICE", "text": "help", "ts": "1700000000.000300"}},
		{"app_home_opened names the home tab", func() (string, string) {
			return s.SendAppHomeOpened("", "U0ALICE")
		}, map[string]string{"type": "app_home_opened", "user": "U0ALICE", "tab": "home", "channel": s.DMChannel("U0ALICE")}},
		{"a generic event gets an event_ts", func() (string, string) {
			return s.SendMessage(map[string]any{"type": "message", "subtype": "message_changed", "ts": "1700000000.000400"})
		}, map[string]string{"type": "message", "subtype": "message_changed", "event_ts": "1700000000.000400"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			envID, eventID := tt.send()
			env := c.read()
			if str(env, "envelope_id") != envID || env["type"] != "events_api" || env["accepts_response_payload"] != false {
				t.Errorf("envelope = %v", env)
			}
			p, _ := env["payload"].(map[string]any)
			if p["event_id"] != eventID || !strings.HasPrefix(eventID, "Ev") || p["type"] != "event_callback" ||
				p["api_app_id"] != "A0APP" || p["token"] == "" {
				t.Errorf("wrapper = %v", p)
			}
			ev, _ := p["event"].(map[string]any)
			got := map[string]string{}
			for k := range tt.want {
				got[k], _ = ev[k].(string)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("event (-want +got):\n%s", d)
			}
			c.ack(envID, nil)
		})
	}
}

func TestBlockActionsCarryTheClick(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	c, _ := connect(t, s)

	envID, trigger := s.SendBlockAction("", "C0123456789", "U0ALICE", "1700000000.000500", "1700000000.000100", "related", "rel_1", "who owns pricing?")
	env := c.read()
	if str(env, "envelope_id") != envID || env["type"] != "interactive" {
		t.Fatalf("envelope = %v", env)
	}
	p := env["payload"].(map[string]any)
	want := map[string]string{"type": "block_actions", "trigger_id": trigger, "api_app_id": "A0APP"}
	for k, v := range want {
		if p[k] != v {
			t.Errorf("%s = %v, want %s", k, p[k], v)
		}
	}
	if str(p, "user", "id") != "U0ALICE" || str(p, "team", "id") != "T0001" || str(p, "channel", "id") != "C0123456789" ||
		str(p, "container", "message_ts") != "1700000000.000500" || str(p, "container", "type") != "message" ||
		str(p, "message", "ts") != "1700000000.000500" || str(p, "message", "thread_ts") != "1700000000.000100" ||
		!strings.HasPrefix(str(p, "response_url"), s.URL()) {
		t.Errorf("payload = %v", p)
	}
	acts, _ := p["actions"].([]any)
	if len(acts) != 1 {
		t.Fatalf("actions = %v", acts)
	}
	a := acts[0].(map[string]any)
	if a["action_id"] != "related" || a["block_id"] != "rel_1" || a["value"] != "who owns pricing?" || a["type"] != "button" || a["action_ts"] == "" {
		t.Errorf("action = %v", a)
	}

	s.SendBlockActionEphemeral("", "C0123456789", "U0ALICE", "1700000000.000600", "", "share", "share", "q")
	p = c.read()["payload"].(map[string]any)
	if p["container"].(map[string]any)["is_ephemeral"] != true || p["message"] != nil {
		t.Errorf("ephemeral payload = %v", p)
	}

	s.SendBlockActionHome("", "U0ALICE", "assess", "home", "start")
	p = c.read()["payload"].(map[string]any)
	if str(p, "container", "type") != "view" || str(p, "view", "type") != "home" {
		t.Errorf("home payload = %v", p)
	}
}

func TestAResponseURLPostIsAMessage(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	c, _ := connect(t, s)
	s.SendSlash("", "C0123456789", "U0ALICE", "/roles", "compare")
	u := str(c.read(), "payload", "response_url")
	body, _ := json.Marshal(map[string]any{"text": "side by side", "response_type": "ephemeral"})
	resp, err := http.Post(u, "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	_, m := decode(t, resp)
	if m["ok"] != true {
		t.Fatalf("answer = %v", m)
	}
	msgs := s.Messages()
	if len(msgs) != 1 || msgs[0].Method != "response_url" || msgs[0].Channel != "C0123456789" ||
		msgs[0].User != "U0ALICE" || !msgs[0].Ephemeral || msgs[0].Text != "side by side" {
		t.Errorf("messages = %+v", msgs)
	}
}

func TestEchoBotMessagesSendsTheBotsOwnMessageBack(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{EchoBotMessages: true})
	c, _ := connect(t, s)
	_, m := post(t, s, "chat.postMessage", url.Values{"token": {s.Config().BotToken}, "channel": {s.DMChannel("U0ALICE")}, "text": {"hi"}})
	env := c.read()
	ev := env["payload"].(map[string]any)["event"].(map[string]any)
	if ev["type"] != "message" || ev["bot_id"] != "B0BOT" || ev["user"] != "U0BOT" || ev["ts"] != m["ts"] || ev["channel_type"] != "im" {
		t.Errorf("echo = %v", ev)
	}
}

func TestWithoutEchoTheBotsMessagesDoNotComeBack(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	connect(t, s)
	post(t, s, "chat.postMessage", url.Values{"token": {s.Config().BotToken}, "channel": {"C0123456789"}, "text": {"hi"}})
	if st := s.Stats(); st.Deliveries != 0 {
		t.Errorf("deliveries = %d, want 0", st.Deliveries)
	}
}

func TestRecordLimitKeepsTheNewestAndCountsEverything(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{RecordLimit: 4})
	for range 10 {
		post(t, s, "auth.test", url.Values{"token": {s.Config().BotToken}})
	}
	calls := s.Calls()
	if len(calls) > 4 || len(calls) < 2 {
		t.Errorf("%d calls recorded, want between 2 and 4", len(calls))
	}
	if st := s.Stats(); st.Calls != 10 || s.Count("auth.test") != 10 {
		t.Errorf("stats = %+v, want 10 calls counted", st)
	}
	last := calls[len(calls)-1].Time
	for _, c := range s.Calls() {
		if c.Time.After(last) {
			t.Error("the newest call was dropped")
		}
	}

	none := slacktest.NewT(t, slacktest.Config{RecordLimit: -1})
	post(t, none, "auth.test", url.Values{"token": {none.Config().BotToken}})
	if n := len(none.Calls()); n != 0 || none.Count("auth.test") != 1 {
		t.Errorf("RecordLimit -1 recorded %d calls, counted %d", n, none.Count("auth.test"))
	}
}

func TestWaitForEndsWithTheContext(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	ctx := ctxT(t)
	short, cancel := contextWithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := s.WaitCalls(short, "chat.postMessage", 1); err == nil {
		t.Error("WaitCalls returned without a call")
	}
}

func TestCloseEndsSocketsAndWaits(t *testing.T) {
	s, err := slacktest.New(slacktest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := connect(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_ = c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := c.ws.ReadMessage(); err == nil {
		t.Error("the socket survived Close")
	}
	if _, err := http.Get(s.APIURL() + "auth.test"); err == nil {
		t.Error("the Web API survived Close")
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

func TestResetForgetsRecordsButKeepsSockets(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	connect(t, s)
	post(t, s, "auth.test", url.Values{"token": {s.Config().BotToken}})
	s.Reset()
	if st := s.Stats(); st.Calls != 0 || len(s.Calls()) != 0 || st.Connections != 1 {
		t.Errorf("after Reset: %+v", st)
	}
	connect(t, s)
	if cs := s.Connections(); len(cs) != 2 || cs[0].ID == cs[1].ID {
		t.Errorf("connections after Reset = %+v, want distinct ids", cs)
	}
}
