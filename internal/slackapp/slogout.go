package slackapp

import (
	"log/slog"
	"strings"
)

// slogOutput routes slack-go's debug logger into slog.
type slogOutput struct{ lg *slog.Logger }

func (o slogOutput) Output(_ int, s string) error {
	o.lg.Debug("slack-go: " + strings.TrimSpace(s))
	return nil
}
