package slacktest_test

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolecall/rolecall/internal/slacktest"
)

func TestUsersInfoReportsWhatTheTestSet(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	s.SetUser(slacktest.User{ID: "U0ADA", Admin: true})
	s.SetUser(slacktest.User{ID: "U0OWEN", Owner: true, PrimaryOwner: true, Name: "owen.o"})
	s.SetUser(slacktest.User{ID: "U0GONE", Deleted: true})
	tests := []struct {
		id                    string
		name                  string
		admin, owner, deleted bool
	}{
		{"U0ADA", "ada", true, false, false},
		{"U0OWEN", "owen.o", false, true, false},
		{"U0GONE", "gone", false, false, true},
		{"U0ALICE", "alice", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			_, m := post(t, s, "users.info", url.Values{"token": {s.Config().BotToken}, "user": {tt.id}})
			u, _ := m["user"].(map[string]any)
			if m["ok"] != true || u["id"] != tt.id || u["name"] != tt.name {
				t.Fatalf("users.info = %v", m)
			}
			if u["is_admin"] != tt.admin || u["is_owner"] != tt.owner || u["deleted"] != tt.deleted {
				t.Errorf("is_admin %v is_owner %v deleted %v, want %v %v %v", u["is_admin"], u["is_owner"], u["deleted"], tt.admin, tt.owner, tt.deleted)
			}
		})
	}
}

func TestUserGroupsListAndMembers(t *testing.T) {
	s := slacktest.NewT(t, slacktest.Config{})
	tok := s.Config().BotToken
	s.SetUserGroup(slacktest.UserGroup{ID: "S0DESIGN", Users: []string{"U0ALICE", "U0BOB"}})
	s.SetUserGroup(slacktest.UserGroup{ID: "S0OLD", Handle: "old-team", Users: []string{"U0CAROL"}, Disabled: true})

	ids := func(m map[string]any) []string {
		var out []string
		gs, _ := m["usergroups"].([]any)
		for _, g := range gs {
			out = append(out, g.(map[string]any)["id"].(string))
		}
		return out
	}
	t.Run("usergroups.list hides disabled groups unless asked", func(t *testing.T) {
		_, m := post(t, s, "usergroups.list", url.Values{"token": {tok}})
		if diff := cmp.Diff([]string{"S0DESIGN"}, ids(m)); diff != "" {
			t.Errorf("groups (-want +got):\n%s", diff)
		}
		_, m = post(t, s, "usergroups.list", url.Values{"token": {tok}, "include_disabled": {"true"}, "include_users": {"true"}})
		if diff := cmp.Diff([]string{"S0DESIGN", "S0OLD"}, ids(m)); diff != "" {
			t.Errorf("groups with disabled (-want +got):\n%s", diff)
		}
		old := m["usergroups"].([]any)[1].(map[string]any)
		if old["date_delete"].(float64) == 0 || old["handle"] != "old-team" || len(old["users"].([]any)) != 1 {
			t.Errorf("disabled group = %v, want date_delete set, its handle and its users", old)
		}
		if design := m["usergroups"].([]any)[0].(map[string]any); design["date_delete"].(float64) != 0 || design["handle"] != "design" {
			t.Errorf("enabled group = %v", design)
		}
	})
	t.Run("usergroups.users.list lists members", func(t *testing.T) {
		_, m := post(t, s, "usergroups.users.list", url.Values{"token": {tok}, "usergroup": {"S0DESIGN"}})
		if diff := cmp.Diff([]any{"U0ALICE", "U0BOB"}, m["users"]); diff != "" || m["ok"] != true {
			t.Errorf("members (-want +got):\n%s\n%v", diff, m)
		}
	})
	for _, tt := range []struct {
		name string
		form url.Values
		want string
	}{
		{"an unknown group is no_such_subteam", url.Values{"usergroup": {"S0NOPE"}}, "no_such_subteam"},
		{"a disabled group is no_such_subteam without include_disabled", url.Values{"usergroup": {"S0OLD"}}, "no_such_subteam"},
		{"no group is refused", url.Values{}, "invalid_arguments"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.form.Set("token", tok)
			_, m := post(t, s, "usergroups.users.list", tt.form)
			if m["error"] != tt.want {
				t.Errorf("answer = %v, want error %s", m, tt.want)
			}
		})
	}
	_, m := post(t, s, "usergroups.users.list", url.Values{"token": {tok}, "usergroup": {"S0OLD"}, "include_disabled": {"true"}})
	if diff := cmp.Diff([]any{"U0CAROL"}, m["users"]); diff != "" {
		t.Errorf("disabled group's members with include_disabled (-want +got):\n%s", diff)
	}
}
