package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/llm"
	"github.com/rolecall/rolecall/internal/ops"
)

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLLMConfigFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    llm.Config
		wantOK  bool
		wantErr []string // substrings the error must contain
	}{
		{name: "nothing set leaves LLM mode off", env: map[string]string{"OPENAI_MODEL": "gpt-4o"}},
		{name: "an API key alone turns it on with defaults",
			env:    map[string]string{"OPENAI_API_KEY": "sk-x"},
			want:   llm.Config{APIKey: "sk-x", Model: llm.DefaultModel},
			wantOK: true},
		{name: "a local server needs only its URL",
			env:    map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1", "OPENAI_MODEL": "llama3.1"},
			want:   llm.Config{BaseURL: "http://localhost:11434/v1", Model: "llama3.1"},
			wantOK: true},
		{name: "every setting is read",
			env: map[string]string{
				"OPENAI_API_KEY": " sk-y ", "OPENAI_BASE_URL": "https://llm.example.com/v1", "OPENAI_MODEL": "m",
				"OPENAI_TIMEOUT": "1500ms", "OPENAI_DAILY_BUDGET": "100", "OPENAI_MONTHLY_BUDGET": "2000",
				"OPENAI_REPHRASE": "true", "OPENAI_STRUCTURED": "1",
			},
			want: llm.Config{APIKey: "sk-y", BaseURL: "https://llm.example.com/v1", Model: "m", Timeout: 1500 * time.Millisecond,
				DailyBudget: 100, MonthlyBudget: 2000, Rephrase: true, Structured: true},
			wantOK: true},
		{name: "a timeout in whole seconds is accepted",
			env:    map[string]string{"OPENAI_API_KEY": "k", "OPENAI_TIMEOUT": "3"},
			want:   llm.Config{APIKey: "k", Model: llm.DefaultModel, Timeout: 3 * time.Second},
			wantOK: true},
		{name: "azure is read with its API version",
			env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": "https://corp.example.net", "OPENAI_AZURE": "true",
				"OPENAI_MODEL": "my-deployment", "OPENAI_API_VERSION": "2024-06-01"},
			want:   llm.Config{APIKey: "k", BaseURL: "https://corp.example.net", Azure: true, Model: "my-deployment", APIVersion: "2024-06-01"},
			wantOK: true},
		{name: "a URL without a scheme says how to write it",
			env:     map[string]string{"OPENAI_BASE_URL": "localhost:11434"},
			wantErr: []string{"OPENAI_BASE_URL", "http://localhost:11434/v1"}},
		{name: "a bad timeout says what is accepted",
			env:     map[string]string{"OPENAI_API_KEY": "k", "OPENAI_TIMEOUT": "soon"},
			wantErr: []string{"OPENAI_TIMEOUT=\"soon\"", "8s"}},
		{name: "a zero timeout is refused",
			env:     map[string]string{"OPENAI_API_KEY": "k", "OPENAI_TIMEOUT": "0s"},
			wantErr: []string{"OPENAI_TIMEOUT", "more than 0"}},
		{name: "bad budgets name each variable",
			env:     map[string]string{"OPENAI_API_KEY": "k", "OPENAI_DAILY_BUDGET": "-1", "OPENAI_MONTHLY_BUDGET": "lots"},
			wantErr: []string{"OPENAI_DAILY_BUDGET=\"-1\"", "OPENAI_MONTHLY_BUDGET=\"lots\"", "0 = unlimited"}},
		{name: "a bad flag says true or false",
			env:     map[string]string{"OPENAI_API_KEY": "k", "OPENAI_REPHRASE": "sometimes"},
			wantErr: []string{"OPENAI_REPHRASE=\"sometimes\"", "true or false"}},
		{name: "azure without a URL says which URL",
			env:     map[string]string{"OPENAI_API_KEY": "k", "OPENAI_AZURE": "true"},
			wantErr: []string{"OPENAI_AZURE=true needs OPENAI_BASE_URL"}},
		{name: "azure without a key says so",
			env:     map[string]string{"OPENAI_BASE_URL": "https://x.example.net", "OPENAI_AZURE": "true"},
			wantErr: []string{"OPENAI_AZURE=true needs OPENAI_API_KEY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := llmConfigFromEnv(envMap(tt.env))
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("no error, want one mentioning %q", tt.wantErr)
				}
				for _, s := range tt.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not mention %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if ok != tt.wantOK {
				t.Errorf("ok = %v, want %v", ok, tt.wantOK)
			}
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b func() time.Time) bool { return a == nil && b == nil })); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
		})
	}
}

// fakeRouter is an OpenAI-compatible server that routes every question to
// one entry.
func fakeRouter(t *testing.T, topic string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		args, _ := json.Marshal(map[string]string{"topic": topic})
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": "x", "object": "chat.completion",
			"choices": []map[string]any{{"index": 0, "finish_reason": "tool_calls", "message": map[string]any{
				"role": "assistant", "tool_calls": []map[string]any{{"id": "c", "type": "function",
					"function": map[string]string{"name": "route", "arguments": string(args)}}},
			}}},
		})
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestNewLLMAnswerSource(t *testing.T) {
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	eng := knowledge.NewEngine(b)

	t.Run("without configuration the lexical engine answers", func(t *testing.T) {
		src, err := newLLMAnswerSource(envMap(nil), false, eng, nil, ops.New(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := src.(lexicalSource); !ok {
			t.Fatalf("source is %T, want lexicalSource", src)
		}
		const q = "who owns the backlog?"
		if diff := cmp.Diff(eng.Answer(q), src.Answer(t.Context(), q)); diff != "" {
			t.Errorf("answer (-engine +source):\n%s", diff)
		}
	})
	t.Run("--llm without configuration says what to set", func(t *testing.T) {
		_, err := newLLMAnswerSource(envMap(nil), true, eng, nil, ops.New(), nil)
		if !errors.Is(err, errLLMNotConfigured) || !strings.Contains(err.Error(), "OPENAI_BASE_URL") {
			t.Errorf("error = %v, want errLLMNotConfigured naming OPENAI_API_KEY and OPENAI_BASE_URL", err)
		}
	})
	t.Run("a configuration error is reported with its variable", func(t *testing.T) {
		_, err := newLLMAnswerSource(envMap(map[string]string{"OPENAI_API_KEY": "k", "OPENAI_TIMEOUT": "x"}), false, eng, nil, ops.New(), nil)
		if err == nil || !strings.Contains(err.Error(), "OPENAI_TIMEOUT") {
			t.Errorf("error = %v, want one naming OPENAI_TIMEOUT", err)
		}
	})
	t.Run("with a server configured LLM mode routes an unsure question", func(t *testing.T) {
		// A question the lexical engine is unsure of, does not rule out of
		// scope, and shares enough with an entry for the guard to accept
		// it. The engine is the lexical one alone: the built-in
		// classifier, trained on questions like these, leaves few unsure,
		// and which ones moves with each retraining. The probes name both
		// roles or neither, so the entry's role never decides.
		eng := knowledge.NewEngine(b.Lexical())
		var q, want string
		for _, c := range []string{"PM or PO: who figures out whether a feature will pay for itself?",
			"which of the two should be sitting with the devs every day",
			"whos meant to chase other teams when our work depends on theirs",
			"who keeps an eye on where the market is heading",
			"is the roadmap the PM's baby or the PO's?",
			"PO vs PM, whats the actual difference",
			"who haggles with eng over tech reqs and how long things take?",
			"budget for the mobile app - PO's problem or PM's?",
			"who talks to the folks upstairs about the plan",
			"who handles the stuff between teams and the outside world",
			"who keeps the product healthy",
			"who should be sweating the p&l for the app",
			"who takes the heat when things go wrong",
			"who's accountable for revenue targets on the product",
			"who watches whats happning out in the markt",
			"Who make the roadmap happen concretely with the dev team, the PO or the PM ?",
			"We have two POs and one PM at the lab. Are the POs below the PM, or is it flat?",
			"how do you measure success for PO vs PM",
			"is PO just a junior version of PM",
			"who stops it becomming a money pit"} {
			if a := eng.Answer(c); a.Scope.Gated() || (a.Owner != knowledge.Unknown && eng.Confident(a.Confidence)) {
				continue
			}
			// The guard takes only an entry the engine ranks among its
			// llm.GuardRank best.
			var best float64
			for _, m := range eng.Rank(c, llm.GuardRank) {
				if s := eng.Support(c, m.ID); s >= llm.DefaultMinSupport && s > best {
					q, want, best = c, m.ID, s
				}
			}
			if q != "" {
				break
			}
		}
		if q == "" {
			t.Fatal("the built-in engine is confident on every probe question (or no entry supports it enough): add a phrasing it is unsure of, so this test exercises routing")
		}
		srv, calls := fakeRouter(t, want)
		src, err := newLLMAnswerSource(envMap(map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_MODEL": "local"}), true, eng, nil, ops.New(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := src.(*llm.Answerer); !ok {
			t.Fatalf("source is %T, want *llm.Answerer", src)
		}
		got := src.Answer(context.Background(), q)
		if got.Topic != want || calls.Load() != 1 {
			t.Errorf("answer topic %q after %d calls, want %q after 1", got.Topic, calls.Load(), want)
		}
	})
}
