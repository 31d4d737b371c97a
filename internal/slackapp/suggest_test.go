package slackapp_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// unsureQuestion is the question unsureAnswerer is unsure of.
const unsureQuestion = "whose call is it to shuffle stuff up and down the list"

// unsureSuggestions are the fixture base's entries unsureAnswerer offers,
// best first.
var unsureSuggestions = []knowledge.Related{
	{ID: "backlog", Question: "Who owns the product backlog?"},
	{ID: "user-stories", Question: "Who writes the user stories and epics?"},
	{ID: "roadmap", Question: "Who builds the product roadmap?"},
}

// unsureAnswerer is the engine, except that a question containing
// unsureQuestion comes back unsure with unsureSuggestions. Which phrasings
// the engine is unsure of keeps changing as it improves; these tests are
// about what the bot does with the suggestions.
type unsureAnswerer struct{ eng *knowledge.Engine }

func (u unsureAnswerer) Answer(ctx context.Context, q string) knowledge.Answer {
	if !strings.Contains(q, unsureQuestion) {
		return u.eng.Answer(q)
	}
	return knowledge.Answer{Question: q, Owner: knowledge.Unknown, Scope: knowledge.ScopeUnsure, Confidence: 0.3,
		Text:        "I'm not sure that's something I can help with. Rolecall answers questions about who owns what between product owners and product managers.",
		Sources:     []knowledge.Source{},
		Related:     []knowledge.Related{},
		Suggestions: unsureSuggestions}
}

// suggestRouter is a router over the fixture base whose Answerer is unsure
// of unsureQuestion, with its metrics.
func suggestRouter(t *testing.T, st slackapp.Store) (*slackapp.Router, *ops.Metrics) {
	t.Helper()
	eng := testEngine(t)
	m := ops.New()
	rt, err := slackapp.NewRouter(slackapp.Config{Engine: eng, Store: st, Metrics: m, Answerer: unsureAnswerer{eng}})
	if err != nil {
		t.Fatal(err)
	}
	return rt, m
}

// buttons returns the action id → value of every button in c's blocks.
func buttons(c slackapp.Content) map[string]string {
	out := map[string]string{}
	for _, b := range c.Blocks() {
		if ab, ok := b.(*slack.ActionBlock); ok {
			for _, e := range ab.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					out[btn.ActionID] = btn.Value
				}
			}
		}
	}
	return out
}

func validBlocks(t *testing.T, c slackapp.Content) {
	t.Helper()
	checkLimits(t, c)
	raw, err := json.Marshal(c.Blocks())
	if err != nil {
		t.Fatal(err)
	}
	if err := slacktest.ValidateBlocks(raw, slacktest.SurfaceMessage); err != nil {
		t.Errorf("the fake Slack refuses the blocks: %v", err)
	}
}

func TestAnUnsureQuestionOffersTheClosestQuestions(t *testing.T) {
	st := newMemStore()
	rt, m := suggestRouter(t, st)
	r := one(t, handle(t, rt, &slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U1", Channel: "C1", TS: "111.000", Text: "<@UBOT> " + unsureQuestion + "?"}))
	validBlocks(t, r.Content)
	if r.Thread != "111.000" || r.Ephemeral {
		t.Errorf("reply in thread %q ephemeral=%v, want public in 111.000", r.Thread, r.Ephemeral)
	}
	want := map[string]string{"rolecall.suggest.0": "backlog", "rolecall.suggest.1": "user-stories", "rolecall.suggest.2": "roadmap"}
	if got := buttons(r.Content); !maps.Equal(got, want) {
		t.Errorf("buttons = %v, want %v", got, want)
	}
	txt := visibleText(t, r.Content)
	for _, w := range []string{"Did you mean", "Who owns the product backlog?", "Who builds the product roadmap?"} {
		if !strings.Contains(txt, w) {
			t.Errorf("reply lacks %q:\n%s", w, txt)
		}
	}
	// A lead and the buttons: the long "what I can answer" text and the
	// dead-end header are for questions with nothing to suggest.
	for _, dont := range []string{"Rolecall answers questions", "I can't answer that one", "Owner:"} {
		if strings.Contains(txt, dont) {
			t.Errorf("reply contains %q:\n%s", dont, txt)
		}
	}
	if len(st.unanswered) != 1 || !strings.Contains(st.unanswered[0], unsureQuestion) {
		t.Errorf("unanswered log = %q, want the unsure question", st.unanswered)
	}
	if got := testutil.ToFloat64(m.SuggestionsShown); got != 1 {
		t.Errorf("suggestions shown = %v, want 1", got)
	}
	if got := testutil.ToFloat64(m.Answers.WithLabelValues("unknown")); got != 1 {
		t.Errorf("answers{owner=unknown} = %v, want 1", got)
	}
}

func TestAChosenSuggestionIsAnsweredInPlace(t *testing.T) {
	click := func(mod func(*slackapp.Request)) *slackapp.Request {
		req := &slackapp.Request{Kind: slackapp.KindAction, Team: "T1", User: "U2", Channel: "C1", TS: "112.000", ThreadTS: "111.000",
			ActionID: "rolecall.suggest.1", Value: "user-stories"}
		if mod != nil {
			mod(req)
		}
		return req
	}
	tests := []struct {
		name       string
		req        *slackapp.Request
		failUpdate error
		// want checks what the click did: replaced a message or posted one.
		want func(t *testing.T, updates []replaced, posts []slackapp.Reply)
	}{
		{"a click on a message in a channel updates that message with the answer", click(nil), nil,
			func(t *testing.T, updates []replaced, posts []slackapp.Reply) {
				if len(posts) != 0 || len(updates) != 1 {
					t.Fatalf("%d posts and %d updates, want only the update", len(posts), len(updates))
				}
				u := updates[0]
				if u.Channel != "C1" || u.TS != "112.000" {
					t.Errorf("updated %s/%s, want the clicked message C1/112.000", u.Channel, u.TS)
				}
				txt := u.Content.Text()
				for _, w := range []string{"Answering: Who writes the user stories and epics?", "Owner: Product owner", "user stories from customer pain points"} {
					if !strings.Contains(txt, w) {
						t.Errorf("answer lacks %q:\n%s", w, txt)
					}
				}
				if b := buttons(u.Content); b["rolecall.feedback.up"] != "user-stories" || b["rolecall.share"] != "" {
					t.Errorf("buttons = %v, want feedback on user-stories and no Share on a public answer", b)
				}
			}},
		{"a click on an ephemeral /roles ask reply replaces it through the response URL", click(func(r *slackapp.Request) {
			r.Ephemeral, r.ThreadTS, r.ResponseURL = true, "", "https://hooks.slack.test/actions/T1/1/abc"
		}), nil, func(t *testing.T, updates []replaced, posts []slackapp.Reply) {
			if len(posts) != 0 || len(updates) != 1 {
				t.Fatalf("%d posts and %d updates, want only the replacement", len(posts), len(updates))
			}
			if u := updates[0]; u.URL != "https://hooks.slack.test/actions/T1/1/abc" {
				t.Errorf("replaced %+v, want through the response URL", u)
			}
			if b := buttons(updates[0].Content); !strings.HasPrefix(b["rolecall.share"], "user-stories\n") {
				t.Errorf("buttons = %v, want Share in channel on a private answer", b)
			}
		}},
		{"when the message cannot be updated the answer goes in its thread", click(nil), errors.New("cant_update_message"),
			func(t *testing.T, updates []replaced, posts []slackapp.Reply) {
				if len(posts) != 1 {
					t.Fatalf("%d posts, want the answer posted", len(posts))
				}
				if p := posts[0]; p.Channel != "C1" || p.Thread != "111.000" || p.Ephemeral || !strings.Contains(p.Content.Text(), "Owner: Product owner") {
					t.Errorf("posted %+v, want the answer in thread 111.000 of C1", p)
				}
			}},
		{"an ephemeral click without a response URL is answered privately", click(func(r *slackapp.Request) {
			r.Ephemeral = true
		}), nil, func(t *testing.T, updates []replaced, posts []slackapp.Reply) {
			if len(updates) != 0 || len(posts) != 1 || !posts[0].Ephemeral || posts[0].User != "U2" {
				t.Fatalf("updates %v posts %+v, want one ephemeral post to U2", updates, posts)
			}
		}},
		{"a suggestion no longer in the knowledge base says so", click(func(r *slackapp.Request) { r.Value = "gone" }), nil,
			func(t *testing.T, updates []replaced, posts []slackapp.Reply) {
				if len(updates) != 0 || len(posts) != 1 || !strings.Contains(posts[0].Content.Text(), "no longer in my knowledge base") {
					t.Errorf("updates %v posts %+v, want a note that the entry is gone", updates, posts)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, m := suggestRouter(t, newMemStore())
			rec := &recorder{failUpdate: tt.failUpdate}
			if err := rt.Handle(context.Background(), tt.req, rec); err != nil {
				t.Fatalf("Handle: %v", err)
			}
			for _, r := range rec.replies {
				validBlocks(t, r.Content)
			}
			for _, u := range rec.updates {
				validBlocks(t, u.Content)
			}
			tt.want(t, rec.updates, rec.replies)
			chosen := 1.0
			if tt.req.Value == "gone" {
				chosen = 0
			}
			if got := testutil.ToFloat64(m.SuggestionsChosen); got != chosen {
				t.Errorf("suggestions chosen = %v, want %v", got, chosen)
			}
		})
	}
}

func TestAnswersWithoutSuggestionsKeepTheirRendering(t *testing.T) {
	sugg := []knowledge.Related{{ID: "backlog", Question: "Who owns the product backlog?"}}
	tests := []struct {
		name string
		a    knowledge.Answer
	}{
		{"a question declined by its form never offers suggestions", knowledge.Answer{Owner: knowledge.Unknown, Scope: knowledge.ScopeOutside,
			Text: "I can answer questions about who owns what.", Suggestions: sugg}},
		{"a question with nothing plausible keeps the out-of-scope answer", knowledge.Answer{Owner: knowledge.Unknown, Scope: knowledge.ScopeUnsure,
			Text: "I can answer questions about who owns what."}},
		{"an answered question ignores suggestions", knowledge.Answer{Owner: knowledge.ProductOwner, Topic: "backlog",
			Text: "The product owner owns it.", Suggestions: sugg}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ops.New()
			rt, err := slackapp.NewRouter(slackapp.Config{Engine: testEngine(t), Store: newMemStore(), Metrics: m, Answerer: fixedAnswerer{tt.a}})
			if err != nil {
				t.Fatal(err)
			}
			r := one(t, handle(t, rt, &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D1", TS: "1.0", Text: "anything"}))
			for id := range buttons(r.Content) {
				if strings.HasPrefix(id, "rolecall.suggest") {
					t.Errorf("reply offers suggestion %s", id)
				}
			}
			txt := visibleText(t, r.Content) + r.Content.Text()
			if strings.Contains(txt, "Did you mean") {
				t.Errorf("reply says Did you mean:\n%s", txt)
			}
			if !strings.Contains(txt, tt.a.Text) {
				t.Errorf("reply lacks the answer text %q:\n%s", tt.a.Text, txt)
			}
			if got := testutil.ToFloat64(m.SuggestionsShown); got != 0 {
				t.Errorf("suggestions shown = %v, want 0", got)
			}
		})
	}
}

func TestVerdictLeadsTheAnswer(t *testing.T) {
	a := knowledge.Answer{Question: "do PMs write the user stories?", Topic: "user-stories", Owner: knowledge.ProductOwner,
		Shape: knowledge.ShapeYesNo, Verdict: "No — by both sources that's the product owner's job <usually>.",
		Text: "The product owner writes user stories from customer pain points.", Confidence: 0.8,
		Sources: []knowledge.Source{{Title: "Product Owner vs. Product Manager", Author: "Matt Watson", Section: "Keeps Track of Product Development"}}}
	rt := newRouter(t, newMemStore(), fixedAnswerer{a})
	r := one(t, handle(t, rt, &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D1", TS: "1.0", Text: a.Question}))
	validBlocks(t, r.Content)
	bs := r.Content.Blocks()
	if len(bs) < 3 {
		t.Fatalf("%d blocks", len(bs))
	}
	v, ok := bs[1].(*slack.SectionBlock)
	if !ok || v.BlockID != "verdict" || v.Text.Text != "*No — by both sources that's the product owner's job &lt;usually&gt;.*" {
		t.Errorf("block after the header = %+v, want the escaped verdict in bold", bs[1])
	}
	if lines := strings.Split(r.Content.Text(), "\n"); len(lines) < 3 || lines[1] != a.Verdict || lines[2] != a.Text {
		t.Errorf("text = %q, want the verdict between the owner and the answer", r.Content.Text())
	}
	if fb := r.Content.Fallback(); !strings.HasPrefix(fb, "Owner: Product owner. No — by both sources") || !strings.Contains(fb, "&lt;usually&gt;") {
		t.Errorf("fallback = %q, want the owner then the escaped verdict", fb)
	}
}

func TestGoldenSuggestionBlocks(t *testing.T) {
	rt, _ := suggestRouter(t, newMemStore())
	r := one(t, handle(t, rt, &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D1", TS: "1.0", Text: unsureQuestion}))
	goldenBlocks(t, "suggest", r.Content)

	rec := &recorder{}
	if err := rt.Handle(context.Background(), &slackapp.Request{Kind: slackapp.KindAction, Team: "T1", User: "U1", Channel: "D1", DM: true, TS: "1.0",
		ActionID: "rolecall.suggest.0", Value: "backlog"}, rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.updates) != 1 {
		t.Fatalf("%d updates, want 1", len(rec.updates))
	}
	goldenBlocks(t, "suggest-chosen", rec.updates[0].Content)

	a := knowledge.Answer{Question: "is the PM the one who orders the backlog?", Topic: "backlog", Owner: knowledge.ProductOwner,
		Shape: knowledge.ShapeYesNo, Verdict: "No — by both sources that's the product owner's job.",
		Text: "The product owner owns the backlog and orders it by priority.", Confidence: 0.9,
		Sources: []knowledge.Source{{Title: "Product Owner vs. Product Manager", Author: "Matt Watson, Full Scale", Section: "Roles and Responsibilities"}},
		Related: []knowledge.Related{{ID: "user-stories", Question: "Who writes the user stories and epics?"}}}
	rt = newRouter(t, newMemStore(), fixedAnswerer{a})
	goldenBlocks(t, "verdict", one(t, handle(t, rt, &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D1", TS: "1.0", Text: a.Question})).Content)
}

func TestTextResponderTurnsANumberIntoTheSuggestion(t *testing.T) {
	rt, m := suggestRouter(t, newMemStore())
	var out strings.Builder
	tr := slackapp.NewTextResponder(&out)
	ctx := context.Background()
	dm := func(text string) {
		t.Helper()
		if err := rt.Handle(ctx, &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D1", TS: "1.0", Text: text}, tr); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := tr.Choose("1"); ok {
		t.Errorf("a number before any suggestion was taken as a choice")
	}
	dm(unsureQuestion)
	for _, w := range []string{"Did you mean…?\n  1. Who owns the product backlog?\n  2. Who writes the user stories and epics?\n  3. Who builds the product roadmap?\n", "Type a number"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
	for _, typed := range []string{"0", "4", "two", "1 please"} {
		if _, ok := tr.Choose(typed); ok {
			t.Errorf("Choose(%q) took it as a choice", typed)
		}
	}
	req, ok := tr.Choose(" 2. ")
	if !ok {
		t.Fatalf("Choose(2) after the suggestions = not a choice")
	}
	if req.Kind != slackapp.KindAction || req.ActionID != "rolecall.suggest.1" || req.Value != "user-stories" || req.Channel != "D1" || req.TS == "" {
		t.Errorf("Choose(2) = %+v, want the click on the second suggestion of the message in D1", req)
	}
	req.Team, req.User, req.DM = "T1", "U1", true
	out.Reset()
	if err := rt.Handle(ctx, &req, tr); err != nil {
		t.Fatal(err)
	}
	if w := "(updated) Answering: Who writes the user stories and epics?\nOwner: Product owner"; !strings.Contains(out.String(), w) {
		t.Errorf("output lacks %q:\n%s", w, out.String())
	}
	if _, ok := tr.Choose("1"); ok {
		t.Errorf("a number after the answer was still taken as a choice")
	}
	if got := testutil.ToFloat64(m.SuggestionsChosen); got != 1 {
		t.Errorf("suggestions chosen = %v, want 1", got)
	}
}
