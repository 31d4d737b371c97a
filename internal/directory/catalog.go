package directory

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/rolecall/rolecall/internal/yamlerr"

	"gopkg.in/yaml.v3"
)

// The two roles Rolecall knows out of the box.
const (
	ProductOwner   = "product-owner"
	ProductManager = "product-manager"
)

// Bounds of a role definition.
const (
	NameMin         = 2   // shortest role name, in characters
	NameMax         = 32  // longest role name
	DescriptionMin  = 3   // shortest description, in characters
	DescriptionMax  = 200 // longest description
	SpellingMax     = 40  // longest spelling
	MaxSpellings    = 10  // spellings per role
	MaxDefinedRoles = 50  // roles a team may define
)

// Role is one role of the catalogue: a built-in one or one a team defined.
type Role struct {
	// Name is the canonical name: lowercase words joined by hyphens
	// ("product-owner", "scrum-master"). Assignments and the audit use it.
	Name string
	// Description says what the role does, in a few words.
	Description string
	// Spellings are other ways people write the role ("PO", "scrum master").
	// The name itself always counts and need not be listed.
	Spellings []string
	// Builtin marks product-owner and product-manager.
	Builtin bool
}

// Label is the name as words: "product owner", "scrum master".
func (r Role) Label() string { return strings.ReplaceAll(r.Name, "-", " ") }

// IsZero reports whether r is the zero Role (no role named).
func (r Role) IsZero() bool { return r.Name == "" }

// Catalog is the set of roles a team can use: the built-in ones and the
// team's own. It is immutable; With returns a new one.
type Catalog struct {
	roles    []Role
	index    map[string]int  // normalised spelling → index in roles
	reserved map[string]bool // normalised reserved words
}

//go:embed data/roles.yaml
var data embed.FS

// The embedded data file's shape, decoded strictly.
type catalogFile struct {
	Roles []struct {
		Name        string   `yaml:"name"`
		Description string   `yaml:"description"`
		Spellings   []string `yaml:"spellings"`
	} `yaml:"roles"`
	Reserved []string `yaml:"reserved"`
}

var builtin = sync.OnceValues(func() (*Catalog, error) { return Load(data) })

// Builtin returns the catalogue of the built-in roles, from the embedded
// data/roles.yaml. It is loaded once.
func Builtin() (*Catalog, error) { return builtin() }

// Load reads and validates data/roles.yaml of fsys: the built-in roles and
// the reserved words. Errors name the file and line. Production uses the
// embedded file (Builtin); tests pass an fstest.MapFS.
func Load(fsys fs.FS) (*Catalog, error) {
	const name = "data/roles.yaml"
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, yamlerr.Located(name, err))
	}
	var f catalogFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, yamlerr.Located(name, err))
	}
	lines := nodeLines(&root)
	at := func(path string) string { return fmt.Sprintf("%s:%d", name, lines.line(path)) }

	c := &Catalog{index: map[string]int{}, reserved: map[string]bool{}}
	var errs []error
	for i, w := range f.Reserved {
		k := Normalize(w)
		if k == "" {
			errs = append(errs, fmt.Errorf("%s: empty reserved word", at(fmt.Sprintf("reserved.%d", i))))
			continue
		}
		c.reserved[k] = true
	}
	if len(f.Roles) == 0 {
		errs = append(errs, fmt.Errorf("%s: no roles", at("roles")))
	}
	for i, r := range f.Roles {
		role := Role{Name: r.Name, Description: strings.TrimSpace(r.Description), Spellings: r.Spellings, Builtin: true}
		if err := checkName(role.Name); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s", at(fmt.Sprintf("roles.%d.name", i)), err.(*Error).Msg))
			continue
		}
		if err := checkDescription(role.Name, role.Description); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s", at(fmt.Sprintf("roles.%d.description", i)), err.(*Error).Msg))
		}
		if err := c.add(role); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s", at(fmt.Sprintf("roles.%d", i)), err.(*Error).Msg))
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, errors.Join(errs...))
	}
	// Built-in names and spellings are reserved for team roles too.
	for k := range c.index {
		c.reserved[k] = true
	}
	return c, nil
}

// With returns a new catalogue: c and the team's defined roles. A defined
// role that breaks a rule (see CheckDefinition) is left out, and the error
// lists every such role; the returned catalogue is never nil, so a bad stored
// role costs only itself.
func (c *Catalog) With(defined []Role) (*Catalog, error) {
	nc := &Catalog{roles: append([]Role(nil), c.roles...), index: make(map[string]int, len(c.index)+4*len(defined)), reserved: c.reserved}
	for k, v := range c.index {
		nc.index[k] = v
	}
	var errs []error
	for _, r := range defined {
		r.Builtin = false
		if len(nc.roles)-len(c.roles) >= MaxDefinedRoles {
			errs = append(errs, definitionErr(r.Name, "A team can define at most %d roles.", MaxDefinedRoles))
			continue
		}
		if err := nc.check(r, false); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := nc.add(r); err != nil {
			errs = append(errs, err)
		}
	}
	return nc, errors.Join(errs...)
}

// CheckDefinition reports whether a team may define r now: its name and
// description follow the rules, neither its name nor a spelling is reserved
// or means another role, and the team has room for it. Redefining a role
// the team defined earlier (a new description or spellings) is allowed.
// The error is an *Error of kind ErrDefinition.
func (c *Catalog) CheckDefinition(r Role) error {
	if old, ok := c.byName(r.Name); ok && !old.Builtin {
		return c.check(r, true)
	}
	if c.definedCount() >= MaxDefinedRoles {
		return definitionErr(r.Name, "Your team already has %d roles, the most it can define.", MaxDefinedRoles)
	}
	return c.check(r, false)
}

// check validates r against c; redefine allows r to replace the team role of
// the same name.
func (c *Catalog) check(r Role, redefine bool) error {
	if err := checkName(r.Name); err != nil {
		return err
	}
	if err := checkDescription(r.Name, r.Description); err != nil {
		return err
	}
	if len(r.Spellings) > MaxSpellings {
		return definitionErr(r.Name, "A role can have at most %d spellings; %s has %d.", MaxSpellings, r.Name, len(r.Spellings))
	}
	keys := []string{Normalize(r.Name)}
	for _, s := range r.Spellings {
		k := Normalize(s)
		switch {
		case k == "":
			return definitionErr(s, "The spelling %q of %s has no letters or digits.", s, r.Name)
		case utf8.RuneCountInString(s) > SpellingMax:
			return definitionErr(s, "The spelling %q of %s is longer than %d characters.", s, r.Name, SpellingMax)
		}
		keys = append(keys, k)
	}
	for _, k := range keys {
		if i, ok := c.index[k]; ok {
			other := c.roles[i]
			if redefine && other.Name == r.Name {
				continue
			}
			if other.Builtin {
				return definitionErr(k, "%q is Rolecall's own name for %s and can't be redefined; pick another name or spelling.", k, other.Name)
			}
			return definitionErr(k, "%q already means %s; pick another name or spelling.", k, other.Name)
		}
		if c.reserved[k] {
			return definitionErr(k, "%q is a reserved word; pick another name or spelling.", k)
		}
	}
	return nil
}

// add indexes r, replacing the role of the same name if there is one.
// Explicit keys (the name and the spellings) must be free; derived forms
// (without spaces, a plural "s") are added where free.
func (c *Catalog) add(r Role) error {
	i := len(c.roles)
	for n, x := range c.roles {
		if x.Name == r.Name {
			i = n
		}
	}
	explicit := []string{Normalize(r.Name)}
	for _, s := range r.Spellings {
		explicit = append(explicit, Normalize(s))
	}
	for _, k := range explicit {
		if j, ok := c.index[k]; ok && j != i {
			return definitionErr(k, "%q already means %s.", k, c.roles[j].Name)
		}
	}
	if i < len(c.roles) {
		for k, v := range c.index { // a redefinition: forget the old keys
			if v == i {
				delete(c.index, k)
			}
		}
	}
	r.Spellings = append([]string(nil), r.Spellings...)
	if i == len(c.roles) {
		c.roles = append(c.roles, r)
	} else {
		c.roles[i] = r
	}
	for _, k := range explicit {
		c.index[k] = i
	}
	for _, k := range explicit {
		derived := []string{strings.ReplaceAll(k, " ", "")}
		if !strings.HasSuffix(k, "s") {
			derived = append(derived, k+"s")
		}
		for _, d := range derived {
			if _, taken := c.index[d]; !taken && !c.reserved[d] {
				c.index[d] = i
			}
		}
	}
	return nil
}

func (c *Catalog) byName(name string) (Role, bool) {
	for _, r := range c.roles {
		if r.Name == name {
			return r, true
		}
	}
	return Role{}, false
}

func (c *Catalog) definedCount() int {
	n := 0
	for _, r := range c.roles {
		if !r.Builtin {
			n++
		}
	}
	return n
}

// Resolve returns the role a name or spelling means ("PO", "product owner",
// "Product-Owner", "scrum master"), ignoring case and punctuation.
func (c *Catalog) Resolve(text string) (Role, bool) {
	i, ok := c.index[Normalize(text)]
	if !ok {
		return Role{}, false
	}
	return c.roles[i], true
}

// maxSpellingWords bounds the phrases Find tries.
const maxSpellingWords = 5

// Find returns the first role named anywhere in free text ("who is our PO
// for #payments?"), preferring the longest spelling at the leftmost place.
// Whole words only: "pmo" is not "pm". Use it on a question already known to
// ask about people; "5 pm" reads as the product manager.
func (c *Catalog) Find(text string) (Role, bool) {
	words := strings.Fields(Normalize(text))
	for i := range words {
		for n := min(maxSpellingWords, len(words)-i); n > 0; n-- {
			if j, ok := c.index[strings.Join(words[i:i+n], " ")]; ok {
				return c.roles[j], true
			}
		}
	}
	return Role{}, false
}

// Roles returns every role, the built-in ones first, then the team's in the
// order With was given them (the store gives them by name). The slice is a copy.
func (c *Catalog) Roles() []Role {
	out := make([]Role, len(c.roles))
	copy(out, c.roles)
	return out
}

// Defined returns only the team's own roles.
func (c *Catalog) Defined() []Role {
	var out []Role
	for _, r := range c.roles {
		if !r.Builtin {
			out = append(out, r)
		}
	}
	return out
}

// List names the roles for a message: "product-owner (PO), product-manager
// (PM), scrum-master".
func (c *Catalog) List() string {
	parts := make([]string, 0, len(c.roles))
	for _, r := range c.roles {
		p := r.Name
		if len(r.Spellings) > 0 {
			p += " (" + r.Spellings[0] + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

// Normalize is how spellings are compared: lower case, apostrophes and dots
// dropped ("P.O.", "PO's"), any other run of punctuation, symbols or spaces
// one space ("product-owner" is "product owner").
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’' || r == '.':
		default:
			space = true
		}
	}
	return b.String()
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$`)

// ValidName reports whether name follows the rules of a role name: NameMin
// to NameMax lowercase letters, digits and single hyphens, starting with a
// letter ("scrum-master").
func ValidName(name string) bool {
	n := len(name)
	return n >= NameMin && n <= NameMax && nameRE.MatchString(name)
}

func checkName(name string) error {
	if ValidName(name) {
		return nil
	}
	if name == "" {
		return definitionErr(name, "Name the role: /roles define scrum-master \"facilitates the Scrum events\"")
	}
	example := "scrum-master"
	if s := Slug(name); ValidName(s) {
		example = s
	}
	return definitionErr(name, "%q can't be a role name: use %d to %d lowercase letters, digits and hyphens, starting with a letter, such as %s.", name, NameMin, NameMax, example)
}

func checkDescription(name, d string) error {
	n := utf8.RuneCountInString(d)
	switch {
	case n == 0:
		return definitionErr(name, "Say what a %s does, in quotes: /roles define %s \"facilitates the Scrum events\"", name, name)
	case n < DescriptionMin:
		return definitionErr(d, "Say a little more about what a %s does: at least %d characters.", name, DescriptionMin)
	case n > DescriptionMax:
		return definitionErr(name, "The description of %s is %d characters; keep it to %d.", name, n, DescriptionMax)
	case strings.ContainsFunc(d, unicode.IsControl):
		return definitionErr(name, "Keep the description of %s on one line.", name)
	}
	return nil
}

// Slug turns words into a role name: "Scrum Master" → "scrum-master".
func Slug(s string) string {
	return strings.ReplaceAll(Normalize(s), " ", "-")
}
