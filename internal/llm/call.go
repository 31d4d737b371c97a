package llm

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Fallback reasons, the label values of ops.Metrics.LLMFallbacks.
const (
	reasonTimeout       = "timeout"         // Config.Timeout passed
	reasonCanceled      = "canceled"        // the caller gave up
	reasonRateLimited   = "rate_limited"    // HTTP 429
	reasonServer        = "server_error"    // HTTP 5xx
	reasonClient        = "client_error"    // other HTTP 4xx: bad key, unknown model
	reasonNetwork       = "network"         // no HTTP answer at all
	reasonMalformed     = "malformed"       // no tool call, bad JSON, bad shape
	reasonHallucinate   = "hallucinated"    // an id the knowledge base does not have
	reasonImplausible   = "implausible"     // a real id the question gives too little support (Config.MinSupport)
	reasonOtherRole     = "other_role"      // an entry about the other role than the question names
	reasonUnranked      = "unranked"        // an entry the lexical engine does not rank among its GuardRank best
	reasonUnrelated     = "unrelated"       // a question the engine's classifier reads as out of scope
	reasonUnlikely      = "unlikely"        // an entry the engine's classifier gives too little chance
	reasonNotAboutRoles = "not_about_roles" // a question that names no role and asks neither who nor which
	reasonInjection     = "injection"       // a question that tries to instruct the model
	reasonNone          = "none"            // the model found no entry
	reasonBudget        = "budget"          // the daily or monthly budget is spent
	reasonWrongOwner    = "wrong_owner"     // a rewrite naming another owner
	reasonEmpty         = "empty"           // an empty rewrite
	reasonTooLong       = "too_long"        // a rewrite much longer than the entry
	reasonMarkup        = "markup"          // a rewrite with markup or links
	reasonOffTopic      = "off_topic"       // a rewrite claiming ownership of another topic
	reasonUnsupported   = "unsupported"     // a rewrite saying something the entry does not
)

// permanent reports whether a compose failure is the model's considered
// answer (worth caching) rather than a passing failure.
func permanent(reason string) bool {
	switch reason {
	case reasonWrongOwner, reasonEmpty, reasonTooLong, reasonMarkup, reasonOffTopic, reasonUnsupported:
		return true
	}
	return false
}

// call makes one chat completion within the budget, recording metrics. The
// reason is "" on success, else why the call gave nothing usable.
func (a *Answerer) call(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionMessage, string, error) {
	if !a.budget.take(a.cfg.Now()) {
		return openai.ChatCompletionMessage{}, reasonBudget, nil
	}
	req.Model = a.cfg.Model
	start := time.Now()
	resp, err := a.client.CreateChatCompletion(ctx, req)
	a.m.LLMLatency.Observe(time.Since(start).Seconds())
	if err != nil {
		a.m.LLMCalls.WithLabelValues("error").Inc()
		return openai.ChatCompletionMessage{}, classify(ctx, err), err
	}
	a.m.LLMCalls.WithLabelValues("ok").Inc()
	if resp.Usage.PromptTokens > 0 {
		a.m.LLMTokens.WithLabelValues("prompt").Add(float64(resp.Usage.PromptTokens))
	}
	if resp.Usage.CompletionTokens > 0 {
		a.m.LLMTokens.WithLabelValues("completion").Add(float64(resp.Usage.CompletionTokens))
	}
	if len(resp.Choices) == 0 {
		return openai.ChatCompletionMessage{}, reasonMalformed, errors.New("reply has no choices")
	}
	return resp.Choices[0].Message, "", nil
}

// classify names the reason a call failed.
func classify(ctx context.Context, err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(ctx.Err(), context.DeadlineExceeded):
		return reasonTimeout
	case errors.Is(err, context.Canceled), ctx.Err() != nil:
		return reasonCanceled
	}
	status := 0
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		status = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		status = reqErr.HTTPStatusCode
	}
	switch {
	case status == http.StatusTooManyRequests:
		return reasonRateLimited
	case status == http.StatusRequestTimeout || status == http.StatusGatewayTimeout:
		return reasonTimeout
	case status >= 500:
		return reasonServer
	case status >= 400:
		return reasonClient
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	if errors.As(err, &syn) || errors.As(err, &typ) {
		return reasonMalformed
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return reasonTimeout
	}
	return reasonNetwork
}

// budget counts calls per UTC day and month for this process.
type budget struct {
	daily, monthly int // 0: unlimited

	mu           sync.Mutex
	day, month   string
	dayN, monthN int
}

// take spends one call if the budget allows it.
func (b *budget) take(now time.Time) bool {
	if b.daily == 0 && b.monthly == 0 {
		return true
	}
	now = now.UTC()
	day, month := now.Format("2006-01-02"), now.Format("2006-01")
	b.mu.Lock()
	defer b.mu.Unlock()
	if day != b.day {
		b.day, b.dayN = day, 0
	}
	if month != b.month {
		b.month, b.monthN = month, 0
	}
	if (b.daily > 0 && b.dayN >= b.daily) || (b.monthly > 0 && b.monthN >= b.monthly) {
		return false
	}
	b.dayN++
	b.monthN++
	return true
}
