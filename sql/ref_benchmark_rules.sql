-- The benchmark rules of DESIGN.md, written once and used by every mart
-- that ranks LAs (mart.la_benchmark, mart.gap, ...). Temporary macros: they
-- shape the marts but are not part of the published warehouse.
--
-- rank_key orders values so rank 1 is best: the largest value for polarity
-- high, the smallest for low. Ranks themselves are SQL's rank() over it
-- (ties take the lowest rank: 1, 2, 2, 4), among LAs with a value only.
CREATE TEMP MACRO rank_key(value, polarity) AS
    CASE polarity WHEN 'high' THEN -value ELSE value END;

-- is_ranked: only non-missing values of indicators with a polarity.
CREATE TEMP MACRO is_ranked(value, polarity) AS
    polarity IN ('high', 'low') AND value IS NOT NULL;

-- quartile_band: q holds the type-7 quantiles (R's default; DuckDB's
-- quantile_cont) [q25, q50, q75] of all ranked LAs' values. For polarity
-- low [q0,q25] is A, (q25,q50] B, (q50,q75] C, (q75,q100] D; for high the
-- same intervals are D, C, B, A. A is best.
CREATE TEMP MACRO quartile_band(value, q, polarity) AS
    CASE
        WHEN NOT is_ranked(value, polarity) THEN NULL
        WHEN value <= q[1] THEN CASE polarity WHEN 'low' THEN 'A' ELSE 'D' END
        WHEN value <= q[2] THEN CASE polarity WHEN 'low' THEN 'B' ELSE 'C' END
        WHEN value <= q[3] THEN CASE polarity WHEN 'low' THEN 'C' ELSE 'B' END
        ELSE CASE polarity WHEN 'low' THEN 'D' ELSE 'A' END
    END;

-- difference of two published figures (a change, a gap), rounded to 6
-- places so 24.5 - 23.9 reads 0.6, not 0.6000000000000014. A change is
-- against the previous consecutive period only: the caller joins the
-- period ending the year before.
CREATE TEMP MACRO difference(a, b) AS round(a - b, 6);

-- direction of a change by polarity.
CREATE TEMP MACRO direction_of(value, previous, polarity) AS
    CASE
        WHEN value IS NULL OR previous IS NULL OR polarity NOT IN ('high', 'low') THEN NULL
        WHEN round(value - previous, 6) = 0 THEN 'same'
        WHEN (value > previous) = (polarity = 'high') THEN 'better'
        ELSE 'worse'
    END;
