package slackapp

// Modals: the forms Rolecall opens (the "what was wrong?" form, the
// "Who owns…?" form, the assessment as a form) and how it answers their
// submission. A submission of a form in the views table (commands.go) is
// answered in its ack, the one way to update a view, push one or show
// errors under an input: Router.Submit computes the answer on the worker
// pool, which then acks; nothing else acks there. Over HTTP that ack is
// the response to the request, which waits for the worker (http.go).

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// ModalOpener is a Responder that can open a modal on a click's trigger:
// the Slack responder can, a terminal cannot (a 👎 then offers no form).
type ModalOpener interface {
	OpenModal(ctx context.Context, triggerID string, m Modal) error
}

// ModalUpdater is a Responder that can change a view of an open modal,
// visible or under others: views.update. An empty hash skips Slack's
// check that the view did not change meanwhile.
type ModalUpdater interface {
	UpdateModal(ctx context.Context, viewID, hash string, m Modal) error
}

// Modal is a view of a modal. The submission of one whose CallbackID is in
// the views table comes back as a KindView Request for Router.Submit; any
// other as a KindAction Request whose ActionID is CallbackID, Value is
// Metadata and Text is what was typed into its comment input.
type Modal struct {
	CallbackID, Metadata string
	// Title, Submit and Close are the texts of the title and buttons, at
	// most 24 characters; without Submit the view has no submit button.
	Title, Submit, Close string
	// NotifyOnClose asks Slack for a view_closed when the person closes
	// the view; ClearOnClose makes its Close button close the whole modal.
	NotifyOnClose, ClearOnClose bool
	// Blocks are the view's blocks, input blocks included.
	Blocks []slack.Block
}

// Slack's limits on a modal view.
const (
	maxViewTitle    = 24
	maxViewBlocks   = 100
	maxViewMetadata = 3000
	// maxAckPayload is the largest ack Slack takes over Socket Mode (it
	// drops 20 KB and more), with room for the envelope id around it.
	maxAckPayload = 20<<10 - 256
	// viewBudget is how long a submission may take before its ack: Slack
	// gives up after 3 s and shows the person an error.
	viewBudget = 2500 * time.Millisecond
	// askAckWait bounds how long the ask form's ack waits for an answer
	// before it shows a "thinking" view and answers after the ack.
	askAckWait = 1500 * time.Millisecond
)

// request renders m as slack-go's view: texts cut to Slack's limits, no
// submit button without a Submit text.
func (m Modal) request() *slack.ModalViewRequest {
	text := func(s string) *slack.TextBlockObject {
		if s == "" {
			return nil
		}
		return plain(cutRunes(s, maxViewTitle))
	}
	bs := m.Blocks
	if len(bs) > maxViewBlocks {
		bs = bs[:maxViewBlocks]
	}
	return &slack.ModalViewRequest{Type: slack.VTModal, Title: text(m.Title), Submit: text(m.Submit), Close: text(m.Close),
		CallbackID: m.CallbackID, PrivateMetadata: cutRunes(m.Metadata, maxViewMetadata), NotifyOnClose: m.NotifyOnClose,
		ClearOnClose: m.ClearOnClose, Blocks: slack.Blocks{BlockSet: bs}}
}

// OpenModal opens m with views.open.
func (s slackResponder) OpenModal(ctx context.Context, triggerID string, m Modal) error {
	return s.a.call(ctx, "views.open", func(ctx context.Context) error {
		_, err := s.a.api.OpenViewContext(ctx, triggerID, *m.request())
		return err
	})
}

// UpdateModal replaces the view viewID with m: views.update.
func (s slackResponder) UpdateModal(ctx context.Context, viewID, hash string, m Modal) error {
	return s.a.call(ctx, "views.update", func(ctx context.Context) error {
		_, err := s.a.api.UpdateViewContext(ctx, *m.request(), "", hash, viewID)
		return err
	})
}

// ViewAction is what the ack of a submission does to the modal.
type ViewAction uint8

// The answers to a submission Slack knows.
const (
	ViewClose  ViewAction = iota // the submitted view closes (an empty ack)
	ViewUpdate                   // Modal replaces the submitted view
	ViewPush                     // Modal goes on top of it
	ViewClear                    // the whole modal closes
	ViewErrors                   // Errors show under its inputs
)

// ViewReply answers a submission.
type ViewReply struct {
	Action ViewAction
	// Modal is the view of ViewUpdate and ViewPush.
	Modal Modal
	// Errors are the messages of ViewErrors, by input block id.
	Errors map[string]string

	// after runs once the ack is sent: work the person need not wait
	// for, such as updating the views under a pushed one.
	after func(ctx context.Context)
}

// payload is the ack's payload; nil closes the submitted view.
func (r ViewReply) payload() any {
	switch r.Action {
	case ViewUpdate:
		return slack.NewUpdateViewSubmissionResponse(r.Modal.request())
	case ViewPush:
		return slack.NewPushViewSubmissionResponse(r.Modal.request())
	case ViewClear:
		return slack.NewClearViewSubmissionResponse()
	case ViewErrors:
		return slack.NewErrorsViewSubmissionResponse(r.Errors)
	}
	return nil
}

// noteModal is a view that only says something; closing it closes the
// whole modal.
func noteModal(title, text string) Modal {
	return Modal{Title: title, Close: "Close", ClearOnClose: true, Blocks: []slack.Block{section("note", text)}}
}

// Submit answers the submission of a view in the views table (Kind
// KindView); the transport sends the reply in the submission's ack, then
// runs its bookkeeping. A failure becomes a view that says so: an empty
// ack would close the person's form without a word.
func (rt *Router) Submit(ctx context.Context, req *Request, out Responder) ViewReply {
	v, ok := rt.lookupView(req.View.CallbackID)
	if !ok || v.submit == nil {
		rt.lg.DebugContext(ctx, "submission of an unknown view closed", "callback_id", req.View.CallbackID)
		return ViewReply{}
	}
	r, err := v.submit(rt, ctx, req, out)
	if err != nil {
		rt.lg.WarnContext(ctx, "submission not handled", "callback_id", req.View.CallbackID, "err", err)
		return ViewReply{Action: ViewUpdate, Modal: noteModal(v.title, Escape(userMessage(err)))}
	}
	return r
}

// lookupView finds a view of the views table by callback id.
func (rt *Router) lookupView(callbackID string) (view, bool) {
	for _, v := range rt.views {
		if v.callback == callbackID {
			return v, true
		}
	}
	return view{}, false
}

// answersView reports whether the router answers the submission of views
// with this callback id in the ack.
func (rt *Router) answersView(callbackID string) bool {
	v, ok := rt.lookupView(callbackID)
	return ok && v.submit != nil
}

// handleView handles a view of the views table the person closed.
func (rt *Router) handleView(ctx context.Context, req *Request, out Responder) error {
	v, ok := rt.lookupView(req.View.CallbackID)
	if !ok || v.closed == nil || !req.View.Closed {
		return nil
	}
	return v.closed(rt, ctx, req, out)
}

// viewRequest turns a view_submission or view_closed into a Request.
func viewRequest(cb slack.InteractionCallback) Request {
	v := cb.View
	return Request{Kind: KindView, Team: cb.Team.ID, User: cb.User.ID, TriggerID: cb.TriggerID,
		View: ViewRef{ID: v.ID, Hash: v.Hash, RootID: v.RootViewID, PreviousID: v.PreviousViewID,
			CallbackID: v.CallbackID, Metadata: v.PrivateMetadata,
			Closed: cb.Type == slack.InteractionTypeViewClosed, Cleared: cb.IsCleared},
		Values: stateValues(v.State)}
}

// maxValue bounds what one input of a submitted view may hold: Rolecall's
// inputs take far less; a hand-made payload may carry more.
const maxValue = 3000

// stateValues flattens a view's inputs into "block/action" → value.
func stateValues(st *slack.ViewState) map[string]string {
	if st == nil || len(st.Values) == 0 {
		return nil
	}
	out := map[string]string{}
	for block, actions := range st.Values {
		for action, a := range actions {
			v := a.Value
			switch {
			case a.SelectedOption.Value != "":
				v = a.SelectedOption.Value
			case a.SelectedConversation != "":
				v = a.SelectedConversation
			case a.SelectedChannel != "":
				v = a.SelectedChannel
			case a.SelectedUser != "":
				v = a.SelectedUser
			}
			if v != "" && len(out) < 16 {
				out[block+"/"+action] = cutRunes(v, maxValue)
			}
		}
	}
	return out
}

// viewSubmitted is the job of a submission the router answers in the
// ack: a worker computes the answer and acks the delivery with it.
func (a *App) viewSubmitted(ctx context.Context, d delivery, cb slack.InteractionCallback) *job {
	return &job{req: viewRequest(cb), mode: jobView, ack: d.acker.later(ctx, d.start), start: d.start}
}

// workView answers a submission in its ack within Slack's 3 s, then runs
// the reply's bookkeeping.
func (a *App) workView(ctx context.Context, j *job) {
	out := slackResponder{a}
	vctx, cancel := context.WithDeadline(ctx, j.start.Add(viewBudget))
	r := a.rt.Submit(vctx, &j.req, out)
	cancel()
	p := r.payload()
	b, err := json.Marshal(p)
	if err == nil && len(b) > maxAckPayload && r.Action == ViewUpdate {
		// Too large for an ack: say so in a small view, then put the
		// whole one in its place.
		err = j.ack(ViewReply{Action: ViewUpdate, Modal: noteModal(r.Modal.Title, "One moment…")}.payload())
		if err == nil {
			err = out.UpdateModal(ctx, j.req.View.ID, "", r.Modal)
		}
	} else {
		err = j.ack(p)
	}
	a.handle[KindView].Observe(time.Since(j.start).Seconds())
	if err != nil {
		a.lg.Error("slack: submission not answered", "callback_id", j.req.View.CallbackID, "err", err)
	}
	// The step behind the reply is done either way: its bookkeeping (the
	// result of an assessment to post, a question to log) still is due.
	if r.after != nil {
		r.after(ctx)
	}
}

// viewClosed is the job of the close of a view the router follows.
func (a *App) viewClosed(start time.Time, cb slack.InteractionCallback) *job {
	if _, ok := a.rt.lookupView(cb.View.CallbackID); !ok {
		return nil
	}
	req := viewRequest(cb)
	req.ID = "closed:" + cb.View.ID + "/" + cb.View.Hash
	return &job{req: req, start: start}
}

// triggerGone reports whether err is Slack refusing a trigger_id: used,
// unknown, or older than its 3 s.
func triggerGone(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.Code {
	case "expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id":
		return true
	case "invalid_arguments":
		// Slack also words a bad trigger as invalid_arguments: "invalid
		// `trigger_id`".
		var se slack.SlackErrorResponse
		if errors.As(err, &se) {
			for _, m := range se.ResponseMetadata.Messages {
				if strings.Contains(m, "trigger_id") {
					return true
				}
			}
		}
	}
	return false
}
