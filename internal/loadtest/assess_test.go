package loadtest_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/loadtest"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// The assessment in Slack under faults and over several instances. These
// tests read the bot's messages like a person: a question is a message with
// rolecall.assess.choose.* buttons, and a click sends back what the button
// carries.

// choice is one answer button of a posted question.
type choice struct {
	actionID, blockID, value string
}

// choices returns the answer buttons of a message, in order.
func choices(t *testing.T, m slacktest.Message) []choice {
	t.Helper()
	var blocks []struct {
		BlockID  string `json:"block_id"`
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if len(m.Blocks) == 0 {
		return nil
	}
	if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
		t.Fatalf("blocks of %q: %v", m.Text, err)
	}
	var out []choice
	for _, b := range blocks {
		for _, e := range b.Elements {
			if strings.HasPrefix(e.ActionID, "rolecall.assess.choose.") {
				out = append(out, choice{e.ActionID, b.BlockID, e.Value})
			}
		}
	}
	return out
}

// question is a posted question: its message and its buttons.
type question struct {
	msg     slacktest.Message
	choices []choice
	id      string // the question id, from the button value
}

// questionsIn returns the question messages posted (not updated) in channel.
func (r *rig) questionsIn(channel string) []question {
	r.t.Helper()
	var out []question
	for _, m := range r.fake.Messages() {
		if m.Method != "chat.postMessage" || m.Channel != channel {
			continue
		}
		if cs := choices(r.t, m); len(cs) > 0 {
			parts := strings.Split(cs[0].value, "|")
			id := ""
			if len(parts) == 6 {
				id = parts[4]
			}
			out = append(out, question{msg: m, choices: cs, id: id})
		}
	}
	return out
}

// postsIn counts chat.postMessage messages in channel.
func (r *rig) postsIn(channel string) (posts, results int) {
	for _, m := range r.fake.Messages() {
		if m.Method == "chat.postMessage" && m.Channel == channel {
			posts++
			if strings.HasPrefix(m.Text, "Recommendation:") {
				results++
			}
		}
	}
	return posts, results
}

// startInDM sends "assess" in user's DM and returns the first question.
func (r *rig) startInDM(user string) question {
	r.t.Helper()
	dm := r.fake.DMChannel(user)
	r.fake.SendDM("", user, "assess", "")
	var q question
	r.waitFor("the first question in "+dm, 15*time.Second, func() bool {
		qs := r.questionsIn(dm)
		if len(qs) > 0 {
			q = qs[len(qs)-1]
		}
		return len(qs) > 0
	})
	return q
}

// click answers q with its i-th choice, as user, and returns the delivery.
func (r *rig) click(user string, q question, i int) string {
	c := q.choices[i%len(q.choices)]
	id, _ := r.fake.SendBlockAction("", q.msg.Channel, user, q.msg.TS, q.msg.ThreadTS, c.actionID, c.blockID, c.value)
	return id
}

// next waits until the conversation moved past n posts: the next question
// or the result. It returns the new last question (ok false on a result).
func (r *rig) next(channel string, n int) (question, bool) {
	r.t.Helper()
	r.waitFor(fmt.Sprintf("post %d in %s", n+1, channel), 15*time.Second, func() bool {
		p, _ := r.postsIn(channel)
		return p > n
	})
	if _, res := r.postsIn(channel); res > 0 {
		return question{}, false
	}
	qs := r.questionsIn(channel)
	return qs[len(qs)-1], true
}

// storeOf opens a session store on the rig's Redis and prefix, as another
// instance would.
func (r *rig) storeOf() *session.Store {
	r.t.Helper()
	st, err := session.Open(r.ctx, session.Config{URL: r.url, Prefix: r.prefix}, nil)
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() { st.Close() })
	return st
}

func TestScaleOutAnAssessmentContinuesOnAnotherInstance(t *testing.T) {
	r := newRig(t, slacktest.Config{RecordLimit: 100000})
	b1 := r.bot("rolecall-1", nil)
	b2 := r.bot("rolecall-2", nil)
	if err := r.fake.WaitConnections(r.ctx, 2); err != nil {
		t.Fatal(err)
	}
	const user = "U0WANDER"
	dm := r.fake.DMChannel(user)
	q := r.startInDM(user)
	conns := map[int]int{}
	var trips []int64
	steps := 0
	for ok := true; ok; steps++ {
		if steps > 40 {
			t.Fatal("the assessment did not end within 40 answers")
		}
		before := b1.Store.Commands() + b2.Store.Commands()
		posts, _ := r.postsIn(dm)
		id := r.click(user, q, steps)
		q, ok = r.next(dm, posts)
		r.waitFor("the click acked", 10*time.Second, func() bool { return r.fake.Stats().Pending == 0 })
		trips = append(trips, b1.Store.Commands()+b2.Store.Commands()-before)
		for _, e := range r.fake.Envelopes() {
			if e.Delivery == id {
				conns[e.Conn]++
			}
		}
	}
	if len(conns) < 2 {
		t.Errorf("every click went to one connection (%v): the dialog never moved between instances", conns)
	}
	a, err := r.storeOf().Get(r.ctx, session.Key{Team: "T0001", User: user, Channel: dm})
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != session.StatusCompleted || len(a.Answers) != steps {
		t.Errorf("stored assessment: status %s with %d answers, want completed with %d", a.Status, len(a.Answers), steps)
	}
	seen := map[string]int{}
	for _, qq := range r.questionsIn(dm) {
		seen[qq.id]++
		if seen[qq.id] > 1 {
			t.Errorf("question %s was asked twice", qq.id)
		}
	}
	t.Logf("injected: one assessment answered by %d clicks, delivered round-robin to 2 instances (clicks per connection %v)", steps, conns)
	t.Logf("verified: completed with %d answers, no question asked twice; Redis round trips per step (claim, load on an instance that had not seen it, save, record the next question's message) %v",
		len(a.Answers), trips)
}

func TestFaultRedisCutMidAssessment(t *testing.T) {
	r := newRig(t, slacktest.Config{RecordLimit: 100000})
	proxy := redistest.NewProxy(t, redistest.Addr(t))
	b := r.bot("rolecall", func(c *loadtest.InProcessConfig) {
		c.RedisURL = proxy.URL()
		c.StoreTimeout = 200 * time.Millisecond
	})
	const users = 4
	type run struct {
		user, dm string
		q        question
		answered int
	}
	runs := make([]*run, users)
	for i := range runs {
		u := fmt.Sprintf("U0CUT%d", i)
		runs[i] = &run{user: u, dm: r.fake.DMChannel(u)}
		runs[i].q = r.startInDM(u)
	}
	// Two answers each with Redis up.
	for range 2 {
		for _, x := range runs {
			posts, _ := r.postsIn(x.dm)
			r.click(x.user, x.q, x.answered)
			x.q, _ = r.next(x.dm, posts)
			x.answered++
		}
	}
	st := r.storeOf()
	revs := map[string]int64{}
	for _, x := range runs {
		a, err := st.Get(r.ctx, session.Key{Team: "T0001", User: x.user, Channel: x.dm})
		if err != nil {
			t.Fatal(err)
		}
		revs[x.user] = a.Revision
	}

	// Redis goes away: each answer gets a private "try again", nothing else.
	proxy.Stop()
	msgs0 := r.fake.Stats().Messages
	updates0 := r.fake.Count("chat.update")
	for _, x := range runs {
		r.click(x.user, x.q, x.answered)
	}
	var notes []string
	r.waitFor("a note to every person", 15*time.Second, func() bool {
		notes = notes[:0]
		for _, m := range r.fake.Messages()[msgs0:] {
			if m.Ephemeral && strings.Contains(m.Text, "try again") {
				notes = append(notes, m.User)
			}
		}
		return len(notes) >= users
	})
	r.waitFor("every click acked", 10*time.Second, func() bool { return r.fake.Stats().Pending == 0 })
	if got := r.fake.Stats().Messages - msgs0; got != users {
		t.Errorf("%d messages while Redis was down, want only the %d notes", got, users)
	}
	if got := r.fake.Count("chat.update") - updates0; got != 0 {
		t.Errorf("%d questions updated as answered while Redis was down", got)
	}

	proxy.Start()
	r.waitFor("the store to answer again", 20*time.Second, func() bool { return b.Store.Ping(r.ctx) == nil })
	for _, x := range runs {
		a, err := st.Get(r.ctx, session.Key{Team: "T0001", User: x.user, Channel: x.dm})
		if err != nil {
			t.Fatal(err)
		}
		if a.Revision != revs[x.user] || len(a.Answers) != x.answered {
			t.Errorf("%s: revision %d with %d answers after the outage, want %d with %d: half-applied",
				x.user, a.Revision, len(a.Answers), revs[x.user], x.answered)
		}
	}
	// The same answers again, then to the end: every session continues.
	for _, x := range runs {
		for ok := true; ok; x.answered++ {
			if x.answered > 40 {
				t.Fatalf("%s: no end within 40 answers", x.user)
			}
			posts, _ := r.postsIn(x.dm)
			r.click(x.user, x.q, x.answered)
			x.q, ok = r.next(x.dm, posts)
		}
	}
	total := 0
	for _, x := range runs {
		a, err := st.Get(r.ctx, session.Key{Team: "T0001", User: x.user, Channel: x.dm})
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != session.StatusCompleted || len(a.Answers) != x.answered {
			t.Errorf("%s: %s with %d answers, want completed with %d", x.user, a.Status, len(a.Answers), x.answered)
		}
		total += len(a.Answers)
	}
	t.Logf("injected: Redis cut (proxy stopped) in the middle of %d assessments, one answer each given while it was down", users)
	t.Logf("verified: %d private \"try again\" notes and nothing else while down, no revision moved; after it returned all %d completed with %d answers in all, none lost",
		len(notes), users, total)
}

func TestFaultTwoInstancesApplyTheSameStepOnce(t *testing.T) {
	r := newRig(t, slacktest.Config{RecordLimit: 100000})
	r.bot("rolecall-1", nil)
	r.bot("rolecall-2", nil)
	if err := r.fake.WaitConnections(r.ctx, 2); err != nil {
		t.Fatal(err)
	}
	const user = "U0TWIN"
	dm := r.fake.DMChannel(user)
	q := r.startInDM(user)
	st := r.storeOf()
	key := session.Key{Team: "T0001", User: user, Channel: dm}
	const rounds = 5
	conns := map[int]int{}
	barrier := &sender{r: r, n: 1000}
	for i := range rounds {
		before, err := st.Get(r.ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		posts, _ := r.postsIn(dm)
		// The same click twice at once: two deliveries (two triggers, so
		// de-duplication by event does not catch it), on two sockets.
		var wg sync.WaitGroup
		ids := make([]string, 2)
		for j := range 2 {
			wg.Go(func() { ids[j] = r.click(user, q, i) })
		}
		wg.Wait()
		var ok bool
		q, ok = r.next(dm, posts)
		r.waitFor("both clicks acked", 10*time.Second, func() bool { return r.fake.Stats().Pending == 0 })
		// Let both instances finish: a barrier DM through each socket.
		barrier.dm()
		barrier.dm()
		r.waitAnswered(10 * time.Second)
		after, err := st.Get(r.ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Answers) != len(before.Answers)+1 {
			t.Errorf("round %d: %d answers → %d, want one step applied", i, len(before.Answers), len(after.Answers))
		}
		if p, _ := r.postsIn(dm); p != posts+1 {
			t.Errorf("round %d: %d messages posted for one step, want 1", i, p-posts)
		}
		for _, e := range r.fake.Envelopes() {
			if e.Delivery == ids[0] || e.Delivery == ids[1] {
				conns[e.Conn]++
			}
		}
		if !ok {
			break
		}
	}
	if len(conns) < 2 {
		t.Errorf("the twin clicks all went to one connection (%v)", conns)
	}
	t.Logf("injected: %d steps each clicked twice at once, the copies on two instances (clicks per connection %v)", rounds, conns)
	t.Logf("verified: each step applied once (one answer stored, one message posted per step)")
}
