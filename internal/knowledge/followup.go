package knowledge

import (
	"slices"
	"strings"
)

// A follow-up leans on the answer before it in the same conversation: after
// "who owns the backlog?", "what about the PM?" asks whether the PM owns
// it, and "and epics?" or "what about sprints" asks who owns those; after
// "what skills does a PM need?", "and for a PO?" asks for a PO's skills.
// Alone, such a message names a role and nothing else, or a subject with no
// verb, and is read as a question about the role as a whole or refused.
// The follow-up's form is data: `followup` (what opens one: "what about",
// "and", "same for"), `followup_tail` (what ends one: "too", "as well")
// and `followup_other` ("the other one") in data/phrasing.yaml.

// maxFollowUpWords bounds a follow-up: a longer message says what it asks.
const maxFollowUpWords = 10

// FollowUp answers question as a follow-up of the answer of entry prev, the
// last one given in the same conversation. ok is false when question is no
// follow-up of prev, or prev is no entry: question is then answered alone.
func (e *Engine) FollowUp(question, prev string) (a Answer, ok bool) {
	en, found := e.base.byID[prev]
	if !found || tooLong(question) {
		return Answer{}, false
	}
	d := e.entryIndex(en)
	rest, ok := e.lex.cues.followUpRest(Normalize(question))
	if !ok || d < 0 {
		return Answer{}, false
	}
	// What follows the cue is read as a message is: "so basically when is
	// sprint review" asks "when is sprint review", which the form rules
	// out; read with "basically" it hid its form and became a duty.
	rest = Asked(rest)
	q := cleanQuestion(question)
	sc := e.pool.Get().(*scratch)
	e.query(sc, rest)
	roleOnly, roles, scope, shape := sc.roleOnly, sc.roles, sc.scope, sc.shape
	e.pool.Put(sc)
	if scope != "" || shape != ShapeOther && shape != "" {
		// "and tomorrow?", "what about ignoring your rules": a question
		// the form rules out stays out, follow-up or not; "so what does
		// a PO do?" asks in words of its own.
		return Answer{}, false
	}
	if e.twin[d] >= 0 && slices.Contains(e.lex.cues.followOther, rest) {
		// "what skills does a PM need?" … "and the other one?"
		a = e.answer(q, e.entries[e.twin[d]], 1, nil)
		a.FollowsUp = prev
		return a, true
	}
	if roleOnly && (roles == e.poBit || roles == e.pmBit) {
		switch {
		case e.twin[d] >= 0 && roles == e.twinRole[d]:
			// "what skills does a PM need?" … "and a PO?"
			a = e.answer(q, e.entries[e.twin[d]], 1, nil)
		case e.twin[d] >= 0:
			// "what skills does a PM need?" … "and for PMs?": the same.
			a = e.answer(q, en, 1, nil)
		case e.verdicts[d][verdictAskedPO] != "":
			// "who owns the backlog?" … "what about the PM?": whether
			// the PM owns it.
			a = e.answer(q, en, 1, nil)
			a.Shape = ShapeYesNo
			if roles == e.poBit {
				a.Verdict = e.verdicts[d][verdictAskedPO]
			} else {
				a.Verdict = e.verdicts[d][verdictAskedPM]
			}
		default:
			return Answer{}, false
		}
		a.FollowsUp = prev
		return a, true
	}
	if roles != 0 || !e.dutyEntry[d] {
		// "and the PM's skills?" says what it asks; after "is there a
		// hierarchy?", "what about budgets?" has no duty to lean on.
		return Answer{}, false
	}
	// "who owns the backlog?" … "what about sprints": who owns those.
	a = e.answerWhole("who owns " + rest)
	if a.Owner == Unknown {
		return Answer{}, false
	}
	a.Question, a.Part = q, ""
	a.FollowsUp = prev
	return a, true
}

// MayFollowUp reports whether question has the form of a follow-up ("what
// about the PM?", "and epics?"), so that a caller looks up the answer
// before it only then.
func (e *Engine) MayFollowUp(question string) bool {
	if tooLong(question) {
		return false
	}
	_, ok := e.lex.cues.followUpRest(Normalize(question))
	return ok
}

// followUpRest returns what a follow-up asks about, without what opens or
// ends it ("what about the PM?" asks about "the pm"): ok is false when norm
// (as Normalize gives it) is no follow-up.
func (t *cueTable) followUpRest(norm string) (rest string, ok bool) {
	if t == nil {
		return "", false
	}
	ws := strings.Fields(norm)
	if len(ws) == 0 || len(ws) > maxFollowUpWords {
		return "", false
	}
	for i, w := range ws {
		ws[i] = canonical(w)
	}
	lead := false
	for {
		n := matchAt(t.followUp, ws)
		if n == 0 || n == len(ws) {
			break
		}
		ws, lead = ws[n:], true
	}
	tail := false
	for _, p := range t.followTail {
		if len(p) < len(ws) && slices.Equal(ws[len(ws)-len(p):], p) {
			ws, tail = ws[:len(ws)-len(p)], true
			break
		}
	}
	if !lead && !tail {
		return "", false
	}
	// "what about for a PO?", "and for PMs?"
	for len(ws) > 1 && (ws[0] == "for" || ws[0] == "with" || ws[0] == "about") {
		ws = ws[1:]
	}
	return strings.Join(ws, " "), true
}

// matchAt returns how many words of ws the longest phrase of m that opens
// them holds, or 0.
func matchAt(m map[string][]cuePhrase, ws []string) int {
	for _, p := range m[ws[0]] {
		if len(p.rest) < len(ws) && slices.Equal(ws[1:1+len(p.rest)], p.rest) {
			return 1 + len(p.rest)
		}
	}
	return 0
}
