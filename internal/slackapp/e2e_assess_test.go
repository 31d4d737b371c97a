package slackapp_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// withDialog gives a bot its own assessment service over store, with the
// test questionnaire.
func withDialog(t *testing.T, store *session.Store) func(*slackapp.Config) {
	return func(c *slackapp.Config) { c.Assessments = newDialog(t, store) }
}

// posts returns the chat.postMessage messages in channel (updates and
// ephemeral notes left out).
func (h *harness) posts(channel string) []slacktest.Message {
	var out []slacktest.Message
	for _, m := range h.messagesTo(channel) {
		if m.Method == "chat.postMessage" {
			out = append(out, m)
		}
	}
	return out
}

func (h *harness) updates(channel string) []slacktest.Message {
	var out []slacktest.Message
	for _, m := range h.messagesTo(channel) {
		if m.Method == "chat.update" {
			out = append(out, m)
		}
	}
	return out
}

func (h *harness) ephemerals(channel, user string) []slacktest.Message {
	var out []slacktest.Message
	for _, m := range h.messagesTo(channel) {
		if m.Ephemeral && m.User == user {
			out = append(out, m)
		}
	}
	return out
}

// waitPost waits for the n-th public post in channel and returns it.
func (h *harness) waitPost(channel string, n int) slacktest.Message {
	h.t.Helper()
	h.waitFor(fmt.Sprintf("%d post(s) in %s", n, channel), func() bool { return len(h.posts(channel)) >= n })
	return h.posts(channel)[n-1]
}

// clickThrough answers from the question message cur to the end of the
// assessment, or for at most limit questions when limit > 0, by clicking
// as user. It returns the last message posted and the clicks sent.
func (h *harness) clickThrough(user, channel, thread string, cur slacktest.Message, answers map[string]string, limit int) (last slacktest.Message, clicks int) {
	h.t.Helper()
	for range 40 {
		if strings.HasPrefix(cur.Text, "Recommendation:") || (limit > 0 && clicks == limit) {
			return cur, clicks
		}
		bs := buttonsJSON(h.t, cur.Blocks)
		qid := questionOf(h.t, bs)
		b := pick(bs, qid, answers)
		n := len(h.posts(channel))
		h.fake.SendBlockAction("", channel, user, cur.TS, thread, b.ActionID, b.BlockID, b.Value)
		clicks++
		cur = h.waitPost(channel, n+1)
	}
	h.t.Fatal("the assessment did not end within 40 questions")
	return cur, clicks
}

// askedPerQuestion counts the question messages posted per question id.
func askedPerQuestion(t *testing.T, ms []slacktest.Message) map[string]int {
	t.Helper()
	asked := map[string]int{}
	for _, m := range ms {
		if strings.HasPrefix(m.Text, "Question ") {
			asked[questionOf(t, buttonsJSON(t, m.Blocks))]++
		}
	}
	return asked
}

func TestE2EAssessmentInADMByClicks(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		b := h.start(h.store, withDialog(t, h.store))
		h.fake.SendDM("", "U0ALICE", "assess", "")
		dm := h.fake.DMChannel("U0ALICE")
		first := h.waitPost(dm, 1)
		if !strings.HasPrefix(first.Text, "Question 1 of") || first.ThreadTS != "" {
			t.Fatalf("first message %q in thread %q, want question 1 unthreaded", first.Text, first.ThreadTS)
		}
		res, clicks := h.clickThrough("U0ALICE", dm, "", first, startupAnswers, 0)
		if !strings.HasPrefix(res.Text, "Recommendation: Hire a product manager") {
			t.Errorf("last message %q, want the recommendation", res.Text)
		}
		h.barrier()
		if n := len(h.updates(dm)); n != clicks {
			t.Errorf("%d chat.update calls for %d answers, want one each", n, clicks)
		}
		for q, n := range askedPerQuestion(t, h.posts(dm)) {
			if n != 1 {
				t.Errorf("question %s posted %d times, want once", q, n)
			}
		}
		if got := testutil.ToFloat64(b.m.AssessmentsCompleted); got != 1 {
			t.Errorf("completed = %v, want 1", got)
		}
	})
}

func TestE2EAssessmentInAChannelThreadFromAMention(t *testing.T) {
	eachTransport(t, slacktest.Config{EchoBotMessages: true}, func(t *testing.T, h *harness) {
		h.start(h.store, withDialog(t, h.store))
		const ch, root = "C0HIRING", "1700000010.000100"
		env, _ := h.fake.SendMention("", ch, "U0BOB", "do we need a PO or a PM?", root, "")
		first := h.waitPost(ch, 1)

		// A stranger's click is refused privately; nothing changes.
		bs := buttonsJSON(t, first.Blocks)
		h.fake.SendBlockAction("", ch, "U0MALLORY", first.TS, root, bs[0].ActionID, bs[0].BlockID, bs[0].Value)
		h.waitFor("the refusal", func() bool { return len(h.ephemerals(ch, "U0MALLORY")) == 1 })
		if m := h.ephemerals(ch, "U0MALLORY")[0]; !strings.Contains(m.Text, "belongs to <@U0BOB>") {
			t.Errorf("refusal = %q", m.Text)
		}
		key := session.Key{Team: team, User: "U0BOB", Channel: ch, Thread: root}
		if a, err := h.store.Get(h.ctx, key); err != nil || len(a.Answers) != 0 {
			t.Errorf("after a stranger's click: %+v, %v; want no answers", a, err)
		}

		// A double click: the same envelope again, then a second click.
		b := pick(bs, "stage", startupAnswers)
		envClick, _ := h.fake.SendBlockAction("", ch, "U0BOB", first.TS, root, b.ActionID, b.BlockID, b.Value)
		second := h.waitPost(ch, 2)
		if _, err := h.fake.Redeliver(envClick); err != nil {
			t.Fatal(err)
		}
		h.fake.SendBlockAction("", ch, "U0BOB", first.TS, root, b.ActionID, b.BlockID, b.Value)
		// The mention delivered again must not start a second assessment.
		if _, err := h.fake.Redeliver(env); err != nil {
			t.Fatal(err)
		}
		h.barrier()
		if n, u := len(h.posts(ch)), len(h.updates(ch)); n != 2 || u != 1 {
			t.Errorf("after a double click: %d posts and %d updates in the thread, want 2 and 1", n, u)
		}
		if a, err := h.store.Get(h.ctx, key); err != nil || len(a.Answers) != 1 {
			t.Errorf("after a double click: %+v, %v; want one answer", a, err)
		}

		res, _ := h.clickThrough("U0BOB", ch, root, second, startupAnswers, 0)
		if !strings.HasPrefix(res.Text, "Recommendation:") {
			t.Errorf("last message %q", res.Text)
		}
		for _, m := range h.messagesTo(ch) {
			if m.Method != "chat.update" && m.ThreadTS != root {
				t.Errorf("%s %q outside the thread (thread %q)", m.Method, m.Text, m.ThreadTS)
			}
		}
		if _, ok := find(buttonsJSON(t, res.Blocks), "rolecall.assess.share"); !ok {
			t.Errorf("a thread result has no Share to channel button")
		}
	})
}

func TestE2EAssessmentContinuesAfterARestart(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	b1 := h.start(h.store, withDialog(t, h.store))
	h.fake.SendDM("", "U0CAROL", "start", "")
	dm := h.fake.DMChannel("U0CAROL")
	cur, _ := h.clickThrough("U0CAROL", dm, "", h.waitPost(dm, 1), startupAnswers, 4)
	if err := b1.stop(); err != nil {
		t.Fatal(err)
	}
	// A new instance (new process, same Redis) takes the next click.
	h.start(h.store, withDialog(t, h.store))
	res, _ := h.clickThrough("U0CAROL", dm, "", cur, startupAnswers, 0)
	if !strings.HasPrefix(res.Text, "Recommendation:") {
		t.Errorf("last message %q", res.Text)
	}
	asked := askedPerQuestion(t, h.posts(dm))
	if len(asked) < 10 {
		t.Errorf("%d questions asked, want the whole questionnaire", len(asked))
	}
	for q, n := range asked {
		if n != 1 {
			t.Errorf("question %s posted %d times across the restart, want once", q, n)
		}
	}
	// "assess" again after finishing starts afresh; one in progress is offered.
	n := len(h.posts(dm))
	h.fake.SendDM("", "U0CAROL", "assess", "")
	q1 := h.waitPost(dm, n+1)
	h.clickThrough("U0CAROL", dm, "", q1, startupAnswers, 1)
	n = len(h.posts(dm))
	h.fake.SendDM("", "U0CAROL", "assess", "")
	if offer := h.waitPost(dm, n+1); !strings.Contains(offer.Text, "in progress") {
		t.Errorf("assess with one in progress = %q, want the offer to resume", offer.Text)
	}
}

func TestE2EAppHome(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	h.start(h.store, withDialog(t, h.store))
	h.fake.SendAppHomeOpened("", "U0DAN")
	calls, err := h.fake.WaitCalls(h.ctx, "views.publish", 1)
	if err != nil {
		t.Fatal(err)
	}
	var view struct {
		Type   string          `json:"type"`
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(calls[0].View, &view); err != nil {
		t.Fatal(err)
	}
	if err := slacktest.ValidateBlocks(view.Blocks, slacktest.SurfaceHome); err != nil || view.Type != "home" {
		t.Errorf("home view of type %q: %v", view.Type, err)
	}
	start, ok := find(buttonsJSON(t, view.Blocks), "rolecall.assess.start")
	if !ok {
		t.Fatalf("the home view has no Start assessment button")
	}
	h.fake.SendBlockActionHome("", "U0DAN", start.ActionID, start.BlockID, start.Value)
	dm := h.fake.DMChannel("U0DAN")
	h.clickThrough("U0DAN", dm, "", h.waitPost(dm, 1), startupAnswers, 0)
	// Finishing republishes the tab with the result, before any new visit.
	calls, err = h.fake.WaitCalls(h.ctx, "views.publish", 2)
	if err != nil {
		t.Fatal(err)
	}
	if v := unescapeJSON(string(calls[1].View)); !strings.Contains(v, "Your last assessment") || !strings.Contains(v, "Hire a product manager") {
		t.Errorf("home refreshed at the end of the assessment lacks the result:\n%s", v)
	}
	h.fake.SendAppHomeOpened("", "U0DAN")
	calls, err = h.fake.WaitCalls(h.ctx, "views.publish", 3)
	if err != nil {
		t.Fatal(err)
	}
	if v := unescapeJSON(string(calls[2].View)); !strings.Contains(v, "Your last assessment") || !strings.Contains(v, "Hire a product manager") {
		t.Errorf("home after an assessment lacks the result:\n%s", v)
	}
	for i, c := range calls {
		var v struct {
			Blocks json.RawMessage `json:"blocks"`
		}
		if err := json.Unmarshal(c.View, &v); err != nil {
			t.Fatal(err)
		}
		if err := slacktest.ValidateBlocks(v.Blocks, slacktest.SurfaceHome); err != nil {
			t.Errorf("home view %d: %v", i, err)
		}
	}
}

func TestE2ESlashAssessOpensTheDM(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		h.start(h.store, withDialog(t, h.store))
		env, _ := h.fake.SendSlash("", "C0GENERAL", "U0ERIN", "/roles", "assess")
		if _, err := h.fake.WaitAck(h.ctx, env); err != nil {
			t.Fatal(err)
		}
		dm := h.fake.DMChannel("U0ERIN")
		if first := h.waitPost(dm, 1); !strings.HasPrefix(first.Text, "Question 1 of") {
			t.Errorf("first DM message %q", first.Text)
		}
		h.waitFor("the note in the channel", func() bool { return len(h.ephemerals("C0GENERAL", "U0ERIN")) == 1 })
		if h.fake.Count("conversations.open") != 1 {
			t.Errorf("conversations.open called %d times, want 1", h.fake.Count("conversations.open"))
		}
	})
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestE2EOpsEndpointsAndARedisOutageMidAssessment(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	proxy := redistest.NewProxy(t, redistest.Addr(t))
	store, err := session.Open(h.ctx, session.Config{URL: "redis://" + proxy.Addr() + "/0", Prefix: redistest.Prefix(t), Timeout: 300 * time.Millisecond, TTL: time.Hour}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	b := h.start(store, withDialog(t, store))
	srv := httptest.NewServer(ops.Handler(b.m, ops.Check{Name: "slack", Fn: b.app.Ready}, ops.Check{Name: "redis", Fn: store.Ping}))
	t.Cleanup(srv.Close)
	if code, body := httpGet(t, srv.URL+"/readyz"); code != 200 {
		t.Fatalf("/readyz = %d %s, want 200", code, body)
	}

	// One whole assessment.
	h.fake.SendDM("", "U0ALICE", "assess", "")
	dm := h.fake.DMChannel("U0ALICE")
	_, clicks := h.clickThrough("U0ALICE", dm, "", h.waitPost(dm, 1), startupAnswers, 0)

	// Another one, cut off mid-way.
	h.fake.SendDM("", "U0BOB", "assess", "")
	dm2 := h.fake.DMChannel("U0BOB")
	cur, _ := h.clickThrough("U0BOB", dm2, "", h.waitPost(dm2, 1), startupAnswers, 2)
	proxy.Stop()
	code, body := httpGet(t, srv.URL+"/readyz")
	if code != 503 || !strings.Contains(body, `"redis"`) {
		t.Errorf("/readyz with Redis cut = %d %s, want 503 naming redis", code, body)
	}
	bs := buttonsJSON(t, cur.Blocks)
	pb := pick(bs, questionOf(t, bs), startupAnswers)
	posts, updates := len(h.posts(dm2)), len(h.updates(dm2))
	h.fake.SendBlockAction("", dm2, "U0BOB", cur.TS, "", pb.ActionID, pb.BlockID, pb.Value)
	h.waitFor("the not-saved note", func() bool { return len(h.ephemerals(dm2, "U0BOB")) == 1 })
	if m := h.ephemerals(dm2, "U0BOB")[0]; !strings.Contains(m.Text, "not recorded") || !strings.Contains(m.Text, "try again") {
		t.Errorf("note = %q, want it to say the answer was not recorded", m.Text)
	}
	if p, u := len(h.posts(dm2)), len(h.updates(dm2)); p != posts || u != updates {
		t.Errorf("with Redis down the click posted %d and updated %d messages, want none", p-posts, u-updates)
	}
	proxy.Start()
	h.waitFor("/readyz to recover", func() bool { code, _ := httpGet(t, srv.URL+"/readyz"); return code == 200 })
	res, more := h.clickThrough("U0BOB", dm2, "", cur, startupAnswers, 0)
	if !strings.HasPrefix(res.Text, "Recommendation:") {
		t.Errorf("after Redis came back the assessment ended with %q", res.Text)
	}
	for q, n := range askedPerQuestion(t, h.posts(dm2)) {
		if n != 1 {
			t.Errorf("question %s posted %d times, want once", q, n)
		}
	}

	h.barrier()
	_, metrics := httpGet(t, srv.URL+"/metrics")
	for _, want := range []string{
		"rolecall_assessments_started_total 2",
		"rolecall_assessments_completed_total 2",
		"rolecall_assessments_abandoned_total 0",
		fmt.Sprintf(`rolecall_envelopes_total{type="interactive"} %d`, clicks+2+1+more),
		`rolecall_envelopes_total{type="events_api"} 3`, // two "assess" and the barrier
		`rolecall_store_errors_total{op="assessment"} 1`,
		`rolecall_answers_total{owner="product_owner"} 1`, // the barrier's question
		`rolecall_handle_latency_seconds_count{kind="action"}`,
		"rolecall_ack_latency_seconds_count",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", metrics)
	}
}

// sectionTexts joins the text of a message's section blocks: what the
// result says, without the button values (which name the user).
func sectionTexts(t *testing.T, blocks json.RawMessage) string {
	t.Helper()
	var bs []struct {
		Type string `json:"type"`
		Text struct {
			Text string `json:"text"`
		} `json:"text"`
	}
	if err := json.Unmarshal(blocks, &bs); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range bs {
		if b.Type == "section" || b.Type == "header" {
			out = append(out, b.Text.Text)
		}
	}
	return strings.Join(out, "\n")
}

func TestE2EAssessmentBackThenADifferentAnswer(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	h.start(h.store, withDialog(t, h.store))
	alt := map[string]string{}
	for k, v := range startupAnswers {
		alt[k] = v
	}
	alt["stage"] = "enterprise"

	// Directly: enterprise from the start.
	h.fake.SendDM("", "U0DIRECT", "assess", "")
	direct := h.fake.DMChannel("U0DIRECT")
	want, _ := h.clickThrough("U0DIRECT", direct, "", h.waitPost(direct, 1), alt, 0)

	// Early-stage startup, one product, then Back twice and enterprise.
	h.fake.SendDM("", "U0BACK", "assess", "")
	dm := h.fake.DMChannel("U0BACK")
	third, _ := h.clickThrough("U0BACK", dm, "", h.waitPost(dm, 1), startupAnswers, 2)
	cur := third
	for i := range 2 {
		back, ok := find(buttonsJSON(t, cur.Blocks), "rolecall.assess.back")
		if !ok {
			t.Fatalf("question %q has no Back button", cur.Text)
		}
		n := len(h.posts(dm))
		h.fake.SendBlockAction("", dm, "U0BACK", cur.TS, "", back.ActionID, back.BlockID, back.Value)
		cur = h.waitPost(dm, n+1)
		if want := []string{"products", "stage"}[i]; questionOf(t, buttonsJSON(t, cur.Blocks)) != want {
			t.Fatalf("Back asked %q, want %s", cur.Text, want)
		}
	}
	got, _ := h.clickThrough("U0BACK", dm, "", cur, alt, 0)
	if !strings.HasPrefix(got.Text, "Recommendation:") || got.Text != want.Text {
		t.Errorf("after Back: %q\nanswering directly: %q", got.Text, want.Text)
	}
	if diff := cmp.Diff(sectionTexts(t, want.Blocks), sectionTexts(t, got.Blocks)); diff != "" {
		t.Errorf("the result after Back differs from answering directly (-direct +back):\n%s", diff)
	}
	if strings.Contains(sectionTexts(t, got.Blocks), "Early-stage startup") {
		t.Errorf("the result still shows the answer that was changed")
	}
}

func TestE2EForgedAssessmentButtonsChangeNothing(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	h.start(h.store, withDialog(t, h.store))
	const ch, root = "C0HIRING", "1700000020.000100"
	h.fake.SendMention("", ch, "U0BOB", "assess", root, "")
	bobs := h.waitPost(ch, 1)
	h.fake.SendMention("", ch, "U0ALICE", "assess", "", root)
	alices := h.waitPost(ch, 2)
	if !strings.HasPrefix(alices.Text, "Question 1") || alices.ThreadTS != root {
		t.Fatalf("Alice's first question %q in thread %q", alices.Text, alices.ThreadTS)
	}
	cancel, _ := find(buttonsJSON(t, alices.Blocks), "rolecall.assess.cancel")
	dm := h.fake.DMChannel("U0ALICE")

	// In her own DM, Alice clicks a Cancel whose value names the thread,
	// on Bob's message; then a Start over whose value names C0GENERAL.
	h.fake.SendBlockAction("", dm, "U0ALICE", bobs.TS, "", cancel.ActionID, cancel.BlockID, cancel.Value)
	h.fake.SendBlockAction("", dm, "U0ALICE", bobs.TS, "", "rolecall.assess.restart", "cancelled-actions", "a1|U0ALICE|C0GENERAL|1700000030.000100||abandon")
	h.waitFor("an outcome of both clicks", func() bool {
		return len(h.ephemerals(dm, "U0ALICE"))+len(h.updates(ch))+len(h.posts(ch))-2+len(h.messagesTo("C0GENERAL")) >= 2
	})
	h.barrier()
	if n := len(h.ephemerals(dm, "U0ALICE")); n != 2 {
		t.Errorf("%d private notes to Alice in her DM, want a refusal of each click", n)
	}

	for _, m := range h.ephemerals(dm, "U0ALICE") {
		if !strings.Contains(m.Text, "changed nothing") {
			t.Errorf("refusal %q does not say the click changed nothing", m.Text)
		}
	}
	for _, u := range h.updates(ch) {
		t.Errorf("chat.update of %s in %s (Bob's is %s): %q, want none", u.TS, ch, bobs.TS, u.Text)
	}
	if n := len(h.posts(ch)); n != 2 {
		t.Errorf("%d posts in %s, want the two first questions", n, ch)
	}
	for _, m := range h.messagesTo("C0GENERAL") {
		t.Errorf("%s in C0GENERAL: %q, want nothing there", m.Method, m.Text)
	}
	for _, user := range []string{"U0ALICE", "U0BOB"} {
		a, err := h.store.Get(h.ctx, session.Key{Team: team, User: user, Channel: ch, Thread: root})
		if err != nil || a.Status != session.StatusActive || len(a.Answers) != 0 {
			t.Errorf("%s's assessment after the forged clicks: %+v, %v; want it untouched", user, a, err)
		}
	}
}

func TestE2EAThreadThatIsNotATimestampIsIgnored(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	b := h.start(h.store, withDialog(t, h.store))
	huge := strings.Repeat("1", 100000) + "." + strings.Repeat("2", 99999)
	for _, thread := range []string{"dm", huge, "1700000000.000100:x"} {
		h.fake.SendMention("", "C0ODD", "U0EVE", "assess", "", thread)
	}
	h.fake.SendBlockAction("", "C0ODD", "U0EVE", "1700000001.000100", "dm", "rolecall.assess.restart", "cancelled-actions", "a1|U0EVE|C0ODD|||abandon")
	h.barrier()
	if ms := h.messagesTo("C0ODD"); len(ms) != 0 {
		t.Errorf("%d messages in C0ODD, want the malformed threads ignored; first: %s %q in thread %.40q", len(ms), ms[0].Method, ms[0].Text, ms[0].ThreadTS)
	}
	if got := testutil.ToFloat64(b.m.AssessmentsStarted); got != 0 {
		t.Errorf("%v assessments started, want none", got)
	}
}
