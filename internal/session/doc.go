// Package session keeps Rolecall's conversation state in Redis: assessment
// dialogs, event de-duplication, short locks, and the small team records of
// later features (role directory, answer feedback, unanswered questions, the
// LLM cache). It is the only package that imports go-redis.
//
// # One implementation, three deployments
//
// A Store talks to a redis.UniversalClient: a single Redis (Config.URL,
// redis:// or rediss:// for TLS), Sentinel (Config.Addrs with
// Config.MasterName) or Redis Cluster (several Config.Addrs). With nothing
// configured, Open starts an in-process miniredis and warns once that the
// state will not survive a restart; the same Store code, Lua scripts
// included, runs against it.
//
// # Keys
//
// Every key starts with Config.Prefix (default "rolecall"). Team-scoped keys
// put the Slack team id in braces: that is the Redis Cluster hash tag, so all
// keys of one team live in one slot and a script may touch several of them.
// A Cluster therefore spreads teams, not the users of one team, over its
// nodes.
//
//	{prefix}:{team}:assess:{user}:{channel}:{thread|dm}  string  an assessment (JSON)
//	{prefix}:{team}:active:{user}                        string  pointer to the user's active assessment (JSON)
//	{prefix}:{team}:last:{user}                          string  copy of the user's last completed assessment (JSON)
//	{prefix}:{team}:event:{id}                           string  de-duplication claim of an event or interaction id
//	{prefix}:{team}:lock:{name}                          string  short lock, holds a random token
//	{prefix}:{team}:feedback:{entry}                     hash    fields "up" and "down": 👍/👎 counts of an answer
//	{prefix}:{team}:unanswered                           list    newest first, capped at 1000, retention 30 days (JSON entries)
//	{prefix}:{team}:directory                            hash    role → user id, for "/roles who|set"
//	{prefix}:cache:{key}                                 string  cached LLM results, opaque bytes
//
// For example rolecall:{T123}:assess:U456:C789:1700000000.000100 and
// rolecall:{T123}:active:U456. The thread part is "dm" for a conversation
// outside a thread. A Key's Thread must be empty or a Slack timestamp
// (digits, a dot, digits: ValidThread), and its user and channel ids at most
// 64 characters without ':', so no thread can land on the DM's key and no
// caller can make a large key; other keys are refused.
//
// An assessment, its active pointer and the last completed copy expire
// together after Config.TTL (7 days), and every write slides that TTL. Claims
// live Config.ClaimTTL (15 minutes); locks the TTL their taker gives. The
// unanswered log keeps each question (cut to UnansweredMaxRunes) for
// Config.UnansweredRetention (30 days): a write drops the older entries, a
// read skips them, and the list expires that long after its newest entry. A
// log written by an earlier version, without a TTL, gets one at its next
// write. Feedback counts and the directory do not expire.
//
// JSON values carry a schema version, "v":1, so a later release can read
// old values or refuse them clearly. An assessment document also carries
// "w", a random nonce of the write that produced it.
//
// # Round trips
//
// Create and Update are one Lua script each (EVALSHA): Update compares the
// stored revision with the caller's, writes the next revision, slides the
// TTL, moves or clears the active pointer and, on completion, writes the
// last-completed copy, all atomically. Claim and Lock are one script each
// (SET NX PX inside, see Failures), unlock one compare-and-delete script,
// LogUnanswered one script (LPUSH, LTRIM, drop the expired, PEXPIRE), and
// Get, Active, LastCompleted, Release and the other calls one command each.
// Store.Commands counts the round trips a Store has made, for benchmarks and
// the load test.
//
// # Failures
//
// A missing key is ErrNotFound, a lost compare-and-set ErrStale, and anything
// that kept the call from reaching Redis within Config.Timeout (network,
// timeout, closed client, a server that is loading or read-only)
// ErrUnavailable, which also matches its cause. go-redis reconnects by itself
// once Redis is back; Ping is the readiness check. Writes are safe to retry:
// go-redis retries a command once after a broken connection, and Update,
// Claim and Lock recognise their own earlier write, so such a retry does not
// turn a success into ErrStale or a lost claim.
package session
