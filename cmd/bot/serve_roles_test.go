package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/slacktest"
)

// ROLECALL_CURATORS reaches the bot: a named curator and a member of a
// named group may change the directory, an admin too, anyone else not.
func TestServerLetsTheCuratorsChangeTheDirectory(t *testing.T) {
	fake, vars := serveFake(t)
	vars["ROLECALL_CURATORS"] = "U0CURT, S0LEADS"
	fake.SetUserGroup(slacktest.UserGroup{ID: "S0LEADS", Users: []string{"U0LEAD"}})
	fake.SetUser(slacktest.User{ID: "U0ADA", Admin: true})
	cfg, err := loadConfig(slackEnv(vars), true)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := newServer(ctx, cfg, slackEnv(vars), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	base := "http://" + s.Addr()
	waitUntil(t, "/readyz to answer 200", func() bool { code, _ := httpGet(t, base+"/readyz"); return code == 200 })

	for i, tt := range []struct {
		user, text, want string
		public           bool
	}{
		{"U0BOB", "set po <@U0BOB|bob>", "only workspace admins and owners and the curators your team named", false},
		{"U0CURT", "set po <@U0ALICE|alice>", "<@U0CURT> set the *product owner* for the whole workspace to <@U0ALICE>.", true},
		{"U0LEAD", "set po <@U0LEO|leo>", "<@U0LEAD> set the *product owner* for the whole workspace to <@U0LEO>. It was <@U0ALICE>.", true},
		{"U0ADA", "set pm <@U0ALICE|alice>", "<@U0ADA> set the *product manager* for the whole workspace to <@U0ALICE>.", true},
	} {
		text := tt.text
		fake.SendSlash("", "C0GENERAL", tt.user, "/roles", text)
		msgs, err := fake.WaitMessages(ctx, i+1)
		if err != nil {
			t.Fatal(err)
		}
		m := msgs[i]
		if !strings.Contains(m.Text, tt.want) || m.Ephemeral == tt.public {
			t.Errorf("%s: %s %q (ephemeral %v), want %q", tt.user, m.Method, m.Text, m.Ephemeral, tt.want)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not stop within 20s of cancel")
	}
}
