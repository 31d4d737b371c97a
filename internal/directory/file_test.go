package directory_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolecall/rolecall/internal/directory"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const validFile = `version: 1
roles:
  - name: tech-lead
    description: leads the technical decisions
  - name: scrum-master
    description: >
      facilitates the
      Scrum events
    spellings: [SM]
assignments:
  - role: PO
    user: U123ABC
  - role: product-owner
    channel: C123ABC
    user: W456DEF
  - role: product manager
    group: S123ABC
  - role: sm
    channel: G777AAA
    user: U999ZZZ
`

// sample is what validFile holds.
var sample = directory.Snapshot{
	Roles: []directory.Role{
		{Name: "scrum-master", Description: "facilitates the Scrum events", Spellings: []string{"SM"}},
		{Name: "tech-lead", Description: "leads the technical decisions"},
	},
	Assignments: []directory.Assignment{
		{Role: directory.ProductManager, Assignee: "S123ABC"},
		{Role: directory.ProductOwner, Assignee: "U123ABC"},
		{Role: directory.ProductOwner, Channel: "C123ABC", Assignee: "W456DEF"},
		{Role: "scrum-master", Channel: "G777AAA", Assignee: "U999ZZZ"},
	},
}

func TestParseFileReadsAValidFile(t *testing.T) {
	got, err := directory.ParseFile("team.yaml", []byte(validFile))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sample, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("ParseFile (-want +got):\n%s", diff)
	}
	if got := got.Summary(); got != "2 roles, 4 assignments" {
		t.Errorf("Summary = %q", got)
	}
}

func TestMarshalGolden(t *testing.T) {
	got, err := directory.Marshal(sample)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "export.golden.yaml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("Marshal differs from %s (-want +got):\n%s", golden, diff)
	}
	t.Run("an export reads back as the same directory", func(t *testing.T) {
		back, err := directory.ParseFile(golden, got)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(sample, back, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	})
	t.Run("an empty directory exports as a valid file", func(t *testing.T) {
		out, err := directory.Marshal(directory.Snapshot{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := directory.ParseFile("empty.yaml", out); err != nil {
			t.Errorf("%v:\n%s", err, out)
		}
	})
}

func TestParseFileReportsEveryProblemWithFileAndLine(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // each must appear in the error
	}{
		{"a YAML syntax error", "version: 1\nroles: [\n", []string{"team.yaml:2: did not find expected node content"}},
		{"an unknown field", "version: 1\nassignments:\n  - role: po\n    person: U123ABC\n", []string{"team.yaml:4: field person not found"}},
		{"an empty file", "", []string{"team.yaml: the file is empty"}},
		{"a missing version", "roles: []\n", []string{"team.yaml:1: version is 0"}},
		{"another version", "version: 2\n", []string{"team.yaml:1: version is 2"}},
		{"a malformed role name", "version: 1\nroles:\n  - name: Tech Lead\n    description: leads\n", []string{"team.yaml:3:", `"Tech Lead" can't be a role name`}},
		{"a role without a description", "version: 1\nroles:\n  - name: tech-lead\n", []string{"team.yaml:3:", "Say what a tech-lead does"}},
		{"a role defined twice", "version: 1\nroles:\n  - name: tech-lead\n    description: leads\n  - name: tech-lead\n    description: leads again\n", []string{"team.yaml:5: role tech-lead is defined twice (first at team.yaml:3)"}},
		{"a built-in role redefined", "version: 1\nroles:\n  - name: product-owner\n    description: owns\n", []string{"team.yaml:3:", "can't be redefined"}},
		{"an assignment to an unknown role", "version: 1\nassignments:\n  - role: designer\n    user: U123ABC\n", []string{`team.yaml:3: unknown role "designer"`}},
		{"an assignment without a role", "version: 1\nassignments:\n  - user: U123ABC\n", []string{"team.yaml:3: assignment without a role"}},
		{"a user id in the wrong form", "version: 1\nassignments:\n  - role: po\n    user: alice\n", []string{`team.yaml:4: "alice" is not a user id`}},
		{"a group id in the wrong form", "version: 1\nassignments:\n  - role: po\n    group: U123ABC\n", []string{`team.yaml:4: "U123ABC" is not a user group id`}},
		{"a channel id in the wrong form", "version: 1\nassignments:\n  - role: po\n    channel: '#payments'\n    user: U123ABC\n", []string{`team.yaml:4: "#payments" is not a channel id`}},
		{"both a user and a group", "version: 1\nassignments:\n  - role: po\n    user: U123ABC\n    group: S123ABC\n", []string{"team.yaml:3: both user and group"}},
		{"neither a user nor a group", "version: 1\nassignments:\n  - role: po\n", []string{"team.yaml:3: neither user nor group"}},
		{"a duplicate assignment by two spellings", "version: 1\nassignments:\n  - role: po\n    user: U123ABC\n  - role: product owner\n    user: U456DEF\n", []string{"team.yaml:5: product-owner is assigned twice workspace-wide (first at team.yaml:3)"}},
		{"several problems at once", "version: 3\nassignments:\n  - role: designer\n    user: U1AAA\n  - role: po\n    user: bob\n", []string{"team.yaml:1: version", "team.yaml:3: unknown role", `team.yaml:6: "bob"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is reported", func(t *testing.T) {
			_, err := directory.ParseFile("team.yaml", []byte(tt.yaml))
			if !errors.Is(err, directory.ErrInvalid) {
				t.Fatalf("ParseFile = %v, want ErrInvalid", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
		})
	}
	t.Run("a file larger than an import reads is refused", func(t *testing.T) {
		big := "version: 1\n# " + strings.Repeat("x", directory.MaxFileSize) + "\n"
		if _, err := directory.ParseFile("big.yaml", []byte(big)); !errors.Is(err, directory.ErrInvalid) {
			t.Errorf("ParseFile = %v, want ErrInvalid", err)
		}
	})
}

func TestDiffListsWhatAnImportChanges(t *testing.T) {
	old := directory.Snapshot{
		Roles: []directory.Role{{Name: "tech-lead", Description: "leads"}, {Name: "designer", Description: "designs"}},
		Assignments: []directory.Assignment{
			{Role: directory.ProductOwner, Assignee: "U1AAA"},
			{Role: directory.ProductOwner, Channel: "C1AAA", Assignee: "U2BBB"},
			{Role: "designer", Assignee: "U3CCC"},
		},
	}
	next := directory.Snapshot{
		Roles: []directory.Role{{Name: "tech-lead", Description: "leads the tech"}, {Name: "scrum-master", Description: "runs Scrum"}},
		Assignments: []directory.Assignment{
			{Role: directory.ProductOwner, Assignee: "U1AAA"},
			{Role: directory.ProductOwner, Channel: "C1AAA", Assignee: "U9ZZZ"},
			{Role: directory.ProductManager, Assignee: "S1AAA"},
		},
	}
	want := []string{
		`~ role tech-lead: "leads the tech" (was "leads")`,
		`+ role scrum-master: "runs Scrum"`,
		`- role designer`,
		`+ product-manager (workspace): S1AAA`,
		`~ product-owner in C1AAA: U9ZZZ (was U2BBB)`,
		`- designer (workspace): U3CCC`,
	}
	if diff := cmp.Diff(want, directory.Diff(old, next)); diff != "" {
		t.Errorf("Diff (-want +got):\n%s", diff)
	}
	if got := directory.Diff(next, next); len(got) != 0 {
		t.Errorf("Diff of a directory with itself = %v, want nothing", got)
	}
}
