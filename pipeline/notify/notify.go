// Package notify sends a run's message by e-mail (SMTP): the digest of
// what changed as HTML with a plain-text part, or what failed. It is how a
// council's morning starts; sending never fails a run, the caller logs it.
package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// When a message is sent (config notify.when).
const (
	WhenChanges  = "changes"  // a run that changed something, failed or rejected an input (default)
	WhenAlways   = "always"   // every run, "nothing changed" included
	WhenFailures = "failures" // a failed run or a rejected input only
)

var Whens = []string{WhenChanges, WhenAlways, WhenFailures}

// SMTP is the mail server. The password is never in the config: it is
// read from the environment variable PasswordEnv names when a message is
// sent.
type SMTP struct {
	Host        string `yaml:"host"`
	Port        int    `yaml:"port"`     // default 587
	StartTLS    *bool  `yaml:"starttls"` // default true: upgrade the connection before anything else is sent
	Username    string `yaml:"username"`
	PasswordEnv string `yaml:"password_env"`
	// CAFile is a PEM file of certificates to trust besides the system's:
	// for a relay whose certificate the council's own authority signed.
	CAFile string `yaml:"ca_file"`
}

// Config is the config's notify: section.
type Config struct {
	SMTP SMTP     `yaml:"smtp"`
	From string   `yaml:"from"`
	To   []string `yaml:"to"`
	When string   `yaml:"when"`
}

// Defaults fills what the config leaves out.
func (c *Config) Defaults() {
	if c.SMTP.Port == 0 {
		c.SMTP.Port = 587
	}
	if c.SMTP.StartTLS == nil {
		t := true
		c.SMTP.StartTLS = &t
	}
	if c.When == "" {
		c.When = WhenChanges
	}
}

// Problems are what is wrong with the section, each saying what to do.
func (c *Config) Problems() []string {
	var out []string
	if strings.TrimSpace(c.SMTP.Host) == "" {
		out = append(out, "notify: smtp: host is missing (the mail server, e.g. smtp.office365.com)")
	}
	if c.SMTP.Port < 1 || c.SMTP.Port > 65535 {
		out = append(out, fmt.Sprintf("notify: smtp: port %d is not a TCP port (587 for STARTTLS)", c.SMTP.Port))
	}
	if c.SMTP.Username != "" && c.SMTP.PasswordEnv == "" {
		out = append(out, "notify: smtp: username is given but password_env is not: name the environment variable that holds the password (never the password itself)")
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		out = append(out, fmt.Sprintf("notify: from %q is not an e-mail address", c.From))
	}
	if len(c.To) == 0 {
		out = append(out, "notify: to: give at least one address")
	}
	for _, to := range c.To {
		if _, err := mail.ParseAddress(to); err != nil {
			out = append(out, fmt.Sprintf("notify: to %q is not an e-mail address", to))
		}
	}
	if !slices.Contains(Whens, c.When) {
		out = append(out, fmt.Sprintf("notify: when %q is not one of %s", c.When, strings.Join(Whens, ", ")))
	}
	return out
}

// roots are the certificates a server's must chain to: the system's, and
// ca_file's (nil, the system's alone, without it).
func (s SMTP) roots() (*x509.CertPool, error) {
	if s.CAFile == "" {
		return nil, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	b, err := os.ReadFile(s.CAFile)
	if err != nil {
		return nil, fmt.Errorf("notify.smtp.ca_file: %w", err)
	}
	if !pool.AppendCertsFromPEM(b) {
		return nil, fmt.Errorf("notify.smtp.ca_file %s holds no PEM certificate", s.CAFile)
	}
	return pool, nil
}

// Message is what a run sends: a subject, the plain text and, optionally,
// the same as HTML.
type Message struct {
	Subject, Text, HTML string
}

// Compose writes the message as RFC 5322 mail: multipart/alternative with
// the text first and the HTML last (the part a mail client prefers), both
// quoted-printable UTF-8.
func Compose(c *Config, m Message, now time.Time) ([]byte, error) {
	var b bytes.Buffer
	head := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	head("From", c.From)
	head("To", strings.Join(c.To, ", "))
	head("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	head("Date", now.Format(time.RFC1123Z))
	id := make([]byte, 12)
	rand.Read(id)
	domain := "yardstick.invalid"
	if a, err := mail.ParseAddress(c.From); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok {
			domain = d
		}
	}
	head("Message-ID", fmt.Sprintf("<%s@%s>", hex.EncodeToString(id), domain))
	head("MIME-Version", "1.0")
	head("Auto-Submitted", "auto-generated") // RFC 3834: no out-of-office replies to it
	mw := multipart.NewWriter(&b)
	head("Content-Type", fmt.Sprintf("multipart/alternative; boundary=%q", mw.Boundary()))
	b.WriteString("\r\n")
	parts := []struct{ typ, body string }{{"text/plain", m.Text}}
	if m.HTML != "" {
		parts = append(parts, struct{ typ, body string }{"text/html", m.HTML})
	}
	for _, p := range parts {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(strings.ReplaceAll(p.body, "\n", "\r\n"))); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// timeout bounds a send: a mail server that does not answer must not hold
// a nightly run (or the next one, waiting for the lock).
const timeout = time.Minute

// Send sends the message through the config's server. STARTTLS, when on,
// must be offered by the server; credentials are sent only over TLS or to
// a server on this machine (net/smtp's PlainAuth refuses otherwise).
func Send(ctx context.Context, c *Config, m Message, now time.Time) error {
	msg, err := Compose(c, m, now)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := net.JoinHostPort(c.SMTP.Host, strconv.Itoa(c.SMTP.Port))
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", addr, err)
	}
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	cl, err := smtp.NewClient(conn, c.SMTP.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("%s: %w", addr, err)
	}
	defer cl.Close()
	if host, err := os.Hostname(); err == nil {
		if err := cl.Hello(host); err != nil {
			return fmt.Errorf("%s: EHLO: %w", addr, err)
		}
	}
	if *c.SMTP.StartTLS {
		if ok, _ := cl.Extension("STARTTLS"); !ok {
			return fmt.Errorf("%s does not offer STARTTLS: ask for the submission port (587), or set starttls: false for a relay on this machine", addr)
		}
		roots, err := c.SMTP.roots()
		if err != nil {
			return err
		}
		if err := cl.StartTLS(&tls.Config{ServerName: c.SMTP.Host, RootCAs: roots}); err != nil {
			return fmt.Errorf("%s: STARTTLS: %w", addr, err)
		}
	}
	if c.SMTP.Username != "" {
		pw, ok := os.LookupEnv(c.SMTP.PasswordEnv)
		if !ok {
			return fmt.Errorf("the environment variable %s (notify.smtp.password_env) is not set: set it where the run starts", c.SMTP.PasswordEnv)
		}
		if err := cl.Auth(smtp.PlainAuth("", c.SMTP.Username, pw, c.SMTP.Host)); err != nil {
			return fmt.Errorf("%s: logging in as %s: %w", addr, c.SMTP.Username, err)
		}
	}
	from, _ := mail.ParseAddress(c.From) // checked with the config
	if err := cl.Mail(from.Address); err != nil {
		return fmt.Errorf("%s: MAIL FROM: %w", addr, err)
	}
	var refused []error
	for _, to := range c.To {
		a, _ := mail.ParseAddress(to)
		if err := cl.Rcpt(a.Address); err != nil {
			refused = append(refused, fmt.Errorf("%s refused: %w", a.Address, err))
		}
	}
	if len(refused) == len(c.To) {
		return fmt.Errorf("%s: %w", addr, errors.Join(refused...))
	}
	w, err := cl.Data()
	if err != nil {
		return fmt.Errorf("%s: DATA: %w", addr, err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("%s: sending the message: %w", addr, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("%s: the server did not accept the message: %w", addr, err)
	}
	cl.Quit()
	return errors.Join(refused...) // sent to the others
}
