// Package eesapitest is an in-process stand-in for DfE's EES public API,
// for tests: it speaks the documented v1 endpoints yardstick uses (data
// sets, versions paged, metadata, CSV, publications) in their documented
// JSON shapes, and can be made to fail the ways the real one can: 404 for
// an unknown id, 429 with Retry-After, a download cut short, a damaged
// download, and (closed) a server that is down; and the ways a hostile
// one, or something in its place, can: pages too large, a list with no
// end, a gzip bomb, an answer sent a byte at a time.
package eesapitest

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Version is one version of a data set: its CSV and metadata (a
// DataSetMetaViewModel as JSON).
type Version struct {
	Version      string
	Status       string // Published (default), Deprecated, Withdrawn
	ReleaseTitle string
	Published    time.Time
	CSV          string
	MetaJSON     string
}

// DataSet is a data set the server serves.
type DataSet struct {
	ID, Title     string
	Status        string // Published (default), Deprecated, Withdrawn
	SupersededBy  string
	PublicationID string
	Versions      []Version
}

// Publication is a publication the search finds.
type Publication struct {
	ID, Title, Slug, Summary string
	LastPublished            time.Time
}

// Server is the stand-in API.
type Server struct {
	*httptest.Server

	mu           sync.Mutex
	sets         map[string]*DataSet
	publications []Publication
	requests     []string
	tooMany      int    // the next requests answered 429
	retryAfter   string // their Retry-After
	truncate     int    // the next CSV downloads cut short
	damage       int    // the next CSV downloads with a wrong Content-MD5
	html         bool   // every answer a proxy's sign-in page
	notes        int    // the length of every version's notes
	endless      bool   // the versions list never ends
	bomb         int64  // the next CSV download a gzip stream unpacking to this many bytes
	drip         time.Duration
}

// NewServer starts a server; Close stops it (and makes it a server that is
// down for a client that still calls it).
func NewServer(sets ...DataSet) *Server {
	s := &Server{sets: map[string]*DataSet{}}
	for i := range sets {
		s.Add(sets[i])
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Add adds a data set, or replaces it (a new version appearing).
func (s *Server) Add(d DataSet) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sets[d.ID] = &d
}

// AddVersion publishes a new version of a data set.
func (s *Server) AddVersion(id string, v Version) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sets[id].Versions = append(s.sets[id].Versions, v)
}

// AddPublication adds a publication for searches.
func (s *Server) AddPublication(p Publication) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publications = append(s.publications, p)
}

// TooManyRequests answers the next n requests with 429 and Retry-After.
func (s *Server) TooManyRequests(n int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tooMany, s.retryAfter = n, retryAfter
}

// Truncate cuts the next n CSV downloads short: the full length is
// declared, half the bytes sent, and the connection closed.
func (s *Server) Truncate(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.truncate = n
}

// Damage sends the next n CSV downloads whole with a Content-MD5 that is
// not theirs.
func (s *Server) Damage(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.damage = n
}

// SignInPage makes every answer an HTML page, as a council's proxy gives.
func (s *Server) SignInPage(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.html = on
}

// VersionNotes makes every version's notes n bytes long, so a page of
// versions is as large as n times the page's size.
func (s *Server) VersionNotes(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notes = n
}

// EndlessVersions makes every data set's list of versions go on for ever:
// each page asked for is full and says one more follows.
func (s *Server) EndlessVersions(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.endless = on
}

// GzipBomb sends the next CSV download as a gzip stream, without a
// Content-Encoding, that unpacks to n bytes: an EES header, then the same
// row over and over.
func (s *Server) GzipBomb(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bomb = n
}

// Drip sends every answer's body one byte at a time, every d (0: whole),
// until the client gives up.
func (s *Server) Drip(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drip = d
}

// Requests lists the requests served so far (path and query).
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Count counts the requests whose path and query contain sub.
func (s *Server) Count(sub string) int {
	n := 0
	for _, r := range s.Requests() {
		if strings.Contains(r, sub) {
			n++
		}
	}
	return n
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.URL.RequestURI())
	if s.html {
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><body>Sign in to continue</body></html>")
		return
	}
	if s.tooMany > 0 {
		s.tooMany--
		after := s.retryAfter
		s.mu.Unlock()
		if after != "" {
			w.Header().Set("Retry-After", after)
		}
		problem(w, http.StatusTooManyRequests, "Too many requests")
		return
	}
	if s.drip > 0 {
		w = &dripWriter{ResponseWriter: w, every: s.drip, done: r.Context().Done()}
	}
	s.mu.Unlock()

	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(parts) == 2 && parts[0] == "v1" && parts[1] == "publications":
		s.servePublications(w, r)
	case len(parts) == 4 && parts[0] == "v1" && parts[1] == "publications" && parts[3] == "data-sets":
		s.servePublicationDataSets(w, r, parts[2])
	case len(parts) >= 3 && parts[0] == "v1" && parts[1] == "data-sets":
		s.mu.Lock()
		d, ok := s.sets[parts[2]]
		var copied DataSet
		if ok {
			copied = *d
			copied.Versions = append([]Version(nil), d.Versions...)
		}
		s.mu.Unlock()
		if !ok {
			problem(w, http.StatusNotFound, "Resource not found")
			return
		}
		switch rest := strings.Join(parts[3:], "/"); rest {
		case "":
			writeJSON(w, dataSetJSON(&copied))
		case "versions":
			s.serveVersions(w, r, &copied)
		case "meta":
			if v, ok := version(&copied, r); ok {
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				fmt.Fprint(w, v.MetaJSON)
			} else {
				badVersion(w)
			}
		case "csv":
			if v, ok := version(&copied, r); ok {
				s.serveCSV(w, v)
			} else {
				badVersion(w)
			}
		default:
			problem(w, http.StatusNotFound, "Resource not found")
		}
	default:
		problem(w, http.StatusNotFound, "Resource not found")
	}
}

// paging reads page and pageSize, answering 400 as the API does when they
// are out of range.
func paging(w http.ResponseWriter, r *http.Request, maxSize int) (page, size int, ok bool) {
	page, size = 1, 10
	if v := r.URL.Query().Get("page"); v != "" {
		page, _ = strconv.Atoi(v)
	}
	if v := r.URL.Query().Get("pageSize"); v != "" {
		size, _ = strconv.Atoi(v)
	}
	if page < 1 || size < 1 || size > maxSize {
		invalid(w, "pageSize", fmt.Sprintf("Must be between 1 and %d.", maxSize), "InclusiveBetween")
		return 0, 0, false
	}
	return page, size, true
}

func paged[T any](w http.ResponseWriter, r *http.Request, maxSize int, all []T) {
	page, size, ok := paging(w, r, maxSize)
	if !ok {
		return
	}
	from := min((page-1)*size, len(all))
	to := min(from+size, len(all))
	writeJSON(w, map[string]any{
		"paging":  map[string]any{"page": page, "pageSize": size, "totalResults": len(all), "totalPages": (len(all) + size - 1) / size},
		"results": all[from:to],
	})
}

func (s *Server) serveVersions(w http.ResponseWriter, r *http.Request, d *DataSet) {
	s.mu.Lock()
	notes, endless := strings.Repeat("n", s.notes), s.endless
	s.mu.Unlock()
	vs := append([]Version(nil), d.Versions...)
	// newest first, as the API lists them
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].Published.After(vs[j].Published) })
	var out []map[string]any
	for i, v := range vs {
		typ := "Minor"
		if strings.HasSuffix(v.Version, ".0") || i == len(vs)-1 {
			typ = "Major"
		}
		var withdrawn any
		if statusOf(v.Status) == "Withdrawn" {
			withdrawn = v.Published.Add(24 * time.Hour).Format(time.RFC3339)
		}
		out = append(out, map[string]any{
			"version": v.Version, "type": typ, "status": statusOf(v.Status),
			"published": v.Published.Format(time.RFC3339), "withdrawn": withdrawn, "notes": notes,
			"totalResults":     strings.Count(v.CSV, "\n") - 1,
			"file":             map[string]any{"id": fmt.Sprintf("00000000-0000-4000-8000-%012d", i)},
			"release":          map[string]any{"title": v.ReleaseTitle, "slug": strings.ToLower(strings.ReplaceAll(v.ReleaseTitle, " ", "-"))},
			"timePeriods":      map[string]any{"start": "2018/19", "end": "2024/25"},
			"geographicLevels": []string{"National", "Regional", "Local authority"},
			"filters":          []string{}, "indicators": []string{},
		})
	}
	if endless && len(out) > 0 {
		page, size, ok := paging(w, r, 20)
		if !ok {
			return
		}
		var results []map[string]any
		for len(results) < size {
			results = append(results, out[len(results)%len(out)])
		}
		writeJSON(w, map[string]any{
			"paging":  map[string]any{"page": page, "pageSize": size, "totalResults": (page + 1) * size, "totalPages": page + 1},
			"results": results,
		})
		return
	}
	paged(w, r, 20, out)
}

func (s *Server) serveCSV(w http.ResponseWriter, v Version) {
	s.mu.Lock()
	cut := s.truncate > 0
	if cut {
		s.truncate--
	}
	damaged := !cut && s.damage > 0
	if damaged {
		s.damage--
	}
	bomb := s.bomb
	s.bomb = 0
	s.mu.Unlock()
	if bomb > 0 {
		serveBomb(w, v, bomb)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(v.CSV)))
	if damaged {
		w.Header().Set("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==")
	}
	if !cut {
		fmt.Fprint(w, v.CSV)
		return
	}
	fmt.Fprint(w, v.CSV[:len(v.CSV)/2])
	w.(http.Flusher).Flush()
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

// serveBomb writes a gzip stream unpacking to n bytes, the version's
// header and then its first row again and again, without saying it is
// compressed; it stops when the client does.
func serveBomb(w http.ResponseWriter, v Version, n int64) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	lines := strings.SplitAfter(v.CSV, "\n")
	head, row := lines[0], "x\n"
	if len(lines) > 1 && lines[1] != "" {
		row = lines[1]
	}
	zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
	if _, err := io.WriteString(zw, head); err != nil {
		return
	}
	chunk := strings.Repeat(row, max(1, 64<<10/len(row)))
	for left := n - int64(len(head)); left > 0; left -= int64(len(chunk)) {
		if _, err := io.WriteString(zw, chunk[:min(int64(len(chunk)), left)]); err != nil {
			return
		}
	}
	zw.Close()
}

// dripWriter sends a body one byte at a time, a pause between each, until
// the request's context ends.
type dripWriter struct {
	http.ResponseWriter
	every time.Duration
	done  <-chan struct{}
}

func (d *dripWriter) Write(p []byte) (int, error) {
	for i := range p {
		if _, err := d.ResponseWriter.Write(p[i : i+1]); err != nil {
			return i, err
		}
		d.ResponseWriter.(http.Flusher).Flush()
		select {
		case <-d.done:
			return i + 1, io.ErrClosedPipe
		case <-time.After(d.every):
		}
	}
	return len(p), nil
}

func (d *dripWriter) Flush()                      { d.ResponseWriter.(http.Flusher).Flush() }
func (d *dripWriter) Unwrap() http.ResponseWriter { return d.ResponseWriter }

func (s *Server) servePublications(w http.ResponseWriter, r *http.Request) {
	q := strings.ToLower(r.URL.Query().Get("search"))
	if q != "" && len(q) < 3 {
		invalid(w, "search", "Must be at least 3 characters.", "MinimumLength")
		return
	}
	s.mu.Lock()
	var out []map[string]any
	for _, p := range s.publications {
		if q == "" || strings.Contains(strings.ToLower(p.Title+" "+p.Summary), q) {
			out = append(out, map[string]any{"id": p.ID, "title": p.Title, "slug": p.Slug, "summary": p.Summary,
				"lastPublished": p.LastPublished.Format(time.RFC3339)})
		}
	}
	s.mu.Unlock()
	paged(w, r, 40, out)
}

func (s *Server) servePublicationDataSets(w http.ResponseWriter, r *http.Request, pubID string) {
	s.mu.Lock()
	var ids []string
	for id, d := range s.sets {
		if d.PublicationID == pubID {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var out []map[string]any
	for _, id := range ids {
		out = append(out, dataSetJSON(s.sets[id]))
	}
	s.mu.Unlock()
	paged(w, r, 20, out)
}

// dataSetJSON is a DataSetViewModel.
func dataSetJSON(d *DataSet) map[string]any {
	out := map[string]any{"id": d.ID, "title": d.Title, "summary": "", "status": statusOf(d.Status), "supersedingDataSetId": nil}
	if d.SupersededBy != "" {
		out["supersedingDataSetId"] = d.SupersededBy
	}
	if latest := latestPublished(d); latest != nil {
		out["latestVersion"] = map[string]any{"version": latest.Version, "published": latest.Published.Format(time.RFC3339),
			"totalResults": strings.Count(latest.CSV, "\n") - 1, "timePeriods": map[string]any{"start": "2018/19", "end": "2024/25"},
			"geographicLevels": []string{"National"}, "filters": []string{}, "indicators": []string{}}
	}
	return out
}

func statusOf(s string) string {
	if s == "" {
		return "Published"
	}
	return s
}

// version finds the version a request names (dataSetVersion; the latest
// published when absent).
func version(d *DataSet, r *http.Request) (Version, bool) {
	want := r.URL.Query().Get("dataSetVersion")
	if want == "" {
		if latest := latestPublished(d); latest != nil {
			return *latest, true
		}
		return Version{}, false
	}
	for _, v := range d.Versions {
		if v.Version == want && statusOf(v.Status) != "Withdrawn" {
			return v, true
		}
	}
	return Version{}, false
}

// latestPublished is the data set's newest published version, nil if none.
func latestPublished(d *DataSet) *Version {
	var latest *Version
	for i := range d.Versions {
		if v := &d.Versions[i]; statusOf(v.Status) == "Published" && (latest == nil || v.Published.After(latest.Published)) {
			latest = v
		}
	}
	return latest
}

func badVersion(w http.ResponseWriter) {
	invalid(w, "dataSetVersion", "The data set version could not be found.", "DataSetVersionNotFound")
}

// invalid writes a ValidationProblemViewModel: a 400 with a list of errors.
func invalid(w http.ResponseWriter, path, message, code string) {
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]any{"type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
		"title": "One or more validation errors occurred.", "status": 400,
		"errors": []any{map[string]any{"message": message, "path": path, "code": code}}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}

// problem writes a ProblemDetailsViewModel.
func problem(w http.ResponseWriter, status int, title string) {
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"type": "https://tools.ietf.org/html/rfc9110", "title": title, "status": status})
}
