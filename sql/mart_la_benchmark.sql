-- mart.la_benchmark: one row per indicator x period x LA, with the
-- comparators a committee paper quotes. The rules are DfE LAIT's, written
-- once in ref_benchmark_rules.sql: only LAs are ranked (not regions, not
-- England), only non-missing values, only indicators with polarity high or
-- low; rank 1 is best; ties take the lowest rank; type-7 quartile bands.
-- Beyond LAIT: the regional rank among the LAs of one region (Inner and Outer
-- London count as London), the statistical-neighbour median beside LAIT's
-- mean, and change only across consecutive periods.
CREATE TABLE mart.la_benchmark AS
WITH v AS (
    SELECT iv.indicator_id, i.label, i.unit, i.polarity, iv.period, iv.year,
           la.la_code, la.la_name, la.region_code, la.region_name,
           iv.value, iv.symbol, iv.version, iv.source_file, iv.source_row, iv.shared_with,
           is_ranked(iv.value, i.polarity) AS ranked,
           rank_key(iv.value, i.polarity) AS rank_key
    FROM stage.indicator_value iv
    JOIN ref.indicator i USING (indicator_id)
    JOIN la_current la ON la.la_code = iv.geo_code
    WHERE iv.geographic_level = 'la'
),
quartiles AS (
    SELECT indicator_id, period,
           quantile_cont(value, [0.25, 0.5, 0.75]) AS q
    FROM v
    WHERE ranked
    GROUP BY indicator_id, period
),
england AS (
    SELECT indicator_id, period, value
    FROM stage.indicator_value
    WHERE geographic_level = 'national' AND geo_code = 'E92000001'
),
region AS (
    SELECT indicator_id, period, geo_code AS region_code, value
    FROM stage.indicator_value
    WHERE geographic_level = 'regional'
),
neighbours AS (
    SELECT v.indicator_id, v.period, v.la_code,
           round(avg(n.value), 6) AS sn_mean,
           round(median(n.value), 6) AS sn_median,
           count(n.value) AS sn_count
    FROM v
    JOIN ref.statistical_neighbour sn ON sn.la_code = v.la_code
    LEFT JOIN v n ON n.indicator_id = v.indicator_id AND n.period = v.period
                 AND n.la_code = sn.neighbour_code
    GROUP BY ALL
),
ranks AS (
    SELECT v.*,
           CASE WHEN ranked THEN rank() OVER (PARTITION BY indicator_id, period, ranked ORDER BY rank_key) END AS national_rank,
           CASE WHEN ranked THEN count(*) OVER (PARTITION BY indicator_id, period, ranked) END AS national_count,
           CASE WHEN ranked THEN rank() OVER (PARTITION BY indicator_id, period, ranked, region_code ORDER BY rank_key) END AS regional_rank,
           CASE WHEN ranked THEN count(*) OVER (PARTITION BY indicator_id, period, ranked, region_code) END AS regional_count
    FROM v
)
SELECT
    r.indicator_id, r.label, r.unit, r.polarity, r.period, r.year,
    r.la_code, r.la_name, r.region_code, r.region_name,
    r.value,
    e.value AS england_value,
    rg.value AS region_value,
    nb.sn_mean, nb.sn_median, coalesce(nb.sn_count, 0) AS sn_count,
    r.national_rank, r.national_count, r.regional_rank, r.regional_count,
    quartile_band(r.value, q.q, r.polarity) AS quartile,
    difference(r.value, p.value) AS change,
    direction_of(r.value, p.value, r.polarity) AS direction,
    r.symbol,
    -- the published version used (final, else revised, else provisional)
    r.version,
    r.source_file,
    r.source_row,
    -- published (DfE's figures) | provisional (the council's own, from its
    -- returns: mart_provisional.sql)
    'published' AS source,
    -- a figure published jointly for LAs sharing a service ("314 / 318"):
    -- the other LAs' codes; each LA is given the shared value and ranked
    r.shared_with
FROM ranks r
LEFT JOIN quartiles q USING (indicator_id, period)
LEFT JOIN england e USING (indicator_id, period)
LEFT JOIN region rg ON rg.indicator_id = r.indicator_id AND rg.period = r.period AND rg.region_code = r.region_code
LEFT JOIN neighbours nb ON nb.indicator_id = r.indicator_id AND nb.period = r.period AND nb.la_code = r.la_code
-- the previous consecutive period: the one ending the year before
LEFT JOIN v p ON p.indicator_id = r.indicator_id AND p.la_code = r.la_code AND p.year = r.year - 1
ORDER BY r.indicator_id, r.year, r.la_code;
