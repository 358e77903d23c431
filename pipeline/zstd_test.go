package pipeline

import (
	"bytes"
	"testing"

	"github.com/apache/arrow/go/v17/parquet/compress"
)

// The lake's zstd codec reuses its encoder; what it writes decodes with
// arrow's decoder, page after page and level by level.
func TestZstdCodecRoundTrip(t *testing.T) {
	c, err := compress.GetCodec(compress.Codecs.Zstd)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.(zstdCodec); !ok {
		t.Fatalf("the registered zstd codec is %T, not the lake's", c)
	}
	for i, level := range []int{compress.DefaultCompressionLevel, 1, 3, compress.DefaultCompressionLevel} {
		src := bytes.Repeat([]byte("children looked after on 31 March, "), 100+i)
		enc := c.EncodeLevel(nil, src, level)
		if len(enc) >= len(src) {
			t.Errorf("level %d: %d bytes compressed to %d", level, len(src), len(enc))
		}
		if got := c.Decode(nil, enc); !bytes.Equal(got, src) {
			t.Errorf("level %d: round trip differs", level)
		}
	}
}
