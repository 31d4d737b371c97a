package directory

import "strings"

// Assignee is who holds a role: a Slack user id (U… or, on Enterprise Grid,
// W…) or a user group id (S…).
type Assignee string

// Group reports whether a is a user group.
func (a Assignee) Group() bool { return strings.HasPrefix(string(a), "S") }

// Valid reports whether a is a well-formed user or user group id.
func (a Assignee) Valid() bool { return ValidUser(string(a)) || ValidGroup(string(a)) }

// Mention is how Slack renders a: <@U…> for a person, <!subteam^S…> for a
// group. It never shows the raw id to the reader.
func (a Assignee) Mention() string {
	if a.Group() {
		return "<!subteam^" + string(a) + ">"
	}
	return "<@" + string(a) + ">"
}

// maxIDLen bounds a Slack id; real ones are 9 to 11 characters.
const maxIDLen = 24

// ValidUser reports whether id looks like a Slack user id: U or W, then
// uppercase letters and digits.
func ValidUser(id string) bool { return validID(id, "UW") }

// ValidGroup reports whether id looks like a Slack user group id (S…).
func ValidGroup(id string) bool { return validID(id, "S") }

// ValidChannel reports whether id looks like a Slack channel id: C for a
// public channel, G for a private one.
func ValidChannel(id string) bool { return validID(id, "CG") }

func validID(id, prefixes string) bool {
	if len(id) < 2 || len(id) > maxIDLen || !strings.ContainsRune(prefixes, rune(id[0])) {
		return false
	}
	for i := 1; i < len(id); i++ {
		if c := id[i]; (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// bareID reports whether a word typed without @ or # is meant as an id: the
// form above with at least one digit and three characters, so that words
// such as "US" or "SM" stay words.
func bareID(w string) bool {
	return len(w) >= 3 && strings.ContainsAny(w, "0123456789") && validID(w, "UWSCG")
}

// typedID reports whether w, typed after @ or #, is an id: the form above
// with at least one digit, so that @SAM stays a name.
func typedID(w, prefixes string) bool {
	return strings.ContainsAny(w, "0123456789") && validID(w, prefixes)
}

// tokenKind classifies one word of a command.
type tokenKind uint8

const (
	tokWord     tokenKind = iota // an ordinary word
	tokUser                      // a person: <@U…>, @U…, U…
	tokGroup                     // a user group: <!subteam^S…>, @S…, S…
	tokChannel                   // a channel: <#C…>, #C…, C…
	tokSpecial                   // @here, @channel, @everyone
	tokName                      // @alice: a name, not an id
	tokChanName                  // #payments: a channel name, not an id
	tokOther                     // another <…> form: a link, a date, …
)

// classify reads one token as Slack sends it (escaped: <@U1|alice>,
// <!subteam^S1|@design>, <#C1|payments>) or as a person types it in a
// terminal (@U1, U1, #C1). It returns the kind and the id, if any.
func classify(t string) (tokenKind, string) {
	if strings.HasPrefix(t, "<") && strings.HasSuffix(t, ">") && len(t) >= 2 {
		inner := t[1 : len(t)-1]
		if i := strings.IndexByte(inner, '|'); i >= 0 {
			inner = inner[:i]
		}
		switch {
		case strings.HasPrefix(inner, "@"):
			if id := inner[1:]; ValidUser(id) {
				return tokUser, id
			}
		case strings.HasPrefix(inner, "!subteam^"):
			if id := inner[len("!subteam^"):]; ValidGroup(id) {
				return tokGroup, id
			}
		case strings.HasPrefix(inner, "#"):
			if id := inner[1:]; ValidChannel(id) {
				return tokChannel, id
			}
		case inner == "!here" || inner == "!channel" || inner == "!everyone":
			return tokSpecial, inner[1:]
		}
		return tokOther, ""
	}
	switch {
	case strings.HasPrefix(t, "@"):
		w := strings.TrimRight(t[1:], ",.;:!?")
		switch {
		case typedID(w, "UW"):
			return tokUser, w
		case typedID(w, "S"):
			return tokGroup, w
		case w == "here" || w == "channel" || w == "everyone":
			return tokSpecial, w
		case w == "":
			return tokWord, ""
		}
		return tokName, w
	case strings.HasPrefix(t, "#"):
		w := strings.TrimRight(t[1:], ",.;:!?")
		if typedID(w, "CG") {
			return tokChannel, w
		}
		if w == "" {
			return tokWord, ""
		}
		return tokChanName, w
	}
	w := strings.TrimRight(t, ",.;:!?")
	if bareID(w) {
		switch w[0] {
		case 'U', 'W':
			return tokUser, w
		case 'S':
			return tokGroup, w
		default:
			return tokChannel, w
		}
	}
	return tokWord, ""
}
