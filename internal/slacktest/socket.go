package slacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// maxAckSize is the frame size from which Slack drops a Socket Mode response.
const maxAckSize = 20 * 1024

// conn is one Socket Mode websocket.
type conn struct {
	s      *Server
	id     int
	ws     *websocket.Conn
	opened time.Time
	send   chan outFrame
	done   chan struct{}
	once   sync.Once

	envelopes atomic.Int64
	acks      atomic.Int64
}

type outFrame struct {
	data       []byte
	sent       *atomic.Int64 // set to the write time (unix ns) of an envelope
	closeAfter time.Duration // >0: close the socket this long after writing
}

// delivery is one envelope Slack wants acked, across its attempts.
type delivery struct {
	seq     uint64
	typ     string
	eventID string
	payload []byte
	accepts bool
	// onAck, when set, gets the payload of the ack that completes the
	// delivery (a view_submission's response_action) and its content type:
	// over HTTP the response's Content-Type, over the socket
	// application/json, as an ack frame is JSON.
	onAck func(payload json.RawMessage, contentType string)

	// guarded by Server.mu
	// target is the request URL base of the last HTTP attempt.
	target  string
	attempt int
	reason  string
	conn    *conn
	sent    []*atomic.Int64 // write time per attempt
	timer   *time.Timer
	queued  bool
	done    bool
}

// ConnInfo describes an open socket.
type ConnInfo struct {
	ID        int
	Opened    time.Time
	Envelopes int // envelope frames sent on it
	Acks      int // acks received on it
	// Routable is false once a disconnect was sent: no new envelopes go to it.
	Routable bool
}

// envID formats an envelope id like Slack's (a UUID); it encodes the
// delivery and the attempt so an ack finds its delivery without a map.
func (s *Server) envID(seq uint64, attempt int) string {
	return fmt.Sprintf("%s-%04x-4000-8000-%012x", s.idpfx, attempt&0xffff, seq)
}

func (s *Server) parseEnvID(id string) (seq uint64, attempt int, ok bool) {
	parts := strings.Split(id, "-")
	if len(parts) != 5 || parts[0] != s.idpfx {
		return 0, 0, false
	}
	a, err1 := strconv.ParseUint(parts[1], 16, 16)
	q, err2 := strconv.ParseUint(parts[4], 16, 64)
	if err1 != nil || err2 != nil || q == 0 || q > s.seq.Load() {
		return 0, 0, false
	}
	return q, int(a), true
}

// newID returns a short unique id with a prefix.
func (s *Server) newID(prefix string) string {
	return prefix + strings.ToUpper(s.idpfx+strconv.FormatUint(s.seq.Add(1)+1<<32, 36))
}

func (s *Server) serveLink(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	_, ok := s.tickets[ticket]
	delete(s.tickets, ticket)
	closed := s.closed
	s.mu.Unlock()
	if !ok || closed {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	ws, err := s.upg.Upgrade(w, r, nil)
	if err != nil {
		s.lg.Warn("slacktest: websocket upgrade", "err", err)
		return
	}
	ws.SetReadLimit(1 << 20)
	c := &conn{s: s, ws: ws, opened: time.Now(), send: make(chan outFrame, 8192), done: make(chan struct{})}
	ws.SetPongHandler(func(string) error {
		s.mu.Lock()
		s.st.Pongs++
		s.notifyLocked()
		s.mu.Unlock()
		return nil
	})

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ws.Close()
		return
	}
	s.st.ConnectionsOpened++
	s.nextConn++
	c.id = s.nextConn
	s.allConns[c] = struct{}{}
	tooMany := len(s.conns) >= s.cfg.MaxConnections
	if tooMany {
		s.st.Disconnects++
		c.send <- outFrame{data: disconnectFrame("too_many_websockets"), closeAfter: s.cfg.DisconnectDelay}
	} else {
		s.conns = append(s.conns, c)
		c.send <- outFrame{data: s.helloFrame(len(s.conns))}
	}
	s.wg.Add(2)
	go c.writeLoop()
	go c.readLoop()
	var flush []*delivery
	if !tooMany {
		flush = s.pending
		s.pending = nil
	}
	s.notifyLocked()
	s.mu.Unlock()
	s.lg.Debug("slacktest: socket connected", "conn", c.id, "too_many", tooMany)

	// Envelopes that waited for a socket go out as retries, as Slack sends
	// the events that arrived while the app had no socket.
	for _, d := range flush {
		s.mu.Lock()
		if d.done || s.closed {
			s.mu.Unlock()
			continue
		}
		d.queued = false
		if len(d.sent) == 0 && s.cfg.MaxRetries > 0 {
			d.attempt, d.reason = 1, "timeout"
		}
		to, f := s.dispatchLocked(d, nil)
		s.mu.Unlock()
		if to != nil {
			to.enqueue(f)
		}
	}
}

func (s *Server) helloFrame(n int) []byte {
	b := append(make([]byte, 0, 192), `{"type":"hello","num_connections":`...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, `,"debug_info":{"host":"applink-fake","build_number":1,"approximate_connection_time":18060},"connection_info":`...)
	b = append(b, '{')
	b = appendField(b, "app_id", s.cfg.AppID)
	return append(b, "}}"...)
}

func disconnectFrame(reason string) []byte {
	b := append(make([]byte, 0, 96), `{"type":"disconnect"`...)
	b = appendField(b, "reason", reason)
	return append(b, `,"debug_info":{"host":"applink-fake"}}`...)
}

func (c *conn) enqueue(f outFrame) {
	select {
	case c.send <- f:
	case <-c.done:
		// The ack timer redelivers it on another socket.
	}
}

func (c *conn) writeLoop() {
	s := c.s
	defer s.wg.Done()
	var tick <-chan time.Time
	if s.cfg.PingInterval > 0 {
		t := time.NewTicker(s.cfg.PingInterval)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-c.done:
			return
		case f := <-c.send:
			now := time.Now()
			if f.sent != nil {
				f.sent.Store(now.UnixNano())
			}
			_ = c.ws.SetWriteDeadline(now.Add(10 * time.Second))
			if err := c.ws.WriteMessage(websocket.TextMessage, f.data); err != nil {
				s.lg.Debug("slacktest: write", "conn", c.id, "err", err)
				c.kill()
				return
			}
			if f.closeAfter > 0 {
				time.AfterFunc(f.closeAfter, c.closeGracefully)
			}
		case <-tick:
			if err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second)); err != nil {
				c.kill()
				return
			}
			s.mu.Lock()
			s.st.Pings++
			s.mu.Unlock()
		}
	}
}

func (c *conn) readLoop() {
	s := c.s
	defer s.wg.Done()
	defer c.kill()
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			s.lg.Debug("slacktest: socket closed", "conn", c.id, "err", err)
			return
		}
		s.handleFrame(c, data, time.Now())
	}
}

// kill closes the socket at once, without a close frame.
func (c *conn) kill() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
		c.s.removeConn(c)
	})
}

// closeGracefully sends a close frame and then closes the socket.
func (c *conn) closeGracefully() {
	_ = c.ws.WriteControl(websocket.CloseMessage,
		websocket.FormatCloseMessage(websocket.CloseNormalClosure, "disconnect"), time.Now().Add(time.Second))
	c.kill()
}

func (s *Server) removeConn(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.allConns, c)
	if i := slices.Index(s.conns, c); i >= 0 {
		s.conns = slices.Delete(s.conns, i, i+1)
	}
	s.notifyLocked()
}

// pickLocked chooses the next routable socket round-robin, avoiding one
// socket when another is open.
func (s *Server) pickLocked(avoid *conn) *conn {
	n := len(s.conns)
	if n == 0 {
		return nil
	}
	for range n {
		c := s.conns[s.rr%n]
		s.rr++
		if c != avoid || n == 1 {
			return c
		}
	}
	return s.conns[0]
}

// dispatchLocked sends the delivery's current attempt to a socket, or queues
// it until one connects. The caller enqueues the returned frame on the
// returned conn after unlocking s.mu.
func (s *Server) dispatchLocked(d *delivery, avoid *conn) (*conn, outFrame) {
	if s.overHTTPLocked() {
		s.dispatchHTTPLocked(d)
		return nil, outFrame{}
	}
	c := s.pickLocked(avoid)
	if c == nil {
		if !d.queued {
			d.queued = true
			s.pending = append(s.pending, d)
		}
		return nil, outFrame{}
	}
	now := time.Now()
	d.conn = c
	id := s.envID(d.seq, d.attempt)
	sent := new(atomic.Int64)
	sent.Store(now.UnixNano())
	for len(d.sent) <= d.attempt {
		d.sent = append(d.sent, nil)
	}
	d.sent[d.attempt] = sent

	b := make([]byte, 0, len(d.payload)+192)
	b = append(b, '{')
	b = appendField(b, "envelope_id", id)
	b = appendRawField(b, "payload", d.payload)
	b = appendField(b, "type", d.typ)
	b = append(b, `,"accepts_response_payload":`...)
	b = strconv.AppendBool(b, d.accepts)
	b = append(b, `,"retry_attempt":`...)
	b = strconv.AppendInt(b, int64(d.attempt), 10)
	b = appendField(b, "retry_reason", d.reason)
	b = append(b, '}')

	s.st.Envelopes++
	if d.attempt > 0 {
		s.st.Redeliveries++
	}
	c.envelopes.Add(1)
	push(s.rec.limit, &s.rec.envelopes, Envelope{
		ID: id, Delivery: s.envID(d.seq, 0), Type: d.typ, EventID: d.eventID, Attempt: d.attempt,
		RetryReason: d.reason, Conn: c.id, Sent: now, Payload: d.payload,
	})
	attempt := d.attempt
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(s.cfg.AckTimeout, func() { s.ackTimeout(d, attempt) })
	s.notifyLocked()
	return c, outFrame{data: b, sent: sent}
}

// ackTimeout redelivers an attempt that was not acked in time.
func (s *Server) ackTimeout(d *delivery, attempt int) {
	s.mu.Lock()
	if s.closed || d.done || d.attempt != attempt {
		s.mu.Unlock()
		return
	}
	if d.attempt >= s.cfg.MaxRetries {
		d.done = true
		delete(s.live, d.seq)
		s.st.Expired++
		s.notifyLocked()
		s.mu.Unlock()
		s.lg.Debug("slacktest: envelope never acked, given up", "delivery", s.envID(d.seq, 0), "attempts", attempt+1)
		return
	}
	prev := d.conn
	d.attempt++
	d.reason = "timeout"
	c, f := s.dispatchLocked(d, prev)
	s.mu.Unlock()
	if c != nil {
		c.enqueue(f)
	}
}

// submit starts a delivery and returns its first envelope id.
func (s *Server) submit(typ, eventID string, payload []byte, accepts bool) string {
	return s.submitWithAck(typ, payload, accepts, nil, eventID)
}

// submitWithAck is submit with a hook that gets the payload of the ack
// that completes the delivery.
func (s *Server) submitWithAck(typ string, payload []byte, accepts bool, onAck func(json.RawMessage, string), eventID ...string) string {
	d := &delivery{seq: s.seq.Add(1), typ: typ, payload: payload, accepts: accepts, onAck: onAck}
	if len(eventID) > 0 {
		d.eventID = eventID[0]
	}
	id := s.envID(d.seq, 0)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return id
	}
	s.live[d.seq] = d
	s.st.Deliveries++
	c, f := s.dispatchLocked(d, nil)
	s.mu.Unlock()
	if c != nil {
		c.enqueue(f)
	}
	return id
}

// Redeliver sends a copy of an envelope sent earlier (same payload, same
// event_id) as the next retry_attempt, with retry_reason "timeout", to
// another socket when there is one (over HTTP: X-Slack-Retry-Num and
// X-Slack-Retry-Reason http_timeout, to another request URL when there is
// one), whether or not the original was acked:
// how a test makes Slack deliver one event twice. id is a delivery id or any
// attempt's envelope id; the copy is a delivery of its own, whose first
// envelope id is returned. The original must still be in the records.
func (s *Server) Redeliver(id string) (string, error) {
	s.mu.Lock()
	var last *Envelope
	for i := len(s.rec.envelopes) - 1; i >= 0; i-- {
		if e := &s.rec.envelopes[i]; e.Delivery == id || e.ID == id {
			last = e
			break
		}
	}
	if last == nil {
		s.mu.Unlock()
		return "", fmt.Errorf("slacktest: redeliver %s: no such envelope recorded", id)
	}
	var avoid *conn
	for c := range s.allConns {
		if c.id == last.Conn {
			avoid = c
		}
	}
	d := &delivery{seq: s.seq.Add(1), typ: last.Type, eventID: last.EventID, payload: last.Payload,
		accepts: last.Type == "slash_commands", attempt: last.Attempt + 1, reason: "timeout"}
	if s.overHTTPLocked() {
		d.reason = "http_timeout"
		for _, t := range s.targets {
			if strings.HasPrefix(last.URL, t+"/") {
				d.target = t
			}
		}
	}
	s.live[d.seq] = d
	s.st.Deliveries++
	c, f := s.dispatchLocked(d, avoid)
	s.mu.Unlock()
	if c != nil {
		c.enqueue(f)
	}
	return s.envID(d.seq, 0), nil
}

func (s *Server) protocolError(c *conn, now time.Time, reason string, frame []byte) {
	if len(frame) > 512 {
		frame = frame[:512]
	}
	s.mu.Lock()
	s.st.ProtocolErrors++
	push(s.rec.limit, &s.rec.proto, ProtocolError{Conn: c.id, Time: now, Reason: reason, Frame: string(frame)})
	s.notifyLocked()
	s.mu.Unlock()
	s.lg.Debug("slacktest: protocol error", "conn", c.id, "reason", reason)
}

// handleFrame takes an ack (or anything else the bot sent).
func (s *Server) handleFrame(c *conn, data []byte, now time.Time) {
	if len(data) >= maxAckSize {
		s.protocolError(c, now, fmt.Sprintf("response of %d bytes: Slack drops responses of 20 KB or more", len(data)), data)
		return
	}
	var in struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(data, &in); err != nil {
		s.protocolError(c, now, "response is not a JSON object: "+err.Error(), data)
		return
	}
	if in.EnvelopeID == "" {
		s.protocolError(c, now, "response without envelope_id", data)
		return
	}
	if string(in.Payload) == "null" {
		in.Payload = nil
	}
	a := Ack{EnvelopeID: in.EnvelopeID, Conn: c.id, Received: now, Payload: in.Payload}
	c.acks.Add(1)
	seq, attempt, ok := s.parseEnvID(in.EnvelopeID)
	var onAck func(json.RawMessage, string)
	s.mu.Lock()
	switch d := s.live[seq]; {
	case !ok:
		a.Unknown = true
		s.st.UnknownAcks++
	case d == nil:
		a.Delivery, a.Attempt, a.Late = s.envID(seq, 0), attempt, true
		s.st.LateAcks++
	default:
		a.Delivery, a.Attempt, a.Type, a.EventID = s.envID(seq, 0), attempt, d.typ, d.eventID
		if attempt < len(d.sent) && d.sent[attempt] != nil {
			a.Sent = time.Unix(0, d.sent[attempt].Load())
			a.Latency = now.Sub(a.Sent)
		}
		d.done = true
		if d.timer != nil {
			d.timer.Stop()
		}
		delete(s.live, seq)
		s.st.Acks++
		onAck = d.onAck
	}
	if onAck != nil {
		// Do what the ack says before recording it: a test that waited
		// for the ack finds the modal as the ack left it.
		s.mu.Unlock()
		onAck(in.Payload, "application/json")
		s.mu.Lock()
	}
	push(s.rec.limit, &s.rec.acks, a)
	s.notifyLocked()
	s.mu.Unlock()
	if s.cfg.OnAck != nil {
		s.cfg.OnAck(a)
	}
}

// Connections describes the open sockets in connection order.
func (s *Server) Connections() []ConnInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ConnInfo, 0, len(s.allConns))
	for c := range s.allConns {
		out = append(out, ConnInfo{ID: c.id, Opened: c.opened, Envelopes: int(c.envelopes.Load()),
			Acks: int(c.acks.Load()), Routable: slices.Contains(s.conns, c)})
	}
	slices.SortFunc(out, func(a, b ConnInfo) int { return a.ID - b.ID })
	return out
}

// Disconnect sends {"type":"disconnect","reason":reason} to every open
// socket, stops routing envelopes to them and closes them after
// Config.DisconnectDelay, as Slack does. Reasons Slack uses: "warning",
// "refresh_requested", "link_disabled", "too_many_websockets". It returns
// how many sockets were told.
func (s *Server) Disconnect(reason string) int {
	return s.disconnect(reason, 0)
}

// DisconnectConn is Disconnect for the socket with the given id only.
func (s *Server) DisconnectConn(id int, reason string) bool {
	return s.disconnect(reason, id) == 1
}

func (s *Server) disconnect(reason string, id int) int {
	s.mu.Lock()
	var told []*conn
	for c := range s.allConns {
		if id == 0 || c.id == id {
			told = append(told, c)
			if i := slices.Index(s.conns, c); i >= 0 {
				s.conns = slices.Delete(s.conns, i, i+1)
			}
		}
	}
	s.st.Disconnects += len(told)
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range told {
		c.enqueue(outFrame{data: disconnectFrame(reason), closeAfter: s.cfg.DisconnectDelay})
	}
	return len(told)
}

// DropConnections closes every socket abruptly, without a close frame or a
// disconnect message, like a network failure. Unacked envelopes are
// redelivered after AckTimeout. It returns how many sockets it closed.
func (s *Server) DropConnections() int {
	s.mu.Lock()
	conns := make([]*conn, 0, len(s.allConns))
	for c := range s.allConns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.kill()
	}
	return len(conns)
}

// DropConn closes the socket with the given id abruptly.
func (s *Server) DropConn(id int) bool {
	s.mu.Lock()
	var target *conn
	for c := range s.allConns {
		if c.id == id {
			target = c
		}
	}
	s.mu.Unlock()
	if target == nil {
		return false
	}
	target.kill()
	return true
}

// SendRaw writes frame as a text message to the next socket round-robin:
// malformed or unexpected frames for fuzzing the bot's reader. It returns
// ErrNoConnection when no socket is open.
func (s *Server) SendRaw(frame []byte) error {
	s.mu.Lock()
	c := s.pickLocked(nil)
	s.mu.Unlock()
	if c == nil {
		return ErrNoConnection
	}
	c.enqueue(outFrame{data: slices.Clone(frame)})
	return nil
}

// SendRawTo is SendRaw to the socket with the given id.
func (s *Server) SendRawTo(id int, frame []byte) error {
	s.mu.Lock()
	var target *conn
	for c := range s.allConns {
		if c.id == id {
			target = c
		}
	}
	s.mu.Unlock()
	if target == nil {
		return ErrNoConnection
	}
	target.enqueue(outFrame{data: slices.Clone(frame)})
	return nil
}
