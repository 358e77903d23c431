package pipeline

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// smtpServer is a local SMTP server for the tests: it takes every message
// (AUTH PLAIN with one user's password) and keeps what it received.
type smtpServer struct {
	ln       net.Listener
	user, pw string
	mu       sync.Mutex
	got      []received
	wg       sync.WaitGroup
}

type received struct {
	from string
	to   []string
	data string
	auth string // the user who logged in
}

func startSMTP(t *testing.T, user, pw string) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln, user: user, pw: pw}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *smtpServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	tp := textproto.NewConn(c)
	var r received
	tp.PrintfLine("220 localhost test SMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		cmd, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(cmd) {
		case "EHLO", "HELO":
			tp.PrintfLine("250-localhost")
			tp.PrintfLine("250 AUTH PLAIN")
		case "AUTH":
			_, enc, _ := strings.Cut(arg, " ")
			b, _ := base64.StdEncoding.DecodeString(enc)
			parts := strings.Split(string(b), "\x00")
			if len(parts) != 3 || parts[1] != s.user || parts[2] != s.pw {
				tp.PrintfLine("535 authentication failed")
				continue
			}
			r.auth = parts[1]
			tp.PrintfLine("235 ok")
		case "MAIL":
			r.from = arg
			tp.PrintfLine("250 ok")
		case "RCPT":
			r.to = append(r.to, arg)
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go on")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			r.data = string(data)
			s.mu.Lock()
			s.got = append(s.got, r)
			s.mu.Unlock()
			r = received{auth: r.auth}
			tp.PrintfLine("250 queued")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 not here")
		}
	}
}

// parts reads a received message's headers and its text and HTML parts.
func (r received) parts(t *testing.T) (h mail.Header, text, htm string) {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(r.data))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		switch {
		case strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain"):
			text = string(b)
		case strings.HasPrefix(p.Header.Get("Content-Type"), "text/html"):
			htm = string(b)
		}
	}
	return m.Header, text, htm
}

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
		srv := startSMTP(t, "yardstick", "not-a-real-password")
		_, _, err := twoRuns(t, srv.port(), "changes")
		if err != nil {
			t.Fatal(err)
		}
		got := srv.messages()
		if len(got) != 1 {
			t.Fatalf("the server received %d messages, want 1", len(got))
		}
		r := got[0]
		if r.auth != "yardstick" || r.from != "FROM:<yardstick@trafford.gov.uk>" || len(r.to) != 2 || r.to[1] != "TO:<hos@trafford.gov.uk>" {
			t.Errorf("envelope: auth %q from %q to %q", r.auth, r.from, r.to)
		}
		h, text, htm := r.parts(t)
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
		if strings.Contains(r.data, "not-a-real-password") {
			t.Error("the password is in the message")
		}
	})

	t.Run("failures only", func(t *testing.T) {
		srv := startSMTP(t, "yardstick", "not-a-real-password")
		if _, _, err := twoRuns(t, srv.port(), "failures"); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.messages()); n != 0 {
			t.Errorf("when: failures sent %d messages for a run that neither failed nor rejected an input", n)
		}
	})

	t.Run("a rejected input", func(t *testing.T) {
		srv := startSMTP(t, "yardstick", "not-a-real-password")
		work := releaseWork(t, "run1")
		os.WriteFile(filepath.Join(work, "inputs", "measure_c.csv"), []byte("time_period,geographic_level\n"), 0o644)
		notifyConfig(t, work, srv.port(), "failures")
		mustRun(t, loadWork(t, work), Options{})
		got := srv.messages()
		if len(got) != 1 {
			t.Fatalf("the server received %d messages, want 1 (a rejected input)", len(got))
		}
		h, text, _ := got[0].parts(t)
		if s := h.Get("Subject"); !strings.Contains(s, "1 input rejected") {
			t.Errorf("subject %q", s)
		}
		if !strings.Contains(text, "Rejected inputs/measure_c.csv: ") {
			t.Errorf("the text does not name the rejected input:\n%s", text)
		}
	})

	t.Run("a failed run", func(t *testing.T) {
		srv := startSMTP(t, "yardstick", "not-a-real-password")
		work := releaseWork(t, "")
		os.WriteFile(filepath.Join(work, "inputs", "measure_a.csv"), []byte("time_period,geographic_level\n"), 0o644)
		notifyConfig(t, work, srv.port(), "failures")
		if _, err := Run(t.Context(), loadWork(t, work), Options{}); err == nil {
			t.Fatal("a run of nothing but a bad file published")
		}
		got := srv.messages()
		if len(got) != 1 {
			t.Fatalf("the server received %d messages, want 1 (the failure)", len(got))
		}
		h, text, htm := got[0].parts(t)
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
