package knowledge

import "testing"

// TestRoleOrigin checks which clauses ask when the product manager's role
// came to be: the form that implies the history term.
func TestRoleOrigin(t *testing.T) {
	e := NewEngine(builtinBase(t))
	sc := e.newScratch()
	tests := []struct {
		name string
		q    string
		want bool
	}{
		{"product management's start is the role's", "when did product management start", true},
		{"so is that of the role said in short", "when did product mgmt start lol", true},
		{"a later clause may ask it", "when did you join? when did product management start", true},
		{"the role as a job, first appearing", "when were pms first invented as a job?", true},
		{"one PM starting is a person joining", "when did the pm start?", false},
		{"the verb with an object is a meeting's start", "when did product management start the review?", false},
		{"the product owner's role has no history in the articles", "when did the po role start", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.query(sc, tt.q)
			if got := (words{sc: sc}).roleOrigin(); got != tt.want {
				t.Errorf("roleOrigin(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

// TestPlural checks the plural the list of things no product role owns
// is read in too.
func TestPlural(t *testing.T) {
	for _, tt := range []struct{ w, want string }{
		{"dinner", "dinners"},
		{"party", "parties"},
		{"day", "days"},
		{"bench", "benches"},
		{"box", "boxes"},
		{"cleaners", "cleaners"},
		{"bus", "bus"},
		{"hr", "hr"},
	} {
		if got := plural(tt.w); got != tt.want {
			t.Errorf("plural(%q) = %q, want %q", tt.w, got, tt.want)
		}
	}
}
