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

-- Values are picked out and deduplicated on integer keys: the indicator's
-- number, a period number and a place number common to all files (the
-- files' own ids map to them through their small tables); text joins back
-- only for the values kept.
CREATE TEMP TABLE indicator_no AS
SELECT indicator_id, row_number() OVER (ORDER BY indicator_id)::INTEGER AS ind
FROM ref.indicator;

CREATE TEMP TABLE period_of_time AS
SELECT t.file_no, t.time, t.period, t.year, dense_rank() OVER (ORDER BY t.period)::INTEGER AS per
FROM stage.observation_time t
WHERE t.year IS NOT NULL;

CREATE TEMP TABLE place_of_place AS
SELECT p.file_no, p.place, p.geographic_level, p.geo_code, p.shared_with,
       dense_rank() OVER (ORDER BY p.geographic_level, p.geo_code)::INTEGER AS gp
FROM stage.observation_place p
WHERE p.geographic_level IN ('national', 'regional', 'la')
  AND p.geo_code IS NOT NULL;

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
-- (under 2^16 files) x 2^32 + the row (under 2^32).
CREATE TEMP TABLE picked AS
WITH matched AS (
    SELECT n.ind, pt.per, pp.gp, v.file_no, v.series, v.place, v.time, v.source_row, v.value, v.symbol,
           si.version_rank::BIGINT * 4503599627370496 + least(si.source_no, 15)::BIGINT * 281474976710656
               + f.file_ord * 4294967296 + v.source_row AS pick
    FROM stage.observation_value v
    JOIN series_indicator si USING (file_no, series)
    JOIN indicator_no n USING (indicator_id)
    JOIN period_of_time pt USING (file_no, time)
    JOIN place_of_place pp USING (file_no, place)
    JOIN file_order f USING (file_no)
),
grouped AS (
    SELECT ind, per, gp,
           arg_min(file_no, pick) AS file_no, arg_min(series, pick) AS series, arg_min(place, pick) AS place,
           arg_min(time, pick) AS time, arg_min(source_row, pick) AS source_row,
           arg_min(value, pick) AS value, arg_min(symbol, pick) AS symbol,
           min(pick) >> 48 AS best, list(pick >> 48) AS keys
    FROM matched
    GROUP BY ind, per, gp
)
-- how many candidates share the winning version and source: two of them
-- are a duplicate; an older source's value for the same period is not
SELECT ind, per, gp, file_no, series, place, time, source_row, value, symbol,
       len(list_filter(keys, lambda k: k = best)) AS n_matches
FROM grouped;

CREATE TABLE stage.indicator_value AS
WITH direct AS MATERIALIZED (
    SELECT n.indicator_id, pt.period, pt.year, pp.geographic_level, pp.geo_code, k.value, k.symbol,
           si.version, f.source_file, k.source_row, k.n_matches, pp.shared_with
    FROM picked k
    JOIN indicator_no n USING (ind)
    JOIN series_indicator si ON si.file_no = k.file_no AND si.series = k.series AND si.indicator_id = n.indicator_id
    JOIN period_of_time pt ON pt.file_no = k.file_no AND pt.time = k.time
    JOIN place_of_place pp ON pp.file_no = k.file_no AND pp.place = k.place
    JOIN stage.source_file f ON f.file_no = k.file_no
),
-- Rates per 10,000 children aged 0-17 where no file gives the rate: the count
-- over the ONS estimate for the mid-year before the period ends (31 March
-- 2025 uses mid-2024), rounded to 1 decimal place as DfE publishes. A
-- suppressed count gives a rate with the same symbol, never a number. A
-- count published jointly by LAs sharing a service is over their children
-- together, so its rate is over their populations added up (and not made
-- when one of them has none).
counts AS (
    SELECT r.indicator_id AS rate_id, c.*,
           unnest(list_prepend(c.geo_code, coalesce(string_split(c.shared_with, ', '), []::VARCHAR[]))) AS member
    FROM ref.indicator r
    JOIN direct c ON c.indicator_id = r.rate_of
    WHERE NOT EXISTS (
        SELECT 1 FROM direct d
        WHERE d.indicator_id = r.indicator_id AND d.period = c.period
          AND d.geographic_level = c.geographic_level AND d.geo_code = c.geo_code)
),
rates AS (
    SELECT
        c.rate_id AS indicator_id, c.source_file, c.source_row, c.period, c.year,
        c.geographic_level, c.geo_code,
        round(any_value(c.value) / sum(p.population) * 10000, 1) AS value,
        c.symbol, c.version,
        1 AS n_matches, c.shared_with
    FROM counts c
    JOIN ref.population p ON p.geography = c.member AND p.year = c.year - 1
    GROUP BY c.rate_id, c.source_file, c.source_row, c.period, c.year, c.geographic_level, c.geo_code,
             c.symbol, c.version, c.shared_with
    HAVING count(*) = 1 + len(coalesce(string_split(c.shared_with, ', '), []::VARCHAR[]))
)
SELECT indicator_id, period, year, geographic_level, geo_code, value, symbol, version,
       source_file, source_row, n_matches,
       false AS computed, shared_with
FROM direct
UNION ALL
SELECT indicator_id, period, year, geographic_level, geo_code, value, symbol, version,
       source_file, source_row, n_matches, true AS computed, shared_with
FROM rates;

INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
SELECT source_file, NULL, source_row, NULL, 'duplicate_value',
       format('indicator {} has {} values{} for {} {} in period {}; the one from this file and row is used. Narrow the indicator''s where to one breakdown',
              indicator_id, n_matches, CASE WHEN version IS NOT NULL THEN format(' of version {}', version) ELSE '' END, geographic_level, geo_code, period)
FROM stage.indicator_value
WHERE n_matches > 1;

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
