package knowledge_test

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rolecall/rolecall/internal/knowledge"
)

const testSources = `sources:
  - key: fs
    title: Full Scale article
    author: Matt Watson
    file: a.txt
  - key: other
    title: Other article
    author: Other site
    file: b.txt
`

// entry is a valid entry with one field swapped by the caller.
func entry(id string, extra ...string) string {
	fields := map[string]string{
		"topic":    "Topic " + id,
		"question": "Who owns " + id + "?",
		"owner":    "product_owner",
		"answer":   "The product owner.",
		"sources":  "[{ref: fs, section: Somewhere}]",
	}
	order := []string{"topic", "question", "owner", "answer", "sources"}
	for i := 0; i+1 < len(extra); i += 2 {
		if _, ok := fields[extra[i]]; !ok {
			order = append(order, extra[i])
		}
		fields[extra[i]] = extra[i+1]
	}
	var b strings.Builder
	b.WriteString("  - id: " + id + "\n")
	for _, k := range order {
		if v := fields[k]; v != "-" {
			b.WriteString("    " + k + ": " + v + "\n")
		}
	}
	return b.String()
}

func mapFS(entries ...string) fstest.MapFS {
	fsys := fstest.MapFS{"sources.yaml": {Data: []byte(testSources)}}
	for i, e := range entries {
		name := "entries/" + string(rune('a'+i)) + ".yaml"
		fsys[name] = &fstest.MapFile{Data: []byte("entries:\n" + e)}
	}
	return fsys
}

func TestLoadRejectsBrokenContentWithFileAndLine(t *testing.T) {
	disputedSides := `
      - owner: product_manager
        says: The PM.
        source: {ref: fs, section: A}
      - owner: product_owner
        says: The PO.
        source: {ref: other, section: B}`
	tests := []struct {
		name string
		fsys fstest.MapFS
		want []string
	}{
		{"a duplicate id across files is named with both places", mapFS(entry("backlog"), entry("roadmap")+entry("backlog")),
			[]string{`entries/b.yaml:8: duplicate id "backlog" (first defined at entries/a.yaml:2)`}},
		{"an unknown owner is named with its line", mapFS(entry("backlog", "owner", "scrum_master")),
			[]string{`entries/a.yaml:5: entry "backlog": unknown owner "scrum_master"`}},
		{"an entry without sources is rejected", mapFS(entry("backlog", "sources", "[]")),
			[]string{`entries/a.yaml:2: entry "backlog": no sources`}},
		{"an unknown source ref is named", mapFS(entry("backlog", "sources", "[{ref: wiki, section: X}]")),
			[]string{`entries/a.yaml:7: entry "backlog": unknown source ref "wiki"`}},
		{"a dangling related id is named", mapFS(entry("backlog", "related", "[roadmap]")),
			[]string{`entries/a.yaml:8: entry "backlog": related id "roadmap" does not exist`}},
		{"a disputed entry without sides is rejected", mapFS(entry("vision", "owner", "disputed")),
			[]string{`entries/a.yaml:2: entry "vision": owner is disputed, so it needs at least two sides`}},
		{"a disputed entry whose sides agree is rejected", mapFS(entry("vision", "owner", "disputed", "sides", strings.ReplaceAll(disputedSides, "product_owner", "product_manager"))),
			[]string{`entry "vision": owner is disputed, so it needs at least two sides with different owners`}},
		{"a settled entry with sides is rejected", mapFS(entry("vision", "sides", disputedSides)),
			[]string{`entries/a.yaml:2: entry "vision": only a disputed entry has sides`}},
		{"an empty answer, question and topic are all reported", mapFS(entry("backlog", "answer", `""`, "question", `""`, "topic", `""`)),
			[]string{`entry "backlog": empty topic`, `entry "backlog": empty question`, `entry "backlog": empty answer`}},
		{"a bad id format is rejected", mapFS(entry("Back Log")),
			[]string{`entries/a.yaml:2: entry "Back Log": id must be lower-case`}},
		{"an unknown field is rejected by strict decoding", mapFS(entry("backlog", "ownr", "product_owner")),
			[]string{`entries/a.yaml:8: field ownr not found`}},
		{"broken YAML names the file and line", mapFS("  - id: x\n    question: [unclosed\n"),
			[]string{`entries/a.yaml:`}},
		{"a missing sources file is reported", fstest.MapFS{"entries/a.yaml": {Data: []byte("entries:\n" + entry("backlog"))}},
			[]string{`sources.yaml: missing`}},
		{"every error is reported at once", mapFS(entry("a1", "owner", "boss") + entry("a2", "sources", "[{ref: nope, section: X}]")),
			[]string{`entries/a.yaml:5: entry "a1": unknown owner`, `entries/a.yaml:13: entry "a2": unknown source ref "nope"`}},
		{"a comparison row with an unknown ref is named", func() fstest.MapFS {
			f := mapFS(entry("backlog"))
			f["comparison.yaml"] = &fstest.MapFile{Data: []byte("rows:\n  - aspect: Focus\n    product_manager: a\n    product_owner: b\n    sources: [{ref: zz, section: c}]\n")}
			return f
		}(), []string{`comparison.yaml:5: comparison row "Focus": unknown source ref "zz"`}},
		{"a synonym variant of stop words only is named with its line", func() fstest.MapFS {
			f := mapFS(entry("backlog"))
			f["synonyms.yaml"] = &fstest.MapFile{Data: []byte("synonyms:\n  - term: roadmap\n    variants:\n      - road map\n      - of the\n")}
			return f
		}(), []string{`synonyms.yaml:5: variant "of the" of "roadmap" is made of stop words only`}},
		{"an empty unknown answer is rejected", func() fstest.MapFS {
			f := mapFS(entry("backlog"))
			f["meta.yaml"] = &fstest.MapFile{Data: []byte("unknown_answer: \"\"\n")}
			return f
		}(), []string{`meta.yaml:1: unknown_answer is empty`}},
		{"an empty chat answer is rejected with its line", func() fstest.MapFS {
			f := mapFS(entry("backlog"))
			f["meta.yaml"] = &fstest.MapFile{Data: []byte("unknown_answer: ask me about the roles\nchat_answer: \"\"\n")}
			return f
		}(), []string{`meta.yaml:2: chat_answer is empty`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := knowledge.Load(tt.fsys)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if !errors.Is(err, knowledge.ErrInvalid) {
				t.Errorf("error does not wrap ErrInvalid: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestLoadResolvesSourcesAndKeepsOrder(t *testing.T) {
	fsys := mapFS(entry("backlog", "sources", "[{ref: fs, section: Roles}, {ref: other, section: Conclusion}]", "related", "[roadmap]"), entry("roadmap", "owner", "product_manager"))
	b, err := knowledge.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range b.Entries() {
		ids = append(ids, e.ID)
	}
	if got := strings.Join(ids, ","); got != "backlog,roadmap" {
		t.Errorf("entries = %s, want backlog,roadmap", got)
	}
	e, ok := b.Entry("backlog")
	if !ok {
		t.Fatal("Entry(backlog) not found")
	}
	want := []knowledge.Source{{Title: "Full Scale article", Author: "Matt Watson", Section: "Roles"}, {Title: "Other article", Author: "Other site", Section: "Conclusion"}}
	if len(e.Sources) != 2 || e.Sources[0] != want[0] || e.Sources[1] != want[1] {
		t.Errorf("sources = %+v, want %+v", e.Sources, want)
	}
	if e.File != "entries/a.yaml" || e.Line != 2 {
		t.Errorf("defined at %s:%d, want entries/a.yaml:2", e.File, e.Line)
	}
	if b.UnknownAnswer() == "" {
		t.Error("a base without meta.yaml has no unknown answer")
	}
	if len(b.Version()) != 12 {
		t.Errorf("Version() = %q, want 12 hex digits", b.Version())
	}
}

func TestVersionChangesWithContent(t *testing.T) {
	a, err := knowledge.Load(mapFS(entry("backlog")))
	if err != nil {
		t.Fatal(err)
	}
	b, err := knowledge.Load(mapFS(entry("backlog", "answer", "The product owner, always.")))
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := knowledge.Load(mapFS(entry("backlog")))
	if a.Version() == b.Version() {
		t.Error("a changed answer kept the same version")
	}
	if a.Version() != a2.Version() {
		t.Error("the same content gave two versions")
	}
}

func TestBuiltinLoadsCleanly(t *testing.T) {
	b, err := knowledge.Builtin()
	if err != nil {
		t.Fatalf("the built-in knowledge base does not load:\n%v", err)
	}
	if n := len(b.Entries()); n < 40 {
		t.Errorf("built-in base has %d entries, want at least 40", n)
	}
	if len(b.Comparison()) == 0 {
		t.Error("built-in base has no comparison rows")
	}
	owners := map[knowledge.Owner]int{}
	for _, e := range b.Entries() {
		owners[e.Owner]++
	}
	for _, o := range []knowledge.Owner{knowledge.ProductOwner, knowledge.ProductManager, knowledge.Shared, knowledge.Disputed} {
		if owners[o] == 0 {
			t.Errorf("no built-in entry has owner %s", o)
		}
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func testLogger(t *testing.T) (*slog.Logger, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	return slog.New(slog.NewTextHandler(&buf, nil)), &buf
}

func TestLoadWithOverrides(t *testing.T) {
	builtin, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	first := builtin.Entries()[0]

	t.Run("entries in the directory add to and override the built-in base", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{
			"sources.yaml":      "sources:\n  - key: handbook\n    title: Our handbook\n    author: Our team\n    file: handbook.md\n",
			"entries/team.yaml": "entries:\n" + entry("coffee-machine", "sources", "[{ref: handbook, section: Office}]", "owner", "shared"),
			"override.yaml":     "entries:\n" + entry(first.ID, "answer", "Our team's own answer.", "sources", "[{ref: handbook, section: Roles}]"),
		})
		lg, _ := testLogger(t)
		b, err := knowledge.LoadWithOverrides(dir, lg)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(b.Entries()), len(builtin.Entries())+1; got != want {
			t.Errorf("%d entries, want %d", got, want)
		}
		e, ok := b.Entry(first.ID)
		if !ok || e.Answer != "Our team's own answer." {
			t.Errorf("entry %s = %+v, want the override", first.ID, e)
		}
		if _, ok := b.Entry("coffee-machine"); !ok {
			t.Error("added entry missing")
		}
		if b.Version() == builtin.Version() {
			t.Error("version unchanged by overrides")
		}
		if orig, _ := builtin.Entry(first.ID); orig.Answer == "Our team's own answer." {
			t.Error("override changed the built-in base")
		}
		a := knowledge.NewEngine(b).Answer("who owns the coffee machine?")
		if a.Topic != "coffee-machine" {
			t.Errorf("answer topic = %q, want coffee-machine", a.Topic)
		}
	})

	t.Run("a broken directory is logged and the built-in base keeps serving", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{
			"entries/team.yaml": "entries:\n" + entry("coffee", "owner", "barista"),
		})
		lg, logs := testLogger(t)
		b, err := knowledge.LoadWithOverrides(dir, lg)
		if err == nil {
			t.Fatal("no error for a broken override")
		}
		if b == nil || b.Version() != builtin.Version() {
			t.Fatal("did not fall back to the built-in base")
		}
		for _, want := range []string{dir, "entries/team.yaml:5", `unknown owner`, "barista"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error lacks %q: %v", want, err)
			}
			if !strings.Contains(logs.String(), want) {
				t.Errorf("log lacks %q: %s", want, logs)
			}
		}
	})

	t.Run("a missing directory is an error and the built-in base keeps serving", func(t *testing.T) {
		lg, _ := testLogger(t)
		b, err := knowledge.LoadWithOverrides(filepath.Join(t.TempDir(), "nope"), lg)
		if err == nil || b == nil {
			t.Fatalf("got (%v, %v), want the built-in base and an error", b, err)
		}
	})

	t.Run("symbolic links are followed only inside the directory", func(t *testing.T) {
		// Outside: a file that would load, and a directory of them.
		outside := writeFiles(t, map[string]string{
			"secret.yaml":       "entries:\n" + entry("outside-secret", "sources", "[{ref: fullscale, section: Roles}]"),
			"more/entries.yaml": "entries:\n" + entry("outside-more", "sources", "[{ref: fullscale, section: Roles}]"),
			"sources.yaml":      "sources:\n  - key: leaked\n    title: Leaked\n    author: Someone\n    file: x.md\n",
		})
		link := func(t *testing.T, target, name string) {
			t.Helper()
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, name); err != nil {
				t.Fatalf("symlink: %v", err)
			}
		}
		for _, tt := range []struct {
			name string
			// make lays out dir; want is the file the error names.
			make func(t *testing.T, dir string)
			want string
		}{
			{"an entries file linked to a file elsewhere", func(t *testing.T, dir string) {
				link(t, filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "entries", "team.yaml"))
			}, "entries/team.yaml"},
			{"a top-level file linked by a relative path that climbs out", func(t *testing.T, dir string) {
				rel, err := filepath.Rel(dir, filepath.Join(outside, "secret.yaml"))
				if err != nil {
					t.Fatal(err)
				}
				link(t, rel, filepath.Join(dir, "team.yaml"))
			}, "team.yaml"},
			{"sources.yaml linked elsewhere", func(t *testing.T, dir string) {
				link(t, filepath.Join(outside, "sources.yaml"), filepath.Join(dir, "sources.yaml"))
			}, "sources.yaml"},
			{"the entries directory linked elsewhere", func(t *testing.T, dir string) {
				link(t, filepath.Join(outside, "more"), filepath.Join(dir, "entries"))
			}, "entries"},
		} {
			t.Run(tt.name+" is refused and the built-in base serves", func(t *testing.T) {
				dir := t.TempDir()
				tt.make(t, dir)
				lg, _ := testLogger(t)
				b, err := knowledge.LoadWithOverrides(dir, lg)
				if err == nil || !strings.Contains(err.Error(), tt.want+":") || !strings.Contains(err.Error(), "escapes") {
					t.Errorf("err = %v, want an error naming %s as escaping the directory", err, tt.want)
				}
				if b == nil || b.Version() != builtin.Version() {
					t.Fatal("did not fall back to the built-in base")
				}
				for _, id := range []string{"outside-secret", "outside-more"} {
					if _, ok := b.Entry(id); ok {
						t.Errorf("entry %s from outside the directory was loaded", id)
					}
				}
			})
		}
		t.Run("a relative link that stays inside is followed, as in a ConfigMap", func(t *testing.T) {
			dir := writeFiles(t, map[string]string{
				"..data/team.yaml": "entries:\n" + entry("coffee-machine", "sources", "[{ref: fullscale, section: Roles}]"),
			})
			link(t, "..data/team.yaml", filepath.Join(dir, "team.yaml"))
			lg, _ := testLogger(t)
			b, err := knowledge.LoadWithOverrides(dir, lg)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := b.Entry("coffee-machine"); !ok {
				t.Error("the linked entry was not loaded")
			}
		})
	})

	t.Run("no directory means the built-in base", func(t *testing.T) {
		b, err := knowledge.LoadWithOverrides("", nil)
		if err != nil || b != builtin {
			t.Fatalf("got (%p, %v), want the built-in base", b, err)
		}
	})
}
