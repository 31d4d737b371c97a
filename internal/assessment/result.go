package assessment

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rolecall/rolecall/internal/knowledge"
)

// Strength says how clearly the answers point at the recommendation.
type Strength string

// Strengths, from the margin between the best and second-best outcome.
const (
	Strong    Strength = "strong"
	Moderate  Strength = "moderate"
	Tentative Strength = "tentative"
)

// BalanceRule names the reason given when no rule supports the
// recommendation and the choices' weights alone decided it.
const BalanceRule = "on-balance"

// Result is the outcome of a completed assessment. The struct is the data
// for Block Kit; Text and Markdown render it for people.
type Result struct {
	QuestionnaireID      string `json:"questionnaire_id"`
	QuestionnaireVersion int    `json:"questionnaire_version"`
	// Recommendation is the winning outcome.
	Recommendation Outcome `json:"recommendation"`
	// Title and Summary describe the recommendation in words.
	Title   string `json:"title"`
	Summary string `json:"summary"`
	// Strength comes from the score margin to the runner-up.
	Strength Strength `json:"strength"`
	// RunnerUp is the second-best outcome.
	RunnerUp Outcome `json:"runner_up"`
	// Reasons support the recommendation, strongest first.
	Reasons []Reason `json:"reasons"`
	// Caveats are applicable guidance pointing elsewhere.
	Caveats []Reason `json:"caveats,omitempty"`
	// Roles describe the recommended role(s): what they do and how they are
	// measured.
	Roles []RoleInfo `json:"roles"`
	// Answers summarises every question asked, in order.
	Answers []AnswerSummary `json:"answers"`
	// Scores lists every outcome's score, best first.
	Scores []Score `json:"scores"`
}

// Reason is one piece of guidance applied to the answers.
type Reason struct {
	// Rule is the id of the rule, or BalanceRule.
	Rule string `json:"rule"`
	// Text is the reason in words.
	Text string `json:"text"`
	// From lists the answers that made the rule apply.
	From []AnswerRef `json:"from"`
	// Source is the citation.
	Source knowledge.Source `json:"source"`
}

// AnswerRef points at one answer in words.
type AnswerRef struct {
	Question string `json:"question"`
	Prompt   string `json:"prompt"`
	Choice   string `json:"choice"`
	Label    string `json:"label"`
}

// RoleInfo describes a recommended role from the knowledge base.
type RoleInfo struct {
	ID               string  `json:"id"`
	Title            string  `json:"title"`
	Responsibilities []Point `json:"responsibilities"`
	KPIs             []Point `json:"kpis"`
}

// Point is one knowledge entry, shortened to what a result shows. Without
// a knowledge lookup only ID is set.
type Point struct {
	ID      string             `json:"id"`
	Topic   string             `json:"topic,omitempty"`
	Text    string             `json:"text,omitempty"`
	Sources []knowledge.Source `json:"sources,omitempty"`
}

// AnswerSummary is one question and what was answered.
type AnswerSummary struct {
	Question string `json:"question"`
	Prompt   string `json:"prompt"`
	Choice   string `json:"choice,omitempty"`
	Label    string `json:"label,omitempty"`
	Text     string `json:"text,omitempty"`
	Skipped  bool   `json:"skipped,omitempty"`
}

// Score is one outcome's total.
type Score struct {
	Outcome Outcome `json:"outcome"`
	Title   string  `json:"title"`
	Points  int     `json:"points"`
}

// Evaluate scores a set of answers and builds the result. Answers to
// unknown questions or choices, and to questions that do not apply, are
// ignored; Next and ParseAnswers reject them earlier.
func (q *Questionnaire) Evaluate(answers []Answer) *Result {
	answers = q.prune(answers)
	chosen := map[string]string{}
	for _, a := range answers {
		if qq, ok := q.Question(a.Question); ok && !a.Skipped && qq.choice(a.Choice) != nil {
			chosen[a.Question] = a.Choice
		}
	}

	points := map[Outcome]int{}
	for _, qq := range q.Questions {
		if c := qq.choice(chosen[qq.ID]); c != nil {
			for o, w := range c.Weights {
				points[o] += w
			}
		}
	}
	var fired []*Rule
	for _, r := range q.Rules {
		if condsHold(r.If, chosen) {
			fired = append(fired, r)
			for o, w := range r.Boost {
				points[o] += w
			}
		}
	}

	order := map[Outcome]int{}
	scores := make([]Score, len(q.Outcomes))
	for i, o := range q.Outcomes {
		order[o.ID] = i
		scores[i] = Score{Outcome: o.ID, Title: o.Title, Points: points[o.ID]}
	}
	sort.SliceStable(scores, func(i, j int) bool { return scores[i].Points > scores[j].Points })
	best := q.outcomes[scores[0].Outcome]
	margin := scores[0].Points - scores[1].Points
	strength := Tentative
	switch {
	case margin >= q.Strength.Strong:
		strength = Strong
	case margin >= q.Strength.Moderate:
		strength = Moderate
	}

	res := &Result{
		QuestionnaireID:      q.ID,
		QuestionnaireVersion: q.Version,
		Recommendation:       best.ID,
		Title:                best.Title,
		Summary:              best.Summary,
		Strength:             strength,
		RunnerUp:             scores[1].Outcome,
		Scores:               scores,
	}

	var support, other []*Rule
	for _, r := range fired {
		if r.Boost[best.ID] > 0 {
			support = append(support, r)
		} else if top := topBoost(r, order); top != best.ID && r.Boost[top] > 0 {
			other = append(other, r)
		}
	}
	sort.SliceStable(support, func(i, j int) bool { return support[i].Boost[best.ID] > support[j].Boost[best.ID] })
	for _, r := range support {
		res.Reasons = append(res.Reasons, q.reason(r, chosen))
	}
	for _, r := range other {
		res.Caveats = append(res.Caveats, q.reason(r, chosen))
	}
	if len(res.Reasons) == 0 {
		res.Reasons = append(res.Reasons, q.balance(best, chosen))
	}

	for _, id := range best.Roles {
		res.Roles = append(res.Roles, q.roleInfo(q.roles[id]))
	}
	for _, qq := range q.path(answers) {
		s := AnswerSummary{Question: qq.ID, Prompt: qq.Prompt}
		if a := findAnswer(answers, qq.ID); a != nil {
			s.Choice, s.Text, s.Skipped = a.Choice, a.Text, a.Skipped
			if c := qq.choice(a.Choice); c != nil {
				s.Label = c.Label
			}
		} else {
			s.Skipped = true
		}
		res.Answers = append(res.Answers, s)
	}
	return res
}

// topBoost returns the outcome a rule boosts most (first in order on ties).
func topBoost(r *Rule, order map[Outcome]int) Outcome {
	var best Outcome
	for o, w := range r.Boost {
		if best == "" || w > r.Boost[best] || (w == r.Boost[best] && order[o] < order[best]) {
			best = o
		}
	}
	return best
}

func (q *Questionnaire) reason(r *Rule, chosen map[string]string) Reason {
	rs := Reason{Rule: r.ID, Text: strings.TrimSpace(r.Reason), Source: r.Source}
	for _, c := range r.If {
		rs.From = append(rs.From, q.ref(c.Question, chosen[c.Question]))
	}
	return rs
}

func (q *Questionnaire) ref(question, choice string) AnswerRef {
	qq, _ := q.Question(question)
	ref := AnswerRef{Question: question, Prompt: qq.Prompt, Choice: choice}
	if c := qq.choice(choice); c != nil {
		ref.Label = c.Label
	}
	return ref
}

// balance explains a recommendation no rule supports: the answers whose
// weights favour it most.
func (q *Questionnaire) balance(best *OutcomeDef, chosen map[string]string) Reason {
	rs := Reason{
		Rule: BalanceRule,
		Text: "No single piece of guidance decides your case; on balance your answers lean this way. Talk it over with your leadership and consider a skills assessment of your staff before you hire.",
		Source: knowledge.Source{
			Title:   "Product Owner vs. Product Manager",
			Author:  "Matt Watson, Full Scale",
			Section: "Product Owner vs. Product Manager: Do you need both?",
		},
	}
	type contrib struct {
		q, c string
		w    int
	}
	var cs []contrib
	for _, qq := range q.Questions {
		if c := qq.choice(chosen[qq.ID]); c != nil && c.Weights[best.ID] > 0 {
			cs = append(cs, contrib{qq.ID, c.ID, c.Weights[best.ID]})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].w > cs[j].w })
	for i, c := range cs {
		if i == 3 {
			break
		}
		rs.From = append(rs.From, q.ref(c.q, c.c))
	}
	return rs
}

func (q *Questionnaire) roleInfo(r *Role) RoleInfo {
	info := RoleInfo{ID: r.ID, Title: r.Title}
	for _, id := range r.Responsibilities {
		info.Responsibilities = append(info.Responsibilities, q.point(id))
	}
	for _, id := range r.KPIs {
		info.KPIs = append(info.KPIs, q.point(id))
	}
	return info
}

func (q *Questionnaire) point(id string) Point {
	p := Point{ID: id}
	if q.lookup == nil {
		return p
	}
	if e, ok := q.lookup(id); ok && e != nil {
		p.Topic, p.Text, p.Sources = e.Topic, strings.TrimSpace(e.Answer), e.Sources
	}
	return p
}

// Text renders the result as plain text for a terminal.
func (r *Result) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Recommendation: %s\n", r.Title)
	fmt.Fprintf(&b, "Strength: %s (%s)\n\n", r.Strength, r.margin())
	fmt.Fprintf(&b, "%s\n\n", para("", "", r.Summary))
	b.WriteString("Why:\n")
	for _, rs := range r.Reasons {
		writeReasonText(&b, rs)
	}
	if len(r.Caveats) > 0 {
		b.WriteString("\nAlso worth weighing:\n")
		for _, rs := range r.Caveats {
			writeReasonText(&b, rs)
		}
	}
	for _, role := range r.Roles {
		fmt.Fprintf(&b, "\nWhat a %s does:\n", strings.ToLower(role.Title))
		writePointsText(&b, role.Responsibilities)
		fmt.Fprintf(&b, "\nHow a %s is measured:\n", strings.ToLower(role.Title))
		writePointsText(&b, role.KPIs)
	}
	b.WriteString("\nYour answers:\n")
	for i, a := range r.Answers {
		fmt.Fprintf(&b, "%s\n%s\n", para(fmt.Sprintf("%2d. ", i+1), "    ", a.Prompt), para("    ", "    ", a.answerText()))
	}
	b.WriteString("\nScores: ")
	for i, s := range r.Scores {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", s.Outcome, s.Points)
	}
	b.WriteString("\n")
	return b.String()
}

func (r *Result) margin() string {
	if len(r.Scores) < 2 {
		return ""
	}
	return fmt.Sprintf("score %d against %d for %q", r.Scores[0].Points, r.Scores[1].Points, r.Scores[1].Title)
}

func writeReasonText(b *strings.Builder, rs Reason) {
	fmt.Fprintf(b, "%s\n", para("- ", "  ", rs.Text))
	if len(rs.From) > 0 {
		b.WriteString("  Because you answered:\n")
		for _, f := range rs.From {
			fmt.Fprintf(b, "%s\n", para("    ", "      ", f.Prompt+" → "+f.Label))
		}
	}
	fmt.Fprintf(b, "%s\n", para("  Source: ", "    ", sourceText(rs.Source)))
}

func writePointsText(b *strings.Builder, ps []Point) {
	for _, p := range ps {
		switch {
		case p.Text != "":
			fmt.Fprintf(b, "- %s\n%s\n", p.Topic, para("  ", "  ", p.Text))
		default:
			fmt.Fprintf(b, "- (see %q in the knowledge base)\n", p.ID)
		}
	}
}

func sourceText(s knowledge.Source) string {
	return fmt.Sprintf("%s, %s, section %q", s.Title, s.Author, s.Section)
}

func (a AnswerSummary) answerText() string {
	switch {
	case a.Skipped:
		return "(skipped)"
	case a.Label != "" && a.Text != "":
		return a.Label + " (note: " + a.Text + ")"
	case a.Label != "":
		return a.Label
	default:
		return "“" + a.Text + "”"
	}
}

// Markdown renders the result as Markdown, for sharing or export. Typed
// answers are escaped so they cannot inject markup.
func (r *Result) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.Title)
	fmt.Fprintf(&b, "**Strength:** %s (%s)\n\n", r.Strength, r.margin())
	fmt.Fprintf(&b, "%s\n\n", r.Summary)
	b.WriteString("## Why\n\n")
	for _, rs := range r.Reasons {
		writeReasonMarkdown(&b, rs)
	}
	if len(r.Caveats) > 0 {
		b.WriteString("## Also worth weighing\n\n")
		for _, rs := range r.Caveats {
			writeReasonMarkdown(&b, rs)
		}
	}
	for _, role := range r.Roles {
		fmt.Fprintf(&b, "## The %s\n\n### Responsibilities\n\n", strings.ToLower(role.Title))
		writePointsMarkdown(&b, role.Responsibilities)
		b.WriteString("### How success is measured\n\n")
		writePointsMarkdown(&b, role.KPIs)
	}
	b.WriteString("## Your answers\n\n| # | Question | Answer |\n|---|---|---|\n")
	for i, a := range r.Answers {
		fmt.Fprintf(&b, "| %d | %s | %s |\n", i+1, mdCell(a.Prompt), mdCell(a.answerText()))
	}
	b.WriteString("\n## Scores\n\n| Outcome | Points |\n|---|---|\n")
	for _, s := range r.Scores {
		fmt.Fprintf(&b, "| %s | %d |\n", mdCell(s.Title), s.Points)
	}
	return b.String()
}

func writeReasonMarkdown(b *strings.Builder, rs Reason) {
	fmt.Fprintf(b, "- %s\n", rs.Text)
	if len(rs.From) > 0 {
		var parts []string
		for _, f := range rs.From {
			parts = append(parts, fmt.Sprintf("*%s* → %s", mdEscape(f.Prompt), mdEscape(f.Label)))
		}
		fmt.Fprintf(b, "  - Because you answered: %s\n", strings.Join(parts, "; "))
	}
	fmt.Fprintf(b, "  - Source: *%s*, %s, section “%s”\n", rs.Source.Title, rs.Source.Author, rs.Source.Section)
	b.WriteString("\n")
}

func writePointsMarkdown(b *strings.Builder, ps []Point) {
	for _, p := range ps {
		if p.Text != "" {
			fmt.Fprintf(b, "- **%s**: %s\n", mdEscape(p.Topic), p.Text)
		} else {
			fmt.Fprintf(b, "- (knowledge entry `%s`)\n", p.ID)
		}
	}
	b.WriteString("\n")
}

var mdReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`)

func mdEscape(s string) string { return mdReplacer.Replace(s) }

func mdCell(s string) string { return strings.ReplaceAll(mdEscape(s), "|", `\|`) }

// width is the width of Text output.
const width = 78

// para wraps s into lines of at most width characters: the first starts
// with prefix, the rest with indent.
func para(prefix, indent, s string) string {
	var b strings.Builder
	b.WriteString(prefix)
	n := len([]rune(prefix))
	start := true
	for _, w := range strings.Fields(s) {
		l := len([]rune(w))
		switch {
		case start:
			start = false
		case n+1+l > width:
			b.WriteString("\n" + indent)
			n = len([]rune(indent))
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += l
	}
	return b.String()
}
