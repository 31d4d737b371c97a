package assessment_test

import (
	"testing"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/knowledge"
)

// TestBuiltinKnowledgeReferences checks the questionnaire against the real
// knowledge base: every entry it names exists and belongs to the role (or is
// shared or disputed), so a result never describes a role with the other
// role's duties.
func TestBuiltinKnowledgeReferences(t *testing.T) {
	kb, err := knowledge.Builtin()
	if err != nil {
		t.Fatalf("knowledge.Builtin: %v", err)
	}
	q, err := assessment.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	bound, err := q.WithKnowledge(kb.Entry)
	if err != nil {
		t.Fatalf("WithKnowledge:\n%v", err)
	}
	for _, r := range q.Roles {
		for _, id := range append(append([]string(nil), r.Responsibilities...), r.KPIs...) {
			e, _ := kb.Entry(id)
			if e.Owner != knowledge.Owner(r.ID) && e.Owner != knowledge.Shared && e.Owner != knowledge.Disputed {
				t.Errorf("role %s lists entry %s, owned by %s", r.ID, id, e.Owner)
			}
		}
	}
	res := bound.Evaluate(nil)
	for _, role := range res.Roles {
		for _, p := range append(role.Responsibilities, role.KPIs...) {
			if p.Text == "" || p.Topic == "" || len(p.Sources) == 0 {
				t.Errorf("role %s: point %s has no text, topic or sources", role.ID, p.ID)
			}
		}
	}
}

// TestRuleCitationsMatchTheKnowledgeBase: every rule cites an article and a
// section that the knowledge base also cites, in the same words.
func TestRuleCitationsMatchTheKnowledgeBase(t *testing.T) {
	kb, err := knowledge.Builtin()
	if err != nil {
		t.Fatalf("knowledge.Builtin: %v", err)
	}
	cited := map[knowledge.Source]bool{}
	for _, e := range kb.Entries() {
		for _, s := range e.Sources {
			cited[s] = true
		}
	}
	q, err := assessment.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range q.Rules {
		if !cited[r.Source] {
			t.Errorf("rule %s cites %+v, which no knowledge entry cites", r.ID, r.Source)
		}
	}
	if !cited[q.Evaluate(nil).Reasons[0].Source] {
		t.Errorf("the on-balance reason cites a source the knowledge base does not")
	}
}
