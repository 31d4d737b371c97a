package slacktest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/rolecall/rolecall/internal/slacktest"
)

// ctxT returns a context that ends before the test's own deadline.
func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// post calls a Web API method with a form body and returns the HTTP response
// and its decoded JSON body.
func post(t *testing.T, s *slacktest.Server, method string, form url.Values) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(s.APIURL()+method, form)
	if err != nil {
		t.Fatalf("post %s: %v", method, err)
	}
	return decode(t, resp)
}

// postJSON calls a Web API method with a JSON body and a Bearer token.
func postJSON(t *testing.T, s *slacktest.Server, method, token string, body any) (*http.Response, map[string]any) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, s.APIURL()+method, strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post %s: %v", method, err)
	}
	return decode(t, resp)
}

func decode(t *testing.T, resp *http.Response) (*http.Response, map[string]any) {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("response %q is not JSON: %v", body, err)
	}
	return resp, m
}

// openURL calls apps.connections.open with the app token and returns the
// websocket URL.
func openURL(t *testing.T, s *slacktest.Server) string {
	t.Helper()
	_, m := postJSON(t, s, "apps.connections.open", s.Config().AppToken, nil)
	u, _ := m["url"].(string)
	if m["ok"] != true || u == "" {
		t.Fatalf("apps.connections.open = %v", m)
	}
	return u
}

// client is a raw Socket Mode client, as slack-go's dialer connects.
type client struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialURL(t *testing.T, u string) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	h := http.Header{}
	h.Set("Origin", "https://api.slack.com")
	return websocket.DefaultDialer.Dial(u, h)
}

// connect opens a socket and reads hello.
func connect(t *testing.T, s *slacktest.Server) (*client, map[string]any) {
	t.Helper()
	ws, _, err := dialURL(t, openURL(t, s))
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	c := &client{t: t, ws: ws}
	hello := c.read()
	if hello["type"] != "hello" {
		t.Fatalf("first frame = %v, want hello", hello)
	}
	return c, hello
}

// read returns the next JSON frame.
func (c *client) read() map[string]any {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		c.t.Fatalf("frame %q is not JSON: %v", data, err)
	}
	return m
}

// readRaw returns the next frame as bytes.
func (c *client) readRaw() []byte {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return data
}

func (c *client) ack(envelopeID string, payload any) {
	c.t.Helper()
	m := map[string]any{"envelope_id": envelopeID}
	if payload != nil {
		m["payload"] = payload
	}
	if err := c.ws.WriteJSON(m); err != nil {
		c.t.Fatalf("ack: %v", err)
	}
}

func str(m map[string]any, path ...string) string {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = mm[p]
	}
	s, _ := cur.(string)
	return s
}

func num(m map[string]any, key string) int {
	f, _ := m[key].(float64)
	return int(f)
}

func contextWithTimeout(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, d)
}
