package slackapp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/assessment/dialog"
	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slackapp"
)

// convo is a Responder that keeps a conversation: every post (with the ts
// it was given), every update and every published home view.
type convo struct {
	mu      sync.Mutex
	n       int
	posts   []posted
	updates []updated
	homes   []slackapp.Content
}

type posted struct {
	slackapp.Reply
	TS string
}

type updated struct {
	Channel, TS string
	// URL is the response URL of an ephemeral message replaced through it.
	URL     string
	Content slackapp.Content
}

func (c *convo) Post(ctx context.Context, r slackapp.Reply) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	ts := fmt.Sprintf("1700000100.%06d", c.n)
	c.posts = append(c.posts, posted{r, ts})
	if r.Ephemeral {
		return "", nil
	}
	return ts, nil
}

func (c *convo) Update(ctx context.Context, channel, ts string, content slackapp.Content) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.updates = append(c.updates, updated{Channel: channel, TS: ts, Content: content})
	return nil
}

func (c *convo) ReplaceEphemeral(ctx context.Context, url string, content slackapp.Content) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.updates = append(c.updates, updated{URL: url, Content: content})
	return nil
}

func (c *convo) OpenDM(ctx context.Context, user string) (string, error) { return "D" + user, nil }

func (c *convo) PublishHome(ctx context.Context, user string, content slackapp.Content) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.homes = append(c.homes, content)
	return nil
}

// mark returns how many posts and updates there are, to look at what came after.
func (c *convo) mark() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.posts), len(c.updates)
}

func (c *convo) since(p, u int) ([]posted, []updated) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]posted(nil), c.posts[p:]...), append([]updated(nil), c.updates[u:]...)
}

// fakeLookup describes every role point with made-up text, so results do not
// move when the knowledge base's content does.
func fakeLookup(id string) (*knowledge.Entry, bool) {
	return &knowledge.Entry{ID: id, Topic: "Topic " + id, Answer: "What " + id + " means, in a sentence."}, true
}

// testQuestionnaire is the built-in questionnaire bound to fakeLookup.
func testQuestionnaire(t testing.TB) *assessment.Questionnaire {
	t.Helper()
	q, err := assessment.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q, err = q.WithKnowledge(fakeLookup)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func newDialog(t testing.TB, store dialog.Store) *dialog.Service {
	t.Helper()
	svc, err := dialog.New(dialog.Config{Store: store, Questionnaire: testQuestionnaire(t),
		Now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// assessRig is a router with the assessment over a real store.
type assessRig struct {
	t     *testing.T
	rt    *slackapp.Router
	store *session.Store
	m     *ops.Metrics
	out   *convo
}

func newAssessRig(t *testing.T) *assessRig {
	t.Helper()
	ctx := context.Background()
	store, err := session.Open(ctx, session.Config{URL: redistest.URL(t), Prefix: redistest.Prefix(t), TTL: time.Hour}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	m := ops.New()
	rt, err := slackapp.NewRouter(slackapp.Config{Engine: testEngine(t), Store: store, Metrics: m, Assessments: newDialog(t, store)})
	if err != nil {
		t.Fatal(err)
	}
	return &assessRig{t: t, rt: rt, store: store, m: m, out: &convo{}}
}

func (g *assessRig) handle(req *slackapp.Request) ([]posted, []updated) {
	g.t.Helper()
	p, u := g.out.mark()
	if err := g.rt.Handle(context.Background(), req, g.out); err != nil {
		g.t.Fatalf("Handle(%v %q %q): %v", req.Kind, req.Text, req.ActionID, err)
	}
	ps, us := g.out.since(p, u)
	for _, x := range ps {
		checkLimits(g.t, x.Content)
	}
	for _, x := range us {
		checkLimits(g.t, x.Content)
	}
	return ps, us
}

func dmReq(user, text string) *slackapp.Request {
	return &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: user, Channel: "D" + user, TS: "1700000000.000001", Text: text}
}

// button is one button of a message.
type button struct {
	ActionID, BlockID, Value, Text, Style string
}

func buttonsOf(t *testing.T, c slackapp.Content) []button {
	t.Helper()
	raw, err := json.Marshal(c.Blocks())
	if err != nil {
		t.Fatal(err)
	}
	return buttonsJSON(t, raw)
}

func buttonsJSON(t *testing.T, raw []byte) []button {
	t.Helper()
	var blocks []struct {
		Type     string          `json:"type"`
		BlockID  string          `json:"block_id"`
		Elements json.RawMessage `json:"elements"`
	}
	if err := json.Unmarshal(raw, &blocks); err != nil {
		t.Fatal(err)
	}
	var out []button
	for _, b := range blocks {
		if b.Type != "actions" {
			continue
		}
		var els []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
			Style    string `json:"style"`
			Text     struct {
				Text string `json:"text"`
			} `json:"text"`
		}
		if err := json.Unmarshal(b.Elements, &els); err != nil {
			t.Fatal(err)
		}
		for _, e := range els {
			out = append(out, button{e.ActionID, b.BlockID, e.Value, e.Text.Text, e.Style})
		}
	}
	return out
}

func find(bs []button, prefix string) (button, bool) {
	for _, b := range bs {
		if strings.HasPrefix(b.ActionID, prefix) {
			return b, true
		}
	}
	return button{}, false
}

// questionOf reads the question id a question message asks (from its Back
// or Cancel button's value).
func questionOf(t *testing.T, bs []button) string {
	t.Helper()
	b, ok := find(bs, "rolecall.assess.cancel")
	if !ok {
		t.Fatalf("no Cancel button among %v", bs)
	}
	return strings.Split(b.Value, "|")[4]
}

// click presses b on the message at ts of channel as user.
func click(user, channel, ts, thread string, b button) *slackapp.Request {
	return &slackapp.Request{Kind: slackapp.KindAction, Team: "T1", User: user, Channel: channel, DM: strings.HasPrefix(channel, "D"),
		TS: ts, ThreadTS: thread, ActionID: b.ActionID, Value: b.Value}
}

// questionPost returns the one public question message among ps.
func questionPost(t *testing.T, ps []posted) posted {
	t.Helper()
	var qs []posted
	for _, p := range ps {
		if !p.Ephemeral && strings.HasPrefix(p.Content.Fallback(), "Question ") {
			qs = append(qs, p)
		}
	}
	if len(qs) != 1 {
		var got []string
		for _, p := range ps {
			got = append(got, p.Content.Fallback())
		}
		t.Fatalf("%d question messages, want 1; posted %q", len(qs), got)
	}
	return qs[0]
}

// pick chooses the answer to each question: by id from answers, else the
// first choice.
func pick(bs []button, question string, answers map[string]string) button {
	want := answers[question]
	for _, b := range bs {
		if !strings.HasPrefix(b.ActionID, "rolecall.assess.choose.") {
			continue
		}
		if want == "" || strings.HasSuffix(b.Value, "|"+want) {
			return b
		}
	}
	return button{}
}

var startupAnswers = map[string]string{
	"stage": "early_startup", "products": "one", "budget": "one_hire", "goal": "direction",
	"current_pm": "founder", "duties": "one_juggles_all", "upskilling": "no", "challenges": "no_direction",
	"efficiency": "roadmap", "onboarding": "yes_now", "decisions": "founders",
}

// runByClicks answers every question from q (the first question message)
// to the end by clicking, and returns the result message and the number of
// question messages posted per question id.
func (g *assessRig) runByClicks(user string, first posted, answers map[string]string) (posted, map[string]int) {
	g.t.Helper()
	asked := map[string]int{}
	cur := first
	for range 40 {
		bs := buttonsOf(g.t, cur.Content)
		qid := questionOf(g.t, bs)
		asked[qid]++
		b := pick(bs, qid, answers)
		ps, us := g.handle(click(user, cur.Channel, cur.TS, cur.Thread, b))
		if len(us) != 1 || us[0].TS != cur.TS || !strings.Contains(us[0].Content.Fallback(), "You answered") {
			g.t.Fatalf("answering %s: updates %+v, want the question's message (%s) to say what was answered", qid, us, cur.TS)
		}
		if len(ps) == 1 && strings.HasPrefix(ps[0].Content.Fallback(), "Recommendation:") {
			return ps[0], asked
		}
		cur = questionPost(g.t, ps)
	}
	g.t.Fatal("the assessment did not end within 40 questions")
	return posted{}, nil
}

func TestAssessmentInADMByClicks(t *testing.T) {
	g := newAssessRig(t)
	ps, _ := g.handle(dmReq("U1", "assess"))
	first := questionPost(t, ps)
	if first.Channel != "DU1" || first.Thread != "" {
		t.Errorf("first question at %s/%q, want the DM without a thread", first.Channel, first.Thread)
	}
	txt := visibleText(t, first.Content)
	for _, w := range []string{"Question 1 of", "Which best describes your company today?", "Early-stage startup", "Or type the number of a choice", "Cancel"} {
		if !strings.Contains(txt, w) {
			t.Errorf("first question lacks %q:\n%s", w, txt)
		}
	}
	res, asked := g.runByClicks("U1", first, startupAnswers)
	for q, n := range asked {
		if n != 1 {
			t.Errorf("question %s asked %d times, want once", q, n)
		}
	}
	txt = visibleText(t, res.Content)
	for _, w := range []string{"Recommendation: Hire a product manager", "Strength:", "Why", "Because you answered", "📖", "What a product manager does", "Topic pm-role", "Your answers", "Start over"} {
		if !strings.Contains(txt, w) {
			t.Errorf("result lacks %q:\n%s", w, txt)
		}
	}
	if _, ok := find(buttonsOf(t, res.Content), "rolecall.assess.share"); ok {
		t.Errorf("a result in a DM started there offers Share, but there is no channel to share to")
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"started", testutil.ToFloat64(g.m.AssessmentsStarted), 1},
		{"completed", testutil.ToFloat64(g.m.AssessmentsCompleted), 1},
		{"abandoned", testutil.ToFloat64(g.m.AssessmentsAbandoned), 0},
	} {
		if c.got != c.want {
			t.Errorf("assessments %s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestAssessmentByTypedAnswersMatchesClicks(t *testing.T) {
	g := newAssessRig(t)
	ps, _ := g.handle(dmReq("U2", "start"))
	cur := questionPost(t, ps)
	var res posted
	for range 40 {
		bs := buttonsOf(t, cur.Content)
		qid := questionOf(t, bs)
		b := pick(bs, qid, startupAnswers)
		n := strings.TrimPrefix(b.ActionID, "rolecall.assess.choose.")
		var i int
		fmt.Sscan(n, &i)
		ps, us := g.handle(dmReq("U2", fmt.Sprint(i+1)))
		if len(us) != 1 || us[0].TS != cur.TS {
			t.Fatalf("typed answer to %s updated %+v, want its message %s", qid, us, cur.TS)
		}
		if len(ps) == 1 && strings.HasPrefix(ps[0].Content.Fallback(), "Recommendation:") {
			res = ps[0]
			break
		}
		cur = questionPost(t, ps)
	}
	if res.Content == nil {
		t.Fatal("typed answers never reached a result")
	}
	g2 := newAssessRig(t)
	ps, _ = g2.handle(dmReq("U2", "assess"))
	byClicks, _ := g2.runByClicks("U2", questionPost(t, ps), startupAnswers)
	if diff := cmp.Diff(visibleText(t, byClicks.Content), visibleText(t, res.Content)); diff != "" {
		t.Errorf("typed and clicked answers give different results (-clicks +typed):\n%s", diff)
	}
}

func TestAssessmentRefusals(t *testing.T) {
	g := newAssessRig(t)
	ps, _ := g.handle(dmReq("U1", "assess"))
	first := questionPost(t, ps)
	choice := pick(buttonsOf(t, first.Content), "stage", nil)

	t.Run("a stranger's click is refused privately and changes nothing", func(t *testing.T) {
		ps, us := g.handle(click("U9", first.Channel, first.TS, "", choice))
		if len(us) != 0 || len(ps) != 1 || !ps[0].Ephemeral || ps[0].User != "U9" {
			t.Fatalf("posts %+v updates %+v, want one ephemeral note to U9", ps, us)
		}
		if txt := ps[0].Content.Text(); !strings.Contains(txt, "belongs to <@U1>") || !strings.Contains(txt, "/roles assess") {
			t.Errorf("refusal = %q", txt)
		}
		a, err := g.store.Get(context.Background(), session.Key{Team: "T1", User: "U1", Channel: "DU1"})
		if err != nil || len(a.Answers) != 0 || a.Step != "stage" {
			t.Errorf("stored assessment after a stranger's click: %+v, %v; want untouched at stage", a, err)
		}
	})
	t.Run("a double click applies once and posts once", func(t *testing.T) {
		ps, _ := g.handle(click("U1", first.Channel, first.TS, "", choice))
		questionPost(t, ps)
		ps, us := g.handle(click("U1", first.Channel, first.TS, "", choice))
		if len(ps)+len(us) != 0 {
			t.Errorf("the second click posted %d and updated %d messages, want nothing", len(ps), len(us))
		}
	})
	t.Run("back on the first question is explained", func(t *testing.T) {
		ps, _ := g.handle(dmReq("U1", "back"))
		ps, _ = g.handle(dmReq("U1", "back"))
		if len(ps) != 1 || !ps[0].Ephemeral || !strings.Contains(ps[0].Content.Text(), "first question") {
			t.Errorf("got %+v, want a private note that this is the first question", ps)
		}
	})
	t.Run("text where a choice is required is explained", func(t *testing.T) {
		ps, us := g.handle(dmReq("U1", "a very particular company"))
		if len(us) != 0 || len(ps) != 1 || !ps[0].Ephemeral || !strings.Contains(ps[0].Content.Text(), "needs one of its choices") {
			t.Errorf("posts %+v updates %+v, want a private note naming the choices", ps, us)
		}
	})
	t.Run("a role question typed instead of a choice is answered and the assessment waits", func(t *testing.T) {
		before, err := g.store.Get(context.Background(), session.Key{Team: "T1", User: "U1", Channel: "DU1"})
		if err != nil {
			t.Fatal(err)
		}
		ps, us := g.handle(dmReq("U1", "wait, who owns the backlog?"))
		if len(us) != 0 || len(ps) != 2 {
			t.Fatalf("posts %+v updates %+v, want the answer and a note", ps, us)
		}
		if txt := ps[0].Content.Text(); ps[0].Ephemeral || !strings.Contains(txt, "product owner") {
			t.Errorf("first post = %q (ephemeral %v), want the answer naming the product owner", txt, ps[0].Ephemeral)
		}
		if txt := ps[1].Content.Text(); !ps[1].Ephemeral || !strings.Contains(txt, "still waiting at question") {
			t.Errorf("second post = %q (ephemeral %v), want a private note that the assessment waits", txt, ps[1].Ephemeral)
		}
		after, err := g.store.Get(context.Background(), session.Key{Team: "T1", User: "U1", Channel: "DU1"})
		if err != nil || after.Step != before.Step || len(after.Answers) != len(before.Answers) {
			t.Errorf("stored assessment %+v, %v after the question; want it where it was, at %q with %d answers", after, err, before.Step, len(before.Answers))
		}
		ps, _ = g.handle(dmReq("U1", "when is the retro on friday?"))
		if len(ps) != 1 || !strings.Contains(ps[0].Content.Text(), "needs one of its choices") {
			t.Errorf("a question Rolecall does not answer got %+v, want the note naming the choices", ps)
		}
		ps, _ = g.handle(dmReq("U1", "1"))
		questionPost(t, ps)
	})
}

func TestAssessmentBackThenADifferentAnswer(t *testing.T) {
	direct := newAssessRig(t)
	ps, _ := direct.handle(dmReq("U1", "assess"))
	alt := map[string]string{}
	for k, v := range startupAnswers {
		alt[k] = v
	}
	alt["stage"] = "growing" // products stays answered: it is not asked again
	want, _ := direct.runByClicks("U1", questionPost(t, ps), alt)

	g := newAssessRig(t)
	ps, _ = g.handle(dmReq("U1", "assess"))
	first := questionPost(t, ps)
	ps, _ = g.handle(click("U1", first.Channel, first.TS, "", pick(buttonsOf(t, first.Content), "stage", startupAnswers)))
	second := questionPost(t, ps)
	ps, _ = g.handle(click("U1", second.Channel, second.TS, "", pick(buttonsOf(t, second.Content), "products", startupAnswers)))
	third := questionPost(t, ps)
	// Back twice from the third question, by button.
	back, _ := find(buttonsOf(t, third.Content), "rolecall.assess.back")
	ps, us := g.handle(click("U1", third.Channel, third.TS, "", back))
	if len(us) != 1 || !strings.Contains(us[0].Content.Fallback(), "went back") {
		t.Errorf("Back updated %+v, want the third question's message to say so", us)
	}
	again := questionPost(t, ps)
	if questionOf(t, buttonsOf(t, again.Content)) != "products" || !strings.Contains(visibleText(t, again.Content), "Your answer so far: One product") {
		t.Errorf("Back asked:\n%s\nwant the products question with the answer so far", visibleText(t, again.Content))
	}
	back, _ = find(buttonsOf(t, again.Content), "rolecall.assess.back")
	ps, _ = g.handle(click("U1", again.Channel, again.TS, "", back))
	stage := questionPost(t, ps)
	got, _ := g.runByClicks("U1", stage, alt)
	if diff := cmp.Diff(visibleText(t, want.Content), visibleText(t, got.Content)); diff != "" {
		t.Errorf("back and a different answer differ from answering directly (-direct +back):\n%s", diff)
	}
}

func TestAssessmentEditingAnOldAnswerDoesNotAskAgain(t *testing.T) {
	g := newAssessRig(t)
	ps, _ := g.handle(dmReq("U1", "assess"))
	first := questionPost(t, ps)
	ps, _ = g.handle(click("U1", first.Channel, first.TS, "", pick(buttonsOf(t, first.Content), "stage", startupAnswers)))
	second := questionPost(t, ps)
	// A click on the first message's other button (its buttons were still
	// there, say the update failed): the answer changes, the live second
	// question stays, nothing is asked twice.
	other := pick(buttonsOf(t, first.Content), "stage", map[string]string{"stage": "small_business"})
	ps, us := g.handle(click("U1", first.Channel, first.TS, "", other))
	if len(us) != 1 || us[0].TS != first.TS || !strings.Contains(us[0].Content.Fallback(), "Small business") {
		t.Errorf("updates %+v, want the first message to show the new answer", us)
	}
	for _, p := range ps {
		if !p.Ephemeral {
			t.Errorf("posted %q publicly; the second question (%s) is still live", p.Content.Fallback(), second.TS)
		}
	}
	a, err := g.store.Get(context.Background(), session.Key{Team: "T1", User: "U1", Channel: "DU1"})
	if err != nil || a.Step != "products" || a.Answers[0].Choice != "small_business" {
		t.Errorf("stored %+v, %v; want stage=small_business and still at products", a, err)
	}
}

func TestAssessmentResumeOfferCancelAndRestart(t *testing.T) {
	g := newAssessRig(t)
	ps, _ := g.handle(dmReq("U1", "assess"))
	first := questionPost(t, ps)
	ps, _ = g.handle(click("U1", first.Channel, first.TS, "", pick(buttonsOf(t, first.Content), "stage", nil)))
	live := questionPost(t, ps)

	// "assess" again offers to resume or start over.
	ps, _ = g.handle(dmReq("U1", "assess"))
	if len(ps) != 1 || !strings.Contains(ps[0].Content.Text(), "in progress, at question 2 of") {
		t.Fatalf("assess with one in progress posted %+v, want the offer", ps)
	}
	offer := ps[0]
	resume, ok1 := find(buttonsOf(t, offer.Content), "rolecall.assess.resume")
	over, ok2 := find(buttonsOf(t, offer.Content), "rolecall.assess.restart")
	if !ok1 || !ok2 {
		t.Fatalf("offer buttons %v, want Resume and Start over", buttonsOf(t, offer.Content))
	}
	ps, us := g.handle(click("U1", offer.Channel, offer.TS, "", resume))
	q := questionPost(t, ps)
	if questionOf(t, buttonsOf(t, q.Content)) != "products" {
		t.Errorf("Resume asked %s, want products", questionOf(t, buttonsOf(t, q.Content)))
	}
	// The offer says so, and the question asked before loses its buttons:
	// only the new message's clicks count.
	updatedTS := map[string]string{}
	for _, u := range us {
		updatedTS[u.TS] = u.Content.Text()
	}
	if len(us) != 2 || !strings.Contains(updatedTS[offer.TS], "Resumed below") || !strings.Contains(updatedTS[live.TS], "asked again below") {
		t.Errorf("Resume updated %v, want the offer (%s) and the earlier question (%s)", updatedTS, offer.TS, live.TS)
	}
	if _, us := g.handle(click("U1", live.Channel, live.TS, "", pick(buttonsOf(t, live.Content), "products", nil))); len(us) != 0 {
		t.Errorf("a click on the earlier copy of the question updated %+v", us)
	}

	// Cancel by button: the message says so, the metric counts it.
	cancel, _ := find(buttonsOf(t, q.Content), "rolecall.assess.cancel")
	ps, us = g.handle(click("U1", q.Channel, q.TS, "", cancel))
	if len(ps) != 0 || len(us) != 1 || !strings.Contains(us[0].Content.Fallback(), "cancelled") {
		t.Errorf("cancel posted %d, updated %+v; want the question replaced by a cancelled note", len(ps), us)
	}
	if got := testutil.ToFloat64(g.m.AssessmentsAbandoned); got != 1 {
		t.Errorf("abandoned = %v after a cancel, want 1", got)
	}
	// Start over from the cancelled note begins at question 1.
	restart, _ := find(buttonsOf(t, us[0].Content), "rolecall.assess.restart")
	ps, _ = g.handle(click("U1", q.Channel, q.TS, "", restart))
	if qid := questionOf(t, buttonsOf(t, questionPost(t, ps).Content)); qid != "stage" {
		t.Errorf("Start over asked %s, want stage", qid)
	}
	// Start over from the offer abandons the one in progress.
	g.handle(click("U1", offer.Channel, offer.TS, "", over))
	if got, started := testutil.ToFloat64(g.m.AssessmentsAbandoned), testutil.ToFloat64(g.m.AssessmentsStarted); got != 2 || started != 3 {
		t.Errorf("abandoned %v started %v, want 2 and 3", got, started)
	}
}

func TestAssessmentFromAMentionRunsInItsThread(t *testing.T) {
	g := newAssessRig(t)
	for _, text := range []string{"<@UBOT> do we need a PO or a PM?", "<@UBOT> assess", "<@UBOT> should we hire a product owner or a product manager?"} {
		ps, _ := g.handle(&slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U3", Channel: "C1", TS: "1700000005.000100", Text: text})
		if len(ps) != 1 || ps[0].Thread != "1700000005.000100" || ps[0].Channel != "C1" {
			t.Fatalf("%q posted %+v, want one message in the thread", text, ps)
		}
	}
	// A typed answer in the thread must mention the bot.
	ps, us := g.handle(&slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U3", Channel: "C1", TS: "1700000006.000100", ThreadTS: "1700000005.000100", Text: "<@UBOT> 2"})
	q := questionPost(t, ps)
	if q.Thread != "1700000005.000100" || len(us) != 1 || !strings.Contains(us[0].Content.Fallback(), "Small business") {
		t.Errorf("typed answer in the thread: next at %q, updates %+v", q.Thread, us)
	}
	if !strings.Contains(visibleText(t, q.Content), "mentioning @Rolecall") {
		t.Errorf("a thread question's hint does not say to mention the bot:\n%s", visibleText(t, q.Content))
	}
	// Someone else's mention in the thread is a question, not an answer.
	ps, _ = g.handle(&slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U4", Channel: "C1", TS: "1700000007.000100", ThreadTS: "1700000005.000100", Text: "<@UBOT> who owns the backlog?"})
	if len(ps) != 1 || !strings.Contains(ps[0].Content.Fallback(), "Owner: Product owner") {
		t.Errorf("another person's question in the thread got %+v", ps)
	}
	// A general question still gets the answer.
	ps, _ = g.handle(&slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U5", Channel: "C2", TS: "1700000008.000100", Text: "<@UBOT> who owns the backlog?"})
	if len(ps) != 1 || strings.HasPrefix(ps[0].Content.Fallback(), "Question") {
		t.Errorf("a knowledge question started the assessment: %+v", ps)
	}
}

func TestSlashAssessRunsInTheDMAndSharesToTheChannel(t *testing.T) {
	g := newAssessRig(t)
	ps, _ := g.handle(&slackapp.Request{Kind: slackapp.KindSlash, Team: "T1", User: "U1", Channel: "C7", Command: "/roles", Text: "assess"})
	if len(ps) != 2 {
		t.Fatalf("/roles assess posted %d messages, want the first question and a note", len(ps))
	}
	first := questionPost(t, ps)
	if first.Channel != "DU1" {
		t.Errorf("first question in %s, want the DM", first.Channel)
	}
	if n := ps[1]; !n.Ephemeral || n.Channel != "C7" || !strings.Contains(n.Content.Text(), "direct message") {
		t.Errorf("note %+v, want an ephemeral pointer to the DM in C7", n)
	}
	res, _ := g.runByClicks("U1", first, startupAnswers)
	share, ok := find(buttonsOf(t, res.Content), "rolecall.assess.share")
	if !ok {
		t.Fatalf("the result of /roles assess in C7 has no Share button")
	}
	ps, _ = g.handle(click("U1", res.Channel, res.TS, "", share))
	if len(ps) != 2 || ps[0].Channel != "C7" || ps[0].Ephemeral || ps[0].Thread != "" {
		t.Fatalf("Share posted %+v, want a public message in C7 and a note", ps)
	}
	txt := visibleText(t, ps[0].Content)
	if !strings.Contains(txt, "<@U1> took the hiring assessment") || !strings.Contains(txt, "Recommendation: Hire a product manager") || strings.Contains(txt, "Your answers") {
		t.Errorf("shared summary:\n%s", txt)
	}
}

func TestHomeTab(t *testing.T) {
	g := newAssessRig(t)
	home := &slackapp.Request{Kind: slackapp.KindHome, Team: "T1", User: "U1", Channel: "DU1", Tab: "home"}
	g.handle(home)
	if len(g.out.homes) != 1 {
		t.Fatalf("published %d home views, want 1", len(g.out.homes))
	}
	txt := visibleText(t, g.out.homes[0])
	for _, w := range []string{"Start assessment", "haven't taken the assessment", "Product manager vs product owner"} {
		if !strings.Contains(txt, w) {
			t.Errorf("home lacks %q", w)
		}
	}
	// The Start button opens the DM and asks the first question there.
	start, _ := find(buttonsOf(t, g.out.homes[0]), "rolecall.assess.start")
	ps, _ := g.handle(&slackapp.Request{Kind: slackapp.KindAction, Team: "T1", User: "U1", ActionID: start.ActionID, Value: start.Value})
	first := questionPost(t, ps)
	if first.Channel != "DU1" {
		t.Errorf("home Start asked in %q, want the DM", first.Channel)
	}
	g.runByClicks("U1", first, startupAnswers)
	// Finishing refreshes the home with the result; so does the next visit.
	if len(g.out.homes) != 2 {
		t.Fatalf("published %d home views after finishing, want 2 (the refresh)", len(g.out.homes))
	}
	g.handle(home)
	for i, h := range g.out.homes[1:] {
		if txt := visibleText(t, h); !strings.Contains(txt, "Hire a product manager") {
			t.Errorf("home view %d after an assessment lacks its result:\n%s", i+1, txt)
		}
	}
	// The messages tab is not the home.
	g.handle(&slackapp.Request{Kind: slackapp.KindHome, Team: "T1", User: "U1", Channel: "DU1", Tab: "messages"})
	if len(g.out.homes) != 3 {
		t.Errorf("opening the messages tab published a home view")
	}
}

func TestHomeWithoutTheStoreStillPublishes(t *testing.T) {
	ctx := context.Background()
	proxy := redistest.NewProxy(t, redistest.Addr(t))
	store, err := session.Open(ctx, session.Config{URL: "redis://" + proxy.Addr() + "/0", Prefix: redistest.Prefix(t), Timeout: 300 * time.Millisecond}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	m := ops.New()
	rt, err := slackapp.NewRouter(slackapp.Config{Engine: testEngine(t), Store: store, Metrics: m, Assessments: newDialog(t, store)})
	if err != nil {
		t.Fatal(err)
	}
	proxy.Stop()
	defer proxy.Start()
	out := &convo{}
	if err := rt.Handle(ctx, &slackapp.Request{Kind: slackapp.KindHome, Team: "T1", User: "U1", Channel: "DU1", Tab: "home"}, out); err != nil {
		t.Fatal(err)
	}
	if len(out.homes) != 1 || !strings.Contains(visibleText(t, out.homes[0]), "can't show your last result right now") {
		t.Fatalf("home with the store down: %d views", len(out.homes))
	}
	if got := testutil.ToFloat64(m.StoreErrors.WithLabelValues("last_result")); got != 1 {
		t.Errorf("store errors{last_result} = %v, want 1", got)
	}
}

func TestAssessmentWithoutAStoreIsUnavailable(t *testing.T) {
	rt := newRouter(t, newMemStore(), nil)
	r := one(t, handle(t, rt, &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U1", Channel: "D1", Text: "assess"}))
	if !strings.Contains(r.Content.Text(), "isn't available") {
		t.Errorf("assess without an assessment store = %q", r.Content.Text())
	}
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
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
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func messageJSON(t *testing.T, c slackapp.Content) string {
	return fmt.Sprintf("{\n\"text\": %q,\n\"blocks\": %s\n}\n", c.Fallback(), blocksJSON(t, c))
}

func TestAssessmentGoldenBlocks(t *testing.T) {
	g := newAssessRig(t)
	ps, _ := g.handle(&slackapp.Request{Kind: slackapp.KindSlash, Team: "T1", User: "U1", Channel: "C7", Command: "/roles", Text: "assess"})
	first := questionPost(t, ps)
	golden(t, "assess-question.golden.json", messageJSON(t, first.Content))
	res, _ := g.runByClicks("U1", first, startupAnswers)
	golden(t, "assess-result.golden.json", messageJSON(t, res.Content))
	g.handle(&slackapp.Request{Kind: slackapp.KindHome, Team: "T1", User: "U1", Channel: "DU1", Tab: "home"})
	golden(t, "home.golden.json", messageJSON(t, g.out.homes[0]))
}

func TestHiringAnswersOfferTheAssessment(t *testing.T) {
	base, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	g := newAssessRig(t)
	rt, err := slackapp.NewRouter(slackapp.Config{Engine: knowledge.NewEngine(base), Store: g.store, Metrics: g.m, Assessments: newDialog(t, g.store)})
	if err != nil {
		t.Fatal(err)
	}
	g.rt = rt
	ps, _ := g.handle(&slackapp.Request{Kind: slackapp.KindMention, Team: "T1", User: "U1", Channel: "C1", TS: "1700000020.000100", Text: "<@UBOT> do I need both?"})
	if len(ps) != 1 || !strings.HasPrefix(ps[0].Content.Fallback(), "Owner:") {
		t.Fatalf("do I need both? got %+v, want the knowledge answer", ps)
	}
	start, ok := find(buttonsOf(t, ps[0].Content), "rolecall.assess.start")
	if !ok {
		t.Fatalf("the answer to a hiring question has no Take the assessment button: %v", buttonsOf(t, ps[0].Content))
	}
	ps, _ = g.handle(click("U2", "C1", ps[0].TS, "1700000020.000100", start))
	if q := questionPost(t, ps); q.Thread != "1700000020.000100" || q.User != "U2" {
		t.Errorf("Take the assessment asked in thread %q for %q, want the answer's thread, for the clicker", q.Thread, q.User)
	}
	ps, _ = g.handle(&slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: "T1", User: "U3", Channel: "DU3", Text: "who owns the backlog?"})
	if _, ok := find(buttonsOf(t, ps[0].Content), "rolecall.assess.start"); ok {
		t.Errorf("a backlog answer offers the assessment")
	}
}
