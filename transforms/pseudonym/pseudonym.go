// Package pseudonym turns child identifiers into keyed hashes (HMAC-SHA256
// under the council's own key), so one child links across the SSDA903
// return, the CIN census and Annex A without the identifier being kept.
package pseudonym

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"strings"
)

// EnvVar holds the key when no key file is configured.
const EnvVar = "YARDSTICK_PSEUDO_KEY"

// minKeyBytes keeps a typo or a placeholder from passing for a key.
const minKeyBytes = 16

// ErrNoKey is returned when neither a key file nor the environment gives a key.
var ErrNoKey = errors.New("no pseudonymisation key: set pseudonymisation.key_file in the config or the " + EnvVar + " environment variable")

// Pseudonymiser hashes identifiers under one key. Not safe for concurrent
// use: each reader makes its own with Clone.
type Pseudonymiser struct {
	key []byte
	mac hash.Hash
	buf []byte
}

// New makes a Pseudonymiser from key bytes.
func New(key []byte) (*Pseudonymiser, error) {
	if len(key) < minKeyBytes {
		return nil, fmt.Errorf("the pseudonymisation key is %d bytes; it must be at least %d", len(key), minKeyBytes)
	}
	if bytes.Count(key, key[:1]) == len(key) {
		return nil, errors.New("the pseudonymisation key is one character repeated (all zeros?): make a random one with `(umask 077; head -c 32 /dev/urandom | base64 > council.key)`")
	}
	k := append([]byte(nil), key...)
	return &Pseudonymiser{key: k, mac: hmac.New(sha256.New, k)}, nil
}

// Load reads the key from keyFile, or from the environment when keyFile is
// empty. Surrounding white space (a trailing newline) is not part of the key.
func Load(keyFile string) (*Pseudonymiser, error) {
	var key string
	if keyFile != "" {
		data, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, fmt.Errorf("pseudonymisation key file: %w", err)
		}
		key = strings.TrimSpace(string(data))
	} else {
		key = strings.TrimSpace(os.Getenv(EnvVar))
		if key == "" {
			return nil, ErrNoKey
		}
	}
	return New([]byte(key))
}

// NewKeyFile writes a random key readable by its owner only (0600).
func NewKeyFile(path string) error {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(hex.EncodeToString(b)+"\n"), 0o600)
}

// Clone gives an independent Pseudonymiser under the same key.
func (p *Pseudonymiser) Clone() *Pseudonymiser {
	q, _ := New(p.key) // the key was checked when p was made
	return q
}

// Fingerprint names the key without revealing it, so staged files made under
// another key are not reused.
func (p *Pseudonymiser) Fingerprint() string {
	return p.hash("yardstick key fingerprint")[:16]
}

// ID returns the pseudonym of a child identifier (LAchildID, CHILD, Annex A
// "Child Unique ID"): 32 hex characters. Surrounding spaces are ignored, so
// "123 " and "123" are one child; letters keep their case, as systems do.
func (p *Pseudonymiser) ID(id string) string {
	return p.hash("id\x00" + strings.TrimSpace(id))[:32]
}

// UPN returns the pseudonym of a unique pupil number, upper-cased first.
func (p *Pseudonymiser) UPN(upn string) string {
	return p.hash("upn\x00" + strings.ToUpper(strings.TrimSpace(upn)))[:32]
}

func (p *Pseudonymiser) hash(s string) string {
	p.mac.Reset()
	p.mac.Write([]byte(s))
	p.buf = p.mac.Sum(p.buf[:0])
	return hex.EncodeToString(p.buf)
}
