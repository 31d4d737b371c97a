package main

// bot roles: export, import and review a team's role directory.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/rolecall/rolecall/internal/directory"
	"github.com/rolecall/rolecall/internal/session"
)

const rolesUsage = `Usage: bot roles export [--team T] > FILE
       bot roles import [--team T] [--dry-run] FILE
       bot roles history [--team T] [-n N]

export writes the team's role directory (its own roles and who holds each
role, workspace-wide and per channel) as YAML to stdout, for backup and
review. import validates a whole FILE (- for stdin) first, prints what would
change, and then replaces the team's directory with it in one step; nothing
is written if any line is wrong, or with --dry-run. history prints the last
changes, newest first.

The store is the bot's Redis (REDIS_URL, or REDIS_ADDRS with
REDIS_MASTER_NAME, and REDIS_PREFIX, as for bot run). Without one the
embedded store is empty and forgets everything when the command ends: export
and history then show nothing, and import only checks the file (as
--dry-run).

Flags:
`

const rolesEnv = `
Environment:
  ROLECALL_TEAM  the Slack team id (T…) when --team is not given
  REDIS_*        the store, as for bot run
  USER           recorded in the audit as cli:USER

Exit status: 0; 1 when the file is invalid or the store fails; 2 for bad
usage.
`

// defaultTeam is the team of bot console, for a directory tried out
// locally.
const defaultTeam = consoleTeam

func runRoles(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") || args[0] == "help" {
		w, code := e.stderr, 2
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			w, code = e.stdout, 0
		}
		fmt.Fprint(w, rolesUsage+rolesEnv)
		return code
	}
	sub := args[0]
	fs := flag.NewFlagSet("bot roles "+sub, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	team := fs.String("team", "", "the Slack team id, T… (default $ROLECALL_TEAM, else "+defaultTeam+", the console's)")
	var dryRun *bool
	var n *int
	switch sub {
	case "export":
	case "import":
		dryRun = fs.Bool("dry-run", false, "validate the file and print what would change, write nothing")
	case "history":
		n = fs.Int("n", directory.HistoryLen, "how many changes to print")
	default:
		fmt.Fprintf(e.stderr, "bot roles: unknown subcommand %q\n\n%s%s", sub, rolesUsage, rolesEnv)
		return 2
	}
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), rolesUsage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), rolesEnv)
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	t := rolesTeam(e, *team)
	if strings.ContainsAny(t, "{} ") || t == "" {
		fmt.Fprintf(e.stderr, "bot roles: %q is not a team id; Slack team ids look like T0123ABCD\n", t)
		return 2
	}
	switch sub {
	case "export":
		if fs.NArg() != 0 {
			fmt.Fprintln(e.stderr, "bot roles export: takes no file; redirect stdout: bot roles export > directory.yaml")
			return 2
		}
		return rolesExport(ctx, e, t)
	case "import":
		if fs.NArg() != 1 {
			fmt.Fprintln(e.stderr, "bot roles import: name one FILE (- for stdin)")
			return 2
		}
		return rolesImport(ctx, e, t, fs.Arg(0), *dryRun)
	default:
		if fs.NArg() != 0 || *n < 1 || *n > session.AuditCap {
			fmt.Fprintf(e.stderr, "bot roles history: -n is a number from 1 to %d, and no other argument\n", session.AuditCap)
			return 2
		}
		return rolesHistory(ctx, e, t, *n)
	}
}

// rolesTeam picks the team: the flag, else ROLECALL_TEAM, else the
// console's, saying so.
func rolesTeam(e *env, flagTeam string) string {
	if t := strings.TrimSpace(flagTeam); t != "" {
		return t
	}
	if t := strings.TrimSpace(e.getenv("ROLECALL_TEAM")); t != "" {
		return t
	}
	fmt.Fprintf(e.stderr, "bot roles: no --team or ROLECALL_TEAM; using %s, the team of bot console\n", defaultTeam)
	return defaultTeam
}

// openRolesStore opens the store the bot uses, from the environment.
func openRolesStore(ctx context.Context, e *env) (*session.Store, error) {
	cfg, err := loadConfig(e.getenv, false)
	if err != nil {
		return nil, err
	}
	// The embedded store's warning speaks of assessments; the commands say
	// what it means here themselves.
	lg := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	s, err := session.Open(ctx, cfg.Session, lg)
	if err != nil {
		return nil, fmt.Errorf("open the store: %w", err)
	}
	return s, nil
}

const embeddedNote = "no REDIS_URL or REDIS_ADDRS: the embedded store is empty and is forgotten when this command ends"

func rolesExport(ctx context.Context, e *env, team string) int {
	s, err := openRolesStore(ctx, e)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot roles export: %v\n", err)
		return 1
	}
	defer s.Close()
	if s.Embedded() {
		fmt.Fprintf(e.stderr, "bot roles export: %s\n", embeddedNote)
	}
	snap, err := s.Directory(ctx, team)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot roles export: %v\n", err)
		return 1
	}
	out, err := directory.Marshal(snap)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot roles export: %v\n", err)
		return 1
	}
	if _, err := e.stdout.Write(out); err != nil {
		fmt.Fprintf(e.stderr, "bot roles export: %v\n", err)
		return 1
	}
	if len(snap.Roles)+len(snap.Assignments) == 0 && !s.Embedded() {
		fmt.Fprintf(e.stderr, "bot roles export: team %s has an empty directory; is --team right?\n", team)
	}
	return 0
}

func rolesImport(ctx context.Context, e *env, team, path string, dryRun bool) int {
	name, data, err := readInput(e, path)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot roles import: %v\n", err)
		return 1
	}
	next, err := directory.ParseFile(name, data)
	if err != nil {
		for _, p := range leafErrors(err) {
			if p != directory.ErrInvalid.Error() {
				fmt.Fprintln(e.stderr, p)
			}
		}
		fmt.Fprintf(e.stderr, "bot roles import: %s is not valid; nothing was written\n", name)
		return 1
	}
	s, err := openRolesStore(ctx, e)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot roles import: %v\n", err)
		return 1
	}
	defer s.Close()
	if s.Embedded() {
		fmt.Fprintf(e.stderr, "bot roles import: %s; checking %s only\n", embeddedNote, name)
		dryRun = true
	}
	cur, err := s.Directory(ctx, team)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot roles import: %v\n", err)
		return 1
	}
	diff := directory.Diff(cur, next)
	for _, line := range diff {
		fmt.Fprintln(e.stdout, line)
	}
	switch {
	case len(diff) == 0:
		fmt.Fprintf(e.stdout, "%s: team %s's directory already matches it; nothing to write\n", name, team)
		return 0
	case dryRun:
		fmt.Fprintf(e.stdout, "%s is valid: %s; dry run, nothing written\n", name, next.Summary())
		return 0
	}
	user := strings.TrimSpace(e.getenv("USER"))
	if user == "" {
		user = "unknown"
	}
	o := session.Origin{ID: "import-" + randomID(), User: "cli:" + user}
	c, _, err := s.ImportDirectory(ctx, team, o, next)
	if err != nil {
		if msg, ok := directory.Message(err); ok {
			fmt.Fprintf(e.stderr, "bot roles import: %s\n", msg)
		} else {
			fmt.Fprintf(e.stderr, "bot roles import: %v\n", err)
		}
		return 1
	}
	fmt.Fprintf(e.stdout, "imported %s into team %s: %s (was %s)\n", name, team, c.After, c.Before)
	return 0
}

func rolesHistory(ctx context.Context, e *env, team string, n int) int {
	s, err := openRolesStore(ctx, e)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot roles history: %v\n", err)
		return 1
	}
	defer s.Close()
	if s.Embedded() {
		fmt.Fprintf(e.stderr, "bot roles history: %s\n", embeddedNote)
	}
	h, err := s.History(ctx, team, n)
	if err != nil {
		fmt.Fprintf(e.stderr, "bot roles history: %v\n", err)
		return 1
	}
	for _, c := range h {
		fmt.Fprintln(e.stdout, c.String())
	}
	if len(h) == 0 {
		fmt.Fprintf(e.stderr, "bot roles history: team %s has no recorded changes\n", team)
	}
	return 0
}

// readInput reads a file, or stdin for "-", within the import's bound.
func readInput(e *env, path string) (name string, data []byte, err error) {
	var r io.Reader
	if path == "-" {
		name, r = "stdin", e.stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return path, nil, err
		}
		defer f.Close()
		name, r = path, f
	}
	data, err = io.ReadAll(io.LimitReader(r, directory.MaxFileSize+1))
	if err != nil {
		return name, nil, fmt.Errorf("read %s: %w", name, err)
	}
	return name, data, nil
}

func randomID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
