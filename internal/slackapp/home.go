package slackapp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/session"
)

// maxHomeBlocks is Slack's limit for a Home tab view.
const maxHomeBlocks = 100

// publishHome publishes the person's App Home tab: what Rolecall does, the
// assessment with its Start button and their last result, and the
// comparison. A store outage costs only the last result.
func (rt *Router) publishHome(ctx context.Context, req *Request, out Responder) error {
	if req.Tab != "" && req.Tab != "home" {
		return nil
	}
	hc := rt.homeContent()
	hc.roles, hc.hasRoles = rt.homeRoles(ctx, req.Team)
	if rt.dlg != nil {
		step, err := rt.dlg.LastResult(ctx, req.Team, req.User)
		switch {
		case err == nil:
			hc.last = step.Reply.Result
		case errors.Is(err, session.ErrNotFound):
		default:
			hc.lastDown = true
			rt.m.StoreErrors.WithLabelValues("last_result").Inc()
			rt.lg.WarnContext(ctx, "last assessment not shown on the home tab", "user", req.User, "err", err)
		}
	}
	rt.sendHome(ctx, out, req.User, hc)
	return nil
}

// refreshHome republishes the person's Home tab with the result they have
// just been shown, so the tab is current before their next visit (and costs
// no read of the store).
func (rt *Router) refreshHome(ctx context.Context, out Responder, user string, res *assessment.Result) {
	hc := rt.homeContent()
	hc.last = res
	rt.sendHome(ctx, out, user, hc)
}

func (rt *Router) homeContent() homeContent {
	return homeContent{examples: Examples(), comparison: rt.engine.Base().Comparison(), assess: rt.dlg != nil}
}

func (rt *Router) sendHome(ctx context.Context, out Responder, user string, hc homeContent) {
	if err := out.PublishHome(ctx, user, hc); err != nil {
		// Nobody to apologise to: the tab is published again on the next visit.
		rt.lg.WarnContext(ctx, "home tab not published", "user", user, "err", err)
	}
}

// homeContent is the App Home tab.
type homeContent struct {
	examples   []string
	comparison []knowledge.ComparisonRow
	// assess shows the assessment section; last is the person's last
	// result, lastDown that it could not be read.
	assess   bool
	last     *assessment.Result
	lastDown bool
	// roles is the team's role directory (directory.go), when hasRoles.
	roles    homeRolesSection
	hasRoles bool
}

const (
	homeAssessIntro = "Do we need a product owner, a product manager, or both? About a dozen quick questions; at the end, a recommendation with its reasons and sources, what the role does and how it is measured. It runs in our direct messages or in a form, and you can stop and pick it up later, in either."
	homeNoResult    = "You haven't taken the assessment yet. It takes about two minutes."
	homeLastDown    = "I can't show your last result right now (my storage isn't answering); try again in a minute."
)

func (c homeContent) Blocks() []slack.Block {
	bs := []slack.Block{
		header("home-title", "Rolecall: who owns what?"),
		section("home-intro", Escape(helpIntro)+"\nMention @Rolecall in a channel (I answer in a thread), send me a direct message, or use `/roles`."),
	}
	if len(c.examples) > 0 {
		ex := make([]string, len(c.examples))
		for i, e := range c.examples {
			ex[i] = "• " + Escape(e)
		}
		bs = append(bs, section("home-examples", "*Try asking:*\n"+strings.Join(ex, "\n")))
	}
	if c.assess {
		bs = append(bs,
			divider("home-d1"),
			header("home-assess", "Hiring assessment"),
			section("home-assess-intro", Escape(homeAssessIntro)),
			slack.NewActionBlock("home-start", button(actionAssessStart, "home", "Start assessment").WithStyle(slack.StylePrimary),
				button(actionAssessForm, "home", "Answer in a form")),
			header("home-last", "Your last assessment"),
		)
		switch {
		case c.last != nil:
			r := c.last
			s := fmt.Sprintf("*%s* (%s)\n%s", Escape(r.Title), r.Strength, Escape(r.Summary))
			for i, rs := range r.Reasons {
				if i == 3 {
					break
				}
				s += "\n• " + Escape(rs.Text)
			}
			bs = append(bs, section("home-last-result", s),
				context1("home-last-note", fmt.Sprintf("From your %d answers. Start again with the button above.", len(r.Answers))))
		case c.lastDown:
			bs = append(bs, section("home-last-result", Escape(homeLastDown)))
		default:
			bs = append(bs, section("home-last-result", Escape(homeNoResult)))
		}
	}
	if c.hasRoles {
		bs = append(bs, c.roles.blocks()...)
	}
	if len(c.comparison) > 0 {
		bs = append(bs, divider("home-d2"))
		bs = append(bs, comparisonContent(c.comparison).Blocks()...)
	}
	if len(bs) > maxHomeBlocks {
		bs = bs[:maxHomeBlocks]
	}
	return bs
}

func divider(id string) slack.Block {
	d := slack.NewDividerBlock()
	d.BlockID = id
	return d
}

func (c homeContent) Fallback() string { return "Rolecall: who owns what?" }

func (c homeContent) Text() string {
	var b strings.Builder
	b.WriteString("Rolecall: who owns what?\n" + helpIntro + "\n")
	if c.assess {
		b.WriteString("\nHiring assessment: " + homeAssessIntro + "\n")
		switch {
		case c.last != nil:
			fmt.Fprintf(&b, "Your last result: %s (%s)\n", c.last.Title, c.last.Strength)
		case c.lastDown:
			b.WriteString(homeLastDown + "\n")
		default:
			b.WriteString(homeNoResult + "\n")
		}
	}
	if c.hasRoles {
		b.WriteString("\n" + c.roles.text() + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
