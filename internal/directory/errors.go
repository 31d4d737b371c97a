package directory

import (
	"errors"
	"fmt"
)

// Sentinel errors callers branch on. Every error this package returns for
// something a person typed or wrote is an *Error that matches exactly one of
// them with errors.Is and carries the sentence to show that person
// (Message). ParseFile's errors match ErrInvalid and list every problem.
var (
	// ErrUnknownCommand means the text is not a directory command (not set,
	// unset, who, history, define or gaps): the caller may try its other
	// subcommands.
	ErrUnknownCommand = errors.New("directory: not a directory command")
	// ErrUsage means a directory command is missing a part, has one too
	// many, or names someone or a channel in a form Rolecall cannot use.
	ErrUsage = errors.New("directory: usage")
	// ErrUnknownRole means a role name or spelling that the catalogue does
	// not know.
	ErrUnknownRole = errors.New("directory: unknown role")
	// ErrDefinition means a role definition that breaks a rule: its name,
	// description or spellings are malformed, reserved, taken by another
	// role, or the team has too many roles.
	ErrDefinition = errors.New("directory: invalid role definition")
	// ErrInvalid means an export file that failed validation; the joined
	// errors beneath it each name the file and line.
	ErrInvalid = errors.New("directory: invalid directory file")
)

// Error is a mistake in what a person typed: which kind (one of the
// sentinels), the text at fault, and what to tell them.
type Error struct {
	// Kind is ErrUnknownCommand, ErrUsage, ErrUnknownRole or ErrDefinition.
	Kind error
	// Input is the word or mention at fault; it may be empty.
	Input string
	// Msg is a whole sentence for the person, in Slack mrkdwn-safe plain
	// text with the command to type where one helps.
	Msg string
}

func (e *Error) Error() string {
	if e.Input == "" {
		return e.Kind.Error()
	}
	return fmt.Sprintf("%s: %q", e.Kind, e.Input)
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Kind }

// Message returns the sentence to show the person whose text caused err,
// and false if err is not one of this package's *Error values.
func Message(err error) (string, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg, true
	}
	return "", false
}

func usageErr(input, format string, args ...any) *Error {
	return &Error{Kind: ErrUsage, Input: input, Msg: fmt.Sprintf(format, args...)}
}

func definitionErr(input, format string, args ...any) *Error {
	return &Error{Kind: ErrDefinition, Input: input, Msg: fmt.Sprintf(format, args...)}
}
