package extract

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// InspectionText is the LA's latest Ofsted judgement of its children's
// services (mart.la_inspection) as a committee paper quotes it: "Ofsted
// (ILACS): Good, December 2022 (previously Requires improvement to be
// good, March 2019)". "" when no ILACS outcomes were loaded for the LA.
func InspectionText(ctx context.Context, db *sql.DB, laCode string) (string, error) {
	var overall string
	var date time.Time
	var prev sql.NullString
	var prevDate sql.NullTime
	err := db.QueryRowContext(ctx, `SELECT overall_effectiveness, inspection_date, previous_overall_effectiveness, previous_inspection_date
		FROM mart.la_inspection WHERE la_code = $1`, laCode).Scan(&overall, &date, &prev, &prevDate)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading mart.la_inspection: %w", err)
	}
	s := fmt.Sprintf("Ofsted (ILACS): %s, %s", overall, date.Format("January 2006"))
	if prev.Valid && prevDate.Valid {
		s += fmt.Sprintf(" (previously %s, %s)", prev.String, prevDate.Time.Format("January 2006"))
	}
	return s, nil
}
