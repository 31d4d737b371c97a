// Package redact keeps secrets out of logs: Handler wraps a slog.Handler and
// replaces the configured secrets, and anything shaped like a Slack token,
// in every message and attribute, whatever a library put in an error.
package redact

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
)

// Replacement is what a secret becomes in a log.
const Replacement = "[redacted]"

// tokenPattern matches anything shaped like a Slack token.
var tokenPattern = regexp.MustCompile(`x(?:ox[a-z]|app)-[A-Za-z0-9-]+`)

// minSecret is the shortest configured secret Handler replaces: a shorter
// one would blank out ordinary words.
const minSecret = 8

// Handler is a slog.Handler that scrubs secrets before passing records on.
type Handler struct {
	next    slog.Handler
	secrets []string
}

// NewHandler returns a Handler that scrubs secrets (those of at least 8
// characters) and token-shaped strings from what it passes to h.
func NewHandler(h slog.Handler, secrets ...string) *Handler {
	var ss []string
	for _, s := range secrets {
		if len(s) >= minSecret {
			ss = append(ss, s)
		}
	}
	return &Handler{next: h, secrets: ss}
}

// String returns s with the secrets and token-shaped strings replaced.
func (h *Handler) String(s string) string {
	for _, sec := range h.secrets {
		s = strings.ReplaceAll(s, sec, Replacement)
	}
	if strings.Contains(s, "xox") || strings.Contains(s, "xapp-") {
		s = tokenPattern.ReplaceAllString(s, Replacement)
	}
	return s
}

func (h *Handler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.String(v.String()))
	case slog.KindGroup:
		as := v.Group()
		out := make([]any, len(as))
		for i, g := range as {
			out[i] = h.attr(g)
		}
		return slog.Group(a.Key, out...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, h.String(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, h.String(x.String()))
		default:
			return slog.String(a.Key, h.String(fmt.Sprint(x)))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// Enabled reports whether the wrapped handler handles level l.
func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

// Handle scrubs the record's message and attributes and passes it on.
func (h *Handler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, h.String(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

// WithAttrs scrubs as and returns a Handler over the wrapped handler's
// WithAttrs.
func (h *Handler) WithAttrs(as []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(as))
	for i, a := range as {
		clean[i] = h.attr(a)
	}
	return &Handler{next: h.next.WithAttrs(clean), secrets: h.secrets}
}

// WithGroup returns a Handler over the wrapped handler's WithGroup.
func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{next: h.next.WithGroup(name), secrets: h.secrets}
}
