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
	// IdleTimeout abandons a download that receives nothing for this long
	// (a download as a whole has no limit: national files are large).
	IdleTimeout time.Duration

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
	}
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
func (c *Client) once(ctx context.Context, u, accept string, timeout time.Duration, use func(*http.Response) error) error {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
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
		if ct := resp.Header.Get("Content-Type"); isHTML(ct) {
			return fmt.Errorf("GET %s: the response is a web page (%s), not the API's JSON: a proxy's sign-in or block page? Check HTTPS_PROXY", u, ct)
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		if err != nil {
			return &cutShort{fmt.Errorf("GET %s: the response was cut short: %w", u, err)}
		}
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("GET %s: the response is not the JSON the API documents: %w", u, err)
		}
		return nil
	})
}

func isHTML(contentType string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "text/html")
}

// maxPages bounds a paged list, against a server that never says it ended.
const maxPages = 500

// getAll fetches every page of a paginated list.
func getAll[T any](ctx context.Context, c *Client, path string, q url.Values, pageSize int) ([]T, error) {
	var all []T
	for n := 1; n <= maxPages; n++ {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		qq.Set("page", strconv.Itoa(n))
		qq.Set("pageSize", strconv.Itoa(pageSize))
		var p page[T]
		if err := c.getJSON(ctx, path, qq, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Results...)
		if n >= p.Paging.TotalPages || len(p.Results) == 0 {
			return all, nil
		}
	}
	return nil, fmt.Errorf("GET %s: more than %d pages", c.URL(path, q), maxPages)
}

// Versions lists a data set's versions (GET /v1/data-sets/{id}/versions),
// every page.
func (c *Client) Versions(ctx context.Context, id string) ([]Version, error) {
	return getAll[Version](ctx, c, "/v1/data-sets/"+url.PathEscape(id)+"/versions", nil, 20)
}

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
