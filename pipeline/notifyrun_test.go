package pipeline

import (
	"bytes"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yardstick-etl/yardstick/pipeline/notify/smtptest"
)

// notifyConfig writes the notify: section into the release case's config.
func notifyConfig(t *testing.T, work string, port int, when string) {
	t.Helper()
	p := filepath.Join(work, "yardstick.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, fmt.Sprintf(`notify:
  smtp: {host: localhost, port: %d, starttls: false, username: yardstick, password_env: YARDSTICK_TEST_SMTP_PASSWORD}
  from: yardstick@trafford.gov.uk
  to: [performance@trafford.gov.uk, "Head of Service <hos@trafford.gov.uk>"]
  when: %s
`, port, when)...)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNotify: a run that changed something sends the home LA's digest as
// HTML with a text part to a local SMTP server; when: failures sends it
// nothing; a failed run sends what failed; a server that is not there is
// logged and never fails the run.
func TestNotify(t *testing.T) {
	t.Setenv("YARDSTICK_TEST_SMTP_PASSWORD", "not-a-real-password")
	// two runs of testdata/changes/release, with notify: set before the
	// second (the first, with no previous warehouse, sends nothing new)
	twoRuns := func(t *testing.T, port int, when string) (*Config, *bytes.Buffer, error) {
		work := releaseWork(t, "run1")
		mustRun(t, loadWork(t, work), Options{})
		os.RemoveAll(filepath.Join(work, "inputs"))
		copyTree(t, filepath.Join(work, "run2"), filepath.Join(work, "inputs"))
		notifyConfig(t, work, port, when)
		cfg := loadWork(t, work)
		var log bytes.Buffer
		_, err := Run(t.Context(), cfg, Options{Log: slog.New(slog.NewTextHandler(&log, nil))})
		return cfg, &log, err
	}

	t.Run("changes", func(t *testing.T) {
		srv := smtptest.Start(t, "yardstick", "not-a-real-password", false)
		_, _, err := twoRuns(t, srv.Port(), "changes")
		if err != nil {
			t.Fatal(err)
		}
		got := srv.Messages()
		if len(got) != 1 {
			t.Fatalf("the server received %d messages, want 1", len(got))
		}
		r := got[0]
		if r.User != "yardstick" || r.From != "FROM:<yardstick@trafford.gov.uk>" || len(r.To) != 2 || r.To[1] != "TO:<hos@trafford.gov.uk>" {
			t.Errorf("envelope: user %q from %q to %q", r.User, r.From, r.To)
		}
		h, text, htm := r.Parts(t)
		dec := new(mime.WordDecoder)
		subject, _ := dec.DecodeHeader(h.Get("Subject"))
		if subject != "yardstick: 1 new period, 1 revision, 1 rank move, 1 quartile move for Trafford" {
			t.Errorf("subject %q", subject)
		}
		if !strings.Contains(text, "Children waiting over the threshold (%)  2025       30.0%    22.0%  worse        3/4  C  42.0%, 4, D") {
			t.Errorf("the text part lacks the new release:\n%s", text)
		}
		if !strings.Contains(htm, "<td>Placements stable over the year (%)</td><td>2024</td>") {
			t.Errorf("the HTML part lacks the rank move:\n%s", htm)
		}
		if strings.Contains(r.Data, "not-a-real-password") {
			t.Error("the password is in the message")
		}
	})

	t.Run("failures only", func(t *testing.T) {
		srv := smtptest.Start(t, "yardstick", "not-a-real-password", false)
		if _, _, err := twoRuns(t, srv.Port(), "failures"); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("when: failures sent %d messages for a run that neither failed nor rejected an input", n)
		}
	})

	t.Run("a rejected input", func(t *testing.T) {
		srv := smtptest.Start(t, "yardstick", "not-a-real-password", false)
		work := releaseWork(t, "run1")
		os.WriteFile(filepath.Join(work, "inputs", "measure_c.csv"), []byte("time_period,geographic_level\n"), 0o644)
		notifyConfig(t, work, srv.Port(), "failures")
		mustRun(t, loadWork(t, work), Options{})
		got := srv.Messages()
		if len(got) != 1 {
			t.Fatalf("the server received %d messages, want 1 (a rejected input)", len(got))
		}
		h, text, _ := got[0].Parts(t)
		if s := h.Get("Subject"); !strings.Contains(s, "1 input rejected") {
			t.Errorf("subject %q", s)
		}
		if !strings.Contains(text, "Rejected inputs/measure_c.csv: ") {
			t.Errorf("the text does not name the rejected input:\n%s", text)
		}
		// the next night, nothing changed: the same rejection is not said again
		if sum := mustRun(t, loadWork(t, work), Options{}); sum.Status != "unchanged" {
			t.Fatalf("second run %s, want unchanged", sum.Status)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("a run that changed nothing sent the same rejection again (%d messages)", n)
		}
	})

	t.Run("a failed run", func(t *testing.T) {
		srv := smtptest.Start(t, "yardstick", "not-a-real-password", false)
		work := releaseWork(t, "")
		os.WriteFile(filepath.Join(work, "inputs", "measure_a.csv"), []byte("time_period,geographic_level\n"), 0o644)
		notifyConfig(t, work, srv.Port(), "failures")
		if _, err := Run(t.Context(), loadWork(t, work), Options{}); err == nil {
			t.Fatal("a run of nothing but a bad file published")
		}
		got := srv.Messages()
		if len(got) != 1 {
			t.Fatalf("the server received %d messages, want 1 (the failure)", len(got))
		}
		h, text, htm := got[0].Parts(t)
		if s := h.Get("Subject"); !strings.HasPrefix(s, "yardstick run failed: every input was rejected") {
			t.Errorf("subject %q", s)
		}
		if !strings.Contains(text, "The run failed; the published warehouse is unchanged: every input was rejected") || htm != "" {
			t.Errorf("the message does not say what failed (text only):\n%s\n%s", text, htm)
		}
	})

	t.Run("server not there", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close() // nothing listens there now
		_, log, err := twoRuns(t, port, "changes")
		if err != nil {
			t.Fatalf("an SMTP failure failed the run: %v", err)
		}
		if !strings.Contains(log.String(), `msg="e-mail not sent; the run is not affected"`) {
			t.Errorf("the failure to send is not logged:\n%s", log.String())
		}
	})
}
