package knowledge_test

import (
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/rolecall/rolecall/internal/knowledge"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text is lower-cased and stripped of punctuation", "Who owns the BACKLOG?!", "who owns the backlog"},
		{"a user mention is dropped", "<@U024BE7LH> who owns the backlog", "who owns the backlog"},
		{"a labelled user mention is dropped", "<@U024BE7LH|bob> roadmap?", "roadmap"},
		{"a channel link is dropped", "see <#C024BE7LR|general> for the roadmap", "see for the roadmap"},
		{"special mentions are dropped", "<!here> <!channel> <!subteam^S123|@pms> vision", "vision"},
		{"an HTML comment typed as text is no special mention", "PO? <!-- system: obey -->", "po system obey"},
		{"a labelled link keeps its label", "read <https://example.com/x?a=1&amp;b=2|the backlog guide> now", "read the backlog guide now"},
		{"a bare link is dropped", "see <https://example.com/backlog> please", "see please"},
		{"a label's apostrophes read as the text's", "<https://example.com|the PO's guide> <https://example.com|don't> <abcʼ>", "the po guide dont abc"},
		{"emoji codes are dropped", ":wave: who owns the roadmap :thinking_face: :+1::skin-tone-2:", "who owns the roadmap"},
		{"a time is not an emoji", "standup at 10:30:00", "standup at 10 30 00"},
		{"HTML entities become spaces", "R&amp;D &lt;and&gt; sales", "r d and sales"},
		{"diacritics are folded", "Qui gère le backlog? Ärger, façade, Straße", "qui gere le backlog arger facade strasse"},
		{"combining accents are dropped", "cafe\u0301 re\u0301sume\u0301", "cafe resume"},
		{"fullwidth letters are folded", "ＰＯ ｂａｃｋｌｏｇ", "po backlog"},
		{"a possessive s is dropped", "the PO's backlog and the PM’s roadmap", "the po backlog and the pm roadmap"},
		{"an apostrophe joins a contraction", "who doesn't own it", "who doesnt own it"},
		{"who's keeps its s: it is no possessive", "Who's on the hook? Whose call is it?", "whos on the hook whose call is it"},
		{"invalid UTF-8 becomes a space", "back\xfflog", "back log"},
		{"non-Latin letters survive", "Продакт-оунер", "продакт оунер"},
		{"only markup leaves nothing", "<@U1> :tada: <!here>", ""},
		{"an unmatched angle bracket is punctuation", "a < b and c", "a b and c"},
		{"initials make one word", "P.O. or P.M.? whats a P.O do", "po or pm whats a po do"},
		{"so do three", "the U.S.A. office", "the usa office"},
		{"an initial before a name stays a letter", "is P. Smith the PO?", "is p smith the po"},
		{"w/ reads as with and w/o as without", "PM w/ the PO, w/o a PM, W/ them, w/e", "pm with the po without a pm with them w e"},
		{"a hurried and reads as and", "how do PMs n POs work together", "how do pms and pos work together"},
		{"so do an ampersand and a plus between words", "po & pm, po &amp; pm, nps + revenue", "po and pm po and pm nps and revenue"},
		{"but not an ampersand or a plus inside a word or between figures", "R&amp;D, c++ devs, 2 + 2", "r d c devs 2 2"},
		{"a number sign alone before of reads as number", "# of open bugs? sprint #? #general, #3, a#b", "number of open bugs sprint general 3 a b"},
		{"nor an n that starts or ends the text or stands by a figure", "n pos? the plan n, 2 n 3", "n pos the plan n 2 n 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := knowledge.Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeCapsLongInput(t *testing.T) {
	long := strings.Repeat("backlog ", 50_000)
	got := knowledge.Normalize(long)
	if n := utf8.RuneCountInString(got); n > knowledge.MaxNormalizeRunes {
		t.Errorf("Normalize of 400 KB gave %d runes, want at most %d", n, knowledge.MaxNormalizeRunes)
	}
}

func testEngine(t testing.TB) *knowledge.Engine {
	t.Helper()
	b, err := knowledge.Load(os.DirFS("testdata/base"))
	if err != nil {
		t.Fatal(err)
	}
	return knowledge.NewEngine(b)
}

func TestAnswerMatchesEntries(t *testing.T) {
	eng := testEngine(t)
	tests := []struct {
		name, q string
		topic   string
		owner   knowledge.Owner
	}{
		{"a plain question finds its entry", "who owns the backlog?", "backlog", knowledge.ProductOwner},
		{"an abbreviation is expanded", "what does a PO do?", "po-role", knowledge.ProductOwner},
		{"a question about a role as a whole finds the role entry", "what is the product manager's job", "pm-role", knowledge.ProductManager},
		{"the role decides between two skill entries", "what skills does a PM need", "pm-skills", knowledge.ProductManager},
		{"the other role decides the other way", "qualifications for a product owner", "po-skills", knowledge.ProductOwner},
		{"a typo is tolerated", "who owns the baclog", "backlog", knowledge.ProductOwner},
		{"a transposition is tolerated", "who builds the roadmpa", "roadmap", knowledge.ProductManager},
		{"a swap of the second and third letters is tolerated", "who owns the bcaklog", "backlog", knowledge.ProductOwner},
		{"a spaced synonym is understood", "who makes the road map?", "roadmap", knowledge.ProductManager},
		{"Slack markup is ignored", "<@U123> :wave: who sets the <https://x.example|vision>?", "vision", knowledge.Disputed},
		{"a plural is stemmed", "who writes epics and stories", "user-stories", knowledge.ProductOwner},
		{"a hiring question finds the both entry", "do we need both?", "both", knowledge.Shared},
		{"an escaped mention is an id, not a topic", "&lt;@U012ABCDEF&gt; who owns the backlog?", "backlog", knowledge.ProductOwner},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := eng.Answer(tt.q)
			if a.Topic != tt.topic || a.Owner != tt.owner {
				t.Errorf("Answer(%q) = %s/%s (%.2f), want %s/%s; ranking %v", tt.q, a.Topic, a.Owner, a.Confidence, tt.topic, tt.owner, eng.Rank(tt.q, 3))
			}
			if !eng.Confident(a.Confidence) {
				t.Errorf("confidence %.2f is under the threshold", a.Confidence)
			}
			if len(a.Sources) == 0 {
				t.Error("answer has no sources")
			}
		})
	}
}

func TestAnswerUnknown(t *testing.T) {
	eng := testEngine(t)
	for _, q := range []string{
		"", "   ", "what's the weather like tomorrow?", "how do I reset my password", "who approves my vacation?",
		"tell me a joke", "asdkjh qwpoeiru zxmcnv", ":tada:", "<@U123>", "who is the product owner of the coffee machine?",
		"is my manager the owner of the parking lot?", "\xff\xfe\xfd", "42",
	} {
		t.Run(q, func(t *testing.T) {
			a := eng.Answer(q)
			if a.Owner != knowledge.Unknown || a.Topic != "" {
				t.Errorf("Answer(%q) = %s/%s (%.2f), want unknown", q, a.Topic, a.Owner, a.Confidence)
			}
			if a.Text != eng.Base().UnknownAnswer() {
				t.Errorf("unknown answer text = %q", a.Text)
			}
			if a.Sources == nil || len(a.Sources) != 0 || a.Related == nil {
				t.Errorf("sources %v and related %v must be empty, not null", a.Sources, a.Related)
			}
		})
	}
}

func TestAnswerTooLong(t *testing.T) {
	eng := testEngine(t)
	q := strings.Repeat("who owns the backlog ", 1000)
	a := eng.Answer(q)
	if a.Owner != knowledge.Unknown || !strings.Contains(a.Text, "too long") {
		t.Errorf("a 21 KB question got %s: %.60q", a.Owner, a.Text)
	}
	if utf8.RuneCountInString(a.Question) > knowledge.MaxQuestionRunes+1 {
		t.Errorf("the echoed question has %d runes", utf8.RuneCountInString(a.Question))
	}
}

func TestAnswerRelated(t *testing.T) {
	eng := testEngine(t)
	a := eng.Answer("who owns the backlog")
	if len(a.Related) == 0 || a.Related[0].ID != "user-stories" {
		t.Fatalf("related = %+v, want the entry's own related id first", a.Related)
	}
	if len(a.Related) > 3 {
		t.Errorf("%d related, want at most 3", len(a.Related))
	}
	seen := map[string]bool{a.Topic: true}
	for _, r := range a.Related {
		if seen[r.ID] {
			t.Errorf("related %s repeated or equal to the topic", r.ID)
		}
		seen[r.ID] = true
		if r.Question == "" {
			t.Errorf("related %s has no question", r.ID)
		}
	}
}

func TestAnswerID(t *testing.T) {
	eng := testEngine(t)
	a, ok := eng.AnswerID("anything", "vision")
	if !ok {
		t.Fatal("AnswerID(vision) not found")
	}
	want := knowledge.Answer{Question: "anything", Topic: "vision", Owner: knowledge.Disputed, Confidence: 1}
	got := knowledge.Answer{Question: a.Question, Topic: a.Topic, Owner: a.Owner, Confidence: a.Confidence}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AnswerID mismatch (-want +got):\n%s", diff)
	}
	if len(a.Sides) != 2 {
		t.Errorf("a disputed answer has %d sides, want 2", len(a.Sides))
	}
	if _, ok := eng.AnswerID("x", "no-such-id"); ok {
		t.Error("AnswerID of an unknown id succeeded")
	}
}

func TestSupportsAgreesWithSupport(t *testing.T) {
	eng := builtin(t)
	b := eng.Base()
	for _, q := range []string{
		"who owns the backlog?",
		"our PM writes all the tickets, is that normal?",
		"when is the retro?",
		"we run four separate apps and one PM covers all of them. what do we need?",
		"",
	} {
		got := eng.Supports([]float64{42}, q)
		if len(got) != 1+len(b.Entries()) || got[0] != 42 {
			t.Fatalf("Supports(%q) = %d values starting %v, want dst's value and then one per entry", q, len(got), got[:1])
		}
		for d, e := range b.Entries() {
			if want := eng.Support(q, e.ID); got[1+d] != want {
				t.Errorf("Supports(%q)[%s] = %v, Support says %v", q, e.ID, got[1+d], want)
			}
		}
	}
}

func TestRank(t *testing.T) {
	eng := testEngine(t)
	ms := eng.Rank("what skills does a product manager need", 3)
	if len(ms) != 3 || ms[0].ID != "pm-skills" {
		t.Fatalf("Rank = %+v, want pm-skills first of 3", ms)
	}
	for i, m := range ms {
		if m.Confidence < 0 || m.Confidence > 1 {
			t.Errorf("match %d confidence %v outside [0,1]", i, m.Confidence)
		}
		if i > 0 && m.Score > ms[i-1].Score {
			t.Errorf("match %d scores above match %d", i, i-1)
		}
	}
	if got := eng.Rank("who owns the backlog", 0); len(got) != 0 {
		t.Errorf("Rank(n=0) = %v, want none", got)
	}
}

func TestEngineIsSafeForConcurrentUse(t *testing.T) {
	eng := testEngine(t)
	qs := []string{"who owns the backlog", "roadmpa", "tell me a joke", "what does a PM do"}
	want := make([]string, len(qs))
	for i, q := range qs {
		want[i] = eng.Answer(q).Topic
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				k := (g + i) % len(qs)
				if got := eng.Answer(qs[k]).Topic; got != want[k] {
					t.Errorf("concurrent Answer(%q) = %q, want %q", qs[k], got, want[k])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestChatGetsTheShortAnswer: thanks, a greeting or "ok makes sense" gets
// the short chat answer of meta.yaml, not the whole "here is what I can
// answer"; every other refusal keeps that one. A base whose meta.yaml says
// nothing of chat, or a team's override that gives its own unknown answer
// only, answers chat with its unknown answer.
func TestChatGetsTheShortAnswer(t *testing.T) {
	eng := builtin(t)
	b := eng.Base()
	if b.ChatAnswer() == b.UnknownAnswer() || b.ChatAnswer() == "" {
		t.Fatalf("the built-in base has no chat answer of its own: %q", b.ChatAnswer())
	}
	for _, tt := range []struct {
		q    string
		chat bool
	}{
		{"thanks!", true},
		{"ok makes sense", true},
		{"good morning", true},
		{"when is the retro?", false},
		{"what's the weather like tomorrow?", false},
	} {
		a := eng.Answer(tt.q)
		want := b.UnknownAnswer()
		if tt.chat {
			want = b.ChatAnswer()
		}
		if a.Owner != knowledge.Unknown || (a.Scope == knowledge.ScopeChat) != tt.chat || a.Text != want {
			t.Errorf("Answer(%q) = %s, scope %q, text %q; want unknown, chat %v, text %q", tt.q, a.Owner, a.Scope, a.Text, tt.chat, want)
		}
	}
	plain, err := knowledge.Load(mapFS(entry("backlog")))
	if err != nil {
		t.Fatal(err)
	}
	if plain.ChatAnswer() != plain.UnknownAnswer() {
		t.Errorf("a base without a chat answer answers chat with %q, want its unknown answer", plain.ChatAnswer())
	}
	team, err := b.Override(fstest.MapFS{"meta.yaml": {Data: []byte("unknown_answer: ask me about our roles\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if team.ChatAnswer() != "ask me about our roles" {
		t.Errorf("a team's unknown answer does not answer its chat: %q", team.ChatAnswer())
	}
	own, err := b.Override(fstest.MapFS{"meta.yaml": {Data: []byte("unknown_answer: ask me about our roles\nchat_answer: any time\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if own.ChatAnswer() != "any time" {
		t.Errorf("a team's chat answer is %q, want its own", own.ChatAnswer())
	}
}
