package directory

import (
	"fmt"
	"strings"
	"time"
)

// Op is the kind of a recorded change.
type Op string

// The changes the audit history records.
const (
	OpSet    Op = "set"    // Role assigned to After (Before: the previous assignee)
	OpUnset  Op = "unset"  // Role's assignment Before removed
	OpDefine Op = "define" // Role defined; Before and After are descriptions
	OpImport Op = "import" // the whole directory replaced; Before and After summarise it
)

// Change is one entry of a team's audit history: who changed what, when,
// and the value before and after. A change that found the directory already
// as asked (a set to the current holder, an unset of nobody) has Before ==
// After and is not recorded.
type Change struct {
	// ID is the exactly-once key of the change: the Slack delivery (envelope
	// or event) id, so that a redelivered command applies once.
	ID string
	// By is the Slack user id of the person who made it, or "cli:NAME" for
	// bot roles import.
	By string
	// At is when it was applied.
	At time.Time
	Op Op
	// Role and Channel say what changed ("" channel: workspace-wide).
	Role    string
	Channel string
	// Before and After are assignee ids (set, unset), descriptions
	// (define) or summaries such as "2 roles, 5 assignments" (import);
	// "" is none.
	Before string
	After  string
}

// Noop reports whether the change found nothing to do.
func (c Change) Noop() bool { return c.Before == c.After }

// String is a plain one-line account for logs and terminals, with raw ids;
// Slack replies render mentions instead.
func (c Change) String() string {
	where := "workspace-wide"
	if c.Channel != "" {
		where = "in " + c.Channel
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s ", c.At.UTC().Format(time.RFC3339), c.By)
	switch c.Op {
	case OpSet:
		fmt.Fprintf(&b, "set %s %s to %s", c.Role, where, c.After)
		if c.Before != "" {
			fmt.Fprintf(&b, " (was %s)", c.Before)
		}
	case OpUnset:
		fmt.Fprintf(&b, "unset %s %s (was %s)", c.Role, where, orNobody(c.Before))
	case OpDefine:
		fmt.Fprintf(&b, "defined %s: %q", c.Role, c.After)
		if c.Before != "" {
			fmt.Fprintf(&b, " (was %q)", c.Before)
		}
	case OpImport:
		fmt.Fprintf(&b, "imported the directory: %s (was %s)", c.After, c.Before)
	default:
		fmt.Fprintf(&b, "%s %s %s: %q → %q", c.Op, c.Role, where, c.Before, c.After)
	}
	return b.String()
}

func orNobody(s string) string {
	if s == "" {
		return "nobody"
	}
	return s
}
