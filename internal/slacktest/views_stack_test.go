package slacktest_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/slacktest"
)

// step is a modal view with a title and one radio question.
func step(title, metadata string) map[string]any {
	return map[string]any{
		"type": "modal", "callback_id": "wizard", "private_metadata": metadata, "notify_on_close": true,
		"title": plain(title), "submit": plain("Next"), "close": plain("Back"),
		"blocks": []any{map[string]any{"type": "input", "block_id": "q", "label": plain("Pick one"),
			"element": map[string]any{"type": "radio_buttons", "action_id": "a", "options": []any{opt(1, 3), opt(2, 3)}}}},
	}
}

// openStep opens step(title) on a fresh trigger and returns its view id.
func openStep(t *testing.T, s *slacktest.Server, title string) string {
	t.Helper()
	_, tr := s.SendSlash("", "C0GENERAL", "U0BOB", "/roles", "assess modal")
	_, m := postJSON(t, s, "views.open", s.Config().BotToken, map[string]any{"trigger_id": tr, "view": step(title, title)})
	id := str(m, "view", "id")
	if id == "" {
		t.Fatalf("views.open = %v", m)
	}
	return id
}

// payloadOf returns an envelope's payload.
func payloadOf(t *testing.T, env map[string]any) map[string]any {
	t.Helper()
	p, ok := env["payload"].(map[string]any)
	if !ok {
		t.Fatalf("envelope without a payload: %v", env)
	}
	return p
}

// titles lists the titles of the modal holding id, root first.
func titles(s *slacktest.Server, id string) string {
	var out []string
	for _, v := range s.Stack(id) {
		out = append(out, v.Title)
	}
	return strings.Join(out, " > ")
}

// readPayload reads envelopes, acking the others, until one whose payload
// is of type typ.
func readPayload(t *testing.T, cl *client, typ string) map[string]any {
	t.Helper()
	for range 20 {
		env := cl.read()
		if p, ok := env["payload"].(map[string]any); ok && p["type"] == typ {
			return env
		}
		cl.ack(env["envelope_id"].(string), nil)
	}
	t.Fatalf("no %s envelope", typ)
	return nil
}

func TestAModalIsAStackOfAtMostThreeViews(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	cl, _ := connect(t, s)
	tok := s.Config().BotToken
	root := openStep(t, s, "One")

	// A click in the modal gives a trigger that pushes.
	_, tr, err := s.SendBlockActionView(root, "more", "b", "v")
	if err != nil {
		t.Fatal(err)
	}
	_, m := postJSON(t, s, "views.push", tok, map[string]any{"trigger_id": tr, "view": step("Two", "2")})
	two := str(m, "view", "id")
	if m["ok"] != true || str(m, "view", "root_view_id") != root || str(m, "view", "previous_view_id") != root {
		t.Fatalf("views.push = %v", m)
	}
	if got := titles(s, root); got != "One > Two" {
		t.Errorf("stack = %s", got)
	}

	// A trigger from outside the modal does not push.
	_, outside := s.SendSlash("", "C0GENERAL", "U0BOB", "/roles", "x")
	if _, m := postJSON(t, s, "views.push", tok, map[string]any{"trigger_id": outside, "view": step("X", "x")}); m["error"] != "invalid_arguments" {
		t.Errorf("push on a trigger from a slash command = %v", m)
	}
	// The root is not the visible view any more.
	if _, err := s.SubmitView(root, map[string]map[string]string{"q": {"a": "v1"}}); !errors.Is(err, slacktest.ErrNotOnTop) {
		t.Errorf("submitting the root under a pushed view: %v, want ErrNotOnTop", err)
	}

	// Submitting the second view, acked with a push, makes three.
	env := submitAndRead(t, s, cl, two, "v2")
	p := payloadOf(t, env)
	view := p["view"].(map[string]any)
	sel := view["state"].(map[string]any)["values"].(map[string]any)["q"].(map[string]any)["a"].(map[string]any)
	if p["type"] != "view_submission" || view["previous_view_id"] != root || view["root_view_id"] != root ||
		sel["type"] != "radio_buttons" || sel["selected_option"].(map[string]any)["value"] != "v2" {
		t.Errorf("view_submission = %v", p)
	}
	cl.ack(env["envelope_id"].(string), map[string]any{"response_action": "push", "view": step("Three", "3")})
	waitAck(t, s, env)
	if got := titles(s, root); got != "One > Two > Three" {
		t.Fatalf("stack after a push = %s", got)
	}

	// A fourth view fits neither way.
	three := s.Stack(root)[2].ID
	_, tr, _ = s.SendBlockActionView(three, "more", "b", "v")
	if _, m := postJSON(t, s, "views.push", tok, map[string]any{"trigger_id": tr, "view": step("Four", "4")}); m["error"] != "push_limit_reached" {
		t.Errorf("a fourth views.push = %v, want push_limit_reached", m)
	}
	env = submitAndRead(t, s, cl, three, "v1")
	cl.ack(env["envelope_id"].(string), map[string]any{"response_action": "push", "view": step("Four", "4")})
	waitAck(t, s, env)
	if v := s.Violations(); len(v) != 1 || v[0].Method != "view_submission" || !strings.Contains(strings.Join(v[0].Messages, " "), "push_limit_reached") {
		t.Errorf("violations = %+v, want the fourth view refused", v)
	}
	if got := titles(s, root); got != "One > Two > Three" {
		t.Errorf("stack after a refused push = %s", got)
	}
}

func submitAndRead(t *testing.T, s *slacktest.Server, cl *client, id, value string) map[string]any {
	t.Helper()
	if _, err := s.SubmitView(id, map[string]map[string]string{"q": {"a": value}}); err != nil {
		t.Fatal(err)
	}
	return readPayload(t, cl, "view_submission")
}

func waitAck(t *testing.T, s *slacktest.Server, env map[string]any) {
	t.Helper()
	if _, err := s.WaitAck(ctxT(t), env["envelope_id"].(string)); err != nil {
		t.Fatal(err)
	}
}

func TestTheAckOfASubmissionSaysWhatTheModalDoes(t *testing.T) {
	tests := []struct {
		name       string
		response   any
		want       string // titles after the ack
		violations int
	}{
		{"an empty ack closes the submitted view, the one under it shows again", nil, "One", 0},
		{"update replaces the submitted view", map[string]any{"response_action": "update", "view": step("New", "n")}, "One > New", 0},
		{"clear closes the modal", map[string]any{"response_action": "clear"}, "", 0},
		{"errors keep the view, with the errors", map[string]any{"response_action": "errors", "errors": map[string]any{"q": "Pick one"}}, "One > Two", 0},
		{"errors must name an input block", map[string]any{"response_action": "errors", "errors": map[string]any{"nope": "x"}}, "One > Two", 1},
		{"an invalid view in an update changes nothing", map[string]any{"response_action": "update", "view": map[string]any{"type": "modal"}}, "One > Two", 1},
		{"an unknown response_action changes nothing", map[string]any{"response_action": "explode"}, "One > Two", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := slacktest.NewT(t, slacktest.Config{})
			cl, _ := connect(t, s)
			root := openStep(t, s, "One")
			_, tr, _ := s.SendBlockActionView(root, "more", "b", "v")
			_, m := postJSON(t, s, "views.push", s.Config().BotToken, map[string]any{"trigger_id": tr, "view": step("Two", "2")})
			two := str(m, "view", "id")
			env := submitAndRead(t, s, cl, two, "v1")
			cl.ack(env["envelope_id"].(string), tt.response)
			waitAck(t, s, env)
			if got := titles(s, root); got != tt.want {
				t.Errorf("stack = %q, want %q", got, tt.want)
			}
			if n := len(s.Violations()); n != tt.violations {
				t.Errorf("%d violations, want %d: %+v", n, tt.violations, s.Violations())
			}
			if tt.want == "One > New" && s.Stack(root)[1].ID != two {
				t.Errorf("an update changed the view id")
			}
			if strings.Contains(tt.name, "errors keep") {
				if v := s.Stack(root)[1]; v.Errors["q"] != "Pick one" {
					t.Errorf("errors = %v", v.Errors)
				}
			}
		})
	}
}

func TestViewsUpdateReachesAnyViewOfTheStackAndChecksTheHash(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	tok := s.Config().BotToken
	root := openStep(t, s, "One")
	_, tr, _ := s.SendBlockActionView(root, "more", "b", "v")
	postJSON(t, s, "views.push", tok, map[string]any{"trigger_id": tr, "view": step("Two", "2")})
	old := s.Stack(root)[0].Hash

	tests := []struct {
		name string
		args map[string]any
		want string
	}{
		{"a stale hash is a conflict", map[string]any{"view_id": root, "hash": "1.stale", "view": step("X", "x")}, "hash_conflict"},
		{"an unknown view is not found", map[string]any{"view_id": "VNOPE", "view": step("X", "x")}, "not_found"},
		{"a view id or external id is required", map[string]any{"view": step("X", "x")}, "invalid_arguments"},
		{"the view must be valid", map[string]any{"view_id": root, "view": map[string]any{"type": "modal"}}, "invalid_arguments"},
		{"the hidden root updates with its hash", map[string]any{"view_id": root, "hash": old, "view": step("Uno", "1")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, m := postJSON(t, s, "views.update", tok, tt.args)
			if tt.want == "" && m["ok"] != true || tt.want != "" && m["error"] != tt.want {
				t.Errorf("views.update = %v, want %q", m, tt.want)
			}
		})
	}
	st := s.Stack(root)
	if got := titles(s, root); got != "Uno > Two" || st[0].Hash == old || st[0].ID != root {
		t.Errorf("after the update: %s, hash %s (was %s), id %s", got, st[0].Hash, old, st[0].ID)
	}
}

func TestClosingAView(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	cl, _ := connect(t, s)
	root := openStep(t, s, "One")
	_, tr, _ := s.SendBlockActionView(root, "more", "b", "v")
	_, m := postJSON(t, s, "views.push", s.Config().BotToken, map[string]any{"trigger_id": tr, "view": step("Two", "2")})
	two := str(m, "view", "id")

	// Close on a pushed view goes back to the one under it.
	if _, err := s.CloseView(two); err != nil {
		t.Fatal(err)
	}
	p := payloadOf(t, readPayload(t, cl, "view_closed"))
	if p["is_cleared"] != false || str(p, "view", "id") != two || str(p, "view", "private_metadata") != "2" {
		t.Errorf("view_closed = %v", p)
	}
	if got := titles(s, root); got != "One" {
		t.Errorf("stack = %q, want the root again", got)
	}

	// The × closes everything.
	if _, err := s.DismissModal(root); err != nil {
		t.Fatal(err)
	}
	p = payloadOf(t, readPayload(t, cl, "view_closed"))
	if p["is_cleared"] != true {
		t.Errorf("view_closed = %v", p)
	}
	if len(s.Views()) != 0 {
		t.Errorf("views left open: %+v", s.Views())
	}
	if _, err := s.CloseView(root); !errors.Is(err, slacktest.ErrNoSuchView) {
		t.Errorf("closing a closed view: %v", err)
	}
}

func TestSubmitViewActsAsSlacksClient(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	v := step("One", "1")
	v["blocks"] = append(v["blocks"].([]any),
		map[string]any{"type": "input", "block_id": "note", "optional": true, "label": plain("Note"),
			"element": map[string]any{"type": "plain_text_input", "action_id": "t"}},
		map[string]any{"type": "input", "block_id": "where", "label": plain("Where"),
			"element": map[string]any{"type": "conversations_select", "action_id": "c"}})
	_, tr := s.SendSlash("", "C0GENERAL", "U0BOB", "/roles", "x")
	_, m := postJSON(t, s, "views.open", s.Config().BotToken, map[string]any{"trigger_id": tr, "view": v})
	id := str(m, "view", "id")
	tests := []struct {
		name   string
		values map[string]map[string]string
		want   error
	}{
		{"a required input left empty is not submitted", map[string]map[string]string{"q": {"a": "v1"}}, slacktest.ErrRequiredInput},
		{"a value that is no option is refused", map[string]map[string]string{"q": {"a": "v9"}, "where": {"c": "C1"}}, slacktest.ErrNoSuchOption},
		{"an input the view lacks is refused", map[string]map[string]string{"q": {"a": "v1"}, "where": {"c": "C1"}, "x": {"y": "z"}}, slacktest.ErrNoSuchInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.SubmitView(id, tt.values); !errors.Is(err, tt.want) {
				t.Errorf("SubmitView = %v, want %v", err, tt.want)
			}
		})
	}
	cl, _ := connect(t, s)
	if _, err := s.SubmitView(id, map[string]map[string]string{"q": {"a": "v1"}, "where": {"c": "C0TEAM"}}); err != nil {
		t.Fatal(err)
	}
	env := readPayload(t, cl, "view_submission")
	raw, _ := json.Marshal(env["payload"])
	for _, want := range []string{`"note":{"t":{"type":"plain_text_input","value":null}}`, `"selected_conversation":"C0TEAM"`,
		`"selected_option":{"text":{"text":"001","type":"plain_text"},"value":"v1"}`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("payload lacks %s:\n%s", want, raw)
		}
	}
}

func TestShortcutPayloads(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	cl, _ := connect(t, s)
	_, gtr := s.SendShortcut("", "U0ALICE", "rolecall_ask_global")
	_, mtr := s.SendMessageAction("", "C0GENERAL", "U0ALICE", "rolecall_ask_message",
		slacktest.ShortcutMessage{User: "U0BOB", Text: "who owns the backlog?", TS: "1700000000.000200", ThreadTS: "1700000000.000100"})
	g := payloadOf(t, readPayload(t, cl, "shortcut"))
	if g["type"] != "shortcut" || g["callback_id"] != "rolecall_ask_global" || g["trigger_id"] != gtr || str(g, "user", "id") != "U0ALICE" || g["channel"] != nil {
		t.Errorf("shortcut = %v", g)
	}
	m := payloadOf(t, readPayload(t, cl, "message_action"))
	if m["type"] != "message_action" || m["callback_id"] != "rolecall_ask_message" || m["trigger_id"] != mtr ||
		str(m, "channel", "id") != "C0GENERAL" || m["message_ts"] != "1700000000.000200" || m["response_url"] == "" ||
		str(m, "message", "text") != "who owns the backlog?" || str(m, "message", "thread_ts") != "1700000000.000100" ||
		str(m, "message", "user") != "U0BOB" {
		t.Errorf("message_action = %v", m)
	}
	// Both triggers open a modal, once.
	_, r := postJSON(t, s, "views.open", s.Config().BotToken, map[string]any{"trigger_id": gtr, "view": modal()})
	if r["ok"] != true {
		t.Errorf("views.open on a shortcut's trigger = %v", r)
	}
}
