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
	present, err := returnsPresent(ctx, conn)
	if err != nil {
		return err
	}
	for _, ret := range validation.Returns {
		if known, ok := present[ret]; ok && !known {
			if err := exec("rules of "+ret, validation.NotRunFor(ret, "no "+validation.Name(ret)+" return among the inputs")); err != nil {
				return err
			}
		}
	}
	var runnable []validation.Rule
	for _, r := range rules {
		if known, ok := present[r.Return]; ok && !known {
			continue
		}
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
	// only rules that ran can have failing rows: with no return among the
	// inputs there is nothing to update (0.1 s on a run of published statistics)
	if q := validation.Values(runnable); q != "" {
		if err := exec("the failing rows' values", q); err != nil {
			return err
		}
	}
	for _, r := range rules {
		if known, ok := present[r.Return]; ok && !known {
			continue // no rows, so no issues of its return to replace
		}
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

// returnTables are each return's stage tables. A rule reads its own
// return's tables only (and reference data), so where every one of them
// is empty, no such return being among the inputs, its statement could
// select nothing and is not run: the rule is recorded as not run, and why.
// (A run of published statistics only spent about 0.7 s on some 420
// statements over empty tables.)
var returnTables = func() map[string][]string {
	out := map[string][]string{}
	for _, sp := range cincensus.Specs() {
		out["cin_census"] = append(out["cin_census"], sp.Table)
	}
	for _, t := range ssda903.Tables {
		out["ssda903"] = append(out["ssda903"], t.Spec.Table)
	}
	return out
}()

// returnsPresent says, for each return, whether any of its stage tables
// holds a row. A return whose tables are not all there (a test's partial
// warehouse) is left out, so its rules run.
func returnsPresent(ctx context.Context, conn *sql.Conn) (map[string]bool, error) {
	out := map[string]bool{}
	for ret, tables := range returnTables {
		var exists []string
		for _, t := range tables {
			exists = append(exists, fmt.Sprintf("EXISTS (SELECT 1 FROM stage.%s)", t))
		}
		var has bool
		err := conn.QueryRowContext(ctx, "SELECT "+strings.Join(exists, " OR ")).Scan(&has)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err == nil {
			out[ret] = has
		}
	}
	return out, nil
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
