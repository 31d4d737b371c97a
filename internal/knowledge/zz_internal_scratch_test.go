package knowledge

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZExplain(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(b)
	for _, q := range strings.Split(os.Getenv("ZZQ"), "\n") {
		if q == "" {
			continue
		}
		sc := e.newScratch()
		total := e.query(sc, q)
		fmt.Printf("Q: %s\n  shape=%s scope=%s roles=%d asking=%b asked=%b intro=%b outside=%v total=%.2f oov=%.2f\n", q, sc.shape, sc.scope, sc.roles, sc.asking, sc.asked, sc.intro, sc.outside, total, sc.oov)
		for _, qt := range sc.qterms {
			fmt.Printf("   %q id=%d c%d w=%.2f fz=%v impl=%v\n", sc.terms[qt.span[0]:qt.span[1]], qt.id, qt.clause, qt.w, qt.fuzzy, qt.implied)
		}
		e.rank(sc, 6)
		for i, d := range sc.order {
			fmt.Printf("   -> %-22s %-16s score=%.2f credit=%.2f conf=%.2f\n", e.entries[d].ID, e.entries[d].Owner, sc.score[d], sc.credit[d], e.confidence(sc, total, i))
		}
		a := e.Answer(q)
		fmt.Printf("  ANSWER %s %s %.2f %s\n", a.Owner, a.Topic, a.Confidence, a.Scope)
	}
}

func TestZZCues(t *testing.T) {
	b, _ := Builtin()
	e := NewEngine(b)
	for _, q := range strings.Split(os.Getenv("ZZQ"), "\n") {
		sc := e.newScratch()
		e.analyze(sc, q, true)
		w := words{sc: sc}
		for i := 0; i < w.n(); i++ {
			c, n := w.match(e.cues.phrases, i)
			if c != 0 {
				var ws []string
				for k := i; k < i+n; k++ {
					ws = append(ws, w.at(k))
				}
				fmt.Printf("  %q cue=%b clause=%d\n", strings.Join(ws, " "), c, w.clause(i))
			}
		}
		fmt.Printf("outside=%v at=%b\n", sc.outside, sc.outsideAt)
	}
}

func TestZZPost(t *testing.T) {
	b, _ := Builtin()
	e := NewEngine(b)
	ids := strings.Split(os.Getenv("ZZIDS"), ",")
	for _, term := range strings.Split(os.Getenv("ZZT"), ",") {
		id, ok := e.terms[term]
		if !ok {
			fmt.Println(term, "unknown")
			continue
		}
		for _, p := range e.postings[id] {
			for _, want := range ids {
				if e.entries[p.doc].ID == want {
					fmt.Printf("%s idf=%.2f %s sat=%.2f credit=%.2f\n", term, e.idf[id], want, p.sat, p.credit)
				}
			}
		}
	}
}

func TestZZEntry(t *testing.T) {
	b, _ := Builtin()
	e := NewEngine(b)
	for _, en := range b.entries {
		if en.ID != os.Getenv("ZZID") {
			continue
		}
		texts := append(append([]string{en.Question, en.Topic}, en.Paraphrases...), en.Keywords...)
		texts = append(texts, sidesText(en)...)
		sc := e.newScratch()
		for _, tx := range texts {
			e.analyze(sc, tx, false)
			var ts []string
			for _, q := range sc.qterms {
				ts = append(ts, string(sc.terms[q.span[0]:q.span[1]]))
			}
			fmt.Printf("%q -> %v\n", tx, ts)
		}
	}
}
