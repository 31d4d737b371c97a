package slacktest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/rolecall/rolecall/internal/slacktest"
)

// benchBot is a minimal bot on a raw websocket: it acks every envelope at
// once and, when post is set, answers each with chat.postMessage from a pool
// of workers, as the real bot does.
func benchBot(b *testing.B, s *slacktest.Server, post bool) func() {
	b.Helper()
	_, m := benchPost(b, s, "apps.connections.open", nil, s.Config().AppToken)
	u, _ := m["url"].(string)
	h := http.Header{}
	h.Set("Origin", "https://api.slack.com")
	ws, _, err := websocket.DefaultDialer.Dial(u, h)
	if err != nil {
		b.Fatal(err)
	}
	jobs := make(chan string, 4096)
	var wg sync.WaitGroup
	if post {
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
		for range 8 {
			wg.Go(func() {
				for ch := range jobs {
					form := url.Values{"token": {s.Config().BotToken}, "channel": {ch}, "text": {"Owner: Product owner"},
						"blocks": {`[{"type":"section","text":{"type":"mrkdwn","text":"*Owner:* Product owner"}}]`}}
					resp, err := client.PostForm(s.APIURL()+"chat.postMessage", form)
					if err != nil {
						b.Error(err)
						return
					}
					var sink struct{ OK bool }
					_ = json.NewDecoder(resp.Body).Decode(&sink)
					resp.Body.Close()
				}
			})
		}
	}
	wg.Go(func() {
		defer close(jobs)
		var env struct {
			EnvelopeID string `json:"envelope_id"`
			Payload    struct {
				Event struct {
					Channel string `json:"channel"`
				} `json:"event"`
			} `json:"payload"`
		}
		ack := []byte(`{"envelope_id":"`)
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			env.EnvelopeID = ""
			if json.Unmarshal(data, &env) != nil || env.EnvelopeID == "" {
				continue
			}
			frame := append(append(ack[:len(ack):len(ack)], env.EnvelopeID...), `"}`...)
			if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
				return
			}
			if post {
				jobs <- env.Payload.Event.Channel
			}
		}
	})
	return func() {
		ws.Close()
		wg.Wait()
	}
}

func benchPost(b *testing.B, s *slacktest.Server, method string, form url.Values, bearer string) (*http.Response, map[string]any) {
	b.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.APIURL()+method, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp, m
}

func runEnvelopes(b *testing.B, cfg slacktest.Config, post bool) {
	cfg.AckTimeout = time.Minute
	s, err := slacktest.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	stop := benchBot(b, s, post)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := s.WaitConnections(ctx, 1); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for i := 0; i < b.N; i++ {
		s.SendMention("", "C0123456789", "U0ALICE", "who owns the backlog?", "", "")
	}
	if err := s.WaitAcks(ctx, b.N); err != nil {
		b.Fatal(err)
	}
	if post {
		if _, err := s.WaitCalls(ctx, "chat.postMessage", b.N); err != nil {
			b.Fatal(err)
		}
	}
	el := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/el.Seconds(), "envelopes/s")
	// CPU per envelope (fake and client together) says more than a rate on a
	// shared machine: 2 cores / this = the ceiling.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/envelope")
	if st := s.Stats(); st.Redeliveries != 0 || st.BlockViolations != 0 {
		b.Errorf("stats = %+v", st)
	}
}

// BenchmarkEnvelopesAcked measures envelopes sent and acked per second by a
// raw websocket client, recording nothing (a load run's setting).
func BenchmarkEnvelopesAcked(b *testing.B) {
	runEnvelopes(b, slacktest.Config{RecordLimit: -1}, false)
}

// BenchmarkEnvelopesAckedRecorded is the same with every envelope and ack
// recorded.
func BenchmarkEnvelopesAckedRecorded(b *testing.B) {
	runEnvelopes(b, slacktest.Config{}, false)
}

// BenchmarkEnvelopesAnswered adds a chat.postMessage with blocks per
// envelope: the fake's whole share of a load run.
func BenchmarkEnvelopesAnswered(b *testing.B) {
	runEnvelopes(b, slacktest.Config{RecordLimit: 10000}, true)
}

// BenchmarkPostMessage measures the Web API alone.
func BenchmarkPostMessage(b *testing.B) {
	s, err := slacktest.New(slacktest.Config{RecordLimit: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	body := url.Values{"token": {s.Config().BotToken}, "channel": {"C0123456789"}, "text": {"hi"},
		"blocks": {`[{"type":"section","text":{"type":"mrkdwn","text":"*Owner:* Product owner"}},{"type":"actions","elements":[{"type":"button","action_id":"up","text":{"type":"plain_text","text":"👍"},"value":"1"}]}]`}}.Encode()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Post(s.APIURL()+"chat.postMessage", "application/x-www-form-urlencoded", strings.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			var sink struct{ OK bool }
			_ = json.NewDecoder(resp.Body).Decode(&sink)
			resp.Body.Close()
			if !sink.OK {
				b.Error("not ok")
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/call")
}

// cpuTime is the CPU time (user and system) this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
