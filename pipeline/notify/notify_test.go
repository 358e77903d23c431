package notify

import (
	"context"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yardstick-etl/yardstick/pipeline/notify/smtptest"
)

func config(port int, startTLS bool) *Config {
	c := &Config{SMTP: SMTP{Host: "localhost", Port: port, StartTLS: &startTLS, Username: "yardstick", PasswordEnv: "YARDSTICK_TEST_SMTP"},
		From: "Yardstick <yardstick@trafford.gov.uk>", To: []string{"performance@trafford.gov.uk"}}
	c.Defaults()
	return c
}

// TestSend: a message goes over STARTTLS to a server whose certificate
// ca_file trusts, logged in with the password from the environment, as
// HTML with a text part; the subject's non-ASCII survives.
func TestSend(t *testing.T) {
	t.Setenv("YARDSTICK_TEST_SMTP", "not-a-real-password")
	srv := smtptest.Start(t, "yardstick", "not-a-real-password", true)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, srv.CertPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	c := config(srv.Port(), true)
	c.SMTP.CAFile = ca
	m := Message{Subject: "yardstick: 3 new periods – 1 revision for Bromley", Text: "Three new periods.\nA line of 100 characters " + strings.Repeat("x", 80) + "\n",
		HTML: "<p>Three new periods.</p>"}
	if err := Send(context.Background(), c, m, time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages received, want 1", len(got))
	}
	r := got[0]
	if !r.TLS || r.User != "yardstick" || r.From != "FROM:<yardstick@trafford.gov.uk>" || strings.Join(r.To, " ") != "TO:<performance@trafford.gov.uk>" {
		t.Errorf("envelope: tls %t user %q from %q to %q", r.TLS, r.User, r.From, r.To)
	}
	h, text, html := r.Parts(t)
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("subject %q (%v), want %q", subject, err, m.Subject)
	}
	if h.Get("Auto-Submitted") != "auto-generated" || h.Get("Date") != "Mon, 07 Dec 2026 06:00:00 +0000" {
		t.Errorf("headers: %v", h)
	}
	if text != m.Text || html != m.HTML {
		t.Errorf("parts:\n%q\n%q", text, html)
	}
	if strings.Contains(r.Data, "not-a-real-password") {
		t.Error("the password is in the message")
	}
}

// TestSendRefused: what stops a message is said, naming what to do.
func TestSendRefused(t *testing.T) {
	tests := []struct {
		name    string
		tls     bool // the server offers STARTTLS
		ca      bool // the client trusts its certificate
		env     bool // the password's variable is set
		startTL bool // the client asks for STARTTLS
		want    string
	}{
		{"no STARTTLS offered", false, false, true, true, "does not offer STARTTLS: ask for the submission port (587), or set starttls: false"},
		{"an untrusted certificate", true, false, true, true, "STARTTLS: tls: failed to verify certificate"},
		{"no password", true, true, false, true, "the environment variable YARDSTICK_TEST_SMTP (notify.smtp.password_env) is not set"},
		{"wrong password", false, false, true, false, "logging in as yardstick: 535"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env {
				t.Setenv("YARDSTICK_TEST_SMTP", "not-a-real-password")
			}
			srv := smtptest.Start(t, "yardstick", "another-password", tc.tls)
			c := config(srv.Port(), tc.startTL)
			if tc.ca {
				ca := filepath.Join(t.TempDir(), "ca.pem")
				os.WriteFile(ca, srv.CertPEM, 0o644)
				c.SMTP.CAFile = ca
			}
			err := Send(context.Background(), c, Message{Subject: "s", Text: "t"}, time.Now())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "not-a-real-password") {
				t.Error("the error holds the password")
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("%d messages went through", n)
			}
		})
	}
}
