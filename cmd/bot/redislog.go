package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/rolecall/rolecall/internal/redact"
)

// redisLog takes go-redis's own log lines into the bot's structured log. The
// client reports there what it cannot return to a caller: a pool that fails
// to dial (Redis is down), a connection it had to drop, a re-authentication
// that failed. Installed once at start-up with redis.SetLogger, it writes
// each line at warn level, as "go-redis" with the line under "detail", and
// scrubs the Slack tokens (and anything shaped like one) as the Slack app's
// own log does.
type redisLog struct{ lg *slog.Logger }

// newRedisLog returns a redisLog writing to lg with secrets redacted.
func newRedisLog(lg *slog.Logger, secrets ...string) redisLog {
	return redisLog{lg: slog.New(redact.NewHandler(lg.Handler(), secrets...))}
}

// Printf implements go-redis's logger interface (internal.Logging).
func (l redisLog) Printf(ctx context.Context, format string, v ...any) {
	l.lg.WarnContext(ctx, "go-redis", "detail", strings.TrimSpace(fmt.Sprintf(format, v...)))
}
