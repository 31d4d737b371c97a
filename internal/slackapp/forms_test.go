package slackapp_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// modalRecorder is a recorder that opens and updates modals, as Slack's
// responder does.
type modalRecorder struct {
	formRecorder
	changed []slackapp.Modal
}

func (r *modalRecorder) UpdateModal(ctx context.Context, viewID, hash string, m slackapp.Modal) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.changed = append(r.changed, m)
	return nil
}

// tokens matches the tokens of the form's views in their metadata: random,
// so golden files show TOKEN.
var tokens = regexp.MustCompile(`:[0-9a-z]{1,16}(,|$)`)

// modalJSON renders a view as views.open sends it, tokens masked, and
// checks it against Slack's limits for a modal.
func modalJSON(t *testing.T, m slackapp.Modal) string {
	t.Helper()
	for _, s := range []string{m.Title, m.Submit, m.Close} {
		if utf8.RuneCountInString(s) > 24 {
			t.Errorf("view text %q is longer than 24 characters", s)
		}
	}
	if m.Title == "" || utf8.RuneCountInString(m.Metadata) > 3000 || len(m.Blocks) > 100 {
		t.Errorf("view %q: title, metadata of %d characters or %d blocks out of Slack's limits", m.Title, len(m.Metadata), len(m.Blocks))
	}
	raw, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	if err := slacktest.ValidateBlocks(raw, slacktest.SurfaceModal); err != nil {
		t.Errorf("view %q: %v", m.Title, err)
	}
	v := struct {
		Title         string        `json:"title"`
		Submit        string        `json:"submit,omitempty"`
		Close         string        `json:"close"`
		CallbackID    string        `json:"callback_id"`
		Metadata      string        `json:"private_metadata,omitempty"`
		NotifyOnClose bool          `json:"notify_on_close,omitempty"`
		ClearOnClose  bool          `json:"clear_on_close,omitempty"`
		Blocks        []slack.Block `json:"blocks"`
	}{m.Title, m.Submit, m.Close, m.CallbackID, tokens.ReplaceAllString(m.Metadata, ":TOKEN$1"), m.NotifyOnClose, m.ClearOnClose, m.Blocks}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return unescapeJSON(b.String())
}

// submitted is the submission of view m by user with values.
func submitted(user string, m slackapp.Modal, values map[string]string) *slackapp.Request {
	return &slackapp.Request{Kind: slackapp.KindView, Team: "T1", User: user, TriggerID: "trig-submit",
		View: slackapp.ViewRef{ID: "V1", Hash: "1.a", RootID: "V1", CallbackID: m.CallbackID, Metadata: m.Metadata}, Values: values}
}

func TestFormGoldenViews(t *testing.T) {
	g := newAssessRig(t)
	out := &modalRecorder{}
	ctx := context.Background()
	if err := g.rt.Handle(ctx, &slackapp.Request{Kind: slackapp.KindAction, Team: "T1", User: "U1", ActionID: "rolecall.assess.form",
		Value: "home", TriggerID: "trig-home"}, out); err != nil {
		t.Fatal(err)
	}
	if len(out.modals) != 1 || out.modals[0].trigger != "trig-home" {
		t.Fatalf("modals opened: %+v", out.modals)
	}
	first := out.modals[0].m
	golden(t, "form-question.golden.json", modalJSON(t, first))

	// Answer to the end: every view in Slack's limits, the last one the
	// recommendation.
	cur := first
	for range 40 {
		steps := strings.Split(strings.Split(cur.Metadata, "|")[4], ",")
		qid, _, _ := strings.Cut(steps[len(steps)-1], ":")
		pick := startupAnswers[qid]
		if pick == "" {
			raw, _ := json.Marshal(cur.Blocks)
			_, choices := formQuestion(t, slacktest.View{PrivateMetadata: cur.Metadata, Blocks: raw})
			pick = choices[0]
		}
		r := g.rt.Submit(ctx, submitted("U1", cur, map[string]string{"choice/pick": pick}), out)
		if r.Action != slackapp.ViewPush && r.Action != slackapp.ViewUpdate {
			t.Fatalf("answering %s: action %v, errors %v", qid, r.Action, r.Errors)
		}
		modalJSON(t, r.Modal)
		cur = r.Modal
		if cur.Title == "Your recommendation" {
			break
		}
	}
	golden(t, "form-done.golden.json", modalJSON(t, cur))
}

func TestAskFormGoldenViews(t *testing.T) {
	rt := newRouter(t, newMemStore(), nil)
	out := &modalRecorder{}
	ctx := context.Background()
	if err := rt.Handle(ctx, &slackapp.Request{Kind: slackapp.KindShortcut, Team: "T1", User: "U1", ActionID: slackapp.ShortcutAskGlobal, TriggerID: "trig"}, out); err != nil {
		t.Fatal(err)
	}
	if len(out.modals) != 1 {
		t.Fatalf("modals opened: %+v", out.modals)
	}
	form := out.modals[0].m
	golden(t, "ask-form.golden.json", modalJSON(t, form))
	r := rt.Submit(ctx, submitted("U1", form, map[string]string{"question/text": "Who owns the backlog? <!channel>"}), out)
	if r.Action != slackapp.ViewUpdate {
		t.Fatalf("action %v", r.Action)
	}
	golden(t, "ask-answer.golden.json", modalJSON(t, r.Modal))

	rep := &recorder{}
	if err := rt.Handle(ctx, &slackapp.Request{Kind: slackapp.KindShortcut, Team: "T1", User: "U1", ActionID: slackapp.ShortcutAskMessage,
		Channel: "C1", TS: "1700000000.000200", ThreadTS: "1700000000.000100", Text: "who owns the backlog? <!here>"}, rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.replies) != 1 || !rep.replies[0].Ephemeral || rep.replies[0].Thread != "1700000000.000100" {
		t.Fatalf("replies %+v, want one ephemeral in the thread", rep.replies)
	}
	checkLimits(t, rep.replies[0].Content)
	goldenBlocks(t, "shortcut-answer", rep.replies[0].Content)
}
