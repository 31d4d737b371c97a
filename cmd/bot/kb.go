package main

// bot kb check: validate a team's KNOWLEDGE_DIR offline.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rolecall/rolecall/internal/knowledge"
)

const kbUsage = `Usage: bot kb check [flags] [DIR]

Validates a team's knowledge directory (KNOWLEDGE_DIR) offline, exactly as
the bot loads it on top of the built-in knowledge: every problem is printed
as FILE:LINE: what. It warns about entries that shadow (override) built-in
entries by id, files that replace built-in ones as a whole, and entries
whose own question is answered by another entry. DIR defaults to
KNOWLEDGE_DIR.

Flags:
`

const kbEnv = `
Exit status: 0 when the directory loads (warnings allowed), 1 when it has
errors (or, with --strict, warnings), 2 for bad usage.
`

// replacedFiles are the files of a knowledge directory that replace the
// built-in file of the same name as a whole.
var replacedFiles = []struct{ name, what string }{
	{"comparison.yaml", "the built-in side-by-side comparison"},
	{"meta.yaml", "the built-in answer to questions outside the knowledge"},
	{"synonyms.yaml", "the built-in synonyms"},
	{"phrasing.yaml", "the built-in everyday phrasing"},
}

func runKB(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] != "check" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(e.stdout, kbUsage+kbEnv)
			return 0
		}
		fmt.Fprint(e.stderr, "bot kb: the one subcommand is check\n\n"+kbUsage+kbEnv)
		return 2
	}
	fs := flag.NewFlagSet("bot kb check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	strict := fs.Bool("strict", false, "exit 1 on warnings too (for CI)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), kbUsage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), kbEnv)
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	dir := strings.TrimSpace(e.getenv("KNOWLEDGE_DIR"))
	switch fs.NArg() {
	case 0:
		if dir == "" {
			fmt.Fprintln(e.stderr, "bot kb check: name the directory (bot kb check DIR) or set KNOWLEDGE_DIR")
			return 2
		}
	case 1:
		dir = fs.Arg(0)
	default:
		fmt.Fprintln(e.stderr, "bot kb check: name one directory")
		return 2
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(e.stderr, "bot kb check: %s is not a directory\n", dir)
		return 1
	}
	builtin, err := knowledge.Builtin()
	if err != nil {
		fmt.Fprintf(e.stderr, "bot kb check: the built-in knowledge does not load: %v\n", err)
		return 1
	}
	base, err := builtin.Override(os.DirFS(dir))
	if err != nil {
		problems := leafErrors(err)
		for _, p := range problems {
			fmt.Fprintln(e.stderr, inDir(dir, p))
		}
		fmt.Fprintf(e.stderr, "%s: %d %s; the bot would ignore this directory and serve the built-in knowledge\n",
			dir, len(problems), pluralWord(len(problems), "error"))
		return 1
	}
	warnings := kbWarnings(e.stderr, dir, builtin, base)
	added, shadowing := 0, 0
	for _, en := range base.Entries() {
		if b, ok := builtin.Entry(en.ID); !ok {
			added++
		} else if b != en {
			shadowing++
		}
	}
	fmt.Fprintf(e.stdout, "%s: ok, %d new %s and %d overriding built-in ones; %d entries in all, version %s",
		dir, added, pluralWord(added, "entry"), shadowing, len(base.Entries()), base.Version())
	if warnings > 0 {
		fmt.Fprintf(e.stdout, " (%d %s)", warnings, pluralWord(warnings, "warning"))
	}
	fmt.Fprintln(e.stdout)
	if *strict && warnings > 0 {
		return 1
	}
	return 0
}

// kbWarnings prints what is legal but worth a second look, and counts it.
func kbWarnings(w io.Writer, dir string, builtin, base *knowledge.Base) int {
	n := 0
	for _, en := range base.Entries() {
		b, ok := builtin.Entry(en.ID)
		if !ok || b == en {
			continue
		}
		fmt.Fprintf(w, "%s: warning: entry %q shadows the built-in entry of the same id (built-in %s:%d)\n",
			inDir(dir, fmt.Sprintf("%s:%d", en.File, en.Line)), en.ID, b.File, b.Line)
		n++
	}
	for _, f := range replacedFiles {
		if _, err := os.Stat(filepath.Join(dir, f.name)); err == nil {
			fmt.Fprintf(w, "%s: warning: replaces %s as a whole\n", filepath.Join(dir, f.name), f.what)
			n++
		}
	}
	eng := knowledge.NewEngine(base)
	for _, en := range base.Entries() {
		if b, ok := builtin.Entry(en.ID); ok && b == en {
			continue // a built-in entry: the knowledge tests hold it
		}
		a := eng.Answer(en.Question)
		if a.Topic == en.ID {
			continue
		}
		got := "nothing"
		if a.Topic != "" {
			got = fmt.Sprintf("entry %q", a.Topic)
		}
		fmt.Fprintf(w, "%s: warning: entry %q: its own question %q is answered by %s; add paraphrases or keywords\n",
			inDir(dir, fmt.Sprintf("%s:%d", en.File, en.Line)), en.ID, en.Question, got)
		n++
	}
	return n
}

// leafErrors flattens joined and wrapped errors into their leaves, without
// the ErrInvalid marker.
func leafErrors(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if err == knowledge.ErrInvalid {
			return
		}
		if u, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range u.Unwrap() {
				walk(e)
			}
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				out = append(out, line)
			}
		}
	}
	walk(err)
	return out
}

// inDir puts dir in front of a "file:line: …" message whose file is in dir.
func inDir(dir, msg string) string {
	file, rest, ok := strings.Cut(msg, ":")
	if !ok || file == "" {
		return dir + ": " + msg
	}
	if _, err := os.Stat(filepath.Join(dir, file)); err != nil {
		return dir + ": " + msg
	}
	return filepath.Join(dir, file) + ":" + rest
}

func pluralWord(n int, word string) string {
	if n == 1 {
		return word
	}
	if strings.HasSuffix(word, "y") {
		return strings.TrimSuffix(word, "y") + "ies"
	}
	return word + "s"
}
