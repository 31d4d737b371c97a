package session

import "strings"

// teamKey builds {prefix}:{team}:kind[:parts…]. The braces make the team id
// the Redis Cluster hash tag.
func (s *Store) teamKey(team, kind string, parts ...string) string {
	n := len(s.prefix) + len(team) + len(kind) + 4
	for _, p := range parts {
		n += len(p) + 1
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(s.prefix)
	b.WriteString(":{")
	b.WriteString(team)
	b.WriteString("}:")
	b.WriteString(kind)
	for _, p := range parts {
		b.WriteByte(':')
		b.WriteString(p)
	}
	return b.String()
}

// checkTeam rejects a team id that would break the key scheme.
func checkTeam(op, team string) error {
	if team == "" {
		return invalid(op, "", "empty team id")
	}
	if strings.ContainsAny(team, "{}") {
		return invalid(op, "", "team id %q contains '{' or '}'", team)
	}
	return nil
}

// assessKey is {prefix}:{team}:assess:{user}:{channel}:{thread|dm}.
func (s *Store) assessKey(op string, k Key) (string, error) {
	if err := checkTeam(op, k.Team); err != nil {
		return "", err
	}
	if k.User == "" || k.Channel == "" {
		return "", invalid(op, "", "key %+v needs a user and a channel", k)
	}
	thread := k.Thread
	if thread == "" {
		thread = "dm"
	}
	return s.teamKey(k.Team, "assess", k.User, k.Channel, thread), nil
}

func (s *Store) cacheKey(key string) string { return s.prefix + ":cache:" + key }
