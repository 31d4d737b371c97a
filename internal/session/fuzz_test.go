package session_test

import (
	"context"
	"strings"
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

// FuzzThreadKeys checks that the thread part of an assessment key cannot
// be mistaken for "no thread": every thread ValidThread accepts is digits,
// a dot and digits, and its key differs from the DM's.
func FuzzThreadKeys(f *testing.F) {
	for _, seed := range []string{"", "dm", "1700000000.000100", "1.2", ".1", "1.", "1..2", "1.2.3", "-1.2", "1e3.2", "１.２", strings.Repeat("9", 40) + ".1"} {
		f.Add(seed)
	}
	s := openEmbedded(f, session.Config{})
	dm := s.AssessKey(session.Key{Team: "T1", User: "U1", Channel: "C1"})
	f.Fuzz(func(t *testing.T, thread string) {
		if !session.ValidThread(thread) || thread == "" {
			return
		}
		digits, frac, ok := strings.Cut(thread, ".")
		if !ok || digits == "" || frac == "" || len(thread) > 32 || strings.Trim(digits+frac, "0123456789") != "" {
			t.Fatalf("ValidThread(%q) = true for something that is not digits.digits", thread)
		}
		if k := s.AssessKey(session.Key{Team: "T1", User: "U1", Channel: "C1", Thread: thread}); k == dm {
			t.Fatalf("thread %q has the DM's key %s", thread, k)
		}
	})
}
