// Package smtptest is a local SMTP server for tests: it takes every
// message (after AUTH PLAIN with one user's password, when one is set) and
// keeps what it received. With TLS it offers STARTTLS, with a certificate
// for localhost and 127.0.0.1 it makes itself (CertPEM), and then
// refuses to log in before the connection is upgraded, as a real
// submission server does.
package smtptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a running local SMTP server.
type Server struct {
	User, Password string
	// CertPEM is the server's self-signed certificate (with TLS), for a
	// client to trust.
	CertPEM []byte

	ln  net.Listener
	tls *tls.Config
	mu  sync.Mutex
	got []Message
	wg  sync.WaitGroup
}

// Message is what the server received in one transaction.
type Message struct {
	From string   // MAIL FROM's argument
	To   []string // RCPT TO's arguments
	Data string
	User string // who logged in ("" when nobody did)
	TLS  bool   // whether the connection was upgraded first
}

// Start starts a server on 127.0.0.1, stopped when the test ends; with
// startTLS it offers STARTTLS and requires it before AUTH.
func Start(t *testing.T, user, password string, startTLS bool) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{User: user, Password: password, ln: ln}
	if startTLS {
		s.tls, s.CertPEM = selfSigned(t)
	}
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

// Port is the port the server listens on.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// Messages are the messages received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.got...)
}

func (s *Server) serve(c net.Conn) {
	defer func() { c.Close() }()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	tp := textproto.NewConn(c)
	var m Message
	tp.PrintfLine("220 localhost test SMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		cmd, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(cmd) {
		case "EHLO", "HELO":
			if s.tls != nil && !m.TLS {
				tp.PrintfLine("250-localhost")
				tp.PrintfLine("250 STARTTLS")
				continue
			}
			tp.PrintfLine("250-localhost")
			tp.PrintfLine("250 AUTH PLAIN")
		case "STARTTLS":
			if s.tls == nil {
				tp.PrintfLine("502 not here")
				continue
			}
			tp.PrintfLine("220 go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, tp, m = tc, textproto.NewConn(tc), Message{TLS: true}
		case "AUTH":
			if s.tls != nil && !m.TLS {
				tp.PrintfLine("538 encryption required")
				continue
			}
			_, enc, _ := strings.Cut(arg, " ")
			b, _ := base64.StdEncoding.DecodeString(enc)
			parts := strings.Split(string(b), "\x00")
			if len(parts) != 3 || parts[1] != s.User || parts[2] != s.Password {
				tp.PrintfLine("535 authentication failed")
				continue
			}
			m.User = parts[1]
			tp.PrintfLine("235 ok")
		case "MAIL":
			m.From = arg
			tp.PrintfLine("250 ok")
		case "RCPT":
			m.To = append(m.To, arg)
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go on")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			m.Data = string(data)
			s.mu.Lock()
			s.got = append(s.got, m)
			s.mu.Unlock()
			m = Message{User: m.User, TLS: m.TLS}
			tp.PrintfLine("250 queued")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 not here")
		}
	}
}

// Parts reads a received message's headers and its text and HTML parts
// (quoted-printable decoded), failing the test when it is not a
// multipart/alternative message.
func (m Message) Parts(t *testing.T) (h mail.Header, text, html string) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
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
			html = string(b)
		}
	}
	return msg.Header, text, html
}

// selfSigned makes a certificate for localhost and 127.0.0.1, returned as
// the server's TLS config and in PEM.
func selfSigned(t *testing.T) (*tls.Config, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
