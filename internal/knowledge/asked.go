package knowledge

import "strings"

// What people type around a question in Slack (a greeting, an opener, an
// apology, a request to be told, thanks, an aside, a tone word, a link)
// says nothing about what it asks; Asked returns the part that asks, and
// the engine and LLM mode's guard read only that.

// Asked returns the part of a message that asks, as the engine reads it:
// without a greeting, an opener, a lead or an apology before it ("hey
// all, quick q:", "btw", "question for the room:", "sorry if this is a
// dumb question but": greetingEnd, leadEnd, disclaimerEnd), a request to
// be told that heads its wh-word ("does anyone know who…": tellEnd),
// thanks, an aside, a tone word or an edit's note after it ("thx!",
// "asking for a friend", "? tbh", "EDIT: typo": thanksStart, asideStart,
// remarkStart, editStart), links beside it (linkAside) and links typed
// out (withoutLinks). None of them says anything about what is asked, and
// each changed answers: over six thousand questions the cross-validated
// engine answered rightly, "hey all, quick q: " before each got 113 of
// 2,258 out-of-scope ones an owner (docs/answers.md). The message itself
// when it holds none. Its question words are read as meant first ("hwo
// owns the backlog?" asks "who owns the backlog?": respelled). LLM mode's
// guard reads the same part.
func Asked(question string) string {
	if tooLong(question) {
		// Refused as it is, unread.
		return question
	}
	question, _ = respelled(question)
	for {
		q := question
		if s, ok := linkAside(q); ok {
			q = s
		}
		if s, ok := withoutLinks(q); ok {
			q = s
		}
		if k := max(greetingEnd(q), disclaimerEnd(q), tellEnd(q), leadEnd(q)); k > 0 {
			q = q[k:]
		}
		if k := min(asideStart(q), thanksStart(q), remarkStart(q), editStart(q)); k < len(q) {
			q = q[:k]
		}
		if q == question {
			return q
		}
		question = q
	}
}

// greetingEnd returns where a message starts after a greeting of its own,
// or 0 when it opens with none: words that only greet or announce a
// question ("hey all", "hi team", "quick q", "real quick", "honest
// question", "ok so"), with mentions and emoji codes among them, ended by
// a mark or an emoji code ("hey all, quick q: who owns the backlog?", "hi
// team :wave: which role…", "quick one — is…") or by the question's own
// first word ("ok so who owns…", "and who owns…"); "hi", "hey", "yo",
// "btw", "also", "fyi", the hesitations ("hmm", "umm", "erm"), Rolecall's
// name and a mention typed as text ("@here", "@rolecall", "@sam") open a
// message by themselves. At least two words of the question follow. A
// greeting says nothing about what is asked: the answer to a message is
// the answer to it without its greeting (see Asked).
func greetingEnd(q string) int {
	i, end, greets := 0, 0, false
	// asks is whether a word that greets, not only "please", came before:
	// the question's own first word ends a greeting without a mark ("ok
	// so who owns…"), but "pls who decides…" is read as typed.
	asks := false
	// bare is whether every word so far only apologises or sums up
	// ("sry", "so basically"): those open a message without a mark
	// before any word ("sry the po decides releases, so…").
	bare, sums := true, false
	for {
		j, marked := greetingGap(q, i)
		if marked && greets {
			end = j
		}
		k := j
		for k < len(q) {
			n := letterAt(q, k)
			if n <= 0 {
				break
			}
			k += n
		}
		x := q[j:k]
		switch {
		case x != "" && (wordIn(x, "btw", "also", "fyi", "hmm", "hmmm", "um", "umm", "ummm", "uh", "uhh", "uhm", "erm", "rolecall", "hi", "hey", "heya", "hiya", "hello", "yo") || j > 0 && q[j-1] == '@'):
			// A mention typed as text rather than picked ("@here",
			// "@rolecall") is Slack's "<@U…>" by another name. Over
			// 11,000 tuning questions, "umm ", "hey " or "@rolecall "
			// before each had changed 685, 32 and 90 answers; "hey " and
			// "yo " before a question that opens with no question word
			// ("hey po or pm for…") were read as typed.
			greets, asks = true, true
			if v, _ := greetingGap(q, k); twoWordsLeft(partWords{s: q[v:]}) {
				end = v
			}
		case x != "" && wordIn(x, "morning", "gm", "quick", "q", "qq", "question", "wait", "help", "here"):
			// ("new here :wave:" greets as "hi all" does: it names no
			// role of the asker's.)
			greets, asks = true, true
		case x != "" && wordIn(x, "all", "everyone", "team", "folks", "guys", "yall", "people", "good", "one", "random", "ok", "okay",
			"so", "real", "honest", "genuine", "serious", "pls", "please", "plz", "but", "and",
			"noob", "newbie", "dumb", "stupid", "silly", "basic", "beginner", "naive", "new", "im", "i", "m",
			"am", "just", "joined", "in", "to", "the", "this", "company", "there", "basically", "like", "sorry", "sry"):
			// "and" or "but", like "ok" or "so", opens a message before
			// the question's first word ("and who owns…"), not before
			// what it leaves out ("and the budget?" asks on from an
			// answer); "I am new in the team." greets as "new here"
			// does.
			sum := wordIn(x, "basically", "sorry", "sry")
			bare = bare && !marked && (sum || wordIn(x, "so"))
			sums = sums || sum
			opens := wordIn(x, "so", "ok", "okay", "and", "but", "new", "joined", "like", "sorry", "sry")
			greets = greets || opens || wordIn(x, "please", "pls", "plz")
			asks = asks || opens
		default:
			if end == 0 && greets && asks && j > 0 && askWord(x) && i > 0 {
				// "ok so who owns…", "btw what does a PO do": no mark,
				// but the question's own first word.
				end = j
			}
			if end == 0 && bare && sums && i > 0 && !marked && !wordIn(x, "for", "if", "to", "about", "abt", "that", "again", "in", "but") {
				// An apology that goes on ("sorry for my english, …",
				// "sorry if…") is read whole.
				end = j
			}
			if end == 0 {
				return 0
			}
			if !twoWordsLeft(partWords{s: q[end:]}) {
				return 0
			}
			return end
		}
		i = k
	}
}

// greetingGap returns where the words resume after q[i:]'s spaces, marks,
// mentions and emoji codes, and whether a mark or an emoji code was among
// them.
func greetingGap(q string, i int) (int, bool) {
	marked := false
	for i < len(q) {
		switch c := q[i]; {
		case c == ' ' || c == '\t' || c == '@' || c == '\'':
			i++
		case strings.HasPrefix(q[i:], "’"):
			i += len("’")
		case c == '\n' || c == '\r':
			// A greeting on a line of its own.
			i++
			marked = true
		case c == '<':
			k := strings.IndexByte(q[i:], '>')
			if k < 0 {
				return i, marked
			}
			i += k + 1
		case c == ':' && emojiCode(q[i:]) > 0:
			i += emojiCode(q[i:])
			marked = true
		case strings.IndexByte(",:;!.-", c) >= 0:
			i++
			marked = true
		case strings.HasPrefix(q[i:], "—") || strings.HasPrefix(q[i:], "–"):
			i += len("—")
			marked = true
		default:
			return i, marked
		}
	}
	return i, marked
}

// emojiCode returns the length of the emoji code s opens with (":wave:"),
// or 0.
func emojiCode(s string) int {
	for k := 1; k < len(s) && k <= 40; k++ {
		c := s[k]
		switch {
		case c == ':':
			if k == 1 {
				return 0
			}
			return k + 1
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_', c == '+', c == '-':
		default:
			return 0
		}
	}
	return 0
}

// disclaimerEnd returns where a message starts after an apology for the
// question that opens it and ends in "but" ("sorry if this is a dumb
// question but…", "probably a silly q but…", "noob question but…", "not
// sure if this is the right channel but…"), or 0 when it opens with none.
// Like a greeting, it says nothing about what is asked.
func disclaimerEnd(q string) int {
	w := partWords{s: q}
	for n := 0; n < 12; n++ {
		x, ok := w.next()
		if !ok {
			return 0
		}
		if n == 0 && !wordIn(x, "sorry", "dumb", "stupid", "silly", "basic", "noob", "newbie", "naive", "probably", "might", "this", "maybe", "possibly", "random", "apologies", "not") {
			return 0
		}
		if wordIn(x, "but") {
			if n < 2 {
				return 0
			}
			k := w.i
			for k < len(q) && strings.IndexByte(" ,:;-.", q[k]) >= 0 {
				k++
			}
			if v := (partWords{s: q[k:]}); !twoWordsLeft(v) {
				return 0
			}
			return k
		}
		if !wordIn(x, "sorry", "if", "this", "is", "s", "a", "an", "dumb", "stupid", "silly", "basic", "noob", "newbie", "naive", "obvious", "question", "questions",
			"q", "qn", "probably", "might", "be", "may", "maybe", "possibly", "for", "the", "to", "bother", "bothering", "you", "asking", "again", "quick", "kinda", "super",
			"really", "very", "total", "complete", "random", "weird", "apologies", "in", "advance", "ask", "here", "it", "one", "and",
			"not", "sure", "right", "wrong", "channel", "place", "thread", "spot") {
			return 0
		}
	}
	return 0
}

// twoWordsLeft reports whether w has at least two words left.
func twoWordsLeft(w partWords) bool {
	_, a := w.next()
	_, b := w.next()
	return a && b
}

// editStart returns where a short note of an edit that closes the message
// starts ("… EDIT: typo", "… edit: fixed link"), or len(q) when it closes
// with none: three words at most after "edit:".
func editStart(q string) int {
	i := -1
	for k := strings.LastIndexByte(q, ':'); k >= 4; k = strings.LastIndexByte(q[:k], ':') {
		if strings.EqualFold(q[k-4:k], "edit") {
			i = k - 4
			break
		}
	}
	if i <= 0 || letterAt(q, i-1) > 0 || !twoWordsLeft(partWords{s: q[:i]}) {
		return len(q)
	}
	w := partWords{s: q[i+len("edit:"):]}
	for n := 0; ; n++ {
		if _, ok := w.next(); !ok {
			break
		}
		if n == 3 {
			return len(q)
		}
	}
	return len(strings.TrimRight(q[:i], " \t\r\n-—–(*_"))
}

// asides are the remarks that may close a message and say nothing about
// what it asks.
var asides = []string{"asking for a friend", "just curious", "just wondering", "out of curiosity", "genuinely curious", "purely curious",
	"on my phone", "on phone", "on mobile", "sorry for typos", "sorry for the typos", "sry for typos", "sry for the typos", "excuse the typos", "excuse typos",
	"no rush", "no hurry", "not urgent", "when you get a chance", "when you have a sec", "when you get a sec",
	"appreciate it", "would appreciate it", "much appreciated", "appreciated", "quick one", "help pls", "help please", "asap pls", "asap please"}

// asideStart returns where a remark that closes the message and says
// nothing about what it asks starts ("…, asking for a friend :eyes:",
// "… just curious"), or len(q) when it closes with none. Like a
// greeting, the remark changes nothing of the answer.
func asideStart(q string) int {
	t := strings.TrimRight(q, " \t\r\n.!?)")
	for strings.HasSuffix(t, ":") {
		// An emoji code after the remark (":eyes:").
		i := strings.LastIndexByte(t[:len(t)-1], ':')
		if i < 0 || emojiCode(t[i:]) != len(t)-i {
			break
		}
		t = strings.TrimRight(t[:i], " \t\r\n.!?)")
	}
	for _, a := range asides {
		if len(t) < len(a) || !strings.EqualFold(t[len(t)-len(a):], a) {
			continue
		}
		i := len(t) - len(a)
		if i > 0 && letterAt(t, i-1) > 0 {
			continue
		}
		k := strings.TrimRight(t[:i], " \t\r\n,;-—–(")
		if !twoWordsLeft(partWords{s: k}) {
			return len(q)
		}
		return len(k)
	}
	return len(q)
}

// thanksStart returns where thanks that close a question start ("who runs
// the retros? thx!", "who owns the roadmap thanks in advance", "… cc
// <@U…>"), or len(q) when it closes with none, or when what comes before
// asks nothing ("oh so the PM does the roadmap. thanks!" is chat) unless
// the thanks stand on a line of their own ("backlog po or pm\n\nthanks":
// over 11,000 tuning questions, a line of thanks after each had changed
// 143 answers). The words are codaAt's, with mentions typed as text ("…
// cc @sam"); thanks say nothing about what is asked.
func thanksStart(q string) int {
	var ws [64]wordSpan
	n := wordSpans(q, ws[:])
	if n == len(ws) {
		return len(q)
	}
	k, thanks := n, false
	for k > 2 {
		x, at := ws[k-1].x, ws[k-1].from
		if at > 0 && q[at-1] == '@' {
			// A mention typed as text ("cc @sam") reads as "<@U…>" does.
			k--
			continue
		}
		if at > 0 && q[at-1] == ':' && emojiCode(q[at-1:]) > 0 {
			// An emoji code among the thanks ("thanks in advance
			// :pray:") reads as a word of letters.
			k--
			continue
		}
		if thanksWord(x) {
			thanks = true
		} else if !thanksFiller(x) {
			break
		}
		k--
	}
	if !thanks || k == n || k < 2 {
		return len(q)
	}
	rest := strings.TrimRight(q[:ws[k].from], " \t\r\n,;-—–(")
	if !asksSomething(rest) && !strings.ContainsAny(q[len(rest):ws[k].from], "\n\r") {
		return len(q)
	}
	return len(rest)
}

// tellEnd returns where a question starts after a request to be told that
// heads it ("does anyone know who owns the roadmap?", "can someone tell me
// what a PO does", "please can you explain me who…", "anyone know whose
// call it is", "can you list what a PO does"), or 0 when it opens
// with none: the question is its wh-word and what follows. A request
// before "if" or "whether" is left as it is.
func tellEnd(q string) int {
	w := partWords{s: q}
	x, ok := w.next()
	if !ok {
		return 0
	}
	explain := false
	switch {
	case wordIn(x, "does", "do"):
		if y, _ := w.next(); !wordIn(y, "anyone", "anybody", "someone", "somebody", "you", "u", "ya", "yall", "everyone") {
			return 0
		}
		if y, _ := w.next(); !wordIn(y, "know") {
			return 0
		}
	case wordIn(x, "anyone", "anybody", "somebody", "someone"):
		if y, _ := w.next(); !wordIn(y, "know", "knows") {
			return 0
		}
	case wordIn(x, "list"):
		// "list what a PO is on the hook for"
	case wordIn(x, "can", "could", "please", "pls", "plz", "kindly"):
		if wordIn(x, "please", "pls", "plz", "kindly") {
			// "please can you explain me who…"
			if x, _ = w.next(); !wordIn(x, "can", "could") {
				return 0
			}
		}
		if y, _ := w.next(); !wordIn(y, "you", "u", "anyone", "anybody", "someone", "somebody") {
			return 0
		}
		y, _ := w.next()
		if wordIn(y, "please", "pls", "plz", "kindly") {
			y, _ = w.next()
		}
		if !wordIn(y, "tell", "remind", "explain", "clarify", "list") {
			return 0
		}
		explain = wordIn(y, "explain", "clarify")
		v := w
		if y, _ := v.next(); wordIn(y, "me", "us") {
			w = v
		}
	default:
		return 0
	}
	v := w
	y, ok := v.next()
	if !ok || !wordIn(y, "who", "whose", "whos", "which", "what", "whats", "when", "where", "how", "why") || !twoWordsLeft(partWords{s: q[v.i-len(y):]}) {
		return 0
	}
	if explain && !wordIn(y, "who", "whose", "whos", "which") {
		// "can someone explain what a PO does?" asks for an
		// explanation of the role, which the request says.
		return 0
	}
	return v.i - len(y)
}

// remarkStart returns where a word or two typed after a message's last
// question mark start, when they only add a tone to it ("…? tbh", "…?
// pls", "…? asap"), or after its last comma or dash when no question
// mark comes before them ("…, thoughts?", "… - anyone?": over 11,000
// tuning questions, ", thoughts?" after each had changed 106 answers),
// or len(q) when there are none: they would make a clause of their own,
// and the gates read the last clause as the one that asks ("the po sets
// what goes into each release, what got cut from the last one? tbh" asks
// what got cut).
func remarkStart(q string) int {
	// "…? any ideas?": the marks that close the remark are its own.
	t := strings.TrimRight(q, " \t\r\n?!.")
	// The question ends at cut and the remark starts at from: after the
	// question mark, which the question keeps.
	i := strings.LastIndexByte(t, '?')
	cut, from := i+1, i+1
	if i < 0 {
		// A message without a question mark of its own sets the remark
		// off with a comma or a dash ("po or pm for the roadmap,
		// thoughts?", "who owns pricing - anyone?").
		if !strings.HasSuffix(strings.TrimRight(q, " \t\r\n!."), "?") {
			return len(q)
		}
		for _, sep := range []string{",", " - ", "—", "–"} {
			if k := strings.LastIndex(t, sep); k >= 0 && k+len(sep) > from {
				cut, from = len(strings.TrimRight(t[:k], " \t\r\n")), k+len(sep)
			}
		}
		if from == 0 {
			return len(q)
		}
	}
	w := partWords{s: q[from:]}
	n := 0
	for x, ok := w.next(); ok; x, ok = w.next() {
		if n++; n > 2 || !wordIn(x, "tbh", "pls", "plz", "please", "ngl", "tho", "though", "asap", "imo", "honestly", "rn", "fr", "srsly", "seriously",
			"any", "ideas", "idea", "thoughts", "anyone", "anybody", "advice", "input", "idk", "wdyt", "help") {
			return len(q)
		}
	}
	if n == 0 || !twoWordsLeft(partWords{s: q[:cut]}) {
		return len(q)
	}
	return cut
}

// withoutLinks returns q without the links typed out in it ("… see
// https://wiki.example.com/roles-page"), and whether it held any. Slack
// marks up the links it recognises, and the engine reads only their label;
// a link typed out, in the console or through another client, names no
// word of the question.
func withoutLinks(q string) (string, bool) {
	if !strings.Contains(q, "://") {
		return q, false
	}
	var b strings.Builder
	found := false
	for i := 0; i < len(q); {
		if (i == 0 || q[i-1] == ' ' || q[i-1] == '(' || q[i-1] == '\n') && bareURL(q[i:]) {
			n := strings.IndexAny(q[i:], " \n\t")
			if n < 0 {
				n = len(q) - i
			}
			i += n
			found = true
			continue
		}
		b.WriteByte(q[i])
		i++
	}
	if !found {
		return q, false
	}
	return b.String(), true
}

// bareURL reports whether s opens with a link typed out: "http://" or
// "https://" and a host.
func bareURL(s string) bool {
	for _, p := range []string{"https://", "http://"} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) && s[len(p)] != ' ' {
			return true
		}
	}
	return false
}

// linkAside returns q without the Slack links that stand outside its
// sentences, and whether it held any: links after its last word ("who owns
// the backlog? <https://…|the doc>", "… see <https://…>") and a link that
// opens it, maybe after "context:", "re:" or "see" ("context: <https://…|
// APP-42> who owns epics?"). Their labels name a page, a ticket or a file,
// not what is asked; the engine would read "doc" in "the doc" as the
// documentation it is asked about. A link inside a sentence ("reading
// <…|this article> and they sound like the same job") stays.
func linkAside(q string) (string, bool) {
	if !strings.Contains(q, "<http") {
		return q, false
	}
	s, found := q, false
	for {
		t := strings.TrimRight(s, " \t\r\n.!)")
		if !strings.HasSuffix(t, ">") {
			break
		}
		i := strings.LastIndexByte(t, '<')
		if i < 0 || !strings.HasPrefix(t[i:], "<http") || strings.IndexByte(t[i:len(t)-1], '>') >= 0 {
			break
		}
		u := strings.TrimRight(t[:i], " \t\r\n(:-—–")
		w := partWords{s: u}
		var last string
		for x, ok := w.next(); ok; x, ok = w.next() {
			last = x
		}
		if wordIn(last, "see", "ref", "link", "here", "via", "per", "cf") && strings.HasSuffix(strings.ToLower(u), strings.ToLower(last)) {
			u = strings.TrimRight(u[:len(u)-len(last)], " \t\r\n(:-—–")
		}
		if !twoWordsLeft(partWords{s: u}) {
			break
		}
		s, found = u, true
	}
	t := strings.TrimLeft(s, " \t\r\n")
	w := partWords{s: t}
	if x, ok := w.next(); ok && wordIn(x, "context", "re", "ref", "see", "fyi", "cf") && w.i < len(t) && strings.HasPrefix(strings.TrimLeft(t[w.i:], " :-—–"), "<http") {
		// (A link that opens the message by itself may be what it asks
		// about: "<…|Roadmap 2025> — who's supposed to own this doc?")
		t = strings.TrimLeft(t[w.i:], " :-—–")
		if j := strings.IndexByte(t, '>'); j > 0 {
			if rest := strings.TrimLeft(t[j+1:], " :,-—–\t\r\n"); twoWordsLeft(partWords{s: rest}) {
				s, found = rest, true
			}
		}
	}
	return s, found
}

// leads are the phrases that may open a message and say nothing about
// what it asks, ended by a mark ("question for the room: who…", "sry on
// mobile. who…", "urgent: is…", "just curious, who…", "following up on
// this thread: is…").
var leads = []string{"question for the room", "q for the room", "question for everyone", "question for the group", "question for the channel",
	"sry on mobile", "sorry on mobile", "on mobile", "on my phone", "sorry on my phone", "sry on my phone", "urgent", "not urgent", "fyi", "no rush", "context",
	"same question here", "same question", "same q", "asking again", "bumping this", "bump", "+1 to this", "+1",
	"following up on this thread", "following up on this", "following up", "quick follow up", "follow up", "re",
	"just curious", "curious", "out of curiosity", "i was wondering", "was wondering", "just wondering", "wondering", "i wonder",
	"genuinely asking", "genuine question", "honest question", "need help", "for my own understanding", "for my understanding", "to clarify",
	"for clarity", "just to clarify", "just to confirm", "to confirm", "settle a debate", "we're having a debate in the team",
	"we're having a debate", "we are having a debate", "having a debate", "heads up", "quick one for you", "sorry to ping everyone",
	"sorry to ping", "sorry for the ping", "apologies for the ping", "thanks in advance", "thx in advance", "tia", "tl;dr", "tldr"}

// callLeads are the calls for someone's attention that may open a message
// with a question mark of their own ("anyone? who owns…").
var callLeads = []string{"anyone", "anybody", "anyone around", "anyone here", "anyone online", "hello"}

// leadEnd returns where a message starts after one of leads and the mark
// that ends it, or after one of callLeads and its question mark, or 0 when
// it opens with none; at least two words follow.
func leadEnd(q string) int {
	if k := callLeadEnd(q); k > 0 {
		return k
	}
	for _, l := range leads {
		if len(q) <= len(l) || !strings.EqualFold(q[:len(l)], l) {
			continue
		}
		if q[len(l)] == ' ' && len(q) > len(l)+1 && letterAt(q, len(l)+1) > 0 {
			// "tl;dr who owns…", "just curious who owns…": no mark, but
			// the question's own first word.
			pw := partWords{s: q[len(l):]}
			if x, _ := pw.next(); wordIn(x, "who", "whose", "whos", "which", "what", "whats", "how", "should", "does") && twoWordsLeft(partWords{s: q[len(l)+1:]}) {
				return len(l) + 1
			}
		}
		if strings.IndexByte(":,.-!", q[len(l)]) < 0 && !strings.HasPrefix(q[len(l):], " —") && !strings.HasPrefix(q[len(l):], " -") {
			continue
		}
		k := len(l)
		for k < len(q) && (strings.IndexByte(" :,.-!\t\r\n", q[k]) >= 0 || strings.HasPrefix(q[k:], "—") || strings.HasPrefix(q[k:], "–")) {
			if q[k] >= 0x80 {
				k += len("—")
				continue
			}
			k++
		}
		if !twoWordsLeft(partWords{s: q[k:]}) {
			return 0
		}
		return k
	}
	return 0
}

// callLeadEnd returns where a message starts after one of callLeads and
// the question marks that end it, or 0.
func callLeadEnd(q string) int {
	for _, l := range callLeads {
		if len(q) <= len(l) || !strings.EqualFold(q[:len(l)], l) || q[len(l)] != '?' {
			continue
		}
		k := len(l)
		for k < len(q) && strings.IndexByte("? \t\r\n", q[k]) >= 0 {
			k++
		}
		if twoWordsLeft(partWords{s: q[k:]}) {
			return k
		}
	}
	return 0
}

// wordSpan is a word of a message (see partWords) and where it lies in it.
type wordSpan struct {
	x        string
	from, to int
}

// wordSpans fills ws with the first words of q and returns how many: all
// of them when fewer than len(ws).
func wordSpans(q string, ws []wordSpan) int {
	n := 0
	w := partWords{s: q}
	for n < len(ws) {
		x, ok := w.next()
		if !ok {
			break
		}
		ws[n] = wordSpan{x, w.i - len(x), w.i}
		n++
	}
	return n
}
