package loadtest_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/loadtest"
	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// fuzzText returns text of a random kind: plain words, Slack markup, huge,
// invalid UTF-8, control characters, emoji, empty.
func fuzzText(rng *rand.Rand) (string, string) {
	words := []string{"who", "owns", "the", "backlog", "roadmap", "PO", "PM", "vision", "?", "retro", "baclog", "budget", "&", "<", ">"}
	pick := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String()
	}
	switch rng.IntN(9) {
	case 0:
		return "markup", "<!channel> <!here> <@U0BOSS> <#C0GENERAL|general> <https://evil.example|click> :fire: " + pick(4)
	case 1:
		if rng.IntN(10) == 0 {
			return "huge", strings.Repeat(pick(8)+" ", 1000+rng.IntN(1000)) // 20–80 KB
		}
		return "long", strings.Repeat(pick(8)+" ", 10+rng.IntN(100)) // 0.2–4 KB
	case 2:
		b := make([]byte, 1+rng.IntN(200))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return "invalid utf-8", string(b)
	case 3:
		return "control", "who\x00owns\x1b[31mthe\u202ebacklog\r\n\t?"
	case 4:
		return "emoji", strings.Repeat("🔥👍🏽🇩🇪", 1+rng.IntN(50))
	case 5:
		return "empty", ""
	case 6:
		return "long word", strings.Repeat("a", 1+rng.IntN(5000))
	default:
		return "words", pick(1 + rng.IntN(20))
	}
}

// TestFaultFuzzedEventsCauseNoPanicNoStormAndKeepTheSocket sends 10,000
// random events: questions with random text (valid, each answered once) and
// events that must get no reply (unknown types, missing fields, subtypes,
// other bots, unknown action ids, malformed envelopes).
func TestFaultFuzzedEventsCauseNoPanicNoStormAndKeepTheSocket(t *testing.T) {
	const total = 10000
	var payloadAcks atomic.Int64
	r := newRig(t, slacktest.Config{AckTimeout: 10 * time.Second, OnAck: func(a slacktest.Ack) {
		if len(a.Payload) > 0 {
			payloadAcks.Add(1)
		}
	}})
	r.bot("rolecall", func(c *loadtest.InProcessConfig) {
		c.Configure = func(sc *slackapp.Config) { sc.Queue = 2 * total }
	})
	opened := r.fake.Stats().ConnectionsOpened
	rng := rand.New(rand.NewPCG(8, 8))
	f := r.fake
	valid := 0
	kinds := map[string]int{}
	texts := map[string]int{}
	send := func(i int) {
		kind, text := fuzzText(rng)
		user := fmt.Sprintf("U0Z%05d", i)
		ch := fmt.Sprintf("C0Z%03d", i%100)
		now := time.Now()
		k := rng.IntN(20)
		switch k {
		case 0, 1, 2, 3, 4: // a mention: answered in its thread
			ts := f.NewTS()
			f.SendMention("", ch, user, text, ts, "")
			r.rec.Register(ts, loadtest.Mention, now)
			kinds["mention"]++
			texts[kind]++
			valid++
		case 5, 6: // a DM: answered in the DM
			f.SendDM("", user, text, "")
			r.rec.Register(f.DMChannel(user), loadtest.DM, now)
			kinds["dm"]++
			texts[kind]++
			valid++
		case 7: // /roles with random text: answered in the ack
			id, _ := f.SendSlash("", ch, user, "/roles", text)
			r.rec.Register(id, loadtest.Slash, now)
			kinds["slash"]++
			texts[kind]++
			valid++
		case 8: // a related-question click with a random value: answered in the thread
			ts := f.NewTS()
			f.SendBlockAction("", ch, user, ts, "", "rolecall.related.0", "related", text)
			r.rec.Register(ts, loadtest.Click, now)
			kinds["click"]++
			valid++
		case 9: // an unknown action id
			f.SendBlockAction("", ch, user, f.NewTS(), "", "rolecall.nope."+fmt.Sprint(i), "b", text)
			kinds["unknown action"]++
		case 10: // an unknown action id on the App Home
			f.SendBlockActionHome("", user, "x"+text, "b", "v")
			kinds["unknown home action"]++
		case 11: // an unknown event type
			f.SendMessage(map[string]any{"type": "reaction_added", "user": user, "reaction": "fire", "item": map[string]any{"type": "message", "channel": ch, "ts": "1.0"}})
			kinds["unknown event type"]++
		case 12: // events with missing fields
			evs := []map[string]any{
				{"type": "app_mention"},
				{"type": "app_mention", "text": text},
				{"type": "message", "text": text},
				{"type": "message", "channel_type": "im", "channel": f.DMChannel(user), "text": text},
				{"type": "app_mention", "channel": "D0NOTACHANNEL", "user": user, "text": text, "ts": f.NewTS()},
			}
			f.SendMessage(evs[rng.IntN(len(evs))])
			kinds["missing fields"]++
		case 13: // subtypes and other bots
			subs := []string{"bot_message", "message_changed", "message_deleted", "channel_join", "thread_broadcast", "me_message"}
			f.SendMessage(map[string]any{"type": "message", "subtype": subs[rng.IntN(len(subs))], "channel_type": "im",
				"channel": f.DMChannel(user), "user": user, "bot_id": "B0OTHER", "text": text, "ts": f.NewTS()})
			kinds["subtype or bot"]++
		case 14: // an events_api envelope whose payload is not an event
			payloads := []string{`{}`, `[]`, `"text"`, `42`, `null`, `{"type":"event_callback"}`, `{"type":"event_callback","event":"nope"}`,
				`{"type":"url_verification","challenge":"x"}`, `{"type":"event_callback","event_id":"Ev0","event":{"type":42}}`}
			f.SendEnvelope("events_api", json.RawMessage(payloads[rng.IntN(len(payloads))]))
			kinds["bad events payload"]++
		case 15: // interactive payloads that are not block actions
			payloads := []any{
				map[string]any{"type": "view_submission", "user": map[string]any{"id": user}, "view": map[string]any{"id": "V1"}},
				map[string]any{"type": "shortcut", "callback_id": "x", "user": map[string]any{"id": user}},
				map[string]any{"type": "block_actions", "user": map[string]any{"id": user}, "actions": []any{}},
				map[string]any{"type": "block_actions", "actions": []any{nil, 3, "x"}},
				json.RawMessage(`{"type":"block_actions","actions":[{"action_id":null}]}`),
			}
			f.SendEnvelope("interactive", payloads[rng.IntN(len(payloads))])
			kinds["bad interactive payload"]++
		case 16: // an envelope type Slack does not send
			f.SendEnvelope([]string{"hello_world", "", "events_api ", "SLASH_COMMANDS"}[rng.IntN(4)], map[string]any{"text": text})
			kinds["unknown envelope type"]++
		default: // a malformed frame
			frames := []string{
				`{`, `not json at all`, `{"type":"events_api"}`, `{"envelope_id":"x1","type":"events_api","payload":"nope"}`,
				`{"envelope_id":"x2","type":"slash_commands","payload":[1,2]}`, `{"envelope_id":"x3","type":"interactive","payload":{"type":7}}`,
				`{"envelope_id":42,"type":"events_api"}`, `{"type":"disconnect","reason":42}`, `{"type":"hello","num_connections":"x"}`,
				"\xff\xfe{\"envelope_id\":\"x4\"}", `[]`, `null`, `{"envelope_id":"` + strings.Repeat("z", 10000) + `","type":"events_api","payload":{}}`,
			}
			if err := f.SendRaw([]byte(frames[rng.IntN(len(frames))])); err != nil {
				t.Fatalf("send raw frame %d: %v", i, err)
			}
			kinds["malformed frame"]++
		}
		if i%500 == 499 {
			// Let the bot keep up: the reader must not fall so far behind
			// that the fake redelivers.
			r.waitFor("the fuzz to be acked", 30*time.Second, func() bool { return f.Stats().Pending < 200 })
		}
	}
	for i := range total {
		send(i)
	}
	r.waitAnswered(120 * time.Second)
	r.waitFor("every envelope acked", 30*time.Second, func() bool { return f.Stats().Pending == 0 })

	// A valid question afterwards is answered on the same socket.
	s := &sender{r: r, n: total}
	s.mention("C0AFTERFUZZ")
	r.waitAnswered(10 * time.Second)
	c := r.exactlyOnce()
	st := f.Stats()
	replies := st.Messages + int(payloadAcks.Load())
	if replies > valid+1 {
		t.Errorf("%d replies to %d valid questions: a reply storm", replies, valid+1)
	}
	if st.ConnectionsOpened != opened {
		t.Errorf("%d connections opened during the fuzz, want the one socket to stay up", st.ConnectionsOpened-opened)
	}
	if st.BlockViolations != 0 {
		t.Errorf("%d replies refused as invalid_blocks", st.BlockViolations)
	}
	t.Logf("injected: %d fuzzed events: %v; question texts %v", total, kinds, texts)
	t.Logf("verified: no panic; %d valid questions answered exactly once (%d replies in all, ≤ valid), %d invalid events without a reply, "+
		"%d API errors, %d block violations, %d redeliveries, the socket stayed up (%d connection) and answered a question afterwards",
		c.Replied, replies, total-valid, st.CallErrors, st.BlockViolations, st.Redeliveries, st.ConnectionsOpened)
}
