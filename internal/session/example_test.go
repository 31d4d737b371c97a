package session_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rolecall/rolecall/internal/session"
)

// A dialog step: load, change, write back with a compare-and-set on the
// revision. A concurrent step that got in first makes Update return
// ErrStale; reload and explain rather than overwrite.
func ExampleStore_Update() {
	ctx := context.Background()
	s, err := session.Open(ctx, session.Config{}, nil) // embedded: no Redis configured
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	k := session.Key{Team: "T123", User: "U456", Channel: "D789"}
	if err := s.Create(ctx, &session.Assessment{Key: k, QuestionnaireID: "hiring", Step: "stage"}); err != nil {
		fmt.Println(err)
		return
	}

	a, _ := s.Get(ctx, k)
	b, _ := s.Get(ctx, k) // a second click on the same question

	a.Answers = append(a.Answers, session.Answer{Question: "stage", Choice: "startup", At: time.Now()})
	a.Step = "products"
	fmt.Println("first:", s.Update(ctx, a), a.Revision)

	b.Answers = append(b.Answers, session.Answer{Question: "stage", Choice: "scale-up", At: time.Now()})
	err = s.Update(ctx, b)
	fmt.Println("second is stale:", errors.Is(err, session.ErrStale))

	active, _ := s.Active(ctx, "T123", "U456")
	fmt.Println("active:", active.Channel)
	// Output:
	// first: <nil> 2
	// second is stale: true
	// active: D789
}

// Exactly-once handling of a Slack event: claim its id, release the claim
// if processing fails so that Slack's retry is processed.
func ExampleStore_Claim() {
	ctx := context.Background()
	s, err := session.Open(ctx, session.Config{}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	for _, delivery := range []string{"first", "retry"} {
		ok, err := s.Claim(ctx, "T123", "Ev0001")
		if err != nil {
			fmt.Println(err) // ErrUnavailable: let Slack retry
			continue
		}
		fmt.Println(delivery, "processed:", ok)
	}
	// Output:
	// first processed: true
	// retry processed: false
}
