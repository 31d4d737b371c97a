// Package resp is a minimal RESP2 client for the tooling around Rolecall:
// the test helpers and the load benchmark, which must reach Redis without a
// client library (only internal/session uses go-redis). It sends commands
// and reads replies; it is not a general Redis client.
package resp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// Conn is one connection to a Redis server. Not safe for concurrent use.
type Conn struct {
	c       net.Conn
	br      *bufio.Reader
	timeout time.Duration
}

// Dial connects to addr; timeout bounds the dial and every later command.
func Dial(addr string, timeout time.Duration) (*Conn, error) {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	return &Conn{c: c, br: bufio.NewReader(c), timeout: timeout}, nil
}

// Close closes the connection.
func (c *Conn) Close() error { return c.c.Close() }

// Do sends one command and reads its reply: a string for simple and bulk
// strings, int64 for integers, []any for arrays, nil for a null; an error
// reply comes back as an error.
func (c *Conn) Do(args ...string) (any, error) {
	_ = c.c.SetDeadline(time.Now().Add(c.timeout))
	if _, err := c.c.Write(AppendCommand(nil, args...)); err != nil {
		return nil, err
	}
	return ReadReply(c.br)
}

// Do dials addr, sends one command and returns its reply.
func Do(addr string, timeout time.Duration, args ...string) (any, error) {
	c, err := Dial(addr, timeout)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.Do(args...)
}

// AppendCommand appends args encoded as a RESP array of bulk strings.
func AppendCommand(b []byte, args ...string) []byte {
	b = append(b, '*')
	b = strconv.AppendInt(b, int64(len(args)), 10)
	b = append(b, "\r\n"...)
	for _, a := range args {
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(len(a)), 10)
		b = append(b, "\r\n"...)
		b = append(b, a...)
		b = append(b, "\r\n"...)
	}
	return b
}

// ReadReply reads one RESP2 reply (see Conn.Do for the Go types).
func ReadReply(br *bufio.Reader) (any, error) {
	line, err := br.ReadString('\n')
	if err != nil {
		return nil, err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return nil, errors.New("resp: empty line")
	}
	switch line[0] {
	case '+':
		return line[1:], nil
	case '-':
		return nil, errors.New("redis: " + line[1:])
	case ':':
		return strconv.ParseInt(line[1:], 10, 64)
	case '$', '*':
		n, err := strconv.Atoi(line[1:])
		if err != nil {
			return nil, fmt.Errorf("resp: bad length in %q", line)
		}
		if n < 0 {
			return nil, nil
		}
		if line[0] == '$' {
			b := make([]byte, n+2)
			if _, err := io.ReadFull(br, b); err != nil {
				return nil, err
			}
			return string(b[:n]), nil
		}
		out := make([]any, n)
		for i := range out {
			if out[i], err = ReadReply(br); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("resp: unexpected reply %q", line)
}

// DeletePrefix deletes every key of the Redis at addr that starts with
// prefix+":" (SCAN and DEL), and returns how many it deleted. It refuses an
// empty prefix or one with glob characters, so it cannot wipe a database.
func DeletePrefix(addr, prefix string) (int, error) {
	if prefix == "" || strings.ContainsAny(prefix, "*?[]\\") {
		return 0, fmt.Errorf("resp: refusing to delete keys by prefix %q", prefix)
	}
	c, err := Dial(addr, 10*time.Second)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	deleted := 0
	cursor := "0"
	for {
		v, err := c.Do("SCAN", cursor, "MATCH", prefix+":*", "COUNT", "1000")
		if err != nil {
			return deleted, err
		}
		arr, ok := v.([]any)
		if !ok || len(arr) != 2 {
			return deleted, fmt.Errorf("resp: SCAN answered %v", v)
		}
		cursor, _ = arr[0].(string)
		keys, _ := arr[1].([]any)
		if len(keys) > 0 {
			args := make([]string, 1, len(keys)+1)
			args[0] = "DEL"
			for _, k := range keys {
				if s, ok := k.(string); ok {
					args = append(args, s)
				}
			}
			r, err := c.Do(args...)
			if err != nil {
				return deleted, err
			}
			if n, ok := r.(int64); ok {
				deleted += int(n)
			}
		}
		if cursor == "0" || cursor == "" {
			return deleted, nil
		}
	}
}
