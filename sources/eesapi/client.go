package eesapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// Client calls the API. The zero value is not usable: make one with New.
type Client struct {
	BaseURL string
	HTTP    *http.Client
	// UserAgent names yardstick to DfE's servers.
	UserAgent string
	// Attempts is how many times a request is tried before it fails
	// (network errors, 5xx, 429 and bodies cut short are tried again).
	Attempts int
	// Backoff is the wait before the second attempt; it doubles for each
	// attempt after, with a little jitter.
	Backoff time.Duration
	// MaxWait is the longest Retry-After a 429 is waited for; a longer one
	// fails the request, saying how long the API asked to wait.
	MaxWait time.Duration
	// RequestTimeout bounds each attempt at a JSON request, body included.
	RequestTimeout time.Duration
	// IdleTimeout abandons a download that receives nothing for this long.
	IdleTimeout time.Duration
	// DownloadTimeout bounds a download as a whole, its attempts and the
	// waits between them included: national files are large, but a server
	// sending a byte now and then must not hold a nightly run for ever. It
	// bounds every page of a list together as well (RequestTimeout bounds
	// each).
	DownloadTimeout time.Duration
	// MaxJSON caps the body of a JSON response, counted after any
	// decompression: a page of a list is tens of kilobytes, a large data
	// set's metadata a few megabytes.
	MaxJSON int64
	// MaxDownload caps a CSV download, counted after any decompression,
	// so a small gzip cannot fill the disk.
	MaxDownload int64
	// MaxPages caps the pages of a list that are followed, against a
	// server that never says the list has ended.
	MaxPages int

	// sleep waits d or until ctx ends; tests record the waits instead.
	sleep func(ctx context.Context, d time.Duration) error
}

// New makes a client of the API at baseURL ("" for the live API) with
// timeouts for a nightly job: proxies come from HTTPS_PROXY / HTTP_PROXY /
// NO_PROXY, as Go's default transport reads them.
func New(baseURL, userAgent string) *Client {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// read when the client is made, not once per process as
	// http.ProxyFromEnvironment does
	proxy := httpproxy.FromEnvironment().ProxyFunc()
	tr.Proxy = func(r *http.Request) (*url.URL, error) { return proxy(r.URL) }
	tr.DialContext = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	tr.TLSHandshakeTimeout = 30 * time.Second
	tr.ResponseHeaderTimeout = 2 * time.Minute
	return &Client{
		BaseURL:        strings.TrimRight(baseURL, "/"),
		HTTP:           &http.Client{Transport: tr},
		UserAgent:      userAgent,
		Attempts:       4,
		Backoff:        2 * time.Second,
		MaxWait:        5 * time.Minute,
		RequestTimeout: time.Minute,
		IdleTimeout:    2 * time.Minute,
		// the limits below are also the defaults of a client whose field
		// is left 0
		DownloadTimeout: DefaultDownloadTimeout,
		MaxJSON:         DefaultMaxJSON,
		MaxDownload:     DefaultMaxDownload,
		MaxPages:        DefaultMaxPages,
	}
}

// The client's limits unless set otherwise.
const (
	DefaultDownloadTimeout = 30 * time.Minute
	DefaultMaxJSON         = 16 << 20
	DefaultMaxDownload     = 2 << 30
	DefaultMaxPages        = 1000
)

func orDefault[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// tooLarge is a response over its cap: not worth another attempt.
type tooLarge struct{ limit int64 }

func (e *tooLarge) Error() string { return "the response exceeded " + size(e.limit) }

// size says a number of bytes in the unit a limit is set in.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// capped reads at most limit bytes of r: one more is a *tooLarge error.
// It keeps the first error read other than io.EOF, so a caller whose
// decoder failed can tell a body cut short, or too large, from one that is
// not what it should be.
type capped struct {
	r     io.Reader
	n     int64
	limit int64
	err   error
}

func (c *capped) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if left := c.limit - c.n + 1; int64(len(p)) > left {
		p = p[:left] // one byte past the limit is enough to know
	}
	n, err := c.r.Read(p)
	if c.n += int64(n); c.n > c.limit {
		c.err = &tooLarge{c.limit}
		return n - int(c.n-c.limit), c.err
	}
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

// readErr is what a read of a capped body that failed means: too large
// (final), cut short (worth another attempt), or nil when the bytes came
// whole and the fault is in them.
func (c *capped) readErr(u string) error {
	var tl *tooLarge
	switch {
	case c.err == nil:
		return nil
	case errors.As(c.err, &tl):
		return fmt.Errorf("GET %s: %w, more than any answer of the API: something else is answering", u, c.err)
	}
	return &cutShort{fmt.Errorf("GET %s: the response was cut short: %w", u, c.err)}
}

// Error is a response the API refused or failed: its status and what its
// body says. NotFound is a 404 (an id the API does not know).
type Error struct {
	URL    string
	Status int
	Title  string // the body's title and validation messages, when it has them
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("HTTP %d %s", e.Status, http.StatusText(e.Status))
	if e.Title != "" {
		msg += ": " + e.Title
	}
	return msg + " (GET " + e.URL + ")"
}

// NotFound says whether err is the API saying it has no such resource.
func NotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}

// retryable says whether a status is worth trying again.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// URL is the address of an API path with its query.
func (c *Client) URL(path string, q url.Values) string {
	u := c.BaseURL + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// do sends GET url, trying again on network errors, 5xx and 429 (after
// its Retry-After), and calls use with each successful response; an error
// use returns for a body cut short (io.ErrUnexpectedEOF, a reset
// connection) is tried again as well. The response's body is closed after
// use.
func (c *Client) do(ctx context.Context, u string, accept string, timeout time.Duration, use func(*http.Response) error) error {
	var last error
	for attempt := 1; ; attempt++ {
		err := c.once(ctx, u, accept, timeout, use)
		if err == nil || ctx.Err() != nil {
			return err
		}
		last = err
		wait, again := c.retryAfter(err, attempt)
		if !again {
			var tm *tooMany
			if errors.As(err, &tm) {
				if d, ok := parseRetryAfter(tm.after, time.Now()); ok && d > c.MaxWait {
					last = fmt.Errorf("%w: the API asks to wait %s, longer than yardstick waits (%s); the next run tries again", last, d, c.MaxWait)
				}
			}
			if attempt > 1 {
				last = fmt.Errorf("%w (tried %d times)", last, attempt)
			}
			return last
		}
		if err := c.wait(ctx, wait); err != nil {
			return err
		}
	}
}

// once sends one request; timeout (0: none) bounds it, body included.
func (c *Client) once(ctx context.Context, u, accept string, timeout time.Duration, use func(*http.Response) error) (err error) {
	if timeout > 0 {
		parent := ctx
		attempt, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		defer func() {
			// say why, keeping the error's kind (it is tried again)
			if err != nil && parent.Err() == nil && errors.Is(attempt.Err(), context.DeadlineExceeded) {
				err = fmt.Errorf("%w (no whole answer within %s)", err, timeout)
			}
		}()
		ctx = attempt
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", accept)
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return &netError{err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e := &Error{URL: u, Status: resp.StatusCode, Title: errorTitle(resp.Body)}
		if resp.StatusCode == http.StatusTooManyRequests {
			return &tooMany{err: e, after: resp.Header.Get("Retry-After")}
		}
		return e
	}
	return use(resp)
}

// netError is a request that got no response: worth another attempt.
type netError struct{ err error }

func (e *netError) Error() string { return e.err.Error() }
func (e *netError) Unwrap() error { return e.err }

// tooMany is a 429 with the Retry-After it gave.
type tooMany struct {
	err   *Error
	after string
}

func (e *tooMany) Error() string { return e.err.Error() }
func (e *tooMany) Unwrap() error { return e.err }

// cutShort is a response body that ended early: worth another attempt.
type cutShort struct{ err error }

func (e *cutShort) Error() string { return e.err.Error() }
func (e *cutShort) Unwrap() error { return e.err }

// retryAfter says whether to try again after err on the given attempt,
// and after how long.
func (c *Client) retryAfter(err error, attempt int) (time.Duration, bool) {
	if attempt >= c.Attempts {
		return 0, false
	}
	backoff := c.Backoff << (attempt - 1)
	backoff += time.Duration(rand.Int64N(int64(backoff)/5 + 1)) // jitter: many councils' schedules fire at 05:30
	var tm *tooMany
	var e *Error
	var ne *netError
	var cs *cutShort
	switch {
	case errors.As(err, &tm):
		if d, ok := parseRetryAfter(tm.after, time.Now()); ok {
			if d > c.MaxWait {
				return 0, false
			}
			return d, true
		}
		return backoff, true
	case errors.As(err, &e):
		return backoff, retryable(e.Status)
	case errors.As(err, &ne), errors.As(err, &cs):
		return backoff, true
	}
	return 0, false
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, true
		}
		return 0, true
	}
	return 0, false
}

func (c *Client) wait(ctx context.Context, d time.Duration) error {
	if c.sleep != nil {
		return c.sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// errorTitle reads what an error body says, briefly.
func errorTitle(body io.Reader) string {
	data, _ := io.ReadAll(io.LimitReader(body, 64<<10))
	var e apiError
	if json.Unmarshal(data, &e) != nil || e.Title == "" {
		return ""
	}
	parts := []string{e.Title}
	if e.Detail != "" {
		parts = append(parts, e.Detail)
	}
	return strings.Join(append(parts, e.messages()...), " ")
}

// getJSON fetches path into out.
func (c *Client) getJSON(ctx context.Context, path string, q url.Values, out any) error {
	u := c.URL(path, q)
	return c.do(ctx, u, "application/json", c.RequestTimeout, func(resp *http.Response) error {
		body, err := c.jsonBody(resp, u)
		if err != nil {
			return err
		}
		data, _ := io.ReadAll(body)
		if err := body.readErr(u); err != nil {
			return err
		}
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("GET %s: the response is not the JSON the API documents: %w", u, err)
		}
		return nil
	})
}

// jsonBody is a JSON response's body, capped at MaxJSON (counted after
// the transport's decompression, so a small gzip cannot unpack to more).
func (c *Client) jsonBody(resp *http.Response, u string) (*capped, error) {
	if ct := resp.Header.Get("Content-Type"); isHTML(ct) {
		return nil, fmt.Errorf("GET %s: the response is a web page (%s), not the API's JSON: a proxy's sign-in or block page? Check HTTPS_PROXY", u, ct)
	}
	limit := orDefault(c.MaxJSON, DefaultMaxJSON)
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("GET %s: %w, more than any answer of the API: something else is answering", u, &tooLarge{limit})
	}
	return &capped{r: resp.Body, limit: limit}, nil
}

func isHTML(contentType string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "text/html")
}

// getAll fetches every page of a paginated list.
func getAll[T any](ctx context.Context, c *Client, path string, q url.Values, pageSize int) ([]T, error) {
	var all []T
	err := eachPage(ctx, c, path, q, pageSize, func(v T) error {
		all = append(all, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}

// eachPage calls fn with the results of every page of a paginated list, a
// page at a time, as each is read: what fn does not keep is not kept, so
// a long list of large pages costs one page's memory. A page is decoded
// whole before fn sees its results, so an attempt that fails halfway and
// is tried again passes nothing on twice. A list is followed for MaxPages
// at most: one whose pages say it has more is refused at its first page.
func eachPage[T any](ctx context.Context, c *Client, path string, q url.Values, pageSize int, fn func(T) error) (err error) {
	maxPages := orDefault(c.MaxPages, DefaultMaxPages)
	timeout := orDefault(c.DownloadTimeout, DefaultDownloadTimeout)
	list, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	defer func() {
		if err != nil && ctx.Err() == nil && errors.Is(list.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("the list's pages did not all come within %s, the most yardstick gives a list or a download (fetch: timeout in the config): %w", timeout, err)
		}
	}()
	for n := 1; n <= maxPages; n++ {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		qq.Set("page", strconv.Itoa(n))
		qq.Set("pageSize", strconv.Itoa(pageSize))
		u := c.URL(path, qq)
		var results []T
		var paging Paging
		err := c.do(list, u, "application/json", c.RequestTimeout, func(resp *http.Response) error {
			results = results[:0]
			body, err := c.jsonBody(resp, u)
			if err != nil {
				return err
			}
			paging, err = decodePage(body, func(v T) error {
				results = append(results, v)
				return nil
			})
			if err := body.readErr(u); err != nil {
				return err
			}
			if err != nil {
				return fmt.Errorf("GET %s: the response is not the JSON the API documents: %w", u, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		switch {
		case paging.Page != 0 && paging.Page != n:
			return fmt.Errorf("GET %s: the API answered with page %d: its paging is broken", u, paging.Page)
		case paging.TotalPages > maxPages:
			return fmt.Errorf("GET %s: the API says the list has %d pages, more than the %d yardstick follows: its paging is broken, or something else is answering", u, paging.TotalPages, maxPages)
		}
		for _, v := range results {
			if err := fn(v); err != nil {
				return err
			}
		}
		if n >= paging.TotalPages || len(results) == 0 {
			return nil
		}
	}
	// not reached: a page past maxPages says there are more than maxPages
	return fmt.Errorf("GET %s: the list goes on past %d pages, the most yardstick follows", c.URL(path, q), maxPages)
}

// decodePage reads a page of a paginated list, calling fn with each result
// as it is decoded, and returns its paging block. Other members are
// skipped; member names match as encoding/json matches them (ignoring
// case).
func decodePage[T any](r io.Reader, fn func(T) error) (Paging, error) {
	p, err := decodeMembers(json.NewDecoder(r), fn)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF // the body ended inside the page
	}
	return p, err
}

func decodeMembers[T any](dec *json.Decoder, fn func(T) error) (Paging, error) {
	var p Paging
	if err := delim(dec, '{'); err != nil {
		return p, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return p, err
		}
		key, _ := tok.(string)
		switch {
		case strings.EqualFold(key, "results"):
			tok, err := dec.Token()
			if err != nil {
				return p, err
			}
			if tok == nil {
				continue // null: no results
			}
			if d, ok := tok.(json.Delim); !ok || d != '[' {
				return p, errors.New("results is not a list")
			}
			for dec.More() {
				var v T
				if err := dec.Decode(&v); err != nil {
					return p, err
				}
				if err := fn(v); err != nil {
					return p, err
				}
			}
			if err := delim(dec, ']'); err != nil {
				return p, err
			}
		case strings.EqualFold(key, "paging"):
			if err := dec.Decode(&p); err != nil {
				return p, fmt.Errorf("paging: %w", err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return p, err
			}
		}
	}
	if err := delim(dec, '}'); err != nil {
		return p, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return p, errors.New("more follows the page's JSON object")
	}
	return p, nil
}

// delim reads the next token, which must be d.
func delim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if got, ok := tok.(json.Delim); !ok || got != d {
		return fmt.Errorf("expected %s, found %T", d, tok)
	}
	return nil
}

// Versions lists a data set's versions (GET /v1/data-sets/{id}/versions),
// every page.
func (c *Client) Versions(ctx context.Context, id string) ([]Version, error) {
	return getAll[Version](ctx, c, versionsPath(id), nil, 20)
}

// EachVersion calls fn with each of a data set's versions, a page at a
// time, keeping none: Sync picks the version wanted as they come.
func (c *Client) EachVersion(ctx context.Context, id string, fn func(Version) error) error {
	return eachPage(ctx, c, versionsPath(id), nil, 20, fn)
}

func versionsPath(id string) string { return "/v1/data-sets/" + url.PathEscape(id) + "/versions" }

// DataSet gets a data set's summary (GET /v1/data-sets/{id}).
func (c *Client) DataSet(ctx context.Context, id string) (*DataSet, error) {
	var d DataSet
	if err := c.getJSON(ctx, "/v1/data-sets/"+url.PathEscape(id), nil, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// Meta gets a version's metadata (GET /v1/data-sets/{id}/meta).
func (c *Client) Meta(ctx context.Context, id, version string) (*Meta, error) {
	var m Meta
	q := url.Values{"dataSetVersion": {version}}
	if err := c.getJSON(ctx, "/v1/data-sets/"+url.PathEscape(id)+"/meta", q, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// Publications lists the publications a search finds (GET
// /v1/publications?search=), every page.
func (c *Client) Publications(ctx context.Context, search string) ([]Publication, error) {
	q := url.Values{}
	if search != "" {
		q.Set("search", search)
	}
	return getAll[Publication](ctx, c, "/v1/publications", q, 40)
}

// PublicationDataSets lists a publication's data sets (GET
// /v1/publications/{id}/data-sets), every page.
func (c *Client) PublicationDataSets(ctx context.Context, publicationID string) ([]DataSet, error) {
	return getAll[DataSet](ctx, c, "/v1/publications/"+url.PathEscape(publicationID)+"/data-sets", nil, 20)
}

// CSVURL is where a version's CSV is downloaded from.
func (c *Client) CSVURL(id, version string) string {
	return c.URL("/v1/data-sets/"+url.PathEscape(id)+"/csv", url.Values{"dataSetVersion": {version}})
}
