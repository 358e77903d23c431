package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

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

// validate runs every validation rule, one at a time: a rule whose SQL
// fails on these returns (a table absent, a column of an unexpected type)
// is recorded as not run, with the kind of error, and the others still
// run. Rules that need a reference not loaded are recorded as not run.
func validate(ctx context.Context, conn *sql.Conn, exec func(what, q string, args ...any) error) error {
	rules, err := validation.Files()
	if err != nil {
		return err
	}
	return validateRules(ctx, conn, exec, rules)
}

func validateRules(ctx context.Context, conn *sql.Conn, exec func(what, q string, args ...any) error, rules []validation.Rule) error {
	if err := exec("recording the rules", validation.Records(rules)); err != nil {
		return err
	}
	loaded := map[string]bool{} // by reference, asked once
	for ref, q := range validation.ReferenceLoaded {
		var ok bool
		if err := conn.QueryRowContext(ctx, q).Scan(&ok); err != nil {
			return fmt.Errorf("whether %s are loaded: %w", ref, err)
		}
		loaded[ref] = ok
	}
	var runnable []validation.Rule
	for _, r := range rules {
		var missing []string
		for _, ref := range r.NeedsList() {
			if !loaded[ref] {
				missing = append(missing, ref)
			}
		}
		if len(missing) > 0 {
			why := "needs " + strings.Join(missing, " and ") + ", which no input loaded (see docs/validation.md)"
			if err := exec("rule "+r.Code, r.NotRun(why)); err != nil {
				return err
			}
			continue
		}
		runnable = append(runnable, r)
	}
	failed, err := runRules(ctx, conn, runnable)
	if err != nil {
		return err
	}
	for _, f := range failed {
		// said by the kind of error only: DuckDB may quote a value
		why := fmt.Sprintf("its SQL failed on these returns (%s); the other rules ran", errorKind(f.err))
		if err := exec("rule "+f.rule.Code, f.rule.NotRun(why)); err != nil {
			return err
		}
	}
	if q := validation.Values(rules); q != "" {
		if err := exec("the failing rows' values", q); err != nil {
			return err
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

type ruleFailure struct {
	rule validation.Rule
	err  error
}

// runRules runs the rules' statements one after another and returns those
// that failed. (DuckDB already spreads each over the cores: two rules at a
// time on two connections took longer on the national benchmark, 31 s
// against 26 s.)
func runRules(ctx context.Context, conn *sql.Conn, rules []validation.Rule) ([]ruleFailure, error) {
	var failed []ruleFailure
	profile := os.Getenv("YARDSTICK_PROFILE") != ""
	for _, r := range rules {
		start := time.Now()
		_, err := conn.ExecContext(ctx, r.Statement())
		if profile {
			fmt.Fprintf(os.Stderr, "profile %6.2fs model %s, rule %s\n", time.Since(start).Seconds(), r.File, r.Code)
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			failed = append(failed, ruleFailure{r, err})
		}
	}
	return failed, nil
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
