package slackapp_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rolecall/rolecall/internal/directory"
	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// fakePeople is a workspace's people: who is an admin or an owner, who
// left, which groups exist and who is in them. fail makes every call fail
// as Slack would when it is down; calls counts the calls.
type fakePeople struct {
	mu      sync.Mutex
	users   map[string]slackapp.Person
	groups  map[string][]string // id → members
	deleted map[string]bool     // deleted groups
	fail    error
	calls   int
}

func newPeople() *fakePeople {
	return &fakePeople{users: map[string]slackapp.Person{}, groups: map[string][]string{}, deleted: map[string]bool{}}
}

func (p *fakePeople) User(ctx context.Context, team, id string) (slackapp.Person, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.fail != nil {
		return slackapp.Person{}, p.fail
	}
	if u, ok := p.users[id]; ok {
		return u, nil
	}
	return slackapp.Person{ID: id}, nil
}

func (p *fakePeople) Groups(ctx context.Context, team string) ([]slackapp.Group, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.fail != nil {
		return nil, p.fail
	}
	var out []slackapp.Group
	for id := range p.groups {
		out = append(out, slackapp.Group{ID: id, Deleted: p.deleted[id]})
	}
	return out, nil
}

func (p *fakePeople) Members(ctx context.Context, team, group string) ([]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.fail != nil {
		return nil, p.fail
	}
	if p.deleted[group] {
		return nil, nil
	}
	return p.groups[group], nil
}

func (p *fakePeople) set(u slackapp.Person) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.users[u.ID] = u
}

// dirRig is a router over a real store, with people and curators.
type dirRig struct {
	t      *testing.T
	rt     *slackapp.Router
	store  *session.Store
	people *fakePeople
}

const (
	curator  = "U0CURATOR"
	admin    = "U0ADMIN"
	owner    = "U0OWNER"
	bob      = "U0BOB"
	lead     = "U0LEAD"
	leads    = "S0LEADS"
	dirTeam  = "T0DIR"
	general  = "C0GENERAL"
	payments = "C0PAYMENTS"
)

func newDirRig(t *testing.T) *dirRig { t.Helper(); return newDirRigWith(t, nil) }

// newDirRigWith is newDirRig with an Answerer.
func newDirRigWith(t *testing.T, ans slackapp.Answerer) *dirRig {
	t.Helper()
	ctx := context.Background()
	store, err := session.Open(ctx, session.Config{URL: redistest.URL(t), Prefix: redistest.Prefix(t)}, nil)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	people := newPeople()
	people.set(slackapp.Person{ID: admin, Admin: true})
	people.set(slackapp.Person{ID: owner, Owner: true})
	people.groups[leads] = []string{lead}
	people.groups["S0PMS"] = []string{"U0PAM", "U0PIA"}
	rt, err := slackapp.NewRouter(slackapp.Config{Engine: testEngine(t), Store: store, Metrics: ops.New(), Answerer: ans,
		People: people, Curators: []string{curator, leads}})
	if err != nil {
		t.Fatal(err)
	}
	return &dirRig{t: t, rt: rt, store: store, people: people}
}

var slashSeq int

// slash handles /roles text from user in channel (a DM when channel starts
// with D) as a fresh delivery and returns the replies.
func (r *dirRig) slash(user, channel, text string) []slackapp.Reply {
	r.t.Helper()
	slashSeq++
	return r.slashID(user, channel, text, "slash:"+time.Now().Format("150405.000000000")+"."+string(rune('a'+slashSeq%26)))
}

func (r *dirRig) slashID(user, channel, text, id string) []slackapp.Reply {
	r.t.Helper()
	req := &slackapp.Request{Kind: slackapp.KindSlash, ID: id, Team: dirTeam, User: user, Channel: channel,
		DM: strings.HasPrefix(channel, "D"), Text: text, Command: "/roles"}
	if rep, ok := r.rt.Immediate(context.Background(), req); ok {
		checkLimits(r.t, rep.Content)
		return []slackapp.Reply{rep}
	}
	return handle(r.t, r.rt, req)
}

// mention asks in channel.
func (r *dirRig) mention(user, channel, text string) slackapp.Reply {
	r.t.Helper()
	return one(r.t, handle(r.t, r.rt, &slackapp.Request{Kind: slackapp.KindMention, Team: dirTeam, User: user, Channel: channel,
		TS: "1700000000.000100", Text: "<@U0BOT> " + text}))
}

func (r *dirRig) dm(user, text string) slackapp.Reply {
	r.t.Helper()
	return one(r.t, handle(r.t, r.rt, &slackapp.Request{Kind: slackapp.KindDM, DM: true, Team: dirTeam, User: user, Channel: "D" + user[1:],
		TS: "1700000000.000100", Text: text}))
}

func (r *dirRig) snapshot() directory.Snapshot {
	r.t.Helper()
	s, err := r.store.Directory(context.Background(), dirTeam)
	if err != nil {
		r.t.Fatal(err)
	}
	return s
}

func wants(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

func lacks(t *testing.T, what, got string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(got, b) {
			t.Errorf("%s has %q:\n%s", what, b, got)
		}
	}
}

func TestSetThenAskNamesThePersonWhereAsked(t *testing.T) {
	r := newDirRig(t)
	rs := r.slash(curator, general, "set po <@U0ALICE|alice> <#C0GENERAL|general>")
	c := one(t, rs)
	if c.Ephemeral || c.Channel != general {
		t.Errorf("confirmation %+v, want a public post in %s", c, general)
	}
	wants(t, "confirmation", allText(c.Content), "<@U0CURATOR> set the *product owner* for this channel to <@U0ALICE>.")

	r.slash(curator, general, "set pm <!subteam^S0PMS|@pms>")

	t.Run("in that channel the channel's product owner is named", func(t *testing.T) {
		a := r.mention(bob, general, "who owns the backlog?")
		wants(t, "answer", allText(a.Content), "Owner: Product owner", "In this channel that's <@U0ALICE>.",
			"Owner: Product owner — in this channel that's <@U0ALICE>.")
	})
	t.Run("in another channel nobody is, and the reply says how to set one", func(t *testing.T) {
		a := r.mention(bob, payments, "who owns the backlog?")
		wants(t, "answer", allText(a.Content), "Nobody is set as product owner here yet: a curator can set one with `/roles set po @someone`.")
		lacks(t, "answer", allText(a.Content), "U0ALICE")
	})
	t.Run("a workspace-wide role applies in every channel", func(t *testing.T) {
		a := r.mention(bob, payments, "who builds the roadmap?")
		wants(t, "answer", allText(a.Content), "In this workspace that's <!subteam^S0PMS>.")
	})
	t.Run("a disputed duty names both sides' people", func(t *testing.T) {
		a := r.mention(bob, general, "who sets the vision?")
		txt := allText(a.Content)
		wants(t, "answer", txt, "Owner: disputed", "*Product owner*: in this channel that's <@U0ALICE>.",
			"*Product manager*: in this workspace that's <!subteam^S0PMS>.")
	})
	t.Run("/roles ask names the person in its private reply", func(t *testing.T) {
		a := one(t, r.slash(bob, general, "ask who owns the backlog?"))
		if !a.Ephemeral {
			t.Errorf("reply %+v, want ephemeral", a)
		}
		wants(t, "answer", allText(a.Content), "In this channel that's <@U0ALICE>.", "Share in channel")
	})
}

func TestDirectoryQuestionsInPlainWords(t *testing.T) {
	r := newDirRig(t)
	r.slash(curator, general, "set po U0ALICE")
	r.slash(curator, general, "set po U0CAROL #C0PAYMENTS")
	r.slash(curator, general, `define scrum-master "facilitates the Scrum events" aka SM, scrum master`)
	r.slash(curator, general, "set scrum master @U0SAM #C0PAYMENTS")
	tests := []struct {
		name      string
		ask       func() slackapp.Reply
		want, not []string
	}{
		{"who is our PO in a channel with no role of its own names the workspace's", func() slackapp.Reply { return r.mention(bob, general, "who is our PO?") },
			[]string{"The *product owner* here is <@U0ALICE> (set for the whole workspace)."}, []string{"U0CAROL"}},
		{"who is our PO in a channel with its own names the channel's", func() slackapp.Reply { return r.mention(bob, payments, "who is our PO?") },
			[]string{"The *product owner* in this channel is <@U0CAROL>."}, nil},
		{"a question naming another channel answers for that channel", func() slackapp.Reply {
			return r.mention(bob, general, "who's the scrum master for <#C0PAYMENTS|payments>?")
		}, []string{"The *scrum master* in <#C0PAYMENTS> is <@U0SAM>.", "facilitates the Scrum events"}, nil},
		{"a team role nobody holds here says how to set it", func() slackapp.Reply { return r.dm(bob, "who is our scrum master?") },
			[]string{"Nobody is set as *scrum master* in this workspace yet.", "`/roles set sm @someone`"}, nil},
		{"a DM asks the workspace", func() slackapp.Reply { return r.dm(bob, "who are our product managers") },
			[]string{"Nobody is set as *product manager* in this workspace yet.", "`/roles set pm @someone`"}, nil},
		{"who should I ask about a duty names its owner, then the person", func() slackapp.Reply {
			return r.mention(bob, general, "who should I ask about the product backlog?")
		}, []string{"Owner: Product owner", "In this workspace that's <@U0ALICE>."}, nil},
		{"who do I talk to about the roadmap, in a DM", func() slackapp.Reply { return r.dm(bob, "who do I talk to about the roadmap?") },
			[]string{"Owner: Product manager", "Nobody is set as product manager here yet"}, nil},
		{"/roles ask answers a directory question privately", func() slackapp.Reply { return one(t, r.slash(bob, payments, "ask who is our po")) },
			[]string{"The *product owner* in this channel is <@U0CAROL>."}, nil},
		{"a question about the role in general is the knowledge's, naming nobody", func() slackapp.Reply { return r.dm(bob, "what does a product owner do?") },
			[]string{"Owner: Product owner"}, []string{"Nobody is set", "that's"}},
		{"so is whether to hire one", func() slackapp.Reply { return r.dm(bob, "do I need both a product owner and a product manager?") },
			[]string{"Owner: shared by both roles"}, []string{"Nobody is set", "that's"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.ask()
			txt := allText(a.Content)
			wants(t, "reply", txt, tt.want...)
			lacks(t, "reply", txt, tt.not...)
		})
	}
}

func TestWhoHistoryAndHelpShowTheTeamsRoles(t *testing.T) {
	r := newDirRig(t)
	r.slash(admin, general, `define tech-lead "leads the technical design"`)
	r.slash(admin, general, "set tech lead <@U0TESS> #C0GENERAL")
	r.slash(owner, general, "set po @U0ALICE")
	r.slash(lead, general, "set po @U0ALBA")
	r.slash(lead, general, "unset tech-lead #C0GENERAL")

	who := one(t, r.slash(bob, general, "who"))
	if !who.Ephemeral {
		t.Errorf("/roles who is public: %+v", who)
	}
	wants(t, "/roles who", allText(who.Content), "*Roles in this channel*", "• *Product owner*: <@U0ALBA> _(whole workspace)_",
		"• *Product manager*: nobody yet · `/roles set pm @someone`", "• *Tech lead*: nobody yet · `/roles set tech-lead @someone`")
	wants(t, "/roles who @someone", allText(one(t, r.slash(bob, general, "who <@U0ALBA|alba>")).Content), "*<@U0ALBA> holds:*", "• *Product owner*, for the whole workspace")

	hist := one(t, r.slash(bob, general, "history"))
	wants(t, "/roles history", allText(hist.Content), "the last 5 change(s)",
		"<@U0LEAD> cleared *tech lead* in <#C0GENERAL> (was <@U0TESS>)",
		"<@U0LEAD> set *product owner* for the whole workspace to <@U0ALBA> (was <@U0ALICE>)",
		"<@U0ADMIN> defined *tech lead*: _leads the technical design_", "<!date^")
	help := one(t, r.slash(bob, general, "help"))
	wants(t, "/roles help", allText(help.Content), "/roles set &lt;role&gt; @person|@group [#channel]", "/roles who [role] [#channel]",
		"*Your team's roles:* product owner (po), product manager (pm), tech lead.")
}

func TestEveryRefusalChangesNothing(t *testing.T) {
	r := newDirRig(t)
	r.people.set(slackapp.Person{ID: "U0GONEADMIN", Admin: true, Deleted: true})
	for _, tt := range []struct{ name, user, text, want string }{
		{"a member's set is refused", bob, "set po @U0BOB", "only workspace admins and owners and the curators your team named can change the role directory, so nothing changed"},
		{"a member's unset is refused", bob, "unset po", "can change the role directory"},
		{"a member's define is refused", bob, `define qa-lead "owns quality"`, "can change the role directory"},
		{"a member may not read the curators' report", bob, "gaps", "the curators' report is for workspace admins and owners"},
		{"an admin who left may not change roles", "U0GONEADMIN", "set po @U0BOB", "can change the role directory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rep := one(t, r.slash(tt.user, general, tt.text))
			if !rep.Ephemeral || rep.User != tt.user {
				t.Errorf("refusal %+v, want it ephemeral to %s", rep, tt.user)
			}
			wants(t, "refusal", rep.Content.Text(), tt.want)
		})
	}
	if s := r.snapshot(); len(s.Assignments)+len(s.Roles) != 0 {
		t.Errorf("directory after refusals = %+v, want empty", s)
	}
	if h, _ := r.store.History(context.Background(), dirTeam, 10); len(h) != 0 {
		t.Errorf("history after refusals = %v, want none", h)
	}

	t.Run("when Slack cannot say who is an admin, nothing changes and the person is told", func(t *testing.T) {
		r.people.mu.Lock()
		r.people.fail = errors.New("slack down")
		r.people.mu.Unlock()
		rec := &recorder{}
		err := r.rt.Handle(context.Background(), &slackapp.Request{Kind: slackapp.KindSlash, ID: "slash:down", Team: dirTeam, User: "U0NEWBIE",
			Channel: general, Text: "set po @U0NEWBIE"}, rec)
		if err == nil {
			t.Fatalf("Handle = nil, want the failed permission check")
		}
		wants(t, "apology", one(t, rec.replies).Content.Text(), "I couldn't check with Slack whether you may change the role directory, so nothing changed.")
		if s := r.snapshot(); len(s.Assignments) != 0 {
			t.Errorf("directory = %+v, want empty", s)
		}
		// A named curator needs no word from Slack.
		rs := r.slash(curator, general, "set po @U0ALICE")
		wants(t, "curator's set", allText(one(t, rs).Content), "set the *product owner*")
		r.people.mu.Lock()
		r.people.fail = nil
		r.people.mu.Unlock()
	})

	t.Run("mistakes in a command are explained privately", func(t *testing.T) {
		for _, tt := range []struct{ text, want string }{
			{"set po @alice", "I can't tell who @alice is from a name"},
			{"set wizard @U0BOB", `I don't know the role "wizard"`},
			{"set po", "Name a person or a group: /roles set po @alice"},
			{"unset", "Name the role to clear"},
			{"define x", "can't be a role name"},
			{"history please", "/roles history takes nothing after it."},
		} {
			rep := one(t, r.slash(curator, general, tt.text))
			if !rep.Ephemeral {
				t.Errorf("%q: reply %+v is public", tt.text, rep)
			}
			wants(t, tt.text, rep.Content.Text(), tt.want)
		}
	})
}

func TestARedeliveredSetIsAppliedOnce(t *testing.T) {
	r := newDirRig(t)
	first := one(t, r.slashID(curator, general, "set po @U0ALICE", "slash:same-trigger"))
	r.slash(curator, general, "set po @U0BOB")
	again := one(t, r.slashID(curator, general, "set po @U0ALICE", "slash:same-trigger"))
	if first.Content.Text() != again.Content.Text() {
		t.Errorf("the redelivery said %q, want the first application's %q", again.Content.Text(), first.Content.Text())
	}
	h, err := r.store.History(context.Background(), dirTeam, 10)
	if err != nil || len(h) != 2 {
		t.Fatalf("history = %v (%v), want the two changes once each", h, err)
	}
	if s := r.snapshot(); len(s.Assignments) != 1 || s.Assignments[0].Assignee != "U0BOB" {
		t.Errorf("directory = %+v: the redelivered set was applied again over the later one", s)
	}
}

func TestPeopleWhoLeftAndDeletedGroupsAreNamedInWords(t *testing.T) {
	r := newDirRig(t)
	r.people.set(slackapp.Person{ID: "U0GONE", Deleted: true})
	r.people.groups["S0OLD"] = nil
	r.people.deleted["S0OLD"] = true
	r.slash(curator, general, "set po @U0GONE")
	r.slash(curator, general, "set pm <!subteam^S0OLD|@old>")
	for _, a := range []slackapp.Reply{
		r.mention(bob, general, "who sets the vision?"),
		r.mention(bob, general, "who is our po"),
		one(t, r.slash(bob, general, "who")),
	} {
		txt := allText(a.Content)
		lacks(t, "reply", txt, "<@U0GONE>", "<!subteam^S0OLD>")
		wants(t, "reply", txt, "a former member")
	}
	wants(t, "answer", allText(r.mention(bob, general, "who sets the vision?").Content), "a deleted group",
		"a curator can set someone new with `/roles set po @someone`")
}

func TestImmediateRepliesNeverWaitOnSlack(t *testing.T) {
	r := newDirRig(t)
	// Set without a confirmation, so nobody has looked U0ALICE up yet.
	if _, _, err := r.store.Assign(context.Background(), dirTeam, session.Origin{ID: "cli-1", User: "cli:test"},
		directory.Assignment{Role: directory.ProductOwner, Assignee: "U0ALICE"}); err != nil {
		t.Fatal(err)
	}
	ask := &slackapp.Request{Kind: slackapp.KindSlash, Team: dirTeam, User: bob, Channel: general, Text: "ask who owns the backlog?"}
	r.people.mu.Lock()
	before := r.people.calls
	r.people.mu.Unlock()
	if _, ok := r.rt.Immediate(context.Background(), ask); ok {
		t.Errorf("an answer naming someone Slack was never asked about rode on the ack")
	}
	r.people.mu.Lock()
	if r.people.calls != before {
		t.Errorf("Immediate called People %d time(s)", r.people.calls-before)
	}
	r.people.mu.Unlock()
	// The worker pool looks them up; then the ack can carry the answer.
	handle(t, r.rt, ask)
	rep, ok := r.rt.Immediate(context.Background(), ask)
	if !ok {
		t.Fatalf("Immediate refused an answer whose people are known")
	}
	wants(t, "immediate answer", allText(rep.Content), "<@U0ALICE>")
	if _, ok := r.rt.Immediate(context.Background(), &slackapp.Request{Kind: slackapp.KindSlash, Team: dirTeam, User: bob, Channel: general, Text: "help"}); !ok {
		t.Errorf("help did not ride on the ack")
	}
}

func TestASharedDutyNamesBothPeople(t *testing.T) {
	r := newDirRig(t)
	ans := fixedAnswerer{knowledge.Answer{Topic: "backlog", Owner: knowledge.Shared, Shape: knowledge.ShapeDuty, Text: "Both roles share it."}}
	rt, err := slackapp.NewRouter(slackapp.Config{Engine: testEngine(t), Store: r.store, Metrics: ops.New(), Answerer: ans, People: r.people, Curators: []string{curator}})
	if err != nil {
		t.Fatal(err)
	}
	r.rt = rt
	r.slash(curator, general, "set pm <!subteam^S0PMS|@pms>")
	a := r.mention(bob, general, "who talks to customers?")
	wants(t, "answer", allText(a.Content), "Owner: shared by both roles",
		"*Product owner*: nobody set here yet (`/roles set po @someone`).", "*Product manager*: in this workspace that's <!subteam^S0PMS>.",
		"Owner: shared by both roles — product owner: nobody set here yet (`/roles set po @someone`); product manager: in this workspace that's <!subteam^S0PMS>.")
}

func TestDirectoryGoldenBlocks(t *testing.T) {
	r := newDirRig(t)
	r.people.set(slackapp.Person{ID: "U0GONE", Deleted: true})
	ctx := context.Background()
	at := time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC)
	for i, a := range []directory.Assignment{
		{Role: directory.ProductOwner, Channel: general, Assignee: "U0ALICE"},
		{Role: directory.ProductOwner, Assignee: "U0GONE"},
		{Role: directory.ProductManager, Assignee: "S0PMS"},
	} {
		o := session.Origin{ID: "golden-" + string(rune('a'+i)), User: curator, At: at.Add(time.Duration(i) * time.Minute)}
		if _, _, err := r.store.Assign(ctx, dirTeam, o, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := r.store.DefineRole(ctx, dirTeam, session.Origin{ID: "golden-d", User: "cli:ops", At: at.Add(time.Hour)},
		directory.Role{Name: "scrum-master", Description: "facilitates the Scrum events <and> retros", Spellings: []string{"SM"}}); err != nil {
		t.Fatal(err)
	}
	home := &formRecorder{}
	if err := r.rt.Handle(ctx, &slackapp.Request{Kind: slackapp.KindHome, Team: dirTeam, User: bob, Tab: "home"}, home); err != nil {
		t.Fatal(err)
	}
	if len(home.homes) != 1 {
		t.Fatalf("%d home tabs published, want 1", len(home.homes))
	}
	raw, _ := json.Marshal(home.homes[0].Blocks())
	if err := slacktest.ValidateBlocks(raw, slacktest.SurfaceHome); err != nil {
		t.Errorf("home blocks: %v", err)
	}
	for _, tt := range []struct {
		name string
		c    slackapp.Content
	}{
		{"roles-answer", r.mention(bob, general, "who owns the backlog?").Content},
		{"roles-disputed", r.mention(bob, payments, "who sets the vision?").Content},
		{"roles-holder", r.mention(bob, payments, "who is our scrum master?").Content},
		{"roles-who", one(t, r.slash(bob, general, "who")).Content},
		{"roles-history", one(t, r.slash(bob, general, "history")).Content},
		{"roles-set", one(t, r.slash(curator, general, "set sm <@U0SAM|sam> <#C0PAYMENTS|payments>")).Content},
		{"roles-help", one(t, r.slash(bob, general, "help")).Content},
		{"roles-home", home.homes[0]},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name != "roles-home" {
				checkLimits(t, tt.c)
			}
			goldenBlocks(t, tt.name, tt.c)
		})
	}
}
