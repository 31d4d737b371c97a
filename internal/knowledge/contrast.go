package knowledge

import "strings"

// A message that says something about a role and then, after "but" or
// "so", asks about something else ("noted that the po owns the backlog,
// but who owns the roadmap?", "i get that the pm talks to customers but
// who writes the stories?", "po writes the stories, so what does the pm
// even do all day") asks what its question asks: the claim is what the
// asker already knows. Read whole, its words pull the answer toward the
// duty the claim restates.
//
// The claim must name a role. One that names none is often the setting
// the question needs ("we're bootstrapped, so which role should we hire
// first?"): over the tuning sets, reading the question alone after any
// claim changed 4 right answers into wrong ones. Cross-validated over the
// halves of the 772 tuning sets, reading it after a claim that names a
// role answers 6 questions rightly that were not ("PM quit so who owns
// the strategy for Hopwing now?") and loses 1 ("both article say po and
// pm are responsible for building the product efficiently and on time,
// so who is actually accountable?", labelled with the overlap between
// the roles and now answered with the team's accountability), with no
// out-of-scope answer more.

// contrastEnd returns where the question of such a message starts: at a
// "who", "whose", "which" or "what" right after "but" or "so", when what comes
// before names a role and is a claim (no question mark, not opened as a
// question), and the question asks in words of its own (asksAlone and
// endsElided: "…but who does?" points back and is no question of its
// own). It returns 0 for any other message.
func contrastEnd(q string) int {
	if tooLong(q) {
		return 0
	}
	w := partWords{s: q}
	opened := false
	prev := ""
	for words := 0; words < maxQueryTokens; words++ {
		at := w.i
		x, ok := w.next()
		if !ok {
			return 0
		}
		start := w.i - len(x)
		if strings.IndexByte(q[at:start], '?') >= 0 {
			// A question came first: the message asks it.
			return 0
		}
		if !opened && !leadIn(x) && !greeting(x) {
			if askWord(x) {
				return 0
			}
			opened = true
		}
		if words >= 2 && wordIn(prev, "but", "so") && (asksWho(x) || wordIn(x, "what", "whats")) &&
			speaksOfRole(q[:start]) && asksAlone(x, w, false, false) && !endsElided(q[start:]) {
			return start
		}
		prev = x
	}
	return 0
}

// endsElided reports whether a question ends on a word that leaves out
// what it asks about ("so who's actually supposed to?", "…but who
// does?"): it points back at the claim before it.
func endsElided(s string) bool {
	return wordIn(finalWord(s), "to", "do", "does", "did", "is", "are", "was", "should", "can", "could", "will", "would", "has", "have")
}
