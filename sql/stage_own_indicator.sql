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
--   [ANNEX] Ofsted, "Inspecting local authority children's services":
--          Annex A, the lists councils provide before an inspection.
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

-- The files of the Annex A lists the CIN figures can read (3 to 7).
CREATE TEMP VIEW annex_a_file AS
SELECT DISTINCT la_code, collection_year, source_file FROM (
    SELECT la_code, collection_year, source_file FROM stage.annex_a_list_3
    UNION ALL SELECT la_code, collection_year, source_file FROM stage.annex_a_list_4
    UNION ALL SELECT la_code, collection_year, source_file FROM stage.annex_a_list_5
    UNION ALL SELECT la_code, collection_year, source_file FROM stage.annex_a_list_6
    UNION ALL SELECT la_code, collection_year, source_file FROM stage.annex_a_list_7)
WHERE la_code IS NOT NULL AND collection_year IS NOT NULL;

-- The files each figure comes from: a year's episodes of the return (for
-- Annex A, cin_files below).
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
-- Only where the return's missing table is loaded: without it the share is
-- not known, never 0% (own_no_source says so).
missing AS (
    SELECT d.la_code, d.year, d.n AS den,
           (SELECT count(DISTINCT m.child_id) FROM stage.cla_missing m
             WHERE m.la_code = d.la_code AND m.collection_year = d.year AND m.missing = 'M'
               AND m.mis_start BETWEEN make_date(d.year - 1, 4, 1) AND make_date(d.year, 3, 31)
               AND m.child_id IN (SELECT child_id FROM cla_ep c WHERE c.la_code = d.la_code AND c.collection_year = d.year)) AS num
    FROM during d
    WHERE EXISTS (SELECT 1 FROM stage.cla_missing m WHERE m.la_code = d.la_code AND m.collection_year = d.year)
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

-- [ANNEX] An LA's year with no CIN census loaded takes its CIN figures from
-- Ofsted's Annex A lists of that collection year instead: List 3
-- (referrals), 4 (assessments), 5 (S47 enquiries and ICPCs), 6 (children in
-- need) and 7 (child protection plans). A year with a census uses the census
-- alone (own_source says so when an Annex A of that year is loaded too).
CREATE TEMP VIEW cin_census_year AS
SELECT DISTINCT la_code, collection_year FROM cin_ep;

CREATE TEMP VIEW annex_a_year AS
SELECT DISTINCT la_code, collection_year FROM annex_a_file
WHERE (la_code, collection_year) NOT IN (SELECT (la_code, collection_year) FROM cin_census_year);

-- [ANNEX] Annex A lists cover the months before the council produced them
-- (six or twelve, by the version of the guidance), not the collection year.
-- A count over the year is computed only when a list's dates run from the
-- year's first month (April or earlier) into its last (March); a figure on
-- 31 March only when the list's dates reach March. Shares (re-referrals,
-- timeliness, categories) are over the events the list has in the year;
-- own_partial_year names each list that does not cover the year.
CREATE TEMP VIEW annex_a_list_file AS
WITH dates AS (
    SELECT 3 AS list, la_code, collection_year, source_file, referral_date AS first, referral_date AS last FROM stage.annex_a_list_3
    UNION ALL SELECT 4, la_code, collection_year, source_file, assessment_start_date,
           greatest(assessment_start_date, authorisation_date) FROM stage.annex_a_list_4
    UNION ALL SELECT 5, la_code, collection_year, source_file, s47_start_date, greatest(s47_start_date, icpc_date) FROM stage.annex_a_list_5
    UNION ALL SELECT 6, la_code, collection_year, source_file, cin_start_date,
           greatest(cin_start_date, last_seen_date, cin_closure_date) FROM stage.annex_a_list_6
    UNION ALL SELECT 7, la_code, collection_year, source_file, cp_start_date,
           greatest(cp_start_date, last_visit_date, latest_review_date, cp_end_date) FROM stage.annex_a_list_7
)
SELECT d.list, d.la_code, d.collection_year AS year, d.source_file, min(d.first) AS first, max(d.last) AS last
FROM dates d
JOIN annex_a_year y ON y.la_code = d.la_code AND y.collection_year = d.collection_year
GROUP BY ALL;

-- [ANNEX] Workbooks run at different times overlap (each has the months
-- before it), so each list of a year is read from one workbook only: the
-- one whose dates reach latest (own_source names those set aside).
CREATE TEMP VIEW annex_a_coverage AS
SELECT *,
       coalesce(first < make_date(year - 1, 5, 1) AND last >= make_date(year, 3, 1), false) AS full_year,
       coalesce(last >= make_date(year, 3, 1), false) AS reaches_march
FROM annex_a_list_file
QUALIFY row_number() OVER (PARTITION BY list, la_code, year ORDER BY last DESC NULLS LAST, source_file DESC) = 1;

-- The files the CIN figures come from: the census, or the Annex A
-- workbooks read.
CREATE TEMP VIEW cin_files AS
SELECT * FROM return_files WHERE return_kind = 'cin'
UNION ALL
SELECT 'annex_a', la_code, year, string_agg(DISTINCT source_file, ', ' ORDER BY source_file)
FROM annex_a_coverage GROUP BY ALL;

-- The figures below read these views: one row per event, from the census or
-- (origin 'annex_a') from Annex A, with the flags saying whether the list
-- covers the whole year (counts) and reaches 31 March (figures on that day).
-- Census rows always do.
CREATE TEMP VIEW own_referral AS
SELECT 'cin' AS origin, la_code, collection_year AS year, child_id, referral_date,
       NULL::INTEGER AS previous_in_12_months, true AS full_year
FROM cin_ep
UNION ALL
-- [ANNEX] List 3's "Number of Referrals in Last 12 Months" counts the
-- child's earlier referrals, not this one (first referrals carry 0).
SELECT 'annex_a', a.la_code, a.collection_year, a.child_id, a.referral_date, a.referrals_last_12_months, c.full_year
FROM stage.annex_a_list_3 a
JOIN annex_a_coverage c ON c.list = 3 AND c.la_code = a.la_code AND c.year = a.collection_year AND c.source_file = a.source_file
WHERE a.referral_date IS NOT NULL;

CREATE TEMP VIEW own_cin_case AS
SELECT 'cin' AS origin, la_code, collection_year AS year, referral_date AS start_date, closure_date,
       coalesce(referral_nfa, false) AS nfa, true AS reaches_march
FROM cin_ep
UNION ALL
SELECT 'annex_a', a.la_code, a.collection_year, a.cin_start_date, a.cin_closure_date, false, c.reaches_march
FROM stage.annex_a_list_6 a
JOIN annex_a_coverage c ON c.list = 6 AND c.la_code = a.la_code AND c.year = a.collection_year AND c.source_file = a.source_file
WHERE a.cin_start_date IS NOT NULL;

CREATE TEMP VIEW own_cpp AS
SELECT 'cin' AS origin, la_code, collection_year AS year, child_id, start_date, end_date,
       number_of_previous_cpp AS previous_plans, initial_category_of_abuse, true AS reaches_march
FROM stage.cin_cp_plan
WHERE la_code IS NOT NULL AND collection_year IS NOT NULL AND start_date IS NOT NULL
UNION ALL
SELECT 'annex_a', a.la_code, a.collection_year, a.child_id, a.cp_start_date, a.cp_end_date,
       a.previous_cp_plans, a.initial_category_of_abuse, c.reaches_march
FROM stage.annex_a_list_7 a
JOIN annex_a_coverage c ON c.list = 7 AND c.la_code = a.la_code AND c.year = a.collection_year AND c.source_file = a.source_file
WHERE a.cp_start_date IS NOT NULL;

CREATE TEMP VIEW own_assessment AS
SELECT 'cin' AS origin, la_code, collection_year AS year, start_date, authorisation_date
FROM stage.cin_assessment
WHERE la_code IS NOT NULL AND collection_year IS NOT NULL
UNION ALL
SELECT 'annex_a', a.la_code, a.collection_year, a.assessment_start_date, a.authorisation_date
FROM stage.annex_a_list_4 a
JOIN annex_a_coverage c ON c.list = 4 AND c.la_code = a.la_code AND c.year = a.collection_year AND c.source_file = a.source_file;

CREATE TEMP VIEW own_s47 AS
SELECT 'cin' AS origin, la_code, collection_year AS year, start_date, date_of_initial_cpc AS icpc_date, true AS full_year
FROM stage.cin_s47
WHERE la_code IS NOT NULL AND collection_year IS NOT NULL
UNION ALL
SELECT 'annex_a', a.la_code, a.collection_year, a.s47_start_date, a.icpc_date, c.full_year
FROM stage.annex_a_list_5 a
JOIN annex_a_coverage c ON c.list = 5 AND c.la_code = a.la_code AND c.year = a.collection_year AND c.source_file = a.source_file;

-- History for re-referrals and previous plans: every loaded census and
-- Annex A, whichever year's figures are being computed.
CREATE TEMP VIEW cin_referral_history AS
SELECT DISTINCT la_code, child_id, referral_date FROM (
    SELECT la_code, child_id, referral_date FROM cin_ep
    UNION ALL SELECT la_code, child_id, referral_date FROM stage.annex_a_list_3)
WHERE la_code IS NOT NULL AND referral_date IS NOT NULL;

CREATE TEMP VIEW cpp_history AS
SELECT DISTINCT la_code, child_id, start_date FROM (
    SELECT la_code, child_id, start_date FROM stage.cin_cp_plan
    UNION ALL SELECT la_code, child_id, cp_start_date FROM stage.annex_a_list_7)
WHERE la_code IS NOT NULL AND start_date IS NOT NULL;

INSERT INTO stage.own_indicator_value
WITH
-- [CIN] Children in need at 31 March: episodes open on 31 March (referred
-- by then, not closed by its end), as DfE's At31_episodes counts episodes;
-- a referral with no further action is not an episode of need. [ANNEX]
-- List 6's cases, one row each, open on 31 March.
at31 AS (
    SELECT origin, la_code, year, count(*) AS n, bool_and(reaches_march) AS complete
    FROM own_cin_case
    WHERE start_date <= make_date(year, 3, 31) AND (closure_date IS NULL OR closure_date > make_date(year, 3, 31))
      AND NOT nfa
    GROUP BY ALL
),
-- [CIN] Referrals in the year, and re-referrals: a referral within 12
-- months of a previous referral of the same child (any loaded census or
-- Annex A; for Annex A rows also List 3's own count of earlier referrals).
referrals AS (
    SELECT e.origin, e.la_code, e.year, count(*) AS n, bool_and(e.full_year) AS complete,
           count(*) FILTER (WHERE coalesce(e.previous_in_12_months, 0) > 0 OR EXISTS (
               SELECT 1 FROM cin_referral_history h
               WHERE h.la_code = e.la_code AND h.child_id = e.child_id
                 AND h.referral_date < e.referral_date
                 AND h.referral_date >= e.referral_date - INTERVAL 12 MONTH)) AS re
    FROM own_referral e
    WHERE e.referral_date BETWEEN make_date(e.year - 1, 4, 1) AND make_date(e.year, 3, 31)
    GROUP BY ALL
),
-- [CIN] Child protection plans starting in the year that are a second or
-- subsequent plan for the child: the return says so (NumberOfPreviousCPP,
-- or List 7's "Number of Previous Child Protection Plans", above 0) or an
-- earlier plan of the child is in a loaded census or Annex A.
cpp_started AS (
    SELECT p.origin, p.la_code, p.year, count(*) AS n,
           count(*) FILTER (WHERE coalesce(p.previous_plans, 0) > 0 OR EXISTS (
               SELECT 1 FROM cpp_history h WHERE h.la_code = p.la_code AND h.child_id = p.child_id AND h.start_date < p.start_date)) AS subsequent
    FROM own_cpp p
    WHERE p.start_date BETWEEN make_date(p.year - 1, 4, 1) AND make_date(p.year, 3, 31)
    GROUP BY ALL
),
-- [CIN] Child protection plans open at 31 March, and of them those that
-- began two years or more before (LAIT 264).
cpp_at31 AS (
    SELECT origin, la_code, year, count(*) AS n, bool_and(reaches_march) AS complete,
           count(*) FILTER (WHERE start_date <= make_date(year - 2, 3, 31)) AS two_years
    FROM own_cpp
    WHERE start_date <= make_date(year, 3, 31) AND (end_date IS NULL OR end_date > make_date(year, 3, 31))
    GROUP BY ALL
),
-- [CIN] Plans starting in the year by initial category of abuse.
categories AS (
    SELECT p.origin, p.la_code, p.year, c.name,
           count(*) FILTER (WHERE p.initial_category_of_abuse = c.code) AS num, count(*) AS den
    FROM own_cpp p
    CROSS JOIN (VALUES ('NEG', 'neglect'), ('EMO', 'emotional'), ('PHY', 'physical'), ('SAB', 'sexual'), ('MUL', 'multiple')) c(code, name)
    WHERE p.start_date BETWEEN make_date(p.year - 1, 4, 1) AND make_date(p.year, 3, 31)
    GROUP BY ALL
),
figures AS (
    SELECT 'cin_at_31_march' AS indicator_id, origin, la_code, year, n::DOUBLE AS value, n AS num, NULL::BIGINT AS den FROM at31 WHERE complete
    UNION ALL SELECT 'cin_referrals_in_year', origin, la_code, year, n, n, NULL FROM referrals WHERE complete
    UNION ALL SELECT 'rereferral_pct', origin, la_code, year, round(100.0 * re / n, 1), re, n FROM referrals WHERE n > 0
    UNION ALL SELECT 'cpp_subsequent_pct', origin, la_code, year, round(100.0 * subsequent / n, 1), subsequent, n FROM cpp_started WHERE n > 0
    UNION ALL SELECT 'cpp_at_31_march', origin, la_code, year, n, n, NULL FROM cpp_at31 WHERE complete
    UNION ALL SELECT 'cpp_2_years_pct', origin, la_code, year, round(100.0 * two_years / n, 1), two_years, n FROM cpp_at31 WHERE complete AND n > 0
    UNION ALL SELECT 'cpp_initial_' || name || '_pct', origin, la_code, year, round(100.0 * num / den, 1), num, den FROM categories WHERE den > 0
)
SELECT f.indicator_id, f.year::VARCHAR, f.year, f.la_code, f.value, f.num, f.den, rf.source_files
FROM figures f
LEFT JOIN cin_files rf ON rf.la_code = f.la_code AND rf.year = f.year AND rf.return_kind = f.origin;

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
    SELECT a.origin, a.la_code, a.year, count(*) AS n,
           count(*) FILTER (WHERE e.wd - s.wd <= 45) AS within
    FROM own_assessment a
    JOIN working_day s ON s.day = a.start_date
    JOIN working_day e ON e.day = a.authorisation_date
    WHERE a.authorisation_date BETWEEN make_date(a.year - 1, 4, 1) AND make_date(a.year, 3, 31)
    GROUP BY ALL
),
-- [CIN] Section 47 enquiries starting in the year (LAIT 217, as a rate); the
-- initial child protection conferences that followed them held in the year
-- (LAIT 269), and those held within 15 working days of the strategy
-- discussion that began the enquiry (LAIT 218, 268).
s47 AS (
    SELECT origin, la_code, year, count(*) AS n, bool_and(full_year) AS complete
    FROM own_s47
    WHERE start_date BETWEEN make_date(year - 1, 4, 1) AND make_date(year, 3, 31)
    GROUP BY ALL
),
icpc AS (
    SELECT q.origin, q.la_code, q.year, count(*) AS n, bool_and(q.full_year) AS complete,
           count(*) FILTER (WHERE c.wd - s.wd <= 15) AS within
    FROM own_s47 q
    JOIN working_day s ON s.day = q.start_date
    JOIN working_day c ON c.day = q.icpc_date
    WHERE q.icpc_date BETWEEN make_date(q.year - 1, 4, 1) AND make_date(q.year, 3, 31)
    GROUP BY ALL
),
figures AS (
    SELECT 'assessments_45_days_pct' AS indicator_id, origin, la_code, year, round(100.0 * within / n, 1) AS value, within AS num, n AS den FROM assessments WHERE n > 0
    UNION ALL SELECT 's47_in_year', origin, la_code, year, n, n, NULL FROM s47 WHERE complete
    UNION ALL SELECT 'icpc_in_year', origin, la_code, year, n, n, NULL FROM icpc WHERE complete
    UNION ALL SELECT 'icpc_15_days_pct', origin, la_code, year, round(100.0 * within / n, 1), within, n FROM icpc WHERE n > 0
)
SELECT f.indicator_id, f.year::VARCHAR, f.year, f.la_code, f.value, f.num, f.den, rf.source_files
FROM figures f
LEFT JOIN cin_files rf ON rf.la_code = f.la_code AND rf.year = f.year AND rf.return_kind = f.origin;

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

-- An own figure whose source table is not among the loaded returns is not
-- made (never 0): say which table to load.
INSERT INTO meta.issue
SELECT NULL, NULL, NULL, NULL, 'own_no_source',
       format('no SSDA903 missing table is loaded for LA {} in {}, so cla_missing_pct is not computed (a share with no table behind it is unknown, not 0%); load the return''s missing table (MISSING, MIS_START, MIS_END)',
              e.la_code, e.collection_year)
FROM (SELECT DISTINCT la_code, collection_year FROM cla_ep) e
WHERE NOT EXISTS (SELECT 1 FROM stage.cla_missing m WHERE m.la_code = e.la_code AND m.collection_year = e.collection_year);

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
-- Dates from before any child of the return was born (26 years before its
-- end, as the readers' implausible_date) are reported at their cells as
-- mistyped; a calendar would not help them, so they are not counted here.
INSERT INTO meta.issue
WITH covered AS (SELECT year(min(date)) AS first, year(max(date)) AS last FROM ref.bank_holiday),
dates AS (
    SELECT la_code, year AS collection_year, start_date AS d FROM own_assessment
    UNION ALL SELECT la_code, year, authorisation_date FROM own_assessment
    UNION ALL SELECT la_code, year, start_date FROM own_s47
    UNION ALL SELECT la_code, year, icpc_date FROM own_s47
)
SELECT NULL, NULL, NULL, NULL, 'own_calendar',
       format('{} assessment or S47 dates of LA {} in the {} census or Annex A fall outside {}-{}, the years whose bank holidays yardstick knows: their working days are wrong or missing; add the years to transforms/calendar/bank_holidays.csv',
              count(*), d.la_code, d.collection_year, c.first, c.last)
FROM dates d, covered c
WHERE d.d IS NOT NULL AND (year(d.d) < c.first OR year(d.d) > c.last)
  AND d.d >= make_date(d.collection_year - 26, 4, 1)
GROUP BY d.la_code, d.collection_year, c.first, c.last;

-- An Annex A list that does not cover the collection year is named, with
-- what was not computed from it (see annex_a_coverage). Its span is given
-- in months: the coverage rule is by month, and a day could be a child's.
INSERT INTO meta.issue
WITH what (list, name, counts, shares) AS (
    VALUES (3, 'List 3 (referrals)', 'cin_referrals_in_year', 'rereferral_pct'),
           (4, 'List 4 (assessments)', NULL, 'assessments_45_days_pct'),
           (5, 'List 5 (S47 enquiries)', 's47_in_year, icpc_in_year and their rates', 'icpc_15_days_pct'),
           (6, 'List 6 (children in need)', 'cin_at_31_march and cin_rate_per_10k', NULL),
           (7, 'List 7 (child protection plans)', 'cpp_at_31_march, cpp_rate_per_10k and cpp_2_years_pct', 'cpp_subsequent_pct and cpp_initial_*_pct')
)
SELECT c.source_file, w.name, NULL, NULL, 'own_partial_year',
       format('Annex A {} of LA {} for {} has dates from {} to {}, not the whole year 1 April {} to 31 March {}{}{}',
              w.name, c.la_code, c.year, coalesce(strftime(c.first, '%B %Y'), '(none)'), coalesce(strftime(c.last, '%B %Y'), '(none)'), c.year - 1, c.year,
              CASE WHEN w.counts IS NOT NULL AND NOT (CASE WHEN w.list IN (6, 7) THEN c.reaches_march ELSE c.full_year END)
                   THEN ': ' || w.counts || ' not computed from it' ELSE '' END,
              CASE WHEN w.shares IS NOT NULL THEN '; ' || w.shares || ' only over the events it has in the year' ELSE '' END)
FROM annex_a_coverage c
JOIN what w ON w.list = c.list
WHERE NOT c.full_year;

-- An Annex A loaded for a year whose CIN census is loaded too is not used
-- for the own figures: say so, so no input is silently set aside.
INSERT INTO meta.issue
SELECT string_agg(DISTINCT a.source_file, ', ' ORDER BY a.source_file), NULL, NULL, NULL, 'own_source',
       format('the CIN figures of LA {} for {} come from its CIN census; the Annex A of that year is not used for them', a.la_code, a.collection_year)
FROM annex_a_file a
WHERE (a.la_code, a.collection_year) IN (SELECT (la_code, collection_year) FROM cin_census_year)
GROUP BY a.la_code, a.collection_year;

-- A workbook whose list is set aside for a later one of the same year.
INSERT INTO meta.issue
SELECT f.source_file, 'List ' || f.list, NULL, NULL, 'own_source',
       format('Annex A List {} of LA {} for {} is read from {}, whose dates reach later; this workbook''s List {} is not used for the own figures',
              f.list, f.la_code, f.year, regexp_extract(c.source_file, '[^/]*$'), f.list)
FROM annex_a_list_file f
JOIN annex_a_coverage c ON c.list = f.list AND c.la_code = f.la_code AND c.year = f.year
WHERE f.source_file <> c.source_file;
