package directory_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolecall/rolecall/internal/directory"
)

// FuzzParse checks, for any text, that Parse does not panic, that a refusal
// is one *Error with one sentinel and a message, and that what it accepts
// is well-formed and reads back the same from its canonical form.
//
//	go test -fuzz FuzzParse ./internal/directory
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"set po <@U123ABC|alice> <#C123ABC|payments>",
		"set pm <!subteam^S123ABC|@design>",
		"set product owner to @U123ABC in #C123ABC",
		"unset po #C123ABC",
		"who is our PO?",
		"who <@U123ABC>",
		"history",
		"gaps",
		`define scrum-master "facilitates the Scrum events" aka SM, scrum master`,
		`define designer “designs”`,
		"set po @alice",
		"set po <!here>",
		"set po <@U1|a> <@U2|b>",
		"set <", "set \"", "define \"", "<<<>>>", "/roles", "/roles  who",
		"set po <@U123ABC|alice", "define a\x00b \"x\ny\"", "set p\u200bo <@U123ABC>",
	} {
		f.Add(seed)
	}
	c := team(f)
	sentinels := []error{directory.ErrUnknownCommand, directory.ErrUsage, directory.ErrUnknownRole, directory.ErrDefinition}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := directory.Parse(text, c)
		if err != nil {
			matched := 0
			for _, s := range sentinels {
				if errors.Is(err, s) {
					matched++
				}
			}
			msg, ok := directory.Message(err)
			if matched != 1 || !ok || msg == "" {
				t.Fatalf("Parse(%q) = %v: want one sentinel (%d) and a message (%q)", text, err, matched, msg)
			}
			return
		}
		switch got.Verb {
		case directory.Set:
			if !got.Assignee.Valid() {
				t.Fatalf("Parse(%q) set to %q, not an id", text, got.Assignee)
			}
			fallthrough
		case directory.Unset:
			if r, ok := c.Resolve(got.Role.Name); !ok || r.Name != got.Role.Name {
				t.Fatalf("Parse(%q) names role %q, not in the catalogue", text, got.Role.Name)
			}
		case directory.Who:
			if got.Assignee != "" && !got.Assignee.Valid() {
				t.Fatalf("Parse(%q) asks about %q, not an id", text, got.Assignee)
			}
		case directory.Define:
			if err := c.CheckDefinition(got.Role); err != nil {
				t.Fatalf("Parse(%q) defined a role CheckDefinition refuses: %v", text, err)
			}
			d := got.Role.Description
			if utf8.RuneCountInString(d) > directory.DescriptionMax || strings.ContainsFunc(d, unicode.IsControl) || d != strings.TrimSpace(d) {
				t.Fatalf("Parse(%q) kept description %q", text, d)
			}
			return
		case directory.History, directory.Gaps:
			return
		default:
			t.Fatalf("Parse(%q) returned verb %q", text, got.Verb)
		}
		if got.Channel != "" && !directory.ValidChannel(got.Channel) {
			t.Fatalf("Parse(%q) names channel %q, not an id", text, got.Channel)
		}
		again, err := directory.Parse(canonical(got), c)
		if err != nil {
			t.Fatalf("canonical form %q of %q: %v", canonical(got), text, err)
		}
		if diff := cmp.Diff(got, again, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("%q and its canonical form %q differ (-first +again):\n%s", text, canonical(got), diff)
		}
	})
}

// FuzzAsksWho checks that any message either is no directory question or
// names a role of the catalogue and a well-formed channel.
//
//	go test -fuzz FuzzAsksWho ./internal/directory
func FuzzAsksWho(f *testing.F) {
	for _, seed := range []string{"who is our PO?", "who's the scrum master for <#C123ABC|payments>?", "who is a PM", "who <", "who the \"", "whos our sm here"} {
		f.Add(seed)
	}
	c := team(f)
	f.Fuzz(func(t *testing.T, text string) {
		q, ok := directory.AsksWho(text, c)
		if !ok {
			if !q.Role.IsZero() || q.Channel != "" {
				t.Fatalf("AsksWho(%q) = %+v with false", text, q)
			}
			return
		}
		if r, found := c.Resolve(q.Role.Name); !found || r.Name != q.Role.Name {
			t.Fatalf("AsksWho(%q) names role %q, not in the catalogue", text, q.Role.Name)
		}
		if q.Channel != "" && !directory.ValidChannel(q.Channel) {
			t.Fatalf("AsksWho(%q) names channel %q", text, q.Channel)
		}
	})
}

// canonical writes a command as Slack would send it.
func canonical(c directory.Command) string {
	parts := []string{string(c.Verb)}
	if c.Role.Name != "" {
		parts = append(parts, c.Role.Name)
	}
	if c.Assignee != "" {
		parts = append(parts, c.Assignee.Mention())
	}
	if c.Channel != "" {
		parts = append(parts, "<#"+c.Channel+"|x>")
	}
	return strings.Join(parts, " ")
}

// FuzzParseFile checks that any file either fails validation or reads back
// the same after an export.
//
//	go test -fuzz FuzzParseFile ./internal/directory
func FuzzParseFile(f *testing.F) {
	f.Add([]byte(validFile))
	f.Add([]byte("version: 1\n"))
	f.Add([]byte("version: 1\nassignments:\n  - role: PO\n    user: U1\n"))
	f.Add([]byte("version: 2\nroles: [{name: x}]\n"))
	f.Add([]byte("version: 1\nroles:\n  - name: a-b\n    description: abc\n    spellings: [\"\"]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		snap, err := directory.ParseFile("fuzz.yaml", data)
		if err != nil {
			if !errors.Is(err, directory.ErrInvalid) {
				t.Fatalf("ParseFile error %v does not match ErrInvalid", err)
			}
			return
		}
		out, err := directory.Marshal(snap)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		again, err := directory.ParseFile("export.yaml", out)
		if err != nil {
			t.Fatalf("the export of a valid file does not read back: %v\n%s", err, out)
		}
		if diff := cmp.Diff(snap, again, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("export changed the directory (-before +after):\n%s", diff)
		}
	})
}
