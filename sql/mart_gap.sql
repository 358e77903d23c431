-- mart.gap: one row per gap x period x LA. A gap is the comparison group's
-- value minus the group's (disadvantaged pupils' Attainment 8 against all
-- other pupils'), in percentage points for percentages, else points. The
-- definitions are data: ref.gap (built-in and the config's gaps:).
--
-- Ranking follows ref_benchmark_rules.sql with polarity low: a smaller gap
-- ranks better (a negative gap, the group ahead, best of all); ties take
-- the lowest rank; LAs without both values are not ranked; quartile A holds
-- the smallest gaps. Beside the LA's own gap: England's and the region's,
-- the LA gap minus England's, and DfE's "against all other pupils
-- nationally": England's comparison-group value minus the LA's group value.
CREATE TABLE mart.gap AS
WITH side AS (
    -- each gap's two indicators as rows, so values join on equality
    SELECT gap_id, label, unit, group_indicator_id AS indicator_id, 'group' AS side FROM ref.gap
    UNION ALL
    SELECT gap_id, label, unit, comparison_indicator_id, 'comparison' FROM ref.gap
),
sides AS (
    SELECT g.gap_id, g.label, g.unit, iv.period, iv.year, iv.geographic_level, iv.geo_code,
           max(iv.value) FILTER (WHERE g.side = 'group') AS group_value,
           max(iv.value) FILTER (WHERE g.side = 'comparison') AS comparison_value
    FROM side g
    JOIN stage.indicator_value iv USING (indicator_id)
    GROUP BY ALL
),
gaps AS (
    SELECT *, difference(comparison_value, group_value) AS gap
    FROM sides
),
england AS (
    SELECT gap_id, period, gap AS england_gap, comparison_value AS england_comparison_value
    FROM gaps
    WHERE geographic_level = 'national' AND geo_code = 'E92000001'
),
region AS (
    SELECT gap_id, period, geo_code AS region_code, gap AS region_gap
    FROM gaps
    WHERE geographic_level = 'regional'
),
v AS (
    SELECT g.*, la.la_code, la.la_name, la.region_code, la.region_name,
           is_ranked(g.gap, 'low') AS ranked
    FROM gaps g
    JOIN la_current la ON la.la_code = g.geo_code
    WHERE g.geographic_level = 'la'
),
quartiles AS (
    SELECT gap_id, period, quantile_cont(gap, [0.25, 0.5, 0.75]) AS q
    FROM v
    WHERE ranked
    GROUP BY gap_id, period
),
ranks AS (
    SELECT v.*,
           CASE WHEN ranked THEN rank() OVER (PARTITION BY gap_id, period, ranked ORDER BY rank_key(gap, 'low')) END AS national_rank,
           CASE WHEN ranked THEN count(*) OVER (PARTITION BY gap_id, period, ranked) END AS national_count,
           CASE WHEN ranked THEN rank() OVER (PARTITION BY gap_id, period, ranked, region_code ORDER BY rank_key(gap, 'low')) END AS regional_rank,
           CASE WHEN ranked THEN count(*) OVER (PARTITION BY gap_id, period, ranked, region_code) END AS regional_count
    FROM v
)
SELECT
    r.gap_id, r.label, r.period, r.year,
    r.la_code, r.la_name, r.region_code,
    r.group_value, r.comparison_value, r.gap,
    e.england_gap,
    rg.region_gap,
    difference(r.gap, e.england_gap) AS gap_vs_england,
    difference(e.england_comparison_value, r.group_value) AS group_vs_england_comparison,
    r.national_rank, r.national_count, r.regional_rank, r.regional_count,
    quartile_band(r.gap, q.q, 'low') AS quartile,
    difference(r.gap, p.gap) AS change,
    direction_of(r.gap, p.gap, 'low') AS direction,
    r.unit,
    r.region_name
FROM ranks r
LEFT JOIN quartiles q USING (gap_id, period)
LEFT JOIN england e USING (gap_id, period)
LEFT JOIN region rg ON rg.gap_id = r.gap_id AND rg.period = r.period AND rg.region_code = r.region_code
-- the previous consecutive period: the one ending the year before
LEFT JOIN v p ON p.gap_id = r.gap_id AND p.la_code = r.la_code AND p.year = r.year - 1;
