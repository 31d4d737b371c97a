package slacktest_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/slacktest"
)

// modal is a valid modal with one text input.
func modal() map[string]any {
	return map[string]any{
		"type": "modal", "callback_id": "rolecall.comment.submit", "private_metadata": "backlog",
		"title":  map[string]any{"type": "plain_text", "text": "What was wrong?"},
		"submit": map[string]any{"type": "plain_text", "text": "Send"},
		"close":  map[string]any{"type": "plain_text", "text": "Cancel"},
		"blocks": []any{map[string]any{"type": "input", "block_id": "comment",
			"label":   map[string]any{"type": "plain_text", "text": "What was wrong with the answer?"},
			"element": map[string]any{"type": "plain_text_input", "action_id": "text", "multiline": true}}},
	}
}

func TestViewsOpenNeedsAFreshTriggerOnce(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	tok := s.Config().BotToken
	_, trigger := s.SendBlockAction("", "C0GENERAL", "U0BOB", "1700000000.000100", "", "rolecall.comment", "b", "backlog")

	_, m := postJSON(t, s, "views.open", tok, map[string]any{"trigger_id": trigger, "view": modal()})
	if m["ok"] != true || str(m, "view", "id") == "" || str(m, "view", "callback_id") != "rolecall.comment.submit" || str(m, "view", "private_metadata") != "backlog" {
		t.Fatalf("views.open = %v", m)
	}
	vs := s.Views()
	if len(vs) != 1 || vs[0].User != "U0BOB" || vs[0].Title != "What was wrong?" || vs[0].ID != str(m, "view", "id") {
		t.Fatalf("open views = %+v", vs)
	}
	if c := s.CallsTo("views.open"); len(c) != 1 || c[0].User != "U0BOB" || !strings.Contains(string(c[0].View), "plain_text_input") {
		t.Errorf("recorded call = %+v", c)
	}

	tests := []struct {
		name    string
		trigger string
		view    map[string]any
		want    string
	}{
		{"a trigger opens one view", trigger, modal(), "exchanged_trigger_id"},
		{"an unknown trigger is refused", "1.2.nope", modal(), "invalid_trigger_id"},
	}
	_, fresh := s.SendSlash("", "C0GENERAL", "U0BOB", "/roles", "gaps")
	noSubmit := modal()
	delete(noSubmit, "submit")
	longTitle := modal()
	longTitle["title"] = map[string]any{"type": "plain_text", "text": strings.Repeat("x", 25)}
	home := modal()
	home["type"] = "home"
	longSubmit := modal()
	longSubmit["submit"] = map[string]any{"type": "plain_text", "text": strings.Repeat("s", 25)}
	longMeta := modal()
	longMeta["private_metadata"] = strings.Repeat("m", 3001)
	longCallback := modal()
	longCallback["callback_id"] = strings.Repeat("c", 256)
	for i, v := range []map[string]any{noSubmit, longTitle, home, longSubmit, longMeta, longCallback} {
		_, tr := s.SendSlash("", "C0GENERAL", "U0BOB", "/roles", "gaps")
		tests = append(tests, struct {
			name    string
			trigger string
			view    map[string]any
			want    string
		}{[]string{"inputs need a submit button", "a title is at most 24 characters", "only modals open",
			"a submit text is at most 24 characters", "private_metadata is at most 3000 characters",
			"a callback_id is at most 255 characters"}[i], tr, v, "invalid_arguments"})
	}
	huge := modal()
	huge["blocks"] = repeat(100, func(int) any { return section(strings.Repeat("x", 2900)) })
	_, tr := s.SendSlash("", "C0GENERAL", "U0BOB", "/roles", "gaps")
	tests = append(tests, struct {
		name    string
		trigger string
		view    map[string]any
		want    string
	}{"a view of more than 250 KB is too large", tr, huge, "view_too_large"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, m := postJSON(t, s, "views.open", tok, map[string]any{"trigger_id": tt.trigger, "view": tt.view})
			if m["error"] != tt.want {
				t.Errorf("views.open = %v, want %s", m, tt.want)
			}
		})
	}
	t.Run("a trigger expires after 3 seconds", func(t *testing.T) {
		_, young := s.SendSlash("", "C0GENERAL", "U0BOB", "/roles", "gaps")
		s.AgeTrigger(young, 2900*time.Millisecond)
		if _, m := postJSON(t, s, "views.open", tok, map[string]any{"trigger_id": young, "view": modal()}); m["ok"] != true {
			t.Errorf("views.open 2.9 s after the trigger = %v, want ok", m)
		}
		s.AgeTrigger(fresh, 3100*time.Millisecond)
		_, m := postJSON(t, s, "views.open", tok, map[string]any{"trigger_id": fresh, "view": modal()})
		if m["error"] != "expired_trigger_id" {
			t.Errorf("views.open 3.1 s after the trigger = %v, want expired_trigger_id", m)
		}
	})
}

func TestSubmitViewSendsTheTypedValues(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	cl, _ := connect(t, s)
	_, trigger := s.SendBlockActionEphemeral("", "C0GENERAL", "U0BOB", "1700000000.000100", "", "rolecall.comment", "b", "backlog")
	env := cl.read()
	cl.ack(env["envelope_id"].(string), nil)
	_, m := postJSON(t, s, "views.open", s.Config().BotToken, map[string]any{"trigger_id": trigger, "view": modal()})
	id := str(m, "view", "id")
	if id == "" {
		t.Fatalf("views.open = %v", m)
	}
	if _, err := s.SubmitView(id, map[string]map[string]string{"comment": {"text": "It's the PM's call here"}}); err != nil {
		t.Fatal(err)
	}
	env = cl.read()
	if env["type"] != "interactive" || env["accepts_response_payload"] != true {
		t.Fatalf("envelope = %v", env)
	}
	if len(s.Views()) != 1 {
		t.Errorf("the view closed before the submission was acked")
	}
	raw, _ := json.Marshal(env["payload"])
	var p struct {
		Type string `json:"type"`
		User struct {
			ID string `json:"id"`
		} `json:"user"`
		TriggerID string `json:"trigger_id"`
		View      struct {
			ID              string `json:"id"`
			CallbackID      string `json:"callback_id"`
			PrivateMetadata string `json:"private_metadata"`
			State           struct {
				Values map[string]map[string]struct {
					Type  string `json:"type"`
					Value string `json:"value"`
				} `json:"values"`
			} `json:"state"`
		} `json:"view"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	v := p.View.State.Values["comment"]["text"]
	if p.Type != "view_submission" || p.User.ID != "U0BOB" || p.View.ID != id || p.View.CallbackID != "rolecall.comment.submit" ||
		p.View.PrivateMetadata != "backlog" || v.Type != "plain_text_input" || v.Value != "It's the PM's call here" || p.TriggerID == "" {
		t.Errorf("view_submission = %s", raw)
	}
	cl.ack(env["envelope_id"].(string), nil)
	if _, err := s.WaitAck(ctxT(t), env["envelope_id"].(string)); err != nil {
		t.Fatal(err)
	}
	if len(s.Views()) != 0 {
		t.Errorf("the view is still open after an empty ack of its submission")
	}
	if _, err := s.SubmitView(id, map[string]map[string]string{"comment": {"text": "again"}}); !errors.Is(err, slacktest.ErrNoSuchView) {
		t.Errorf("second submission: %v, want ErrNoSuchView", err)
	}
}
