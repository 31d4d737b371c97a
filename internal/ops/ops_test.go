package ops_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/ops"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(b)
}

func TestEndpoints(t *testing.T) {
	m := ops.New()
	var redisErr error
	h := ops.Handler(m, ops.Check{Name: "redis", Fn: func(context.Context) error { return redisErr }})

	if code, body := get(t, h, "/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("/healthz = %d %q, want 200 ok", code, body)
	}
	if code, _ := get(t, h, "/readyz"); code != 200 {
		t.Errorf("/readyz with every check passing = %d, want 200", code)
	}
	redisErr = errors.New("connection refused")
	code, body := get(t, h, "/readyz")
	if code != 503 || !strings.Contains(body, "connection refused") {
		t.Errorf("/readyz with redis down = %d %q, want 503 naming the failure", code, body)
	}

	m.Answers.WithLabelValues("product_owner").Add(3)
	m.Duplicates.Inc()
	m.SuggestionsShown.Add(2)
	m.SuggestionsChosen.Inc()
	m.ActionsIgnored.Add(1999)
	_, body = get(t, h, "/metrics")
	for _, want := range []string{
		`rolecall_answers_total{owner="product_owner"} 3`,
		`rolecall_duplicates_suppressed_total 1`,
		`rolecall_suggestions_shown_total 2`,
		`rolecall_suggestions_chosen_total 1`,
		`rolecall_actions_ignored_total 1999`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
