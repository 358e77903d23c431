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
-- Built on numbers like mart_la_benchmark.sql: gn numbers the gaps
-- (mart.gap_number), values come from stage.indicator_figure on ind, per
-- and gp, and the mart is stored as mart.gap_figure on gn, per and la; the
-- view mart.gap joins the text back in.
CREATE TABLE mart.gap_number AS
SELECT row_number() OVER (ORDER BY gap_id)::INTEGER AS gn, gap_id, label, unit
FROM ref.gap;

CREATE TEMP TABLE gap_side AS
-- each gap's two indicators as rows, so values join on equality
SELECT g.gn, n.ind, 'group' AS side
FROM mart.gap_number g JOIN ref.gap r USING (gap_id) JOIN stage.indicator_number n ON n.indicator_id = r.group_indicator_id
UNION ALL
SELECT g.gn, n.ind, 'comparison'
FROM mart.gap_number g JOIN ref.gap r USING (gap_id) JOIN stage.indicator_number n ON n.indicator_id = r.comparison_indicator_id;

CREATE TEMP TABLE gap_value AS
SELECT *, difference(comparison_value, group_value) AS gap
FROM (
    SELECT s.gn, v.per, v.gp,
           max(v.value) FILTER (WHERE s.side = 'group') AS group_value,
           max(v.value) FILTER (WHERE s.side = 'comparison') AS comparison_value
    FROM gap_side s
    JOIN stage.indicator_figure v USING (ind)
    GROUP BY ALL
);

CREATE TEMP TABLE gap_area AS
SELECT v.gn, v.per, g.geographic_level, g.geo_code, v.gap, v.comparison_value
FROM gap_value v
JOIN stage.indicator_place g USING (gp)
WHERE g.geographic_level = 'regional' OR (g.geographic_level = 'national' AND g.geo_code = 'E92000001');

CREATE TEMP TABLE gap_v AS
SELECT v.gn, v.per, t.year, l.la, l.region_code, v.group_value, v.comparison_value, v.gap,
       is_ranked(v.gap, 'low') AS ranked,
       CASE WHEN is_ranked(v.gap, 'low') THEN rank_key(v.gap, 'low') END AS rank_key
FROM gap_value v
JOIN stage.indicator_place g USING (gp)
JOIN mart.la_number l ON l.la_code = g.geo_code
JOIN stage.indicator_period t USING (per)
WHERE g.geographic_level = 'la';

CREATE TEMP TABLE gap_national AS
SELECT gn, per, count(*) AS national_count, quantile_cont(gap, [0.25, 0.5, 0.75]) AS q
FROM gap_v
WHERE ranked
GROUP BY gn, per;

-- ranks (a gap not ranked has no rank_key, sorts last and is given no rank
-- below) and the previous consecutive period's gap: the one ending the
-- year before
CREATE TEMP TABLE gap_rank AS
SELECT gn, per, la,
       rank() OVER (PARTITION BY gn, per ORDER BY rank_key) AS national_rank,
       rank() OVER (PARTITION BY gn, per, region_code ORDER BY rank_key) AS regional_rank,
       count(rank_key) OVER (PARTITION BY gn, per, region_code) AS regional_count,
       max(gap) OVER (PARTITION BY gn, la ORDER BY year RANGE BETWEEN 1 PRECEDING AND 1 PRECEDING) AS previous
FROM gap_v;

CREATE TABLE mart.gap_figure AS
SELECT
    r.gn, r.per, r.la,
    r.group_value, r.comparison_value, r.gap,
    e.gap AS england_gap,
    rg.gap AS region_gap,
    difference(r.gap, e.gap) AS gap_vs_england,
    difference(e.comparison_value, r.group_value) AS group_vs_england_comparison,
    CASE WHEN r.ranked THEN k.national_rank END AS national_rank,
    CASE WHEN r.ranked THEN n.national_count END AS national_count,
    CASE WHEN r.ranked THEN k.regional_rank END AS regional_rank,
    CASE WHEN r.ranked THEN k.regional_count END AS regional_count,
    quartile_band(r.gap, n.q, 'low') AS quartile,
    difference(r.gap, k.previous) AS change,
    direction_of(r.gap, k.previous, 'low') AS direction
FROM gap_v r
JOIN gap_rank k USING (gn, per, la)
LEFT JOIN gap_national n USING (gn, per)
LEFT JOIN gap_area e ON e.gn = r.gn AND e.per = r.per AND e.geographic_level = 'national'
LEFT JOIN gap_area rg ON rg.gn = r.gn AND rg.per = r.per AND rg.geographic_level = 'regional' AND rg.geo_code = r.region_code;

CREATE VIEW mart.gap AS
SELECT
    g.gap_id, g.label, t.period, t.year,
    l.la_code, l.la_name, l.region_code,
    b.group_value, b.comparison_value, b.gap,
    b.england_gap, b.region_gap, b.gap_vs_england, b.group_vs_england_comparison,
    b.national_rank, b.national_count, b.regional_rank, b.regional_count,
    b.quartile, b.change, b.direction,
    g.unit,
    l.region_name
FROM mart.gap_figure b
JOIN mart.gap_number g USING (gn)
JOIN stage.indicator_period t USING (per)
JOIN mart.la_number l USING (la);
