-- stage.indicator_value: the value of each indicator for each period and
-- geography (England, regions, LAs), picked out of stage.observation by the
-- catalogue in ref.indicator: file glob on the base name, measure column, and
-- equality on the filter columns in where_json (a subset of the breakdown).
--
-- Matching is by series, not by observation. A series is one file's measure
-- under one breakdown; a file has few of them (tens to a few thousand)
-- however many rows it has. The catalogue is matched against the distinct
-- series once (GLOB, json_contains), and observations join the matched
-- series on equality. The cost then grows with observations, not with
-- observations times indicators.
CREATE TEMP TABLE series AS
SELECT s.file_no, s.series, f.source_file, s.source_sheet, s.measure, s.breakdown,
       regexp_extract(f.source_file, '[^/!]*$') AS file_name
FROM stage.observation_series s
JOIN stage.source_file f USING (file_no);

-- An indicator may be published under several files, measures or filter
-- labels (ref.indicator_source: its own, then the catalogue's also
-- entries); a series matching any of them is the indicator's.
CREATE TEMP TABLE series_indicator AS
SELECT s.file_no, s.series, s.source_file, i.indicator_id,
       -- DfE republishes a period as provisional, then revised, then final
       -- (the version filter column); the most settled version wins.
       json_extract_string(s.breakdown, '$.version') AS version,
       CASE lower(json_extract_string(s.breakdown, '$.version'))
           WHEN 'final' THEN 1 WHEN 'revised' THEN 2 WHEN 'provisional' THEN 3 ELSE 4
       END AS version_rank,
       min(i.source_no) AS source_no
FROM series s
JOIN ref.indicator_source i
  ON i.measure = s.measure
 AND s.file_name GLOB i.file_glob
 AND json_contains(s.breakdown::JSON, i.where_json::JSON)
GROUP BY ALL;

-- Values are picked out, deduplicated and stored on integer keys: the
-- indicator's number, a period number and a place number common to all
-- files (the files' own ids map to them through their small tables). The
-- warehouse keeps those small tables and the values on their numbers
-- (stage.indicator_number, _period, _place and stage.indicator_figure);
-- the view stage.indicator_value joins them back into text, and the marts
-- build on the numbers.
CREATE TABLE stage.indicator_number AS
SELECT row_number() OVER (ORDER BY indicator_id)::INTEGER AS ind, indicator_id
FROM ref.indicator;

CREATE TEMP TABLE period_of_time AS
SELECT t.file_no, t.time, t.period, t.year, dense_rank() OVER (ORDER BY t.period, t.year)::INTEGER AS per
FROM stage.observation_time t
WHERE t.year IS NOT NULL;

CREATE TABLE stage.indicator_period AS
SELECT DISTINCT per, period, year FROM period_of_time;

CREATE TEMP TABLE place_of_place AS
SELECT p.file_no, p.place, p.geographic_level, p.geo_code, p.shared_with,
       dense_rank() OVER (ORDER BY p.geographic_level, p.geo_code)::INTEGER AS gp
FROM stage.observation_place p
WHERE p.geographic_level IN ('national', 'regional', 'la')
  AND p.geo_code IS NOT NULL;

CREATE TABLE stage.indicator_place AS
SELECT DISTINCT gp, geographic_level, geo_code FROM place_of_place;

-- the last file by name first, for the tie-break below
CREATE TEMP TABLE file_order AS
SELECT file_no, source_file, row_number() OVER (ORDER BY source_file DESC)::BIGINT AS file_ord
FROM stage.source_file;

-- One value per indicator, period and place: final, else revised, else
-- provisional. Two rows of the same version that match (a where that does
-- not pin every filter, or the same figure in two files) keep the one from
-- the last file by name, then the first row, and each such duplicate is
-- reported below. pick orders the candidates that way in one number:
-- version rank (1-4) x 2^52 + the indicator's source (its own first, then
-- its also entries; under 16) x 2^48 + the file's place in that order
-- (under 2^16 files) x 2^32 + the row (under 2^32). The winner is one
-- arg_min of a struct; n_matches, how many candidates share the winning
-- version and source (two of them are a duplicate; an older source's value
-- for the same period is not), is counted again only where there was more
-- than one candidate.
CREATE TEMP TABLE matched AS
SELECT n.ind, pt.per, pp.gp, v.file_no, v.series, v.place, v.source_row, v.value, v.symbol,
       si.version_rank::BIGINT * 4503599627370496 + least(si.source_no, 15)::BIGINT * 281474976710656
           + f.file_ord * 4294967296 + v.source_row AS pick
FROM stage.observation_value v
JOIN series_indicator si USING (file_no, series)
JOIN stage.indicator_number n USING (indicator_id)
JOIN period_of_time pt USING (file_no, time)
JOIN place_of_place pp USING (file_no, place)
JOIN file_order f USING (file_no);

CREATE TEMP TABLE picked AS
SELECT ind, per, gp, count(*) AS candidates, min(pick) >> 48 AS best,
       arg_min({'file_no': file_no, 'series': series, 'place': place, 'source_row': source_row, 'value': value, 'symbol': symbol}, pick) AS w
FROM matched
GROUP BY ind, per, gp;

CREATE TEMP TABLE picked_matches AS
SELECT m.ind, m.per, m.gp, count(*) AS n_matches
FROM matched m
JOIN picked k USING (ind, per, gp)
WHERE k.candidates > 1 AND m.pick >> 48 = k.best
GROUP BY ALL;

-- The numerator and denominator of a share or a rate whose catalogue entry
-- names them (ref.indicator numerator, denominator): the same file's other
-- measure columns on the very row the value was picked from (same sheet,
-- breakdown, row and place), so the three are one published line. A
-- suppressed count (c, x, z, low) is NULL here and gives no interval.
CREATE TEMP TABLE part_want AS
SELECT k.ind, k.per, k.gp, k.w.file_no AS file_no, k.w.series AS series, k.w.place AS place,
       k.w.source_row AS source_row, i.numerator, i.denominator
FROM picked k
JOIN stage.indicator_number n USING (ind)
JOIN ref.indicator i USING (indicator_id)
WHERE i.numerator IS NOT NULL AND i.denominator IS NOT NULL;

-- the other columns' series: few, so observations are scanned for them only
CREATE TEMP TABLE part_series AS
SELECT DISTINCT w.file_no, w.series, p.series AS part_series, p.measure
FROM (SELECT DISTINCT file_no, series, numerator, denominator FROM part_want) w
JOIN stage.observation_series s ON s.file_no = w.file_no AND s.series = w.series
JOIN stage.observation_series p ON p.file_no = w.file_no AND p.source_sheet IS NOT DISTINCT FROM s.source_sheet
                               AND p.breakdown = s.breakdown AND p.measure IN (w.numerator, w.denominator);

CREATE TEMP TABLE picked_parts AS
SELECT w.ind, w.per, w.gp,
       max(v.value) FILTER (WHERE ps.measure = w.numerator) AS numerator,
       max(v.value) FILTER (WHERE ps.measure = w.denominator) AS denominator
FROM part_want w
JOIN part_series ps ON ps.file_no = w.file_no AND ps.series = w.series
JOIN stage.observation_value v ON v.file_no = ps.file_no AND v.series = ps.part_series
                              AND v.source_row = w.source_row AND v.place = w.place
GROUP BY w.ind, w.per, w.gp;

CREATE TABLE stage.indicator_figure AS
WITH direct AS MATERIALIZED (
    SELECT k.ind, k.per, k.gp, k.w.value, k.w.symbol, si.version, k.w.file_no, k.w.source_row,
           coalesce(d.n_matches, 1) AS n_matches, pp.shared_with, pt.numerator, pt.denominator
    FROM picked k
    JOIN stage.indicator_number n USING (ind)
    JOIN series_indicator si ON si.file_no = k.w.file_no AND si.series = k.w.series AND si.indicator_id = n.indicator_id
    JOIN place_of_place pp ON pp.file_no = k.w.file_no AND pp.place = k.w.place
    LEFT JOIN picked_matches d ON d.ind = k.ind AND d.per = k.per AND d.gp = k.gp
    LEFT JOIN picked_parts pt ON pt.ind = k.ind AND pt.per = k.per AND pt.gp = k.gp
),
-- Rates per 10,000 children aged 0-17 where no file gives the rate: the count
-- over the ONS estimate for the mid-year before the period ends (31 March
-- 2025 uses mid-2024), rounded to 1 decimal place as DfE publishes. A
-- suppressed count gives a rate with the same symbol, never a number. A
-- count published jointly by LAs sharing a service is over their children
-- together, so its rate is over their populations added up (and not made
-- when one of them has none).
counts AS (
    SELECT rn.ind AS rate_ind, c.*, t.year,
           unnest(list_prepend(g.geo_code, coalesce(string_split(c.shared_with, ', '), []::VARCHAR[]))) AS member
    FROM ref.indicator r
    JOIN stage.indicator_number rn ON rn.indicator_id = r.indicator_id
    JOIN stage.indicator_number cn ON cn.indicator_id = r.rate_of
    JOIN direct c ON c.ind = cn.ind
    JOIN stage.indicator_period t ON t.per = c.per
    JOIN stage.indicator_place g ON g.gp = c.gp
    WHERE NOT EXISTS (
        SELECT 1 FROM direct d
        WHERE d.ind = rn.ind AND d.per = c.per AND d.gp = c.gp)
),
rates AS (
    SELECT c.rate_ind AS ind, c.per, c.gp,
           round(any_value(c.value) / sum(p.population) * 10000, 1) AS value,
           c.symbol, c.version, c.file_no, c.source_row,
           1 AS n_matches, c.shared_with,
           -- the count over the children it is of: Byar's interval is on the count
           any_value(c.value) AS numerator, sum(p.population)::DOUBLE AS denominator
    FROM counts c
    JOIN ref.population p ON p.geography = c.member AND p.year = c.year - 1
    GROUP BY c.rate_ind, c.per, c.gp, c.file_no, c.source_row, c.symbol, c.version, c.shared_with
    HAVING count(*) = 1 + len(coalesce(string_split(c.shared_with, ', '), []::VARCHAR[]))
)
SELECT ind, per, gp, value, symbol, version, file_no, source_row, n_matches::BIGINT AS n_matches,
       false AS computed, shared_with, numerator, denominator
FROM direct
UNION ALL
SELECT ind, per, gp, value, symbol, version, file_no, source_row, n_matches, true AS computed, shared_with,
       numerator, denominator
FROM rates;

-- stage.indicator_value: the values as analysts and the smaller models read
-- them, with every key in text.
CREATE VIEW stage.indicator_value AS
SELECT n.indicator_id, t.period, t.year, g.geographic_level, g.geo_code, v.value, v.symbol, v.version,
       f.source_file, v.source_row, v.n_matches, v.computed, v.shared_with, v.numerator, v.denominator
FROM stage.indicator_figure v
JOIN stage.indicator_number n USING (ind)
JOIN stage.indicator_period t USING (per)
JOIN stage.indicator_place g USING (gp)
LEFT JOIN stage.source_file f USING (file_no);

INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
SELECT source_file, NULL, source_row, NULL, 'duplicate_value',
       format('indicator {} has {} values{} for {} {} in period {}; the one from this file and row is used. Narrow the indicator''s where to one breakdown',
              indicator_id, n_matches, CASE WHEN version IS NOT NULL THEN format(' of version {}', version) ELSE '' END, geographic_level, geo_code, period)
FROM stage.indicator_value
WHERE n_matches > 1;

-- A numerator or denominator column the catalogue names that a file giving
-- the indicator's own measure does not have is reported once per file:
-- the entry is wrong for that layout, and its figures get no interval.
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
WITH own_files AS (
    SELECT DISTINCT s.file_no, s.source_file, s.source_sheet, i.indicator_id, i.measure, i.numerator, i.denominator
    FROM series s
    JOIN ref.indicator i ON i.measure = s.measure AND s.file_name GLOB i.file_glob
                        AND json_contains(s.breakdown::JSON, i.where_json::JSON)
    WHERE i.numerator IS NOT NULL AND i.denominator IS NOT NULL
),
wanted AS (
    SELECT *, unnest([numerator, denominator]) AS part, unnest(['numerator', 'denominator']) AS role FROM own_files
)
SELECT w.source_file, w.source_sheet, NULL, w.part, 'missing_numerator',
       format('the file has no column {}, which indicator {} names as its {} (beside its measure {}), so its figures from this file get no confidence interval; name the column as the file''s header spells it (yardstick catalogue shows the entry), or leave numerator and denominator out',
              w.part, w.indicator_id, w.role, w.measure)
FROM wanted w
WHERE NOT EXISTS (SELECT 1 FROM series p WHERE p.file_no = w.file_no AND p.measure = w.part
                  AND p.source_sheet IS NOT DISTINCT FROM w.source_sheet);

-- A numerator larger than its denominator (of a share), or a negative
-- numerator or denominator, cannot be a published count of what the
-- figure is of: no interval is made from it (sql/ref_confidence.sql) and
-- the file and row are reported.
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
SELECT v.source_file, NULL, v.source_row, NULL, 'bad_numerator',
       format('indicator {} for {} {} in {}: {}, so no confidence interval is made; check the row against the publication',
              v.indicator_id, v.geographic_level, v.geo_code, v.period,
              CASE WHEN v.numerator < 0 OR v.denominator < 0
                       THEN format('a negative count ({} of {})', count_text(v.numerator), count_text(v.denominator))
                   ELSE format('its numerator {} ({}) is larger than its denominator {} ({})',
                               i.numerator, count_text(v.numerator), i.denominator, count_text(v.denominator)) END)
FROM stage.indicator_value v
JOIN ref.indicator i USING (indicator_id)
WHERE v.numerator < 0 OR v.denominator < 0 OR (i.unit = '%' AND v.numerator > v.denominator);

-- A count with no population to make its rate is reported, once per year
-- (for a shared service: when any of its LAs has none), saying what to
-- add: a population file, or, when one is loaded, the year or places it
-- lacks.
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
WITH loaded AS (
    SELECT min(year) AS first, max(year) AS last, string_agg(DISTINCT source_file, ', ' ORDER BY source_file) AS files
    FROM ref.population
)
SELECT NULL, NULL, NULL, NULL, 'no_population',
       format('no ONS population for mid-{} found for {} ({}), so {} is not computed there for {}; {}',
              v.year - 1, CASE count(*) WHEN 1 THEN '1 place' ELSE count(*) || ' places' END, string_agg(v.geo_code, ', ' ORDER BY v.geo_code), r.indicator_id, v.period,
              CASE WHEN any_value(l.files) IS NULL THEN 'add the population file among the inputs'
                   WHEN v.year - 1 BETWEEN any_value(l.first) AND any_value(l.last)
                       THEN format('the population loaded ({}) has mid-{} but not these places', any_value(l.files), v.year - 1)
                   ELSE format('the population loaded ({}) covers mid-{} to mid-{}: add one with mid-{}',
                               any_value(l.files), any_value(l.first), any_value(l.last), v.year - 1) END)
FROM ref.indicator r
JOIN stage.indicator_value v ON v.indicator_id = r.rate_of
CROSS JOIN loaded l
WHERE NOT EXISTS (SELECT 1 FROM stage.indicator_value d
                  WHERE d.indicator_id = r.indicator_id AND d.period = v.period
                    AND d.geographic_level = v.geographic_level AND d.geo_code = v.geo_code)
GROUP BY r.indicator_id, v.year, v.period;

-- A pupil-group label yardstick does not know (a renamed group, a new one)
-- is loaded as given and reported once per file, column and label, with
-- the first row it is on; it is never guessed into a known group.
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
WITH scopes AS (
    SELECT file_glob, scope_json, group_column, list(DISTINCT label ORDER BY label) AS known
    FROM ref.group_label
    GROUP BY ALL
),
file_scope AS (
    SELECT f.file_no, f.source_file, s.*
    FROM stage.source_file f
    JOIN scopes s ON regexp_extract(f.source_file, '[^/!]*$') GLOB s.file_glob
),
breakdowns AS (
    SELECT s.source_file, s.source_sheet, s.breakdown, min(v.source_row) AS source_row
    FROM series s
    JOIN stage.observation_value v USING (file_no, series)
    WHERE s.file_no IN (SELECT file_no FROM file_scope)
    GROUP BY ALL
),
seen AS (
    SELECT b.source_file, b.source_sheet, s.group_column, s.known,
           json_extract_string(b.breakdown, '$."' || s.group_column || '"') AS label,
           min(b.source_row) AS source_row
    FROM breakdowns b
    JOIN file_scope s USING (source_file)
    WHERE json_contains(b.breakdown::JSON, s.scope_json::JSON)
    GROUP BY ALL
)
SELECT source_file, source_sheet, source_row, group_column, 'unknown_group_label',
       format('{} "{}" is not a pupil group yardstick knows (it knows {} and Total): its rows are loaded as given and no built-in indicator uses them; declare an indicator for it in the config to benchmark it',
              group_column, label, array_to_string(known, ', '))
FROM seen
WHERE label IS NOT NULL AND label <> 'Total' AND NOT list_contains(known, label);
