// Package ops makes Rolecall operable: the Prometheus metrics every part of
// the bot records into, and the HTTP endpoints /healthz, /readyz and
// /metrics.
package ops

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics holds every collector Rolecall exports. Each bot instance (and
// each test) builds its own with New, on its own registry: there is no
// package-level state.
type Metrics struct {
	// Registry is what /metrics serves.
	Registry *prometheus.Registry

	// Envelopes counts deliveries received, Socket Mode envelopes or HTTP
	// requests, by type (events_api, slash_commands, interactive, other).
	Envelopes *prometheus.CounterVec
	// AckLatency is the time from reading an envelope to writing its ack.
	AckLatency prometheus.Histogram
	// HandleLatency is the time spent handling an envelope after its ack,
	// by kind (mention, dm, slash, action, home, other).
	HandleLatency *prometheus.HistogramVec
	// Answers counts answers given, by owner (including unknown).
	Answers *prometheus.CounterVec
	// SuggestionsShown counts unanswered questions that got "Did you
	// mean…?" suggestions instead of a dead end; SuggestionsChosen counts
	// the suggestions people then picked. Their ratio says whether the
	// suggestions help.
	SuggestionsShown  prometheus.Counter
	SuggestionsChosen prometheus.Counter
	// FollowUps counts questions answered as follow-ups of the answer
	// before them in their conversation ("what about the PM?").
	FollowUps prometheus.Counter
	// AssessmentsStarted, AssessmentsCompleted and AssessmentsAbandoned
	// count assessment dialogs (abandoned: cancelled or restarted).
	AssessmentsStarted   prometheus.Counter
	AssessmentsCompleted prometheus.Counter
	AssessmentsAbandoned prometheus.Counter
	// SlackAPIErrors counts failed Web API calls by method and error code.
	SlackAPIErrors *prometheus.CounterVec
	// RateLimitRetries counts Web API calls retried after HTTP 429, by method.
	RateLimitRetries *prometheus.CounterVec
	// Duplicates counts envelopes suppressed as already processed.
	Duplicates prometheus.Counter
	// Redeliveries counts deliveries Slack marked as retries (retry_attempt,
	// or X-Slack-Retry-Num over HTTP), by reason (timeout, http_timeout,
	// http_error, connection_failed, …, other).
	Redeliveries *prometheus.CounterVec
	// HTTPRefused counts requests to the request URLs refused, by reason:
	// signature (forged or missing), stale (timestamp more than 5 minutes
	// off), too_large, malformed, not_ready, busy (worker pool full).
	HTTPRefused *prometheus.CounterVec
	// PoolQueued is the number of envelopes waiting for a worker now.
	PoolQueued prometheus.Gauge
	// PoolInFlight is the number of envelopes being handled now.
	PoolInFlight prometheus.Gauge
	// PoolShed counts envelopes dropped because the worker pool was full.
	PoolShed prometheus.Counter
	// ActionsIgnored counts the actions of a block_actions payload after
	// its first, which alone is handled: a click sends one.
	ActionsIgnored prometheus.Counter
	// StoreErrors counts session store failures, by operation.
	StoreErrors *prometheus.CounterVec

	// LLMCalls counts model calls, by outcome (ok, error).
	LLMCalls *prometheus.CounterVec
	// LLMLatency is the duration of model calls.
	LLMLatency prometheus.Histogram
	// LLMFallbacks counts lexical fallbacks, by reason (timeout,
	// rate_limited, server_error, malformed, budget, wrong_owner, empty,
	// none).
	LLMFallbacks *prometheus.CounterVec
	// LLMTokens counts tokens used, by kind (prompt, completion).
	LLMTokens *prometheus.CounterVec
	// LLMCacheHits counts answers served from the cache.
	LLMCacheHits prometheus.Counter
}

// New builds the collectors and registers them, with the Go runtime and
// process collectors, on a fresh registry.
func New() *Metrics {
	r := prometheus.NewRegistry()
	m := &Metrics{
		Registry: r,
		Envelopes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rolecall_envelopes_total", Help: "Deliveries received (Socket Mode envelopes or HTTP requests), by type.",
		}, []string{"type"}),
		AckLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "rolecall_ack_latency_seconds", Help: "Time from reading an envelope to acking it.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .5, 1, 3},
		}),
		HandleLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rolecall_handle_latency_seconds", Help: "Time spent handling an envelope after its ack, by kind.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"kind"}),
		Answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rolecall_answers_total", Help: "Answers given, by owner.",
		}, []string{"owner"}),
		SuggestionsShown: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rolecall_suggestions_shown_total", Help: "Unanswered questions that got \"Did you mean\" suggestions.",
		}),
		SuggestionsChosen: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rolecall_suggestions_chosen_total", Help: "Suggested questions people picked.",
		}),
		FollowUps: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rolecall_follow_ups_total", Help: "Questions answered as follow-ups of the answer before them in their conversation.",
		}),
		AssessmentsStarted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rolecall_assessments_started_total", Help: "Assessments started.",
		}),
		AssessmentsCompleted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rolecall_assessments_completed_total", Help: "Assessments completed with a recommendation.",
		}),
		AssessmentsAbandoned: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rolecall_assessments_abandoned_total", Help: "Assessments cancelled or restarted before the end.",
		}),
		SlackAPIErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rolecall_slack_api_errors_total", Help: "Failed Slack Web API calls, by method and error code.",
		}, []string{"method", "code"}),
		RateLimitRetries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rolecall_slack_rate_limit_retries_total", Help: "Web API calls retried after HTTP 429, by method.",
		}, []string{"method"}),
		Duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rolecall_duplicates_suppressed_total", Help: "Envelopes suppressed because they were already processed.",
		}),
		Redeliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rolecall_redeliveries_total", Help: "Deliveries Slack marked as retries, by reason.",
		}, []string{"reason"}),
		HTTPRefused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rolecall_http_refused_total", Help: "Requests to the request URLs refused, by reason.",
		}, []string{"reason"}),
		PoolQueued: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "rolecall_pool_queued", Help: "Envelopes waiting for a worker now.",
		}),
		PoolInFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "rolecall_pool_in_flight", Help: "Envelopes being handled by the worker pool now.",
		}),
		PoolShed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rolecall_pool_shed_total", Help: "Envelopes dropped because the worker pool was full.",
		}),
		ActionsIgnored: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rolecall_actions_ignored_total", Help: "Actions of a block_actions payload after its first, which alone is handled.",
		}),
		StoreErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rolecall_store_errors_total", Help: "Session store failures, by operation.",
		}, []string{"op"}),
		LLMCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rolecall_llm_calls_total", Help: "Language model calls, by outcome.",
		}, []string{"outcome"}),
		LLMLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "rolecall_llm_latency_seconds", Help: "Duration of language model calls.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 9),
		}),
		LLMFallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rolecall_llm_fallbacks_total", Help: "Lexical fallbacks in LLM mode, by reason.",
		}, []string{"reason"}),
		LLMTokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rolecall_llm_tokens_total", Help: "Tokens used by the language model, by kind.",
		}, []string{"kind"}),
		LLMCacheHits: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rolecall_llm_cache_hits_total", Help: "LLM-mode answers served from the cache.",
		}),
	}
	r.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.Envelopes, m.AckLatency, m.HandleLatency, m.Answers, m.SuggestionsShown, m.SuggestionsChosen, m.FollowUps,
		m.AssessmentsStarted, m.AssessmentsCompleted, m.AssessmentsAbandoned,
		m.SlackAPIErrors, m.RateLimitRetries, m.Duplicates, m.Redeliveries, m.HTTPRefused, m.PoolQueued, m.PoolInFlight, m.PoolShed, m.ActionsIgnored, m.StoreErrors,
		m.LLMCalls, m.LLMLatency, m.LLMFallbacks, m.LLMTokens, m.LLMCacheHits,
	)
	return m
}
