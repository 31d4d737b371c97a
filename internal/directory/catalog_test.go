package directory_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rolecall/rolecall/internal/directory"
)

func builtin(t testing.TB) *directory.Catalog {
	t.Helper()
	c, err := directory.Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	return c
}

// team is the built-in catalogue with a scrum master and a tech lead.
func team(t testing.TB) *directory.Catalog {
	t.Helper()
	c, err := builtin(t).With([]directory.Role{
		{Name: "scrum-master", Description: "facilitates the Scrum events", Spellings: []string{"SM"}},
		{Name: "tech-lead", Description: "leads the technical decisions", Spellings: []string{"TL", "lead dev"}},
	})
	if err != nil {
		t.Fatalf("With: %v", err)
	}
	return c
}

func TestResolveReadsEverySpelling(t *testing.T) {
	c := team(t)
	tests := []struct {
		text, want string
	}{
		{"PO", directory.ProductOwner},
		{"po", directory.ProductOwner},
		{"POs", directory.ProductOwner},
		{"P.O.", directory.ProductOwner},
		{"PO's", directory.ProductOwner},
		{"product owner", directory.ProductOwner},
		{"Product Owner", directory.ProductOwner},
		{"product-owner", directory.ProductOwner},
		{"product_owner", directory.ProductOwner},
		{"  product   owner  ", directory.ProductOwner},
		{"prod owner", directory.ProductOwner},
		{"product owners", directory.ProductOwner},
		{"productowner", directory.ProductOwner},
		{"PM", directory.ProductManager},
		{"PMs", directory.ProductManager},
		{"product manager", directory.ProductManager},
		{"Product-Manager!", directory.ProductManager},
		{"prod mgr", directory.ProductManager},
		{"scrum-master", "scrum-master"},
		{"Scrum Master", "scrum-master"},
		{"scrum masters", "scrum-master"},
		{"scrummaster", "scrum-master"},
		{"SM", "scrum-master"},
		{"sms", "scrum-master"},
		{"lead dev", "tech-lead"},
		{"Tech Lead", "tech-lead"},
	}
	for _, tt := range tests {
		t.Run(tt.text+" is "+tt.want, func(t *testing.T) {
			r, ok := c.Resolve(tt.text)
			if !ok || r.Name != tt.want {
				t.Errorf("Resolve(%q) = %q, %v; want %q", tt.text, r.Name, ok, tt.want)
			}
		})
	}
	for _, text := range []string{"", "owner", "product", "project manager", "scrum", "pmo", "p", "designer"} {
		t.Run(text+" is no role", func(t *testing.T) {
			if r, ok := c.Resolve(text); ok {
				t.Errorf("Resolve(%q) = %q, want no role", text, r.Name)
			}
		})
	}
}

func TestFindSpotsARoleInAQuestion(t *testing.T) {
	c := team(t)
	tests := []struct {
		name, text, want string
	}{
		{"a short spelling with a possessive", "who is our PO?", directory.ProductOwner},
		{"a two-word spelling", "who's the scrum master for #payments?", "scrum-master"},
		{"the longest spelling wins", "is the product manager around", directory.ProductManager},
		{"the leftmost role wins", "does the PM or the PO decide", directory.ProductManager},
		{"a word that contains a spelling is not it", "ask the PMO office", ""},
		{"no role at all", "who owns the roadmap", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := c.Find(tt.text)
			if r.Name != tt.want {
				t.Errorf("Find(%q) = %q, want %q", tt.text, r.Name, tt.want)
			}
		})
	}
}

func TestCheckDefinitionRefusesWhatBreaksARule(t *testing.T) {
	c := team(t)
	tests := []struct {
		name    string
		role    directory.Role
		message string // a part of the message for the person
	}{
		{"a name with capitals and spaces, with the name to use instead", directory.Role{Name: "Scrum Coach", Description: "coaches"}, "such as scrum-coach"},
		{"a name too short", directory.Role{Name: "x", Description: "does x"}, "2 to 32"},
		{"a name too long", directory.Role{Name: strings.Repeat("a", 33), Description: "does a"}, "2 to 32"},
		{"a name with a double hyphen", directory.Role{Name: "scrum--master", Description: "does it"}, "hyphens"},
		{"an empty name", directory.Role{Description: "does it"}, "Name the role"},
		{"no description", directory.Role{Name: "designer"}, "Say what a designer does"},
		{"a description too short", directory.Role{Name: "designer", Description: "ux"}, "at least 3"},
		{"a description too long", directory.Role{Name: "designer", Description: strings.Repeat("a", 201)}, "keep it to 200"},
		{"a description over two lines", directory.Role{Name: "designer", Description: "designs\nthings"}, "one line"},
		{"a built-in name", directory.Role{Name: "product-owner", Description: "owns it"}, "can't be redefined"},
		{"a built-in spelling as a name", directory.Role{Name: "po", Description: "owns it"}, "can't be redefined"},
		{"a built-in spelling as a spelling", directory.Role{Name: "owner", Description: "owns it", Spellings: []string{"P.M."}}, "can't be redefined"},
		{"another team role's spelling", directory.Role{Name: "senior-mgr", Description: "manages", Spellings: []string{"sm"}}, "already means scrum-master"},
		{"a reserved word", directory.Role{Name: "everyone", Description: "all of us"}, "reserved"},
		{"a spelling without letters", directory.Role{Name: "designer", Description: "designs", Spellings: []string{"--"}}, "no letters"},
		{"too many spellings", directory.Role{Name: "designer", Description: "designs", Spellings: strings.Fields("a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11")}, "at most 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			err := c.CheckDefinition(tt.role)
			if !errors.Is(err, directory.ErrDefinition) {
				t.Fatalf("CheckDefinition = %v, want ErrDefinition", err)
			}
			msg, _ := directory.Message(err)
			if !strings.Contains(msg, tt.message) {
				t.Errorf("message %q does not say %q", msg, tt.message)
			}
		})
	}
	t.Run("redefining a team role is allowed", func(t *testing.T) {
		if err := c.CheckDefinition(directory.Role{Name: "scrum-master", Description: "coaches Scrum", Spellings: []string{"SM", "scrum master"}}); err != nil {
			t.Error(err)
		}
	})
	t.Run("a new role with a fresh name is allowed", func(t *testing.T) {
		if err := c.CheckDefinition(directory.Role{Name: "engineering-manager", Description: "grows the engineers", Spellings: []string{"EM"}}); err != nil {
			t.Error(err)
		}
	})
	t.Run("one role more than the limit is refused", func(t *testing.T) {
		var rs []directory.Role
		for i := range directory.MaxDefinedRoles {
			rs = append(rs, directory.Role{Name: "role-" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Description: "does things"})
		}
		full, err := builtin(t).With(rs)
		if err != nil {
			t.Fatal(err)
		}
		if err := full.CheckDefinition(directory.Role{Name: "one-more", Description: "does things"}); !errors.Is(err, directory.ErrDefinition) {
			t.Errorf("CheckDefinition at the limit = %v, want ErrDefinition", err)
		}
	})
}

func TestWithKeepsTheGoodRolesAndReportsTheBadOnes(t *testing.T) {
	c, err := builtin(t).With([]directory.Role{
		{Name: "designer", Description: "designs the product"},
		{Name: "po", Description: "a stored role that now clashes"},
		{Name: "designer", Description: "defined twice"},
	})
	if err == nil {
		t.Fatal("no error for the clashing roles")
	}
	if c == nil {
		t.Fatal("nil catalogue")
	}
	if r, ok := c.Resolve("designer"); !ok || r.Description != "designs the product" {
		t.Errorf("Resolve(designer) = %+v, %v", r, ok)
	}
	if r, _ := c.Resolve("po"); r.Name != directory.ProductOwner {
		t.Errorf("po now means %q", r.Name)
	}
	if got := len(c.Roles()); got != 3 {
		t.Errorf("%d roles, want 3", got)
	}
}

func TestCatalogListsRolesForMessages(t *testing.T) {
	want := "product-owner (PO), product-manager (PM), scrum-master (SM), tech-lead (TL)"
	if got := team(t).List(); got != want {
		t.Errorf("List = %q, want %q", got, want)
	}
	if got := len(team(t).Defined()); got != 2 {
		t.Errorf("Defined has %d roles, want 2", got)
	}
}

func TestLoadRejectsABrokenDataFileWithFileAndLine(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"an unknown field", "roles:\n  - name: po-x\n    colour: red\n", "data/roles.yaml:3:"},
		{"a bad name", "roles:\n  - name: Product Owner\n    description: owns it\n", "data/roles.yaml:2:"},
		{"no description", "roles:\n  - name: product-owner\n", "data/roles.yaml:2:"},
		{"two roles with one spelling", "roles:\n  - name: aa\n    description: does a\n    spellings: [x]\n  - name: bb\n    description: does b\n    spellings: [X]\n", "data/roles.yaml:5:"},
		{"no roles", "reserved: [here]\n", "no roles"},
		{"not YAML", "roles: [\n", "data/roles.yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is rejected", func(t *testing.T) {
			_, err := directory.Load(fstest.MapFS{"data/roles.yaml": {Data: []byte(tt.yaml)}})
			if !errors.Is(err, directory.ErrInvalid) {
				t.Fatalf("Load = %v, want ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestBuiltinRolesAreTheTwoDocumented(t *testing.T) {
	rs := builtin(t).Roles()
	if len(rs) != 2 || rs[0].Name != directory.ProductOwner || rs[1].Name != directory.ProductManager {
		t.Fatalf("Roles = %+v", rs)
	}
	for _, r := range rs {
		if !r.Builtin || r.Description == "" {
			t.Errorf("%s: Builtin %v, description %q", r.Name, r.Builtin, r.Description)
		}
	}
	if got := rs[0].Label(); got != "product owner" {
		t.Errorf("Label = %q", got)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"P.O.":             "po",
		"PO’s":             "pos",
		"product-owner":    "product owner",
		"  Prod__Owner!! ": "prod owner",
		"Ürün Sahibi":      "ürün sahibi",
		"":                 "",
		"---":              "",
	} {
		if got := directory.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
