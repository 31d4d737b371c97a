package main

// The local face of the knowledge engine: bot ask, bot compare, bot topics.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
)

// maxLineBytes is how much of one stdin line ask keeps; the rest of the line
// is read and dropped, so a huge line costs one answer ("too long"), never a
// desynchronised batch.
const maxLineBytes = 64 << 10

const askUsage = `Usage: bot ask [--json] [--llm] [QUESTION...]

Answers a question about the product owner and product manager roles.
With no QUESTION, reads one question per line from standard input and
answers each in order (one JSON line per question with --json).

Flags:
  --json   print the answer as JSON: {"question","topic","owner","answer","sources","confidence","related"},
           with "shape", "verdict", "scope", "suggestions" and "part" when they apply
  --llm    use LLM mode (see OPENAI_* variables); falls back to the lexical engine on failure

Environment:
  KNOWLEDGE_DIR   a directory of YAML entries that add to or override the built-in knowledge
`

// loadEngine builds the knowledge engine once for a command: the built-in
// base, with KNOWLEDGE_DIR layered on top when set. A broken KNOWLEDGE_DIR is
// a warning, not a failure: the built-in base keeps serving.
func loadEngine(e *env) (*knowledge.Engine, error) {
	dir := strings.TrimSpace(e.getenv("KNOWLEDGE_DIR"))
	b, err := knowledge.LoadWithOverrides(dir, slog.New(slog.DiscardHandler))
	if b == nil {
		return nil, fmt.Errorf("load the built-in knowledge base: %w", err)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "warning: ignoring KNOWLEDGE_DIR, serving the built-in knowledge base:\n%v\n", err)
	}
	return knowledge.NewEngine(b), nil
}

type askAnswerer func(ctx context.Context, question string) knowledge.Answer

func runAsk(ctx context.Context, e *env, args []string) int {
	var asJSON, useLLM bool
	var words []string
flags:
	for i, a := range args {
		switch a {
		case "--json", "-json":
			asJSON = true
		case "--llm", "-llm":
			useLLM = true
		case "-h", "--help", "-help":
			fmt.Fprint(e.stdout, askUsage)
			return 0
		case "--":
			words = append(words, args[i+1:]...)
			break flags
		default:
			if strings.HasPrefix(a, "--") || (strings.HasPrefix(a, "-") && len(a) > 1 && len(words) == 0) {
				fmt.Fprintf(e.stderr, "bot ask: unknown flag %s\n\n%s", a, askUsage)
				return 2
			}
			words = append(words, a)
		}
	}
	eng, err := loadEngine(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot ask: %v\n", err)
		return 1
	}
	answer := askAnswerer(func(_ context.Context, q string) knowledge.Answer { return eng.Answer(q) })
	if useLLM {
		src, err := newLLMAnswerSource(e.getenv, true, eng, nil, ops.New(), slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
		if err != nil {
			fmt.Fprintf(e.stderr, "bot ask: %v\n", err)
			return 2
		}
		answer = src.Answer
	}
	show := printText
	if asJSON {
		show = printJSON
	}

	if len(words) > 0 {
		if err := show(e.stdout, answer(ctx, strings.Join(words, " "))); err != nil {
			fmt.Fprintf(e.stderr, "bot ask: %v\n", err)
			return 1
		}
		return 0
	}

	if f, ok := e.stdin.(*os.File); ok && !asJSON {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprintln(e.stderr, "Type a question and press Enter (Ctrl-D to finish). Or run: bot ask \"who owns the backlog?\"")
		}
	}
	r := bufio.NewReaderSize(e.stdin, 64<<10)
	first := true
	for {
		if ctx.Err() != nil {
			return 130
		}
		line, err := readLine(r, maxLineBytes)
		if err != nil && !errors.Is(err, io.EOF) {
			fmt.Fprintf(e.stderr, "bot ask: read standard input: %v\n", err)
			return 1
		}
		if errors.Is(err, io.EOF) && line == "" {
			return 0
		}
		if !asJSON && !first {
			fmt.Fprintln(e.stdout)
		}
		first = false
		if perr := show(e.stdout, answer(ctx, line)); perr != nil {
			fmt.Fprintf(e.stderr, "bot ask: %v\n", perr)
			return 1
		}
		if errors.Is(err, io.EOF) {
			return 0
		}
	}
}

// readLine reads one line without its line ending. It keeps at most max
// bytes (plus one, so the engine sees the line is too long) and discards
// the rest of the line. The error is io.EOF on the last line.
func readLine(r *bufio.Reader, max int) (string, error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if room := max + 1 - len(buf); room > 0 {
			buf = append(buf, chunk[:min(len(chunk), room)]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return strings.TrimRight(string(buf), "\r\n"), err
	}
}

func printJSON(w io.Writer, a knowledge.Answer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(a)
}

func printText(w io.Writer, a knowledge.Answer) error {
	var b strings.Builder
	if a.Question != "" {
		fmt.Fprintf(&b, "Q: %s\n", a.Question)
	}
	if a.Part != "" {
		fmt.Fprintf(&b, "(answering the part about the roles: %s)\n", a.Part)
	}
	fmt.Fprintf(&b, "Owner: %s\n\n", a.Owner.Label())
	if a.Verdict != "" {
		fmt.Fprintf(&b, "%s\n\n", wrap(a.Verdict, "", textWidth))
	}
	fmt.Fprintf(&b, "%s\n", wrap(a.Text, "", textWidth))
	if len(a.Sides) > 0 {
		b.WriteString("\nWhat each source says:\n")
		for _, s := range a.Sides {
			fmt.Fprintf(&b, "  - %s\n    (%s)\n", wrap(s.Owner.Label()+": "+s.Says, "    ", textWidth), cite(s.Source))
		}
	}
	if len(a.Sources) > 0 {
		b.WriteString("\nSources:\n")
		for _, s := range a.Sources {
			fmt.Fprintf(&b, "  - %s\n", cite(s))
		}
	}
	if len(a.Related) > 0 {
		b.WriteString("\nRelated:\n")
		for _, r := range a.Related {
			fmt.Fprintf(&b, "  - %s\n", r.Question)
		}
	}
	if len(a.Suggestions) > 0 {
		b.WriteString("\nDid you mean:\n")
		for _, s := range a.Suggestions {
			fmt.Fprintf(&b, "  - %s\n", s.Question)
		}
	}
	if a.Owner != knowledge.Unknown {
		fmt.Fprintf(&b, "\nConfidence: %.2f\n", a.Confidence)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// textWidth is where text output wraps.
const textWidth = 78

// wrap breaks s into lines of at most width columns (a longer word stays
// whole); lines after the first start with indent.
func wrap(s, indent string, width int) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(s) {
		n := utf8.RuneCountInString(w)
		switch {
		case i == 0:
		case col+1+n > width:
			b.WriteString("\n" + indent)
			col = utf8.RuneCountInString(indent)
		default:
			b.WriteByte(' ')
			col++
		}
		if i == 0 && indent != "" {
			col = utf8.RuneCountInString(indent) + 2 // the caller's "  - " prefix
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}

// cite renders a source as "Title — Author, Section".
func cite(s knowledge.Source) string {
	out := s.Title + " — " + s.Author
	if s.Section != "" {
		out += ", " + s.Section
	}
	return out
}

// engineOnly is the start of a command that takes no arguments and reads
// the knowledge base: -h prints usage, anything else is refused. When ok is
// false the command ends with code.
func engineOnly(e *env, name, usage string, args []string) (eng *knowledge.Engine, code int, ok bool) {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" {
			fmt.Fprintln(e.stdout, usage)
			return nil, 0, false
		}
		fmt.Fprintf(e.stderr, "bot %s: unexpected argument %q\n", name, args[0])
		return nil, 2, false
	}
	eng, err := loadEngine(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot %s: %v\n", name, err)
		return nil, 1, false
	}
	return eng, 0, true
}

func runCompare(ctx context.Context, e *env, args []string) int {
	eng, code, ok := engineOnly(e, "compare", "Usage: bot compare\n\nPrints the side-by-side product manager / product owner comparison.", args)
	if !ok {
		return code
	}
	var b strings.Builder
	b.WriteString("Product manager vs product owner\n")
	for _, r := range eng.Base().Comparison() {
		fmt.Fprintf(&b, "\n%s\n", r.Aspect)
		fmt.Fprintf(&b, "  Product manager: %s\n", r.ProductManager)
		fmt.Fprintf(&b, "  Product owner:   %s\n", r.ProductOwner)
		if r.Note != "" {
			fmt.Fprintf(&b, "  Note: %s\n", r.Note)
		}
		for _, s := range r.Sources {
			fmt.Fprintf(&b, "  Source: %s\n", cite(s))
		}
	}
	io.WriteString(e.stdout, b.String())
	return 0
}

func runTopics(ctx context.Context, e *env, args []string) int {
	eng, code, ok := engineOnly(e, "topics", "Usage: bot topics\n\nLists what Rolecall knows about, grouped by owner.", args)
	if !ok {
		return code
	}
	entries := eng.Base().Entries()
	var b strings.Builder
	fmt.Fprintf(&b, "Rolecall knows %d topics (knowledge version %s).\n", len(entries), eng.Base().Version())
	for _, o := range []knowledge.Owner{knowledge.ProductOwner, knowledge.ProductManager, knowledge.Shared, knowledge.Disputed} {
		var group []*knowledge.Entry
		for _, en := range entries {
			if en.Owner == o {
				group = append(group, en)
			}
		}
		if len(group) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s (%d)\n", o.Label(), len(group))
		for _, en := range group {
			fmt.Fprintf(&b, "  - %s: %s\n", en.Topic, en.Question)
		}
	}
	b.WriteString("\nAsk one with: bot ask \"QUESTION\"\n")
	io.WriteString(e.stdout, b.String())
	return 0
}
