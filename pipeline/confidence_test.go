package pipeline

import (
	"context"
	"database/sql"
	"math"
	"testing"
)

// TestConfidenceMacros runs sql/ref_confidence.sql's macros on their own
// against published worked examples: Newcombe (1998)'s examples for
// Wilson's score interval (to his 4 decimal places of a proportion), and
// O = 100 for Byar's (exact Poisson 81.36 to 121.63), and checks where no
// interval may be made.
func TestConfidenceMacros(t *testing.T) {
	ctx := context.Background()
	conn := memoryConn(ctx, t)
	runModel(ctx, t, conn, "ref_confidence.sql")
	none := math.NaN()
	tests := []struct {
		name         string
		unit         string
		x, n         any
		lower, upper float64 // NaN: no interval
		tol          float64
	}{
		{"Newcombe 81/263", "%", 81, 263, 25.53, 36.62, 0.005},
		{"Newcombe 15/148", "%", 15, 148, 6.24, 16.05, 0.005},
		{"Newcombe 0/20", "%", 0, 20, 0, 16.11, 0.005},
		{"Newcombe 1/29", "%", 1, 29, 0.61, 17.18, 0.005},
		{"all of them", "%", 29, 29, 88.30, 100, 0.005},
		{"Byar O = 100 per 10,000 of 10,000", "rate", 100, 10000, 81.36, 121.63, 0.005},
		{"Byar O = 0", "rate", 0, 5000, 0, 7.336, 0.0005},
		{"numerator over denominator", "%", 30, 20, none, none, 0},
		{"negative count", "%", -3, 100, none, none, 0},
		{"negative rate count", "rate", -5, 6000, none, none, 0},
		{"zero denominator", "%", 0, 0, none, none, 0},
		{"suppressed numerator", "%", nil, 100, none, none, 0},
		{"suppressed denominator", "rate", 12, nil, none, none, 0},
		{"a score has no interval", "score", 5, 10, none, none, 0},
		{"a count has no interval", "count", 5, 10, none, none, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lower, upper sql.NullFloat64
			err := conn.QueryRowContext(ctx, `SELECT ci_lower($1, $2::DOUBLE, $3::DOUBLE), ci_upper($1, $2::DOUBLE, $3::DOUBLE)`,
				tt.unit, tt.x, tt.n).Scan(&lower, &upper)
			if err != nil {
				t.Fatal(err)
			}
			if math.IsNaN(tt.lower) {
				if lower.Valid || upper.Valid {
					t.Errorf("interval %v to %v, want none", lower, upper)
				}
				return
			}
			if !lower.Valid || !upper.Valid || math.Abs(lower.Float64-tt.lower) > tt.tol || math.Abs(upper.Float64-tt.upper) > tt.tol {
				t.Errorf("interval %v to %v, want %v to %v", lower, upper, tt.lower, tt.upper)
			}
		})
	}

	// England's value against the interval, by polarity; its bounds count
	// as within.
	comparisons := []struct {
		england  any
		polarity string
		want     string // "" for NULL
	}{
		{22.6, "low", "better"}, {22.6, "high", "worse"}, {22.6, "none", "lower"},
		{5.0, "low", "worse"}, {5.0, "high", "better"}, {5.0, "none", "higher"},
		{12.0, "low", "similar"}, {10.0, "high", "similar"}, {20.0, "none", "similar"},
		{nil, "low", ""},
	}
	for _, c := range comparisons {
		var got sql.NullString
		if err := conn.QueryRowContext(ctx, `SELECT vs_england(10.0, 20.0, $1::DOUBLE, $2)`, c.england, c.polarity).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got.String != c.want {
			t.Errorf("England %v, polarity %s, interval 10 to 20: %q, want %q", c.england, c.polarity, got.String, c.want)
		}
	}
	var got sql.NullString
	if err := conn.QueryRowContext(ctx, `SELECT vs_england(NULL, NULL, 22.6, 'low')`).Scan(&got); err != nil || got.Valid {
		t.Errorf("without an interval: %v, %v; want NULL", got, err)
	}
}
