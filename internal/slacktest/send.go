package slacktest

import (
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"
)

// The senders shape payloads as Slack sends them over Socket Mode. An empty
// team means Config.TeamID; an empty ts a fresh one (NewTS).

type authorization struct {
	EnterpriseID        *string `json:"enterprise_id"`
	TeamID              string  `json:"team_id"`
	UserID              string  `json:"user_id"`
	IsBot               bool    `json:"is_bot"`
	IsEnterpriseInstall bool    `json:"is_enterprise_install"`
}

type eventWrapper struct {
	Token              string          `json:"token"`
	TeamID             string          `json:"team_id"`
	APIAppID           string          `json:"api_app_id"`
	Event              any             `json:"event"`
	Type               string          `json:"type"`
	EventID            string          `json:"event_id"`
	EventTime          int64           `json:"event_time"`
	Authorizations     []authorization `json:"authorizations"`
	AuthedUsers        []string        `json:"authed_users"`
	IsExtSharedChannel bool            `json:"is_ext_shared_channel"`
	EventContext       string          `json:"event_context"`
}

type messageEvent struct {
	Type        string `json:"type"`
	Subtype     string `json:"subtype,omitempty"`
	User        string `json:"user,omitempty"`
	BotID       string `json:"bot_id,omitempty"`
	AppID       string `json:"app_id,omitempty"`
	Text        string `json:"text"`
	TS          string `json:"ts"`
	ThreadTS    string `json:"thread_ts,omitempty"`
	Channel     string `json:"channel"`
	ChannelType string `json:"channel_type,omitempty"`
	Team        string `json:"team,omitempty"`
	ClientMsgID string `json:"client_msg_id,omitempty"`
	EventTS     string `json:"event_ts"`
}

func (s *Server) team(t string) string {
	if t == "" {
		return s.cfg.TeamID
	}
	return t
}

func (s *Server) ts(ts string) string {
	if ts == "" {
		return s.nextTS()
	}
	return ts
}

// uuid returns a UUID-shaped id unique to this server (client_msg_id).
func (s *Server) uuid() string {
	return fmt.Sprintf("%s-0000-4000-a000-%012x", s.idpfx, s.seq.Add(1))
}

// eventID returns a fresh event_id like Slack's ("Ev0A1B2C3D4E").
func (s *Server) eventID() string { return s.newID("Ev") }

// sendEvent wraps an inner event in the Events API wrapper and sends it.
func (s *Server) sendEvent(team string, ev any) (envelopeID, eventID string) {
	team = s.team(team)
	eventID = s.eventID()
	w := eventWrapper{
		Token: s.cfg.VerificationToken, TeamID: team, APIAppID: s.cfg.AppID, Event: ev,
		Type: "event_callback", EventID: eventID, EventTime: time.Now().Unix(),
		Authorizations: []authorization{{TeamID: team, UserID: s.cfg.BotUserID, IsBot: true}},
		AuthedUsers:    []string{s.cfg.BotUserID},
		EventContext:   "4-" + eventID,
	}
	payload, err := json.Marshal(w)
	if err != nil {
		// Only a caller's event can fail to encode (SendMessage); say so in the frame.
		payload = []byte(fmt.Sprintf(`{"type":"event_callback","event_id":%q,"error":%q}`, eventID, err.Error()))
	}
	return s.submit("events_api", eventID, payload, false), eventID
}

// SendMention sends an app_mention event from user in channel. The text
// gets the bot's mention ("<@U0BOT> ") in front unless it already contains
// it. threadTS, when set, makes it a reply in that thread.
func (s *Server) SendMention(team, channel, user, text, ts, threadTS string) (envelopeID, eventID string) {
	mention := "<@" + s.cfg.BotUserID + ">"
	if !strings.Contains(text, mention) {
		text = mention + " " + text
	}
	ts = s.ts(ts)
	return s.sendEvent(team, messageEvent{
		Type: "app_mention", User: user, Text: text, TS: ts, ThreadTS: threadTS, Channel: channel,
		Team: s.team(team), ClientMsgID: s.uuid(), EventTS: ts,
	})
}

// SendDM sends a message event from user in the user's DM with the bot
// (channel DMChannel(user), channel_type "im").
func (s *Server) SendDM(team, user, text, ts string) (envelopeID, eventID string) {
	ts = s.ts(ts)
	return s.sendEvent(team, messageEvent{
		Type: "message", User: user, Text: text, TS: ts, Channel: s.DMChannel(user), ChannelType: "im",
		Team: s.team(team), ClientMsgID: s.uuid(), EventTS: ts,
	})
}

// SendMessage sends any inner event (an events_api envelope); event_ts is
// filled from ts (or a fresh ts) when missing.
func (s *Server) SendMessage(event map[string]any) (envelopeID, eventID string) {
	event = maps.Clone(event)
	if _, ok := event["event_ts"]; !ok {
		ts, _ := event["ts"].(string)
		event["event_ts"] = s.ts(ts)
	}
	return s.sendEvent("", event)
}

// SendAppHomeOpened sends app_home_opened for the Home tab of user.
func (s *Server) SendAppHomeOpened(team, user string) (envelopeID, eventID string) {
	return s.sendEvent(team, map[string]any{
		"type": "app_home_opened", "user": user, "channel": s.DMChannel(user), "tab": "home",
		"event_ts": s.nextTS(),
	})
}

// echo sends the message event Slack sends back for a message the bot
// posted (Config.EchoBotMessages).
func (s *Server) echo(m *Message) {
	typ := "channel"
	switch {
	case strings.HasPrefix(m.Channel, "D"):
		typ = "im"
	case strings.HasPrefix(m.Channel, "G"):
		typ = "group"
	}
	s.sendEvent("", messageEvent{
		Type: "message", User: s.cfg.BotUserID, BotID: s.cfg.BotID, AppID: s.cfg.AppID, Text: m.Text,
		TS: m.TS, ThreadTS: m.ThreadTS, Channel: m.Channel, ChannelType: typ, Team: s.cfg.TeamID, EventTS: m.TS,
	})
}

func (s *Server) responseURL(channel, user string) string {
	return s.base + "/response/" + channel + "/" + user + "/" + strconv.FormatUint(s.seq.Add(1), 10)
}

// channelName is the name the fake gives a channel id.
func channelName(id string) string {
	if strings.HasPrefix(id, "D") {
		return "directmessage"
	}
	return strings.ToLower(id)
}

// slashPayload is the flat form of a slash command, as Socket Mode sends it.
type slashPayload struct {
	Token       string `json:"token"`
	TeamID      string `json:"team_id"`
	TeamDomain  string `json:"team_domain"`
	ChannelID   string `json:"channel_id"`
	ChannelName string `json:"channel_name"`
	UserID      string `json:"user_id"`
	UserName    string `json:"user_name"`
	Command     string `json:"command"`
	Text        string `json:"text"`
	APIAppID    string `json:"api_app_id"`
	ResponseURL string `json:"response_url"`
	TriggerID   string `json:"trigger_id"`
}

// SendSlash sends a slash_commands envelope (accepts_response_payload true)
// for command ("/roles") with text from user in channel. The second result
// is the trigger_id.
func (s *Server) SendSlash(team, channel, user, command, text string) (envelopeID, triggerID string) {
	team = s.team(team)
	triggerID = s.triggerID(team, user)
	p := slashPayload{
		Token: s.cfg.VerificationToken, TeamID: team, TeamDomain: s.cfg.TeamDomain,
		ChannelID: channel, ChannelName: channelName(channel), UserID: user,
		UserName: userName(user), Command: command, Text: text, APIAppID: s.cfg.AppID,
		ResponseURL: s.responseURL(channel, user), TriggerID: triggerID,
	}
	payload, _ := json.Marshal(p)
	return s.submit("slash_commands", "", payload, true), triggerID
}

type blockActionPayload struct {
	Type                string           `json:"type"`
	User                baUser           `json:"user"`
	APIAppID            string           `json:"api_app_id"`
	Token               string           `json:"token"`
	Container           any              `json:"container"`
	TriggerID           string           `json:"trigger_id"`
	Team                baTeam           `json:"team"`
	Enterprise          *string          `json:"enterprise"`
	IsEnterpriseInstall bool             `json:"is_enterprise_install"`
	Channel             *baChannel       `json:"channel,omitempty"`
	Message             *messageEvent    `json:"message,omitempty"`
	View                map[string]any   `json:"view,omitempty"`
	State               json.RawMessage  `json:"state"`
	ResponseURL         string           `json:"response_url,omitempty"`
	Actions             []baButtonAction `json:"actions"`
}

// The parts of a block_actions payload, typed: the load benchmark sends
// thousands a second, and encoding maps sorts their keys every time.
type baUser struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Name     string `json:"name"`
	TeamID   string `json:"team_id"`
}

type baTeam struct {
	ID     string `json:"id"`
	Domain string `json:"domain"`
}

type baChannel struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type baMessageContainer struct {
	Type        string `json:"type"`
	MessageTS   string `json:"message_ts"`
	ChannelID   string `json:"channel_id"`
	IsEphemeral bool   `json:"is_ephemeral"`
	ThreadTS    string `json:"thread_ts,omitempty"`
}

type baViewContainer struct {
	Type   string `json:"type"`
	ViewID string `json:"view_id"`
}

type baText struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Emoji bool   `json:"emoji"`
}

type baButtonAction struct {
	ActionID string `json:"action_id"`
	BlockID  string `json:"block_id"`
	Value    string `json:"value"`
	Type     string `json:"type"`
	Text     baText `json:"text"`
	ActionTS string `json:"action_ts"`
}

var emptyState = json.RawMessage(`{"values":{}}`)

func (s *Server) baUser(team, user string) baUser {
	n := userName(user)
	return baUser{ID: user, Username: n, Name: n, TeamID: team}
}

func (s *Server) button(actionID, blockID, value string) []baButtonAction {
	return []baButtonAction{{ActionID: actionID, BlockID: blockID, Value: value, Type: "button",
		Text: baText{Type: "plain_text", Text: actionID, Emoji: true}, ActionTS: s.nextTS()}}
}

func (s *Server) blockAction(team, channel, user, messageTS, threadTS, actionID, blockID, value string, ephemeral bool) (string, string) {
	team = s.team(team)
	triggerID := s.triggerID(team, user)
	p := blockActionPayload{
		Type:        "block_actions",
		User:        s.baUser(team, user),
		APIAppID:    s.cfg.AppID,
		Token:       s.cfg.VerificationToken,
		Container:   baMessageContainer{Type: "message", MessageTS: messageTS, ChannelID: channel, IsEphemeral: ephemeral, ThreadTS: threadTS},
		TriggerID:   triggerID,
		Team:        baTeam{ID: team, Domain: s.cfg.TeamDomain},
		Channel:     &baChannel{ID: channel, Name: channelName(channel)},
		State:       emptyState,
		ResponseURL: s.responseURL(channel, user),
		Actions:     s.button(actionID, blockID, value),
	}
	if !ephemeral {
		p.Message = &messageEvent{Type: "message", User: s.cfg.BotUserID, BotID: s.cfg.BotID, AppID: s.cfg.AppID,
			TS: messageTS, ThreadTS: threadTS, Team: team}
	}
	payload, _ := json.Marshal(p)
	return s.submit("interactive", "", payload, false), triggerID
}

// SendBlockAction sends a block_actions interaction: user clicked the button
// actionID (in block blockID, with value) on the bot's message messageTS in
// channel; threadTS is the message's thread, if any. The second result is
// the trigger_id.
func (s *Server) SendBlockAction(team, channel, user, messageTS, threadTS, actionID, blockID, value string) (envelopeID, triggerID string) {
	return s.blockAction(team, channel, user, messageTS, threadTS, actionID, blockID, value, false)
}

// SendBlockActionEphemeral is SendBlockAction for a button on an ephemeral
// message: the container says is_ephemeral and there is no message.
func (s *Server) SendBlockActionEphemeral(team, channel, user, messageTS, threadTS, actionID, blockID, value string) (envelopeID, triggerID string) {
	return s.blockAction(team, channel, user, messageTS, threadTS, actionID, blockID, value, true)
}

// SendBlockActionHome is SendBlockAction for a button on user's App Home
// tab: the container is the home view.
func (s *Server) SendBlockActionHome(team, user, actionID, blockID, value string) (envelopeID, triggerID string) {
	team = s.team(team)
	triggerID = s.triggerID(team, user)
	viewID := "V" + s.DMChannel(user)[1:]
	p := blockActionPayload{
		Type:      "block_actions",
		User:      s.baUser(team, user),
		APIAppID:  s.cfg.AppID,
		Token:     s.cfg.VerificationToken,
		Container: baViewContainer{Type: "view", ViewID: viewID},
		TriggerID: triggerID,
		Team:      baTeam{ID: team, Domain: s.cfg.TeamDomain},
		View:      map[string]any{"id": viewID, "type": "home", "team_id": team, "app_id": s.cfg.AppID, "bot_id": s.cfg.BotID, "blocks": []any{}, "state": map[string]any{"values": map[string]any{}}},
		State:     emptyState,
		Actions:   s.button(actionID, blockID, value),
	}
	payload, _ := json.Marshal(p)
	return s.submit("interactive", "", payload, false), triggerID
}

// shortcutPayload is a global shortcut (type "shortcut") or a message
// shortcut (type "message_action", with the channel and the message).
type shortcutPayload struct {
	Type                string        `json:"type"`
	Token               string        `json:"token"`
	ActionTS            string        `json:"action_ts"`
	Team                baTeam        `json:"team"`
	User                baUser        `json:"user"`
	APIAppID            string        `json:"api_app_id"`
	IsEnterpriseInstall bool          `json:"is_enterprise_install"`
	Enterprise          *string       `json:"enterprise"`
	CallbackID          string        `json:"callback_id"`
	TriggerID           string        `json:"trigger_id"`
	Channel             *baChannel    `json:"channel,omitempty"`
	MessageTS           string        `json:"message_ts,omitempty"`
	Message             *messageEvent `json:"message,omitempty"`
	ResponseURL         string        `json:"response_url,omitempty"`
}

// SendShortcut sends the "shortcut" interaction of user running the app's
// global shortcut callbackID (from the shortcuts menu or search): no
// channel, no message, a trigger_id good for one modal within 3 s. The
// second result is the trigger_id.
func (s *Server) SendShortcut(team, user, callbackID string) (envelopeID, triggerID string) {
	team = s.team(team)
	triggerID = s.triggerID(team, user)
	p := shortcutPayload{
		Type: "shortcut", Token: s.cfg.VerificationToken, ActionTS: s.nextTS(), Team: baTeam{ID: team, Domain: s.cfg.TeamDomain},
		User: s.baUser(team, user), APIAppID: s.cfg.AppID, CallbackID: callbackID, TriggerID: triggerID,
	}
	payload, _ := json.Marshal(p)
	return s.submit("interactive", "", payload, false), triggerID
}

// ShortcutMessage is the message a message shortcut is run on.
type ShortcutMessage struct {
	// User wrote it (empty for a bot's message, which has BotID).
	User, BotID string
	Text        string
	// TS is the message's ts (a fresh one when empty); ThreadTS the thread
	// it is a reply in, if any.
	TS, ThreadTS string
}

// SendMessageAction sends the "message_action" interaction of user running
// the app's message shortcut callbackID on msg in channel: the whole
// message, a response_url and a trigger_id. The second result is the
// trigger_id.
func (s *Server) SendMessageAction(team, channel, user, callbackID string, msg ShortcutMessage) (envelopeID, triggerID string) {
	team = s.team(team)
	triggerID = s.triggerID(team, user)
	ts := s.ts(msg.TS)
	m := &messageEvent{Type: "message", User: msg.User, BotID: msg.BotID, Text: msg.Text, TS: ts, ThreadTS: msg.ThreadTS, Team: team}
	if msg.User != "" {
		m.ClientMsgID = s.uuid()
	}
	p := shortcutPayload{
		Type: "message_action", Token: s.cfg.VerificationToken, ActionTS: s.nextTS(), Team: baTeam{ID: team, Domain: s.cfg.TeamDomain},
		User: s.baUser(team, user), APIAppID: s.cfg.AppID, CallbackID: callbackID, TriggerID: triggerID,
		Channel: &baChannel{ID: channel, Name: channelName(channel)}, MessageTS: ts, Message: m,
		ResponseURL: s.responseURL(channel, user),
	}
	payload, _ := json.Marshal(p)
	return s.submit("interactive", "", payload, false), triggerID
}

// SendEnvelope sends an envelope of any type with payload (encoded with
// encoding/json; a json.RawMessage or []byte goes as-is) and returns its
// envelope id. slash_commands envelopes accept a response payload.
func (s *Server) SendEnvelope(typ string, payload any) string {
	var raw []byte
	switch p := payload.(type) {
	case json.RawMessage:
		raw = p
	case []byte:
		raw = p
	default:
		b, err := json.Marshal(p)
		if err != nil {
			b = []byte(strconv.Quote(err.Error()))
		}
		raw = b
	}
	var eventID string
	if typ == "events_api" {
		var probe struct {
			EventID string `json:"event_id"`
		}
		if json.Unmarshal(raw, &probe) == nil {
			eventID = probe.EventID
		}
	}
	return s.submit(typ, eventID, raw, typ == "slash_commands")
}
