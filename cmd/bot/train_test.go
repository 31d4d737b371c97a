package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrain trains a team's classifier on its own questions, loads it from
// KNOWLEDGE_DIR and answers with it; a held-out set is refused.
func TestTrain(t *testing.T) {
	set := writeSet(t,
		"# a team's questions",
		"product_owner\tproduct-backlog\twho grooms the zorblax queue?",
		"product_owner\tproduct-backlog\tzorblax queue owner?",
		"product_owner\tproduct-backlog\twhose job is the zorblax queue",
		"unknown\t-\twhen does the canteen open?",
		"product_manager\twho sets the roadmap?", // no entry id: teaches nothing
	)
	dir := t.TempDir()
	out := filepath.Join(dir, "classifier.tsv")
	code, stdout, stderr := runBot(t, "", nil, "train", "--out", out, set)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "1 lines without an entry skipped") || !strings.Contains(stdout, "wrote "+out) {
		t.Errorf("stdout = %q", stdout)
	}
	content, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(content), "trained-on\tset.tsv\t") {
		t.Errorf("the classifier does not name its training file:\n%.300s", content)
	}

	code, stdout, stderr = runBot(t, "", map[string]string{"KNOWLEDGE_DIR": dir}, "ask", "--json", "who grooms the zorblax queue these days?")
	if code != 0 {
		t.Fatalf("ask with the team's classifier: exit %d: %s", code, stderr)
	}
	var a struct{ Topic string }
	if err := json.Unmarshal([]byte(stdout), &a); err != nil {
		t.Fatal(err)
	}
	if a.Topic != "product-backlog" {
		t.Errorf("with the team's classifier the answer is %q, want product-backlog", a.Topic)
	}

	held := writeSet(t, "# Rolecall held-out evaluation set 99: never read", "unknown\t-\twhen?")
	if code, _, stderr := runBot(t, "", nil, "train", "--out", out, held); code != 2 || !strings.Contains(stderr, "held-out") {
		t.Errorf("training on a held-out set: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runBot(t, "", nil, "train", "--parallel", "-1", "--out", out, set); code != 2 || !strings.Contains(stderr, "--parallel -1") {
		t.Errorf("training with --parallel -1: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runBot(t, "", nil, "train", "--out", out); code != 2 || !strings.Contains(stderr, "name at least one FILE.tsv") {
		t.Errorf("training on nothing: exit %d, %q", code, stderr)
	}
}
