package directory_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolecall/rolecall/internal/directory"
)

// assignments: alice is the workspace's PO, bob #payments' PO, the design
// group the workspace's PM, carol the scrum master of #payments only.
var assignments = []directory.Assignment{
	{Role: directory.ProductOwner, Assignee: "U0ALICE"},
	{Role: directory.ProductOwner, Channel: "C0PAY", Assignee: "U0BOB"},
	{Role: directory.ProductManager, Assignee: "S0DESIGN"},
	{Role: "scrum-master", Channel: "C0PAY", Assignee: "U0CAROL"},
}

func TestHolderPrefersTheChannelThenTheWorkspace(t *testing.T) {
	tests := []struct {
		name, role, channel string
		want                directory.Assignee
	}{
		{"a channel's own assignment applies in it", directory.ProductOwner, "C0PAY", "U0BOB"},
		{"the workspace's applies in another channel", directory.ProductOwner, "C0OTHER", "U0ALICE"},
		{"the workspace's applies where there is no channel", directory.ProductOwner, "", "U0ALICE"},
		{"a workspace-wide group applies in a channel", directory.ProductManager, "C0PAY", "S0DESIGN"},
		{"a channel-only role applies in its channel", "scrum-master", "C0PAY", "U0CAROL"},
		{"a channel-only role does not apply elsewhere", "scrum-master", "C0OTHER", ""},
		{"a role nobody holds has no holder", "tech-lead", "C0PAY", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := directory.Holder(assignments, tt.role, tt.channel)
			if a.Assignee != tt.want || ok != (tt.want != "") {
				t.Errorf("Holder(%s, %q) = %+v, %v; want %q", tt.role, tt.channel, a, ok, tt.want)
			}
		})
	}
}

func TestHoldersListsEveryRoleWithItsHolderOrNobody(t *testing.T) {
	c := team(t)
	got := directory.Holders(c, assignments, "C0PAY", directory.Role{})
	type row struct {
		Role     string
		Assignee directory.Assignee
		Channel  string
		Held     bool
	}
	var rows []row
	for _, h := range got {
		rows = append(rows, row{h.Role.Name, h.Assignee, h.Channel, h.Held()})
	}
	want := []row{
		{directory.ProductOwner, "U0BOB", "C0PAY", true},
		{directory.ProductManager, "S0DESIGN", "", true},
		{"scrum-master", "U0CAROL", "C0PAY", true},
		{"tech-lead", "", "", false},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("Holders in #C0PAY (-want +got):\n%s", diff)
	}
	t.Run("one role only when a role is asked about", func(t *testing.T) {
		po, _ := c.Resolve("po")
		got := directory.Holders(c, assignments, "C0OTHER", po)
		if len(got) != 1 || got[0].Assignee != "U0ALICE" {
			t.Errorf("Holders(po) = %+v", got)
		}
	})
}

func TestRolesOfListsAPersonsAssignments(t *testing.T) {
	want := []directory.Assignment{{Role: directory.ProductOwner, Channel: "C0PAY", Assignee: "U0BOB"}}
	if diff := cmp.Diff(want, directory.RolesOf(assignments, "U0BOB")); diff != "" {
		t.Errorf("RolesOf (-want +got):\n%s", diff)
	}
	if got := directory.RolesOf(assignments, "U0NOBODY"); len(got) != 0 {
		t.Errorf("RolesOf(nobody) = %v", got)
	}
}

func TestOwnerRolesNamesWhoseHoldersAnAnswerShows(t *testing.T) {
	tests := []struct {
		owner string
		want  []string
	}{
		{"product_owner", []string{directory.ProductOwner}},
		{"product_manager", []string{directory.ProductManager}},
		{"shared", []string{directory.ProductOwner, directory.ProductManager}},
		{"disputed", []string{directory.ProductOwner, directory.ProductManager}},
		{"unknown", nil},
	}
	for _, tt := range tests {
		t.Run("a "+tt.owner+" duty", func(t *testing.T) {
			if diff := cmp.Diff(tt.want, directory.OwnerRoles(tt.owner)); diff != "" {
				t.Errorf("OwnerRoles(%s) (-want +got):\n%s", tt.owner, diff)
			}
		})
	}
}

func TestAssigneeRendersAsAMention(t *testing.T) {
	for a, want := range map[directory.Assignee]string{"U0ALICE": "<@U0ALICE>", "W0BOB": "<@W0BOB>", "S0DESIGN": "<!subteam^S0DESIGN>"} {
		if got := a.Mention(); got != want {
			t.Errorf("%s.Mention() = %q, want %q", a, got, want)
		}
	}
	for _, bad := range []directory.Assignee{"", "U", "alice", "u0alice", "C0PAY", "U0AL ICE", "<@U0ALICE>"} {
		if bad.Valid() {
			t.Errorf("%q is valid", bad)
		}
	}
}

func TestChangeReadsAsOneLine(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		c    directory.Change
		want string
	}{
		{directory.Change{By: "U1", At: at, Op: directory.OpSet, Role: "product-owner", After: "U2"},
			"2026-11-23T10:00:00Z U1 set product-owner workspace-wide to U2"},
		{directory.Change{By: "U1", At: at, Op: directory.OpSet, Role: "product-owner", Channel: "C1", Before: "U3", After: "U2"},
			"2026-11-23T10:00:00Z U1 set product-owner in C1 to U2 (was U3)"},
		{directory.Change{By: "U1", At: at, Op: directory.OpUnset, Role: "product-owner", Before: "U3"},
			"2026-11-23T10:00:00Z U1 unset product-owner workspace-wide (was U3)"},
		{directory.Change{By: "U1", At: at, Op: directory.OpDefine, Role: "scrum-master", After: "runs Scrum"},
			`2026-11-23T10:00:00Z U1 defined scrum-master: "runs Scrum"`},
		{directory.Change{By: "cli:ops", At: at, Op: directory.OpImport, Before: "0 roles, 0 assignments", After: "1 role, 2 assignments"},
			"2026-11-23T10:00:00Z cli:ops imported the directory: 1 role, 2 assignments (was 0 roles, 0 assignments)"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
