package slackapp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// syncBuffer collects log output from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// bot is one running App against a fake Slack.
type bot struct {
	app  *slackapp.App
	m    *ops.Metrics
	stop func() error
	// url is the base of the bot's request URLs (HTTP only).
	url string
}

type harness struct {
	t     *testing.T
	fake  *slacktest.Server
	store *session.Store
	logs  *syncBuffer
	ctx   context.Context
	// transport is how the bots meet the fake: over Socket Mode, or at
	// request URLs the fake POSTs to.
	transport slackapp.Transport
	mu        sync.Mutex
	bots      []*bot
}

const team = "T0001"

// eachTransport runs test twice, over Socket Mode and over HTTP request
// URLs, each with a harness of its own: the same scenario must hold in
// both modes.
func eachTransport(t *testing.T, cfg slacktest.Config, test func(t *testing.T, h *harness)) {
	for _, tr := range []slackapp.Transport{slackapp.SocketMode, slackapp.HTTPMode} {
		t.Run(tr.String(), func(t *testing.T) { test(t, newHarnessOver(t, tr, cfg)) })
	}
}

// newHarness starts a fake Slack (short ack deadline) and a real session
// store for bots over Socket Mode; every log line of the bots goes to logs,
// which is checked for tokens when the test ends.
func newHarness(t *testing.T, cfg slacktest.Config) *harness {
	t.Helper()
	return newHarnessOver(t, slackapp.SocketMode, cfg)
}

// newHarnessOver is newHarness for bots over transport tr. Over HTTP the
// fake retries a failed event after 0, 50 and 100 ms unless cfg says
// otherwise.
func newHarnessOver(t *testing.T, tr slackapp.Transport, cfg slacktest.Config) *harness {
	t.Helper()
	// Distinctive tokens, so a leak of either (or of its tail) is findable.
	if cfg.BotToken == "" {
		cfg.BotToken = "xoxb-1111-2222-Zq8vBotSecretTail"
		cfg.AppToken = "xapp-1-A0APP-3333-Kp4wAppSecretTail"
	}
	if cfg.AckTimeout == 0 {
		cfg.AckTimeout = 500 * time.Millisecond
	}
	if cfg.HTTPRetryDelays == nil {
		cfg.HTTPRetryDelays = []time.Duration{0, 50 * time.Millisecond, 100 * time.Millisecond}
	}
	fake := slacktest.NewT(t, cfg)
	logs := &syncBuffer{}
	lg := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	store, err := session.Open(ctx, session.Config{URL: redistest.URL(t), Prefix: redistest.Prefix(t)}, lg)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	h := &harness{t: t, fake: fake, store: store, logs: logs, ctx: ctx, transport: tr}
	t.Cleanup(func() {
		for _, v := range fake.Violations() {
			t.Errorf("the fake refused a message as invalid_blocks: %s %v", v.Method, v.Messages)
		}
		out := logs.String()
		c := fake.Config()
		for _, secret := range []string{c.BotToken, c.AppToken, c.BotToken[len(c.BotToken)-8:], c.AppToken[len(c.AppToken)-8:], c.SigningSecret} {
			if strings.Contains(out, secret) {
				t.Errorf("a token or the signing secret (or a tail %q) appears in the log", secret)
			}
		}
		if t.Failed() {
			t.Logf("bot log:\n%s", out)
		}
	})
	return h
}

// start runs one bot instance until the test ends (or stop is called).
// Over HTTP it serves its request URLs on a loopback server of its own,
// which the fake then delivers to, round-robin with the other bots'.
func (h *harness) start(store slackapp.Store, mod ...func(*slackapp.Config)) *bot {
	h.t.Helper()
	c := h.fake.Config()
	m := ops.New()
	cfg := slackapp.Config{
		BotToken: c.BotToken, AppToken: c.AppToken, APIURL: h.fake.APIURL(),
		Engine: testEngine(h.t), Store: store, Metrics: m,
		Logger:          slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		ShutdownTimeout: 5 * time.Second,
	}
	if h.transport == slackapp.HTTPMode {
		cfg.Transport, cfg.AppToken, cfg.SigningSecret = slackapp.HTTPMode, "", c.SigningSecret
	}
	for _, f := range mod {
		f(&cfg)
	}
	app, err := slackapp.New(cfg)
	if err != nil {
		h.t.Fatalf("slackapp.New: %v", err)
	}
	var srv *httptest.Server
	if h.transport == slackapp.HTTPMode {
		srv = httptest.NewServer(app.Handler())
	}
	socketsBefore := h.fake.Stats().ConnectionsOpened
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	var once sync.Once
	var runErr error
	stop := func() error {
		once.Do(func() {
			if srv != nil {
				// Out of the load balancer first, then stopped.
				h.fake.RemoveRequestURL(srv.URL)
			}
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(15 * time.Second):
				runErr = fmt.Errorf("Run did not return within 15s of cancel")
			}
			if srv != nil {
				srv.Close()
			}
		})
		return runErr
	}
	h.t.Cleanup(func() {
		if err := stop(); err != nil {
			h.t.Errorf("Run: %v", err)
		}
	})
	h.waitFor("the bot to connect", func() bool { return app.Ready(h.ctx) == nil })
	if h.transport == slackapp.SocketMode {
		// The bot is ready once its websocket is dialled; the fake counts
		// the socket a moment later, and a frame sent in between finds no
		// socket to go to.
		h.waitFor("the fake to take the bot's socket", func() bool { return h.fake.Stats().ConnectionsOpened > socketsBefore })
	}
	if srv != nil {
		h.fake.AddRequestURL(srv.URL)
	}
	b := &bot{app: app, m: m, stop: stop}
	if srv != nil {
		b.url = srv.URL
	}
	h.mu.Lock()
	h.bots = append(h.bots, b)
	h.mu.Unlock()
	return b
}

func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.ctx, 10*time.Second)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			h.t.Fatalf("timed out waiting for %s", what)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// messagesTo returns the delivered messages in channel.
func (h *harness) messagesTo(channel string) []slacktest.Message {
	var out []slacktest.Message
	for _, m := range h.fake.Messages() {
		if m.Channel == channel {
			out = append(out, m)
		}
	}
	return out
}

// waitMessages waits for n messages in channel and returns them.
func (h *harness) waitMessages(channel string, n int) []slacktest.Message {
	h.t.Helper()
	h.waitFor(fmt.Sprintf("%d message(s) in %s", n, channel), func() bool { return len(h.messagesTo(channel)) >= n })
	return h.messagesTo(channel)
}

// barrier sends a DM and waits for its answer, for every delivery to be
// acked and for every bot's pool to be idle: a bot acks only once the work
// is queued, so everything sent before has been handled by then and
// counting replies after it is not a timing guess, over one ordered socket
// or concurrent HTTP requests alike.
func (h *harness) barrier() {
	h.t.Helper()
	user := fmt.Sprintf("U0BARRIER%d", time.Now().UnixNano())
	h.fake.SendDM("", user, "who owns the backlog?", "")
	h.waitMessages(h.fake.DMChannel(user), 1)
	h.waitFor("every envelope acked", func() bool { return h.fake.Stats().Pending == 0 })
	h.waitFor("every worker pool idle", func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		for _, b := range h.bots {
			if testutil.ToFloat64(b.m.PoolQueued) != 0 || testutil.ToFloat64(b.m.PoolInFlight) != 0 {
				return false
			}
		}
		return true
	})
}

// visible decodes a message's blocks and text into what a person sees.
func visible(t *testing.T, text string, blocks json.RawMessage) string {
	t.Helper()
	var v any
	if len(blocks) > 0 {
		if err := json.Unmarshal(blocks, &v); err != nil {
			t.Fatalf("blocks are not JSON: %v", err)
		}
	}
	b, _ := json.Marshal(v)
	return unescapeJSON(string(b)) + "\n" + text
}

func TestE2EMentionIsAnsweredOnceInAThread(t *testing.T) {
	eachTransport(t, slacktest.Config{EchoBotMessages: true}, func(t *testing.T, h *harness) {
		b := h.start(h.store)
		_, _ = h.fake.SendMention("", "C0GENERAL", "U0ALICE", "who owns the backlog?", "1700000000.000100", "")
		msgs := h.waitMessages("C0GENERAL", 1)
		m := msgs[0]
		if m.ThreadTS != "1700000000.000100" || m.Ephemeral {
			t.Errorf("reply thread %q ephemeral=%v, want a public reply in thread 1700000000.000100", m.ThreadTS, m.Ephemeral)
		}
		txt := visible(t, m.Text, m.Blocks)
		for _, want := range []string{"Owner: Product owner", "Sources:", "Roles and Responsibilities", "rolecall.related.0", "rolecall.feedback.up"} {
			if !strings.Contains(txt, want) {
				t.Errorf("reply lacks %q:\n%s", want, txt)
			}
		}

		// A related-question button answers in the same thread.
		h.fake.SendBlockAction("", "C0GENERAL", "U0BOB", m.TS, m.ThreadTS, "rolecall.related.0", "related", "user-stories")
		msgs = h.waitMessages("C0GENERAL", 2)
		if r := msgs[1]; r.ThreadTS != "1700000000.000100" || !strings.Contains(r.Text, "user stories") {
			t.Errorf("related answer in thread %q text %q, want thread 1700000000.000100 about user stories", r.ThreadTS, r.Text)
		}

		// The echoes of the bot's own posts (EchoBotMessages) get no reply.
		h.barrier()
		if n := len(h.messagesTo("C0GENERAL")); n != 2 {
			t.Errorf("%d messages in the channel, want exactly 2 (answer + related)", n)
		}
		if got := testutil.ToFloat64(b.m.Answers.WithLabelValues("product_owner")); got < 2 {
			t.Errorf("answers{owner=product_owner} = %v, want ≥ 2", got)
		}
	})
}

func TestE2EDirectMessages(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		h.start(h.store)
		h.fake.SendDM("", "U0ALICE", "who builds the roadmap?", "")
		dm := h.fake.DMChannel("U0ALICE")
		m := h.waitMessages(dm, 1)[0]
		if m.ThreadTS != "" || !strings.Contains(m.Text, "Owner: Product manager") {
			t.Errorf("DM reply thread %q text %q, want an unthreaded product manager answer", m.ThreadTS, m.Text)
		}

		// The bot's own message, an edit, a join and another bot get no reply.
		bot := h.fake.Config()
		for _, ev := range []map[string]any{
			{"type": "message", "channel_type": "im", "channel": dm, "user": bot.BotUserID, "text": "who owns the backlog?", "ts": h.fake.NewTS()},
			{"type": "message", "channel_type": "im", "channel": dm, "user": "U0ALICE", "bot_id": bot.BotID, "text": "who owns the backlog?", "ts": h.fake.NewTS()},
			{"type": "message", "channel_type": "im", "channel": dm, "subtype": "bot_message", "bot_id": "B0OTHER", "text": "who owns the backlog?", "ts": h.fake.NewTS()},
			{"type": "message", "channel_type": "im", "channel": dm, "subtype": "message_changed", "hidden": true, "ts": h.fake.NewTS(),
				"message": map[string]any{"type": "message", "user": "U0ALICE", "text": "who owns the roadmap?", "ts": "1.0"}},
			{"type": "message", "channel_type": "im", "channel": dm, "subtype": "message_deleted", "hidden": true, "deleted_ts": "1.0", "ts": h.fake.NewTS()},
			{"type": "message", "channel_type": "channel", "channel": "C0GENERAL", "subtype": "channel_join", "user": "U0ALICE", "text": "joined", "ts": h.fake.NewTS()},
		} {
			h.fake.SendMessage(ev)
		}
		h.fake.SendMention("", "C0GENERAL", bot.BotUserID, "who owns the backlog?", "", "")
		h.barrier()
		if n := len(h.messagesTo(dm)); n != 1 {
			t.Errorf("%d messages in the DM, want 1: the bot answered itself or a subtype", n)
		}
		if n := len(h.messagesTo("C0GENERAL")); n != 0 {
			t.Errorf("%d messages in C0GENERAL, want 0: the bot answered its own mention", n)
		}

		h.fake.SendDM("", "U0ALICE", "help", "")
		if m := h.waitMessages(dm, 2)[1]; !strings.Contains(visible(t, m.Text, m.Blocks), "/roles ask") {
			t.Errorf("help in a DM = %q", m.Text)
		}
	})
}

func TestE2EAFollowUpInAThreadLeansOnItsLastAnswer(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		h.start(h.store)
		h.fake.SendMention("", "C0GENERAL", "U0ALICE", "who owns the backlog?", "1700000000.000100", "")
		h.waitMessages("C0GENERAL", 1)
		// The thread remembers its answer once the reply is on its way.
		h.barrier()
		h.fake.SendMention("", "C0GENERAL", "U0BOB", "what about the PM?", "1700000000.000200", "1700000000.000100")
		m := h.waitMessages("C0GENERAL", 2)[1]
		txt := visible(t, m.Text, m.Blocks)
		if m.ThreadTS != "1700000000.000100" || !strings.Contains(txt, "Following up on: _Who owns the product backlog?_") || !strings.Contains(txt, "Not by the sources") {
			t.Errorf("follow-up in thread %q:\n%s\nwant the backlog's answer for the PM in thread 1700000000.000100", m.ThreadTS, txt)
		}
		// The same words in a new thread lean on nothing.
		h.fake.SendMention("", "C0GENERAL", "U0BOB", "what about the PM?", "1700000000.000300", "")
		if txt := visible(t, "", h.waitMessages("C0GENERAL", 3)[2].Blocks); strings.Contains(txt, "Following up on") {
			t.Errorf("a new thread's follow-up leaned on another thread:\n%s", txt)
		}
	})
}

func TestE2EUnansweredQuestionsAreKeptNormalisedAndCut(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	h.start(h.store)
	// 40 KB DMs nobody can answer, naming someone.
	long := strings.Repeat("What's the WEATHER for <@U0SECRET> at <https://intra.example/x|our office>? ", 520)
	const n = 5
	for range n {
		h.fake.SendDM("", "U0ALICE", long, "")
	}
	dm := h.fake.DMChannel("U0ALICE")
	h.waitMessages(dm, n)
	var got []session.Unanswered
	h.waitFor("the questions to be logged", func() bool {
		got, _ = h.store.RecentUnanswered(h.ctx, team, 2*n)
		return len(got) == n
	})
	for _, u := range got[:1] {
		if r := []rune(u.Question); len(r) > session.UnansweredMaxRunes || len(r) < 200 || !strings.HasPrefix(knowledge.Normalize(long), u.Question) {
			t.Errorf("logged %d characters: %.80q…; want at most %d, normalised", len(r), u.Question, session.UnansweredMaxRunes)
		}
		for _, leak := range []string{"U0SECRET", "intra.example", "WEATHER"} {
			if strings.Contains(u.Question, leak) {
				t.Errorf("logged question keeps %q: %.80q…", leak, u.Question)
			}
		}
	}
}

func TestE2ESlashCommandsReplyEphemerally(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		h.start(h.store)
		tests := []struct {
			name, text string
			want       []string
		}{
			{"/roles ask answers with a Share button", "ask who owns the backlog?", []string{"Owner: Product owner", "Share in channel", "rolecall.share"}},
			{"/roles compare shows the comparison", "compare", []string{"Product manager vs product owner", "Success measures"}},
			{"/roles alone shows help", "", []string{"/roles ask", "/roles compare", "/roles topics"}},
			{"/roles nonsense names it and shows help", "nonsense", []string{"I don't know `/roles nonsense`", "/roles ask"}},
			{"/roles topics lists topics", "topics", []string{"Product backlog"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				env, _ := h.fake.SendSlash("", "C0GENERAL", "U0ALICE", "/roles", tt.text)
				ack, err := h.fake.WaitAck(h.ctx, env)
				if err != nil {
					t.Fatalf("no ack: %v", err)
				}
				var p struct {
					ResponseType string          `json:"response_type"`
					Text         string          `json:"text"`
					Blocks       json.RawMessage `json:"blocks"`
				}
				if err := json.Unmarshal(ack.Payload, &p); err != nil {
					t.Fatalf("ack payload %s: %v", ack.Payload, err)
				}
				if p.ResponseType != "ephemeral" || p.Text == "" {
					t.Errorf("response_type %q text %q, want an ephemeral reply with text", p.ResponseType, p.Text)
				}
				if err := slacktest.ValidateBlocks(p.Blocks, slacktest.SurfaceMessage); err != nil {
					t.Errorf("ack blocks: %v", err)
				}
				if len(ack.Payload) >= 20<<10 {
					t.Errorf("ack payload is %d bytes, Slack drops 20 KB or more", len(ack.Payload))
				}
				txt := visible(t, p.Text, p.Blocks)
				for _, w := range tt.want {
					if !strings.Contains(txt, w) {
						t.Errorf("reply lacks %q:\n%s", w, txt)
					}
				}
			})
		}
		if n := len(h.messagesTo("C0GENERAL")); n != 0 {
			t.Errorf("slash commands posted %d public messages, want none", n)
		}
	})
}

func TestE2EUserTextIsNeverPostedUnescaped(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		h.start(h.store)
		evil := "<!channel> <!here> <@U0BOSS>"
		env, _ := h.fake.SendSlash("", "C0GENERAL", "U0ALICE", "/roles", evil)
		ack, err := h.fake.WaitAck(h.ctx, env)
		if err != nil {
			t.Fatal(err)
		}
		h.fake.SendMention("", "C0GENERAL", "U0ALICE", evil+" who owns the backlog?", "", "")
		h.fake.SendBlockActionEphemeral("", "C0GENERAL", "U0ALICE", "1700000001.000100", "", "rolecall.share", "feedback", "backlog\nwho owns the backlog? "+evil)
		h.waitMessages("C0GENERAL", 2)
		shared := false
		for _, m := range h.messagesTo("C0GENERAL") {
			txt := visible(t, m.Text, m.Blocks)
			if strings.Contains(txt, "<@U0ALICE> asked") {
				shared = true
				if !strings.Contains(txt, "&lt;!channel&gt;") {
					t.Errorf("shared question not escaped: %s", txt)
				}
			}
			for _, bad := range []string{"<!channel>", "<!here>", "<@U0BOSS>"} {
				if strings.Contains(txt, bad) {
					t.Errorf("posted %q unescaped: %s", bad, txt)
				}
			}
		}
		if !shared {
			t.Errorf("the Share button posted nothing attributed to the asker")
		}
		var p struct {
			Text   string          `json:"text"`
			Blocks json.RawMessage `json:"blocks"`
		}
		_ = json.Unmarshal(ack.Payload, &p)
		if txt := visible(t, p.Text, p.Blocks); strings.Contains(txt, "<!channel>") || !strings.Contains(txt, "&lt;!channel&gt;") {
			t.Errorf("unknown subcommand echoed unescaped: %s", txt)
		}
	})
}

func TestE2ERedeliveriesAreAnsweredOnce(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		b1 := h.start(h.store)
		b2 := h.start(h.store) // a second instance on its own socket, sharing the store
		env, _ := h.fake.SendMention("", "C0GENERAL", "U0ALICE", "who owns the backlog?", "", "")
		h.waitMessages("C0GENERAL", 1)
		// The same event again, as a retry on the other connection, and again.
		for range 2 {
			if _, err := h.fake.Redeliver(env); err != nil {
				t.Fatal(err)
			}
		}
		h.barrier()
		h.waitFor("both copies suppressed", func() bool {
			return testutil.ToFloat64(b1.m.Duplicates)+testutil.ToFloat64(b2.m.Duplicates) >= 2
		})
		if n := len(h.messagesTo("C0GENERAL")); n != 1 {
			t.Errorf("%d replies to one event delivered three times, want 1", n)
		}
		reason := map[slackapp.Transport]string{slackapp.SocketMode: "timeout", slackapp.HTTPMode: "http_timeout"}[h.transport]
		if got := testutil.ToFloat64(b1.m.Redeliveries.WithLabelValues(reason)) + testutil.ToFloat64(b2.m.Redeliveries.WithLabelValues(reason)); got != 2 {
			t.Errorf("redeliveries{reason=%s} = %v, want the 2 copies marked", reason, got)
		}
	})
}

func TestE2EARetryWhoseFirstCopyWasLostIsAnswered(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	h.start(h.store)
	// Only the third attempt reaches us: the first copies went to a socket
	// that died. It must be answered.
	frame := fmt.Sprintf(`{"envelope_id":"lost-1","type":"events_api","accepts_response_payload":false,"retry_attempt":2,"retry_reason":"timeout","payload":{"token":"vtoken-test","team_id":%q,"api_app_id":"A0APP","type":"event_callback","event_id":"Ev0LOST","event_time":1700000000,"event":{"type":"app_mention","user":"U0ALICE","text":"<@U0BOT> who owns the backlog?","ts":"1700000002.000100","channel":"C0LOST","event_ts":"1700000002.000100"}}}`, team)
	if err := h.fake.SendRaw([]byte(frame)); err != nil {
		t.Fatal(err)
	}
	if m := h.waitMessages("C0LOST", 1)[0]; m.ThreadTS != "1700000002.000100" {
		t.Errorf("reply in thread %q, want 1700000002.000100", m.ThreadTS)
	}
}

func TestE2EReconnectsAfterDisconnect(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	h.start(h.store)
	for i, cut := range []func(){
		func() { h.fake.Disconnect("refresh_requested") },
		func() { h.fake.DropConnections() },
	} {
		opened := h.fake.Stats().ConnectionsOpened
		cut()
		h.waitFor("a new connection", func() bool {
			st := h.fake.Stats()
			return st.ConnectionsOpened > opened && st.Connections >= 1
		})
		ch := fmt.Sprintf("C0AFTER%d", i)
		h.fake.SendMention("", ch, "U0ALICE", "who builds the roadmap?", "", "")
		if m := h.waitMessages(ch, 1)[0]; !strings.Contains(m.Text, "Product manager") {
			t.Errorf("answer after reconnect = %q", m.Text)
		}
	}
}

func TestE2ERateLimitedPostStillArrives(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	b := h.start(h.store)
	h.fake.RateLimit("chat.postMessage", 1, time.Second)
	h.fake.SendDM("", "U0ALICE", "who owns the backlog?", "")
	h.waitMessages(h.fake.DMChannel("U0ALICE"), 1)
	at := h.fake.Attempts("chat.postMessage")
	if len(at) < 2 {
		t.Fatalf("%d attempts, want a 429 then a success", len(at))
	}
	if gap := at[1].Sub(at[0]); gap < 900*time.Millisecond {
		t.Errorf("retried after %v, want Retry-After (1s) honoured", gap)
	}
	if got := testutil.ToFloat64(b.m.RateLimitRetries.WithLabelValues("chat.postMessage")); got != 1 {
		t.Errorf("rate limit retries = %v, want 1", got)
	}
}

func TestE2EFeedbackAndStoreOutage(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	proxy := redistest.NewProxy(t, redistest.Addr(t))
	store, err := session.Open(h.ctx, session.Config{URL: "redis://" + proxy.Addr() + "/0", Prefix: redistest.Prefix(t), Timeout: 300 * time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	b := h.start(store)
	h.fake.SendBlockAction("", "C0GENERAL", "U0BOB", "1700000003.000100", "1700000003.000000", "rolecall.feedback.up", "feedback", "backlog")
	m := h.waitMessages("C0GENERAL", 1)[0]
	if !m.Ephemeral || m.User != "U0BOB" || !strings.Contains(m.Text, "Thanks for the feedback") {
		t.Errorf("feedback reply %+v, want an ephemeral thanks to U0BOB", m)
	}
	tl, err := store.Votes(h.ctx, team, "backlog")
	if err != nil || tl.Up != 1 {
		t.Errorf("votes %+v err=%v, want one 👍", tl, err)
	}

	proxy.Stop()
	h.fake.SendMention("", "C0OUTAGE", "U0ALICE", "who owns the backlog?", "", "")
	if m := h.waitMessages("C0OUTAGE", 1)[0]; !strings.Contains(m.Text, "Owner: Product owner") {
		t.Errorf("answer with Redis down = %q", m.Text)
	}
	h.fake.SendBlockAction("", "C0OUTAGE", "U0BOB", "1700000004.000100", "", "rolecall.feedback.down", "feedback", "backlog")
	if m := h.waitMessages("C0OUTAGE", 2)[1]; !strings.Contains(m.Text, "couldn't record that right now") {
		t.Errorf("feedback with Redis down = %q", m.Text)
	}
	if got := testutil.ToFloat64(b.m.StoreErrors.WithLabelValues("claim")); got < 1 {
		t.Errorf("store errors{claim} = %v, want ≥ 1", got)
	}
	proxy.Start()
}

func TestE2EOnePayloadIsOneClick(t *testing.T) {
	// Decoding 2,000 actions takes a while under -race: no redelivery.
	h := newHarness(t, slacktest.Config{AckTimeout: 10 * time.Second})
	b := h.start(h.store)
	// A hand-made block_actions payload with 2,000 distinct feedback
	// actions, the real 👍 first; Slack sends one per click.
	const n = 2000
	actions := make([]map[string]any, n)
	for i := range actions {
		id := fmt.Sprintf("rolecall.feedback.up.%d", i)
		if i == 0 {
			id = "rolecall.feedback.up"
		}
		actions[i] = map[string]any{"type": "button", "action_id": id, "block_id": "feedback",
			"value": "backlog", "action_ts": "1700000050.000100", "text": map[string]any{"type": "plain_text", "text": "👍"}}
	}
	c := h.fake.Config()
	h.fake.SendEnvelope("interactive", map[string]any{
		"type": "block_actions", "api_app_id": c.AppID, "token": c.VerificationToken, "trigger_id": "1.2.flood",
		"user":      map[string]any{"id": "U0BOB", "username": "bob", "name": "bob", "team_id": team},
		"team":      map[string]any{"id": team, "domain": c.TeamDomain},
		"container": map[string]any{"type": "message", "message_ts": "1700000003.000100", "channel_id": "C0GENERAL", "is_ephemeral": false},
		"channel":   map[string]any{"id": "C0GENERAL", "name": "c0general"},
		"message":   map[string]any{"type": "message", "ts": "1700000003.000100", "user": c.BotUserID, "text": "answer"},
		"state":     map[string]any{"values": map[string]any{}},
		"actions":   actions,
	})
	h.waitMessages("C0GENERAL", 1)
	h.barrier()
	if n := len(h.messagesTo("C0GENERAL")); n != 1 {
		t.Errorf("%d replies to one payload, want 1", n)
	}
	if tl, err := h.store.Votes(h.ctx, team, "backlog"); err != nil || tl.Up+tl.Down != 1 {
		t.Errorf("votes %+v, %v; want one vote", tl, err)
	}
	if got := testutil.ToFloat64(b.m.ActionsIgnored); got != n-1 {
		t.Errorf("actions ignored = %v, want %d", got, n-1)
	}
}

func TestE2EBadTokensAreNeverLogged(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	c := h.fake.Config()
	app, err := slackapp.New(slackapp.Config{
		BotToken: "xoxb-wrong-" + c.BotToken[5:], AppToken: c.AppToken, APIURL: h.fake.APIURL(),
		Engine: testEngine(t), Store: h.store, Metrics: ops.New(),
		Logger: slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	err = app.Run(h.ctx)
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Fatalf("Run with a wrong bot token = %v, want an invalid_auth error", err)
	}
	slog.New(slog.NewTextHandler(h.logs, nil)).Error("run failed", "err", err)
	if strings.Contains(err.Error(), c.BotToken[5:]) {
		t.Errorf("the error names the token: %v", err)
	}
}

func TestE2EShutdownLeavesNoGoroutines(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	before := runtime.NumGoroutine()
	b := h.start(h.store)
	h.fake.SendDM("", "U0ALICE", "who owns the backlog?", "")
	h.waitMessages(h.fake.DMChannel("U0ALICE"), 1)
	if err := b.stop(); err != nil {
		t.Fatalf("Run after cancel: %v", err)
	}
	if b.app.Ready(h.ctx) == nil {
		t.Errorf("Ready after shutdown = nil, want not connected")
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines after shutdown, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

func TestE2EAFullPoolShedsWithoutLosingEvents(t *testing.T) {
	eachTransport(t, slacktest.Config{AckTimeout: 300 * time.Millisecond, HTTPRetryDelays: []time.Duration{300 * time.Millisecond}}, func(t *testing.T, h *harness) {
		b := h.start(h.store, func(c *slackapp.Config) { c.Workers, c.Queue = 1, 1 })
		// Slack is slow to answer, so one worker falls behind a burst.
		h.fake.Delay("chat.postMessage", 100*time.Millisecond)
		const n = 6
		for i := range n {
			h.fake.SendMention("", fmt.Sprintf("C0BURST%d", i), "U0ALICE", "who owns the backlog?", "", "")
		}
		h.waitFor("a shed envelope", func() bool { return testutil.ToFloat64(b.m.PoolShed) >= 1 })
		h.fake.Delay("chat.postMessage", 0)
		// Shed envelopes were left unacked: the fake redelivers them and every
		// mention is answered, once.
		for i := range n {
			h.waitMessages(fmt.Sprintf("C0BURST%d", i), 1)
		}
		h.barrier()
		for i := range n {
			if got := len(h.messagesTo(fmt.Sprintf("C0BURST%d", i))); got != 1 {
				t.Errorf("mention %d answered %d times, want once", i, got)
			}
		}
		if st := h.fake.Stats(); st.Redeliveries == 0 || st.Expired != 0 {
			t.Errorf("redeliveries %d, expired %d: want shed envelopes redelivered, none lost", st.Redeliveries, st.Expired)
		}
	})
}

// bigComparisonEngine is the fixture base with a comparison too large for
// a slash command's ack (20 KB).
func bigComparisonEngine(t *testing.T) *knowledge.Engine {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("testdata/kb"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join("testdata/kb", p))
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var y strings.Builder
	y.WriteString("rows:\n")
	long := strings.Repeat("a long cell that goes on ", 60)
	for i := range 20 {
		fmt.Fprintf(&y, "  - aspect: Aspect %d\n    product_manager: %s\n    product_owner: %s\n    sources: [{ref: fullscale, section: Roles and Responsibilities}]\n", i, long, long)
	}
	fsys["comparison.yaml"] = &fstest.MapFile{Data: []byte(y.String())}
	b, err := knowledge.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return knowledge.NewEngine(b)
}

func TestE2EASlashReplyTooBigForTheAckIsPosted(t *testing.T) {
	eachTransport(t, slacktest.Config{}, func(t *testing.T, h *harness) {
		eng := bigComparisonEngine(t)
		h.start(h.store, func(c *slackapp.Config) { c.Engine = eng })
		env, _ := h.fake.SendSlash("", "C0GENERAL", "U0ALICE", "/roles", "compare")
		ack, err := h.fake.WaitAck(h.ctx, env)
		if err != nil {
			t.Fatal(err)
		}
		if len(ack.Payload) != 0 {
			t.Errorf("ack carried %d bytes; a reply of 20 KB or more must go through the Web API", len(ack.Payload))
		}
		m := h.waitMessages("C0GENERAL", 1)[0]
		if !m.Ephemeral || m.User != "U0ALICE" || !strings.Contains(visible(t, m.Text, m.Blocks), "Aspect 0") {
			t.Errorf("posted %+v, want the comparison ephemerally to U0ALICE", m)
		}
	})
}

func TestE2EStartsWhenSlackComesBack(t *testing.T) {
	h := newHarness(t, slacktest.Config{})
	// The Web API is reached through a proxy that is down at start.
	proxy := redistest.NewProxy(t, strings.TrimPrefix(h.fake.URL(), "http://"))
	proxy.Stop()
	c := h.fake.Config()
	app, err := slackapp.New(slackapp.Config{
		BotToken: c.BotToken, AppToken: c.AppToken, APIURL: "http://" + proxy.Addr() + "/api/",
		Engine: testEngine(t), Store: h.store, Metrics: ops.New(),
		Logger: slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(h.ctx)
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	h.waitFor("a retried auth.test", func() bool { return strings.Contains(h.logs.String(), "retrying auth.test") })
	proxy.Start()
	h.waitFor("the bot to connect", func() bool { return app.Ready(h.ctx) == nil })
	h.fake.SendDM("", "U0ALICE", "who owns the backlog?", "")
	h.waitMessages(h.fake.DMChannel("U0ALICE"), 1)
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
}
