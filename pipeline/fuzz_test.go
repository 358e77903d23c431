package pipeline

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadConfig: any bytes as yardstick.yaml load or give an error, never
// a panic.
func FuzzLoadConfig(f *testing.F) {
	f.Add([]byte("inputs: [data]\n"))
	f.Add([]byte("inputs: [data]\nindicators:\n  - {id: a, label: A, file: a.csv, measure: m, unit: count, polarity: none}\ngaps:\n  - {id: g, label: G, group: a, comparison: ks4_att8_all}\n"))
	f.Add([]byte("inputs: [data]\nschedule: \"@every 1h\"\nextracts:\n  - {la: \"358\", formats: [xlsx]}\n"))
	for _, p := range []string{"../testdata/benchmark/definitions/yardstick.yaml", "../testdata/benchmark/ranking/yardstick.yaml"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "yardstick.yaml")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		LoadConfig(p)
	})
}
