package slackapp

// The role directory in Slack: the /roles who, set, unset, define and
// history subcommands, directory questions in plain words ("who is our
// PO?", "who should I ask about the roadmap?"), and the people an answer
// names. What roles exist, the parser and what applies where are package
// directory's; the data is the store's (session.Store Directory, Assign, …).

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rolecall/rolecall/internal/directory"
	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/session"
)

// directoryStore is what the role directory needs from the store
// (*session.Store has it). Every change is exactly-once per Origin.ID.
type directoryStore interface {
	Directory(ctx context.Context, team string) (directory.Snapshot, error)
	Assign(ctx context.Context, team string, o session.Origin, a directory.Assignment) (directory.Change, bool, error)
	Unassign(ctx context.Context, team string, o session.Origin, role, channel string) (directory.Change, bool, error)
	DefineRole(ctx context.Context, team string, o session.Origin, r directory.Role) (directory.Change, bool, error)
	History(ctx context.Context, team string, n int) ([]directory.Change, error)
}

// dirState is the router's part of the role directory and the curation
// loop.
type dirState struct {
	// store is nil when Config.Store keeps no directory: the directory
	// subcommands are then left out of /roles and answers name nobody.
	store directoryStore
	// cur is nil when Config.Store keeps no curation records: votes are
	// then counted with Store.Feedback and gaps are not recorded.
	cur curationStore
	// people is nil until an App (or Config.People) says who people are:
	// only Config.Curators may then change the directory.
	people   *peopleCache
	curators curators
	// downUntil (Unix ns) skips the directory reads of immediate replies
	// for a while after one failed, so a store outage does not hold up the
	// socket reader.
	downUntil atomic.Int64
}

const (
	// immediateBudget bounds a directory read made while a slash command
	// waits for its ack.
	immediateBudget = 300 * time.Millisecond
	// immediatePause is how long immediate replies skip the directory after
	// a read failed.
	immediatePause = 5 * time.Second
)

// Errors a directory handler returns for userMessage to word.
var (
	// errDirectoryDown means the store did not answer a directory read or
	// change; nothing was changed.
	errDirectoryDown = errors.New("role directory unavailable")
)

// initDirectory sets up the role directory from cfg: the store's
// directory and curation records, if it keeps them, People and Curators.
func (rt *Router) initDirectory(cfg Config) error {
	d := &dirState{curators: curators{users: map[string]bool{}}}
	for _, id := range cfg.Curators {
		switch {
		case directory.ValidUser(id):
			d.curators.users[id] = true
		case directory.ValidGroup(id):
			d.curators.groups = append(d.curators.groups, id)
		default:
			return fmt.Errorf("slackapp: Config.Curators: %q is not a user id (U…, W…) or a user group id (S…)", id)
		}
	}
	d.store, _ = cfg.Store.(directoryStore)
	d.cur, _ = cfg.Store.(curationStore)
	if cfg.People != nil {
		d.people = newPeopleCache(cfg.People)
	}
	rt.dir = d
	if d.store == nil || d.cur == nil {
		rt.slash = slices.DeleteFunc(rt.slash, func(sc slashCommand) bool { return sc.directory })
	}
	return nil
}

// usePeople makes the router ask p who people are, unless Config.People
// already said; the App passes the Web API.
func (rt *Router) usePeople(p People) {
	if rt.dir.people == nil {
		rt.dir.people = newPeopleCache(p)
	}
}

// directoryCommands are the /roles subcommands of the directory, in
// directory.Usages order, for the slash command table. Those that only
// read (who, history) may answer in the ack; the curators' ones run on the
// worker pool.
func directoryCommands() []slashCommand {
	var out []slashCommand
	for _, u := range directory.Usages() {
		verb := u.Verb
		sc := slashCommand{name: string(verb), args: u.Args, summary: u.Summary, directory: true}
		if verb.CuratorsOnly() {
			sc.run = func(rt *Router, ctx context.Context, req *Request, args string, out Responder) error {
				return rt.slashDirectory(ctx, req, verb, args, out)
			}
		} else {
			sc.reply = func(rt *Router, ctx context.Context, req *Request, args string) Reply {
				return rt.slashLookup(ctx, req, verb, args)
			}
		}
		out = append(out, sc)
	}
	return out
}

// slashLookup answers /roles who and /roles history. In an immediate reply
// a store that does not answer in time sends the command to the worker
// pool, which waits the store's full timeout.
func (rt *Router) slashLookup(ctx context.Context, req *Request, verb directory.Verb, args string) Reply {
	var l dirLoad
	rt.load(ctx, req.Team, &l)
	if l.err != nil {
		miss(ctx)
		return ephemeral(req, noteContent(directoryDownNote))
	}
	cmd, err := directory.Parse(string(verb)+" "+args, l.cat)
	if msg, ok := directory.Message(err); ok {
		return ephemeral(req, noteContent(msg))
	}
	if err != nil {
		return ephemeral(req, noteContent("Type /roles help to see what /roles "+string(verb)+" takes."))
	}
	if cmd.Verb != directory.History {
		return ephemeral(req, rt.whoContent(ctx, req, l.cat, l.snap, cmd))
	}
	hctx, cancel := bound(ctx)
	defer cancel()
	cs, err := rt.dir.store.History(hctx, req.Team, directory.HistoryLen)
	if err != nil {
		rt.m.StoreErrors.WithLabelValues("directory").Inc()
		rt.lg.DebugContext(ctx, "directory history not read", "err", err)
		miss(ctx)
		return ephemeral(req, noteContent(directoryDownNote))
	}
	return ephemeral(req, rt.historyContent(ctx, req, l.cat, cs))
}

// bound limits ctx to immediateBudget in an immediate reply.
func bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, immediate := ctx.Value(cacheOnlyKey{}).(*atomic.Bool); immediate {
		return context.WithTimeout(ctx, immediateBudget)
	}
	return ctx, func() {}
}

// origin is the exactly-once identity of a change asked for by req: its
// delivery id. A request without one (a test, a terminal) gets a fresh id,
// and is applied as often as it is made.
func origin(req *Request) session.Origin {
	id := req.ID
	if id == "" {
		var b [12]byte
		_, _ = rand.Read(b[:])
		id = "local:" + hex.EncodeToString(b[:])
	}
	return session.Origin{ID: id, User: req.User}
}

// here is the channel a request speaks for: "" in a DM (or the App Home),
// where only the workspace-wide assignments apply.
func here(req *Request) string {
	if req.DM || !directory.ValidChannel(req.Channel) {
		return ""
	}
	return req.Channel
}

// slashDirectory runs a curators' subcommand: set, unset, define or gaps.
func (rt *Router) slashDirectory(ctx context.Context, req *Request, verb directory.Verb, args string, out Responder) error {
	d := rt.dir
	if verb.CuratorsOnly() {
		ok, err := rt.mayCurate(ctx, req.Team, req.User)
		if err != nil {
			return fmt.Errorf("/roles %s by %s: %w", verb, req.User, err)
		}
		if !ok {
			rt.lg.InfoContext(ctx, "directory change refused: not a curator", "verb", string(verb), "user", req.User)
			return rt.post(ctx, out, ephemeral(req, noteContent(refusal(verb))))
		}
	}
	if verb == directory.Gaps {
		return rt.slashGaps(ctx, req, args, out)
	}
	snap, err := d.store.Directory(ctx, req.Team)
	if err != nil {
		return fmt.Errorf("%w: %v", errDirectoryDown, err)
	}
	cat := rt.catalog(ctx, snap)
	cmd, err := directory.Parse(string(verb)+" "+args, cat)
	if msg, ok := directory.Message(err); ok {
		return rt.post(ctx, out, ephemeral(req, noteContent(msg)))
	}
	if err != nil {
		return err
	}
	var change directory.Change
	var applied bool
	switch cmd.Verb {
	case directory.Set:
		change, applied, err = d.store.Assign(ctx, req.Team, origin(req), cmd.Assignment())
	case directory.Unset:
		change, applied, err = d.store.Unassign(ctx, req.Team, origin(req), cmd.Role.Name, cmd.Channel)
	case directory.Define:
		change, applied, err = d.store.DefineRole(ctx, req.Team, origin(req), cmd.Role)
	default:
		return fmt.Errorf("/roles %s: unhandled verb", cmd.Verb)
	}
	if msg, ok := directory.Message(err); ok {
		return rt.post(ctx, out, ephemeral(req, noteContent(msg)))
	}
	if err != nil {
		return fmt.Errorf("%w: %v", errDirectoryDown, err)
	}
	if cmd.Verb == directory.Define {
		cat = rt.catalog(ctx, directory.Snapshot{Roles: append(slices.Clone(snap.Roles), cmd.Role)})
	}
	rt.lg.InfoContext(ctx, "directory change", "op", string(change.Op), "role", change.Role, "channel", change.Channel,
		"by", change.By, "applied", applied, "noop", change.Noop())
	c := rt.changeContent(ctx, req, cat, change)
	if change.Noop() {
		return rt.post(ctx, out, ephemeral(req, c))
	}
	// The team sees its roles change; where Rolecall may not post, the
	// curator alone does.
	if _, err := out.Post(ctx, Reply{Channel: req.Channel, User: req.User, Content: c}); err != nil {
		rt.lg.DebugContext(ctx, "directory change confirmed privately: the channel refused it", "channel", req.Channel, "err", err)
		return rt.post(ctx, out, ephemeral(req, c))
	}
	return nil
}

// refusal is the polite answer to someone who may not run verb.
func refusal(verb directory.Verb) string {
	if verb == directory.Gaps {
		return "Sorry, the curators' report is for workspace admins and owners and the curators your team named. Ask one of them if you'd like to see it."
	}
	return "Sorry, only workspace admins and owners and the curators your team named can change the role directory, so nothing changed. Ask one of them, or see who holds a role with /roles who."
}

// catalog is the team's catalogue; a stored role that breaks a rule is
// left out (and logged) rather than costing the rest.
func (rt *Router) catalog(ctx context.Context, snap directory.Snapshot) *directory.Catalog {
	cat, err := snap.Catalog()
	if err != nil {
		rt.lg.WarnContext(ctx, "team roles left out of the catalogue", "err", err)
	}
	if cat == nil {
		cat = &directory.Catalog{}
	}
	return cat
}

// dirLoad is the directory as one request sees it: read at most once, and
// only when a reply needs it.
type dirLoad struct {
	done bool
	// read is true when snap and err were read beside the delivery's
	// claim (App.work): load then only builds the catalogue.
	read bool
	snap directory.Snapshot
	cat  *directory.Catalog
	err  error
}

// dirLoadKey carries the *dirLoad that App.work read beside a message's
// claim to the answer (answerReply).
type dirLoadKey struct{}

// withDirLoad returns ctx carrying l.
func withDirLoad(ctx context.Context, l *dirLoad) context.Context {
	return context.WithValue(ctx, dirLoadKey{}, l)
}

// requestDirLoad is the directory read beside the request's claim, or a
// fresh dirLoad that load reads when a reply needs it.
func requestDirLoad(ctx context.Context) *dirLoad {
	if l, ok := ctx.Value(dirLoadKey{}).(*dirLoad); ok {
		return l
	}
	return &dirLoad{}
}

// load reads the team's directory into l, once. In an immediate reply
// (cacheOnly) the read is bounded by immediateBudget and skipped for
// immediatePause after one failed.
func (rt *Router) load(ctx context.Context, team string, l *dirLoad) *dirLoad {
	if l.done {
		return l
	}
	l.done = true
	d := rt.dir
	if d.store == nil {
		l.err = errDirectoryDown
		l.cat = rt.catalog(ctx, directory.Snapshot{})
		return l
	}
	_, immediate := ctx.Value(cacheOnlyKey{}).(*atomic.Bool)
	if !l.read {
		if immediate && time.Now().UnixNano() < d.downUntil.Load() {
			l.err = errDirectoryDown
			l.cat = rt.catalog(ctx, directory.Snapshot{})
			return l
		}
		rctx, cancel := bound(ctx)
		defer cancel()
		l.snap, l.err = d.store.Directory(rctx, team)
	}
	if l.err != nil {
		rt.m.StoreErrors.WithLabelValues("directory").Inc()
		rt.lg.DebugContext(ctx, "directory not read", "err", l.err)
		if immediate {
			d.downUntil.Store(time.Now().Add(immediatePause).UnixNano())
		}
		l.snap = directory.Snapshot{}
	}
	l.cat = rt.catalog(ctx, l.snap)
	return l
}

// directoryReply answers a question about the team's people rather than
// the roles in general: "who is our PO?" from the directory, and "who
// should I ask about the roadmap?" with the owner of the duty and who
// holds that role here. ok is false for every other question.
func (rt *Router) directoryReply(ctx context.Context, req *Request, q string, share sharing, l *dirLoad) (Reply, bool) {
	if rt.dir.store == nil || !strings.HasPrefix(knowledge.Normalize(q), "who") {
		return Reply{}, false
	}
	rt.load(ctx, req.Team, l)
	if dq, ok := directory.AsksWho(q, l.cat); ok {
		r := replyTo(req, rt.holderContent(ctx, req, dq, l))
		if req.Kind == KindSlash {
			r.Ephemeral = true
		}
		return r, true
	}
	duty, ok := askWhomAbout(q)
	if !ok {
		return Reply{}, false
	}
	a := rt.ask(ctx, "who owns "+duty+"?")
	if a.Owner == knowledge.Unknown || len(directory.OwnerRoles(string(a.Owner))) == 0 {
		return Reply{}, false
	}
	a.Question = q
	rt.count(a.Owner)
	r := replyTo(req, rt.withPeople(ctx, req, answerContent{a: a, share: share.channel, shareThread: share.thread}, l))
	if req.Kind == KindSlash {
		r.Ephemeral = true
	}
	return r, true
}

// ask answers q with the Answerer, or the engine.
func (rt *Router) ask(ctx context.Context, q string) knowledge.Answer {
	if rt.answerer != nil {
		return rt.answerer.Answer(ctx, q)
	}
	return rt.engine.Answer(q)
}

// Words of "who should I ask about X": what may come between "who" and the
// verb, the verbs, what may follow the verb, and the word before X.
var (
	askLead  = wordSet("should", "do", "can", "could", "would", "shall", "i", "we", "is", "s", "the", "right", "best", "person", "one", "to", "go")
	askVerbs = wordSet("ask", "talk", "speak", "contact", "reach", "ping", "message", "consult", "turn", "go")
	askAfter = wordSet("to", "with", "out", "me", "us")
	askAbout = wordSet("about", "regarding", "on", "for", "re", "with")
)

func wordSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// askWhomAbout reads "who should I ask about the roadmap?", "who do I talk
// to about the backlog", "who's the right person to ask about pricing" as
// the duty they are about ("the roadmap"). ok is false for anything else.
func askWhomAbout(q string) (duty string, ok bool) {
	ws := strings.Fields(knowledge.Normalize(q))
	if len(ws) < 3 || (ws[0] != "who" && ws[0] != "whos") {
		return "", false
	}
	i := 1
	for i < len(ws) && i < 8 && askLead[ws[i]] && !(askVerbs[ws[i]] && i > 1) {
		i++
	}
	if i >= len(ws) || !askVerbs[ws[i]] {
		return "", false
	}
	i++
	for i < len(ws) && askAfter[ws[i]] {
		i++
	}
	if i >= len(ws)-1 || !askAbout[ws[i]] {
		return "", false
	}
	return strings.Join(ws[i+1:], " "), true
}

// withPeople adds to an answer who holds the roles that own it where it
// was asked: one role for an owned duty, both for a shared or disputed one.
func (rt *Router) withPeople(ctx context.Context, req *Request, c answerContent, l *dirLoad) Content {
	roles := directory.OwnerRoles(string(c.a.Owner))
	// What a role is, or whether to hire one, is about the role in
	// general, not about who does a duty here.
	general := c.a.Shape == knowledge.ShapeDefinition || c.a.Shape == knowledge.ShapeHiring
	if rt.dir.store == nil || len(roles) == 0 || general || len(c.suggestions()) > 0 {
		return c
	}
	rt.load(ctx, req.Team, l)
	if l.err != nil {
		return peopleAnswer{answerContent: c, down: true}
	}
	where := here(req)
	var hs []directory.Holding
	var as []directory.Assignee
	for _, name := range roles {
		r, ok := l.cat.Resolve(name)
		if !ok {
			continue
		}
		h := directory.Holding{Role: r}
		if a, ok := directory.Holder(l.snap.Assignments, name, where); ok {
			h.Assignee, h.Channel = a.Assignee, a.Channel
			as = append(as, a.Assignee)
		}
		hs = append(hs, h)
	}
	return peopleAnswer{answerContent: c, holdings: hs, names: rt.names(ctx, req.Team, as...), here: where}
}

// holderContent answers a directory question.
func (rt *Router) holderContent(ctx context.Context, req *Request, q directory.Question, l *dirLoad) Content {
	if l.err != nil {
		return noteContent(directoryDownNote)
	}
	where := q.Channel
	if where == "" {
		where = here(req)
	}
	h := directory.Holding{Role: q.Role}
	if a, ok := directory.Holder(l.snap.Assignments, q.Role.Name, where); ok {
		h.Assignee, h.Channel = a.Assignee, a.Channel
	}
	return holderAnswer{h: h, who: rt.names(ctx, req.Team, h.Assignee)[h.Assignee], asked: where, here: here(req)}
}

// whoContent lists who holds the roles where /roles who asks.
func (rt *Router) whoContent(ctx context.Context, req *Request, cat *directory.Catalog, snap directory.Snapshot, cmd directory.Command) Content {
	where := cmd.Channel
	if where == "" {
		where = here(req)
	}
	if cmd.Assignee != "" {
		held := directory.RolesOf(snap.Assignments, cmd.Assignee)
		return rolesOfContent{who: rt.names(ctx, req.Team, cmd.Assignee)[cmd.Assignee], held: held, cat: cat, here: here(req)}
	}
	hs := directory.Holders(cat, snap.Assignments, where, cmd.Role)
	as := make([]directory.Assignee, 0, len(hs))
	for _, h := range hs {
		as = append(as, h.Assignee)
	}
	return whoList{holdings: hs, names: rt.names(ctx, req.Team, as...), asked: where, here: here(req)}
}

// historyContent shows the last changes, with who made them.
func (rt *Router) historyContent(ctx context.Context, req *Request, cat *directory.Catalog, cs []directory.Change) Content {
	var as []directory.Assignee
	for _, c := range cs {
		for _, id := range []string{c.By, c.Before, c.After} {
			if a := directory.Assignee(id); (c.Op == directory.OpSet || c.Op == directory.OpUnset || id == c.By) && a.Valid() {
				as = append(as, a)
			}
		}
	}
	return historyList{changes: cs, names: rt.names(ctx, req.Team, as...), cat: cat, here: here(req)}
}

// changeContent confirms a change.
func (rt *Router) changeContent(ctx context.Context, req *Request, cat *directory.Catalog, c directory.Change) Content {
	var as []directory.Assignee
	for _, id := range []string{c.By, c.Before, c.After} {
		if a := directory.Assignee(id); a.Valid() && (c.Op != directory.OpDefine || id == c.By) {
			as = append(as, a)
		}
	}
	return changeNote{c: c, names: rt.names(ctx, req.Team, as...), cat: cat, here: here(req)}
}

// teamHelp is the help with the team's roles, when there is a directory.
func (rt *Router) teamHelp(ctx context.Context, req *Request, h helpContent) Content {
	if rt.dir.store == nil {
		return h
	}
	var l dirLoad
	rt.load(ctx, req.Team, &l)
	return rolesHelp{helpContent: h, roles: l.cat.Roles()}
}

// homeRoles is the team's roles for the App Home; ok is false without a
// directory.
func (rt *Router) homeRoles(ctx context.Context, team string) (homeRolesSection, bool) {
	if rt.dir.store == nil {
		return homeRolesSection{}, false
	}
	var l dirLoad
	rt.load(ctx, team, &l)
	if l.err != nil {
		return homeRolesSection{down: true}, true
	}
	as := make([]directory.Assignee, 0, len(l.snap.Assignments))
	for _, a := range l.snap.Assignments {
		as = append(as, a.Assignee)
	}
	return homeRolesSection{roles: l.cat.Roles(), assignments: l.snap.Assignments, names: rt.names(ctx, team, as...)}, true
}
