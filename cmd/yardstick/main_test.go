package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var out, errs bytes.Buffer
	if code := run(ctx, []string{"demo", "--dir", dir}, &out, &errs); code != 0 {
		t.Fatalf("demo exit %d: %s", code, errs.String())
	}
	for _, want := range []string{"Trafford: latest published position", "of 24 in North West", "0 rejected",
		"Attainment gaps", "KS4 Attainment 8 average score: gap between disadvantaged pupils and all other pupils"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
	// The council's own returns agree with its published figures.
	m := regexp.MustCompile(`(\d+) looked after and (\d+) in need on 31 March 2025 \(published: (\d+) and (\d+)\)`).FindStringSubmatch(out.String())
	if m == nil || m[1] != m[3] || m[2] != m[4] || m[1] == "0" {
		t.Errorf("own returns vs published: %q\n%s", m, out.String())
	}
	if info, err := os.Stat(filepath.Join(dir, "yardstick.key")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("demo key: %v, %v; want mode 0600", info, err)
	}
	cfg := filepath.Join(dir, "yardstick.yaml")
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"run again", []string{"run", "--config", cfg}, 0, "published"},
		{"query csv", []string{"query", "--config", cfg, "--format", "csv", "SELECT count(DISTINCT la_code) AS las FROM mart.la_benchmark"}, 0, "las\n153\n"},
		{"query json", []string{"query", "--config", cfg, "--format", "json", "SELECT 1 AS one"}, 0, `"one": 1`},
		{"query is read-only", []string{"query", "--config", cfg, "DROP TABLE mart.la_benchmark"}, 1, ""},
		{"bad format", []string{"query", "--config", cfg, "--format", "xml", "SELECT 1"}, 2, ""},
		{"missing config", []string{"run", "--config", filepath.Join(dir, "nope.yaml")}, 2, ""},
		{"unknown command", []string{"frobnicate"}, 2, ""},
		{"no command", nil, 2, ""},
		{"unknown LA", []string{"demo", "--dir", dir, "--la", "999"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			code := run(ctx, tt.args, &out, &errs)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errs.String())
			}
			if !strings.Contains(out.String(), tt.out) {
				t.Errorf("stdout lacks %q:\n%s", tt.out, out.String())
			}
		})
	}
}
