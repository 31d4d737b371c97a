package jsonenc_test

import (
	"encoding/json"
	"testing"

	"github.com/rolecall/rolecall/internal/jsonenc"
)

// FuzzAppendString checks AppendString against encoding/json on any text.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " backslash \`, "<b>&amp;</b>", "tab\tnl\ncr\r\b\f\x00\x1f", "\u2028\u2029", "bad \xff utf-8", "émoji 🎉"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonenc.AppendString(nil, s); string(got) != string(want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}
