package knowledge

import (
	"errors"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strings"
)

// phrasingFile is data/phrasing.yaml: how people phrase questions in Slack
// (see the file's header). It is compiled into the lexicon: everyday
// phrases become phrases read as the knowledge's own words, cues become the
// tables classify reads a question's form with.
type phrasingFile struct {
	Everyday []everydayDef  `yaml:"everyday"`
	Cues     cueDefs        `yaml:"cues"`
	Verdicts verdictFormats `yaml:"verdicts"`

	name  string
	lines map[string]int
}

type everydayDef struct {
	Means   string   `yaml:"means"`
	Phrases []string `yaml:"phrases"`
}

type cueDefs struct {
	Preamble    []string `yaml:"preamble"`
	Polite      []string `yaml:"polite"`
	Duty        []string `yaml:"duty"`
	YesNo       []string `yaml:"yes_no"`
	Tail        []string `yaml:"tail"`
	Definition  []string `yaml:"definition"`
	Info        []string `yaml:"info"`
	Hiring      []string `yaml:"hiring"`
	Schedule    []string `yaml:"schedule"`
	When        []string `yaml:"when"`
	Figure      []string `yaml:"figure"`
	Action      []string `yaml:"action"`
	Access      []string `yaml:"access"`
	Person      []string `yaml:"person"`
	Chat        []string `yaml:"chat"`
	Injection   []string `yaml:"injection"`
	InjVerbs    []string `yaml:"injection_verbs"`
	InjTargets  []string `yaml:"injection_targets"`
	Today       []string `yaml:"today"`
	Directory   []string `yaml:"directory"`
	Status      []string `yaml:"status"`
	Self        []string `yaml:"self"`
	Wh          []string `yaml:"wh"`
	Intro       []string `yaml:"intro"`
	Term        []string `yaml:"term"`
	Others      []string `yaml:"others"`
	Vent        []string `yaml:"vent"`
	Contact     []string `yaml:"contact"`
	Bot         []string `yaml:"bot"`
	Details     []string `yaml:"details"`
	Elsewhere   []string `yaml:"elsewhere"`
	FollowUp    []string `yaml:"followup"`
	FollowTail  []string `yaml:"followup_tail"`
	FollowOther []string `yaml:"followup_other"`
}

type verdictFormats struct {
	Yes            string `yaml:"yes"`
	No             string `yaml:"no"`
	Shared         string `yaml:"shared"`
	Disputed       string `yaml:"disputed"`
	Choice         string `yaml:"choice"`
	ChoiceShared   string `yaml:"choice_shared"`
	ChoiceDisputed string `yaml:"choice_disputed"`
}

func (f *phrasingFile) at(path string) string {
	if n, ok := f.lines[path]; ok {
		return fmt.Sprintf("%s:%d", f.name, n)
	}
	return f.name
}

// A cue is a bit of what a question's form says. Head cues count at the
// start of a clause; the others anywhere.
type cue uint32

const (
	cueYesNo cue = 1 << iota
	cueDefinition
	cueInfo
	cueSchedule
	cueFigure
	cueAction
	// The cues below count anywhere in the question.
	cueDuty
	cueTail
	cueHiring
	cueWhen
	cueAccess
	cuePerson
	cueChat
	cueInjection
	cueToday
	cueDirectory
	cueStatus
	cueSelf
	cueWh
	cueIntro
	cueTerm
	cueInjVerb
	cueInjTarget
	// Not in the tables: set by classify.
	cuePlace // a schedule head that asks where ("where is the PO?")
	cueDoing // a who or yes/no head before a verb in -ing ("who's running…")
	cueDone  // "who" before a verb in the past ("who approved…")
	// cueEvent is a yes/no head that asks whether something happened: "did
	// the PM sign off?", "has the PO approved it?".
	cueEvent
	// cueOthers is a yes/no head whose subject is another group than the
	// two roles: "should designers attend planning?".
	cueOthers
	// cueVent opens a complaint that asks for company, not an answer: "is
	// it just me or…".
	cueVent
	// cueContact asks whom to contact ("who do I ping…"): a person, unless
	// the question names a role to choose.
	cueContact
	// cueBot asks about Rolecall itself whatever roles it names: "can our
	// PO edit your answers?".
	cueBot
	// cueDetails asks for a person's contact details ("what's the PO's
	// email?") or their place in the organisation ("who is ana's boss?",
	// "PO or PM — which one is kenji?"): a person, whatever the
	// classifier reads.
	cueDetails

	headCues = cueYesNo | cueDefinition | cueInfo | cueSchedule | cueFigure | cueAction

	// scopeCues rule a question out of scope wherever they are found: a
	// connective alone among them is a mistake.
	scopeCues = cueAccess | cuePerson | cueChat | cueInjection | cueDirectory | cueStatus | cueSelf | cueVent | cueContact | cueOthers | cueBot | cueDetails
)

// connectives are words that join others and say nothing alone.
var connectives = []string{"and", "or", "but", "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "from", "by", "as", "so", "if", "is", "are", "be"}

// cuePhrase is one cue phrase, by its first word.
type cuePhrase struct {
	rest []string
	cue  cue
}

// cueTable holds the compiled cues.
type cueTable struct {
	phrases  map[string][]cuePhrase // by first word, longest first
	preamble map[string][]cuePhrase
	polite   map[string][]cuePhrase
	// others are the groups other than the two roles a yes/no question
	// may ask about.
	others map[string][]cuePhrase
	// elsewhere are the things no product role owns that a duty's words
	// get attached to ("the budget for the offsite").
	elsewhere map[string][]cuePhrase
	// followUp opens a follow-up ("what about"), followTail ends one
	// ("too"): see followup.go.
	followUp   map[string][]cuePhrase
	followTail [][]string
	// followOther names the other of the two roles, normalised.
	followOther []string
	verdicts    verdictFormats
}

func newCueTable(f *phrasingFile) (*cueTable, error) {
	t := &cueTable{phrases: map[string][]cuePhrase{}, preamble: map[string][]cuePhrase{}, polite: map[string][]cuePhrase{}, others: map[string][]cuePhrase{}, elsewhere: map[string][]cuePhrase{}, followUp: map[string][]cuePhrase{}}
	if f == nil {
		return t, nil
	}
	t.verdicts = f.Verdicts
	var errs []error
	add := func(m map[string][]cuePhrase, key string, list []string, c cue) {
		for i, p := range list {
			ws := strings.Fields(Normalize(p))
			for k, w := range ws {
				ws[k] = canonical(w)
			}
			if len(ws) == 0 {
				errs = append(errs, fmt.Errorf("%s: cue %q has no words", f.at(fmt.Sprintf("cues.%s.%d", key, i)), p))
				continue
			}
			if len(ws) == 1 && c&scopeCues != 0 && slices.Contains(connectives, ws[0]) {
				// "take over, and" in a flow list is two cues, "take
				// over" and "and": the second would rule out every
				// question with an "and".
				errs = append(errs, fmt.Errorf("%s: cue %q is a connective alone; a comma inside a phrase splits it in two", f.at(fmt.Sprintf("cues.%s.%d", key, i)), p))
				continue
			}
			m[ws[0]] = append(m[ws[0]], cuePhrase{rest: ws[1:], cue: c})
		}
	}
	cs := f.Cues
	add(t.preamble, "preamble", cs.Preamble, 0)
	add(t.polite, "polite", cs.Polite, 0)
	add(t.others, "others", cs.Others, cueOthers)
	add(t.elsewhere, "elsewhere", cs.Elsewhere, 0)
	add(t.followUp, "followup", cs.FollowUp, 0)
	tails := map[string][]cuePhrase{}
	add(tails, "followup_tail", cs.FollowTail, 0)
	for _, first := range slices.Sorted(maps.Keys(tails)) {
		for _, p := range tails[first] {
			t.followTail = append(t.followTail, append([]string{first}, p.rest...))
		}
	}
	slices.SortStableFunc(t.followTail, func(a, b []string) int { return len(b) - len(a) })
	for _, p := range cs.FollowOther {
		t.followOther = append(t.followOther, Normalize(p))
	}
	// A thing's plural is the same thing ("the school dinners", "the
	// staff parties"), however the list spells it.
	for _, first := range slices.Sorted(maps.Keys(t.elsewhere)) {
		for _, p := range t.elsewhere[first] {
			ws := append([]string{first}, p.rest...)
			last := len(ws) - 1
			if pl := plural(ws[last]); pl != ws[last] {
				ws[last] = pl
				if !slices.ContainsFunc(t.elsewhere[ws[0]], func(c cuePhrase) bool { return slices.Equal(c.rest, ws[1:]) }) {
					t.elsewhere[ws[0]] = append(t.elsewhere[ws[0]], cuePhrase{rest: ws[1:]})
				}
			}
		}
	}
	for _, l := range []struct {
		key  string
		list []string
		c    cue
	}{
		{"duty", cs.Duty, cueDuty}, {"yes_no", cs.YesNo, cueYesNo}, {"definition", cs.Definition, cueDefinition},
		{"info", cs.Info, cueInfo}, {"schedule", cs.Schedule, cueSchedule}, {"figure", cs.Figure, cueFigure},
		{"action", cs.Action, cueAction}, {"tail", cs.Tail, cueTail}, {"hiring", cs.Hiring, cueHiring},
		{"when", cs.When, cueWhen}, {"access", cs.Access, cueAccess}, {"person", cs.Person, cuePerson},
		{"chat", cs.Chat, cueChat}, {"injection", cs.Injection, cueInjection},
		{"today", cs.Today, cueToday}, {"directory", cs.Directory, cueDirectory},
		{"status", cs.Status, cueStatus}, {"self", cs.Self, cueSelf}, {"wh", cs.Wh, cueWh},
		{"intro", cs.Intro, cueIntro}, {"term", cs.Term, cueTerm}, {"vent", cs.Vent, cueVent}, {"contact", cs.Contact, cueContact}, {"bot", cs.Bot, cueBot}, {"details", cs.Details, cueDetails}, {"injection_verbs", cs.InjVerbs, cueInjVerb}, {"injection_targets", cs.InjTargets, cueInjTarget},
	} {
		add(t.phrases, l.key, l.list, l.c)
	}
	for _, m := range []map[string][]cuePhrase{t.phrases, t.preamble, t.polite, t.others, t.elsewhere, t.followUp} {
		for k, ps := range m {
			sortLongestFirst(ps)
			m[k] = ps
		}
	}
	for key, v := range map[string]string{"yes": f.Verdicts.Yes, "no": f.Verdicts.No, "shared": f.Verdicts.Shared,
		"disputed": f.Verdicts.Disputed, "choice": f.Verdicts.Choice, "choice_shared": f.Verdicts.ChoiceShared,
		"choice_disputed": f.Verdicts.ChoiceDisputed} {
		if strings.TrimSpace(v) == "" {
			errs = append(errs, fmt.Errorf("%s: verdict %q is missing", f.at("verdicts"), key))
		}
	}
	return t, errors.Join(errs...)
}

// plural is the plural of the English noun w, or w itself when it ends in
// "s" already ("dinner" → "dinners", "party" → "parties", "bus" → "bus").
func plural(w string) string {
	switch {
	case len(w) < 3 || strings.HasSuffix(w, "s"):
		return w
	case strings.HasSuffix(w, "y") && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ies"
	case strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh") || strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z"):
		return w + "es"
	}
	return w + "s"
}

func sortLongestFirst(ps []cuePhrase) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && len(ps[j].rest) > len(ps[j-1].rest); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// words is the question's normalised words, stop words included, read
// through the scratch's tokens.
type words struct {
	sc *scratch
}

// n is the number of words, thanks typed on after the question aside
// ("po in retros yes or no ty" asks as "po in retros yes or no" does).
func (w words) n() int { return int(w.sc.formEnd) }
func (w words) at(i int) string {
	t := &w.sc.toks[i]
	if t.fix != "" {
		// A typo's cue word, or the canonical form of a contraction
		// (set by analyze).
		return t.fix
	}
	return string(w.sc.norm[t.raw[0]:t.raw[1]])
}

// words lists the words the cue phrases are made of.
func (t *cueTable) words() []string {
	var ws []string
	for _, m := range []map[string][]cuePhrase{t.phrases, t.preamble, t.polite, t.others} {
		for first, ps := range m {
			ws = append(ws, first)
			for _, p := range ps {
				ws = append(ws, p.rest...)
			}
		}
	}
	return ws
}

func (w words) clause(i int) uint8 { return w.sc.toks[i].clause }

// canonical reads a contraction typed without its apostrophe as the word
// Normalize makes of it with one: "whats" and "what's" both read "what";
// and a question word typed in a hurry as itself ("wen", "wat").
func canonical(w string) string {
	if c := canonicalOf(w); c != "" {
		return c
	}
	return w
}

// canonicalOf is canonical's answer for a word it changes, or "": the
// question word a contraction or a hurried spelling stands for.
func canonicalOf(w string) string {
	switch w {
	case "whats", "wats", "wuts":
		return "what"
	case "whos":
		return "who"
	case "wheres":
		return "where"
	case "whens":
		return "when"
	case "hows":
		return "how"
	case "thats":
		return "that"
	case "theres":
		return "there"
	case "whys":
		return "why"
	case "wen":
		// hurried spellings of the question words
		return "when"
	case "u":
		return "you"
	case "r":
		return "are"
	case "ur":
		return "your"
	case "wat", "wut", "wht", "waht", "whta":
		return "what"
	case "wich", "whcih", "whihc", "wihch", "whch":
		return "which"
	case "hwo":
		return "who"
	case "wehn":
		return "when"
	case "shud", "shld", "shd", "shoud", "sould", "shoudl", "shuold":
		return "should"
	case "cud":
		return "could"
	case "wud":
		return "would"
	}
	return ""
}

// match returns the cues of every phrase of m starting at word i (a longer
// and a shorter phrase may both say something: "is the" and "is") and how
// many words the longest spans.
func (w words) match(m map[string][]cuePhrase, i int) (cue, int) {
	ps, ok := m[w.at(i)]
	if !ok {
		return 0, 0
	}
	var c cue
	n := 0
	for _, p := range ps {
		if i+len(p.rest) >= w.n() {
			continue
		}
		ok := true
		for k, r := range p.rest {
			if w.clause(i+1+k) != w.clause(i) || w.at(i+1+k) != r {
				ok = false
				break
			}
		}
		if ok {
			c |= p.cue
			n = max(n, len(p.rest)+1)
		}
	}
	return c, n
}

// follows reports whether the words after word i, in its clause, are
// rest: match's test of one phrase, which match keeps inline (it reads
// every word of every question, and a call per phrase costs it some 2%).
func (w words) follows(i int, rest []string) bool {
	if i+len(rest) >= w.n() {
		return false
	}
	for k, r := range rest {
		if w.clause(i+1+k) != w.clause(i) || w.at(i+1+k) != r {
			return false
		}
	}
	return true
}

// classify reads the question's form from sc.toks: it sets sc.cues, and
// sc.asking to the clauses that ask who.
func (e *Engine) classify(sc *scratch) {
	t := e.cues
	w := words{sc: sc}
	var cues cue
	head, polite := true, false
	lastVerb := -1
	sc.asking, sc.asked, sc.intro, sc.doing, sc.today, sc.dated, sc.who, sc.othersAt, sc.figureAt, sc.accessAt = 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
	sc.whenAt, sc.whAt, sc.statusAt, sc.personAt, sc.command, sc.pending, sc.locating = 0, 0, 0, 0, false, false, 0
	sc.defAt, sc.hiringAt = 0, 0
	sc.told = [2]int32{}
	for i := 0; i < w.n(); {
		if i == 0 || w.clause(i) != w.clause(i-1) {
			// A link's label ("<…|draft here>") heads nothing.
			head, polite = sc.marks.labels&(1<<min(w.clause(i), 63)) == 0, false
			if head && i > 0 {
				if n := w.knowTag(i); n > 0 {
					// "when does the new po start, do we know?": a clause
					// that only asks whether anyone knows asks what the one
					// before it asks, and nothing of its own.
					i += n
					continue
				}
			}
		}
		if head {
			if _, n := w.match(t.preamble, i); n > 0 && !w.subjectVerb(i+n) && !(tagWord([]byte(w.at(i))) && (i+n == w.n() || w.clause(i+n) != w.clause(i))) {
				// A greeting is skipped to find the head, but still says
				// what it says ("good morning" alone is chat); a tag alone
				// in its clause ("PO owns launch day, right?") is a tag.
				c, _ := w.match(t.phrases, i)
				cues |= c &^ headCues
				i += n
				continue
			}
			if _, n := w.match(t.polite, i); n > 0 && !polite {
				polite = true
				i += n
				continue
			}
			if k := w.remindsOf(i); k > 0 {
				// "remind me who owns the roadmap", "remind us again what
				// a PO does": the question after is what heads, as if
				// asked alone ("remind me to send the deck" is a task).
				w.tell(i, k)
				i = k
				polite = false
				continue
			}
			if tells(w.at(i)) && w.sharesWhat(i) {
				// "kindly share what a PM does", "pls advise who sets
				// the priorities": the question after the request to say
				// it is what heads, as if asked alone.
				k := w.pastWithUs(i + 1)
				w.tell(i, k)
				i = k
				polite = false
				continue
			}
			if k := w.sumsUpRoles(i); k > 0 {
				// "summarise the key differences between po and pm pls",
				// "can you sum up the PO role?": the roles summed up are
				// the question, as if asked alone ("summarise this
				// thread" is a task).
				w.tell(i, k)
				i = k
				polite = false
				continue
			}
			if k := w.tellsMe(i); k > 0 {
				// "can you tell me who owns the backlog", "let me know
				// who writes the stories": the form already reads the
				// question after them ("tell me when" asks a time); only
				// the classifier reads it without them.
				w.tell(i, k)
			}
		}
		c, n := w.match(t.phrases, i)
		if !head {
			c &^= headCues
		} else if polite {
			// "can you write…" is a request; "can you explain…" is not;
			// "can the PO…" was never polite.
			c &= cueAction | cueInfo | cueSchedule | ^headCues
		}
		if c&cueStatus != 0 && n == 1 && w.at(i) == "yet" && w.lacks(i) {
			// "we don't have a PO yet, do we need one?": what a team
			// lacks, not how something stands.
			c &^= cueStatus
		}
		if c&cueStatus != 0 && n == 1 && w.at(i) == "moved" && i+1 < w.n() && w.clause(i+1) == w.clause(i) {
			switch w.at(i + 1) {
			case "from", "into", "over", "across":
				// "i moved from dev into a product owner role last
				// month": someone's move, not a meeting moved.
				c &^= cueStatus
			}
		}
		if c&cueAction != 0 && n == 1 && (w.at(i) == "plan" || w.at(i) == "advise") && i+1 == w.n() && (i == 0 || w.clause(i-1) != w.clause(i)) {
			// "one pm today. plan?": a clause of the one word that ends
			// the message asks for advice, as "thoughts?" does, not for
			// a plan to be drawn up.
			c &^= cueAction
		}
		if c&cueSchedule != 0 && w.at(i) == "when" && n == 1 && i+1 < w.n() && w.clause(i+1) == w.clause(i) {
			switch w.at(i + 1) {
			case "i", "we", "you", "they", "he", "she", "someone", "people", "a", "an", "anyone", "somebody", "something",
				"stuff", "things", "customers", "users", "clients", "stakeholders", "devs", "developers", "bugs", "requests", "priorities":
				// "when I ask the PO she says…", "when the PM is out…",
				// "when a story is unclear do i go to the po?": a clause
				// about a situation, not a question about a time.
				c &^= cueSchedule
			}
		}
		if c&cueSchedule != 0 && w.at(i) == "where" {
			if w.boundary(i) {
				// "where do the two roles overlap?", "where does the PO's
				// job end?": not a place.
				c &^= cueSchedule
			} else {
				c |= cuePlace
				if head && i+1 < w.n() && w.clause(i+1) == w.clause(i) {
					switch w.at(i + 1) {
					case "is", "are", "the", "our", "my", "his", "her", "their", "this", "that", "those", "these":
						// "where's the deck?" (Normalize reads "where the
						// deck"), "where are the specs?": where a thing is.
						sc.locating |= 1 << min(w.clause(i), 63)
					}
				}
			}
		}
		if c&cueInjVerb != 0 && !w.nounAt(i) {
			lastVerb = i
		}
		if w.addsRole(i) {
			// "when do we start adding product owners?", "add more pms
			// or not?": taking on one of the roles is hiring.
			c |= cueHiring
		}
		if c&cueInjTarget != 0 && lastVerb >= 0 && i-lastVerb <= 4 {
			c |= cueInjection
		}
		if c&cueDuty != 0 && n == 3 && w.at(i) == "is" && w.at(i+1) == "it" && i+n < w.n() && (w.at(i+n) == "same" || w.at(i+n) == "case") {
			// "is it the same thing as scrum?", "is it the case that…":
			// no role to choose.
			c &^= cueDuty
		}
		if c&cueDuty != 0 && progressive(w, i+n) || c&cueYesNo != 0 && i+n < w.n() && !ing(w.at(i+n)) && progressive(w, i+n) {
			// "who's running…", "is the PO joining…": an event, maybe a
			// person, not a duty (see gate). "is leading the team a PO
			// thing?" has no subject before its verb: a gerund, no event.
			c |= cueDoing
			sc.doing |= 1 << min(w.clause(i), 63)
		}
		if c&cueYesNo != 0 && head && w.at(i) == "have" && i+2 < w.n() && w.at(i+1) == "a" && wish(w.at(i+2)) {
			// "have a great weekend": a wish, no question.
			c &^= cueYesNo
		}
		if c&cueYesNo != 0 && head {
			sub := w.yesNoSubject(t, i)
			if c&cueTail != 0 {
				// "did i get that right?" asks to confirm what came
				// before it, not whether something happened.
				sub &^= cueEvent
			}
			c |= sub
			if (w.at(i) == "is" || w.at(i) == "was") && e.nameAt(sc, i+1) {
				// "is marcus a good PO?", "is sam the PM now?": about a
				// person, not the role.
				c |= cuePerson
			}
		}
		if (c&cueDuty != 0 && w.at(i) != "which" || head && w.at(i) == "which") && w.doneBy(i) && !w.relativeWho(i) {
			// "who approved…", "who broke…", "which PO wrote this
			// ticket?": who did something, not whose job it is.
			c |= cueDone
		}
		if c&cueDefinition != 0 && head && w.at(i) == "what" && i+1 < w.n() && (w.at(i+1) == "does" || w.at(i+1) == "do") {
			// "what does a CTO do?" asks about another group's work.
			if oc := w.yesNoSubject(t, i+1) & cueOthers; oc != 0 {
				c |= oc
				sc.othersAt |= 1 << min(w.clause(i), 63)
			}
		}
		if c&cueDefinition != 0 && head && w.at(i) == "what" {
			k := i + 1
			if k < w.n() && (w.at(k) == "is" || w.at(k) == "are" || w.at(k) == "s") {
				k++
			}
			if k+1 < w.n() && determiner(w.at(k)) {
				if oc, _ := w.match(t.others, k+1); oc != 0 {
					// "what's the CTO responsible for?"
					c |= cueOthers
					sc.othersAt |= 1 << min(w.clause(i), 63)
				}
			}
		}
		if i+2 < w.n() && w.clause(i+1) == w.clause(i) && (w.at(i+1) == "is" || w.at(i+1) == "was") && e.nameLike(sc, i) && w.roleWithin(i+2, 4) {
			// "do you think jen is overstepping as PM?": about a person.
			c |= cuePerson
		}
		if c&cueDuty != 0 && w.at(i) == "who" && i+2 < w.n() && w.clause(i+2) == w.clause(i) {
			switch w.at(i + 1) {
			case "in", "from", "on", "at":
				k := i + 2
				for k+1 < w.n() && w.clause(k) == w.clause(i) && determiner(w.at(k)) {
					k++
				}
				if oc, _ := w.match(t.others, k); oc != 0 {
					// "who in finance approves overruns?": a person in
					// another group.
					c |= cueOthers
					sc.othersAt |= 1 << min(w.clause(i), 63)
				}
			}
		}
		if c&cuePerson != 0 && i+n < w.n() && w.clause(i+n) == w.clause(i) && (w.at(i+n) == "go" || w.at(i+n) == "goto") {
			// "who's my go-to for product news?" asks for the role to go
			// to, not for a person's details.
			c &^= cuePerson
		}
		if c&cuePerson != 0 && w.at(i) == "always" && w.groupBefore(i) {
			// "devs are always late with tasks, who keeps them
			// accountable?": a group's habit, not a person.
			c &^= cuePerson
		}
		if k := i + 1; c&cueDuty != 0 && (w.at(i) == "whos" || w.at(i) == "who") && k < w.n() {
			if w.at(k) == "is" || w.at(k) == "s" {
				k++
			}
			if k+2 < w.n() && w.at(k) == "the" && w.clause(k+2) == w.clause(i) {
				if oc, n := w.match(t.others, k+1); oc != 0 && k+1+n < w.n() {
					switch w.at(k + 1 + n) {
					case "on", "for", "in", "assigned", "working":
						// "who's the designer on the search squad?", "…
						// assigned to the redesign?": a directory question
						// about another group.
						c |= cuePerson
					}
				}
			}
			n := 0
			for k+n < w.n() && n < 2 && w.clause(k+n) == w.clause(i) && e.nameLike(sc, k+n) {
				n++
			}
			if n > 0 && k+n < w.n() && w.clause(k+n) == w.clause(i) && superior(w, k+n) {
				// "who is ana luísa's boss?", "who is marisol's line
				// manager": who a person's manager is, a directory
				// question (the possessive is gone by now: "who is ana
				// luisa boss"), whatever the classifier reads.
				c |= cueDetails
			}
		}
		if c&cueDuty != 0 && (w.at(i) == "whos" || w.at(i) == "who") && e.superlativeRole(sc, i+1) {
			// "who's the most chill PM to work with?", "who is the best PO
			// here?": a ranking of people, not a duty.
			c |= cuePerson
		}
		if head && w.at(i) == "which" && i+2 < w.n() && w.clause(i+1) == w.clause(i) {
			if oc, _ := w.match(t.others, i+1); oc != 0 {
				// "which QA person tests the build?": someone in another
				// group.
				c |= cueOthers
				sc.othersAt |= 1 << min(w.clause(i), 63)
			}
		}
		if w.at(i) == "or" && i > 0 && i+1 < w.n() && w.clause(i-1) == w.clause(i) && w.clause(i+1) == w.clause(i) && e.nameLike(sc, i-1) && e.nameLike(sc, i+1) && !w.names(t, i-1, cueWhen) && !w.names(t, i+1, cueWhen) && !w.namesTail(sc.who, i) {
			// "should marco or jen own the backlog?": a choice between
			// two people.
			c |= cuePerson
		}
		if c&cueDuty != 0 && w.at(i) == "which" && i+3 < w.n() && w.at(i+1) == "one" && w.at(i+2) == "is" && e.nameLike(sc, i+3) {
			// "PO or PM — which one is kenji?": which role a person
			// holds; whatever the classifier reads when the name ends
			// the clause ("which one is ment to…" goes on).
			if i+4 == w.n() || w.clause(i+4) != w.clause(i) {
				c |= cueDetails
			} else {
				c |= cuePerson
			}
		}
		if c&cueDefinition != 0 && head && w.at(i) == "what" && (i+1 >= w.n() || w.at(i+1) != "does" && w.at(i+1) != "do" && w.at(i+1) != "about") && w.glossary(i+n) {
			// "what's velocity?", "what's PI planning?": what a term
			// means, not who owns it ("what about the roadmap then?", in
			// a thread, asks the question before about something else).
			c |= cueTerm
		}
		if c&cueDuty != 0 {
			sc.asking |= 1 << min(w.clause(i), 63)
			switch w.at(i) {
			case "who", "whose", "whom":
				sc.who |= 1 << min(w.clause(i), 63)
			}
		}
		if c&(cueDuty|cueYesNo|cueTail|cueDefinition|cueInfo|cueHiring|cueWh) != 0 {
			sc.asked |= 1 << min(w.clause(i), 63)
		}
		if (w.at(i) == "email" || w.at(i) == "emails") && i > 0 && w.clause(i-1) == w.clause(i) {
			switch prev := w.at(i - 1); prev {
			case "po", "pm", "her", "his", "their", "your", "my", "our", "an", "the":
				if prev != "an" && prev != "the" || i+1 < w.n() && (w.at(i+1) == "address" || w.at(i+1) == "of") {
					// "the PO's email", "the email of the PM": a person's
					// details, whatever the classifier reads; "an email
					// campaign" is not, and "his emails" are his messages.
					if w.at(i) == "email" {
						c |= cueDetails
					} else {
						c |= cuePerson
					}
				}
			default:
				if e.nameLike(sc, i-1) {
					// "Priya's email" (but a name-like word may be a
					// channel in a list: "whatsapp, email, site visits")
					c |= cuePerson
				}
			}
		}
		if clockTime(w.at(i)) || i > 0 && w.clause(i-1) == w.clause(i) && instance(w.at(i-1), w.at(i)) {
			// "at 3pm", "in sprint 14", "season 3": one particular time
			// or occurrence, not the role's work in general.
			c |= cueWhen | cueToday
		}
		if c&cueWhen != 0 && w.at(i) == "right" && i > 0 && w.clause(i-1) == w.clause(i) && presentWork(w.at(i-1)) {
			// "focused on getting stuff done right now", "what has to
			// happen right now": the work of the moment one role looks
			// after, no time asked about.
			c &^= cueWhen | cueToday
		}
		if c&cueWhen != 0 && (w.at(i) == "today" || w.at(i) == "now" || w.at(i) == "right" && i+1 < w.n() && w.at(i+1) == "now") && w.futureAfter(i) {
			// "is the pm supposed to be about today or about the
			// future?": the present set against the future is the
			// roles' horizons, no time asked about.
			c &^= cueWhen | cueToday
		}
		if c&cueFigure != 0 && head {
			sc.figureAt |= 1 << min(w.clause(i), 63)
		}
		if c&cueToday != 0 {
			switch w.at(i) {
			case "right", "atm", "at", "now":
				// "what needs to happen right now": the present the
				// right-now work is about, no occasion.
			case "today":
				// "who's running standup today?" names an occasion, but
				// "what has to happen today" no date in a calendar.
				if i > 0 && (w.at(i-1) == "happen" || w.at(i-1) == "happens" || w.at(i-1) == "done") {
					break
				}
				sc.today |= 1 << min(w.clause(i), 63)
			case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tues", "thu", "thur", "thurs", "fri":
				if i > 0 && (w.at(i-1) == "every" || w.at(i-1) == "each") {
					// "every monday": a habit, no date.
					break
				}
				sc.today |= 1 << min(w.clause(i), 63)
				sc.dated |= 1 << min(w.clause(i), 63)
			default:
				sc.today |= 1 << min(w.clause(i), 63)
				sc.dated |= 1 << min(w.clause(i), 63)
			}
		}
		if w.endsAsked(i) {
			switch w.at(i) {
			case "when", "whens", "where":
				// "sprint review when?", "retro when??", "the vision doc
				// where?": a fragment that ends by asking when or where,
				// as "when is the retro?" begins.
				c |= cueWhen
			}
		}
		if j := i + max(n, 1) - 1; j < w.n() && w.at(j) == "yet" && w.endsAsked(j) && !w.lacks(j) {
			// "has the PM finished the vision doc yet?", "did the update
			// go out yet?" (a phrase that ends in "yet"): whether
			// something has happened by now ("…we can't afford both yet"
			// asks nothing, and "…skills that i dont have yet?" what
			// someone lacks).
			c |= cueEvent
			sc.pending = true
		}
		if (i+1 == w.n() || w.clause(i+1) != w.clause(i)) && tagWord([]byte(w.at(i))) {
			// "…, right?", "… innit": a question tag asks to confirm
			// what the clause says.
			c |= cueTail
			sc.asked |= 1 << min(w.clause(i), 63)
			if i > 0 && w.clause(i-1) != w.clause(i) {
				// A tag alone in its clause ("sprint 22 ends thursday,
				// right?") asks about the clause before it.
				sc.asked |= 1 << min(w.clause(i-1), 63)
			}
		}
		if c&cueIntro != 0 {
			sc.intro |= 1 << min(w.clause(i), 63)
		}
		if c&cueAccess != 0 {
			sc.accessAt |= 1 << min(w.clause(i), 63)
		}
		if c&cueWhen != 0 {
			sc.whenAt |= 1 << min(w.clause(i), 63)
		}
		if c&cueStatus != 0 {
			sc.statusAt |= 1 << min(w.clause(i), 63)
		}
		if c&cuePerson != 0 {
			sc.personAt |= 1 << min(w.clause(i), 63)
		}
		if head && c&cueDefinition != 0 {
			sc.defAt |= 1 << min(w.clause(i), 63)
		}
		if c&cueHiring != 0 {
			sc.hiringAt |= 1 << min(w.clause(i), 63)
		}
		if head && c&(cueDefinition|cueSchedule|cueFigure|cueYesNo) != 0 {
			sc.whAt |= 1 << min(w.clause(i), 63)
		}
		if head && c&cueAction != 0 && (polite || i+n < w.n() && w.clause(i+n) == w.clause(i) && (w.at(i+n) == "me" || w.at(i+n) == "us") || w.forMe(i)) && makes(w.at(i)) &&
			!(w.at(i) == "share" && sc.asked&(uint64(1)<<min(w.clause(i), 63)-1) != 0 && w.sharesAnswer(i)) {
			// "write me a job ad", "could you translate our PRD?": a task
			// for Rolecall ("show me who owns the backlog" and "can you
			// check who owns it?" ask a question, and so does "kindly
			// share" after one: "what should we ask before hiring a PO?
			// kindly share the list"; before a question word, "share" was
			// read past at the head).
			sc.command = true
		}
		if head && c&cueSchedule != 0 && c&cueInfo != 0 {
			// "can you tell me when the release goes live?" asks when.
			c &^= cueInfo
		}
		cues |= c
		if n == 0 {
			n = 1
		}
		if head && (c&headCues != 0 || !polite) {
			head = false
		}
		i += n
	}
	sc.cues = cues
}

// endsAsked reports whether word k ends a clause of two words or more that
// ends with a question mark ("sprint review when?", "…the vision doc yet?").
func (w words) endsAsked(k int) bool {
	return k > 0 && k < w.n() && (k+1 == w.n() || w.clause(k+1) != w.clause(k)) && w.clause(k-1) == w.clause(k) &&
		w.sc.marks.qends&(1<<min(w.clause(k), 63)) != 0
}

// yesNoSubject reads a yes/no head at word i: cueEvent when
// it asks whether something happened ("did the PM sign off?", "has the PO
// approved it?"), cueOthers when its subject is a group other than the
// two roles ("should designers attend planning?").
func (w words) yesNoSubject(t *cueTable, i int) cue {
	var c cue
	head := w.at(i)
	if head == "did" {
		c |= cueEvent
	}
	k := i + 1
	for k < w.n() && w.clause(k) == w.clause(i) && determiner(w.at(k)) {
		k++
	}
	if k >= w.n() || w.clause(k) != w.clause(i) {
		return c
	}
	if head == "has" || head == "have" {
		// "has the PO signed off", "have we shipped": the subject, then a
		// verb in the past; "have to" and "has a PO got" are no event.
		for j := k; j < min(w.n(), k+3); j++ {
			if x := w.at(j); past(x) && x != "got" && !strings.HasSuffix(x, "eed") {
				c |= cueEvent
				break
			}
		}
	}
	if head == "was" {
		// "was the budget approved?", "was the roadmap signed off
		// yet?": a thing, then a verb in the past that ends the clause;
		// "was the PM role invented by tech companies?" asks about a role.
		// ("were" is left out: normalised, "we're" reads the same.)
	scan:
		for j := k; j < min(w.n(), k+4) && w.clause(j) == w.clause(i); j++ {
			switch x := w.at(j); x {
			case "po", "pm", "pos", "pms", "product", "role", "roles", "it", "this", "that", "there":
				break scan
			default:
				if past(x) && j > k && (j+1 == w.n() || w.clause(j+1) != w.clause(i) || w.at(j+1) == "yet" || w.at(j+1) == "already" || w.at(j+1) == "off") {
					c |= cueEvent
					break scan
				}
			}
		}
	}
	if oc, n := w.match(t.others, k); oc != 0 {
		if w.at(k) == "it" && k+1 < w.n() && w.at(k+1) == "be" {
			// "would it be cheaper to train our own staff?": the pronoun,
			// not the IT team.
			return c
		}
		if (head == "is" || head == "are") && k+n < w.n() && (w.at(k+n) == "a" || w.at(k+n) == "an") {
			// "is leadership a must?": a quality, not a group.
			return c
		}
		c |= cueOthers
	}
	return c
}

// boundary reports whether the clause of word i asks where one role's
// work meets or ends at the other's.
func (w words) boundary(i int) bool {
	for k := i + 1; k < w.n() && w.clause(k) == w.clause(i); k++ {
		switch w.at(k) {
		case "same":
			// "cover the same ground", "do the same things", not "same
			// room as yesterday"
			if k+1 < w.n() && w.clause(k+1) == w.clause(i) {
				switch w.at(k + 1) {
				case "ground", "thing", "things", "work", "job", "jobs", "stuff", "tasks", "duties":
					return true
				}
			}
		case "overlap", "overlaps", "overlapping", "differ", "differs", "difference", "differences", "diverge", "fit", "fits", "end", "ends", "begin", "begins", "start", "starts", "stop", "stops", "line", "boundary", "boundaries", "meet", "split", "cross", "roles", "jobs":
			return true
		}
	}
	return false
}

// doneBy reports whether a who or which head at word i asks who did
// something: "who" as typed (not "who's") or "which" and up to three words
// of a role, then a verb in the past.
func (w words) doneBy(i int) bool {
	t := w.sc.toks[i]
	switch string(w.sc.norm[t.raw[0]:t.raw[1]]) {
	case "who":
		// Normalize reads "who's" as "who": "who's got" and "who's tasked
		// with" ask whose job it is.
		if i+1 >= w.n() {
			return false
		}
		switch x := w.at(i + 1); x {
		case "was", "were":
			// "who was in planning this morning?"
			if i+2 < w.n() {
				switch w.at(i + 2) {
				case "in", "at", "on", "there", "present":
					return true
				}
			}
			return false
		case "got", "tasked", "charged", "expected", "supposed", "meant", "allowed", "required", "needed", "entitled", "empowered", "authorized", "authorised", "assigned", "involved", "concerned", "called":
			return false
		case "has", "have", "had":
			// "who has informed customer service?"; "who has to
			// approve…" asks whose job it is.
			if i+2 < w.n() {
				switch y := w.at(i + 2); y {
				case "got", "been", "to":
					return false
				default:
					return past(y)
				}
			}
			return false
		default:
			return past(x)
		}
	case "which":
		// "which PO wrote this ticket?", "which customers requested dark
		// mode?": up to three words, then a verb in the past; an auxiliary
		// first ("which role is expected to…") asks whose job it is.
		for k := i + 1; k < min(w.n(), i+7); k++ {
			switch x := w.at(k); x {
			case "is", "are", "should", "does", "do", "would", "will", "can", "could", "must", "has", "have", "was", "were", "s":
				return false
			default:
				if past(x) {
					// "…, which did not go down well": a verb right
					// after "which" makes a relative clause.
					return k > i+1
				}
			}
		}
	}
	return false
}

// has reports whether the question holds one of the words.
func (w words) has(xs ...string) bool { return w.hasIn(^uint64(0), xs...) }

// roleIn reports whether a clause of mask names a role.
func (e *Engine) roleIn(sc *scratch, mask uint64) bool {
	for _, q := range sc.qterms {
		if mask&(1<<q.clause) != 0 && q.id >= 0 && e.role[q.id] {
			return true
		}
	}
	return false
}

// differenceOfRoles reports whether the question asks how the roles
// differ: "PO vs PM, what's the difference?", or "we have a PO and a PM.
// what's the difference?", whose roles a hiring phrase reads as "both".
func (w words) differenceOfRoles(t *cueTable, named, both bool) bool {
	if !w.has("difference", "diff", "differences") {
		return false
	}
	if w.has("po", "pos") && w.has("pm", "pms") {
		named, both = true, true
	}
	return named && (both || !w.othersVersus(t, true))
}

// aboutRoles reports whether the question speaks of the roles without
// naming them: "what's the difference between the two roles?", or "what's
// the difference?" with nothing else to tell apart, which in a thread
// about the roles asks how they differ.
func (w words) aboutRoles() bool {
	for k := range w.n() {
		switch w.at(k) {
		case "role", "roles", "jobs", "titles", "positions", "both":
			return true
		case "difference", "differences", "diff":
			if w.sc.unknown == 0 && len(w.sc.qterms) == 1 {
				return true
			}
		case "between":
			// "what's the actual difference between them?", "…between
			// the two?": the roles Rolecall is about, named before.
			if w.betweenThem(k) {
				return true
			}
		}
	}
	return false
}

// betweenThem reports whether "between" at word k ends its clause with
// "them", "those", "these", "the two" or "those two".
func (w words) betweenThem(k int) bool {
	end := func(j int) bool { return j == w.n() || w.clause(j) != w.clause(k) }
	if end(k + 1) {
		return false
	}
	switch w.at(k + 1) {
	case "them", "those", "these":
		return end(k+2) || w.at(k+2) == "two" && end(k+3)
	case "the":
		return !end(k+2) && w.at(k+2) == "two" && end(k+3)
	}
	return false
}

// othersTail reports whether the text's last clause names only groups
// other than the two roles, after a clause that says something: "who runs
// regression testing before a deploy, QA?" and "…, qa right?" ask to
// confirm another group's work.
func (w words) othersTail(t *cueTable) bool {
	i, n := w.lastClause(), w.n()
	if i < 0 {
		return false
	}
	found := false
	for i < n {
		if determiner(w.at(i)) || w.at(i) == "or" || w.at(i) == "maybe" || i == n-1 && tagWord([]byte(w.at(i))) {
			i++
			continue
		}
		c, k := w.match(t.others, i)
		if c == 0 {
			return false
		}
		found = true
		i += k
	}
	return found
}

// othersVersus reports whether the question sets another group against
// something ("BA vs PO", "engineering manager versus product manager",
// and, when between is set, "the difference between a BA and a PO").
func (w words) othersVersus(t *cueTable, between bool) bool {
	for k := 1; k+1 < w.n(); k++ {
		switch w.at(k) {
		case "vs", "versus", "v":
		case "and":
			if !between || !w.has("between") {
				continue
			}
		default:
			continue
		}
		if w.othersAfter(t, k) || w.othersBefore(t, k) {
			return true
		}
	}
	return false
}

// groupBefore reports whether a group of people ("devs", "the team") is
// the subject just before word i of the same clause, past "are" or "is".
func (w words) groupBefore(i int) bool {
	k := i - 1
	if k >= 0 && (w.at(k) == "are" || w.at(k) == "is") {
		k--
	}
	if k < 0 || w.clause(k) != w.clause(i) {
		return false
	}
	switch w.at(k) {
	case "devs", "developers", "engineers", "team", "teams", "testers", "designers", "people", "folks", "they", "stakeholders", "customers", "users", "clients", "vendors", "suppliers", "contractors":
		return true
	}
	return false
}

// namesOthers reports whether the text names a group other than the two
// roles anywhere ("the scrum master", "a service owner").
func (w words) namesOthers(t *cueTable) bool {
	for k := range w.n() {
		if c, _ := w.match(t.others, k); c != 0 {
			return true
		}
	}
	return false
}

// othersHeld reports whether every outside subject of the question is
// something the asker's team has: within six words of the same clause it
// follows "have", "has", "got" or "with", past determiners, numbers,
// "already", "and" and the roles ("we already have a pm and a scrum
// master"), or it continues such a list ("we have a BA, a scrum master
// and 6 engineers").
func (w words) othersHeld() bool {
	prev := -1
	for _, o := range w.sc.outsideToks {
		k := int(o) - 1
		held := false
		for ; k >= 0 && k >= int(o)-6 && w.clause(k) == w.clause(int(o)); k-- {
			x := w.at(k)
			if x == "have" || x == "has" || x == "got" || x == "with" {
				held = true
				break
			}
			if prev >= 0 && k <= prev+3 && k >= prev {
				// the word after an outside subject held before it
				held = true
				break
			}
			if !determiner(x) && !isRoleWord(x) && !heldQualifier(x) && x != "and" && x != "already" && x != "one" && x != "two" && !hasDigit([]byte(x)) {
				break
			}
		}
		if !held {
			return false
		}
		prev = int(o)
	}
	return len(w.sc.outsideToks) > 0
}

// heldQualifier reports whether x may qualify a title a team has: "we
// have a strong scrum master", "we've got a really good tech lead", "with
// two senior devs".
func heldQualifier(x string) bool {
	switch x {
	case "strong", "great", "good", "solid", "senior", "junior", "experienced", "dedicated", "fulltime", "full", "time",
		"parttime", "part", "new", "really", "very", "super", "amazing", "awesome", "excellent", "brilliant", "decent",
		"capable", "technical", "couple", "few", "several", "many", "more", "three", "four", "five", "pretty":
		return true
	}
	return false
}

// othersAfter reports whether another group is named right after the word
// at k, determiners aside ("or the hiring manager").
func (w words) othersAfter(t *cueTable, k int) bool {
	after := k + 1
	for after < w.n() && determiner(w.at(after)) {
		after++
	}
	if after >= w.n() {
		return false
	}
	c, _ := w.match(t.others, after)
	return c != 0
}

// qualityOfOther reports whether the text asks what qualities someone
// of a job it names needs, or what the job does, and the job is neither
// role: "does a hangar planner need leadership skills", "what skills
// does a good mortgage adviser need", "what qualities make a good
// lifeguard", "how is a ward manager's success measured", "what does a
// rights manager do exactly". A text that names a role, "product",
// "role", both or either, or asks who or which, is left to the rest, and
// so is a subject that could be anyone ("does the person who writes the
// stories need…", "do I need…").
func (w words) qualityOfOther() bool {
	if w.has("po", "pm", "pos", "pms", "product", "role", "roles", "both", "either", "two", "who", "whose", "which", "whos") {
		return false
	}
	for k := 0; k+2 < w.n(); k++ {
		var slot int // where the job's words start
		switch w.at(k) {
		case "does", "do":
			// "does a hangar planner need leadership skills"; "what does
			// a rights manager do exactly"
			slot = k + 1
		case "make", "makes":
			// "what qualities make a good lifeguard"
			if k == 0 || !qualityWord(w.at(k-1)) {
				continue
			}
			slot = k + 1
		case "how":
			// "how is a ward manager's success measured"
			if w.at(k+1) != "is" {
				continue
			}
			slot = k + 2
		default:
			continue
		}
		c := w.clause(k)
		for slot < w.n() && w.clause(slot) == c && (determiner(w.at(slot)) || w.at(slot) == "good" || w.at(slot) == "great" || w.at(slot) == "new") {
			slot++
		}
		end := slot
		for end < w.n() && w.clause(end) == c && end-slot < 4 {
			switch x := w.at(end); x {
			case "need", "needs", "have", "require", "bring", "success", "performance", "measured", "judged", "do":
			default:
				if !verbAdverb(x) {
					end++
					continue
				}
			}
			break
		}
		if end == slot || !anyonesWords(w, slot, end) {
			continue
		}
		if w.at(k) == "make" || w.at(k) == "makes" {
			if end == w.n() || w.clause(end) != c {
				return true
			}
			continue
		}
		if end == w.n() || w.clause(end) != c {
			continue
		}
		switch w.at(k) {
		case "how":
			if w.at(end) == "success" || w.at(end) == "performance" {
				return true
			}
		default:
			if k > 0 && w.at(k-1) == "what" && w.clause(k-1) == c && w.at(k) == "does" && w.doesDo(end) {
				return true
			}
			if w.at(end) != "need" && w.at(end) != "needs" {
				continue
			}
			if k > 0 && w.clause(k-1) == c && qualityWord(w.at(k-1)) {
				// "what skills does a good mortgage adviser need"
				return true
			}
			for j := end + 1; j < w.n() && w.clause(j) == c && j <= end+4; j++ {
				if qualityWord(w.at(j)) {
					return true
				}
			}
		}
	}
	return false
}

// doesDo reports whether the words from k end a "what does … do" about
// the job before them: "do", "actually do", "do exactly", "do all day",
// "do here"; "do to get promoted" asks something else.
func (w words) doesDo(k int) bool {
	c := w.clause(k)
	for k < w.n() && w.clause(k) == c && verbAdverb(w.at(k)) {
		k++
	}
	if k == w.n() || w.clause(k) != c || w.at(k) != "do" {
		return false
	}
	k++
	if k == w.n() || w.clause(k) != c {
		return true
	}
	switch w.at(k) {
	case "exactly", "actually", "all", "day", "here", "in", "on", "at", "during", "then", "anyway", "nowadays", "these", "again", "vs", "compared":
		return true
	}
	return false
}

// anyonesWords reports whether the words from i to end name a job: none
// is a pronoun or a word for someone in general ("the person", "our new
// hire", "I").
func anyonesWords(w words, i, end int) bool {
	titled := false
	for j := i; j < end; j++ {
		switch w.at(j) {
		case "i", "we", "you", "u", "they", "he", "she", "it", "someone", "somebody", "anyone", "anybody", "person", "people", "ppl", "candidate", "candidates", "applicant", "applicants", "hire", "hires", "one", "ones", "each", "team", "them", "this", "that", "these", "those", "whoever", "everyone", "everybody", "all", "us", "me", "job", "s",
			"guy", "gal", "lady", "dude", "bloke", "folks", "backlog", "roadmap", "vision", "stories", "story", "tickets", "requirements":
			// ("what does the backlog guy actually do all day")
			return false
		case "manager", "managers", "owner", "owners", "lead", "leads", "leader", "leaders", "head":
			// "a manager" may be either role; "a ward manager" is a
			// job of its own.
		default:
			titled = true
		}
	}
	return titled
}

// qualityWord reports whether x names a quality someone brings to a job:
// a word for qualities in general (qualityNoun) or one of them.
func qualityWord(x string) bool {
	switch x {
	case "quality", "creative", "creativity", "analytical", "leadership", "comms", "communication", "technical", "organised", "organized", "empathy", "degree", "certification", "certified", "mba":
		return true
	}
	return qualityNoun(x)
}

// qualityNoun reports whether x is a word for someone's qualities in
// general: "skills", "experience", "temperament".
func qualityNoun(x string) bool {
	switch x {
	case "skills", "skill", "qualities", "traits", "strengths", "abilities", "competencies", "experience", "background", "qualifications", "mindset", "personality", "temperament":
		return true
	}
	return false
}

// hiresOnlyOthers reports whether a clause of mask hires another group
// (hiresAnotherGroup) and the text names neither role nor the word
// "product" or "role" ("both a PO and a PM" is one term, so the words are
// read too).
func (w words) hiresOnlyOthers(t *cueTable, mask uint64) bool {
	return !w.has("po", "pm", "pos", "pms", "product", "role", "roles") && (w.hiresAnotherGroup(t, mask) || w.othersHired())
}

// othersHired reports whether, in a text that names neither role, the
// hiring question is about other jobs: "which staff do we hire first?",
// "…a facilities manager and a maintenance lead. do we really need both?"
// ("which one should we hire first?" asks which role).
func (w words) othersHired() bool {
	for k := 0; k+3 < w.n(); k++ {
		if (w.at(k) == "which" || w.at(k) == "what") && w.clause(k+3) == w.clause(k) {
			switch w.at(k + 1) {
			case "one", "ones", "person", "people", "kind", "type", "hire", "first", "of":
				continue
			}
			switch w.at(k + 2) {
			case "do", "should", "would", "shall", "to":
			default:
				continue
			}
			if w.at(k+3) == "hire" || k+4 < w.n() && w.at(k+3) == "we" && w.at(k+4) == "hire" {
				return true
			}
		}
	}
	needBoth := false
	for k := 0; k+1 < w.n(); k++ {
		if (w.at(k) == "need" || w.at(k) == "needs") && w.at(k+1) == "both" {
			needBoth = true
		}
	}
	if !needBoth {
		return false
	}
	for k := 0; k < w.n(); k++ {
		if titleWord(w.at(k)) {
			return true
		}
	}
	return false
}

// titleWord reports whether x is the last word of a job's title:
// "facilities manager", "school director" ("lead" is as often the verb).
func titleWord(x string) bool {
	switch x {
	case "manager", "managers", "director", "directors", "head", "officer", "officers", "coordinator", "coordinators", "supervisor", "supervisors", "adviser", "advisers", "advisor", "advisors", "assistant", "assistants", "administrator", "administrators":
		return true
	}
	return false
}

// hiresAnotherGroup reports whether a clause of mask hires another group than
// the roles: "who hires the devs", "recruiting more engineers".
func (w words) hiresAnotherGroup(t *cueTable, mask uint64) bool {
	for k := 0; k+1 < w.n(); k++ {
		switch w.at(k) {
		case "hire", "hires", "hiring", "recruit", "recruits", "recruiting", "interviews":
		default:
			continue
		}
		if mask&(1<<min(w.clause(k), 63)) == 0 {
			continue
		}
		i := k + 1
		for i < w.n() && (determiner(w.at(i)) || w.at(i) == "more" || w.at(i) == "new") {
			i++
		}
		if i < w.n() && w.clause(i) == w.clause(k) {
			if c, _ := w.match(t.others, i); c != 0 {
				return true
			}
		}
	}
	return false
}

// othersBefore reports whether another group of up to three words ends
// right before the word at k ("HR or").
func (w words) othersBefore(t *cueTable, k int) bool {
	for start := max(0, k-3); start < k; start++ {
		if c, n := w.match(t.others, start); c != 0 && start+n == k {
			return true
		}
	}
	return false
}

// othersChoice reports whether the question asks to choose between two
// other groups than the roles: "HR or the hiring manager?".
func (w words) othersChoice(t *cueTable) bool {
	for k := 1; k+1 < w.n(); k++ {
		if w.at(k) == "or" && w.othersAfter(t, k) && w.othersBefore(t, k) {
			return true
		}
	}
	return false
}

// hireOthers reports whether the question sets another title against one
// of the roles ("a designer or a pm", "a chief of staff before a PM",
// "a project manager or a product manager"): asked about whom to hire,
// it weighs a role the articles do not cover.
func (w words) hireOthers(t *cueTable) bool {
	for k := 1; k+1 < w.n(); k++ {
		switch w.at(k) {
		case "or", "before", "vs", "versus":
		default:
			continue
		}
		if w.othersBefore(t, k) && w.roleAfter(k) || w.othersAfter(t, k) && w.roleBefore(k) {
			return true
		}
	}
	return false
}

// roleAfter reports whether one of the roles follows the word at k, after
// determiners: "or a pm", "before the product owner".
func (w words) roleAfter(k int) bool {
	i := k + 1
	for i < w.n() && determiner(w.at(i)) {
		i++
	}
	return i < w.n() && w.clause(i) == w.clause(k) && w.roleAt(i) > 0
}

// roleBefore reports whether one of the roles ends right before the word
// at k: "pm or", "product owner before".
func (w words) roleBefore(k int) bool {
	return k > 0 && w.clause(k-1) == w.clause(k) && (isRoleWord(w.at(k-1)) || k > 1 && w.roleAt(k-2) == 2)
}

// roleAt returns how many words name one of the roles at word i: 1 for
// "po", "pm" and their plurals, 2 for "product owner(s)" and "product
// manager(s)", 0 for anything else.
func (w words) roleAt(i int) int {
	switch {
	case i < 0 || i >= w.n():
		return 0
	case isRoleWord(w.at(i)):
		return 1
	case w.at(i) == "product" && i+1 < w.n() && w.clause(i+1) == w.clause(i):
		switch w.at(i + 1) {
		case "owner", "owners", "manager", "managers":
			return 2
		}
	}
	return 0
}

// definesRole reports whether word i is "define" asking what a role is,
// at the head of its clause, only a greeting, Rolecall's name or polite
// words before it: "define product owner", "@rolecall pls define a PM",
// "can you define PO". It asks for the role's definition, as "what is a
// product owner?" does, and is no word of its subject (not the defining
// of a vision or of requirements: "who should define the requirements?").
func (w words) definesRole(i int) bool {
	if w.at(i) != "define" || !w.requestHead(i, true) {
		return false
	}
	k := i + 1
	if k < w.n() && w.clause(k) == w.clause(i) && (w.at(k) == "a" || w.at(k) == "an" || w.at(k) == "the") {
		k++
	}
	return k < w.n() && w.clause(k) == w.clause(i) && w.roleAt(k) > 0
}

// requestHead reports whether every word before word i in its clause
// only heads a request: a polite word ("pls", "kindly", "can you",
// "just") or, with greetings, a greeting or Rolecall's name ("hey
// @rolecall pls define a PM").
func (w words) requestHead(i int, greetings bool) bool {
	for k := i - 1; k >= 0 && w.clause(k) == w.clause(i); k-- {
		switch w.at(k) {
		case "pls", "please", "plz", "plez", "pl", "pse", "kindly", "can", "could", "would", "will", "you", "u", "someone", "somebody", "anyone", "just", "quickly":
		case "hey", "hi", "hello", "yo", "rolecall", "bot":
			if !greetings {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func isRoleWord(x string) bool {
	switch x {
	case "po", "pm", "pos", "pms":
		return true
	}
	return false
}

// dutyElsewhere reports whether a duty's words are attached to a thing no
// product role owns (the cues' elsewhere list): after the duty and
// for/of/on ("the budget for the christmas party", "the roadmap for the
// office move") or just before it ("the grad ceremony budget"). A product,
// team, time, version or role among those words makes the duty the
// product's ("the roadmap for the stadium app", "the canteen team's
// backlog for q3").
func (w words) dutyElsewhere(t *cueTable) bool {
	if len(t.elsewhere) == 0 {
		return false
	}
	for i := 0; i < w.n(); i++ {
		if !dutyWord(w.at(i)) && !dutyWord(w.sc.toks[i].word) {
			// (A typo reads as the word it was read as: "requirments".)
			continue
		}
		thing := false
		// A team's ritual is named by the team ("the depot retro"), so only
		// a thing after it counts ("the retro for the christmas party").
		for k := max(0, i-3); k < i && !ritualWord(w.at(i)); k++ {
			if _, n := w.match(t.elsewhere, k); n > 0 && k+n == i && w.clause(k) == w.clause(i) {
				thing = true
			}
		}
		k := w.pastCopula(i + 1)
		// A verb takes its object straight after it ("launching our
		// awards evening"), and so does "is" ("whose budget is the
		// swag").
		verb := ing(w.at(i)) && k < w.n() && objectFiller(w.at(k))
		if k+1 < w.n() && k == i+1 && (w.at(k) == "is" || w.at(k) == "s") && objectFiller(w.at(k+1)) {
			k, verb = k+1, true
		}
		if k < w.n() && w.clause(k) == w.clause(i) && (w.at(k) == "for" || w.at(k) == "of" || w.at(k) == "on" || w.at(k) == "about" || verb) {
			if !verb {
				k++
			}
			thing, _ = w.objectThing(t, k, w.clause(i), thing)
		}
		if i+1 < w.n() && w.clause(i+1) == w.clause(i) && productish(w.at(i+1)) {
			thing = false
		}
		if thing {
			return true
		}
	}
	return w.forElsewhere(t)
}

// objectThing reads the object of a duty from word k of clause c, past
// the words that only introduce it ("the new…"): whether, within five
// words, it names a thing no product role owns and no product, team or
// version (thing says whether one came before it: "the stadium
// roadmap"). It returns that and the word where it stopped.
func (w words) objectThing(t *cueTable, k int, c uint8, thing bool) (bool, int) {
	for k < w.n() && w.clause(k) == c && objectFiller(w.at(k)) {
		k++
	}
	for end := min(w.n(), k+5); k < end && w.clause(k) == c; k++ {
		x := w.at(k)
		if x == "or" || x == "is" || isRoleWord(x) {
			break
		}
		if thing && whenWord(x) {
			// "the priorities for the wellbeing programme this
			// quarter": a time after the thing says when, not which
			// product.
			continue
		}
		if thing && groupWord(x) && k > 0 && w.endsElsewhere(t, k-1) {
			// "the priorities for the groundskeeping team": the
			// thing's own people, no product team.
			continue
		}
		if productish(x) {
			return false, k
		}
		if _, n := w.match(t.elsewhere, k); n > 0 {
			thing = true
		}
	}
	if thing && k < w.n() && w.clause(k) == c && productish(w.at(k)) {
		// "goals and metrics for each stage of the rota app": the word
		// just past the five names the thing a product.
		return false, k
	}
	return thing, k
}

// forElsewhere reports whether the one clause that asks who does
// something says that it is for something no product role owns: "who
// coordinates sales and the founders for the expo stand?". The thing comes
// at most ten words after "who", in its clause; a message that asks "who"
// twice may ask the other question about a product ("who's bringing cake
// for the leaving do, and who owns the backlog?").
func (w words) forElsewhere(t *cueTable) bool {
	who := -1
	for k := range w.n() {
		switch w.at(k) {
		case "who", "whose", "whom":
			if who >= 0 {
				return false
			}
			who = k
		}
	}
	if who < 0 || w.sc.who&(1<<min(w.clause(who), 63)) == 0 {
		return false
	}
	for i := who + 1; i < w.n() && i-who <= 10 && w.clause(i) == w.clause(who); i++ {
		if w.at(i) != "for" || productish(w.at(i-1)) {
			// ("a new app for spare parts": a product for the thing.)
			continue
		}
		thing, k := w.objectThing(t, i+1, w.clause(i), false)
		for ; thing && k < w.n() && w.clause(k) == w.clause(i); k++ {
			// "the fun run sign-up app": a product for the thing.
			if productish(w.at(k)) {
				thing = false
			}
		}
		if thing {
			return true
		}
	}
	return false
}

// addsRole reports whether word i is "add" or "adding" followed by one of
// the roles, maybe after a determiner or a count: "add a po", "adding
// product owners", "add another pm", "adding two more pos".
func (w words) addsRole(i int) bool {
	if x := w.at(i); x != "add" && x != "adding" {
		return false
	}
	k := i + 1
	for k < w.n() && w.clause(k) == w.clause(i) {
		switch w.at(k) {
		case "a", "an", "another", "more", "some", "extra", "second", "dedicated", "two", "2", "one", "1":
			k++
			continue
		}
		break
	}
	return k < w.n() && w.clause(k) == w.clause(i) && w.roleAt(k) > 0
}

// goingIn reports whether a clause of mask asks how something is going:
// "going", "progressing" or "coming along" after its head, but not "going
// to" ("how's the po hiring going?", "how is recruiting coming along").
func (w words) goingIn(mask uint64) bool {
	for i := 1; i < w.n(); i++ {
		if mask&(1<<min(w.clause(i), 63)) == 0 {
			continue
		}
		switch w.at(i) {
		case "going":
			if i+1 == w.n() || w.clause(i+1) != w.clause(i) || w.at(i+1) != "to" {
				return true
			}
		case "progressing":
			return true
		case "along":
			if w.at(i-1) == "coming" {
				return true
			}
		}
	}
	return false
}

// pastCopula returns the word after "is it", "is that" and "is it
// supposed to be" (or "meant to be") at k, in k's clause: "whose vision is
// it supposed to be for the office fit-out" attaches the vision to the
// fit-out. It returns k when none is there.
func (w words) pastCopula(k int) int {
	same := func(j int) bool { return j < w.n() && w.clause(j) == w.clause(k) }
	if !same(k+1) || w.at(k) != "is" && w.at(k) != "s" && w.at(k) != "was" {
		return k
	}
	switch w.at(k + 1) {
	case "it", "that", "this":
	default:
		return k
	}
	j := k + 2
	if same(j+2) && (w.at(j) == "supposed" || w.at(j) == "meant") && w.at(j+1) == "to" && w.at(j+2) == "be" {
		j += 3
	}
	return j
}

// dutyWord reports whether x names a duty whose object may come with it
// ("the budget for…", "the stadium budget").
func dutyWord(x string) bool {
	switch x {
	case "budget", "budgets", "roadmap", "roadmaps", "backlog", "backlogs", "strategy", "strategies", "vision",
		"launch", "launches", "requirements", "requirement", "specs", "feedback", "documentation", "docs",
		"metrics", "kpis", "kpi", "stakeholders", "dependencies", "dependency", "priorities", "priority",
		"milestones", "timeline", "timelines", "release", "process", "golive",
		"forecast", "forecasts", "forecasting", "lifecycle", "epics", "stories", "goals", "targets",
		"retro", "retros", "retrospective", "retrospectives", "resources", "direction", "launching":
		return true
	}
	return false
}

// contactsOnDuty reports whether a clause that asks whom to contact names
// a duty after its head: "who do i talk to about getting it on the
// roadmap?".
func (w words) contactsOnDuty() bool {
	for i := 0; i < w.n(); i++ {
		if w.sc.asking&(1<<min(w.clause(i), 63)) == 0 {
			continue
		}
		if dutyWord(w.at(i)) || dutyWord(w.sc.toks[i].word) || rankWord(w.at(i)) || contactWord(w.at(i)) {
			return true
		}
	}
	return false
}

// contactWord reports whether x, in a question whom to contact, names
// what a product role hears about: "who do i complain to about the app",
// "who do i talk to about a feature".
func contactWord(x string) bool {
	switch x {
	case "complain", "complaint", "complaints", "feature", "features":
		return true
	}
	return false
}

// rankWord reports whether x asks for something's place in the order
// of work: "who can i ask to prioritize the auto-assign feature", "why
// it got deprioritised".
func rankWord(x string) bool {
	switch x {
	case "prioritize", "prioritise", "prioritized", "prioritised", "prioritizing", "prioritising", "prioritization", "prioritisation",
		"deprioritize", "deprioritise", "deprioritized", "deprioritised", "reprioritize", "reprioritise", "reprioritized", "reprioritised":
		return true
	}
	return false
}

// ritualWord reports whether x names one of a team's meetings.
func ritualWord(x string) bool {
	switch x {
	case "retro", "retros", "retrospective", "retrospectives":
		return true
	}
	return false
}

// objectFiller reports whether x only introduces a duty's object ("the
// new…", "our next…").
func objectFiller(x string) bool {
	switch x {
	case "the", "our", "a", "an", "this", "that", "these", "those", "my", "their", "its", "your", "new", "next",
		"upcoming", "whole", "entire", "current", "all":
		return true
	}
	return false
}

// productish reports whether x, among a duty's words, makes the duty the
// product's: a product head, a team, a time, a version, a market or a
// rewrite ("the booking app", "the checkout squad", "q3", "v2", "the
// destination weddings market", "the crane scheduling rewrite").
func productish(x string) bool {
	if productHead([]byte(x)) || hasDigit([]byte(x)) {
		return true
	}
	switch x {
	case "release", "releases", "version", "versions", "website", "websites", "service", "services", "tool",
		"tools", "system", "systems", "api", "apis", "team", "teams", "squads", "sprint", "sprints", "quarter",
		"year", "month", "week", "mvp", "beta", "platforms", "portals", "sites", "modules", "dashboards",
		"software", "integration", "page", "pages", "screen", "screens", "online", "digital", "mobile", "web", "ios", "android",
		"rollout", "rollouts", "booking", "bookings", "scanner", "scanners", "kiosk", "kiosks", "marketplace", "marketplaces", "market", "markets",
		"segment", "segments", "rewrite", "rewrites", "migration", "migrations", "rework", "reworks", "redesign", "redesigns":
		return true
	}
	return false
}

// endsElsewhere reports whether a thing no product role owns ends at
// word k: "groundskeeping" in "the groundskeeping team", "car park".
func (w words) endsElsewhere(t *cueTable, k int) bool {
	for j := max(0, k-3); j <= k; j++ {
		if _, n := w.match(t.elsewhere, j); n > 0 && j+n == k+1 {
			return true
		}
	}
	return false
}

// groupWord reports whether x names the people of a group: "team",
// "crew", "staff".
func groupWord(x string) bool {
	switch x {
	case "team", "teams", "crew", "crews", "staff", "department", "dept":
		return true
	}
	return false
}

// whenWord reports whether x, among a duty's words, names a time: a
// quarter, year, month or week, or a number ("q3", "2025").
func whenWord(x string) bool {
	switch x {
	case "quarter", "year", "month", "week", "quarters", "years", "months", "weeks":
		return true
	}
	return hasDigit([]byte(x)) && !strings.HasPrefix(x, "v")
}

// holderOf reports whether a clause asks who holds a role for a team,
// product or place: "who is the PO of checkout team?", "who's the new PM
// for the wash app?", "who's product manager for the b2b side?". "who is
// the PO in scrum?" and "who is the PO in an agile team?" ask about the
// role.
func (w words) holderOf() bool {
	for i := 0; i+3 < w.n(); i++ {
		if w.at(i) != "who" {
			continue
		}
		k := i + 1
		if x := w.at(k); x == "is" || x == "s" || x == "are" {
			// "who's" reads "who", as "whos" does.
			k++
		}
		if k < w.n() && w.clause(k) == w.clause(i) {
			switch w.at(k) {
			case "the", "our", "your", "ur", "my":
				k++
			}
		}
		for k < w.n() && w.clause(k) == w.clause(i) {
			switch w.at(k) {
			case "new", "current", "acting", "interim", "actual":
				k++
				continue
			}
			break
		}
		n := w.roleAt(k)
		if n == 0 || w.clause(k) != w.clause(i) {
			continue
		}
		k += n
		if k+1 >= w.n() || w.clause(k+1) != w.clause(i) {
			continue
		}
		switch w.at(k) {
		case "for", "of", "on", "in", "at", "over":
		default:
			continue
		}
		switch w.at(k + 1) {
		case "a", "an", "scrum", "agile", "kanban", "safe", "general", "practice", "theory", "terms", "charge", "short":
			continue
		}
		return true
	}
	return false
}

// comparesOurs reports whether the question compares the team's own
// people: a comparative ("more annoying", "better at", "more senior") and
// a choice between "our PO" and "our PM" ("who's more annoying in
// standup, our po or our pm?"). "who's more strategic, the PO or the PM?"
// compares the roles.
func (w words) comparesOurs() bool {
	comparative := false
	for i := 0; i+1 < w.n(); i++ {
		if w.at(i) != "who" && w.at(i) != "whos" && w.at(i) != "which" {
			continue
		}
		k := i + 1
		if w.at(k) == "is" || w.at(k) == "s" || w.at(k) == "one" {
			k++
		}
		if k < w.n() && w.at(k) == "is" {
			k++
		}
		if k < w.n() && comparativeWord(w.at(k)) {
			comparative = true
		}
	}
	if !comparative {
		return false
	}
	for k := 2; k+2 < w.n(); k++ {
		if w.at(k) == "or" && (w.at(k-2) == "our" || w.at(k-2) == "my") && isRoleWord(w.at(k-1)) &&
			(w.at(k+1) == "our" || w.at(k+1) == "my") && isRoleWord(w.at(k+2)) {
			return true
		}
	}
	return false
}

// comparesNamed reports whether the question compares two people by
// name with a comparative: "who's more senior, kofi (po) or meera (pm)?",
// "which of the two POs is more senior, ravi or sunniva?", "is mateo more
// senior than priya?". Each side of the choice is a name (Engine.nameLike),
// maybe with the role it holds after it; "who's more senior, the PO or
// the PM?" compares the roles.
func (e *Engine) comparesNamed(sc *scratch) bool {
	w := words{sc: sc}
	comparative := -1
	for i := 0; i+1 < w.n(); i++ {
		switch w.at(i) {
		case "who", "whos", "which", "is":
		default:
			continue
		}
		// Only the first question word: "who should be deciding which
		// one matters more, Lars (PO) or Megan (PM)?" asks whose call
		// it is.
		for k := i + 1; k < min(w.n(), i+8) && w.clause(k) == w.clause(i); k++ {
			if comparativeWord(w.at(k)) {
				comparative = k
				break
			}
			if isAux(w.at(k)) && w.at(k) != "is" || isQuestionWord(w.at(k)) {
				break
			}
		}
		break
	}
	if comparative < 0 {
		return false
	}
	named := func(k int) bool { return k >= 0 && k < w.n() && e.nameLike(sc, k) }
	for k := 1; k+1 < w.n(); k++ {
		switch w.at(k) {
		case "or":
			left := named(k-1) || isRoleWord(w.at(k-1)) && named(k-2)
			if left && named(k+1) {
				return true
			}
		case "than":
			if k > comparative && named(k+1) && w.at(0) == "is" && named(1) {
				// "is mateo more senior than priya?"
				return true
			}
		}
	}
	return false
}

// namesTail reports whether the choice between two names around "or" at
// i is a clause of its own after one that asks who does something, and
// that one compares no one: "who owns the roadmap for snowsuite, saga or
// henrik?" asks whose duty the roadmap is, as "…, po or pm?" would, and
// the names only say who the asker has in mind; "who writes better
// stories, ola or ben?" compares them. who marks the clauses that ask
// who.
func (w words) namesTail(who uint64, i int) bool {
	k := w.clause(i)
	if k == 0 || who&(1<<min(k-1, 63)) == 0 || i >= 2 && w.clause(i-2) == k || i+2 < w.n() && w.clause(i+2) == k {
		return false
	}
	for j := i - 2; j >= 0 && w.clause(j) == k-1; j-- {
		switch x := w.at(j); {
		case comparativeWord(x), strings.HasSuffix(x, "est"):
			return false
		case x == "first", x == "likely", x == "clearer", x == "cleaner", x == "faster", x == "quicker", x == "sharper", x == "stronger", x == "easier", x == "harder":
			// "who writes clearer stories", "who replied first"
			return false
		}
	}
	return true
}

// comparativeWord reports whether x compares two people: "more",
// "better", "older", "senior".
func comparativeWord(x string) bool {
	switch x {
	case "more", "less", "better", "worse", "nicer", "smarter", "funnier", "friendlier", "happier", "busier", "stricter", "louder", "quieter", "older", "younger", "higher", "lower", "senior", "junior":
		return true
	}
	return false
}

// wish reports whether "have a x" wishes someone well.
func wish(x string) bool {
	switch x {
	case "great", "good", "nice", "lovely", "fun", "wonderful", "happy":
		return true
	}
	return false
}

// relativeWho reports whether the "who" at word i opens a relative clause
// about someone just named ("we have a PM who came from sales", "i'm a
// dev who moved into product", "the guy who wrote this ticket says…"): it
// says who someone is, it does not ask who did something.
func (w words) relativeWho(i int) bool {
	if i == 0 || w.clause(i-1) != w.clause(i) {
		return false
	}
	switch w.at(i - 1) {
	case "po", "pm", "pos", "pms", "owner", "owners", "manager", "managers", "someone", "somebody", "person", "people", "guy", "girl", "one", "dev", "devs", "developer", "developers", "engineer", "engineers", "designer", "designers", "analyst", "lead", "colleague", "colleagues", "teammate", "teammates", "hire", "candidate", "candidates", "intern", "consultant", "founder", "director", "member", "friend", "boss", "those":
		return true
	}
	return false
}

// introducesAll reports whether each of the tokens at is led, past
// determiners, by a phrase in which the asker says who they are: "im from
// the exams office", "coming from the public sector".
func (w words) introducesAll(t *cueTable, at []int32) bool {
	if len(at) == 0 {
		return false
	}
	for _, o := range at {
		if !w.introducedAt(t, int(o)) {
			return false
		}
	}
	return true
}

// introducedAt reports whether token o is led, past determiners, by a
// phrase of the intro cues that ends just before it, in its clause ("im
// an accountant", "i work in the warehouse"), in the first person: "as a"
// in "same as a scrum master" or "coming from" in "requests coming from
// marketing" say nothing of the asker. A phrase of one word ("here")
// follows the asker's title, not leads it.
func (w words) introducedAt(t *cueTable, o int) bool {
	for k := o; k > 0 && w.clause(k-1) == w.clause(o); k-- {
		for n := 2; n <= 4 && k-n >= 0 && w.clause(k-n) == w.clause(o); n++ {
			s := k - n
			for _, p := range t.phrases[w.at(s)] {
				if p.cue&cueIntro != 0 && len(p.rest)+1 == n && w.follows(s, p.rest) && w.firstPerson(s, n) {
					return true
				}
			}
		}
		if !determiner(w.at(k - 1)) {
			return false
		}
	}
	return false
}

// firstPerson reports whether the n words from i hold "i", "im", "me"
// or "my".
func (w words) firstPerson(i, n int) bool {
	for k := i; k < i+n; k++ {
		switch w.at(k) {
		case "i", "im", "me", "my":
			return true
		}
	}
	return false
}

// determiner reports whether x may stand before a yes/no question's
// subject.
func determiner(x string) bool {
	switch x {
	case "the", "our", "a", "an", "my", "your", "their", "his", "her", "all", "any", "every", "each", "some", "other":
		return true
	}
	return false
}

// ing reports whether x reads as a verb in -ing.
func ing(x string) bool {
	return len(x) > 4 && strings.HasSuffix(x, "ing") && x != "something" && x != "anything" && x != "everything" && x != "thing"
}

// nameAt reports whether word k looks like a person's name followed by a
// role: a word that is no stop word, not one the base knows and not an
// English word (of five letters or more, as hasForm reads them), then an
// article and, within three words, a role.
func (e *Engine) nameAt(sc *scratch, k int) bool {
	w := words{sc: sc}
	if k+2 >= w.n() || w.clause(k) != w.clause(k+1) {
		return false
	}
	switch w.at(k + 1) {
	case "a", "an", "the", "our", "my", "really", "actually", "still", "now":
	default:
		return false
	}
	if !e.nameLike(sc, k) {
		return false
	}
	return w.roleWithin(k+2, 3)
}

// subjectVerb reports whether word k is a verb that makes the words before
// it a subject: "team is blocked…", "everyone keeps asking…" are no
// greeting.
func (w words) subjectVerb(k int) bool {
	if k >= w.n() || w.clause(k) != w.clause(k-1) {
		return false
	}
	switch w.at(k) {
	case "is", "are", "was", "were", "has", "have", "keeps", "kept", "needs", "wants", "says", "said", "thinks", "doesnt", "dont", "cant", "isnt", "arent":
		return true
	}
	return false
}

// nameLike reports whether word k may be a person's name: no stop word,
// not a word the base knows, not an English word (of five letters or more,
// as hasForm reads them).
func (e *Engine) nameLike(sc *scratch, k int) bool {
	t := sc.toks[k]
	raw, st := sc.norm[t.raw[0]:t.raw[1]], sc.stems[t.st[0]:t.st[1]]
	return len(raw) >= 3 && !hasDigit(raw) && !e.lex.isStop(raw, st) && !e.known(st) && (len(raw) < 5 || !english.hasForm(raw))
}

// superior reports whether the words from k name someone a person works
// for or with: "boss", "manager", "line manager", "assistant".
func superior(w words, k int) bool {
	switch w.at(k) {
	case "boss", "manager", "assistant", "supervisor", "deputy":
		return true
	case "line", "direct":
		return k+1 < w.n() && w.clause(k+1) == w.clause(k) && (w.at(k+1) == "manager" || w.at(k+1) == "report" || w.at(k+1) == "reports")
	}
	return false
}

// asksWhen reports whether a clause of mask asks when something is: "when
// is", "when's the review", "when does"; "when the team is stuck" is a
// situation.
func (w words) asksWhen(mask uint64) bool {
	for i := 0; i < w.n(); i++ {
		if mask&(1<<min(w.clause(i), 63)) == 0 || w.at(i) != "when" {
			continue
		}
		if next := uint64(1) << min(w.clause(i)+1, 63); w.sc.asked&next != 0 && w.sc.marks.asks&next != 0 && w.sc.marks.asks&(1<<min(w.clause(i), 63)) != 0 {
			// "When the team overspends, which product person is
			// accountable?": a condition before the question it sets.
			continue
		}
		if t := w.sc.toks[i]; string(w.sc.norm[t.raw[0]:t.raw[1]]) == "whens" {
			return true
		}
		if i+1 == w.n() || w.clause(i+1) != w.clause(i) {
			continue
		}
		switch w.at(i + 1) {
		case "is", "s", "are", "does", "do", "will", "was":
			return true
		case "the", "our", "my", "your":
			// "when's the next review" loses its "'s" to Normalize:
			// with no verb after it, "when the…" asks when; "when the
			// team is stuck" is a situation.
			verb := false
			for k := i + 2; k < w.n() && w.clause(k) == w.clause(i); k++ {
				switch w.at(k) {
				case "is", "are", "was", "were", "gets", "get", "got", "has", "have", "had", "does", "do", "did", "goes", "go", "comes", "come", "starts", "start", "happens", "happen":
					verb = true
				}
			}
			if !verb {
				return true
			}
		}
	}
	return false
}

// forMe reports whether the clause of word i says, after it, "for me" or
// "for us": "draft the job ad for me, something friendly".
func (w words) forMe(i int) bool {
	for k := i + 2; k+1 < w.n() && w.clause(k+1) == w.clause(i); k++ {
		if w.at(k) == "for" && (w.at(k+1) == "me" || w.at(k+1) == "us") {
			return true
		}
	}
	return false
}

// sharesAnswer reports whether "share" at word i asks for an answer: it
// ends its clause or shares a list, the details, thoughts ("kindly share
// the list"), not a thing ("pls share it with me", "share the deck").
func (w words) sharesAnswer(i int) bool {
	k := i + 1
	if k < w.n() && w.clause(k) == w.clause(i) && (w.at(k) == "the" || w.at(k) == "your" || w.at(k) == "some") {
		k++
	}
	if k >= w.n() || w.clause(k) != w.clause(i) {
		return true
	}
	switch w.at(k) {
	case "list", "answer", "answers", "details", "detail", "info", "information", "thoughts", "views", "insights", "inputs", "input", "suggestions", "advice", "pls", "please", "plz", "asap":
		return true
	}
	return false
}

// tells reports whether x, at the head of a request, asks to be told
// something: "share" or "advise" (see sharesWhat). "explain", "describe"
// and "clarify" ask for information by themselves (the cues' info), and
// "summarise what we said" is a task.
func tells(x string) bool {
	return x == "share" || x == "advise"
}

// sharesWhat reports whether the request at word i ("share", "advise",
// see tells) asks to say what a question word asks ("kindly share who
// designs the process", "pls advise who sets the priorities"), the list
// of questions or skills an entry gives, or the roles' skills, duties or
// differences ("kindly share the skills a PM should have"), not a thing
// ("share the roadmap deck").
func (w words) sharesWhat(i int) bool {
	k := w.pastWithUs(i + 1)
	if k >= w.n() || w.clause(k) != w.clause(i) {
		return false
	}
	if askingWord(w.at(k)) {
		return true
	}
	if w.at(k) == "the" || w.at(k) == "a" {
		k++
	}
	if k+1 < w.n() && w.clause(k+1) == w.clause(i) {
		switch w.at(k) {
		case "skills", "qualities", "traits", "questions", "qs", "difference", "differences", "diff", "responsibilities", "duties":
			// Of the roles, named after the list: "the skills a PM
			// should have", "the difference between PO and PM".
			for j := k + 1; j < w.n() && w.clause(j) == w.clause(i); j++ {
				if w.roleAt(j) > 0 {
					return true
				}
			}
		}
	}
	// "kindly share the list of qs to ask b4 hiring a po": the list of
	// questions or skills the answer is.
	if k+2 < w.n() && w.clause(k+2) == w.clause(i) && w.at(k) == "list" && w.at(k+1) == "of" {
		switch w.at(k + 2) {
		case "questions", "qs", "skills":
			return true
		}
	}
	return false
}

// sumsUpRoles reports whether word i asks to sum up the roles themselves:
// "summarise", "sum up", "spell out", "outline" or "recap" before words
// that name a role and what it is ("the key differences between po and
// pm", "what a product owner is responsible for", "the PO role"), with
// nothing said or written to sum up ("summarise the PO vs PM article",
// "sum up what the PM said in standup"). It returns the word after the
// request, 0 when it does not.
func (w words) sumsUpRoles(i int) int {
	k := i + 1
	switch w.at(i) {
	case "summarise", "summarize", "outline", "recap":
	case "sum", "spell":
		particle := "up" // "sum up", "spell out"
		if w.at(i) == "spell" {
			particle = "out"
		}
		if k >= w.n() || w.clause(k) != w.clause(i) || w.at(k) != particle {
			return 0
		}
		k++
	default:
		return 0
	}
	if k < w.n() && w.clause(k) == w.clause(i) && w.at(k) == "for" {
		k++
	}
	if k < w.n() && w.clause(k) == w.clause(i) && (w.at(k) == "me" || w.at(k) == "us") {
		k++
	}
	if k >= w.n() || w.clause(k) != w.clause(i) {
		return 0
	}
	switch w.at(k) {
	case "this", "that", "it", "everything", "all":
		// "summarise this for the PO", "sum it up": something said
		// ("above" is refused anywhere in the clause, below).
		return 0
	}
	role, what := false, false
	for j := k; j < w.n() && w.clause(j) == w.clause(i); j++ {
		if w.roleAt(j) > 0 {
			role = true
		}
		switch w.at(j) {
		case "difference", "differences", "diff", "diffs", "role", "roles", "job", "jobs", "responsibilities",
			"responsible", "duties", "does", "do", "skills", "vs", "versus", "between":
			what = true
		case "article", "articles", "thread", "threads", "said", "says", "wrote", "notes", "meeting", "call", "review",
			"backlog", "roadmap", "doc", "docs", "deck", "update", "updates", "discussion", "chat", "messages", "channel",
			"above", "post", "email", "standup":
			return 0
		}
	}
	if !role || !what {
		return 0
	}
	return k
}

// spellsOutRole reports whether "spell" at word i heads a request to spell
// out what a role is or does, only polite words before it ("can you spell
// out what a PM does"): a request to tell, not the duty of spelling out what
// a feature must do (the requirements), which "spell out what" otherwise
// reads as ("who spells out what the app has to do").
func (w words) spellsOutRole(i int) bool {
	return w.at(i) == "spell" && w.sumsUpRoles(i) > 0 && w.requestHead(i, true)
}

// sharesAsked reports whether "share" at word i heads a request to say what
// a question word asks, only polite words before it ("pls share with us
// what a PM does", "kindly share who owns the roadmap"): it asks Rolecall
// to answer, and is no word of the question's subject (the duties the
// roles share).
func (w words) sharesAsked(i int) bool {
	if w.at(i) != "share" {
		return false
	}
	if !w.requestHead(i, false) {
		return false
	}
	k := w.pastWithUs(i + 1)
	return k < w.n() && w.clause(k) == w.clause(i) && askingWord(w.at(k))
}

// askingWord reports whether x opens what a request to share asks ("who",
// "what", "whether"…).
func askingWord(x string) bool {
	switch x {
	case "who", "whom", "whose", "which", "what", "whether", "if", "how", "why":
		return true
	}
	return false
}

// pastWithUs returns the word after "with me", "with us" or whom else it
// is shared with at k ("share with us what…", hurried "share w us what…",
// "share with the team what…"), or k when none is there.
func (w words) pastWithUs(k int) int {
	if k+1 >= w.n() || w.at(k) != "with" && w.at(k) != "w" || w.clause(k+1) != w.clause(k) {
		return k
	}
	switch w.at(k + 1) {
	case "me", "us", "everyone", "everybody", "all":
		return k + 2
	case "the", "my", "our":
		if k+2 < w.n() && w.clause(k+2) == w.clause(k) {
			switch w.at(k + 2) {
			case "team", "group", "channel", "squad":
				return k + 3
			}
		}
	}
	return k
}

// remindsOf reports whether word i is "remind" asking to be told
// something again ("remind me who owns the roadmap", "remind us again what
// a PO does", not "remind me to send the deck"), and returns the word
// where the question starts, or 0.
func (w words) remindsOf(i int) int {
	if w.at(i) != "remind" {
		return 0
	}
	k := i + 1
	if k < w.n() && w.clause(k) == w.clause(i) && (w.at(k) == "me" || w.at(k) == "us") {
		k++
	}
	if k < w.n() && w.clause(k) == w.clause(i) && w.at(k) == "again" {
		k++
	}
	return w.questionAt(i, k)
}

// questionAt returns k when word k, in word i's clause, opens the
// question a request to be told asks ("remind me who…", "tell me
// whether…"), or 0.
func (w words) questionAt(i, k int) int {
	if k >= w.n() || w.clause(k) != w.clause(i) {
		return 0
	}
	switch w.at(k) {
	case "who", "whose", "what", "which", "how", "if", "whether":
		// (w.at reads "whats" and "whos" as "what" and "who".)
		return k
	}
	return 0
}

// tellsMe reports whether word i is "tell" or "let" asking to be told
// what a question word after it asks ("tell me who owns the roadmap",
// "let us know which role sets the budget", not "tell the team who
// owns it" or "let me know when it's done"), and returns the word where
// the question starts, or 0.
func (w words) tellsMe(i int) int {
	if x := w.at(i); x != "tell" && x != "let" {
		return 0
	}
	k := i + 1
	if k >= w.n() || w.clause(k) != w.clause(i) || w.at(k) != "me" && w.at(k) != "us" {
		return 0
	}
	k++
	if w.at(i) == "let" {
		if k >= w.n() || w.clause(k) != w.clause(i) || w.at(k) != "know" {
			return 0
		}
		k++
	}
	return w.questionAt(i, k)
}

// tell marks the words of word i's clause up to word k as a request to be
// told (sc.told), unless one is marked already.
func (w words) tell(i, k int) {
	if w.sc.told[1] > 0 {
		return
	}
	from := i
	for from > 0 && w.clause(from-1) == w.clause(i) {
		from--
	}
	w.sc.told = [2]int32{int32(from), int32(k)}
}

// makes reports whether x, heading a request, asks Rolecall to make or do
// something rather than to say something.
func makes(x string) bool {
	switch x {
	case "write", "draft", "create", "make", "generate", "produce", "prepare", "build", "summarize", "summarise", "sum",
		"send", "email", "schedule", "book", "translate", "rewrite", "edit", "copy", "paste", "delete", "remove", "rename",
		"post", "share", "estimate", "order", "buy", "invite", "remind", "set", "setup", "add", "update", "fix", "file",
		"open", "close", "assign", "move", "turn", "convert":
		return true
	}
	return false
}

// names reports whether word i, as written, is a cue of kind c ("thurs"
// is a time; "marco", read as a typo of "march", is not).
func (w words) names(t *cueTable, i int, c cue) bool {
	if w.sc.toks[i].fix != "" {
		return false
	}
	got, _ := w.match(t.phrases, i)
	return got&c != 0
}

// askerRole reports whether the asker says which role they have and asks
// about their own work: "PO here, is the roadmap mine?", "as the PM, am I
// meant to…".
func (e *Engine) askerRole(sc *scratch) bool {
	return sc.intro != 0 && e.roleIn(sc, sc.intro) && (words{sc: sc}).hasIn(sc.asked, "i", "me", "mine", "my", "im", "myself")
}

// ventAsksShould reports whether a complaint's opening ("is it just me
// or…") leads into what a role should do ("…should the po be writing the
// stories"): a question about the role, not a remark about a person.
func (w words) ventAsksShould() bool {
	for i := 0; i+1 < w.n(); i++ {
		if w.at(i) == "or" && w.clause(i+1) == w.clause(i) {
			switch w.at(i + 1) {
			case "should", "shouldnt", "shouldn":
				if w.roleWithin(i+2, 3) {
					return true
				}
			}
		}
	}
	return false
}

// knowTag returns how many words the clause starting at i has when all it
// asks is whether someone knows ("do we know", "anyone know", "any
// idea"), or 0.
func (w words) knowTag(i int) int {
	end := i
	for end < w.n() && w.clause(end) == w.clause(i) {
		end++
	}
	k := i
	switch w.at(k) {
	case "do", "does", "did":
		k++
	}
	if k+1 < end && w.at(k) == "any" && (w.at(k+1) == "idea" || w.at(k+1) == "ideas") && k+2 == end {
		return end - i
	}
	if k < end {
		switch w.at(k) {
		case "we", "you", "anyone", "anybody", "someone", "somebody", "everyone", "people", "ya":
			k++
		default:
			return 0
		}
	}
	if k+1 == end && w.at(k) == "know" {
		return end - i
	}
	return 0
}

// pointsBack reports whether a clause of mask points back at what the
// message said before it ("is that the PO's job?", "who approves those?").
func pointsBack(w words, mask uint64) bool {
	if bareVerb(w, mask) {
		return true
	}
	for i := 0; i < w.n(); i++ {
		if mask&(1<<min(w.clause(i), 63)) == 0 {
			continue
		}
		switch w.at(i) {
		case "those", "these", "them":
			return true
		case "it", "that", "this":
			// "that" before a noun ("that trend", "that sort of
			// trend") is no pronoun.
			j := i + 1
			if j+2 < w.n() && w.clause(j+2) == w.clause(i) && kindOf(w.at(j)) && w.at(j+1) == "of" {
				j += 2
			}
			if j == w.n() || w.clause(j) != w.clause(i) || w.sc.toks[j].stop || w.roleWithin(j, 1) {
				return true
			}
		}
	}
	return false
}

// kindOf reports whether x, before "of", sorts what follows: "that kind
// of resource" points at resources, not back.
func kindOf(x string) bool {
	switch x {
	case "kind", "kinds", "sort", "sorts", "type", "types":
		return true
	}
	return false
}

// superlativeRole reports whether the words from k rank people in a role:
// "(is) the best PM", "the most chill PO", "the nicest product owner". A
// superlative the base knows ("the most senior") is about the roles.
func (e *Engine) superlativeRole(sc *scratch, k int) bool {
	w := words{sc: sc}
	if k < w.n() && w.at(k) == "is" {
		k++
	}
	if k+2 >= w.n() || w.at(k) != "the" || w.clause(k+1) != w.clause(k) {
		return false
	}
	k++
	x := w.at(k)
	switch {
	case x == "most" || x == "least":
		if k+1 >= w.n() || w.clause(k+1) != w.clause(k) {
			return false
		}
		t := sc.toks[k+1]
		if e.known(sc.stems[t.st[0]:t.st[1]]) {
			return false
		}
	case x == "best" || x == "worst" || len(x) > 5 && strings.HasSuffix(x, "est") && x != "interest" && x != "request" && x != "biggest" && x != "highest":
		// "the highest authority" and "the biggest say" are about the
		// roles' standing.
	default:
		return false
	}
	return w.roleWithin(k+1, 3)
}

// hasIn reports whether a clause of mask holds one of xs.
// settingBefore reports whether the clauses of at are the setting of a
// question that follows them (or a remark after it): a sentence that ends
// with a question mark, after every clause of at, that names a role (or
// "role", or, when asking is given, asks who or which) and asks nothing
// about a figure, a person, access, a status or a time, with a subject of
// its own or, when it only points back ("is that on the PO?"), in the
// clause just before it, which must not be one of at.
func (e *Engine) settingBefore(sc *scratch, at, asking uint64) bool {
	q := sc.marks.asks
	w := words{sc: sc}
	if q == 0 || q == ^uint64(0) || q&(sc.figureAt|sc.personAt|sc.accessAt|sc.statusAt|sc.whenAt) != 0 {
		return false
	}
	if after := bits.TrailingZeros64(at) >= bits.Len64(q); after {
		// "Are PO and PM both senior roles? I'm drafting the invite list
		// for the offsite.": a remark after the question, which has a
		// subject and a role of its own.
		return at&q == 0 && q&(sc.asking|sc.whAt) != 0 && e.roleIn(sc, q) && e.subjectIn(sc, q) && !w.hasIn(q, "where")
	}
	if bits.Len64(at) > bits.TrailingZeros64(q) {
		return false
	}
	if !e.roleIn(sc, q) && !w.hasIn(q, "role", "roles") && q&asking == 0 {
		return false
	}
	if asking != 0 && (w.hasIn(q, "where") || w.whoIs(q)) {
		// "…could you tell me who they are and where they sit?" asks
		// about the people.
		return false
	}
	back := pointsBack(w, q)
	if sc.defAt&q != 0 && e.roleIn(sc, q) && !e.subjectIn(sc, q) && !back {
		// "used to run depots, new to head office. what does a PM
		// actually do?": the role is the subject.
		return true
	}
	subject := q
	if back {
		subject = q & -q >> 1
	}
	return subject != 0 && at&subject == 0 && sc.outsideAt&subject == 0 && e.subjectIn(sc, subject)
}

// personalIn reports whether a clause of mask refers to someone by a
// personal pronoun: "what capabilities should they have?".
func (w words) personalIn(mask uint64) bool {
	return w.hasIn(mask, "they", "them", "their", "he", "she", "him", "her")
}

// whoIs reports whether a clause of mask asks who someone is: "who they
// are", "who she is".
func (w words) whoIs(mask uint64) bool {
	for i := 0; i+1 < w.n(); i++ {
		if mask&(1<<min(w.clause(i), 63)) == 0 || w.at(i) != "who" {
			continue
		}
		switch w.at(i + 1) {
		case "they", "he", "she":
			return true
		case "are", "is", "s":
			if i+2 < w.n() {
				switch w.at(i + 2) {
				case "they", "he", "she", "them":
					return true
				}
			}
		}
	}
	return false
}

// bareVerb reports whether the first clause of mask asks who does
// something without saying what: "expense report for the offsite, who
// approves?", "who signs off?" ask about the clause before.
func bareVerb(w words, mask uint64) bool {
	first, n := w.span(mask & -mask)
	if n == 0 || n > 4 || w.at(first) != "who" && w.at(first) != "whose" || w.roleWithin(first, n) {
		return false
	}
	last := w.at(first + n - 1)
	if w.hasIn(mask&-mask, "right", "wrong", "correct") {
		// "who's right here?" asks about the whole disagreement.
		return false
	}
	// Words that are not stop words after the head: "who can fix?"
	// has one, "who decides priorities?" two.
	content := w.substance(first+1, first+n)
	return content <= 1 || content == 2 && (last == "off" || last == "up" || last == "for" || last == "on")
}

// substance counts the words from i to j that are not stop words.
func (w words) substance(i, j int) int {
	n := 0
	for ; i < j; i++ {
		if !w.sc.toks[i].stop {
			n++
		}
	}
	return n
}

// bareWhich reports whether the first clause of mask asks "which" of
// what was named before it, in at most four words and one of substance:
// "pm vs po pay, which is higher" asks about the pay.
func bareWhich(w words, mask uint64) bool {
	first, n := w.span(mask & -mask)
	return n > 0 && n <= 4 && w.at(first) == "which" && !w.roleWithin(first, n) && w.substance(first+1, first+n) <= 1
}

// span returns where the clause of mask (one bit) starts and how many
// words it has.
func (w words) span(mask uint64) (int, int) {
	first, n := -1, 0
	for i := 0; i < w.n(); i++ {
		if mask&(1<<min(w.clause(i), 63)) != 0 {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	return first, n
}

func (w words) hasIn(mask uint64, xs ...string) bool {
	for i := 0; i < w.n(); i++ {
		if mask&(1<<min(w.clause(i), 63)) == 0 {
			continue
		}
		for _, x := range xs {
			if w.at(i) == x {
				return true
			}
		}
	}
	return false
}

// glossary reports whether the words of the clause from k are a short term
// and nothing else: no role, at most three words, after a question that
// asks what something is ("what's velocity?", "what is PI planning?").
func (w words) glossary(k int) bool {
	if k >= w.n() || k > 0 && w.clause(k) != w.clause(k-1) {
		return false
	}
	switch w.at(k) {
	case "would", "should", "could", "can", "will", "might", "shall", "must":
		// "what would help here?", "what would you suggest?": what to
		// do, not what a word means.
		return false
	}
	n, term := 0, false
	for j := k; j < w.n() && w.clause(j) == w.clause(k); j++ {
		if qualityNoun(w.at(j)) {
			// "what skills matter most?" asks which of a role's
			// qualities, not what a word means.
			return false
		}
		switch x := w.at(j); x {
		case "po", "pm", "pos", "pms", "product", "owner", "manager", "role", "roles", "job", "difference", "different":
			return false
		case "is", "are", "s", "a", "an", "the":
			continue

		case "now", "next", "then", "else", "to", "for", "look", "do", "we", "i", "happens", "happened", "up":
			// "what now?", "what to look for?" name no term.
		default:
			term = true
		}
		n++
	}
	return term && n >= 1 && n <= 3
}

// roleWithin reports whether a role word ("PO", "PMs", "product …") is
// among the n words from k, in k's clause.
func (w words) roleWithin(k, n int) bool {
	for j := k; j < min(w.n(), k+n) && w.clause(j) == w.clause(k); j++ {
		switch w.at(j) {
		case "po", "pm", "pos", "pms", "product":
			return true
		}
	}
	return false
}

// lacks reports whether the clause of word j, "yet", says that someone
// does not have something: "we don't have a PO yet", "skills that i dont
// have yet", "we have no pm yet", "haven't got a PO yet": a state, not
// whether something happened.
func (w words) lacks(j int) bool {
	neg := false
	for k := j - 1; k >= 0 && w.clause(k) == w.clause(j); k-- {
		switch w.at(k) {
		case "have", "has", "got":
			if neg {
				return true
			}
		case "no":
			neg = true
		case "dont", "doesnt", "not", "never", "havent", "hasnt":
			if k+1 < j {
				switch w.at(k + 1) {
				case "have", "has", "got", "really", "even":
					return true
				}
			}
		}
	}
	return false
}

// presentWork reports whether x, before "right now", says that the words
// speak of the work of the moment rather than of a time: "done right now",
// "happen right now", "moving right now".
func presentWork(x string) bool {
	switch x {
	case "done", "happen", "happens", "happening", "moving", "going", "shipped", "delivered", "finished", "unblocked":
		return true
	}
	return false
}

// futureAfter reports whether the clause of word i goes on to set it
// against the future: "or"/"vs" (or "and" and then a role: "po thinks
// about right now and pm about the future") and then "future", "long
// term", "long game" or "big picture".
func (w words) futureAfter(i int) bool {
	alt, and := false, false
	for k := i + 1; k < w.n() && w.clause(k) == w.clause(i); k++ {
		switch w.at(k) {
		case "or", "vs", "versus", "whereas", "while":
			alt = true
		case "and":
			and = true
		case "po", "pm", "pos", "pms", "product":
			alt = alt || and
		case "future", "long", "longterm", "big":
			if alt {
				return true
			}
		}
	}
	return false
}

// clockTime reports whether x is an hour typed as one word: "3pm",
// "10am", "930am".
func clockTime(x string) bool {
	n := len(x)
	if n < 3 || n > 6 || x[n-1] != 'm' || x[n-2] != 'a' && x[n-2] != 'p' {
		return false
	}
	return allDigits(x[:n-2])
}

// instance reports whether "prev x" names one numbered occurrence of a
// recurring thing: "sprint 14", "season 3", "release 2".
func instance(prev, x string) bool {
	switch prev {
	case "sprint", "iteration", "release", "season", "milestone", "increment", "pi", "phase", "week":
		return allDigits(x)
	}
	return false
}

// allDigits reports whether x is a number written in ASCII digits.
func allDigits[T ~string | ~[]byte](x T) bool {
	if len(x) == 0 {
		return false
	}
	for i := 0; i < len(x); i++ {
		if x[i] < '0' || x[i] > '9' {
			return false
		}
	}
	return true
}

// progressive reports whether a verb in -ing follows word i, after at most
// an article or possessive and a role ("is the PO joining", "who's running").
func progressive(w words, i int) bool {
	for k := i; k < min(w.n(), i+4); k++ {
		x := w.at(k)
		switch x {
		case "is", "are", "the", "our", "a", "an", "my", "your", "po", "pm", "pos", "pms", "product", "owner", "manager", "going", "new", "old", "current", "other", "next":
			continue
		}
		return len(x) > 4 && strings.HasSuffix(x, "ing") && x != "something" && x != "anything" && x != "everything" && x != "thing"
	}
	return false
}

// past reports whether w is a verb in the past tense: a regular one, or one
// of the irregular verbs people ask about work with.
func past(w string) bool {
	switch w {
	case "broke", "wrote", "took", "gave", "sent", "made", "said", "did", "put", "left", "told", "chose", "set", "got", "forgot", "brought",
		"ran", "led", "held", "came", "went", "kept", "built", "drew", "met", "spoke", "began", "sat", "found", "paid", "sold", "bought", "caught", "thought", "won", "lost", "cut", "quit":
		return true
	case "need", "needed", "used", "based", "supposed", "allowed", "expected", "meant":
		return false
	}
	return len(w) > 4 && strings.HasSuffix(w, "ed")
}

// gate decides, from the question's form alone, whether it is a question
// about who owns what. It returns the scope of a question that is not, and
// the shape of one that is. It reads sc.cues, sc.roles (the roles the
// question names) and sc.outside; asked is whether the text holds a
// question mark.
func (e *Engine) gate(sc *scratch, asked bool) (Shape, Scope) {
	asking := sc.asking
	w := words{sc: sc}
	if sc.outside && (sc.outsideAt&^sc.intro == 0 && sc.asked&^sc.intro != 0 || sc.asked != 0 && w.introducesAll(e.cues, sc.outsideToks)) {
		// "UX designer here. Is writing the stories the PO's job?", "can
		// someone explain the pm role, im from the exams office": the
		// outside subject is who is asking, not what is asked, in a
		// clause of its own or inside the one that asks.
		sc.outside = false
	}
	if sc.outside && w.reportedAt(sc.outsideToks) {
		// "at the all-hands someone said 'the PO basically works for the
		// PM', is that true?", "the editor asked me over lunch what the
		// difference is": the outside subject is where something was
		// said, not what is asked.
		sc.outside = false
	}
	if sc.outside && sc.cues&cueHiring != 0 && e.roleIn(sc, sc.hiringAt) &&
		(w.othersHeld() || sc.outsideAt&sc.hiringAt == 0 && bits.Len64(sc.outsideAt) <= bits.TrailingZeros64(sc.hiringAt)) {
		// "do we need a PO if we already have a scrum master?", "we've
		// got a BA and a tech lead. do we still need a PM?": the other
		// titles are the team the asker has, the setting of a question
		// about hiring a role; so is an outside subject only in the
		// clauses before it, the business they describe ("we r a lottery
		// vendor w/ like 40 devs. do we need POs?").
		sc.outside = false
	}
	if asking != 0 && w.roleTail() {
		// "who should be clearing the way, PO or PM?": the roles named
		// after the question are part of it.
		asking |= 1 << w.clause(w.n()-1)
	}
	if sc.outside && sc.outsideAt&sc.asked == 0 && (asking != 0 && (e.roleIn(sc, asking) || w.hasIn(asking, "role", "roles")) && !(pointsBack(w, asking) && sc.outsideAt&(asking&-asking>>1) != 0) ||
		sc.roles != 0 && e.subjectIn(sc, sc.asked) && !(bareWhich(w, sc.asked) && sc.outsideAt&(sc.asked&-sc.asked>>1) != 0) ||
		sc.asked != 0 && bits.TrailingZeros64(sc.asked) < bits.TrailingZeros64(sc.outsideAt) && e.subjectIn(sc, sc.asked) ||
		sc.who != 0 && e.subjectIn(sc, sc.who) && !bareVerb(w, sc.who)) {
		// "devs are stuck waiting on legal again. PO or PM: who's supposed
		// to clear blockers?", "doing perf reviews for our POs. what
		// should success look like?": the outside subject is the setting
		// of a clause that asks nothing, beside one that asks which role,
		// or that asks about a subject of its own when a role is named or
		// when the question comes first ("who writes the user stories?
		// in my last job we had a business analyst for that"), or that asks
		// who does a subject of its own ("I get tons of feedback in
		// zendesk. who is supposed to be collecting it?"); "PSPO I or
		// PSPO II, which one first?" asks about the outside subject, and
		// so does a question that only points back at it ("finance
		// bounced the supplier invoices. who approves those, PM or PO?").
		sc.outside = false
	}
	if q := sc.marks.asks; sc.outside && sc.asked == 0 && q != 0 && sc.outsideAt&q == 0 && bits.TrailingZeros64(q) < bits.TrailingZeros64(sc.outsideAt) &&
		e.roleIn(sc, q) && e.subjectIn(sc, q) {
		// "skills for a PO? got an interview thursday": a question
		// without a question's words, naming a role and a subject of
		// its own, before the setting that names the outside subject.
		sc.outside = false
	}
	if q := sc.asked | sc.marks.asks; sc.outside && q != 0 && sc.outsideAt&q == 0 && e.rolesIn(sc, q) == e.poBit|e.pmBit &&
		!(pointsBack(w, q) && sc.outsideAt&(q&-q>>1) != 0) {
		// "po vs pm difference? i keep mixing them up in board
		// meetings": a question that names both roles, the outside
		// subject only beside it (and not pointed back at: "finance
		// rejected the invoices. is that the PO's or the PM's?").
		sc.outside = false
	}
	if sc.outside && e.settingBefore(sc, sc.outsideAt, 0) {
		// "Support dumps forty requests a week in a spreadsheet, gift
		// notes and all. Which role should be prioritising them?"
		sc.outside = false
	}
	c := sc.cues
	named := sc.roles != 0
	both := sc.roles != 0 && sc.roles&(sc.roles-1) != 0
	switch {
	case c&cueInjection != 0:
		return "", ScopeInjection
	case e.caseAfterDuty(sc):
		// "pm does the forecasting, what will revenue be next year?"
		sc.settled = true
		if c&cueDefinition != 0 && c&(cueDuty|cueHiring|cueTail) == 0 && sc.asked != 0 && sc.whenAt&(1<<(bits.Len64(sc.asked)-1)) != 0 ||
			sc.figureAt != 0 && bits.Len64(sc.figureAt) == bits.Len64(sc.asked|sc.marks.asks) {
			// "po orders the backlog, what's the top item right now?",
			// "…, but how many items are in it?": a figure (below).
			return "", ScopeFigure
		}
		return "", ScopeOutside
	case w.dutyElsewhere(e.cues):
		// "who owns the budget for the offsite?", "requirements for the
		// new paint booth - po or pm?": the duty of something no product
		// role owns, whatever the classifier reads.
		sc.settled = true
		return "", ScopeOutside
	case w.disownsProduct():
		// "who handles the day to day in the reptile house, po or pm?
		// (the building not the app)": the asker says it is not about
		// the product, whatever the classifier reads.
		sc.settled = true
		return "", ScopeOutside
	case e.namedFits(sc):
		// "is alex customer facing enough for the pm job": whether
		// someone named fits a role, whatever the classifier reads.
		sc.settled = true
		return "", ScopePerson
	case w.oursEvenDoes():
		// "does our PM even use the product?": what the team's own
		// PO or PM does, whatever the classifier reads.
		sc.settled = true
		return "", ScopePerson
	case w.ourPractice():
		// "do we do retros every sprint?": how the team works, which
		// only the team knows, whatever the classifier reads.
		sc.settled = true
		return "", ScopeFigure
	case e.namedTenure(sc):
		// "how long has lena been a pm": how long someone named has
		// held a role, whatever the classifier reads.
		sc.settled = true
		return "", ScopePerson
	case w.holderOf():
		// "who is the product owner of billing team now?", "who's the
		// new PM for the wash app?": who holds the role there, whatever
		// the classifier reads.
		sc.settled = true
		return "", ScopePerson
	case !named && w.qualityOfOther():
		// "what skills does a good mortgage adviser need?", "do coaches
		// need to be creative?": the qualities of another job, whatever
		// the classifier reads.
		sc.settled = true
		return "", ScopeOutside
	case !named && c&(cueDuty|cueYesNo|cueTail) == 0 && w.hiresOnlyOthers(e.cues, ^uint64(0)):
		// "we're hiring an engineering manager for Lisbon. what should
		// they be good at?": hiring another group in the setting, and a
		// question that asks no duty and names no role, whatever the
		// classifier reads (below, the same in the clause that asks).
		sc.settled = true
		return "", ScopeOutside
	case sc.outside:
		return "", ScopeOutside
	case c&cueAccess != 0 && !(sc.accessAt&sc.asked == 0 && asking != 0 && bits.Len64(sc.accessAt) <= bits.TrailingZeros64(asking) &&
		(e.roleIn(sc, asking) || w.hasIn(asking, "role", "roles"))):
		// "we found out about the new login screen from a tweet… which
		// role should keep us posted?": a login named in the setting
		// before a question that asks which role is the product, not
		// access.
		return "", ScopeAccess
	case sc.mentioned, c&cueDetails != 0:
		// "is <@U…> our PO or our PM?", "what's the PM's cell number?";
		// whatever the classifier reads when a question word asks about
		// the user ("what does <@U…> do all day?") or the details are
		// contact details.
		sc.settled = sc.mentionedWh || c&cueDetails != 0
		return "", ScopePerson
	// "Sven is our PM and Beatriz our PO. Which of them should be the
	// customer-facing one?": who holds which role, said before a question
	// that asks which role does something, is its setting.
	case c&cuePerson != 0 && !(sc.personAt&sc.asked == 0 && bits.TrailingZeros64(sc.personAt) > bits.TrailingZeros64(sc.asked) && e.roleIn(sc, sc.asked|asking)) &&
		!(sc.personAt != 0 && sc.marks.asks&asking != 0 && e.settingBefore(sc, sc.personAt, asking)) &&
		!(c&cueHiring != 0 && sc.personAt != 0 && sc.asked != 0 && bits.Len64(sc.personAt) <= bits.TrailingZeros64(sc.asked) && e.roleIn(sc, sc.asked)):
		// "what temperament should we look for in a PM? calm when
		// everyone's yelling": a person spoken of after a question about
		// a role is its setting, not a question about a person ("our PO
		// is on leave. who owns the backlog now?" is). So is one spoken
		// of before a question whether to hire a role ("our cofounder is
		// basically the PM. do we even need a PO yet?").
		return "", ScopePerson
	case c&cueDoing != 0 && c&cueToday != 0 && sc.doing&sc.today != 0 && c&cueHiring == 0,
		c&cueDone != 0 && c&cueHiring == 0:
		// "who's running standup today?", "is the PO joining the retro
		// tomorrow?", "who approved this PR?": who does or did something
		// then, not whose job it is.
		return "", ScopePerson
	case c&cueDuty != 0 && sc.dated&sc.asking != 0 && c&cueHiring == 0:
		// "who runs the review this friday?": who does it then, a person,
		// not whose job it is ("who runs the review on fridays?" is).
		return "", ScopePerson
	case c&cueDirectory != 0 && c&cueHiring == 0:
		// "who's the PO on the growth team?": a directory question.
		return "", ScopePerson
	case named && c&cueDefinition != 0 && sc.whenAt&(1<<(bits.Len64(sc.asked)-1)) != 0 && c&(cueDuty|cueHiring|cueTail) == 0:
		// "what are the PM team's OKRs this quarter?": a figure of the
		// moment, whoever is named.
		return "", ScopeFigure
	case c&cueContact != 0 && !e.roleIn(sc, asking|sc.asked) && !w.has("role", "roles") && c&cueHiring == 0 && !w.contactsOnDuty():
		// "IT says someone must approve wiping the laptop. who do I ping?"
		// ("…who do I ask, role-wise?" asks for a role, and "who do i
		// talk to about getting it on the roadmap?" whose duty it is:
		// the classifier still reads the second, and refuses most that
		// ask for access to a roadmap or a backlog)
		return "", ScopePerson
	case c&cueVent != 0 && c&(cueHiring|cueDuty) == 0 && !w.ventAsksShould():
		// "is it just me or does the PM never read the requirements":
		// a complaint about people, not a question about the roles.
		return "", ScopeChat
	case c&cueChat != 0 && w.chatTail(e.cues):
		// "every meeting turns into a debate about who owns what…
		// just me?": a remark that ends by asking for company.
		return "", ScopeChat
	case sc.quoting && c&cueChat != 0 && c&cueHiring == 0 && sc.asking&^1 == 0 && sc.asked&^1 == 0:
		// "> who owns the backlog? the PO. ok cool thanks": thanks for
		// the answer to a quoted question. The quote is the first
		// clause; the reply after it asks nothing of its own ("> go-live
		// is 3 weeks out. cool, so who's coordinating the launch?" does).
		return "", ScopeChat
	case c&cueBot != 0:
		// "does the PM see what I ask you?": about Rolecall, not the
		// roles it names.
		return "", ScopeChat
	case c&cueSelf != 0 && !named:
		// "tell me about yourself, bot": a question about Rolecall.
		return "", ScopeChat
	case c&cueChat != 0 && !asked && c&(cueDuty|cueYesNo|cueHiring|cueDefinition|cueInfo|cueWh) == 0:
		// "thanks for the help re: PO vs PM, have a great weekend!":
		// thanks that name the roles still ask nothing.
		return "", ScopeChat
	case c&cueStatus != 0 && c&cueWhen != 0 && c&(cueDuty|cueHiring) == 0:
		// "is refinement still on at 2pm today? the PO mentioned it":
		// whether a meeting happens, whoever is named.
		return "", ScopeSchedule
	case c&cueToday != 0 && sc.today&sc.asked != 0 && c&(cueSchedule|cueInfo|cueDefinition|cueWh) != 0 && c&(cueDuty|cueHiring|cueTail) == 0 &&
		!(both && c&cueTerm != 0) && !(named && c&cueInfo != 0 && w.has("role", "roles")):
		// ("explain the difference between PO and PM, I present it
		// tomorrow" asks about the roles, whenever it is asked, and so
		// does "brief me on the PO role, I start on monday".)
		// "is the PO sync still at 3pm?", "can someone tell me if we're in
		// sprint 14?": about one meeting or one sprint, whoever is named.
		if c&cueSchedule != 0 {
			return "", ScopeSchedule
		}
		return "", ScopeFigure
	case c&cueWhen != 0 && c&(cueDuty|cueYesNo|cueTail|cueHiring|cueInfo|cueDefinition|cueWh) == 0 && !(named && w.roleTail()) &&
		!(sc.asked|sc.marks.asks != 0 && sc.whenAt&(sc.asked|sc.marks.asks) == 0) && !(both && w.has("vs", "versus") && sc.whenAt&e.roleClauses(sc) == 0):
		// "PO standup time?": a fragment that names a time and asks
		// nothing about the roles' work ("this week's work - po?" asks
		// whether it is the PO's). A time named only outside the clauses
		// that ask is their setting ("skills for a PO? JD due tmrw", "we
		// grew a lot this year… time to bring a PO in?"). The two roles
		// set against each other in a clause of their own ("joined on
		// monday. can someone give me po vs pm") ask how they differ.
		return "", ScopeSchedule
	case c&cueStatus != 0 && c&cueInfo != 0 && c&(cueDuty|cueHiring|cueTail) == 0:
		// "does anyone know the current conversion rate? the PM's
		// dashboard is broken": a figure of the moment, asked for.
		return "", ScopeFigure
	case c&cueTail != 0 && sc.dated&sc.asked != 0 && c&(cueDuty|cueHiring) == 0 && !named:
		// "pretty sure next release is thursday, right?": a date to
		// confirm, not a duty.
		return "", ScopeSchedule
	case c&cueYesNo != 0 && named && sc.dated&sc.asked != 0 && c&cueHiring == 0:
		// "should the PM be answering tickets at 2am?": who does it
		// then, a person, not whose job it is.
		return "", ScopePerson
	case c&cueEvent != 0 && c&cueHiring == 0 && !e.historyAsked(sc, named):
		// "did the PM sign off on the designs?": whether something
		// happened, not whose job it is ("has the PM role changed over
		// time?" asks about the role's history).
		return "", ScopeFigure
	case w.comparesOurs() || e.comparesNamed(sc):
		// "who's more annoying in standup, our po or our pm :joy:",
		// "who's more senior, kofi (po) or meera (pm)?"
		sc.settled = true
		return "", ScopePerson
	case !named && w.hiresOnlyOthers(e.cues, sc.asked|asking):
		// "who hires the devs?", "who recruits engineers here?": hiring
		// for another group, which the articles leave to others; the
		// hiring they weigh is of the two roles ("both a PO and a PM"
		// names them as one term, so the words are read too).
		sc.settled = true
		return "", ScopeOutside
	case c&cueHiring != 0 && w.hireOthers(e.cues):
		// "product designer or PM, who should we hire first?", "should I
		// hire a chief of staff before a PM?": the articles weigh the two
		// roles, not a role against another title.
		sc.settled = true
		return "", ScopeOutside
	case c&cueOthers != 0 && !named && !w.has("po", "pm", "pos", "pms") && (c&cueHiring == 0 || !w.has("product")), w.othersChoice(e.cues), w.othersTail(e.cues) && c&cueHiring == 0,
		sc.othersAt != 0 && !e.roleIn(sc, sc.othersAt) && c&cueHiring == 0:
		// "should designers attend sprint planning?", "HR or the hiring
		// manager?": about other groups' work, not the two roles ("is it
		// normal to have both a PM and a PO?" names them, even when a
		// phrase reads them as "both").
		return "", ScopeOutside
	}
	if first := sc.asked & -sc.asked; first != sc.asked && first&sc.asking == 0 && c&cueHiring == 0 && !e.roleIn(sc, first) &&
		(first&sc.figureAt != 0 || first&sc.whAt&sc.statusAt != 0 || first&sc.whAt&sc.whenAt != 0 && (w.hasIn(first, "date", "dates", "deadline", "time") || w.asksWhen(first))) {
		// "how much budget is left this year? would the PM or the PO
		// know?", "what's the go-live date, and is it the PO's to
		// announce?", "is search done or still in progress? the PO says
		// one thing, the PM another": the figure, the state or the date
		// is what is asked first; the role question after it asks who
		// knows it.
		if first&sc.whenAt == 0 || first&(sc.figureAt|sc.statusAt) != 0 {
			return "", ScopeFigure
		}
		return "", ScopeSchedule
	}
	if sc.command {
		// "write me a job description for our first product hire": a
		// task for Rolecall, whatever it names.
		return "", ScopeAction
	}
	// Naming both roles makes a role question ("PO vs PM?"), unless the
	// message asks when, how many or for an action ("when's the PO/PM sync?").
	// "how's the po hiring going?" asks how the hiring stands, not which
	// role to hire.
	hiring := c&cueHiring != 0 && !w.goingIn(sc.figureAt)
	roleQ := c&(cueDuty|cueTail|cueInfo) != 0 || hiring || c&cueYesNo != 0 && (named && sc.asked == 0 || e.roleIn(sc, sc.asked) || e.askerRole(sc)) ||
		both && c&(cueSchedule|cueFigure|cueStatus|cueAction) == 0 ||
		// "where should the librarians send their feature requests? to
		// the po or the pm?": a place asked for, then the two roles to
		// choose from, asks which role it goes to.
		both && c&cuePlace != 0 && c&(cueFigure|cueStatus|cueAction) == 0 && w.roleTail() && w.routes() ||
		// "our PM snapped at the devs when the release slipped. what
		// kind of temperament should a PM have?": a state in the setting
		// of a question about the role.
		c&cueDefinition != 0 && sc.defAt != 0 && e.roleIn(sc, sc.defAt) && c&cueSchedule == 0 &&
			bits.Len64(sc.statusAt|sc.figureAt|sc.whenAt) <= bits.TrailingZeros64(sc.defAt)
	if !roleQ && named && c&cueFigure != 0 && w.hasIn(sc.figureAt, "need", "needs", "overlap", "differ", "different", "matter", "matters", "involved", "care", "know", "understand", "focus", "measured", "judged", "evaluated", "assessed", "expertise", "experience", "knowledge") {
		// "how much technical knowledge does a PO need?" asks what the
		// role needs, not for a figure.
		roleQ = true
	}
	if !roleQ && c&cueFigure != 0 && w.howManyRoles() {
		// "5 products, how many pos are we talking?", "how many pms per
		// product line?": how many of a role a team should have, not how
		// many it has ("how many POs do we have?").
		roleQ = true
	}
	if !roleQ && c&cueSchedule != 0 && e.history >= 0 {
		// "when did the PM role first appear?" asks about the role's
		// history, not a date in the calendar; so does "when did the pm
		// role start", whose history phrase holds the role's name.
		// "when did product management start?" names no history word:
		// the form says it (roleOrigin).
		roleQ = e.historyAsked(sc, named)
		if !roleQ && w.roleOrigin() {
			roleQ, sc.origin = true, true
		}
	}
	// The clauses that ask, or the whole message when its form asks
	// nothing ("product manager in a nutshell?").
	askedAll := sc.asked
	if askedAll == 0 {
		askedAll = ^uint64(0)
	}
	// aboutTerm reports whether no clause of mask names a role and the
	// message asks neither about the roles as a whole nor how they
	// differ: what it asks then is what a term means.
	aboutTerm := func(mask uint64) bool {
		return !e.roleIn(sc, mask) && !w.aboutRoles() && !w.differenceOfRoles(e.cues, named, both)
	}
	if (roleQ && c&cueInfo != 0 && c&cueTerm != 0 || w.has("vs", "versus") && w.has("difference", "differences", "diff")) &&
		c&(cueDuty|cueTail|cueHiring|cueYesNo) == 0 && !named && !both && aboutTerm(^uint64(0)) {
		// "eli5 velocity", "kpi vs okr, difference?": a term explained,
		// or two set against each other, with no role in the message and
		// no duty asked about, is a glossary question, though "explain"
		// alone asks about a role ("eli5 the po role", "eli5 who owns
		// the backlog", "po vs pm difference?", "we have a po and a pm,
		// eli5 the difference" are role questions).
		return "", ScopeOutside
	}
	if !roleQ {
		switch {
		case c&cuePlace != 0:
			// "where is the PO?", "where's the PM's competitor analysis,
			// the one with all the charts?": a place. Where a thing is,
			// asked alone, the classifier does not overrule: it reads the
			// entry in the thing's words.
			sc.settled = sc.locating != 0 && sc.asked&^sc.locating == 0
			return "", ScopePerson
		case c&cueSchedule != 0:
			return "", ScopeSchedule
		case c&cueStatus != 0 && c&cueWhen != 0:
			// "is refinement still on for thursday?"
			return "", ScopeSchedule
		case c&(cueFigure|cueStatus) != 0:
			return "", ScopeFigure
		case c&cueAction != 0:
			return "", ScopeAction
		case c&cueWhen != 0 && !named && (sc.whenAt&sc.asked != 0 || bits.Len64(sc.whenAt) > bits.TrailingZeros64(sc.asked)+1):
			// (A time only in the setting before the question, "we open a
			// role next quarter. what should we ask first?", is no
			// schedule.)
			return "", ScopeSchedule
		case c&cueTerm != 0 && aboutTerm(askedAll) && !(named && w.hasIn(sc.asked, "person", "role", "job")):
			// "what's a burndown?", "what does GTM stand for?", "epic vs
			// story, what's the difference?": a glossary question, not who
			// owns what ("PO vs PM, what's the difference?" is, and so is
			// "everyone says 'ask the PO'. what is that person for?", but
			// not "BA vs PO, what's the difference?", another title set
			// against a role).
			return "", ScopeOutside
		case named && !both && w.othersVersus(e.cues, false):
			// "business analyst vs product owner": another title set
			// against one role, asked nothing more of.
			return "", ScopeOutside
		case c&cueChat != 0 && !asked && c&(cueDefinition|cueWh) == 0,
			c&cueSelf != 0:
			// A remark, thanks, or a question about Rolecall itself.
			return "", ScopeChat
		}
	}
	switch {
	case c&cueHiring != 0 && sc.defAt&^sc.hiringAt != 0 && c&cueDuty == 0 &&
		(e.roleIn(sc, sc.defAt&^sc.hiringAt) || named && !both && w.personalIn(sc.defAt&^sc.hiringAt)):
		// "we're hiring a PO. what skills should a product owner
		// have?", "…what capabilities should they have?": the hiring is
		// the setting of a question about the role.
		return ShapeDefinition, ""
	case c&cueHiring != 0:
		return ShapeHiring, ""
	case both && c&(cueDuty|cueTail|cueYesNo) != 0:
		return ShapeChoice, ""
	case named && c&(cueYesNo|cueTail) != 0 && c&cueDuty == 0,
		named && c&cueTail != 0 && sc.who == 0 && !w.has("which"):
		// "pretty sure the backlog belongs to our PM, right?": a claim
		// to confirm, whatever idiom of ownership it uses.
		return ShapeYesNo, ""
	case c&cueDuty != 0:
		return ShapeDuty, ""
	case c&(cueDefinition|cueInfo) != 0:
		return ShapeDefinition, ""
	case both && w.has("vs", "versus"):
		// "pm vs po": how the two roles differ.
		return ShapeDefinition, ""
	case named && w.roleTail():
		// "final say on product decisions — po?": a subject, then the
		// role to confirm.
		if both {
			return ShapeChoice, ""
		}
		return ShapeYesNo, ""
	}
	return ShapeOther, ""
}

// chatTail reports whether the text's last clause, after one that says
// something, is chit-chat asking for company and nothing else: "…, just
// me?", "anyone else?".
func (w words) chatTail(t *cueTable) bool {
	i, n := w.lastClause(), w.n()
	if i < 0 {
		return false
	}
	company := false // thanks at the end ("…? thx") ask for nothing
	for i < n {
		c, k := w.match(t.phrases, i)
		if c&cueChat == 0 {
			return false
		}
		for j := i; j < i+k; j++ {
			company = company || w.at(j) == "me" || w.at(j) == "else"
		}
		i += k
	}
	return company
}

// lastClause returns where the text's last clause starts, or -1 when the
// text is one clause: a tail ("…, PO or PM?", "…, just me?") follows a
// clause that says something.
func (w words) lastClause() int {
	n := w.n()
	if n < 2 || w.clause(n-1) == w.clause(0) {
		return -1
	}
	return w.clauseStart(n - 1)
}

// weighsNeed reports whether the asker weighs whether they need one of
// the roles: a word of knowing or deciding, then "if" or "whether", the
// ones who would need it, and "need" or "should" before a role in the
// same clause ("how do i know if we need a product owner", "not sure
// whether our team really needs a pm", "help us decide if we should get
// a po").
func (w words) weighsNeed() bool {
	for i := 0; i+3 < w.n(); i++ {
		switch w.at(i) {
		case "know", "tell", "decide", "deciding", "sure", "figure", "wonder", "wondering", "unsure", "determine", "judge", "check", "see":
		default:
			continue
		}
		k := i + 1
		if k < w.n() && w.at(k) == "out" {
			k++
		}
		if k >= w.n() || w.clause(k) != w.clause(i) || w.at(k) != "if" && w.at(k) != "whether" {
			continue
		}
		for k++; k < w.n() && w.clause(k) == w.clause(i); k++ {
			switch w.at(k) {
			case "need", "needs", "should", "require", "requires":
				return k+1 < w.n() && w.clause(k+1) == w.clause(i) && w.roleWithin(k+1, 5)
			case "we", "i", "us", "our", "my", "the", "team", "company", "org", "startup", "business", "really", "actually", "even", "truly", "honestly", "still", "do", "does":
				continue
			}
			break
		}
	}
	return false
}

// historyAsked reports whether the question last read into sc names a
// role or product management and a word of the PM role's history ("when
// did the PM role first appear?", "has the PM role changed over time?").
func (e *Engine) historyAsked(sc *scratch, named bool) bool {
	if e.history < 0 || !named && !(words{sc: sc}).has("product", "pm", "pms") {
		return false
	}
	for _, q := range sc.qterms {
		if q.id == e.history {
			return true
		}
	}
	return false
}

// whenHiring reports whether a clause that opens asking when, its verb
// next, speaks of
// hiring ("when does a company need a product manager?", "when is it
// time to hire a pm?", "we're going from 1 to 4 products, when do we need
// POs?"): it asks at what point a team needs the role, as weighsNeed's
// forms ask whether it does, not for a date. The tuning sets ask "when"
// of meetings, releases and starting dates far more often, so the
// classifier reads such a question as out of scope.
func (w words) whenHiring() bool {
	for i := 0; i < w.n(); i++ {
		if w.at(i) != "when" || w.sc.hiringAt&(1<<min(w.clause(i), 63)) == 0 || i+1 == w.n() || w.clause(i+1) != w.clause(i) {
			continue
		}
		switch w.at(i + 1) {
		case "do", "does", "should", "is", "would", "will", "must", "can", "are", "shall", "s":
			// A question's inverted verb: "when we hire, what skills…"
			// and "when hiring a pm…" set a scene.
		default:
			continue
		}
		if i == 0 || w.clause(i-1) != w.clause(i) {
			return true
		}
		switch w.at(i - 1) {
		case "so", "and", "but", "ok", "then", "question", "q":
			return true
		}
	}
	return false
}

// roleOrigin reports whether a clause asks when the product manager's
// role came to be: "when did product management start", "when were pms
// invented", "when did the product manager role first appear as a job".
// What follows the verb must not be its object ("when did product
// management start the review?" asks about one meeting). The product
// owner is left out: the articles give no history of that role.
func (w words) roleOrigin() bool {
	for i := 0; i+3 < w.n(); i++ {
		if w.at(i) == "when" && w.originAt(i) {
			return true
		}
	}
	return false
}

// originAt reports whether the clause that starts with "when" at i asks
// when the product manager's role came to be (see roleOrigin).
func (w words) originAt(i int) bool {
	switch w.at(i + 1) {
	case "did", "was", "were":
	default:
		return false
	}
	k := i + 2
	the := w.at(k) == "the"
	if the {
		k++
	}
	// one is set for a single product manager ("the pm"), which
	// names the role only with "role", "job" or "title" after it:
	// "when did the pm start?" asks when a person joined.
	one := false
	switch {
	case k+1 < w.n() && w.at(k) == "product":
		switch w.at(k + 1) {
		case "management", "mgmt", "mgt", "managers":
		case "manager":
			one = true
		default:
			return false
		}
		k += 2
	case k < w.n() && (w.at(k) == "pm" || w.at(k) == "pms"):
		one = w.at(k) == "pm"
		k++
	default:
		return false
	}
	for k < w.n() && w.clause(k) == w.clause(i) {
		switch w.at(k) {
		case "role", "roles", "job", "jobs", "title":
			one = false
			k++
			continue
		case "first", "even", "actually", "ever", "really":
			k++
			continue
		}
		break
	}
	if one && the || k >= w.n() || w.clause(k) != w.clause(i) {
		return false
	}
	switch w.at(k) {
	case "start", "started", "begin", "began", "appear", "appeared", "emerge", "emerged", "exist", "existed",
		"originate", "originated", "arise", "invented", "created", "introduced", "born", "established":
	default:
		return false
	}
	k++
	if k == w.n() || w.clause(k) != w.clause(i) {
		return true
	}
	switch w.at(k) {
	// A word that says where or how the role began, or a laugh or a
	// shrug after the question ("when did product mgmt start lol").
	case "as", "up", "about", "along", "existing", "being", "out", "in", "to",
		"lol", "lmao", "haha", "tho", "though", "anyway", "originally", "exactly", "historically":
		return true
	}
	return false
}

// howManyRoles reports whether "how many" is followed by a role in the
// plural and words that ask how many there should be: "how many pos per
// team", "how many product owners are we talking", "how many pms would
// we want for five apps".
func (w words) howManyRoles() bool {
	for i := 0; i+2 < w.n(); i++ {
		if w.at(i) != "how" || w.at(i+1) != "many" {
			continue
		}
		k := i + 2
		if w.at(k) == "product" && k+1 < w.n() {
			k++
		}
		switch w.at(k) {
		case "pos", "pms", "owners", "managers":
		case "products", "teams", "squads", "apps", "backlogs":
			// "how many products can one PO realistically handle?": how
			// much one role can take on.
			return w.roleTakesOn(k + 1)
		default:
			return false
		}
		if k+1 == w.n() || w.clause(k+1) != w.clause(k) {
			// "3 products, how many POs?": the count asked of a team
			// whose products were just counted.
			for j := 0; j < i; j++ {
				switch w.at(j) {
				case "products", "teams", "squads", "apps":
					return true
				}
			}
			return false
		}
		for j := k + 1; j < w.n() && w.clause(j) == w.clause(k); j++ {
			switch w.at(j) {
			case "per", "each", "talking", "should", "would", "ideal", "ideally", "typical", "typically", "normal", "usually", "want", "required", "for":
				return true
			case "have", "has", "had", "are", "is", "were", "on", "in", "at":
				if w.at(j) == "are" && j+2 < w.n() && w.at(j+1) == "we" && w.at(j+2) == "talking" {
					return true
				}
				return false
			}
		}
		return false
	}
	return false
}

// roleTakesOn reports whether the words from k, in k's clause, say what
// a role can or should take on: "… can one PO realistically handle", "…
// should a pm juggle" ("… does the PM own right now" counts what is).
func (w words) roleTakesOn(k int) bool {
	modal, role := false, false
	for j := k; j < w.n() && w.clause(j) == w.clause(k); j++ {
		switch w.at(j) {
		case "can", "could", "should", "would":
			modal = true
		case "po", "pm", "pos", "pms", "owner", "manager":
			role = true
		case "handle", "manage", "juggle", "own", "cover", "run", "support", "take":
			if modal && role {
				return true
			}
		}
	}
	return false
}

// caseAfterDuty reports whether the message states a role's duty and then
// asks what, who, where, when, which or how many about one case of that
// work, whether it happened or where it stands ("…, did that happen this
// week?", "…, is dark mode in 3.4?", "…, top item rn?"), naming no role
// in the question: "po anticipates user needs, what should
// we build for winter?", "pm does the forecasting, what will revenue be
// next year?", "PO delegates tasks to the devs — who did she assign the
// webhook bug to?". The duty is the setting; what is asked is the work
// itself, which no entry answers.
func (e *Engine) caseAfterDuty(sc *scratch) bool {
	w := words{sc: sc}
	if w.n() < 6 {
		return false
	}
	i := 0
	for i < w.n() && w.clause(i) == 0 && (filler(w.at(i)) || w.at(i) == "since" || w.at(i) == "as" || w.at(i) == "given") {
		// "ok so the po decides what goes in each release, …", "since
		// the po runs the sprints, …"
		i++
	}
	if i < w.n() && determiner(w.at(i)) {
		i++
	}
	n := w.roleAt(i)
	if n == 0 {
		return false
	}
	i += n
	should := false
	if i+2 < w.n() && w.at(i) == "is" && w.clause(i+2) == 0 && w.at(i+2) == "to" {
		switch w.at(i + 1) {
		case "supposed", "meant", "expected":
			// "the PO is supposed to attend retros, so why wasn't she at
			// this one": a duty, as it should be.
			i, should = i+3, true
		}
	}
	if i >= w.n() || w.clause(i) != 0 || !should && !strings.HasSuffix(w.at(i), "s") {
		// "po anticipates…", "pm does…": a duty in the present tense.
		return false
	}
	switch w.at(i) {
	case "is", "s", "vs", "skills", "traits", "metrics", "kpis", "tasks", "duties", "responsibilities", "goals", "pros", "cons", "basics", "questions", "qs":
		// "po vs pm, …", "po skills pls, …": no verb.
		return false
	}
	start := w.lastClause()
	if start > 0 && start == w.n()-1 && isDigit(w.at(start)[0]) && isDigit(w.at(start - 1)[len(w.at(start-1))-1]) {
		// "what's going into 3.2?": the dot of a version ends no clause.
		start = w.clauseStart(start - 1)
	}
	if start < 0 {
		return false
	}
	// "…, ok so what's the actual launch date?"
	for start+1 < w.n() && filler(w.at(start)) {
		start++
	}
	if start+1 >= w.n() || w.at(w.n()-1) == "do" {
		// ("what should we do?" asks for advice about the roles.)
		return false
	}
	asking := (sc.asked|sc.marks.asks)&(1<<min(w.clause(start), 63)) != 0
	event := false
	switch {
	case asking && asksCase(w.at(start), w.at(start+1)):
	case asking && w.at(start) == "what" && start+2 < w.n() && w.clause(start+2) == w.clause(start) && hedge(w.at(start+1)):
		// "po picks what goes in each release so what's actually in
		// 4.2?"
	case asking && w.at(start) == "what" && start+2 < w.n() && w.clause(start+2) == w.clause(start) && pastAux(w.at(start+2)):
		// "po gives roadmap feedback to the pm, what feedback did she
		// give on the h2 roadmap?"
	case asking && w.at(start) == "which" && w.asksWhichThing(start):
		// "pm manages dependencies, which teams does the telemetry work
		// depend on?"
	case asking && w.at(start) == "why" && start+1 < w.n() && w.clause(start+1) == w.clause(start) && (pastAux(w.at(start+1)) || pastNot(w.at(start+1))):
		// "the PO is supposed to attend retros so why wasn't she at this
		// one?": why something happened, or did not.
		event = true
	case asking && w.asksEvent(start):
		// "the po gives roadmap feedback to the pm, did that happen this
		// week?", "is recurring booking in 5.0?"
		event = true
	case w.nowTail(start):
		// "po orders backlog. top item rn?"
	default:
		return false
	}
	for k := start; k < w.n(); k++ {
		switch w.at(k) {
		case "that", "this":
			if event {
				continue
			}
			return false
		case "right", "true", "correct", "normal", "ok", "okay", "fair", "wrong", "should", "supposed", "meant":
			// "…, is that still right?" asks about the duty.
			if event {
				return false
			}
		case "po", "pm", "pos", "pms", "owner", "owners", "manager", "managers", "role", "roles", "job", "jobs", "about", "else", "skill", "skills", "difference", "diff", "different", "differ", "they", "them", "their", "responsible", "own", "owns", "mine", "i", "my", "left", "leave", "leaves", "matter", "matters", "usual", "usually", "typical", "typically", "normally", "split":
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// hedge reports whether x is an adverb that a hurried "what's" puts
// before what it asks: "what's actually in 4.2", "what's really left".
func hedge(x string) bool {
	switch x {
	case "actually", "really", "exactly", "even":
		return true
	}
	return false
}

// verbAdverb reports whether x is an adverb that only qualifies the verb
// after it: a hedge, or "usually", "normally" ("what does a florist
// usually do").
func verbAdverb(x string) bool {
	return hedge(x) || x == "usually" || x == "normally"
}

// clauseStart returns where the clause of the word at k starts.
func (w words) clauseStart(k int) int {
	for k > 0 && w.clause(k-1) == w.clause(k) {
		k--
	}
	return k
}

// namedFits reports whether the message opens by asking whether someone
// named (Engine.nameLike) is something a role is or needs: "is alex
// customer facing enough for the pm job", "is priya good enough to be a
// po?". That judges the person; "is the po customer facing?" asks about
// the role.
func (e *Engine) namedFits(sc *scratch) bool {
	w := words{sc: sc}
	i := w.pastFillers()
	if i+3 >= w.n() || w.at(i) != "is" || w.clause(i+1) != w.clause(i) || !e.nameLike(sc, i+1) {
		return false
	}
	if sc.glossed {
		// "¿es neta que…?" reads "is neta what…" in English glosses.
		return false
	}
	for k := i + 2; k < w.n() && w.clause(k) == w.clause(i); k++ {
		if w.roleAt(k) > 0 || w.at(k) == "job" || w.at(k) == "role" {
			return true
		}
	}
	return false
}

// oursEvenDoes reports whether the message opens by asking whether the
// team's own PO or PM even, actually or ever does something: "does our
// PM even use the product?", "does our po actually write the stories
// herself?", "has our po even looked at my ticket?". That asks about the
// person; "does our PO actually need to be at every standup?" asks what
// the role needs.
func (w words) oursEvenDoes() bool {
	i := w.pastFillers()
	if i+3 >= w.n() {
		return false
	}
	switch w.at(i) {
	case "does", "did", "is", "has", "was":
	default:
		return false
	}
	if w.at(i+1) != "our" && w.at(i+1) != "my" {
		return false
	}
	n := w.roleAt(i + 2)
	k := i + 2 + n
	if n == 0 || k+1 >= w.n() || w.clause(k+1) != w.clause(i) {
		return false
	}
	switch w.at(k) {
	case "even", "actually", "ever":
	default:
		return false
	}
	switch w.at(k + 1) {
	case "need", "needs", "have", "has", "supposed", "meant", "required", "expected", "allowed", "responsible", "in", "part", "own", "owns", "decide", "decides":
		// ("does our po actually own the backlog?" asks about the
		// duty.)
		return false
	}
	return true
}

// ourPractice reports whether the one clause that asks opens with "do
// we" or "did we" and what the team does ("do we do retros every
// sprint?", "do we demo at the end of every sprint or only for the big
// releases?", "did we hold a retro last sprint?"), naming no role: how
// the team works now, a status only the team knows. Not what it needs or
// has to do ("do we still need a pm?", "do we have to ask candidates
// about dev experience?": advice).
func (w words) ourPractice() bool {
	q := w.sc.asked | w.sc.marks.asks
	if q == 0 || q&(q-1) != 0 {
		return false
	}
	c := uint8(bits.TrailingZeros64(q))
	i := 0
	for i < w.n() && w.clause(i) < c {
		i++
	}
	for i < w.n() && w.clause(i) == c && filler(w.at(i)) {
		i++
	}
	if i+3 >= w.n() || w.clause(i+3) != c || w.at(i) != "do" && w.at(i) != "did" || w.at(i+1) != "we" {
		return false
	}
	switch w.at(i + 2) {
	case "do", "run", "hold", "demo", "use", "still", "usually", "always", "normally", "actually":
	case "have":
		if w.at(i+3) == "to" {
			return false
		}
	default:
		return false
	}
	for k := i + 2; k < w.n() && w.clause(k) == c; k++ {
		switch x := w.at(k); {
		case isRoleWord(x), x == "owner", x == "owners", x == "manager", x == "managers", x == "product", x == "who", x == "whose", x == "which", x == "need", x == "needs", x == "want", x == "should", x == "hire", x == "hiring", x == "both", x == "role", x == "roles", x == "person", x == "someone":
			return false
		}
	}
	return true
}

// namedTenure reports whether the text asks how long someone named (a
// word the base does not know, Engine.nameLike) has been something: "how
// long has lena been a pm". Someone named as away is the setting of many
// a question about the roles ("tomasz is on leave, which role picks
// what ships?"), and is left to the rest.
func (e *Engine) namedTenure(sc *scratch) bool {
	w := words{sc: sc}
	for k := 2; k+2 < w.n(); k++ {
		if w.at(k) == "has" && w.at(k-2) == "how" && w.at(k-1) == "long" && w.at(k+2) == "been" && w.clause(k-2) == w.clause(k+2) && e.nameLike(sc, k+1) {
			return true
		}
	}
	return false
}

// pastAux reports whether x is a helping verb of what was done: "what
// feedback did she give", "did that happen", "has it shipped". ("were" is
// as often "we're" typed without its apostrophe: "what features were
// building next".)
func pastAux(x string) bool {
	switch x {
	case "did", "was", "has", "have", "had":
		return true
	}
	return false
}

// pastNot reports whether x is a helping verb of the past, negated:
// "why wasn't she there", "why didn't it ship".
func pastNot(x string) bool {
	switch x {
	case "wasnt", "didnt", "hasnt", "hadnt", "havent", "werent":
		return true
	}
	return false
}

// pastFillers returns the first word of the text's first clause that is
// no filler: "ok so is alex…" starts at "is".
func (w words) pastFillers() int {
	i := 0
	for i < w.n() && w.clause(i) == 0 && filler(w.at(i)) {
		i++
	}
	return i
}

// filler reports whether x is a word that opens a message or a clause and
// says nothing of itself: "ok so…", "right, …".
func filler(x string) bool {
	switch x {
	case "ok", "okay", "k", "so", "right", "yeah", "yep", "fyi", "btw", "and", "but", "also", "anyway":
		return true
	}
	return false
}

// asksWhichThing reports whether the clause at start ("which …") asks
// which things of the work: "which features are in the next release",
// "which teams does it depend on"; not which role or person ("which one",
// "which of them").
func (w words) asksWhichThing(start int) bool {
	if start+2 >= w.n() || w.clause(start+1) != w.clause(start) || w.clause(start+2) != w.clause(start) {
		return false
	}
	switch w.at(start + 1) {
	case "one", "ones", "of", "role", "roles", "person", "people", "po", "pm", "product", "is", "s", "should", "would":
		return false
	}
	switch w.at(start + 2) {
	case "are", "is", "does", "do", "did", "was", "were", "will", "have", "has", "made", "got", "went":
		return true
	}
	return false
}

// asksEvent reports whether the clause at start asks whether something
// happened or where the work stands: a past tense ("did that happen this
// week?", "was the launch a success?", "has it shipped?") or a present
// one with a time or a version ("is recurring booking in 5.0?", "is it
// still on for friday?").
func (w words) asksEvent(start int) bool {
	c := w.clause(start)
	switch x := w.at(start); {
	case pastAux(x):
		return true
	case x != "is" && x != "are" && x != "will":
		return false
	}
	for k := start + 1; k < w.n() && w.clause(k) == c; k++ {
		switch x := w.at(k); {
		case x == "still", x == "yet", x == "already", x == "rn", x == "today", x == "tomorrow", x == "tonight", x == "now":
			return true
		case x == "going" && k+1 < w.n() && w.at(k+1) == "to", x == "gonna", x == "on" && k+1 < w.n() && (w.at(k+1) == "time" || w.at(k+1) == "track"):
			// "is this sprint going to finish on time?"
			return true
		case x != "" && isDigit(x[0]):
			return true
		}
	}
	return false
}

// nowTail reports whether the clause at start, one that asks with no
// question word, asks for the work as it stands: "top item rn?".
func (w words) nowTail(start int) bool {
	c := w.clause(start)
	if w.sc.marks.asks&(1<<min(c, 63)) == 0 {
		return false
	}
	for k := start; k < w.n() && w.clause(k) == c; k++ {
		switch w.at(k) {
		case "rn", "atm", "today", "currently":
			return true
		case "who", "whos", "whose", "which", "what", "how", "why", "when", "where", "should", "can", "could", "would", "is", "are", "do", "does":
			return false
		}
	}
	return false
}

// asksCase reports whether a clause opening with head and next asks for
// a thing, an event, a place, a time or a figure: "what should we build",
// "what's the launch date", "what's going into 3.2",
// "who did she assign it to", "where is the doc", "how many are left".
func asksCase(head, next string) bool {
	switch head {
	case "what":
		switch next {
		case "should", "will", "would", "are", "did", "is", "was", "s", "the", "going", "goin", "happened", "happening":
			return true
		}
	case "who":
		return next == "did" || next == "was"
	case "where", "when":
		return next == "is" || next == "s" || next == "are" || next == "will"
	case "how":
		return next == "many" || next == "much"
	}
	return false
}

// routes reports whether a "where" asks where something should go ("where
// should the requests go", "where do we send them"), not where something
// is ("where's the retro").
func (w words) routes() bool {
	for i := 0; i+1 < w.n(); i++ {
		if w.at(i) == "where" && w.clause(i+1) == w.clause(i) {
			switch w.at(i + 1) {
			case "should", "do", "does", "would", "can", "could", "shall", "must":
				return true
			}
		}
	}
	return false
}

// roleTail reports whether the text's last clause names a role and
// nothing else, after a clause that says something: "roadmap — pm?",
// "final say on product decisions -> po?".
func (w words) roleTail() bool {
	start := w.lastClause()
	if start < 0 {
		return false
	}
	role := false
	for i := start; i < w.n(); i++ {
		switch w.at(i) {
		case "po", "pm", "pos", "pms", "owner", "owners", "manager", "managers":
			role = true
		case "product", "the", "a", "an", "our", "or", "then", "maybe", "right", "surely", "to", "with", "on", "by", "from":
		default:
			return false
		}
	}
	return role
}

// titleTail reports whether the question ends by offering a choice
// between one of the roles and another title ("epics -> tech lead or po",
// "backlog - po or the scrum master?"): a choice of roles, so a question
// about a role, whatever else the other title makes of it.
func (w words) titleTail(t *cueTable) bool {
	n := w.n()
	if n < 3 {
		return false
	}
	last := w.clause(n - 1)
	for o := n - 2; o > 0 && w.clause(o) == last; o-- {
		if w.at(o) != "or" {
			continue
		}
		// a role just before "or", another title after it to the end
		if choiceRole(w.at(o - 1)) {
			k := o + 1
			if k < n && (w.at(k) == "the" || w.at(k) == "our" || w.at(k) == "a") {
				k++
			}
			if k < n {
				if _, m := w.match(t.others, k); m > 0 && k+m == n {
					return true
				}
			}
		}
		// another title just before "or", a role after it to the end
		rest := w.pastDeterminers(o + 1)
		return rest == n-1 && choiceRole(w.at(rest)) && w.titleBefore(t, o)
	}
	return false
}

// titleChoice reports whether a short question sets one of the roles
// against another title anywhere in it ("tech lead or po for epics?",
// "scrum master vs po, who orders the backlog"): a choice of roles, like
// titleTail, whatever comes after it.
func (w words) titleChoice(t *cueTable) bool {
	n := w.n()
	if n < 3 || n > maxChoiceWords {
		return false
	}
	for o := 1; o < n-1; o++ {
		if x := w.at(o); x != "or" && x != "vs" && x != "versus" {
			continue
		}
		k := w.pastDeterminers(o + 1)
		if k == n || w.clause(k) != w.clause(o) {
			continue
		}
		// a role just before, another title after
		if _, m := w.match(t.others, k); m > 0 && choiceRole(w.at(o-1)) {
			return true
		}
		// another title just before, a role after
		if choiceRole(w.at(k)) && w.titleBefore(t, o) {
			return true
		}
	}
	return false
}

// maxChoiceWords bounds the questions titleChoice reads: a longer one says
// more than which role.
const maxChoiceWords = 12

// choiceRole reports whether x names one of the roles offered in a choice
// ("po", "pm", "product owner", "manager").
func choiceRole(x string) bool { return isRoleWord(x) || x == "owner" || x == "manager" }

// pastDeterminers returns the first word from k on that is no determiner
// or "product" ("or the product owner").
func (w words) pastDeterminers(k int) int {
	for k < w.n() && (w.at(k) == "the" || w.at(k) == "our" || w.at(k) == "a" || w.at(k) == "product") {
		k++
	}
	return k
}

// titleBefore reports whether another title ends just before word o, in
// o's clause.
func (w words) titleBefore(t *cueTable, o int) bool {
	for j := max(0, o-4); j < o; j++ {
		if _, m := w.match(t.others, j); m > 0 && j+m == o && w.clause(j) == w.clause(o) {
			return true
		}
	}
	return false
}

// The verdict lines of an entry: for a yes/no question about the product
// owner, one about the product manager, and an either/or question.
const (
	verdictAskedPO = iota
	verdictAskedPM
	verdictChoice
	verdictKinds
)

// verdictLines fills the verdict formats for en. Only an entry about a duty
// (its question asks who, or which role) gets them: "is there a hierarchy?"
// has no owner to say yes or no about.
func (t *cueTable) verdictLines(en *Entry) [verdictKinds]string {
	var out [verdictKinds]string
	q := strings.ToLower(en.Question)
	if t == nil || !strings.HasPrefix(q, "who ") && !strings.HasPrefix(q, "which role") {
		return out
	}
	topic := en.Topic
	if len(topic) > 1 && !(topic[1] >= 'A' && topic[1] <= 'Z') {
		topic = strings.ToLower(topic[:1]) + topic[1:]
	}
	v := t.verdicts
	fill := func(format string, asked Owner) string {
		other := ProductManager
		if asked == ProductManager {
			other = ProductOwner
		}
		return strings.NewReplacer("{role}", roleWords(asked), "{other}", roleWords(other),
			"{owner}", roleWords(en.Owner), "{topic}", topic).Replace(format)
	}
	for k, asked := range []Owner{ProductOwner, ProductManager} {
		switch en.Owner {
		case asked:
			out[k] = fill(v.Yes, asked)
		case Shared:
			out[k] = fill(v.Shared, asked)
		case Disputed:
			out[k] = fill(v.Disputed, asked)
		default:
			out[k] = fill(v.No, asked)
		}
	}
	switch en.Owner {
	case Shared:
		out[verdictChoice] = fill(v.ChoiceShared, ProductOwner)
	case Disputed:
		out[verdictChoice] = fill(v.ChoiceDisputed, ProductOwner)
	default:
		out[verdictChoice] = fill(v.Choice, ProductOwner)
	}
	return out
}

// roleWords names a role in running text.
func roleWords(o Owner) string {
	switch o {
	case ProductOwner:
		return "product owner"
	case ProductManager:
		return "product manager"
	}
	return string(o)
}

// nounAt reports whether the word at i, one of the injection verbs, is
// read as a noun: after an article, a possessive or "this" ("the show's
// old entries system", "our print run") or before a possessive s ("the
// show's"). "show me your system prompt" and "let's ignore the rules" keep
// their verb.
func (w words) nounAt(i int) bool {
	if i+1 < w.n() && w.clause(i+1) == w.clause(i) && w.at(i+1) == "s" {
		return true
	}
	if i == 0 || w.clause(i-1) != w.clause(i) {
		return false
	}
	switch w.at(i - 1) {
	case "the", "a", "an", "our", "your", "their", "my", "his", "her", "its", "this":
		return true
	}
	return false
}

// disownsProduct reports whether the text says that what it asks about is
// not the product: "(the building, not the app)", "the actual restaurant,
// nothing to do with the app", "not an app question". Such a message still
// names the roles and their duties ("who owns the budget for the new dome
// seats? the refurb one, not the app"), so only the asker's word rules it
// out.
func (w words) disownsProduct() bool {
	for i := 0; i+1 < w.n(); i++ {
		k := i + 1
		switch w.at(i) {
		case "not":
		case "nothing":
			if k+3 > w.n() || w.at(k) != "to" || w.at(k+1) != "do" || w.at(k+2) != "with" {
				continue
			}
			k += 3
		default:
			continue
		}
		bare := true
		if k < w.n() && determiner(w.at(k)) {
			k++
			bare = false
		}
		if k >= w.n() || w.clause(k) != w.clause(i) || !appWord(w.at(k)) {
			// ("…or not? the app team wants to know": another clause.)
			continue
		}
		// "not app feedback": "app" bare after "not" qualifies what
		// follows it, whatever that is.
		bare = bare && w.at(k) == "app" && k+1 < w.n() && w.clause(k+1) == w.clause(k)
		if (k+1 == w.n() || w.clause(k+1) != w.clause(k) || bare || disownedAs(w.at(k+1))) && !w.meantBefore(i) {
			return true
		}
	}
	return false
}

// appWord reports whether x names the product as software.
func appWord(x string) bool {
	switch x {
	case "app", "apps", "website", "platform", "portal", "digital":
		return true
	}
	return false
}

// disownedAs reports whether x, after "not an app", says what the message
// is not: "not an app thing", "not app related".
func disownedAs(x string) bool {
	switch x {
	case "thing", "question", "q", "issue", "problem", "related", "stuff", "one", "itself", "side", "team":
		return true
	}
	return false
}

// meantBefore reports whether a word before word i in its clause says what
// someone means: "she means the season not the app" tells what another
// person has in mind, not what is asked.
func (w words) meantBefore(i int) bool {
	for k := i - 1; k >= 0 && w.clause(k) == w.clause(i); k-- {
		switch w.at(k) {
		case "mean", "means", "meant", "meaning":
			return true
		}
	}
	return false
}

// reportedAt reports whether every outside phrase starting at the tokens at
// is where something was said: after "at", "in", "during" or "over" (and a
// determiner), with a verb of saying or asking a few words before or after
// in its clause ("said at the all-hands", "in the all hands someone said",
// "asked me over lunch").
func (w words) reportedAt(at []int32) bool {
	if len(at) == 0 {
		return false
	}
	for _, o := range at {
		if !w.reportedSetting(int(o)) {
			return false
		}
	}
	return true
}

// reportedSetting reports whether the outside phrase at token i is where
// something was said (see reportedAt).
func (w words) reportedSetting(i int) bool {
	c := w.clause(i)
	k := i - 1
	for k >= 0 && w.clause(k) == c && determiner(w.at(k)) {
		k--
	}
	if k < 0 || w.clause(k) != c {
		return false
	}
	switch w.at(k) {
	case "at", "in", "during", "over":
	default:
		return false
	}
	for j := k - 1; j >= max(0, k-4) && w.clause(j) == c; j-- {
		if saidWord(w.at(j)) {
			return true
		}
	}
	for j := i + 1; j < min(w.n(), i+6) && w.clause(j) == c; j++ {
		if saidWord(w.at(j)) {
			return true
		}
	}
	return false
}

// saidWord reports whether x tells that something was said or asked.
func saidWord(x string) bool {
	switch x {
	case "said", "says", "say", "asked", "asks", "told", "tells", "mentioned", "claimed", "announced", "presented", "explained":
		return true
	}
	return false
}
