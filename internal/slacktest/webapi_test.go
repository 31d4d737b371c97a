package slacktest_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/slacktest"
)

var tsPattern = regexp.MustCompile(`^\d{10}\.\d{6}$`)

func TestTheWebAPIChecksTheToken(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	cfg := s.Config()
	tests := []struct {
		name   string
		form   url.Values
		bearer string
		want   string
	}{
		{"the bot token in the form is accepted", url.Values{"token": {cfg.BotToken}}, "", ""},
		{"the bot token in the header is accepted", nil, cfg.BotToken, ""},
		{"no token is not_authed", nil, "", "not_authed"},
		{"a wrong token is invalid_auth", url.Values{"token": {"xoxb-wrong"}}, "", "invalid_auth"},
		{"the app token is the wrong token type", url.Values{"token": {cfg.AppToken}}, "", "not_allowed_token_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, s.APIURL()+"auth.test", strings.NewReader(tt.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.bearer != "" {
				req.Header.Set("Authorization", "Bearer "+tt.bearer)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp, m := decode(t, resp)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("status = %d, want 200", resp.StatusCode)
			}
			if tt.want == "" && m["ok"] != true {
				t.Errorf("answer = %v, want ok", m)
			}
			if tt.want != "" && (m["ok"] != false || m["error"] != tt.want) {
				t.Errorf("answer = %v, want error %s", m, tt.want)
			}
		})
	}
	for _, c := range s.Calls() {
		if _, ok := c.Params["token"]; ok {
			t.Errorf("a recorded call keeps the token: %v", c.Params)
		}
	}
}

func TestAuthTestNamesTheBot(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	_, m := post(t, s, "auth.test", url.Values{"token": {s.Config().BotToken}})
	if m["user_id"] != "U0BOT" || m["bot_id"] != "B0BOT" || m["team_id"] != "T0001" {
		t.Errorf("auth.test = %v", m)
	}
}

func TestPostMessageAnswersAndRecordsTheMessage(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	tok := s.Config().BotToken
	blocks := `[{"type":"section","text":{"type":"mrkdwn","text":"*Owner:* Product owner"}}]`
	_, m := post(t, s, "chat.postMessage", url.Values{"token": {tok}, "channel": {"C0123456789"},
		"text": {"Owner: Product owner"}, "thread_ts": {"1700000000.000100"}, "blocks": {blocks}})
	if m["ok"] != true || m["channel"] != "C0123456789" || !tsPattern.MatchString(str(m, "ts")) {
		t.Fatalf("answer = %v", m)
	}
	msg, _ := m["message"].(map[string]any)
	if msg["text"] != "Owner: Product owner" || msg["ts"] != m["ts"] || msg["thread_ts"] != "1700000000.000100" ||
		msg["bot_id"] != "B0BOT" || msg["user"] != "U0BOT" || msg["blocks"] == nil {
		t.Errorf("message = %v", msg)
	}
	_, m2 := post(t, s, "chat.postMessage", url.Values{"token": {tok}, "channel": {"C0123456789"}, "text": {"again"}})
	if !(str(m2, "ts") > str(m, "ts")) {
		t.Errorf("ts %s is not after %s", str(m2, "ts"), str(m, "ts"))
	}
	msgs := s.Messages()
	if len(msgs) != 2 || msgs[0].ThreadTS != "1700000000.000100" || msgs[0].Channel != "C0123456789" ||
		string(msgs[0].Blocks) != blocks || msgs[0].TS != str(m, "ts") {
		t.Errorf("messages = %+v", msgs)
	}
	calls, err := s.WaitCalls(ctxT(t), "chat.postMessage", 2)
	if err != nil || len(calls) != 2 {
		t.Errorf("WaitCalls = %d calls, %v", len(calls), err)
	}
}

func TestPostMessageErrors(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	tok := s.Config().BotToken
	tests := []struct {
		name string
		form url.Values
		want string
	}{
		{"a message without text or blocks is no_text", url.Values{"channel": {"C0123456789"}}, "no_text"},
		{"empty blocks and no text is no_text", url.Values{"channel": {"C0123456789"}, "blocks": {"[]"}}, "no_text"},
		{"no channel is channel_not_found", url.Values{"text": {"hi"}}, "channel_not_found"},
		{"a bogus channel is channel_not_found", url.Values{"channel": {"#general"}, "text": {"hi"}}, "channel_not_found"},
		{"40001 characters are msg_too_long", url.Values{"channel": {"C0123456789"}, "text": {strings.Repeat("é", 40001)}}, "msg_too_long"},
		{"blocks that are not an array are invalid_blocks", url.Values{"channel": {"C0123456789"}, "text": {"x"}, "blocks": {`{"type":"divider"}`}}, "invalid_blocks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.form.Set("token", tok)
			resp, m := post(t, s, "chat.postMessage", tt.form)
			if resp.StatusCode != 200 || m["ok"] != false || m["error"] != tt.want {
				t.Errorf("answer = %d %v, want error %s", resp.StatusCode, m, tt.want)
			}
		})
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages delivered, want 0", n)
	}
	_, m := post(t, s, "chat.postMessage", url.Values{"token": {tok}, "channel": {"C0123456789"}, "text": {strings.Repeat("é", 40000)}})
	if m["ok"] != true {
		t.Errorf("40000 characters: %v, want ok", m)
	}
}

func TestAMessageToAUserGoesToTheirDM(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	_, m := post(t, s, "chat.postMessage", url.Values{"token": {s.Config().BotToken}, "channel": {"U0ALICE"}, "text": {"hi"}})
	if m["channel"] != s.DMChannel("U0ALICE") {
		t.Errorf("channel = %v, want %s", m["channel"], s.DMChannel("U0ALICE"))
	}
}

func TestPostEphemeralNeedsAUser(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	tok := s.Config().BotToken
	_, m := post(t, s, "chat.postEphemeral", url.Values{"token": {tok}, "channel": {"C0123456789"}, "text": {"only you"}})
	if m["error"] != "user_not_in_channel" {
		t.Errorf("without user: %v", m)
	}
	_, m = post(t, s, "chat.postEphemeral", url.Values{"token": {tok}, "channel": {"C0123456789"}, "user": {"U0ALICE"}, "text": {"only you"}})
	if m["ok"] != true || !tsPattern.MatchString(str(m, "message_ts")) {
		t.Fatalf("answer = %v", m)
	}
	msgs := s.Messages()
	if len(msgs) != 1 || !msgs[0].Ephemeral || msgs[0].User != "U0ALICE" || msgs[0].Text != "only you" {
		t.Errorf("messages = %+v", msgs)
	}
}

func TestUpdateChangesAMessage(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	tok := s.Config().BotToken
	_, m := post(t, s, "chat.update", url.Values{"token": {tok}, "channel": {"C0123456789"}, "ts": {"yesterday"}, "text": {"x"}})
	if m["error"] != "message_not_found" {
		t.Errorf("bad ts: %v", m)
	}
	_, m = post(t, s, "chat.update", url.Values{"token": {tok}, "channel": {"C0123456789"}, "ts": {"1700000000.000100"}, "text": {"thanks"}})
	if m["ok"] != true || m["ts"] != "1700000000.000100" || m["text"] != "thanks" || m["message"] == nil {
		t.Errorf("answer = %v", m)
	}
	if msgs := s.Messages(); len(msgs) != 1 || msgs[0].Method != "chat.update" || msgs[0].TS != "1700000000.000100" {
		t.Errorf("messages = %+v", msgs)
	}
}

func TestConversationsOpenGivesAStableDM(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	tok := s.Config().BotToken
	_, a := post(t, s, "conversations.open", url.Values{"token": {tok}, "users": {"U0ALICE"}})
	_, b := post(t, s, "conversations.open", url.Values{"token": {tok}, "users": {"U0ALICE"}})
	_, c := post(t, s, "conversations.open", url.Values{"token": {tok}, "users": {"U0BOB"}})
	ida, idb, idc := str(a, "channel", "id"), str(b, "channel", "id"), str(c, "channel", "id")
	if !regexp.MustCompile(`^D[A-Z0-9]{8,}$`).MatchString(ida) || ida != idb || ida == idc {
		t.Errorf("ids = %s %s %s, want a D… id stable per user", ida, idb, idc)
	}
	if ida != s.DMChannel("U0ALICE") {
		t.Errorf("id %s != DMChannel %s", ida, s.DMChannel("U0ALICE"))
	}
	_, m := post(t, s, "conversations.open", url.Values{"token": {tok}})
	if m["error"] != "users_list_not_supplied" {
		t.Errorf("without users: %v", m)
	}
}

func TestUsersInfoDescribesTheUser(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	_, m := post(t, s, "users.info", url.Values{"token": {s.Config().BotToken}, "user": {"U0ALICE"}})
	if str(m, "user", "id") != "U0ALICE" || str(m, "user", "name") != "alice" || str(m, "user", "profile", "display_name") != "alice" {
		t.Errorf("users.info = %v", m)
	}
	_, m = post(t, s, "users.info", url.Values{"token": {s.Config().BotToken}})
	if m["error"] != "user_not_found" {
		t.Errorf("without user: %v", m)
	}
}

func TestViewsPublishTakesJSON(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	tok := s.Config().BotToken
	view := map[string]any{"type": "home", "blocks": []any{
		map[string]any{"type": "header", "text": map[string]any{"type": "plain_text", "text": "Rolecall"}},
	}}
	_, m := postJSON(t, s, "views.publish", tok, map[string]any{"user_id": "U0ALICE", "view": view})
	if m["ok"] != true || str(m, "view", "type") != "home" || str(m, "view", "id") == "" {
		t.Fatalf("answer = %v", m)
	}
	calls := s.CallsTo("views.publish")
	if len(calls) != 1 || calls[0].User != "U0ALICE" || !strings.Contains(string(calls[0].View), "Rolecall") {
		t.Errorf("calls = %+v", calls)
	}
	_, m = postJSON(t, s, "views.publish", tok, map[string]any{"user_id": "U0ALICE", "view": map[string]any{"type": "modal", "blocks": []any{}}})
	if m["error"] != "invalid_arguments" {
		t.Errorf("modal: %v", m)
	}
	_, m = postJSON(t, s, "views.publish", "", map[string]any{"user_id": "U0ALICE", "view": view})
	if m["error"] != "not_authed" {
		t.Errorf("without token: %v", m)
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	form := url.Values{"token": {s.Config().BotToken}, "channel": {"C0123456789"}, "text": {"hi"}}
	s.RateLimit("chat.postMessage", 2, 1500*time.Millisecond)
	for i := 0; i < 2; i++ {
		resp, m := post(t, s, "chat.postMessage", form)
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" || m["error"] != "ratelimited" {
			t.Errorf("call %d: %d Retry-After %q %v, want 429 with Retry-After 2", i, resp.StatusCode, resp.Header.Get("Retry-After"), m)
		}
	}
	if resp, m := post(t, s, "chat.postMessage", form); resp.StatusCode != 200 || m["ok"] != true {
		t.Errorf("third call: %d %v, want ok", resp.StatusCode, m)
	}
	if n := s.RateLimitedCount("chat.postMessage"); n != 2 {
		t.Errorf("429s served = %d, want 2", n)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("messages = %d, want only the accepted one", n)
	}
	if at := s.Attempts("chat.postMessage"); len(at) != 3 || at[2].Before(at[0]) {
		t.Errorf("attempts = %v", at)
	}
	if n := s.Count("chat.postMessage"); n != 1 {
		t.Errorf("ok count = %d, want 1", n)
	}
}

func TestASubSecondRetryAfterRoundsUpToOneSecond(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	s.RateLimit("auth.test", 1, 10*time.Millisecond)
	resp, _ := post(t, s, "auth.test", url.Values{"token": {s.Config().BotToken}})
	if got := resp.Header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After = %q, want 1", got)
	}
}

func TestRateLimitPerSecondRefusesTheExcess(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	s.RateLimitPerSecond("chat.postMessage", 3)
	form := url.Values{"token": {s.Config().BotToken}, "channel": {"C0123456789"}, "text": {"hi"}}
	var ok, limited int
	start := time.Now()
	for i := 0; i < 10; i++ {
		resp, _ := post(t, s, "chat.postMessage", form)
		switch resp.StatusCode {
		case 200:
			ok++
		case 429:
			limited++
			if resp.Header.Get("Retry-After") != "1" {
				t.Errorf("Retry-After = %q", resp.Header.Get("Retry-After"))
			}
		}
	}
	// Ten calls fit in one or two one-second windows: at most 6 pass.
	if maxOK := 3 * (1 + int(time.Since(start)/time.Second)); ok > maxOK || ok < 3 || ok+limited != 10 {
		t.Errorf("ok %d, limited %d (max ok %d)", ok, limited, maxOK)
	}
	if got := s.RateLimitedCount("chat.postMessage"); got != limited {
		t.Errorf("RateLimitedCount = %d, want %d", got, limited)
	}
}

func TestFailAnswersTheInjectedError(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	s.Fail("chat.postMessage", "channel_not_found", 1)
	form := url.Values{"token": {s.Config().BotToken}, "channel": {"C0123456789"}, "text": {"hi"}}
	if _, m := post(t, s, "chat.postMessage", form); m["error"] != "channel_not_found" {
		t.Errorf("first: %v", m)
	}
	if _, m := post(t, s, "chat.postMessage", form); m["ok"] != true {
		t.Errorf("second: %v", m)
	}
}

func TestOnCallSeesEveryCall(t *testing.T) {
	var got []string
	done := make(chan struct{}, 10)
	s := slacktest.NewT(t, slacktest.Config{OnCall: func(c slacktest.Call) {
		got = append(got, c.Method+":"+strconv.Itoa(c.Status))
		done <- struct{}{}
	}})
	post(t, s, "auth.test", url.Values{"token": {s.Config().BotToken}})
	<-done
	if len(got) != 1 || got[0] != "auth.test:200" {
		t.Errorf("OnCall saw %v", got)
	}
}
