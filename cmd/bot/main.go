// Command bot runs Rolecall: in Slack over Socket Mode by default (or over
// HTTP request URLs with run --http), or locally through the subcommands
// ask, compare, topics, assess and console, which use the same engines with
// the embedded store.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
)

// command is one subcommand of the binary.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) int
}

// env is what a subcommand may touch: its streams and the environment. Tests
// build one with buffers and a map.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

func commands() []command {
	return []command{
		{"run", "serve Slack over Socket Mode, or over request URLs with --http (the default)", runServe},
		{"console", "chat with Rolecall in this terminal, no Slack needed", runConsole},
		{"ask", "answer one question (or one per line of stdin with --json)", runAsk},
		{"compare", "print the side-by-side product manager / product owner comparison", runCompare},
		{"topics", "list what Rolecall knows about", runTopics},
		{"assess", "take the hiring assessment in this terminal", runAssess},
		{"eval", "measure the answers on a file of labelled questions", runEval},
		{"train", "train the answer classifier on labelled questions", runTrain},
		{"kb", "check a team's KNOWLEDGE_DIR offline: kb check DIR", runKB},
		{"roles", "export, import (validated whole) or review the role directory", runRoles},
	}
}

// gcPercent is the bot's GOGC unless the environment sets one. Its live
// heap is small (about 11 MB answering 4,000 mentions a second) and most of
// what it allocates is garbage at once: at Go's default of 100 the heap
// peaks at twice the live heap and the process at about 42 MB; at 70 it
// stays under 40 MB for about 1 % more CPU (docs/benchmarks.md).
const gcPercent = 70

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand; no argument means "run".
func run(ctx context.Context, e *env, args []string) int {
	name := "run"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" || name == "-h" || name == "--help" {
		usage(e.stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, e, args)
		}
	}
	fmt.Fprintf(e.stderr, "bot: unknown command %q\n\n", name)
	usage(e.stderr)
	return 2
}

func usage(w io.Writer) {
	cs := commands()
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].name == "run" && cs[j].name != "run" })
	fmt.Fprintln(w, "Usage: bot [command] [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range cs {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'bot COMMAND -h' for a command's flags.")
}
