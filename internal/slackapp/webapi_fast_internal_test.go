package slackapp

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestChatResultReadsOKErrorAndTS(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		ok      bool
		code    string
		ts      string
		wantErr bool
	}{
		{"a posted message", `{"ok":true,"channel":"C1","ts":"1700000000.000100","message":{"type":"message","ts":"1700000000.000100","blocks":[{"type":"section"}]}}`, true, "", "1700000000.000100", false},
		{"the message before the ts", `{"ok":true,"message":{"ts":"1.0","blocks":[1,2,{"a":"}"}]},"ts":"1700000000.000200"}`, true, "", "1700000000.000200", false},
		{"an ephemeral message", `{"ok":true,"message_ts":"1700000000.000300"}`, true, "", "1700000000.000300", false},
		{"an error", `{"ok":false,"error":"channel_not_found"}`, false, "channel_not_found", "", false},
		{"an error with metadata first", `{"response_metadata":{"messages":["[ERROR] x"]},"ok":false,"error":"invalid_blocks"}`, false, "invalid_blocks", "", false},
		{"ok without a ts", `{"ok":true,"channel":"C1"}`, true, "", "", false},
		{"no ok", `{"channel":"C1"}`, false, "", "", true},
		{"not an object", `[1]`, false, "", "", true},
		{"truncated", `{"ok":tr`, false, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, code, ts, err := chatResult(strings.NewReader(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err == nil && (ok != tt.ok || code != tt.code || ts != tt.ts) {
				t.Errorf("chatResult = %v %q %q, want %v %q %q", ok, code, ts, tt.ok, tt.code, tt.ts)
			}
		})
	}
}

func TestChatMessageIsTheJSONSlackTakes(t *testing.T) {
	m := chatMessage{Channel: "C1", Text: `Owner: <b> & "q"` + "\n", Blocks: json.RawMessage(`[{"type":"section","text":{"type":"mrkdwn","text":"x"}}]`),
		ThreadTS: "1700000000.000100", User: "U1"}
	var got map[string]any
	if err := json.Unmarshal(m.appendJSON(nil), &got); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	want := map[string]any{"channel": "C1", "text": `Owner: <b> & "q"` + "\n", "thread_ts": "1700000000.000100", "user": "U1",
		"blocks": []any{map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": "x"}}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("body (-want +got):\n%s", d)
	}
	var upd map[string]any
	if err := json.Unmarshal(chatMessage{Channel: "C1", TS: "1700000000.000200", Text: "t"}.appendJSON(nil), &upd); err != nil || upd["ts"] != "1700000000.000200" {
		t.Errorf("an update = %v, %v; want the ts of the message to update", upd, err)
	}
	var bare map[string]any
	if err := json.Unmarshal(chatMessage{Channel: "C1", Text: "t"}.appendJSON(nil), &bare); err != nil || len(bare) != 2 {
		t.Errorf("a message without blocks, thread or user = %v, %v; want channel and text only", bare, err)
	}
}
