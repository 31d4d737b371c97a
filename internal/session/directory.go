package session

// The role directory's records. Keys, in addition to those of doc.go (all
// under the team's hash tag, so one script may touch several):
//
//	{prefix}:{team}:roles:assigned     hash    "role" or "role#channel" → user or group id
//	{prefix}:{team}:roles:defined      hash    role name → the team's role (JSON)
//	{prefix}:{team}:roles:audit        list    newest first, capped at AuditCap (JSON directory.Change)
//	{prefix}:{team}:roles:change:{id}  string  exactly-once guard of a change id, holds its Change (JSON); ChangeWindow
//
// The older {prefix}:{team}:directory hash (SetRole, Role, Roles) is not
// read or written here.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rolecall/rolecall/internal/directory"
)

const (
	// AuditCap is how many directory changes the audit list keeps per team,
	// newest first; older ones are trimmed in the same script that adds one.
	AuditCap = 500
	// ChangeWindow is how long a change id is remembered: a change
	// delivered again within it applies once. Slack's redeliveries come
	// within about 5 minutes.
	ChangeWindow = 24 * time.Hour
	// maxChangeID bounds a change id (it is part of a key).
	maxChangeID = 200
)

// Origin says where a directory change comes from: the id that makes it
// exactly-once, who made it and when.
type Origin struct {
	// ID is the change's exactly-once key: the Slack delivery's id (the
	// Request.ID of a slash command, event or click). A change whose ID was
	// applied within ChangeWindow is not applied again. Required; at most
	// 200 bytes, no '{' or '}'.
	ID string
	// User is the Slack user id of the person making the change, or
	// "cli:NAME" for a change from bot roles import. Required.
	User string
	// At is when the change was asked for; zero means now.
	At time.Time
}

// check validates o for op.
func (o Origin) check(op string) error {
	switch {
	case o.ID == "":
		return invalid(op, "", "empty change id: pass the delivery's id so that a redelivery applies once")
	case len(o.ID) > maxChangeID || strings.ContainsAny(o.ID, "{} \t\r\n"):
		return invalid(op, "", "change id %.40q… is longer than %d bytes or has braces or spaces", o.ID, maxChangeID)
	case o.User == "":
		return invalid(op, "", "empty user: say who makes the change")
	}
	return nil
}

// applyScript applies one directory change exactly once: if the guard of
// the change id exists, it returns the recorded change; otherwise it sets
// (or, for an empty value, deletes) one hash field, records the change with
// its before value in the audit list (unless nothing changed), trims the
// list and sets the guard. Returns {1, change} applied, {0, change} already
// applied, {-1, ""} refused: the hash already has the most fields allowed.
//
// KEYS: 1 guard, 2 hash, 3 audit list.
// ARGV: 1 guard TTL ms, 2 field, 3 new value or "", 4 the change (JSON,
// without "before"), 5 audit cap, 6 most fields of the hash (0: no limit),
// 7 "define" when values are role JSON whose "text" is the before value.
const applyScript = `
local done = redis.call('GET', KEYS[1])
if done then return {0, done} end
local old = redis.call('HGET', KEYS[2], ARGV[2]) or ''
if ARGV[3] == '' then
  if old ~= '' then redis.call('HDEL', KEYS[2], ARGV[2]) end
elseif old ~= ARGV[3] then
  local most = tonumber(ARGV[6])
  if old == '' and most > 0 and redis.call('HLEN', KEYS[2]) >= most then return {-1, ''} end
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
end
local rec = cjson.decode(ARGV[4])
local before = old
if ARGV[7] == 'define' and old ~= '' then before = cjson.decode(old)['text'] or '' end
rec['before'] = before
local out = cjson.encode(rec)
if old ~= ARGV[3] then
  redis.call('LPUSH', KEYS[3], out)
  redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[5]) - 1)
end
redis.call('SET', KEYS[1], out, 'PX', ARGV[1])
return {1, out}
`

// importScript replaces a team's whole directory exactly once, with the
// same guard and audit as applyScript.
//
// KEYS: 1 guard, 2 assigned hash, 3 defined hash, 4 audit list.
// ARGV: 1 guard TTL ms, 2 the change (JSON, without "before"), 3 audit cap,
// 4 number of defined roles n, then n name/JSON pairs, then the number of
// assignments m, then m field/id pairs.
const importScript = `
local done = redis.call('GET', KEYS[1])
if done then return {0, done} end
local function count(n, what)
  if n == 1 then return '1 ' .. what end
  return n .. ' ' .. what .. 's'
end
local before = count(redis.call('HLEN', KEYS[3]), 'role') .. ', ' .. count(redis.call('HLEN', KEYS[2]), 'assignment')
redis.call('DEL', KEYS[2], KEYS[3])
local i = 5
local n = tonumber(ARGV[4])
for _ = 1, n do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  i = i + 2
end
local m = tonumber(ARGV[i])
i = i + 1
for _ = 1, m do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  i = i + 2
end
local rec = cjson.decode(ARGV[2])
rec['before'] = before
local out = cjson.encode(rec)
redis.call('LPUSH', KEYS[4], out)
redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[3]) - 1)
redis.call('SET', KEYS[1], out, 'PX', ARGV[1])
return {1, out}
`

// The scripts are immutable once built; their SHA is computed once.
var (
	directoryApply  = redis.NewScript(applyScript)
	directoryImport = redis.NewScript(importScript)
)

// changeRecord is the stored form of a directory.Change.
type changeRecord struct {
	V       int          `json:"v"`
	ID      string       `json:"id"`
	By      string       `json:"by"`
	At      string       `json:"at"` // RFC 3339 with nanoseconds, UTC
	Op      directory.Op `json:"op"`
	Role    string       `json:"role,omitempty"`
	Channel string       `json:"channel,omitempty"`
	Before  string       `json:"before"`
	After   string       `json:"after"`
}

// roleRecord is the stored form of a team's role.
type roleRecord struct {
	V           int      `json:"v"`
	Description string   `json:"description"`
	Spellings   []string `json:"spellings,omitempty"`
	// Text is the description with the spellings, the before and after
	// of a define in the audit.
	Text string `json:"text"`
}

func roleText(r directory.Role) string {
	if len(r.Spellings) == 0 {
		return r.Description
	}
	return r.Description + " (aka " + strings.Join(r.Spellings, ", ") + ")"
}

// assignedField is the field of an assignment in the assigned hash.
func assignedField(role, channel string) string {
	if channel == "" {
		return role
	}
	return role + "#" + channel
}

func (s *Store) dirKeys(team string) (assigned, defined, audit string) {
	return s.teamKey(team, "roles", "assigned"), s.teamKey(team, "roles", "defined"), s.teamKey(team, "roles", "audit")
}

func (s *Store) changeKey(team, id string) string { return s.teamKey(team, "roles", "change", id) }

func newRecord(o Origin, op directory.Op, role, channel, after string) changeRecord {
	at := o.At
	if at.IsZero() {
		at = time.Now()
	}
	return changeRecord{V: schemaVersion, ID: o.ID, By: o.User, At: at.UTC().Format(time.RFC3339Nano),
		Op: op, Role: role, Channel: channel, After: after}
}

func decodeChange(op, key, raw string) (directory.Change, error) {
	var r changeRecord
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return directory.Change{}, invalid(op, key, "decode change: %w", err)
	}
	if r.V != schemaVersion {
		return directory.Change{}, invalid(op, key, "change schema version %d, want %d", r.V, schemaVersion)
	}
	at, err := time.Parse(time.RFC3339Nano, r.At)
	if err != nil {
		return directory.Change{}, invalid(op, key, "decode change time: %w", err)
	}
	return directory.Change{ID: r.ID, By: r.By, At: at, Op: r.Op, Role: r.Role, Channel: r.Channel, Before: r.Before, After: r.After}, nil
}

// Assign makes a.Assignee the holder of a.Role, for the whole workspace
// (a.Channel "") or one channel, replacing whoever held it there. It
// returns the recorded change (Before: the previous holder, "" for none)
// and applied false when o.ID was applied before: then nothing is written
// and the change is the first application's. Setting the current holder
// again writes nothing to the audit (the change's Noop is true).
//
// The role must be a valid name (directory.ValidName); that it is in the
// team's catalogue is the caller's check (directory.Parse does it). One
// round trip: guard, write, audit and trim run in one script.
func (s *Store) Assign(ctx context.Context, team string, o Origin, a directory.Assignment) (directory.Change, bool, error) {
	const op = "assign role"
	if err := s.checkAssignment(op, team, o, a.Role, a.Channel); err != nil {
		return directory.Change{}, false, err
	}
	if !a.Assignee.Valid() {
		return directory.Change{}, false, invalid(op, "", "assignee %q is not a user (U…, W…) or user group (S…) id", a.Assignee)
	}
	rec := newRecord(o, directory.OpSet, a.Role, a.Channel, string(a.Assignee))
	assigned, _, audit := s.dirKeys(team)
	return s.apply(ctx, op, team, o, assigned, audit, assignedField(a.Role, a.Channel), string(a.Assignee), rec, 0, "")
}

// Unassign removes the assignment of role for the workspace (channel "")
// or one channel; the workspace-wide one then applies in that channel
// again. Removing an assignment nobody has is not an error: the change's
// Before is "" and it is not audited. Exactly-once and one round trip, as
// Assign.
func (s *Store) Unassign(ctx context.Context, team string, o Origin, role, channel string) (directory.Change, bool, error) {
	const op = "unassign role"
	if err := s.checkAssignment(op, team, o, role, channel); err != nil {
		return directory.Change{}, false, err
	}
	rec := newRecord(o, directory.OpUnset, role, channel, "")
	assigned, _, audit := s.dirKeys(team)
	return s.apply(ctx, op, team, o, assigned, audit, assignedField(role, channel), "", rec, 0, "")
}

func (s *Store) checkAssignment(op, team string, o Origin, role, channel string) error {
	if err := checkTeam(op, team); err != nil {
		return err
	}
	if err := o.check(op); err != nil {
		return err
	}
	if !directory.ValidName(role) {
		return invalid(op, "", "role %q is not a role name", role)
	}
	if channel != "" && !directory.ValidChannel(channel) {
		return invalid(op, "", "channel %q is not a channel id (C…, G…)", channel)
	}
	return nil
}

// DefineRole adds a team role, or replaces the description and spellings
// of one the team defined before. The audit's Before and After are the
// description with the spellings ("facilitates the Scrum events (aka SM)").
// A team holds at most directory.MaxDefinedRoles roles: one more is refused
// with an error matching directory.ErrDefinition (directory.Message says
// so to the person). That the name is free and not reserved is the
// caller's check (Catalog.CheckDefinition; directory.Parse does it).
// Exactly-once and one round trip, as Assign.
func (s *Store) DefineRole(ctx context.Context, team string, o Origin, r directory.Role) (directory.Change, bool, error) {
	const op = "define role"
	if err := checkTeam(op, team); err != nil {
		return directory.Change{}, false, err
	}
	if err := o.check(op); err != nil {
		return directory.Change{}, false, err
	}
	if !directory.ValidName(r.Name) || r.Builtin {
		return directory.Change{}, false, invalid(op, "", "role %q is not a team role name", r.Name)
	}
	if strings.TrimSpace(r.Description) == "" {
		return directory.Change{}, false, invalid(op, "", "role %q has no description", r.Name)
	}
	text := roleText(r)
	val, err := json.Marshal(roleRecord{V: schemaVersion, Description: r.Description, Spellings: r.Spellings, Text: text})
	if err != nil {
		return directory.Change{}, false, invalid(op, "", "encode role: %w", err)
	}
	rec := newRecord(o, directory.OpDefine, r.Name, "", text)
	_, defined, audit := s.dirKeys(team)
	return s.apply(ctx, op, team, o, defined, audit, r.Name, string(val), rec, directory.MaxDefinedRoles, "define")
}

// apply runs applyScript.
func (s *Store) apply(ctx context.Context, op, team string, o Origin, hash, audit, field, val string, rec changeRecord, most int, kind string) (directory.Change, bool, error) {
	recJSON, err := json.Marshal(rec)
	if err != nil {
		return directory.Change{}, false, invalid(op, hash, "encode change: %w", err)
	}
	guard := s.changeKey(team, o.ID)
	ctx, cancel := s.bound(ctx)
	defer cancel()
	res, err := directoryApply.Run(ctx, s.rdb, []string{guard, hash, audit},
		ChangeWindow.Milliseconds(), field, val, recJSON, AuditCap, most, kind).Slice()
	if err != nil {
		return directory.Change{}, false, wrap(op, hash, err)
	}
	return s.applied(op, hash, res)
}

// applied reads a script's {status, change} reply.
func (s *Store) applied(op, key string, res []any) (directory.Change, bool, error) {
	if len(res) != 2 {
		return directory.Change{}, false, invalid(op, key, "unexpected script reply %v", res)
	}
	status, _ := res[0].(int64)
	raw, _ := res[1].(string)
	if status == -1 {
		return directory.Change{}, false, &opError{op: op, key: key, err: &directory.Error{Kind: directory.ErrDefinition,
			Msg: fmt.Sprintf("Your team already has %d roles, the most it can define.", directory.MaxDefinedRoles)}}
	}
	c, err := decodeChange(op, key, raw)
	if err != nil {
		return directory.Change{}, false, err
	}
	return c, status == 1, nil
}

// ImportDirectory replaces the team's whole directory (its roles and every
// assignment) with d, exactly once per o.ID, and records one "import"
// change whose Before and After summarise the old and new directory ("2
// roles, 5 assignments"). d must come from directory.ParseFile, which
// validates the whole file first; the store checks only the form of names
// and ids. One round trip: nothing is written unless everything is.
func (s *Store) ImportDirectory(ctx context.Context, team string, o Origin, d directory.Snapshot) (directory.Change, bool, error) {
	const op = "import directory"
	if err := checkTeam(op, team); err != nil {
		return directory.Change{}, false, err
	}
	if err := o.check(op); err != nil {
		return directory.Change{}, false, err
	}
	if len(d.Roles) > directory.MaxDefinedRoles || len(d.Assignments) > directory.MaxAssignments {
		return directory.Change{}, false, invalid(op, "", "%s is more than a team may have (%d roles, %d assignments)", d.Summary(), directory.MaxDefinedRoles, directory.MaxAssignments)
	}
	rec := newRecord(o, directory.OpImport, "", "", d.Summary())
	recJSON, err := json.Marshal(rec)
	if err != nil {
		return directory.Change{}, false, invalid(op, "", "encode change: %w", err)
	}
	args := make([]any, 0, 5+2*len(d.Roles)+2*len(d.Assignments))
	args = append(args, ChangeWindow.Milliseconds(), recJSON, AuditCap, len(d.Roles))
	for _, r := range d.Roles {
		if !directory.ValidName(r.Name) || strings.TrimSpace(r.Description) == "" {
			return directory.Change{}, false, invalid(op, "", "role %q needs a valid name and a description", r.Name)
		}
		val, err := json.Marshal(roleRecord{V: schemaVersion, Description: r.Description, Spellings: r.Spellings, Text: roleText(r)})
		if err != nil {
			return directory.Change{}, false, invalid(op, "", "encode role: %w", err)
		}
		args = append(args, r.Name, val)
	}
	args = append(args, len(d.Assignments))
	for _, a := range d.Assignments {
		if err := s.checkAssignment(op, team, o, a.Role, a.Channel); err != nil {
			return directory.Change{}, false, err
		}
		if !a.Assignee.Valid() {
			return directory.Change{}, false, invalid(op, "", "assignee %q is not a user or user group id", a.Assignee)
		}
		args = append(args, assignedField(a.Role, a.Channel), string(a.Assignee))
	}
	assigned, defined, audit := s.dirKeys(team)
	ctx, cancel := s.bound(ctx)
	defer cancel()
	res, err := directoryImport.Run(ctx, s.rdb, []string{s.changeKey(team, o.ID), assigned, defined, audit}, args...).Slice()
	if err != nil {
		return directory.Change{}, false, wrap(op, assigned, err)
	}
	return s.applied(op, assigned, res)
}

// Directory returns the team's whole directory: its own roles by name and
// every assignment by role and channel (both empty for a new team). A
// stored role that does not decode is an error. One round trip (a
// pipeline of two HGETALL).
func (s *Store) Directory(ctx context.Context, team string) (directory.Snapshot, error) {
	const op = "directory"
	if err := checkTeam(op, team); err != nil {
		return directory.Snapshot{}, err
	}
	assigned, defined, _ := s.dirKeys(team)
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var as, ds *redis.MapStringStringCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		as = p.HGetAll(ctx, assigned)
		ds = p.HGetAll(ctx, defined)
		return nil
	})
	if err != nil {
		return directory.Snapshot{}, wrap(op, assigned, err)
	}
	return decodeDirectory(op, defined, as.Val(), ds.Val())
}

// ClaimDirectory is Claim and Directory in one round trip: it claims the
// event or interaction id and reads the team's directory in the same
// pipeline (the keys share the team's hash slot, so this holds on a
// Cluster too). A question's answer may name who holds a role; reading the
// directory beside the claim spares it a round trip of its own, and a
// duplicate delivery that did not need it costs two HGETALL, not a round
// trip. err is the claim's failure, as Claim's; dirErr the directory's, as
// Directory's. After a Redis restart that lost the claim script, the claim
// falls back to Claim's EVAL.
func (s *Store) ClaimDirectory(ctx context.Context, team, id string) (claimed bool, snap directory.Snapshot, dirErr, err error) {
	if err := checkTeam("claim", team); err != nil {
		return false, directory.Snapshot{}, err, err
	}
	key := s.teamKey(team, "event", id)
	assigned, defined, _ := s.dirKeys(team)
	tok := token()
	bctx, cancel := s.bound(ctx)
	defer cancel()
	var claim *redis.Cmd
	var as, ds *redis.MapStringStringCmd
	_, _ = s.rdb.Pipelined(bctx, func(p redis.Pipeliner) error {
		claim = s.acquire.EvalSha(bctx, p, []string{key}, tok, s.claimTTL.Milliseconds())
		as = p.HGetAll(bctx, assigned)
		ds = p.HGetAll(bctx, defined)
		return nil
	})
	if err := as.Err(); err != nil {
		dirErr = wrap("directory", assigned, err)
	} else if err := ds.Err(); err != nil {
		dirErr = wrap("directory", defined, err)
	} else {
		snap, dirErr = decodeDirectory("directory", defined, as.Val(), ds.Val())
	}
	n, cerr := claim.Int()
	if cerr != nil && redis.HasErrorPrefix(cerr, "NOSCRIPT") {
		claimed, err = s.take(ctx, "claim", key, tok, s.claimTTL)
		return claimed, snap, dirErr, err
	}
	if cerr != nil {
		return false, snap, dirErr, wrap("claim", key, cerr)
	}
	return n == 1, snap, dirErr, nil
}

// decodeDirectory builds a Snapshot from the two hashes of a team's
// directory: assignments by "role#channel", role records by name.
func decodeDirectory(op, defined string, assigned, roles map[string]string) (directory.Snapshot, error) {
	var snap directory.Snapshot
	var errs []error
	for name, raw := range roles {
		var r roleRecord
		if err := json.Unmarshal([]byte(raw), &r); err != nil || r.V != schemaVersion {
			errs = append(errs, fmt.Errorf("role %s: %q is not a stored role", name, raw))
			continue
		}
		snap.Roles = append(snap.Roles, directory.Role{Name: name, Description: r.Description, Spellings: r.Spellings})
	}
	for field, id := range assigned {
		role, channel, _ := strings.Cut(field, "#")
		snap.Assignments = append(snap.Assignments, directory.Assignment{Role: role, Channel: channel, Assignee: directory.Assignee(id)})
	}
	if len(errs) > 0 {
		return directory.Snapshot{}, invalid(op, defined, "decode: %w", errors.Join(errs...))
	}
	slices.SortFunc(snap.Roles, func(a, b directory.Role) int { return strings.Compare(a.Name, b.Name) })
	directory.SortAssignments(snap.Assignments)
	return snap, nil
}

// History returns the team's last n directory changes, newest first (at
// most AuditCap are kept). One round trip.
func (s *Store) History(ctx context.Context, team string, n int) ([]directory.Change, error) {
	const op = "history"
	if err := checkTeam(op, team); err != nil {
		return nil, err
	}
	_, _, audit := s.dirKeys(team)
	if n <= 0 {
		return nil, nil
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	raw, err := s.rdb.LRange(ctx, audit, 0, int64(min(n, AuditCap))-1).Result()
	if err != nil {
		return nil, wrap(op, audit, err)
	}
	out := make([]directory.Change, 0, len(raw))
	for _, r := range raw {
		c, err := decodeChange(op, audit, r)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
