package assessment_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rolecall/rolecall/internal/assessment"
)

// FuzzNext drives the engine with scripts of inputs decoded from the fuzzer's
// bytes: no panic, only *InputError errors, and sound states.
func FuzzNext(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x04\x05"), "2")
	f.Add([]byte("\x01\x01\x01\x06\x07\x08\x09"), "our own words")
	f.Add([]byte("\x02\x00\x03\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05\x05"), "\xff<@U123>")
	q := builtin(f)
	kinds := []assessment.Kind{assessment.KindChoose, assessment.KindText, assessment.KindBack, assessment.KindEdit,
		assessment.KindSkip, assessment.KindRestart, assessment.KindCancel, assessment.KindResume, assessment.KindStart, "bogus"}
	f.Fuzz(func(t *testing.T, script []byte, text string) {
		st, _, err := q.Next(assessment.State{}, assessment.Start())
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(script); i += 2 {
			op, arg := script[i], int(script[i+1])
			qq := q.Questions[arg%len(q.Questions)]
			in := assessment.Input{Kind: kinds[int(op)%len(kinds)], Question: qq.ID, Text: text}
			if arg%7 == 0 {
				in.Question = st.Step
			}
			if in.Kind == assessment.KindChoose {
				in.Text = ""
				if arg < 200 {
					in.Choice = qq.Choices[arg%len(qq.Choices)].ID
				} else {
					in.Choice = text
				}
			}
			next, reply, err := q.Next(st, in)
			if err != nil {
				var ie *assessment.InputError
				if !errors.As(err, &ie) || ie.Message == "" {
					t.Fatalf("input %+v: error %v is not an *InputError with a message", in, err)
				}
				continue
			}
			st = next
			checkInvariants(t, q, st)
			for _, a := range st.Answers {
				if !utf8.ValidString(a.Text) || len([]rune(a.Text)) > assessment.MaxText {
					t.Fatalf("stored text %q is invalid or too long", a.Text)
				}
			}
			if reply.Result != nil {
				_ = reply.Result.Text()
				_ = reply.Result.Markdown()
			}
		}
	})
}

// FuzzParseAnswers feeds arbitrary answer files to the parser: no panic,
// and whatever it accepts replays or fails with an error, never a panic.
func FuzzParseAnswers(f *testing.F) {
	f.Add("stage: early_startup\nproducts: one\n")
	f.Add(`{"stage": "growing", "goal": {"choice": "both", "text": "x"}, "kpis": null}`)
	f.Add("goal: {text: hello}\nkpis: {skip: true}\n")
	f.Add("- a\n- b\n")
	f.Add("stage: [1, 2]\n")
	f.Add("&a [*a]")
	q := builtin(f)
	f.Fuzz(func(t *testing.T, data string) {
		as, err := q.ParseAnswers("answers.yaml", []byte(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "answers.yaml") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		_, _, _ = q.Replay(as)
	})
}

// FuzzMatchChoice: typed text never panics and a match is one of the
// question's choices.
func FuzzMatchChoice(f *testing.F) {
	for _, s := range []string{"1", "2)", "Four or more products", "four_plus", "", "-1", "99999999999999999999", "\xff"} {
		f.Add(s)
	}
	q := builtin(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, qq := range q.Questions {
			if c := qq.MatchChoice(s); c != nil && qq.Choice(c.ID) != c {
				t.Fatalf("MatchChoice(%q) = %v, not a choice of %s", s, c, qq.ID)
			}
		}
	})
}
