package session_test

import (
	"context"
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/rolecall/rolecall/internal/directory"
	"github.com/rolecall/rolecall/internal/session"
)

// FuzzDirectoryText checks that any text a person types into a role's
// description or spelling, a 👎 comment or a question survives the scripts
// (which decode and re-encode the change as JSON in Lua) and reads back.
//
//	go test -fuzz FuzzDirectoryText ./internal/session
func FuzzDirectoryText(f *testing.F) {
	for _, seed := range trickyTexts {
		f.Add(seed)
	}
	s := openEmbedded(f, session.Config{})
	ctx := context.Background()
	n := 0
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || text == "" {
			t.Skip("JSON stores valid UTF-8 only")
		}
		n++
		r := directory.Role{Name: "fuzz", Description: text, Spellings: []string{text}}
		c, applied, err := s.DefineRole(ctx, "T1", session.Origin{ID: "fuzz-" + strconv.Itoa(n), User: "U1"}, r)
		if err != nil || !applied {
			t.Fatalf("DefineRole(%q) = %v, %v", text, applied, err)
		}
		snap, err := s.Directory(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]directory.Role{r}, snap.Roles); diff != "" {
			t.Fatalf("text %q did not survive (-want +got):\n%s", text, diff)
		}
		h, err := s.History(ctx, "T1", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) == 1 && h[0].ID == c.ID && h[0].After != c.After {
			t.Fatalf("history after = %q, want %q", h[0].After, c.After)
		}
		if err := s.AddComment(ctx, "T1", "entry", text); err != nil {
			t.Fatalf("AddComment(%q): %v", text, err)
		}
		if _, err := s.Comments(ctx, "T1", "entry", 1); err != nil {
			t.Fatalf("Comments after %q: %v", text, err)
		}
		if err := s.RecordGap(ctx, "T1", text, "entry"); err != nil {
			t.Fatalf("RecordGap(%q): %v", text, err)
		}
		if _, err := s.Gaps(ctx, "T1", 3); err != nil {
			t.Fatalf("Gaps after %q: %v", text, err)
		}
	})
}
