package slackapp

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/directory"
)

// People tells Rolecall who someone is in Slack: whether a user is a
// workspace admin or owner (who may change the role directory) or has left,
// which user groups exist and who is in them. The App answers through the
// Web API (users.info, usergroups.list, usergroups.users.list); tests pass
// their own. The router caches every answer for PeopleTTL.
type People interface {
	// User describes a user. A user Slack does not know is reported as
	// deleted, not as an error.
	User(ctx context.Context, team, id string) (Person, error)
	// Groups lists the workspace's user groups, disabled ones included.
	Groups(ctx context.Context, team string) ([]Group, error)
	// Members lists the members of a user group; a group that does not
	// exist, or is disabled, has none.
	Members(ctx context.Context, team, group string) ([]string, error)
}

// Person is what Rolecall needs to know about a user.
type Person struct {
	ID string
	// Admin and Owner are the workspace roles that may change the
	// directory (users.info is_admin, is_owner or is_primary_owner).
	Admin, Owner bool
	// Deleted marks an account that was deactivated: the person left.
	Deleted bool
}

// Group is what Rolecall needs to know about a user group.
type Group struct {
	ID string
	// Deleted marks a group an admin disabled.
	Deleted bool
}

// PeopleTTL is how long the router trusts what People said: a new admin,
// or a curator added to a group, may wait this long.
const PeopleTTL = 5 * time.Minute

// maxCached bounds each of the caches; past it the expired entries go, and
// if that is not enough, all of them.
const maxCached = 10000

// errNotCached is a lookup refused because the reply must not wait on
// Slack (an immediate slash reply) and the answer was not cached.
var errNotCached = errors.New("not cached")

type cached[T any] struct {
	v   T
	exp time.Time
}

// ttlCache is a map whose entries expire.
type ttlCache[T any] struct {
	mu sync.Mutex
	m  map[string]cached[T]
}

func (c *ttlCache[T]) get(k string, now time.Time) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok || now.After(e.exp) {
		var zero T
		return zero, false
	}
	return e.v, true
}

func (c *ttlCache[T]) put(k string, v T, exp time.Time, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]cached[T]{}
	}
	if len(c.m) >= maxCached {
		for k, e := range c.m {
			if now.After(e.exp) {
				delete(c.m, k)
			}
		}
		if len(c.m) >= maxCached {
			clear(c.m)
		}
	}
	c.m[k] = cached[T]{v: v, exp: exp}
}

// peopleCache is People with every answer kept for ttl. In a context marked
// by cacheOnly it never calls People: a miss is errNotCached, noted on the
// mark so the caller can do the work where waiting is allowed.
type peopleCache struct {
	src     People
	ttl     time.Duration
	now     func() time.Time
	users   ttlCache[Person]
	groups  ttlCache[map[string]Group]
	members ttlCache[[]string]
}

func newPeopleCache(src People) *peopleCache {
	return &peopleCache{src: src, ttl: PeopleTTL, now: time.Now}
}

// cacheOnlyKey marks a context whose work must not wait on Slack.
type cacheOnlyKey struct{}

// cacheOnly returns a context in which lookups use the cache only, and the
// flag that says whether one missed.
func cacheOnly(ctx context.Context) (context.Context, *atomic.Bool) {
	missed := new(atomic.Bool)
	return context.WithValue(ctx, cacheOnlyKey{}, missed), missed
}

// miss reports whether ctx allows no call to Slack, noting the miss.
func miss(ctx context.Context) bool {
	m, ok := ctx.Value(cacheOnlyKey{}).(*atomic.Bool)
	if ok {
		m.Store(true)
	}
	return ok
}

func (c *peopleCache) user(ctx context.Context, team, id string) (Person, error) {
	k := team + "/" + id
	now := c.now()
	if p, ok := c.users.get(k, now); ok {
		return p, nil
	}
	if miss(ctx) {
		return Person{}, errNotCached
	}
	p, err := c.src.User(ctx, team, id)
	if err != nil {
		return Person{}, err
	}
	c.users.put(k, p, now.Add(c.ttl), now)
	return p, nil
}

// group reports a group's state; a group Slack does not list is deleted.
func (c *peopleCache) group(ctx context.Context, team, id string) (Group, error) {
	now := c.now()
	gs, ok := c.groups.get(team, now)
	if !ok {
		if miss(ctx) {
			return Group{}, errNotCached
		}
		list, err := c.src.Groups(ctx, team)
		if err != nil {
			return Group{}, err
		}
		gs = make(map[string]Group, len(list))
		for _, g := range list {
			gs[g.ID] = g
		}
		c.groups.put(team, gs, now.Add(c.ttl), now)
	}
	if g, ok := gs[id]; ok {
		return g, nil
	}
	return Group{ID: id, Deleted: true}, nil
}

func (c *peopleCache) inGroup(ctx context.Context, team, group, user string) (bool, error) {
	k := team + "/" + group
	now := c.now()
	ms, ok := c.members.get(k, now)
	if !ok {
		if miss(ctx) {
			return false, errNotCached
		}
		var err error
		if ms, err = c.src.Members(ctx, team, group); err != nil {
			return false, err
		}
		c.members.put(k, ms, now.Add(c.ttl), now)
	}
	return slices.Contains(ms, user), nil
}

// curators says who may change the directory besides workspace admins and
// owners: Config.Curators.
type curators struct {
	users  map[string]bool
	groups []string
}

// errPermissionUnknown means Slack could not say whether someone may
// change the directory; nothing was changed.
var errPermissionUnknown = errors.New("cannot check who may change the role directory")

// mayCurate reports whether user may change the team's directory and read
// the curators' report: a curator named in Config.Curators (directly or
// through a user group), or a workspace admin or owner. When Slack cannot
// say and no other rule lets the person in, the error wraps
// errPermissionUnknown.
func (rt *Router) mayCurate(ctx context.Context, team, user string) (bool, error) {
	d := rt.dir
	if d.curators.users[user] {
		return true, nil
	}
	if d.people == nil {
		return false, nil
	}
	var errs []error
	p, err := d.people.user(ctx, team, user)
	switch {
	case err != nil:
		errs = append(errs, err)
	case (p.Admin || p.Owner) && !p.Deleted:
		return true, nil
	}
	for _, g := range d.curators.groups {
		in, err := d.people.inGroup(ctx, team, g, user)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if in {
			return true, nil
		}
	}
	if len(errs) > 0 {
		return false, errors.Join(append([]error{errPermissionUnknown}, errs...)...)
	}
	return false, nil
}

// who is how a person or a group is shown: a mention for Slack (mrkdwn)
// and words for a terminal (plain). Someone who left, or a group that was
// deleted, is said in words, never as a mention Slack cannot render.
type who struct{ mrkdwn, plain string }

const (
	formerMember = "a former member"
	deletedGroup = "a deleted group"
)

// gone reports whether w names someone who left or a deleted group.
func (w who) gone() bool { return w.plain == formerMember || w.plain == deletedGroup }

// lookupLimit bounds the lookups one reply runs at once.
const lookupLimit = 8

// names shows each assignee. A lookup that fails shows the mention: the
// person is probably still there, and Slack renders a mention of someone
// who left as their old name.
func (rt *Router) names(ctx context.Context, team string, as ...directory.Assignee) map[directory.Assignee]who {
	out := make(map[directory.Assignee]who, len(as))
	var todo []directory.Assignee
	for _, a := range as {
		if _, dup := out[a]; dup || a == "" {
			continue
		}
		out[a] = mention(a)
		todo = append(todo, a)
	}
	if rt.dir.people == nil {
		return out
	}
	gone := make([]bool, len(todo))
	var wg sync.WaitGroup
	sem := make(chan struct{}, lookupLimit)
	for i, a := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if a.Group() {
				g, err := rt.dir.people.group(ctx, team, string(a))
				gone[i] = err == nil && g.Deleted
			} else {
				p, err := rt.dir.people.user(ctx, team, string(a))
				gone[i] = err == nil && p.Deleted
			}
		}()
	}
	wg.Wait()
	for i, a := range todo {
		switch {
		case !gone[i]:
		case a.Group():
			out[a] = who{deletedGroup, deletedGroup}
		default:
			out[a] = who{formerMember, formerMember}
		}
	}
	return out
}

func mention(a directory.Assignee) who {
	if a.Group() {
		return who{a.Mention(), "@" + string(a) + " (group)"}
	}
	return who{a.Mention(), "@" + string(a)}
}

// slackPeople answers People through the Web API.
type slackPeople struct{ a *App }

func (p slackPeople) User(ctx context.Context, team, id string) (Person, error) {
	var u *slack.User
	err := p.a.call(ctx, "users.info", func(ctx context.Context) error {
		var err error
		u, err = p.a.api.GetUserInfoContext(ctx, id)
		return err
	})
	var ae *APIError
	switch {
	case errors.As(err, &ae) && ae.Code == "user_not_found":
		return Person{ID: id, Deleted: true}, nil
	case err != nil:
		return Person{}, err
	}
	return Person{ID: id, Admin: u.IsAdmin, Owner: u.IsOwner || u.IsPrimaryOwner, Deleted: u.Deleted}, nil
}

func (p slackPeople) Groups(ctx context.Context, team string) ([]Group, error) {
	var gs []slack.UserGroup
	err := p.a.call(ctx, "usergroups.list", func(ctx context.Context) error {
		var err error
		gs, err = p.a.api.GetUserGroupsContext(ctx, slack.GetUserGroupsOptionIncludeDisabled(true))
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]Group, len(gs))
	for i, g := range gs {
		out[i] = Group{ID: g.ID, Deleted: g.DateDelete != 0}
	}
	return out, nil
}

func (p slackPeople) Members(ctx context.Context, team, group string) ([]string, error) {
	var ms []string
	err := p.a.call(ctx, "usergroups.users.list", func(ctx context.Context) error {
		var err error
		ms, err = p.a.api.GetUserGroupMembersContext(ctx, group)
		return err
	})
	var ae *APIError
	if errors.As(err, &ae) && ae.Code == "no_such_subteam" {
		return nil, nil
	}
	return ms, err
}
