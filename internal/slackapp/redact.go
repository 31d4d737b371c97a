package slackapp

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
)

// tokenPattern matches anything shaped like a Slack token.
var tokenPattern = regexp.MustCompile(`x(?:ox[a-z]|app)-[A-Za-z0-9-]+`)

// redactHandler keeps secrets out of logs whatever a library puts in an
// error message: the configured tokens, and anything shaped like a token.
type redactHandler struct {
	h       slog.Handler
	secrets []string
}

func newRedactHandler(h slog.Handler, secrets ...string) slog.Handler {
	var ss []string
	for _, s := range secrets {
		if len(s) >= 8 {
			ss = append(ss, s)
		}
	}
	return &redactHandler{h: h, secrets: ss}
}

func (r *redactHandler) scrub(s string) string {
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, sec, "[redacted]")
	}
	if strings.Contains(s, "xox") || strings.Contains(s, "xapp-") {
		s = tokenPattern.ReplaceAllString(s, "[redacted]")
	}
	return s
}

func (r *redactHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, r.scrub(v.String()))
	case slog.KindGroup:
		as := v.Group()
		out := make([]any, len(as))
		for i, g := range as {
			out[i] = r.attr(g)
		}
		return slog.Group(a.Key, out...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, r.scrub(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, r.scrub(x.String()))
		default:
			return slog.String(a.Key, r.scrub(fmt.Sprint(x)))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

func (r *redactHandler) Enabled(ctx context.Context, l slog.Level) bool { return r.h.Enabled(ctx, l) }

func (r *redactHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, r.scrub(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(r.attr(a))
		return true
	})
	return r.h.Handle(ctx, out)
}

func (r *redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(as))
	for i, a := range as {
		clean[i] = r.attr(a)
	}
	return &redactHandler{h: r.h.WithAttrs(clean), secrets: r.secrets}
}

func (r *redactHandler) WithGroup(name string) slog.Handler {
	return &redactHandler{h: r.h.WithGroup(name), secrets: r.secrets}
}

// slogOutput routes slack-go's debug logger into slog.
type slogOutput struct{ lg *slog.Logger }

func (o slogOutput) Output(_ int, s string) error {
	o.lg.Debug("slack-go: " + strings.TrimSpace(s))
	return nil
}
