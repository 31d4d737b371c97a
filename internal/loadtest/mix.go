package loadtest

import (
	"fmt"
	"strconv"
	"strings"
)

// Mix is how many envelopes of each kind a Driver sends, in proportion:
// {Mention: 70, DM: 15, Slash: 10, Click: 5} sends 70 % mentions.
type Mix [numKinds]int

// DefaultMix is the mix cmd/loadtest uses without -mix.
var DefaultMix = Mix{Mention: 70, DM: 15, Slash: 10, Click: 5}

// ParseMix reads "mention=70,dm=15,slash=10,click=5" (kinds: mention, dm,
// slash, click, assess; weights are non-negative integers, at least one
// positive).
func ParseMix(s string) (Mix, error) {
	var m Mix
	total := 0
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		if !ok {
			return Mix{}, fmt.Errorf("mix %q: %q is not kind=weight", s, part)
		}
		k := Kind(255)
		for i, n := range kindNames {
			if n == strings.TrimSpace(name) {
				k = Kind(i)
			}
		}
		if k == 255 {
			return Mix{}, fmt.Errorf("mix %q: unknown kind %q (use %s)", s, name, strings.Join(kindNames[:], ", "))
		}
		w, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || w < 0 {
			return Mix{}, fmt.Errorf("mix %q: weight of %s must be a non-negative integer", s, name)
		}
		m[k] = w
		total += w
	}
	if total == 0 {
		return Mix{}, fmt.Errorf("mix %q: no kind has a positive weight", s)
	}
	return m, nil
}

// String formats the mix as ParseMix reads it.
func (m Mix) String() string {
	var parts []string
	for k, w := range m {
		if w > 0 {
			parts = append(parts, kindNames[k]+"="+strconv.Itoa(w))
		}
	}
	return strings.Join(parts, ",")
}

// picker yields kinds in the mix's proportions, evenly interleaved (smooth
// weighted round robin), so a short run has the same mix as a long one.
type picker struct {
	w     Mix
	cur   [numKinds]int
	total int
}

func newPicker(m Mix) *picker {
	p := &picker{w: m}
	for _, w := range m {
		p.total += w
	}
	return p
}

func (p *picker) next() Kind {
	best := Kind(0)
	for k := range p.w {
		p.cur[k] += p.w[k]
		if p.cur[k] > p.cur[best] {
			best = Kind(k)
		}
	}
	p.cur[best] -= p.total
	return best
}

// Questions are what the load asks: role-level, owned, shared and disputed
// questions and one out of scope in twelve (whose "unanswered" log costs a
// Redis write), so the engine does its whole range of work.
var Questions = []string{
	"who owns the product backlog?",
	"who sets the product vision?",
	"who writes the user stories?",
	"who builds the roadmap?",
	"who orders the backlog items?",
	"what does a product owner do?",
	"what skills does a product manager need?",
	"who is responsible for the release and the launch?",
	"who owns the budget and forecasting?",
	"do we need both a PO and a PM?",
	"who runs the retro?",
	"what's the weather like tomorrow?",
}

// RelatedIDs are knowledge entries the related-question clicks ask about.
var RelatedIDs = []string{"user-stories", "product-backlog", "sprints", "epics"}
