package knowledge

import (
	_ "embed"
	"strings"
)

// english is words/english.txt: the lowercase English words of 4 to 16
// letters, sorted, one a line (see words/README.md).
//
//go:embed words/english.txt
var englishText string

// english is the word list as a value: read-only, shared by every engine.
var english = dictionary(englishText)

// dictionary is a sorted list of words, one a line, searched in place: no
// index is built and a look-up allocates nothing.
type dictionary string

// has reports whether w is a word of d.
func (d dictionary) has(w []byte) bool {
	lo, hi := 0, len(d)
	for lo < hi {
		mid := lo + (hi-lo)/2
		// The line holding mid.
		start := strings.LastIndexByte(string(d[lo:mid]), '\n') + 1 + lo
		end := strings.IndexByte(string(d[mid:hi]), '\n')
		if end < 0 {
			end = hi
		} else {
			end += mid
		}
		switch c := compare(string(d[start:end]), w); {
		case c == 0:
			return true
		case c < 0:
			lo = end + 1
		default:
			hi = start
		}
	}
	return false
}

// hasForm reports whether w is a word of d or the plural of one: the
// lists leave out the plurals of many nouns, and "integrations" is no typo
// of "iterations".
func (d dictionary) hasForm(w []byte) bool {
	if len(w) < 5 {
		// The four-letter words serve the speller's swaps only (see
		// speller.swapped): elsewhere the engine reads a short word the
		// base does not know as it always has, a typo of a stop word
		// among them ("form" for "from", "dose" for "does").
		return false
	}
	if d.has(w) {
		return true
	}
	n := len(w)
	return n > 5 && w[n-1] == 's' && w[n-2] != 's' && (d.has(w[:n-1]) || w[n-2] == 'e' && d.has(w[:n-2]))
}

// compare is strings.Compare of a and string(b), without converting b.
func compare(a string, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}
