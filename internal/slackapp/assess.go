package slackapp

// The hiring assessment as a Slack dialog: one message per question with a
// button per choice, answered by a click (or a typed reply), saved in the
// session store after every step through package dialog.
//
// Every assessment button carries its context in its value (assessRef: the
// owner, the conversation, the question and the choice), so any bot
// instance, after any restart, can apply a click. The value is not trusted
// to say where the bot writes: a click acts on the clicker's assessment in
// the conversation where it happened (clickKey), and one whose value names
// another conversation, or whose message is not one the assessment recorded,
// is refused and changes nothing (errForeignClick).

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/assessment/dialog"
	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/session"
)

// Assessment action ids; the actions table routes the "rolecall.assess"
// family to actionAssess. choose takes the choice's index as a suffix
// ("rolecall.assess.choose.2") so action ids stay unique in a message.
const (
	actionAssess        = "rolecall.assess"
	actionAssessChoose  = "rolecall.assess.choose"
	actionAssessBack    = "rolecall.assess.back"
	actionAssessSkip    = "rolecall.assess.skip"
	actionAssessCancel  = "rolecall.assess.cancel"
	actionAssessRestart = "rolecall.assess.restart"
	actionAssessResume  = "rolecall.assess.resume"
	actionAssessShare   = "rolecall.assess.share"
	actionAssessStart   = "rolecall.assess.start"
)

// Reserved keys of session.Assessment.Messages, beside question ids (which
// never start with "_").
const (
	// msgAsked is the id of the question whose message has live buttons.
	msgAsked = "_asked"
	// msgOrigin is the channel /roles assess was typed in: where "Share to
	// channel" posts an assessment taken in the DM.
	msgOrigin = "_origin"
	// msgOffer is the channel and ts ("C123 1700000000.000100") of the last
	// message that offered to resume the assessment: the one message a
	// Resume click may update.
	msgOffer = "_offer"
)

// restartAbandons marks a Start over button whose click abandons an
// assessment in progress (the offer to resume), for the metrics.
const restartAbandons = "abandon"

const assessUnavailable = "The hiring assessment isn't available here: it needs the session store."

// errForeignClick refuses an assessment button whose value names another
// conversation than the one it was clicked in, or that is on a message the
// assessment did not record (a forged payload, or a button left over from an
// earlier run).
var errForeignClick = errors.New("assessment button not from the clicker's assessment in this conversation")

// assessRef is the value of an assessment button.
type assessRef struct {
	User, Channel, Thread string
	Question, Choice      string
}

// value encodes r; parseAssessRef reverses it. Slack ids, ts values and
// questionnaire ids never contain '|'.
func (r assessRef) value() string {
	return strings.Join([]string{"a1", r.User, r.Channel, r.Thread, r.Question, r.Choice}, "|")
}

func parseAssessRef(v string) (assessRef, bool) {
	p := strings.Split(v, "|")
	if len(p) != 6 || p[0] != "a1" || !slackID(p[1]) || !slackID(p[2]) || !session.ValidThread(p[3]) {
		return assessRef{}, false
	}
	return assessRef{User: p[1], Channel: p[2], Thread: p[3], Question: p[4], Choice: p[5]}, true
}

func refOf(k session.Key) assessRef {
	return assessRef{User: k.User, Channel: k.Channel, Thread: k.Thread}
}

func (r assessRef) key(team string) session.Key {
	return session.Key{Team: team, User: r.User, Channel: r.Channel, Thread: r.Thread}
}

// names reports whether the button's value names the conversation of k.
func (r assessRef) names(k session.Key) bool {
	return r.Channel == k.Channel && r.Thread == k.Thread
}

// clickKey is the key of the clicker's assessment where the click happened:
// the DM, or the thread the clicked message is in; the person's DM for a
// click on the App Home, which has no conversation.
func (rt *Router) clickKey(ctx context.Context, req *Request, out Responder) (session.Key, error) {
	k := session.Key{Team: req.Team, User: req.User, Channel: req.Channel}
	switch {
	case req.Channel == "":
		dm, err := out.OpenDM(ctx, req.User)
		if err != nil {
			return session.Key{}, err
		}
		k.Channel = dm
	case !req.DM:
		k.Thread = req.ThreadTS
	}
	return k, nil
}

// recorded reports whether ts is the message of one of the assessment's
// questions.
func recorded(msgs map[string]string, ts string) bool {
	if ts == "" {
		return false
	}
	for id, v := range msgs {
		if v == ts && !strings.HasPrefix(id, "_") {
			return true
		}
	}
	return false
}

// errUnrecorded is fromRecordedMessage's answer to a click on the live
// question before its message is recorded: the click overtook the
// recording (which follows the post by a round trip), or the recording
// failed.
var errUnrecorded = errors.New("the live question's message is not recorded yet")

// fromRecordedMessage checks a click on a question's button before it is
// applied: the clicked message (ts) must be the one the assessment recorded
// for that question (any question's, for Cancel). A click on the live
// question whose message is not recorded yet is errUnrecorded, or, when
// lenient, applies (and no message is updated: applyAssess updates
// recorded messages only).
func fromRecordedMessage(in assessment.Input, ts string, lenient bool) dialog.Option {
	return dialog.WithCheck(func(a *session.Assessment) error {
		cancel := in.Kind == assessment.KindCancel
		switch {
		case ts == "":
		case cancel && recorded(a.Messages, ts), !cancel && a.Messages[in.Question] == ts:
			return nil
		case a.Status == session.StatusActive && a.Messages[msgAsked] != a.Step && (cancel || in.Question == a.Step):
			if lenient {
				return nil
			}
			return errUnrecorded
		}
		return errForeignClick
	})
}

// applyClick applies a click's input, waiting up to about 300 ms for the
// message of the live question to be recorded if the click overtook it,
// so that the clicked message can be checked (and updated).
func (rt *Router) applyClick(ctx context.Context, k session.Key, in assessment.Input, ts string) (*dialog.Step, error) {
	step, err := rt.dlg.Apply(ctx, k, in, fromRecordedMessage(in, ts, false))
	for wait := 10 * time.Millisecond; errors.Is(err, errUnrecorded); wait *= 2 {
		if wait > 160*time.Millisecond {
			rt.lg.DebugContext(ctx, "click applied without its message: the live question's message is not recorded", "question", in.Question)
			return rt.dlg.Apply(ctx, k, in, fromRecordedMessage(in, ts, true))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		step, err = rt.dlg.Apply(ctx, k, in, fromRecordedMessage(in, ts, false))
	}
	return step, err
}

// slackID accepts a Slack user or conversation id (and the console's
// made-up ones): upper-case letters, digits and underscores.
func slackID(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// initAssess sets up the dialog: Config.Assessments, or one built over a
// Store that can keep assessments (the *session.Store) with the built-in
// questionnaire bound to the engine's knowledge base.
func (rt *Router) initAssess(cfg Config) error {
	if cfg.Assessments != nil {
		rt.dlg = cfg.Assessments
		return nil
	}
	ds, ok := cfg.Store.(dialog.Store)
	if !ok {
		return nil
	}
	q, err := assessment.Builtin()
	if err != nil {
		return fmt.Errorf("slackapp: load the questionnaire: %w", err)
	}
	if bound, err := q.WithKnowledge(cfg.Engine.Base().Entry); err == nil {
		q = bound
	} else {
		rt.lg.Debug("assessment results will not describe the roles", "err", err)
	}
	rt.dlg, err = dialog.New(dialog.Config{Store: ds, Questionnaire: q, Logger: rt.lg})
	return err
}

// assessKey is the key of an assessment run where req came from: the DM, or
// the thread of a channel message (a top-level mention starts one).
func assessKey(req *Request) session.Key {
	k := session.Key{Team: req.Team, User: req.User, Channel: req.Channel}
	if !req.DM {
		k.Thread = req.ThreadTS
		if k.Thread == "" {
			k.Thread = req.TS
		}
	}
	return k
}

// at addresses a message to an assessment's conversation.
func at(k session.Key, c Content) Reply {
	return Reply{Channel: k.Channel, Thread: k.Thread, User: k.User, Content: c}
}

// noteTo addresses a private note about key to the person who acted: where
// they acted, or in the assessment's conversation (a click on the App Home).
func noteTo(req *Request, k session.Key, text string) Reply {
	return privately(req, k, noteContent(text))
}

func privately(req *Request, k session.Key, c Content) Reply {
	r := Reply{Channel: req.Channel, Thread: req.ThreadTS, User: req.User, Ephemeral: true, Content: c}
	if r.Channel == "" {
		r.Channel, r.Thread = k.Channel, k.Thread
	}
	if r.Thread == "" && r.Channel == k.Channel {
		r.Thread = k.Thread
	}
	return r
}

// assessFailed tells the person, privately, why a step did not happen. The
// dialog's refusals (*assessment.InputError), lost races and an unreachable
// store become a note through userMessage; anything else is returned for
// Handle to apologise for and log.
func (rt *Router) assessFailed(ctx context.Context, out Responder, req *Request, k session.Key, err error) error {
	var ie *assessment.InputError
	switch {
	case errors.As(err, &ie), errors.Is(err, session.ErrStale), errors.Is(err, session.ErrNotFound), errors.Is(err, errForeignClick):
	case errors.Is(err, session.ErrUnavailable):
		rt.m.StoreErrors.WithLabelValues("assessment").Inc()
		rt.lg.WarnContext(ctx, "assessment step not saved", "err", err)
	default:
		return err
	}
	return rt.post(ctx, out, noteTo(req, k, userMessage(err)))
}

// startAssessment starts an assessment at k, or, when the person has one in
// progress anywhere, offers to resume it or start over. origin is the
// channel to share the result in, if any.
func (rt *Router) startAssessment(ctx context.Context, out Responder, req *Request, k session.Key, origin string) (offered bool, err error) {
	act, err := rt.dlg.Active(ctx, k.Team, k.User)
	switch {
	case err == nil:
		return true, rt.offer(ctx, out, k, act)
	case !errors.Is(err, session.ErrNotFound):
		return false, rt.assessFailed(ctx, out, req, k, err)
	}
	var opts []dialog.Option
	if origin != "" {
		opts = append(opts, dialog.WithMutate(func(a *session.Assessment) { setMessage(a, msgOrigin, origin) }))
	}
	step, err := rt.dlg.Start(ctx, k, false, opts...)
	if err != nil {
		return false, rt.assessFailed(ctx, out, req, k, err)
	}
	rt.countStep(step)
	return false, rt.askNext(ctx, out, step, "")
}

// offer asks at k whether to resume the assessment in progress (act) or
// start over, and records the offer's message in act: Resume updates it.
func (rt *Router) offer(ctx context.Context, out Responder, k session.Key, act *dialog.Step) error {
	ts, err := out.Post(ctx, at(k, offerContent{here: k, active: act.Key, position: act.Reply.Position(), step: act.State.Step}))
	if err != nil || ts == "" {
		return err
	}
	if _, err := rt.dlg.Annotate(ctx, act.Key, func(a *session.Assessment) { setMessage(a, msgOffer, k.Channel+" "+ts) }); err != nil {
		// Resume still works; it leaves the offer's buttons in place.
		rt.m.StoreErrors.WithLabelValues("annotate").Inc()
		rt.lg.WarnContext(ctx, "offer message not recorded", "err", err)
	}
	return nil
}

func setMessage(a *session.Assessment, k, v string) {
	if a.Messages == nil {
		a.Messages = map[string]string{}
	}
	a.Messages[k] = v
}

func (rt *Router) countStep(step *dialog.Step) {
	if step.Started {
		rt.m.AssessmentsStarted.Inc()
	}
	if step.Completed {
		rt.m.AssessmentsCompleted.Inc()
	}
	if step.Cancelled {
		rt.m.AssessmentsAbandoned.Inc()
	}
}

// askNext posts what a step leads to in the assessment's conversation: the
// current question (recording its message for later updates) or the result.
// prev is the question the step was about: when the step left the dialog on
// the question whose message is already live (an earlier answer edited),
// nothing is posted again.
func (rt *Router) askNext(ctx context.Context, out Responder, step *dialog.Step, prev string) error {
	k, r := step.Key, step.Reply
	msgs := step.Assessment.Messages
	if r.Result != nil {
		if err := rt.post(ctx, out, at(k, rt.resultContent(k, step))); err != nil {
			return err
		}
		rt.refreshHome(ctx, out, k.User, r.Result)
		return nil
	}
	if r.Question == nil {
		return nil
	}
	q := r.Question
	if prev != "" && prev != q.ID && msgs[msgAsked] == q.ID && msgs[q.ID] != "" {
		// The question is live above: say what changed, privately.
		if lead := leadOf(r.Message); lead != "" {
			return rt.post(ctx, out, Reply{Channel: k.Channel, Thread: k.Thread, User: k.User, Ephemeral: true, Content: noteContent(lead)})
		}
		return nil
	}
	c := questionContent{reply: r, ref: refOf(k), lead: leadOf(r.Message), title: rt.dlg.Questionnaire().Title,
		dm: k.Thread == "", current: rt.currentLabel(r)}
	ts, err := out.Post(ctx, at(k, c))
	if err != nil {
		return err
	}
	if ts == "" {
		return nil
	}
	if _, err := rt.dlg.Annotate(ctx, k, func(a *session.Assessment) {
		setMessage(a, q.ID, ts)
		setMessage(a, msgAsked, q.ID)
	}); err != nil {
		// The question is out; only a typed answer loses the update of
		// its buttons.
		rt.m.StoreErrors.WithLabelValues("annotate").Inc()
		rt.lg.WarnContext(ctx, "question message not recorded", "question", q.ID, "err", err)
	}
	return nil
}

// leadOf is the engine's acknowledgement worth showing above a question;
// the plain "Got it." is said by the answered message already.
func leadOf(msg string) string {
	switch msg {
	case "Got it.", "Skipped.", "Changed.":
		return ""
	}
	return msg
}

func (rt *Router) currentLabel(r assessment.Reply) string {
	if r.Current == nil {
		return ""
	}
	return rt.dlg.Questionnaire().AnswerLabel(*r.Current)
}

// applyAssess applies one input to the assessment at k and shows the
// outcome: the message of the question it was about (the clicked one for a
// click, the recorded one for a typed answer) loses its buttons and says
// what happened, then the next question or the result is posted. Only a
// message the assessment recorded is ever updated, and a click must come
// from one (fromRecordedMessage). Nothing is posted or updated when the step
// was not saved: a repeat (double click) or a failure, which is explained
// privately instead.
func (rt *Router) applyAssess(ctx context.Context, out Responder, req *Request, k session.Key, in assessment.Input, click bool) error {
	var step *dialog.Step
	var err error
	if click {
		step, err = rt.applyClick(ctx, k, in, req.TS)
	} else {
		step, err = rt.dlg.Apply(ctx, k, in)
	}
	if err != nil {
		return rt.assessFailed(ctx, out, req, k, err)
	}
	if step.AlreadyApplied || !step.Saved {
		return nil
	}
	rt.countStep(step)
	msgs := step.Assessment.Messages
	about := in.Question
	if about == "" {
		about = msgs[msgAsked]
	}
	ts := msgs[about]
	if click {
		ts = ""
		if recorded(msgs, req.TS) {
			ts = req.TS
		}
	}
	if c := rt.doneContent(step, in, about); c != nil && ts != "" {
		if err := out.Update(ctx, k.Channel, ts, c); err != nil {
			rt.lg.WarnContext(ctx, "question message not updated", "question", about, "err", err)
		}
	} else if c != nil && in.Kind == assessment.KindCancel {
		return rt.post(ctx, out, at(k, c))
	}
	if step.Cancelled || step.State.Status == assessment.StatusCancelled {
		return nil
	}
	return rt.askNext(ctx, out, step, about)
}

// doneContent is what the message of question about says once in was
// applied; nil leaves it alone.
func (rt *Router) doneContent(step *dialog.Step, in assessment.Input, about string) Content {
	q := rt.dlg.Questionnaire()
	if in.Kind == assessment.KindCancel {
		return cancelledContent{ref: refOf(step.Key)}
	}
	qq, ok := q.Question(about)
	if !ok {
		return nil
	}
	d := doneContent{prompt: qq.Prompt}
	switch in.Kind {
	case assessment.KindBack:
		d.back = true
	case assessment.KindChoose, assessment.KindText, assessment.KindSkip:
		a := findAnswer(step.State.Answers, about)
		if a == nil {
			return nil
		}
		d.label = q.AnswerLabel(*a)
	default:
		return nil
	}
	return d
}

func findAnswer(as []assessment.Answer, q string) *assessment.Answer {
	for i := range as {
		if as[i].Question == q {
			return &as[i]
		}
	}
	return nil
}

// actionAssess handles every assessment button.
func (rt *Router) actionAssess(ctx context.Context, req *Request, out Responder) error {
	if rt.dlg == nil {
		r := actionReply(req, noteContent(assessUnavailable))
		r.Ephemeral = true
		return rt.post(ctx, out, r)
	}
	if req.ActionID == actionAssessStart {
		return rt.startFromClick(ctx, req, out)
	}
	if req.ActionID == actionAssessForm || strings.HasPrefix(req.ActionID, actionAssessForm+".") {
		return rt.formAction(ctx, req, out)
	}
	ref, ok := parseAssessRef(req.Value)
	if !ok {
		rt.lg.DebugContext(ctx, "assessment button with a bad value ignored", "action_id", req.ActionID)
		return nil
	}
	k, err := rt.clickKey(ctx, req, out)
	if err != nil {
		return err
	}
	if ref.User != req.User {
		return rt.post(ctx, out, privately(req, k, markupNote(fmt.Sprintf("This assessment belongs to <@%s>; start your own with /roles assess.", ref.User))))
	}
	if req.ActionID == actionAssessResume {
		// Resume names the assessment in progress, which may be elsewhere.
		return rt.resumeAssessment(ctx, out, req, k, ref)
	}
	if !ref.names(k) {
		rt.lg.DebugContext(ctx, "assessment button naming another conversation refused", "action_id", req.ActionID)
		return rt.assessFailed(ctx, out, req, k, errForeignClick)
	}
	var in assessment.Input
	switch id := req.ActionID; {
	case strings.HasPrefix(id, actionAssessChoose+"."):
		in = assessment.Choose(ref.Question, ref.Choice)
	case id == actionAssessBack:
		in = assessment.Back()
		in.Question = ref.Question
	case id == actionAssessSkip:
		in = assessment.Skip(ref.Question)
	case id == actionAssessCancel:
		in = assessment.Cancel()
	case id == actionAssessRestart:
		return rt.restartAssessment(ctx, out, req, k, ref.Choice == restartAbandons)
	case id == actionAssessShare:
		return rt.shareAssessment(ctx, out, req, k)
	default:
		rt.lg.DebugContext(ctx, "unknown assessment action ignored", "action_id", id)
		return nil
	}
	return rt.applyAssess(ctx, out, req, k, in, true)
}

// startFromClick starts (or offers to resume) an assessment from the App
// Home button: in the person's DM, or where the button was.
func (rt *Router) startFromClick(ctx context.Context, req *Request, out Responder) error {
	if req.Channel != "" && !req.Ephemeral {
		_, err := rt.startAssessment(ctx, out, req, assessKey(req), "")
		return err
	}
	dm, err := out.OpenDM(ctx, req.User)
	if err != nil {
		return err
	}
	k := session.Key{Team: req.Team, User: req.User, Channel: dm}
	_, err = rt.startAssessment(ctx, out, req, k, "")
	return err
}

// restartAssessment throws the answers at k away and asks the first
// question again; abandons counts an assessment left unfinished.
func (rt *Router) restartAssessment(ctx context.Context, out Responder, req *Request, k session.Key, abandons bool) error {
	var origin string
	old, err := rt.dlg.Load(ctx, k)
	switch {
	case err == nil:
		origin = old.Assessment.Messages[msgOrigin]
		abandons = abandons || old.State.Status == assessment.StatusActive
	case !errors.Is(err, session.ErrNotFound):
		return rt.assessFailed(ctx, out, req, k, err)
	}
	var opts []dialog.Option
	if origin != "" {
		opts = append(opts, dialog.WithMutate(func(a *session.Assessment) { setMessage(a, msgOrigin, origin) }))
	}
	step, err := rt.dlg.Start(ctx, k, true, opts...)
	if err != nil {
		return rt.assessFailed(ctx, out, req, k, err)
	}
	if abandons {
		rt.m.AssessmentsAbandoned.Inc()
	}
	rt.countStep(step)
	return rt.askNext(ctx, out, step, "")
}

// resumeAssessment asks the current question of the clicker's assessment in
// progress again, in its conversation. The button (ref) must name that
// assessment; here is where the click happened, for notes.
func (rt *Router) resumeAssessment(ctx context.Context, out Responder, req *Request, here session.Key, ref assessRef) error {
	step, err := rt.dlg.Active(ctx, req.Team, req.User)
	switch {
	case errors.Is(err, session.ErrNotFound):
		return rt.post(ctx, out, noteTo(req, here, "That assessment is no longer in progress. Start a new one with /roles assess."))
	case err != nil:
		return rt.assessFailed(ctx, out, req, here, err)
	case !ref.names(step.Key):
		return rt.assessFailed(ctx, out, req, here, errForeignClick)
	case step.Reply.Question == nil:
		return rt.post(ctx, out, noteTo(req, here, "That assessment is no longer in progress. Start a new one with /roles assess."))
	}
	k, msgs := step.Key, step.Assessment.Messages
	step.Reply.Message = fmt.Sprintf("Picking up at question %s.", step.Reply.Position())
	if req.TS != "" && msgs[msgOffer] == req.Channel+" "+req.TS {
		where := "below"
		if req.Channel != k.Channel || req.ThreadTS != k.Thread && !req.DM {
			where = "in " + whereName(k)
		}
		if err := out.Update(ctx, req.Channel, req.TS, markupNote("▶️ Resumed "+where+".")); err != nil {
			rt.lg.DebugContext(ctx, "offer not updated", "err", err)
		}
	}
	// The live message may be far up the conversation.
	return rt.askAgain(ctx, out, step)
}

// askAgain posts the step's current question anew in its conversation, and
// takes the buttons off the message that asked it before, if any: a click
// must come from the message recorded for its question.
func (rt *Router) askAgain(ctx context.Context, out Responder, step *dialog.Step) error {
	k, msgs, q := step.Key, step.Assessment.Messages, step.Reply.Question
	if q != nil && msgs[msgAsked] == q.ID && msgs[q.ID] != "" {
		if err := out.Update(ctx, k.Channel, msgs[q.ID], noteContent("This question is asked again below.")); err != nil {
			rt.lg.DebugContext(ctx, "old question not updated", "question", q.ID, "err", err)
		}
	}
	delete(msgs, msgAsked)
	return rt.askNext(ctx, out, step, "")
}

// whereName names an assessment's conversation for the person.
func whereName(k session.Key) string {
	if k.Thread == "" {
		return "our direct messages"
	}
	return fmt.Sprintf("a thread in <#%s>", k.Channel)
}

// shareTarget is the channel a result is shared in: the channel of a thread
// assessment, or the one /roles assess was typed in; "" for none.
func shareTarget(k session.Key, msgs map[string]string) string {
	if k.Thread != "" {
		return k.Channel
	}
	return msgs[msgOrigin]
}

// shareAssessment posts the result's summary publicly.
func (rt *Router) shareAssessment(ctx context.Context, out Responder, req *Request, k session.Key) error {
	step, err := rt.dlg.Load(ctx, k)
	if err != nil {
		return rt.assessFailed(ctx, out, req, k, err)
	}
	if step.Reply.Result == nil {
		return rt.post(ctx, out, noteTo(req, k, "Finish the assessment first; then you can share the result."))
	}
	target := shareTarget(k, step.Assessment.Messages)
	if target == "" {
		return rt.post(ctx, out, noteTo(req, k, "There is no channel to share this in: run /roles assess in a channel to share the result there."))
	}
	if _, err := out.Post(ctx, Reply{Channel: target, User: req.User, Content: resultContent{
		res: step.Reply.Result, title: rt.dlg.Questionnaire().Title, sharedBy: k.User,
	}}); err != nil {
		return err
	}
	return rt.post(ctx, out, privately(req, k, markupNote(fmt.Sprintf("Shared in <#%s>.", target))))
}

func (rt *Router) resultContent(k session.Key, step *dialog.Step) resultContent {
	return resultContent{res: step.Reply.Result, title: rt.dlg.Questionnaire().Title, ref: refOf(k),
		shareable: shareTarget(k, step.Assessment.Messages) != ""}
}

// slashAssess runs /roles assess: the assessment goes to the person's DM
// (resuming one in progress is offered there), and the channel hears so
// privately. /roles assess modal runs it in a form instead (assess_form.go).
func (rt *Router) slashAssess(ctx context.Context, req *Request, args string, out Responder) error {
	if rt.dlg == nil {
		return rt.post(ctx, out, ephemeral(req, noteContent(assessUnavailable)))
	}
	switch strings.ToLower(args) {
	case "":
	case "modal", "form":
		origin := ""
		if !req.DM {
			origin = req.Channel
		}
		asked, err := rt.openForm(ctx, req, out, origin)
		if err == nil && asked != "" && !req.DM {
			note := markupNote(fmt.Sprintf("The form took too long to open, so I asked the question in %s instead.", asked))
			if _, err := out.Post(ctx, ephemeral(req, note)); err != nil {
				rt.lg.DebugContext(ctx, "assessment confirmation not delivered", "channel", req.Channel, "err", err)
			}
		}
		return err
	default:
		return rt.post(ctx, out, ephemeral(req, noteContent("Use /roles assess to take the assessment in our direct messages, or /roles assess modal to take it in a form.")))
	}
	if req.DM {
		_, err := rt.startAssessment(ctx, out, req, session.Key{Team: req.Team, User: req.User, Channel: req.Channel}, "")
		return err
	}
	dm, err := out.OpenDM(ctx, req.User)
	if err != nil {
		return err
	}
	k := session.Key{Team: req.Team, User: req.User, Channel: dm}
	offered, err := rt.startAssessment(ctx, out, req, k, req.Channel)
	if err != nil {
		return err
	}
	msg := "I've sent you the first question of the hiring assessment in a direct message (Apps → Rolecall)."
	if offered {
		msg = "You have an assessment in progress: I've asked you in a direct message (Apps → Rolecall) whether to resume it or start over."
	}
	if _, err := out.Post(ctx, ephemeral(req, noteContent(msg))); err != nil {
		// Not a member of the channel: the DM speaks for itself.
		rt.lg.DebugContext(ctx, "assessment confirmation not delivered", "channel", req.Channel, "err", err)
	}
	return nil
}

// textAssess runs "assess", "start" and their kin in a DM or a mention.
func (rt *Router) textAssess(ctx context.Context, req *Request, out Responder) error {
	if rt.dlg == nil {
		return rt.post(ctx, out, replyTo(req, noteContent(assessUnavailable)))
	}
	_, err := rt.startAssessment(ctx, out, req, assessKey(req), "")
	return err
}

// assessMessage handles a message that belongs to the assessment: a typed
// answer where one is in progress (any text in that DM, a mention in that
// thread), or a request to take it. handled is false for everything else.
func (rt *Router) assessMessage(ctx context.Context, req *Request, out Responder) (handled bool, err error) {
	if rt.dlg == nil {
		return false, nil
	}
	text := stripMentions(req.Text)
	if req.DM || req.ThreadTS != "" {
		k := assessKey(req)
		step, err := rt.dlg.Load(ctx, k)
		switch {
		case err == nil && step.State.Status == assessment.StatusActive:
			return true, rt.assessText(ctx, out, req, k, step, text)
		case err != nil && !errors.Is(err, session.ErrNotFound):
			rt.m.StoreErrors.WithLabelValues("assessment").Inc()
			if looksLikeAnswer(text) {
				return true, rt.assessFailed(ctx, out, req, k, err)
			}
		}
	}
	if wantsAssessment(text) {
		_, err := rt.startAssessment(ctx, out, req, assessKey(req), "")
		return true, err
	}
	return false, nil
}

// assessText applies a typed reply to the assessment in progress at k.
func (rt *Router) assessText(ctx context.Context, out Responder, req *Request, k session.Key, step *dialog.Step, text string) error {
	cur := step.State.Step
	var in assessment.Input
	switch knowledge.Normalize(text) {
	case "back", "go back", "previous":
		in = assessment.Back()
		in.Question = cur
	case "skip":
		in = assessment.Skip(cur)
	case "cancel", "stop", "quit":
		in = assessment.Cancel()
	case "restart", "start over", "start again":
		return rt.restartAssessment(ctx, out, req, k, true)
	default:
		in = assessment.Text(cur, text)
		if _, _, err := rt.dlg.Questionnaire().Next(step.State, in); errors.Is(err, assessment.ErrTextNotAllowed) && rt.engine.Answer(text).Owner != knowledge.Unknown {
			// "who owns the backlog?" typed while a choice is awaited is a
			// question, not an answer: it is answered, and the assessment
			// waits where it was.
			if err := rt.post(ctx, out, rt.answerReply(ctx, req, text, sharing{})); err != nil {
				return err
			}
			return rt.post(ctx, out, noteTo(req, k, pausedNote(step.Reply.Position())))
		}
	}
	return rt.applyAssess(ctx, out, req, k, in, false)
}

// pausedNote says, after a question answered in the middle of the
// assessment, that the assessment still waits at position ("3 of 12").
func pausedNote(position string) string {
	at := "its current question"
	if position != "" {
		at = "question " + position
	}
	return "Your hiring assessment is still waiting at " + at + ": type a number or click a button to answer it, or type back, skip or cancel."
}

// stripMentions removes <@U…> mentions (the bot's, in a mention) from text.
func stripMentions(s string) string {
	for {
		i := strings.Index(s, "<@")
		if i < 0 {
			return strings.TrimSpace(s)
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			return strings.TrimSpace(s)
		}
		s = s[:i] + s[i+j+1:]
	}
}

// looksLikeAnswer reports whether text reads as an answer to a question
// rather than a question: a number, or back, skip or cancel.
func looksLikeAnswer(text string) bool {
	t := strings.TrimSuffix(strings.TrimSpace(text), ")")
	if n, err := strconv.Atoi(t); err == nil {
		return n > 0 && n < 100
	}
	switch knowledge.Normalize(text) {
	case "back", "skip", "cancel", "restart":
		return true
	}
	return false
}

// wantsAssessment decides whether a message asks to run the assessment
// rather than asks a question: it names the assessment as something to do
// ("assess", "start the assessment", "run the hiring assessment"), or it is
// about the sender's own hiring decision between the roles ("do we need a PO
// or a PM?", "should we hire a product owner?"). A general question ("do I
// need both?", "what is a skills assessment?") gets the knowledge answer.
func wantsAssessment(text string) bool {
	// Most questions contain none of the words the rule needs: skip the
	// normalisation for them.
	if !containsFold(text, "assess") && !containsFold(text, "hir") && !containsFold(text, "recruit") && !containsFold(text, "need") {
		return false
	}
	n := " " + knowledge.Normalize(text) + " "
	if strings.HasPrefix(n, " assess ") || strings.HasPrefix(n, " assessment ") {
		return true
	}
	if strings.Contains(n, " assessment ") && !strings.Contains(n, " skills assessment ") && !strings.Contains(n, " skill assessment ") {
		for _, v := range []string{" start ", " run ", " take ", " begin ", " launch ", " do the ", " hiring assessment "} {
			if strings.Contains(n, v) {
				return true
			}
		}
	}
	we := false
	for _, w := range []string{" we ", " our ", " us ", " my team ", " my company ", " my startup "} {
		if strings.Contains(n, w) {
			we = true
			break
		}
	}
	if !we {
		return false
	}
	decides := false
	for _, w := range []string{" hire ", " hiring ", " recruit ", " do we need ", " should we get ", " should we need ", " we need a ", " we need an ", " we need both "} {
		if strings.Contains(n, w) {
			decides = true
			break
		}
	}
	if !decides {
		return false
	}
	for _, w := range []string{" po ", " pm ", " product owner", " product manager", " both ", " pos ", " pms "} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// hiringTopic reports whether a knowledge entry is hiring guidance, whose
// answer offers to take the assessment.
func hiringTopic(id string) bool {
	switch id {
	case "need-both", "which-to-hire", "pm-as-po", "budget-startup", "multiple-products", "growing-business", "hiring-questions":
		return true
	}
	return false
}

// containsFold reports whether s contains the lower-case ASCII word w,
// ignoring ASCII case.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) && (s[i+j]|0x20) == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}
