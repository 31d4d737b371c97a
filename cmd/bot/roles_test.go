package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/directory"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/session"
)

const rolesFile = `version: 1
roles:
  - name: scrum-master
    description: facilitates the Scrum events
    spellings: [SM]
assignments:
  - role: po
    user: U0ALICE1
  - role: product-owner
    channel: C0PAY
    user: U0BOB22
  - role: sm
    group: S0SCRUM
`

// rolesTestEnv points the bot at the shared Redis under a fresh prefix.
func rolesTestEnv(t *testing.T) map[string]string {
	t.Helper()
	return map[string]string{"REDIS_URL": redistest.URL(t), "REDIS_PREFIX": redistest.Prefix(t), "USER": "ops", "ROLECALL_TEAM": "T0TEAM"}
}

func rolesFileAt(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRolesImportThenExport(t *testing.T) {
	envs := rolesTestEnv(t)
	file := rolesFileAt(t, "team.yaml", rolesFile)

	t.Run("a dry run prints the changes and writes nothing", func(t *testing.T) {
		code, out, errOut := runBot(t, "", envs, "roles", "import", "--dry-run", file)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		for _, w := range []string{"+ role scrum-master", "+ product-owner (workspace): U0ALICE1", "+ product-owner in C0PAY: U0BOB22", "+ scrum-master (workspace): S0SCRUM", "dry run, nothing written"} {
			if !strings.Contains(out, w) {
				t.Errorf("stdout lacks %q:\n%s", w, out)
			}
		}
		code, out, _ = runBot(t, "", envs, "roles", "export")
		if code != 0 || strings.Contains(out, "U0ALICE1") {
			t.Errorf("after a dry run the export has the file's content (exit %d):\n%s", code, out)
		}
	})
	t.Run("an import writes the directory and records who did it", func(t *testing.T) {
		code, out, errOut := runBot(t, "", envs, "roles", "import", file)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if !strings.Contains(out, "imported "+file+" into team T0TEAM: 1 role, 3 assignments (was 0 roles, 0 assignments)") {
			t.Errorf("stdout:\n%s", out)
		}
		code, out, _ = runBot(t, "", envs, "roles", "history")
		if code != 0 || !strings.Contains(out, "cli:ops imported the directory: 1 role, 3 assignments") {
			t.Errorf("history (exit %d):\n%s", code, out)
		}
	})
	t.Run("the export is the file in canonical form and imports as no change", func(t *testing.T) {
		code, out, errOut := runBot(t, "", envs, "roles", "export")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		want, err := directory.ParseFile("team.yaml", []byte(rolesFile))
		if err != nil {
			t.Fatal(err)
		}
		wantOut, _ := directory.Marshal(want)
		if out != string(wantOut) {
			t.Errorf("export:\n%s\nwant:\n%s", out, wantOut)
		}
		code, out, _ = runBot(t, out, envs, "roles", "import", "-")
		if code != 0 || !strings.Contains(out, "already matches it; nothing to write") {
			t.Errorf("re-import of the export (exit %d):\n%s", code, out)
		}
	})
	t.Run("another team's directory is untouched", func(t *testing.T) {
		code, out, errOut := runBot(t, "", envs, "roles", "export", "--team", "T0OTHER")
		if code != 0 || strings.Contains(out, "U0ALICE1") || !strings.Contains(errOut, "team T0OTHER has an empty directory") {
			t.Errorf("export of T0OTHER (exit %d):\n%s\n%s", code, out, errOut)
		}
	})
	t.Run("a store written through the bot reads the import", func(t *testing.T) {
		s, err := session.Open(context.Background(), session.Config{URL: envs["REDIS_URL"], Prefix: envs["REDIS_PREFIX"]}, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		snap, err := s.Directory(context.Background(), "T0TEAM")
		if err != nil {
			t.Fatal(err)
		}
		if a, _ := directory.Holder(snap.Assignments, directory.ProductOwner, "C0PAY"); a.Assignee != "U0BOB22" {
			t.Errorf("#C0PAY's product owner = %q, want U0BOB22", a.Assignee)
		}
	})
}

func TestRolesImportRefusesAnInvalidFileWhole(t *testing.T) {
	envs := rolesTestEnv(t)
	good := rolesFileAt(t, "good.yaml", rolesFile)
	if code, _, errOut := runBot(t, "", envs, "roles", "import", good); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	bad := rolesFileAt(t, "bad.yaml", strings.Replace(rolesFile, "user: U0BOB22", "user: bob", 1)+"  - role: designer\n    user: U0CAROL3\n")
	code, out, errOut := runBot(t, "", envs, "roles", "import", bad)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, w := range []string{bad + `:11: "bob" is not a user id`, bad + `:14: unknown role "designer"`, "is not valid; nothing was written"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
	if out != "" {
		t.Errorf("stdout: %s", out)
	}
	_, exported, _ := runBot(t, "", envs, "roles", "export")
	if !strings.Contains(exported, "U0BOB22") {
		t.Errorf("the invalid import changed the directory:\n%s", exported)
	}
}

func TestRolesWithoutRedis(t *testing.T) {
	file := rolesFileAt(t, "team.yaml", rolesFile)
	t.Run("an import into the embedded store only checks the file", func(t *testing.T) {
		code, out, errOut := runBot(t, "", nil, "roles", "import", file)
		if code != 0 || !strings.Contains(errOut, "embedded store") || !strings.Contains(out, "dry run, nothing written") {
			t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
		}
		if !strings.Contains(errOut, "using T_LOCAL") {
			t.Errorf("stderr does not say which team: %s", errOut)
		}
	})
	t.Run("an export of the embedded store is an empty, valid file", func(t *testing.T) {
		code, out, errOut := runBot(t, "", nil, "roles", "export", "--team", "T1")
		if code != 0 || !strings.Contains(errOut, "embedded store") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if _, err := directory.ParseFile("export", []byte(out)); err != nil {
			t.Errorf("the export does not read back: %v\n%s", err, out)
		}
	})
}

func TestRolesUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		code int
		want string
	}{
		{"roles alone prints the usage", []string{"roles"}, nil, 2, "Usage: bot roles export"},
		{"an unknown subcommand is a usage error", []string{"roles", "delete"}, nil, 2, `unknown subcommand "delete"`},
		{"import without a file is a usage error", []string{"roles", "import"}, nil, 2, "name one FILE"},
		{"export with a file is a usage error", []string{"roles", "export", "out.yaml"}, nil, 2, "redirect stdout"},
		{"a team with a brace is a usage error", []string{"roles", "export", "--team", "T{1}"}, nil, 2, "is not a team id"},
		{"history with a silly count is a usage error", []string{"roles", "history", "-n", "0"}, nil, 2, "-n is a number"},
		{"a missing file fails", []string{"roles", "import", "/nonexistent/team.yaml"}, nil, 1, "no such file"},
		{"a bad REDIS_URL fails with what to fix", []string{"roles", "export"}, map[string]string{"REDIS_URL": "localhost:6379"}, 1, "REDIS_URL must start with redis://"},
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
		code, out, _ := runBot(t, "", nil, "roles", "--help")
		if code != 0 || !strings.Contains(out, "bot roles import [--team T] [--dry-run] FILE") {
			t.Errorf("exit %d, stdout %q", code, out)
		}
	})
}
