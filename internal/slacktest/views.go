package slacktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// triggerTTL is how long a trigger_id may open a modal, as Slack allows.
const triggerTTL = 3 * time.Second

// Limits of a modal view Slack enforces.
const (
	maxViewTitle    = 24
	maxViewMetadata = 3000
	maxCallbackID   = 255
)

// trigger is a trigger_id the fake handed out with a slash command or an
// interaction: it opens one modal, for the person who acted, within
// triggerTTL.
type trigger struct {
	team, user string
	at         time.Time
	used       bool
}

// View is a modal the bot opened with views.open and that is still open.
type View struct {
	// ID is the view id (V…); SubmitView takes it.
	ID string
	// Team and User are the workspace and the person whose trigger opened
	// it.
	Team, User string
	// CallbackID and PrivateMetadata are the view's, as the bot set them.
	CallbackID, PrivateMetadata string
	// Title is the title's text.
	Title string
	// Blocks are the view's blocks.
	Blocks json.RawMessage
	// JSON is the whole view as the bot sent it.
	JSON json.RawMessage
	// Opened is when views.open was answered.
	Opened time.Time
}

type modals struct {
	triggers map[string]*trigger
	open     []View
}

func newModals() modals { return modals{triggers: map[string]*trigger{}} }

// triggerID returns a trigger_id like Slack's ("12345.98765.abcd…") and
// remembers it for views.open.
func (s *Server) triggerID(team, user string) string {
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
	s.modals.triggers[id] = &trigger{team: team, user: user, at: now}
	return id
}

// Views returns the modals open now, oldest first.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.modals.open)
}

// modalView is the part of a view views.open checks.
type modalView struct {
	Type            string          `json:"type"`
	Title           *textObject     `json:"title"`
	Submit          *textObject     `json:"submit"`
	Close           *textObject     `json:"close"`
	Blocks          json.RawMessage `json:"blocks"`
	PrivateMetadata string          `json:"private_metadata"`
	CallbackID      string          `json:"callback_id"`
	ExternalID      string          `json:"external_id"`
}

// viewsOpen answers views.open: the trigger must be one the fake handed
// out, unused and younger than 3 s; the view a valid modal.
func (s *Server) viewsOpen(call *Call, p map[string]string) apiResult {
	id := p["trigger_id"]
	now := time.Now()
	s.mu.Lock()
	t := s.modals.triggers[id]
	var code string
	switch {
	case t == nil:
		code = "invalid_trigger_id"
	case t.used:
		code = "exchanged_trigger_id"
	case now.Sub(t.at) > triggerTTL:
		code = "expired_trigger_id"
	default:
		t.used = true
	}
	s.mu.Unlock()
	if code != "" {
		return apiResult{err: code}
	}
	call.User = t.user
	raw := p["view"]
	call.View = json.RawMessage(raw)
	var v modalView
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return apiResult{err: "invalid_arguments", detail: []string{"[ERROR] invalid view: " + err.Error() + " [json-pointer:/view]"}}
	}
	if msgs := s.checkModal(&v); len(msgs) > 0 {
		return apiResult{err: "invalid_arguments", detail: msgs}
	}
	if _, msgs := s.validateCached(string(v.Blocks), SurfaceModal); msgs != nil {
		return apiResult{err: "invalid_blocks", detail: msgs}
	}
	view := View{ID: s.newID("V"), Team: t.team, User: t.user, CallbackID: v.CallbackID,
		PrivateMetadata: v.PrivateMetadata, Title: *v.Title.Text, Blocks: v.Blocks, JSON: json.RawMessage(raw), Opened: now}
	s.mu.Lock()
	s.modals.open = append(s.modals.open, view)
	s.mu.Unlock()

	var body map[string]any
	_ = json.Unmarshal([]byte(raw), &body)
	for k, val := range map[string]any{
		"id": view.ID, "team_id": t.team, "state": map[string]any{"values": map[string]any{}},
		"hash": s.nextTS(), "clear_on_close": false, "notify_on_close": false, "previous_view_id": nil,
		"root_view_id": view.ID, "app_id": s.cfg.AppID, "app_installed_team_id": t.team, "bot_id": s.cfg.BotID,
		"external_id": v.ExternalID, "private_metadata": v.PrivateMetadata, "callback_id": v.CallbackID,
	} {
		body[k] = val
	}
	b, err := json.Marshal(map[string]any{"ok": true, "view": body})
	if err != nil {
		return apiResult{err: "fatal_error"}
	}
	return apiResult{body: b}
}

// checkModal applies Slack's rules for a modal's own fields.
func (s *Server) checkModal(v *modalView) []string {
	c := &checker{}
	if v.Type != "modal" {
		c.add("/view/type", "views.open needs a view of type modal, not %q", v.Type)
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

// ErrNoSuchView is SubmitView's error for a view that is not open.
var ErrNoSuchView = errors.New("slacktest: no such open view")

type viewSubmissionPayload struct {
	Type                string         `json:"type"`
	Team                baTeam         `json:"team"`
	User                baUser         `json:"user"`
	APIAppID            string         `json:"api_app_id"`
	Token               string         `json:"token"`
	TriggerID           string         `json:"trigger_id"`
	View                map[string]any `json:"view"`
	ResponseURLs        []any          `json:"response_urls"`
	IsEnterpriseInstall bool           `json:"is_enterprise_install"`
	Enterprise          *string        `json:"enterprise"`
}

// SubmitView sends the view_submission interaction of the person who
// opened the modal viewID pressing its submit button, with values typed
// into its inputs: block_id → action_id → text. The modal is closed (an
// empty ack closes it in Slack too). The envelope accepts a response
// payload (response_action); its id is returned.
func (s *Server) SubmitView(viewID string, values map[string]map[string]string) (string, error) {
	s.mu.Lock()
	i := slices.IndexFunc(s.modals.open, func(v View) bool { return v.ID == viewID })
	if i < 0 {
		s.mu.Unlock()
		return "", fmt.Errorf("%w: %s", ErrNoSuchView, viewID)
	}
	v := s.modals.open[i]
	s.modals.open = slices.Delete(s.modals.open, i, i+1)
	s.mu.Unlock()

	types := inputTypes(v.Blocks)
	state := map[string]any{}
	for block, actions := range values {
		m := map[string]any{}
		for action, text := range actions {
			typ := types[block+"/"+action]
			if typ == "" {
				typ = "plain_text_input"
			}
			m[action] = map[string]any{"type": typ, "value": text}
		}
		state[block] = m
	}
	var view map[string]any
	if err := json.Unmarshal(v.JSON, &view); err != nil {
		return "", fmt.Errorf("slacktest: stored view: %w", err)
	}
	for k, val := range map[string]any{
		"id": v.ID, "team_id": v.Team, "state": map[string]any{"values": state}, "hash": s.nextTS(),
		"clear_on_close": false, "notify_on_close": false, "previous_view_id": nil, "root_view_id": v.ID,
		"app_id": s.cfg.AppID, "app_installed_team_id": v.Team, "bot_id": s.cfg.BotID,
		"private_metadata": v.PrivateMetadata, "callback_id": v.CallbackID,
	} {
		view[k] = val
	}
	if _, ok := view["external_id"]; !ok {
		view["external_id"] = ""
	}
	p := viewSubmissionPayload{
		Type: "view_submission", Team: baTeam{ID: v.Team, Domain: s.cfg.TeamDomain}, User: s.baUser(v.Team, v.User),
		APIAppID: s.cfg.AppID, Token: s.cfg.VerificationToken, TriggerID: s.triggerID(v.Team, v.User),
		View: view, ResponseURLs: []any{},
	}
	payload, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("slacktest: encode view_submission: %w", err)
	}
	return s.submit("interactive", "", payload, true), nil
}

// inputTypes maps "block_id/action_id" of a view's input blocks to their
// element type.
func inputTypes(blocks json.RawMessage) map[string]string {
	var bs []struct {
		Type    string `json:"type"`
		BlockID string `json:"block_id"`
		Element struct {
			Type     string `json:"type"`
			ActionID string `json:"action_id"`
		} `json:"element"`
	}
	_ = json.Unmarshal(blocks, &bs)
	out := map[string]string{}
	for _, b := range bs {
		if b.Type == "input" {
			out[b.BlockID+"/"+b.Element.ActionID] = b.Element.Type
		}
	}
	return out
}
