package slackapp_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/rolecall/rolecall/internal/slackapp"
)

// repoRoot walks up from the package directory to the directory of go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package directory")
		}
		dir = parent
	}
}

// sharedSlack finds ../shared/slack next to the repository (SHARED_DIR
// overrides). Under CI=true a missing spec fails; elsewhere it skips loudly.
func sharedSlack(t *testing.T) string {
	t.Helper()
	cands := []string{filepath.Join(filepath.Dir(repoRoot(t)), "shared", "slack")}
	if d := os.Getenv("SHARED_DIR"); d != "" {
		cands = append([]string{filepath.Join(d, "slack")}, cands...)
	}
	for _, c := range cands {
		if _, err := os.Stat(filepath.Join(c, "manifest.schema.1.0.0.json")); err == nil {
			return c
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("Slack's manifest schema is missing from %v: CI needs ../shared/slack next to the repository", cands)
	}
	t.Skipf("SKIP (not under CI): Slack's manifest schema not found in %v", cands)
	return ""
}

// lookahead is an ECMA-262 pattern Go's regexp cannot compile: "^(?!X)Y".
type lookahead struct {
	src      string
	not, yes *regexp.Regexp
}

func (l lookahead) String() string { return l.src }

func (l lookahead) MatchString(s string) bool { return !l.not.MatchString(s) && l.yes.MatchString(s) }

// ecmaRegexp compiles the schema's patterns: Go's regexp, plus the one
// ECMA-262 form Slack's schema uses that Go lacks, a leading negative
// lookahead, rewritten as "does not start with X and matches ^Y".
func ecmaRegexp(p string) (jsonschema.Regexp, error) {
	if re, err := regexp.Compile(p); err == nil {
		return re, nil
	}
	if rest, ok := strings.CutPrefix(p, "^(?!"); ok {
		depth := 1
		for i, r := range rest {
			switch r {
			case '(':
				depth++
			case ')':
				depth--
			}
			if depth == 0 {
				not, err1 := regexp.Compile("^(?:" + rest[:i] + ")")
				yes, err2 := regexp.Compile("^" + rest[i+1:])
				if err := errors.Join(err1, err2); err != nil {
					return nil, err
				}
				return lookahead{p, not, yes}, nil
			}
		}
	}
	return nil, fmt.Errorf("unsupported pattern %q", p)
}

func manifestSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join(sharedSlack(t), "manifest.schema.1.0.0.json")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.UseRegexpEngine(ecmaRegexp)
	if err := c.AddResource("manifest.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("manifest.schema.json")
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	return s
}

// yamlToJSON decodes YAML into the values JSON Schema validation expects.
func yamlToJSON(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		t.Fatalf("manifest.yml: %v", err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("manifest.yml as JSON: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestManifestMatchesSlacksSchema(t *testing.T) {
	schema := manifestSchema(t)
	dir := sharedSlack(t)

	t.Run("the known-valid example passes, so the validator accepts good input", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(dir, "manifest.example.valid.json"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("example manifest refused: %v", err)
		}
	})

	b, err := os.ReadFile(filepath.Join(repoRoot(t), "manifest.yml"))
	if err != nil {
		t.Fatal(err)
	}
	bh, err := os.ReadFile(filepath.Join(repoRoot(t), "manifest.http.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		name string
		b    []byte
		http bool
	}{{"manifest.yml", b, false}, {"manifest.http.yml", bh, true}} {
		t.Run(m.name+" passes", func(t *testing.T) {
			if err := schema.Validate(yamlToJSON(t, m.b)); err != nil {
				t.Errorf("%s does not match Slack's schema: %v", m.name, err)
			}
		})
		t.Run(m.name+" has what the bot relies on", func(t *testing.T) { checkManifest(t, m.b, m.http) })
	}

	t.Run("a broken manifest fails, so the validator rejects bad input", func(t *testing.T) {
		for _, broken := range []string{
			strings.Replace(string(b), "command: /roles", "command: roles", 1),
			strings.Replace(string(b), "display_information:", "display_info:", 1),
			strings.Replace(string(b), "socket_mode_enabled: true", "socket_mode_enabled: \"yes\"", 1),
			strings.Replace(string(bh), "request_url: https://rolecall.example.com/slack/events", "request_url: 42", 1),
			strings.Replace(string(b), "type: global", "type: channel", 1),
			strings.Replace(string(b), "name: Ask Rolecall", "name: Ask Rolecall who owns what this says", 1),
		} {
			var ve *jsonschema.ValidationError
			if err := schema.Validate(yamlToJSON(t, []byte(broken))); !errors.As(err, &ve) {
				t.Errorf("broken manifest accepted (err %v)", err)
			}
		}
	})
}

// checkManifest checks that a manifest has what the bot relies on, over
// Socket Mode or over HTTP request URLs.
func checkManifest(t *testing.T, b []byte, overHTTP bool) {
	t.Helper()
	var m struct {
		Features struct {
			AppHome struct {
				Home     bool `yaml:"home_tab_enabled"`
				Messages bool `yaml:"messages_tab_enabled"`
			} `yaml:"app_home"`
			BotUser struct {
				Name string `yaml:"display_name"`
			} `yaml:"bot_user"`
			Slash []struct {
				Command string `yaml:"command"`
				URL     string `yaml:"url"`
				Escape  bool   `yaml:"should_escape"`
			} `yaml:"slash_commands"`
			Shortcuts []struct {
				Name     string `yaml:"name"`
				Type     string `yaml:"type"`
				Callback string `yaml:"callback_id"`
			} `yaml:"shortcuts"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				URL string   `yaml:"request_url"`
				Bot []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				On  bool   `yaml:"is_enabled"`
				URL string `yaml:"request_url"`
			} `yaml:"interactivity"`
			Socket bool `yaml:"socket_mode_enabled"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	f, s := m.Features, m.Settings
	if !s.Interactivity.On || !f.AppHome.Home || !f.AppHome.Messages || f.BotUser.Name != "Rolecall" {
		t.Errorf("interactivity, home and messages tabs and the bot user must be on: %+v %+v", f, s)
	}
	if len(f.Slash) != 1 || f.Slash[0].Command != "/roles" {
		t.Fatalf("slash commands = %+v, want /roles", f.Slash)
	}
	// Over HTTP every request URL is the bot's path under one public base.
	const base = "https://rolecall.example.com"
	if overHTTP {
		if s.Socket || s.Events.URL != base+"/slack/events" || s.Interactivity.URL != base+"/slack/interactivity" || f.Slash[0].URL != base+"/slack/commands" {
			t.Errorf("socket mode must be off and the request URLs %s/slack/{events,interactivity,commands}: events %q, interactivity %q, /roles %q",
				base, s.Events.URL, s.Interactivity.URL, f.Slash[0].URL)
		}
	} else if !s.Socket || s.Events.URL != "" || s.Interactivity.URL != "" || f.Slash[0].URL != "" {
		t.Errorf("socket mode must be on, with no request URL: %+v %+v", f.Slash, s)
	}
	if !f.Slash[0].Escape {
		t.Errorf("/roles needs should_escape: true, or /roles set po @alice arrives without alice's id")
	}
	var shortcuts []string
	for _, sc := range f.Shortcuts {
		shortcuts = append(shortcuts, sc.Type+" "+sc.Callback)
	}
	slices.Sort(shortcuts)
	// The callback ids are the ones the router answers.
	if want := []string{"global " + slackapp.ShortcutAskGlobal, "message " + slackapp.ShortcutAskMessage}; !slices.Equal(shortcuts, want) {
		t.Errorf("shortcuts = %v, want %v", shortcuts, want)
	}
	events := slices.Sorted(slices.Values(s.Events.Bot))
	if want := []string{"app_home_opened", "app_mention", "message.im"}; !slices.Equal(events, want) {
		t.Errorf("bot events = %v, want %v (message.channels would deliver mentions twice)", events, want)
	}
	scopes := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot))
	// users:read: who is an admin or left (users.info); usergroups:read:
	// curator groups and deleted groups (usergroups.*).
	if want := []string{"app_mentions:read", "chat:write", "commands", "im:history", "im:write", "usergroups:read", "users:read"}; !slices.Equal(scopes, want) {
		t.Errorf("bot scopes = %v, want exactly %v", scopes, want)
	}
}

// TestBothManifestsDifferOnlyInTheTransport keeps manifest.yml and
// manifest.http.yml in step: the same app, commands, events, scopes and
// features, apart from socket_mode_enabled and the request URLs.
func TestBothManifestsDifferOnlyInTheTransport(t *testing.T) {
	load := func(name string) map[string]any {
		b, err := os.ReadFile(filepath.Join(repoRoot(t), name))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := yaml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Take the transport out.
		settings, _ := m["settings"].(map[string]any)
		delete(settings, "socket_mode_enabled")
		for _, k := range []string{"event_subscriptions", "interactivity"} {
			if sub, ok := settings[k].(map[string]any); ok {
				delete(sub, "request_url")
			}
		}
		features, _ := m["features"].(map[string]any)
		cmds, _ := features["slash_commands"].([]any)
		for _, c := range cmds {
			if c, ok := c.(map[string]any); ok {
				delete(c, "url")
			}
		}
		return m
	}
	socket, overHTTP := load("manifest.yml"), load("manifest.http.yml")
	if diff := cmp.Diff(socket, overHTTP); diff != "" {
		t.Errorf("the manifests differ beyond the transport (-manifest.yml +manifest.http.yml):\n%s", diff)
	}
}
