package slackapp

import (
	"encoding/json"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/jsonenc"
)

// Block Kit JSON without reflection. Every reply's blocks are encoded
// once, and json.Marshal of slack-go's block types was the largest share
// of the bot's own CPU per reply after the I/O: reflection over each
// struct, and slack-go's MarshalJSON methods for the elements of context
// and actions blocks, whose output encoding/json then scans and copies
// again. appendBlocks writes the same bytes directly for the block types
// the bot renders, and declines anything else.

// marshalBlocks is json.Marshal(bs), byte for byte.
func marshalBlocks(bs []slack.Block) ([]byte, error) {
	if b, ok := appendBlocks(make([]byte, 0, 4096), bs); ok {
		return b, nil
	}
	return json.Marshal(bs)
}

// appendBlocks appends what json.Marshal(bs) gives to b. ok is false, and
// b is to be dropped, when bs holds a block, element or field it does not
// encode: marshalBlocks then uses encoding/json.
func appendBlocks(b []byte, bs []slack.Block) (_ []byte, ok bool) {
	if bs == nil {
		return append(b, "null"...), true
	}
	b = append(b, '[')
	for i, blk := range bs {
		if i > 0 {
			b = append(b, ',')
		}
		if b, ok = appendBlock(b, blk); !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}

func appendBlock(b []byte, blk slack.Block) ([]byte, bool) {
	ok := true
	switch v := blk.(type) {
	case *slack.HeaderBlock:
		if v == nil {
			return b, false
		}
		b = appendKey(b, '{', "type", string(v.Type))
		if v.Text != nil {
			b = append(b, `,"text":`...)
			b = appendText(b, v.Text)
		}
		if v.BlockID != "" {
			b = appendKey(b, ',', "block_id", v.BlockID)
		}
		if v.Level != 0 {
			b = append(b, `,"level":`...)
			b = strconv.AppendInt(b, int64(v.Level), 10)
		}
	case *slack.SectionBlock:
		if v == nil || v.Accessory != nil {
			return b, false
		}
		b = appendKey(b, '{', "type", string(v.Type))
		if v.Text != nil {
			b = append(b, `,"text":`...)
			b = appendText(b, v.Text)
		}
		if v.BlockID != "" {
			b = appendKey(b, ',', "block_id", v.BlockID)
		}
		if len(v.Fields) > 0 {
			b = append(b, `,"fields":[`...)
			for i, f := range v.Fields {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendText(b, f)
			}
			b = append(b, ']')
		}
		if v.Expand {
			b = append(b, `,"expand":true`...)
		}
	case *slack.ContextBlock:
		if v == nil {
			return b, false
		}
		b = appendKey(b, '{', "type", string(v.Type))
		if v.BlockID != "" {
			b = appendKey(b, ',', "block_id", v.BlockID)
		}
		b = append(b, `,"elements":`...)
		if v.ContextElements.Elements == nil {
			b = append(b, "null"...)
			break
		}
		b = append(b, '[')
		for i, e := range v.ContextElements.Elements {
			t, isText := e.(*slack.TextBlockObject)
			if !isText {
				return b, false
			}
			if i > 0 {
				b = append(b, ',')
			}
			b = appendText(b, t)
		}
		b = append(b, ']')
	case *slack.ActionBlock:
		if v == nil {
			return b, false
		}
		b = appendKey(b, '{', "type", string(v.Type))
		if v.BlockID != "" {
			b = appendKey(b, ',', "block_id", v.BlockID)
		}
		b = append(b, `,"elements":`...)
		if v.Elements == nil || v.Elements.ElementSet == nil {
			b = append(b, "null"...)
			break
		}
		b = append(b, '[')
		for i, e := range v.Elements.ElementSet {
			if i > 0 {
				b = append(b, ',')
			}
			if b, ok = appendButton(b, e); !ok {
				return b, false
			}
		}
		b = append(b, ']')
	case *slack.DividerBlock:
		if v == nil {
			return b, false
		}
		b = appendKey(b, '{', "type", string(v.Type))
		if v.BlockID != "" {
			b = appendKey(b, ',', "block_id", v.BlockID)
		}
	default:
		return b, false
	}
	return append(b, '}'), true
}

// appendButton appends a button element; any other element declines.
func appendButton(b []byte, e slack.BlockElement) ([]byte, bool) {
	v, ok := e.(*slack.ButtonBlockElement)
	if !ok || v == nil || v.Confirm != nil || v.VisibleToUserIDs != nil {
		return b, false
	}
	sep := byte('{')
	if v.Type != "" {
		b = appendKey(b, sep, "type", string(v.Type))
		sep = ','
	}
	b = append(b, sep)
	b = append(b, `"text":`...)
	if v.Text == nil {
		b = append(b, "null"...)
	} else {
		b = appendText(b, v.Text)
	}
	for _, f := range [...]struct{ k, v string }{
		{"action_id", v.ActionID}, {"url", v.URL}, {"value", v.Value}, {"style", string(v.Style)},
		{"accessibility_label", v.AccessibilityLabel}, {"agent_prompt", v.AgentPrompt}, {"agent_prompt_display", v.AgentPromptDisplay},
	} {
		if f.v != "" {
			b = appendKey(b, ',', f.k, f.v)
		}
	}
	return append(b, '}'), true
}

// appendText appends a text object (null for nil, as encoding/json does).
func appendText(b []byte, t *slack.TextBlockObject) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	b = appendKey(b, '{', "type", t.Type)
	b = appendKey(b, ',', "text", t.Text)
	if t.Emoji != nil {
		b = append(b, `,"emoji":`...)
		b = strconv.AppendBool(b, *t.Emoji)
	}
	if t.Verbatim {
		b = append(b, `,"verbatim":true`...)
	}
	return append(b, '}')
}

// appendKey appends sep, then "key":"value".
func appendKey(b []byte, sep byte, key, value string) []byte {
	b = append(b, sep, '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return jsonenc.AppendString(b, value)
}
