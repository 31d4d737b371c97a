// Package knowledge holds Rolecall's curated knowledge base about the product
// owner and product manager roles, and the answer engine that matches a
// person's question to an entry.
//
// The content is data: YAML files under data/, embedded with go:embed and
// validated at load (see Load). A team can add or override entries from a
// directory of its own (see LoadWithOverrides). The engine is a pure function
// of the loaded base and the question: it imports neither Slack nor Redis.
package knowledge

// Owner says who owns a topic according to the sources.
type Owner string

// The owners an entry can name. Unknown is never stored in an entry: the
// engine uses it for questions the base does not cover.
const (
	ProductOwner   Owner = "product_owner"
	ProductManager Owner = "product_manager"
	Shared         Owner = "shared"
	Disputed       Owner = "disputed"
	Unknown        Owner = "unknown"
)

// Label returns the owner in words, for people ("Product owner").
func (o Owner) Label() string {
	switch o {
	case ProductOwner:
		return "Product owner"
	case ProductManager:
		return "Product manager"
	case Shared:
		return "Shared by both roles"
	case Disputed:
		return "Disputed: the sources disagree"
	default:
		return "Unknown: outside what Rolecall covers"
	}
}

// Valid reports whether o may appear in a knowledge entry.
func (o Owner) Valid() bool {
	switch o {
	case ProductOwner, ProductManager, Shared, Disputed:
		return true
	}
	return false
}

// Source is a citation: which article, by whom, and the heading or passage
// an answer rests on.
type Source struct {
	// Title is the article's title.
	Title string `json:"title"`
	// Author is the author or, where none is named, the site.
	Author string `json:"author"`
	// Section is the heading or passage of the article the answer rests on.
	Section string `json:"section"`
}

// Side is one position in a disagreement between the sources: what one
// source says about who owns a topic.
type Side struct {
	// Owner is the role this source gives the topic to.
	Owner Owner `json:"owner"`
	// Says is the position in our own words.
	Says string `json:"says"`
	// Source is where the position is stated.
	Source Source `json:"source"`
}

// Entry is one curated piece of knowledge: a question and its answer.
type Entry struct {
	// ID is stable: links, feedback counters and the evaluation set use it.
	ID string `json:"id"`
	// Topic is a short title ("Product backlog").
	Topic string `json:"topic"`
	// Question is the canonical question the entry answers.
	Question string `json:"question"`
	// Paraphrases are other ways people ask the question.
	Paraphrases []string `json:"paraphrases,omitempty"`
	// Keywords are words and phrases that point at the entry.
	Keywords []string `json:"keywords,omitempty"`
	// Owner is who owns the topic; Disputed where the sources disagree.
	Owner Owner `json:"owner"`
	// Answer is the short answer, in Rolecall's own words.
	Answer string `json:"answer"`
	// Sides lists each source's position; required when Owner is Disputed.
	Sides []Side `json:"sides,omitempty"`
	// Sources are the citations the answer rests on; at least one.
	Sources []Source `json:"sources"`
	// Related are ids of entries worth suggesting next.
	Related []string `json:"related,omitempty"`
	// File and Line say where the entry was defined, for error messages.
	File string `json:"-"`
	Line int    `json:"-"`
}

// Related is a suggested follow-up question.
type Related struct {
	ID       string `json:"id"`
	Question string `json:"question"`
}

// Answer is the engine's reply to one question.
type Answer struct {
	// Question is the question as asked (after trimming).
	Question string `json:"question"`
	// Topic is the id of the matched entry, or "" when nothing matched.
	Topic string `json:"topic"`
	// Owner is the matched entry's owner, or Unknown.
	Owner Owner `json:"owner"`
	// Text is the answer in words; for Unknown, what Rolecall can answer.
	Text string `json:"answer"`
	// Sides repeats the entry's positions when Owner is Disputed.
	Sides []Side `json:"sides,omitempty"`
	// Sources are the citations; empty for Unknown.
	Sources []Source `json:"sources"`
	// Confidence is in [0, 1]; answers under the engine's threshold are Unknown.
	Confidence float64 `json:"confidence"`
	// Related holds up to three follow-up questions.
	Related []Related `json:"related"`
	// Shape is what kind of question it was: who owns a duty, a yes/no or
	// either/or about a role, a hiring situation, a definition.
	Shape Shape `json:"shape,omitempty"`
	// Verdict answers a yes/no or either/or question about a named role in
	// one sentence ("No — by both sources that is the product owner's
	// job."); empty for other shapes and for Unknown.
	Verdict string `json:"verdict,omitempty"`
	// Scope says, for Unknown, why the question was not answered (see the
	// Scope constants); empty when it was.
	Scope Scope `json:"scope,omitempty"`
	// Suggestions are the one to three entries a question that was not
	// answered comes closest to, best first: "Did you mean…". Only set
	// when Owner is Unknown and Scope is ScopeUnsure.
	Suggestions []Related `json:"suggestions,omitempty"`
	// Part is the question answered when the message asked several
	// things and only that one is about the roles ("can someone send me
	// the deck? also who owns the roadmap?"); empty when the message was
	// answered as a whole.
	Part string `json:"part,omitempty"`
	// FollowsUp is the entry of the answer before this one in the
	// conversation when the question only made sense after it ("what
	// about the PM?" after "who owns the backlog?"); empty otherwise. See
	// Engine.FollowUp.
	FollowsUp string `json:"follows_up,omitempty"`
}

// Shape is the form of a question, read before any entry is matched.
type Shape string

// The shapes a question can take.
const (
	// ShapeDuty asks who owns or does something ("who sets the roadmap?",
	// "whose call is the launch date?").
	ShapeDuty Shape = "duty"
	// ShapeYesNo asks whether a named role does something ("do PMs write
	// stories?", "our PM writes the tickets, is that normal?").
	ShapeYesNo Shape = "yes_no"
	// ShapeChoice names both roles and asks which ("PO or PM: who talks to
	// customers?").
	ShapeChoice Shape = "choice"
	// ShapeHiring describes a company's situation or asks whom to hire.
	ShapeHiring Shape = "hiring"
	// ShapeDefinition asks what something is or does ("what is a PO?").
	ShapeDefinition Shape = "definition"
	// ShapeOther is anything else the engine still tries to match (a bare
	// "roadmap owner", "po vs pm").
	ShapeOther Shape = "other"
)

// asksOwner reports whether a question of this shape asks who owns or does
// something.
func (s Shape) asksOwner() bool {
	return s == ShapeDuty || s == ShapeYesNo || s == ShapeChoice || s == ShapeHiring
}

// Scope is why a question got no owner.
type Scope string

// The reasons a question is not answered. The first group is decided
// before any entry is ranked, from the question's form alone: such a
// question is not about who owns what, whatever words it shares with the
// base, and no suggestion or model may answer it.
const (
	// ScopeSchedule asks when or where something happens ("when is the
	// retro?").
	ScopeSchedule Scope = "schedule"
	// ScopeFigure asks for a number or a status ("how many tickets are
	// open?").
	ScopeFigure Scope = "figure"
	// ScopeAction asks Rolecall to do something ("write the release notes
	// for me").
	ScopeAction Scope = "action"
	// ScopeAccess asks for access, accounts or IT help.
	ScopeAccess Scope = "access"
	// ScopePerson asks about a person's details or whereabouts ("what's our
	// PO's email?", "who is our PO?").
	ScopePerson Scope = "person"
	// ScopeChat is chit-chat: thanks, greetings, remarks without a
	// question.
	ScopeChat Scope = "chat"
	// ScopeInjection tries to change Rolecall's instructions.
	ScopeInjection Scope = "injection"
	// ScopeOutside names a subject the base declares outside its scope
	// (pay, certifications, other roles).
	ScopeOutside Scope = "outside"
	// ScopeTooLong is a question over MaxQuestionRunes.
	ScopeTooLong Scope = "too_long"
	// ScopeUnrelated is a question the classifier, trained on thousands of
	// labelled questions, reads as about something else, sure of it, and
	// the lexical engine does not answer surely ("who keeps the CRM
	// clean?"); it is read from the words, not the form, but no
	// suggestion or model may answer it either.
	ScopeUnrelated Scope = "unrelated"

	// ScopeUnsure is a question about the roles that no entry matches with
	// enough confidence; Suggestions may hold the closest ones.
	ScopeUnsure Scope = "unsure"
	// ScopeNoMatch is a question nothing in the base comes close to.
	ScopeNoMatch Scope = "no_match"
)

// Gated reports whether s was decided from the question's form, before any
// entry was matched, or by the classifier sure the question is about
// something else (ScopeUnrelated): such a question must never be answered
// with an owner, by the engine or by a model.
func (s Scope) Gated() bool {
	switch s {
	case ScopeSchedule, ScopeFigure, ScopeAction, ScopeAccess, ScopePerson, ScopeChat, ScopeInjection, ScopeOutside, ScopeTooLong, ScopeUnrelated:
		return true
	}
	return false
}

// ComparisonRow is one aspect of the side-by-side comparison of the roles.
type ComparisonRow struct {
	Aspect         string `json:"aspect"`
	ProductManager string `json:"product_manager"`
	ProductOwner   string `json:"product_owner"`
	// Note flags a contradiction or caveat about this row, if any.
	Note    string   `json:"note,omitempty"`
	Sources []Source `json:"sources"`
}
