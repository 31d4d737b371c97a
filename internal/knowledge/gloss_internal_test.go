package knowledge

import (
	"strings"
	"testing"
	"testing/fstest"
)

// testGlossary is a small glossary of two languages, independent of the
// built-in data.
func testGlossary(t testing.TB) *glossary {
	t.Helper()
	g, err := newGlossary(&glossaryFile{name: "glossary.tsv", Text: `# a test glossary
english	die kim
language	de	German
de	wer	who
de	ist	is
de	für	for
de	zuständig	responsible for
de	oder	or
de	die	the
de	sich	-
de	kümmert sich um	is responsible for
de	was macht	what does

language	tr	Turkish
tr	kim	who   # also an English name
tr	belirliyor	sets
tr	öncelikleri	priorities
tr	mi	-
`})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestGlossLanguage(t *testing.T) {
	g := testGlossary(t)
	tests := []struct {
		name, text, want string
	}{
		{"two words of a language read as it", "wer ist fur die roadmap zustandig po oder pm", "de"},
		{"accents typed or not read alike", Normalize("Wer ist für die Roadmap zuständig?"), "de"},
		{"one word that is half the message reads as its language", "belirliyor po", "tr"},
		{"one word in an English message reads as English", "is belirliyor the po", ""},
		{"a word listed as English makes no language", "kim po", ""},
		{"an English homograph never makes a language", "die die die", ""},
		{"a phrase's later words are no marks", "was macht a po", ""},
		{"the language with the most words wins", "kim belirliyor oncelikleri wer", "tr"},
		{"two words in a long English message read as English", "so how is a po measured if wer paying somebody to run the app i want to know what wer holding them to", ""},
		{"English reads as English", "who owns the backlog", ""},
		{"nothing reads as English", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if l := g.language([]byte(tt.text)); l >= 0 {
				got = g.langs[l].code
			}
			if got != tt.want {
				t.Errorf("language(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestGlossInto(t *testing.T) {
	g := testGlossary(t)
	de := 0
	tests := []struct {
		name, norm string
		breaks     []int32
		want       string
		wantBreaks []int32
	}{
		{"words and phrases are glossed, the rest kept", "wer kummert sich um die roadmap po oder pm", nil,
			"who is responsible for the roadmap po or pm", nil},
		{"a word that carries nothing is dropped", "sich wer", nil, "who", nil},
		{"breaks move to the words they start", "wer ist zustandig po oder pm", []int32{19},
			"who is responsible for po or pm", []int32{26}},
		{"a phrase is not glossed across a break", "was macht", []int32{4}, "was macht", []int32{4}},
		{"a break before a dropped word moves to the next word", "wer sich ist", []int32{4}, "who is", []int32{4}},
		{"a break on the first word stays there", "wer ist", []int32{0}, "who is", []int32{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			breaks := append([]int32(nil), tt.breaks...)
			got := string(g.glossInto(nil, []byte(tt.norm), de, breaks))
			if got != tt.want {
				t.Errorf("glossInto(%q) = %q, want %q", tt.norm, got, tt.want)
			}
			for i := range breaks {
				if breaks[i] != tt.wantBreaks[i] {
					t.Errorf("glossInto(%q): breaks %v, want %v", tt.norm, breaks, tt.wantBreaks)
					break
				}
			}
		})
	}
}

func TestGlossaryErrorsNameTheLine(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"a bad code", "language\tGerman\tGerman\nGerman\twer\twho\n", "glossary.tsv:1: language code \"German\""},
		{"a language twice", "language\tde\tGerman\nde\twer\twho\nlanguage\tde\tGerman\n", "glossary.tsv:3: language \"de\" is listed twice"},
		{"a word before its language", "de\twer\twho\n", "glossary.tsv:1: language \"de\" is not declared"},
		{"two spellings of one word", "language\tde\tGerman\nde\tfür\tfor\nde\tfur\tfor\n", "glossary.tsv:3: de word \"fur\" reads as \"fur\", like the word of line 2"},
		{"an empty gloss", "language\tde\tGerman\nde\twer\t \n", "glossary.tsv:2: the gloss of de word \"wer\""},
		{"a phrase too long", "language\tde\tGerman\nde\ta b c d e\tx\n", "glossary.tsv:2: de word \"a b c d e\" must be 1 to 4 words"},
		{"a line of two fields", "language\tde\tGerman\nde\twer\n", "glossary.tsv:2: a word line is"},
		{"no words", "language\tde\tGerman\n", "glossary.tsv: language \"de\" has no words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"glossary.tsv": {Data: []byte(tt.text)}}
			f, err := readGlossary(fsys, "glossary.tsv")
			if err == nil {
				_, err = newGlossary(f)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestBuiltinGlossaryHoldsNoRoleWord: a table word that read "po" or "pm"
// (Polish "po" is "after") would gloss the roles away.
func TestBuiltinGlossaryHoldsNoRoleWord(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	g := b.lexicon.gloss
	if len(g.langs) == 0 {
		t.Fatal("the built-in glossary has no language")
	}
	for _, l := range g.langs {
		for _, w := range []string{"po", "pm", "pos", "pms", "product"} {
			if gs, ok := l.words[w]; ok {
				for _, x := range gs {
					if len(x.rest) == 0 {
						t.Errorf("%s glosses the role word %q as %q", l.code, w, x.to)
					}
				}
			}
		}
	}
}

func FuzzGloss(f *testing.F) {
	g := testGlossary(f)
	for _, s := range []string{"wer kümmert sich um die Roadmap? PO oder PM", "kim belirliyor. mi", "was. macht", "", "sich sich sich"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var breaks []int32
		norm := appendClauses(nil, &breaks, nil, s)
		for l := range g.langs {
			moved := append([]int32(nil), breaks...)
			out := g.glossInto(nil, norm, l, moved)
			if strings.HasPrefix(string(out), " ") || strings.HasSuffix(string(out), " ") || strings.Contains(string(out), "  ") {
				t.Fatalf("glossInto(%q) = %q: stray spaces", norm, out)
			}
			for i, b := range moved {
				if b < 0 || int(b) > len(out) || i > 0 && b < moved[i-1] {
					t.Fatalf("glossInto(%q) = %q: breaks %v from %v", norm, out, moved, breaks)
				}
				if b > 0 && int(b) < len(out) && out[b-1] != ' ' {
					t.Fatalf("glossInto(%q) = %q: break %d inside a word", norm, out, b)
				}
			}
		}
	})
}
