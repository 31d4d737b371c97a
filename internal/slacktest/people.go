package slacktest

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/rolecall/rolecall/internal/jsonenc"
)

// User is a workspace member as users.info describes one. Users the test
// never set are ordinary members: not admins, not deleted, named after
// their id (U0ALICE is "alice").
type User struct {
	// ID is the user id (U… or W…).
	ID string
	// Name is the handle; empty derives it from the id.
	Name string
	// Admin, Owner and PrimaryOwner are is_admin, is_owner and
	// is_primary_owner. Slack sets is_admin for owners too; the fake
	// reports exactly what the test set.
	Admin, Owner, PrimaryOwner bool
	// Deleted marks a deactivated account: users.info still answers, with
	// "deleted": true.
	Deleted bool
}

// UserGroup is a user group ("subteam") as usergroups.list describes one.
type UserGroup struct {
	// ID is the group id (S…).
	ID string
	// Handle is what @ mentions it ("design"); empty derives it from the id.
	Handle string
	// Name is the display name; empty uses the handle.
	Name string
	// Users are the members' ids.
	Users []string
	// Disabled marks a group an admin disabled (Slack's "deleted" group):
	// usergroups.list shows it, with date_delete set, only with
	// include_disabled; usergroups.users.list refuses it without
	// include_disabled.
	Disabled bool
}

type people struct {
	users  map[string]User
	groups map[string]UserGroup
}

func newPeople() people {
	return people{users: map[string]User{}, groups: map[string]UserGroup{}}
}

// SetUser makes users.info describe u (replacing any earlier SetUser of the
// same id).
func (s *Server) SetUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.people.users[u.ID] = u
}

// SetUserGroup creates or replaces a user group, as usergroups.list and
// usergroups.users.list report it.
func (s *Server) SetUserGroup(g UserGroup) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g.Users = slices.Clone(g.Users)
	s.people.groups[g.ID] = g
}

func (s *Server) user(id string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.people.users[id]
	return u, ok
}

// groupHandle derives a handle from a group id: S0DESIGN → "design".
func groupHandle(id string) string {
	n := strings.TrimLeft(strings.TrimPrefix(id, "S"), "0")
	if n == "" {
		n = id
	}
	return strings.ToLower(n)
}

// truthy reads a boolean Web API argument as Slack does: "true" or "1".
func truthy(v string) bool { return v == "true" || v == "1" }

// subteam is a usergroups.list entry (objs_subteam in Slack's OpenAPI spec).
type subteam struct {
	ID                  string    `json:"id"`
	TeamID              string    `json:"team_id"`
	IsUsergroup         bool      `json:"is_usergroup"`
	IsSubteam           bool      `json:"is_subteam"`
	Name                string    `json:"name"`
	Description         string    `json:"description"`
	Handle              string    `json:"handle"`
	IsExternal          bool      `json:"is_external"`
	DateCreate          int64     `json:"date_create"`
	DateUpdate          int64     `json:"date_update"`
	DateDelete          int64     `json:"date_delete"`
	AutoType            *string   `json:"auto_type"`
	AutoProvision       bool      `json:"auto_provision"`
	EnterpriseSubteamID string    `json:"enterprise_subteam_id"`
	CreatedBy           string    `json:"created_by"`
	UpdatedBy           string    `json:"updated_by"`
	DeletedBy           *string   `json:"deleted_by"`
	Prefs               prefs     `json:"prefs"`
	UserCount           int       `json:"user_count"`
	Users               *[]string `json:"users,omitempty"`
}

type prefs struct {
	Channels []string `json:"channels"`
	Groups   []string `json:"groups"`
}

// usergroupsList answers usergroups.list: the enabled groups, and the
// disabled ones with include_disabled, by id; include_users adds members.
func (s *Server) usergroupsList(p map[string]string) apiResult {
	s.mu.Lock()
	gs := make([]UserGroup, 0, len(s.people.groups))
	for _, g := range s.people.groups {
		gs = append(gs, g)
	}
	s.mu.Unlock()
	slices.SortFunc(gs, func(a, b UserGroup) int { return strings.Compare(a.ID, b.ID) })
	withDisabled, withUsers := truthy(p["include_disabled"]), truthy(p["include_users"])
	out := struct {
		OK         bool      `json:"ok"`
		Usergroups []subteam `json:"usergroups"`
	}{OK: true, Usergroups: []subteam{}}
	for _, g := range gs {
		if g.Disabled && !withDisabled {
			continue
		}
		handle := g.Handle
		if handle == "" {
			handle = groupHandle(g.ID)
		}
		name := g.Name
		if name == "" {
			name = handle
		}
		st := subteam{ID: g.ID, TeamID: s.cfg.TeamID, IsUsergroup: true, Name: name, Handle: handle,
			DateCreate: 1700000000, DateUpdate: 1700000000, CreatedBy: s.cfg.BotUserID, UpdatedBy: s.cfg.BotUserID,
			Prefs: prefs{Channels: []string{}, Groups: []string{}}, UserCount: len(g.Users)}
		if g.Disabled {
			st.DateDelete = 1700000100
		}
		if withUsers {
			us := slices.Clone(g.Users)
			if us == nil {
				us = []string{}
			}
			st.Users = &us
		}
		out.Usergroups = append(out.Usergroups, st)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return apiResult{err: "fatal_error"}
	}
	return apiResult{body: b}
}

// usergroupsUsersList answers usergroups.users.list: the members of one
// group. An unknown group is no_such_subteam, as Slack documents; so is a
// disabled one without include_disabled (an assumption: Slack documents
// that the flag "allows results that involve disabled User Groups", not
// what happens without it).
func (s *Server) usergroupsUsersList(p map[string]string) apiResult {
	id := p["usergroup"]
	if id == "" {
		return apiResult{err: "invalid_arguments", detail: []string{"[ERROR] missing required field: usergroup"}}
	}
	s.mu.Lock()
	g, ok := s.people.groups[id]
	s.mu.Unlock()
	if !ok || (g.Disabled && !truthy(p["include_disabled"])) {
		return apiResult{err: "no_such_subteam"}
	}
	b := append(make([]byte, 0, 64+12*len(g.Users)), `{"ok":true,"users":[`...)
	for i, u := range g.Users {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonenc.AppendString(b, u)
	}
	return apiResult{body: append(b, "]}"...)}
}

// appendUser appends the users.info "user" object of id.
func (s *Server) appendUser(b []byte, id string) []byte {
	u, set := s.user(id)
	name := u.Name
	if name == "" {
		name = userName(id)
	}
	real := strings.ToUpper(name[:1]) + name[1:]
	isBot := id == s.cfg.BotUserID
	b = append(b, '{')
	b = appendField(b, "id", id)
	b = appendField(b, "team_id", s.cfg.TeamID)
	b = appendField(b, "name", name)
	b = append(b, `,"deleted":`...)
	b = strconv.AppendBool(b, set && u.Deleted)
	b = append(b, `,"color":"9f69e7"`...)
	b = appendField(b, "real_name", real)
	b = append(b, `,"tz":"Europe/Berlin","tz_label":"Central European Time","tz_offset":3600,"profile":{`...)
	b = appendField(b, "real_name", real)
	b = appendField(b, "display_name", name)
	b = appendField(b, "real_name_normalized", real)
	b = appendField(b, "display_name_normalized", name)
	b = appendField(b, "team", s.cfg.TeamID)
	b = append(b, `},"is_admin":`...)
	b = strconv.AppendBool(b, u.Admin)
	b = append(b, `,"is_owner":`...)
	b = strconv.AppendBool(b, u.Owner)
	b = append(b, `,"is_primary_owner":`...)
	b = strconv.AppendBool(b, u.PrimaryOwner)
	b = append(b, `,"is_restricted":false,"is_ultra_restricted":false,"is_bot":`...)
	b = strconv.AppendBool(b, isBot)
	return append(b, `,"is_app_user":false,"updated":1700000000,"locale":"en-US"}`...)
}
