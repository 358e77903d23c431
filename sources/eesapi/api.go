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

import "time"

// DefaultBaseURL is the live API.
const DefaultBaseURL = "https://api.education.gov.uk/statistics"

// Paging is the paging block of every paginated list.
type Paging struct {
	Page         int `json:"page"`
	PageSize     int `json:"pageSize"`
	TotalResults int `json:"totalResults"`
	TotalPages   int `json:"totalPages"`
}

// page is a paginated list of T.
type page[T any] struct {
	Results []T    `json:"results"`
	Paging  Paging `json:"paging"`
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

// apiError is the body of an error response (ApiErrorViewModel).
type apiError struct {
	Title  string `json:"title"`
	Type   string `json:"type"`
	Status int    `json:"status"`
	Errors map[string][]struct {
		Message string `json:"message"`
	} `json:"errors"`
}
