package resp_test

import (
	"bufio"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolecall/rolecall/internal/redistest"
	"github.com/rolecall/rolecall/internal/resp"
)

func TestReadReplyDecodesEveryType(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want any
	}{
		{"a simple string", "+OK\r\n", "OK"},
		{"an integer", ":42\r\n", int64(42)},
		{"a bulk string with a CRLF inside", "$4\r\na\r\nb\r\n", "a\r\nb"},
		{"a null bulk string", "$-1\r\n", nil},
		{"a nested array", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n:1\r\n", []any{"0", []any{"a", int64(1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := resp.ReadReply(bufio.NewReader(strings.NewReader(tt.in)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("reply (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadReplyReturnsErrorReplies(t *testing.T) {
	_, err := resp.ReadReply(bufio.NewReader(strings.NewReader("-ERR wrong\r\n")))
	if err == nil || !strings.Contains(err.Error(), "ERR wrong") {
		t.Fatalf("err = %v, want the server's error", err)
	}
}

func TestDeletePrefixDeletesOnlyThatPrefix(t *testing.T) {
	addr := redistest.Addr(t)
	p, other := redistest.Prefix(t), redistest.Prefix(t)
	for i := 0; i < 2500; i++ { // more than one SCAN page
		if _, err := resp.Do(addr, time.Second, "SET", p+":k"+strconv.Itoa(i), "1"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := resp.Do(addr, time.Second, "SET", other+":keep", "1"); err != nil {
		t.Fatal(err)
	}
	n, err := resp.DeletePrefix(addr, p)
	if err != nil || n != 2500 {
		t.Fatalf("DeletePrefix = %d, %v; want 2500, nil", n, err)
	}
	if got, _ := resp.Do(addr, time.Second, "EXISTS", other+":keep"); got != int64(1) {
		t.Errorf("a key under another prefix was deleted (EXISTS = %v)", got)
	}
}

func TestDeletePrefixRefusesPatterns(t *testing.T) {
	for _, p := range []string{"", "*", "rolecall*", "a?b"} {
		if _, err := resp.DeletePrefix("127.0.0.1:1", p); err == nil {
			t.Errorf("DeletePrefix(%q) succeeded; want a refusal", p)
		}
	}
}
