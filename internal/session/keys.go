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

// maxIDLen bounds a user or channel id in a key; Slack's are about 11
// characters.
const maxIDLen = 64

// noThread is the thread part of the key of a conversation outside a
// thread. ValidThread accepts digits and one dot only, so no thread can
// take this form.
const noThread = "dm"

// ValidThread reports whether s can be Key.Thread: empty (no thread) or a
// Slack timestamp, digits, a dot and digits ("1700000000.000100"), of at
// most 32 characters.
func ValidThread(s string) bool {
	if s == "" {
		return true
	}
	if len(s) > 32 {
		return false
	}
	dot := strings.IndexByte(s, '.')
	if dot <= 0 || dot == len(s)-1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; i != dot && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// assessKey is {prefix}:{team}:assess:{user}:{channel}:{thread|dm}. It
// refuses a key whose parts could run into one another (a ':' in the user
// or channel, a thread that is not a Slack timestamp) or make a large key.
func (s *Store) assessKey(op string, k Key) (string, error) {
	if err := checkTeam(op, k.Team); err != nil {
		return "", err
	}
	switch {
	case k.User == "" || k.Channel == "":
		return "", invalid(op, "", "key %+v needs a user and a channel", k)
	case len(k.User) > maxIDLen || len(k.Channel) > maxIDLen || strings.ContainsRune(k.User+k.Channel, ':'):
		return "", invalid(op, "", "key user %.80q or channel %.80q is not a Slack id", k.User, k.Channel)
	case !ValidThread(k.Thread):
		return "", invalid(op, "", "key thread %.80q is not a Slack timestamp", k.Thread)
	}
	thread := k.Thread
	if thread == "" {
		thread = noThread
	}
	return s.teamKey(k.Team, "assess", k.User, k.Channel, thread), nil
}

func (s *Store) cacheKey(key string) string { return s.prefix + ":cache:" + key }
