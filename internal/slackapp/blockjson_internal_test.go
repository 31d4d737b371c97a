package slackapp

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/slack-go/slack"
)

// sameAsEncodingJSON fails unless appendBlocks gives json.Marshal's bytes
// for bs, or declines.
func sameAsEncodingJSON(t *testing.T, bs []slack.Block, mustEncode bool) {
	t.Helper()
	want, err := json.Marshal(bs)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := appendBlocks(nil, bs)
	if !ok {
		if mustEncode {
			t.Fatalf("appendBlocks declined blocks it should encode: %s", want)
		}
		return
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("appendBlocks differs from json.Marshal\n got: %s\nwant: %s", got, want)
	}
	if m, err := marshalBlocks(bs); err != nil || !bytes.Equal(m, want) {
		t.Fatalf("marshalBlocks = %s, %v; want %s", m, err, want)
	}
}

func TestBlockJSONIsEncodingJSONsForEveryGoldenRendering(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.golden.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var msg struct {
				Blocks slack.Blocks `json:"blocks"`
			}
			if err := json.Unmarshal(raw, &msg); err != nil {
				t.Fatal(err)
			}
			// Modals hold input blocks, which encoding/json encodes.
			sameAsEncodingJSON(t, msg.Blocks.BlockSet, false)
		})
	}
}

func TestBlockJSONDeclinesWhatItDoesNotEncode(t *testing.T) {
	tests := []struct {
		name   string
		blocks []slack.Block
	}{
		{"an input block", []slack.Block{slack.NewInputBlock("b", plain("label"), nil, slack.NewPlainTextInputBlockElement(nil, "a"))}},
		{"a section with an accessory", []slack.Block{slack.NewSectionBlock(mrkdwn("x"), nil, slack.NewAccessory(button("a", "v", "t")))}},
		{"a button with a confirmation", []slack.Block{slack.NewActionBlock("a", button("a", "v", "t").WithConfirm(slack.NewConfirmationBlockObject(plain("t"), plain("x"), plain("y"), plain("n"))))}},
		{"an image in a context block", []slack.Block{slack.NewContextBlock("c", slack.NewImageBlockElement("https://example.com/a.png", "a"))}},
		{"a nil block", []slack.Block{(*slack.SectionBlock)(nil)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := appendBlocks(nil, tt.blocks); ok {
				t.Error("appendBlocks encoded it; want it declined")
			}
			want, _ := json.Marshal(tt.blocks)
			if got, err := marshalBlocks(tt.blocks); err != nil || !bytes.Equal(got, want) {
				t.Errorf("marshalBlocks = %s, %v; want %s", got, err, want)
			}
		})
	}
}

func TestBlockJSONEdgeCasesMatchEncodingJSON(t *testing.T) {
	no := false
	tests := []struct {
		name   string
		blocks []slack.Block
	}{
		{"no blocks", nil},
		{"an empty list", []slack.Block{}},
		{"empty elements", []slack.Block{&slack.ContextBlock{Type: slack.MBTContext}, &slack.ActionBlock{Type: slack.MBTAction}, &slack.ActionBlock{Type: slack.MBTAction, Elements: &slack.BlockElements{}}}},
		{"a header with a level and no text", []slack.Block{&slack.HeaderBlock{Type: slack.MBTHeader, Level: 2}}},
		{"a section with fields, a nil field and expand", []slack.Block{&slack.SectionBlock{Type: slack.MBTSection, Fields: []*slack.TextBlockObject{mrkdwn("a"), nil}, Expand: true}}},
		{"text with emoji false and verbatim", []slack.Block{&slack.SectionBlock{Type: slack.MBTSection, Text: &slack.TextBlockObject{Type: "mrkdwn", Text: "x", Emoji: &no, Verbatim: true}}}},
		{"a button without type or text, with every string field", []slack.Block{slack.NewActionBlock("a", &slack.ButtonBlockElement{ActionID: "a", URL: "https://x/?a=1&b=<2>", Value: "v", Style: slack.StyleDanger, AccessibilityLabel: "l", AgentPrompt: "p", AgentPromptDisplay: "d"})}},
		{"a divider", []slack.Block{slack.NewDividerBlock()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { sameAsEncodingJSON(t, tt.blocks, true) })
	}
}

func FuzzBlockJSON(f *testing.F) {
	for _, s := range []string{"", "plain", `"quoted" \ back`, "<@U1> & <#C1|x>", "tab\tnew\nline\r\b\f\x00\x1f\x7f", "\u2028\u2029 é 👍", "\xff\xfe bad \xc3", "*bold* _it_ ~s~"} {
		f.Add(s, "v"+s, s+"!")
	}
	f.Fuzz(func(t *testing.T, text, value, id string) {
		yes := true
		bs := []slack.Block{
			&slack.HeaderBlock{Type: slack.MBTHeader, Text: &slack.TextBlockObject{Type: "plain_text", Text: text, Emoji: &yes}, BlockID: id},
			&slack.SectionBlock{Type: slack.MBTSection, Text: mrkdwn(text), BlockID: id, Fields: []*slack.TextBlockObject{mrkdwn(value), plain(text)}},
			slack.NewContextBlock(id, mrkdwn(text), plain(value)),
			slack.NewActionBlock(id, &slack.ButtonBlockElement{Type: slack.METButton, Text: plain(text), ActionID: id, Value: value, Style: slack.Style(text)}),
			&slack.DividerBlock{Type: slack.MBTDivider, BlockID: value},
		}
		sameAsEncodingJSON(t, bs, true)
	})
}
