package llm_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/llm"
	"github.com/rolecall/rolecall/internal/ops"
	openai "github.com/sashabaranov/go-openai"
)

// reply is one scripted answer of the fake model server.
type reply struct {
	status int    // HTTP status; 0 means 200
	body   string // raw body; when empty, msg is wrapped in a completion
	msg    openai.ChatCompletionMessage
	delay  time.Duration // wait before answering (cut short if the client leaves)
}

// routeTo is a tool call choosing topic.
func routeTo(topic string) reply {
	args, _ := json.Marshal(map[string]string{"topic": topic})
	return toolCall("route", string(args))
}

func toolCall(name, args string) reply {
	return reply{msg: openai.ChatCompletionMessage{
		Role: openai.ChatMessageRoleAssistant,
		ToolCalls: []openai.ToolCall{{
			ID: "call_1", Type: openai.ToolTypeFunction,
			Function: openai.FunctionCall{Name: name, Arguments: args},
		}},
	}}
}

func content(s string) reply {
	return reply{msg: openai.ChatCompletionMessage{Role: openai.ChatMessageRoleAssistant, Content: s}}
}

func httpError(status int, body string) reply { return reply{status: status, body: body} }

// fakeModel is an OpenAI-compatible server answering /v1/chat/completions
// from a script, recording every request.
type fakeModel struct {
	srv    *httptest.Server
	script func(req openai.ChatCompletionRequest) reply

	mu    sync.Mutex
	reqs  []openai.ChatCompletionRequest
	paths []string
	heads []http.Header
}

func newFakeModel(t *testing.T, script func(req openai.ChatCompletionRequest) reply) *fakeModel {
	t.Helper()
	f := &fakeModel{script: script}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/chat/completions") {
			t.Errorf("fake model: unexpected %s %s", r.Method, r.URL.Path)
			http.NotFound(w, r)
			return
		}
		var req openai.ChatCompletionRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Errorf("fake model: request is not a chat completion: %v", err)
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.reqs = append(f.reqs, req)
		f.paths = append(f.paths, r.URL.RequestURI())
		f.heads = append(f.heads, r.Header.Clone())
		f.mu.Unlock()

		rp := f.script(req)
		if rp.delay > 0 {
			select {
			case <-time.After(rp.delay):
			case <-r.Context().Done():
				return
			}
		}
		if rp.status == 0 {
			rp.status = http.StatusOK
		}
		body := rp.body
		if body == "" && rp.status == http.StatusOK {
			finish := openai.FinishReasonStop
			if len(rp.msg.ToolCalls) > 0 {
				finish = openai.FinishReasonToolCalls
			}
			b, _ := json.Marshal(openai.ChatCompletionResponse{
				ID: "chatcmpl-test", Object: "chat.completion", Model: req.Model,
				Choices: []openai.ChatCompletionChoice{{Index: 0, Message: rp.msg, FinishReason: finish}},
				Usage:   openai.Usage{PromptTokens: 100, CompletionTokens: 7, TotalTokens: 107},
			})
			body = string(b)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rp.status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// requests returns what the server received so far.
func (f *fakeModel) requests() []openai.ChatCompletionRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.reqs)
}

// baseURL is what Config.BaseURL points at.
func (f *fakeModel) baseURL() string { return f.srv.URL + "/v1" }

// testEngine loads the small fixture base of testdata/kb.
func testEngine(t *testing.T) *knowledge.Engine {
	t.Helper()
	b, err := knowledge.Load(os.DirFS("testdata/kb"))
	if err != nil {
		t.Fatalf("load fixture knowledge base: %v", err)
	}
	return knowledge.NewEngine(b)
}

// testLogger routes logs to t.Log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// newAnswerer points an Answerer at the fake.
func newAnswerer(t *testing.T, cfg llm.Config, eng *knowledge.Engine, f *fakeModel, cache llm.Cache) (*llm.Answerer, *ops.Metrics) {
	t.Helper()
	cfg.BaseURL = f.baseURL()
	if cfg.APIKey == "" {
		cfg.APIKey = "sk-test-not-a-secret"
	}
	if cfg.Model == "" {
		cfg.Model = "test-model"
	}
	m := ops.New()
	a, err := llm.New(cfg, eng, cache, m, testLogger(t))
	if err != nil {
		t.Fatalf("llm.New: %v", err)
	}
	return a, m
}

// memCache is an in-memory Cache; a miss is an error, as in the store.
type memCache struct {
	mu   sync.Mutex
	vals map[string][]byte
	ttls map[string]time.Duration
	fail bool
}

var errMiss = errors.New("memcache: not found")

func newMemCache() *memCache {
	return &memCache{vals: map[string][]byte{}, ttls: map[string]time.Duration{}}
}

func (c *memCache) CacheGet(_ context.Context, key string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail {
		return nil, errors.New("memcache: unavailable")
	}
	v, ok := c.vals[key]
	if !ok {
		return nil, errMiss
	}
	return slices.Clone(v), nil
}

func (c *memCache) CacheSet(_ context.Context, key string, val []byte, ttl time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail {
		return errors.New("memcache: unavailable")
	}
	c.vals[key] = slices.Clone(val)
	c.ttls[key] = ttl
	return nil
}

func (c *memCache) keys() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var ks []string
	for k := range c.vals {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
