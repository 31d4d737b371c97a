package slacktest

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"time"
)

// Call is one Web API request as the fake received and answered it.
type Call struct {
	// Method is the Web API method, e.g. "chat.postMessage"; "response_url"
	// for a POST to a response_url.
	Method string
	// Params holds the decoded parameters (form fields, or the top-level
	// fields of a JSON body: strings as-is, other values as JSON text),
	// without the token.
	Params map[string]string
	// Channel, ThreadTS, Text, User (chat.postEphemeral's recipient,
	// views.publish's user_id, users.info's user, the person whose
	// trigger views.open or views.push used, the owner of the view
	// views.update changed) and TS (chat.update's target) repeat the
	// parameters most tests look at.
	Channel, ThreadTS, Text, User, TS string
	// Blocks is the blocks parameter as JSON (nil when absent).
	Blocks json.RawMessage
	// View is the view of views.publish, views.open, views.push or
	// views.update as JSON (nil otherwise).
	View json.RawMessage
	// Time is when the request was received.
	Time time.Time
	// Status is the HTTP status answered: 200, or 429 when rate limited.
	Status int
	// Error is the Slack error code answered ("" when ok:true), e.g.
	// "invalid_blocks", "ratelimited" for a 429.
	Error string
	// Detail holds response_metadata.messages of an error (Block Kit
	// violations).
	Detail []string
	// ResultTS is the ts of the posted or updated message (chat.*), or the
	// DM channel id (conversations.open).
	ResultTS string
}

// OK reports whether the call was answered ok:true.
func (c Call) OK() bool { return c.Status == 200 && c.Error == "" }

// Message is a message the bot delivered: an accepted chat.postMessage,
// chat.postEphemeral, chat.update or response_url post.
type Message struct {
	Method    string
	Channel   string
	ThreadTS  string
	Text      string
	Blocks    json.RawMessage
	Ephemeral bool
	// User is the recipient of an ephemeral message.
	User string
	// TS is the ts of the message (the updated message's ts for chat.update).
	TS   string
	Time time.Time
}

// Envelope is one Socket Mode envelope frame the fake sent.
type Envelope struct {
	// ID is this frame's envelope_id; every attempt has its own.
	ID string
	// Delivery is the envelope_id of the first attempt: the id the Send*
	// helpers return, shared by all redeliveries.
	Delivery string
	// Type is "events_api", "slash_commands" or "interactive".
	Type string
	// EventID is the payload's event_id (events_api only).
	EventID string
	// Attempt is retry_attempt: 0 for the first delivery.
	Attempt int
	// RetryReason is retry_reason ("" on the first attempt).
	RetryReason string
	// Conn is the id of the connection it went to (0 over HTTP).
	Conn int
	// URL is the request URL it was POSTed to (HTTP delivery only).
	URL string
	// Sent is when it was queued for the socket (or POSTed).
	Sent time.Time
	// Payload is the envelope's payload.
	Payload json.RawMessage
}

// Ack is one ack frame received.
type Ack struct {
	EnvelopeID string
	Delivery   string
	Type       string
	EventID    string
	Attempt    int
	// Conn is the connection the ack arrived on.
	Conn int
	// Sent is when the acked envelope was written to the socket, Received
	// when the ack arrived; Latency is the difference.
	Sent, Received time.Time
	Latency        time.Duration
	// Payload is the ack's payload (nil when absent); over HTTP, the
	// response body.
	Payload json.RawMessage
	// Status is the HTTP status of the response (HTTP delivery only).
	Status int
	// Late marks an ack for a delivery that was already acked or abandoned
	// (an ack of an earlier attempt after a redelivery, or a second ack).
	Late bool
	// Unknown marks an envelope_id the fake never sent.
	Unknown bool
}

// Violation is a message or view refused with invalid_blocks, or the
// response to a view submission Slack would refuse (Method
// "view_submission", Channel the view id).
type Violation struct {
	Method   string
	Channel  string
	Time     time.Time
	Messages []string
}

// ProtocolError is a frame from the bot the fake refused: not JSON, no
// envelope_id, an ack of 20 KB or more.
type ProtocolError struct {
	Conn   int
	Time   time.Time
	Reason string
	Frame  string // at most the first 512 bytes
}

// Stats are counters that keep counting past Config.RecordLimit.
type Stats struct {
	Calls       int // every Web API request
	CallsOK     int
	CallErrors  int // ok:false answers
	RateLimited int // 429 answers

	BlockViolations int
	Messages        int // delivered messages (see Message)

	ConnectionsOpened int
	Connections       int // open now
	Tickets           int // URLs handed out by apps.connections.open

	Deliveries   int // distinct envelopes (Send* calls)
	Envelopes    int // envelope frames sent, retries included
	Redeliveries int
	Acks         int // acks matched to a live delivery
	LateAcks     int
	UnknownAcks  int
	Expired      int // deliveries abandoned after MaxRetries (over HTTP: a failed click or command)
	HTTPFailures int // HTTP attempts that timed out, failed to connect or answered other than 2xx
	Pending      int // deliveries not yet acked (queued or in flight)

	ProtocolErrors int
	Pings, Pongs   int
	Held           int // Web API calls waiting on a Delay now
	Disconnects    int // disconnect messages sent
}

type records struct {
	limit      int
	calls      []Call
	messages   []Message
	envelopes  []Envelope
	acks       []Ack
	violations []Violation
	proto      []ProtocolError
}

// push appends v to *list under the record limit.
func push[T any](limit int, list *[]T, v T) {
	if limit < 0 {
		return
	}
	if limit > 0 && len(*list) >= limit {
		n := copy(*list, (*list)[len(*list)/2:])
		clear((*list)[n:])
		*list = (*list)[:n]
	}
	*list = append(*list, v)
}

// Calls returns the recorded Web API calls, rate-limited and failed ones
// included, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.calls)
}

// CallsTo returns the recorded calls of one method, oldest first.
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.rec.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Attempts returns when each call of method arrived, rate-limited ones
// included: what a test needs to prove the bot waited out Retry-After.
func (s *Server) Attempts(method string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Time
	for _, c := range s.rec.calls {
		if c.Method == method {
			out = append(out, c.Time)
		}
	}
	return out
}

// Count returns how many calls of method were answered ok:true.
func (s *Server) Count(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.okBy[method]
}

// RateLimitedCount returns how many calls of method were answered 429.
func (s *Server) RateLimitedCount(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rlBy[method]
}

// Messages returns the messages delivered, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.messages)
}

// Envelopes returns the envelope frames sent, oldest first.
func (s *Server) Envelopes() []Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.envelopes)
}

// Acks returns the acks received, oldest first.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.acks)
}

// Violations returns the Block Kit violations answered with invalid_blocks.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.violations)
}

// ProtocolErrors returns the frames from the bot the fake refused.
func (s *Server) ProtocolErrors() []ProtocolError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.proto)
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	st.Connections = len(s.conns)
	st.Pending = len(s.live)
	st.Held = int(s.held.Load())
	return st
}

// CountsByMethod returns the ok:true calls per method.
func (s *Server) CountsByMethod() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.okBy)
}

// WaitCalls waits until at least n calls of method were answered ok:true and
// returns the recorded ones of them.
func (s *Server) WaitCalls(ctx context.Context, method string, n int) ([]Call, error) {
	err := s.WaitFor(ctx, func() bool { return s.Count(method) >= n })
	var out []Call
	for _, c := range s.CallsTo(method) {
		if c.OK() {
			out = append(out, c)
		}
	}
	return out, err
}

// WaitMessages waits until at least n messages were delivered and returns
// them.
func (s *Server) WaitMessages(ctx context.Context, n int) ([]Message, error) {
	err := s.WaitFor(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.st.Messages >= n
	})
	return s.Messages(), err
}

// WaitAck waits for the first ack of a delivery; id is the delivery's first
// envelope id (what the Send* helpers return) or any attempt's envelope id.
func (s *Server) WaitAck(ctx context.Context, id string) (Ack, error) {
	var got Ack
	err := s.WaitFor(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, a := range s.rec.acks {
			if a.Delivery == id || a.EnvelopeID == id {
				got = a
				return true
			}
		}
		return false
	})
	return got, err
}

// WaitAcks waits until at least n acks matched a live delivery.
func (s *Server) WaitAcks(ctx context.Context, n int) error {
	return s.WaitFor(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.st.Acks >= n
	})
}

// WaitConnections waits until at least n sockets are open (hello sent).
func (s *Server) WaitConnections(ctx context.Context, n int) error {
	return s.WaitFor(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.conns) >= n
	})
}

// Reset forgets every record and zeroes the counters (open sockets, pending
// deliveries, rate limits and injected failures stay): a load run calls it
// between warm-up and measurement.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rec = records{limit: s.rec.limit}
	s.st = Stats{}
	clear(s.okBy)
	clear(s.errBy)
	clear(s.rlBy)
	s.notifyLocked()
}
