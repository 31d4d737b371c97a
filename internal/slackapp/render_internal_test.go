package slackapp

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"short text is kept", "abc", 10, "abc"},
		{"long text is cut with an ellipsis", "abcdefghij", 8, "abcde…"},
		{"a cut never splits a rune", "ééééé", 7, "éé…"},
		{"a cut never splits an entity", "ab &amp; cd", 9, "ab …"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := truncate(tt.in, tt.n); got != tt.want {
				t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}

func FuzzTruncate(f *testing.F) {
	f.Add("<!channel> & é", 5)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 4 || n > 4000 || !utf8.ValidString(s) {
			return
		}
		e := Escape(s)
		got := truncate(e, n)
		if len(got) > n {
			t.Errorf("truncate gave %d bytes, limit %d", len(got), n)
		}
		if !utf8.ValidString(got) {
			t.Errorf("truncate broke UTF-8: %q", got)
		}
		if strings.ContainsAny(got, "<>") {
			t.Errorf("truncated escape kept markup: %q", got)
		}
		if i := strings.LastIndexByte(got, '&'); i >= 0 && !strings.Contains(got[i:], ";") {
			t.Errorf("truncate split an entity: %q", got)
		}
	})
}
