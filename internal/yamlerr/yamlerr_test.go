package yamlerr_test

import (
	"strings"
	"testing"

	"github.com/rolecall/rolecall/internal/yamlerr"
	"gopkg.in/yaml.v3"
)

func TestLocated(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"a syntax error names its line", "a: [1\nb: 2\n", []string{"f.yaml:"}},
		{"each type error names its own line", "a: x\nb: y\n", []string{"f.yaml:1: ", "f.yaml:2: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v struct{ A, B int }
			err := yaml.Unmarshal([]byte(tt.doc), &v)
			if err == nil {
				t.Fatal("no error to locate")
			}
			got := yamlerr.Located("f.yaml", err).Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Located = %q, want it to contain %q", got, w)
				}
			}
			if strings.Contains(got, "yaml: line") {
				t.Errorf("Located = %q still carries yaml's own prefix", got)
			}
		})
	}
}
