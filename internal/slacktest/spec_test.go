package slacktest_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/rolecall/rolecall/internal/slacktest"
)

// specFile finds a file of Slack's published specifications in
// ../shared/slack/ of the repository (three levels up from this package),
// walking up from the working directory. Under CI=true a missing file fails
// the test; elsewhere the test is skipped with a log line saying why.
func specFile(t *testing.T, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "shared", "slack", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	msg := "slack spec " + name + " not found in shared/slack/ above " + dir +
		" (the specs live next to the repository: ../shared/slack/)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// specConfig uses ids shaped as the OpenAPI patterns demand (the defaults
// T0001, B0BOT are shorter than Slack's real ids).
func specConfig() slacktest.Config {
	return slacktest.Config{TeamID: "T0123ABCD9", BotUserID: "U0123BOT", BotID: "B0123BOT99", AppID: "A0123APP"}
}

func TestWebAPIResponsesMatchTheOpenAPISpec(t *testing.T) {
	path := specFile(t, "slack_web_openapi_v2.json")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://slack.test/openapi.json"
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	if err := c.AddResource(base, doc); err != nil {
		t.Fatal(err)
	}
	s := slacktest.NewT(t, specConfig())
	tok := s.Config().BotToken
	s.SetUserGroup(slacktest.UserGroup{ID: "S0123DESIGN", Users: []string{"U0123ALICE"}})
	s.SetUserGroup(slacktest.UserGroup{ID: "S0123OLD", Users: []string{"U0123BOB"}, Disabled: true})
	s.SetUser(slacktest.User{ID: "U0123GONE", Deleted: true, Admin: true})
	_, trigger := s.SendSlash("", "C0123456789", "U0123ALICE", "/roles", "gaps")
	blocks := `[{"type":"section","block_id":"a","text":{"type":"mrkdwn","text":"*Owner:* PO"}},{"type":"actions","block_id":"b","elements":[{"type":"button","action_id":"x","text":{"type":"plain_text","text":"Go"},"value":"v"}]}]`
	_, openTrigger := s.SendSlash("", "C0123456789", "U0123ALICE", "/roles", "assess modal")
	shown := map[string]any{"type": "modal", "title": map[string]any{"type": "plain_text", "text": "Question 1 of 12"},
		"close": map[string]any{"type": "plain_text", "text": "Back"}, "blocks": json.RawMessage(blocks)}
	_, opened := postJSON(t, s, "views.open", tok, map[string]any{"trigger_id": openTrigger, "view": shown})
	root := str(opened, "view", "id")
	_, pushTrigger, err := s.SendBlockActionView(root, "x", "b", "v")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		method string
		verb   string
		form   url.Values
		json   map[string]any
	}{
		{"auth.test", "auth.test", "get", url.Values{}, nil},
		{"chat.postMessage with blocks in a thread", "chat.postMessage", "post",
			url.Values{"channel": {"C0123456789"}, "text": {"hi"}, "thread_ts": {"1700000000.000100"}, "blocks": {blocks}}, nil},
		{"chat.postEphemeral", "chat.postEphemeral", "post",
			url.Values{"channel": {"C0123456789"}, "user": {"U0ALICE"}, "text": {"only you"}}, nil},
		{"chat.update", "chat.update", "post",
			url.Values{"channel": {"C0123456789"}, "ts": {"1700000000.000100"}, "text": {"new"}, "blocks": {blocks}}, nil},
		{"conversations.open", "conversations.open", "post", url.Values{"users": {"U0ALICE"}}, nil},
		{"users.info", "users.info", "get", url.Values{"user": {"U0ALICE"}}, nil},
		{"views.publish", "views.publish", "get", nil, map[string]any{"user_id": "U0ALICE",
			"view": map[string]any{"type": "home", "blocks": json.RawMessage(blocks)}}},
		{"users.info of a deactivated admin", "users.info", "get", url.Values{"user": {"U0123GONE"}}, nil},
		{"usergroups.list with disabled groups and users", "usergroups.list", "get",
			url.Values{"include_disabled": {"true"}, "include_users": {"true"}}, nil},
		{"usergroups.users.list", "usergroups.users.list", "get", url.Values{"usergroup": {"S0123DESIGN"}}, nil},
		{"views.open", "views.open", "get", nil, map[string]any{"trigger_id": trigger, "view": map[string]any{
			"type": "modal", "title": map[string]any{"type": "plain_text", "text": "What was wrong?"},
			"submit": map[string]any{"type": "plain_text", "text": "Send"},
			"blocks": []any{map[string]any{"type": "input", "block_id": "c", "label": map[string]any{"type": "plain_text", "text": "Say"},
				"element": map[string]any{"type": "plain_text_input", "action_id": "t"}}}}}},
		{"views.push", "views.push", "get", nil, map[string]any{"trigger_id": pushTrigger, "view": shown}},
		{"views.update of the root under a pushed view", "views.update", "get", nil, map[string]any{"view_id": root, "view": shown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ptr := "#/paths/" + strings.ReplaceAll("/"+tt.method, "/", "~1") + "/" + tt.verb + "/responses/200/schema"
			sch, err := c.Compile(base + ptr)
			if err != nil {
				t.Fatalf("compile %s: %v", ptr, err)
			}
			var m map[string]any
			if tt.json != nil {
				_, m = postJSON(t, s, tt.method, tok, tt.json)
			} else {
				tt.form.Set("token", tok)
				_, m = post(t, s, tt.method, tt.form)
			}
			if m["ok"] != true {
				t.Fatalf("answer = %v", m)
			}
			if tt.method == "chat.update" {
				// The spec types chat.update's message.blocks as an object;
				// Slack returns the array it was given (and slack-go decodes
				// an array), so the fake follows Slack here.
				delete(m["message"].(map[string]any), "blocks")
			}
			// Re-decode with the validator's own number handling.
			b, _ := json.Marshal(m)
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("%s answer does not match the spec:\n%s\n%v", tt.method, b, err)
			}
		})
	}
}

func TestEventPayloadsMatchTheEventWrapperSchema(t *testing.T) {
	path := specFile(t, "slack_common_event_wrapper_schema.json")
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := slacktest.NewT(t, slacktest.Config{})
	cl, _ := connect(t, s)
	s.SendMention("", "C0123456789", "U0ALICE", "who owns the roadmap?", "", "")
	s.SendMention("", "C0123456789", "U0ALICE", "and in a thread?", "", "1700000000.000100")
	s.SendDM("", "U0ALICE", "help", "")
	s.SendAppHomeOpened("", "U0ALICE")
	s.SendMessage(map[string]any{"type": "reaction_added", "user": "U0ALICE", "reaction": "thumbsup"})
	for range 5 {
		raw := cl.readRaw()
		var env struct {
			Type    string          `json:"type"`
			Payload json.RawMessage `json:"payload"`
		}
		if err := json.Unmarshal(raw, &env); err != nil {
			t.Fatal(err)
		}
		if env.Type != "events_api" {
			t.Fatalf("type = %s", env.Type)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(env.Payload))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("payload does not match the wrapper schema:\n%s\n%v", env.Payload, err)
		}
	}
}
