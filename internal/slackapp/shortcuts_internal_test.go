package slackapp

import (
	"slices"
	"testing"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/session"
)

func TestFormRefRoundTrip(t *testing.T) {
	for _, r := range []formRef{
		{User: "U1", Channel: "D1", Stack: []formStep{{"stage", "abc123"}}},
		{User: "U0ALICE", Channel: "C0GENERAL", Thread: "1700000000.000100",
			Stack: []formStep{{"stage", "1"}, {"products", "zz9"}, {"two-words_x", newToken()}}},
	} {
		got, ok := parseFormRef(r.value())
		if !ok || got.User != r.User || got.Channel != r.Channel || got.Thread != r.Thread || !slices.Equal(got.Stack, r.Stack) {
			t.Errorf("parseFormRef(%q) = %+v, %v; want %+v", r.value(), got, ok, r)
		}
	}
	for _, bad := range []string{
		"", "f1|U1|D1||", "f2|U1|D1||q:t", "f1|<!here>|D1||q:t", "f1|U1|D1|dm|q:t", "f1|U1|D1||q",
		"f1|U1|D1||Q:t", "f1|U1|D1||q:T", "f1|U1|D1||q:t,r:u,s:v,w:x", "f1|U1|D1||q:t|x", "f1|U1|D1||q:t,,r:u",
		"f1|U1|D1||q:toolongtoken12345678",
	} {
		if got, ok := parseFormRef(bad); ok {
			t.Errorf("parseFormRef(%q) = %+v, accepted", bad, got)
		}
	}
}

func FuzzParseFormRef(f *testing.F) {
	for _, s := range []string{"f1|U1|D1||stage:abc", "f1|U1|C1|1700000000.000100|a:1,b:2,c:3", "f1||||", "f1|U1|D1||a:1,b:2,c:3,d:4", "\xff|"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		r, ok := parseFormRef(v)
		if !ok {
			return
		}
		if !slackID(r.User) || !slackID(r.Channel) || !session.ValidThread(r.Thread) || len(r.Stack) == 0 || len(r.Stack) > maxFormDepth {
			t.Fatalf("accepted %q as %+v", v, r)
		}
		if r.value() != v {
			t.Fatalf("round trip of %q gave %q", v, r.value())
		}
	})
}

func TestThreadShareValueRoundTrip(t *testing.T) {
	v := threadShareValue("backlog", "1700000000.000100", "who owns the backlog?\nreally")
	id, thread, q, ok := parseThreadShareValue(v)
	if !ok || id != "backlog" || thread != "1700000000.000100" || q != "who owns the backlog?\nreally" {
		t.Errorf("parseThreadShareValue(%q) = %q %q %q %v", v, id, thread, q, ok)
	}
	for _, bad := range []string{"", "backlog", "backlog\n\nq", "backlog\nnot-a-ts\nq", "\n1700000000.000100\nq", "backlog\n1700000000.000100:1\nq"} {
		if _, _, _, ok := parseThreadShareValue(bad); ok {
			t.Errorf("parseThreadShareValue(%q) accepted", bad)
		}
	}
}

func FuzzParseThreadShareValue(f *testing.F) {
	for _, s := range []string{"backlog\n1700000000.000100\nwho owns it?", "a\n1.2\n", "\n\n", "x\n1700000000.000100"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		id, thread, _, ok := parseThreadShareValue(v)
		if ok && (id == "" || thread == "" || !session.ValidThread(thread)) {
			t.Fatalf("accepted %q with entry %q and thread %q", v, id, thread)
		}
	})
}

func TestLeadNoteDropsOnlyTheButtonsThatCannotWork(t *testing.T) {
	inner := answerContent{shareThread: "1700000000.000100"}
	inner.a.Owner, inner.a.Topic, inner.a.Text, inner.a.Question = "product_owner", "backlog", "The PO.", "who?"
	bs := leadNote{lead: "Note <here>", drop: actionShareThread, c: inner}.Blocks()
	if s, ok := bs[0].(*slack.SectionBlock); !ok || s.Text.Text != "Note &lt;here&gt;" {
		t.Errorf("first block %+v, want the escaped note", bs[0])
	}
	var ids []string
	for _, b := range bs {
		if ab, ok := b.(*slack.ActionBlock); ok {
			for _, e := range ab.Elements.ElementSet {
				ids = append(ids, e.(*slack.ButtonBlockElement).ActionID)
			}
		}
	}
	if !slices.Equal(ids, []string{actionFeedbackUp, actionFeedbackDown}) {
		t.Errorf("buttons %v, want the feedback ones only", ids)
	}
}
