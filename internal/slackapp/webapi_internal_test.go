package slackapp

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/slacktest"
)

type nopStore struct{}

func (nopStore) Claim(context.Context, string, string) (bool, error)  { return true, nil }
func (nopStore) Release(context.Context, string, string) error        { return nil }
func (nopStore) Feedback(context.Context, string, string, bool) error { return nil }
func (nopStore) LogUnanswered(context.Context, string, string) error  { return nil }
func (nopStore) Ping(context.Context) error                           { return nil }

// TestResponderMethods covers the Web API calls the assessment dialog and
// App Home build on: post, update, open a DM, publish a home view, and an
// error from Slack turned into a typed, counted APIError.
func TestResponderMethods(t *testing.T) {
	fake := slacktest.NewT(t, slacktest.Config{})
	c := fake.Config()
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m := ops.New()
	a, err := New(Config{BotToken: c.BotToken, AppToken: c.AppToken, APIURL: fake.APIURL(),
		Engine: knowledge.NewEngine(b), Store: nopStore{}, Metrics: m, MaxRetryWait: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	out := slackResponder{a}

	ch, err := out.OpenDM(ctx, "U0ALICE")
	if err != nil || ch != fake.DMChannel("U0ALICE") {
		t.Fatalf("OpenDM = %q, %v; want %q", ch, err, fake.DMChannel("U0ALICE"))
	}
	ts, err := out.Post(ctx, Reply{Channel: ch, Content: noteContent("first")})
	if err != nil || ts == "" {
		t.Fatalf("Post = %q, %v", ts, err)
	}
	if err := out.Update(ctx, ch, ts, noteContent("second")); err != nil {
		t.Fatalf("Update: %v", err)
	}
	if err := out.PublishHome(ctx, "U0ALICE", helpContent{commands: slashCommands(), examples: Examples()}); err != nil {
		t.Fatalf("PublishHome: %v", err)
	}
	calls := fake.CallsTo("chat.update")
	if len(calls) != 1 || calls[0].TS != ts || calls[0].Text != "second" {
		t.Errorf("chat.update calls = %+v, want one on %s saying second", calls, ts)
	}
	if views := fake.CallsTo("views.publish"); len(views) != 1 || !strings.Contains(string(views[0].View), "/roles ask") {
		t.Errorf("views.publish calls = %+v", views)
	}
	if v := fake.Violations(); len(v) != 0 {
		t.Errorf("invalid blocks: %+v", v)
	}

	fake.Fail("chat.postMessage", "channel_not_found", 1)
	_, err = out.Post(ctx, Reply{Channel: "C0GONE", Content: noteContent("x")})
	var se interface{ SlackCode() string }
	if err == nil || !asCode(err, &se) || se.SlackCode() != "channel_not_found" {
		t.Fatalf("Post to a missing channel = %v, want an APIError with code channel_not_found", err)
	}
	if !strings.Contains(userMessage(err), "invite me") {
		t.Errorf("userMessage = %q, want the invite hint", userMessage(err))
	}
	if got := testutilCount(m, "chat.postMessage", "channel_not_found"); got != 1 {
		t.Errorf("slack api errors{chat.postMessage,channel_not_found} = %v, want 1", got)
	}
}

func asCode(err error, target *interface{ SlackCode() string }) bool {
	ae, ok := err.(*APIError)
	if ok {
		*target = ae
	}
	return ok
}

func testutilCount(m *ops.Metrics, method, code string) float64 {
	return testutil.ToFloat64(m.SlackAPIErrors.WithLabelValues(method, code))
}
