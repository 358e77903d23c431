package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"log/slog"
	"strings"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline/digest"
	"github.com/yardstick-etl/yardstick/pipeline/notify"
	"github.com/yardstick-etl/yardstick/pipeline/terminal"
	"github.com/yardstick-etl/yardstick/transforms/geography"
)

// notifyRun e-mails the run's message when the config's notify: asks for
// it (notify.When): the home LA's digest after a run that published, and
// what failed or was rejected. A cancelled run sends nothing; a message
// that cannot be sent is logged and never fails the run.
func notifyRun(ctx context.Context, cfg *Config, sum *Summary, runErr error, log *slog.Logger) {
	if cfg.Notify == nil || ctx.Err() != nil {
		return
	}
	m, send := runMessage(cfg, sum, runErr)
	if !send {
		return
	}
	if err := notify.Send(ctx, cfg.Notify, m, time.Now()); err != nil {
		log.Error("e-mail not sent; the run is not affected", "err", err)
		return
	}
	log.Info("e-mail sent", "to", strings.Join(cfg.Notify.To, ", "), "subject", m.Subject)
}

// runMessage is the run's message, and whether notify.when sends it.
func runMessage(cfg *Config, sum *Summary, runErr error) (notify.Message, bool) {
	var lead []string // what comes before the digest: failures, rejected inputs
	if runErr != nil {
		if sum != nil && sum.Status == "published" {
			lead = append(lead, fmt.Sprintf("The warehouse was published, but: %v", runErr))
		} else {
			lead = append(lead, fmt.Sprintf("The run failed; the published warehouse is unchanged: %v", runErr))
		}
	}
	rejected := 0
	if sum != nil {
		for _, in := range sum.Inputs {
			switch in.Status {
			case "rejected":
				rejected++
				lead = append(lead, fmt.Sprintf("Rejected %s: %s", in.Path, in.Reason))
			case "kept_previous":
				rejected++
				lead = append(lead, fmt.Sprintf("Rejected %s, its last good version used: %s", in.Path, in.Reason))
			}
		}
	}
	var d *digest.Digest // read by writeDigests after a run that published
	if sum != nil && sum.Status == "published" {
		d = sum.digest
	}
	// An input rejected again by a run that changed nothing was said by
	// the run that first rejected it (a rejection changes the fingerprint,
	// so that run published): it is not said again each night.
	newlyRejected := rejected > 0 && sum != nil && sum.Status == "published"
	var send bool
	switch cfg.Notify.When {
	case notify.WhenAlways:
		send = true
	case notify.WhenFailures:
		send = runErr != nil || newlyRejected
	default:
		send = runErr != nil || newlyRejected || (d != nil && d.Changed())
	}
	var subject string
	switch {
	case runErr != nil && (sum == nil || sum.Status != "published"):
		subject = "yardstick run failed: " + firstLine(runErr.Error())
	case runErr != nil:
		subject = "yardstick: published, but " + firstLine(runErr.Error())
	case d != nil:
		subject = "yardstick: " + d.Summary()
		if rejected > 0 {
			subject += "; " + terminal.Count(rejected, "input rejected", "inputs rejected")
		}
	case sum != nil && sum.Status == "unchanged":
		subject = "yardstick: nothing changed; the warehouse is kept as it is"
	default:
		subject = "yardstick run " + statusOf(sum)
	}
	var text, htm bytes.Buffer
	for _, l := range lead {
		terminal.Paragraph(&text, l, 100)
	}
	if d != nil {
		if len(lead) > 0 {
			text.WriteString("\n")
		}
		d.Write(&text, "text", 100) // in memory: cannot fail
		d.Write(&htm, "html", 0)
		if len(lead) > 0 {
			var p strings.Builder
			for _, l := range lead {
				fmt.Fprintf(&p, "<p class=\"note\"><strong>%s</strong></p>\n", html.EscapeString(l))
			}
			s := strings.Replace(htm.String(), "<body>\n", "<body>\n"+p.String(), 1)
			htm.Reset()
			htm.WriteString(s)
		}
	} else if len(lead) == 0 {
		text.WriteString(subject + "\n")
	}
	return notify.Message{Subject: cut(subject, 200), Text: text.String(), HTML: htm.String()}, send
}

// notifyLA is the LA whose digest the e-mail carries: home_la, else the
// first extract's.
func notifyLA(cfg *Config) string {
	geo := geography.NewResolver(geography.Builtin())
	for _, la := range append([]string{cfg.HomeLA}, extractLAs(cfg)...) {
		if la == "" {
			continue
		}
		if code, _, ok := geo.Resolve(la, la, la); ok {
			return code
		}
	}
	return ""
}

func extractLAs(cfg *Config) []string {
	var out []string
	for _, e := range cfg.Extracts {
		out = append(out, e.LA)
	}
	return out
}

func statusOf(sum *Summary) string {
	if sum == nil || sum.Status == "" {
		return "ended"
	}
	return sum.Status
}

// cut is s in at most n characters, ending "…" when cut.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
