package knowledge

import "strings"

// Typos in the words that say what a message asks ("hwo owns the
// backlog?", "waht does a po do", "shoudl the pm run standups?") hide its
// form from every reader: the form reader sees no question word, the
// classifier an unseen word where the most telling one should be, and the
// speller, which corrects the words of the base, leaves short words and
// first letters alone. A question word is a closed set, so its typos are
// read back before anything else reads the message.

// questionWords are the words respelled is allowed to read a typo as.
var questionWords = [...]string{"who", "what", "whats", "which", "whose", "when", "where", "how", "should", "does", "would", "could"}

// respelled returns q with each typo of a question word written as the
// word ("hwo" "who", "wahts" "whats", "shoud" "should"), and whether it
// changed anything. A typo is two letters side by side swapped, or, in a
// word of five letters or more, one letter after the first dropped
// ("whch", "shoud"); a word of English, a hurried spelling the form reader
// knows ("wat", "whos", "wen"), a word of three letters but "hwo", "woh"
// and "ohw", and a word that two question words could both be typed as
// are left alone, but for "hwo", which is "how" before "do", "much" and
// the like and "who" everywhere else. It allocates only
// when it changes something.
func respelled(q string) (string, bool) {
	var out []byte
	last := 0 // q[:last] is in out
	for i := 0; i < len(q); {
		if !isLetterByte(q[i]) {
			i++
			continue
		}
		j := i
		for j < len(q) && isLetterByte(q[j]) {
			j++
		}
		if j < len(q) && q[j] >= 0x80 || i > 0 && q[i-1] >= 0x80 {
			// Part of a word with accents or in another script.
			i = j
			continue
		}
		if t := questionTypo(q[i:j], q[j:], strings.TrimSpace(q[:i]) == ""); t != "" {
			if out == nil {
				out = make([]byte, 0, len(q)+2)
			}
			out = append(out, q[last:i]...)
			k := len(out)
			out = append(out, t...)
			if q[i] >= 'A' && q[i] <= 'Z' {
				out[k] -= 'a' - 'A'
			}
			last = j
		}
		i = j
	}
	if out == nil {
		return q, false
	}
	return string(append(out, q[last:]...)), true
}

// questionTypo returns the question word that w, a word of q followed by
// rest, is a typo of, or "" (see respelled); first says whether w opens
// the message, where a word of English is read as a typo too ("dose the
// po write stories?", "odes a pm code?").
func questionTypo(w, rest string, first bool) string {
	n := len(w)
	if n < 3 || n > 7 {
		return ""
	}
	var buf [7]byte
	for i := range n {
		buf[i] = w[i] | 0x20 // ASCII letters only, see respelled
	}
	lw := buf[:n]
	switch lw[0] {
	case 'w', 'h', 's', 'd', 'c', 'o':
	default:
		return ""
	}
	switch string(lw) {
	case "hwo":
		if howNext(rest) {
			return "how"
		}
		return "who"
	case "woh":
		return "who"
	case "whi", "wjo", "wgo", "qho", "whp":
		// A key beside "o" or "h" ("whi owns priorities?"). "whi" may be
		// "why" too: before a verb that helps ("whi is the po…") it is
		// left alone.
		if string(lw) == "whi" && auxNext(rest) {
			return ""
		}
		return "who"
	case "ohw":
		return "how"
	case "hwos", "wohs":
		return "whos"
	case "whos", "wats", "wuts", "hows", "whys":
		// Hurried spellings the form reader knows ("whos" is "who's",
		// not "whose").
		return ""
	}
	if n == 3 || questionWord(lw) {
		return ""
	}
	// A word of English is a typo only where it opens the message, and
	// only of two letters swapped: "were" is no "where".
	word := english.has(lw)
	if word && !first {
		return ""
	}
	found := ""
	for _, t := range questionWords {
		if swappedOf(lw, t) || !word && len(t) >= 5 && droppedOf(lw, t) {
			if found != "" && found != t {
				return ""
			}
			found = t
		}
	}
	return found
}

// questionWord reports whether w is one of questionWords.
func questionWord(w []byte) bool {
	for _, t := range questionWords {
		if string(w) == t {
			return true
		}
	}
	return false
}

// swappedOf reports whether w is t with two letters side by side swapped.
func swappedOf(w []byte, t string) bool {
	if len(w) != len(t) {
		return false
	}
	i := 0
	for i < len(w) && w[i] == t[i] {
		i++
	}
	return i+1 < len(w) && w[i] == t[i+1] && w[i+1] == t[i] && string(w[i+2:]) == t[i+2:]
}

// droppedOf reports whether w is t with one letter after the first
// dropped.
func droppedOf(w []byte, t string) bool {
	if len(w)+1 != len(t) {
		return false
	}
	i := 0
	for i < len(w) && w[i] == t[i] {
		i++
	}
	return i > 0 && string(w[i:]) == t[i+1:]
}

// auxNext reports whether rest, what follows a word, starts with a verb
// that helps ("is", "does", "should"…), after which "whi" may as well be
// "why" as "who".
func auxNext(rest string) bool {
	return wordIn(nextWord(rest), "is", "are", "was", "were", "do", "does", "did", "dont", "doesnt", "isnt", "arent", "can", "cant", "could", "should", "would", "will", "wont", "not", "has", "have")
}

// howNext reports whether rest, what follows "hwo", makes it "how": "hwo
// much…", "hwo to…", and before a verb that helps ("hwo do i add an
// epic?"): "hwo do i ask" and "hwo should we hire" are who as often, but
// read as how they are refused, and read as who "hwo do i add an epic"
// gets an owner.
func howNext(rest string) bool {
	return wordIn(nextWord(rest), "do", "does", "did", "dont", "doesnt", "can", "could", "should", "would", "will", "to", "much", "many", "long", "often", "come")
}

// nextWord returns the word rest starts with, past spaces and
// apostrophes: ASCII letters only, as respelled reads them.
func nextWord(rest string) string {
	i := 0
	for i < len(rest) && (rest[i] == ' ' || rest[i] == '\'') {
		i++
	}
	j := i
	for j < len(rest) && isLetterByte(rest[j]) {
		j++
	}
	return rest[i:j]
}
