// Package eesapi fetches data sets from DfE's explore-education-statistics
// (EES) public API (https://api.education.gov.uk/statistics): the versions
// of a data set, the CSV of one version and its metadata, and the
// publications and data sets a search finds. Sync keeps a folder holding
// the chosen version of each data set a council follows, written as
// NAME.csv and NAME.meta.csv so the EES readers take it like a file
// downloaded by hand.
//
// The shapes below are the API's v1 view models (camelCase JSON), as its
// OpenAPI document and DfE's source describe them; testdata/ holds example
// responses in those shapes.
package eesapi

import (
	"encoding/json"
	"sort"
	"time"
)

// DefaultBaseURL is the live API.
const DefaultBaseURL = "https://api.education.gov.uk/statistics"

// Paging is the paging block of every paginated list, which is an object
// of two members: results (a list) and paging.
type Paging struct {
	Page         int `json:"page"`
	PageSize     int `json:"pageSize"`
	TotalResults int `json:"totalResults"`
	TotalPages   int `json:"totalPages"`
}

// Version is one version of a data set (DataSetVersionViewModel).
type Version struct {
	Version      string     `json:"version"` // 1.0, 2.1, 2.0.1
	Type         string     `json:"type"`    // Major | Minor
	Status       string     `json:"status"`  // Published | Deprecated | Withdrawn
	Published    *time.Time `json:"published"`
	Withdrawn    *time.Time `json:"withdrawn"`
	Notes        string     `json:"notes"`
	TotalResults int64      `json:"totalResults"`
	File         struct {
		ID string `json:"id"`
	} `json:"file"`
	Release Release `json:"release"`
}

// Release is the statistical release a version was published with.
type Release struct {
	Title string `json:"title"`
	Slug  string `json:"slug"`
}

// DataSet is a data set's summary (DataSetViewModel).
type DataSet struct {
	ID                   string `json:"id"`
	Title                string `json:"title"`
	Summary              string `json:"summary"`
	Status               string `json:"status"` // Published | Deprecated | Withdrawn
	SupersedingDataSetID string `json:"supersedingDataSetId"`
	LatestVersion        *struct {
		Version   string    `json:"version"`
		Published time.Time `json:"published"`
	} `json:"latestVersion"`
}

// Publication is a publication's summary (PublicationSummaryViewModel).
type Publication struct {
	ID            string    `json:"id"`
	Title         string    `json:"title"`
	Slug          string    `json:"slug"`
	Summary       string    `json:"summary"`
	LastPublished time.Time `json:"lastPublished"`
}

// Meta is a data set version's metadata (DataSetMetaViewModel), the parts
// yardstick uses: its filters and indicators.
type Meta struct {
	Filters    []Filter    `json:"filters"`
	Indicators []Indicator `json:"indicators"`
}

// Filter is a filter column (FilterOptionsViewModel, without its options).
type Filter struct {
	ID     string `json:"id"`
	Column string `json:"column"`
	Label  string `json:"label"`
	Hint   string `json:"hint"`
}

// Indicator is an indicator column (IndicatorViewModel). Unit is EES's
// label for it: "", "%", "£", "£m" or "pp".
type Indicator struct {
	ID            string  `json:"id"`
	Column        string  `json:"column"`
	Label         string  `json:"label"`
	Unit          *string `json:"unit"`
	DecimalPlaces *int    `json:"decimalPlaces"`
}

// apiError is the body of an error response: a ProblemDetailsViewModel
// (RFC 9457: type, title, status, detail) or, for a 400, a
// ValidationProblemViewModel whose errors are a list of {message, path,
// code, detail}. The API's first documentation had errors as a map from
// the parameter to its messages; both are read.
type apiError struct {
	Title  string          `json:"title"`
	Type   string          `json:"type"`
	Status int             `json:"status"`
	Detail string          `json:"detail"`
	Errors json.RawMessage `json:"errors"`
}

// validationError is one of a ValidationProblemViewModel's errors.
type validationError struct {
	Message string `json:"message"`
	Path    string `json:"path"`
	Code    string `json:"code"`
}

// messages lists the body's validation messages, each after its path.
func (e *apiError) messages() []string {
	var out []string
	var list []validationError
	if json.Unmarshal(e.Errors, &list) == nil {
		for _, v := range list {
			if v.Path != "" {
				out = append(out, v.Path+": "+v.Message)
			} else {
				out = append(out, v.Message)
			}
		}
		return out
	}
	var byField map[string][]validationError
	if json.Unmarshal(e.Errors, &byField) == nil {
		fields := make([]string, 0, len(byField))
		for f := range byField {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			for _, v := range byField[f] {
				if f != "" {
					out = append(out, f+": "+v.Message)
				} else {
					out = append(out, v.Message)
				}
			}
		}
	}
	return out
}
