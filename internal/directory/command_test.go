package directory_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolecall/rolecall/internal/directory"
)

// cmd is the parsed form a test expects; Role is compared by name only.
type cmd struct {
	Verb     directory.Verb
	Role     string
	Assignee directory.Assignee
	Channel  string
	// for define
	Description string
	Spellings   []string
}

func simplify(c directory.Command) cmd {
	out := cmd{Verb: c.Verb, Role: c.Role.Name, Assignee: c.Assignee, Channel: c.Channel}
	if c.Verb == directory.Define {
		out.Description, out.Spellings = c.Role.Description, c.Role.Spellings
	}
	return out
}

func TestParseReadsEveryCommand(t *testing.T) {
	c := team(t)
	po, pm := directory.ProductOwner, directory.ProductManager
	tests := []struct {
		name string
		text string
		want cmd
	}{
		{"set with a mention as Slack escapes it", "set po <@U123ABC|alice>", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC"}},
		{"set with a bare escaped mention", "set po <@U123ABC>", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC"}},
		{"set with a channel as Slack escapes it", "set po <@U123ABC|alice> <#C123ABC|payments>", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC", Channel: "C123ABC"}},
		{"set with a channel without a name", "set po <@U123ABC> <#C123ABC>", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC", Channel: "C123ABC"}},
		{"set with a private channel's empty label", "set po <@U123ABC> <#G123ABC|>", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC", Channel: "G123ABC"}},
		{"set with a user group", "set pm <!subteam^S123ABC|@design>", cmd{Verb: directory.Set, Role: pm, Assignee: "S123ABC"}},
		{"set with a user group without a label", "set pm <!subteam^S123ABC>", cmd{Verb: directory.Set, Role: pm, Assignee: "S123ABC"}},
		{"set with an Enterprise Grid user", "set pm <@W123ABC|bob>", cmd{Verb: directory.Set, Role: pm, Assignee: "W123ABC"}},
		{"set typed in a terminal with @ and #", "set po @U123ABC #C123ABC", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC", Channel: "C123ABC"}},
		{"set typed with bare ids", "set po U123ABC C123ABC", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC", Channel: "C123ABC"}},
		{"set of a group typed with @", "set po @S123ABC", cmd{Verb: directory.Set, Role: po, Assignee: "S123ABC"}},
		{"set with the command name in front", "/roles set po <@U123ABC>", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC"}},
		{"set with a capitalised verb", "SET PO <@U123ABC>", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC"}},
		{"set of a two-word role", "set product owner <@U123ABC>", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC"}},
		{"set of a team role by its spelling", "set SM <@U123ABC>", cmd{Verb: directory.Set, Role: "scrum-master", Assignee: "U123ABC"}},
		{"set with filler words", "set the po to <@U123ABC> in <#C123ABC|payments>", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC", Channel: "C123ABC"}},
		{"set with the person before the role", "set <@U123ABC> as po", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC"}},
		{"set with a comma after the mention", "set po @U123ABC, #C123ABC", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC", Channel: "C123ABC"}},
		{"set with extra spaces and tabs", "  set \t po   <@U123ABC>  ", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC"}},
		{"set with a label that has spaces", "set po <@U123ABC|alice smith>", cmd{Verb: directory.Set, Role: po, Assignee: "U123ABC"}},
		{"unset for the workspace", "unset po", cmd{Verb: directory.Unset, Role: po}},
		{"unset for a channel", "unset pm <#C123ABC|payments>", cmd{Verb: directory.Unset, Role: pm, Channel: "C123ABC"}},
		{"unset of a plural spelling", "unset PMs", cmd{Verb: directory.Unset, Role: pm}},
		{"who of every role where asked", "who", cmd{Verb: directory.Who}},
		{"who of one role", "who po", cmd{Verb: directory.Who, Role: po}},
		{"who in another channel", "who <#C123ABC|payments>", cmd{Verb: directory.Who, Channel: "C123ABC"}},
		{"who of a role in another channel", "who scrum master #C123ABC", cmd{Verb: directory.Who, Role: "scrum-master", Channel: "C123ABC"}},
		{"who in plain words", "who is our PO?", cmd{Verb: directory.Who, Role: po}},
		{"who holds roles, of a person", "who <@U123ABC>", cmd{Verb: directory.Who, Assignee: "U123ABC"}},
		{"history", "history", cmd{Verb: directory.History}},
		{"gaps", "gaps", cmd{Verb: directory.Gaps}},
		{"define with a quoted description", `define designer "designs the product"`, cmd{Verb: directory.Define, Role: "designer", Description: "designs the product"}},
		{"define with typographic quotes, as a Mac sends them", `define designer “designs the product”`, cmd{Verb: directory.Define, Role: "designer", Description: "designs the product"}},
		{"define without quotes", `define designer designs the product`, cmd{Verb: directory.Define, Role: "designer", Description: "designs the product"}},
		{"define with spellings", `define engineering-manager "grows the engineers" aka EM, eng manager`, cmd{Verb: directory.Define, Role: "engineering-manager", Description: "grows the engineers", Spellings: []string{"EM", "eng manager"}}},
		{"define that squeezes white space", "define designer \"designs\n   the  product\"", cmd{Verb: directory.Define, Role: "designer", Description: "designs the product"}},
		{"define of a team role again", `define scrum-master "coaches Scrum"`, cmd{Verb: directory.Define, Role: "scrum-master", Description: "coaches Scrum"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := directory.Parse(tt.text, c)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.text, err)
			}
			if diff := cmp.Diff(tt.want, simplify(got), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestParseRefusesWithAMessageForThePerson(t *testing.T) {
	c := team(t)
	tests := []struct {
		name    string
		text    string
		kind    error
		message string // the message, or a part of it
	}{
		{"an empty command", "", directory.ErrUnknownCommand, "Type a command"},
		{"a subcommand that is not the directory's", "ask who owns the backlog", directory.ErrUnknownCommand, "I don't know /roles ask"},
		{"a role nobody defined", "set designer <@U123ABC>", directory.ErrUnknownRole, `I don't know the role "designer". Roles: product-owner (PO), product-manager (PM), scrum-master (SM), tech-lead (TL).`},
		{"an unknown role in who", "who is the ceo", directory.ErrUnknownRole, `I don't know the role "ceo"`},
		{"set without anything", "set", directory.ErrUsage, "Name a role and a person or group: /roles set po @alice"},
		{"set without a person", "set po", directory.ErrUsage, "Name a person or a group: /roles set po @alice"},
		{"set of a team role without a person", "set scrum master #C123ABC", directory.ErrUsage, "Name a person or a group: /roles set sm @alice"},
		{"set without a role", "set <@U123ABC>", directory.ErrUsage, "Name a role and a person or group"},
		{"set with two people", "set po <@U1AAA> <@U2BBB>", directory.ErrUsage, "One person or group per role"},
		{"set with two channels", "set po <@U1AAA> <#C1AAA> <#C2BBB>", directory.ErrUsage, "One channel at a time"},
		{"set of a name Slack did not turn into a mention", "set po @alice", directory.ErrUsage, "I can't tell who @alice is from a name"},
		{"set of a channel name Slack did not turn into a link", "set po <@U123ABC> #payments", directory.ErrUsage, "I can't tell which channel #payments is"},
		{"set to @here", "set po <!here>", directory.ErrUsage, "Roles go to a person or a user group, not @here"},
		{"set to @channel typed", "set po @channel", directory.ErrUsage, "not @channel"},
		{"set to a link", "set po <https://example.com|alice>", directory.ErrUsage, "I can't use <https://example.com|alice> here"},
		{"set to an all-capitals name", "set po @SAM", directory.ErrUsage, "I can't tell who @SAM is"},
		{"unset naming a person", "unset po <@U123ABC>", directory.ErrUsage, "no need to name them"},
		{"unset without a role", "unset", directory.ErrUsage, "Name the role to clear"},
		{"unset of two channels", "unset po #C1AAA #C2BBB", directory.ErrUsage, "One channel at a time"},
		{"who of two channels", "who #C1AAA #C2BBB", directory.ErrUsage, "one channel at a time"},
		{"who of two people", "who @U1AAA @U2BBB", directory.ErrUsage, "one person or group at a time"},
		{"history with arguments", "history 50", directory.ErrUsage, "/roles history takes nothing after it."},
		{"gaps with arguments", "gaps all", directory.ErrUsage, "/roles gaps takes nothing after it."},
		{"define without anything", "define", directory.ErrUsage, "Name the role and say what it does"},
		{"define of a mention", "define <@U123ABC> \"a person\"", directory.ErrUsage, "Start with the role's name"},
		{"define without a description", "define designer", directory.ErrDefinition, `Say what a designer does, in quotes: /roles define designer "facilitates the Scrum events"`},
		{"define with aka but no spellings", `define designer "designs" aka`, directory.ErrUsage, "List the other spellings after aka"},
		{"define of a built-in role", `define product-owner "owns it"`, directory.ErrDefinition, "can't be redefined"},
		{"define of a name with capitals", `define "Scrum Coach" "coaches"`, directory.ErrDefinition, "such as scrum-coach"},
		{"define with a taken spelling", `define designer "designs" aka TL`, directory.ErrDefinition, `"tl" already means tech-lead`},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			_, err := directory.Parse(tt.text, c)
			if !errors.Is(err, tt.kind) {
				t.Fatalf("Parse(%q) = %v, want %v", tt.text, err, tt.kind)
			}
			msg, ok := directory.Message(err)
			if !ok || !strings.Contains(msg, tt.message) {
				t.Errorf("message %q does not say %q", msg, tt.message)
			}
			if e := err.Error(); !strings.HasPrefix(e, "directory: ") || strings.HasSuffix(e, ".") {
				t.Errorf("Error() = %q: want a lowercase error that says where it comes from", e)
			}
		})
	}
}

func TestCuratorsOnlyMarksTheCommandsThatChangeOrReport(t *testing.T) {
	want := map[directory.Verb]bool{directory.Set: true, directory.Unset: true, directory.Define: true, directory.Gaps: true, directory.Who: false, directory.History: false}
	for _, u := range directory.Usages() {
		if got := u.Verb.CuratorsOnly(); got != want[u.Verb] {
			t.Errorf("%s.CuratorsOnly() = %v, want %v", u.Verb, got, want[u.Verb])
		}
		delete(want, u.Verb)
	}
	if len(want) != 0 {
		t.Errorf("Usages misses %v", want)
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"white space runs become one space", " a \n\t b  ", 0, "a b"},
		{"control characters go", "a\x00b\x1bc", 0, "a b c"},
		{"a short text is kept", "short", 10, "short"},
		{"a long text is cut at a word with an ellipsis", "the quick brown fox jumps", 17, "the quick brown…"},
		{"a text without spaces is cut where it must be", strings.Repeat("x", 20), 10, strings.Repeat("x", 9) + "…"},
		{"an emoji with a joiner survives", "👩‍💻 ok", 0, "👩‍💻 ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := directory.CleanText(tt.in, tt.max); got != tt.want {
				t.Errorf("CleanText(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}
