package session_test

import (
	"context"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/rolecall/rolecall/internal/session"
)

// FuzzUserText checks that any text a user types survives Create, an
// Update (whose script decodes the stored JSON) and Get unchanged.
func FuzzUserText(f *testing.F) {
	for _, seed := range []string{"", "plain", `quote " and \ backslash`, "<!channel> & <@U1>", "line\nbreak\u2028", "é漢字🙂", `{"revision":99}`, "\x00"} {
		f.Add(seed, seed)
	}
	s := openEmbedded(f, session.Config{})
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, text, ts string) {
		if !utf8.ValidString(text) || !utf8.ValidString(ts) {
			t.Skip("JSON stores valid UTF-8 only")
		}
		a := fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "D1"})
		if err := s.Create(ctx, a); err != nil {
			t.Fatal(err)
		}
		a.Answers = append(a.Answers, session.Answer{Question: text, Text: text, At: t0})
		a.Messages[text] = ts
		a.Step = text
		if err := s.Update(ctx, a); err != nil {
			t.Fatalf("Update with %q: %v", text, err)
		}
		got, err := s.Get(ctx, a.Key)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(a, got); diff != "" {
			t.Errorf("text %q did not survive (-want +got):\n%s", text, diff)
		}
	})
}
