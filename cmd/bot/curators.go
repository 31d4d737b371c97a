package main

import (
	"fmt"
	"strings"

	"github.com/rolecall/rolecall/internal/directory"
)

// parseCurators reads ROLECALL_CURATORS: user ids (U…, W…) and user group
// ids (S…), separated by commas or spaces. It returns the ids and one
// problem per entry that is not an id, saying how to find the right one.
func parseCurators(v string) (ids, problems []string) {
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' }) {
		switch {
		case directory.ValidUser(f) || directory.ValidGroup(f):
			ids = append(ids, f)
		case strings.HasPrefix(f, "@") || strings.HasPrefix(f, "<"):
			problems = append(problems, fmt.Sprintf("ROLECALL_CURATORS: %q is a name or a mention, not an id: use the member ID (U…, from the person's profile: ⋮ → Copy member ID) or the user group's ID (S…)", f))
		default:
			problems = append(problems, fmt.Sprintf("ROLECALL_CURATORS: %q is not a user id (U… or W…, from the person's profile: ⋮ → Copy member ID) or a user group id (S…); separate ids with commas", f))
		}
	}
	return ids, problems
}
