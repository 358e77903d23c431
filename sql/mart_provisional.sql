-- The council's own figures (stage.own_indicator_value, from its returns)
-- beside the published ones. mart.la_benchmark holds DfE's published
-- figures only (one row per indicator x period x LA, so an LA's rank for a
-- period is one row); the own figures are in mart.provisional_position
-- (below) and mart.in_year, and the view mart.la_benchmark_with_own puts
-- them beside the published rows in mart.la_benchmark's columns for a BI
-- tool that wants one table.
--
-- 1. stage.own_benchmark: each own figure with England's, the region's and
--    the neighbours' published values for the same period where DfE has
--    published it, and the change from the LA's own published value of the
--    year before. It is not ranked: the published ranks of that period stay
--    as DfE's figures make them, and mart.provisional_position says where
--    the figure would stand. Built here, where the benchmark rules'
--    temporary macros are, so the view below reads stored values only.
CREATE TABLE stage.own_benchmark AS
WITH pub AS (
    SELECT indicator_id, period, year, geographic_level, geo_code, value
    FROM stage.indicator_value
    -- the indicators with own figures only (as latest below): the view
    -- joins every published value's text otherwise
    WHERE indicator_id IN (SELECT indicator_id FROM stage.own_indicator_value)
),
neighbours AS (
    SELECT o.indicator_id, o.period, o.la_code,
           round(avg(n.value), 6) AS sn_mean, round(median(n.value), 6) AS sn_median, count(n.value) AS sn_count
    FROM stage.own_indicator_value o
    JOIN ref.statistical_neighbour sn ON sn.la_code = o.la_code
    JOIN pub n ON n.geographic_level = 'la' AND n.geo_code = sn.neighbour_code
              AND n.indicator_id = o.indicator_id AND n.period = o.period
    GROUP BY ALL
)
SELECT o.indicator_id, i.label, i.unit, i.polarity, o.period, o.year::INTEGER AS year, -- mart.la_benchmark's type
       la.la_code, la.la_name, la.region_code, la.region_name,
       o.value,
       e.value AS england_value,
       rg.value AS region_value,
       nb.sn_mean, nb.sn_median, coalesce(nb.sn_count, 0) AS sn_count,
       -- a part-year figure (12 months to, or on, its as_at) is not the
       -- year the published one before it is: no change is worked out
       CASE WHEN NOT o.part_year THEN difference(o.value, p.value) END AS change,
       CASE WHEN NOT o.part_year THEN direction_of(o.value, p.value, i.polarity) END AS direction,
       o.source_files,
       o.as_at,
       -- the interval from the council's own counts (ref_confidence.sql),
       -- against England's published value of the same period
       o.numerator, o.denominator,
       ci_lower(i.unit, o.numerator, o.denominator) AS ci_lower,
       ci_upper(i.unit, o.numerator, o.denominator) AS ci_upper,
       vs_england(ci_lower(i.unit, o.numerator, o.denominator), ci_upper(i.unit, o.numerator, o.denominator), e.value, i.polarity) AS vs_england
FROM stage.own_indicator_value o
JOIN ref.indicator i USING (indicator_id)
JOIN la_current la ON la.la_code = o.la_code
LEFT JOIN pub e ON e.indicator_id = o.indicator_id AND e.period = o.period
               AND e.geographic_level = 'national' AND e.geo_code = 'E92000001'
LEFT JOIN pub rg ON rg.indicator_id = o.indicator_id AND rg.period = o.period
                AND rg.geographic_level = 'regional' AND rg.geo_code = la.region_code
LEFT JOIN neighbours nb ON nb.indicator_id = o.indicator_id AND nb.period = o.period AND nb.la_code = o.la_code
LEFT JOIN pub p ON p.indicator_id = o.indicator_id AND p.geographic_level = 'la'
               AND p.geo_code = o.la_code AND p.year = o.year - 1;

-- mart.la_benchmark_with_own: mart.la_benchmark's published rows (source
-- 'published') and the own rows of stage.own_benchmark (source
-- 'provisional', with as_at; not ranked, no symbol, version or source_row)
-- in the table's columns and order. Its name says it mixes them: a query
-- on it for an LA's rank in a period can return two rows, so filter on
-- source. A view, so it stores nothing twice.
CREATE VIEW mart.la_benchmark_with_own AS
SELECT indicator_id, label, unit, polarity, period, year,
       la_code, la_name, region_code, region_name,
       value, england_value, region_value, sn_mean, sn_median, sn_count,
       national_rank, national_count, regional_rank, regional_count, quartile,
       change, direction, symbol, version, source_file, source_row,
       source, shared_with, as_at,
       numerator, denominator, ci_lower, ci_upper, vs_england
FROM mart.la_benchmark
UNION ALL
SELECT indicator_id, label, unit, polarity, period, year,
       la_code, la_name, region_code, region_name,
       value, england_value, region_value, sn_mean, sn_median, sn_count,
       NULL AS national_rank, NULL AS national_count, NULL AS regional_rank, NULL AS regional_count, NULL AS quartile,
       change, direction, NULL AS symbol, NULL AS version, source_files AS source_file, NULL AS source_row,
       'provisional' AS source, NULL AS shared_with, as_at,
       numerator, denominator, ci_lower, ci_upper, vs_england
FROM stage.own_benchmark;

-- 2. mart.provisional_position: where each own figure would stand in the
--    latest published period of its indicator, by the rules of
--    ref_benchmark_rules.sql: the other LAs' published values with the own
--    figure in place of the LA's published one; rank 1 is best; a tie takes
--    the lowest rank (the own figure ranks 1 + the number of LAs strictly
--    better); only indicators with a polarity are ranked. Regionally the
--    same among the region's LAs, and among the LA and its statistical
--    neighbours. The quartile is the band the figure falls in by that
--    period's published quartiles.
CREATE TABLE mart.provisional_position AS
WITH own AS (
    SELECT o.*, i.label, i.unit, i.polarity, la.la_name, la.region_code, la.region_name
    FROM stage.own_indicator_value o
    JOIN ref.indicator i USING (indicator_id)
    JOIN la_current la ON la.la_code = o.la_code
),
-- mart.la_benchmark is published figures only
latest AS (
    SELECT indicator_id, arg_max(period, year) AS period
    FROM mart.la_benchmark
    WHERE value IS NOT NULL
      -- the indicators with own figures only: a run of published statistics
      -- alone has none, and the demo's returns give 30 of its 139
      AND indicator_id IN (SELECT indicator_id FROM stage.own_indicator_value)
    GROUP BY indicator_id
),
pub AS (
    SELECT b.indicator_id, b.period, b.la_code, b.region_code, b.value, b.polarity,
           is_ranked(b.value, b.polarity) AS ranked, rank_key(b.value, b.polarity) AS rank_key
    FROM mart.la_benchmark b
    JOIN latest USING (indicator_id, period)
),
quartiles AS (
    SELECT indicator_id, quantile_cont(value, [0.25, 0.5, 0.75]) AS q
    FROM pub WHERE ranked GROUP BY indicator_id
),
positions AS (
    SELECT own.*, latest.period AS published_period,
           is_ranked(own.value, own.polarity) AND latest.period IS NOT NULL AS ranked,
           rank_key(own.value, own.polarity) AS own_key
    FROM own
    LEFT JOIN latest USING (indicator_id)
),
-- The other ranked LAs of the published period, counted once per own figure:
-- all, those better, and the same within the region and the neighbours.
others AS (
    SELECT p.indicator_id, p.year, p.la_code,
           count(*) AS n, count(*) FILTER (WHERE b.rank_key < p.own_key) AS better,
           count(*) FILTER (WHERE b.region_code = p.region_code) AS reg_n,
           count(*) FILTER (WHERE b.region_code = p.region_code AND b.rank_key < p.own_key) AS reg_better,
           count(sn.neighbour_code) AS sn_n,
           count(sn.neighbour_code) FILTER (WHERE b.rank_key < p.own_key) AS sn_better
    FROM positions p
    JOIN pub b ON b.indicator_id = p.indicator_id AND b.ranked AND b.la_code <> p.la_code
    LEFT JOIN ref.statistical_neighbour sn ON sn.la_code = p.la_code AND sn.neighbour_code = b.la_code
    WHERE p.ranked
    GROUP BY ALL
),
-- Error-type failures of the validation rules in the files behind each own
-- figure, for its LA and year: a provisional figure built on rows that
-- break DfE's rules shows it.
errors AS (
    SELECT p.indicator_id, p.year, p.la_code, count(*) AS n
    FROM positions p
    JOIN meta.validation v
      ON v.la_code = p.la_code AND v.collection_year = p.year AND v.rule_type = 'error'
     AND list_contains(string_split(p.source_files, ', '), v.source_file)
    GROUP BY ALL
)
SELECT
    p.indicator_id, p.label, p.unit, p.polarity, p.period, p.year,
    p.la_code, p.la_name, p.region_name,
    p.value, p.numerator, p.denominator,
    p.published_period,
    own_pub.value AS published_value,
    e.value AS england_value,
    CASE WHEN p.ranked THEN 1 + coalesce(o.better, 0) END AS national_rank,
    CASE WHEN p.ranked THEN 1 + coalesce(o.n, 0) END AS national_count,
    CASE WHEN p.ranked THEN 1 + coalesce(o.reg_better, 0) END AS regional_rank,
    CASE WHEN p.ranked THEN 1 + coalesce(o.reg_n, 0) END AS regional_count,
    CASE WHEN p.ranked THEN 1 + coalesce(o.sn_better, 0) END AS sn_rank,
    CASE WHEN p.ranked THEN 1 + coalesce(o.sn_n, 0) END AS sn_count,
    CASE WHEN p.ranked THEN quartile_band(p.value, q.q, p.polarity) END AS quartile,
    coalesce(err.n, 0) AS validation_errors,
    p.source_files,
    p.as_at, p.basis, label_as_at(p.label, p.basis, p.as_at, p.part_year) AS label_as_at,
    -- the interval from the own numerator and denominator
    -- (ref_confidence.sql), against England's value of the published period
    ci_lower(p.unit, p.numerator, p.denominator) AS ci_lower,
    ci_upper(p.unit, p.numerator, p.denominator) AS ci_upper,
    vs_england(ci_lower(p.unit, p.numerator, p.denominator), ci_upper(p.unit, p.numerator, p.denominator), e.value, p.polarity) AS vs_england
FROM positions p
LEFT JOIN others o USING (indicator_id, year, la_code)
LEFT JOIN errors err USING (indicator_id, year, la_code)
LEFT JOIN quartiles q USING (indicator_id)
LEFT JOIN pub own_pub ON own_pub.indicator_id = p.indicator_id AND own_pub.la_code = p.la_code
LEFT JOIN stage.indicator_value e ON e.indicator_id = p.indicator_id AND e.period = p.published_period
                                 AND e.geographic_level = 'national' AND e.geo_code = 'E92000001'
ORDER BY p.la_code, p.indicator_id, p.year;
