package loadtest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/assessment/dialog"
	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// SeedUser is the user id of the n-th seeded assessment.
func SeedUser(n int) string { return fmt.Sprintf("U0SEED%06d", n) }

// SeedTS is the ts of the message that asked the n-th seeded assessment's
// first question. SeedSessions records it as the bot records a question it
// posts, and AssessClicks clicks it: the bot only acts on a click from a
// message its assessment recorded.
func SeedTS(n int) string { return fmt.Sprintf("1690000000.%06d", n) }

// Seeded describes the assessments SeedSessions started: all wait on the
// same first question.
type Seeded struct {
	Team string
	N    int
	// Question is the id of the question every seeded assessment waits on;
	// Choices are its choice ids, in button order.
	Question string
	Choices  []string
	// DM maps a user to their DM channel, where their assessment runs.
	DM func(user string) string
}

// SeedSessions starts n live assessments in Redis, through the same dialog
// service the bot uses, one per user SeedUser(i) in that user's DM channel
// (dm(user)), with a few workers in parallel. The bots then serve a
// workspace whose state is in Redis, not in their memory.
func SeedSessions(ctx context.Context, redisURL, prefix, team string, n int, dm func(user string) string) (*Seeded, error) {
	sd := &Seeded{Team: team, N: n, DM: dm}
	if n <= 0 {
		return sd, nil
	}
	store, err := session.Open(ctx, session.Config{URL: redisURL, Prefix: prefix}, nil)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	q, err := assessment.Builtin()
	if err != nil {
		return nil, err
	}
	svc, err := dialog.New(dialog.Config{Store: store, Questionnaire: q, CacheSize: -1})
	if err != nil {
		return nil, err
	}
	var first sync.Once
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				user := SeedUser(i)
				key := session.Key{Team: team, User: user, Channel: dm(user)}
				// The question's ts under its id, and "_asked": the
				// bot's record of the message it posted (slackapp).
				step, err := svc.Start(ctx, key, true, dialog.WithMutate(func(a *session.Assessment) {
					a.Messages = map[string]string{a.Step: SeedTS(i), "_asked": a.Step}
				}))
				if err != nil {
					select {
					case errs <- fmt.Errorf("loadtest: seed assessment %d: %w", i, err):
					default:
					}
					return
				}
				first.Do(func() {
					if q := step.Reply.Question; q != nil {
						sd.Question = q.ID
						for _, c := range q.Choices {
							sd.Choices = append(sd.Choices, c.ID)
						}
					}
				})
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	if sd.Question == "" || len(sd.Choices) == 0 {
		return nil, fmt.Errorf("loadtest: the questionnaire's first question offers no choices to click")
	}
	return sd, ctx.Err()
}

// AssessClicks returns an AssessFunc that answers the first question of the
// n-th seeded assessment with a button click, as Slack sends it: on the
// question's message (SeedTS), action id rolecall.assess.choose.I, the
// button value "a1|user|channel|thread|question|choice" the bot put on it.
// The bot updates the clicked message and posts the next question in the
// DM, whose channel is the reply's key.
// Each seeded assessment is clicked once; past the last, it returns "" and
// the Driver sends a mention instead.
func (sd *Seeded) AssessClicks() AssessFunc {
	return func(f *slacktest.Server, n int) string {
		if n >= sd.N {
			return ""
		}
		user := SeedUser(n)
		dm := sd.DM(user)
		i := n % len(sd.Choices)
		value := strings.Join([]string{"a1", user, dm, "", sd.Question, sd.Choices[i]}, "|")
		f.SendBlockAction(sd.Team, dm, user, SeedTS(n), "", "rolecall.assess.choose."+strconv.Itoa(i), "assess", value)
		return dm
	}
}
