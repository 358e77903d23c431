package pipeline

import (
	"context"
	"strings"
	"testing"

	"github.com/yardstick-etl/yardstick/sources"
)

// panicky is a source whose reader panics, as a reader bug would.
type panicky struct{ value any }

func (panicky) Kind() string                   { return "panicky" }
func (panicky) Recognise(*sources.Sample) bool { return false }
func (panicky) Tables() []sources.Table        { return nil }
func (p panicky) Read(context.Context, string, *sources.Env, sources.Writer) (int64, error) {
	if s, ok := p.value.(string); ok && s == "index" {
		var a []int
		_ = a[len(s)] // a runtime error
	}
	panic(p.value)
}

// TestReaderPanic: a reader that panics rejects its input with an error
// that never carries the panic's value (it could quote a cell), except a
// runtime error's own text.
func TestReaderPanic(t *testing.T) {
	for _, tt := range []struct {
		name  string
		value any
		want  string
	}{
		{"value", "cell A123456789012 unreadable", "a panic of type string"},
		{"runtime", "index", "index out of range [5] with length 0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := &input{Kind: "panicky", source: panicky{tt.value}}
			_, err := read(context.Background(), in, &sources.Env{}, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "A123456789012") {
				t.Errorf("err = %v, want it to say %q and not quote the value", err, tt.want)
			}
		})
	}
}
