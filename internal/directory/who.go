package directory

import (
	"sort"
	"strings"
)

// Assignment is one entry of a team's directory: who holds a role, for the
// whole workspace or for one channel.
type Assignment struct {
	// Role is the role's name ("product-owner").
	Role string
	// Channel is the channel id the assignment is for; "" is the whole
	// workspace.
	Channel string
	// Assignee is the person or user group.
	Assignee Assignee
}

// Holding is who holds a role where a question was asked.
type Holding struct {
	Role Role
	// Assignee is who holds it there; "" when nobody does.
	Assignee Assignee
	// Channel is the channel of the assignment that applies; "" when the
	// workspace-wide one applies (or nobody holds the role).
	Channel string
}

// Held reports whether somebody holds the role.
func (h Holding) Held() bool { return h.Assignee != "" }

// Holder returns the assignment of role that applies in channel: the
// channel's own, else the workspace's. channel "" (a DM, the App Home)
// looks at the workspace only.
func Holder(as []Assignment, role, channel string) (Assignment, bool) {
	var ws Assignment
	found := false
	for _, a := range as {
		if a.Role != role {
			continue
		}
		if channel != "" && a.Channel == channel {
			return a, true
		}
		if a.Channel == "" {
			ws, found = a, true
		}
	}
	return ws, found
}

// Holders returns, for every role of cat in catalogue order (or only role, if
// it is not zero), who holds it in channel (channel first, then workspace).
// Roles nobody holds are included with an empty Assignee, so that a reply
// can say how to set them.
func Holders(cat *Catalog, as []Assignment, channel string, role Role) []Holding {
	var out []Holding
	for _, r := range cat.Roles() {
		if !role.IsZero() && r.Name != role.Name {
			continue
		}
		h := Holding{Role: r}
		if a, ok := Holder(as, r.Name, channel); ok {
			h.Assignee, h.Channel = a.Assignee, a.Channel
		}
		out = append(out, h)
	}
	return out
}

// RolesOf returns the assignments an assignee holds, workspace-wide ones
// first, then by role and channel.
func RolesOf(as []Assignment, who Assignee) []Assignment {
	var out []Assignment
	for _, a := range as {
		if a.Assignee == who {
			out = append(out, a)
		}
	}
	SortAssignments(out)
	return out
}

// SortAssignments orders assignments by role, the workspace-wide one before
// the channels, then by channel id: the order of an export.
func SortAssignments(as []Assignment) {
	sort.Slice(as, func(i, j int) bool {
		if as[i].Role != as[j].Role {
			return as[i].Role < as[j].Role
		}
		return as[i].Channel < as[j].Channel
	})
}

// OwnerRoles maps an owner from the knowledge base (its string form:
// "product_owner", "product_manager", "shared", "disputed") to the roles
// whose holders an answer should name: one for an owned duty, both for a
// shared or disputed one, none otherwise.
func OwnerRoles(owner string) []string {
	switch strings.ToLower(owner) {
	case "product_owner":
		return []string{ProductOwner}
	case "product_manager":
		return []string{ProductManager}
	case "shared", "disputed":
		return []string{ProductOwner, ProductManager}
	}
	return nil
}
