package knowledge

import (
	"strings"
	"testing"
)

func TestGreetingEnd(t *testing.T) {
	for _, tt := range []struct {
		q, rest string // rest is q when q opens with no greeting
	}{
		{"hey all, quick q: who owns tesla", "who owns tesla"},
		{"hi team :wave: which role talks to upper mgmt?", "which role talks to upper mgmt?"},
		{"hey <@U03KQ7PL2> quick one — the backlog lives in 3 places", "the backlog lives in 3 places"},
		{"morning all! po decides what the devs pick up first, yeah?", "po decides what the devs pick up first, yeah?"},
		{"quick one, who prioritizes the bugs?", "who prioritizes the bugs?"},
		{"real quick, who owns the roadmap?", "who owns the roadmap?"},
		{"hi team\nwho owns the roadmap?", "who owns the roadmap?"},
		{"also do product roles need a DBS check?", "do product roles need a DBS check?"},
		{"rolecall, who owns the roadmap?", "who owns the roadmap?"},
		{"i'm new here, who owns the backlog?", "who owns the backlog?"},
		{"I am new in the team. Please can you explain me who owns the roadmap?", "Please can you explain me who owns the roadmap?"},
		{"just joined the company! who runs the retro?", "who runs the retro?"},
		{"I am the PO. who owns the roadmap?", "I am the PO. who owns the roadmap?"}, // an intro that names a role
		{"new here :wave: make me a release plan", "make me a release plan"},
		{"new PO here, who owns the backlog?", "new PO here, who owns the backlog?"}, // an intro that names a role
		{"@rolecall who owns the roadmap?", "who owns the roadmap?"},
		{"bot, wrong answer. finance owns the budget", "bot, wrong answer. finance owns the budget"}, // chat with Rolecall
		{"honest question: is the po the boss?", "is the po the boss?"},
		{"ok so who owns the backlog", "who owns the backlog"}, // no mark, but the question's first word
		{"btw our po left, who owns the backlog?", "our po left, who owns the backlog?"},
		{"@here whose call is the roadmap", "whose call is the roadmap"},
		{"so the po owns the backlog?", "so the po owns the backlog?"}, // no word that greets
		{"hey who owns the backlog", "who owns the backlog"},           // no mark, but the question's first word
		{"please, who owns the backlog?", "who owns the backlog?"},
		{"pls who decides priority here", "pls who decides priority here"}, // "please" alone needs a mark
		{"ok but who owns the backlog", "who owns the backlog"},
		{"hi there, who owns the backlog?", "who owns the backlog?"},
		{"sorry, who owns the backlog?", "who owns the backlog?"},
		{"like, who owns the backlog?", "who owns the backlog?"},
		{"basically po owns the backlog right?", "po owns the backlog right?"},                // no mark, but it sums up
		{"so basically story points are fibonacci here?", "story points are fibonacci here?"}, // no mark, but it sums up
		{"sry portion sizes, whose decision", "portion sizes, whose decision"},                // no mark, but it apologises
		{"sorry for my english, who decides?", "sorry for my english, who decides?"},          // an apology that goes on
		{"sorry if wrong channel, who decides?", "sorry if wrong channel, who decides?"},
		{"so story points are fibonacci here?", "so story points are fibonacci here?"}, // "so" alone sums nothing up
		{"sorry the po left, who owns it?", "sorry the po left, who owns it?"},         // a role
		{"hey our po left", "our po left"},                                             // "hey" opens by itself
		{"umm who owns the backlog", "who owns the backlog"},
		{"uh po or pm for the roadmap?", "po or pm for the roadmap?"},
		{"erm, backlog - po or pm?", "backlog - po or pm?"},
		{"yo po or pm for the roadmap?", "po or pm for the roadmap?"},
		{"hey backlog po or pm", "backlog po or pm"},
		{"@rolecall po or pm for the roadmap?", "po or pm for the roadmap?"},
		{"rolecall po or pm for the roadmap?", "po or pm for the roadmap?"},
		{"@sam po or pm for the roadmap?", "po or pm for the roadmap?"}, // a mention typed as text
		{"and who owns tesla", "who owns tesla"},
		{"but whose call is the roadmap?", "whose call is the roadmap?"},
		{"and the budget?", "and the budget?"},                 // asks on from an answer
		{"but the po decides, no?", "but the po decides, no?"}, // no question word after "but"
		{"hey who?", "hey who?"}, // one word left
		{"quick question about the backlog", "quick question about the backlog"}, // the words go on
		{"all, who owns the backlog?", "all, who owns the backlog?"},             // no word that greets
		{"hello - po?", "hello - po?"},                                           // one word after it
		{"hey team, thanks", "hey team, thanks"},
		{"hi!", "hi!"},
	} {
		if got := tt.q[greetingEnd(tt.q):]; got != tt.rest {
			t.Errorf("greetingEnd(%q) leaves %q, want %q", tt.q, got, tt.rest)
		}
	}
}

// FuzzGreetingEnd: what is left after a greeting is a suffix of the
// message that starts with neither a space nor a mark.
func FuzzGreetingEnd(f *testing.F) {
	for _, s := range []string{"hey all, quick q: who owns it", "hi :wave: a b", "yo <@U1 — a b", "hey :x", "q — —", "hi,\xff a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		k := greetingEnd(q)
		if k < 0 || k > len(q) || k > 0 && (k == len(q) || strings.ContainsRune(" ,:;!.-", rune(q[k]))) {
			t.Fatalf("greetingEnd(%q) = %d", q, k)
		}
	})
}

func TestDisclaimerEnd(t *testing.T) {
	for _, tt := range []struct{ q, rest string }{
		{"sorry if this is a dumb question but who owns the roadmap?", "who owns the roadmap?"},
		{"noob question but, what does a po do", "what does a po do"},
		{"probably a silly q but is the backlog the po's?", "is the backlog the po's?"},
		{"not sure if this is the right channel, but who owns the backlog?", "who owns the backlog?"},
		{"sorry if wrong thread but is the roadmap the pm's?", "is the roadmap the pm's?"},
		{"not sure the po is right but who owns it?", "not sure the po is right but who owns it?"}, // a role
		{"sorry but who owns the roadmap?", "sorry but who owns the roadmap?"},                     // one word before "but"
		{"sorry if this is a dumb question", "sorry if this is a dumb question"},                   // no "but"
		{"this roadmap is a mess but who owns it?", "this roadmap is a mess but who owns it?"},     // words of substance
	} {
		if got := tt.q[disclaimerEnd(tt.q):]; got != tt.rest {
			t.Errorf("disclaimerEnd(%q) leaves %q, want %q", tt.q, got, tt.rest)
		}
	}
}

func TestClosingRemarks(t *testing.T) {
	for _, tt := range []struct{ q, rest string }{
		{"who owns the roadmap? asking for a friend", "who owns the roadmap?"},
		{"who owns the roadmap, asking for a friend :eyes:", "who owns the roadmap"},
		{"what does a po do, just curious.", "what does a po do"},
		{"who runs the retros? thx!", "who runs the retros?"},
		{"who owns the roadmap thanks in advance", "who owns the roadmap"},
		{"who sets priorities, the owner or the manager? Thanks in advance :pray:", "who sets priorities, the owner or the manager?"},
		{"oh so the PM does the roadmap. thanks!", "oh so the PM does the roadmap. thanks!"}, // asks nothing: chat
		{"thanks!", "thanks!"},
		{"the po sets what goes into each release, what got cut? tbh", "the po sets what goes into each release, what got cut?"},
		{"who owns the roadmap? pls asap", "who owns the roadmap?"},
		{"who owns the roadmap? pls send the doc", "who owns the roadmap? pls send the doc"}, // a request of its own
		{"who owns the roadmap tbh", "who owns the roadmap tbh"},                             // no question mark before it
		{"asking for a friend", "asking for a friend"},
		{"who owns the roadmap? appreciate it!", "who owns the roadmap?"},
		{"who runs the retro (quick one)", "who runs the retro"},
		{"who owns epics, help pls", "who owns epics"},
		{"who owns the roadmap? any idea?", "who owns the roadmap?"},
		{"am i more pm or po? idk", "am i more pm or po?"},
		{"po or pm for the roadmap, thoughts?", "po or pm for the roadmap"},
		{"who owns pricing - anyone?", "who owns pricing"},
		{"backlog po or pm — wdyt?", "backlog po or pm"},
		{"who owns the backlog, the po?", "who owns the backlog, the po?"},           // the words after the comma ask
		{"po or pm for the roadmap, thoughts", "po or pm for the roadmap, thoughts"}, // no question mark closes it
		{"who decides priorities\n\nthanks", "who decides priorities"},
		{"backlog po or pm\nthanks!", "backlog po or pm"},        // thanks on a line of their own
		{"backlog po or pm thanks!", "backlog po or pm thanks!"}, // asks nothing before them: chat
		{"who owns the roadmap? cc @sam", "who owns the roadmap?"},
	} {
		k := min(asideStart(tt.q), thanksStart(tt.q), remarkStart(tt.q))
		if got := tt.q[:k]; got != tt.rest {
			t.Errorf("closing remark of %q: leaves %q, want %q", tt.q, got, tt.rest)
		}
	}
}

// FuzzClosingRemarks: what is left before a closing remark is a prefix of
// the message with at least two words.
func FuzzClosingRemarks(f *testing.F) {
	for _, s := range []string{"who owns it? thx", "a b asking for a friend :x:", "a, just curious", "thanks", "a b c ty\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		for _, k := range []int{asideStart(q), thanksStart(q), remarkStart(q), editStart(q)} {
			if k < 0 || k > len(q) || k < len(q) && !twoWordsLeft(partWords{s: q[:k]}) {
				t.Fatalf("closing remark of %q starts at %d", q, k)
			}
		}
	})
}

// FuzzDisclaimerEnd: the question after an apology is a suffix of the
// message with at least two words.
func FuzzDisclaimerEnd(f *testing.F) {
	for _, s := range []string{"sorry if dumb q but a b", "noob question but,", "sorry but x y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		k := disclaimerEnd(q)
		if k < 0 || k > len(q) || k > 0 && !twoWordsLeft(partWords{s: q[k:]}) {
			t.Fatalf("disclaimerEnd(%q) = %d", q, k)
		}
	})
}

func TestTellEnd(t *testing.T) {
	for _, tt := range []struct{ q, rest string }{
		{"does anyone know who owns the roadmap?", "who owns the roadmap?"},
		{"anyone know whose call it is?", "whose call it is?"},
		{"can someone tell me what a PO does", "what a PO does"},
		{"do you know what the PM does all day?", "what the PM does all day?"},
		{"does anyone know if the PO owns the backlog?", "does anyone know if the PO owns the backlog?"}, // "if" is left as it is
		{"does anyone know the roadmap?", "does anyone know the roadmap?"},
		{"can you tell me who", "can you tell me who"}, // one word after it
		{"Please can you explain me who is responsible for the roadmap?", "who is responsible for the roadmap?"},
		{"can you please tell me who runs the retro", "who runs the retro"},
		{"could someone clarify which role owns epics", "which role owns epics"},
		{"can someone explain what a PO does", "can someone explain what a PO does"}, // an explanation of the role is asked for
		{"please send me the roadmap", "please send me the roadmap"},
		{"can you list what a PO does", "what a PO does"},
		{"could u list what a strong pm needs to be good at", "what a strong pm needs to be good at"},
		{"list what the PM is on the hook for", "what the PM is on the hook for"},
		{"can you list the open bugs", "can you list the open bugs"}, // a task, not a question
		{"list the PO's duties", "list the PO's duties"},
	} {
		if got := tt.q[tellEnd(tt.q):]; got != tt.rest {
			t.Errorf("tellEnd(%q) leaves %q, want %q", tt.q, got, tt.rest)
		}
	}
}

// FuzzTellEnd: the question after a request to be told is a suffix of the
// message with at least two words.
func FuzzTellEnd(f *testing.F) {
	for _, s := range []string{"does anyone know who owns it", "can u tell us what", "anyone knows why a b", "do ya know\xff who x", "list what a", "can u list who x y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		k := tellEnd(q)
		if k < 0 || k > len(q) || k > 0 && !twoWordsLeft(partWords{s: q[k:]}) {
			t.Fatalf("tellEnd(%q) = %d", q, k)
		}
	})
}

func TestWithoutLinks(t *testing.T) {
	for _, tt := range []struct{ q, want string }{
		{"who owns it? (https://docs.example.com/roles-page) HTTP://X.example", "who owns it? ( "},
		{"see https://wiki.example.com/a please", "see  please"},
		{"https is a protocol, http:// alone too", "https is a protocol, http:// alone too"},
		{"no link here", "no link here"},
	} {
		if got, _ := withoutLinks(tt.q); got != tt.want {
			t.Errorf("withoutLinks(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

// FuzzWithoutLinks: what is left is shorter, and is the message itself
// when it held no link.
func FuzzWithoutLinks(f *testing.F) {
	for _, s := range []string{"see https://a.b/c please", "(http://x) y", "https:// a", "HTTPS://Q\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got, ok := withoutLinks(q)
		if !ok && got != q || ok && len(got) >= len(q) || ok != strings.Contains(strings.ToLower(q), "://") && ok {
			t.Fatalf("withoutLinks(%q) = %q, %v", q, got, ok)
		}
	})
}

func TestLinkAside(t *testing.T) {
	for _, tt := range []struct{ q, want string }{
		{"who owns the backlog? <https://docs.example.com/p|the doc>", "who owns the backlog?"},
		{"who writes the prd? see <https://x.example/SPR-530|SPR-530> <https://y.example>.", "who writes the prd?"},
		{"context: <https://jira.example.com/browse/APP-42|APP-42> who owns epics?", "who owns epics?"},
		{"<https://notion.so/roadmap|Roadmap 2025> — who's supposed to own this doc?", "<https://notion.so/roadmap|Roadmap 2025> — who's supposed to own this doc?"}, // what it asks about
		{"reading <https://x.example/a|this article> and they sound the same", "reading <https://x.example/a|this article> and they sound the same"},
		{"see <https://x.example/a|the doc>", "see <https://x.example/a|the doc>"}, // nothing left
	} {
		if got, _ := linkAside(tt.q); got != tt.want {
			t.Errorf("linkAside(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

// FuzzLinkAside: what is left is a part of the message with at least two
// words, and the message itself when it held no link aside.
func FuzzLinkAside(f *testing.F) {
	for _, s := range []string{"who owns it? <https://a|b>", "re: <https://a|b> who owns it", "<http> x y", "ref <http://a>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got, ok := linkAside(q)
		if !ok && got != q || ok && (len(got) >= len(q) || !strings.Contains(q, got) || !twoWordsLeft(partWords{s: got})) {
			t.Fatalf("linkAside(%q) = %q, %v", q, got, ok)
		}
	})
}

func TestAsked(t *testing.T) {
	for _, tt := range []struct{ q, want string }{
		{"hey all, quick q: who owns the roadmap? thx! <https://x.example/a|the doc>", "who owns the roadmap?"},
		{"btw does anyone know who owns the backlog? asking for a friend", "who owns the backlog?"},
		{"who owns the roadmap? (on my phone sorry for typos)", "who owns the roadmap?"},
		{"noob q: who owns the roadmap? any ideas?", "who owns the roadmap?"},
		{"who owns the roadmap? EDIT: typo", "who owns the roadmap?"},
		{"who owns the roadmap? edit: i mean the one for the new mobile app", "who owns the roadmap? edit: i mean the one for the new mobile app"},
		{"what are the PO's thoughts", "what are the PO's thoughts"},
		{"hey, can you list what a PO does?", "what a PO does?"},
		{"who owns the backlog?", "who owns the backlog?"},
	} {
		if got := Asked(tt.q); got != tt.want {
			t.Errorf("Asked(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

// FuzzAsked: the part of a message that asks is no longer than it, and
// asks all of itself.
func FuzzAsked(f *testing.F) {
	for _, s := range []string{"hey all, quick q: who owns it? thx", "btw does anyone know who x y? tbh", "re: <https://a|b> who x y https://z", "hi\nq: a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := Asked(q)
		if len(got) > len(q) || Asked(got) != got {
			t.Fatalf("Asked(%q) = %q, Asked of that %q", q, got, Asked(got))
		}
	})
}

func TestLeadEnd(t *testing.T) {
	for _, tt := range []struct{ q, rest string }{
		{"question for the room: who owns the roadmap?", "who owns the roadmap?"},
		{"sry on mobile. po does backlog n pm does roadmap right??", "po does backlog n pm does roadmap right??"},
		{"urgent — who signs off the release?", "who signs off the release?"},
		{"urgently need to know who owns it", "urgently need to know who owns it"}, // no mark after it
		{"fyi: x", "fyi: x"}, // one word after it
		{"same question here: who owns the budget?", "who owns the budget?"},
		{"+1, and who reorders the backlog?", "and who reorders the backlog?"},
		{"just curious, who owns the roadmap?", "who owns the roadmap?"},
		{"following up on this thread: is the PO the one to ask?", "is the PO the one to ask?"},
		{"i was wondering, does a pm need to code?", "does a pm need to code?"},
		{"re: who owns epics", "who owns epics"},
		{"anyone?? who runs the retro", "who runs the retro"},
		{"anyone know who runs the retro", "anyone know who runs the retro"}, // no mark after it
		{"curiosity killed the cat, who owns it", "curiosity killed the cat, who owns it"},
		{"anyone? x", "anyone? x"}, // one word after it
		{"genuinely asking: does the po write stories?", "does the po write stories?"},
		{"just to confirm, the pm owns the roadmap?", "the pm owns the roadmap?"},
		{"we're having a debate in the team: who owns epics?", "who owns epics?"},
		{"thanks in advance! who runs the retro?", "who runs the retro?"},
		{"tl;dr who owns the budget", "who owns the budget"},
		{"context is key here, who owns it", "context is key here, who owns it"}, // the lead's word as a subject
	} {
		if got := tt.q[leadEnd(tt.q):]; got != tt.rest {
			t.Errorf("leadEnd(%q) leaves %q, want %q", tt.q, got, tt.rest)
		}
	}
}

// FuzzLeadEnd: the question after a lead is a suffix of the message with
// at least two words.
func FuzzLeadEnd(f *testing.F) {
	for _, s := range []string{"urgent: a b", "fyi —— a b", "context:\xff a", "on mobile. x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		k := leadEnd(q)
		if k < 0 || k > len(q) || k > 0 && !twoWordsLeft(partWords{s: q[k:]}) {
			t.Fatalf("leadEnd(%q) = %d", q, k)
		}
	})
}
