package assessment_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/rolecall/rolecall/internal/assessment"
)

// TestTranscripts runs every testdata/transcripts/*.txtar: its "script" file
// holds one input per line (start, choose Q C, text Q words…, back, edit Q,
// skip [Q], restart, cancel, resume; # starts a comment) and its "want" file
// what the engine made of each. go test -update rewrites "want".
func TestTranscripts(t *testing.T) {
	q := builtin(t)
	files, _ := filepath.Glob(filepath.Join("testdata", "transcripts", "*.txtar"))
	if len(files) == 0 {
		t.Fatal("no transcripts")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var script, want *txtar.File
			for i := range ar.Files {
				switch ar.Files[i].Name {
				case "script":
					script = &ar.Files[i]
				case "want":
					want = &ar.Files[i]
				}
			}
			if script == nil {
				t.Fatal("no script file")
			}
			var got strings.Builder
			var st assessment.State
			for _, line := range strings.Split(string(script.Data), "\n") {
				line = strings.TrimSpace(line)
				if line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				in, err := parseInput(line)
				if err != nil {
					t.Fatalf("%s: %v", line, err)
				}
				next, reply, err := q.Next(st, in)
				if err == nil {
					st = next
				}
				fmt.Fprintf(&got, "> %s\n%s\n", line, describe(st, reply, err))
			}
			if *update {
				if want == nil {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					want = &ar.Files[len(ar.Files)-1]
				}
				want.Data = []byte(got.String())
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want == nil {
				t.Fatal("no want file; run go test -update")
			}
			if diff := cmp.Diff(string(want.Data), got.String()); diff != "" {
				t.Errorf("transcript differs (-want +got); go test -update rewrites it:\n%s", diff)
			}
		})
	}
}

func parseInput(line string) (assessment.Input, error) {
	f := strings.Fields(line)
	arg := func(i int) string {
		if i < len(f) {
			return f[i]
		}
		return ""
	}
	switch f[0] {
	case "start":
		return assessment.Start(), nil
	case "choose":
		return assessment.Choose(arg(1), arg(2)), nil
	case "text":
		return assessment.Text(arg(1), strings.Join(f[2:], " ")), nil
	case "back":
		return assessment.Input{Kind: assessment.KindBack, Question: arg(1)}, nil
	case "edit":
		return assessment.Edit(arg(1)), nil
	case "skip":
		return assessment.Skip(arg(1)), nil
	case "restart":
		return assessment.Restart(), nil
	case "cancel":
		return assessment.Cancel(), nil
	case "resume":
		return assessment.Resume(), nil
	}
	return assessment.Input{}, fmt.Errorf("unknown input %q", f[0])
}

// describe renders one step: the error, or the state and the reply.
func describe(st assessment.State, r assessment.Reply, err error) string {
	var ie *assessment.InputError
	if errors.As(err, &ie) {
		return fmt.Sprintf("  error %s: %s", ie.Code, ie.Message)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  %s", st.Status)
	if r.Question != nil {
		fmt.Fprintf(&b, " asking %s (%s)", r.Question.ID, r.Position())
		if r.Current != nil {
			fmt.Fprintf(&b, " current=%s%s", r.Current.Choice, map[bool]string{true: "skipped", false: ""}[r.Current.Skipped])
		}
	}
	if r.Noop {
		b.WriteString(" noop")
	}
	if r.Resumed {
		b.WriteString(" resumed")
	}
	var answers []string
	for _, a := range st.Answers {
		v := a.Choice
		if a.Skipped {
			v = "-"
		} else if a.Text != "" {
			v += fmt.Sprintf("%q", a.Text)
		}
		answers = append(answers, a.Question+"="+v)
	}
	fmt.Fprintf(&b, "\n  answers: %s", strings.Join(answers, " "))
	if r.Message != "" && len(r.Message) < 120 {
		fmt.Fprintf(&b, "\n  says: %s", r.Message)
	}
	if r.Result != nil {
		fmt.Fprintf(&b, "\n  result: %s (%s)", r.Result.Recommendation, r.Result.Strength)
	}
	return b.String()
}
