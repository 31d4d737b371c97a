// Package llm is Rolecall's optional LLM mode: an OpenAI-compatible model
// (OpenAI, Azure OpenAI, a local Ollama or vLLM) helps the lexical engine of
// internal/knowledge understand harder phrasings and, optionally, rephrase a
// curated answer — without ever saying anything the knowledge base does not
// support.
//
// # What the model may do
//
// Routing: when the lexical engine is not confident, the model picks one
// knowledge entry by calling the "route" function, whose single argument is
// an enumeration of every entry id plus "none". It cannot invent a topic: an
// id outside the base is rejected ("hallucinated"). The owner, sources,
// sides and related questions of the reply always come from the knowledge
// entry (Engine.AnswerID), never from the model.
//
// Composing (Config.Rephrase): the model rewrites the chosen entry's answer
// to fit the question. The rewrite is discarded in favour of the curated
// text when it is empty, too long, contains markup or links, does not name
// the entry's owner, names a role the entry does not, or claims that a role
// owns something the entry does not give it (see checkRephrase). Disputed
// entries are never rephrased: their sides are quoted as curated.
//
// # Why a broken model cannot make answers worse
//
// The model is consulted only when the lexical engine is not confident, and
// then the lexical answer is Unknown. A confident lexical answer is never
// re-routed (composing changes its words, not its owner or sources). So for
// a question the knowledge base covers, a model can only turn a wrong
// Unknown into an answer. For a question it does not cover (where Unknown is
// right), two lexical gates stand before the model: the question must name
// the roles, the product or one of the base's core artefacts
// (Config.Anchors: "who approves vacation requests?" does not, "who owns the
// backlog?" does), and the model's pick is accepted only when it is among
// the lexical engine's top Config.Candidates matches with at least
// Config.MinCandidateConfidence. Questions about something else (the
// weather, payroll, a joke, gibberish) never reach the model at all. What
// is not guaranteed by construction: an out-of-scope question that names a
// role or the product and has a plausible lexical candidate could be
// misrouted by a broken model. The evaluation test in this package runs the knowledge evaluation set
// with an adversarial router (always a valid id with the wrong owner) and
// proves, question by question, that every owner the lexical engine gets
// right stays right.
//
// # Failures
//
// Every failure — a timeout, HTTP 429, 5xx, a malformed reply, an exhausted
// budget, a network error — yields the lexical answer within Config.Timeout,
// counted in ops.Metrics.LLMFallbacks by reason.
//
// # Caching and budget
//
// Routing decisions (and rewrites) are cached through the Cache interface
// (the Redis session store in production) under
// llm:{knowledge version}:{model}:{sha256 of the normalised question}, so a
// repeated question costs no second call and a content change invalidates
// the cache. The call budget is counted in memory per bot instance, by UTC
// day and month: the cache interface has no atomic increment, and a budget
// that is per instance is simple to reason about (N instances may spend N
// times the budget; set it accordingly).
package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	openai "github.com/sashabaranov/go-openai"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultModel                  = "gpt-4o-mini"
	DefaultTimeout                = 8 * time.Second
	DefaultCandidates             = 5
	DefaultMinCandidateConfidence = 0.15
	DefaultCacheTTL               = 7 * 24 * time.Hour
	DefaultAzureAPIVersion        = "2024-10-21"
)

// DefaultAnchors are the words (normalised, see knowledge.Normalize) that
// mark a question as being about the two roles: the roles themselves, the
// product, and the core artefacts of the base. An unsure question without
// one keeps its lexical answer and is never sent to the model.
var DefaultAnchors = []string{
	"product", "po", "pos", "pm", "pms",
	"backlog", "backlogs", "roadmap", "roadmaps", "road map", "sprint", "sprints", "scrum",
	"epic", "epics", "user story", "user stories", "stakeholder", "stakeholders",
	"retro", "retros", "retrospective", "retrospectives", "kpi", "kpis",
}

// Config configures an Answerer. The zero value of every field but APIKey /
// BaseURL has a sensible default.
type Config struct {
	// APIKey authenticates with the server (OPENAI_API_KEY). Local servers
	// such as Ollama or vLLM accept any value or none.
	APIKey string
	// BaseURL is the root of any OpenAI-compatible API, usually ending in
	// /v1: "http://localhost:11434/v1" for Ollama, "http://localhost:8000/v1"
	// for vLLM, "https://NAME.openai.azure.com" for Azure OpenAI. Empty means
	// OpenAI itself (https://api.openai.com/v1), which needs an APIKey.
	BaseURL string
	// Azure selects Azure OpenAI's URL scheme (deployments/{Model}) and its
	// api-key header. It is assumed when BaseURL's host ends in
	// ".openai.azure.com"; set it for other Azure hosts.
	Azure bool
	// APIVersion is Azure's api-version query parameter; default
	// DefaultAzureAPIVersion. Ignored elsewhere.
	APIVersion string
	// Model is the model name (on Azure: the deployment name); default
	// DefaultModel.
	Model string
	// Timeout bounds everything LLM mode adds to one answer — cache lookups
	// and every model call together; default DefaultTimeout (8 s). When it
	// passes, the lexical answer is returned at once.
	Timeout time.Duration
	// DailyBudget and MonthlyBudget cap the model calls made per UTC day and
	// per UTC month by this process; 0 means unlimited. Every attempted call
	// counts, failed or not.
	DailyBudget   int
	MonthlyBudget int
	// Rephrase turns on composing: the model rewrites the chosen entry's
	// answer to fit the question (one more call per uncached question, also
	// for confidently matched ones).
	Rephrase bool
	// ConfidenceThreshold, when > 0, replaces the engine's own threshold
	// (Engine.Confident) for deciding that the lexical answer needs no help.
	// Raising it above the engine's lets the model re-route answers the
	// engine would have given, which the "never below lexical" guarantee
	// does not cover; leave it 0 unless you have measured.
	ConfidenceThreshold float64
	// Candidates is how many lexical matches (Engine.Rank) the model's pick
	// must be among; default DefaultCandidates.
	Candidates int
	// MinCandidateConfidence is the lexical confidence a candidate needs to
	// count as plausible; default DefaultMinCandidateConfidence. A question
	// with no plausible candidate is not sent to the model.
	MinCandidateConfidence float64
	// Anchors are the words or phrases, one of which an unsure question must
	// contain to be sent to the model; default DefaultAnchors. They keep
	// questions about other things (the weather, payroll, the office) away
	// from the model, whatever it would say.
	Anchors []string
	// Structured asks for the routing decision through response_format
	// json_schema instead of a tool call, for servers without tool calling.
	// Replies of either shape are understood in both modes.
	Structured bool
	// CacheTTL is how long a cached decision lives; default DefaultCacheTTL.
	CacheTTL time.Duration
	// HTTPClient makes the calls; default a new http.Client (Timeout bounds
	// each call through its context).
	HTTPClient *http.Client
	// Now returns the current time, for the budget's day and month; default
	// time.Now.
	Now func() time.Time
}

// Cache is the small part of the session store LLM mode needs. A miss is any
// error from CacheGet (the store returns one wrapping session.ErrNotFound);
// LLM mode never fails because of the cache.
type Cache interface {
	CacheGet(ctx context.Context, key string) ([]byte, error)
	CacheSet(ctx context.Context, key string, val []byte, ttl time.Duration) error
}

// ErrNotConfigured is returned by New when neither an API key nor a base URL
// says where the model is.
var ErrNotConfigured = errors.New("llm: no model configured")

// Answerer answers questions with the lexical engine and, where it helps, a
// model. Safe for concurrent use.
type Answerer struct {
	cfg    Config
	eng    *knowledge.Engine
	client *openai.Client
	cache  Cache
	m      *ops.Metrics
	lg     *slog.Logger
	budget *budget
	// version is the knowledge base's content hash, part of every cache key.
	version string
	// catalogue and enum describe every entry for the routing prompt.
	catalogue string
	enum      []string
}

// New checks cfg, applies defaults and prepares the routing prompt. cache
// may be nil (no caching); lg may be nil (no logs).
func New(cfg Config, eng *knowledge.Engine, cache Cache, m *ops.Metrics, lg *slog.Logger) (*Answerer, error) {
	if eng == nil {
		return nil, errors.New("llm: nil knowledge engine")
	}
	if m == nil {
		return nil, errors.New("llm: nil metrics (build them with ops.New)")
	}
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	if cfg.APIKey == "" && cfg.BaseURL == "" {
		return nil, fmt.Errorf("%w: set an API key for OpenAI or a base URL for another server", ErrNotConfigured)
	}
	var host string
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("llm: base URL %q is not an http(s) URL such as http://localhost:11434/v1", cfg.BaseURL)
		}
		host = u.Hostname()
	}
	if strings.HasSuffix(host, ".openai.azure.com") {
		cfg.Azure = true
	}
	if cfg.Azure && cfg.BaseURL == "" {
		return nil, errors.New("llm: Azure OpenAI needs the resource URL as base URL (https://NAME.openai.azure.com)")
	}
	if cfg.Model == "" {
		cfg.Model = DefaultModel
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.DailyBudget < 0 || cfg.MonthlyBudget < 0 {
		return nil, errors.New("llm: a budget cannot be negative (0 means unlimited)")
	}
	if cfg.ConfidenceThreshold < 0 || cfg.ConfidenceThreshold > 1 {
		return nil, fmt.Errorf("llm: confidence threshold %v is outside [0, 1]", cfg.ConfidenceThreshold)
	}
	if cfg.Candidates <= 0 {
		cfg.Candidates = DefaultCandidates
	}
	if cfg.MinCandidateConfidence <= 0 {
		cfg.MinCandidateConfidence = DefaultMinCandidateConfidence
	}
	if len(cfg.Anchors) == 0 {
		cfg.Anchors = DefaultAnchors
	}
	anchors := make([]string, 0, len(cfg.Anchors))
	for _, w := range cfg.Anchors {
		if n := knowledge.Normalize(w); n != "" {
			anchors = append(anchors, " "+n+" ")
		}
	}
	cfg.Anchors = anchors
	if cfg.CacheTTL <= 0 {
		cfg.CacheTTL = DefaultCacheTTL
	}
	if cfg.APIVersion == "" {
		cfg.APIVersion = DefaultAzureAPIVersion
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}

	var cc openai.ClientConfig
	if cfg.Azure {
		cc = openai.DefaultAzureConfig(cfg.APIKey, cfg.BaseURL)
		cc.APIVersion = cfg.APIVersion
		// The deployment is named exactly as configured.
		cc.AzureModelMapperFunc = func(model string) string { return model }
	} else {
		cc = openai.DefaultConfig(cfg.APIKey)
		if cfg.BaseURL != "" {
			cc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
		}
	}
	if cfg.HTTPClient != nil {
		cc.HTTPClient = cfg.HTTPClient
	}

	a := &Answerer{
		cfg:     cfg,
		eng:     eng,
		client:  openai.NewClientWithConfig(cc),
		cache:   cache,
		m:       m,
		lg:      lg,
		budget:  &budget{daily: cfg.DailyBudget, monthly: cfg.MonthlyBudget},
		version: eng.Base().Version(),
	}
	a.catalogue, a.enum = catalogue(eng.Base().Entries())
	return a, nil
}

// Model returns the model name in use, for logs and the start-up banner.
func (a *Answerer) Model() string { return a.cfg.Model }

// Timeout returns the per-answer limit in use (Config.Timeout or its default).
func (a *Answerer) Timeout() time.Duration { return a.cfg.Timeout }

// Answer answers a question (raw Slack text is fine). It never fails: any
// problem with the model or the cache yields the lexical engine's answer,
// within Config.Timeout.
func (a *Answerer) Answer(ctx context.Context, question string) knowledge.Answer {
	lex := a.eng.Answer(question)
	confident := a.confident(lex)
	if confident && (!a.cfg.Rephrase || !rephrasable(lex)) {
		return lex
	}
	norm := knowledge.Normalize(question)
	if strings.TrimSpace(norm) == "" {
		return lex
	}

	// Which entries may the model pick? For a confident answer only its own
	// (routing is skipped); otherwise the plausible lexical candidates.
	var cands map[string]float64
	if !confident {
		if !a.anchored(norm) {
			return lex
		}
		cands = a.candidates(question)
		if len(cands) == 0 {
			return lex
		}
	}

	ctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()

	key := a.cacheKey(norm)
	if d, ok := a.cacheGet(ctx, key); ok {
		if ans, ok := a.fromDecision(ctx, key, question, lex, confident, cands, d, true); ok {
			a.m.LLMCacheHits.Inc()
			return ans
		}
	}

	var d decision
	if confident {
		d.Topic = lex.Topic
	} else {
		topic, reason, err := a.route(ctx, question, cands)
		if reason != "" {
			a.fallback(reason, err, question)
			if reason == reasonNone {
				a.cacheSet(ctx, key, decision{Topic: noneTopic})
			}
			return lex
		}
		d.Topic = topic
	}
	ans, _ := a.fromDecision(ctx, key, question, lex, confident, cands, d, false)
	return ans
}

// fromDecision builds the answer for a routing decision (fresh or cached),
// composing if asked, and caches what it learnt. ok is false when a cached
// decision no longer holds; the caller then asks the model afresh.
func (a *Answerer) fromDecision(ctx context.Context, key, question string, lex knowledge.Answer, confident bool, cands map[string]float64, d decision, cached bool) (knowledge.Answer, bool) {
	if d.Topic == noneTopic {
		if confident {
			// A compose-only decision is never "none"; ignore a stale value.
			return lex, false
		}
		return lex, true
	}
	conf, plausible := cands[d.Topic]
	if confident {
		if d.Topic != lex.Topic {
			return lex, false
		}
		conf, plausible = lex.Confidence, true
	}
	if !plausible {
		return lex, false
	}
	ans := lex // a confident answer keeps everything, related questions too
	if !confident {
		var ok bool
		if ans, ok = a.eng.AnswerID(question, d.Topic); !ok {
			return lex, false
		}
		// The routed answer is as sure as the lexical match it rests on,
		// not the 1 AnswerID reports for a button click.
		ans.Confidence = conf
	}

	entry, _ := a.eng.Base().Entry(d.Topic)
	if a.cfg.Rephrase && rephrasable(ans) && entry != nil {
		switch {
		case d.Composed && d.Text != "":
			if reason := checkRephrase(entry, d.Text); reason == "" {
				ans.Text = d.Text
			}
		case !d.Composed:
			text, reason, err := a.compose(ctx, question, entry)
			switch {
			case reason == "":
				ans.Text = text
				d.Composed, d.Text = true, text
			case permanent(reason):
				// The model answered, badly: remember, so it is not asked
				// again, and keep the curated text.
				a.fallback(reason, err, question)
				d.Composed = true
			default:
				a.fallback(reason, err, question)
			}
			cached = false
		}
	}
	if !cached {
		a.cacheSet(ctx, key, d)
	}
	return ans, true
}

// confident reports whether the lexical answer needs no help: it names an
// entry, with enough confidence.
func (a *Answerer) confident(lex knowledge.Answer) bool {
	if lex.Owner == knowledge.Unknown || lex.Topic == "" {
		return false
	}
	if a.cfg.ConfidenceThreshold > 0 {
		return lex.Confidence >= a.cfg.ConfidenceThreshold
	}
	return a.eng.Confident(lex.Confidence)
}

// anchored reports whether a normalised question names one of the anchors.
func (a *Answerer) anchored(norm string) bool {
	padded := " " + norm + " "
	for _, w := range a.cfg.Anchors {
		if strings.Contains(padded, w) {
			return true
		}
	}
	return false
}

// candidates returns the plausible lexical matches, id → confidence.
func (a *Answerer) candidates(question string) map[string]float64 {
	out := map[string]float64{}
	for _, m := range a.eng.Rank(question, a.cfg.Candidates) {
		if m.Confidence >= a.cfg.MinCandidateConfidence {
			out[m.ID] = m.Confidence
		}
	}
	return out
}

// rephrasable reports whether an answer may be rewritten: a real entry that
// is not disputed (a disputed answer quotes each side as curated).
func rephrasable(ans knowledge.Answer) bool {
	return ans.Topic != "" && ans.Owner != knowledge.Unknown && ans.Owner != knowledge.Disputed
}

// fallback records that the lexical (or curated) answer was kept and why.
func (a *Answerer) fallback(reason string, err error, question string) {
	a.m.LLMFallbacks.WithLabelValues(reason).Inc()
	switch reason {
	case reasonNone, reasonImplausible, reasonCanceled:
		a.lg.Debug("llm: model did not improve on the lexical answer", "reason", reason, "question_len", len(question))
	case reasonBudget:
		a.lg.Debug("llm: call budget exhausted", "daily", a.cfg.DailyBudget, "monthly", a.cfg.MonthlyBudget)
	default:
		if err != nil {
			a.lg.Warn("llm: falling back to the lexical answer", "reason", reason, "model", a.cfg.Model, "err", err)
		} else {
			a.lg.Info("llm: falling back to the lexical answer", "reason", reason, "model", a.cfg.Model)
		}
	}
}
