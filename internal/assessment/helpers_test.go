package assessment_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/knowledge"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// builtin loads the embedded questionnaire bound to fakeLookup.
func builtin(t testing.TB) *assessment.Questionnaire {
	t.Helper()
	q, err := assessment.Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	q, err = q.WithKnowledge(fakeLookup)
	if err != nil {
		t.Fatalf("WithKnowledge: %v", err)
	}
	return q
}

// fakeLookup stands in for the knowledge base: every id exists, with text
// derived from the id, so golden output does not change with the content.
func fakeLookup(id string) (*knowledge.Entry, bool) {
	return &knowledge.Entry{
		ID:      id,
		Topic:   "Topic " + id,
		Answer:  "What the knowledge base says about " + id + ".",
		Sources: []knowledge.Source{{Title: "Source", Author: "Author", Section: "Section"}},
	}, true
}

// golden compares got with testdata/golden/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got); run go test -update if the change is intended:\n%s", path, diff)
	}
}
