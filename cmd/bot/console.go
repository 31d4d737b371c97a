package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slackapp"
)

const consoleUsage = `Usage: bot console

Chat with Rolecall in this terminal, exactly as in a Slack DM, with no Slack
and no Redis needed. Type a question; help, compare and topics work too;
where Rolecall is unsure it numbers the questions you may have meant, and
typing a number answers that one; assess runs the hiring assessment as in
Slack (answer with a choice's number; back, skip, cancel); quit, exit or
Ctrl-D ends.
`

// The console speaks as this user in this team, in a DM.
const (
	consoleTeam    = "T_LOCAL"
	consoleUser    = "U_LOCAL"
	consoleChannel = "D_LOCAL"
)

func runConsole(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprint(e.stderr, consoleUsage) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	// Only warnings and errors reach the terminal; the embedded store's
	// "not durable" warning is expected here and would only confuse.
	lg := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	base, err := knowledge.LoadWithOverrides(strings.TrimSpace(e.getenv("KNOWLEDGE_DIR")), lg)
	if base == nil {
		fmt.Fprintf(e.stderr, "bot console: load the knowledge base: %v\n", err)
		return 1
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "warning: ignoring KNOWLEDGE_DIR, using the built-in knowledge base:\n%v\n", err)
	}
	store, err := session.Open(ctx, session.Config{}, lg)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot console: start the embedded store: %v\n", err)
		return 1
	}
	defer store.Close()
	rt, err := slackapp.NewRouter(slackapp.Config{Engine: knowledge.NewEngine(base), Store: store, Metrics: ops.New(), Logger: lg})
	if err != nil {
		fmt.Fprintf(e.stderr, "bot console: %v\n", err)
		return 1
	}
	out := slackapp.NewTextResponder(e.stdout)
	fmt.Fprintln(e.stdout, "Rolecall — who owns what between a product owner and a product manager?")
	fmt.Fprintln(e.stdout, "Ask in your own words, for example:")
	for _, q := range slackapp.Examples() {
		fmt.Fprintf(e.stdout, "  %s\n", q)
	}
	fmt.Fprintln(e.stdout, "Type help, compare or topics; assess takes the hiring assessment (answer by number);")
	fmt.Fprintln(e.stdout, "quit (or Ctrl-D) leaves.")
	fmt.Fprintln(e.stdout)

	lines := bufio.NewReaderSize(e.stdin, 64<<10)
	for n := 1; ctx.Err() == nil; n++ {
		fmt.Fprint(e.stdout, "> ")
		line, err := readConsoleLine(lines)
		if err != nil && line == "" {
			if !errors.Is(err, io.EOF) {
				fmt.Fprintf(e.stderr, "bot console: read: %v\n", err)
				return 1
			}
			fmt.Fprintln(e.stdout)
			return 0
		}
		line = strings.TrimSpace(line)
		switch strings.ToLower(line) {
		case "":
			continue
		case "quit", "exit", "/quit", "/exit":
			return 0
		}
		req := &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: consoleTeam, User: consoleUser,
			Channel: consoleChannel, TS: strconv.Itoa(n) + ".000000", Text: line}
		// A number after "Did you mean…" picks that question, as its button
		// would in Slack.
		if click, ok := out.Choose(line); ok {
			click.Team, click.User, click.DM = consoleTeam, consoleUser, true
			req = &click
		}
		if err := rt.Handle(ctx, req, out); err != nil {
			fmt.Fprintf(e.stderr, "bot console: %v\n", err)
		}
	}
	return 0
}

// readConsoleLine reads one line of any length, keeping the first 64 KB.
func readConsoleLine(r *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		chunk, isPrefix, err := r.ReadLine()
		if b.Len() < 64<<10 {
			b.Write(chunk)
		}
		if err != nil {
			return b.String(), err
		}
		if !isPrefix {
			return b.String(), nil
		}
	}
}
