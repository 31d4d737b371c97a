// Package slackapp puts Rolecall in Slack: an App that acks every envelope
// at once and hands the work to a bounded worker pool, over Socket Mode or
// over HTTP request URLs (Handler, each request verified with the signing
// secret: http.go), and a transport-independent Router that turns a Request
// (a mention, a DM, a /roles command, a button click, a shortcut, a form
// submitted, an App Home visit) into Replies. Both transports turn what
// Slack sent into a delivery and share everything after it: onEvent,
// onSlash, onInteraction, the pool and the exactly-once claim.
//
// The flow of one event:
//
//	socketmode reader ──ack──▶ Slack
//	 or POST /slack/events ──verify──▶ 200 (401/400/413 refused, 503 busy)
//	       │
//	       ▼ (bounded queue; full → shed + metric)
//	   worker pool ── Store.Claim (exactly once) ──▶ Router.Handle ──▶ Responder
//	                                                               (Web API with 429 retries,
//	                                                                or plain text in `bot console`)
//
// The Router is extended through tables: slashCommands (/roles
// subcommands; help is generated from it), textCommands (whole-message
// words in a DM or mention, like "help"), actions (button action ids under
// the "rolecall." namespace, matched by prefix) and views (forms whose
// submission is answered in its ack) in commands.go, and shortcuts (by
// callback id, as manifest.yml declares them) in shortcuts.go. Adding a
// subcommand, a word, a button, a form or a shortcut is one table entry.
//
// Most envelopes are acked at once. The submission of a form in the views
// table is the exception: Slack takes the answer (update the form, push a
// view, show errors under an input) only in the ack, so a worker computes
// it with Router.Submit and acks within Slack's 3 s (modal.go).
//
// The shortcuts (shortcuts.go): "Ask Rolecall" on a message answers the
// question in it privately, through the same path as a mention, with
// "Share in thread"; "Who owns…?" opens a form that answers in place and
// shares the answer in a channel picked in it.
//
// The hiring assessment (assess.go) is a dialog over package dialog: one
// message per question with a button per choice, whose value carries the
// owner, the conversation, the question and the choice, so any instance can
// apply a click after any restart. The App Home tab is in home.go. The same
// assessment also runs as a form (assess_form.go, from the App Home or
// /roles assess modal): a modal whose views are the questions, pushed as
// they come, with Slack's own Back going back through them, over the same
// dialog and session, so a person can start in the form and finish in the
// DM.
//
// A question the engine is unsure of gets "Did you mean…?" and the closest
// questions as buttons (rolecall.suggest.N, the entry id as value); a click
// replaces that message with the answer: chat.update, or the click's
// response URL for an ephemeral message. In `bot console` the questions are
// numbered and typing a number stands for the click (TextResponder.Choose).
//
// The role directory (directory.go) is the team's own roles: /roles who,
// set, unset, define and history, directory questions in plain words ("who
// is our PO?", "who should I ask about the roadmap?"), and the people an
// answer names where it was asked. Only curators change it: workspace admins
// and owners, as People says (people.go, cached for PeopleTTL), and
// Config.Curators. The curation loop (curation.go) counts 👍/👎 once per
// person, keeps what the "what was wrong?" modal of a 👎 says, records the
// questions Rolecall could not answer, and reports both with /roles gaps.
//
// This is the only package that imports slack-go.
package slackapp
