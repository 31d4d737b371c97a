package slacktest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/slacktest"
)

func section(text string) map[string]any {
	return map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": text}}
}

func plain(text string) map[string]any { return map[string]any{"type": "plain_text", "text": text} }

func button(text, actionID, value string) map[string]any {
	return map[string]any{"type": "button", "text": plain(text), "action_id": actionID, "value": value}
}

func repeat(n int, f func(i int) any) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func fields(n, size int) map[string]any {
	return map[string]any{"type": "section", "fields": repeat(n, func(int) any {
		return map[string]any{"type": "mrkdwn", "text": strings.Repeat("f", size)}
	})}
}

func input(element map[string]any) map[string]any {
	return map[string]any{"type": "input", "block_id": "in", "label": plain("l"), "element": element}
}

func textInput(extra map[string]any) map[string]any {
	e := map[string]any{"type": "plain_text_input", "action_id": "t"}
	for k, v := range extra {
		e[k] = v
	}
	return e
}

func withKey(m map[string]any, k string, v any) map[string]any {
	m[k] = v
	return m
}

func opt(i, size int) map[string]any {
	return map[string]any{"text": plain(fmt.Sprintf("%0*d", size, i)), "value": fmt.Sprint("v", i)}
}

// choices is a selection element of n options, each labelled with size
// characters; over replaces fields of the first option.
func choices(typ string, n, size int, over map[string]any) map[string]any {
	opts := repeat(n, func(i int) any { return opt(i, size) })
	for k, v := range over {
		opts[0].(map[string]any)[k] = v
	}
	return map[string]any{"type": typ, "action_id": "c", "options": opts}
}

func TestBlockKitLimits(t *testing.T) {
	x := strings.Repeat
	tests := []struct {
		name    string
		blocks  []any
		surface slacktest.Surface
		valid   bool
	}{
		{"50 blocks fit a message", repeat(50, func(int) any { return map[string]any{"type": "divider"} }), slacktest.SurfaceMessage, true},
		{"51 blocks do not fit a message", repeat(51, func(int) any { return map[string]any{"type": "divider"} }), slacktest.SurfaceMessage, false},
		{"100 blocks fit a home tab", repeat(100, func(int) any { return map[string]any{"type": "divider"} }), slacktest.SurfaceHome, true},
		{"101 blocks do not fit a home tab", repeat(101, func(int) any { return map[string]any{"type": "divider"} }), slacktest.SurfaceHome, false},
		{"section text of 3000 characters fits", []any{section(x("é", 3000))}, slacktest.SurfaceMessage, true},
		{"section text of 3001 characters does not", []any{section(x("é", 3001))}, slacktest.SurfaceMessage, false},
		{"section text must not be empty", []any{section("")}, slacktest.SurfaceMessage, false},
		{"a section needs text or fields", []any{map[string]any{"type": "section"}}, slacktest.SurfaceMessage, false},
		{"10 fields of 2000 fit", []any{fields(10, 2000)}, slacktest.SurfaceMessage, true},
		{"11 fields do not", []any{fields(11, 10)}, slacktest.SurfaceMessage, false},
		{"a field of 2001 does not", []any{fields(1, 2001)}, slacktest.SurfaceMessage, false},
		{"a header of 150 fits", []any{map[string]any{"type": "header", "text": plain(x("h", 150))}}, slacktest.SurfaceMessage, true},
		{"a header of 151 does not", []any{map[string]any{"type": "header", "text": plain(x("h", 151))}}, slacktest.SurfaceMessage, false},
		{"a header must be plain_text", []any{map[string]any{"type": "header", "text": map[string]any{"type": "mrkdwn", "text": "h"}}}, slacktest.SurfaceMessage, false},
		{"button text of 75 fits", []any{map[string]any{"type": "actions", "elements": []any{button(x("b", 75), "a", "v")}}}, slacktest.SurfaceMessage, true},
		{"button text of 76 does not", []any{map[string]any{"type": "actions", "elements": []any{button(x("b", 76), "a", "v")}}}, slacktest.SurfaceMessage, false},
		{"button text must be plain_text", []any{map[string]any{"type": "actions", "elements": []any{map[string]any{"type": "button", "text": map[string]any{"type": "mrkdwn", "text": "b"}}}}}, slacktest.SurfaceMessage, false},
		{"a button value of 2000 fits", []any{map[string]any{"type": "actions", "elements": []any{button("b", "a", x("v", 2000))}}}, slacktest.SurfaceMessage, true},
		{"a button value of 2001 does not", []any{map[string]any{"type": "actions", "elements": []any{button("b", "a", x("v", 2001))}}}, slacktest.SurfaceMessage, false},
		{"an action_id of 255 fits", []any{map[string]any{"type": "actions", "elements": []any{button("b", x("a", 255), "v")}}}, slacktest.SurfaceMessage, true},
		{"an action_id of 256 does not", []any{map[string]any{"type": "actions", "elements": []any{button("b", x("a", 256), "v")}}}, slacktest.SurfaceMessage, false},
		{"25 actions fit", []any{map[string]any{"type": "actions", "elements": repeat(25, func(i int) any { return button("b", fmt.Sprint(i), "v") })}}, slacktest.SurfaceMessage, true},
		{"26 actions do not", []any{map[string]any{"type": "actions", "elements": repeat(26, func(i int) any { return button("b", fmt.Sprint(i), "v") })}}, slacktest.SurfaceMessage, false},
		{"an actions block needs elements", []any{map[string]any{"type": "actions", "elements": []any{}}}, slacktest.SurfaceMessage, false},
		{"10 context elements fit", []any{map[string]any{"type": "context", "elements": repeat(10, func(int) any { return map[string]any{"type": "mrkdwn", "text": "c"} })}}, slacktest.SurfaceMessage, true},
		{"11 context elements do not", []any{map[string]any{"type": "context", "elements": repeat(11, func(int) any { return map[string]any{"type": "mrkdwn", "text": "c"} })}}, slacktest.SurfaceMessage, false},
		{"a context element must not be a button", []any{map[string]any{"type": "context", "elements": []any{button("b", "a", "v")}}}, slacktest.SurfaceMessage, false},
		{"a block_id of 255 fits", []any{map[string]any{"type": "divider", "block_id": x("i", 255)}}, slacktest.SurfaceMessage, true},
		{"a block_id of 256 does not", []any{map[string]any{"type": "divider", "block_id": x("i", 256)}}, slacktest.SurfaceMessage, false},
		{"distinct block_ids fit", []any{map[string]any{"type": "divider", "block_id": "a"}, map[string]any{"type": "divider", "block_id": "b"}}, slacktest.SurfaceMessage, true},
		{"a repeated block_id does not", []any{map[string]any{"type": "divider", "block_id": "a"}, map[string]any{"type": "divider", "block_id": "a"}}, slacktest.SurfaceMessage, false},
		{"an unknown block type does not", []any{map[string]any{"type": "marquee"}}, slacktest.SurfaceMessage, false},
		{"a block without type does not", []any{map[string]any{"text": plain("x")}}, slacktest.SurfaceMessage, false},
		{"an unknown text type does not", []any{map[string]any{"type": "section", "text": map[string]any{"type": "html", "text": "x"}}}, slacktest.SurfaceMessage, false},
		{"an image needs alt_text", []any{map[string]any{"type": "image", "image_url": "https://example.com/a.png"}}, slacktest.SurfaceMessage, false},
		{"an image with alt_text fits", []any{map[string]any{"type": "image", "image_url": "https://example.com/a.png", "alt_text": "a"}}, slacktest.SurfaceMessage, true},
		{"rich_text fits", []any{map[string]any{"type": "rich_text", "elements": []any{}}}, slacktest.SurfaceMessage, true},
		{"an input block does not fit a message", []any{map[string]any{"type": "input", "label": plain("l"), "element": map[string]any{"type": "plain_text_input", "action_id": "i"}}}, slacktest.SurfaceMessage, false},
		{"an input block fits a home tab", []any{map[string]any{"type": "input", "label": plain("l"), "element": map[string]any{"type": "plain_text_input", "action_id": "i"}}}, slacktest.SurfaceHome, true},
		{"an input block cannot hold a button", []any{input(button("b", "a", "v"))}, slacktest.SurfaceModal, false},
		{"an input hint of 2000 fits", []any{withKey(input(textInput(nil)), "hint", plain(x("h", 2000)))}, slacktest.SurfaceModal, true},
		{"an input hint of 2001 does not", []any{withKey(input(textInput(nil)), "hint", plain(x("h", 2001)))}, slacktest.SurfaceModal, false},
		{"a text input of up to 3000 characters fits", []any{input(textInput(map[string]any{"max_length": 3000, "initial_value": x("v", 3000)}))}, slacktest.SurfaceModal, true},
		{"a max_length of 3001 does not", []any{input(textInput(map[string]any{"max_length": 3001}))}, slacktest.SurfaceModal, false},
		{"an initial value longer than max_length does not", []any{input(textInput(map[string]any{"max_length": 5, "initial_value": "123456"}))}, slacktest.SurfaceModal, false},
		{"10 radio buttons fit", []any{input(choices("radio_buttons", 10, 75, nil))}, slacktest.SurfaceModal, true},
		{"11 radio buttons do not", []any{input(choices("radio_buttons", 11, 10, nil))}, slacktest.SurfaceModal, false},
		{"100 select options fit", []any{input(choices("static_select", 100, 10, nil))}, slacktest.SurfaceModal, true},
		{"101 select options do not", []any{input(choices("static_select", 101, 10, nil))}, slacktest.SurfaceModal, false},
		{"an option text of 76 does not", []any{input(choices("radio_buttons", 2, 76, nil))}, slacktest.SurfaceModal, false},
		{"an option value of 151 does not", []any{input(choices("static_select", 1, 5, map[string]any{"value": x("v", 151)}))}, slacktest.SurfaceModal, false},
		{"a select option must be plain_text", []any{input(choices("static_select", 1, 5, map[string]any{"text": map[string]any{"type": "mrkdwn", "text": "m"}}))}, slacktest.SurfaceModal, false},
		{"an initial option that is one of the options fits", []any{input(withKey(choices("radio_buttons", 3, 5, nil), "initial_option", opt(1, 5)))}, slacktest.SurfaceModal, true},
		{"an initial option that is none of them does not", []any{input(withKey(choices("radio_buttons", 3, 5, nil), "initial_option", opt(7, 5)))}, slacktest.SurfaceModal, false},
		{"a placeholder of 151 does not", []any{input(withKey(textInput(nil), "placeholder", plain(x("p", 151))))}, slacktest.SurfaceModal, false},
		{"a conversation select fits", []any{input(map[string]any{"type": "conversations_select", "action_id": "c",
			"filter": map[string]any{"include": []any{"public", "private"}, "exclude_bot_users": true}})}, slacktest.SurfaceModal, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := json.Marshal(tt.blocks)
			if err != nil {
				t.Fatal(err)
			}
			err = slacktest.ValidateBlocks(raw, tt.surface)
			if tt.valid && err != nil {
				t.Errorf("ValidateBlocks = %v, want valid", err)
			}
			if !tt.valid {
				var be *slacktest.BlocksError
				if !errors.As(err, &be) || !errors.Is(err, slacktest.ErrInvalidBlocks) || len(be.Messages) == 0 {
					t.Errorf("ValidateBlocks = %v, want a *BlocksError", err)
				}
			}
		})
	}
}

func TestInvalidBlocksAreRefusedAndRecorded(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	blocks, _ := json.Marshal([]any{section(strings.Repeat("x", 3001))})
	_, m := post(t, s, "chat.postMessage", url.Values{"token": {s.Config().BotToken}, "channel": {"C0123456789"},
		"text": {"x"}, "blocks": {string(blocks)}})
	if m["error"] != "invalid_blocks" {
		t.Fatalf("answer = %v", m)
	}
	meta, _ := m["response_metadata"].(map[string]any)
	msgs, _ := meta["messages"].([]any)
	if len(msgs) != 1 || !strings.Contains(fmt.Sprint(msgs[0]), "/blocks/0/text/text") {
		t.Errorf("response_metadata = %v, want the violation with its json-pointer", meta)
	}
	v := s.Violations()
	if len(v) != 1 || v[0].Method != "chat.postMessage" || v[0].Channel != "C0123456789" || s.Stats().BlockViolations != 1 {
		t.Errorf("violations = %+v", v)
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages delivered, want 0", n)
	}
}

func TestAHomeViewWithTooManyBlocksIsRefused(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	view := map[string]any{"type": "home", "blocks": repeat(101, func(int) any { return map[string]any{"type": "divider"} })}
	_, m := postJSON(t, s, "views.publish", s.Config().BotToken, map[string]any{"user_id": "U0ALICE", "view": view})
	if m["error"] != "invalid_blocks" || s.Stats().BlockViolations != 1 {
		t.Errorf("answer = %v", m)
	}
}

func FuzzValidateBlocks(f *testing.F) {
	f.Add([]byte(`[{"type":"section","text":{"type":"mrkdwn","text":"x"}}]`))
	f.Add([]byte(`[{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"b"}}]}]`))
	f.Add([]byte(`[{"type":"context","elements":[{"type":"mrkdwn","text":"c"},{"type":"image"}]}]`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		err := slacktest.ValidateBlocks(raw, slacktest.SurfaceMessage)
		if err != nil && !errors.Is(err, slacktest.ErrInvalidBlocks) {
			t.Errorf("error %v is not ErrInvalidBlocks", err)
		}
	})
}
