package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kbDir writes files under a fresh directory and returns it.
func kbDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const kbSources = "sources:\n  - key: handbook\n    title: Our handbook\n    author: Our team\n    file: handbook.md\n"

const kbCoffee = `entries:
  - id: coffee-machine
    topic: Coffee machine
    question: Who owns the coffee machine?
    keywords: [coffee, coffee machine]
    owner: shared
    answer: Everybody cleans the coffee machine.
    sources: [{ref: handbook, section: Office}]
`

const kbShadow = `entries:
  - id: product-backlog
    topic: Product backlog
    question: Who owns the product backlog?
    keywords: [backlog]
    owner: product_owner
    answer: In our team the product owner owns the backlog, and the tech lead helps.
    sources: [{ref: handbook, section: Roles}]
`

func TestKBCheck(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		args     []string
		code     int
		stdout   []string // each must appear
		stderr   []string
		noStderr bool
	}{
		{
			name:     "a directory that only adds entries passes without warnings",
			files:    map[string]string{"sources.yaml": kbSources, "entries/office.yaml": kbCoffee},
			code:     0,
			stdout:   []string{": ok, 1 new entry and 0 overriding built-in ones"},
			noStderr: true,
		},
		{
			name:   "an entry with a built-in id passes with a warning at its file and line",
			files:  map[string]string{"sources.yaml": kbSources, "entries/backlog.yaml": kbShadow},
			code:   0,
			stdout: []string{"0 new entries and 1 overriding built-in ones", "warning"},
			stderr: []string{filepath.Join("entries", "backlog.yaml") + `:2: warning: entry "product-backlog" shadows the built-in entry of the same id (built-in entries/`},
		},
		{
			name:   "with --strict a warning fails the check",
			files:  map[string]string{"sources.yaml": kbSources, "entries/backlog.yaml": kbShadow},
			args:   []string{"--strict"},
			code:   1,
			stderr: []string{"shadows the built-in entry"},
		},
		{
			name:   "a file that replaces a built-in one is a warning",
			files:  map[string]string{"meta.yaml": "unknown_answer: Ask the team lead.\n"},
			code:   0,
			stderr: []string{"meta.yaml: warning: replaces the built-in answer to questions outside the knowledge"},
		},
		{
			name:   "an entry its own question does not reach is a warning",
			files:  map[string]string{"sources.yaml": kbSources, "entries/office.yaml": strings.Replace(kbCoffee, "Who owns the coffee machine?", "Who owns the product backlog?", 1)},
			code:   0,
			stderr: []string{`entry "coffee-machine": its own question "Who owns the product backlog?" is answered by entry "product-backlog"`},
		},
		{
			name:   "an invalid entry is printed with its file and line, and the check fails",
			files:  map[string]string{"sources.yaml": kbSources, "entries/office.yaml": strings.Replace(kbCoffee, "owner: shared", "owner: barista", 1)},
			code:   1,
			stderr: []string{filepath.Join("entries", "office.yaml") + ":6:", "barista", "1 error; the bot would ignore this directory"},
		},
		{
			name:   "every broken file is reported at once",
			files:  map[string]string{"entries/a.yaml": kbCoffee + "    colour: blue\n", "entries/b.yaml": "entries: [\n"},
			code:   1,
			stderr: []string{filepath.Join("entries", "a.yaml") + ":9: field colour not found", filepath.Join("entries", "b.yaml") + ":1:", "2 errors"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := kbDir(t, tt.files)
			code, out, errOut := runBot(t, "", nil, append(append([]string{"kb", "check"}, tt.args...), dir)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			for _, w := range tt.stdout {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.stderr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if tt.noStderr && errOut != "" {
				t.Errorf("stderr: %s", errOut)
			}
		})
	}
}

func TestKBCheckUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		code int
		want string
	}{
		{"kb without check is a usage error", []string{"kb"}, nil, 2, "the one subcommand is check"},
		{"check without a directory or KNOWLEDGE_DIR is a usage error", []string{"kb", "check"}, nil, 2, "set KNOWLEDGE_DIR"},
		{"check of a missing directory fails", []string{"kb", "check", "/nonexistent/rolecall"}, nil, 1, "is not a directory"},
		{"check of two directories is a usage error", []string{"kb", "check", "a", "b"}, nil, 2, "name one directory"},
		{"check reads KNOWLEDGE_DIR", []string{"kb", "check"}, map[string]string{"KNOWLEDGE_DIR": "/nonexistent/from-env"}, 1, "/nonexistent/from-env is not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runBot(t, "", tt.env, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
	t.Run("help prints the usage and succeeds", func(t *testing.T) {
		code, out, _ := runBot(t, "", nil, "kb", "--help")
		if code != 0 || !strings.Contains(out, "Usage: bot kb check") {
			t.Errorf("exit %d, stdout %q", code, out)
		}
	})
}
