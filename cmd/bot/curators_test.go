package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRolecallCurators(t *testing.T) {
	env := func(v string) func(string) string {
		return slackEnv(map[string]string{"SLACK_APP_TOKEN": testAppToken, "SLACK_BOT_TOKEN": testBotToken, "ROLECALL_CURATORS": v})
	}
	t.Run("user and group ids separated by commas and spaces are kept in order", func(t *testing.T) {
		c, err := loadConfig(env(" U0ALICE, W0BOB S0CURATORS,, "), true)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"U0ALICE", "W0BOB", "S0CURATORS"}, c.Curators); diff != "" {
			t.Errorf("Curators (-want +got):\n%s", diff)
		}
	})
	t.Run("unset means no curators but admins and owners", func(t *testing.T) {
		c, err := loadConfig(env(""), true)
		if err != nil || len(c.Curators) != 0 {
			t.Errorf("Curators = %v, err %v", c, err)
		}
	})
	for _, tt := range []struct {
		name, v string
		want    []string
	}{
		{"a name is refused with how to find the id", "@alice", []string{`ROLECALL_CURATORS: "@alice" is a name or a mention`, "Copy member ID"}},
		{"a mention is refused", "<@U0ALICE>", []string{`"<@U0ALICE>" is a name or a mention`}},
		{"a channel id is not a curator", "C0GENERAL", []string{`"C0GENERAL" is not a user id`, "user group id (S…)"}},
		{"every bad entry is listed at once", "alice, U0BOB, bob", []string{`"alice"`, `"bob"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadConfig(env(tt.v), true)
			if err == nil {
				t.Fatalf("loadConfig(%q) succeeded", tt.v)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}
