package main

// bot eval: measure the answers on a file of labelled questions.

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/rolecall/rolecall/internal/evaluation"
	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
)

const evalUsage = `Usage: bot eval [flags] FILE.tsv...

Answers every question of each file and prints the owner accuracy, the
confusion between owners, the out-of-scope questions answered with an owner,
the calibration of the confidence, and each miss.

A file has one question a line: owner<TAB>question, or
owner<TAB>entry<TAB>question. owner is product_owner, product_manager,
shared, disputed or unknown (out of scope), or several joined by |
(disputed|product_manager); entry is an entry id, several joined by |, or -.
Lines starting with # are comments.

Flags:
`

const evalEnv = `
Environment:
  KNOWLEDGE_DIR   a directory of YAML entries that add to or override the built-in knowledge
  OPENAI_*        the model, with --llm (see docs/llm.md)

Exit status: 0, or 1 when a file is below --min-accuracy or answers more
out-of-scope questions than --max-out-of-scope, 2 for bad usage or files.
`

func runEval(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("bot eval", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print one JSON summary per file instead of the report")
	useLLM := fs.Bool("llm", false, "answer through LLM mode (see OPENAI_* variables)")
	lexicalOnly := fs.Bool("lexical", false, "answer with the lexical engine alone, without the classifier")
	minAcc := fs.Float64("min-accuracy", 0, "fail when owner accuracy is under this share (0 to 1)")
	maxOut := fs.Int("max-out-of-scope", -1, "fail when more out-of-scope questions than this get an owner (-1: no limit)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), evalUsage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), evalEnv)
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "bot eval: name at least one FILE.tsv")
		fs.Usage()
		return 2
	}
	if *minAcc < 0 || *minAcc > 1 {
		fmt.Fprintf(e.stderr, "bot eval: --min-accuracy is a share between 0 and 1, got %v\n", *minAcc)
		return 2
	}
	eng, err := loadEngine(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot eval: %v\n", err)
		return 1
	}
	if *lexicalOnly {
		eng = knowledge.NewEngine(eng.Base().Lexical())
	}
	var src llmAnswerSource = lexicalSource{eng: eng}
	if *useLLM {
		src, err = newLLMAnswerSource(e.getenv, true, eng, nil, ops.New(), slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
		if err != nil {
			fmt.Fprintf(e.stderr, "bot eval: %v\n", err)
			return 2
		}
	}
	code := 0
	for i, name := range fs.Args() {
		cases, err := readCases(name, eng.Base())
		if err != nil {
			fmt.Fprintf(e.stderr, "bot eval: %s: %v\n", name, err)
			return 2
		}
		rep := evaluation.Run(cases, func(q string) knowledge.Answer { return src.Answer(ctx, q) })
		if ctx.Err() != nil {
			return 130
		}
		var fails []string
		if rep.Accuracy() < *minAcc {
			fails = append(fails, fmt.Sprintf("owner accuracy %.1f%% is under %.1f%%", 100*rep.Accuracy(), 100**minAcc))
		}
		if *maxOut >= 0 && rep.OutOfScopeAnswered > *maxOut {
			fails = append(fails, fmt.Sprintf("%d out-of-scope questions got an owner (at most %d allowed)", rep.OutOfScopeAnswered, *maxOut))
		}
		if *asJSON {
			err = writeEvalJSON(e.stdout, name, rep, fails)
		} else {
			if i > 0 {
				fmt.Fprintln(e.stdout)
			}
			fmt.Fprintf(e.stdout, "== %s (%d questions)\n", name, len(cases))
			err = rep.Write(e.stdout)
			for _, f := range fails {
				fmt.Fprintf(e.stdout, "FAIL: %s\n", f)
			}
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "bot eval: %v\n", err)
			return 1
		}
		if len(fails) > 0 {
			code = 1
		}
	}
	return code
}

// readCases parses a file of labelled questions (see parseCases).
func readCases(name string, b *knowledge.Base) ([]evaluation.Case, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseCases(f, b)
}

// parseCases reads labelled questions and checks them against b: there
// must be some, and every entry and owner they name must be b's.
func parseCases(r io.Reader, b *knowledge.Base) ([]evaluation.Case, error) {
	cases, err := evaluation.Parse(r)
	if err != nil {
		return nil, err
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("no questions in the file")
	}
	if err := evaluation.Check(cases, b); err != nil {
		return nil, err
	}
	return cases, nil
}

type evalSummary struct {
	File               string   `json:"file"`
	Questions          int      `json:"questions"`
	Accuracy           float64  `json:"accuracy"`
	InScope            int      `json:"in_scope"`
	InScopeRight       int      `json:"in_scope_right"`
	Abstained          int      `json:"abstained"`
	OutOfScope         int      `json:"out_of_scope"`
	OutOfScopeAnswered int      `json:"out_of_scope_answered"`
	EntryCases         int      `json:"entry_cases"`
	EntryRight         int      `json:"entry_right"`
	Misses             []int    `json:"miss_lines"`
	Failures           []string `json:"failures,omitempty"`
}

func writeEvalJSON(w io.Writer, name string, rep evaluation.Report, fails []string) error {
	s := evalSummary{File: name, Questions: len(rep.Results), Accuracy: rep.Accuracy(), InScope: rep.InScope,
		InScopeRight: rep.InScopeRight, Abstained: rep.Abstained, OutOfScope: rep.OutOfScope,
		OutOfScopeAnswered: rep.OutOfScopeAnswered, EntryCases: rep.TopicCases, EntryRight: rep.TopicRight,
		Misses: []int{}, Failures: fails}
	for _, m := range rep.Misses() {
		s.Misses = append(s.Misses, m.Line)
	}
	return json.NewEncoder(w).Encode(s)
}
