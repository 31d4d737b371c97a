package knowledge

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/rolecall/rolecall/internal/yamlerr"

	"gopkg.in/yaml.v3"
)

// ErrInvalid marks a knowledge base that failed validation; the joined
// errors beneath it each name a file and line.
var ErrInvalid = errors.New("invalid knowledge base")

// Base is a loaded, validated knowledge base. It is immutable after Load.
type Base struct {
	entries    []*Entry
	byID       map[string]*Entry
	comparison []ComparisonRow
	unknown    string
	// chat answers chit-chat (ScopeChat); "" means unknown does.
	chat    string
	sources map[string]Source
	lexicon *lexicon
	// classifier is the second reader of questions (classifier.go), nil
	// when the base has none.
	classifier *Classifier
	version    string
	// relatedAt holds where each related id was written, while loading.
	relatedAt map[*Entry][]string
}

// The YAML shapes, decoded strictly.
type (
	sourcesFile struct {
		Sources []sourceDef `yaml:"sources"`
	}
	sourceDef struct {
		Key    string `yaml:"key"`
		Title  string `yaml:"title"`
		Author string `yaml:"author"`
		File   string `yaml:"file"`
	}
	refDef struct {
		Ref     string `yaml:"ref"`
		Section string `yaml:"section"`
	}
	sideDef struct {
		Owner  Owner  `yaml:"owner"`
		Says   string `yaml:"says"`
		Source refDef `yaml:"source"`
	}
	entryDef struct {
		ID          string    `yaml:"id"`
		Topic       string    `yaml:"topic"`
		Question    string    `yaml:"question"`
		Paraphrases []string  `yaml:"paraphrases"`
		Keywords    []string  `yaml:"keywords"`
		Owner       Owner     `yaml:"owner"`
		Answer      string    `yaml:"answer"`
		Sides       []sideDef `yaml:"sides"`
		Sources     []refDef  `yaml:"sources"`
		Related     []string  `yaml:"related"`
	}
	entriesFile struct {
		Entries []entryDef `yaml:"entries"`
	}
	rowDef struct {
		Aspect         string   `yaml:"aspect"`
		ProductManager string   `yaml:"product_manager"`
		ProductOwner   string   `yaml:"product_owner"`
		Note           string   `yaml:"note"`
		Sources        []refDef `yaml:"sources"`
	}
	comparisonFile struct {
		Rows []rowDef `yaml:"rows"`
	}
	metaFile struct {
		UnknownAnswer string `yaml:"unknown_answer"`
		// ChatAnswer is optional: without it, chit-chat gets UnknownAnswer.
		ChatAnswer *string `yaml:"chat_answer"`
	}
)

// located is a decoded value with where it was defined.
type located[T any] struct {
	v    T
	file string
	line int
	// lines of nested items, by path such as "sources.0" or "sides.1.source".
	lines map[string]int
}

func (l located[T]) at(key string) string {
	if n, ok := l.lines[key]; ok {
		return l.file + ":" + strconv.Itoa(n)
	}
	return l.file + ":" + strconv.Itoa(l.line)
}

// raw is everything read from one directory, before validation.
type raw struct {
	sources    []located[sourceDef]
	entries    []located[entryDef]
	rows       []located[rowDef]
	unknown    string
	chat       string
	hasRows    bool
	synonyms   *lexiconFile
	phrasing   *phrasingFile
	glossary   *glossaryFile
	classifier []byte
	errs       []error
	sourceSeen bool
}

// decode reads one YAML file strictly into v and returns its node tree for
// line numbers.
func decode(fsys fs.FS, name string, v any) (*yaml.Node, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, yamlerr.Located(name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlerr.Located(name, err)
	}
	return &root, nil
}

// seq returns the items of the top-level sequence under key.
func seq(root *yaml.Node, key string) []*yaml.Node {
	if root == nil || len(root.Content) == 0 {
		return nil
	}
	return child(root.Content[0], key).content()
}

type node struct{ *yaml.Node }

func child(n *yaml.Node, key string) node {
	if n == nil || n.Kind != yaml.MappingNode {
		return node{}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return node{n.Content[i+1]}
		}
	}
	return node{}
}

func (n node) content() []*yaml.Node {
	if n.Node == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// lines records the line of every nested item of n, keyed by path.
func lines(n *yaml.Node) map[string]int {
	m := map[string]int{}
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
	walk("", n)
	return m
}

// docLines is lines for a whole document.
func docLines(root *yaml.Node) map[string]int {
	if root == nil || len(root.Content) == 0 {
		return nil
	}
	return lines(root.Content[0])
}

func locate[T any](file string, items []T, nodes []*yaml.Node) []located[T] {
	out := make([]located[T], len(items))
	for i, it := range items {
		out[i] = located[T]{v: it, file: file, line: 1}
		if i < len(nodes) {
			out[i].line = nodes[i].Line
			out[i].lines = lines(nodes[i])
		}
	}
	return out
}

// read collects every known file of fsys. Missing optional files are fine;
// entries may sit in entries/*.yaml or in top-level *.yaml files.
func read(fsys fs.FS, requireSources bool) *raw {
	r := &raw{}
	exists := func(name string) bool {
		_, err := fs.Stat(fsys, name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			// There but unreadable (a link out of KNOWLEDGE_DIR, say):
			// say so rather than pass over it.
			r.errs = append(r.errs, fmt.Errorf("%s: %w", name, err))
		}
		return err == nil
	}

	if exists("sources.yaml") {
		r.sourceSeen = true
		var f sourcesFile
		root, err := decode(fsys, "sources.yaml", &f)
		if err != nil {
			r.errs = append(r.errs, err)
		} else {
			r.sources = locate("sources.yaml", f.Sources, seq(root, "sources"))
		}
	} else if requireSources {
		r.errs = append(r.errs, errors.New("sources.yaml: missing"))
	}

	var entryFiles []string
	// exists first: fs.Glob passes over an unreadable directory in silence.
	if exists("entries") {
		if m, err := fs.Glob(fsys, "entries/*.yaml"); err == nil {
			entryFiles = append(entryFiles, m...)
		}
	}
	if m, err := fs.Glob(fsys, "*.yaml"); err == nil {
		for _, name := range m {
			switch name {
			case "sources.yaml", "comparison.yaml", "meta.yaml", "synonyms.yaml", "phrasing.yaml":
				continue
			}
			entryFiles = append(entryFiles, name)
		}
	}
	sort.Strings(entryFiles)
	for _, name := range entryFiles {
		var f entriesFile
		root, err := decode(fsys, name, &f)
		if err != nil {
			r.errs = append(r.errs, err)
			continue
		}
		r.entries = append(r.entries, locate(name, f.Entries, seq(root, "entries"))...)
	}

	if exists("comparison.yaml") {
		r.hasRows = true
		var f comparisonFile
		root, err := decode(fsys, "comparison.yaml", &f)
		if err != nil {
			r.errs = append(r.errs, err)
		} else {
			r.rows = locate("comparison.yaml", f.Rows, seq(root, "rows"))
		}
	}
	if exists("meta.yaml") {
		var f metaFile
		if root, err := decode(fsys, "meta.yaml", &f); err != nil {
			r.errs = append(r.errs, err)
		} else if strings.TrimSpace(f.UnknownAnswer) == "" {
			r.errs = append(r.errs, errors.New("meta.yaml:1: unknown_answer is empty"))
		} else if f.ChatAnswer != nil && strings.TrimSpace(*f.ChatAnswer) == "" {
			line := 1
			if n := child(root.Content[0], "chat_answer"); n.Node != nil {
				line = n.Line
			}
			r.errs = append(r.errs, fmt.Errorf("meta.yaml:%d: chat_answer is empty (leave it out, and chit-chat gets unknown_answer)", line))
		} else {
			r.unknown = strings.TrimSpace(f.UnknownAnswer)
			if f.ChatAnswer != nil {
				r.chat = strings.TrimSpace(*f.ChatAnswer)
			}
		}
	}
	if exists("synonyms.yaml") {
		var f lexiconFile
		if root, err := decode(fsys, "synonyms.yaml", &f); err != nil {
			r.errs = append(r.errs, err)
		} else {
			f.name, f.lines = "synonyms.yaml", docLines(root)
			r.synonyms = &f
		}
	}
	if exists("phrasing.yaml") {
		f, err := readPhrasing(fsys, "phrasing.yaml")
		if err != nil {
			r.errs = append(r.errs, err)
		}
		r.phrasing = f
	}
	if exists("glossary.tsv") {
		f, err := readGlossary(fsys, "glossary.tsv")
		if err != nil {
			r.errs = append(r.errs, err)
		}
		r.glossary = f
	}
	if exists(classifierFile) {
		b, err := fs.ReadFile(fsys, classifierFile)
		if err != nil {
			r.errs = append(r.errs, fmt.Errorf("%s: %w", classifierFile, err))
		} else {
			r.classifier = b
		}
	}
	return r
}

// readGlossary reads a glossary file; newGlossary checks it.
func readGlossary(fsys fs.FS, name string) (*glossaryFile, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &glossaryFile{Text: string(b), name: name}, nil
}

// readPhrasing decodes a phrasing file strictly.
func readPhrasing(fsys fs.FS, name string) (*phrasingFile, error) {
	var f phrasingFile
	root, err := decode(fsys, name, &f)
	if err != nil {
		return nil, err
	}
	f.name, f.lines = name, docLines(root)
	return &f, nil
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

// defaultUnknown is used when meta.yaml is absent (tests, small bases).
const defaultUnknown = "I can only answer questions about the product owner and product manager roles: who owns the backlog, the roadmap, the vision, priorities, sprints, stakeholders, success metrics, the skills of each role and whether you need both. Try \"bot topics\" for the full list."

// Load reads and validates every data file in fsys (the layout of data/).
// Errors name the file and line; all of them are reported at once.
func Load(fsys fs.FS) (*Base, error) {
	r := read(fsys, true)
	b := &Base{unknown: defaultUnknown, sources: map[string]Source{}, byID: map[string]*Entry{}}
	errs := r.errs
	errs = append(errs, b.addSources(r.sources)...)
	entries, eerrs := b.convert(r.entries)
	errs = append(errs, eerrs...)
	for _, e := range entries {
		if prev, ok := b.byID[e.ID]; ok {
			errs = append(errs, fmt.Errorf("%s:%d: duplicate id %q (first defined at %s:%d)", e.File, e.Line, e.ID, prev.File, prev.Line))
			continue
		}
		b.byID[e.ID] = e
		b.entries = append(b.entries, e)
	}
	errs = append(errs, b.checkRelated(b.entries)...)
	rows, rerrs := b.convertRows(r.rows)
	errs = append(errs, rerrs...)
	b.comparison = rows
	if r.unknown != "" {
		b.unknown = r.unknown
	}
	b.chat = r.chat
	if r.synonyms == nil {
		// A base without synonyms.yaml (a test's, say) reads words the way
		// the built-in base does.
		var f lexiconFile
		if root, err := decode(data, "data/synonyms.yaml", &f); err != nil {
			errs = append(errs, err)
		} else {
			f.name, f.lines = "data/synonyms.yaml", docLines(root)
			r.synonyms = &f
		}
	}
	if r.phrasing == nil {
		// Likewise for everyday phrasing and question cues.
		f, err := readPhrasing(data, "data/phrasing.yaml")
		if err != nil {
			errs = append(errs, err)
		}
		r.phrasing = f
	}
	if r.glossary == nil {
		// And for the glosses of other languages.
		f, err := readGlossary(data, "data/glossary.tsv")
		if err != nil {
			errs = append(errs, err)
		}
		r.glossary = f
	}
	if r.synonyms != nil {
		r.synonyms.phrasing = r.phrasing
		r.synonyms.glossary = r.glossary
	}
	lex, lerr := newLexicon(r.synonyms)
	if lerr != nil {
		errs = append(errs, lerr)
	}
	b.lexicon = lex
	if r.classifier != nil {
		c, err := readClassifier(classifierFile, r.classifier, b.byID)
		if err != nil {
			errs = append(errs, err)
		}
		b.classifier = c
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, errors.Join(errs...))
	}
	b.version = b.hash()
	return b, nil
}

func (b *Base) addSources(srcs []located[sourceDef]) []error {
	var errs []error
	for _, s := range srcs {
		switch {
		case strings.TrimSpace(s.v.Key) == "":
			errs = append(errs, fmt.Errorf("%s:%d: source without key", s.file, s.line))
			continue
		case strings.TrimSpace(s.v.Title) == "":
			errs = append(errs, fmt.Errorf("%s:%d: source %q has no title", s.file, s.line, s.v.Key))
		case strings.TrimSpace(s.v.Author) == "":
			errs = append(errs, fmt.Errorf("%s:%d: source %q has no author", s.file, s.line, s.v.Key))
		}
		if _, dup := b.sources[s.v.Key]; dup {
			errs = append(errs, fmt.Errorf("%s:%d: duplicate source key %q", s.file, s.line, s.v.Key))
			continue
		}
		b.sources[s.v.Key] = Source{Title: s.v.Title, Author: s.v.Author}
	}
	return errs
}

func (b *Base) resolve(ref refDef, where, what string) (Source, error) {
	s, ok := b.sources[ref.Ref]
	if !ok {
		if ref.Ref == "" {
			return Source{}, fmt.Errorf("%s: %s: source without ref", where, what)
		}
		return Source{}, fmt.Errorf("%s: %s: unknown source ref %q", where, what, ref.Ref)
	}
	s.Section = strings.TrimSpace(ref.Section)
	return s, nil
}

// convert validates entries one by one (everything but cross-references).
func (b *Base) convert(defs []located[entryDef]) ([]*Entry, []error) {
	var errs []error
	var out []*Entry
	for _, d := range defs {
		v := d.v
		where := fmt.Sprintf("%s:%d", d.file, d.line)
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s: entry %q: %s", where, v.ID, fmt.Sprintf(format, args...)))
		}
		switch {
		case v.ID == "":
			bad("missing id")
		case !idPattern.MatchString(v.ID):
			bad("id must be lower-case letters, digits, '-', '_' or '.' (at most 64)")
		}
		if !v.Owner.Valid() {
			errs = append(errs, fmt.Errorf("%s: entry %q: unknown owner %q (want product_owner, product_manager, shared or disputed)", d.at("owner"), v.ID, v.Owner))
		}
		if strings.TrimSpace(v.Topic) == "" {
			bad("empty topic")
		}
		if strings.TrimSpace(v.Question) == "" {
			bad("empty question")
		}
		if strings.TrimSpace(v.Answer) == "" {
			bad("empty answer")
		}
		if len(v.Sources) == 0 {
			bad("no sources: every entry must cite at least one")
		}
		e := &Entry{
			ID: v.ID, Topic: strings.TrimSpace(v.Topic), Question: strings.TrimSpace(v.Question),
			Paraphrases: v.Paraphrases, Keywords: v.Keywords, Owner: v.Owner,
			Answer: strings.TrimSpace(v.Answer), Related: v.Related, File: d.file, Line: d.line,
		}
		for i, ref := range v.Sources {
			s, err := b.resolve(ref, d.at("sources."+strconv.Itoa(i)), fmt.Sprintf("entry %q", v.ID))
			if err != nil {
				errs = append(errs, err)
				continue
			}
			e.Sources = append(e.Sources, s)
		}
		if b.relatedAt == nil {
			b.relatedAt = map[*Entry][]string{}
		}
		for i := range v.Related {
			b.relatedAt[e] = append(b.relatedAt[e], d.at("related."+strconv.Itoa(i)))
		}
		owners := map[Owner]bool{}
		for i, sd := range v.Sides {
			at := d.at("sides." + strconv.Itoa(i))
			if !sd.Owner.Valid() || sd.Owner == Disputed {
				errs = append(errs, fmt.Errorf("%s: entry %q: side has owner %q (want product_owner, product_manager or shared)", at, v.ID, sd.Owner))
			}
			if strings.TrimSpace(sd.Says) == "" {
				errs = append(errs, fmt.Errorf("%s: entry %q: side says nothing", at, v.ID))
			}
			s, err := b.resolve(sd.Source, at, fmt.Sprintf("entry %q: side", v.ID))
			if err != nil {
				errs = append(errs, err)
			}
			owners[sd.Owner] = true
			e.Sides = append(e.Sides, Side{Owner: sd.Owner, Says: strings.TrimSpace(sd.Says), Source: s})
		}
		switch {
		case v.Owner == Disputed && (len(v.Sides) < 2 || len(owners) < 2):
			bad("owner is disputed, so it needs at least two sides with different owners")
		case v.Owner != Disputed && len(v.Sides) > 0:
			bad("only a disputed entry has sides (owner is %q)", v.Owner)
		}
		out = append(out, e)
	}
	return out, errs
}

func (b *Base) checkRelated(entries []*Entry) []error {
	var errs []error
	for _, e := range entries {
		for i, id := range e.Related {
			at := fmt.Sprintf("%s:%d", e.File, e.Line)
			if ats := b.relatedAt[e]; i < len(ats) {
				at = ats[i]
			}
			if _, ok := b.byID[id]; !ok {
				errs = append(errs, fmt.Errorf("%s: entry %q: related id %q does not exist", at, e.ID, id))
			} else if id == e.ID {
				errs = append(errs, fmt.Errorf("%s: entry %q: related to itself", at, e.ID))
			}
		}
	}
	b.relatedAt = nil
	return errs
}

func (b *Base) convertRows(defs []located[rowDef]) ([]ComparisonRow, []error) {
	var errs []error
	var out []ComparisonRow
	for _, d := range defs {
		v := d.v
		if strings.TrimSpace(v.Aspect) == "" || strings.TrimSpace(v.ProductManager) == "" || strings.TrimSpace(v.ProductOwner) == "" {
			errs = append(errs, fmt.Errorf("%s:%d: comparison row %q: aspect, product_manager and product_owner are required", d.file, d.line, v.Aspect))
		}
		if len(v.Sources) == 0 {
			errs = append(errs, fmt.Errorf("%s:%d: comparison row %q: no sources", d.file, d.line, v.Aspect))
		}
		row := ComparisonRow{Aspect: strings.TrimSpace(v.Aspect), ProductManager: strings.TrimSpace(v.ProductManager),
			ProductOwner: strings.TrimSpace(v.ProductOwner), Note: strings.TrimSpace(v.Note)}
		for i, ref := range v.Sources {
			s, err := b.resolve(ref, d.at("sources."+strconv.Itoa(i)), fmt.Sprintf("comparison row %q", v.Aspect))
			if err != nil {
				errs = append(errs, err)
				continue
			}
			row.Sources = append(row.Sources, s)
		}
		out = append(out, row)
	}
	return out, errs
}

func (b *Base) hash() string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode(b.entries)
	_ = enc.Encode(b.comparison)
	_ = enc.Encode(b.unknown)
	_ = enc.Encode(b.lexicon.file)
	_ = enc.Encode(b.lexicon.file.phrasing)
	_ = enc.Encode(b.lexicon.file.glossary)
	if b.classifier != nil {
		_ = enc.Encode(b.classifier.digest)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

var builtin = sync.OnceValues(func() (*Base, error) { return Load(Embedded()) })

// Embedded returns the built-in data files, in the layout Load reads.
func Embedded() fs.FS {
	sub, err := fs.Sub(data, "data")
	if err != nil {
		panic(err) // "data" is a valid path: fs.Sub cannot fail on it
	}
	return sub
}

// Builtin returns the embedded knowledge base. It is loaded once.
func Builtin() (*Base, error) { return builtin() }

// LoadWithOverrides returns the built-in base with the entries of dir
// (KNOWLEDGE_DIR) added or overriding by id. When dir is broken it logs the
// error clearly and returns the built-in base alongside the error.
//
// dir is read through an os.Root: a symbolic link in it is followed only if
// it is relative and stays inside dir (as Kubernetes mounts a ConfigMap). A
// link that leads outside dir, or any absolute link, is an error naming the
// file ("path escapes from parent"), so whoever can write in dir cannot make
// the bot read, and quote in its errors, a file elsewhere.
func LoadWithOverrides(dir string, lg *slog.Logger) (*Base, error) {
	base, err := Builtin()
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return base, nil
	}
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	b, err := overrideFrom(base, dir)
	if err != nil {
		err = fmt.Errorf("knowledge overrides in %s: %w", dir, err)
		lg.Error("knowledge overrides rejected; serving the built-in knowledge base", "dir", dir, "err", err)
		return base, err
	}
	lg.Info("knowledge overrides loaded", "dir", dir, "entries", len(b.entries), "version", b.version)
	return b, nil
}

// overrideFrom is base.Override with the files of dir, inside dir only.
func overrideFrom(base *Base, dir string) (*Base, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	defer root.Close()
	return base.Override(root.FS())
}

// Override returns a new base: b with the entries of fsys added, or replacing
// b's entries with the same id. fsys has the layout of data/, every file
// optional: sources.yaml adds sources, comparison.yaml and meta.yaml replace
// b's, entries come from entries/*.yaml and other top-level *.yaml files.
// b itself is not changed.
func (b *Base) Override(fsys fs.FS) (*Base, error) {
	if st, err := fs.Stat(fsys, "."); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%w: not a directory", ErrInvalid)
	}
	r := read(fsys, false)
	nb := &Base{unknown: b.unknown, chat: b.chat, sources: map[string]Source{}, byID: map[string]*Entry{}, lexicon: b.lexicon, classifier: b.classifier}
	for k, v := range b.sources {
		nb.sources[k] = v
	}
	errs := r.errs
	errs = append(errs, nb.addSources(r.sources)...)
	entries, eerrs := nb.convert(r.entries)
	errs = append(errs, eerrs...)
	over := map[string]*Entry{}
	for _, e := range entries {
		if prev, ok := over[e.ID]; ok {
			errs = append(errs, fmt.Errorf("%s:%d: duplicate id %q (first defined at %s:%d)", e.File, e.Line, e.ID, prev.File, prev.Line))
			continue
		}
		over[e.ID] = e
	}
	for _, e := range b.entries {
		if o, ok := over[e.ID]; ok {
			e = o
			delete(over, o.ID)
		}
		nb.entries = append(nb.entries, e)
		nb.byID[e.ID] = e
	}
	for _, e := range entries {
		if o, ok := over[e.ID]; ok && o == e {
			nb.entries = append(nb.entries, e)
			nb.byID[e.ID] = e
		}
	}
	errs = append(errs, nb.checkRelated(nb.entries)...)
	nb.comparison = b.comparison
	if r.hasRows {
		rows, rerrs := nb.convertRows(r.rows)
		errs = append(errs, rerrs...)
		nb.comparison = rows
	}
	if r.unknown != "" {
		nb.unknown = r.unknown
		// A team's own "what I can answer" text answers its chit-chat too,
		// unless it says otherwise.
		nb.chat = r.chat
	}
	if r.synonyms != nil || r.phrasing != nil || r.glossary != nil {
		// A team's synonyms.yaml, phrasing.yaml or glossary.tsv replaces
		// the built-in one; the others stay.
		lf := r.synonyms
		if lf == nil {
			c := *b.lexicon.file
			lf = &c
		}
		lf.phrasing = b.lexicon.file.phrasing
		if r.phrasing != nil {
			lf.phrasing = r.phrasing
		}
		lf.glossary = b.lexicon.file.glossary
		if r.glossary != nil {
			lf.glossary = r.glossary
		}
		lex, err := newLexicon(lf)
		if err != nil {
			errs = append(errs, err)
		}
		nb.lexicon = lex
	}
	if r.classifier != nil {
		// A team's classifier, trained on its own questions, replaces the
		// built-in one; entries it does not name are the lexical
		// engine's alone.
		c, err := readClassifier(classifierFile, r.classifier, nb.byID)
		if err != nil {
			errs = append(errs, err)
		}
		nb.classifier = c
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, errors.Join(errs...))
	}
	nb.version = nb.hash()
	return nb, nil
}

// Classifier returns the base's classifier, or nil when it has none.
func (b *Base) Classifier() *Classifier { return b.classifier }

// Lexical returns b without its classifier: an engine made from it answers
// with the lexical engine alone (bot eval --lexical, and tests of the
// lexical reading). b itself is not changed.
func (b *Base) Lexical() *Base {
	if b.classifier == nil {
		return b
	}
	nb := *b
	nb.classifier = nil
	nb.version = nb.hash()
	return &nb
}

// Entries returns every entry in a stable order (file order). The entries are
// shared: callers must not modify them.
func (b *Base) Entries() []*Entry { return b.entries }

// Entry returns the entry with the given id.
func (b *Base) Entry(id string) (*Entry, bool) {
	e, ok := b.byID[id]
	return e, ok
}

// Comparison returns the side-by-side comparison of the two roles.
func (b *Base) Comparison() []ComparisonRow { return b.comparison }

// Version is a short content hash: it changes when any entry changes.
func (b *Base) Version() string { return b.version }

// UnknownAnswer is the friendly "here is what I can answer" text.
func (b *Base) UnknownAnswer() string { return b.unknown }

// ChatAnswer is the short reply to chit-chat ("thanks", "ok makes sense",
// "good morning"): a pointer to what Rolecall answers rather than the
// whole UnknownAnswer. It is UnknownAnswer when meta.yaml gives none.
func (b *Base) ChatAnswer() string {
	if b.chat == "" {
		return b.unknown
	}
	return b.chat
}
