package directory

import (
	"fmt"
	"strings"
	"unicode"
)

// Verb is a directory subcommand of /roles.
type Verb string

// The directory subcommands.
const (
	Set     Verb = "set"     // assign a person or group to a role
	Unset   Verb = "unset"   // remove a role's assignment
	Who     Verb = "who"     // list who holds the roles where asked
	History Verb = "history" // the last HistoryLen changes
	Define  Verb = "define"  // add (or redescribe) a team role
	Gaps    Verb = "gaps"    // the curators' report
)

// HistoryLen is how many changes /roles history shows.
const HistoryLen = 20

// maxCommandLen bounds the text Parse reads, in bytes.
const maxCommandLen = 4000

// CuratorsOnly reports whether only curators (workspace admins and owners,
// and ROLECALL_CURATORS) may run v: the commands that change the directory
// and the curation report. Parse does not check permissions; its caller does,
// before it writes anything.
func (v Verb) CuratorsOnly() bool {
	switch v {
	case Set, Unset, Define, Gaps:
		return true
	}
	return false
}

// Usage describes one subcommand for help.
type Usage struct {
	Verb    Verb
	Args    string // e.g. "<role> @person|@group [#channel]"
	Summary string
}

// Usages lists the directory subcommands in the order help shows them.
func Usages() []Usage {
	return []Usage{
		{Who, "[role] [#channel]", "who holds the roles here (this channel first, then the workspace)"},
		{Set, "<role> @person|@group [#channel]", "assign a role, for the workspace or one channel"},
		{Unset, "<role> [#channel]", "remove a role's assignment"},
		{Define, "<name> \"what they do\" [aka other, spellings]", "add your team's own role, e.g. scrum-master"},
		{History, "", fmt.Sprintf("the last %d changes: who, when, what", HistoryLen)},
		{Gaps, "", "questions I could not answer, and answers marked 👎"},
	}
}

// Command is a parsed directory command.
type Command struct {
	Verb Verb
	// Role is the role named: for set and unset always, for who the role
	// asked about (zero for every role), for define the new role (Name,
	// Description, Spellings; not yet in the catalogue).
	Role Role
	// Assignee is who set assigns; for who, the person or group whose
	// roles are asked about (empty for everyone).
	Assignee Assignee
	// Channel is the channel id named: for set and unset the channel the
	// assignment is for ("" is the whole workspace); for who where to look
	// ("" is where the command was typed).
	Channel string
}

// Assignment is the assignment a set command makes.
func (c Command) Assignment() Assignment {
	return Assignment{Role: c.Role.Name, Channel: c.Channel, Assignee: c.Assignee}
}

// Parse reads a /roles directory command: the text Slack sends after the
// command ("set po <@U123|alice> <#C456|payments>"), with or without a
// leading "/roles". Mentions may be escaped, as Slack sends them, or typed
// plainly in a terminal (@U123, U123, #C456). Roles are resolved against
// cat, so a team's own roles and every spelling work.
//
// Errors are *Error values: ErrUnknownCommand when the first word is not a
// directory subcommand (the caller tries its others), otherwise ErrUsage,
// ErrUnknownRole or ErrDefinition, each with a message for the person
// (Message). Parse checks no permission.
func Parse(text string, cat *Catalog) (Command, error) {
	text = strings.TrimSpace(text)
	if len(text) >= len("/roles") && strings.EqualFold(text[:len("/roles")], "/roles") &&
		(len(text) == len("/roles") || text[len("/roles")] == ' ') {
		text = strings.TrimSpace(text[len("/roles"):])
	}
	if len(text) > maxCommandLen {
		return Command{}, usageErr("", "That is too long for a /roles command: keep it under %d characters.", maxCommandLen)
	}
	toks := tokenize(text)
	if len(toks) == 0 {
		return Command{}, &Error{Kind: ErrUnknownCommand, Msg: "Type a command: " + verbList() + "."}
	}
	verb := Verb(strings.ToLower(toks[0].text))
	args := toks[1:]
	switch verb {
	case Set:
		return parseSet(args, cat)
	case Unset:
		return parseUnset(args, cat)
	case Who:
		return parseWho(args, cat)
	case History, Gaps:
		if len(args) > 0 {
			return Command{}, usageErr(args[0].text, "/roles %s takes nothing after it.", verb)
		}
		return Command{Verb: verb}, nil
	case Define:
		return parseDefine(args, cat)
	}
	return Command{}, &Error{Kind: ErrUnknownCommand, Input: toks[0].text,
		Msg: fmt.Sprintf("I don't know /roles %s. Directory commands: %s.", toks[0].text, verbList())}
}

func verbList() string {
	var vs []string
	for _, u := range Usages() {
		vs = append(vs, string(u.Verb))
	}
	return strings.Join(vs, ", ")
}

// token is one word of a command; a quoted phrase or a <…> mention is one
// token even with spaces inside.
type token struct {
	text   string
	quoted bool
}

// closeQuote maps an opening quote to the ones that close it.
var closeQuote = map[rune]string{'"': `"”“`, '“': `”"`, '”': `”"`, '„': `“”"`}

func tokenize(s string) []token {
	var out []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case closeQuote[r] != "":
			closers := closeQuote[r]
			j := i + 1
			for j < len(rs) && !strings.ContainsRune(closers, rs[j]) {
				j++
			}
			out = append(out, token{text: strings.TrimSpace(string(rs[i+1 : j])), quoted: true})
			i = j + 1
		case r == '<':
			j := i + 1
			for j < len(rs) && rs[j] != '>' {
				j++
			}
			if j < len(rs) {
				j++ // keep the '>'
			}
			out = append(out, token{text: string(rs[i:j])})
			i = j
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '<' {
				j++
			}
			out = append(out, token{text: string(rs[i:j])})
			i = j
		}
	}
	return out
}

// fillers are the words people put around a role in a command ("set po to
// @alice in #payments", "who is our po"): ignored when the words as typed
// name no role.
var fillers = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "for": true, "in": true,
	"is": true, "of": true, "on": true, "our": true, "role": true, "s": true, "the": true, "to": true,
	"who": true, "whos": true, "here": true, "this": true, "channel": true, "=": true, "now": true,
}

// parts is a command's arguments sorted by kind.
type parts struct {
	words     []string // the role, possibly with filler words
	assignees []Assignee
	channels  []string
	bad       *Error // the first mention Rolecall cannot use
}

func split(args []token, example string) parts {
	var p parts
	for _, t := range args {
		if t.quoted {
			p.words = append(p.words, t.text)
			continue
		}
		kind, id := classify(t.text)
		switch kind {
		case tokWord:
			if w := strings.Trim(t.text, ",.;:!?"); w != "" {
				p.words = append(p.words, w)
			}
		case tokUser, tokGroup:
			p.assignees = append(p.assignees, Assignee(id))
		case tokChannel:
			p.channels = append(p.channels, id)
		case tokSpecial:
			p.fail(usageErr(t.text, "Roles go to a person or a user group, not @%s: %s", id, example))
		case tokName:
			p.fail(usageErr(t.text, "I can't tell who @%s is from a name. Pick them from Slack's @ list as you type, so the name turns into a mention, or use their member ID (U…).", id))
		case tokChanName:
			p.fail(usageErr(t.text, "I can't tell which channel #%s is from its name. Pick it from Slack's # list so it turns into a link, or use its channel ID (C…).", id))
		default:
			p.fail(usageErr(t.text, "I can't use %s here: name a person with @ and a channel with #, for example %s", t.text, example))
		}
	}
	return p
}

func (p *parts) fail(e *Error) {
	if p.bad == nil {
		p.bad = e
	}
}

// role resolves the words as a role; ok is false when there are none.
func (p *parts) role(cat *Catalog) (r Role, ok bool, err error) {
	if len(p.words) == 0 {
		return Role{}, false, nil
	}
	typed := strings.Join(p.words, " ")
	if r, found := cat.Resolve(typed); found {
		return r, true, nil
	}
	var kept []string
	for _, w := range p.words {
		if !fillers[Normalize(w)] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return Role{}, false, nil
	}
	typed = strings.Join(kept, " ")
	if r, found := cat.Resolve(typed); found {
		return r, true, nil
	}
	return Role{}, false, &Error{Kind: ErrUnknownRole, Input: typed,
		Msg: fmt.Sprintf("I don't know the role %q. Roles: %s. Add your team's own with /roles define name \"what they do\".", typed, cat.List())}
}

func parseSet(args []token, cat *Catalog) (Command, error) {
	const example = "/roles set po @alice"
	p := split(args, example)
	if p.bad != nil {
		return Command{}, p.bad
	}
	role, ok, err := p.role(cat)
	switch {
	case err != nil:
		return Command{}, err
	case !ok:
		return Command{}, usageErr("", "Name a role and a person or group: /roles set po @alice, or /roles set po @alice #payments for one channel.")
	}
	short := shortName(role)
	switch {
	case len(p.assignees) == 0:
		return Command{}, usageErr("", "Name a person or a group: /roles set %s @alice", short)
	case len(p.assignees) > 1:
		return Command{}, usageErr("", "One person or group per role: /roles set %s @alice. For several people, create a Slack user group and name it.", short)
	case len(p.channels) > 1:
		return Command{}, usageErr("", "One channel at a time: /roles set %s @alice #payments", short)
	}
	c := Command{Verb: Set, Role: role, Assignee: p.assignees[0]}
	if len(p.channels) == 1 {
		c.Channel = p.channels[0]
	}
	return c, nil
}

func parseUnset(args []token, cat *Catalog) (Command, error) {
	p := split(args, "/roles unset po")
	if p.bad != nil {
		return Command{}, p.bad
	}
	role, ok, err := p.role(cat)
	switch {
	case err != nil:
		return Command{}, err
	case !ok:
		return Command{}, usageErr("", "Name the role to clear: /roles unset po, or /roles unset po #payments for one channel.")
	}
	short := shortName(role)
	switch {
	case len(p.assignees) > 0:
		return Command{}, usageErr(string(p.assignees[0]), "/roles unset clears whoever holds the role, so there's no need to name them: /roles unset %s", short)
	case len(p.channels) > 1:
		return Command{}, usageErr("", "One channel at a time: /roles unset %s #payments", short)
	}
	c := Command{Verb: Unset, Role: role}
	if len(p.channels) == 1 {
		c.Channel = p.channels[0]
	}
	return c, nil
}

func parseWho(args []token, cat *Catalog) (Command, error) {
	p := split(args, "/roles who po")
	if p.bad != nil {
		return Command{}, p.bad
	}
	role, _, err := p.role(cat)
	switch {
	case err != nil:
		return Command{}, err
	case len(p.assignees) > 1:
		return Command{}, usageErr("", "Ask about one person or group at a time: /roles who @alice")
	case len(p.channels) > 1:
		return Command{}, usageErr("", "Ask about one channel at a time: /roles who #payments")
	}
	c := Command{Verb: Who, Role: role}
	if len(p.assignees) == 1 {
		c.Assignee = p.assignees[0]
	}
	if len(p.channels) == 1 {
		c.Channel = p.channels[0]
	}
	return c, nil
}

// akaWords introduce the spellings of a defined role.
var akaWords = map[string]bool{"aka": true, "a.k.a.": true, "spellings": true, "alias": true, "aliases": true}

func parseDefine(args []token, cat *Catalog) (Command, error) {
	const example = `/roles define scrum-master "facilitates the Scrum events"`
	if len(args) == 0 {
		return Command{}, usageErr("", "Name the role and say what it does: %s", example)
	}
	name := args[0].text
	if kind, _ := classify(name); !args[0].quoted && kind != tokWord {
		return Command{}, usageErr(name, "Start with the role's name: %s", example)
	}
	rest := args[1:]
	var desc []string
	var spell []string
	inAka := false
	for _, t := range rest {
		w := strings.ToLower(strings.TrimRight(t.text, ":"))
		switch {
		case !t.quoted && !inAka && akaWords[w]:
			inAka = true
		case inAka:
			spell = append(spell, t.text)
		default:
			desc = append(desc, t.text)
		}
	}
	r := Role{Name: name, Description: CleanText(strings.Join(desc, " "), 0)}
	for _, s := range strings.FieldsFunc(strings.Join(spell, " "), func(r rune) bool { return r == ',' || r == ';' || r == '/' }) {
		if s = strings.TrimSpace(s); s != "" && !strings.EqualFold(s, "or") {
			r.Spellings = append(r.Spellings, s)
		}
	}
	if inAka && len(r.Spellings) == 0 {
		return Command{}, usageErr("", "List the other spellings after aka, separated by commas: %s aka SM, scrum master", example)
	}
	if err := cat.CheckDefinition(r); err != nil {
		return Command{}, err
	}
	return Command{Verb: Define, Role: r}, nil
}

// shortName is the shortest way to write r in an example.
func shortName(r Role) string {
	s := r.Name
	for _, sp := range r.Spellings {
		if len(sp) < len(s) && !strings.ContainsAny(sp, " .") {
			s = sp
		}
	}
	return strings.ToLower(s)
}

// CleanText makes text typed by a person safe to store and show on one line:
// control characters and runs of white space become one space, and the
// result is cut to max runes (0: no cut) on a word boundary where one is
// near, with "…" marking the cut.
func CleanText(s string, max int) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == '\uFFFD' || unicode.IsSpace(r) || unicode.IsControl(r) || (unicode.Is(unicode.Cf, r) && r != '\u200d') {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if max <= 0 {
		return out
	}
	rs := []rune(out)
	if len(rs) <= max {
		return out
	}
	cut := rs[:max-1]
	if i := lastSpace(cut); i > max*3/4 {
		cut = cut[:i]
	}
	return strings.TrimRight(string(cut), " ") + "…"
}

func lastSpace(rs []rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == ' ' {
			return i
		}
	}
	return -1
}
