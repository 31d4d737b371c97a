package assessment

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Status is the lifecycle state of an assessment; the values are those of
// session.Status.
type Status string

// Assessment statuses. The zero value means "not started".
const (
	StatusActive    Status = "active"
	StatusCompleted Status = "completed"
	StatusCancelled Status = "cancelled"
)

// State is where one person's assessment stands. Its field names mirror
// session.Assessment, so converting is a field-by-field copy.
type State struct {
	QuestionnaireID      string `json:"questionnaire_id"`
	QuestionnaireVersion int    `json:"questionnaire_version"`
	// Step is the id of the question being asked; "" once finished.
	Step    string   `json:"step"`
	Status  Status   `json:"status"`
	Answers []Answer `json:"answers"`
}

// Answer is one answered (or skipped) question; the fields mirror
// session.Answer.
type Answer struct {
	Question string    `json:"question"`
	Choice   string    `json:"choice,omitempty"`
	Text     string    `json:"text,omitempty"`
	Skipped  bool      `json:"skipped,omitempty"`
	At       time.Time `json:"at"`
}

// Kind says what an Input asks for.
type Kind string

// The kinds of input.
const (
	KindStart   Kind = "start"
	KindChoose  Kind = "choose"
	KindText    Kind = "text"
	KindBack    Kind = "back"
	KindEdit    Kind = "edit"
	KindSkip    Kind = "skip"
	KindRestart Kind = "restart"
	KindCancel  Kind = "cancel"
	KindResume  Kind = "resume"
)

// Input is one thing a person does. Build it with the functions below (Start,
// Choose, …) or set the fields; At stamps the answer (the engine never reads
// the clock).
type Input struct {
	Kind Kind `json:"kind"`
	// Question is the question the input is about. For Back and Skip it is
	// optional and, when set, must be the current question (a button on an
	// old message then does nothing harmful).
	Question string `json:"question,omitempty"`
	// Choice is the chosen choice id (KindChoose).
	Choice string `json:"choice,omitempty"`
	// Text is the typed answer (KindText) or a note with a choice.
	Text string    `json:"text,omitempty"`
	At   time.Time `json:"at,omitempty"`
}

// Start begins an assessment, or resumes the active one.
func Start() Input { return Input{Kind: KindStart} }

// Choose answers question with choice. Choosing on an earlier question edits
// that answer.
func Choose(question, choice string) Input {
	return Input{Kind: KindChoose, Question: question, Choice: choice}
}

// Text answers question with typed text: a choice's number, id or label picks
// that choice; anything else is a free-text answer where the question
// allows it.
func Text(question, text string) Input { return Input{Kind: KindText, Question: question, Text: text} }

// Back returns to the question before the current one.
func Back() Input { return Input{Kind: KindBack} }

// Edit jumps back to an answered question to change it.
func Edit(question string) Input { return Input{Kind: KindEdit, Question: question} }

// Skip skips the current question where allowed; question may be "" for
// "the current one".
func Skip(question string) Input { return Input{Kind: KindSkip, Question: question} }

// Restart throws the answers away and begins again.
func Restart() Input { return Input{Kind: KindRestart} }

// Cancel stops the assessment.
func Cancel() Input { return Input{Kind: KindCancel} }

// Resume repeats the current question, or the result when finished.
func Resume() Input { return Input{Kind: KindResume} }

// Code classifies an InputError.
type Code string

// Input error codes. Each has a sentinel of the same name usable with
// errors.Is.
const (
	CodeNotStarted      Code = "not_started"
	CodeFinished        Code = "finished"
	CodeUnknownQuestion Code = "unknown_question"
	CodeUnknownChoice   Code = "unknown_choice"
	CodeNotCurrent      Code = "not_current"
	CodeTextNotAllowed  Code = "text_not_allowed"
	CodeEmptyText       Code = "empty_text"
	CodeNotSkippable    Code = "not_skippable"
	CodeNoPrevious      Code = "no_previous"
	CodeWrongQuestions  Code = "wrong_questionnaire"
	CodeUnknownInput    Code = "unknown_input"
)

// Sentinels for errors.Is(err, assessment.ErrUnknownChoice) and friends.
var (
	// ErrNotStarted: the input needs a started assessment.
	ErrNotStarted = errors.New("assessment: not started")
	// ErrFinished: the assessment is completed or cancelled.
	ErrFinished = errors.New("assessment: finished")
	// ErrUnknownQuestion: no question has that id.
	ErrUnknownQuestion = errors.New("assessment: unknown question")
	// ErrUnknownChoice: the question has no such choice.
	ErrUnknownChoice = errors.New("assessment: unknown choice")
	// ErrNotCurrent: the question is neither current nor answered.
	ErrNotCurrent = errors.New("assessment: question not current")
	// ErrTextNotAllowed: typed text where a choice is required.
	ErrTextNotAllowed = errors.New("assessment: text not allowed")
	// ErrEmptyText: an empty typed answer.
	ErrEmptyText = errors.New("assessment: empty text")
	// ErrNotSkippable: the question cannot be skipped.
	ErrNotSkippable = errors.New("assessment: not skippable")
	// ErrNoPrevious: Back on the first question.
	ErrNoPrevious = errors.New("assessment: no previous question")
	// ErrWrongQuestionnaire: the state belongs to another questionnaire.
	ErrWrongQuestionnaire = errors.New("assessment: wrong questionnaire")
	// ErrUnknownInput: an Input with an unknown Kind.
	ErrUnknownInput = errors.New("assessment: unknown input")
)

var sentinels = map[Code]error{
	CodeNotStarted:      ErrNotStarted,
	CodeFinished:        ErrFinished,
	CodeUnknownQuestion: ErrUnknownQuestion,
	CodeUnknownChoice:   ErrUnknownChoice,
	CodeNotCurrent:      ErrNotCurrent,
	CodeTextNotAllowed:  ErrTextNotAllowed,
	CodeEmptyText:       ErrEmptyText,
	CodeNotSkippable:    ErrNotSkippable,
	CodeNoPrevious:      ErrNoPrevious,
	CodeWrongQuestions:  ErrWrongQuestionnaire,
	CodeUnknownInput:    ErrUnknownInput,
}

// InputError is an input the engine refuses. Message is written for the
// person who gave it; the state is unchanged.
type InputError struct {
	Code     Code
	Question string
	Message  string
}

func (e *InputError) Error() string {
	if e.Question != "" {
		return fmt.Sprintf("assessment: %s (question %s): %s", e.Code, e.Question, e.Message)
	}
	return fmt.Sprintf("assessment: %s: %s", e.Code, e.Message)
}

// Is matches the sentinel of the error's code.
func (e *InputError) Is(target error) bool { return sentinels[e.Code] == target }

func inputErr(code Code, question, format string, args ...any) error {
	return &InputError{Code: code, Question: question, Message: fmt.Sprintf(format, args...)}
}

// Reply is what to show after an input: an acknowledgement and either the
// next question or the result.
type Reply struct {
	// Message acknowledges the input in a short sentence.
	Message string `json:"message"`
	// Question is the question to ask now; nil when finished or cancelled.
	Question *Question `json:"question,omitempty"`
	// Number and Total place Question: "3 of 12".
	Number int `json:"number,omitempty"`
	Total  int `json:"total,omitempty"`
	// Current is the answer already given to Question (after Back or Edit).
	Current *Answer `json:"current,omitempty"`
	// Result is set when the assessment is complete.
	Result *Result `json:"result,omitempty"`
	// Noop reports that the input changed nothing (a repeated answer, a
	// resume): there is nothing to save.
	Noop bool `json:"noop,omitempty"`
	// Resumed reports that Start found an assessment in progress.
	Resumed bool `json:"resumed,omitempty"`
}

// Position formats Number and Total: "3 of 12".
func (r Reply) Position() string {
	if r.Question == nil {
		return ""
	}
	return fmt.Sprintf("%d of %d", r.Number, r.Total)
}

// Next applies one input to a state. It is pure: the same state and input
// give the same result, and st is not modified. On error the returned state
// is st unchanged and the error is an *InputError.
func (q *Questionnaire) Next(st State, in Input) (State, Reply, error) {
	out, reply, err := q.next(cloneState(st), in)
	if err != nil {
		return st, Reply{}, err
	}
	return out, reply, nil
}

func cloneState(st State) State {
	st.Answers = append([]Answer(nil), st.Answers...)
	return st
}

func (q *Questionnaire) fresh() State {
	return State{
		QuestionnaireID:      q.ID,
		QuestionnaireVersion: q.Version,
		Step:                 q.Questions[0].ID,
		Status:               StatusActive,
	}
}

func (q *Questionnaire) next(st State, in Input) (State, Reply, error) {
	if st.Status != "" && st.QuestionnaireID != q.ID {
		return st, Reply{}, inputErr(CodeWrongQuestions, "",
			"This assessment was started on the questionnaire %q, not %q. Say restart to begin again.", st.QuestionnaireID, q.ID)
	}
	var migrated bool
	if st.Status != "" && st.QuestionnaireVersion != q.Version {
		st, migrated = q.migrate(st), true
	}
	note := func(r Reply) Reply {
		if migrated {
			r.Message = "The questionnaire changed since you started; I kept the answers that still apply. " + r.Message
			r.Noop = false
		}
		return r
	}

	switch in.Kind {
	case KindStart:
		if st.Status == StatusActive {
			r := q.ask(st, fmt.Sprintf("Welcome back: you have an assessment in progress, at question %s.", q.position(st)))
			r.Noop, r.Resumed = true, true
			return st, note(r), nil
		}
		st = q.fresh()
		return st, q.ask(st, q.Intro), nil
	case KindRestart:
		st = q.fresh()
		return st, q.ask(st, "Starting over from the first question."), nil
	}

	switch st.Status {
	case "":
		return st, Reply{}, inputErr(CodeNotStarted, "", "There is no assessment in progress. Say start to begin one.")
	case StatusCancelled:
		if in.Kind == KindCancel {
			return st, Reply{Message: "This assessment is already cancelled.", Noop: true}, nil
		}
		return st, Reply{}, inputErr(CodeFinished, in.Question, "This assessment was cancelled. Say restart to begin a new one.")
	}

	switch in.Kind {
	case KindResume:
		if st.Status == StatusCompleted {
			return st, note(q.finish(st, "Here is your result again.", true)), nil
		}
		r := q.ask(st, fmt.Sprintf("Picking up at question %s.", q.position(st)))
		r.Noop, r.Resumed = true, true
		return st, note(r), nil

	case KindCancel:
		if st.Status == StatusCompleted {
			return st, Reply{}, inputErr(CodeFinished, "", "This assessment is already complete; there is nothing to cancel. Say restart to take it again.")
		}
		st.Status, st.Step = StatusCancelled, ""
		return st, Reply{Message: "Assessment cancelled. Say restart whenever you want to take it again."}, nil

	case KindChoose, KindText:
		return q.answer(st, in, note)

	case KindSkip:
		id := in.Question
		if id == "" {
			if st.Status == StatusCompleted {
				return st, Reply{}, inputErr(CodeFinished, "", "This assessment is already complete. Say restart to take it again, or edit an answer.")
			}
			id = st.Step
		}
		qq, ok := q.Question(id)
		if !ok {
			return st, Reply{}, q.unknownQuestion(id)
		}
		if id != st.Step {
			a := findAnswer(st.Answers, id)
			if a == nil || !q.applicable(qq, st.Answers) {
				return st, Reply{}, q.notCurrent(st, id)
			}
			if a.Skipped {
				if st.Status == StatusCompleted {
					return st, note(q.finish(st, "That question is already skipped.", true)), nil
				}
				r := q.ask(st, "That question is already skipped.")
				r.Noop = true
				return st, note(r), nil
			}
		}
		if !qq.Skippable {
			return st, Reply{}, inputErr(CodeNotSkippable, qq.ID, "This question can't be skipped: the recommendation depends on it. Please pick one of the choices.")
		}
		st.Answers = setAnswer(st.Answers, Answer{Question: qq.ID, Skipped: true, At: in.At})
		return q.advance(st, "Skipped.", note)

	case KindBack:
		if in.Question != "" && in.Question != st.Step {
			return st, Reply{}, q.notCurrent(st, in.Question)
		}
		path := q.path(st.Answers)
		if st.Status == StatusCompleted {
			st.Status, st.Step = StatusActive, path[len(path)-1].ID
			return st, note(q.ask(st, "Back to the last question.")), nil
		}
		i := indexOf(path, st.Step)
		if i <= 0 {
			return st, Reply{}, inputErr(CodeNoPrevious, st.Step, "This is the first question; there is nothing before it.")
		}
		st.Step = path[i-1].ID
		return st, note(q.ask(st, "Back one question.")), nil

	case KindEdit:
		qq, ok := q.Question(in.Question)
		if !ok {
			return st, Reply{}, q.unknownQuestion(in.Question)
		}
		if qq.ID == st.Step {
			r := q.ask(st, "")
			r.Noop = true
			return st, note(r), nil
		}
		if findAnswer(st.Answers, qq.ID) == nil || !q.applicable(qq, st.Answers) {
			return st, Reply{}, q.notCurrent(st, qq.ID)
		}
		st.Status, st.Step = StatusActive, qq.ID
		return st, note(q.ask(st, "Change your answer, or keep it by choosing it again.")), nil
	}
	return st, Reply{}, inputErr(CodeUnknownInput, in.Question, "I don't understand that input (%q).", in.Kind)
}

// answer handles Choose and Text.
func (q *Questionnaire) answer(st State, in Input, note func(Reply) Reply) (State, Reply, error) {
	qq, ok := q.Question(in.Question)
	if !ok {
		return st, Reply{}, q.unknownQuestion(in.Question)
	}
	a := Answer{Question: qq.ID, At: in.At}
	switch in.Kind {
	case KindChoose:
		if qq.choice(in.Choice) == nil {
			return st, Reply{}, inputErr(CodeUnknownChoice, qq.ID, "%q is not one of the choices for %q. Choose one of: %s.", in.Choice, qq.Prompt, choiceList(qq))
		}
		a.Choice = in.Choice
		if t := cleanText(in.Text); t != "" {
			if !qq.AllowText {
				return st, Reply{}, inputErr(CodeTextNotAllowed, qq.ID, "This question takes a choice only, without a note.")
			}
			a.Text = t
		}
	case KindText:
		t := cleanText(in.Text)
		if t == "" {
			return st, Reply{}, inputErr(CodeEmptyText, qq.ID, "That answer is empty. Choose one of: %s.", choiceList(qq))
		}
		if c := qq.MatchChoice(t); c != nil {
			a.Choice = c.ID
		} else if qq.AllowText {
			a.Text = t
		} else {
			return st, Reply{}, inputErr(CodeTextNotAllowed, qq.ID, "This question needs one of its choices (%s); type its number or click a button.", choiceList(qq))
		}
	}

	prev := findAnswer(st.Answers, qq.ID)
	same := prev != nil && prev.Choice == a.Choice && prev.Text == a.Text && !prev.Skipped
	if same && qq.ID != st.Step && q.applicable(qq, st.Answers) {
		if st.Status == StatusCompleted {
			return st, note(q.finish(st, "That answer is already recorded.", true)), nil
		}
		r := q.ask(st, "That answer is already recorded.")
		r.Noop = true
		return st, note(r), nil
	}
	msg := "Got it."
	switch {
	case qq.ID == st.Step:
		if prev != nil && !same {
			msg = "Changed."
		}
	case prev != nil && q.applicable(qq, st.Answers):
		msg = fmt.Sprintf("Changed your answer to %s → %s.", quote(qq.Prompt), answerLabel(qq, a))
	default:
		return st, Reply{}, q.notCurrent(st, qq.ID)
	}
	st.Answers = setAnswer(st.Answers, a)
	return q.advance(st, msg, note)
}

func quote(s string) string { return "“" + s + "”" }

// AnswerLabel is an answer in words, for replacing a question's buttons
// with what was chosen: the choice's label (with the note), the typed text
// in quotes, or "(skipped)". Typed text is not escaped.
func (q *Questionnaire) AnswerLabel(a Answer) string {
	qq, ok := q.Question(a.Question)
	switch {
	case a.Skipped:
		return "(skipped)"
	case !ok:
		return quote(a.Text)
	case qq.choice(a.Choice) != nil && a.Text != "":
		return qq.choice(a.Choice).Label + " (note: " + a.Text + ")"
	}
	return answerLabel(qq, a)
}

// answerLabel is an answer in words: the choice's label or the typed text.
func answerLabel(qq *Question, a Answer) string {
	if c := qq.choice(a.Choice); c != nil {
		return c.Label
	}
	return quote(a.Text)
}

// advance drops answers that no longer apply and moves to the first
// unanswered question, or completes the assessment.
func (q *Questionnaire) advance(st State, msg string, note func(Reply) Reply) (State, Reply, error) {
	st.Answers = q.prune(st.Answers)
	st.Step = q.frontier(st.Answers)
	if st.Step == "" {
		st.Status = StatusCompleted
		return st, note(q.finish(st, msg+" That was the last question.", false)), nil
	}
	st.Status = StatusActive
	return st, note(q.ask(st, msg)), nil
}

func (q *Questionnaire) ask(st State, msg string) Reply {
	qq, ok := q.Question(st.Step)
	if !ok {
		return Reply{Message: msg}
	}
	path := q.path(st.Answers)
	r := Reply{Message: msg, Question: qq, Number: indexOf(path, qq.ID) + 1, Total: len(path)}
	if a := findAnswer(st.Answers, qq.ID); a != nil {
		c := *a
		r.Current = &c
	}
	return r
}

func (q *Questionnaire) finish(st State, msg string, noop bool) Reply {
	res := q.Evaluate(st.Answers)
	return Reply{Message: msg, Result: res, Noop: noop}
}

func (q *Questionnaire) position(st State) string {
	r := q.ask(st, "")
	return r.Position()
}

func (q *Questionnaire) notCurrent(st State, id string) error {
	if _, ok := q.Question(id); !ok {
		return q.unknownQuestion(id)
	}
	if st.Status == StatusCompleted {
		return inputErr(CodeNotCurrent, id, "That question wasn't part of this assessment.")
	}
	qq, _ := q.Question(st.Step)
	where := ""
	if qq != nil {
		where = fmt.Sprintf(" The current question is %s: %s", q.position(st), qq.Prompt)
	}
	if findAnswer(st.Answers, id) == nil {
		if qd, _ := q.Question(id); !q.applicable(qd, st.Answers) {
			return inputErr(CodeNotCurrent, id, "That question doesn't apply given your earlier answers.%s", where)
		}
		return inputErr(CodeNotCurrent, id, "We haven't reached that question yet.%s", where)
	}
	return inputErr(CodeNotCurrent, id, "That button belongs to another question.%s", where)
}

func (q *Questionnaire) unknownQuestion(id string) error {
	return inputErr(CodeUnknownQuestion, id, "This assessment has no question %q.", id)
}

// migrate carries a state over to this version of the questionnaire: answers
// to questions and choices that still exist are kept.
func (q *Questionnaire) migrate(st State) State {
	var kept []Answer
	for _, a := range st.Answers {
		qq, ok := q.Question(a.Question)
		if !ok || (a.Choice != "" && qq.choice(a.Choice) == nil) || (a.Choice == "" && a.Text != "" && !qq.AllowText) || (a.Skipped && !qq.Skippable) {
			continue
		}
		kept = append(kept, a)
	}
	st.Answers = q.prune(kept)
	st.QuestionnaireVersion = q.Version
	if st.Status == StatusActive || st.Status == StatusCompleted {
		if _, ok := q.Question(st.Step); !ok || findAnswer(st.Answers, st.Step) != nil || st.Status == StatusCompleted {
			st.Step = q.frontier(st.Answers)
		}
		st.Status = StatusActive
		if st.Step == "" {
			st.Status = StatusCompleted
		}
	}
	return st
}

// applicable reports whether qq's conditions hold for the answers.
func (q *Questionnaire) applicable(qq *Question, answers []Answer) bool {
	for _, c := range qq.When {
		a := findAnswer(answers, c.Question)
		if a == nil || !contains(c.Choices, a.Choice) {
			return false
		}
	}
	return true
}

// path lists the questions asked for these answers, in order.
func (q *Questionnaire) path(answers []Answer) []*Question {
	var p []*Question
	for _, qq := range q.Questions {
		if q.applicable(qq, answers) {
			p = append(p, qq)
		}
	}
	return p
}

// prune drops answers to questions that no longer apply (after an edit) and
// orders the rest as the questionnaire does.
func (q *Questionnaire) prune(answers []Answer) []Answer {
	var kept []Answer
	for _, qq := range q.Questions {
		a := findAnswer(answers, qq.ID)
		if a != nil && q.applicable(qq, kept) {
			kept = append(kept, *a)
		}
	}
	return kept
}

func (q *Questionnaire) frontier(answers []Answer) string {
	for _, qq := range q.path(answers) {
		if findAnswer(answers, qq.ID) == nil {
			return qq.ID
		}
	}
	return ""
}

func findAnswer(answers []Answer, id string) *Answer {
	for i := range answers {
		if answers[i].Question == id {
			return &answers[i]
		}
	}
	return nil
}

func setAnswer(answers []Answer, a Answer) []Answer {
	for i := range answers {
		if answers[i].Question == a.Question {
			answers[i] = a
			return answers
		}
	}
	return append(answers, a)
}

func indexOf(path []*Question, id string) int {
	for i, qq := range path {
		if qq.ID == id {
			return i
		}
	}
	return -1
}

func choiceList(qq *Question) string {
	var b strings.Builder
	for i, c := range qq.Choices {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d) %s", i+1, c.Label)
	}
	return b.String()
}

// MaxText bounds a typed answer, in characters; longer text is cut.
const MaxText = 500

// cleanText trims, drops control characters and invalid UTF-8, and bounds
// the length of typed text.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > MaxText {
		s = strings.TrimSpace(string(r[:MaxText]))
	}
	return s
}

// MatchChoice interprets typed text as a choice: its number ("2"), its id,
// or its label, ignoring case and punctuation. It returns nil when nothing
// matches.
func (qq *Question) MatchChoice(text string) *Choice {
	t := strings.TrimSpace(text)
	t = strings.TrimSuffix(strings.TrimSuffix(t, ")"), ".")
	if n, err := strconv.Atoi(t); err == nil {
		if n >= 1 && n <= len(qq.Choices) {
			return qq.Choices[n-1]
		}
		return nil
	}
	key := fold(text)
	if key == "" {
		return nil
	}
	for _, c := range qq.Choices {
		if fold(c.ID) == key || fold(c.Label) == key {
			return c
		}
	}
	return nil
}

// fold lower-cases and keeps letters and digits, one space between words.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}
