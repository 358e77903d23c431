-- mart.la_benchmark: one row per indicator x period x LA, with the
-- comparators a committee paper quotes. The rules are DfE LAIT's, written
-- once in ref_benchmark_rules.sql: only LAs are ranked (not regions, not
-- England), only non-missing values, only indicators with polarity high or
-- low; rank 1 is best; ties take the lowest rank; type-7 quartile bands.
-- Beyond LAIT: the regional rank among the LAs of one region (Inner and Outer
-- London count as London), the statistical-neighbour median beside LAIT's
-- mean, and change only across consecutive periods.
--
-- Built in steps on integer keys (ip: one indicator in one period; la: the
-- LA's number in bench_la_pos), each a temporary table, joined once at the end:
-- the mart has a row per LA value, so every step is linear in them.
CREATE TEMP TABLE bench_ip AS
SELECT indicator_id, period, row_number() OVER ()::INTEGER AS ip
FROM (SELECT DISTINCT indicator_id, period FROM stage.indicator_value WHERE geographic_level = 'la');

-- every LA code numbered, so LAs are integers in every step
CREATE TEMP TABLE bench_la_pos AS
SELECT la_code, row_number() OVER (ORDER BY la_code)::INTEGER AS pos
FROM (SELECT DISTINCT la_code FROM la_current);

CREATE TEMP TABLE bench_v AS
SELECT k.ip, iv.indicator_id, iv.period, iv.year, lp.pos AS la, la.region_code,
       i.polarity, iv.value,
       is_ranked(iv.value, i.polarity) AS ranked,
       rank_key(iv.value, i.polarity) AS rank_key,
       iv.symbol, iv.version, iv.source_file, iv.source_row, iv.shared_with
FROM stage.indicator_value iv
JOIN bench_ip k USING (indicator_id, period)
JOIN ref.indicator i USING (indicator_id)
JOIN la_current la ON la.la_code = iv.geo_code
JOIN bench_la_pos lp ON lp.la_code = iv.geo_code
WHERE iv.geographic_level = 'la';

-- ranks among the ranked LAs, nationally and in the region
CREATE TEMP TABLE bench_rank AS
SELECT ip, la,
       rank() OVER (PARTITION BY ip ORDER BY rank_key) AS national_rank,
       rank() OVER (PARTITION BY ip, region_code ORDER BY rank_key) AS regional_rank
FROM bench_v
WHERE ranked;

CREATE TEMP TABLE bench_national AS
SELECT ip, count(*) AS national_count, quantile_cont(value, [0.25, 0.5, 0.75]) AS q
FROM bench_v
WHERE ranked
GROUP BY ip;

CREATE TEMP TABLE bench_regional AS
SELECT ip, region_code, count(*) AS regional_count
FROM bench_v
WHERE ranked
GROUP BY ip, region_code;

-- statistical neighbours: each ip's values as a list indexed by LA, so each
-- LA's ten neighbours are looked up by position rather than joined row by
-- row (the median is over ten values, not a holistic aggregate of millions)
CREATE TEMP TABLE bench_sn_pos AS
SELECT l.pos AS la, list(p.pos ORDER BY sn.neighbour_rank) AS neighbours
FROM ref.statistical_neighbour sn
JOIN bench_la_pos l ON l.la_code = sn.la_code
JOIN bench_la_pos p ON p.la_code = sn.neighbour_code
GROUP BY ALL;

CREATE TEMP TABLE bench_values_by_pos AS
SELECT k.ip, list(v.value ORDER BY p.pos) AS vals
FROM (SELECT DISTINCT ip FROM bench_v) k
CROSS JOIN bench_la_pos p
LEFT JOIN bench_v v ON v.ip = k.ip AND v.la = p.pos
GROUP BY k.ip;

CREATE TEMP TABLE bench_sn AS
SELECT ip, la,
       round(list_avg(x), 6) AS sn_mean,
       round(CASE WHEN len(x) = 0 THEN NULL
                  WHEN len(x) % 2 = 1 THEN x[len(x) // 2 + 1]
                  ELSE (x[len(x) // 2] + x[len(x) // 2 + 1]) / 2 END, 6) AS sn_median,
       len(x) AS sn_count
FROM (
    SELECT v.ip, v.la,
           list_sort(list_filter(list_transform(s.neighbours, lambda n: p.vals[n]), lambda y: y IS NOT NULL)) AS x
    FROM bench_v v
    JOIN bench_sn_pos s USING (la)
    JOIN bench_values_by_pos p USING (ip)
);

-- the previous consecutive period: the one ending the year before
CREATE TEMP TABLE bench_prev AS
SELECT r.ip, r.la, p.value AS previous
FROM bench_v r
JOIN bench_v p ON p.indicator_id = r.indicator_id AND p.la = r.la AND p.year = r.year - 1;

CREATE TEMP TABLE bench_england AS
SELECT k.ip, iv.value FROM stage.indicator_value iv JOIN bench_ip k USING (indicator_id, period)
WHERE iv.geographic_level = 'national' AND iv.geo_code = 'E92000001';

CREATE TEMP TABLE bench_region AS
SELECT k.ip, iv.geo_code AS region_code, iv.value FROM stage.indicator_value iv JOIN bench_ip k USING (indicator_id, period)
WHERE iv.geographic_level = 'regional';

CREATE TABLE mart.la_benchmark AS
SELECT
    r.indicator_id, i.label, i.unit, r.polarity, r.period, r.year,
    la.la_code, la.la_name, la.region_code, la.region_name,
    r.value,
    e.value AS england_value,
    rg.value AS region_value,
    nb.sn_mean, nb.sn_median, coalesce(nb.sn_count, 0) AS sn_count,
    rk.national_rank, CASE WHEN r.ranked THEN n.national_count END AS national_count,
    rk.regional_rank, CASE WHEN r.ranked THEN rc.regional_count END AS regional_count,
    quartile_band(r.value, n.q, r.polarity) AS quartile,
    difference(r.value, p.previous) AS change,
    direction_of(r.value, p.previous, r.polarity) AS direction,
    r.symbol,
    -- the published version used (final, else revised, else provisional)
    r.version,
    r.source_file,
    r.source_row,
    -- always 'published': the table holds DfE's figures only. Kept for the
    -- queries that filter on it and for mart.la_benchmark_with_own, whose
    -- own rows say 'provisional' (mart_provisional.sql)
    'published' AS source,
    -- a figure published jointly for LAs sharing a service ("314 / 318"):
    -- the other LAs' codes; each LA is given the shared value and ranked
    r.shared_with,
    -- always NULL here; in mart.la_benchmark_with_own an own row's date
    -- the returns behind it reach (a part-year return's figures are as at
    -- that date, not the year's)
    NULL::DATE AS as_at
FROM bench_v r
JOIN ref.indicator i USING (indicator_id)
JOIN bench_la_pos lp ON lp.pos = r.la
JOIN la_current la ON la.la_code = lp.la_code
LEFT JOIN bench_rank rk ON rk.ip = r.ip AND rk.la = r.la
LEFT JOIN bench_national n ON n.ip = r.ip
LEFT JOIN bench_regional rc ON rc.ip = r.ip AND rc.region_code = r.region_code
LEFT JOIN bench_sn nb ON nb.ip = r.ip AND nb.la = r.la
LEFT JOIN bench_prev p ON p.ip = r.ip AND p.la = r.la
LEFT JOIN bench_england e ON e.ip = r.ip
LEFT JOIN bench_region rg ON rg.ip = r.ip AND rg.region_code = r.region_code;
