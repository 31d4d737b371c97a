package slackapp

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/slack-go/slack"
)

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"short text is kept", "abc", 10, "abc"},
		{"long text is cut with an ellipsis", "abcdefghij", 8, "abcde…"},
		{"a cut never splits a rune", "ééééé", 7, "éé…"},
		{"a cut never splits an entity", "ab &amp; cd", 9, "ab …"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := truncate(tt.in, tt.n); got != tt.want {
				t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}

func FuzzTruncate(f *testing.F) {
	f.Add("<!channel> & é", 5)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 4 || n > 4000 || !utf8.ValidString(s) {
			return
		}
		e := Escape(s)
		got := truncate(e, n)
		if len(got) > n {
			t.Errorf("truncate gave %d bytes, limit %d", len(got), n)
		}
		if !utf8.ValidString(got) {
			t.Errorf("truncate broke UTF-8: %q", got)
		}
		if strings.ContainsAny(got, "<>") {
			t.Errorf("truncated escape kept markup: %q", got)
		}
		if i := strings.LastIndexByte(got, '&'); i >= 0 && !strings.Contains(got[i:], ";") {
			t.Errorf("truncate split an entity: %q", got)
		}
	})
}

// TestPartLineIsBoundedAsSlackReceivesIt checks the line that names the
// ask an answer answers: the part is escaped, then cut, so the bound holds
// on the text Slack gets, however much of it escaping adds.
func TestPartLineIsBoundedAsSlackReceivesIt(t *testing.T) {
	a := knowledge.Answer{Owner: knowledge.ProductManager, Question: "q", Part: strings.Repeat("<!channel> & ", 100) + "who owns the roadmap?"}
	for _, b := range (answerContent{a: a}).Blocks() {
		c, ok := b.(*slack.ContextBlock)
		if !ok || c.BlockID != "part" {
			continue
		}
		text := c.ContextElements.Elements[0].(*slack.TextBlockObject).Text
		part := strings.TrimSuffix(strings.TrimPrefix(text, "Answering the part about the roles: _"), "_")
		if len(part) > maxPartBytes || strings.Contains(part, "<!channel>") || !strings.HasSuffix(part, "…") {
			t.Errorf("the part line is %q (%d bytes of part); want at most %d escaped bytes, cut with an ellipsis", text, len(part), maxPartBytes)
		}
		return
	}
	t.Fatal("no part line in the answer's blocks")
}

// TestChatIsAnsweredInAWord: a reply to "thanks" or "ok makes sense" is
// its short text alone, in the blocks, the fallback and the terminal: no
// owner header and no "Type help" line.
func TestChatIsAnsweredInAWord(t *testing.T) {
	a := knowledge.Answer{Owner: knowledge.Unknown, Scope: knowledge.ScopeChat, Question: "ok makes sense", Text: "Happy to help <@U1>."}
	c := answerContent{a: a}
	bs := c.Blocks()
	if len(bs) != 1 {
		t.Fatalf("chat got %d blocks, want the text alone", len(bs))
	}
	s, ok := bs[0].(*slack.SectionBlock)
	if !ok || s.Text.Text != "Happy to help &lt;@U1&gt;." {
		t.Errorf("chat block = %#v, want the escaped text", bs[0])
	}
	if got := c.Fallback(); got != "Happy to help &lt;@U1&gt;." {
		t.Errorf("Fallback() = %q", got)
	}
	if got := c.Text(); got != a.Text {
		t.Errorf("Text() = %q", got)
	}
	a.Scope = knowledge.ScopeSchedule
	if bs := (answerContent{a: a}).Blocks(); len(bs) < 2 {
		t.Errorf("a refusal of another kind lost its header: %d blocks", len(bs))
	}
}
