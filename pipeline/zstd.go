package pipeline

import (
	"sync"

	"github.com/apache/arrow/go/v17/parquet/compress"
	"github.com/klauspost/compress/zstd"
)

// zstdCodec replaces arrow v17's zstd codec for the lake's Parquet. Arrow's
// EncodeLevel (which its page writer always calls) builds a new zstd
// encoder for every page, and building one costs more than compressing a
// page: a third of the time staging the benchmark's long file took. This
// codec builds one encoder per level and reuses it (EncodeAll is safe for
// concurrent use); decoding and streams are arrow's own.
type zstdCodec struct {
	compress.Codec // arrow's, for everything but EncodeLevel
}

var (
	zstdEncoders   = map[int]*zstd.Encoder{}
	zstdEncodersMu sync.Mutex
)

func (c zstdCodec) EncodeLevel(dst, src []byte, level int) []byte {
	zstdEncodersMu.Lock()
	enc, ok := zstdEncoders[level]
	if !ok {
		l := zstd.SpeedDefault
		if level != compress.DefaultCompressionLevel {
			l = zstd.EncoderLevelFromZstd(level)
		}
		enc, _ = zstd.NewWriter(nil, zstd.WithZeroFrames(true), zstd.WithEncoderLevel(l)) // options are valid: cannot fail
		zstdEncoders[level] = enc
	}
	zstdEncodersMu.Unlock()
	return enc.EncodeAll(src, dst[:0])
}

func init() {
	arrow, err := compress.GetCodec(compress.Codecs.Zstd)
	if err != nil {
		panic("parquet: no zstd codec: " + err.Error())
	}
	compress.RegisterCodec(compress.Codecs.Zstd, zstdCodec{arrow})
}
