-- mart.la_benchmark: one row per indicator x period x LA, with the
-- comparators a committee paper quotes. The rules are DfE LAIT's, written
-- once in ref_benchmark_rules.sql: only LAs are ranked (not regions, not
-- England), only non-missing values, only indicators with polarity high or
-- low; rank 1 is best; ties take the lowest rank; type-7 quartile bands.
-- Beyond LAIT: the regional rank among the LAs of one region (Inner and Outer
-- London count as London), the statistical-neighbour median beside LAIT's
-- mean, and change only across consecutive periods.
--
-- Built on numbers, as stage.indicator_value is stored (stage.indicator_figure
-- on ind, per and gp): la numbers the LAs in mart.la_number. The mart is
-- stored the same way, mart.la_benchmark_figure, and mart.la_benchmark is the
-- view that joins the text back in: the figures table holds numbers and a
-- few short codes, so writing it to disk costs a fraction of the text.
CREATE TABLE mart.la_number AS
SELECT row_number() OVER (ORDER BY la_code)::INTEGER AS la, la_code, la_name, region_code, region_name
FROM la_current;

CREATE TEMP TABLE bench_place AS
SELECT g.gp, l.la, l.region_code
FROM stage.indicator_place g
JOIN mart.la_number l ON l.la_code = g.geo_code
WHERE g.geographic_level = 'la';

CREATE TEMP TABLE bench_v AS
SELECT v.ind, v.per, t.year, p.la, p.region_code, i.polarity, v.value,
       is_ranked(v.value, i.polarity) AS ranked,
       -- NULL for a value not ranked: it sorts after every ranked one
       CASE WHEN is_ranked(v.value, i.polarity) THEN rank_key(v.value, i.polarity) END AS rank_key,
       v.symbol, v.version, v.file_no, v.source_row, v.shared_with,
       v.numerator, v.denominator,
       ci_lower(i.unit, v.numerator, v.denominator) AS ci_lower,
       ci_upper(i.unit, v.numerator, v.denominator) AS ci_upper
FROM stage.indicator_figure v
JOIN bench_place p USING (gp)
JOIN stage.indicator_period t USING (per)
JOIN stage.indicator_number n USING (ind)
JOIN ref.indicator i USING (indicator_id);

CREATE TEMP TABLE bench_national AS
SELECT ind, per, count(*) AS national_count, quantile_cont(value, [0.25, 0.5, 0.75]) AS q
FROM bench_v
WHERE ranked
GROUP BY ind, per;

-- statistical neighbours: each indicator-period's values as a list indexed
-- by LA number, so each LA's ten neighbours are picked by position
-- (list_select) rather than joined row by row (the median is over ten
-- values, not a holistic aggregate of millions)
CREATE TEMP TABLE bench_sn_pos AS
SELECT l.la, list(p.la ORDER BY sn.neighbour_rank) AS neighbours
FROM ref.statistical_neighbour sn
JOIN mart.la_number l ON l.la_code = sn.la_code
JOIN mart.la_number p ON p.la_code = sn.neighbour_code
GROUP BY ALL;

CREATE TEMP TABLE bench_values_by_pos AS
SELECT k.ind, k.per, list(v.value ORDER BY l.la) AS vals
FROM (SELECT DISTINCT ind, per FROM bench_v) k
CROSS JOIN mart.la_number l
LEFT JOIN bench_v v ON v.ind = k.ind AND v.per = k.per AND v.la = l.la
GROUP BY k.ind, k.per;

-- England's and the regions' values
CREATE TEMP TABLE bench_area AS
SELECT v.ind, v.per, g.geographic_level, g.geo_code, v.value
FROM stage.indicator_figure v
JOIN stage.indicator_place g USING (gp)
WHERE g.geographic_level = 'regional' OR (g.geographic_level = 'national' AND g.geo_code = 'E92000001');

-- Per LA value, on narrow rows before anything wide is joined to them:
-- the statistical neighbours' mean, median and count (their values picked
-- by position; NULL where a neighbour has none, which list_avg,
-- list_median and list_count leave out; the median of an even count is the
-- mean of the middle two);
CREATE TEMP TABLE bench_sn AS
SELECT ind, per, la, year, region_code, value, rank_key,
       round(list_avg(x), 6) AS sn_mean,
       round(list_median(x), 6) AS sn_median,
       coalesce(list_count(x), 0) AS sn_count
FROM (
    SELECT v.ind, v.per, v.la, v.year, v.region_code, v.value, v.rank_key, list_select(p.vals, s.neighbours) AS x
    FROM bench_v v
    LEFT JOIN bench_sn_pos s USING (la)
    LEFT JOIN bench_values_by_pos p USING (ind, per)
);

-- then the ranks among the ranked LAs, nationally and in the region (a
-- value not ranked has no rank_key, sorts last and is given no rank
-- below), and the value of the previous consecutive period, the one ending
-- the year before.
CREATE TEMP TABLE bench_rank AS
SELECT ind, per, la, sn_mean, sn_median, sn_count,
       rank() OVER (PARTITION BY ind, per ORDER BY rank_key) AS national_rank,
       rank() OVER (PARTITION BY ind, per, region_code ORDER BY rank_key) AS regional_rank,
       count(rank_key) OVER (PARTITION BY ind, per, region_code) AS regional_count,
       max(value) OVER (PARTITION BY ind, la ORDER BY year RANGE BETWEEN 1 PRECEDING AND 1 PRECEDING) AS previous
FROM bench_sn;

CREATE TABLE mart.la_benchmark_figure AS
SELECT
    r.ind, r.per, r.la,
    r.value,
    e.value AS england_value,
    rg.value AS region_value,
    k.sn_mean, k.sn_median, k.sn_count,
    CASE WHEN r.ranked THEN k.national_rank END AS national_rank,
    CASE WHEN r.ranked THEN n.national_count END AS national_count,
    CASE WHEN r.ranked THEN k.regional_rank END AS regional_rank,
    CASE WHEN r.ranked THEN k.regional_count END AS regional_count,
    quartile_band(r.value, n.q, r.polarity) AS quartile,
    difference(r.value, k.previous) AS change,
    direction_of(r.value, k.previous, r.polarity) AS direction,
    r.symbol,
    -- the published version used (final, else revised, else provisional)
    r.version,
    r.file_no,
    r.source_row,
    -- a figure published jointly for LAs sharing a service ("314 / 318"):
    -- the other LAs' codes; each LA is given the shared value and ranked
    r.shared_with,
    -- the published counts the value is of, and its 95% interval from them
    -- (ref_confidence.sql): England's value outside it makes the figure
    -- higher or lower (better or worse by polarity) than England's
    r.numerator, r.denominator, r.ci_lower, r.ci_upper,
    vs_england(r.ci_lower, r.ci_upper, e.value, r.polarity) AS vs_england
FROM bench_v r
JOIN bench_rank k USING (ind, per, la)
LEFT JOIN bench_national n USING (ind, per)
LEFT JOIN bench_area e ON e.ind = r.ind AND e.per = r.per AND e.geographic_level = 'national'
LEFT JOIN bench_area rg ON rg.ind = r.ind AND rg.per = r.per AND rg.geographic_level = 'regional' AND rg.geo_code = r.region_code;

CREATE VIEW mart.la_benchmark AS
SELECT
    n.indicator_id, i.label, i.unit, i.polarity, t.period, t.year,
    l.la_code, l.la_name, l.region_code, l.region_name,
    b.value, b.england_value, b.region_value,
    b.sn_mean, b.sn_median, b.sn_count,
    b.national_rank, b.national_count, b.regional_rank, b.regional_count,
    b.quartile, b.change, b.direction, b.symbol, b.version,
    f.source_file, b.source_row,
    -- always 'published': the table holds DfE's figures only. Kept for the
    -- queries that filter on it and for mart.la_benchmark_with_own, whose
    -- own rows say 'provisional' (mart_provisional.sql)
    'published' AS source,
    b.shared_with,
    -- always NULL here; in mart.la_benchmark_with_own an own row's date
    -- the returns behind it reach (a part-year return's figures are as at
    -- that date, not the year's)
    NULL::DATE AS as_at,
    b.numerator, b.denominator, b.ci_lower, b.ci_upper, b.vs_england
FROM mart.la_benchmark_figure b
JOIN stage.indicator_number n USING (ind)
JOIN ref.indicator i USING (indicator_id)
JOIN stage.indicator_period t USING (per)
JOIN mart.la_number l USING (la)
LEFT JOIN stage.source_file f USING (file_no);
