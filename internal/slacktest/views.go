package slacktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// triggerTTL is how long a trigger_id may open a modal, as Slack allows.
const triggerTTL = 3 * time.Second

// Limits of a modal view Slack enforces (views.open, views.push,
// views.update and the view of a response_action).
const (
	// maxViewTitle bounds the title, submit and close texts.
	maxViewTitle    = 24
	maxViewMetadata = 3000
	maxCallbackID   = 255
	maxExternalID   = 255
	// maxViewSize is the largest view JSON Slack takes: view_too_large
	// beyond it.
	maxViewSize = 250 << 10
	// maxViewStack is how many views one modal holds: the root and two
	// pushed on it (push_limit_reached).
	maxViewStack = 3
)

// trigger is a trigger_id the fake handed out with a slash command, a
// shortcut or an interaction: it opens (or pushes) one view, for the person
// who acted, within triggerTTL.
type trigger struct {
	team, user string
	at         time.Time
	used       bool
	// root is the root view id of the modal the interaction happened in
	// ("" outside a modal): only such a trigger can push a view.
	root string
}

// View is a view of a modal that is open now.
type View struct {
	// ID is the view id (V…); SubmitView, CloseView and
	// SendBlockActionView take it. It stays the same across views.update
	// and a response_action update.
	ID string
	// RootID is the id of the modal's first view; PreviousID the id of the
	// view under this one in the stack ("" for the root).
	RootID, PreviousID string
	// Team and User are the workspace and the person whose trigger opened
	// the modal.
	Team, User string
	// CallbackID, PrivateMetadata and ExternalID are the view's, as the bot
	// set them.
	CallbackID, PrivateMetadata, ExternalID string
	// Title, Submit and Close are the texts of the title and the buttons
	// ("" when the view has no such button).
	Title, Submit, Close string
	// NotifyOnClose and ClearOnClose are the view's flags.
	NotifyOnClose, ClearOnClose bool
	// Hash changes with every update of the view (views.update checks it).
	Hash string
	// Blocks are the view's blocks.
	Blocks json.RawMessage
	// JSON is the whole view as the bot last sent it.
	JSON json.RawMessage
	// Errors are the input errors of the last response_action "errors", by
	// block id; nil once the view is updated.
	Errors map[string]string
	// Opened is when the view was opened or pushed, Updated when its
	// content last changed.
	Opened, Updated time.Time
}

// modal is a stack of views, root first; only the last is visible.
type modal struct {
	team, user string
	stack      []*View
}

type modals struct {
	triggers map[string]*trigger
	open     []*modal
}

func newModals() modals { return modals{triggers: map[string]*trigger{}} }

// triggerID returns a trigger_id like Slack's ("12345.98765.abcd…") and
// remembers it for views.open.
func (s *Server) triggerID(team, user string) string { return s.triggerIn(team, user, "") }

// triggerIn is triggerID for an interaction within the modal whose root
// view is root: such a trigger can also push a view onto it.
func (s *Server) triggerIn(team, user, root string) string {
	n := s.seq.Add(1)
	id := strconv.FormatUint(n, 10) + "." + strconv.FormatInt(time.Now().Unix(), 10) + "." + s.idpfx + strconv.FormatUint(n, 16)
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.modals.triggers) >= 4096 {
		for k, t := range s.modals.triggers {
			if now.Sub(t.at) > triggerTTL {
				delete(s.modals.triggers, k)
			}
		}
	}
	s.modals.triggers[id] = &trigger{team: team, user: user, at: now, root: root}
	return id
}

// Views returns the views of every open modal: modals in the order they
// were opened, each stack root first (the visible view last).
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []View
	for _, m := range s.modals.open {
		for _, v := range m.stack {
			out = append(out, *v)
		}
	}
	return out
}

// Stack returns the views of the modal holding the view id, root first
// (the visible view last), or nil when no open modal holds it.
func (s *Server) Stack(id string) []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, _ := s.findViewLocked(id)
	if m == nil {
		return nil
	}
	out := make([]View, len(m.stack))
	for i, v := range m.stack {
		out[i] = *v
	}
	return out
}

// TopView returns the visible view of user's most recently opened modal.
func (s *Server) TopView(user string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.modals.open) - 1; i >= 0; i-- {
		if m := s.modals.open[i]; m.user == user {
			return *m.stack[len(m.stack)-1], true
		}
	}
	return View{}, false
}

// findViewLocked finds the open modal holding view id and the view's place
// in its stack. s.mu must be held.
func (s *Server) findViewLocked(id string) (*modal, int) {
	for _, m := range s.modals.open {
		for i, v := range m.stack {
			if v.ID == id {
				return m, i
			}
		}
	}
	return nil, -1
}

// closeModalLocked forgets an open modal. s.mu must be held.
func (s *Server) closeModalLocked(m *modal) {
	if i := slices.Index(s.modals.open, m); i >= 0 {
		s.modals.open = slices.Delete(s.modals.open, i, i+1)
	}
}

// modalView is the part of a view the fake checks and keeps.
type modalView struct {
	Type            string          `json:"type"`
	Title           *textObject     `json:"title"`
	Submit          *textObject     `json:"submit"`
	Close           *textObject     `json:"close"`
	Blocks          json.RawMessage `json:"blocks"`
	PrivateMetadata string          `json:"private_metadata"`
	CallbackID      string          `json:"callback_id"`
	ExternalID      string          `json:"external_id"`
	NotifyOnClose   bool            `json:"notify_on_close"`
	ClearOnClose    bool            `json:"clear_on_close"`
}

func textOf(t *textObject) string {
	if t == nil || t.Text == nil {
		return ""
	}
	return *t.Text
}

// parseModal decodes and checks a modal view as the Web API takes it: the
// error code and messages Slack would answer, or the decoded view.
func (s *Server) parseModal(method, raw string) (modalView, string, []string) {
	var v modalView
	if len(raw) > maxViewSize {
		return v, "view_too_large", []string{fmt.Sprintf("[ERROR] the view is %d bytes; at most %d are allowed [json-pointer:/view]", len(raw), maxViewSize)}
	}
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return v, "invalid_arguments", []string{"[ERROR] invalid view: " + err.Error() + " [json-pointer:/view]"}
	}
	if msgs := s.checkModal(method, &v); len(msgs) > 0 {
		return v, "invalid_arguments", msgs
	}
	if _, msgs := s.validateCached(string(v.Blocks), SurfaceModal); msgs != nil {
		return v, "invalid_blocks", msgs
	}
	return v, "", nil
}

// checkModal applies Slack's rules for a modal's own fields.
func (s *Server) checkModal(method string, v *modalView) []string {
	c := &checker{}
	if v.Type != "modal" {
		c.add("/view/type", "%s needs a view of type modal, not %q", method, v.Type)
	}
	if v.Title == nil {
		c.add("/view/title", "missing required field: title")
	} else {
		c.text("/view/title", v.Title, maxViewTitle, true)
	}
	for _, f := range []struct {
		name string
		t    *textObject
	}{{"submit", v.Submit}, {"close", v.Close}} {
		if f.t != nil {
			c.text("/view/"+f.name, f.t, maxViewTitle, true)
		}
	}
	if v.Submit == nil && hasInput(v.Blocks) {
		c.add("/view/submit", "a view with input blocks needs a submit button")
	}
	if utf8.RuneCountInString(v.PrivateMetadata) > maxViewMetadata {
		c.add("/view/private_metadata", "must be less than %d characters", maxViewMetadata+1)
	}
	if utf8.RuneCountInString(v.CallbackID) > maxCallbackID {
		c.add("/view/callback_id", "must be less than %d characters", maxCallbackID+1)
	}
	if utf8.RuneCountInString(v.ExternalID) > maxExternalID {
		c.add("/view/external_id", "must be less than %d characters", maxExternalID+1)
	}
	return c.msgs
}

func hasInput(blocks json.RawMessage) bool {
	var bs []struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(blocks, &bs)
	for _, b := range bs {
		if b.Type == "input" {
			return true
		}
	}
	return false
}

// useTrigger spends a trigger for views.open or views.push: it must be one
// the fake handed out, unused and younger than 3 s.
func (s *Server) useTrigger(id string) (*trigger, string) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.modals.triggers[id]
	switch {
	case t == nil:
		return nil, "invalid_trigger_id"
	case t.used:
		return nil, "exchanged_trigger_id"
	case now.Sub(t.at) > triggerTTL:
		return nil, "expired_trigger_id"
	}
	t.used = true
	return t, ""
}

// newView builds an open view from a checked modal view.
func (s *Server) newView(team, user, raw string, v *modalView, now time.Time) *View {
	return &View{ID: s.newID("V"), Team: team, User: user, CallbackID: v.CallbackID,
		PrivateMetadata: v.PrivateMetadata, ExternalID: v.ExternalID, Title: textOf(v.Title),
		Submit: textOf(v.Submit), Close: textOf(v.Close), NotifyOnClose: v.NotifyOnClose, ClearOnClose: v.ClearOnClose,
		Hash: s.viewHash(), Blocks: v.Blocks, JSON: json.RawMessage(raw), Opened: now, Updated: now}
}

// replace gives an open view new content: the id and place stay, the hash
// changes, input errors are gone.
func (s *Server) replace(view *View, raw string, v *modalView, now time.Time) {
	view.CallbackID, view.PrivateMetadata, view.ExternalID = v.CallbackID, v.PrivateMetadata, v.ExternalID
	view.Title, view.Submit, view.Close = textOf(v.Title), textOf(v.Submit), textOf(v.Close)
	view.NotifyOnClose, view.ClearOnClose = v.NotifyOnClose, v.ClearOnClose
	view.Blocks, view.JSON, view.Errors = v.Blocks, json.RawMessage(raw), nil
	view.Hash, view.Updated = s.viewHash(), now
}

// viewHash returns a view hash like Slack's ("1700000000.abcd1234").
func (s *Server) viewHash() string {
	return strconv.FormatInt(time.Now().Unix(), 10) + "." + s.idpfx[:4] + strconv.FormatUint(s.seq.Add(1), 16)
}

// viewBody is a view as the Web API and the interaction payloads show it:
// the bot's view with Slack's fields added.
func (s *Server) viewBody(v *View) map[string]any {
	var body map[string]any
	_ = json.Unmarshal(v.JSON, &body)
	if body == nil {
		body = map[string]any{}
	}
	var prev any
	if v.PreviousID != "" {
		prev = v.PreviousID
	}
	for k, val := range map[string]any{
		"id": v.ID, "team_id": v.Team, "state": map[string]any{"values": map[string]any{}},
		"hash": v.Hash, "clear_on_close": v.ClearOnClose, "notify_on_close": v.NotifyOnClose, "previous_view_id": prev,
		"root_view_id": v.RootID, "app_id": s.cfg.AppID, "app_installed_team_id": v.Team, "bot_id": s.cfg.BotID,
		"external_id": v.ExternalID, "private_metadata": v.PrivateMetadata, "callback_id": v.CallbackID,
	} {
		body[k] = val
	}
	return body
}

func (s *Server) viewResult(v *View) apiResult {
	s.mu.Lock()
	body := s.viewBody(v)
	s.mu.Unlock()
	b, err := json.Marshal(map[string]any{"ok": true, "view": body})
	if err != nil {
		return apiResult{err: "fatal_error"}
	}
	return apiResult{body: b}
}

// viewsOpen answers views.open: a fresh trigger and a valid modal open a
// new modal with this view as its root.
func (s *Server) viewsOpen(call *Call, p map[string]string) apiResult {
	t, code := s.useTrigger(p["trigger_id"])
	if code != "" {
		return apiResult{err: code}
	}
	call.User = t.user
	raw := p["view"]
	call.View = json.RawMessage(raw)
	v, code, msgs := s.parseModal("views.open", raw)
	if code != "" {
		return apiResult{err: code, detail: msgs}
	}
	view := s.newView(t.team, t.user, raw, &v, time.Now())
	view.RootID = view.ID
	s.mu.Lock()
	s.modals.open = append(s.modals.open, &modal{team: t.team, user: t.user, stack: []*View{view}})
	s.mu.Unlock()
	return s.viewResult(view)
}

// viewsPush answers views.push: the trigger must come from an interaction
// within an open modal (a click in it, its submission), which takes at
// most maxViewStack views.
func (s *Server) viewsPush(call *Call, p map[string]string) apiResult {
	t, code := s.useTrigger(p["trigger_id"])
	if code != "" {
		return apiResult{err: code}
	}
	call.User = t.user
	raw := p["view"]
	call.View = json.RawMessage(raw)
	v, code, msgs := s.parseModal("views.push", raw)
	if code != "" {
		return apiResult{err: code, detail: msgs}
	}
	s.mu.Lock()
	m, _ := s.findViewLocked(t.root)
	switch {
	case t.root == "" || m == nil:
		s.mu.Unlock()
		return apiResult{err: "invalid_arguments", detail: []string{"[ERROR] views.push needs a trigger_id from an interaction within an open modal [json-pointer:/trigger_id]"}}
	case len(m.stack) >= maxViewStack:
		s.mu.Unlock()
		return apiResult{err: "push_limit_reached"}
	}
	top := m.stack[len(m.stack)-1]
	view := s.newView(m.team, m.user, raw, &v, time.Now())
	view.RootID, view.PreviousID = top.RootID, top.ID
	m.stack = append(m.stack, view)
	s.mu.Unlock()
	return s.viewResult(view)
}

// viewsUpdate answers views.update: any view of an open modal, by view_id
// or external_id, visible or not; a hash that is not the view's current
// one is a hash_conflict.
func (s *Server) viewsUpdate(call *Call, p map[string]string) apiResult {
	id, ext, hash := p["view_id"], p["external_id"], p["hash"]
	if id == "" && ext == "" {
		return apiResult{err: "invalid_arguments", detail: []string{"[ERROR] either view_id or external_id is required [json-pointer:/view_id]"}}
	}
	raw := p["view"]
	call.View = json.RawMessage(raw)
	v, code, msgs := s.parseModal("views.update", raw)
	if code != "" {
		return apiResult{err: code, detail: msgs}
	}
	s.mu.Lock()
	var view *View
	for _, m := range s.modals.open {
		for _, x := range m.stack {
			if (id != "" && x.ID == id) || (id == "" && x.ExternalID == ext) {
				view = x
			}
		}
	}
	switch {
	case view == nil:
		s.mu.Unlock()
		return apiResult{err: "not_found"}
	case hash != "" && hash != view.Hash:
		s.mu.Unlock()
		return apiResult{err: "hash_conflict"}
	}
	call.User = view.User
	s.replace(view, raw, &v, time.Now())
	s.mu.Unlock()
	return s.viewResult(view)
}

// Errors of the helpers that act for a person in a modal.
var (
	// ErrNoSuchView: the view is not open.
	ErrNoSuchView = errors.New("slacktest: no such open view")
	// ErrNotOnTop: only the visible view of a modal can be submitted,
	// closed or clicked.
	ErrNotOnTop = errors.New("slacktest: the view is not the visible one of its modal")
	// ErrRequiredInput: Slack's client does not submit a view whose
	// required input is empty.
	ErrRequiredInput = errors.New("slacktest: a required input is empty")
	// ErrNoSuchOption: a selection names no option of its element.
	ErrNoSuchOption = errors.New("slacktest: no such option")
	// ErrNoSuchInput: a value for an input the view does not have.
	ErrNoSuchInput = errors.New("slacktest: no such input")
)

// viewPayload is the view_submission and view_closed interaction.
type viewPayload struct {
	Type                string         `json:"type"`
	Team                baTeam         `json:"team"`
	User                baUser         `json:"user"`
	APIAppID            string         `json:"api_app_id"`
	Token               string         `json:"token"`
	TriggerID           string         `json:"trigger_id,omitempty"`
	View                map[string]any `json:"view"`
	ResponseURLs        []any          `json:"response_urls,omitempty"`
	IsCleared           *bool          `json:"is_cleared,omitempty"`
	IsEnterpriseInstall bool           `json:"is_enterprise_install"`
	Enterprise          *string        `json:"enterprise"`
}

// topLocked finds the open view id and checks it is the visible one of its
// modal. s.mu must be held.
func (s *Server) topLocked(id string) (*modal, *View, error) {
	m, i := s.findViewLocked(id)
	switch {
	case m == nil:
		return nil, nil, fmt.Errorf("%w: %s", ErrNoSuchView, id)
	case i != len(m.stack)-1:
		return nil, nil, fmt.Errorf("%w: %s", ErrNotOnTop, id)
	}
	return m, m.stack[i], nil
}

// SubmitView sends the view_submission interaction of the person who opened
// the modal pressing the submit button of its visible view viewID, with
// values entered in its inputs: block_id → action_id → value. A value is
// the text typed into a text input, the value of the option picked in
// radio buttons or a select menu, or the id picked in a conversation,
// channel or user select. A required input left empty is ErrRequiredInput,
// as Slack's client does not submit the view.
//
// Like Slack, the fake keeps the view open until the bot acks the
// envelope (over HTTP: answers the request within AckTimeout with a 2xx,
// the body JSON with Content-Type application/json), then does what the
// ack says (response_action): nothing closes
// the submitted view (the one under it shows again), "update" replaces it,
// "push" pushes a view on it, "clear" closes the modal and "errors" shows
// the errors under its inputs (View.Errors). An invalid view or action in
// the ack is recorded as a Violation and changes nothing. The envelope id
// is returned.
func (s *Server) SubmitView(viewID string, values map[string]map[string]string) (string, error) {
	s.mu.Lock()
	m, v, err := s.topLocked(viewID)
	if err != nil {
		s.mu.Unlock()
		return "", err
	}
	state, err := inputState(v.Blocks, values)
	if err != nil {
		s.mu.Unlock()
		return "", err
	}
	view := s.viewBody(v)
	view["state"] = map[string]any{"values": state}
	team, user, root := m.team, m.user, v.RootID
	s.mu.Unlock()

	p := viewPayload{
		Type: "view_submission", Team: baTeam{ID: team, Domain: s.cfg.TeamDomain}, User: s.baUser(team, user),
		APIAppID: s.cfg.AppID, Token: s.cfg.VerificationToken, TriggerID: s.triggerIn(team, user, root),
		View: view, ResponseURLs: []any{},
	}
	payload, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("slacktest: encode view_submission: %w", err)
	}
	return s.submitWithAck("interactive", payload, true, func(ack json.RawMessage, contentType string) { s.viewResponse(viewID, ack, contentType) }), nil
}

// viewResponse does what the ack of a view_submission says. Over HTTP
// the response says it only as JSON: a body with another Content-Type
// is refused, as Slack refuses it.
func (s *Server) viewResponse(viewID string, ack json.RawMessage, contentType string) {
	var r struct {
		Action string            `json:"response_action"`
		View   json.RawMessage   `json:"view"`
		Errors map[string]string `json:"errors"`
	}
	if len(ack) > 0 && string(ack) != "null" {
		if !isJSON(contentType) {
			s.viewViolation(viewID, fmt.Sprintf("[ERROR] a response with a body needs Content-Type: application/json, not %q", contentType))
			return
		}
		if err := json.Unmarshal(ack, &r); err != nil {
			s.viewViolation(viewID, "[ERROR] the response is not a JSON object: "+err.Error())
			return
		}
	}
	var mv modalView
	if r.Action == "update" || r.Action == "push" {
		var code string
		var msgs []string
		mv, code, msgs = s.parseModal("response_action "+r.Action, string(r.View))
		if code != "" {
			s.viewViolation(viewID, append([]string{code}, msgs...)...)
			return
		}
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	m, i := s.findViewLocked(viewID)
	if m == nil {
		return // closed meanwhile
	}
	v := m.stack[i]
	switch r.Action {
	case "":
		if len(r.Errors) > 0 || len(r.View) > 0 {
			s.violationLocked(viewID, "[ERROR] a response with a view or errors needs a response_action")
			return
		}
		m.stack = m.stack[:i]
		if len(m.stack) == 0 {
			s.closeModalLocked(m)
		}
	case "clear":
		s.closeModalLocked(m)
	case "update":
		s.replace(v, string(r.View), &mv, now)
	case "push":
		if len(m.stack) >= maxViewStack {
			s.violationLocked(viewID, "push_limit_reached", fmt.Sprintf("[ERROR] a modal holds at most %d views", maxViewStack))
			return
		}
		nv := s.newView(m.team, m.user, string(r.View), &mv, now)
		nv.RootID, nv.PreviousID = v.RootID, m.stack[len(m.stack)-1].ID
		m.stack = append(m.stack, nv)
	case "errors":
		inputs := inputTypes(v.Blocks)
		var bad []string
		for block := range r.Errors {
			found := false
			for k := range inputs {
				if b, _, _ := strings.Cut(k, "/"); b == block {
					found = true
				}
			}
			if !found {
				bad = append(bad, fmt.Sprintf("[ERROR] errors names %q, which is not an input block of the view", block))
			}
		}
		if len(r.Errors) == 0 {
			bad = append(bad, "[ERROR] response_action errors needs errors")
		}
		if len(bad) > 0 {
			s.violationLocked(viewID, bad...)
			return
		}
		v.Errors = r.Errors
	default:
		s.violationLocked(viewID, fmt.Sprintf("[ERROR] unknown response_action %q", r.Action))
		return
	}
	s.notifyLocked()
}

func (s *Server) viewViolation(viewID string, msgs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violationLocked(viewID, msgs...)
}

// violationLocked records a response to a view submission Slack would
// refuse (the person sees an error in the modal). s.mu must be held.
func (s *Server) violationLocked(viewID string, msgs ...string) {
	s.st.BlockViolations++
	push(s.rec.limit, &s.rec.violations, Violation{Method: "view_submission", Channel: viewID, Time: time.Now(), Messages: msgs})
	s.notifyLocked()
}

// CloseView is the person pressing the Close button of the visible view
// viewID: the view closes and the one under it shows again, or the whole
// modal closes for the root or a view with clear_on_close. A view with
// notify_on_close sends a view_closed interaction (is_cleared when the
// modal closed), whose envelope id is returned; "" otherwise.
func (s *Server) CloseView(viewID string) (string, error) {
	return s.closeView(viewID, false)
}

// DismissModal is the person pressing the modal's × on its visible view
// viewID: every view closes. A visible view with notify_on_close sends a
// view_closed interaction with is_cleared, whose envelope id is returned.
func (s *Server) DismissModal(viewID string) (string, error) {
	return s.closeView(viewID, true)
}

func (s *Server) closeView(viewID string, all bool) (string, error) {
	s.mu.Lock()
	m, v, err := s.topLocked(viewID)
	if err != nil {
		s.mu.Unlock()
		return "", err
	}
	cleared := all || v.ClearOnClose || len(m.stack) == 1
	if cleared {
		s.closeModalLocked(m)
	} else {
		m.stack = m.stack[:len(m.stack)-1]
	}
	s.notifyLocked()
	if !v.NotifyOnClose {
		s.mu.Unlock()
		return "", nil
	}
	view := s.viewBody(v)
	team, user := m.team, m.user
	s.mu.Unlock()
	p := viewPayload{
		Type: "view_closed", Team: baTeam{ID: team, Domain: s.cfg.TeamDomain}, User: s.baUser(team, user),
		APIAppID: s.cfg.AppID, Token: s.cfg.VerificationToken, View: view, IsCleared: &cleared,
	}
	payload, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("slacktest: encode view_closed: %w", err)
	}
	return s.submit("interactive", "", payload, false), nil
}

// SendBlockActionView sends the block_actions interaction of the person
// who opened the modal clicking the button actionID (in block blockID,
// with value) on its visible view viewID. Its trigger can open or push a
// view. The second result is the trigger_id.
func (s *Server) SendBlockActionView(viewID, actionID, blockID, value string) (envelopeID, triggerID string, err error) {
	s.mu.Lock()
	m, v, err := s.topLocked(viewID)
	if err != nil {
		s.mu.Unlock()
		return "", "", err
	}
	view := s.viewBody(v)
	view["type"] = "modal"
	team, user, root := m.team, m.user, v.RootID
	s.mu.Unlock()
	triggerID = s.triggerIn(team, user, root)
	p := blockActionPayload{
		Type:      "block_actions",
		User:      s.baUser(team, user),
		APIAppID:  s.cfg.AppID,
		Token:     s.cfg.VerificationToken,
		Container: baViewContainer{Type: "view", ViewID: viewID},
		TriggerID: triggerID,
		Team:      baTeam{ID: team, Domain: s.cfg.TeamDomain},
		View:      view,
		State:     emptyState,
		Actions:   s.button(actionID, blockID, value),
	}
	payload, _ := json.Marshal(p)
	return s.submit("interactive", "", payload, false), triggerID, nil
}

// inputBlock is an input block as SubmitView reads it.
type inputBlock struct {
	Type     string `json:"type"`
	BlockID  string `json:"block_id"`
	Optional bool   `json:"optional"`
	Element  struct {
		Type     string `json:"type"`
		ActionID string `json:"action_id"`
		// Options stay as the bot sent them: a selection carries its
		// option as it is.
		Options []json.RawMessage `json:"options"`
	} `json:"element"`
}

// inputState is the state.values of a submitted view: every input block,
// with what the person entered in it.
func inputState(blocks json.RawMessage, values map[string]map[string]string) (map[string]any, error) {
	var bs []inputBlock
	_ = json.Unmarshal(blocks, &bs)
	state := map[string]any{}
	known := map[string]bool{}
	for _, b := range bs {
		if b.Type != "input" {
			continue
		}
		e := b.Element
		known[b.BlockID+"/"+e.ActionID] = true
		val, set := values[b.BlockID][e.ActionID]
		if (!set || val == "") && !b.Optional {
			return nil, fmt.Errorf("%w: block %q", ErrRequiredInput, b.BlockID)
		}
		st := map[string]any{"type": e.Type}
		switch e.Type {
		case "radio_buttons", "static_select":
			st["selected_option"] = nil
			if val != "" {
				i := slices.IndexFunc(e.Options, func(raw json.RawMessage) bool {
					var o struct {
						Value string `json:"value"`
					}
					return json.Unmarshal(raw, &o) == nil && o.Value == val
				})
				if i < 0 {
					return nil, fmt.Errorf("%w: %q in block %q", ErrNoSuchOption, val, b.BlockID)
				}
				st["selected_option"] = e.Options[i]
			}
		case "conversations_select":
			st["selected_conversation"] = nullable(val)
		case "channels_select":
			st["selected_channel"] = nullable(val)
		case "users_select":
			st["selected_user"] = nullable(val)
		default:
			st["value"] = nullable(val)
		}
		if state[b.BlockID] == nil {
			state[b.BlockID] = map[string]any{}
		}
		state[b.BlockID].(map[string]any)[e.ActionID] = st
	}
	for block, actions := range values {
		for action := range actions {
			if !known[block+"/"+action] {
				return nil, fmt.Errorf("%w: %s/%s", ErrNoSuchInput, block, action)
			}
		}
	}
	return state, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// inputTypes maps "block_id/action_id" of a view's input blocks to their
// element type.
func inputTypes(blocks json.RawMessage) map[string]string {
	var bs []inputBlock
	_ = json.Unmarshal(blocks, &bs)
	out := map[string]string{}
	for _, b := range bs {
		if b.Type == "input" {
			out[b.BlockID+"/"+b.Element.ActionID] = b.Element.Type
		}
	}
	return out
}
