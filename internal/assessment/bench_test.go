package assessment_test

import (
	"testing"

	"github.com/rolecall/rolecall/internal/assessment"
)

// BenchmarkNext measures one answer on a half-finished assessment.
func BenchmarkNext(b *testing.B) {
	q := builtin(b)
	st, _, _ := q.Next(assessment.State{}, assessment.Start())
	for st.Step != "goal" {
		qq, _ := q.Question(st.Step)
		st, _, _ = q.Next(st, assessment.Choose(qq.ID, qq.Choices[0].ID))
	}
	in := assessment.Choose("goal", "direction")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := q.Next(st, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate measures scoring a complete set of answers.
func BenchmarkEvaluate(b *testing.B) {
	q := builtin(b)
	st, _, _ := q.Next(assessment.State{}, assessment.Start())
	for st.Status == assessment.StatusActive {
		qq, _ := q.Question(st.Step)
		st, _, _ = q.Next(st, assessment.Choose(qq.ID, qq.Choices[1].ID))
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = q.Evaluate(st.Answers)
	}
}

// BenchmarkLoad measures loading and validating the built-in questionnaire.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := assessment.Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}
