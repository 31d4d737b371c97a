package main

// LLM mode wiring: configuration from the environment and the choice between
// the lexical engine and the LLM-mode answerer. `bot ask --llm`, `bot
// console` and the Slack app all get their answers through llmAnswerSource.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/llm"
	"github.com/rolecall/rolecall/internal/ops"
)

// llmAnswerSource answers a question: the lexical engine, or LLM mode on top
// of it. *llm.Answerer satisfies it, and so does the Slack app's Answerer
// interface shape.
type llmAnswerSource interface {
	Answer(ctx context.Context, question string) knowledge.Answer
}

// lexicalSource adapts the engine to llmAnswerSource.
type lexicalSource struct{ eng *knowledge.Engine }

func (l lexicalSource) Answer(_ context.Context, question string) knowledge.Answer {
	return l.eng.Answer(question)
}

// llmEnvHelp lists the LLM-mode variables, for error messages.
const llmEnvHelp = `LLM mode reads:
  OPENAI_API_KEY         API key (required for OpenAI and Azure; any value for Ollama/vLLM)
  OPENAI_BASE_URL        OpenAI-compatible API root, e.g. http://localhost:11434/v1 (Ollama),
                         http://localhost:8000/v1 (vLLM), https://NAME.openai.azure.com (Azure)
  OPENAI_MODEL           model or Azure deployment name (default ` + llm.DefaultModel + `)
  OPENAI_TIMEOUT         per-answer limit, e.g. 8s or 8 (seconds; default 8s)
  OPENAI_DAILY_BUDGET    max calls per UTC day (0 = unlimited)
  OPENAI_MONTHLY_BUDGET  max calls per UTC month (0 = unlimited)
  OPENAI_REPHRASE        true to let the model rephrase curated answers (default false)
  OPENAI_AZURE           true for Azure OpenAI on a host not ending in .openai.azure.com
  OPENAI_API_VERSION     Azure api-version (default ` + llm.DefaultAzureAPIVersion + `)
  OPENAI_STRUCTURED      true to route with response_format json_schema instead of a tool call`

// errLLMNotConfigured is returned when --llm is asked for without a model.
var errLLMNotConfigured = errors.New("--llm needs a model: set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (any OpenAI-compatible server)\n" + llmEnvHelp)

// llmConfigFromEnv reads the LLM-mode settings. ok is false, with no error,
// when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: LLM mode is off and
// the bot behaves exactly as without it. Errors say which variable to fix.
func llmConfigFromEnv(getenv func(string) string) (cfg llm.Config, ok bool, err error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	cfg.APIKey = get("OPENAI_API_KEY")
	cfg.BaseURL = get("OPENAI_BASE_URL")
	if cfg.APIKey == "" && cfg.BaseURL == "" {
		return llm.Config{}, false, nil
	}
	cfg.Model = get("OPENAI_MODEL")
	if cfg.Model == "" {
		cfg.Model = llm.DefaultModel
	}
	cfg.APIVersion = get("OPENAI_API_VERSION")

	var errs []error
	if cfg.BaseURL != "" && !strings.HasPrefix(cfg.BaseURL, "http://") && !strings.HasPrefix(cfg.BaseURL, "https://") {
		errs = append(errs, fmt.Errorf("OPENAI_BASE_URL=%q must start with http:// or https:// (for example http://localhost:11434/v1)", cfg.BaseURL))
	}
	if v := get("OPENAI_TIMEOUT"); v != "" {
		d, err := parseLLMTimeout(v)
		if err != nil {
			errs = append(errs, err)
		}
		cfg.Timeout = d
	}
	budget := func(name string) int {
		v := get(name)
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("%s=%q must be a whole number of calls, 0 or more (0 = unlimited)", name, v))
			return 0
		}
		return n
	}
	cfg.DailyBudget = budget("OPENAI_DAILY_BUDGET")
	cfg.MonthlyBudget = budget("OPENAI_MONTHLY_BUDGET")
	flag := func(name string) bool {
		v := get(name)
		if v == "" {
			return false
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s=%q must be true or false", name, v))
		}
		return b
	}
	cfg.Rephrase = flag("OPENAI_REPHRASE")
	cfg.Azure = flag("OPENAI_AZURE")
	cfg.Structured = flag("OPENAI_STRUCTURED")
	if cfg.Azure && cfg.BaseURL == "" {
		errs = append(errs, errors.New("OPENAI_AZURE=true needs OPENAI_BASE_URL=https://NAME.openai.azure.com (and OPENAI_MODEL set to the deployment name)"))
	}
	if cfg.Azure && cfg.APIKey == "" {
		errs = append(errs, errors.New("OPENAI_AZURE=true needs OPENAI_API_KEY (the Azure resource key)"))
	}
	if len(errs) > 0 {
		return llm.Config{}, false, errors.Join(errs...)
	}
	return cfg, true, nil
}

// parseLLMTimeout accepts a Go duration ("8s", "1500ms") or whole seconds.
func parseLLMTimeout(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		n, nerr := strconv.Atoi(v)
		if nerr != nil {
			return 0, fmt.Errorf("OPENAI_TIMEOUT=%q must be a duration such as 8s or 1500ms, or whole seconds", v)
		}
		d = time.Duration(n) * time.Second
	}
	if d <= 0 || d > 2*time.Minute {
		return 0, fmt.Errorf("OPENAI_TIMEOUT=%q must be more than 0 and at most 2m", v)
	}
	return d, nil
}

// newLLMAnswerSource returns LLM mode when the environment configures it and
// the lexical engine otherwise. With require (bot ask --llm) a missing
// configuration is an error saying what to set. cache may be nil (bot ask
// without a store) or the session store.
func newLLMAnswerSource(getenv func(string) string, require bool, eng *knowledge.Engine, cache llm.Cache, m *ops.Metrics, lg *slog.Logger) (llmAnswerSource, error) {
	cfg, ok, err := llmConfigFromEnv(getenv)
	if err != nil {
		return nil, fmt.Errorf("LLM mode: %w", err)
	}
	if !ok {
		if require {
			return nil, errLLMNotConfigured
		}
		return lexicalSource{eng: eng}, nil
	}
	a, err := llm.New(cfg, eng, cache, m, lg)
	if err != nil {
		return nil, fmt.Errorf("LLM mode: %w", err)
	}
	if lg != nil {
		lg.Info("LLM mode on", "model", cfg.Model, "base_url", redactURL(cfg.BaseURL), "rephrase", cfg.Rephrase,
			"timeout", a.Timeout(), "daily_budget", cfg.DailyBudget, "monthly_budget", cfg.MonthlyBudget)
	}
	return a, nil
}

// redactURL hides any password in a URL before it is logged.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable)"
	}
	return u.Redacted()
}
