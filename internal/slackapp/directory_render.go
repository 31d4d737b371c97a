package slackapp

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/directory"
)

// directoryDownNote is what a directory question gets while the store does
// not answer.
const directoryDownNote = "I can't read the role directory right now (my storage isn't answering). Please try again in a minute."

// capital upper-cases the first letter of s.
func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// shortRole is the shortest way to type r in a command: "po", "scrum-master".
func shortRole(r directory.Role) string {
	s := r.Name
	for _, sp := range r.Spellings {
		if len(sp) < len(s) && !strings.ContainsAny(sp, " .") {
			s = sp
		}
	}
	return strings.ToLower(s)
}

// setHint is the command that assigns r: "`/roles set po @someone`".
func setHint(r directory.Role) string { return "`/roles set " + Escape(shortRole(r)) + " @someone`" }

// roleLabelOf is a role's name as words, from the catalogue when it knows
// the role.
func roleLabelOf(cat *directory.Catalog, name string) string {
	if cat != nil {
		if r, ok := cat.Resolve(name); ok && r.Name == name {
			return r.Label()
		}
	}
	return strings.ReplaceAll(name, "-", " ")
}

// channelRef shows a channel: a link for Slack, its id for a terminal.
func channelRef(id string) (mrkdwn, plain string) { return "<#" + id + ">", "#" + id }

// inPlace says where an assignment holds, seen from here (the channel the
// question was asked in, "" in a DM).
func inPlace(assigned, here string) (mrkdwn, plain string) {
	switch {
	case assigned == "":
		return "in this workspace", "in this workspace"
	case assigned == here:
		return "in this channel", "in this channel"
	}
	m, p := channelRef(assigned)
	return "in " + m, "in " + p
}

// forPlace says what a change applied to: "for this channel", "for <#C…>",
// "for the whole workspace".
func forPlace(channel, here string) (mrkdwn, plain string) {
	switch {
	case channel == "":
		return "for the whole workspace", "for the whole workspace"
	case channel == here:
		return "for this channel", "for this channel"
	}
	m, p := channelRef(channel)
	return "for " + m, "for " + p
}

// twoWays is a text for Slack (mrkdwn) and for a terminal (plain).
type twoWays struct{ mrkdwn, plain string }

// peopleAnswer is an answer with who holds the owning roles where it was
// asked: "Owner: Product owner — in this channel that's @alice".
type peopleAnswer struct {
	answerContent
	// holdings are the owning roles (one, or both for a shared or
	// disputed duty) and who holds each here; names shows them.
	holdings []directory.Holding
	names    map[directory.Assignee]who
	here     string
	// down says the directory could not be read.
	down bool
}

// line is the sentence (block) and the clause after the owner (fallback,
// terminal) that name the people.
func (c peopleAnswer) line() (block, clause twoWays) {
	if c.down {
		s := "I can't look up who holds this role here right now."
		return twoWays{s, s}, twoWays{"I can't look up who holds it here right now", "I can't look up who holds it here right now"}
	}
	held := 0
	for _, h := range c.holdings {
		if h.Held() {
			held++
		}
	}
	if held == 0 {
		var labels []string
		for _, h := range c.holdings {
			labels = append(labels, h.Role.Label())
		}
		them := "one"
		if len(labels) > 1 {
			them = "them"
		}
		hint := "/roles set po @someone"
		if len(c.holdings) > 0 {
			hint = "/roles set " + shortRole(c.holdings[0].Role) + " @someone"
		}
		s := fmt.Sprintf("nobody is set as %s here yet: a curator can set %s with `%s`", strings.Join(labels, " or "), them, Escape(hint))
		p := fmt.Sprintf("nobody is set as %s here yet: a curator can set %s with %s", strings.Join(labels, " or "), them, hint)
		return twoWays{capital(s) + ".", capital(p) + "."}, twoWays{s, p}
	}
	var bm, bp, cm, cp []string
	for _, h := range c.holdings {
		m, p := c.holds(h)
		if len(c.holdings) == 1 {
			return twoWays{capital(m) + ".", capital(p) + "."}, twoWays{m, p}
		}
		bm = append(bm, "*"+capital(h.Role.Label())+"*: "+m+".")
		bp = append(bp, capital(h.Role.Label())+": "+p+".")
		cm = append(cm, h.Role.Label()+": "+m)
		cp = append(cp, h.Role.Label()+": "+p)
	}
	return twoWays{strings.Join(bm, "\n"), strings.Join(bp, " ")}, twoWays{strings.Join(cm, "; "), strings.Join(cp, "; ")}
}

// holds says who holds h here: "in this channel that's <@U1>".
func (c peopleAnswer) holds(h directory.Holding) (mrkdwn, plain string) {
	if !h.Held() {
		hint := "/roles set " + shortRole(h.Role) + " @someone"
		return "nobody set here yet (`" + Escape(hint) + "`)", "nobody set here yet (" + hint + ")"
	}
	w := c.names[h.Assignee]
	if w.mrkdwn == "" {
		w = mention(h.Assignee)
	}
	pm, pp := inPlace(h.Channel, c.here)
	m, p := pm+" that's "+w.mrkdwn, pp+" that's "+w.plain
	if w.gone() {
		hint := "/roles set " + shortRole(h.Role) + " @someone"
		m += ": a curator can set someone new with `" + Escape(hint) + "`"
		p += ": a curator can set someone new with " + hint
	}
	return m, p
}

func (c peopleAnswer) Blocks() []slack.Block {
	bs := c.answerContent.Blocks()
	block, _ := c.line()
	for i, b := range bs {
		if h, ok := b.(*slack.HeaderBlock); ok && h.BlockID == "owner" {
			out := make([]slack.Block, 0, len(bs)+1)
			out = append(out, bs[:i+1]...)
			out = append(out, section("people", block.mrkdwn))
			return append(out, bs[i+1:]...)
		}
	}
	return bs
}

func (c peopleAnswer) Fallback() string {
	base := c.answerContent.Fallback()
	_, clause := c.line()
	head := Escape(ownerHeader(c.a.Owner))
	if i := strings.Index(base, head+". "); i >= 0 {
		return truncate(base[:i]+head+" — "+clause.mrkdwn+". "+base[i+len(head)+2:], maxFallback)
	}
	return base
}

func (c peopleAnswer) Text() string {
	base := c.answerContent.Text()
	_, clause := c.line()
	head := ownerHeader(c.a.Owner)
	if i := strings.Index(base, head+"\n"); i >= 0 {
		return base[:i] + head + " — " + clause.plain + base[i+len(head):]
	}
	return base
}

// holderAnswer answers "who is our PO?".
type holderAnswer struct {
	h   directory.Holding
	who who
	// asked is the channel asked about ("" the workspace); here where the
	// question was asked.
	asked, here string
}

func (c holderAnswer) sentence() twoWays {
	role := c.h.Role.Label()
	hint := "/roles set " + shortRole(c.h.Role) + " @someone"
	askedM, askedP := inPlace(c.asked, c.here)
	if !c.h.Held() {
		return twoWays{
			fmt.Sprintf("Nobody is set as *%s* %s yet. A curator can set one with `%s` (add a #channel for that channel only).", role, askedM, Escape(hint)),
			fmt.Sprintf("Nobody is set as %s %s yet. A curator can set one with %s (add a #channel for that channel only).", role, askedP, hint),
		}
	}
	var m, p string
	switch {
	case c.h.Channel != "":
		m = fmt.Sprintf("The *%s* %s is %s.", role, askedM, c.who.mrkdwn)
		p = fmt.Sprintf("The %s %s is %s.", role, askedP, c.who.plain)
	case c.asked == "":
		m = fmt.Sprintf("The *%s* for this workspace is %s.", role, c.who.mrkdwn)
		p = fmt.Sprintf("The %s for this workspace is %s.", role, c.who.plain)
	default:
		where := "here"
		wp := "here"
		if c.asked != c.here {
			where, wp = channelRef(c.asked)
			where, wp = "in "+where, "in "+wp
		}
		m = fmt.Sprintf("The *%s* %s is %s (set for the whole workspace).", role, where, c.who.mrkdwn)
		p = fmt.Sprintf("The %s %s is %s (set for the whole workspace).", role, wp, c.who.plain)
	}
	if c.who.gone() {
		m += fmt.Sprintf(" A curator can set someone new with `%s`.", Escape(hint))
		p += fmt.Sprintf(" A curator can set someone new with %s.", hint)
	}
	return twoWays{m, p}
}

func (c holderAnswer) Blocks() []slack.Block {
	bs := []slack.Block{section("holder", c.sentence().mrkdwn)}
	if d := c.h.Role.Description; d != "" {
		bs = append(bs, context1("role", fmt.Sprintf("_%s: %s_", capital(c.h.Role.Label()), Escape(d))))
	}
	return bs
}

func (c holderAnswer) Fallback() string { return truncate(c.sentence().mrkdwn, maxFallback) }
func (c holderAnswer) Text() string     { return c.sentence().plain }

// whoList is /roles who: every role (or one) and who holds it where asked.
type whoList struct {
	holdings    []directory.Holding
	names       map[directory.Assignee]who
	asked, here string
}

func (c whoList) title() twoWays {
	if c.asked == "" {
		return twoWays{"*Roles in this workspace*", "Roles in this workspace"}
	}
	if c.asked == c.here {
		return twoWays{"*Roles in this channel*", "Roles in this channel"}
	}
	m, p := channelRef(c.asked)
	return twoWays{"*Roles in " + m + "*", "Roles in " + p}
}

func (c whoList) lines() (mrkdwn, plain []string) {
	for _, h := range c.holdings {
		label := capital(h.Role.Label())
		if !h.Held() {
			hint := "/roles set " + shortRole(h.Role) + " @someone"
			mrkdwn = append(mrkdwn, fmt.Sprintf("• *%s*: nobody yet · `%s`", label, Escape(hint)))
			plain = append(plain, fmt.Sprintf("  - %s: nobody yet (%s)", label, hint))
			continue
		}
		w := c.names[h.Assignee]
		if w.mrkdwn == "" {
			w = mention(h.Assignee)
		}
		scope := "whole workspace"
		scopeP := scope
		switch {
		case h.Channel == "":
		case h.Channel == c.here:
			scope, scopeP = "this channel", "this channel"
		default:
			scope, scopeP = channelRef(h.Channel)
		}
		mrkdwn = append(mrkdwn, fmt.Sprintf("• *%s*: %s _(%s)_", label, w.mrkdwn, scope))
		plain = append(plain, fmt.Sprintf("  - %s: %s (%s)", label, w.plain, scopeP))
	}
	return mrkdwn, plain
}

const whoFooter = "Curators change these with `/roles set &lt;role&gt; @person [#channel]`; `/roles define` adds your team's own roles. Ask me “who is our PO?” anywhere."

func (c whoList) Blocks() []slack.Block {
	m, _ := c.lines()
	bs := []slack.Block{section("who-title", c.title().mrkdwn)}
	bs = append(bs, sections("who", m, maxBlocks-2)...)
	return append(bs, context1("who-more", whoFooter))
}

func (c whoList) Fallback() string {
	return truncate(strings.TrimSuffix(strings.TrimPrefix(c.title().mrkdwn, "*"), "*"), maxFallback)
}

func (c whoList) Text() string {
	_, p := c.lines()
	return c.title().plain + ":\n" + strings.Join(p, "\n")
}

// rolesOfContent is /roles who @someone: the roles they hold.
type rolesOfContent struct {
	who  who
	held []directory.Assignment
	cat  *directory.Catalog
	here string
}

func (c rolesOfContent) lines() (mrkdwn, plain []string) {
	for _, a := range c.held {
		fm, fp := forPlace(a.Channel, c.here)
		label := capital(roleLabelOf(c.cat, a.Role))
		mrkdwn = append(mrkdwn, fmt.Sprintf("• *%s*, %s", label, fm))
		plain = append(plain, fmt.Sprintf("  - %s, %s", label, fp))
	}
	return mrkdwn, plain
}

func (c rolesOfContent) Blocks() []slack.Block {
	if len(c.held) == 0 {
		return []slack.Block{section("who-title", c.who.mrkdwn+" holds no role in the directory.")}
	}
	m, _ := c.lines()
	bs := []slack.Block{section("who-title", "*"+c.who.mrkdwn+" holds:*")}
	return append(bs, sections("who", m, maxBlocks-1)...)
}

func (c rolesOfContent) Fallback() string {
	if len(c.held) == 0 {
		return c.who.mrkdwn + " holds no role in the directory."
	}
	return fmt.Sprintf("%s holds %d role(s).", c.who.mrkdwn, len(c.held))
}

func (c rolesOfContent) Text() string {
	if len(c.held) == 0 {
		return c.who.plain + " holds no role in the directory."
	}
	_, p := c.lines()
	return c.who.plain + " holds:\n" + strings.Join(p, "\n")
}

// changeNote confirms a change to the directory.
type changeNote struct {
	c     directory.Change
	names map[directory.Assignee]who
	cat   *directory.Catalog
	here  string
}

// person shows an id of a change: a mention, or the name of a terminal
// user ("cli:alice").
func (c changeNote) person(id string) who {
	if w, ok := c.names[directory.Assignee(id)]; ok {
		return w
	}
	if a := directory.Assignee(id); a.Valid() {
		return mention(a)
	}
	return who{"`" + Escape(id) + "`", id}
}

func (c changeNote) sentence() twoWays {
	ch := c.c
	role := roleLabelOf(c.cat, ch.Role)
	fm, fp := forPlace(ch.Channel, c.here)
	by := c.person(ch.By)
	switch ch.Op {
	case directory.OpSet:
		after := c.person(ch.After)
		if ch.Noop() {
			return twoWays{fmt.Sprintf("%s already holds the *%s* role %s: nothing changed.", after.mrkdwn, role, fm),
				fmt.Sprintf("%s already holds the %s role %s: nothing changed.", after.plain, role, fp)}
		}
		m := fmt.Sprintf("%s set the *%s* %s to %s.", by.mrkdwn, role, fm, after.mrkdwn)
		p := fmt.Sprintf("%s set the %s %s to %s.", by.plain, role, fp, after.plain)
		if ch.Before != "" {
			b := c.person(ch.Before)
			m += " It was " + b.mrkdwn + "."
			p += " It was " + b.plain + "."
		}
		return twoWays{m, p}
	case directory.OpUnset:
		if ch.Noop() {
			return twoWays{fmt.Sprintf("Nobody held the *%s* role %s: nothing changed.", role, fm),
				fmt.Sprintf("Nobody held the %s role %s: nothing changed.", role, fp)}
		}
		b := c.person(ch.Before)
		m := fmt.Sprintf("%s cleared the *%s* %s (it was %s).", by.mrkdwn, role, fm, b.mrkdwn)
		p := fmt.Sprintf("%s cleared the %s %s (it was %s).", by.plain, role, fp, b.plain)
		if ch.Channel != "" {
			m += " The workspace's " + role + ", if any, applies there again."
			p += " The workspace's " + role + ", if any, applies there again."
		}
		return twoWays{m, p}
	case directory.OpDefine:
		if ch.Noop() {
			return twoWays{fmt.Sprintf("The role *%s* already says that: nothing changed.", role),
				fmt.Sprintf("The role %s already says that: nothing changed.", role)}
		}
		verb := "defined"
		if ch.Before != "" {
			verb = "redefined"
		}
		hint := "/roles set " + ch.Role + " @someone"
		return twoWays{
			fmt.Sprintf("%s %s the role *%s*: _%s_. Set someone with `%s`.", by.mrkdwn, verb, role, Escape(ch.After), Escape(hint)),
			fmt.Sprintf("%s %s the role %s: %s. Set someone with %s.", by.plain, verb, role, ch.After, hint),
		}
	}
	s := ch.String()
	return twoWays{Escape(s), s}
}

func (c changeNote) Blocks() []slack.Block {
	return []slack.Block{section("change", c.sentence().mrkdwn)}
}
func (c changeNote) Fallback() string { return truncate(c.sentence().mrkdwn, maxFallback) }
func (c changeNote) Text() string     { return c.sentence().plain }

// historyList is /roles history.
type historyList struct {
	changes []directory.Change
	names   map[directory.Assignee]who
	cat     *directory.Catalog
	here    string
}

func (c historyList) line(ch directory.Change) twoWays {
	n := changeNote{c: ch, names: c.names, cat: c.cat}
	role := roleLabelOf(c.cat, ch.Role)
	by := n.person(ch.By)
	where, whereP := "for the whole workspace", "for the whole workspace"
	if ch.Channel != "" {
		m, p := channelRef(ch.Channel)
		where, whereP = "in "+m, "in "+p
	}
	var m, p string
	switch ch.Op {
	case directory.OpSet:
		after := n.person(ch.After)
		m = fmt.Sprintf("%s set *%s* %s to %s", by.mrkdwn, role, where, after.mrkdwn)
		p = fmt.Sprintf("%s set %s %s to %s", by.plain, role, whereP, after.plain)
		if ch.Before != "" {
			b := n.person(ch.Before)
			m += " (was " + b.mrkdwn + ")"
			p += " (was " + b.plain + ")"
		}
	case directory.OpUnset:
		b := n.person(ch.Before)
		m = fmt.Sprintf("%s cleared *%s* %s (was %s)", by.mrkdwn, role, where, b.mrkdwn)
		p = fmt.Sprintf("%s cleared %s %s (was %s)", by.plain, role, whereP, b.plain)
	case directory.OpDefine:
		m = fmt.Sprintf("%s defined *%s*: _%s_", by.mrkdwn, role, Escape(ch.After))
		p = fmt.Sprintf("%s defined %s: %s", by.plain, role, ch.After)
		if ch.Before != "" {
			m += " (was _" + Escape(ch.Before) + "_)"
			p += " (was " + ch.Before + ")"
		}
	case directory.OpImport:
		m = fmt.Sprintf("%s imported the directory: %s (was %s)", by.mrkdwn, Escape(ch.After), Escape(ch.Before))
		p = fmt.Sprintf("%s imported the directory: %s (was %s)", by.plain, ch.After, ch.Before)
	default:
		m, p = Escape(ch.String()), ch.String()
	}
	at := ch.At.UTC()
	stamp := at.Format("2006-01-02 15:04 UTC")
	return twoWays{
		fmt.Sprintf("• <!date^%d^{date_short_pretty} {time}|%s> — %s", at.Unix(), stamp, m),
		fmt.Sprintf("  - %s %s", stamp, p),
	}
}

func (c historyList) Blocks() []slack.Block {
	if len(c.changes) == 0 {
		return []slack.Block{section("history-title", "*Role directory history*\nNo changes yet: curators set roles with `/roles set po @someone`.")}
	}
	ms := make([]string, len(c.changes))
	for i, ch := range c.changes {
		ms[i] = c.line(ch).mrkdwn
	}
	bs := []slack.Block{section("history-title", fmt.Sprintf("*Role directory: the last %d change(s), newest first*", len(c.changes)))}
	return append(bs, sections("history", ms, maxBlocks-1)...)
}

func (c historyList) Fallback() string {
	return fmt.Sprintf("Role directory history: %d change(s).", len(c.changes))
}

func (c historyList) Text() string {
	if len(c.changes) == 0 {
		return "Role directory history: no changes yet."
	}
	var b strings.Builder
	b.WriteString("Role directory history, newest first:")
	for _, ch := range c.changes {
		b.WriteString("\n" + c.line(ch).plain)
	}
	return b.String()
}

// rolesHelp is the help with the team's roles.
type rolesHelp struct {
	helpContent
	roles []directory.Role
}

func (c rolesHelp) list(code func(string) string) string {
	parts := make([]string, 0, len(c.roles))
	for _, r := range c.roles {
		p := r.Label()
		if s := shortRole(r); s != r.Name {
			p += " (" + code(s) + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

func (c rolesHelp) Blocks() []slack.Block {
	bs := c.helpContent.Blocks()
	s := "*Your team's roles:* " + c.list(func(s string) string { return Escape(s) }) +
		".\n`/roles who` shows who holds them; ask me “who is our PO?” anywhere."
	return append(bs, section("roles", s))
}

func (c rolesHelp) Text() string {
	return c.helpContent.Text() + "\nYour team's roles: " + c.list(func(s string) string { return s }) + "."
}

// homeRolesSection is the team's roles on the App Home.
type homeRolesSection struct {
	roles       []directory.Role
	assignments []directory.Assignment
	names       map[directory.Assignee]who
	down        bool
}

// maxHomeChannels bounds the channels listed under one role.
const maxHomeChannels = 10

func (c homeRolesSection) lines() []string {
	var out []string
	for _, r := range c.roles {
		s := "*" + capital(r.Label()) + "*"
		if !r.Builtin && r.Description != "" {
			s += " — _" + Escape(r.Description) + "_"
		}
		var held []string
		for _, a := range c.assignments {
			if a.Role != r.Name {
				continue
			}
			w := c.names[a.Assignee]
			if w.mrkdwn == "" {
				w = mention(a.Assignee)
			}
			if a.Channel == "" {
				// The workspace's holder first (assignments sort it first).
				held = append([]string{"whole workspace: " + w.mrkdwn}, held...)
				continue
			}
			m, _ := channelRef(a.Channel)
			held = append(held, m+": "+w.mrkdwn)
		}
		if len(held) > maxHomeChannels {
			held = append(held[:maxHomeChannels], fmt.Sprintf("and %d more channels", len(held)-maxHomeChannels))
		}
		if len(held) == 0 {
			held = []string{"nobody yet · `/roles set " + Escape(shortRole(r)) + " @someone`"}
		}
		out = append(out, s+"\n"+capital(strings.Join(held, " · ")))
	}
	return out
}

// maxHomeRoleBlocks bounds the blocks of the roles section.
const maxHomeRoleBlocks = 12

func (c homeRolesSection) blocks() []slack.Block {
	bs := []slack.Block{divider("home-d-roles"), header("home-roles", "Your team's roles")}
	if c.down {
		return append(bs, section("home-roles-down", Escape(directoryDownNote)))
	}
	bs = append(bs, sections("home-roles", c.lines(), maxHomeRoleBlocks)...)
	return append(bs, context1("home-roles-more", "Ask me “who is our PO?” in any channel. Curators set roles with `/roles set po @someone [#channel]` and add the team's own with `/roles define`."))
}

func (c homeRolesSection) text() string {
	if c.down {
		return "Your team's roles: " + directoryDownNote
	}
	var b strings.Builder
	b.WriteString("Your team's roles:")
	for _, r := range c.roles {
		b.WriteString("\n  - " + capital(r.Label()))
	}
	return b.String()
}
