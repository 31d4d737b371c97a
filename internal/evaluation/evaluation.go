// Package evaluation measures an answerer against a set of labelled
// questions: the owner it names, the entry it picks, how often it answers
// a question that is out of scope, and whether its confidence means what it
// says. `bot eval` and the knowledge and LLM-mode tests share it.
//
// # Format
//
// One question a line, fields separated by a TAB; blank lines and lines
// starting with # are ignored:
//
//	owner<TAB>question
//	owner<TAB>entry<TAB>question
//
// owner is product_owner, product_manager, shared, disputed or unknown (out
// of scope: no owner may be named), or several of them joined by | where
// more than one is right ("disputed|product_manager" where the sources
// disagree). entry, when given, is the id of the entry that answers the
// question, several ids joined by |, or - for none.
package evaluation

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/rolecall/rolecall/internal/knowledge"
)

// MaxLineBytes is the longest line Parse reads.
const MaxLineBytes = 64 << 10

// Case is one labelled question.
type Case struct {
	// Line is the case's line in its file, for reports.
	Line int
	// Owners are the owners accepted; the first is the one a confusion
	// table files the case under.
	Owners []knowledge.Owner
	// IDs are the entries accepted as its answer; empty when the file does
	// not say (or says -).
	IDs []string
	// Question is the text as typed.
	Question string
}

// OutOfScope reports whether the only right answer is Unknown.
func (c Case) OutOfScope() bool {
	return len(c.Owners) == 1 && c.Owners[0] == knowledge.Unknown
}

// Accepts reports whether owner is a right answer to c.
func (c Case) Accepts(owner knowledge.Owner) bool { return slices.Contains(c.Owners, owner) }

// Parse reads cases. Errors name the line and say what is wrong; all of
// them are reported together.
func Parse(r io.Reader) ([]Case, error) {
	var cases []Case
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), MaxLineBytes)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		c, err := parseLine(line)
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", n, err))
			continue
		}
		c.Line = n
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("a line is longer than %d bytes", MaxLineBytes)
		}
		errs = append(errs, err)
	}
	return cases, errors.Join(errs...)
}

func parseLine(line string) (Case, error) {
	parts := strings.Split(line, "\t")
	var c Case
	var owners, ids string
	switch len(parts) {
	case 2:
		owners, c.Question = parts[0], parts[1]
	case 3:
		owners, ids, c.Question = parts[0], parts[1], parts[2]
	default:
		return c, fmt.Errorf("want owner<TAB>question or owner<TAB>entry<TAB>question, got %d fields", len(parts))
	}
	if strings.TrimSpace(c.Question) == "" {
		return c, errors.New("the question is empty")
	}
	for _, o := range strings.Split(owners, "|") {
		ow := knowledge.Owner(strings.TrimSpace(o))
		if !ow.Valid() && ow != knowledge.Unknown {
			return c, fmt.Errorf("unknown owner %q (want product_owner, product_manager, shared, disputed or unknown, joined by | for alternatives)", o)
		}
		if !slices.Contains(c.Owners, ow) {
			c.Owners = append(c.Owners, ow)
		}
	}
	if slices.Contains(c.Owners, knowledge.Unknown) && len(c.Owners) > 1 {
		return c, errors.New("unknown cannot be an alternative: a question is in scope or it is not")
	}
	if ids = strings.TrimSpace(ids); ids != "" && ids != "-" {
		for _, id := range strings.Split(ids, "|") {
			if id = strings.TrimSpace(id); id != "" {
				c.IDs = append(c.IDs, id)
			}
		}
	}
	return c, nil
}

// Check reports the cases whose entry ids are not in b.
func Check(cases []Case, b *knowledge.Base) error {
	var errs []error
	for _, c := range cases {
		for _, id := range c.IDs {
			if _, ok := b.Entry(id); !ok {
				errs = append(errs, fmt.Errorf("line %d: entry %q is not in the knowledge base", c.Line, id))
			}
		}
	}
	return errors.Join(errs...)
}

// Result is one case and the answer it got.
type Result struct {
	Case
	Got knowledge.Answer
}

// Right reports whether the answer named an accepted owner.
func (r Result) Right() bool { return r.Accepts(r.Got.Owner) }

// Bands is the number of confidence bands in a calibration table.
const Bands = 5

// Report sums up a run.
type Report struct {
	Results []Result
	// Right counts answers with an accepted owner.
	Right int
	// InScope and InScopeRight count the questions the base covers.
	InScope, InScopeRight int
	// Abstained counts in-scope questions answered Unknown.
	Abstained int
	// OutOfScope counts the out-of-scope questions; OutOfScopeAnswered
	// those that got an owner anyway (the worst kind of miss).
	OutOfScope, OutOfScopeAnswered int
	// TopicCases counts cases that name entries; TopicRight those answered
	// with one of them.
	TopicCases, TopicRight int
	// Suggested counts Unknown answers that offered "did you mean"
	// suggestions; SuggestedRight those among them whose suggestions hold
	// an accepted entry.
	Suggested, SuggestedRight int
	// Confusion counts answers by expected owner (the case's first) and
	// owner given.
	Confusion map[knowledge.Owner]map[knowledge.Owner]int
	// Answered and AnsweredRight count answers with an owner by confidence
	// band: [0, 0.2), [0.2, 0.4) … [0.8, 1].
	Answered, AnsweredRight [Bands]int
}

// Run answers every case and sums up.
func Run(cases []Case, answer func(question string) knowledge.Answer) Report {
	rep := Report{Confusion: map[knowledge.Owner]map[knowledge.Owner]int{}}
	for _, c := range cases {
		rep.Add(c, answer(c.Question))
	}
	return rep
}

// Add records one case's answer.
func (rep *Report) Add(c Case, a knowledge.Answer) {
	r := Result{Case: c, Got: a}
	rep.Results = append(rep.Results, r)
	if rep.Confusion == nil {
		rep.Confusion = map[knowledge.Owner]map[knowledge.Owner]int{}
	}
	want := c.Owners[0]
	if rep.Confusion[want] == nil {
		rep.Confusion[want] = map[knowledge.Owner]int{}
	}
	rep.Confusion[want][a.Owner]++
	right := r.Right()
	if right {
		rep.Right++
	}
	if c.OutOfScope() {
		rep.OutOfScope++
		if a.Owner != knowledge.Unknown {
			rep.OutOfScopeAnswered++
		}
	} else {
		rep.InScope++
		if right {
			rep.InScopeRight++
		}
		if a.Owner == knowledge.Unknown {
			rep.Abstained++
		}
	}
	if len(c.IDs) > 0 {
		rep.TopicCases++
		if slices.Contains(c.IDs, a.Topic) {
			rep.TopicRight++
		}
	}
	if a.Owner == knowledge.Unknown && len(a.Suggestions) > 0 {
		rep.Suggested++
		for _, s := range a.Suggestions {
			if slices.Contains(c.IDs, s.ID) {
				rep.SuggestedRight++
				break
			}
		}
	}
	if a.Owner != knowledge.Unknown {
		b := min(max(int(a.Confidence*Bands), 0), Bands-1)
		rep.Answered[b]++
		if right {
			rep.AnsweredRight[b]++
		}
	}
}

// Accuracy is the share of cases answered with an accepted owner.
func (rep Report) Accuracy() float64 { return ratio(rep.Right, len(rep.Results)) }

// Misses are the results with a wrong owner, in file order.
func (rep Report) Misses() []Result {
	var out []Result
	for _, r := range rep.Results {
		if !r.Right() {
			out = append(out, r)
		}
	}
	return out
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

var ownerOrder = []knowledge.Owner{knowledge.ProductOwner, knowledge.ProductManager, knowledge.Shared, knowledge.Disputed, knowledge.Unknown}

// short names owners in the confusion table.
func short(o knowledge.Owner) string {
	switch o {
	case knowledge.ProductOwner:
		return "PO"
	case knowledge.ProductManager:
		return "PM"
	case knowledge.Shared:
		return "shared"
	case knowledge.Disputed:
		return "disputed"
	case knowledge.Unknown:
		return "unknown"
	}
	return string(o)
}

// Write prints the report for a person: the figures, the confusion between
// owners, the calibration, and each miss.
func (rep Report) Write(w io.Writer) error {
	ew := &errWriter{w: w}
	rep.summary(ew)
	rep.misses(ew)
	return ew.err
}

// WriteSummary prints the report without its misses: what a held-out set
// may show without its questions being read.
func (rep Report) WriteSummary(w io.Writer) error {
	ew := &errWriter{w: w}
	rep.summary(ew)
	return ew.err
}

func (rep Report) summary(ew *errWriter) {
	n := len(rep.Results)
	ew.printf("owner accuracy      %d/%d = %.1f%%\n", rep.Right, n, 100*rep.Accuracy())
	ew.printf("  in scope          %d/%d = %.1f%% (%d answered \"unknown\")\n", rep.InScopeRight, rep.InScope, 100*ratio(rep.InScopeRight, rep.InScope), rep.Abstained)
	ew.printf("  out of scope      %d/%d kept unknown; %d answered with an owner\n", rep.OutOfScope-rep.OutOfScopeAnswered, rep.OutOfScope, rep.OutOfScopeAnswered)
	if rep.TopicCases > 0 {
		ew.printf("entry accuracy      %d/%d = %.1f%%\n", rep.TopicRight, rep.TopicCases, 100*ratio(rep.TopicRight, rep.TopicCases))
	}
	if rep.Suggested > 0 {
		ew.printf("did-you-mean        %d unknown answers offered suggestions; %d of them held a right entry\n", rep.Suggested, rep.SuggestedRight)
	}
	ew.printf("\nconfusion (rows: expected, columns: answered)\n%-10s", "")
	for _, o := range ownerOrder {
		ew.printf("%9s", short(o))
	}
	ew.printf("\n")
	for _, want := range ownerOrder {
		row := rep.Confusion[want]
		if len(row) == 0 {
			continue
		}
		ew.printf("%-10s", short(want))
		for _, got := range ownerOrder {
			ew.printf("%9d", row[got])
		}
		ew.printf("\n")
	}
	ew.printf("\ncalibration (answers with an owner, by confidence)\n")
	for b := range Bands {
		if rep.Answered[b] == 0 {
			continue
		}
		ew.printf("  %.1f-%.1f  %d/%d right (%.0f%%)\n", float64(b)/Bands, float64(b+1)/Bands, rep.AnsweredRight[b], rep.Answered[b], 100*ratio(rep.AnsweredRight[b], rep.Answered[b]))
	}
}

func (rep Report) misses(ew *errWriter) {
	misses := rep.Misses()
	sort.SliceStable(misses, func(i, j int) bool {
		// Out-of-scope questions answered with an owner first: they are the
		// misses that cost trust.
		return misses[i].OutOfScope() && !misses[j].OutOfScope()
	})
	if len(misses) > 0 {
		ew.printf("\nmisses (%d)\n", len(misses))
	}
	for _, m := range misses {
		want := make([]string, len(m.Owners))
		for i, o := range m.Owners {
			want[i] = string(o)
		}
		topic := m.Got.Topic
		if topic == "" {
			topic = "-"
		}
		ew.printf("  line %d: %q\n    want %s", m.Line, m.Question, strings.Join(want, "|"))
		if len(m.IDs) > 0 {
			ew.printf(" (%s)", strings.Join(m.IDs, "|"))
		}
		ew.printf("; got %s (%s, %.2f)", m.Got.Owner, topic, m.Got.Confidence)
		if len(m.Got.Suggestions) > 0 {
			ids := make([]string, len(m.Got.Suggestions))
			for i, s := range m.Got.Suggestions {
				ids[i] = s.ID
			}
			ew.printf("; suggested %s", strings.Join(ids, ", "))
		}
		ew.printf("\n")
	}
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
