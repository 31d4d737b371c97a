package main

// bot train: fit the answer classifier to labelled questions.

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rolecall/rolecall/internal/knowledge"
)

const trainUsage = `Usage: bot train [flags] FILE.tsv...

Trains the answer classifier on labelled questions, in the format bot eval
reads (owner<TAB>entry<TAB>question; entry - for a question out of scope),
on the questions and paraphrases of the knowledge base's own entries, on
a quarter of the short out-of-scope questions again behind a role's duty
stated first ("the po owns epics. how many tickets are open?"), and on a
quarter of those that name no role again with the roles asked about after
them ("who keeps the org chart up to date, po or pm?"), and writes it
where Load reads it: classifier.tsv in the knowledge directory. Lines
without an entry id teach nothing and are counted.

A file whose first line calls it a held-out set is refused: a set the
classifier learned from no longer measures it (docs/answers.md).

The built-in classifier is retrained with
  go run ./cmd/bot train --out internal/knowledge/data/classifier.tsv internal/knowledge/testdata/tuning*.tsv
and a team's, trained on its own questions, goes into KNOWLEDGE_DIR.

Flags:
`

func runTrain(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("bot train", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	out := fs.String("out", "classifier.tsv", "where to write the classifier")
	parallel := fs.Int("parallel", 0, "how many of the 16 runs to fit at once, each holding its own weights (0: the CPUs, at most 4); the classifier is the same whatever the number")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), trainUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if *parallel < 0 {
		fmt.Fprintf(e.stderr, "bot train: --parallel %d: want 0 (the CPUs, at most 4) or a number of runs\n", *parallel)
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "bot train: name at least one FILE.tsv")
		fs.Usage()
		return 2
	}
	eng, err := loadEngine(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot train: %v\n", err)
		return 1
	}
	b := eng.Base()
	var examples []knowledge.Example
	for _, en := range b.Entries() {
		examples = append(examples, knowledge.Example{Question: en.Question, ID: en.ID})
		for _, p := range en.Paraphrases {
			examples = append(examples, knowledge.Example{Question: p, ID: en.ID})
		}
	}
	var sources []knowledge.TrainingSource
	seen := map[string]string{}
	skipped := 0
	for _, name := range fs.Args() {
		content, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(e.stderr, "bot train: %v\n", err)
			return 2
		}
		first, _, _ := strings.Cut(string(content), "\n")
		if strings.HasPrefix(first, "#") && strings.Contains(strings.ToLower(first), "held-out") {
			fmt.Fprintf(e.stderr, "bot train: %s: a held-out set measures the classifier; training on it would end that\n", name)
			return 2
		}
		src := knowledge.DigestSource(filepath.Base(name), content)
		if prev, dup := seen[src.Name]; dup {
			fmt.Fprintf(e.stderr, "bot train: %s and %s share a file name; the classifier names its sources by it\n", prev, name)
			return 2
		}
		seen[src.Name] = name
		sources = append(sources, src)
		// The examples come from the bytes the digest names.
		cases, err := parseCases(bytes.NewReader(content), b)
		if err != nil {
			fmt.Fprintf(e.stderr, "bot train: %s: %v\n", name, err)
			return 2
		}
		for _, c := range cases {
			switch {
			case c.OutOfScope():
				examples = append(examples, knowledge.Example{Question: c.Question})
			case len(c.IDs) > 0:
				examples = append(examples, knowledge.Example{Question: c.Question, ID: c.IDs[0]})
			default:
				skipped++
			}
		}
	}
	if ctx.Err() != nil {
		return 130
	}
	c, err := knowledge.Train(ctx, b, examples, knowledge.TrainOptions{Sources: sources, Parallel: *parallel})
	if ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "bot train: interrupted; nothing written")
		return 130
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "bot train: %v\n", err)
		return 1
	}
	var buf bytes.Buffer
	if err := c.Write(&buf); err != nil {
		fmt.Fprintf(e.stderr, "bot train: %v\n", err)
		return 1
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintf(e.stderr, "bot train: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "trained on %d questions from %d files and the base's %d entries (%d lines without an entry skipped); wrote %s (%d KB)\n",
		len(examples), len(sources), len(b.Entries()), skipped, *out, (buf.Len()+1023)/1024)
	return 0
}
