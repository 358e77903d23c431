package pseudonym

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestID(t *testing.T) {
	p, err := New([]byte("0123456789abcdef-council-key"))
	if err != nil {
		t.Fatal(err)
	}
	q, _ := New([]byte("another-council-key-0123456789"))
	tests := []struct {
		name       string
		a, b       string
		same       bool
		upn, other bool
	}{
		{name: "same id", a: "566910", b: "566910", same: true},
		{name: "spaces ignored", a: " 566910 ", b: "566910", same: true},
		{name: "different ids", a: "566910", b: "566911"},
		{name: "case kept in ids", a: "dfex0000001", b: "DfEX0000001"},
		{name: "upn case ignored", a: "a123456789123", b: "A123456789123", same: true, upn: true},
		{name: "other key", a: "566910", b: "566910", other: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var x, y string
			switch {
			case tt.upn:
				x, y = p.UPN(tt.a), p.UPN(tt.b)
			case tt.other:
				x, y = p.ID(tt.a), q.ID(tt.b)
			default:
				x, y = p.ID(tt.a), p.ID(tt.b)
			}
			if (x == y) != tt.same {
				t.Fatalf("%q -> %s, %q -> %s; same = %v, want %v", tt.a, x, tt.b, y, x == y, tt.same)
			}
			if len(x) != 32 || strings.Contains(x, strings.TrimSpace(tt.a)) {
				t.Fatalf("pseudonym %q is not 32 hex characters free of the identifier", x)
			}
		})
	}
	if p.ID("566910") == p.UPN("566910") {
		t.Error("a child ID and a UPN with the same text should not collide")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := NewKeyFile(keyFile); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(keyFile)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode = %v, %v; want 0600", info.Mode().Perm(), err)
	}
	a, err := Load(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(keyFile)
	t.Setenv(EnvVar, strings.TrimSpace(string(data)))
	b, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if a.ID("x") != b.ID("x") || a.Fingerprint() != b.Fingerprint() {
		t.Error("the same key from a file and from the environment should give the same pseudonyms")
	}
	t.Setenv(EnvVar, "")
	if _, err := Load(""); err != ErrNoKey {
		t.Errorf("no key: err = %v, want ErrNoKey", err)
	}
	t.Setenv(EnvVar, "short")
	if _, err := Load(""); err == nil {
		t.Error("a 5-byte key should be refused")
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing key file should be an error")
	}
	for _, weak := range []string{"00000000000000000000000000000000", strings.Repeat("a", 40)} {
		t.Setenv(EnvVar, weak)
		if _, err := Load(""); err == nil || !strings.Contains(err.Error(), "one character repeated") {
			t.Errorf("key %q: err = %v", weak[:4]+"...", err)
		}
	}
}
