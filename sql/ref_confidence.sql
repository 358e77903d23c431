-- Confidence intervals (95%) and the comparison with England, as OHID's
-- Fingertips makes them (Public Health Data Science, "Technical guide:
-- confidence intervals"; APHO Technical Briefing 3). Temporary macros, like
-- the benchmark rules: they shape the marts, the marts hold the results.
--
-- Made only from a published (or the council's own) numerator and
-- denominator, never from a rounded published percentage: a figure without
-- both counts gets no interval (NULL), nor does a suppressed count, a zero
-- or negative denominator, a negative numerator, or, for a share, a
-- numerator larger than its denominator.

-- z for a two-sided 95% interval: the 97.5th percentile of the standard
-- normal distribution, to the precision Fingertips uses.
CREATE TEMP MACRO ci_z() AS 1.959964;

-- ci_made: whether an interval can be made for a figure in unit from x of n.
CREATE TEMP MACRO ci_made(unit, x, n) AS
    coalesce(unit IN ('%', 'rate') AND x >= 0 AND n > 0 AND (unit = 'rate' OR x <= n), false);

-- Wilson's score interval for a proportion p = x/n (Wilson 1927; Newcombe
-- 1998, method 3), in per cent: centre (p + z²/2n) / (1 + z²/n), half-width
-- z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n). It stays within 0-100% and is
-- not degenerate at 0 or n.
CREATE TEMP MACRO wilson_lower(x, n) AS
    greatest(0, 100 * ((x / n + ci_z() ^ 2 / (2 * n))
                       - ci_z() * sqrt((x / n) * (1 - x / n) / n + ci_z() ^ 2 / (4 * n ^ 2))) / (1 + ci_z() ^ 2 / n));
CREATE TEMP MACRO wilson_upper(x, n) AS
    least(100, 100 * ((x / n + ci_z() ^ 2 / (2 * n))
                      + ci_z() * sqrt((x / n) * (1 - x / n) / n + ci_z() ^ 2 / (4 * n ^ 2))) / (1 + ci_z() ^ 2 / n));

-- Byar's approximation to the exact Poisson interval of a count O
-- (Breslow & Day 1987, p. 69): lower O(1 - 1/9O - z/3√O)³ (0 when O is 0),
-- upper (O+1)(1 - 1/9(O+1) + z/3√(O+1))³; each over the population and
-- per 10,000 children, as the rate is.
CREATE TEMP MACRO byar_lower(o, population) AS
    CASE WHEN o = 0 THEN 0
         ELSE o * (1 - 1 / (9 * o) - ci_z() / (3 * sqrt(o))) ^ 3 END / population * 10000;
CREATE TEMP MACRO byar_upper(o, population) AS
    (o + 1) * (1 - 1 / (9 * (o + 1)) + ci_z() / (3 * sqrt(o + 1))) ^ 3 / population * 10000;

-- ci_lower, ci_upper: the interval of a share (Wilson) or a rate per
-- 10,000 (Byar), rounded to 6 places as the marts' other derived figures;
-- NULL when none can be made.
CREATE TEMP MACRO ci_lower(unit, x, n) AS
    CASE WHEN NOT ci_made(unit, x, n) THEN NULL
         WHEN unit = '%' THEN round(wilson_lower(x::DOUBLE, n::DOUBLE), 6)
         ELSE round(byar_lower(x::DOUBLE, n::DOUBLE), 6) END;
CREATE TEMP MACRO ci_upper(unit, x, n) AS
    CASE WHEN NOT ci_made(unit, x, n) THEN NULL
         WHEN unit = '%' THEN round(wilson_upper(x::DOUBLE, n::DOUBLE), 6)
         ELSE round(byar_upper(x::DOUBLE, n::DOUBLE), 6) END;

-- vs_england: England's value taken as fixed (as Fingertips does), the
-- figure differs from it when England's lies outside the figure's
-- interval. Higher or lower, or, for an indicator with a polarity, better
-- or worse; similar when England's value is within the interval (its
-- bounds included); NULL without an interval or an England value.
CREATE TEMP MACRO vs_england(lower, upper, england, polarity) AS
    CASE
        WHEN lower IS NULL OR upper IS NULL OR england IS NULL THEN NULL
        WHEN england < lower THEN CASE polarity WHEN 'high' THEN 'better' WHEN 'low' THEN 'worse' ELSE 'higher' END
        WHEN england > upper THEN CASE polarity WHEN 'high' THEN 'worse' WHEN 'low' THEN 'better' ELSE 'lower' END
        ELSE 'similar'
    END;

-- count_text: a published count as it was written (30, not 30.0), for the
-- issues about a numerator and denominator.
CREATE TEMP MACRO count_text(x) AS
    CASE WHEN x = trunc(x) AND abs(x) < 1e15 THEN x::BIGINT::VARCHAR ELSE x::VARCHAR END;
