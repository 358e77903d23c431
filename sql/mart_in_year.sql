-- mart.in_year: the council's own figures at every month end its returns
-- reach (stage.own_figure_at: a snapshot on the date, or the 12 months to
-- it), and at a part-year return's as_at when that is not a month end,
-- beside the latest published figures of the same indicator: the LA's own,
-- England's, the region's and the neighbours' mean, and the rank and
-- quartile the in-year value would take in that published distribution, by
-- the rules mart_provisional.sql places the year's own figures with (the
-- other LAs' published values, the LA's own replaced; rank 1 best, a tie
-- taking the lowest rank; polarity none not ranked).
-- Only figures whose whole window the loaded returns cover are here: an
-- Annex A share over part of a year (kept for the year, with an issue) is
-- never presented as 12 months.
CREATE TABLE mart.in_year AS
-- mart.la_benchmark is published figures only
WITH latest AS (
    SELECT indicator_id, arg_max(period, year) AS period
    FROM mart.la_benchmark
    WHERE value IS NOT NULL
      -- the indicators with own figures only: a run of published statistics
      -- alone has none, and the demo's returns give 30 of its 139
      AND indicator_id IN (SELECT indicator_id FROM stage.own_figure_at)
    GROUP BY indicator_id
),
pub AS (
    SELECT b.indicator_id, b.period, b.la_code, b.region_code, b.value, b.polarity, b.england_value, b.region_value, b.sn_mean,
           is_ranked(b.value, b.polarity) AS ranked, rank_key(b.value, b.polarity) AS rank_key
    FROM mart.la_benchmark b
    JOIN latest USING (indicator_id, period)
),
-- The ranked published values' keys of each indicator, of each region and
-- of each LA's neighbours, and the published quartiles.
national AS (
    SELECT indicator_id, list(rank_key) AS keys, quantile_cont(value, [0.25, 0.5, 0.75]) AS q
    FROM pub WHERE ranked GROUP BY ALL
),
regional AS (
    SELECT indicator_id, region_code, list(rank_key) AS keys FROM pub WHERE ranked GROUP BY ALL
),
-- The neighbours' mean as mart.la_benchmark gives it (LAIT's): of the
-- neighbours with a published value.
neighbours AS (
    SELECT p.indicator_id, sn.la_code, round(avg(p.value), 6) AS sn_mean
    FROM ref.statistical_neighbour sn
    JOIN pub p ON p.la_code = sn.neighbour_code AND p.value IS NOT NULL
    GROUP BY ALL
),
england AS (
    SELECT indicator_id, any_value(england_value) AS england_value FROM pub GROUP BY ALL
),
region_values AS (
    SELECT indicator_id, region_code, any_value(region_value) AS region_value FROM pub GROUP BY ALL
),
own AS (
    SELECT f.*, i.label, i.unit, i.polarity, la.la_name, la.region_code, la.region_name,
           CASE f.window_months WHEN 0 THEN 'on ' ELSE '12 months to ' END || as_at_text(f.d) AS basis,
           is_ranked(f.value, i.polarity) AS ranked, rank_key(f.value, i.polarity) AS own_key
    FROM stage.own_figure_at f
    JOIN ref.indicator i USING (indicator_id)
    JOIN la_current la ON la.la_code = f.la_code
    WHERE f.complete
)
SELECT
    o.la_code, o.la_name, o.region_name,
    o.indicator_id, o.label, o.unit, o.polarity,
    label_as_at(o.label, o.basis, o.d, true) AS label_as_at,
    o.d AS month_end, o.window_months,
    o.value, o.numerator, o.denominator,
    -- the date the LA's returns reach: the same on every row of a series
    max(o.as_at) OVER (PARTITION BY o.la_code, o.indicator_id) AS as_at, o.basis,
    l.period AS published_period,
    lp.value AS published_value,
    e.england_value,
    rv.region_value,
    nb.sn_mean,
    CASE WHEN o.ranked AND n.keys IS NOT NULL THEN 1 + len(list_filter(n.keys, lambda k: k < o.own_key))
         - CASE WHEN lp.ranked AND lp.rank_key < o.own_key THEN 1 ELSE 0 END END AS national_rank,
    CASE WHEN o.ranked AND n.keys IS NOT NULL THEN 1 + len(n.keys) - CASE WHEN lp.ranked THEN 1 ELSE 0 END END AS national_count,
    CASE WHEN o.ranked AND n.keys IS NOT NULL THEN 1 + coalesce(len(list_filter(rg.keys, lambda k: k < o.own_key)), 0)
         - CASE WHEN lp.ranked AND lp.rank_key < o.own_key THEN 1 ELSE 0 END END AS regional_rank,
    CASE WHEN o.ranked AND n.keys IS NOT NULL THEN 1 + coalesce(len(rg.keys), 0) - CASE WHEN lp.ranked THEN 1 ELSE 0 END END AS regional_count,
    CASE WHEN o.ranked AND n.keys IS NOT NULL THEN quartile_band(o.value, n.q, o.polarity) END AS quartile,
    o.source_files,
    -- the interval from the own numerator and denominator
    -- (ref_confidence.sql), against England's latest published value
    ci_lower(o.unit, o.numerator, o.denominator) AS ci_lower,
    ci_upper(o.unit, o.numerator, o.denominator) AS ci_upper,
    vs_england(ci_lower(o.unit, o.numerator, o.denominator), ci_upper(o.unit, o.numerator, o.denominator), e.england_value, o.polarity) AS vs_england
FROM own o
LEFT JOIN latest l ON l.indicator_id = o.indicator_id
LEFT JOIN national n ON n.indicator_id = o.indicator_id
LEFT JOIN regional rg ON rg.indicator_id = o.indicator_id AND rg.region_code = o.region_code
LEFT JOIN england e ON e.indicator_id = o.indicator_id
LEFT JOIN region_values rv ON rv.indicator_id = o.indicator_id AND rv.region_code = o.region_code
LEFT JOIN neighbours nb ON nb.indicator_id = o.indicator_id AND nb.la_code = o.la_code
LEFT JOIN pub lp ON lp.indicator_id = o.indicator_id AND lp.la_code = o.la_code
ORDER BY o.la_code, o.indicator_id, o.d, o.window_months;
