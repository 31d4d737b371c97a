package slacktest

import (
	"github.com/rolecall/rolecall/internal/jsonenc"
)

// The Web API responses are built by appending, not by encoding/json: the
// load benchmark sends thousands of them a second on a shared 2-core box.

// appendField appends ,"key":"value" (or "key":"value" when first).
func appendField(b []byte, key, value string) []byte {
	if len(b) > 0 && b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return jsonenc.AppendString(b, value)
}

// appendRawField appends ,"key":raw with raw already JSON.
func appendRawField(b []byte, key string, raw []byte) []byte {
	if len(b) > 0 && b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return append(b, raw...)
}
