package knowledge_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rolecall/rolecall/internal/knowledge"
)

// lexiconBase is a small base with its own synonyms.yaml, so each test
// sees exactly the lexicon it describes.
func lexiconBase(t *testing.T, synonyms string) *knowledge.Engine {
	t.Helper()
	f := mapFS(
		entry("launch", "question", "Who is in charge of the launch?", "owner", "product_manager", "keywords", "[launch, release date]") +
			entry("market", "question", "Who does market research?", "owner", "product_manager", "keywords", "[market, research, competitors]") +
			entry("teams", "question", "Who coordinates marketing, sales and support?", "owner", "product_manager", "keywords", "[coordinate, marketing, sales]") +
			entry("backlog", "question", "Who owns the product backlog?", "keywords", "[backlog]") +
			entry("po-role", "question", "What does a product owner do?", "keywords", "[product owner role, typical day]") +
			entry("profit", "question", "Who makes sure features pay off?", "owner", "product_manager", "keywords", "[profit, pay off]"),
	)
	f["synonyms.yaml"] = &fstest.MapFile{Data: []byte(synonyms)}
	b, err := knowledge.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	return knowledge.NewEngine(b)
}

const testLexicon = `synonyms:
  - term: productowner
    variants: [po, product owner]
  - term: launch
    variants: [go to market, gtm]
  - term: typicalday
    variants: [all day, typical day]
stop:
  - go
filler:
  - new here
keep:
  - marketing
roles: [productowner]
weak: [product]
outside:
  - salary
  - pay
  - scrum master
`

func TestLexicon(t *testing.T) {
	eng := lexiconBase(t, testLexicon)
	tests := []struct {
		name, q string
		topic   string // "" for unknown
		// implausible: no entry may even be a candidate for the model.
		implausible bool
	}{
		{"a phrase with a stop word is read before stop words go", "who owns go to market?", "launch", false},
		{"a word of that phrase alone keeps its own meaning", "who looks at the market?", "market", false},
		{"a keep word is not stemmed into another word", "who owns marketing?", "teams", false},
		{"a phrase as written finds a role's day", "what does a PO do all day?", "po-role", false},
		{"filler is dropped as a whole", "hey, new here: who owns the backlog?", "backlog", false},
		{"an outside word makes a question unknown", "what is the salary of a product owner?", "", true},
		{"an outside phrase makes a question unknown", "does the backlog belong to the scrum master?", "", true},
		{"an outside word an entry uses is not outside", "who makes sure features pay off?", "profit", false},
		{"a role and words the base has never seen are not a topic", "what's our PO's phone number?", "", true},
		{"a clause of unknown words beside a clear question is context", "who owns the backlog? see <https://wiki.example.com|our wiki page>", "backlog", false},
		{"unknown words in the question's own clause still count", "who owns the backlog of the coffee machine repair shop", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := eng.Answer(tt.q)
			if a.Topic != tt.topic {
				t.Errorf("Answer(%q) = %q (%s, %.2f), want %q; ranking %+v", tt.q, a.Topic, a.Owner, a.Confidence, tt.topic, eng.Rank(tt.q, 3))
			}
			if tt.implausible {
				for _, m := range eng.Rank(tt.q, 5) {
					if m.Confidence > 0.15 {
						t.Errorf("an unknown question has a plausible candidate %+v", m)
					}
				}
			}
		})
	}
}

func TestLexiconErrors(t *testing.T) {
	tests := []struct{ name, synonyms, want string }{
		{"a filler of no words is named with its line", "filler:\n  - new here\n  - \"?!\"\n", `synonyms.yaml:3: filler "?!" has no words`},
		{"an outside phrase of stop words only is named with its line", "outside:\n  - salary\n  - of the\n", `synonyms.yaml:3: outside phrase "of the" is made of stop words only`},
		{"an unknown key is rejected", "outsde:\n  - salary\n", `field outsde not found`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mapFS(entry("backlog"))
			f["synonyms.yaml"] = &fstest.MapFile{Data: []byte(tt.synonyms)}
			_, err := knowledge.Load(f)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestBuiltinOutsideIsUnused checks that no built-in outside word is one an
// entry uses: such a word would silently stop being outside.
func TestBuiltinOutsideIsUnused(t *testing.T) {
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	eng := knowledge.NewEngine(b)
	for _, q := range []string{
		"what does a PM earn", "PO salary", "do PMs get paid more", "is product management a good career",
		"interview questions for a PO", "CSPO certification", "who is the scrum master",
		"which project management tool should the PO use",
	} {
		if a := eng.Answer(q); a.Owner != knowledge.Unknown || a.Confidence != 0 {
			t.Errorf("Answer(%q) = %s/%s (%.2f), want unknown with confidence 0", q, a.Topic, a.Owner, a.Confidence)
		}
	}
}
