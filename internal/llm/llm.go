// Package llm is Rolecall's optional LLM mode: an OpenAI-compatible model
// (OpenAI, Azure OpenAI, a local Ollama or vLLM) helps the lexical engine of
// internal/knowledge understand harder phrasings and, optionally, rephrase a
// curated answer — without ever saying anything the knowledge base does not
// support.
//
// # What the model may do
//
// Routing: for every question the lexical engine does not answer
// confidently, unless the engine ruled it out of scope by its form (see
// below), the model picks one knowledge entry by calling the "route"
// function, whose single argument is an enumeration of every entry id plus
// "none". The prompt lists the whole catalogue (id, topic, canonical
// question) and, as a hint, the lexical engine's best matches. The model
// cannot invent a topic: an id outside the base is rejected
// ("hallucinated"). The owner, sources, sides and related questions of the
// reply always come from the knowledge entry (Engine.AnswerID), never from
// the model.
//
// Composing (Config.Rephrase): the model rewrites the chosen entry's answer
// to fit the question. The rewrite is discarded in favour of the curated
// text when it is empty, too long, contains markup or links, does not name
// the entry's owner, names a role the entry does not, claims that a role
// owns something the entry does not give it, or holds a sentence the entry
// does not support (see checkRephrase). Disputed entries are never
// rephrased: their sides are quoted as curated.
//
// # The guard: why a lying model cannot answer what the base does not cover
//
// A model may be wrong, broken or talked into lying by the question. What it
// returns is a choice, and the choice is accepted only through a guard built
// from the lexical engine alone, so that what a model can do is bounded by
// what the question itself says:
//
//  1. A question the engine rules out of scope by its form — a schedule, a
//     figure, an action, access, a person's details, chit-chat, an
//     injection attempt, a subject the base declares outside, too long —
//     or that the engine's classifier is sure is about something else
//     (knowledge.Scope.Gated) never reaches the model. Its refusal stands
//     whatever a model would say.
//  2. The question must ask about the roles: name one ("PO", "product
//     managers"), or ask who, whose or which ("who keeps an eye on the
//     market?", "which of the two…"). And it must not try to instruct the
//     model ("SYSTEM: …", "pretend…", "ignore…"), which the engine rules
//     out by its form in most cases; this catches what it lets through.
//     Nor may the engine's classifier read it as out of scope
//     (Engine.Classify names no entry). Otherwise no entry may answer it
//     ("best bootcamp for product management?" shares words with the
//     base, but asks something else).
//  3. The chosen entry must support the question on its own words:
//     Engine.Support(question, id) >= Config.MinSupport. Support is the
//     share of the question's term weight that the entry covers; it is 0
//     when the question is out of scope by form or subject or shares no
//     word of substance with the entry. A question about something else
//     is mostly words the base does not use, so no entry covers much of
//     it, whichever the model names.
//  4. The chosen entry must not be about the other role: when the question
//     names one role only and the entry's canonical question names only
//     the other ("what does a PO do?" answered with "What does a product
//     manager do?"), the choice is refused. Role-twin entries share nearly
//     every word, so support alone cannot tell them apart.
//  5. The chosen entry must be among the lexical engine's GuardRank best
//     for the question (Engine.Rank). A question about something else that
//     shares a few words with the base spreads its support thinly over
//     many entries, and the one a liar likes best is seldom among the
//     engine's own first few; a right entry the engine failed to be
//     confident about nearly always is. On the tuning sets this costs a
//     perfect model 2 right answers in about 3,000 questions; on the
//     watched held-out set heldout4 it cut the lying model's out-of-scope
//     answers from 5 to 2.
//  6. The engine's classifier must give the chosen entry a fair chance:
//     at least minChance, and chanceOverUnrelated times what it gives
//     "out of scope" (Engine.Chances). The classifier has read thousands
//     of labelled questions, the out-of-scope kinds among them; a liar's
//     entry, chosen for the words it shares with the question, is seldom
//     one it finds likely, and a right entry the engine was unsure of
//     usually is.
//
// A lying model names the entry that suits it best, so for an out-of-scope
// question the guard holds exactly when no entry at all passes it: the
// guarantee is a property of the question and the lexical engine, not of
// the model. TestGuardRefusesEveryEntryOutOfScope checks it, entry by entry,
// for every out-of-scope question of the tuning and held-out sets;
// DefaultMinSupport keeps a margin over the smallest value (in steps of
// 0.05) that exposes no out-of-scope question of the two tuning sets
// (TestMinSupportOnTheTuningSet). Raising it refuses more right choices of
// a good model; lowering it lets a lying one answer more. When a question
// the base does not cover gets support, the fix belongs in the engine's
// scope detection.
//
// A refused choice yields the lexical answer unchanged (Unknown, with its
// suggestions and scope). A confident lexical answer is never re-routed
// (composing changes its words, not its owner or sources). So a model can
// only turn an Unknown into an answer, and only into one the question
// lexically supports. When no entry has the support, the model is not asked
// at all. The evaluation test in this package runs the tuning and held-out
// sets with a perfect, a lying and a garbage model and checks the promises
// question by question: the liar answers no out-of-scope question, loses no
// right answer and gets no injected text into an answer, and the garbage
// model gives exactly the lexical answers.
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
// the cache. A cached choice passes the guard again each time it is used.
// The call budget is counted in memory per bot instance, by UTC day and
// month: the cache interface has no atomic increment, and a budget that is
// per instance is simple to reason about (N instances may spend N times the
// budget; set it accordingly).
package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	openai "github.com/sashabaranov/go-openai"
)

// GuardRank is how far down the lexical engine's ranking the model's choice
// may be (rule 5 of the guard).
//
// GuardRank, DefaultMinSupport, minChance and chanceOverUnrelated were
// chosen together by six-fold cross-validation over tuning-tuning253, each
// fold's classifier trained without the fold, on the questions a model is
// asked about (412, 68 of them out of scope), against the strongest liar
// there is: any entry that passes the guard. With a classifier that has
// read four times as many questions as when they were first set, the
// classifier is more often sure of an entry, so that "out of scope" gets
// next to nothing and a liar's entry passes rule 6 at a chance of a few
// hundredths ("whose job is it to restart the build agents after the
// windows update, po or pm?"). The old values (5, 0.2, 0.02 and 1.5) let
// that liar answer 8 out-of-scope questions, for 88 right answers of a
// perfect model; 0.2 and 3 for rule 6 alone, 2 for 65 (none of the values
// tried for rule 6 alone went lower); 2, 0.3, 0.2 and 3, none for 45, and
// wrong owners for 12 in-scope questions instead of 37. Confirming the
// lexical engine's first entry only (GuardRank 1) also lets none through,
// for 53, but leaves the model no choice to make.
//
// GuardRank became 4 in the round of held-out 138, cross-validated over
// the halves of the 655 tuning sets of its start (each half answered with
// a classifier trained on the other): of the 1,127 questions the lexical
// engine leaves unknown without ruling them out by their form (134 out of
// scope), the strongest liar answers the same 3 out-of-scope questions
// at ranks 2 to 5 (4 at 6, 5 at 8), and a perfect model's right entry
// passes for 133 questions at 2, 147 at 3, 160 at 4 and 162 at 5. The
// other three values keep their margin: at rank 4 a minimum support of
// 0.25 or a minimum chance of 0.15 still lets only those 3 through, 0.2
// or 0.1 a fourth.
const GuardRank = 4

// minChance and chanceOverUnrelated are rule 6 of the guard: the engine's
// classifier must give the model's entry at least minChance, and at least
// chanceOverUnrelated times what it gives "out of scope". Over the six-fold
// cross-validation of tuning-tuning115, on the questions a model is asked
// about, 0.02 and 1.5 let a perfect model add 90 right answers (87 under
// the rule it replaced, which refused any question the classifier gave
// "out of scope" 0.1 or more), a lying model answer 1 out-of-scope
// question (5) and name a wrong owner for 17 in-scope ones (93). See
// GuardRank for why they became 0.2 and 3. Cross-validated over
// tuning-tuning273 with the classifier trained on five sixths of 273 sets
// (511 questions asked about, 90 of them out of scope), 3 still let the
// strongest liar answer one ("who writes the tset cases, po or pm?", the
// classifier's entry at 0.67 beside 0.09 for out of scope), for 44 right
// answers of a perfect model; 10 lets none through, for 41 (7: 1 and 43;
// 15 to 50: none, and 40 to 41; a minimum chance of 0.3 or 0.4 costs more
// answers and saves no other). Over the 267 sets of the round's start
// (522 asked, 91 out of scope) 10 costs nothing (54) and leaves the one
// the classifier is sure of ("eu-west-1 or eu-west-2 for the app - whose
// call, po or pm?", 0.31 beside 0.0005): no threshold on the classifier
// refuses that one.
const (
	minChance           = 0.2
	chanceOverUnrelated = 10
)

// Defaults applied by New to zero Config fields.
const (
	DefaultModel           = "gpt-4o-mini"
	DefaultTimeout         = 8 * time.Second
	DefaultMinSupport      = 0.3
	DefaultCacheTTL        = 7 * 24 * time.Hour
	DefaultAzureAPIVersion = "2024-10-21"
)

// hintSize is how many of the lexical engine's best matches the routing
// prompt names as a hint.
const hintSize = 5

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
	// ConfidenceThreshold, when > 0, replaces the engine's own decision
	// (it answers only when confident) for deciding that the lexical answer
	// needs no help.
	// Raising it above the engine's lets the model re-route answers the
	// engine would have given, which the "never below lexical" guarantee
	// does not cover; leave it 0 unless you have measured.
	ConfidenceThreshold float64
	// MinSupport is the lexical support (knowledge.Engine.Support) the
	// entry the model chooses must have for the question to be accepted, in
	// (0, 1]; default DefaultMinSupport. It is what keeps a wrong or lying
	// model from answering a question the knowledge base does not cover
	// (see the package doc): lowering it lets the model answer phrasings
	// that share less with the entry, and questions about other things.
	MinSupport float64
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
	// roles holds the role each entry's canonical question names, when it
	// names exactly one (for the guard).
	roles map[string]role
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
	if cfg.MinSupport < 0 || cfg.MinSupport > 1 {
		return nil, fmt.Errorf("llm: minimum support %v is outside (0, 1]", cfg.MinSupport)
	}
	if cfg.MinSupport == 0 {
		cfg.MinSupport = DefaultMinSupport
	}
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
	a.roles = map[string]role{}
	for _, e := range eng.Base().Entries() {
		if r := rolesNamed(e.Question); r == rolePO || r == rolePM {
			a.roles[e.ID] = r
		}
	}
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
	if lex.Scope.Gated() {
		// Out of scope by its form: no model may answer it.
		return lex
	}
	confident := a.confident(lex)
	if confident && (!a.cfg.Rephrase || !rephrasable(lex)) {
		return lex
	}
	norm := knowledge.Normalize(question)
	if strings.TrimSpace(norm) == "" {
		return lex
	}
	if !confident && !a.supported(question) {
		// No entry could pass the guard, whatever the model chose.
		return lex
	}

	ctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()

	key := a.cacheKey(norm)
	if d, ok := a.cacheGet(ctx, key); ok {
		if ans, ok := a.fromDecision(ctx, key, question, lex, confident, d, true); ok {
			a.m.LLMCacheHits.Inc()
			return ans
		}
	}

	var d decision
	if confident {
		d.Topic = lex.Topic
	} else {
		topic, reason, err := a.route(ctx, question)
		if reason != "" {
			a.fallback(reason, err, question)
			return lex
		}
		d.Topic = topic
	}
	ans, _ := a.fromDecision(ctx, key, question, lex, confident, d, false)
	return ans
}

// fromDecision builds the answer for a routing decision (fresh or cached):
// the guard, then composing if asked; it caches what it learnt. ok is false
// when a cached decision no longer fits; the caller then asks the model
// afresh.
func (a *Answerer) fromDecision(ctx context.Context, key, question string, lex knowledge.Answer, confident bool, d decision, cached bool) (knowledge.Answer, bool) {
	if confident {
		if d.Topic != lex.Topic {
			// A compose-only decision names the lexical entry; ignore a
			// stale or routing value.
			return lex, false
		}
	} else if d.Topic == noneTopic {
		if !cached {
			a.fallback(reasonNone, nil, question)
			a.cacheSet(ctx, key, d)
		}
		return lex, true
	}
	entry, ok := a.eng.Base().Entry(d.Topic)
	if !ok {
		return lex, false // a cached id the base no longer has
	}

	ans := lex // a confident answer keeps everything, related questions too
	if !confident {
		support, reason := a.guard(question, d.Topic)
		if reason != "" {
			// The model's considered choice, refused: remember it (the
			// guard runs again on every use), keep the lexical answer.
			if !cached {
				a.fallback(reason, nil, question)
				a.cacheSet(ctx, key, decision{Topic: d.Topic})
			}
			return lex, true
		}
		if ans, ok = a.eng.AnswerID(question, d.Topic); !ok {
			return lex, false
		}
		// The routed answer is as sure as the question's support for it,
		// not the 1 AnswerID reports for a button click.
		ans.Confidence = support
	}

	if a.cfg.Rephrase && rephrasable(ans) {
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
	// The engine answers only when it is confident by its own rules (a
	// question that asks which role needs a little less coverage than
	// one that does not): any answer it gives stands.
	return true
}

// guard decides whether the model's choice of entry id may answer the
// question, from the lexical engine alone (see the package doc). It returns
// the question's support for the entry, and the reason to refuse it or "".
func (a *Answerer) guard(question, id string) (float64, string) {
	// The engine reads the part of the message that asks, greetings,
	// thanks and links aside (knowledge.Asked); so does the guard.
	asked := knowledge.Asked(question)
	if reason := a.footing(question, asked); reason != "" {
		return 0, reason
	}
	question = asked
	support := a.eng.Support(question, id)
	if support < a.cfg.MinSupport {
		return support, reasonImplausible
	}
	if er, ok := a.roles[id]; ok {
		if qr := rolesNamed(question); qr != roleNone && qr != roleBoth && qr != er {
			return support, reasonOtherRole
		}
	}
	if !a.ranked(question, id) {
		return support, reasonUnranked
	}
	if !a.likely(question, id) {
		return support, reasonUnlikely
	}
	return support, ""
}

// ranked reports whether the lexical engine ranks entry id among its
// GuardRank best for the question (rule 5 of the guard).
func (a *Answerer) ranked(question, id string) bool {
	for _, m := range a.eng.Rank(question, GuardRank) {
		if m.ID == id {
			return true
		}
	}
	return false
}

// footing returns why no model's choice may answer the question, whichever
// entry it names, or "": the question does not ask about the roles (it
// names neither and asks neither who nor which), it tries to instruct the
// model, or the engine's classifier reads it as out of scope. asked is
// the part of the question that asks (knowledge.Asked): the injection
// test reads the whole question, a link's label and an aside too, as the
// model does; the rest reads what the engine reads.
func (a *Answerer) footing(question, asked string) string {
	lower := strings.ToLower(question)
	if injectionLike.MatchString(lower) {
		return reasonInjection
	}
	question = asked
	if rolesNamed(question) == roleNone && !roleQuestion.MatchString(" "+knowledge.Normalize(question)+" ") {
		return reasonNotAboutRoles
	}
	if id, _, ok := a.eng.Classify(question); ok && id == "" {
		// The engine's classifier, trained on thousands of labelled
		// questions, reads it as about something else: no entry can pass
		// rule 6.
		return reasonUnrelated
	}
	return ""
}

// likely reports whether the engine's classifier gives entry id a fair
// chance for the question beside "out of scope" (rule 6 of the guard); a
// base without a classifier has no say.
func (a *Answerer) likely(question, id string) bool {
	unrelated, chances, ok := a.eng.Chances(nil, question)
	d := slices.IndexFunc(a.eng.Base().Entries(), func(e *knowledge.Entry) bool { return e.ID == id })
	return !ok || d >= 0 && fair(chances[d], unrelated)
}

// fair is rule 6 of the guard for an entry the classifier gives chance
// beside unrelated, the chance it gives "out of scope".
func fair(chance, unrelated float64) bool {
	return chance >= minChance && chance >= chanceOverUnrelated*unrelated
}

var (
	// injectionLike marks a question that tries to instruct the model
	// rather than ask Rolecall: the engine rules most of these out by
	// their form, and the guard refuses what it lets through.
	injectionLike = regexp.MustCompile(`\b(ignore|ignoring|disregard|override|pretend|jailbreak\w*)\b|\bsystem\s*:|\b(system|developer)\s+(prompt|message|mode)\b|\byou\s+are\s+now\b|\binstructions?\b`)
	// roleQuestion marks, in a normalised question, the words that ask who
	// does something, or which role: "who", "whose", "which", "product
	// person".
	roleQuestion = regexp.MustCompile(` (who|whos|whose|whom|which) | product (person|people|role|roles) `)
)

// supported reports whether some entry could pass the guard for the
// question: if none could, asking the model is wasted.
func (a *Answerer) supported(question string) bool {
	asked := knowledge.Asked(question)
	if a.footing(question, asked) != "" {
		return false
	}
	question = asked
	unrelated, chances, classified := a.eng.Chances(nil, question)
	for d, s := range a.eng.Supports(nil, question) {
		if s >= a.cfg.MinSupport && (!classified || fair(chances[d], unrelated)) {
			return true
		}
	}
	return false
}

// role is which of the two roles a text names.
type role int

const (
	roleNone role = iota
	rolePO
	rolePM
	roleBoth
)

// rolesNamed reads which roles a text names: "PO", "POs", "product
// owner(s)"; "PM", "PMs", "product manager(s)" (after knowledge.Normalize,
// so Slack markup and possessives are gone).
func rolesNamed(text string) role {
	var po, pm bool
	words := strings.Fields(knowledge.Normalize(text))
	for i, w := range words {
		switch w {
		case "po", "pos":
			po = true
		case "pm", "pms":
			pm = true
		case "product":
			if i+1 < len(words) {
				switch words[i+1] {
				case "owner", "owners":
					po = true
				case "manager", "managers":
					pm = true
				}
			}
		}
	}
	switch {
	case po && pm:
		return roleBoth
	case po:
		return rolePO
	case pm:
		return rolePM
	}
	return roleNone
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
	case reasonNone, reasonImplausible, reasonOtherRole, reasonUnranked, reasonUnlikely, reasonUnrelated, reasonNotAboutRoles, reasonInjection, reasonCanceled:
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
