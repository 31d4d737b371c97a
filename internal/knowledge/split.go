package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Two questions in one message ("can someone send me the roadmap deck?
// also who owns the roadmap, po or pm?") are read as one by the gates: the
// request refuses the whole message. When it is refused, each question of
// it is read again on its own, and one that Rolecall answers is answered.
//
// Only a question that stands alone is read again: one that asks who does
// something, or asks about a named role, in words of its own, perhaps
// after a setting of its own ("hiring PO or PM, what do you recommend?"),
// or a fragment that does ("epics, po or pm?", "po skills?"). A question
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

// partWords walks the words of a part, letters only ("who's" is "who",
// "s"; "olá" one word) and Slack markup skipped, lowercased by comparison
// rather than copied.
type partWords struct {
	s string
	i int
}

func (w *partWords) next() (string, bool) {
	for w.i < len(w.s) {
		if w.s[w.i] == '<' {
			// Slack markup ("<@U04ABCD12>", "<#C05|rider-app>", a
			// link) is no word of the part.
			if j := strings.IndexByte(w.s[w.i:], '>'); j > 0 {
				w.i += j + 1
				continue
			}
		}
		n := letterAt(w.s, w.i)
		if n > 0 {
			break
		}
		w.i -= n
	}
	if w.i == len(w.s) {
		return "", false
	}
	j := w.i
	for w.i < len(w.s) {
		n := letterAt(w.s, w.i)
		if n <= 0 {
			break
		}
		w.i += n
	}
	return w.s[j:w.i], true
}

// letterAt returns the length of the character at s[i] if it is a letter,
// or minus its length if it is not: a greeting in another language is one
// word ("olá", "cześć"), and a curly apostrophe still splits "who’s".
func letterAt(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		if isLetterByte(s[i]) {
			return 1
		}
		return -1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if unicode.IsLetter(r) {
		return n
	}
	return -n
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
	return wordIn(x, "also", "and", "btw", "oh", "so", "but", "ps", "p", "s", "plus", "then", "anyway", "anyways", "separately")
}

// firstWord returns the part's first word after its lead-in, a greeting
// ("hey all,"), a softener ("kindly", "quick one,"), a request to be told
// ("may I know", "can you tell me") and an asker's intro ("qa here"), and
// a walker placed after it.
func firstWord(s string) (string, partWords) {
	w := partWords{s: s}
	for {
		x, ok := w.next()
		if !ok {
			return x, w
		}
		if leadIn(x) || greeting(x) || softener(x) {
			continue
		}
		if v, ok := toTell(w, x); ok {
			w = v
			continue
		}
		if v, ok := introduced(w, x); ok {
			w = v
			continue
		}
		return x, w
	}
}

// introduced reports whether x and up to two words after w are an
// asker's intro that ends in "here" ("qa here", "data analyst here.",
// "new here -"), and returns a walker placed after it.
func introduced(w partWords, x string) (partWords, bool) {
	for range 3 {
		if askWord(x) || roleNoun(x) && !wordIn(x, "po", "pm") {
			return w, false
		}
		y, ok := w.next()
		if !ok {
			return w, false
		}
		if wordIn(y, "here") {
			return w, true
		}
		x = y
	}
	return w, false
}

// greeting reports whether x greets whoever reads the message ("hi team",
// "hey all", "morning folks", "olá").
func greeting(x string) bool {
	return wordIn(x, "hi", "hey", "heya", "hiya", "hello", "yo", "morning", "gm", "team", "all", "everyone", "folks", "guys", "yall", "people",
		"hola", "olá", "ola", "oi", "hej", "hei", "hallo", "moin", "servus", "cześć", "czesc", "ciao", "salut", "bonjour", "allo", "allô", "coucou", "halo", "hai", "kak", "kuya", "gaes", "habari", "jambo", "namaste", "merhaba")
}

// softener reports whether x only softens the ask it heads ("kindly share
// the slides", "ok honestly what's…"), or is the word after "quick"
// ("quick one, can you…", "quick q:").
func softener(x string) bool {
	return wordIn(x, "kindly", "just", "quickly", "quick", "one", "q", "qn", "question", "ok", "okay", "honestly", "tbh", "ngl", "hmm", "um", "genuinely", "seriously", "basically", "random")
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
	w := partWords{s: s}
	if x, _ := w.next(); wordIn(x, "or", "nor") {
		// "…a PO thing or a PM thing? or neither?" goes on with the
		// question before it.
		return false
	}
	if strings.HasSuffix(strings.TrimRight(s, " \t\r\n!.)"), "?") {
		return true
	}
	return opensAsk(s) || endsPlease(s)
}

// endsPlease reports whether s ends with "pls" or "please", emoji codes
// aside: "retro board link pls :pray:" asks for something.
func endsPlease(s string) bool {
	return wordIn(finalWord(s), "pls", "plz", "please", "plox")
}

// finalWord returns the last word of s that is no emoji code (":pray:"),
// or "" when there is none.
func finalWord(s string) string {
	w := partWords{s: s}
	last := ""
	for {
		x, ok := w.next()
		if !ok {
			return last
		}
		if w.i < len(s) && s[w.i] == ':' && w.i-len(x) > 0 && s[w.i-len(x)-1] == ':' {
			continue // ":pray:"
		}
		last = x
	}
}

// opensAsk reports whether s, after its lead-in, opens as a question or a
// request does.
func opensAsk(s string) bool {
	x, _ := firstWord(s)
	return wordIn(x, "can", "could", "would", "pls", "please", "plz", "send", "share", "remind", "book", "what", "whats", "when", "whens",
		"where", "wheres", "how", "is", "are", "who", "whose", "whos", "which", "does", "do", "did", "will", "should", "any", "anyone",
		"someone", "need", "give", "reset", "fix", "add", "update", "approve", "check", "order", "invite", "grant", "export", "print", "move", "schedule", "forward", "post", "find", "tell", "let",
		"confirm", "create", "make", "write", "draft", "help", "ping", "cancel", "assign")
}

// determines reports whether the word w walks next is a noun a
// determiner just read ("this") stands before: no function word, no role,
// not the end.
func determines(w partWords) bool {
	z, ok := w.next()
	return ok && !roleNoun(z) && !isAux(z) && !wordIn(z, "or", "and", "to", "for", "up", "with", "on", "in", "of", "at", "by", "from",
		"the", "a", "an", "our", "thing", "things", "one", "ones", "stuff", "s", "job", "role", "part", "too", "as", "though", "right", "correct", "ok", "okay", "normal", "fine",
		"be", "are", "were", "been", "do", "must", "need", "needs", "mean", "means", "sits", "goes", "falls", "belongs", "should", "would", "could", "will")
}

// ingNoun reports whether x, a word in -ing, is a noun after a role
// ("a po thing", "the pm meeting"), not what the role is doing.
func ingNoun(x string) bool {
	return wordIn(x, "thing", "something", "anything", "nothing", "everything", "meeting", "planning", "pricing", "marketing", "training",
		"onboarding", "briefing", "ticketing", "funding", "budgeting", "forecasting", "roadmapping", "king", "ring", "string", "wing")
}

// speaksOfRole reports whether s names one of the two roles.
func speaksOfRole(s string) bool { return hasWord(s, roleNoun) }

// hasWord reports whether a word of s is one that is reports.
func hasWord(s string, is func(string) bool) bool {
	w := partWords{s: s}
	for {
		x, ok := w.next()
		if !ok {
			return false
		}
		if is(x) {
			return true
		}
	}
}

// roleNoun reports whether x names one of the two roles ("po", "owners").
func roleNoun(x string) bool {
	return wordIn(x, "po", "pm", "pos", "pms", "owner", "owners", "manager", "managers")
}

// standsAlone reports whether a part is a question about the roles in
// words of its own (see the comment at the top of this file).
func standsAlone(s string) bool {
	x, w := firstWord(s)
	if askWord(x) {
		return asksAlone(x, w, false, false)
	}
	return fragment(s) || settingFirst(s, x, w)
}

// askWord reports whether x may head a question that stands alone.
func askWord(x string) bool {
	return wordIn(x, "who", "whose", "whos", "which", "what", "whats", "is", "isn", "should", "shouldn", "can", "could", "does", "do", "are", "would", "how", "where")
}

// asksWho reports whether x asks who or which.
func asksWho(x string) bool { return wordIn(x, "who", "whose", "whos", "which") }

// maxSetting bounds the words of a setting before the question it heads
// within a part.
const maxSetting = 12

// settingFirst reports whether a part that ends in a question mark opens
// with a setting of its own and then asks about the roles:
// "dependencies between squads is pm problem or po problem?", "hiring PO
// or PM, what you recommend?", "thinking outside the box, is this a PM
// skill?". The setting may name the role asked about, and the question may
// point back at it; a setting that speaks of the asker ("i'm switching to
// PM, what should i learn?") or opens pointing back does not stand alone,
// and one of several sentences only before a question that names a role
// (below). x is the part's first word and w the walker after it.
func settingFirst(s, x string, w partWords) bool {
	t := strings.TrimRight(s, " \t\r\n!.)")
	if !strings.HasSuffix(t, "?") {
		return false
	}
	if i := strings.LastIndexAny(strings.TrimRight(t, "?"), ".!?"); i >= 0 {
		// A setting of several sentences is followed by one that asks
		// about a role of its own, pointing back only where it asks who
		// or which ("…around 150 a day. who collects this feedback, PO or
		// PM?", "we just opened 4 new venues. should we get a product
		// owner?"); else it is a claim and another question ("pm is
		// supposed to track market trends. is the EV wash trend real or
		// hype?", "customer says we missed it. is that set by the PO?").
		// A setting that speaks of a role is a claim about it ("the PM
		// is the customer-facing one and the clinic wants her. who's our
		// radiology PM?").
		v := partWords{s: t[i+1:]}
		y, _ := v.next()
		return askWord(y) && !speaksOfRole(t[:i]) && asksAlone(y, v, false, asksWho(y))
	}
	if wordIn(x, "that", "thats", "this", "it", "its", "those", "these", "they", "then", "so") {
		// "that's prioritising, so is it the po?" points back at the
		// other part.
		return false
	}
	role := false
	for n := 1; n <= maxSetting; n++ {
		if wordIn(x, "i", "me", "my", "im") {
			return false
		}
		role = role || roleNoun(x) || wordIn(x, "role", "roles")
		y, ok := w.next()
		if !ok {
			return false
		}
		if askWord(y) {
			return asksAlone(y, w, role, true)
		}
		x = y
	}
	return false
}

// asksAlone reports whether the question that x heads, with w the walker
// after x, asks about the roles in words of its own. named is set when a
// setting before it names a role, set when there is a setting at all: the
// question may then point back at it.
func asksAlone(x string, w partWords, named, set bool) bool {
	who := asksWho(x)
	role := who || named
	titled := named // a role named, not only asked for with "who"
	pointed := false
	group := false // a group of people named ("the devs")
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
			// "whose job is it to…", "is it the PO…", "is it time to get a
			// PO?": "it" asks; "is it on the PM's dashboard" points back.
			if !wordIn(y, "to", "the", "a", "our", "po", "pm", "ok", "okay", "normal", "fine", "time", "worth", "better", "true", "common", "weird", "wise", "smart", "possible", "realistic", "bad", "good") {
				return false
			}
			pending = false
		}
		switch {
		case set && wordIn(y, "it", "that", "this", "them", "those", "these", "they", "their", "he", "she", "him", "her", "his"),
			titled && wordIn(y, "them", "they", "their", "he", "she", "him", "her", "his"),
			group && wordIn(y, "them", "they", "their"):
			// The setting before the question is what these point at,
			// where the part names a role ("thinking outside of box, is
			// this skill of PM?"); else at the other part, perhaps
			// ("requirements for the hard hats order - who's writing them
			// up?"). A person after a role named is the role ("can the PM
			// cover for them?"), people after a group named the group
			// ("who keeps the devs honest about finishing their stuff?");
			// a thing points back at the other part ("does the pm decide
			// that or the po?").
			pointed = true
		case wordIn(y, "who", "whose", "whos"):
			role = true
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
		case wordIn(y, "this", "these") && determines(w):
			// "this year", "this product": a determiner, which points at
			// the noun after it ("is that set by the PO?" points back).
		case wordIn(y, "that", "this", "them", "those", "these", "then", "there", "here", "he", "she", "him", "her", "his", "they", "their", "i", "me", "my",
			"know", "knows", "figure", "figures", "number", "numbers", "dashboard", "current"):
			return false
		case roleNoun(y) || wordIn(y, "role", "roles"):
			role, titled = true, true
		case progressive && strings.HasSuffix(strings.ToLower(y), "ing") && roleNoun(prev) && !ingNoun(y):
			// "is the po coming or just the pm": whether a person is
			// doing something, not whose job it is ("is that a pm or po
			// thing?" is).
			return false
		}
		group = group || wordIn(y, "devs", "developers", "engineers", "team", "teams", "customers", "users", "clients", "stakeholders", "people", "designers", "folks", "testers", "sales")
		prev, last = y, y
	}
	if pending || count < 3 || !role || pointed && !titled && !group {
		return false
	}
	// "the PO leads sprints, right?" only confirms a claim.
	return !wordIn(last, "right", "correct", "yeah", "yes", "no", "innit", "true", "yea", "ya")
}

// fragment reports whether a part that ends in a question mark, or in the
// two roles to choose from ("roadmap ownr po or pm"), asks about the roles
// in a fragment of its own: a subject, a mark, then one role or the two to
// choose from ("epics, PO or PM?", "diff between po and pm - po or pm?",
// the mark left out before the two), or a role and one to three words
// after it ("po skills?",
// "pm need empathy?"). Not a tail of roles alone ("…? po or pm?"), a
// subject that speaks of the asker or asks ("after my degree which is the
// better job, po or pm?"), a setting of several sentences, a role's
// "thing" or "job" that points back ("who tracks yields? po thing?"), nor
// a claim to confirm ("pm tracks nps right?").
func fragment(s string) bool {
	s = partText(s)
	asked, choice := strings.HasSuffix(s, "?"), choiceTail(s)
	if !asked && !choice {
		return false
	}
	s = strings.TrimRight(s, "?! ")
	if !asked {
		s = trimCourtesy(s)
	}
	i := strings.LastIndexAny(s, ":,=-—–>")
	if i < 0 && choice {
		// "roadmap ownr po or pm", "strategy po or pm ty": the two roles
		// to choose from end the subject, as a mark would.
		i = len(s) - len(" po or pm")
	}
	if i > 0 {
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

// choiceTail reports whether s ends, courtesy words aside, with the two
// roles to choose from after a subject: "… po or pm", "… pm or po".
func choiceTail(s string) bool {
	s = strings.ToLower(trimCourtesy(strings.TrimRight(s, "?!. ")))
	return strings.HasSuffix(s, " po or pm") || strings.HasSuffix(s, " pm or po")
}

// trimCourtesy returns s without the courtesy words at its end ("pls",
// "thx", "lol").
func trimCourtesy(s string) string {
	for {
		t := strings.TrimRight(s, "!. ")
		i := strings.LastIndexByte(t, ' ')
		if i < 0 || !wordIn(t[i+1:], "pls", "plz", "please", "thx", "ty", "thanks", "lol") {
			return t
		}
		s = t[:i]
	}
}

// introEnd returns where the question starts after an asker's intro that
// names no product role ("dev here.", "hi all, qa here -", "new here,"),
// or 0 when q opens with none. The intro says who asks, not what: "dev
// here. what does a 1st AD do on set?" asks what "what does a 1st AD do
// on set?" asks. A role's intro ("po here, is the roadmap mine?") tells
// whom "mine" means, so it stays; so does an intro without a mark after
// it.
func introEnd(q string) int {
	w := partWords{s: q}
	x, ok := w.next()
	for ok && greeting(x) {
		x, ok = w.next()
	}
	if !ok {
		return 0
	}
	start := w.i - len(x)
	v, ok := introduced(w, x)
	if !ok || hasWord(q[start:v.i], introNamesRole) {
		return 0
	}
	t := strings.TrimLeft(q[v.i:], " ")
	rest := strings.TrimLeft(t, " "+introMarks)
	if n := emojiCode(t); n > 0 {
		// "new here :wave: what does a PO do?"
		rest = strings.TrimLeft(t[n:], " "+introMarks)
	}
	if len(rest) == len(t) || rest == "" {
		return 0
	}
	return len(q) - len(rest)
}

// introMarks are the marks that may end an asker's intro.
const introMarks = ".,:;!-—–)"

// introNamesRole reports whether x, a word of an asker's intro, names a
// product role or the asker ("new pm here", "i'm new here").
func introNamesRole(x string) bool {
	return roleNoun(x) || wordIn(x, "product", "i", "im", "we")
}

// speaksOfAsker reports whether s speaks of whoever asks ("who's my
// counterpart?", "should we…").
func speaksOfAsker(s string) bool {
	return hasWord(s, func(x string) bool {
		return wordIn(x, "i", "me", "my", "mine", "im", "ive", "we", "us", "our", "ours")
	})
}

// productSetting returns the span [from, to) of q that only says which
// product a duty question is about: "for", "of", "on", "in", "at",
// "across" or "within", maybe a determiner, and a run of up to four words
// whose last names a piece of software or its squad ("who orders the
// backlog for the stock sync squad", "who's accountable for the ux of the
// crew mobile app"), that ends the message or comes before the roles
// offered to choose from (", po or pm?"), in a part that asks who or whose
// some words before it; ok is false when q holds none. Teams name their
// products and squads in
// words the knowledge also uses ("stock", "sync", "season"), and the
// classifier, which learned that a question about one particular
// project is most often about the project, not the roles ("who's on the
// exam season release?"), doubts the whole question where it reads the
// duty without it (see Engine.answerAsked).
func productSetting(q string) (from, to int, ok bool) {
	var ws [64]wordSpan
	n := wordSpans(q, ws[:])
	who := -1
	for i := range n {
		x := ws[i].x
		if who < 0 && asksWho(x) && !wordIn(x, "which") {
			who = i
			continue
		}
		if who < 0 || i < who+3 || !wordIn(x, "for", "of", "on", "in", "at", "across", "within") {
			continue
		}
		if j := strings.IndexAny(q[ws[who].to:ws[i].from], ".?!;"); j >= 0 {
			// The question ended before: the span belongs to the next.
			who = -1
			continue
		}
		j := i + 1
		if j < n && wordIn(ws[j].x, "the", "our", "their", "this", "that", "my", "your", "its", "a", "an", "next") {
			j++
		}
		for k := j; k < n && k <= j+3; k++ {
			if roleNoun(ws[k].x) {
				break
			}
			if k > j && q[ws[k-1].to:ws[k].from] != " " && q[ws[k-1].to:ws[k].from] != "-" {
				break // a mark between the words: the run ended
			}
			if !softwareHead(ws[k].x) {
				continue
			}
			if k == j && !wordIn(ws[k].x, "squad", "app", "apps", "portal", "platform", "site", "website", "webapp", "module", "dashboard", "tool", "software") {
				// "for the backlog", "of the release": the head alone
				// is what is asked about.
				break
			}
			if rest := q[ws[k].to:]; strings.Trim(rest, " ?.!") == "" || roleTail(rest) {
				from := ws[i].from
				for from > 0 && q[from-1] == ' ' {
					from--
				}
				return from, ws[k].to, true
			}
		}
	}
	return 0, 0, false
}

// roleTail reports whether s, after a question's setting, only offers
// the roles to choose from (", po or pm?", " — po?"): the message asks
// nothing else after it ("…for the excise module? name please" asks for a
// person).
func roleTail(s string) bool {
	t := strings.TrimLeft(s, " ")
	if r, _ := utf8.DecodeRuneInString(t); !strings.ContainsRune(",;:-—–", r) {
		return false
	}
	w := partWords{s: t}
	n, role := 0, false
	for x, ok := w.next(); ok; x, ok = w.next() {
		n++
		role = role || roleNoun(x)
		if !roleNoun(x) && !wordIn(x, "or", "the", "a", "product", "vs", "and", "both", "which", "who", "one", "is", "it") {
			return false
		}
	}
	return role && n <= 6
}

// softwareHead reports whether x, after a word, makes the two the name of
// a piece of software or of the squad that builds it. Unlike productHead,
// it leaves out the heads that name other things as often ("the hvac
// system", "the album release", "the station rebuild", "the costume
// team", "the estates backlog"): there the duty belongs to a group the
// articles say nothing of.
func softwareHead(x string) bool {
	return wordIn(x, "app", "apps", "platform", "portal", "site", "website", "webapp", "dashboard", "module", "feature", "features",
		"integration", "integrations", "api", "apis", "screen", "screens", "page", "pages", "software", "tool", "widget", "flow", "epic", "epics",
		"checkout", "wizard", "inbox", "squad", "squads")
}
