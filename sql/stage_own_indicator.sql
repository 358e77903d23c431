-- stage.own_indicator_value: the council's own figures, computed from its
-- child-level returns under the ids of the indicators DfE publishes, so
-- mart_provisional.sql can set them beside (and rank them in) the latest
-- published year. One row per indicator x collection year x LA, with the
-- numerator and denominator the figure came from.
--
-- Counting rules follow DfE's published methodology; each is written beside
-- its SQL with its reference:
--   [CLA]  DfE, "Children looked after in England including adoptions":
--          methodology, and the SSDA903 guide (codes: RNE, LS, PLACE, REC).
--   [STAB] DfE, "Stability measures for children looked after in England".
--   [CL]   DfE, care leavers tables of the CLA release; SSDA903 guide (OC3).
--   [CIN]  DfE, "Characteristics of children in need": methodology, and the
--          CIN census guide.
-- Common to all: the year runs 1 April to 31 March; a year's figures come
-- from that year's return (collection_year), earlier returns serving only
-- as history (a previous referral, a previous plan, when a period of care
-- began). Ages are at 31 March: dates of birth are kept to the month, and
-- as 31 March ends its month the age at 31 March is exact.
CREATE TEMP MACRO age_at_31_march(dob, yr) AS
    yr - year(dob::DATE) - CASE WHEN month(dob::DATE) > 3 THEN 1 ELSE 0 END;

CREATE TABLE stage.own_indicator_value (
    indicator_id VARCHAR, period VARCHAR, year INTEGER, la_code VARCHAR,
    value DOUBLE, numerator BIGINT, denominator BIGINT, source_files VARCHAR);

-- The files each figure comes from: a year's episodes of the return.
CREATE TEMP VIEW return_files AS
SELECT 'ssda903' AS return_kind, la_code, collection_year AS year,
       string_agg(DISTINCT source_file, ', ' ORDER BY source_file) AS source_files
FROM stage.cla_episode GROUP BY ALL
UNION ALL
SELECT 'cin', la_code, collection_year, string_agg(DISTINCT source_file, ', ' ORDER BY source_file)
FROM stage.cin_episode GROUP BY ALL;

-- [CLA] Short-break episodes (LS V3, V4) are not looked after in DfE's
-- counts: they are left out of every CLA figure.
CREATE TEMP VIEW cla_ep AS
SELECT e.*, make_date(e.collection_year - 1, 4, 1) AS year_start, make_date(e.collection_year, 3, 31) AS year_end
FROM stage.cla_episode e
WHERE e.la_code IS NOT NULL AND e.collection_year IS NOT NULL AND e.decom IS NOT NULL
  AND coalesce(e.ls, '') NOT IN ('V3', 'V4');

-- [CLA] Looked after at 31 March: an episode that began by 31 March and had
-- not ceased by its end (DEC on 31 March means no longer looked after that
-- night). Children, not episodes.
CREATE TEMP VIEW cla_open AS
SELECT DISTINCT la_code, collection_year AS year, child_id
FROM cla_ep
WHERE decom <= year_end AND (dec IS NULL OR dec > year_end);

-- [STAB] Placements: an episode starts a new placement unless only the legal
-- status changed (RNE L), it is a temporary placement (PLACE T0-T4), it
-- returns to the placement held just before a temporary one (same PLACE,
-- URN and placement postcode district), or it is a placement for adoption
-- with the current foster carers (A3, A5: the same carers go on). The first
-- episode of the year for a child counts: it is the placement the child was
-- in on 1 April or started in.
CREATE TEMP VIEW cla_placement AS
WITH ordered AS (
    SELECT *,
           lag(place) OVER w AS prev_place,
           lag(place, 2) OVER w AS prev2_place,
           lag(urn, 2) OVER w AS prev2_urn,
           lag(pl_post_outward, 2) OVER w AS prev2_post,
           row_number() OVER w AS n_in_year
    FROM cla_ep
    WHERE decom <= year_end AND (dec IS NULL OR dec >= year_start)
    WINDOW w AS (PARTITION BY la_code, collection_year, child_id ORDER BY decom, source_row)
)
SELECT *,
       place NOT IN ('T0', 'T1', 'T2', 'T3', 'T4')
       AND (n_in_year = 1 OR (
            rne <> 'L'
            AND place NOT IN ('A3', 'A5')
            AND NOT (prev_place IN ('T0', 'T1', 'T2', 'T3', 'T4') AND place = prev2_place
                     AND urn IS NOT DISTINCT FROM prev2_urn AND pl_post_outward IS NOT DISTINCT FROM prev2_post)))
       AS new_placement
FROM ordered;

-- [CLA] History for periods of care: every loaded return's episodes, once
-- each (a later return's copy of an episode wins).
CREATE TEMP VIEW cla_history AS
SELECT * FROM cla_ep
QUALIFY row_number() OVER (PARTITION BY la_code, child_id, decom ORDER BY collection_year DESC, source_row) = 1;

INSERT INTO stage.own_indicator_value
WITH
at31 AS (
    SELECT la_code, year, count(*) AS n FROM cla_open GROUP BY ALL
),
-- [CLA] Started during the year: children with an episode that began a
-- period of care (RNE S) between 1 April and 31 March; a child starting
-- twice is counted once.
started AS (
    SELECT la_code, collection_year AS year, count(DISTINCT child_id) AS n
    FROM cla_ep WHERE rne = 'S' AND decom BETWEEN year_start AND year_end GROUP BY ALL
),
-- [CLA] Ceased during the year: children with an episode that ended a period
-- of care in the year (DEC in the year, REC not X1, which is one episode
-- followed by another the same day); counted once.
ceased AS (
    SELECT la_code, collection_year AS year, count(DISTINCT child_id) AS n
    FROM cla_ep WHERE dec BETWEEN year_start AND year_end AND rec IS DISTINCT FROM 'X1' GROUP BY ALL
),
-- [STAB] Children looked after at 31 March with 3 or more placements during
-- the year, as a share of all looked after at 31 March.
placements AS (
    SELECT p.la_code, p.collection_year AS year, p.child_id, count(*) FILTER (WHERE p.new_placement) AS n
    FROM cla_placement p
    JOIN cla_open o ON o.la_code = p.la_code AND o.year = p.collection_year AND o.child_id = p.child_id
    GROUP BY ALL
),
three_plus AS (
    SELECT la_code, year, count(*) FILTER (WHERE n >= 3) AS num, count(*) AS den FROM placements GROUP BY ALL
),
-- [STAB] Long-term stability: children looked after at 31 March, aged under
-- 16, looked after continuously for at least 2.5 years (the period of care
-- began by 30 September two and a half years before), of whom those in the
-- same placement for at least 2 years (it began by 31 March two years
-- before). The period of care begins at the child's latest RNE S episode
-- in any loaded return; a child whose start is not in the returns loaded is
-- left out (see the own_figure_history issue below).
cohort AS (
    SELECT o.la_code, o.year, o.child_id,
           (SELECT max(h.decom) FROM cla_history h
             WHERE h.la_code = o.la_code AND h.child_id = o.child_id AND h.rne = 'S'
               AND h.decom <= make_date(o.year, 3, 31)) AS care_start,
           (SELECT max(p.decom) FROM cla_placement p
             WHERE p.la_code = o.la_code AND p.collection_year = o.year AND p.child_id = o.child_id
               AND p.new_placement) AS placement_start,
           (SELECT max(c.dob_month) FROM stage.cla_child c
             WHERE c.la_code = o.la_code AND c.collection_year = o.year AND c.child_id = o.child_id) AS dob_month
    FROM cla_open o
),
long_term AS (
    SELECT la_code, year,
           count(*) FILTER (WHERE placement_start <= make_date(year - 2, 3, 31)) AS num,
           count(*) AS den
    FROM cohort
    WHERE care_start <= make_date(year - 3, 9, 30)
      AND age_at_31_march(dob_month, year) < 16
    GROUP BY ALL
),
-- [CL] Care leavers aged 19 to 21: OC3 rows of young people whose 19th,
-- 20th or 21st birthday fell in the year (born April 22 years before to
-- March 19 years before the year's end); those who have died or returned
-- home for six months or more (IN_TOUCH DIED, RHOM) are no longer counted.
-- In education, employment or training: ACTIV F1-F5, P1-P5. Suitable
-- accommodation: an ACCOM code ending 1.
leavers AS (
    SELECT la_code, collection_year AS year,
           count(*) FILTER (WHERE activ IN ('F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5')) AS eet,
           count(*) FILTER (WHERE accom LIKE '_1') AS suitable,
           count(*) AS den
    FROM stage.cla_care_leaver
    WHERE la_code IS NOT NULL AND collection_year IS NOT NULL
      AND dob_month BETWEEN make_date(collection_year - 22, 4, 1) AND make_date(collection_year - 19, 3, 1)
      AND coalesce(in_touch, '') NOT IN ('DIED', 'RHOM')
    GROUP BY ALL
),
-- [CLA] Placement at 31 March, as a share of those looked after then: the
-- PLACE of the episode open on 31 March, grouped as DfE's tables group
-- them. Foster care includes kinship (connected persons, U1-U3); residential
-- is secure and children's homes, residential care homes, health settings,
-- family centres, young offender institutions and residential schools;
-- independent and semi-independent is independent living (P2),
-- semi-independent accommodation (H5, to 2024) and supported accommodation
-- (K3, from 2025). Placed for adoption and other placements are in none.
placement_group (code, grp) AS (
    VALUES ('U1', 'foster'), ('U2', 'foster'), ('U3', 'foster'), ('U4', 'foster'), ('U5', 'foster'), ('U6', 'foster'),
           ('P1', 'with_parents'),
           ('K1', 'residential'), ('K2', 'residential'), ('R1', 'residential'), ('R2', 'residential'),
           ('R3', 'residential'), ('R5', 'residential'), ('S1', 'residential'),
           ('P2', 'independent'), ('H5', 'independent'), ('K3', 'independent')
),
placed AS (
    SELECT e.la_code, e.collection_year AS year, g.grp, count(DISTINCT e.child_id) AS n
    FROM cla_ep e
    LEFT JOIN placement_group g ON g.code = e.place
    WHERE e.decom <= e.year_end AND (e.dec IS NULL OR e.dec > e.year_end)
    GROUP BY ALL
),
placement_types AS (
    SELECT a.la_code, a.year, g.grp, coalesce(p.n, 0) AS num, a.n AS den
    FROM at31 a
    CROSS JOIN (SELECT DISTINCT grp FROM placement_group) g
    LEFT JOIN placed p ON p.la_code = a.la_code AND p.year = a.year AND p.grp = g.grp
),
-- [CLA] Unaccompanied asylum-seeking children looked after on 31 March: a
-- UASC row of the year's return not ceased (DUC) by 31 March.
uasc AS (
    SELECT o.la_code, o.year, count(DISTINCT o.child_id) AS n
    FROM cla_open o
    JOIN stage.cla_uasc u ON u.la_code = o.la_code AND u.collection_year = o.year AND u.child_id = o.child_id
    WHERE u.duc IS NULL OR u.duc > make_date(o.year, 3, 31)
    GROUP BY ALL
),
-- [CLA] Children who went missing from their placement during the year
-- (MISSING M, a start in the year), as a share of all children looked after
-- at some point in the year.
during AS (
    SELECT la_code, collection_year AS year, count(DISTINCT child_id) AS n
    FROM cla_ep WHERE decom <= year_end AND (dec IS NULL OR dec >= year_start) GROUP BY ALL
),
missing AS (
    SELECT d.la_code, d.year, d.n AS den,
           (SELECT count(DISTINCT m.child_id) FROM stage.cla_missing m
             WHERE m.la_code = d.la_code AND m.collection_year = d.year AND m.missing = 'M'
               AND m.mis_start BETWEEN make_date(d.year - 1, 4, 1) AND make_date(d.year, 3, 31)
               AND m.child_id IN (SELECT child_id FROM cla_ep c WHERE c.la_code = d.la_code AND c.collection_year = d.year)) AS num
    FROM during d
),
figures AS (
    SELECT 'cla_at_31_march' AS indicator_id, la_code, year, n::DOUBLE AS value, n AS num, NULL::BIGINT AS den FROM at31
    UNION ALL SELECT 'cla_placed_' || grp || '_pct', la_code, year, round(100.0 * num / den), num, den FROM placement_types WHERE den > 0
    UNION ALL SELECT 'cla_uasc_at_31_march', la_code, year, n, n, NULL FROM uasc
    UNION ALL SELECT 'cla_missing_pct', la_code, year, round(100.0 * num / den), num, den FROM missing WHERE den > 0
    UNION ALL SELECT 'cla_started_in_year', la_code, year, n, n, NULL FROM started
    UNION ALL SELECT 'cla_ceased_in_year', la_code, year, n, n, NULL FROM ceased
    UNION ALL SELECT 'cla_3plus_placements_pct', la_code, year, round(100.0 * num / den), num, den FROM three_plus WHERE den > 0
    UNION ALL SELECT 'cla_long_term_stability_pct', la_code, year, round(100.0 * num / den), num, den FROM long_term WHERE den > 0
    UNION ALL SELECT 'care_leavers_19_21_eet_pct', la_code, year, round(100.0 * eet / den), eet, den FROM leavers WHERE den > 0
    UNION ALL SELECT 'care_leavers_19_21_suitable_accommodation_pct', la_code, year, round(100.0 * suitable / den), suitable, den FROM leavers WHERE den > 0
)
SELECT f.indicator_id, f.year::VARCHAR, f.year, f.la_code, f.value, f.num, f.den, rf.source_files
FROM figures f
LEFT JOIN return_files rf ON rf.la_code = f.la_code AND rf.year = f.year AND rf.return_kind = 'ssda903';

-- [CIN] Episodes of a year's own census, and every loaded census's episodes
-- (once each) as history for re-referrals and previous plans.
CREATE TEMP VIEW cin_ep AS
SELECT e.*, make_date(e.collection_year - 1, 4, 1) AS year_start, make_date(e.collection_year, 3, 31) AS year_end
FROM stage.cin_episode e
WHERE e.la_code IS NOT NULL AND e.collection_year IS NOT NULL AND e.referral_date IS NOT NULL;

CREATE TEMP VIEW cin_referral_history AS
SELECT DISTINCT la_code, child_id, referral_date FROM cin_ep;

CREATE TEMP VIEW cpp AS
SELECT p.*, make_date(p.collection_year - 1, 4, 1) AS year_start, make_date(p.collection_year, 3, 31) AS year_end
FROM stage.cin_cp_plan p
WHERE p.la_code IS NOT NULL AND p.collection_year IS NOT NULL AND p.start_date IS NOT NULL;

INSERT INTO stage.own_indicator_value
WITH
-- [CIN] Children in need at 31 March: episodes open on 31 March (referred
-- by then, not closed by its end), as DfE's At31_episodes counts episodes;
-- a referral with no further action is not an episode of need.
at31 AS (
    SELECT la_code, collection_year AS year, count(*) AS n
    FROM cin_ep
    WHERE referral_date <= year_end AND (closure_date IS NULL OR closure_date > year_end)
      AND NOT coalesce(referral_nfa, false)
    GROUP BY ALL
),
-- [CIN] Referrals in the year, and re-referrals: a referral within 12
-- months of a previous referral of the same child (any loaded census).
referrals AS (
    SELECT e.la_code, e.collection_year AS year, count(*) AS n,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM cin_referral_history h
               WHERE h.la_code = e.la_code AND h.child_id = e.child_id
                 AND h.referral_date < e.referral_date
                 AND h.referral_date >= e.referral_date - INTERVAL 12 MONTH)) AS re
    FROM cin_ep e
    WHERE e.referral_date BETWEEN e.year_start AND e.year_end
    GROUP BY ALL
),
-- [CIN] Child protection plans starting in the year that are a second or
-- subsequent plan for the child: the census says so (NumberOfPreviousCPP
-- above 0) or an earlier plan of the child is in a loaded census.
cpp_started AS (
    SELECT p.la_code, p.collection_year AS year, count(*) AS n,
           count(*) FILTER (WHERE coalesce(p.number_of_previous_cpp, 0) > 0 OR EXISTS (
               SELECT 1 FROM cpp h WHERE h.la_code = p.la_code AND h.child_id = p.child_id AND h.start_date < p.start_date)) AS subsequent
    FROM cpp p
    WHERE p.start_date BETWEEN p.year_start AND p.year_end
    GROUP BY ALL
),
-- [CIN] Child protection plans open at 31 March.
cpp_at31 AS (
    SELECT la_code, collection_year AS year, count(*) AS n
    FROM cpp
    WHERE start_date <= year_end AND (end_date IS NULL OR end_date > year_end)
    GROUP BY ALL
),
figures AS (
    SELECT 'cin_at_31_march' AS indicator_id, la_code, year, n::DOUBLE AS value, n AS num, NULL::BIGINT AS den FROM at31
    UNION ALL SELECT 'cin_referrals_in_year', la_code, year, n, n, NULL FROM referrals
    UNION ALL SELECT 'rereferral_pct', la_code, year, round(100.0 * re / n, 1), re, n FROM referrals WHERE n > 0
    UNION ALL SELECT 'cpp_subsequent_pct', la_code, year, round(100.0 * subsequent / n, 1), subsequent, n FROM cpp_started WHERE n > 0
    UNION ALL SELECT 'cpp_at_31_march', la_code, year, n, n, NULL FROM cpp_at31
)
SELECT f.indicator_id, f.year::VARCHAR, f.year, f.la_code, f.value, f.num, f.den, rf.source_files
FROM figures f
LEFT JOIN return_files rf ON rf.la_code = f.la_code AND rf.year = f.year AND rf.return_kind = 'cin';

-- [CIN] Working days: Monday to Friday except the bank holidays of England
-- and Wales (ref.bank_holiday, kept as data in transforms/calendar). wd is
-- the number of working days up to and including a day, so the working days
-- after a and up to and including b are wd(b) - wd(a).
CREATE TEMP TABLE working_day AS
SELECT d::DATE AS day,
       sum(CASE WHEN isodow(d) <= 5 AND d::DATE NOT IN (SELECT date FROM ref.bank_holiday) THEN 1 ELSE 0 END)
           OVER (ORDER BY d) AS wd
FROM generate_series(DATE '2010-01-01', DATE '2030-12-31', INTERVAL 1 DAY) t(d);

INSERT INTO stage.own_indicator_value
WITH
-- [CIN] Assessments completed (authorised) in the year, and those authorised
-- within 45 working days of their start (LAIT 304).
assessments AS (
    SELECT a.la_code, a.collection_year AS year, count(*) AS n,
           count(*) FILTER (WHERE e.wd - s.wd <= 45) AS within
    FROM stage.cin_assessment a
    JOIN working_day s ON s.day = a.start_date
    JOIN working_day e ON e.day = a.authorisation_date
    WHERE a.la_code IS NOT NULL AND a.authorisation_date
          BETWEEN make_date(a.collection_year - 1, 4, 1) AND make_date(a.collection_year, 3, 31)
    GROUP BY ALL
),
-- [CIN] Section 47 enquiries starting in the year (LAIT 217, as a rate); the
-- initial child protection conferences that followed them held in the year
-- (LAIT 269), and those held within 15 working days of the strategy
-- discussion that began the enquiry (LAIT 218, 268).
s47 AS (
    SELECT la_code, collection_year AS year, count(*) AS n
    FROM stage.cin_s47
    WHERE la_code IS NOT NULL AND start_date BETWEEN make_date(collection_year - 1, 4, 1) AND make_date(collection_year, 3, 31)
    GROUP BY ALL
),
icpc AS (
    SELECT q.la_code, q.collection_year AS year, count(*) AS n,
           count(*) FILTER (WHERE c.wd - s.wd <= 15) AS within
    FROM stage.cin_s47 q
    JOIN working_day s ON s.day = q.start_date
    JOIN working_day c ON c.day = q.date_of_initial_cpc
    WHERE q.la_code IS NOT NULL
      AND q.date_of_initial_cpc BETWEEN make_date(q.collection_year - 1, 4, 1) AND make_date(q.collection_year, 3, 31)
    GROUP BY ALL
),
-- [CIN] Plans starting in the year by initial category of abuse, and plans
-- open on 31 March that began two years or more before (LAIT 264).
categories AS (
    SELECT p.la_code, p.collection_year AS year, c.code, c.name,
           count(*) FILTER (WHERE p.initial_category_of_abuse = c.code) AS num, count(*) AS den
    FROM cpp p
    CROSS JOIN (VALUES ('NEG', 'neglect'), ('EMO', 'emotional'), ('PHY', 'physical'), ('SAB', 'sexual'), ('MUL', 'multiple')) c(code, name)
    WHERE p.start_date BETWEEN p.year_start AND p.year_end
    GROUP BY ALL
),
long_plans AS (
    SELECT la_code, collection_year AS year,
           count(*) FILTER (WHERE start_date <= make_date(collection_year - 2, 3, 31)) AS num, count(*) AS den
    FROM cpp
    WHERE start_date <= year_end AND (end_date IS NULL OR end_date > year_end)
    GROUP BY ALL
),
figures AS (
    SELECT 'assessments_45_days_pct' AS indicator_id, la_code, year, round(100.0 * within / n, 1) AS value, within AS num, n AS den FROM assessments WHERE n > 0
    UNION ALL SELECT 's47_in_year', la_code, year, n, n, NULL FROM s47
    UNION ALL SELECT 'icpc_in_year', la_code, year, n, n, NULL FROM icpc
    UNION ALL SELECT 'icpc_15_days_pct', la_code, year, round(100.0 * within / n, 1), within, n FROM icpc WHERE n > 0
    UNION ALL SELECT 'cpp_initial_' || name || '_pct', la_code, year, round(100.0 * num / den, 1), num, den FROM categories WHERE den > 0
    UNION ALL SELECT 'cpp_2_years_pct', la_code, year, round(100.0 * num / den, 1), num, den FROM long_plans WHERE den > 0
)
SELECT f.indicator_id, f.year::VARCHAR, f.year, f.la_code, f.value, f.num, f.den, rf.source_files
FROM figures f
LEFT JOIN return_files rf ON rf.la_code = f.la_code AND rf.year = f.year AND rf.return_kind = 'cin';

-- Rates per 10,000 children aged 0-17, as for published counts
-- (stage_indicator_value.sql): the ONS estimate for the mid-year before the
-- year ends, rounded to 1 decimal place.
INSERT INTO stage.own_indicator_value
SELECT r.indicator_id, c.period, c.year, c.la_code, round(c.value / p.population * 10000, 1),
       c.numerator, p.population::BIGINT, c.source_files
FROM ref.indicator r
JOIN stage.own_indicator_value c ON c.indicator_id = r.rate_of
JOIN ref.population p ON p.geography = c.la_code AND p.year = c.year - 1;

-- A child under 16 left out of long-term stability because the start of its period
-- of care is in no loaded return: load earlier returns to count it.
INSERT INTO meta.issue
SELECT NULL, NULL, NULL, NULL, 'own_figure_history',
       format('{} looked after on 31 March {} in LA {} left out of cla_long_term_stability_pct: the start of the period of care (an RNE S episode) is in none of the returns loaded; load earlier years'' SSDA903 returns to count them',
              CASE count(*) WHEN 1 THEN '1 child under 16' ELSE count(*) || ' children under 16' END, o.year, o.la_code)
FROM cla_open o
JOIN stage.cla_child c ON c.la_code = o.la_code AND c.collection_year = o.year AND c.child_id = o.child_id
WHERE age_at_31_march(c.dob_month, o.year) < 16
  AND NOT EXISTS (SELECT 1 FROM cla_history h WHERE h.la_code = o.la_code AND h.child_id = o.child_id AND h.rne = 'S'
                  AND h.decom <= make_date(o.year, 3, 31))
GROUP BY o.la_code, o.year;

-- An own count with no population to make its rate is reported.
INSERT INTO meta.issue
SELECT NULL, NULL, NULL, NULL, 'own_no_population',
       format('no ONS population for mid-{} for LA {}, so the own {} is not computed for {}; add the population file among the inputs',
              c.year - 1, c.la_code, r.indicator_id, c.period)
FROM ref.indicator r
JOIN stage.own_indicator_value c ON c.indicator_id = r.rate_of
LEFT JOIN ref.population p ON p.geography = c.la_code AND p.year = c.year - 1
WHERE p.population IS NULL;

-- Working days outside the years the bank-holiday list covers would miss
-- bank holidays (and outside 2010-2030 have no calendar at all): say so.
INSERT INTO meta.issue
WITH covered AS (SELECT year(min(date)) AS first, year(max(date)) AS last FROM ref.bank_holiday),
dates AS (
    SELECT la_code, collection_year, start_date AS d FROM stage.cin_assessment
    UNION ALL SELECT la_code, collection_year, authorisation_date FROM stage.cin_assessment
    UNION ALL SELECT la_code, collection_year, start_date FROM stage.cin_s47
    UNION ALL SELECT la_code, collection_year, date_of_initial_cpc FROM stage.cin_s47
)
SELECT NULL, NULL, NULL, NULL, 'own_calendar',
       format('{} assessment or S47 dates of LA {} in the {} census fall outside {}-{}, the years whose bank holidays yardstick knows: their working days are wrong or missing; add the years to transforms/calendar/bank_holidays.csv',
              count(*), d.la_code, d.collection_year, c.first, c.last)
FROM dates d, covered c
WHERE d.d IS NOT NULL AND (year(d.d) < c.first OR year(d.d) > c.last)
GROUP BY d.la_code, d.collection_year, c.first, c.last;
