package main

// bot assess: the hiring assessment in the terminal, on the same engine and
// store as the Slack dialog.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/assessment/dialog"
	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/session"
)

const assessUsage = `Usage: bot assess [--new] [--user NAME] [--questionnaire FILE]
       bot assess --answers FILE [--json | --markdown] [--questionnaire FILE]

Takes the hiring assessment "Do we need a product owner, a product manager,
or both?" in this terminal: answer with a choice's number (or its words),
or type a note where a question allows it. An unfinished assessment is
resumed; progress is kept between runs when REDIS_URL points at a Redis
(REDIS_PREFIX sets the key prefix, default rolecall; SESSION_TTL how long an
unfinished assessment is kept, default 168h).

With --answers, evaluates a saved answer file (YAML or JSON, "-" for
standard input) without asking anything, e.g.:

  stage: early_startup
  products: one
  goal: {choice: direction, text: "find product fit"}
  kpis: {skip: true}

Flags:
`

const assessCommands = `Commands: a number (or the choice's words) answers; back goes to the
previous question; skip skips it (where allowed); restart begins again;
cancel stops; help shows this.`

func runAssess(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("assess", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fresh := fs.Bool("new", false, "start a new assessment even if one is unfinished")
	user := fs.String("user", "", "whose assessment this is (default $USER)")
	answers := fs.String("answers", "", "evaluate this answer file instead of asking")
	asJSON := fs.Bool("json", false, "with --answers: print the result as JSON")
	asMarkdown := fs.Bool("markdown", false, "with --answers: print the result as Markdown")
	qfile := fs.String("questionnaire", "", "use this questionnaire file instead of the built-in one")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), assessUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "bot assess: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if (*asJSON || *asMarkdown) && *answers == "" {
		fmt.Fprintln(e.stderr, "bot assess: --json and --markdown go with --answers FILE")
		return 2
	}
	if *asJSON && *asMarkdown {
		fmt.Fprintln(e.stderr, "bot assess: choose one of --json and --markdown")
		return 2
	}

	q, err := assessQuestionnaire(e, *qfile)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot assess: %v\n", err)
		return 2
	}
	if *answers != "" {
		format := "text"
		if *asJSON {
			format = "json"
		} else if *asMarkdown {
			format = "markdown"
		}
		return assessFile(e, q, *answers, format)
	}
	return assessInteractive(ctx, e, q, *user, *fresh)
}

// assessQuestionnaire loads the questionnaire (built-in or a team's file)
// and binds it to the knowledge base, with KNOWLEDGE_DIR layered on top. A
// knowledge base that does not load only costs the role descriptions.
func assessQuestionnaire(e *env, file string) (*assessment.Questionnaire, error) {
	var q *assessment.Questionnaire
	var err error
	if file != "" {
		q, err = assessment.LoadFile(file)
	} else {
		q, err = assessment.Builtin()
	}
	if err != nil {
		return nil, err
	}
	kb, kerr := knowledge.LoadWithOverrides(strings.TrimSpace(e.getenv("KNOWLEDGE_DIR")), slog.New(slog.DiscardHandler))
	if kb == nil {
		fmt.Fprintf(e.stderr, "warning: the knowledge base did not load, results will not describe the roles: %v\n", kerr)
		return q, nil
	}
	if kerr != nil {
		fmt.Fprintf(e.stderr, "warning: ignoring KNOWLEDGE_DIR, using the built-in knowledge base:\n%v\n", kerr)
	}
	bound, err := q.WithKnowledge(kb.Entry)
	if err != nil {
		fmt.Fprintf(e.stderr, "warning: the questionnaire names knowledge entries that do not exist:\n%v\n", err)
		return q, nil
	}
	return bound, nil
}

// assessFile evaluates a saved answer file; any problem with it exits 2.
func assessFile(e *env, q *assessment.Questionnaire, path, format string) int {
	var data []byte
	var err error
	name := path
	if path == "-" {
		name = "stdin"
		data, err = io.ReadAll(io.LimitReader(e.stdin, 1<<20))
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "bot assess: %v\n", err)
		return 2
	}
	as, err := q.ParseAnswers(name, data)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot assess: the answer file has problems:\n%v\n", err)
		return 2
	}
	_, reply, err := q.Replay(as)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot assess: %s: %v\n", name, err)
		return 2
	}
	res := reply.Result
	switch format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(res)
	case "markdown":
		_, err = io.WriteString(e.stdout, res.Markdown())
	default:
		_, err = io.WriteString(e.stdout, res.Text())
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "bot assess: %v\n", err)
		return 1
	}
	return 0
}

// assessInteractive runs the dialog in the terminal over the session store.
func assessInteractive(ctx context.Context, e *env, q *assessment.Questionnaire, user string, fresh bool) int {
	lg := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := session.Config{URL: strings.TrimSpace(e.getenv("REDIS_URL")), Prefix: strings.TrimSpace(e.getenv("REDIS_PREFIX"))}
	if v := strings.TrimSpace(e.getenv("SESSION_TTL")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			fmt.Fprintf(e.stderr, "bot assess: SESSION_TTL=%q is not a positive duration; use e.g. 168h for 7 days\n", v)
			return 2
		}
		cfg.TTL = d
	}
	store, err := session.Open(ctx, cfg, lg)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot assess: cannot open the session store: %v\n", err)
		return 1
	}
	defer store.Close()
	svc, err := dialog.New(dialog.Config{Store: store, Questionnaire: q, Logger: lg})
	if err != nil {
		fmt.Fprintf(e.stderr, "bot assess: %v\n", err)
		return 1
	}
	if user == "" {
		user = e.getenv("USER")
	}
	if user == "" {
		user = "local"
	}
	key := session.Key{Team: "local", User: user, Channel: "terminal"}
	t := &assessTerminal{e: e, in: bufio.NewReader(e.stdin), embedded: store.Embedded()}

	step, err := svc.Start(ctx, key, fresh)
	if err != nil {
		return t.fail(err)
	}
	fmt.Fprintf(e.stdout, "%s\n\n", q.Title)
	if step.Resumed {
		fmt.Fprintf(e.stdout, "You have an unfinished assessment, at question %s. Resume it? [Y/n] ", step.Reply.Position())
		line, err := t.line()
		if err != nil {
			return t.eof(step)
		}
		if a := strings.ToLower(strings.TrimSpace(line)); a == "n" || a == "no" {
			if step, err = svc.Start(ctx, key, true); err != nil {
				return t.fail(err)
			}
		} else {
			step.Reply.Message = ""
		}
	}
	if step.Reply.Message != "" {
		fmt.Fprintf(e.stdout, "%s\n", step.Reply.Message)
	}
	fmt.Fprintf(e.stdout, "%s\n", assessCommands)

	for {
		switch {
		case step.Reply.Result != nil:
			fmt.Fprintf(e.stdout, "\n%s", step.Reply.Result.Text())
			return 0
		case step.State.Status == assessment.StatusCancelled:
			return 0
		}
		t.ask(step.Reply)
		line, err := t.line()
		if err != nil {
			return t.eof(step)
		}
		in, ok := assessInput(step.State.Step, line)
		if !ok {
			fmt.Fprintf(e.stdout, "%s\n", assessCommands)
			continue
		}
		next, err := svc.Apply(ctx, key, in)
		var ie *assessment.InputError
		switch {
		case errors.As(err, &ie):
			fmt.Fprintf(e.stdout, "%s\n", ie.Message)
			continue
		case err != nil:
			return t.fail(err)
		}
		step = next
		if step.Reply.Message != "" && step.Reply.Result == nil {
			fmt.Fprintf(e.stdout, "%s\n", step.Reply.Message)
		}
	}
}

// assessInput turns a typed line into an engine input; ok is false for
// help (and an empty line), which the terminal answers itself.
func assessInput(step, line string) (in assessment.Input, ok bool) {
	s := strings.TrimSpace(line)
	switch strings.ToLower(s) {
	case "", "help", "?", "h":
		return in, false
	case "back", "b":
		return assessment.Back(), true
	case "skip", "s":
		return assessment.Skip(step), true
	case "cancel", "quit", "q":
		return assessment.Cancel(), true
	case "restart":
		return assessment.Restart(), true
	}
	return assessment.Text(step, s), true
}

// assessTerminal prints questions and reads answers.
type assessTerminal struct {
	e        *env
	in       *bufio.Reader
	embedded bool
}

// line reads one line; io.EOF once input ends.
func (t *assessTerminal) line() (string, error) {
	s, err := t.in.ReadString('\n')
	if err != nil && (s == "" || !errors.Is(err, io.EOF)) {
		return "", io.EOF
	}
	return s, nil
}

func (t *assessTerminal) ask(r assessment.Reply) {
	q := r.Question
	w := t.e.stdout
	fmt.Fprintf(w, "\n[%s] %s\n", r.Position(), q.Prompt)
	if q.Help != "" {
		fmt.Fprintf(w, "    %s\n", q.Help)
	}
	for i, c := range q.Choices {
		mark := ""
		if r.Current != nil && r.Current.Choice == c.ID {
			mark = "   (your answer)"
		}
		fmt.Fprintf(w, "  %d) %s%s\n", i+1, c.Label, mark)
	}
	var extra []string
	if q.AllowText {
		extra = append(extra, "or type your own answer")
		if r.Current != nil && r.Current.Text != "" {
			extra = append(extra, fmt.Sprintf("your note: %q", r.Current.Text))
		}
	}
	if q.Skippable {
		extra = append(extra, "skip allowed")
	}
	if len(extra) > 0 {
		fmt.Fprintf(w, "  (%s)\n", strings.Join(extra, "; "))
	}
	fmt.Fprint(w, "> ")
}

// eof ends the session when input runs out: progress is already saved.
func (t *assessTerminal) eof(step *dialog.Step) int {
	w := t.e.stdout
	fmt.Fprintln(w)
	if step.State.Status != assessment.StatusActive {
		return 0
	}
	if t.embedded {
		fmt.Fprintf(w, "Stopped at question %s. Without REDIS_URL your answers live only as long as this process;\n"+
			"set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to keep them, and run 'bot assess' to continue.\n", step.Reply.Position())
		return 0
	}
	fmt.Fprintf(w, "Saved at question %s. Run 'bot assess' again to continue where you left off.\n", step.Reply.Position())
	return 0
}

// fail reports a store error in words; the answer was not saved.
func (t *assessTerminal) fail(err error) int {
	if errors.Is(err, session.ErrUnavailable) {
		fmt.Fprintf(t.e.stderr, "bot assess: the session store is not answering, so your last answer was not saved; try again in a minute (%v)\n", err)
	} else {
		fmt.Fprintf(t.e.stderr, "bot assess: %v\n", err)
	}
	return 1
}
