-- meta.change: what this run changed against the warehouse it replaces,
-- recorded before the swap (pipeline/change.go attaches the published
-- warehouse read-only and gives its tables here as the temporary views
-- prev_benchmark, prev_own, prev_in_year and prev_validation, in this
-- warehouse's columns: a column an older warehouse lacks is NULL, a table
-- it lacks is empty; and change_this_run, this run's and the previous
-- run's ids). Every row is for one LA, except an input's.
--
-- Published figures (mart.la_benchmark: LA rows only):
--   new_period  a period the indicator did not have: each LA's new figure,
--               rank and quartile; old_* are the LA's figures of the latest
--               period before it in the previous warehouse, so a digest
--               can say what the figure was;
--   revised     the same LA, indicator and period with another value;
--   rank, quartile
--               the LA's rank or quartile in the indicator's latest period
--               moved (its own revision, or the others'); a value that
--               gained or lost its rank is a revision (and a warehouse
--               without ranks gives none);
--   withdrawn   a period no longer in any input: the old figures.
-- Most rows are the same in both: the rows that differ in either
-- (EXCEPT, where NULLs are equal) are found first, in one pass over each
-- side, and only they are compared.
-- When only the council's returns changed since the previous run
-- (compare_published false: the same published inputs, catalogue, models
-- and yardstick), the published figures are the same and none are read.
CREATE TEMP TABLE change_cur AS
SELECT indicator_id, period, year, la_code, value, national_rank, quartile, source_file
FROM mart.la_benchmark
WHERE (SELECT compare_published FROM change_this_run);

CREATE TEMP TABLE change_new AS
SELECT indicator_id, period, year, la_code, value, national_rank, quartile FROM change_cur
EXCEPT
SELECT indicator_id, period, year, la_code, value, national_rank, quartile FROM prev_benchmark
WHERE (SELECT compare_published FROM change_this_run);

CREATE TEMP TABLE change_old AS
SELECT indicator_id, period, year, la_code, value, national_rank, quartile FROM prev_benchmark
WHERE (SELECT compare_published FROM change_this_run)
EXCEPT
SELECT indicator_id, period, year, la_code, value, national_rank, quartile FROM change_cur;

INSERT INTO meta.change (run_id, previous_run_id, la_code, indicator_id, period, kind,
                         old_value, new_value, old_rank, new_rank, old_quartile, new_quartile, source_file)
WITH new_periods AS (
    SELECT DISTINCT indicator_id, period FROM change_new
    EXCEPT
    SELECT DISTINCT indicator_id, period FROM prev_benchmark
),
gone_periods AS (
    SELECT DISTINCT indicator_id, period FROM change_old
    EXCEPT
    SELECT DISTINCT indicator_id, period FROM change_cur
),
latest AS (
    SELECT indicator_id, arg_max(period, year) AS period
    FROM change_cur
    WHERE value IS NOT NULL AND indicator_id IN (SELECT indicator_id FROM change_new)
    GROUP BY indicator_id
),
changes AS (
    SELECT c.la_code, c.indicator_id, c.period, 'new_period' AS kind,
           p.value AS old_value, c.value AS new_value, p.national_rank AS old_rank, c.national_rank AS new_rank,
           p.quartile AS old_quartile, c.quartile AS new_quartile
    FROM change_new c
    SEMI JOIN new_periods n ON n.indicator_id = c.indicator_id AND n.period = c.period
    ASOF LEFT JOIN prev_benchmark p
      ON p.indicator_id = c.indicator_id AND p.la_code = c.la_code AND c.year > p.year
    UNION ALL
    SELECT c.la_code, c.indicator_id, c.period, 'revised',
           p.value, c.value, p.national_rank, c.national_rank, p.quartile, c.quartile
    FROM change_new c
    JOIN change_old p USING (indicator_id, period, la_code)
    WHERE c.value IS DISTINCT FROM p.value
    UNION ALL
    SELECT c.la_code, c.indicator_id, c.period, k.kind,
           p.value, c.value, p.national_rank, c.national_rank, p.quartile, c.quartile
    FROM change_new c
    SEMI JOIN latest l ON l.indicator_id = c.indicator_id AND l.period = c.period
    JOIN change_old p USING (indicator_id, period, la_code)
    JOIN (VALUES ('rank'), ('quartile')) k(kind)
      ON (k.kind = 'rank' AND c.national_rank <> p.national_rank)
      OR (k.kind = 'quartile' AND c.quartile <> p.quartile)
    UNION ALL
    SELECT p.la_code, p.indicator_id, p.period, 'withdrawn',
           p.value, NULL, p.national_rank, NULL, p.quartile, NULL
    FROM change_old p
    SEMI JOIN gone_periods g ON g.indicator_id = p.indicator_id AND g.period = p.period
)
SELECT r.run_id, r.previous_run_id, c.*,
       -- the input the figure came from: the new one's, the old one's for withdrawn
       coalesce(f.source_file, (SELECT any_value(p.source_file) FROM prev_benchmark p
                                WHERE p.indicator_id = c.indicator_id AND p.period = c.period AND p.la_code = c.la_code))
FROM changes c
CROSS JOIN change_this_run r
LEFT JOIN change_cur f USING (indicator_id, period, la_code);

-- The council's own figures (mart.provisional_position, a year's) and
-- in-year figures (mart.in_year, keyed by month end and window; the one at
-- a part-year return's as_at, which moves with each day's extract, is
-- keyed as the latest): own_changed where the value appears, moves or
-- goes. The period of an in-year figure is its basis ("12 months to 30
-- Sep 2024").
INSERT INTO meta.change (run_id, previous_run_id, la_code, indicator_id, period, kind,
                         old_value, new_value, old_rank, new_rank, old_quartile, new_quartile, source_file)
WITH cur_own AS (
    SELECT indicator_id, period, la_code, value, national_rank, quartile, source_files AS source_file
    FROM mart.provisional_position
),
cur_in_year AS (
    SELECT indicator_id, la_code, basis, value, national_rank, quartile, source_files AS source_file,
           window_months, CASE WHEN month_end = last_day(month_end) THEN month_end::VARCHAR ELSE 'latest' END AS at_key
    FROM mart.in_year
),
prev_in_year_keyed AS (
    SELECT *, CASE WHEN month_end = last_day(month_end) THEN month_end::VARCHAR ELSE 'latest' END AS at_key
    FROM prev_in_year
),
changes AS (
    SELECT coalesce(c.la_code, p.la_code) AS la_code, coalesce(c.indicator_id, p.indicator_id) AS indicator_id,
           coalesce(c.period, p.period) AS period,
           p.value AS old_value, c.value AS new_value, p.national_rank AS old_rank, c.national_rank AS new_rank,
           p.quartile AS old_quartile, c.quartile AS new_quartile, coalesce(c.source_file, p.source_files) AS source_file
    FROM cur_own c
    FULL JOIN prev_own p USING (indicator_id, period, la_code)
    WHERE c.value IS DISTINCT FROM p.value OR (c.la_code IS NULL) <> (p.la_code IS NULL)
    UNION ALL
    SELECT coalesce(c.la_code, p.la_code), coalesce(c.indicator_id, p.indicator_id), coalesce(c.basis, p.basis),
           p.value, c.value, p.national_rank, c.national_rank, p.quartile, c.quartile, coalesce(c.source_file, p.source_files)
    FROM cur_in_year c
    FULL JOIN prev_in_year_keyed p USING (indicator_id, la_code, window_months, at_key)
    WHERE c.value IS DISTINCT FROM p.value OR (c.la_code IS NULL) <> (p.la_code IS NULL)
)
SELECT r.run_id, r.previous_run_id, c.la_code, c.indicator_id, c.period, 'own_changed',
       c.old_value, c.new_value, c.old_rank, c.new_rank, c.old_quartile, c.new_quartile, c.source_file
FROM changes c CROSS JOIN change_this_run r;

-- Validation failures, counted per LA, collection year and rule: a
-- failure is the same one in both warehouses when its return, year, LA,
-- rule, table and child (the pseudonym; none for a rule on the whole
-- return) are, however its row moved in a newer extract; failures counts
-- how many are new (validation_new) or gone (validation_resolved).
INSERT INTO meta.change (run_id, previous_run_id, la_code, period, kind, source_file, rule_code, failures)
WITH cur AS (
    SELECT "return", collection_year, la_code, rule_code, table_name, coalesce(child_id, '') AS child,
           count(*) AS n, max(source_file) AS source_file
    FROM meta.validation
    GROUP BY ALL
),
prev AS (
    SELECT "return", collection_year, la_code, rule_code, table_name, coalesce(child_id, '') AS child,
           count(*) AS n, max(source_file) AS source_file
    FROM prev_validation
    GROUP BY ALL
),
moved AS (
    SELECT "return", collection_year, la_code, rule_code,
           coalesce(c.n, 0) - coalesce(p.n, 0) AS diff, coalesce(c.source_file, p.source_file) AS source_file
    FROM cur c
    FULL JOIN prev p USING ("return", collection_year, la_code, rule_code, table_name, child)
)
SELECT r.run_id, r.previous_run_id, m.la_code, m.collection_year::VARCHAR,
       CASE WHEN m.diff > 0 THEN 'validation_new' ELSE 'validation_resolved' END AS kind,
       max(m.source_file), m.rule_code, sum(abs(m.diff))::INTEGER
FROM moved m CROSS JOIN change_this_run r
WHERE m.diff <> 0
GROUP BY r.run_id, r.previous_run_id, m.la_code, m.collection_year, kind, m.rule_code;

-- Inputs this run rejected, or replaced by the version an earlier run
-- loaded (on_rejected: keep_previous): not a change in the figures, but
-- what a morning reader must know; one row per input, with no LA.
INSERT INTO meta.change (run_id, previous_run_id, kind, source_file)
SELECT r.run_id, r.previous_run_id,
       CASE f.status WHEN 'rejected' THEN 'input_rejected' ELSE 'input_kept' END, f.path
FROM meta.input_file f CROSS JOIN change_this_run r
WHERE f.status IN ('rejected', 'kept_previous');
