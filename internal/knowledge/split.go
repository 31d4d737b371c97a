package knowledge

import "strings"

// Two questions in one message ("can someone send me the roadmap deck?
// also who owns the roadmap, po or pm?") are read as one by the gates: the
// request refuses the whole message. When it is refused, each question of
// it is read again on its own, and one that Rolecall answers is answered.
//
// Only a question that stands alone is read again: one that asks who does
// something, or asks about a named role, in words of its own, or a
// fragment that does ("epics, po or pm?", "po skills?"). A question
// that points back at the other ("…and who runs it?"), asks who knows the
// other's figure ("…would the PM or the PO know?"), speaks of the asker
// ("who do I ask?"), asks whether a role is doing something ("…is the
// po coming?") or only confirms a claim ("the PO leads sprints, right?")
// is not; and the other part must ask something too, so that a
// remark after a question ("who owns the budget for the new seats? the
// refurb one, not the app") still reads with it. A message refused as an
// injection or as too long is not read again, nor one that opens with a
// quote (the question quoted is answered already).

// maxParts bounds the questions of one message that are read again.
const maxParts = 6

// part is a span of a message: [from, to).
type part struct{ from, to int }

// answerParts answers the first question of q that stands alone and that
// the engine answers, beside another part that asks something.
func (e *Engine) answerParts(q string) (Answer, bool) {
	var ps [maxParts]part
	n := splitQuestions(q, ps[:])
	if n < 2 {
		return Answer{}, false
	}
	var asks uint8 // the parts that ask something
	for k := range n {
		if asksSomething(q[ps[k].from:ps[k].to]) {
			asks |= 1 << k
		}
	}
	for k := range n {
		p := q[ps[k].from:ps[k].to]
		if asks&^(1<<k) == 0 || !standsAlone(p) {
			continue
		}
		if a := e.answerOne(p); a.Owner != Unknown {
			return a, true
		}
	}
	return Answer{}, false
}

// partText is a part as shown to the asker: without the join that led
// into it ("also", "+", "2)", "P.S.").
func partText(p string) string {
	for {
		p = strings.TrimLeft(p, " \t\r\n+•-—–,;:.")
		if d := strings.TrimLeft(p, "0123456789"); len(d) < len(p) && d != "" && (d[0] == ')' || d[0] == '.') {
			p = d[1:] // "2) who…"
			continue
		}
		w := partWords{s: p}
		x, ok := w.next()
		if !ok || !leadIn(x) || w.i < len(p) && (isLetterByte(p[w.i]) || p[w.i] == '-' || p[w.i] == '\'') {
			return strings.TrimSpace(p)
		}
		p = p[w.i:]
	}
}

// splitQuestions cuts q after each run of question marks that more text
// follows, into at most len(ps) parts, and returns how many.
func splitQuestions(q string, ps []part) int {
	n, from := 0, 0
	for i := 0; i < len(q) && n < len(ps)-1; i++ {
		if q[i] != '?' {
			if c := joinAt(q, i); c > 0 && i > from && opensAsk(q[i+c:]) {
				ps[n] = part{from, i}
				n++
				from = i
				i += c - 1
			}
			continue
		}
		j := i + 1
		for j < len(q) && (q[j] == '?' || q[j] == '!' || q[j] == ' ' || q[j] == '\n' || q[j] == '\t' || q[j] == '\r') {
			j++
		}
		if j == len(q) {
			break
		}
		ps[n] = part{from, j}
		n++
		from, i = j, j-1
	}
	if n == 0 {
		return 0
	}
	ps[n] = part{from, len(q)}
	return n + 1
}

// joins are the words and marks that start another ask within a sentence.
var joins = []string{" + ", " also ", " also,", " also:", " btw ", " btw,", " p.s.", " ps ", " ps:", " oh and ", " 2) ", " 3) ", " • ", " separately", " random one"}

// joinAt returns the length of the join that starts at q[i], or 0.
func joinAt(q string, i int) int {
	for _, j := range joins {
		if len(q)-i >= len(j) && strings.EqualFold(q[i:i+len(j)], j) {
			return len(j)
		}
	}
	return 0
}

// partWords walks the ASCII words of a part, letters only ("who's" is
// "who", "s"), lowercased by comparison rather than copied.
type partWords struct {
	s string
	i int
}

func (w *partWords) next() (string, bool) {
	for w.i < len(w.s) && !isLetterByte(w.s[w.i]) {
		w.i++
	}
	if w.i == len(w.s) {
		return "", false
	}
	j := w.i
	for w.i < len(w.s) && isLetterByte(w.s[w.i]) {
		w.i++
	}
	return w.s[j:w.i], true
}

// wordIn reports whether x is one of xs, whatever its case.
func wordIn(x string, xs ...string) bool {
	for _, y := range xs {
		if strings.EqualFold(x, y) {
			return true
		}
	}
	return false
}

// leadIn reports whether x only joins a part to the one before ("also",
// "btw", "oh and", "P.S.").
func leadIn(x string) bool {
	return wordIn(x, "also", "and", "btw", "oh", "so", "but", "ps", "p", "s", "plus", "then", "anyway", "anyways")
}

// firstWord returns the part's first word after its lead-in, a greeting
// ("hey all,") and a request to be told ("may I know", "can you tell me")
// and a walker placed after it.
func firstWord(s string) (string, partWords) {
	w := partWords{s: s}
	for {
		x, ok := w.next()
		if !ok {
			return x, w
		}
		if leadIn(x) || greeting(x) {
			continue
		}
		if v, ok := toTell(w, x); ok {
			w = v
			continue
		}
		return x, w
	}
}

// greeting reports whether x greets whoever reads the message ("hi team",
// "hey all", "morning folks").
func greeting(x string) bool {
	return wordIn(x, "hi", "hey", "heya", "hiya", "hello", "yo", "morning", "gm", "team", "all", "everyone", "folks", "guys", "yall", "people")
}

// tellHeads are the requests to be told that may head a question, word by
// word.
var tellHeads = [][]string{
	{"may", "i", "know"}, {"can", "i", "know"}, {"may", "i", "ask"}, {"can", "i", "ask"}, {"could", "i", "ask"},
	{"can", "you", "tell", "me"}, {"could", "you", "tell", "me"}, {"can", "u", "tell", "me"}, {"pls", "tell", "me"}, {"please", "tell", "me"},
	{"does", "anyone", "know"}, {"anyone", "know"}, {"do", "you", "know"},
}

// toTell reports whether x and the words after w are a request to be told
// (see tellHeads), and returns a walker placed after it.
func toTell(w partWords, x string) (partWords, bool) {
next:
	for _, t := range tellHeads {
		if !wordIn(x, t[0]) {
			continue
		}
		v := w
		for _, y := range t[1:] {
			z, ok := v.next()
			if !ok || !wordIn(z, y) {
				continue next
			}
		}
		return v, true
	}
	return w, false
}

// asksSomething reports whether a part asks a question or makes a request:
// it ends in a question mark or opens as a question or request does.
func asksSomething(s string) bool {
	if strings.HasSuffix(strings.TrimRight(s, " \t\r\n!.)"), "?") {
		return true
	}
	return opensAsk(s)
}

// opensAsk reports whether s, after its lead-in, opens as a question or a
// request does.
func opensAsk(s string) bool {
	x, _ := firstWord(s)
	return wordIn(x, "can", "could", "would", "pls", "please", "plz", "send", "share", "remind", "book", "what", "whats", "when", "whens",
		"where", "wheres", "how", "is", "are", "who", "whose", "whos", "which", "does", "do", "did", "will", "should", "any", "anyone",
		"someone", "need", "give", "reset", "fix", "add", "update", "approve", "check", "order", "invite", "grant", "export", "print", "move", "schedule", "forward", "post", "find", "tell", "let")
}

// roleNoun reports whether x names one of the two roles ("po", "owners").
func roleNoun(x string) bool {
	return wordIn(x, "po", "pm", "pos", "pms", "owner", "owners", "manager", "managers")
}

// standsAlone reports whether a part is a question about the roles in
// words of its own (see the comment at the top of this file).
func standsAlone(s string) bool {
	x, w := firstWord(s)
	who := wordIn(x, "who", "whose", "whos", "which")
	if !who && !wordIn(x, "what", "whats", "is", "isn", "should", "shouldn", "can", "could", "does", "do", "are", "would", "how") {
		return fragment(s)
	}
	role := who
	progressive := wordIn(x, "is", "are", "isn")
	count := 1
	prev, last := x, x
	pending := false // "it" just read, after "is"
	for {
		y, ok := w.next()
		if !ok {
			break
		}
		count++
		if pending {
			// "whose job is it to…", "is it the PO…": "it" asks; "is it on
			// the PM's dashboard" points back.
			if !wordIn(y, "to", "the", "a", "our", "po", "pm", "ok", "okay", "normal", "fine") {
				return false
			}
			pending = false
		}
		switch {
		case wordIn(y, "it"):
			if !wordIn(prev, "is", "was", "t") {
				return false
			}
			pending = true
		case !who && wordIn(y, "one", "ones") && !wordIn(prev, "which", "each", "every", "any", "no"):
			// "do we need one as well?" points back; "which role is the
			// customer-facing one?" asks.
			return false
		case wordIn(y, "ask") && wordIn(prev, "to"):
			// "pls tell me who to ask" speaks of the asker.
			return false
		case wordIn(y, "that", "this", "them", "those", "these", "then", "there", "here", "he", "she", "him", "her", "his", "they", "their", "i", "me", "my",
			"know", "knows", "figure", "figures", "number", "numbers", "dashboard", "current"):
			return false
		case roleNoun(y) || wordIn(y, "role", "roles"):
			role = true
		case progressive && strings.HasSuffix(strings.ToLower(y), "ing") && roleNoun(prev):
			// "is the po coming or just the pm": whether a person is
			// doing something, not whose job it is.
			return false
		}
		prev, last = y, y
	}
	if pending || count < 3 || !role {
		return false
	}
	// "the PO leads sprints, right?" only confirms a claim.
	return !wordIn(last, "right", "correct", "yeah", "yes", "no", "innit", "true", "yea", "ya")
}

// fragment reports whether a part that ends in a question mark asks about
// the roles in a fragment of its own: a subject, a mark, then one role or
// the two to choose from ("epics, PO or PM?", "diff between po and pm -
// po or pm?"), or a role and one to three words after it ("po skills?",
// "pm need empathy?"). Not a tail of roles alone ("…? po or pm?"), a
// subject that speaks of the asker or asks ("after my degree which is the
// better job, po or pm?"), a setting of several sentences, a role's
// "thing" or "job" that points back ("who tracks yields? po thing?"), nor
// a claim to confirm ("pm tracks nps right?").
func fragment(s string) bool {
	s = partText(s)
	if !strings.HasSuffix(s, "?") {
		return false
	}
	s = strings.TrimRight(s, "?! ")
	if i := strings.LastIndexAny(s, ":,=-—–>"); i > 0 {
		head, tail := s[:i], s[i+1:]
		w := partWords{s: tail}
		role, n := false, 0
		for {
			y, ok := w.next()
			if !ok {
				break
			}
			n++
			switch {
			case roleNoun(y):
				role = true
			case wordIn(y, "or", "the", "a", "vs", "and", "product"):
			default:
				return false
			}
		}
		h := partWords{s: head}
		subject := false
		for {
			y, ok := h.next()
			if !ok {
				break
			}
			if wordIn(y, "i", "my", "me", "which", "who", "what", "whose") {
				// "after my degree which is the better job to go for, po
				// or pm?" speaks of the asker.
				return false
			}
			if len(y) >= 3 && !roleNoun(y) {
				subject = true
			}
		}
		return role && n <= 5 && subject && !strings.ContainsAny(head, ".?!")
	}
	w := partWords{s: s}
	x, ok := w.next()
	if !ok || !roleNoun(x) {
		return false
	}
	n, subject := 1, false
	for {
		y, ok := w.next()
		if !ok {
			break
		}
		if !roleNoun(y) && !wordIn(y, "or", "and", "vs", "the", "a", "s") {
			subject = true
		}
		if wordIn(y, "that", "this", "it", "them", "those", "these", "then", "there", "he", "she", "they", "coming", "here", "today", "now",
			"thing", "things", "job", "call", "task", "stuff", "area", "problem", "right", "correct", "yes", "no", "true", "innit") {
			// "po thing?" points back; "pm tracks nps right?" confirms a
			// claim.
			return false
		}
		n++
	}
	return subject && n >= 2 && n <= 4
}
