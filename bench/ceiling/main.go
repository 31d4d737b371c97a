// Command ceiling is the bare slack-go bot that `go run ./cmd/loadtest
// -target ceiling` measures Rolecall against: Socket Mode through slack-go's
// socketmode client, an ack per envelope, one goroutine per event, and a
// chat.postMessage with a fixed text in the mention's thread. Nothing else:
// no de-duplication, no answer, no Block Kit, no metrics, no logs. What it
// manages on a machine is as much as a slack-go bot can do there.
//
//	SLACK_API_URL=http://127.0.0.1:PORT/api/ SLACK_BOT_TOKEN=xoxb-… \
//	SLACK_APP_TOKEN=xapp-… go run ./bench/ceiling
//
// Its Web API client keeps as many idle connections as it has replies in
// flight (http.Transport's MaxIdleConnsPerHost, 2 by default, would open
// and close a connection for most replies): a ceiling that churned
// connections would be a low one. CEILING_DEFAULT_HTTP_CLIENT=1 gives it
// slack-go's default client instead, as most bots are written, to measure
// what that costs.
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// text is every reply's text.
const text = "The product owner owns and orders the backlog."

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	bot, app := os.Getenv("SLACK_BOT_TOKEN"), os.Getenv("SLACK_APP_TOKEN")
	if bot == "" || app == "" {
		return errors.New("set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (and SLACK_API_URL for a fake Slack)")
	}
	opts := []slack.Option{slack.OptionAppLevelToken(app)}
	if os.Getenv("CEILING_DEFAULT_HTTP_CLIENT") != "1" {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 256, 256
		opts = append(opts, slack.OptionHTTPClient(&http.Client{Transport: tr, Timeout: 15 * time.Second}))
	}
	if u := os.Getenv("SLACK_API_URL"); u != "" {
		opts = append(opts, slack.OptionAPIURL(u))
	}
	api := slack.New(bot, opts...)
	smc := socketmode.New(api)
	go func() {
		for evt := range smc.Events {
			if evt.Type != socketmode.EventTypeEventsAPI || evt.Request == nil {
				continue
			}
			smc.Ack(*evt.Request)
			e, ok := evt.Data.(slackevents.EventsAPIEvent)
			if !ok {
				continue
			}
			m, ok := e.InnerEvent.Data.(*slackevents.AppMentionEvent)
			if !ok {
				continue
			}
			go func() {
				thread := m.ThreadTimeStamp
				if thread == "" {
					thread = m.TimeStamp
				}
				if _, _, err := api.PostMessageContext(ctx, m.Channel, slack.MsgOptionText(text, false), slack.MsgOptionTS(thread)); err != nil && ctx.Err() == nil {
					fmt.Fprintln(os.Stderr, "ceiling: chat.postMessage:", err)
				}
			}()
		}
	}()
	if err := smc.RunContext(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
