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
--
-- Built in steps like mart_la_benchmark.sql: gp numbers one gap in one
-- period, and the windows, counts and joins run on it.
CREATE TEMP TABLE gap_side AS
-- each gap's two indicators as rows, so values join on equality
SELECT gap_id, label, unit, group_indicator_id AS indicator_id, 'group' AS side FROM ref.gap
UNION ALL
SELECT gap_id, label, unit, comparison_indicator_id, 'comparison' FROM ref.gap;

CREATE TEMP TABLE gap_value AS
WITH sides AS (
    SELECT g.gap_id, g.label, g.unit, iv.period, iv.year, iv.geographic_level, iv.geo_code,
           max(iv.value) FILTER (WHERE g.side = 'group') AS group_value,
           max(iv.value) FILTER (WHERE g.side = 'comparison') AS comparison_value
    FROM gap_side g
    JOIN stage.indicator_value iv USING (indicator_id)
    GROUP BY ALL
)
SELECT *, difference(comparison_value, group_value) AS gap,
       dense_rank() OVER (ORDER BY gap_id, period)::INTEGER AS gp
FROM sides;

CREATE TEMP TABLE gap_england AS
SELECT gp, gap AS england_gap, comparison_value AS england_comparison_value
FROM gap_value
WHERE geographic_level = 'national' AND geo_code = 'E92000001';

CREATE TEMP TABLE gap_region AS
SELECT gp, geo_code AS region_code, gap AS region_gap
FROM gap_value
WHERE geographic_level = 'regional';

CREATE TEMP TABLE gap_v AS
SELECT g.*, la.la_name, la.region_code, la.region_name,
       is_ranked(g.gap, 'low') AS ranked
FROM gap_value g
JOIN la_current la ON la.la_code = g.geo_code
WHERE g.geographic_level = 'la';

CREATE TEMP TABLE gap_rank AS
SELECT gp, geo_code,
       rank() OVER (PARTITION BY gp ORDER BY rank_key(gap, 'low')) AS national_rank,
       rank() OVER (PARTITION BY gp, region_code ORDER BY rank_key(gap, 'low')) AS regional_rank
FROM gap_v
WHERE ranked;

CREATE TEMP TABLE gap_national AS
SELECT gp, count(*) AS national_count, quantile_cont(gap, [0.25, 0.5, 0.75]) AS q
FROM gap_v
WHERE ranked
GROUP BY gp;

CREATE TEMP TABLE gap_regional AS
SELECT gp, region_code, count(*) AS regional_count
FROM gap_v
WHERE ranked
GROUP BY gp, region_code;

CREATE TABLE mart.gap AS
SELECT
    r.gap_id, r.label, r.period, r.year,
    r.geo_code AS la_code, r.la_name, r.region_code,
    r.group_value, r.comparison_value, r.gap,
    e.england_gap,
    rg.region_gap,
    difference(r.gap, e.england_gap) AS gap_vs_england,
    difference(e.england_comparison_value, r.group_value) AS group_vs_england_comparison,
    rk.national_rank, CASE WHEN r.ranked THEN n.national_count END AS national_count,
    rk.regional_rank, CASE WHEN r.ranked THEN rc.regional_count END AS regional_count,
    quartile_band(r.gap, n.q, 'low') AS quartile,
    difference(r.gap, p.gap) AS change,
    direction_of(r.gap, p.gap, 'low') AS direction,
    r.unit,
    r.region_name
FROM gap_v r
LEFT JOIN gap_rank rk ON rk.gp = r.gp AND rk.geo_code = r.geo_code
LEFT JOIN gap_national n ON n.gp = r.gp
LEFT JOIN gap_regional rc ON rc.gp = r.gp AND rc.region_code = r.region_code
LEFT JOIN gap_england e ON e.gp = r.gp
LEFT JOIN gap_region rg ON rg.gp = r.gp AND rg.region_code = r.region_code
-- the previous consecutive period: the one ending the year before
LEFT JOIN gap_v p ON p.gap_id = r.gap_id AND p.geo_code = r.geo_code AND p.year = r.year - 1;
