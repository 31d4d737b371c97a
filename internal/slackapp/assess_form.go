package slackapp

// The hiring assessment as a form: a modal whose views are its questions,
// over the same dialog and session as the threaded one, so a person can
// start in the form and finish in the DM, or the other way round.
//
// Slack keeps at most three views in a modal. The form keeps the last
// three questions of the person's path there, the current one on top:
// answering pushes the next question (or, with three views open, replaces
// the top one and moves the two under it along), so the views under the
// top always show the questions before it. Back is Slack's own: closing a
// pushed view (its Close button says "◀ Back") shows the one under it, and
// its view_closed steps the assessment back to that question. The root
// view, with nothing under it, has a Back button of its own.
//
// Every view carries in its private metadata the assessment (owner and
// conversation) and the stack of questions from the root to itself, each
// with a token naming the view that shows it. The assessment keeps the
// token of the view on top (Messages[msgFormTop]), written in the same
// update as each step: a close counts only if it closes the view on top,
// so a close that arrives after the submission of the view under it (Back
// then Next, fast) changes nothing, and the answers always match what the
// person sees.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/assessment/dialog"
	"github.com/rolecall/rolecall/internal/session"
)

const (
	// assessFormCallback is the callback id of the form's views.
	assessFormCallback = "rolecall.assess.form"
	assessFormTitle    = "Hiring assessment"
	// actionAssessForm opens the form (the App Home button); its
	// suffixes are the form's own buttons.
	actionAssessForm     = "rolecall.assess.form"
	actionAssessFormBack = "rolecall.assess.form.back"
	actionAssessFormDM   = "rolecall.assess.form.dm"
	// The inputs of a question: the choices, and the answer in words
	// where the question takes one.
	formChoiceBlock, formChoiceAction = "choice", "pick"
	formNoteBlock, formNoteAction     = "note", "text"
	maxFormNote                       = 500
	// maxFormDepth is how many views Slack keeps in a modal.
	maxFormDepth = 3
	// msgFormTop is the key of session.Assessment.Messages that holds the
	// token of the form's view on top.
	msgFormTop = "_form"
	// formSyncBudget bounds the updates of the views under the top before
	// a submission's ack, which Slack awaits for 3 s.
	formSyncBudget = 1500 * time.Millisecond
)

// Notes of the form.
const (
	formForeign = "This form isn't for your assessment. Start your own with /roles assess modal."
	formExpired = "The form took too long to open, so here is the question instead."
)

// errFormStale refuses the close of a view that is no longer the form's
// top view.
var errFormStale = errors.New("the closed view is not the form's view on top")

// formStep is one view of the form: the question it shows and its token.
type formStep struct{ Question, Token string }

// formRef is the private metadata of a view of the form: the assessment
// and the questions of the modal from its root to this view.
type formRef struct {
	User, Channel, Thread string
	Stack                 []formStep
}

func formRefOf(k session.Key, stack []formStep) formRef {
	return formRef{User: k.User, Channel: k.Channel, Thread: k.Thread, Stack: stack}
}

func (r formRef) key(team string) session.Key {
	return session.Key{Team: team, User: r.User, Channel: r.Channel, Thread: r.Thread}
}

// top is the step of the view the metadata belongs to.
func (r formRef) top() formStep { return r.Stack[len(r.Stack)-1] }

// value encodes r: "f1|user|channel|thread|q1:t1,q2:t2". Slack ids, ts
// values, question ids and tokens never contain '|', ',' or ':'.
func (r formRef) value() string {
	steps := make([]string, len(r.Stack))
	for i, s := range r.Stack {
		steps[i] = s.Question + ":" + s.Token
	}
	return strings.Join([]string{"f1", r.User, r.Channel, r.Thread, strings.Join(steps, ",")}, "|")
}

// parseFormRef reverses value. The metadata is Rolecall's, but it comes
// back in a payload: anything else than what value makes is refused.
func parseFormRef(v string) (formRef, bool) {
	p := strings.Split(v, "|")
	if len(p) != 5 || p[0] != "f1" || !slackID(p[1]) || !slackID(p[2]) || !session.ValidThread(p[3]) {
		return formRef{}, false
	}
	r := formRef{User: p[1], Channel: p[2], Thread: p[3]}
	for _, s := range strings.Split(p[4], ",") {
		q, tok, ok := strings.Cut(s, ":")
		if !ok || !formWord(q, 64, '_', '-') || !formWord(tok, 16) || len(r.Stack) == maxFormDepth {
			return formRef{}, false
		}
		r.Stack = append(r.Stack, formStep{Question: q, Token: tok})
	}
	return r, true
}

// formWord accepts 1 to n lower-case letters and digits, and the extra
// bytes given.
func formWord(s string, n int, extra ...byte) bool {
	if s == "" || len(s) > n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || slices.Contains(extra, c)) {
			return false
		}
	}
	return true
}

// newToken names a view of the form.
func newToken() string { return strconv.FormatUint(rand.Uint64(), 36) }

// markTop records tok as the token of the form's view on top, in the same
// update as a step.
func markTop(tok string) dialog.Option {
	return dialog.WithMutate(func(a *session.Assessment) { setMessage(a, msgFormTop, tok) })
}

// formModal renders the view of a question.
func (rt *Router) formModal(r assessment.Reply, ref formRef, lead string) Modal {
	return formView{reply: r, ref: ref, lead: lead, title: rt.dlg.Questionnaire().Title, current: rt.currentLabel(r)}.modal()
}

// openForm opens the assessment as a form: the person's assessment in
// progress, wherever it runs, at its current question; else a new one in
// their DM (origin is the channel to share its result in). Where no form
// can open (no trigger, or one Slack no longer takes), the question goes to
// the assessment's conversation instead, and asked names it.
func (rt *Router) openForm(ctx context.Context, req *Request, out Responder, origin string) (asked string, err error) {
	mo, canOpen := out.(ModalOpener)
	top := newToken()
	step, err := rt.dlg.Active(ctx, req.Team, req.User)
	resumed := err == nil
	switch {
	case resumed:
	case errors.Is(err, session.ErrNotFound):
		dm, err := out.OpenDM(ctx, req.User)
		if err != nil {
			return "", err
		}
		k := session.Key{Team: req.Team, User: req.User, Channel: dm}
		step, err = rt.dlg.Start(ctx, k, false, dialog.WithMutate(func(a *session.Assessment) {
			setMessage(a, msgFormTop, top)
			if origin != "" {
				setMessage(a, msgOrigin, origin)
			}
		}))
		if err != nil {
			return "", rt.assessFailed(ctx, out, req, k, err)
		}
		rt.countStep(step)
	default:
		rt.m.StoreErrors.WithLabelValues("assessment").Inc()
		rt.lg.WarnContext(ctx, "assessment form not opened", "err", err)
		return "", rt.dmNote(ctx, out, req.User, userMessage(err))
	}
	if step.Reply.Question == nil {
		return "", nil
	}
	if canOpen && req.TriggerID != "" {
		m := rt.formModal(step.Reply, formRefOf(step.Key, []formStep{{step.Reply.Question.ID, top}}), leadOf(step.Reply.Message))
		err := mo.OpenModal(ctx, req.TriggerID, m)
		if err == nil {
			if resumed {
				if _, err := rt.dlg.Annotate(ctx, step.Key, func(a *session.Assessment) { setMessage(a, msgFormTop, top) }); err != nil {
					rt.m.StoreErrors.WithLabelValues("annotate").Inc()
					rt.lg.WarnContext(ctx, "form's view not recorded", "err", err)
				}
			}
			return "", nil
		}
		if !triggerGone(err) {
			return "", fmt.Errorf("open the assessment form: %w", err)
		}
		rt.lg.WarnContext(ctx, "assessment form not opened: its trigger is gone; asking in the conversation", "err", err)
	}
	step.Reply.Message = formExpired
	return whereName(step.Key), rt.askAgain(ctx, out, step)
}

// submitAssessForm applies the answer given in the form's view on top and
// shows what follows: the next question, pushed (with the views under it
// brought in line with the person's path), or the end.
func (rt *Router) submitAssessForm(ctx context.Context, req *Request, out Responder) (ViewReply, error) {
	if rt.dlg == nil {
		return ViewReply{Action: ViewUpdate, Modal: noteModal(assessFormTitle, Escape(assessUnavailable))}, nil
	}
	ref, ok := parseFormRef(req.View.Metadata)
	if !ok || ref.User != req.User {
		return ViewReply{Action: ViewUpdate, Modal: noteModal(assessFormTitle, Escape(formForeign))}, nil
	}
	k, cur := ref.key(req.Team), ref.top()
	choice := req.Values[formChoiceBlock+"/"+formChoiceAction]
	note := strings.TrimSpace(req.Values[formNoteBlock+"/"+formNoteAction])
	var in assessment.Input
	switch {
	case choice != "":
		in = assessment.Choose(cur.Question, choice)
		in.Text = note
	case note != "":
		in = assessment.Text(cur.Question, note)
	default:
		in = assessment.Skip(cur.Question)
	}
	top := newToken()
	step, err := rt.dlg.Apply(ctx, k, in, markTop(top))
	// The answer is to the question the person sees: a step that won the
	// race (their own Back, a moment before) does not make it stale.
	for try := 0; errors.Is(err, session.ErrStale) && try < 3; try++ {
		step, err = rt.dlg.Apply(ctx, k, in, markTop(top))
	}
	if err != nil {
		return rt.formFailed(ctx, cur, err)
	}
	rt.countStep(step)
	if r := step.Reply.Result; r != nil {
		done := ViewReply{Action: ViewUpdate, Modal: formDone(r, whereName(k))}
		if step.Completed {
			done.after = func(ctx context.Context) {
				if err := rt.askNext(ctx, out, step, ""); err != nil {
					rt.lg.WarnContext(ctx, "assessment result not posted", "err", err)
				}
			}
		}
		return done, nil
	}
	if step.Reply.Question == nil {
		return ViewReply{Action: ViewUpdate, Modal: noteModal(assessFormTitle, Escape(cancelledText))}, nil
	}
	return rt.formNext(ctx, req, out, ref, step, top), nil
}

// formFailed answers a submission the dialog refused: a refusal of what
// was entered shows under the input; anything else (the assessment moved
// on elsewhere, ended, or the store is down) replaces the form with why.
func (rt *Router) formFailed(ctx context.Context, cur formStep, err error) (ViewReply, error) {
	var ie *assessment.InputError
	if errors.As(err, &ie) && ie.Question == cur.Question {
		switch ie.Code {
		case assessment.CodeEmptyText, assessment.CodeNotSkippable, assessment.CodeTextNotAllowed, assessment.CodeUnknownChoice:
			return ViewReply{Action: ViewErrors, Errors: map[string]string{formChoiceBlock: ie.Message}}, nil
		}
	}
	switch {
	case errors.As(err, &ie), errors.Is(err, session.ErrStale), errors.Is(err, session.ErrNotFound):
	case errors.Is(err, session.ErrUnavailable):
		rt.m.StoreErrors.WithLabelValues("assessment").Inc()
		rt.lg.WarnContext(ctx, "assessment step not saved", "err", err)
	default:
		return ViewReply{}, err
	}
	return ViewReply{Action: ViewUpdate, Modal: noteModal(assessFormTitle, Escape(userMessage(err)))}, nil
}

// formChain lists the questions of the path that end at the current one,
// at most n, first first.
func (rt *Router) formChain(st assessment.State, n int) []string {
	q := rt.dlg.Questionnaire()
	chain := []string{st.Step}
	for len(chain) < n {
		prev, r, err := q.Next(st, assessment.Back())
		if err != nil || r.Question == nil {
			break
		}
		chain = append(chain, r.Question.ID)
		st = prev
	}
	slices.Reverse(chain)
	return chain
}

// replyAt is what a view showing question id says in state st.
func (rt *Router) replyAt(st assessment.State, id string) (assessment.Reply, bool) {
	st.Step = id
	_, r, err := rt.dlg.Questionnaire().Next(st, assessment.Resume())
	return r, err == nil && r.Question != nil && r.Question.ID == id
}

// formNext shows the step's question on top of the form: pushed onto the
// submitted view while the modal has room and the submitted question comes
// right before it, else in the submitted view's place. The views under the
// submitted one are brought in line with the path first, before the ack:
// the person cannot act on the form again until the ack arrives, so no
// later step can overtake these updates, on this instance or another. A
// path shorter than the modal (the assessment went back elsewhere) opens
// the form afresh at the question.
func (rt *Router) formNext(ctx context.Context, req *Request, out Responder, ref formRef, step *dialog.Step, top string) ViewReply {
	d := len(ref.Stack)
	chain := rt.formChain(step.State, maxFormDepth)
	var action ViewAction
	var depth int
	switch {
	case d < maxFormDepth && len(chain) > d && chain[len(chain)-2] == ref.top().Question:
		action, depth = ViewPush, d+1
	case len(chain) >= d:
		action, depth = ViewUpdate, d
	default:
		return rt.formAfresh(req, out, step, top)
	}
	target := chain[len(chain)-depth:]
	k := step.Key
	// The stack keeps the views that stay as they are: the submitted one
	// under a push; the question goes on top (in the submitted view's
	// place for an update).
	stack := make([]formStep, depth)
	copy(stack, ref.Stack)
	stack[depth-1] = formStep{target[depth-1], top}
	// The views under the submitted one, root first: d-1 of them.
	ids := []string{req.View.RootID, req.View.PreviousID}[:max(d-1, 0)]
	mu, canUpdate := out.(ModalUpdater)
	uctx, cancel := context.WithTimeout(ctx, formSyncBudget)
	defer cancel()
	for i, id := range ids {
		if stack[i].Question == target[i] {
			continue
		}
		reply, ok := rt.replyAt(step.State, target[i])
		if !ok || !canUpdate || id == "" {
			continue
		}
		fresh := formStep{target[i], newToken()}
		prefix := append(slices.Clone(stack[:i]), fresh)
		if err := mu.UpdateModal(uctx, id, "", rt.formModal(reply, formRefOf(k, prefix), "")); err != nil {
			// The view keeps its old question; a Back onto it brings it
			// in line then (closedAssessForm).
			rt.lg.WarnContext(ctx, "form's view under the top not updated", "depth", i+1, "err", err)
			continue
		}
		stack[i] = fresh
	}
	return ViewReply{Action: action, Modal: rt.formModal(step.Reply, formRefOf(k, stack), leadOf(step.Reply.Message))}
}

// formAfresh closes the form and opens it again with the step's question
// as its only view, on the submission's trigger; if that fails, the
// question goes to the assessment's conversation.
func (rt *Router) formAfresh(req *Request, out Responder, step *dialog.Step, top string) ViewReply {
	trigger := req.TriggerID
	return ViewReply{Action: ViewClear, after: func(ctx context.Context) {
		m := rt.formModal(step.Reply, formRefOf(step.Key, []formStep{{step.Reply.Question.ID, top}}), leadOf(step.Reply.Message))
		if mo, ok := out.(ModalOpener); ok && trigger != "" {
			if err := mo.OpenModal(ctx, trigger, m); err == nil {
				return
			}
		}
		step.Reply.Message = formExpired
		if err := rt.askAgain(ctx, out, step); err != nil {
			rt.lg.WarnContext(ctx, "question not posted", "err", err)
		}
	}}
}

// closedAssessForm steps the assessment back when the person closes a
// pushed view of the form ("◀ Back"): to the question of the view under
// it, which Slack now shows. The close of the root, or of the whole modal,
// changes nothing: the assessment waits where it is.
func (rt *Router) closedAssessForm(ctx context.Context, req *Request, out Responder) error {
	ref, ok := parseFormRef(req.View.Metadata)
	if rt.dlg == nil || req.View.Cleared || !ok || ref.User != req.User || len(ref.Stack) < 2 {
		return nil
	}
	k := ref.key(req.Team)
	closed, below := ref.top(), ref.Stack[len(ref.Stack)-2]
	in := assessment.Back()
	in.Question = closed.Question
	step, err := rt.dlg.Apply(ctx, k, in,
		dialog.WithCheck(func(a *session.Assessment) error {
			if a.Messages[msgFormTop] != closed.Token {
				return errFormStale
			}
			return nil
		}),
		markTop(below.Token))
	var ie *assessment.InputError
	switch {
	case err == nil:
	case errors.Is(err, errFormStale), errors.As(err, &ie), errors.Is(err, session.ErrNotFound), errors.Is(err, session.ErrStale):
		rt.lg.DebugContext(ctx, "form's Back ignored: the view is not on top or the assessment moved on", "err", err)
		return nil
	case errors.Is(err, session.ErrUnavailable):
		rt.m.StoreErrors.WithLabelValues("assessment").Inc()
		rt.lg.WarnContext(ctx, "form's Back not saved", "err", err)
		return nil
	default:
		return err
	}
	// The view now on top shows the question Back went to, unless the path
	// changed meanwhile: then it is brought in line.
	if q := step.Reply.Question; q != nil && q.ID != below.Question {
		stack := slices.Clone(ref.Stack[:len(ref.Stack)-1])
		stack[len(stack)-1].Question = q.ID
		if mu, ok := out.(ModalUpdater); ok {
			if err := mu.UpdateModal(ctx, req.View.PreviousID, "", rt.formModal(step.Reply, formRefOf(k, stack), "")); err != nil {
				rt.lg.WarnContext(ctx, "form's view not brought in line after Back", "err", err)
			}
		}
	}
	return nil
}

// formAction handles the App Home's button that opens the form and the
// buttons in the form.
func (rt *Router) formAction(ctx context.Context, req *Request, out Responder) error {
	switch req.ActionID {
	case actionAssessForm:
		_, err := rt.openForm(ctx, req, out, "")
		return err
	case actionAssessFormBack:
		return rt.formBack(ctx, req, out)
	case actionAssessFormDM:
		return rt.formToDM(ctx, req, out)
	}
	rt.lg.DebugContext(ctx, "unknown form action ignored", "action_id", req.ActionID)
	return nil
}

// formBack is the Back button of the form's root view, which has no view
// under it: the root shows the previous question instead.
func (rt *Router) formBack(ctx context.Context, req *Request, out Responder) error {
	ref, ok := parseFormRef(req.View.Metadata)
	mu, canUpdate := out.(ModalUpdater)
	if !ok || ref.User != req.User || len(ref.Stack) != 1 || !canUpdate {
		return nil
	}
	k, cur, top := ref.key(req.Team), ref.top(), newToken()
	in := assessment.Back()
	in.Question = cur.Question
	step, err := rt.dlg.Apply(ctx, k, in,
		dialog.WithCheck(func(a *session.Assessment) error {
			if a.Messages[msgFormTop] != cur.Token {
				return errFormStale
			}
			return nil
		}),
		markTop(top))
	if err != nil {
		// Show where the assessment is instead.
		rt.lg.DebugContext(ctx, "form's Back refused; showing the current question", "err", err)
		if step, err = rt.dlg.Load(ctx, k); err != nil || step.Reply.Question == nil {
			return nil
		}
		if _, err := rt.dlg.Annotate(ctx, k, func(a *session.Assessment) { setMessage(a, msgFormTop, top) }); err != nil {
			return nil
		}
	}
	if step.Reply.Question == nil {
		return nil
	}
	m := rt.formModal(step.Reply, formRefOf(k, []formStep{{step.Reply.Question.ID, top}}), "")
	if err := mu.UpdateModal(ctx, req.View.ID, req.View.Hash, m); err != nil {
		rt.lg.DebugContext(ctx, "form's root view not updated after Back", "err", err)
	}
	return nil
}

// formToDM continues the assessment in its conversation: the form says
// where, and the current question is asked there.
func (rt *Router) formToDM(ctx context.Context, req *Request, out Responder) error {
	ref, ok := parseFormRef(req.View.Metadata)
	if !ok || ref.User != req.User {
		return nil
	}
	k := ref.key(req.Team)
	step, err := rt.dlg.Load(ctx, k)
	if err != nil {
		return rt.assessFailed(ctx, out, req, k, err)
	}
	if mu, ok := out.(ModalUpdater); ok {
		note := fmt.Sprintf("Carry on in %s (Apps → Rolecall): the question is there. Your answers so far are kept.", whereName(k))
		if err := mu.UpdateModal(ctx, req.View.ID, req.View.Hash, noteModal(assessFormTitle, note)); err != nil {
			rt.lg.DebugContext(ctx, "form not updated", "err", err)
		}
	}
	// No view of the form is on top any more: a late close changes nothing.
	if _, err := rt.dlg.Annotate(ctx, k, func(a *session.Assessment) { delete(a.Messages, msgFormTop) }); err != nil {
		rt.lg.DebugContext(ctx, "form's view not forgotten", "err", err)
	}
	if step.Reply.Question == nil {
		return nil
	}
	step.Reply.Message = fmt.Sprintf("Picking up at question %s.", step.Reply.Position())
	return rt.askAgain(ctx, out, step)
}
