// Package loadtest drives Rolecall (or any Socket Mode app) through the fake
// Slack of package slacktest and measures it: envelopes per second, ack and
// reply latency, missing and duplicate replies, the bots' memory and
// goroutines, and Redis commands per event. cmd/loadtest is its command
// line; the fault suite and the scale-out tests of this package use the same
// pieces with the real bot code in process.
//
// # How a run correlates replies
//
// Every envelope the Driver sends carries a key that comes back with its
// reply, so nothing is matched by guesswork:
//
//   - a mention has a fresh, unique ts; Rolecall answers in its thread, so the
//     reply's thread_ts is the key;
//   - a DM comes from a user of its own, so the reply's DM channel is the key;
//   - a related-question click is on a message with a fresh ts; the answer
//     goes to that message's thread;
//   - "/roles ask …" is answered in the ack's payload, so the delivery's
//     envelope id is the key and the ack is the reply.
//
// The fake's OnCall and OnAck hooks feed a Recorder, which counts a second
// reply to one key as a duplicate and a key never answered (after a drain
// period) as missing. Ack latency is the fake's: from writing the envelope to
// the socket to reading its ack. Reply latency runs from just before the
// Send* call to the fake receiving the chat.postMessage (or the ack).
//
// # Redis commands per event
//
// A CountingProxy between the bots and Redis counts the commands on the wire:
// it parses the RESP requests it forwards and counts each command (a
// pipeline of three counts three; one EVALSHA counts one). It is the only
// RESP parsing here; everything that talks to Redis uses go-redis.
// Alternatively two INFO stats readings (RedisCommandsProcessed) give the
// server's total, exact only when nobody else uses that Redis.
package loadtest
