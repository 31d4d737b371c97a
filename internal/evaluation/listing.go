package evaluation

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Listing is one line of a list of labelled sets (the knowledge package's
// testdata/sets.txt): a set, in the order it was added, and the floors CI
// holds the answer engine to on it. One list, read by the knowledge tests
// and the LLM-mode evaluation alike, so that the two cannot disagree on
// which sets there are or what a line means.
//
//	name accuracy-floor out-of-scope-limit [perfect-floor]
//
// A held-out set (its name starts with "heldout") has the fourth figure,
// and only a held-out set has it.
type Listing struct {
	// Name is the set's file name without ".tsv".
	Name string
	// MinAccuracy is the owner-accuracy floor, from 0 to 1.
	MinAccuracy float64
	// MaxOutOfScope is how many out-of-scope questions may get an owner.
	MaxOutOfScope int
	// PerfectFloor is, for a held-out set, how many of its questions LLM
	// mode got right with a model that knows every answer when the floor
	// was set; -1 for any other set.
	PerfectFloor int
}

// HeldOut reports whether l is a held-out set: measured, never trained on.
func (l Listing) HeldOut() bool { return strings.HasPrefix(l.Name, "heldout") }

// ParseListings reads a list of labelled sets. Blank lines and lines
// starting with # are ignored. Errors name the line; all of them are
// reported together.
func ParseListings(r io.Reader) ([]Listing, error) {
	var ls []Listing
	var errs []error
	listed := map[string]bool{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		l, err := parseListing(line)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("line %d: %w", n, err))
		case listed[l.Name]:
			errs = append(errs, fmt.Errorf("line %d: %s is listed twice", n, l.Name))
		default:
			listed[l.Name] = true
			ls = append(ls, l)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, err)
	}
	return ls, errors.Join(errs...)
}

func parseListing(line string) (Listing, error) {
	f := strings.Fields(line)
	l := Listing{Name: f[0], PerfectFloor: -1}
	want := 3
	if l.HeldOut() {
		want = 4
	}
	if len(f) != want {
		return l, fmt.Errorf("want name, accuracy floor, out-of-scope limit and, for a held-out set, the LLM-mode floor, got %q", line)
	}
	floor, err1 := strconv.ParseFloat(f[1], 64)
	limit, err2 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil || floor < 0 || floor > 1 || limit < 0 {
		return l, fmt.Errorf("bad floor or limit in %q", line)
	}
	l.MinAccuracy, l.MaxOutOfScope = floor, limit
	if l.HeldOut() {
		n, err := strconv.Atoi(f[3])
		if err != nil || n < 0 {
			return l, fmt.Errorf("bad LLM-mode floor in %q", line)
		}
		l.PerfectFloor = n
	}
	return l, nil
}
