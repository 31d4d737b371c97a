// Package directory is the core of Rolecall's role directory: which roles a
// team has, who holds each one (for the whole workspace or for one channel),
// the /roles commands that change and query it, and the YAML file it is
// exported to and imported from. It is pure: it imports neither Slack nor
// Redis, and nothing in it does I/O. The session store keeps the data
// (session.Store.Directory, Assign, Unassign, DefineRole, ImportDirectory,
// History); package slackapp turns commands into replies.
//
// # Roles
//
// The catalogue (Catalog) starts with the built-in roles of data/roles.yaml,
// product-owner and product-manager with their spellings (PO, PMs, product
// owner, prod mgr, …), embedded and validated at load. A team adds its own
// at run time (/roles define scrum-master "facilitates the Scrum events");
// Catalog.With builds the team's catalogue from the defined roles the store
// returns. Catalog.Resolve reads any spelling, ignoring case and
// punctuation; Catalog.Find spots a role in free text, and AsksWho tells a
// directory question in plain words ("who is our PO?", "who's the scrum
// master for #payments?") from a knowledge question ("who is a product
// owner?"). Built-in
// names and spellings and the reserved words of roles.yaml cannot be taken
// by a team's role.
//
// # Handling a /roles command
//
// A Slack handler, for the text after /roles, does:
//
//	snap, err := store.Directory(ctx, team)         // defined roles + assignments
//	cat, _ := snap.Catalog()                        // a bad stored role costs only itself
//	cmd, err := directory.Parse(text, cat)
//	if errors.Is(err, directory.ErrUnknownCommand) { /* ask, compare, help, … */ }
//	if msg, ok := directory.Message(err); ok { /* ephemeral reply: msg */ }
//	if cmd.Verb.CuratorsOnly() && !curator { /* polite refusal; write nothing */ }
//	switch cmd.Verb {
//	case directory.Set:
//		change, applied, err := store.Assign(ctx, team, session.Origin{ID: req.ID, User: req.User}, cmd.Assignment())
//	case directory.Who:
//		where := cmd.Channel                        // "" means where it was typed
//		if where == "" { where = req.Channel }     // "" again in a DM: workspace only
//		holdings := directory.Holders(cat, snap.Assignments, where, cmd.Role)
//	…
//	}
//
// The Origin's ID is the delivery's id (the slash command's trigger id or
// the event id): the store applies a change once per id, so a redelivered
// command changes nothing and returns the first application's Change.
//
// Mentions: Parse accepts what Slack sends with escaping on (<@U1|alice>,
// <!subteam^S1|@design>, <#C1|payments>; the slash command needs
// should_escape: true in the manifest) and what a person types in a
// terminal (@U1, U1, #C1). A bare name (@alice, #payments) is refused with
// a message saying how to pick the person or channel, since only Slack can
// turn a name into an id.
//
// # What applies where
//
// Holder and Holders resolve the assignments for a channel: the channel's own
// assignment first, then the workspace's. OwnerRoles maps a knowledge
// entry's owner to the roles whose holders an answer names (both for a
// shared or disputed duty).
//
// # Export and import
//
// Marshal writes a Snapshot as YAML; ParseFile reads one back, validating
// the whole file (every problem at once, each with file:line) before the
// caller writes anything; Diff lists what an import would change.
package directory
