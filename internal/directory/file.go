package directory

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/rolecall/rolecall/internal/yamlerr"

	"gopkg.in/yaml.v3"
)

// Snapshot is a team's whole directory: the roles it defined (the built-in
// ones are implied) and every assignment. It is what the store returns,
// what an export writes and what an import reads.
type Snapshot struct {
	Roles       []Role
	Assignments []Assignment
}

// Catalog returns the built-in catalogue with the snapshot's roles. Like
// Catalog.With it always returns a catalogue, leaving out (and reporting)
// a role that breaks a rule.
func (s Snapshot) Catalog() (*Catalog, error) {
	b, err := Builtin()
	if err != nil {
		return nil, err
	}
	return b.With(s.Roles)
}

// Summary counts the snapshot: "2 roles, 5 assignments".
func (s Snapshot) Summary() string {
	return plural(len(s.Roles), "role") + ", " + plural(len(s.Assignments), "assignment")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// FileVersion is the version of the export format.
const FileVersion = 1

// The export file's shape, decoded strictly.
type (
	file struct {
		Version     int              `yaml:"version"`
		Roles       []fileRole       `yaml:"roles"`
		Assignments []fileAssignment `yaml:"assignments"`
	}
	fileRole struct {
		Name        string   `yaml:"name"`
		Description string   `yaml:"description"`
		Spellings   []string `yaml:"spellings,omitempty,flow"`
	}
	fileAssignment struct {
		Role    string `yaml:"role"`
		Channel string `yaml:"channel,omitempty"`
		User    string `yaml:"user,omitempty"`
		Group   string `yaml:"group,omitempty"`
	}
)

const fileHeader = `# Rolecall role directory: the team's own roles and who holds each role,
# for the whole workspace or (with channel) for one channel. product-owner and
# product-manager are built in. Ids are Slack ids: users U… or W…, user
# groups S…, channels C… or G…. Review, then: bot roles import FILE
# (--dry-run first); an import replaces the whole directory.
`

// Marshal writes s in the export format, roles by name and assignments by
// role then channel, so that two exports of the same directory are equal.
func Marshal(s Snapshot) ([]byte, error) {
	f := file{Version: FileVersion, Roles: []fileRole{}, Assignments: []fileAssignment{}}
	roles := append([]Role(nil), s.Roles...)
	sort.Slice(roles, func(i, j int) bool { return roles[i].Name < roles[j].Name })
	for _, r := range roles {
		f.Roles = append(f.Roles, fileRole{Name: r.Name, Description: r.Description, Spellings: r.Spellings})
	}
	as := append([]Assignment(nil), s.Assignments...)
	SortAssignments(as)
	for _, a := range as {
		fa := fileAssignment{Role: a.Role, Channel: a.Channel}
		if a.Assignee.Group() {
			fa.Group = string(a.Assignee)
		} else {
			fa.User = string(a.Assignee)
		}
		f.Assignments = append(f.Assignments, fa)
	}
	var buf bytes.Buffer
	buf.WriteString(fileHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("directory: encode: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("directory: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// MaxFileSize bounds an import file.
const MaxFileSize = 1 << 20

// MaxAssignments bounds the assignments of one team.
const MaxAssignments = 5000

// ParseFile reads and validates a whole export file; name is used in
// errors. Every problem is reported at once, each as "name:line: what":
// YAML syntax, unknown fields, a missing or other version, role names,
// descriptions and spellings (as /roles define checks them), duplicate
// roles, assignments to unknown roles, malformed ids, an assignment with
// both or neither of user and group, and duplicate assignments. Roles may
// be written by any spelling; the snapshot holds canonical names, roles by
// name and assignments in export order, descriptions on one line. Nothing
// is returned unless everything is valid: the caller writes all or nothing.
func ParseFile(name string, data []byte) (Snapshot, error) {
	if len(data) > MaxFileSize {
		return Snapshot{}, fmt.Errorf("%w: %s: %d bytes, more than the %d an import reads", ErrInvalid, name, len(data), MaxFileSize)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return Snapshot{}, fmt.Errorf("%w: %w", ErrInvalid, yamlerr.Located(name, err))
	}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return Snapshot{}, fmt.Errorf("%w: %s: the file is empty; an import needs at least \"version: %d\"", ErrInvalid, name, FileVersion)
		}
		return Snapshot{}, fmt.Errorf("%w: %w", ErrInvalid, yamlerr.Located(name, err))
	}
	ln := nodeLines(&root)
	at := func(path string) string { return name + ":" + strconv.Itoa(ln.line(path)) }

	var errs []error
	if f.Version != FileVersion {
		errs = append(errs, fmt.Errorf("%s: version is %d; this Rolecall reads version %d (write \"version: %d\")", at("version"), f.Version, FileVersion, FileVersion))
	}
	base, err := Builtin()
	if err != nil {
		return Snapshot{}, err
	}
	cat := &Catalog{roles: base.Roles(), index: map[string]int{}, reserved: base.reserved}
	for k, v := range base.index {
		cat.index[k] = v
	}
	var snap Snapshot
	firstRole := map[string]string{}
	for i, fr := range f.Roles {
		where := at(fmt.Sprintf("roles.%d", i))
		r := Role{Name: fr.Name, Description: CleanText(fr.Description, 0), Spellings: fr.Spellings}
		if prev, dup := firstRole[r.Name]; dup && r.Name != "" {
			errs = append(errs, fmt.Errorf("%s: role %s is defined twice (first at %s)", where, r.Name, prev))
			continue
		}
		firstRole[r.Name] = where
		if len(snap.Roles) >= MaxDefinedRoles {
			errs = append(errs, fmt.Errorf("%s: a team can define at most %d roles", where, MaxDefinedRoles))
			continue
		}
		if err := cat.check(r, false); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s", where, msgOf(err)))
			continue
		}
		if err := cat.add(r); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s", where, msgOf(err)))
			continue
		}
		snap.Roles = append(snap.Roles, r)
	}
	firstAssignment := map[[2]string]string{}
	for i, fa := range f.Assignments {
		where := at(fmt.Sprintf("assignments.%d", i))
		field := func(k string) string { return at(fmt.Sprintf("assignments.%d.%s", i, k)) }
		var problems []string
		a := Assignment{Channel: fa.Channel}
		switch r, ok := cat.Resolve(fa.Role); {
		case strings.TrimSpace(fa.Role) == "":
			problems = append(problems, where+": assignment without a role")
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: unknown role %q (roles: %s; define a new one under roles:)", field("role"), fa.Role, cat.List()))
		default:
			a.Role = r.Name
		}
		if fa.Channel != "" && !ValidChannel(fa.Channel) {
			problems = append(problems, fmt.Sprintf("%s: %q is not a channel id (C… or G…, capitals and digits)", field("channel"), fa.Channel))
		}
		switch {
		case fa.User != "" && fa.Group != "":
			problems = append(problems, where+": both user and group; an assignment names one person or one group")
		case fa.User == "" && fa.Group == "":
			problems = append(problems, where+": neither user nor group; name who holds the role")
		case fa.User != "" && !ValidUser(fa.User):
			problems = append(problems, fmt.Sprintf("%s: %q is not a user id (U… or W…, capitals and digits)", field("user"), fa.User))
		case fa.Group != "" && !ValidGroup(fa.Group):
			problems = append(problems, fmt.Sprintf("%s: %q is not a user group id (S…, capitals and digits)", field("group"), fa.Group))
		default:
			a.Assignee = Assignee(fa.User + fa.Group)
		}
		if len(problems) > 0 {
			for _, p := range problems {
				errs = append(errs, errors.New(p))
			}
			continue
		}
		k := [2]string{a.Role, a.Channel}
		if prev, dup := firstAssignment[k]; dup {
			scope := "workspace-wide"
			if a.Channel != "" {
				scope = "in " + a.Channel
			}
			errs = append(errs, fmt.Errorf("%s: %s is assigned twice %s (first at %s); one person or group per role and place", where, a.Role, scope, prev))
			continue
		}
		firstAssignment[k] = where
		snap.Assignments = append(snap.Assignments, a)
	}
	if len(snap.Assignments) > MaxAssignments {
		errs = append(errs, fmt.Errorf("%s: %d assignments, more than the %d a team may have", at("assignments"), len(snap.Assignments), MaxAssignments))
	}
	if len(errs) > 0 {
		return Snapshot{}, fmt.Errorf("%w: %w", ErrInvalid, errors.Join(errs...))
	}
	sort.Slice(snap.Roles, func(i, j int) bool { return snap.Roles[i].Name < snap.Roles[j].Name })
	SortAssignments(snap.Assignments)
	return snap, nil
}

func msgOf(err error) string {
	if m, ok := Message(err); ok {
		return m
	}
	return err.Error()
}

// Diff lists what replacing old with next changes, one line each, for an
// import's dry run: "+" added, "-" removed, "~" changed.
func Diff(old, next Snapshot) []string {
	var out []string
	oldRoles := map[string]Role{}
	for _, r := range old.Roles {
		oldRoles[r.Name] = r
	}
	nextRoles := map[string]bool{}
	for _, r := range next.Roles {
		nextRoles[r.Name] = true
		o, ok := oldRoles[r.Name]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("+ role %s: %q", r.Name, r.Description))
		case o.Description != r.Description || strings.Join(o.Spellings, "\x00") != strings.Join(r.Spellings, "\x00"):
			out = append(out, fmt.Sprintf("~ role %s: %q (was %q)", r.Name, r.Description, o.Description))
		}
	}
	for _, r := range old.Roles {
		if !nextRoles[r.Name] {
			out = append(out, fmt.Sprintf("- role %s", r.Name))
		}
	}
	key := func(a Assignment) [2]string { return [2]string{a.Role, a.Channel} }
	where := func(a Assignment) string {
		if a.Channel == "" {
			return a.Role + " (workspace)"
		}
		return a.Role + " in " + a.Channel
	}
	oldAs := map[[2]string]Assignment{}
	for _, a := range old.Assignments {
		oldAs[key(a)] = a
	}
	nextAs := map[[2]string]bool{}
	as := append([]Assignment(nil), next.Assignments...)
	SortAssignments(as)
	for _, a := range as {
		nextAs[key(a)] = true
		o, ok := oldAs[key(a)]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("+ %s: %s", where(a), a.Assignee))
		case o.Assignee != a.Assignee:
			out = append(out, fmt.Sprintf("~ %s: %s (was %s)", where(a), a.Assignee, o.Assignee))
		}
	}
	olds := append([]Assignment(nil), old.Assignments...)
	SortAssignments(olds)
	for _, a := range olds {
		if !nextAs[key(a)] {
			out = append(out, fmt.Sprintf("- %s: %s", where(a), a.Assignee))
		}
	}
	return out
}

// lineMap holds the line of every node of a document by path ("roles.0.name").
type lineMap map[string]int

func (m lineMap) line(path string) int {
	for path != "" {
		if n, ok := m[path]; ok {
			return n
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 1
}

func nodeLines(root *yaml.Node) lineMap {
	m := lineMap{}
	if root == nil || len(root.Content) == 0 {
		return m
	}
	var walk func(prefix string, n *yaml.Node)
	walk = func(prefix string, n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := n.Content[i].Value
				if prefix != "" {
					p = prefix + "." + p
				}
				m[p] = n.Content[i].Line
				walk(p, n.Content[i+1])
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				p := prefix + "." + strconv.Itoa(i)
				m[p] = c.Line
				walk(p, c)
			}
		}
	}
	walk("", root.Content[0])
	return m
}
