package slacktest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/rolecall/rolecall/internal/slacktest"
)

// interaction decodes the payload=JSON body of an interactivity request.
func interaction(t *testing.T, r request) map[string]any {
	t.Helper()
	v, err := url.ParseQuery(string(r.Body))
	if err != nil || r.Path != slacktest.InteractivityPath || r.ContentType != "application/x-www-form-urlencoded" {
		t.Fatalf("%s %s (%s): %v", r.Path, r.Body, r.ContentType, err)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(v.Get("payload")), &p); err != nil {
		t.Fatalf("payload %q: %v", v.Get("payload"), err)
	}
	return p
}

func TestOverHTTPTheResponseToASubmissionSaysWhatTheModalDoes(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		response    any
		want        string // titles after the response
		violations  int
	}{
		{"an empty response closes the submitted view, the one under it shows again", "", nil, "One", 0},
		{"update replaces the submitted view", "application/json", map[string]any{"response_action": "update", "view": step("New", "n")}, "One > New", 0},
		{"push puts a view on top of it", "application/json; charset=utf-8", map[string]any{"response_action": "push", "view": step("Three", "3")}, "One > Two > Three", 0},
		{"clear closes the modal", "application/json", map[string]any{"response_action": "clear"}, "", 0},
		{"errors keep the view, with the errors", "application/json", map[string]any{"response_action": "errors", "errors": map[string]any{"q": "Pick one"}}, "One > Two", 0},
		{"a body not declared as JSON changes nothing", "text/plain; charset=utf-8", map[string]any{"response_action": "update", "view": step("New", "n")}, "One > Two", 1},
		{"an invalid view in an update changes nothing", "application/json", map[string]any{"response_action": "update", "view": map[string]any{"type": "modal"}}, "One > Two", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := slacktest.NewT(t, slacktest.Config{})
			var a *app
			a = newApp(t, s.Config().SigningSecret, func(n int, w http.ResponseWriter, _ *http.Request) {
				// Not t.Fatal: this runs on the server's goroutine.
				v, _ := url.ParseQuery(string(a.requests()[n-1].Body))
				var p struct{ Type string }
				if json.Unmarshal([]byte(v.Get("payload")), &p) != nil || p.Type != "view_submission" || tt.response == nil {
					return
				}
				b, _ := json.Marshal(tt.response)
				w.Header().Set("Content-Type", tt.contentType)
				_, _ = w.Write(b)
			})
			s.AddRequestURL(a.srv.URL)
			root := openStep(t, s, "One")
			_, tr, _ := s.SendBlockActionView(root, "more", "b", "v")
			_, m := postJSON(t, s, "views.push", s.Config().BotToken, map[string]any{"trigger_id": tr, "view": step("Two", "2")})
			two := str(m, "view", "id")
			env, err := s.SubmitView(two, map[string]map[string]string{"q": {"a": "v1"}})
			if err != nil {
				t.Fatal(err)
			}
			ack, err := s.WaitAck(ctxT(t), env)
			if err != nil || ack.Status != http.StatusOK {
				t.Fatalf("ack %+v (%v), want the response, 200", ack, err)
			}
			if got := titles(s, root); got != tt.want {
				t.Errorf("stack = %q, want %q", got, tt.want)
			}
			if n := len(s.Violations()); n != tt.violations {
				t.Errorf("%d violations, want %d: %+v", n, tt.violations, s.Violations())
			}
			if tt.want == "One > Two" && tt.violations == 0 {
				if v := s.Stack(root)[1]; v.Errors["q"] != "Pick one" {
					t.Errorf("errors = %v", v.Errors)
				}
			}
		})
	}
}

func TestOverHTTPShortcutsArePostedToTheInteractivityURL(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	a := newApp(t, s.Config().SigningSecret, nil)
	s.AddRequestURL(a.srv.URL)
	_, gtr := s.SendShortcut("", "U0ALICE", "rolecall_ask_global")
	_, mtr := s.SendMessageAction("", "C0GENERAL", "U0ALICE", "rolecall_ask_message",
		slacktest.ShortcutMessage{User: "U0BOB", Text: "who owns the backlog?", TS: "1700000000.000200"})
	if err := s.WaitAcks(ctxT(t), 2); err != nil {
		t.Fatal(err)
	}
	byType := map[string]map[string]any{}
	for _, r := range a.requests() {
		if r.Verified != nil {
			t.Errorf("slack-go refused the signature: %v", r.Verified)
		}
		p := interaction(t, r)
		byType[p["type"].(string)] = p
	}
	if g := byType["shortcut"]; g["callback_id"] != "rolecall_ask_global" || g["trigger_id"] != gtr {
		t.Errorf("shortcut = %v", g)
	}
	if m := byType["message_action"]; m["callback_id"] != "rolecall_ask_message" || m["trigger_id"] != mtr ||
		str(m, "channel", "id") != "C0GENERAL" || str(m, "message", "text") != "who owns the backlog?" {
		t.Errorf("message_action = %v", m)
	}
	// The trigger of a shortcut answered over HTTP opens a modal, once.
	_, r := postJSON(t, s, "views.open", s.Config().BotToken, map[string]any{"trigger_id": gtr, "view": modal()})
	if r["ok"] != true {
		t.Errorf("views.open on a shortcut's trigger = %v", r)
	}
}
