package session

import (
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
)

// opError is every error the Store returns: the operation, the key, the
// sentinel it matches (if any) and the cause (if any). errors.Is matches both.
type opError struct {
	op, key string
	kind    error // ErrNotFound, ErrStale, ErrUnavailable or nil
	err     error // the cause, or nil
}

func (e *opError) Error() string {
	var b strings.Builder
	b.WriteString("session: ")
	b.WriteString(e.op)
	if e.key != "" {
		b.WriteString(" ")
		b.WriteString(e.key)
	}
	if e.kind != nil {
		b.WriteString(": ")
		b.WriteString(strings.TrimPrefix(e.kind.Error(), "session: "))
	}
	if e.err != nil {
		b.WriteString(": ")
		b.WriteString(e.err.Error())
	}
	return b.String()
}

func (e *opError) Unwrap() []error {
	errs := make([]error, 0, 2)
	if e.kind != nil {
		errs = append(errs, e.kind)
	}
	if e.err != nil {
		errs = append(errs, e.err)
	}
	return errs
}

// wrap classifies err from go-redis: redis.Nil is ErrNotFound, an error reply
// from a server that is up and answering is returned as it is, and anything
// else (network, timeout, closed client, a server loading or failing over)
// is ErrUnavailable.
func wrap(op, key string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, redis.Nil):
		return &opError{op: op, key: key, kind: ErrNotFound}
	case isReply(err) && !unavailableReply(err):
		return &opError{op: op, key: key, err: err}
	default:
		return &opError{op: op, key: key, kind: ErrUnavailable, err: err}
	}
}

func isReply(err error) bool {
	var re redis.Error
	return errors.As(err, &re)
}

// unavailableReply reports error replies that mean "not now" rather than
// "wrong request".
func unavailableReply(err error) bool {
	msg := err.Error()
	for _, p := range []string{"LOADING", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "BUSY", "NOREPLICAS"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// invalid reports a caller mistake (an empty team, an unknown status).
func invalid(op, key, format string, args ...any) error {
	return &opError{op: op, key: key, err: fmt.Errorf(format, args...)}
}
