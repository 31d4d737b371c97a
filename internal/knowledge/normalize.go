package knowledge

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNormalizeRunes bounds the work Normalize does: text past this many
// runes is ignored, so a 50 KB message costs no more than a long question.
const MaxNormalizeRunes = 2000

// Normalize turns Slack text into plain, lower-case, space-separated words:
// mentions, channel links, links, emoji codes and punctuation removed,
// Unicode folded. Always valid UTF-8.
func Normalize(s string) string {
	return string(appendNormalized(make([]byte, 0, len(s)+8), s))
}

// appendNormalized is Normalize into a caller's buffer.
func appendNormalized(dst []byte, s string) []byte {
	return appendClauses(dst, nil, nil, s)
}

// appendClauses is appendNormalized that also appends to *breaks, when not
// nil, the offset (from the start of what it writes) of every word that
// begins a new clause: after sentence punctuation (. ? ! ; : and new
// lines), a dash between spaces or an em or en dash, and at each end of a
// link's label. When marks is not nil, it receives the clauses of the
// sentences that end with a question mark and the clauses that are a link's
// label (clauses past the 64th share the last bit).
func appendClauses(dst []byte, breaks *[]int32, marks *clauseMarks, s string) []byte {
	w := folder{dst: dst, base: len(dst), breaks: breaks, marks: marks, joinAt: -1}
	if marks != nil {
		*marks = clauseMarks{}
	}
	runes := 0
	for i := 0; i < len(s) && runes < MaxNormalizeRunes; {
		c := s[i]
		// "how does the pm work w/ the po", "po & pm", "nps + revenue":
		// "w/" is "with", "w/o" "without", a lone "&" or "+" "and", so
		// that "how do po & pm work together" meets what "how do po and
		// pm work together" meets ("pms n pos": see ands).
		n, hurried := 0, ""
		switch c {
		case 'w', 'W':
			n, hurried = withAt(s, i)
		case '&', '+':
			n, hurried = andAt(s, i), "and"
		case '#':
			n, hurried = numberSignAt(s, i), "number"
		}
		if n > 0 {
			w.space()
			w.str(hurried)
			w.space()
			i += n
			runes += n
			continue
		}
		switch c {
		case '<':
			if j := markupEnd(s, i); j > 0 {
				w.markup(s[i+1 : j])
				runes += j + 1 - i
				i = j + 1
				continue
			}
		case '&':
			if n := entityLen(s[i:]); n > 0 {
				w.space()
				i += n
				runes += n
				continue
			}
		case ':':
			if j := emojiEnd(s, i); j > 0 {
				if headAfter(s[j+1:]) {
					// "PM said no :face_palm: who decides?": an emoji
					// before a question word ends a sentence, one that
					// asks nothing of itself ("features that dont exist
					// yet :grimacing: which role works with sales?" does
					// not ask whether they exist yet).
					w.end(false)
				} else {
					w.space()
				}
				runes += j + 1 - i
				i = j + 1
				continue
			}
		case '\'':
			i += w.apostrophe(s, i, 1)
			runes++
			continue
		case ',':
			if headAfter(s[i+1:]) || shortTail(s[i+1:]) {
				// "sorry noob question, what's a PO?", "PO or PM, who
				// owns it?": a comma before a question word starts the
				// question; "jira or linear, PO or PM" stays one clause.
				w.clause()
				i++
				runes++
				continue
			}
		case '-':
			if i > 0 && s[i-1] == ' ' && i+1 < len(s) && s[i+1] == ' ' {
				// "exec here - vision: PO or PM?": a spaced dash
				// separates clauses; one inside a word does not.
				w.clause()
				i++
				runes++
				continue
			}
		}
		if (i == 0 || s[i-1] == ' ') && w.breaks != nil && len(w.dst) > w.base && (reasonAt(s[i:]) || soAsks(s[i:]) || w.introEnds() && introAsks(s[i:])) {
			// "who owns the backlog bc rn 4 people dump tickets in it":
			// the reason is the setting, a clause of its own; "we have no
			// PO so who owns the backlog?": "so" before a question word
			// ends the setting; so does a short intro before one, typed
			// without punctuation ("dev here who owns the backlog").
			w.clause()
		}
		if c < utf8.RuneSelf {
			w.ascii(c)
			i++
			runes++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if apostropheRune(r) {
			i += w.apostrophe(s, i, size)
			runes++
			continue
		}
		i += size
		runes++
		if r == utf8.RuneError {
			w.space()
			continue
		}
		if r == '\u2014' || r == '\u2013' || unicode.Is(unicode.So, r) && headAfter(s[i:]) {
			w.clause() // an em or en dash, or an emoji before a question word
			continue
		}
		w.rune(r)
	}
	w.join()
	w.ands()
	return w.dst
}

// ands reads each "n" written alone between two words as "and" ("pms n
// pos", "rock n roll"). It looks at what was written, not at what was
// typed, so that normalising twice changes nothing: "y/n please" reads
// "y and please", which no match minds.
func (w *folder) ands() {
	if !bytes.Contains(w.dst[w.base:], []byte(" n ")) {
		return
	}
	for j := w.base + 2; j+2 < len(w.dst); j++ {
		d := w.dst
		if d[j] != 'n' || d[j-1] != ' ' || d[j+1] != ' ' || !isLetterByte(d[j-2]) || !isLetterByte(d[j+2]) {
			continue
		}
		w.dst = slices.Insert(w.dst, j+1, 'd')
		w.dst = slices.Insert(w.dst, j, 'a')
		if w.breaks != nil {
			for k, b := range *w.breaks {
				if int(b) > j-w.base {
					(*w.breaks)[k] = b + 2
				}
			}
		}
		j += 2
	}
}

// withAt returns the length of the "w/" or "w/o" that starts at s[i] as a
// word of its own, and the word it stands for; 0 when there is none ("w/e"
// is "whatever").
func withAt(s string, i int) (int, string) {
	if i > 0 && s[i-1] != ' ' || !strings.HasPrefix(s[i:], "w/") && !strings.HasPrefix(s[i:], "W/") {
		return 0, ""
	}
	if n := len("w/o"); len(s) >= i+n && (s[i+2] == 'o' || s[i+2] == 'O') && (len(s) == i+n || !isWordByte(s[i+n])) {
		return n, "without"
	}
	if n := len("w/"); len(s) == i+n || s[i+n] == ' ' {
		return n, "with"
	}
	return 0, ""
}

// andAt returns the length of the hurried "and" that starts at s[i], or 0:
// "&" (as typed or as Slack's "&amp;") or "+" standing alone between two
// words, with a space on each side ("po & pm"). "R&amp;D", "c++" and
// "2 + 2" are not one.
func andAt(s string, i int) int {
	if i < 2 || s[i-1] != ' ' || !isLetterByte(s[i-2]) {
		return 0
	}
	n := 0
	switch {
	case strings.HasPrefix(s[i:], "&amp;"):
		n = len("&amp;")
	case s[i] == '&' || s[i] == '+':
		n = 1
	default:
		return 0
	}
	if i+n+1 >= len(s) || s[i+n] != ' ' || !isLetterByte(s[i+n+1]) {
		return 0
	}
	return n
}

// numberSignAt returns the length of the number sign at s[i] when it
// stands for "number", alone before "of" ("# of open bugs?"); 0 otherwise
// ("#general", "#3", "phone #").
func numberSignAt(s string, i int) int {
	if i > 0 && s[i-1] != ' ' || !strings.HasPrefix(s[i+1:], " ") {
		return 0
	}
	rest := strings.TrimLeft(s[i+1:], " ")
	if len(rest) >= 2 && rest[0]|0x20 == 'o' && rest[1]|0x20 == 'f' && (len(rest) == 2 || !isLetterByte(rest[2])) {
		return 1
	}
	return 0
}

// reasonAt reports whether s starts with a word that gives a reason:
// "because", "bc", "cuz"…
func reasonAt(s string) bool {
	if c := s[0] | 0x20; c != 'b' && c != 'c' {
		return false
	}
	for _, r := range [...]string{"because", "bc", "cuz", "coz", "bcoz", "bcuz", "becuz", "becos"} {
		if len(s) >= len(r) && strings.EqualFold(s[:len(r)], r) && (len(s) == len(r) || s[len(r)] == ' ' || s[len(r)] == ',') {
			return true
		}
	}
	return false
}

// soAsks reports whether s starts with "so" before a question word.
func soAsks(s string) bool {
	if len(s) < 4 || s[0]|0x20 != 's' || s[1]|0x20 != 'o' || s[2] != ' ' {
		return false
	}
	var buf [8]byte
	h := headOf(&buf, s[3:])
	return isHead(h) && string(h) != "but" && string(h) != "so"
}

// introAsks reports whether s, after a short intro (folder.introEnds),
// starts with a question word: not "but" or "so", nor the "is" of a
// statement ("dev here is the po around" stays one clause).
func introAsks(s string) bool {
	var buf [8]byte
	h := headOf(&buf, s)
	switch string(h) {
	case "but", "so", "is", "isnt", "are", "arent", "was", "were":
		return false
	}
	return isHead(h)
}

// headAfter reports whether s starts, after spaces, with a word that opens
// a question or a new clause: a question word, an auxiliary, "but", "so".
func headAfter(s string) bool {
	var buf [8]byte
	return isHead(headOf(&buf, s))
}

// headOf returns the word s starts with after spaces, lower-cased and
// without its apostrophes, written into buf; empty when s starts with no
// word or with one of more than eight characters.
func headOf(buf *[8]byte, s string) []byte {
	i := 0
	for i < len(s) && s[i] == ' ' {
		i++
	}
	j := i
	for j < len(s) && j-i < 8 && (isLetter(s[j]|0x20) || s[j] == '\'') {
		j++
	}
	if j == i || j < len(s) && isLetter(s[j]|0x20) {
		return nil
	}
	n := 0
	for k := i; k < j; k++ {
		if s[k] != '\'' {
			buf[n] = s[k] | 0x20
			n++
		}
	}
	return buf[:n]
}

// isHead reports whether word h opens a question or a new clause (see
// headAfter).
func isHead(h []byte) bool {
	switch string(h) {
	case "who", "whos", "whose", "whom", "which", "what", "whats", "when", "whens", "where", "wheres", "how", "hows", "why",
		"is", "isnt", "are", "arent", "was", "were", "do", "does", "doesnt", "dont", "did", "didnt",
		"should", "shouldnt", "shall", "can", "cant", "could", "would", "will", "wont", "must",
		"but", "so":
		return true
	}
	return false
}

// shortTail reports whether s is at most three words and a closing question
// mark: "who runs the retro, PO or PM?", "…, QA?" name the options after
// the question.
func shortTail(s string) bool {
	words, in := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '?':
			return words > 0 && strings.TrimSpace(s[i+1:]) == ""
		case c == ' ':
			in = false
		case isLetter(c|0x20) || '0' <= c && c <= '9' || c == '\'' || c == '-' || c >= utf8.RuneSelf:
			if !in {
				words++
				in = true
				if words > 3 {
					return false
				}
			}
		default:
			return false
		}
	}
	return false
}

// folder writes words separated by single spaces.
type folder struct {
	dst     []byte
	base    int
	pending bool // a separator is due before the next word character
	// breaks receives clause starts (see appendClauses); nil when unwanted.
	breaks *[]int32
	brk    bool // the next word starts a clause
	// marks receives what appendClauses tells of the clauses; sentence is
	// the clause the current sentence starts at.
	marks    *clauseMarks
	sentence int
	// dotted is whether the separator due came from an initial's dot
	// ("P." of "P.O."); joinAt is where word wrote that separator, -1
	// when it wrote none: a letter and a dot after it join the initials
	// into one word ("P.O." reads "po", as "PO" does).
	dotted bool
	joinAt int
}

// clauseMarks are masks of clauses, a bit per clause.
type clauseMarks struct {
	// asks marks the clauses of the sentences that end with a question
	// mark, and qends the last clause of each.
	asks, qends uint64
	// labels marks the clauses that are a link's label.
	labels uint64
}

// end ends a sentence; question says whether with a question mark.
func (w *folder) end(question bool) {
	w.clause()
	if w.breaks == nil || w.marks == nil {
		return
	}
	cur := len(*w.breaks)
	if question && len(w.dst) > w.base {
		for k := w.sentence; k <= cur; k++ {
			w.marks.asks |= 1 << min(k, 63)
		}
		w.marks.qends |= 1 << min(cur, 63)
	}
	w.sentence = cur + 1
}

func (w *folder) space() { w.join(); w.pending = true }

// clause ends a clause: the next word starts another.
func (w *folder) clause() { w.join(); w.pending, w.brk = true, true }

// join makes one word of initials: a single letter just after an initial's
// dot loses the separator before it ("p o" of "P.O." becomes "po").
func (w *folder) join() {
	n := len(w.dst)
	if w.joinAt >= w.base && w.joinAt == n-2 && isLetter(w.dst[n-1]) {
		w.dst[n-2] = w.dst[n-1]
		w.dst = w.dst[:n-1]
	}
	w.joinAt = -1
}

func (w *folder) word() {
	if w.pending && len(w.dst) > w.base {
		w.dst = append(w.dst, ' ')
		if w.brk && w.breaks != nil {
			*w.breaks = append(*w.breaks, int32(len(w.dst)-w.base))
		}
		if w.dotted && !w.brk {
			w.joinAt = len(w.dst) - 1
		}
	}
	w.pending, w.brk, w.dotted = false, false, false
}

func (w *folder) ascii(c byte) {
	switch {
	case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
	case 'A' <= c && c <= 'Z':
		c += 'a' - 'A'
	case c == '.' && w.initial():
		// "P.O.", "e.g.": the dot of an initial ends no clause, and
		// initials make one word.
		w.space()
		w.dotted = true
		return
	case c == '?':
		w.end(true)
		return
	case c == '.' || c == '!' || c == '\n':
		w.end(false)
		return
	case c == ';' || c == ':':
		w.clause()
		return
	default:
		w.space()
		return
	}
	w.word()
	w.dst = append(w.dst, c)
}

// after reports whether the last word written is word, with no separator
// due after it.
func (w *folder) after(word string) bool { return !w.pending && w.lastIs(word) }

// lastIs reports whether the last word written is word.
func (w *folder) lastIs(word string) bool {
	n := len(w.dst)
	if n-w.base < len(word) || string(w.dst[n-len(word):]) != word {
		return false
	}
	return n-len(word) == w.base || w.dst[n-len(word)-1] == ' '
}

// initial reports whether the last word written is a single letter.
func (w *folder) initial() bool {
	n := len(w.dst)
	return !w.pending && n > w.base && isLetter(w.dst[n-1]) && (n-1 == w.base || w.dst[n-2] == ' ')
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' }

func (w *folder) str(s string) {
	w.word()
	w.dst = append(w.dst, s...)
}

func (w *folder) rune(r rune) {
	switch {
	case r >= 0xFF10 && r <= 0xFF19, r >= 0xFF21 && r <= 0xFF3A, r >= 0xFF41 && r <= 0xFF5A:
		w.ascii(byte(r - 0xFEE0)) // fullwidth forms
		return
	case unicode.IsMark(r):
		return // combining accents: the base letter was already written
	}
	if f := folded(r); f != "" {
		w.str(f)
		return
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		switch r {
		case '…', '。', '？', '！', '；', '：', '—', '–':
			w.clause()
		default:
			w.space()
		}
		return
	}
	r = unicode.ToLower(r)
	if f := folded(r); f != "" {
		w.str(f)
		return
	}
	if r < utf8.RuneSelf {
		w.ascii(byte(r))
		return
	}
	w.word()
	w.dst = utf8.AppendRune(w.dst, r)
}

// apostrophe joins "don't" into "dont" and drops a possessive "'s", so
// "PO's backlog" reads "po backlog". size is the apostrophe's length in bytes;
// it returns how many bytes were consumed.
func (w *folder) apostrophe(s string, i, size int) int {
	j := i + size
	if j < len(s) && (s[j] == 's' || s[j] == 'S') && (j+1 == len(s) || !isWordByte(s[j+1])) {
		if w.after("who") {
			// "who's" is "who is" or "who has", never a possessive: it
			// reads "whos", as typed without the apostrophe, so "who's
			// embedded" is not "who embedded".
			w.dst = append(w.dst, 's')
		}
		return size + 1
	}
	return size
}

// apostropheRune reports whether r is one of the non-ASCII characters
// typed as an apostrophe: curly quotes, and the modifier letter that some
// keyboards give. Text and link labels both read them as "'".
func apostropheRune(r rune) bool {
	return r == '\u2019' || r == '\u2018' || r == '\u02bc'
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// markupEnd returns the index of the '>' closing a Slack markup token that
// starts at s[i] == '<', or -1.
func markupEnd(s string, i int) int {
	limit := min(len(s), i+512)
	for j := i + 1; j < limit; j++ {
		switch s[j] {
		case '>':
			if j == i+1 {
				return -1
			}
			return j
		case '<', '\n':
			return -1
		}
	}
	return -1
}

// markup handles the inside of <…>: mentions, channel and special mentions
// are dropped, links keep their label only. A special mention opens with a
// letter ("<!here>", "<!subteam^S1>"); "<!-- … -->", typed where nothing
// escapes it (the console, bot ask; Slack sends "&lt;"), is text.
func (w *folder) markup(inner string) {
	w.space()
	switch {
	case inner[0] == '@' || inner[0] == '#':
		return
	case inner[0] == '!' && len(inner) > 1 && isLetterByte(inner[1]):
		return
	}
	target, label, hasLabel := strings.Cut(inner, "|")
	link := strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") || strings.HasPrefix(target, "tel:")
	if !link {
		// Not markup after all: treat the text as words.
		label, hasLabel = inner, true
	}
	if hasLabel {
		if link {
			// A link's label is a clause of its own: "see <…|our wiki>"
			// is context, not part of the question.
			w.clause()
			if w.breaks != nil && w.marks != nil {
				// The label's clause starts with its first word.
				next := len(*w.breaks)
				if len(w.dst) > w.base {
					next++
				}
				w.marks.labels |= 1 << min(next, 63)
			}
		}
		for i := 0; i < len(label); {
			r, size := utf8.DecodeRuneInString(label[i:])
			if r == '\'' || apostropheRune(r) {
				// Apostrophes as in the text around it: "<…|PO's guide>"
				// reads "po guide", and a label normalised once reads
				// the same normalised again ("abcʼ" is "abc").
				i += w.apostrophe(label, i, size)
				continue
			}
			i += size
			if r == utf8.RuneError {
				w.space()
				continue
			}
			w.rune(r)
		}
		if link {
			w.clause()
			return
		}
	}
	w.space()
}

var entities = []string{"&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&apos;", "&nbsp;"}

func entityLen(s string) int {
	for _, e := range entities {
		if strings.HasPrefix(s, e) {
			return len(e)
		}
	}
	return 0
}

// emojiEnd returns the index of the ':' closing an emoji code such as
// ":tada:" or ":+1::skin-tone-2:" starting at s[i] == ':', or -1. A colon
// right after a word character ("10:30") does not open one.
func emojiEnd(s string, i int) int {
	if i > 0 && isWordByte(s[i-1]) {
		return -1
	}
	limit := min(len(s), i+64)
	for j := i + 1; j < limit; j++ {
		c := s[j]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_', c == '+', c == '-', c == '\'':
		case c == ':':
			if j == i+1 {
				return -1
			}
			return j
		default:
			return -1
		}
	}
	return -1
}

// folded returns the plain Latin spelling of a letter with a diacritic or of
// a ligature, or "".
func folded(r rune) string {
	switch {
	case r < rune(len(foldLatin)):
		return foldLatin[r]
	case r >= 0xFB00 && r <= 0xFB06:
		return foldLigature[r-0xFB00]
	}
	return ""
}

var foldLigature = [...]string{"ff", "fi", "fl", "ffi", "ffl", "st", "st"}

// foldLatin maps the letters with diacritics of Latin-1 and Latin
// Extended-A/B (lower case; upper case is lowered first) to plain Latin.
var foldLatin = func() (t [0x260]string) {
	for r, s := range fold {
		if r < rune(len(t)) {
			t[r] = s
		}
	}
	return t
}()

// fold lists the foldings; foldLatin is its fast form.
var fold = func() map[rune]string {
	m := map[rune]string{}
	for _, p := range []struct{ from, to string }{
		{"àáâãäåāăąǎ", "a"}, {"çćĉċč", "c"}, {"ďđ", "d"}, {"èéêëēĕėęěə", "e"}, {"ĝğġģ", "g"},
		{"ĥħ", "h"}, {"ìíîïĩīĭįıǐ", "i"}, {"ĵ", "j"}, {"ķ", "k"}, {"ĺļľŀł", "l"}, {"ñńņňŉ", "n"},
		{"òóôõöøōŏőǒ", "o"}, {"ŕŗř", "r"}, {"śŝşšș", "s"}, {"ţťŧț", "t"}, {"ùúûüũūŭůűųǔ", "u"},
		{"ŵ", "w"}, {"ýÿŷ", "y"}, {"źżž", "z"},
	} {
		for _, r := range p.from {
			m[r] = p.to
		}
	}
	for r, s := range map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th", 'ð': "d", 'ĳ': "ij"} {
		m[r] = s
	}
	return m
}()

// introEnds reports whether the clause written so far is a short intro
// ending in "here": "dev here", "new pm here" (not "is anyone here", a
// question of its own).
func (w *folder) introEnds() bool {
	if !w.lastIs("here") {
		return false
	}
	d := w.dst[w.base:]
	start := 0
	if w.breaks != nil && len(*w.breaks) > 0 {
		start = int((*w.breaks)[len(*w.breaks)-1])
	}
	if start >= len(d) {
		return false
	}
	c := bytes.TrimLeft(d[start:], " ")
	if n := bytes.Count(c, []byte(" ")) + 1; n < 2 || n > 4 {
		return false
	}
	first, _, _ := bytes.Cut(c, []byte(" "))
	switch string(first) {
	case "who", "whos", "what", "whats", "which", "is", "are", "anyone", "anybody", "someone", "somebody", "does", "do", "can", "could", "any":
		return false
	}
	return true
}
