// Package assessment is Rolecall's hiring assessment: "do we need a product
// owner, a product manager, or both?".
//
// The questionnaire is data (data/questionnaire.yaml, embedded; a team can
// load its own with Load or LoadFile), validated at load with file:line
// errors. The engine is a pure state machine over it: Next(state, input)
// returns the new state and what to say next, and once every question is
// answered, a Result with the recommendation, its reasons and citations, the
// recommended roles' responsibilities and KPIs, and a summary of the answers.
// The package imports neither Slack nor Redis; internal/assessment/dialog
// runs it over the session store.
package assessment

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rolecall/rolecall/internal/knowledge"
)

//go:embed data/questionnaire.yaml
var builtinFS embed.FS

// BuiltinFile is the name of the embedded questionnaire inside its fs.FS.
const BuiltinFile = "data/questionnaire.yaml"

// MaxLabel is the longest choice label: labels become Slack buttons, whose
// text Slack limits to 75 characters.
const MaxLabel = 75

// Outcome is a recommendation the assessment can end with.
type Outcome string

// The outcomes of the built-in questionnaire. A team's own questionnaire may
// declare others.
const (
	// HirePM: hire a product manager who also covers product-owner duties for now.
	HirePM Outcome = "hire_pm"
	// HirePO: hire a product owner (one per product where there are several).
	HirePO Outcome = "hire_po"
	// HireBoth: hire a product manager and product owners.
	HireBoth Outcome = "hire_both"
	// Upskill: upskill existing staff first.
	Upskill Outcome = "upskill"
)

// Questionnaire is a loaded, validated assessment definition. It is
// immutable after loading and safe for concurrent use.
type Questionnaire struct {
	// ID names the questionnaire; a session records it.
	ID string `yaml:"id" json:"id"`
	// Version is bumped whenever questions or choices change; a session
	// records the version it was started on.
	Version int `yaml:"version" json:"version"`
	// Title is the question the assessment answers.
	Title string `yaml:"title" json:"title"`
	// Intro is shown before the first question.
	Intro string `yaml:"intro" json:"intro"`
	// Strength holds the score margins behind "strong" and "moderate".
	Strength Thresholds `yaml:"strength" json:"strength"`
	// Roles are the roles a recommendation can name, with the knowledge
	// entries describing them.
	Roles []*Role `yaml:"roles" json:"roles"`
	// Outcomes are the possible recommendations, in tie-break order.
	Outcomes []*OutcomeDef `yaml:"outcomes" json:"outcomes"`
	// Questions are asked in this order (skipping those whose When fails).
	Questions []*Question `yaml:"questions" json:"questions"`
	// Rules turn combinations of answers into cited reasons.
	Rules []*Rule `yaml:"rules" json:"rules"`
	// File is where the questionnaire was loaded from.
	File string `yaml:"-" json:"-"`

	lookup     Lookup
	questions  map[string]int
	outcomes   map[Outcome]*OutcomeDef
	roles      map[string]*Role
	rulesByQID map[string][]*Rule
}

// Thresholds are score margins between the best and second-best outcome.
type Thresholds struct {
	// Strong is the smallest margin for a strong recommendation.
	Strong int `yaml:"strong" json:"strong"`
	// Moderate is the smallest margin for a moderate one; below is tentative.
	Moderate int `yaml:"moderate" json:"moderate"`
}

// Role is a role a recommendation names, pointing at knowledge entries.
type Role struct {
	// ID is the role's knowledge owner ("product_manager", "product_owner").
	ID string `yaml:"id" json:"id"`
	// Title is the role in words.
	Title string `yaml:"title" json:"title"`
	// Responsibilities are knowledge entry ids describing what the role does.
	Responsibilities []string `yaml:"responsibilities" json:"responsibilities"`
	// KPIs are knowledge entry ids describing how the role is measured.
	KPIs []string `yaml:"kpis" json:"kpis"`
	// Line is where the role is defined.
	Line int `yaml:"-" json:"-"`
}

// OutcomeDef describes one possible recommendation.
type OutcomeDef struct {
	ID Outcome `yaml:"id" json:"id"`
	// Title is the recommendation in a few words.
	Title string `yaml:"title" json:"title"`
	// Summary explains what following the recommendation means.
	Summary string `yaml:"summary" json:"summary"`
	// Roles are ids of the roles the recommendation is about.
	Roles []string `yaml:"roles" json:"roles"`
	// Line is where the outcome is defined.
	Line int `yaml:"-" json:"-"`
}

// Question is one step of the assessment.
type Question struct {
	ID string `yaml:"id" json:"id"`
	// Prompt is the question as asked.
	Prompt string `yaml:"prompt" json:"prompt"`
	// Help is an optional line of explanation.
	Help string `yaml:"help,omitempty" json:"help,omitempty"`
	// Choices are the answers offered (buttons in Slack).
	Choices []*Choice `yaml:"choices" json:"choices"`
	// AllowText accepts a typed answer or note besides the choices.
	AllowText bool `yaml:"allow_text,omitempty" json:"allow_text,omitempty"`
	// Skippable lets a person skip the question.
	Skippable bool `yaml:"skippable,omitempty" json:"skippable,omitempty"`
	// When lists conditions on earlier answers, all required for the
	// question to be asked; empty means always.
	When []Condition `yaml:"when,omitempty" json:"when,omitempty"`
	// Line is where the question is defined.
	Line int `yaml:"-" json:"-"`
}

// Choice is one offered answer.
type Choice struct {
	ID string `yaml:"id" json:"id"`
	// Label is the button text, at most MaxLabel characters.
	Label string `yaml:"label" json:"label"`
	// Weights add to each outcome's score when the choice is picked.
	Weights map[Outcome]int `yaml:"weights" json:"weights,omitempty"`
	// Tags are free-form facts about the choice ("small", "growing").
	Tags []string `yaml:"tags,omitempty" json:"tags,omitempty"`
	// Line is where the choice is defined.
	Line int `yaml:"-" json:"-"`
}

// Condition holds when the answer to Question is one of Choices.
type Condition struct {
	Question string   `yaml:"question" json:"question"`
	Choices  []string `yaml:"choices" json:"choices"`
}

// Rule is a piece of the sources' guidance: when all its conditions hold, it
// adds Boost to the outcomes' scores and explains why.
type Rule struct {
	ID string `yaml:"id" json:"id"`
	// If lists the conditions, all required.
	If []Condition `yaml:"if" json:"if"`
	// Boost adds to (or, negative, takes from) outcome scores.
	Boost map[Outcome]int `yaml:"boost" json:"boost"`
	// Reason is the guidance applied to the answers, in our own words.
	Reason string `yaml:"reason" json:"reason"`
	// Source is the citation the rule rests on.
	Source knowledge.Source `yaml:"source" json:"source"`
	// Line is where the rule is defined.
	Line int `yaml:"-" json:"-"`
}

// Lookup finds a knowledge entry by id; (*knowledge.Base).Entry is one.
type Lookup func(id string) (*knowledge.Entry, bool)

// Builtin returns the embedded questionnaire.
func Builtin() (*Questionnaire, error) {
	return Load(builtinFS, BuiltinFile)
}

// LoadFile reads and validates a questionnaire from a file on disk.
func LoadFile(path string) (*Questionnaire, error) {
	return Load(os.DirFS(filepath.Dir(path)), filepath.Base(path))
}

// Load reads and validates the questionnaire file name in fsys. Every error
// names the file and the line.
func Load(fsys fs.FS, name string) (*Questionnaire, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("load questionnaire: %w", err)
	}
	return Parse(name, data)
}

// Parse decodes and validates a questionnaire; file is used in errors.
func Parse(file string, data []byte) (*Questionnaire, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(file, err)
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s:1: questionnaire is empty", file)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	q := &Questionnaire{File: file}
	if err := dec.Decode(q); err != nil {
		return nil, yamlError(file, err)
	}
	setLines(q, root.Content[0])
	if err := q.validate(); err != nil {
		return nil, err
	}
	return q, nil
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): `)

// yamlError rewrites yaml.v3's "line N: msg" into "file:N: msg".
func yamlError(file string, err error) error {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var out []string
	for _, m := range msgs {
		if g := yamlLine.FindStringSubmatch(m); g != nil {
			out = append(out, fmt.Sprintf("%s:%s: %s", file, g[1], m[len(g[0]):]))
		} else {
			out = append(out, fmt.Sprintf("%s: %s", file, strings.TrimPrefix(m, "yaml: ")))
		}
	}
	return errors.New(strings.Join(out, "\n"))
}

// setLines copies line numbers from the node tree onto the decoded values.
func setLines(q *Questionnaire, doc *yaml.Node) {
	seq := func(key string) []*yaml.Node {
		if n := mapValue(doc, key); n != nil && n.Kind == yaml.SequenceNode {
			return n.Content
		}
		return nil
	}
	for i, n := range seq("roles") {
		if i < len(q.Roles) && q.Roles[i] != nil {
			q.Roles[i].Line = n.Line
		}
	}
	for i, n := range seq("outcomes") {
		if i < len(q.Outcomes) && q.Outcomes[i] != nil {
			q.Outcomes[i].Line = n.Line
		}
	}
	for i, n := range seq("rules") {
		if i < len(q.Rules) && q.Rules[i] != nil {
			q.Rules[i].Line = n.Line
		}
	}
	for i, n := range seq("questions") {
		if i >= len(q.Questions) || q.Questions[i] == nil {
			continue
		}
		qq := q.Questions[i]
		qq.Line = n.Line
		if cs := mapValue(n, "choices"); cs != nil && cs.Kind == yaml.SequenceNode {
			for j, c := range cs.Content {
				if j < len(qq.Choices) && qq.Choices[j] != nil {
					qq.Choices[j].Line = c.Line
				}
			}
		}
	}
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// validate checks the definition and builds the indexes. It reports every
// problem it finds, one per line.
func (q *Questionnaire) validate() error {
	var errs []string
	bad := func(line int, format string, args ...any) {
		errs = append(errs, fmt.Sprintf("%s:%d: %s", q.File, line, fmt.Sprintf(format, args...)))
	}
	if !idPattern.MatchString(q.ID) {
		bad(1, "questionnaire id %q must be lower-case letters, digits, _ or -", q.ID)
	}
	if q.Version < 1 {
		bad(1, "questionnaire version must be a positive integer, got %d", q.Version)
	}
	if strings.TrimSpace(q.Title) == "" {
		bad(1, "questionnaire has no title")
	}
	if q.Strength.Strong <= 0 || q.Strength.Moderate <= 0 || q.Strength.Moderate > q.Strength.Strong {
		bad(1, "strength needs 0 < moderate <= strong, got moderate %d, strong %d", q.Strength.Moderate, q.Strength.Strong)
	}

	q.roles = map[string]*Role{}
	for _, r := range q.Roles {
		if r == nil {
			continue
		}
		switch {
		case !idPattern.MatchString(r.ID):
			bad(r.Line, "role id %q must be lower-case letters, digits, _ or -", r.ID)
		case q.roles[r.ID] != nil:
			bad(r.Line, "role %q is defined twice (first at line %d)", r.ID, q.roles[r.ID].Line)
		default:
			q.roles[r.ID] = r
		}
		if strings.TrimSpace(r.Title) == "" {
			bad(r.Line, "role %q has no title", r.ID)
		}
		if len(r.Responsibilities) == 0 || len(r.KPIs) == 0 {
			bad(r.Line, "role %q needs at least one responsibilities entry and one kpis entry", r.ID)
		}
	}

	q.outcomes = map[Outcome]*OutcomeDef{}
	for _, o := range q.Outcomes {
		if o == nil {
			continue
		}
		switch {
		case !idPattern.MatchString(string(o.ID)):
			bad(o.Line, "outcome id %q must be lower-case letters, digits, _ or -", o.ID)
		case q.outcomes[o.ID] != nil:
			bad(o.Line, "outcome %q is defined twice (first at line %d)", o.ID, q.outcomes[o.ID].Line)
		default:
			q.outcomes[o.ID] = o
		}
		if strings.TrimSpace(o.Title) == "" {
			bad(o.Line, "outcome %q has no title", o.ID)
		}
		for _, r := range o.Roles {
			if q.roles[r] == nil {
				bad(o.Line, "outcome %q names unknown role %q", o.ID, r)
			}
		}
	}
	if len(q.outcomes) < 2 {
		bad(1, "questionnaire needs at least two outcomes, has %d", len(q.outcomes))
	}

	weights := func(line int, what string, w map[Outcome]int) {
		for o := range w {
			if q.outcomes[o] == nil {
				bad(line, "%s weighs on unknown outcome %q", what, o)
			}
		}
	}

	q.questions = map[string]int{}
	for i, qq := range q.Questions {
		if qq == nil {
			bad(1, "question %d is empty", i+1)
			continue
		}
		switch {
		case !idPattern.MatchString(qq.ID):
			bad(qq.Line, "question id %q must be lower-case letters, digits, _ or -", qq.ID)
		case hasKey(q.questions, qq.ID):
			bad(qq.Line, "question %q is defined twice (first at line %d)", qq.ID, q.Questions[q.questions[qq.ID]].Line)
		default:
			q.questions[qq.ID] = i
		}
		if strings.TrimSpace(qq.Prompt) == "" {
			bad(qq.Line, "question %q has no prompt", qq.ID)
		}
		if len(qq.Choices) == 0 {
			bad(qq.Line, "question %q has no choices", qq.ID)
		}
		seen := map[string]int{}
		for _, c := range qq.Choices {
			if c == nil {
				bad(qq.Line, "question %q has an empty choice", qq.ID)
				continue
			}
			if !idPattern.MatchString(c.ID) {
				bad(c.Line, "question %q: choice id %q must be lower-case letters, digits, _ or -", qq.ID, c.ID)
			}
			if l, dup := seen[c.ID]; dup {
				bad(c.Line, "question %q: choice %q is defined twice (first at line %d)", qq.ID, c.ID, l)
			}
			seen[c.ID] = c.Line
			if n := len([]rune(c.Label)); n == 0 || n > MaxLabel {
				bad(c.Line, "question %q: choice %q: label must be 1 to %d characters, has %d", qq.ID, c.ID, MaxLabel, n)
			}
			weights(c.Line, fmt.Sprintf("question %q: choice %q", qq.ID, c.ID), c.Weights)
		}
		// Conditions may only look back: the answer must exist when the
		// question comes up.
		for _, cond := range qq.When {
			j, ok := q.questions[cond.Question]
			switch {
			case !ok && q.findQuestion(cond.Question) != nil:
				bad(qq.Line, "question %q: condition on %q, which comes later; a question can only depend on earlier ones", qq.ID, cond.Question)
			case !ok:
				bad(qq.Line, "question %q: condition on unknown question %q", qq.ID, cond.Question)
			case j == i:
				bad(qq.Line, "question %q: condition on itself", qq.ID)
			default:
				q.checkChoices(bad, qq.Line, fmt.Sprintf("question %q: condition", qq.ID), cond)
			}
		}
	}
	if len(q.Questions) == 0 {
		bad(1, "questionnaire has no questions")
	}

	q.rulesByQID = map[string][]*Rule{}
	ruleIDs := map[string]int{}
	for _, r := range q.Rules {
		if r == nil {
			continue
		}
		if !idPattern.MatchString(r.ID) {
			bad(r.Line, "rule id %q must be lower-case letters, digits, _ or -", r.ID)
		}
		if l, dup := ruleIDs[r.ID]; dup {
			bad(r.Line, "rule %q is defined twice (first at line %d)", r.ID, l)
		}
		ruleIDs[r.ID] = r.Line
		if len(r.If) == 0 {
			bad(r.Line, "rule %q has no conditions", r.ID)
		}
		if len(r.Boost) == 0 {
			bad(r.Line, "rule %q boosts no outcome", r.ID)
		}
		weights(r.Line, fmt.Sprintf("rule %q", r.ID), r.Boost)
		if strings.TrimSpace(r.Reason) == "" {
			bad(r.Line, "rule %q has no reason", r.ID)
		}
		if r.Source.Title == "" || r.Source.Author == "" || r.Source.Section == "" {
			bad(r.Line, "rule %q needs a source with title, author and section", r.ID)
		}
		for _, cond := range r.If {
			if !hasKey(q.questions, cond.Question) {
				bad(r.Line, "rule %q: condition on unknown question %q", r.ID, cond.Question)
				continue
			}
			q.checkChoices(bad, r.Line, fmt.Sprintf("rule %q", r.ID), cond)
		}
	}

	if len(errs) == 0 {
		for _, qq := range q.Questions {
			if !q.reachable(qq) {
				bad(qq.Line, "question %q can never be asked: no combination of earlier answers meets its conditions", qq.ID)
			}
		}
		for _, r := range q.Rules {
			if !q.ruleCanFire(r) {
				bad(r.Line, "rule %q can never apply: no combination of answers meets its conditions", r.ID)
			}
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

func hasKey[K comparable, V any](m map[K]V, k K) bool {
	_, ok := m[k]
	return ok
}

func (q *Questionnaire) findQuestion(id string) *Question {
	for _, qq := range q.Questions {
		if qq != nil && qq.ID == id {
			return qq
		}
	}
	return nil
}

func (q *Questionnaire) checkChoices(bad func(int, string, ...any), line int, what string, cond Condition) {
	qq := q.Questions[q.questions[cond.Question]]
	if len(cond.Choices) == 0 {
		bad(line, "%s on %q lists no choices", what, cond.Question)
	}
	for _, c := range cond.Choices {
		if qq.choice(c) == nil {
			bad(line, "%s names unknown choice %q of question %q", what, c, cond.Question)
		}
	}
}

// reachable reports whether some combination of answers to the questions
// qq's conditions depend on (directly or through their own conditions)
// makes qq applicable.
func (q *Questionnaire) reachable(qq *Question) bool {
	return q.satisfiable(qq.When)
}

// ruleCanFire reports whether some answers make every condition of r hold
// with each referenced question actually asked.
func (q *Questionnaire) ruleCanFire(r *Rule) bool {
	return q.satisfiable(r.If)
}

// satisfiable searches the answers to the questions conds depend on,
// transitively, for one that asks every referenced question and meets every
// condition. Definitions are small (a handful of conditional questions), so
// the search is exhaustive.
func (q *Questionnaire) satisfiable(conds []Condition) bool {
	need := map[string]bool{}
	var collect func([]Condition)
	collect = func(cs []Condition) {
		for _, c := range cs {
			if need[c.Question] {
				continue
			}
			need[c.Question] = true
			collect(q.Questions[q.questions[c.Question]].When)
		}
	}
	collect(conds)
	var ids []string
	for _, qq := range q.Questions {
		if need[qq.ID] {
			ids = append(ids, qq.ID)
		}
	}
	answers := map[string]string{}
	var try func(i int) bool
	try = func(i int) bool {
		if i == len(ids) {
			return condsHold(conds, answers) && q.allAsked(conds, answers)
		}
		qq := q.Questions[q.questions[ids[i]]]
		if !condsHold(qq.When, answers) {
			answers[qq.ID] = ""
			return try(i + 1)
		}
		for _, c := range qq.Choices {
			answers[qq.ID] = c.ID
			if try(i + 1) {
				return true
			}
		}
		return false
	}
	return try(0)
}

func (q *Questionnaire) allAsked(conds []Condition, answers map[string]string) bool {
	for _, c := range conds {
		if !condsHold(q.Questions[q.questions[c.Question]].When, answers) {
			return false
		}
	}
	return true
}

// condsHold reports whether every condition holds in a question → choice map.
func condsHold(conds []Condition, answers map[string]string) bool {
	for _, c := range conds {
		if !contains(c.Choices, answers[c.Question]) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (qq *Question) choice(id string) *Choice {
	for _, c := range qq.Choices {
		if c != nil && c.ID == id {
			return c
		}
	}
	return nil
}

// Question returns the question with the given id.
func (q *Questionnaire) Question(id string) (*Question, bool) {
	i, ok := q.questions[id]
	if !ok {
		return nil, false
	}
	return q.Questions[i], true
}

// Choice returns the choice with the given id, or nil.
func (qq *Question) Choice(id string) *Choice { return qq.choice(id) }

// Outcome returns the definition of an outcome.
func (q *Questionnaire) Outcome(id Outcome) (*OutcomeDef, bool) {
	o, ok := q.outcomes[id]
	return o, ok
}

// Role returns the definition of a role.
func (q *Questionnaire) Role(id string) (*Role, bool) {
	r, ok := q.roles[id]
	return r, ok
}

// WithKnowledge returns a copy of q whose results describe roles with the
// knowledge entries lookup finds. It fails, naming every missing id and the
// line that references it, when an entry does not exist.
func (q *Questionnaire) WithKnowledge(lookup Lookup) (*Questionnaire, error) {
	var errs []string
	for _, r := range q.Roles {
		for _, list := range [][]string{r.Responsibilities, r.KPIs} {
			for _, id := range list {
				if _, ok := lookup(id); !ok {
					errs = append(errs, fmt.Sprintf("%s:%d: role %q: no knowledge entry %q", q.File, r.Line, r.ID, id))
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	c := *q
	c.lookup = lookup
	return &c, nil
}

// String identifies the questionnaire for logs: "hiring v1".
func (q *Questionnaire) String() string { return q.ID + " v" + strconv.Itoa(q.Version) }
