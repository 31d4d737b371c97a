package evaluation_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolecall/rolecall/internal/evaluation"
)

func TestParseListings(t *testing.T) {
	in := "# the sets\n\neval 0.96 1\nheldout 0.98 0 197\n  tuning 1.00 0\n"
	got, err := evaluation.ParseListings(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []evaluation.Listing{
		{Name: "eval", MinAccuracy: 0.96, MaxOutOfScope: 1, PerfectFloor: -1},
		{Name: "heldout", MinAccuracy: 0.98, MaxOutOfScope: 0, PerfectFloor: 197},
		{Name: "tuning", MinAccuracy: 1, MaxOutOfScope: 0, PerfectFloor: -1},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ParseListings (-want +got):\n%s", d)
	}
	if !got[1].HeldOut() || got[2].HeldOut() {
		t.Errorf("HeldOut: heldout %v, tuning %v; want true, false", got[1].HeldOut(), got[2].HeldOut())
	}
}

func TestParseListingsErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"a held-out set without its LLM-mode floor is refused", "heldout2 0.99 0\n", "line 1: want name, accuracy floor"},
		{"a tuning set with an LLM-mode floor is refused", "tuning2 0.99 0 12\n", "line 1: want name, accuracy floor"},
		{"a floor above 1 is refused", "tuning 1.5 0\n", "line 1: bad floor or limit"},
		{"a negative limit is refused", "tuning 0.9 -1\n", "line 1: bad floor or limit"},
		{"a bad LLM-mode floor is refused", "heldout 0.9 0 x\n", "line 1: bad LLM-mode floor"},
		{"a set listed twice is refused", "tuning 0.9 0\n#\ntuning 0.8 0\n", "line 3: tuning is listed twice"},
		{"every bad line is reported", "tuning 2 0\ntuning3 0.9 0 1\n", "line 2: want name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := evaluation.ParseListings(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseListings error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
