package knowledge

// CONTRACT SKELETON — the knowledge-engine helper replaces the bodies (and
// may move them to other files), keeping these exported names and
// signatures so that other packages compile against them from the start.

import (
	"io/fs"
	"log/slog"
)

// Base is a loaded, validated knowledge base. It is immutable after Load.
type Base struct{}

// Load reads and validates every data file in fsys (the layout of data/).
// Errors name the file and line.
func Load(fsys fs.FS) (*Base, error) { panic("not implemented") }

// Builtin returns the embedded knowledge base.
func Builtin() (*Base, error) { panic("not implemented") }

// LoadWithOverrides returns the built-in base with the entries of dir
// (KNOWLEDGE_DIR) added or overriding by id. When dir is broken it logs the
// error clearly and returns the built-in base alongside the error.
func LoadWithOverrides(dir string, lg *slog.Logger) (*Base, error) { panic("not implemented") }

// Entries returns every entry in a stable order.
func (b *Base) Entries() []*Entry { panic("not implemented") }

// Entry returns the entry with the given id.
func (b *Base) Entry(id string) (*Entry, bool) { panic("not implemented") }

// Comparison returns the side-by-side comparison of the two roles.
func (b *Base) Comparison() []ComparisonRow { panic("not implemented") }

// Version is a short content hash: it changes when any entry changes.
func (b *Base) Version() string { panic("not implemented") }

// UnknownAnswer is the friendly "here is what I can answer" text.
func (b *Base) UnknownAnswer() string { panic("not implemented") }

// Engine answers questions from a Base. Safe for concurrent use.
type Engine struct{}

// NewEngine builds the retrieval index once.
func NewEngine(b *Base) *Engine { panic("not implemented") }

// Base returns the engine's knowledge base.
func (e *Engine) Base() *Base { panic("not implemented") }

// Answer matches a question (raw Slack text is fine) to the best entry.
func (e *Engine) Answer(question string) Answer { panic("not implemented") }

// AnswerID answers with a given entry (a related-question button, or an LLM
// routing decision), as if the question had matched it with confidence 1.
func (e *Engine) AnswerID(question, id string) (Answer, bool) { panic("not implemented") }

// Match is one ranked candidate.
type Match struct {
	ID    string
	Score float64
	// Confidence is in [0, 1].
	Confidence float64
}

// Rank returns up to n candidates for a question, best first.
func (e *Engine) Rank(question string, n int) []Match { panic("not implemented") }

// Confident reports whether a confidence is above the engine's threshold for
// answering without help.
func (e *Engine) Confident(confidence float64) bool { panic("not implemented") }

// Normalize turns Slack text into plain, lower-case, space-separated words:
// mentions, channel links, links, emoji codes and punctuation removed,
// Unicode folded. Always valid UTF-8.
func Normalize(s string) string { panic("not implemented") }
