// Package yamlerr turns gopkg.in/yaml.v3's errors into "file:line: message"
// errors, so a person editing a data file is told where to look.
package yamlerr

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

var line = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// Located returns err as one error per problem, each naming file and, where
// yaml says it, the line: "roles.yaml:3: field x not found in type …".
func Located(file string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		errs := make([]error, 0, len(te.Errors))
		for _, m := range te.Errors {
			errs = append(errs, located(file, m))
		}
		return errors.Join(errs...)
	}
	return located(file, err.Error())
}

func located(file, msg string) error {
	if m := line.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: %s", file, m[1], m[2])
	}
	return fmt.Errorf("%s: %s", file, strings.TrimPrefix(msg, "yaml: "))
}
