package knowledge

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSplitQuestions(t *testing.T) {
	tests := []struct {
		name string
		q    string
		want []string
	}{
		{"one question is one part", "who owns the roadmap?", nil},
		{"a question then a request", "who owns the roadmap? can someone send me the deck", []string{"who owns the roadmap? ", "can someone send me the deck"}},
		{"question marks in a run cut once", "deck pls?? also who owns the roadmap?!", []string{"deck pls?? ", "also who owns the roadmap?!"}},
		{"a plus that starts a question", "reset my password pls + who owns the roadmap, po or pm?", []string{"reset my password pls", " + who owns the roadmap, po or pm?"}},
		{"numbered asks", "1) where's the drive 2) who owns the roadmap", []string{"1) where's the drive", " 2) who owns the roadmap"}},
		{"'also' inside a statement cuts nothing", "can our pm also be the po for now?", nil},
		{"a dash cuts nothing", "roadmap - whose call, po or pm?", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ps [maxParts]part
			n := splitQuestions(tt.q, ps[:])
			var got []string
			for _, p := range ps[:n] {
				got = append(got, tt.q[p.from:p.to])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("splitQuestions(%q) = %q, want %q", tt.q, got, tt.want)
			}
		})
	}
}

func TestPartText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"also who owns the roadmap, po or pm?", "who owns the roadmap, po or pm?"},
		{" + who manages the process?", "who manages the process?"},
		{" 2) who owns the go-live", "who owns the go-live"},
		{"P.S. which role leads sprints?", "which role leads sprints?"},
		{"oh and btw, who sets the vision?", "who sets the vision?"},
		{"Also, who's meant to collect feedback?", "who's meant to collect feedback?"},
		{"so-called owners: who?", "so-called owners: who?"},
		{"who sets the vision?", "who sets the vision?"},
		{"3 devs and no po, who orders the backlog?", "3 devs and no po, who orders the backlog?"},
		{" 1. who writes the stories?", "who writes the stories?"},
	} {
		if got := partText(tt.in); got != tt.want {
			t.Errorf("partText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStandsAlone(t *testing.T) {
	tests := []struct {
		part string
		want bool
	}{
		{"also who owns the roadmap, po or pm?", true},
		{"and whose job is it to keep an eye on market trends", true},
		{"is it the po or the pm who leads the sprints?", true},
		{"what experience should a po have before taking over?", true},
		{"and who runs it, po or pm?", false},                  // points back
		{"is it on the pm's dashboard or the po's?", false},    // points back
		{"would the pm or po have the current figure?", false}, // who knows the other's figure
		{"who do i ask about the backlog?", false},             // the asker
		{"the po leads sprints right?", false},                 // no question word first
		{"pms own the roadmap, right?", false},                 // a claim
		{"is the po meant to be in retros, right?", false},     // a claim to confirm
		{"do we need one as well as the PO?", false},           // points back
		{"and who sets their targets", false},                  // points back
		{"and which role is the customer facing one, po or pm", true},
		{"also is the po coming or just the pm", false}, // a person's doings
		{"what time is it?", false},                     // no role
		{"who?", false},                                 // too short
		{"hey all! who owns the roadmap?", true},        // a greeting first
		{"hi team, may I know who will set the priorities for product?", true},
		{"can you tell me who owns the roadmap?", true},
		{"pls tell me who to ask hahaha", false},                                  // the asker
		{"hey, is it normal?", false},                                             // no role
		{"olá :wave: who is deciding milestones on the roadmap, is it PM?", true}, // a greeting in another language
		{"dependencies between squads is pm problem or po problem?", true},        // a setting, then the question
		{"hiring PO or PM, what you recomend?", true},
		{"thinking outside of box, is this skill of PM?", true}, // "this" points at the setting
		{"profitability of product innovations is whose headache?", true},
		{"around 150 complaints a day. Who is responsible for collecting this feedback, PO or PM?", true}, // sentences, then who
		{"pm is supposed to track market trends. is the EV wash trend real or hype?", false},              // a claim, then another question
		{"customer says we missed it. is that set by the PO?", false},                                     // points back across sentences
		{"that's prioritising so is it the po?", false},                                                   // points back
		{"i'm switching to PM, what should i learn?", false},                                              // the asker
		{"requirements for the hard hats order - who's writing them up?", false},                          // points back, perhaps at the other part
		{"<@U06HRLYON> who writes the user stories, PO or PM?", true},                                     // a mention first
		{"is it time to get a product owner?", true},                                                      // "it" asks
		{"is it worth hiring a PM now?", true},
		{"keeping an eye on where the market is heading, is that a pm or po thing?", true}, // "thing" is no doing
		{"qa here who runs sprints po or pm", true},                                        // an intro first
		{"ok honestly what's the difference between a product owner and a product manager", true},
		{"where do the two roles overlap, if at all", true},
		{"who draws up the plan of what's coming this year?", true}, // "this" before a noun
		{"who handles this, the po?", false},                        // "this" points back
		{"separately, does a product manager need to be creative", true},
		{"allo! 1) who decides the product priorities, po or pm", true},
		{"does the PO have to go to every scrum meeting or can the PM cover for them?", true}, // the role named before
		{"does the pm decide that or the po?", false},                                         // a thing points back
		{"who keeps the devs honest about finishing their stuff on time, po or pm?", true},    // people after a group named
		{"who keeps their stuff on time, po or pm?", false},                                   // people before any group
		{"we just opened 4 new venues. should we get a product owner?", true},                 // sentences, then a role question
		{"the PM is customer facing. who's our radiology PM?", false},                         // a claim about a role, then another question
		{"dependencies between squads, pm or po", true},                                       // the two roles end it
	}
	for _, tt := range tests {
		if got := standsAlone(tt.part); got != tt.want {
			t.Errorf("standsAlone(%q) = %v, want %v", tt.part, got, tt.want)
		}
	}
}

// TestFragment checks which fragments that name a role stand alone.
func TestFragment(t *testing.T) {
	tests := []struct {
		part string
		want bool
	}{
		{"epics, PO or PM?", true},
		{"also tactical execution of the roadmap - po?", true},
		{"stakeholder comms: po or pm?", true},
		{"po skills?", true},
		{"pm need empathy?", true},
		{"po or pm?", false},                                                    // a tail of roles alone
		{"po, pm or the sales director?", false},                                // another title
		{"sales ops or PM?", false},                                             // no mark before the roles
		{"after my degree which is the better job to go for, po or pm?", false}, // the asker
		{"need to get into app store connect rn. po or pm?", false},             // a setting of two sentences
		{"po thing?", false},                                                    // points back
		{"pm tracks nps right?", false},                                         // a claim
		{"epics, po or pm", true},                                               // the two roles end it, no question mark needed
		{"epics, po", false},                                                    // one role and no question mark
		{"po skills for the new app in the autumn?", false},
		{"roadmap ownr po or pm", true}, // the two roles end it, no question mark
		{"strategy po or pm ty", true},  // courtesy after them
		{"who runs it po or pm", false}, // a question word in the subject
		{"the retro notes pls", false},  // no role
	}
	for _, tt := range tests {
		if got := fragment(tt.part); got != tt.want {
			t.Errorf("fragment(%q) = %v, want %v", tt.part, got, tt.want)
		}
	}
}

func TestAsksSomething(t *testing.T) {
	tests := []struct {
		part string
		want bool
	}{
		{"when's the concrete pour", true},
		{"and could someone order cupcakes", true},
		{"pls send the deck", true},
		{"and kindly share the slides after the session", true},
		{"and quick one, can you send me the dashboard link", true},
		{"and kindly confirm the meeting is tomorrow", true},
		{"retro board link pls :pray:", true},
		{"the refurb one pls no", false},
		{"or neither?", false}, // goes on with the question before
		{"reset my jira password pls", true},
		{"the refurb one, not the app", false},
		{"heard something in the kitchen", false},
		{"the aws dashboard is terrifying!", false},
		{"it's for the retro?", true},
	}
	for _, tt := range tests {
		if got := asksSomething(tt.part); got != tt.want {
			t.Errorf("asksSomething(%q) = %v, want %v", tt.part, got, tt.want)
		}
	}
}

// FuzzSplitQuestions: the parts are in order, touch, cover the message and
// are never more than maxParts; reading them never panics.
func FuzzSplitQuestions(f *testing.F) {
	for _, s := range []string{"a? b", "who owns it?? + can you 2) send", "?", "??x", " + ", "x 2) y 3) z? w? v? u? t? s?", "also? also also",
		"hey all, may I know who owns it? also", "epics, po or pm? x?", "po skills? when?", "may i? can you tell", "- po? ,?",
		"olá, x is whose? kindly y", "a. b. who c? quick one, d", "cześć\xff who?\xc3 e", "that's it so is it? x?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		var ps [maxParts]part
		n := splitQuestions(q, ps[:])
		if n == 1 || n > maxParts {
			t.Fatalf("splitQuestions(%q) = %d parts", q, n)
		}
		if n == 0 {
			return
		}
		if ps[0].from != 0 || ps[n-1].to != len(q) {
			t.Fatalf("splitQuestions(%q): parts %v do not cover the message", q, ps[:n])
		}
		for k := range n {
			p := ps[k]
			if p.from >= p.to || k > 0 && ps[k-1].to != p.from {
				t.Fatalf("splitQuestions(%q): parts %v are empty or do not touch", q, ps[:n])
			}
			standsAlone(q[p.from:p.to])
			asksSomething(q[p.from:p.to])
		}
	})
}

// FuzzPartText: what is shown is a suffix of the part, trimmed.
func FuzzPartText(f *testing.F) {
	for _, s := range []string{"also who?", " + 2) so-called", "p.s. and also btw", "oh", "—"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		got := partText(p)
		if !strings.HasSuffix(strings.TrimSpace(p), got) || got != strings.TrimSpace(got) {
			t.Fatalf("partText(%q) = %q: no trimmed suffix of the part", p, got)
		}
	})
}

func TestIntroEnd(t *testing.T) {
	for _, tt := range []struct {
		q, rest string // rest is "" when q opens with no intro
	}{
		{"dev here. what does a 1st AD do?", "what does a 1st AD do?"},
		{"new here :wave: what does a PO do?", "what does a PO do?"},
		{"hi all, qa here - who owns the backlog?", "who owns the backlog?"},
		{"data analyst here: what does a PM do", "what does a PM do"},
		{"new here — who owns the backlog?", "who owns the backlog?"},
		{"po here, is the roadmap mine?", ""},       // a role's intro
		{"product designer here. who owns it?", ""}, // "product" names the roles' field
		{"who here owns the roadmap?", ""},          // a question
		{"dev here what does a 1st AD do", ""},      // no mark after the intro
		{"i'm new here, who owns the backlog?", ""}, // the asker speaks
		{"dev here.", ""}, // nothing after it
		{"senior backend dev on payments here. who?", ""}, // more than three words
	} {
		got := ""
		if k := introEnd(tt.q); k > 0 {
			got = tt.q[k:]
		}
		if got != tt.rest {
			t.Errorf("introEnd(%q) leaves %q, want %q", tt.q, got, tt.rest)
		}
	}
}

// FuzzIntroEnd: the question after an intro is a non-empty suffix that
// follows a "here".
func FuzzIntroEnd(f *testing.F) {
	for _, s := range []string{"dev here. who?", "hi, qa here —", "a b here —— x", "here.", "x here:\xff", "olá, dev here, é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		k := introEnd(q)
		if k < 0 || k > len(q) || k > 0 && (k == len(q) || !strings.Contains(strings.ToLower(q[:k]), "here")) {
			t.Fatalf("introEnd(%q) = %d", q, k)
		}
	})
}

func TestProductSetting(t *testing.T) {
	for _, tt := range []struct {
		q, rest string // rest is "" when q holds no product setting
	}{
		{"who orders the backlog for the stock sync squad", "who orders the backlog"},
		{"who sets the delivery timeframes for the rent statement feature?", "who sets the delivery timeframes?"},
		{"who owns the roadmap for the booking app, po or pm?", "who owns the roadmap, po or pm?"},
		{"who's accountable for the ux of the crew mobile app", "who's accountable for the ux"},
		{"who writes stories on the self-checkout screen — po?", "who writes stories — po?"},
		{"who is responsible for the product backlog?", ""}, // the object, not a setting
		{"who owns the roadmap for the app?", "who owns the roadmap?"},
		{"who picks the stories for the next release?", ""},               // what is asked about
		{"who sets the priorities for the costume team", ""},              // a team no article speaks of
		{"who owns the requirements for the new hvac system", ""},         // a system of another trade
		{"who owns the roadmap for the booking app and why", ""},          // the question goes on
		{"the stock app is slow. who on the stock sync squad knows?", ""}, // "who on" asks for a person
		{"what is the PO's job on the payments app?", ""},
		{"who's the main stakeholder for the excise module? name please", ""}, // a name asked for after it                 // no who
	} {
		got := ""
		if from, to, ok := productSetting(tt.q); ok {
			got = tt.q[:from] + tt.q[to:]
		}
		if got != tt.rest {
			t.Errorf("productSetting(%q) leaves %q, want %q", tt.q, got, tt.rest)
		}
	}
}

// FuzzProductSetting: the setting is a span inside the question, after
// the word that asks who, and ends on a letter.
func FuzzProductSetting(f *testing.F) {
	for _, s := range []string{"who orders the backlog for the stock sync squad", "who x y on a b app —", "who a b for the app?", "who\xff a b in c d portal,", "who a b of é app"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		from, to, ok := productSetting(q)
		if !ok {
			if from != 0 || to != 0 {
				t.Fatalf("productSetting(%q) = %d, %d, false", q, from, to)
			}
			return
		}
		if from < 3 || to <= from || to > len(q) || !strings.Contains(strings.ToLower(q[:from]), "who") || !endsLetter(q[:to]) {
			t.Fatalf("productSetting(%q) = %d, %d", q, from, to)
		}
	})
}

func endsLetter(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r)
}

func TestContrastEnd(t *testing.T) {
	tests := []struct{ q, want string }{
		{"noted that the po owns the backlog, but who owns the roadmap?", "who owns the roadmap?"},
		{"ok the pm sets strategy but which role writes the stories", "which role writes the stories"},
		{"the po does sprints but what does a pm do all day?", "what does a pm do all day?"},
		// No role in the claim: it may be the setting the question needs.
		{"I get that they're different, but which one is the strategist?", ""},
		{"the pm left, so who owns the roadmap now?", "who owns the roadmap now?"},
		// A claim that names no role may be the setting the question needs.
		{"we're bootstrapped, so which role should we hire first?", ""},
		// A question first: the message asks it.
		{"who owns the backlog? the po, but who orders it?", ""},
		{"does the po own the backlog but who orders it", ""},
		// The question points back at the claim.
		{"i thought the PM owned the backlog but who does?", ""},
		{"at my last job the PO defined the requirements, so who's supposed to?", ""},
		{"the po writes the stories but who does :eyes:", ""},
		{"the po writes the stories but who reviews them?", ""},
		{"but who owns the roadmap?", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got := ""
		if k := contrastEnd(tt.q); k > 0 {
			got = tt.q[k:]
		}
		if got != tt.want {
			t.Errorf("contrastEnd(%q) reads %q, want %q", tt.q, got, tt.want)
		}
	}
}
