package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"

	"github.com/yardstick-etl/yardstick/sources/cincensus"
	"github.com/yardstick-etl/yardstick/sources/ssda903"
	"github.com/yardstick-etl/yardstick/validation"
)

// The fields a validation report shows with their values: those of the
// returns' tables whose rows each have a row of their own in the file.
func init() {
	specs := cincensus.Specs()
	for _, t := range ssda903.Tables {
		specs = append(specs, t.Spec)
	}
	for _, sp := range specs {
		if !sp.RowPerPlace() {
			continue
		}
		shown := map[string]string{}
		for _, c := range sp.Columns {
			if v := c.Shown("s"); v != "" {
				shown[c.Field] = v
			}
		}
		validation.Shown[sp.Table] = shown
	}
}

// referenceTables are the tables that hold each reference a rule may need
// (validation.References); a rule whose reference is not loaded is not run.
var referenceTables = map[string]string{
	"postcodes":         "ref.postcode",
	"ofsted_providers":  "ref.ofsted_provider",
	"historic_la_codes": "ref.historic_la_code",
}

// validate runs every validation rule, one at a time: a rule whose SQL
// fails on these returns (a table absent, a column of an unexpected type)
// is recorded as not run, with the kind of error, and the others still
// run. Rules that need a reference not loaded are recorded as not run.
func validate(ctx context.Context, conn *sql.Conn, exec func(what, q string, args ...any) error) error {
	rules, err := validation.Files()
	if err != nil {
		return err
	}
	for _, r := range rules {
		if err := exec("recording rule "+r.Code, r.Record()); err != nil {
			return err
		}
	}
	for _, r := range rules {
		if r.Needs != "" {
			if ok, err := tableExists(ctx, conn, referenceTables[r.Needs]); err != nil {
				return err
			} else if !ok {
				if err := exec("rule "+r.Code, r.NotRun("needs "+r.Needs+", which no input loaded (see docs/validation.md)")); err != nil {
					return err
				}
				continue
			}
		}
		if err := exec("model "+r.File+", rule "+r.Code, r.Statement()); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// said by the kind of error only: DuckDB may quote a value
			why := fmt.Sprintf("its SQL failed on these returns (%s); the other rules ran", errorKind(err))
			if err := exec("rule "+r.Code, r.NotRun(why)); err != nil {
				return err
			}
		}
	}
	for _, r := range rules {
		if q := r.Replaced(); q != "" {
			if err := exec("rule "+r.Code+": its issues", q); err != nil {
				return err
			}
		}
	}
	if q := validation.PartYear(rules); q != "" {
		if err := exec("rules about 31 March on part-year returns", q); err != nil {
			return err
		}
	}
	return exec("returns of years without a specification", validation.YearIssues())
}

var errorKindRe = regexp.MustCompile(`([A-Z][a-z]+ )+Error`)

// errorKind is the kind of a DuckDB error ("Conversion Error", "Binder
// Error"), never its text, which may quote a child's value.
func errorKind(err error) string {
	if k := errorKindRe.FindString(err.Error()); k != "" {
		return k
	}
	return "an error"
}

func tableExists(ctx context.Context, conn *sql.Conn, name string) (bool, error) {
	var n int
	err := conn.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE schema_name || '.' || table_name = ?`, name).Scan(&n)
	return n > 0, err
}
