package slackapp_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slackapp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// testEngine is a small engine over the fixture knowledge base, so golden
// files do not move when the built-in content does.
func testEngine(t testing.TB) *knowledge.Engine {
	t.Helper()
	b, err := knowledge.Load(os.DirFS("testdata/kb"))
	if err != nil {
		t.Fatalf("load fixture knowledge: %v", err)
	}
	return knowledge.NewEngine(b)
}

// memStore is an in-memory Store; down makes every call fail as Redis would.
type memStore struct {
	mu         sync.Mutex
	down       bool
	claims     map[string]bool
	feedback   map[string]int
	unanswered []string
	topics     map[string]string
}

func newMemStore() *memStore {
	return &memStore{claims: map[string]bool{}, feedback: map[string]int{}, topics: map[string]string{}}
}

func (s *memStore) RememberTopics(ctx context.Context, ts []session.Topic) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.err(); err != nil {
		return err
	}
	for _, t := range ts {
		s.topics[t.Team+"/"+t.Channel+"/"+t.Thread] = t.Entry
	}
	return nil
}

func (s *memStore) LastTopic(ctx context.Context, team, channel, thread string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.err(); err != nil {
		return "", err
	}
	id, ok := s.topics[team+"/"+channel+"/"+thread]
	if !ok {
		return "", session.ErrNotFound
	}
	return id, nil
}

func (s *memStore) err() error {
	if s.down {
		return fmt.Errorf("dial: connection refused: %w", session.ErrUnavailable)
	}
	return nil
}

func (s *memStore) Claim(ctx context.Context, team, id string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.err(); err != nil {
		return false, err
	}
	if s.claims[team+id] {
		return false, nil
	}
	s.claims[team+id] = true
	return true, nil
}

func (s *memStore) Release(ctx context.Context, team, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.claims, team+id)
	return s.err()
}

func (s *memStore) Feedback(ctx context.Context, team, id string, up bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.err(); err != nil {
		return err
	}
	if up {
		s.feedback[id]++
	} else {
		s.feedback[id]--
	}
	return nil
}

func (s *memStore) LogUnanswered(ctx context.Context, team, q string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.err(); err != nil {
		return err
	}
	s.unanswered = append(s.unanswered, q)
	return nil
}

func (s *memStore) Ping(ctx context.Context) error { return s.err() }

// recorder is a Responder that keeps every reply and every replaced
// message; failUpdate makes replacing fail.
type recorder struct {
	mu         sync.Mutex
	replies    []slackapp.Reply
	updates    []replaced
	fail       error
	failUpdate error
}

// replaced is a message the router replaced: by channel and ts
// (chat.update), or by response URL (an ephemeral message).
type replaced struct {
	Channel, TS, URL string
	Content          slackapp.Content
}

func (r *recorder) Post(ctx context.Context, rep slackapp.Reply) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil && !rep.Ephemeral {
		return "", r.fail
	}
	r.replies = append(r.replies, rep)
	return fmt.Sprintf("1000.%04d", len(r.replies)), nil
}
func (r *recorder) Update(ctx context.Context, channel, ts string, c slackapp.Content) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failUpdate != nil {
		return r.failUpdate
	}
	r.updates = append(r.updates, replaced{Channel: channel, TS: ts, Content: c})
	return nil
}
func (r *recorder) ReplaceEphemeral(ctx context.Context, url string, c slackapp.Content) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failUpdate != nil {
		return r.failUpdate
	}
	r.updates = append(r.updates, replaced{URL: url, Content: c})
	return nil
}
func (r *recorder) OpenDM(ctx context.Context, user string) (string, error) { return "D" + user, nil }
func (r *recorder) PublishHome(ctx context.Context, user string, c slackapp.Content) error {
	return nil
}

type fixedAnswerer struct{ a knowledge.Answer }

func (f fixedAnswerer) Answer(ctx context.Context, q string) knowledge.Answer {
	a := f.a
	a.Question = q
	return a
}

func newRouter(t testing.TB, st slackapp.Store, ans slackapp.Answerer) *slackapp.Router {
	t.Helper()
	rt, err := slackapp.NewRouter(slackapp.Config{Engine: testEngine(t), Store: st, Metrics: ops.New(), Answerer: ans})
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

// blocksJSON renders a reply's blocks as Slack receives them.
func blocksJSON(t *testing.T, c slackapp.Content) string {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c.Blocks()); err != nil {
		t.Fatal(err)
	}
	return unescapeJSON(strings.TrimSpace(b.String()))
}

// checkLimits asserts the Block Kit limits Slack enforces on messages.
func checkLimits(t *testing.T, c slackapp.Content) {
	t.Helper()
	bs := c.Blocks()
	if len(bs) == 0 || len(bs) > 50 {
		t.Errorf("%d blocks, want 1..50", len(bs))
	}
	if c.Fallback() == "" {
		t.Errorf("empty text fallback")
	}
	ids := map[string]bool{}
	for i, b := range bs {
		var id string
		switch b := b.(type) {
		case *slack.HeaderBlock:
			id = b.BlockID
			if n := len(b.Text.Text); n > 150 {
				t.Errorf("block %d: header of %d bytes", i, n)
			}
		case *slack.SectionBlock:
			id = b.BlockID
			if b.Text != nil && len(b.Text.Text) > 3000 {
				t.Errorf("block %d: section text of %d bytes", i, len(b.Text.Text))
			}
			if len(b.Fields) > 10 {
				t.Errorf("block %d: %d fields", i, len(b.Fields))
			}
			for _, f := range b.Fields {
				if len(f.Text) > 2000 {
					t.Errorf("block %d: field of %d bytes", i, len(f.Text))
				}
			}
		case *slack.ContextBlock:
			id = b.BlockID
			if len(b.ContextElements.Elements) > 10 {
				t.Errorf("block %d: %d context elements", i, len(b.ContextElements.Elements))
			}
		case *slack.ActionBlock:
			id = b.BlockID
			actionIDs := map[string]bool{}
			for _, e := range b.Elements.ElementSet {
				btn, ok := e.(*slack.ButtonBlockElement)
				if !ok {
					continue
				}
				if len(btn.Text.Text) > 75 || len(btn.Value) > 2000 || len(btn.ActionID) > 255 {
					t.Errorf("block %d: button over the limits: %q", i, btn.Text.Text)
				}
				if actionIDs[btn.ActionID] {
					t.Errorf("block %d: action_id %q repeated", i, btn.ActionID)
				}
				actionIDs[btn.ActionID] = true
			}
		default:
			t.Errorf("block %d: unexpected type %T", i, b)
		}
		if id == "" || ids[id] {
			t.Errorf("block %d: block_id %q empty or repeated", i, id)
		}
		ids[id] = true
	}
}

func allText(c slackapp.Content) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(c.Blocks())
	return unescapeJSON(b.String()) + c.Fallback()
}

// visibleText collects every "text" a person sees (not button values,
// which are data), plus the fallback.
func visibleText(t *testing.T, c slackapp.Content) string {
	t.Helper()
	raw, err := json.Marshal(c.Blocks())
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "text" {
					out = append(out, s)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return strings.Join(out, "\n") + "\n" + c.Fallback()
}

// unescapeJSON undoes encoding/json's HTML escaping (slack-go's nested
// marshalers apply it), so tests see the text Slack sees.
func unescapeJSON(s string) string {
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(s)
}

func handle(t *testing.T, rt *slackapp.Router, req *slackapp.Request) []slackapp.Reply {
	t.Helper()
	rec := &recorder{}
	if err := rt.Handle(context.Background(), req, rec); err != nil {
		t.Fatalf("Handle: %v", err)
	}
	for _, r := range rec.replies {
		checkLimits(t, r.Content)
	}
	return rec.replies
}

func one(t *testing.T, rs []slackapp.Reply) slackapp.Reply {
	t.Helper()
	if len(rs) != 1 {
		t.Fatalf("got %d replies, want exactly one", len(rs))
	}
	return rs[0]
}

func TestRouterSurfaces(t *testing.T) {
	st := newMemStore()
	rt := newRouter(t, st, nil)
	mention := func(text, thread string) *slackapp.Request {
		return &slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U1", Channel: "C1", TS: "111.000", ThreadTS: thread, Text: "<@UBOT> " + text}
	}
	tests := []struct {
		name string
		req  *slackapp.Request
		// want checks the single reply.
		want func(t *testing.T, r slackapp.Reply)
	}{
		{"a mention is answered in a thread under the question with the owner", mention("who owns the backlog?", ""), func(t *testing.T, r slackapp.Reply) {
			if r.Channel != "C1" || r.Thread != "111.000" || r.Ephemeral {
				t.Errorf("reply at %s/%q ephemeral=%v, want a public reply in thread 111.000 of C1", r.Channel, r.Thread, r.Ephemeral)
			}
			if !strings.Contains(r.Content.Fallback(), "Owner: Product owner") {
				t.Errorf("fallback %q lacks the owner", r.Content.Fallback())
			}
		}},
		{"a mention inside a thread is answered in that thread", mention("who builds the roadmap?", "100.000"), func(t *testing.T, r slackapp.Reply) {
			if r.Thread != "100.000" {
				t.Errorf("thread %q, want 100.000", r.Thread)
			}
			if !strings.Contains(r.Content.Text(), "Owner: Product manager") {
				t.Errorf("text %q lacks the owner", r.Content.Text())
			}
		}},
		{"a bare mention gets the help", mention("", ""), func(t *testing.T, r slackapp.Reply) {
			if r.Thread != "111.000" || !strings.Contains(r.Content.Text(), "/roles ask") {
				t.Errorf("got %q in thread %q, want help in thread", r.Content.Text(), r.Thread)
			}
		}},
		{"a DM is answered in place without a thread", &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D1", TS: "5.0", Text: "who sets the vision?"}, func(t *testing.T, r slackapp.Reply) {
			if r.Channel != "D1" || r.Thread != "" {
				t.Errorf("reply at %s/%q, want D1 without thread", r.Channel, r.Thread)
			}
			if !strings.Contains(r.Content.Text(), "Owner: disputed — the sources disagree") {
				t.Errorf("text %q, want the disputed header", r.Content.Text())
			}
		}},
		{"help in a DM explains what Rolecall can do", &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D1", TS: "5.0", Text: "Help!"}, func(t *testing.T, r slackapp.Reply) {
			for _, w := range []string{"/roles ask <question>", "/roles compare", "/roles topics", "/roles help"} {
				if !strings.Contains(r.Content.Text(), w) {
					t.Errorf("help lacks %q:\n%s", w, r.Content.Text())
				}
			}
		}},
		{"compare in a DM shows the comparison", &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D1", Text: "compare"}, func(t *testing.T, r slackapp.Reply) {
			if !strings.Contains(r.Content.Text(), "Success measures") {
				t.Errorf("comparison lacks a row:\n%s", r.Content.Text())
			}
		}},
		{"a related-question click answers in the clicked message's thread", &slackapp.Request{Kind: slackapp.KindAction, Team: "T1", User: "U2", Channel: "C1", TS: "112.000", ThreadTS: "111.000", ActionID: "rolecall.related.0", Value: "user-stories"}, func(t *testing.T, r slackapp.Reply) {
			if r.Thread != "111.000" || r.Ephemeral {
				t.Errorf("reply in thread %q ephemeral=%v, want public in 111.000", r.Thread, r.Ephemeral)
			}
			if !strings.Contains(r.Content.Text(), "user stories") {
				t.Errorf("answer %q is not about user stories", r.Content.Text())
			}
		}},
		{"a related click on a top-level channel message starts a thread under it", &slackapp.Request{Kind: slackapp.KindAction, Team: "T1", User: "U2", Channel: "C1", TS: "112.000", ActionID: "rolecall.related.1", Value: "roadmap"}, func(t *testing.T, r slackapp.Reply) {
			if r.Thread != "112.000" {
				t.Errorf("thread %q, want 112.000", r.Thread)
			}
		}},
		{"a 👍 is recorded and thanked privately", &slackapp.Request{Kind: slackapp.KindAction, Team: "T1", User: "U2", Channel: "C1", TS: "112.000", ThreadTS: "111.000", ActionID: "rolecall.feedback.up", Value: "backlog"}, func(t *testing.T, r slackapp.Reply) {
			if !r.Ephemeral || r.User != "U2" || !strings.Contains(r.Content.Text(), "Thanks") {
				t.Errorf("got %+v, want an ephemeral thanks to U2", r)
			}
			if st.feedback["backlog"] != 1 {
				t.Errorf("feedback counter = %d, want 1", st.feedback["backlog"])
			}
		}},
		{"Share in channel posts the answer publicly, attributed and escaped", &slackapp.Request{Kind: slackapp.KindAction, Team: "T1", User: "U3", Channel: "C9", Ephemeral: true, ActionID: "rolecall.share", Value: "backlog\nwho owns the backlog? <!channel>"}, func(t *testing.T, r slackapp.Reply) {
			if r.Ephemeral || r.Channel != "C9" || r.Thread != "" {
				t.Errorf("got %s/%q ephemeral=%v, want public at the root of C9", r.Channel, r.Thread, r.Ephemeral)
			}
			txt := allText(r.Content)
			if !strings.Contains(txt, "<@U3> asked") || strings.Contains(txt, "<!channel>") || !strings.Contains(txt, "&lt;!channel&gt;") {
				t.Errorf("shared answer not attributed or not escaped: %s", txt)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want(t, one(t, handle(t, rt, tt.req)))
		})
	}
}

func TestSlashCommands(t *testing.T) {
	rt := newRouter(t, newMemStore(), nil)
	slash := func(text string) *slackapp.Request {
		return &slackapp.Request{Kind: slackapp.KindSlash, Team: "T1", User: "U1", Channel: "C1", Command: "/roles", Text: text}
	}
	tests := []struct {
		name, text string
		want       []string
		dont       []string
	}{
		{"/roles alone shows help generated from the command table", "", []string{"/roles ask &lt;question&gt;", "/roles compare", "/roles topics", "/roles help"}, nil},
		{"an unknown subcommand names it, escaped, and shows help", "nonsense <!here>", []string{"I don't know `/roles nonsense`", "/roles ask"}, []string{"<!here>"}},
		{"ask answers privately with a Share button", "ask who owns the backlog?", []string{"Owner: Product owner", "rolecall.share", "Share in channel"}, nil},
		{"ask without a question explains how to ask", "ask", []string{"/roles ask who owns the backlog?"}, nil},
		{"compare shows the comparison", "compare", []string{"Product manager vs product owner", "Success measures", "One source's table says the opposite."}, nil},
		{"topics lists every topic", "TOPICS", []string{"Product backlog", "Product owner skills"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := slash(tt.text)
			r, ok := rt.Immediate(context.Background(), req)
			if !ok {
				t.Fatalf("Immediate(%q) not immediate", tt.text)
			}
			if !r.Ephemeral || r.Channel != "C1" || r.User != "U1" {
				t.Errorf("reply %+v, want ephemeral to U1 in C1", r)
			}
			checkLimits(t, r.Content)
			txt := allText(r.Content)
			for _, w := range tt.want {
				if !strings.Contains(txt, w) {
					t.Errorf("reply lacks %q:\n%s", w, txt)
				}
			}
			for _, w := range tt.dont {
				if strings.Contains(txt, w) {
					t.Errorf("reply contains %q:\n%s", w, txt)
				}
			}
			// The worker path gives the same reply.
			got := one(t, handle(t, rt, req))
			if diff := cmp.Diff(blocksJSON(t, r.Content), blocksJSON(t, got.Content)); diff != "" {
				t.Errorf("Handle and Immediate differ (-immediate +handle):\n%s", diff)
			}
		})
	}
}

func TestAskWithSlowAnswererRunsOnThePool(t *testing.T) {
	rt := newRouter(t, newMemStore(), fixedAnswerer{knowledge.Answer{Topic: "backlog", Owner: knowledge.ProductOwner, Text: "from the model"}})
	req := &slackapp.Request{Kind: slackapp.KindSlash, Team: "T1", User: "U1", Channel: "C1", Text: "ask who owns it?"}
	if _, ok := rt.Immediate(context.Background(), req); ok {
		t.Errorf("ask with a custom Answerer must not be answered in the ack")
	}
	if _, ok := rt.Immediate(context.Background(), &slackapp.Request{Kind: slackapp.KindSlash, Text: "compare"}); !ok {
		t.Errorf("compare needs no answerer and should stay immediate")
	}
	r := one(t, handle(t, rt, req))
	if !r.Ephemeral || !strings.Contains(r.Content.Text(), "from the model") {
		t.Errorf("got %+v, want the Answerer's answer, ephemeral", r)
	}
}

func TestUnknownQuestions(t *testing.T) {
	st := newMemStore()
	rt := newRouter(t, st, nil)
	q := "<!channel> what's the weather <@U999> & <https://evil|x>?"
	r := one(t, handle(t, rt, &slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U1", Channel: "C1", TS: "1.0", Text: q}))
	txt := allText(r.Content)
	if strings.Contains(txt, "Owner:") {
		t.Errorf("an unknown answer claims an owner: %s", txt)
	}
	if !strings.Contains(txt, "I can't answer that one") {
		t.Errorf("unknown answer lacks the friendly header: %s", txt)
	}
	if want := knowledge.Normalize(q); len(st.unanswered) != 1 || st.unanswered[0] != want || strings.Contains(want, "U999") {
		t.Errorf("unanswered log = %q, want the question normalised, %q", st.unanswered, want)
	}
}

func TestUserTextIsNeverPostedUnescaped(t *testing.T) {
	evil := "<!channel> <!here> <@U0BOSS> & <#C1|general>"
	huge := strings.Repeat("long words & <tags> ", 900)
	a := knowledge.Answer{Topic: "backlog", Owner: knowledge.Disputed, Text: evil + huge,
		Sides:   []knowledge.Side{{Owner: knowledge.ProductOwner, Says: evil, Source: knowledge.Source{Title: evil}}},
		Sources: []knowledge.Source{{Title: evil, Author: huge, Section: huge}},
		Related: []knowledge.Related{{ID: "x", Question: huge}, {ID: "y", Question: "b"}, {ID: "z", Question: "c"}, {ID: "w", Question: "d"}}}
	rt := newRouter(t, newMemStore(), fixedAnswerer{a})
	for _, req := range []*slackapp.Request{
		{Kind: slackapp.KindMention, Team: "T1", User: "U1", Channel: "C1", TS: "1.0", Text: evil},
		{Kind: slackapp.KindSlash, Team: "T1", User: "U1", Channel: "C1", Text: "ask " + evil},
		{Kind: slackapp.KindSlash, Team: "T1", User: "U1", Channel: "C1", Text: evil},
	} {
		for _, r := range handle(t, rt, req) {
			txt := visibleText(t, r.Content)
			for _, bad := range []string{"<!channel>", "<!here>", "<@U0BOSS>", "<#C1"} {
				if strings.Contains(txt, bad) {
					t.Errorf("%v reply contains %q unescaped: %s", req.Kind, bad, txt)
				}
			}
		}
	}
}

func TestFeedbackWithTheStoreDown(t *testing.T) {
	st := newMemStore()
	st.down = true
	rt := newRouter(t, st, nil)
	r := one(t, handle(t, rt, &slackapp.Request{Kind: slackapp.KindAction, Team: "T1", User: "U2", Channel: "C1", TS: "2.0", ActionID: "rolecall.feedback.down", Value: "backlog"}))
	if !r.Ephemeral || !strings.Contains(r.Content.Text(), "couldn't record that right now") {
		t.Errorf("got %q, want an ephemeral note that it was not recorded", r.Content.Text())
	}
	// Answers still work with the store down.
	r = one(t, handle(t, rt, &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U2", Channel: "D2", Text: "who owns the backlog?"}))
	if !strings.Contains(r.Content.Text(), "Owner: Product owner") {
		t.Errorf("answer with the store down = %q", r.Content.Text())
	}
}

func TestFollowUpsLeanOnTheConversationsLastAnswer(t *testing.T) {
	st := newMemStore()
	rt := newRouter(t, st, nil)
	dm := func(text string) *slackapp.Request {
		return &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D1", TS: "5.0", Text: text}
	}
	mention := func(text, ts, thread string) *slackapp.Request {
		return &slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U1", Channel: "C1", TS: ts, ThreadTS: thread, Text: "<@UBOT> " + text}
	}
	const lean = "Following up on: Who owns the product backlog?"
	steps := []struct {
		name string
		req  *slackapp.Request
		// want is in the reply's text; lean says whether it follows up.
		want string
		lean bool
	}{
		{"a DM's question is answered", dm("who owns the product backlog?"), "Owner: Product owner", false},
		{"a DM's follow-up leans on it", dm("what about the PM?"), "Not by the sources", true},
		{"a thread's question is answered", mention("who owns the product backlog?", "100.000", ""), "Owner: Product owner", false},
		{"a follow-up in its thread leans on it", mention("and the po?", "101.000", "100.000"), "Yes — the sources give", true},
		{"another thread has no answer to lean on", mention("what about the PM?", "201.000", "200.000"), "", false},
		{"another channel has none either", &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D2", TS: "5.0", Text: "what about the PM?"}, "", false},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			txt := one(t, handle(t, rt, s.req)).Content.Text()
			if !strings.Contains(txt, s.want) || strings.Contains(txt, lean) != s.lean {
				t.Errorf("reply = %q, want %q, following up: %v", txt, s.want, s.lean)
			}
		})
	}
	t.Run("with the store down a follow-up is answered alone", func(t *testing.T) {
		// Once the topic is written: until then it is read from memory.
		deadline := time.Now().Add(2 * time.Second)
		for time.Now().Before(deadline) {
			st.mu.Lock()
			_, written := st.topics["T1/D1/"]
			st.mu.Unlock()
			if written {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond)
		st.mu.Lock()
		st.down = true
		st.mu.Unlock()
		defer func() { st.mu.Lock(); st.down = false; st.mu.Unlock() }()
		txt := one(t, handle(t, rt, dm("what about the PM?"))).Content.Text()
		if strings.Contains(txt, lean) {
			t.Errorf("reply = %q, want it answered alone", txt)
		}
	})
}

func TestAFailedPostApologisesAndReturnsTheError(t *testing.T) {
	rt := newRouter(t, newMemStore(), nil)
	rec := &recorder{fail: errors.New("boom")}
	err := rt.Handle(context.Background(), &slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U1", Channel: "C1", TS: "1.0", Text: "who owns the backlog?"}, rec)
	if err == nil {
		t.Fatalf("Handle returned nil after a failed post")
	}
	r := one(t, rec.replies)
	if !r.Ephemeral || r.User != "U1" || !strings.Contains(r.Content.Text(), "Sorry, I couldn't post that") {
		t.Errorf("apology = %+v", r)
	}
}

func TestUnknownActionsAndHomeAreIgnored(t *testing.T) {
	rt := newRouter(t, newMemStore(), nil)
	for _, req := range []*slackapp.Request{
		{Kind: slackapp.KindAction, Team: "T1", User: "U1", Channel: "C1", ActionID: "someone.else"},
		{Kind: slackapp.KindAction, Team: "T1", User: "U1", Channel: "C1", ActionID: "rolecall.relatedness"},
		{Kind: slackapp.KindOther, Team: "T1", User: "U1", Channel: "C1"},
	} {
		if rs := handle(t, rt, req); len(rs) != 0 {
			t.Errorf("%q got %d replies, want none", req.ActionID, len(rs))
		}
	}
}

func TestGoldenBlocks(t *testing.T) {
	rt := newRouter(t, newMemStore(), nil)
	dm := func(text string) *slackapp.Request {
		return &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D1", TS: "1.0", Text: text}
	}
	tests := []struct {
		name string
		req  *slackapp.Request
	}{
		{"owner", dm("who owns the backlog?")},
		{"disputed", dm("who sets the vision?")},
		{"unknown", dm("what's the weather like in Paris?")},
		{"two-asks", dm("can someone send me the roadmap deck? also who owns the roadmap, po or pm?")},
		{"help", dm("help")},
		{"compare", dm("compare")},
		{"ask", &slackapp.Request{Kind: slackapp.KindSlash, Team: "T1", User: "U1", Channel: "C1", Text: "ask who writes the user stories?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			goldenBlocks(t, tt.name, one(t, handle(t, rt, tt.req)).Content)
		})
	}
}

// goldenBlocks compares c's text and blocks with testdata/name.golden.json,
// or rewrites the file under -update.
func goldenBlocks(t *testing.T, name string, c slackapp.Content) {
	t.Helper()
	got := fmt.Sprintf("{\n\"text\": %q,\n\"blocks\": %s\n}\n", c.Fallback(), blocksJSON(t, c))
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s blocks differ from %s (-want +got):\n%s", name, path, diff)
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"<!channel>", "a & b", "<@U1|x>", "\xff<", "&amp;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := slackapp.Escape(s)
		if strings.ContainsAny(e, "<>") {
			t.Errorf("Escape(%q) = %q keeps < or >", s, e)
		}
		un := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(e)
		if un != s {
			t.Errorf("Escape(%q) does not round-trip: %q", s, un)
		}
	})
}

// FuzzRouter feeds arbitrary text, action ids and values to every surface:
// no panic, every reply within Slack's limits, no user markup unescaped.
func FuzzRouter(f *testing.F) {
	for _, s := range []string{"who owns the backlog?", "<!channel>", "ask <@U1> & <#C1|x>", "\xff\xfe", strings.Repeat("é", 3000), "compare", "help"} {
		f.Add(s, "rolecall.related.0", "backlog")
		f.Add(s, "rolecall.share", "backlog\n"+s)
		f.Add(s, "rolecall.feedback.up", s)
		f.Add(s, "rolecall.suggest.0", "backlog")
	}
	rt := newRouter(f, newMemStore(), nil)
	f.Fuzz(func(t *testing.T, text, actionID, value string) {
		ctx := context.Background()
		for _, req := range []*slackapp.Request{
			{Kind: slackapp.KindMention, Team: "T1", User: "U1", Channel: "C1", TS: "1.0", Text: text},
			{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D1", TS: "1.0", Text: text},
			{Kind: slackapp.KindSlash, Team: "T1", User: "U1", Channel: "C1", Text: text},
			{Kind: slackapp.KindAction, Team: "T1", User: "U1", Channel: "C1", TS: "1.0", ActionID: actionID, Value: value},
		} {
			if r, ok := rt.Immediate(ctx, req); ok {
				checkLimits(t, r.Content)
			}
			for _, r := range handle(t, rt, req) {
				if txt := visibleText(t, r.Content); strings.Contains(txt, "<!channel>") {
					t.Errorf("reply to %q posts <!channel>", text)
				}
			}
		}
	})
}
