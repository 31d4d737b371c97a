package directory

import "strings"

// Question is a directory question asked in plain words.
type Question struct {
	// Role is the role asked about.
	Role Role
	// Channel is the channel named in the question ("who's the scrum
	// master for #payments?"); "" means where it was asked.
	Channel string
}

// leadIns are the words that may follow "who" before the role.
var leadIns = map[string]bool{"is": true, "are": true, "s": true, "re": true}

// determiners mark a particular person rather than the role in general:
// "who is our PO" asks the directory, "who is a PO" asks the knowledge.
var determiners = map[string]bool{"our": true, "the": true, "my": true, "your": true, "this": true}

// trailers may follow the role in a directory question.
var trailers = map[string]bool{
	"here": true, "in": true, "for": true, "on": true, "this": true, "that": true, "channel": true, "team": true,
	"now": true, "currently": true, "today": true, "at": true, "of": true, "the": true, "our": true, "right": true,
	"again": true, "please": true, "these": true, "days": true,
}

// AsksWho reports whether text (a message, a mention without the bot's own
// mention, a DM) asks who holds a role: "who is our PO?", "who's the
// scrum master for #payments?", "who are the PMs here". It needs "who",
// then "our", "the" or "my" (or a channel) before the role, and nothing
// after it but words such as "here" or "in this channel": "who is a
// product owner?" and "who owns the backlog?" are knowledge questions and
// return false. Mentions of people are ignored; the first channel is kept.
func AsksWho(text string, cat *Catalog) (Question, bool) {
	if len(text) > maxCommandLen {
		return Question{}, false
	}
	var q Question
	var b strings.Builder
	for _, t := range tokenize(text) {
		kind, id := classify(t.text)
		switch kind {
		case tokChannel:
			if q.Channel == "" {
				q.Channel = id
			}
		case tokUser, tokGroup, tokSpecial, tokOther:
		default:
			b.WriteString(t.text)
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(Normalize(b.String()))
	i := 0
	switch {
	case len(words) > 0 && words[0] == "who":
		i = 1
	case len(words) > 0 && (words[0] == "whos" || words[0] == "whore"): // who's, who're
		i = 1
	default:
		return Question{}, false
	}
	for i < len(words) && leadIns[words[i]] {
		i++
	}
	determined := false
	for i < len(words) && determiners[words[i]] {
		determined = true
		i++
	}
	if !determined && q.Channel == "" {
		return Question{}, false
	}
	for n := min(maxSpellingWords, len(words)-i); n > 0; n-- {
		r, ok := cat.index[strings.Join(words[i:i+n], " ")]
		if !ok {
			continue
		}
		for _, w := range words[i+n:] {
			if !trailers[w] {
				return Question{}, false
			}
		}
		q.Role = cat.roles[r]
		return q, true
	}
	return Question{}, false
}
