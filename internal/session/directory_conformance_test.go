package session_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/redis/go-redis/v9"

	"github.com/rolecall/rolecall/internal/directory"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/session"
)

// The directory and curation records run the same suite against both
// backends, like the rest of the store (conformance_test.go).

func TestDirectoryRealRedis(t *testing.T)     { testDirectoryConformance(t, openRedis) }
func TestDirectoryEmbeddedStore(t *testing.T) { testDirectoryConformance(t, openEmbedded) }

func testDirectoryConformance(t *testing.T, open opener) {
	t.Run("Assignments", func(t *testing.T) { testAssignments(t, open) })
	t.Run("ExactlyOnce", func(t *testing.T) { testExactlyOnce(t, open) })
	t.Run("DirectoryConcurrency", func(t *testing.T) { testDirectoryConcurrency(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
	t.Run("Define", func(t *testing.T) { testDefine(t, open) })
	t.Run("Import", func(t *testing.T) { testImport(t, open) })
	t.Run("DirectoryErrors", func(t *testing.T) { testDirectoryErrors(t, open) })
	t.Run("Votes", func(t *testing.T) { testVotes(t, open) })
	t.Run("Comments", func(t *testing.T) { testComments(t, open) })
	t.Run("Gaps", func(t *testing.T) { testGaps(t, open) })
	t.Run("NoUserIDs", func(t *testing.T) { testNoUserIDs(t, open) })
	t.Run("CurationRoundTrips", func(t *testing.T) { testCurationRoundTrips(t, open) })
	t.Run("ClaimDirectory", func(t *testing.T) { testClaimDirectory(t, open) })
}

// origin is a change from U_CURATOR with a fresh id.
func origin(id string) session.Origin {
	return session.Origin{ID: id, User: "U0CURATOR", At: t0}
}

func mustAssign(t *testing.T, s *session.Store, team, id string, a directory.Assignment) directory.Change {
	t.Helper()
	c, applied, err := s.Assign(context.Background(), team, origin(id), a)
	if err != nil {
		t.Fatalf("Assign %+v: %v", a, err)
	}
	if !applied {
		t.Fatalf("Assign %+v with a new change id %s was not applied", a, id)
	}
	return c
}

func mustDirectory(t *testing.T, s *session.Store, team string) directory.Snapshot {
	t.Helper()
	snap, err := s.Directory(context.Background(), team)
	if err != nil {
		t.Fatalf("Directory: %v", err)
	}
	return snap
}

func testAssignments(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	po := directory.ProductOwner
	mustAssign(t, s, "T1", "Ev1", directory.Assignment{Role: po, Assignee: "U0ALICE1"})
	mustAssign(t, s, "T1", "Ev2", directory.Assignment{Role: po, Channel: "C0PAY", Assignee: "U0BOB22"})
	mustAssign(t, s, "T1", "Ev3", directory.Assignment{Role: directory.ProductManager, Assignee: "S0DESIGN"})

	t.Run("the directory reads back every assignment in export order", func(t *testing.T) {
		want := directory.Snapshot{Assignments: []directory.Assignment{
			{Role: po, Assignee: "U0ALICE1"},
			{Role: po, Channel: "C0PAY", Assignee: "U0BOB22"},
			{Role: directory.ProductManager, Assignee: "S0DESIGN"},
		}}
		directory.SortAssignments(want.Assignments)
		if diff := cmp.Diff(want, mustDirectory(t, s, "T1"), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Directory (-want +got):\n%s", diff)
		}
	})
	t.Run("a channel's assignment applies there and the workspace's elsewhere", func(t *testing.T) {
		as := mustDirectory(t, s, "T1").Assignments
		for channel, want := range map[string]directory.Assignee{"C0PAY": "U0BOB22", "C0OTHER": "U0ALICE1", "": "U0ALICE1"} {
			if a, ok := directory.Holder(as, po, channel); !ok || a.Assignee != want {
				t.Errorf("Holder(po, %q) = %+v, %v; want %s", channel, a, ok, want)
			}
		}
	})
	t.Run("a new set replaces the holder and says who held it before", func(t *testing.T) {
		c := mustAssign(t, s, "T1", "Ev4", directory.Assignment{Role: po, Assignee: "U0CAROL3"})
		if c.Before != "U0ALICE1" || c.After != "U0CAROL3" || c.Op != directory.OpSet {
			t.Errorf("change = %+v, want set from U0ALICE1 to U0CAROL3", c)
		}
	})
	t.Run("unset of a channel's assignment brings back the workspace's there", func(t *testing.T) {
		c, applied, err := s.Unassign(ctx, "T1", origin("Ev5"), po, "C0PAY")
		if err != nil || !applied || c.Before != "U0BOB22" || c.After != "" {
			t.Fatalf("Unassign = %+v, %v, %v; want applied, before U0BOB22", c, applied, err)
		}
		if a, _ := directory.Holder(mustDirectory(t, s, "T1").Assignments, po, "C0PAY"); a.Assignee != "U0CAROL3" {
			t.Errorf("after unset, #C0PAY's product owner is %q, want the workspace's U0CAROL3", a.Assignee)
		}
	})
	t.Run("unset of a role nobody holds is a no-op, not an error", func(t *testing.T) {
		c, applied, err := s.Unassign(ctx, "T1", origin("Ev6"), "scrum-master", "")
		if err != nil || !applied || !c.Noop() {
			t.Errorf("Unassign of nothing = %+v, %v, %v; want an applied no-op", c, applied, err)
		}
	})
	t.Run("another team's directory is separate", func(t *testing.T) {
		if snap := mustDirectory(t, s, "T2"); len(snap.Assignments)+len(snap.Roles) != 0 {
			t.Errorf("Directory(T2) = %+v, want empty", snap)
		}
	})
	t.Run("the keys are the documented ones under the team's hash tag", func(t *testing.T) {
		got, err := s.Raw().HGetAll(ctx, s.TeamKey("T1", "roles", "assigned")).Result()
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{po: "U0CAROL3", directory.ProductManager: "S0DESIGN"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", s.TeamKey("T1", "roles", "assigned"), diff)
		}
	})
}

func testExactlyOnce(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	a := directory.Assignment{Role: directory.ProductOwner, Assignee: "U0ALICE1"}
	first := mustAssign(t, s, "T1", "Ev1", a)

	t.Run("a redelivered change is not applied again and returns the first application", func(t *testing.T) {
		again, applied, err := s.Assign(ctx, "T1", origin("Ev1"), a)
		if err != nil || applied {
			t.Fatalf("redelivery = %v, %v; want not applied, no error", applied, err)
		}
		if diff := cmp.Diff(first, again); diff != "" {
			t.Errorf("redelivery's change (-first +again):\n%s", diff)
		}
		if h, _ := s.History(ctx, "T1", 10); len(h) != 1 {
			t.Errorf("history has %d changes, want 1", len(h))
		}
	})
	t.Run("a different change under a used id is not applied", func(t *testing.T) {
		_, applied, err := s.Assign(ctx, "T1", origin("Ev1"), directory.Assignment{Role: directory.ProductOwner, Assignee: "U0MALLORY"})
		if err != nil || applied {
			t.Fatalf("reused id = %v, %v; want not applied", applied, err)
		}
		if got, _ := directory.Holder(mustDirectory(t, s, "T1").Assignments, directory.ProductOwner, ""); got.Assignee != "U0ALICE1" {
			t.Errorf("holder %s, want U0ALICE1", got.Assignee)
		}
	})
	t.Run("the change id is remembered for the change window", func(t *testing.T) {
		d, err := s.Raw().PTTL(ctx, s.TeamKey("T1", "roles", "change", "Ev1")).Result()
		if err != nil {
			t.Fatal(err)
		}
		if d < session.ChangeWindow-time.Minute || d > session.ChangeWindow {
			t.Errorf("guard TTL %v, want just under %v", d, session.ChangeWindow)
		}
	})
	t.Run("the same id in another team is another change", func(t *testing.T) {
		mustAssign(t, s, "T2", "Ev1", a)
	})
	t.Run("a redelivered unset and define apply once too", func(t *testing.T) {
		for i := range 2 {
			_, applied, err := s.Unassign(ctx, "T3", origin("Ev-unset"), directory.ProductOwner, "")
			if err != nil || applied != (i == 0) {
				t.Errorf("unset delivery %d: applied %v, %v", i+1, applied, err)
			}
			_, applied, err = s.DefineRole(ctx, "T3", origin("Ev-define"), directory.Role{Name: "scrum-master", Description: "runs the Scrum events"})
			if err != nil || applied != (i == 0) {
				t.Errorf("define delivery %d: applied %v, %v", i+1, applied, err)
			}
		}
	})
}

func testDirectoryConcurrency(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	const n = 20
	run := func(f func(i int)) {
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				f(i)
			}()
		}
		close(start)
		wg.Wait()
	}

	t.Run("instances applying the same change at once apply it once", func(t *testing.T) {
		applied := make([]bool, n)
		changes := make([]directory.Change, n)
		errs := make([]error, n)
		run(func(i int) {
			// Each "instance" saw the same delivery, with its own clock.
			o := session.Origin{ID: "Ev-same", User: "U0CURATOR", At: t0.Add(time.Duration(i) * time.Millisecond)}
			changes[i], applied[i], errs[i] = s.Assign(ctx, "T1", o, directory.Assignment{Role: directory.ProductOwner, Assignee: "U0ALICE1"})
		})
		won := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("instance %d: %v", i, errs[i])
			}
			if applied[i] {
				won++
			}
			if diff := cmp.Diff(changes[0], changes[i]); diff != "" {
				t.Errorf("instance %d saw another change (-0 +%d):\n%s", i, i, diff)
			}
		}
		if won != 1 {
			t.Errorf("%d instances applied the change, want 1", won)
		}
		if h, _ := s.History(ctx, "T1", session.AuditCap); len(h) != 1 {
			t.Errorf("history has %d records, want 1", len(h))
		}
	})
	t.Run("different changes at once are all applied and all audited", func(t *testing.T) {
		errs := make([]error, n)
		run(func(i int) {
			_, _, errs[i] = s.Assign(ctx, "T2", origin(fmt.Sprint("Ev-", i)),
				directory.Assignment{Role: directory.ProductOwner, Channel: fmt.Sprintf("C%03d", i), Assignee: directory.Assignee(fmt.Sprintf("U%03d", i))})
		})
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if got := len(mustDirectory(t, s, "T2").Assignments); got != n {
			t.Errorf("%d assignments, want %d", got, n)
		}
		h, err := s.History(ctx, "T2", session.AuditCap)
		if err != nil || len(h) != n {
			t.Errorf("history has %d records (%v), want %d", len(h), err, n)
		}
	})
	t.Run("different changes to the same role at once leave one holder and audit every step", func(t *testing.T) {
		run(func(i int) {
			_, _, _ = s.Assign(ctx, "T3", origin(fmt.Sprint("Ev-", i)),
				directory.Assignment{Role: directory.ProductOwner, Assignee: directory.Assignee(fmt.Sprintf("U%03d", i))})
		})
		h, err := s.History(ctx, "T3", session.AuditCap)
		if err != nil || len(h) != n {
			t.Fatalf("history has %d records (%v), want %d", len(h), err, n)
		}
		// Each record's before is the previous record's after: no step lost.
		for i := len(h) - 1; i > 0; i-- {
			if h[i-1].Before != h[i].After {
				t.Errorf("record %d starts from %q but record %d ended at %q", i-1, h[i-1].Before, i, h[i].After)
			}
		}
		if h[len(h)-1].Before != "" {
			t.Errorf("the first record's before is %q, want none", h[len(h)-1].Before)
		}
	})
}

func testAudit(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	const n = session.AuditCap + 5
	for i := range n {
		mustAssign(t, s, "T1", fmt.Sprint("Ev", i), directory.Assignment{Role: directory.ProductOwner, Assignee: directory.Assignee(fmt.Sprintf("U%04d", i))})
	}
	t.Run("the audit keeps the newest AuditCap changes", func(t *testing.T) {
		l, err := s.Raw().LLen(ctx, s.TeamKey("T1", "roles", "audit")).Result()
		if err != nil || l != session.AuditCap {
			t.Errorf("LLEN = %d, %v; want %d", l, err, session.AuditCap)
		}
	})
	t.Run("history returns the newest first with who, when and what", func(t *testing.T) {
		h, err := s.History(ctx, "T1", directory.HistoryLen)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != directory.HistoryLen {
			t.Fatalf("%d changes, want %d", len(h), directory.HistoryLen)
		}
		want := directory.Change{ID: fmt.Sprint("Ev", n-1), By: "U0CURATOR", At: t0, Op: directory.OpSet,
			Role: directory.ProductOwner, Before: fmt.Sprintf("U%04d", n-2), After: fmt.Sprintf("U%04d", n-1)}
		if diff := cmp.Diff(want, h[0]); diff != "" {
			t.Errorf("newest change (-want +got):\n%s", diff)
		}
		if h[1].ID != fmt.Sprint("Ev", n-2) {
			t.Errorf("second change %s, want Ev%d", h[1].ID, n-2)
		}
	})
	t.Run("history asks for at most what is kept", func(t *testing.T) {
		h, err := s.History(ctx, "T1", 10*session.AuditCap)
		if err != nil || len(h) != session.AuditCap {
			t.Errorf("History(5000) = %d changes, %v; want %d", len(h), err, session.AuditCap)
		}
	})
	t.Run("a set to the current holder is not audited", func(t *testing.T) {
		c := mustAssign(t, s, "T2", "Ev-a", directory.Assignment{Role: directory.ProductOwner, Assignee: "U0ALICE1"})
		c2 := mustAssign(t, s, "T2", "Ev-b", directory.Assignment{Role: directory.ProductOwner, Assignee: "U0ALICE1"})
		if c.Noop() || !c2.Noop() {
			t.Errorf("Noop = %v then %v, want false then true", c.Noop(), c2.Noop())
		}
		if h, _ := s.History(ctx, "T2", 10); len(h) != 1 {
			t.Errorf("history has %d changes, want 1", len(h))
		}
	})
	t.Run("history of a team without changes is empty", func(t *testing.T) {
		if h, err := s.History(ctx, "T9", 20); err != nil || len(h) != 0 {
			t.Errorf("History = %v, %v; want empty", h, err)
		}
	})
}

func testDefine(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	sm := directory.Role{Name: "scrum-master", Description: "facilitates the Scrum events", Spellings: []string{"SM"}}
	c, applied, err := s.DefineRole(ctx, "T1", origin("Ev1"), sm)
	if err != nil || !applied {
		t.Fatalf("DefineRole = %v, %v", applied, err)
	}
	t.Run("a defined role reads back and joins the team's catalogue", func(t *testing.T) {
		snap := mustDirectory(t, s, "T1")
		if diff := cmp.Diff([]directory.Role{sm}, snap.Roles); diff != "" {
			t.Errorf("Roles (-want +got):\n%s", diff)
		}
		cat, err := snap.Catalog()
		if err != nil {
			t.Fatal(err)
		}
		if r, ok := cat.Resolve("Scrum Master"); !ok || r.Name != "scrum-master" {
			t.Errorf("Resolve(Scrum Master) = %+v, %v", r, ok)
		}
		if c.After != "facilitates the Scrum events (aka SM)" || c.Before != "" {
			t.Errorf("change = %+v", c)
		}
	})
	t.Run("redefining a role records the old description", func(t *testing.T) {
		c, _, err := s.DefineRole(ctx, "T1", origin("Ev2"), directory.Role{Name: "scrum-master", Description: "coaches the team in Scrum"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Before != "facilitates the Scrum events (aka SM)" || c.After != "coaches the team in Scrum" {
			t.Errorf("change = %+v", c)
		}
	})
	t.Run("any text in a description survives the script's JSON both ways", func(t *testing.T) {
		for i, text := range trickyTexts {
			r := directory.Role{Name: "tricky", Description: text, Spellings: []string{text}}
			c, _, err := s.DefineRole(ctx, "T3", origin(fmt.Sprint("Ev-tricky-", i)), r)
			if err != nil {
				t.Fatalf("DefineRole(%q): %v", text, err)
			}
			if want := text + " (aka " + text + ")"; c.After != want {
				t.Errorf("change after = %q, want %q", c.After, want)
			}
			snap := mustDirectory(t, s, "T3")
			if diff := cmp.Diff([]directory.Role{r}, snap.Roles); diff != "" {
				t.Errorf("Roles (-want +got):\n%s", diff)
			}
			h, err := s.History(ctx, "T3", 1)
			if err != nil || len(h) != 1 || h[0].After != c.After {
				t.Errorf("History = %+v, %v; want the change just made", h, err)
			}
			if i > 0 && h[0].Before != trickyTexts[i-1]+" (aka "+trickyTexts[i-1]+")" {
				t.Errorf("before = %q, want the previous text", h[0].Before)
			}
		}
	})
	t.Run("a team may define at most MaxDefinedRoles roles", func(t *testing.T) {
		for i := range directory.MaxDefinedRoles {
			if _, _, err := s.DefineRole(ctx, "T2", origin(fmt.Sprint("Ev", i)), directory.Role{Name: fmt.Sprintf("role-%d", i), Description: "does things"}); err != nil {
				t.Fatalf("role %d: %v", i, err)
			}
		}
		_, applied, err := s.DefineRole(ctx, "T2", origin("Ev-more"), directory.Role{Name: "one-more", Description: "does things"})
		if !errors.Is(err, directory.ErrDefinition) || applied {
			t.Fatalf("one more role = %v, %v; want ErrDefinition", applied, err)
		}
		if msg, ok := directory.Message(err); !ok || !strings.Contains(msg, "most") {
			t.Errorf("Message = %q, %v", msg, ok)
		}
		// Redefining one of them is still allowed.
		if _, _, err := s.DefineRole(ctx, "T2", origin("Ev-re"), directory.Role{Name: "role-1", Description: "does other things"}); err != nil {
			t.Errorf("redefinition at the limit: %v", err)
		}
	})
}

// trickyTexts are strings that JSON encoders (Go's, Redis's cjson and the
// embedded server's) might treat differently.
var trickyTexts = []string{
	"plain", `quote " and \ backslash`, "slash / and </script>", "é漢字🙂 and \u2028  ", `{"text":"json"}`,
	"tab\there", "100% & <b>", "emoji 👩‍💻 with a joiner", "nul\u0000", "1e400",
}

func testImport(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	mustAssign(t, s, "T1", "Ev1", directory.Assignment{Role: directory.ProductOwner, Assignee: "U0OLD"})
	mustAssign(t, s, "T1", "Ev2", directory.Assignment{Role: directory.ProductOwner, Channel: "C0OLD", Assignee: "U0OLD"})
	next := directory.Snapshot{
		Roles: []directory.Role{{Name: "scrum-master", Description: "facilitates the Scrum events", Spellings: []string{"SM"}}},
		Assignments: []directory.Assignment{
			{Role: directory.ProductManager, Assignee: "S0DESIGN"},
			{Role: "scrum-master", Channel: "C0PAY", Assignee: "U0ALICE1"},
		},
	}
	c, applied, err := s.ImportDirectory(ctx, "T1", session.Origin{ID: "import-1", User: "cli:ops"}, next)
	if err != nil || !applied {
		t.Fatalf("ImportDirectory = %v, %v", applied, err)
	}
	t.Run("an import replaces the whole directory", func(t *testing.T) {
		if diff := cmp.Diff(next, mustDirectory(t, s, "T1")); diff != "" {
			t.Errorf("Directory after import (-want +got):\n%s", diff)
		}
	})
	t.Run("an import is one audited change that summarises both sides", func(t *testing.T) {
		if c.Op != directory.OpImport || c.Before != "0 roles, 2 assignments" || c.After != "1 role, 2 assignments" || c.By != "cli:ops" {
			t.Errorf("change = %+v", c)
		}
		h, _ := s.History(ctx, "T1", 1)
		if len(h) != 1 || h[0].ID != "import-1" {
			t.Errorf("newest history = %+v", h)
		}
	})
	t.Run("a repeated import applies once", func(t *testing.T) {
		_, applied, err := s.ImportDirectory(ctx, "T1", session.Origin{ID: "import-1", User: "cli:ops"}, directory.Snapshot{})
		if err != nil || applied {
			t.Errorf("repeat = %v, %v; want not applied", applied, err)
		}
		if got := mustDirectory(t, s, "T1"); len(got.Assignments) != 2 {
			t.Errorf("the repeat changed the directory: %+v", got)
		}
	})
	t.Run("an empty import empties the directory", func(t *testing.T) {
		if _, _, err := s.ImportDirectory(ctx, "T1", session.Origin{ID: "import-2", User: "cli:ops"}, directory.Snapshot{}); err != nil {
			t.Fatal(err)
		}
		if got := mustDirectory(t, s, "T1"); len(got.Assignments)+len(got.Roles) != 0 {
			t.Errorf("Directory = %+v, want empty", got)
		}
	})
	t.Run("an import with a malformed id writes nothing", func(t *testing.T) {
		bad := next
		bad.Assignments = append([]directory.Assignment{{Role: directory.ProductOwner, Assignee: "alice"}}, next.Assignments...)
		if _, _, err := s.ImportDirectory(ctx, "T1", session.Origin{ID: "import-3", User: "cli:ops"}, bad); err == nil {
			t.Fatal("no error")
		}
		if got := mustDirectory(t, s, "T1"); len(got.Assignments)+len(got.Roles) != 0 {
			t.Errorf("Directory = %+v, want still empty", got)
		}
	})
}

func testDirectoryErrors(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	po := directory.Assignment{Role: directory.ProductOwner, Assignee: "U0ALICE1"}
	tests := []struct {
		name string
		call func() error
	}{
		{"a change without an id is refused", func() error {
			_, _, err := s.Assign(ctx, "T1", session.Origin{User: "U1"}, po)
			return err
		}},
		{"a change without a user is refused", func() error {
			_, _, err := s.Assign(ctx, "T1", session.Origin{ID: "Ev1"}, po)
			return err
		}},
		{"a change id with a brace is refused", func() error {
			_, _, err := s.Assign(ctx, "T1", session.Origin{ID: "Ev{1}", User: "U1"}, po)
			return err
		}},
		{"a malformed role name is refused", func() error {
			_, _, err := s.Assign(ctx, "T1", origin("Ev1"), directory.Assignment{Role: "Product Owner", Assignee: "U0ALICE1"})
			return err
		}},
		{"an assignee that is not an id is refused", func() error {
			_, _, err := s.Assign(ctx, "T1", origin("Ev1"), directory.Assignment{Role: directory.ProductOwner, Assignee: "@alice"})
			return err
		}},
		{"a channel that is not an id is refused", func() error {
			_, _, err := s.Unassign(ctx, "T1", origin("Ev1"), directory.ProductOwner, "#payments")
			return err
		}},
		{"a built-in role cannot be defined", func() error {
			_, _, err := s.DefineRole(ctx, "T1", origin("Ev1"), directory.Role{Name: "product-owner", Description: "x y z", Builtin: true})
			return err
		}},
		{"a team with a brace is refused", func() error {
			_, err := s.Directory(ctx, "T{1}")
			return err
		}},
		{"an entry id that is not one is refused", func() error {
			_, err := s.Vote(ctx, "T1", "../../etc", "U1", true)
			return err
		}},
		{"a closest entry that is not one is refused", func() error {
			return s.RecordGap(ctx, "T1", "who owns qa", "Not An Id")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if err == nil {
				t.Fatal("no error")
			}
			for _, sentinel := range []error{session.ErrNotFound, session.ErrStale, session.ErrUnavailable} {
				if errors.Is(err, sentinel) {
					t.Errorf("errors.Is(%v, %v) = true for a caller's mistake", err, sentinel)
				}
			}
			if !strings.HasPrefix(err.Error(), "session: ") {
				t.Errorf("error %q does not say where it comes from", err)
			}
		})
	}
	t.Run("nothing was written by the refused calls", func(t *testing.T) {
		if h, _ := s.History(ctx, "T1", 10); len(h) != 0 {
			t.Errorf("history = %v", h)
		}
	})
}

// TestDirectoryUnavailable cuts the store off a real Redis: every directory
// call fails with ErrUnavailable, and works again once Redis is back.
func TestDirectoryUnavailable(t *testing.T) {
	proxy := redistest.NewProxy(t, redistest.Addr(t))
	s := openRedis(t, session.Config{URL: proxy.URL(), Timeout: 300 * time.Millisecond})
	ctx := context.Background()
	mustAssign(t, s, "T1", "Ev1", directory.Assignment{Role: directory.ProductOwner, Assignee: "U0ALICE1"})
	proxy.Stop()
	calls := map[string]func() error{
		"assign": func() error {
			_, _, err := s.Assign(ctx, "T1", origin("Ev2"), directory.Assignment{Role: directory.ProductOwner, Assignee: "U0BOB22"})
			return err
		},
		"directory": func() error { _, err := s.Directory(ctx, "T1"); return err },
		"history":   func() error { _, err := s.History(ctx, "T1", 20); return err },
		"vote":      func() error { _, err := s.Vote(ctx, "T1", "backlog", "U1", true); return err },
		"gap":       func() error { return s.RecordGap(ctx, "T1", "who owns qa", "") },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, session.ErrUnavailable) {
			t.Errorf("%s with Redis away = %v, want ErrUnavailable", name, err)
		}
	}
	proxy.Start()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, applied, err := s.Assign(ctx, "T1", origin("Ev2"), directory.Assignment{Role: directory.ProductOwner, Assignee: "U0BOB22"})
		if err == nil {
			if !applied {
				t.Error("the change that failed while Redis was away counts as applied")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Assign 5 s after Redis came back: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func testVotes(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	vote := func(t *testing.T, user string, up bool, want session.Tally) {
		t.Helper()
		got, err := s.Vote(ctx, "T1", "backlog", user, up)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("Vote(%s, up=%v) = %+v, want %+v", user, up, got, want)
		}
	}
	t.Run("a second click of the same vote does not add", func(t *testing.T) {
		vote(t, "U0ALICE1", true, session.Tally{Up: 1})
		vote(t, "U0ALICE1", true, session.Tally{Up: 1})
	})
	t.Run("a click of the other vote changes the person's vote", func(t *testing.T) {
		vote(t, "U0ALICE1", false, session.Tally{Down: 1})
		vote(t, "U0ALICE1", false, session.Tally{Down: 1})
	})
	t.Run("another person's vote counts", func(t *testing.T) {
		vote(t, "U0BOB22", true, session.Tally{Up: 1, Down: 1})
	})
	t.Run("votes read back and are separate per entry", func(t *testing.T) {
		if got, err := s.Votes(ctx, "T1", "backlog"); err != nil || got != (session.Tally{Up: 1, Down: 1}) {
			t.Errorf("Votes(backlog) = %+v, %v", got, err)
		}
		if got, err := s.Votes(ctx, "T1", "roadmap"); err != nil || got != (session.Tally{}) {
			t.Errorf("Votes(roadmap) = %+v, %v; want zero", got, err)
		}
	})
	t.Run("one person clicking fast on two instances still counts once", func(t *testing.T) {
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.Vote(ctx, "T2", "vision", "U0CAROL3", i%2 == 0); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got, _ := s.Votes(ctx, "T2", "vision"); got.Up+got.Down != 1 {
			t.Errorf("Votes = %+v, want one vote", got)
		}
	})
	t.Run("the votes expire after their retention", func(t *testing.T) {
		d, err := s.Raw().PTTL(ctx, s.TeamKey("T1", "votes", "backlog")).Result()
		if err != nil || d < session.VoteRetention-time.Minute || d > session.VoteRetention {
			t.Errorf("PTTL = %v, %v; want just under %v", d, err, session.VoteRetention)
		}
	})
	t.Run("the answers with the most 👎 come first, with their comments", func(t *testing.T) {
		for i, u := range []string{"U0A1", "U0A2", "U0A3"} {
			if _, err := s.Vote(ctx, "T1", "roadmap", u, false); err != nil {
				t.Fatal(err)
			}
			if i < 2 {
				if err := s.AddComment(ctx, "T1", "roadmap", fmt.Sprint("wrong ", i)); err != nil {
					t.Fatal(err)
				}
			}
		}
		got, err := s.MostDownvoted(ctx, "T1", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Entry != "roadmap" || got[0].Down != 3 || got[1].Entry != "backlog" || got[1].Down != 1 {
			t.Fatalf("MostDownvoted = %+v, want roadmap (3) then backlog (1)", got)
		}
		if len(got[0].Comments) != 2 || got[0].Comments[0].Text != "wrong 1" {
			t.Errorf("comments = %+v, want the two, newest first", got[0].Comments)
		}
	})
	t.Run("an answer whose 👎 was taken back leaves the ranking", func(t *testing.T) {
		if _, err := s.Vote(ctx, "T1", "backlog", "U0ALICE1", true); err != nil {
			t.Fatal(err)
		}
		got, _ := s.MostDownvoted(ctx, "T1", 10)
		for _, d := range got {
			if d.Entry == "backlog" {
				t.Errorf("backlog still ranked: %+v", d)
			}
		}
	})
}

func testComments(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	t.Run("a comment is kept on one line with people's mentions replaced", func(t *testing.T) {
		if err := s.AddComment(ctx, "T1", "backlog", "  ask <@U0ALICE1|alice>\n\tor U0BOB2222,\x00 she knows  "); err != nil {
			t.Fatal(err)
		}
		got, err := s.Comments(ctx, "T1", "backlog", 5)
		if err != nil || len(got) != 1 {
			t.Fatalf("Comments = %v, %v", got, err)
		}
		if want := "ask @someone or @someone, she knows"; got[0].Text != want {
			t.Errorf("text = %q, want %q", got[0].Text, want)
		}
	})
	t.Run("a long comment is cut", func(t *testing.T) {
		if err := s.AddComment(ctx, "T1", "roadmap", strings.Repeat("word ", 300)); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Comments(ctx, "T1", "roadmap", 1)
		if n := len([]rune(got[0].Text)); n > session.CommentMax || !strings.HasSuffix(got[0].Text, "…") {
			t.Errorf("%d characters ending %q; want at most %d ending with …", n, got[0].Text[len(got[0].Text)-10:], session.CommentMax)
		}
	})
	t.Run("an entry keeps its newest CommentsPerEntry comments", func(t *testing.T) {
		for i := range session.CommentsPerEntry + 5 {
			if err := s.AddComment(ctx, "T1", "vision", fmt.Sprint("comment ", i)); err != nil {
				t.Fatal(err)
			}
		}
		l, _ := s.Raw().LLen(ctx, s.TeamKey("T1", "comments", "vision")).Result()
		if l != session.CommentsPerEntry {
			t.Errorf("LLEN = %d, want %d", l, session.CommentsPerEntry)
		}
		got, _ := s.Comments(ctx, "T1", "vision", 100)
		if len(got) != session.CommentsPerEntry || got[0].Text != fmt.Sprint("comment ", session.CommentsPerEntry+4) {
			t.Errorf("Comments = %d, first %+v", len(got), got[0])
		}
	})
	t.Run("comments expire after their retention", func(t *testing.T) {
		d, err := s.Raw().PTTL(ctx, s.TeamKey("T1", "comments", "vision")).Result()
		if err != nil || d < session.CommentRetention-time.Minute || d > session.CommentRetention {
			t.Errorf("PTTL = %v, %v; want just under %v", d, err, session.CommentRetention)
		}
		old := fmt.Sprintf(`{"v":1,"text":"stale","at":%q}`, time.Now().Add(-session.CommentRetention-time.Hour).UTC().Format(time.RFC3339))
		if err := s.Raw().RPush(ctx, s.TeamKey("T1", "comments", "stale"), old).Err(); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Comments(ctx, "T1", "stale", 5); err != nil || len(got) != 0 {
			t.Errorf("a comment older than the retention = %v, %v; want none", got, err)
		}
	})
	t.Run("a comment with nothing in it is not kept", func(t *testing.T) {
		if err := s.AddComment(ctx, "T1", "empty", " \n\t "); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.Raw().Exists(ctx, s.TeamKey("T1", "comments", "empty")).Result(); n != 0 {
			t.Error("an empty comment was stored")
		}
	})
}

func testGaps(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	for _, q := range []string{"Who owns QA?", "who  owns qa", "<@U0ALICE1> who owns QA ??"} {
		if err := s.RecordGap(ctx, "T1", q, "quality"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RecordGap(ctx, "T1", "what's for lunch", ""); err != nil {
		t.Fatal(err)
	}
	t.Run("a question asked three times in three forms counts three", func(t *testing.T) {
		got, err := s.Gaps(ctx, "T1", 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []session.Gap{{Question: "who owns qa", Count: 3, Closest: "quality"}, {Question: "what's for lunch", Count: 1}}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(session.Gap{}, "LastAsked")); diff != "" {
			t.Errorf("Gaps (-want +got):\n%s", diff)
		}
	})
	t.Run("a question keeps the closest entry it was last given", func(t *testing.T) {
		if err := s.RecordGap(ctx, "T2", "who owns QA?", "quality"); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := s.RecordGap(ctx, "T2", "Who owns QA", ""); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.RecordGap(ctx, "T2", "what's for lunch", ""); err != nil {
			t.Fatal(err)
		}
		got, err := s.Gaps(ctx, "T2", 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []session.Gap{{Question: "who owns qa", Count: 3, Closest: "quality"}, {Question: "what's for lunch", Count: 1}}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(session.Gap{}, "LastAsked")); diff != "" {
			t.Errorf("Gaps (-want +got):\n%s", diff)
		}
		if time.Since(got[0].LastAsked) > time.Minute {
			t.Errorf("LastAsked = %v, want about now", got[0].LastAsked)
		}
	})
	t.Run("the team keeps GapsCap questions, dropping the least recently asked", func(t *testing.T) {
		for i := range session.GapsCap + 10 {
			if err := s.RecordGap(ctx, "T3", fmt.Sprint("question number ", i), ""); err != nil {
				t.Fatal(err)
			}
		}
		for _, k := range []string{s.TeamKey("T3", "gaps"), s.TeamKey("T3", "gaps", "seen")} {
			if n, _ := s.Raw().ZCard(ctx, k).Result(); n != session.GapsCap {
				t.Errorf("ZCARD %s = %d, want %d", k, n, session.GapsCap)
			}
		}
	})
	t.Run("a question not asked within the retention is dropped", func(t *testing.T) {
		old := float64(time.Now().Add(-session.GapRetention - time.Hour).UnixMilli())
		rdb := s.Raw()
		if err := rdb.ZAdd(ctx, s.TeamKey("T4", "gaps"), redisZ(5, "stale question")).Err(); err != nil {
			t.Fatal(err)
		}
		if err := rdb.ZAdd(ctx, s.TeamKey("T4", "gaps", "seen"), redisZ(old, "stale question")).Err(); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Gaps(ctx, "T4", 10); len(got) != 0 {
			t.Errorf("Gaps before any write = %+v, want the stale one hidden", got)
		}
		if err := s.RecordGap(ctx, "T4", "fresh question", ""); err != nil {
			t.Fatal(err)
		}
		if n, _ := rdb.ZScore(ctx, s.TeamKey("T4", "gaps"), "stale question").Result(); n != 0 {
			t.Errorf("the stale question is still counted (%v)", n)
		}
		d, err := rdb.PTTL(ctx, s.TeamKey("T4", "gaps")).Result()
		if err != nil || d < session.GapRetention-time.Minute || d > session.GapRetention {
			t.Errorf("PTTL = %v, %v; want just under %v", d, err, session.GapRetention)
		}
	})
	t.Run("an empty question is not counted", func(t *testing.T) {
		if err := s.RecordGap(ctx, "T5", " ?? ", ""); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Gaps(ctx, "T5", 10); len(got) != 0 {
			t.Errorf("Gaps = %+v", got)
		}
	})
}

func redisZ(score float64, member string) redis.Z { return redis.Z{Score: score, Member: member} }

// testNoUserIDs reads every key and value the curation records wrote and
// finds no user id in them.
func testNoUserIDs(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	const voter = "U0SECRET7"
	if _, err := s.Vote(ctx, "T1", "backlog", voter, false); err != nil {
		t.Fatal(err)
	}
	if err := s.AddComment(ctx, "T1", "backlog", "ask <@U0SECRET7> instead"); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordGap(ctx, "T1", "does U0SECRET7 own qa?", "quality"); err != nil {
		t.Fatal(err)
	}
	rdb := s.Raw()
	var dump strings.Builder
	keys, err := rdb.Keys(ctx, s.TeamKey("T1", "*")).Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < 5 {
		t.Fatalf("only %d keys: %v", len(keys), keys)
	}
	for _, k := range keys {
		dump.WriteString(k + "\n")
		switch typ := rdb.Type(ctx, k).Val(); typ {
		case "hash":
			for f, v := range rdb.HGetAll(ctx, k).Val() {
				dump.WriteString(f + "=" + v + "\n")
			}
		case "list":
			dump.WriteString(strings.Join(rdb.LRange(ctx, k, 0, -1).Val(), "\n"))
		case "zset":
			dump.WriteString(strings.Join(rdb.ZRange(ctx, k, 0, -1).Val(), "\n"))
		case "string":
			dump.WriteString(rdb.Get(ctx, k).Val())
		}
	}
	if strings.Contains(dump.String(), voter) {
		t.Errorf("a user id is stored:\n%s", dump.String())
	}
	if !strings.Contains(dump.String(), "h:") {
		t.Errorf("no hashed voter found:\n%s", dump.String())
	}
}

func testCurationRoundTrips(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	// Warm up: a script's first run on a fresh server is EVALSHA, NOSCRIPT,
	// EVAL; a new connection's handshake counts too.
	mustAssign(t, s, "T1", "warm-1", directory.Assignment{Role: directory.ProductOwner, Assignee: "U0ALICE1"})
	if _, _, err := s.ImportDirectory(ctx, "T9", origin("warm-2"), directory.Snapshot{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Vote(ctx, "T1", "backlog", "U1", false); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordGap(ctx, "T1", "warm", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Gaps(ctx, "T1", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Directory(ctx, "T1"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddComment(ctx, "T1", "backlog", "warm"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		want int64
		call func() error
	}{
		{"assign is one round trip", 1, func() error {
			_, _, err := s.Assign(ctx, "T1", origin("Ev1"), directory.Assignment{Role: directory.ProductOwner, Assignee: "U0BOB22"})
			return err
		}},
		{"a redelivered assign is one round trip", 1, func() error {
			_, _, err := s.Assign(ctx, "T1", origin("Ev1"), directory.Assignment{Role: directory.ProductOwner, Assignee: "U0BOB22"})
			return err
		}},
		{"unassign is one round trip", 1, func() error {
			_, _, err := s.Unassign(ctx, "T1", origin("Ev2"), directory.ProductOwner, "")
			return err
		}},
		{"define is one round trip", 1, func() error {
			_, _, err := s.DefineRole(ctx, "T1", origin("Ev3"), directory.Role{Name: "scrum-master", Description: "runs the events"})
			return err
		}},
		{"an import is one round trip", 1, func() error {
			_, _, err := s.ImportDirectory(ctx, "T1", origin("Ev4"), directory.Snapshot{Assignments: []directory.Assignment{{Role: directory.ProductOwner, Assignee: "U0ALICE1"}}})
			return err
		}},
		{"reading the directory is one round trip", 1, func() error { _, err := s.Directory(ctx, "T1"); return err }},
		{"a claim with the directory is one round trip", 1, func() error {
			_, _, dirErr, err := s.ClaimDirectory(ctx, "T1", "Ev-rt")
			return errors.Join(dirErr, err)
		}},
		{"history is one round trip", 1, func() error { _, err := s.History(ctx, "T1", 20); return err }},
		{"a vote is one round trip", 1, func() error { _, err := s.Vote(ctx, "T1", "backlog", "U2", true); return err }},
		{"reading votes is one round trip", 1, func() error { _, err := s.Votes(ctx, "T1", "backlog"); return err }},
		{"a comment is one round trip", 1, func() error { return s.AddComment(ctx, "T1", "backlog", "wrong") }},
		{"reading comments is one round trip", 1, func() error { _, err := s.Comments(ctx, "T1", "backlog", 20); return err }},
		{"recording a gap is one round trip", 1, func() error { return s.RecordGap(ctx, "T1", "who owns qa", "quality") }},
		{"reading the gaps is one round trip", 1, func() error { _, err := s.Gaps(ctx, "T1", 10); return err }},
		{"the most downvoted answers are two round trips", 2, func() error { _, err := s.MostDownvoted(ctx, "T1", 10); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.Commands()
			if err := tt.call(); err != nil {
				t.Fatal(err)
			}
			if n := s.Commands() - before; n != tt.want {
				t.Errorf("%d round trips, want %d", n, tt.want)
			}
		})
	}
}

func testClaimDirectory(t *testing.T, open opener) {
	s := open(t, session.Config{})
	ctx := context.Background()
	a := directory.Assignment{Role: directory.ProductOwner, Assignee: "U0ALICE1"}
	mustAssign(t, s, "T1", "Ev0", a)
	want, err := s.Directory(ctx, "T1")
	if err != nil {
		t.Fatal(err)
	}
	claim := func(t *testing.T, team, id string, wantClaimed bool, wantDir directory.Snapshot) {
		t.Helper()
		claimed, snap, dirErr, err := s.ClaimDirectory(ctx, team, id)
		if err != nil || dirErr != nil {
			t.Fatalf("ClaimDirectory(%s, %s): %v, %v", team, id, err, dirErr)
		}
		if claimed != wantClaimed {
			t.Errorf("ClaimDirectory(%s, %s) claimed = %v, want %v", team, id, claimed, wantClaimed)
		}
		if diff := cmp.Diff(wantDir, snap); diff != "" {
			t.Errorf("ClaimDirectory(%s, %s) directory (-want +got):\n%s", team, id, diff)
		}
	}
	t.Run("the first claim wins, the second does not, and both read the directory", func(t *testing.T) {
		claim(t, "T1", "Ev1", true, want)
		claim(t, "T1", "Ev1", false, want)
	})
	t.Run("it shares claims with Claim", func(t *testing.T) {
		if ok, err := s.Claim(ctx, "T1", "Ev1"); err != nil || ok {
			t.Errorf("Claim after ClaimDirectory = %v, %v; want false", ok, err)
		}
		if ok, err := s.Claim(ctx, "T1", "Ev2"); err != nil || !ok {
			t.Fatalf("Claim = %v, %v", ok, err)
		}
		claim(t, "T1", "Ev2", false, want)
	})
	t.Run("a new team claims with an empty directory", func(t *testing.T) {
		claim(t, "T2", "Ev1", true, directory.Snapshot{})
	})
	t.Run("a claim is remembered for 15 minutes", func(t *testing.T) {
		d, err := s.Raw().PTTL(ctx, s.TeamKey("T1", "event", "Ev1")).Result()
		if err != nil {
			t.Fatal(err)
		}
		if d < 14*time.Minute || d > 15*time.Minute {
			t.Errorf("claim TTL %v, want just under 15m", d)
		}
	})
	t.Run("after the scripts are flushed it still claims once", func(t *testing.T) {
		if err := s.Raw().ScriptFlush(ctx).Err(); err != nil {
			t.Fatal(err)
		}
		claim(t, "T1", "Ev3", true, want)
		claim(t, "T1", "Ev3", false, want)
	})
	t.Run("an invalid team is refused before any I/O", func(t *testing.T) {
		if _, _, dirErr, err := s.ClaimDirectory(ctx, "T{1}", "Ev1"); err == nil || dirErr == nil {
			t.Errorf("ClaimDirectory(T{1}) = %v, %v; want errors", dirErr, err)
		}
	})
}
