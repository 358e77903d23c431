package eesapi

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// Download is a CSV downloaded whole into a temporary file.
type Download struct {
	Path   string // the temporary file, in the folder asked for
	SHA256 string // of the CSV as written
	Bytes  int64
}

// DownloadCSV streams a version's CSV (GET /v1/data-sets/{id}/csv) into a
// new hidden file in dir, checking it arrived whole: the length the server
// declared, its Content-MD5 when it sends one, gzip's own checksum when
// the body is compressed, and a first line that is an EES data file's
// header. A body cut short is downloaded again (within Attempts); a
// download that fails leaves no file. A download is bounded: by
// DownloadTimeout as a whole (its attempts included), by IdleTimeout
// between bytes, and by MaxDownload bytes, counted after decompression.
func (c *Client) DownloadCSV(ctx context.Context, id, version, dir string) (*Download, error) {
	u := c.CSVURL(id, version)
	timeout := orDefault(c.DownloadTimeout, DefaultDownloadTimeout)
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d *Download
	err := c.do(dctx, u, "text/csv", 0, func(resp *http.Response) error {
		var err error
		d, err = c.save(resp, u, dir)
		return err
	})
	if err != nil && ctx.Err() == nil && errors.Is(dctx.Err(), context.DeadlineExceeded) {
		return nil, fmt.Errorf("the download did not finish within %s, the most yardstick gives one (fetch: timeout in the config): %w", timeout, err)
	}
	return d, err
}

// save writes one response's body to a temporary file.
func (c *Client) save(resp *http.Response, u, dir string) (*Download, error) {
	if isHTML(resp.Header.Get("Content-Type")) {
		return nil, fmt.Errorf("GET %s: the response is a web page, not CSV: a proxy's sign-in or block page? Check HTTPS_PROXY", u)
	}
	limit := orDefault(c.MaxDownload, DefaultMaxDownload)
	if resp.ContentLength > limit && !resp.Uncompressed {
		return nil, c.tooLarge(u, limit)
	}
	f, err := os.CreateTemp(dir, ".download-*.csv")
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(f.Name())
		}
	}()

	// A download that receives nothing for IdleTimeout is abandoned:
	// closing the body ends the Read that waits.
	var stalled atomic.Bool
	timer := time.AfterFunc(c.IdleTimeout, func() { stalled.Store(true); resp.Body.Close() })
	defer timer.Stop()
	// the bytes as sent are capped too: a compressed stream that unpacks
	// to nothing must end as well
	sent := &capped{r: resp.Body, limit: limit}
	raw := &counter{r: sent, onRead: func() { timer.Reset(c.IdleTimeout) }}
	var md5sum hash.Hash
	wantMD5 := resp.Header.Get("Content-MD5")
	if wantMD5 != "" && !resp.Uncompressed {
		md5sum = md5.New()
		raw.h = md5sum
	}
	cut := func(err error) error {
		if stalled.Load() {
			err = fmt.Errorf("nothing received for %s", c.IdleTimeout)
		}
		return &cutShort{fmt.Errorf("GET %s: the download was cut short after %d bytes: %w", u, raw.n, err)}
	}

	br := bufio.NewReaderSize(raw, 64<<10)
	var unpacked io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		// compressed without saying so in Content-Encoding (which Go's
		// transport would have undone, its output capped below as well)
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, cut(err)
		}
		unpacked = zr
	}
	// counted after decompression: a gzip bomb stops at the limit
	body := &capped{r: unpacked, limit: limit}
	sum := sha256.New()
	head := &firstLine{}
	n, err := io.Copy(io.MultiWriter(f, sum, head), body)
	if err != nil {
		var pe *os.PathError
		var tl *tooLarge
		switch {
		case errors.As(err, &pe):
			return nil, fmt.Errorf("writing the download: %w", err)
		case errors.As(err, &tl):
			return nil, c.tooLarge(u, tl.limit)
		}
		return nil, cut(err)
	}
	if resp.ContentLength >= 0 && !resp.Uncompressed && raw.n != resp.ContentLength {
		return nil, cut(fmt.Errorf("the server declared %d bytes", resp.ContentLength))
	}
	if md5sum != nil {
		if got := base64.StdEncoding.EncodeToString(md5sum.Sum(nil)); got != strings.TrimSpace(wantMD5) {
			return nil, &cutShort{fmt.Errorf("GET %s: the download's MD5 is not the Content-MD5 the server sent: damaged on the way", u)}
		}
	}
	if why := head.notData(); why != "" {
		return nil, fmt.Errorf("GET %s: the download is not an EES data file: %s", u, why)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("writing the download: %w", err)
	}
	ok = true
	return &Download{Path: f.Name(), SHA256: hex.EncodeToString(sum.Sum(nil)), Bytes: n}, nil
}

// tooLarge is a download over MaxDownload: final, not tried again.
func (c *Client) tooLarge(u string, limit int64) error {
	return fmt.Errorf("GET %s: %w (unpacked), more than yardstick takes of one data set's CSV: a damaged or hostile response", u, &tooLarge{limit})
}

// counter counts (and optionally hashes) the bytes read.
type counter struct {
	r      io.Reader
	n      int64
	h      hash.Hash
	onRead func()
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.n += int64(n)
		if c.h != nil {
			c.h.Write(p[:n])
		}
		c.onRead()
	}
	return n, err
}

// firstLine keeps the first line written (up to 1 MiB).
type firstLine struct {
	buf  []byte
	done bool
}

func (l *firstLine) Write(p []byte) (int, error) {
	if !l.done {
		if i := bytes.IndexByte(p, '\n'); i >= 0 {
			l.buf, l.done = append(l.buf, p[:i]...), true
		} else {
			l.buf = append(l.buf, p...)
			l.done = len(l.buf) > 1<<20
		}
	}
	return len(p), nil
}

// notData says why the first line is not an EES data file's header ("" when
// it is). It describes the line by its shape, never its text.
func (l *firstLine) notData() string {
	if len(l.buf) == 0 {
		return "it is empty"
	}
	line := bytes.TrimPrefix(bytes.TrimRight(l.buf, "\r"), []byte("\ufeff"))
	rec, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return "its first line is not a CSV header"
	}
	has := map[string]bool{}
	for _, h := range rec {
		has[strings.ToLower(strings.TrimSpace(h))] = true
	}
	if !has["time_period"] || !has["geographic_level"] {
		return fmt.Sprintf("its header (%d columns) has no time_period and geographic_level columns", len(rec))
	}
	return ""
}
