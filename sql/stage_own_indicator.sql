-- The council's own figures, computed from its child-level returns under the
-- ids of the indicators DfE publishes, at any date D (stage.own_figure_at):
--   a snapshot on D (looked after, in need, on a plan, placement, stability);
--   or a flow over the 12 months to D (started, ceased, referrals,
--   assessments, conferences, reviews, care leavers' birthdays, missing).
-- One definition per figure serves the year (D = 31 March, the figures DfE
-- publishes: stage.own_indicator_value, set beside the published ones by
-- mart_provisional.sql) and every month end in year (mart_in_year.sql).
--
-- Which return a date is read from: a snapshot on D from the return of the
-- collection year D falls in; an event from the return of the year the
-- event falls in. So the 12 months to 30 September 2024 take October to
-- March from the 2023-24 return and April to September from the 2024-25
-- one. A figure is made at D only where the loaded returns cover D (a
-- snapshot) or every day of the 12 months (a flow): stage_own_as_at.sql.
--
-- Counting rules follow DfE's published methodology; each is written beside
-- its SQL with its reference:
--   [CLA]  DfE, "Children looked after in England including adoptions":
--          methodology, and the SSDA903 guide (codes: RNE, LS, PLACE, REC).
--   [STAB] DfE, "Stability measures for children looked after in England".
--   [CL]   DfE, care leavers tables of the CLA release; SSDA903 guide (OC3).
--   [CIN]  DfE, "Characteristics of children in need": methodology, and the
--          CIN census guide.
--   [REV]  Care Planning Regulations 2010, reg. 33 (looked-after reviews);
--          Working Together to Safeguard Children (child protection reviews).
--   [ANNEX] Ofsted, "Inspecting local authority children's services":
--          Annex A, the lists councils provide before an inspection.
-- Earlier returns also serve as history (a previous referral, a previous
-- plan, when a period of care began). Dates of birth are kept to the
-- month; an age on a month end is exact.
CREATE TEMP MACRO age_on(dob, d) AS
    year(d::DATE) - year(dob::DATE) - CASE WHEN month(dob::DATE) > month(d::DATE) THEN 1 ELSE 0 END;

CREATE TABLE stage.own_figure_at (
    indicator_id VARCHAR, la_code VARCHAR, d DATE, window_months INTEGER,
    value DOUBLE, numerator BIGINT, denominator BIGINT,
    complete BOOLEAN, origin VARCHAR, source_files VARCHAR, as_at DATE, part_year BOOLEAN);

-- [CIN] Working days: Monday to Friday except the bank holidays of England
-- and Wales (ref.bank_holiday, kept as data in transforms/calendar). wd is
-- the number of working days up to and including a day, so the working days
-- after a and up to and including b are wd(b) - wd(a).
CREATE TEMP TABLE working_day AS
SELECT d::DATE AS day,
       sum(CASE WHEN isodow(d) <= 5 AND d::DATE NOT IN (SELECT date FROM ref.bank_holiday) THEN 1 ELSE 0 END)
           OVER (ORDER BY d) AS wd
FROM generate_series(DATE '2010-01-01', DATE '2030-12-31', INTERVAL 1 DAY) t(d);

-- The rows of a return file that another file of the same table, LA and
-- year supersedes (stage.return_file) are not counted.
CREATE TEMP TABLE superseded AS
SELECT kind, part, la_code, collection_year, source_file FROM stage.return_file WHERE superseded;

-- kept: a row of file f (LA la, year y) of the return part p ('episodes',
-- 'census', ...) is not superseded.
CREATE TEMP MACRO kept(p, f, la, y) AS NOT EXISTS (
    SELECT 1 FROM superseded s WHERE s.part = p AND s.source_file = f AND s.la_code = la AND s.collection_year = y);

-- [ANNEX] An LA's year with no CIN census loaded takes its CIN figures from
-- Ofsted's Annex A lists of that collection year instead: List 3
-- (referrals), 4 (assessments), 5 (S47 enquiries and ICPCs), 6 (children in
-- need) and 7 (child protection plans). A year with a census uses the census
-- alone (own_source says so when an Annex A of that year is loaded too).
CREATE TEMP VIEW cin_census_year AS
SELECT DISTINCT la_code, collection_year FROM stage.return_as_at WHERE kind = 'cin';

CREATE TEMP VIEW annex_a_file AS
SELECT DISTINCT la_code, collection_year, source_file FROM stage.return_file WHERE kind = 'annex_a';

-- [ANNEX] Each list of a year is read from one workbook: the one whose dates
-- reach latest (stage.return_file; own_source names those set aside). A
-- list covers the months from its first date's to the workbook's as_at;
-- full_year and reaches_march say, for the issue below, whether its dates
-- run from the year's first month into its last.
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
WHERE (d.la_code, d.collection_year) NOT IN (SELECT (la_code, collection_year) FROM cin_census_year)
GROUP BY ALL;

CREATE TEMP VIEW annex_a_coverage AS
SELECT f.*,
       coalesce(f.first < make_date(f.year - 1, 5, 1) AND f.last >= make_date(f.year, 3, 1), false) AS full_year,
       coalesce(f.last >= make_date(f.year, 3, 1), false) AS reaches_march
FROM annex_a_list_file f
JOIN stage.return_file r ON r.kind = 'annex_a' AND r.part = 'List ' || f.list AND r.la_code = f.la_code
                        AND r.collection_year = f.year AND r.source_file = f.source_file AND NOT r.superseded;

-- What the loaded returns cover, by the kind of figure: 'cla' (SSDA903
-- episodes), and for the CIN figures 'referral', 'assessment', 's47',
-- 'cin_case', 'cpp' and 'cp_review' (a census covers all of them; Annex A
-- each by its list). One origin per kind, LA and year.
CREATE TEMP TABLE own_cover AS
-- (the CLA figures' files are the episodes files: the tables beside them
-- each serve one figure)
SELECT 'cla' AS kind, 'ssda903' AS origin, r.la_code, r.collection_year AS y, r.cover_from, r.cover_to,
       r.part_year, r.as_at, f.source_files
FROM stage.return_as_at r
JOIN (SELECT la_code, collection_year, string_agg(DISTINCT source_file, ', ' ORDER BY source_file) AS source_files
      FROM stage.return_file WHERE kind = 'ssda903' AND part = 'episodes' AND NOT superseded GROUP BY ALL) f
  ON f.la_code = r.la_code AND f.collection_year = r.collection_year
WHERE r.kind = 'ssda903'
UNION ALL
SELECT k.kind, 'cin', r.la_code, r.collection_year, r.cover_from, r.cover_to, r.part_year, r.as_at, r.source_files
FROM stage.return_as_at r
CROSS JOIN (VALUES ('referral'), ('assessment'), ('s47'), ('cin_case'), ('cpp'), ('cp_review')) k(kind)
WHERE r.kind = 'cin'
UNION ALL
SELECT CASE c.list WHEN 3 THEN 'referral' WHEN 4 THEN 'assessment' WHEN 5 THEN 's47' WHEN 6 THEN 'cin_case' ELSE 'cpp' END,
       'annex_a', c.la_code, c.year, greatest(date_trunc('month', c.first)::DATE, r.cover_from), r.cover_to,
       r.part_year, r.as_at, c.source_file
FROM annex_a_coverage c
JOIN stage.return_as_at r ON r.kind = 'annex_a' AND r.la_code = c.la_code AND r.collection_year = c.year
WHERE c.first IS NOT NULL;

-- The dates figures are made at, per kind and LA: every month end the
-- returns reach, each part-year return's as_at, and each 31 March. A
-- snapshot on D needs the return of D's year to cover D; a flow needs every
-- day of the 12 months to D covered. source_files are the returns read.
CREATE TEMP TABLE own_date AS
WITH span AS (
    SELECT kind, la_code, min(cover_from) AS first, max(cover_to) AS last FROM own_cover GROUP BY ALL
),
days AS (
    SELECT kind, la_code, last_day(m::DATE) AS d
    FROM (SELECT kind, la_code, unnest(generate_series(date_trunc('month', first)::TIMESTAMP, last::TIMESTAMP, INTERVAL 1 MONTH)) AS m
          FROM span)
    UNION
    SELECT kind, la_code, as_at FROM own_cover WHERE part_year AND as_at IS NOT NULL
),
dated AS (
    SELECT kind, la_code, d, collection_year_of(d) AS y, window_start(d) AS ws FROM days
)
SELECT t.*, t.d = year_end_of(t.y) AS year_end,
       c.cover_from IS NOT NULL AND c.cover_from <= t.d AND t.d <= c.cover_to AS snapshot_ok,
       c.cover_from IS NOT NULL AND c.cover_from <= greatest(t.ws, year_start_of(t.y)) AND t.d <= c.cover_to
         AND (t.ws >= year_start_of(t.y)
              OR (p.cover_from IS NOT NULL AND p.cover_from <= t.ws AND p.cover_to >= year_end_of(t.y - 1))) AS flow_ok,
       c.origin, c.as_at, c.part_year,
       CASE WHEN t.ws < year_start_of(t.y) AND p.source_files IS NOT NULL
            THEN p.source_files || ', ' || c.source_files ELSE c.source_files END AS source_files
FROM dated t
LEFT JOIN own_cover c ON c.kind = t.kind AND c.la_code = t.la_code AND c.y = t.y
LEFT JOIN own_cover p ON p.kind = t.kind AND p.la_code = t.la_code AND p.y = t.y - 1
WHERE c.cover_from IS NOT NULL AND t.d <= c.cover_to;

-- The months of each date's 12 months (13 for a date that is not a month
-- end), so an event meets the dates it counts at by its month, an equality,
-- rather than every date by a range.
CREATE TEMP TABLE own_d_month AS
SELECT kind, la_code, d, ws, m::DATE AS m
FROM (SELECT kind, la_code, d, ws,
             unnest(generate_series(date_trunc('month', ws)::TIMESTAMP, date_trunc('month', d)::TIMESTAMP, INTERVAL 1 MONTH)) AS m
      FROM own_date
      WHERE flow_ok OR (year_end AND origin = 'annex_a'));

-- [ANNEX] A share over a list that does not cover the whole year is still
-- given for the year (over the events the list has; own_partial_year says
-- so), never in year.
CREATE TEMP VIEW own_share_date AS
SELECT *, flow_ok OR (year_end AND origin = 'annex_a') AS share_ok FROM own_date;

-- ============================== SSDA903 ==============================

-- [CLA] Short-break episodes (LS V3, V4) are not looked after in DfE's
-- counts: they are left out of every CLA figure.
CREATE TEMP TABLE cla_ep AS
SELECT e.*
FROM stage.cla_episode e
WHERE e.la_code IS NOT NULL AND e.collection_year IS NOT NULL AND e.decom IS NOT NULL
  AND coalesce(e.ls, '') NOT IN ('V3', 'V4')
  AND kept('episodes', e.source_file, e.la_code, e.collection_year);

CREATE TEMP VIEW cla_date AS SELECT * FROM own_share_date WHERE kind = 'cla';

-- [CLA] Looked after on D: an episode of D's year's return that began by D
-- and had not ceased by its end (DEC on D means no longer looked after that
-- night). One row per episode; figures count children.
CREATE TEMP TABLE cla_open AS
SELECT d.la_code, d.d, d.y, d.ws, e.child_id, e.place
FROM cla_date d
JOIN cla_ep e ON e.la_code = d.la_code AND e.collection_year = d.y
WHERE d.snapshot_ok AND e.decom <= d.d AND (e.dec IS NULL OR e.dec > d.d);

CREATE TEMP TABLE cla_open_child AS
SELECT DISTINCT la_code, d, y, ws, child_id FROM cla_open;

-- [CLA] The episodes of the 12 months to D, each read from the return of
-- its year: all of D's year's return, and the episodes of the year before's
-- that ended before D's year began (one that went on is in both returns).
-- At D = 31 March that is the year's return alone.
CREATE TEMP MACRO in_view(e_year, e_dec, d_y, d_ws) AS
    e_year = d_y OR (e_year = d_y - 1 AND d_ws < year_start_of(d_y) AND e_dec < year_start_of(d_y));

-- [STAB] Placements of the children looked after on D during the 12 months
-- to D: an episode starts a new placement unless only the legal status
-- changed (RNE L), it is a temporary placement (PLACE T0-T4), it returns to
-- the placement held just before a temporary one (same PLACE, URN and
-- placement postcode district), or it is a placement for adoption with the
-- current foster carers (A3, A5: the same carers go on). The first episode
-- of the 12 months counts: it is the placement the child was in when they
-- began or started in.
CREATE TEMP TABLE cla_placement AS
WITH ordered AS (
    SELECT o.la_code, o.d, o.child_id, e.decom, e.rne, e.place, e.urn, e.pl_post_outward,
           lag(e.place) OVER w AS prev_place,
           lag(e.place, 2) OVER w AS prev2_place,
           lag(e.urn, 2) OVER w AS prev2_urn,
           lag(e.pl_post_outward, 2) OVER w AS prev2_post,
           row_number() OVER w AS n_in_window
    FROM cla_open_child o
    -- only where the 12 months are covered: the stability figures need them
    JOIN (SELECT la_code, d FROM cla_date WHERE flow_ok) f ON f.la_code = o.la_code AND f.d = o.d
    JOIN cla_ep e ON e.la_code = o.la_code AND e.child_id = o.child_id
    WHERE e.decom <= o.d AND (e.dec IS NULL OR e.dec >= o.ws) AND in_view(e.collection_year, e.dec, o.y, o.ws)
    WINDOW w AS (PARTITION BY o.la_code, o.d, o.child_id ORDER BY e.decom, e.collection_year, e.source_row)
)
SELECT la_code, d, child_id, decom,
       place NOT IN ('T0', 'T1', 'T2', 'T3', 'T4')
       AND (n_in_window = 1 OR (
            rne <> 'L'
            AND place NOT IN ('A3', 'A5')
            AND NOT (prev_place IN ('T0', 'T1', 'T2', 'T3', 'T4') AND place = prev2_place
                     AND urn IS NOT DISTINCT FROM prev2_urn AND pl_post_outward IS NOT DISTINCT FROM prev2_post)))
       AS new_placement
FROM ordered;

-- [CLA] History for periods of care: every loaded return's episodes, once
-- each (a later return's copy of an episode wins).
CREATE TEMP TABLE cla_history AS
SELECT la_code, child_id, decom, rne FROM cla_ep
QUALIFY row_number() OVER (PARTITION BY la_code, child_id, decom ORDER BY collection_year DESC, source_row) = 1;

-- [CLA] Children's months of birth, from the header of D's year's return.
CREATE TEMP TABLE cla_dob AS
SELECT la_code, collection_year, child_id, max(dob_month) AS dob_month
FROM stage.cla_child c
WHERE la_code IS NOT NULL AND collection_year IS NOT NULL
  AND kept('header', c.source_file, c.la_code, c.collection_year)
GROUP BY ALL;

-- [STAB] Long-term stability: children looked after on D, aged under 16,
-- looked after continuously for at least 2.5 years (the period of care
-- began 30 months or more before D), of whom those in the same placement
-- for at least 2 years (it began 24 months or more before D). The period of
-- care begins at the child's latest RNE S episode in any loaded return; a
-- child whose start is not in the returns loaded is left out (the
-- own_figure_history issue below).
CREATE TEMP TABLE cla_cohort AS
WITH care_start AS (
    SELECT o.la_code, o.d, o.child_id, max(h.decom) AS care_start
    FROM cla_open_child o
    JOIN cla_history h ON h.la_code = o.la_code AND h.child_id = o.child_id AND h.rne = 'S' AND h.decom <= o.d
    GROUP BY ALL
),
placement_start AS (
    SELECT la_code, d, child_id, max(decom) FILTER (WHERE new_placement) AS placement_start
    FROM cla_placement GROUP BY ALL
)
SELECT o.la_code, o.d, o.child_id, b.dob_month, c.care_start, p.placement_start
FROM cla_open_child o
LEFT JOIN care_start c USING (la_code, d, child_id)
LEFT JOIN placement_start p USING (la_code, d, child_id)
LEFT JOIN cla_dob b ON b.la_code = o.la_code AND b.collection_year = o.y AND b.child_id = o.child_id;

INSERT INTO stage.own_figure_at
WITH
at_d AS (
    SELECT d.la_code, d.d, count(DISTINCT o.child_id) AS n
    FROM cla_date d
    LEFT JOIN cla_open o ON o.la_code = d.la_code AND o.d = d.d
    WHERE d.snapshot_ok GROUP BY ALL
),
-- [CLA] Started: children with an episode that began a period of care (RNE
-- S) in the 12 months; a child starting twice is counted once.
started AS (
    SELECT d.la_code, d.d, count(DISTINCT e.child_id) AS n
    FROM cla_date d
    JOIN own_d_month w ON w.kind = d.kind AND w.la_code = d.la_code AND w.d = d.d
    LEFT JOIN cla_ep e ON e.la_code = w.la_code AND date_trunc('month', e.decom)::DATE = w.m AND e.rne = 'S' AND e.decom BETWEEN d.ws AND d.d
                      AND e.collection_year = collection_year_of(e.decom)
    WHERE d.flow_ok GROUP BY ALL
),
-- [CLA] Ceased: children with an episode that ended a period of care in
-- the 12 months (DEC in them, REC not X1, which is one episode followed by
-- another the same day); counted once.
ceased AS (
    SELECT d.la_code, d.d, count(DISTINCT e.child_id) AS n
    FROM cla_date d
    JOIN own_d_month w ON w.kind = d.kind AND w.la_code = d.la_code AND w.d = d.d
    LEFT JOIN cla_ep e ON e.la_code = w.la_code AND date_trunc('month', e.dec)::DATE = w.m AND e.dec BETWEEN d.ws AND d.d AND e.rec IS DISTINCT FROM 'X1'
                      AND e.collection_year = collection_year_of(e.dec)
    WHERE d.flow_ok GROUP BY ALL
),
-- [STAB] Children looked after on D with 3 or more placements during the
-- 12 months to D, as a share of all looked after on D.
placements AS (
    SELECT la_code, d, child_id, count(*) FILTER (WHERE new_placement) AS n
    FROM cla_placement GROUP BY ALL
),
three_plus AS (
    SELECT d.la_code, d.d, count(p.child_id) FILTER (WHERE p.n >= 3) AS num, count(p.child_id) AS den
    FROM cla_date d
    LEFT JOIN placements p ON p.la_code = d.la_code AND p.d = d.d
    WHERE d.snapshot_ok AND d.flow_ok GROUP BY ALL
),
long_term AS (
    SELECT d.la_code, d.d,
           count(c.child_id) FILTER (WHERE c.placement_start <= months_before(c.d, 24)) AS num,
           count(c.child_id) AS den
    FROM cla_date d
    LEFT JOIN (SELECT * FROM cla_cohort WHERE care_start <= months_before(d, 30) AND age_on(dob_month, d) < 16) c
           ON c.la_code = d.la_code AND c.d = d.d
    WHERE d.snapshot_ok AND d.flow_ok GROUP BY ALL
),
-- [CL] Care leavers aged 19 to 21: OC3 rows of young people whose 19th,
-- 20th or 21st birthday fell in the 12 months to D, each from the return of
-- the year of the birthday; those who have died or returned home for six
-- months or more (IN_TOUCH DIED, RHOM) are no longer counted. In education,
-- employment or training: ACTIV F1-F5, P1-P5. Suitable accommodation: an
-- ACCOM code ending 1.
oc3 AS (
    SELECT l.*, (l.dob_month::DATE + to_years(a.age))::DATE AS birthday
    FROM stage.cla_care_leaver l
    CROSS JOIN (VALUES (19), (20), (21)) a(age)
    WHERE l.la_code IS NOT NULL AND l.collection_year IS NOT NULL AND l.dob_month IS NOT NULL
      AND coalesce(l.in_touch, '') NOT IN ('DIED', 'RHOM')
      AND kept('oc3', l.source_file, l.la_code, l.collection_year)
),
leavers AS (
    SELECT d.la_code, d.d,
           count(l.child_id) FILTER (WHERE l.activ IN ('F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5')) AS eet,
           count(l.child_id) FILTER (WHERE l.accom LIKE '_1') AS suitable,
           count(l.child_id) AS den
    FROM cla_date d
    JOIN own_d_month w ON w.kind = d.kind AND w.la_code = d.la_code AND w.d = d.d
    JOIN oc3 l ON l.la_code = w.la_code AND date_trunc('month', l.birthday)::DATE = w.m AND l.birthday BETWEEN d.ws AND d.d
              AND l.collection_year = collection_year_of(l.birthday)
    WHERE d.flow_ok GROUP BY ALL
),
-- [CLA] Placement on D, as a share of those looked after then: the PLACE
-- of the episode open on D, grouped as DfE's tables group them. Foster care
-- includes kinship (connected persons, U1-U3); residential is secure and
-- children's homes, residential care homes, health settings, family
-- centres, young offender institutions and residential schools;
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
    SELECT o.la_code, o.d, g.grp, count(DISTINCT o.child_id) AS n
    FROM cla_open o JOIN placement_group g ON g.code = o.place
    GROUP BY ALL
),
placement_types AS (
    SELECT a.la_code, a.d, g.grp, coalesce(p.n, 0) AS num, a.n AS den
    FROM at_d a
    CROSS JOIN (SELECT DISTINCT grp FROM placement_group) g
    LEFT JOIN placed p ON p.la_code = a.la_code AND p.d = a.d AND p.grp = g.grp
),
-- [CLA] Unaccompanied asylum-seeking children looked after on D: a UASC row
-- of D's year's return not ceased (DUC) by D.
uasc AS (
    SELECT d.la_code, d.d, count(DISTINCT u.child_id) AS n
    FROM cla_date d
    LEFT JOIN (SELECT o.la_code, o.d, o.child_id
               FROM cla_open_child o
               JOIN stage.cla_uasc u ON u.la_code = o.la_code AND u.collection_year = o.y AND u.child_id = o.child_id
               WHERE u.duc IS NULL OR u.duc > o.d) u ON u.la_code = d.la_code AND u.d = d.d
    WHERE d.snapshot_ok GROUP BY ALL
),
-- [CLA] Children who went missing from their placement in the 12 months to
-- D (MISSING M, a start in them), as a share of all children looked after
-- at some point in them; only where each return of the 12 months has its
-- missing table loaded: without it the share is not known, never 0%
-- (own_no_source says so).
missing_loaded AS (
    SELECT DISTINCT la_code, collection_year FROM stage.return_file WHERE kind = 'ssda903' AND part = 'missing' AND NOT superseded
),
during AS (
    SELECT d.la_code, d.d, e.child_id
    FROM cla_date d
    JOIN cla_ep e ON e.la_code = d.la_code AND e.decom <= d.d AND (e.dec IS NULL OR e.dec >= d.ws)
                 AND in_view(e.collection_year, e.dec, d.y, d.ws)
    WHERE d.flow_ok AND d.la_code IN (SELECT la_code FROM missing_loaded)
    GROUP BY ALL
),
went_missing AS (
    SELECT DISTINCT d.la_code, d.d, m.child_id
    FROM cla_date d
    JOIN own_d_month w ON w.kind = d.kind AND w.la_code = d.la_code AND w.d = d.d
    JOIN stage.cla_missing m ON m.la_code = w.la_code AND date_trunc('month', m.mis_start)::DATE = w.m AND m.missing = 'M' AND m.mis_start BETWEEN d.ws AND d.d
                            AND m.collection_year = collection_year_of(m.mis_start)
    WHERE d.flow_ok
      AND kept('missing', m.source_file, m.la_code, m.collection_year)
),
missing AS (
    SELECT w.la_code, w.d, count(*) AS den, count(g.child_id) AS num
    FROM during w
    LEFT JOIN went_missing g USING (la_code, d, child_id)
    JOIN cla_date d ON d.la_code = w.la_code AND d.d = w.d
    WHERE (w.la_code, d.y) IN (SELECT (la_code, collection_year) FROM missing_loaded)
      AND (d.ws >= year_start_of(d.y) OR (w.la_code, d.y - 1) IN (SELECT (la_code, collection_year) FROM missing_loaded))
    GROUP BY ALL
),
figures AS (
    SELECT 'cla_at_31_march' AS indicator_id, la_code, d, 0 AS window_months, n::DOUBLE AS value, n AS num, NULL::BIGINT AS den FROM at_d
    UNION ALL SELECT 'cla_placed_' || grp || '_pct', la_code, d, 0, round(100.0 * num / den), num, den FROM placement_types WHERE den > 0
    UNION ALL SELECT 'cla_uasc_at_31_march', la_code, d, 0, n, n, NULL FROM uasc
    UNION ALL SELECT 'cla_missing_pct', la_code, d, 12, round(100.0 * num / den), num, den FROM missing WHERE den > 0
    UNION ALL SELECT 'cla_started_in_year', la_code, d, 12, n, n, NULL FROM started
    UNION ALL SELECT 'cla_ceased_in_year', la_code, d, 12, n, n, NULL FROM ceased
    UNION ALL SELECT 'cla_3plus_placements_pct', la_code, d, 12, round(100.0 * num / den), num, den FROM three_plus WHERE den > 0
    UNION ALL SELECT 'cla_long_term_stability_pct', la_code, d, 0, round(100.0 * num / den), num, den FROM long_term WHERE den > 0
    UNION ALL SELECT 'care_leavers_19_21_eet_pct', la_code, d, 12, round(100.0 * eet / den), eet, den FROM leavers WHERE den > 0
    UNION ALL SELECT 'care_leavers_19_21_suitable_accommodation_pct', la_code, d, 12, round(100.0 * suitable / den), suitable, den FROM leavers WHERE den > 0
)
SELECT f.indicator_id, f.la_code, f.d, f.window_months, f.value, f.num, f.den, true, 'ssda903', d.source_files, d.as_at, d.part_year
FROM figures f
JOIN cla_date d ON d.la_code = f.la_code AND d.d = f.d;

-- [REV] Looked-after reviews held on time, in the 12 months to D: a child's
-- first review within 20 working days of the start of the period of care,
-- the second within 3 months of the first, each later one within 6 months
-- of the one before. Each review is read from the return of its year; the
-- one before it from any loaded return. A review whose due date cannot be
-- known (the review or care start before it is in no loaded return) is
-- left out of both counts.
INSERT INTO stage.own_figure_at
WITH reviews AS (
    SELECT DISTINCT r.la_code, r.collection_year, r.child_id, r.review
    FROM stage.cla_review r
    WHERE r.la_code IS NOT NULL AND r.collection_year IS NOT NULL AND r.review IS NOT NULL
      AND kept('reviews', r.source_file, r.la_code, r.collection_year)
),
starts AS (
    SELECT la_code, child_id, decom AS care_start FROM cla_history WHERE rne = 'S'
),
-- each review once (a later return may repeat one), with the period of
-- care it falls in: the latest start on or before it
history AS (
    SELECT r.la_code, r.child_id, r.review, s.care_start
    FROM (SELECT DISTINCT la_code, child_id, review FROM reviews) r
    ASOF JOIN starts s ON s.la_code = r.la_code AND s.child_id = r.child_id AND r.review >= s.care_start
),
numbered AS (
    SELECT *, lag(review) OVER w AS previous, row_number() OVER w - 1 AS earlier
    FROM history
    WINDOW w AS (PARTITION BY la_code, child_id, care_start ORDER BY review)
),
-- the reviews loaded begin with the year of the LA's earliest reviews
-- table: a period of care begun before it may have had reviews not loaded,
-- so its reviews' numbers, and due dates, are not known
reviews_from AS (
    SELECT la_code, year_start_of(min(collection_year)) AS first_day FROM reviews GROUP BY ALL
),
judged AS (
    SELECT r.la_code, r.collection_year, r.review,
           CASE WHEN n.care_start < f.first_day THEN NULL
                WHEN n.earlier = 0 THEN e.wd - s.wd <= 20
                WHEN n.earlier = 1 THEN r.review <= (n.previous + INTERVAL 3 MONTH)::DATE
                ELSE r.review <= (n.previous + INTERVAL 6 MONTH)::DATE END AS on_time
    FROM reviews r
    JOIN numbered n USING (la_code, child_id, review)
    JOIN reviews_from f ON f.la_code = r.la_code
    LEFT JOIN working_day s ON s.day = n.care_start
    LEFT JOIN working_day e ON e.day = r.review
),
counted AS (
    SELECT d.la_code, d.d, d.source_files, d.as_at, d.part_year, count(j.review) AS den, count(j.review) FILTER (WHERE j.on_time) AS num
    FROM cla_date d
    JOIN own_d_month w ON w.kind = d.kind AND w.la_code = d.la_code AND w.d = d.d
    LEFT JOIN judged j ON j.la_code = w.la_code AND date_trunc('month', j.review)::DATE = w.m AND j.review BETWEEN d.ws AND d.d
                      AND j.collection_year = collection_year_of(j.review) AND j.on_time IS NOT NULL
    WHERE d.flow_ok
      AND (d.la_code, d.y) IN (SELECT (la_code, collection_year) FROM reviews)
    GROUP BY ALL
)
SELECT 'cla_reviews_on_time_pct', la_code, d, 12, round(100.0 * num / den, 1), num, den, true, 'ssda903', source_files, as_at, part_year
FROM counted WHERE den > 0;

-- ============================== CIN ==============================

-- [CIN] Events of the census, and (origin 'annex_a') of Annex A's lists for
-- years with no census, each row with the collection year of the return it
-- came from.
CREATE TEMP TABLE cin_ep AS
SELECT e.*
FROM stage.cin_episode e
WHERE e.la_code IS NOT NULL AND e.collection_year IS NOT NULL AND e.referral_date IS NOT NULL
  AND kept('census', e.source_file, e.la_code, e.collection_year);

-- History for re-referrals and previous plans: every loaded census and
-- Annex A, whichever date's figures are being computed.
CREATE TEMP TABLE cin_referral_history AS
SELECT DISTINCT la_code, child_id, referral_date FROM (
    SELECT la_code, child_id, referral_date FROM cin_ep
    UNION ALL SELECT la_code, child_id, referral_date FROM stage.annex_a_list_3)
WHERE la_code IS NOT NULL AND referral_date IS NOT NULL;

CREATE TEMP TABLE cpp_history AS
SELECT DISTINCT la_code, child_id, start_date FROM (
    SELECT la_code, child_id, start_date FROM stage.cin_cp_plan
    UNION ALL SELECT la_code, child_id, cp_start_date FROM stage.annex_a_list_7)
WHERE la_code IS NOT NULL AND start_date IS NOT NULL;

-- Each event once with what the figures ask of it (a re-referral, a second
-- plan, in time), so the dates it counts at only count it.
-- [CIN] A re-referral: a referral within 12 months of a previous referral
-- of the same child (any loaded census or Annex A; for Annex A rows also
-- List 3's own count of earlier referrals).
CREATE TEMP TABLE own_referral AS
WITH events AS (
    SELECT la_code, collection_year AS year, child_id, referral_date, NULL::INTEGER AS previous_in_12_months
    FROM cin_ep
    UNION ALL
    -- [ANNEX] List 3's "Number of Referrals in Last 12 Months" counts the
    -- child's earlier referrals, not this one (first referrals carry 0).
    SELECT a.la_code, a.collection_year, a.child_id, a.referral_date, a.referrals_last_12_months
    FROM stage.annex_a_list_3 a
    JOIN annex_a_coverage u ON u.list = 3 AND u.la_code = a.la_code AND u.year = a.collection_year AND u.source_file = a.source_file
    WHERE a.referral_date IS NOT NULL
)
SELECT e.la_code, e.year, e.referral_date,
       coalesce(e.previous_in_12_months, 0) > 0 OR EXISTS (
           SELECT 1 FROM cin_referral_history h
           WHERE h.la_code = e.la_code AND h.child_id = e.child_id
             AND h.referral_date < e.referral_date
             AND h.referral_date >= e.referral_date - INTERVAL 12 MONTH) AS re
FROM events e;

CREATE TEMP TABLE own_cin_case AS
SELECT la_code, collection_year AS year, referral_date AS start_date, closure_date, coalesce(referral_nfa, false) AS nfa
FROM cin_ep
UNION ALL
SELECT a.la_code, a.collection_year, a.cin_start_date, a.cin_closure_date, false
FROM stage.annex_a_list_6 a
JOIN annex_a_coverage u ON u.list = 6 AND u.la_code = a.la_code AND u.year = a.collection_year AND u.source_file = a.source_file
WHERE a.cin_start_date IS NOT NULL;

-- [CIN] A second or subsequent plan: the return says so
-- (NumberOfPreviousCPP, or List 7's "Number of Previous Child Protection
-- Plans", above 0) or an earlier plan of the child is in a loaded census or
-- Annex A.
CREATE TEMP TABLE own_cpp AS
WITH plans AS (
    SELECT la_code, collection_year AS year, child_id, start_date, end_date,
           number_of_previous_cpp AS previous_plans, initial_category_of_abuse
    FROM stage.cin_cp_plan p
    WHERE la_code IS NOT NULL AND collection_year IS NOT NULL AND start_date IS NOT NULL
      AND kept('census', p.source_file, p.la_code, p.collection_year)
    UNION ALL
    SELECT a.la_code, a.collection_year, a.child_id, a.cp_start_date, a.cp_end_date,
           a.previous_cp_plans, a.initial_category_of_abuse
    FROM stage.annex_a_list_7 a
    JOIN annex_a_coverage u ON u.list = 7 AND u.la_code = a.la_code AND u.year = a.collection_year AND u.source_file = a.source_file
    WHERE a.cp_start_date IS NOT NULL
)
SELECT p.la_code, p.year, p.start_date, p.end_date, p.initial_category_of_abuse,
       coalesce(p.previous_plans, 0) > 0 OR EXISTS (
           SELECT 1 FROM cpp_history h WHERE h.la_code = p.la_code AND h.child_id = p.child_id AND h.start_date < p.start_date) AS subsequent
FROM plans p;

-- [CIN] An assessment authorised within 45 working days of its start
-- (LAIT 304); NULL without both dates (or outside the calendar): in no
-- count.
CREATE TEMP TABLE own_assessment AS
WITH a AS (
    SELECT la_code, collection_year AS year, start_date, authorisation_date
    FROM stage.cin_assessment a
    WHERE la_code IS NOT NULL AND collection_year IS NOT NULL AND kept('census', a.source_file, a.la_code, a.collection_year)
    UNION ALL
    SELECT a.la_code, a.collection_year, a.assessment_start_date, a.authorisation_date
    FROM stage.annex_a_list_4 a
    JOIN annex_a_coverage u ON u.list = 4 AND u.la_code = a.la_code AND u.year = a.collection_year AND u.source_file = a.source_file
)
SELECT a.*, e.wd - s.wd <= 45 AS within
FROM a
LEFT JOIN working_day s ON s.day = a.start_date
LEFT JOIN working_day e ON e.day = a.authorisation_date;

-- [CIN] An S47 enquiry, and whether the initial conference that followed
-- it was within 15 working days of the strategy discussion that began it
-- (NULL without both dates: in no ICPC count, as before).
CREATE TEMP TABLE own_s47 AS
WITH q AS (
    SELECT la_code, collection_year AS year, start_date, date_of_initial_cpc AS icpc_date
    FROM stage.cin_s47 q
    WHERE la_code IS NOT NULL AND collection_year IS NOT NULL AND kept('census', q.source_file, q.la_code, q.collection_year)
    UNION ALL
    SELECT a.la_code, a.collection_year, a.s47_start_date, a.icpc_date
    FROM stage.annex_a_list_5 a
    JOIN annex_a_coverage u ON u.list = 5 AND u.la_code = a.la_code AND u.year = a.collection_year AND u.source_file = a.source_file
)
SELECT q.*, c.wd - s.wd <= 15 AS icpc_within
FROM q
LEFT JOIN working_day s ON s.day = q.start_date
LEFT JOIN working_day c ON c.day = q.icpc_date;

INSERT INTO stage.own_figure_at
WITH
-- [CIN] Children in need on D: episodes of D's year's census open on D
-- (referred by then, not closed by its end), as DfE's At31_episodes counts
-- episodes; a referral with no further action is not an episode of need.
-- [ANNEX] List 6's cases, one row each, open on D.
-- (Counted as the cases begun by D less those closed by D, each by day: a
-- case closed before it began is closed on the day it began, so it is open
-- on no day.)
cin_change AS (
    SELECT la_code, year, start_date AS day, 1 AS delta FROM own_cin_case WHERE NOT nfa
    UNION ALL
    SELECT la_code, year, greatest(closure_date, start_date), -1 FROM own_cin_case WHERE NOT nfa AND closure_date IS NOT NULL
),
cin_day AS (
    SELECT la_code, year, day, sum(delta) AS delta FROM cin_change GROUP BY ALL
),
at_d AS (
    SELECT d.la_code, d.d, coalesce(sum(c.delta), 0)::BIGINT AS n
    FROM own_share_date d
    LEFT JOIN cin_day c ON c.la_code = d.la_code AND c.year = d.y AND c.day <= d.d
    WHERE d.kind = 'cin_case' AND d.snapshot_ok GROUP BY ALL
),
-- [CIN] Referrals in the 12 months, and re-referrals: a referral within 12
-- months of a previous referral of the same child (any loaded census or
-- Annex A; for Annex A rows also List 3's own count of earlier referrals).
-- (events are counted by day first: a day's events meet the dates it
-- counts at once, not each event)
referral_day AS (
    SELECT la_code, referral_date AS day, count(*) AS n, count(*) FILTER (WHERE re) AS re
    FROM own_referral WHERE year = collection_year_of(referral_date) GROUP BY ALL
),
referrals AS (
    SELECT d.la_code, d.d, d.flow_ok, d.share_ok, coalesce(sum(e.n), 0)::BIGINT AS n, coalesce(sum(e.re), 0)::BIGINT AS re
    FROM own_share_date d
    JOIN own_d_month w ON w.kind = d.kind AND w.la_code = d.la_code AND w.d = d.d
    LEFT JOIN referral_day e ON e.la_code = w.la_code AND date_trunc('month', e.day)::DATE = w.m AND e.day BETWEEN d.ws AND d.d
    WHERE d.kind = 'referral' AND d.share_ok GROUP BY ALL
),
-- [CIN] Child protection plans starting in the 12 months that are a second
-- or subsequent plan for the child: the return says so (NumberOfPreviousCPP,
-- or List 7's "Number of Previous Child Protection Plans", above 0) or an
-- earlier plan of the child is in a loaded census or Annex A; and by
-- initial category of abuse.
cpp_day AS (
    SELECT la_code, start_date AS day, count(*) AS n,
           count(*) FILTER (WHERE subsequent) AS subsequent,
           count(*) FILTER (WHERE initial_category_of_abuse = 'NEG') AS neglect,
           count(*) FILTER (WHERE initial_category_of_abuse = 'EMO') AS emotional,
           count(*) FILTER (WHERE initial_category_of_abuse = 'PHY') AS physical,
           count(*) FILTER (WHERE initial_category_of_abuse = 'SAB') AS sexual,
           count(*) FILTER (WHERE initial_category_of_abuse = 'MUL') AS multiple
    FROM own_cpp WHERE year = collection_year_of(start_date) GROUP BY ALL
),
cpp_started AS (
    SELECT d.la_code, d.d, d.flow_ok, coalesce(sum(p.n), 0)::BIGINT AS n,
           coalesce(sum(p.subsequent), 0)::BIGINT AS subsequent,
           coalesce(sum(p.neglect), 0)::BIGINT AS neglect, coalesce(sum(p.emotional), 0)::BIGINT AS emotional,
           coalesce(sum(p.physical), 0)::BIGINT AS physical, coalesce(sum(p.sexual), 0)::BIGINT AS sexual,
           coalesce(sum(p.multiple), 0)::BIGINT AS multiple
    FROM own_share_date d
    JOIN own_d_month w ON w.kind = d.kind AND w.la_code = d.la_code AND w.d = d.d
    LEFT JOIN cpp_day p ON p.la_code = w.la_code AND date_trunc('month', p.day)::DATE = w.m AND p.day BETWEEN d.ws AND d.d
    WHERE d.kind = 'cpp' AND d.share_ok GROUP BY ALL
),
-- [CIN] Child protection plans open on D, and of them those that began two
-- years or more before (LAIT 264).
cpp_at_d AS (
    SELECT d.la_code, d.d, count(p.start_date) AS n,
           count(p.start_date) FILTER (WHERE p.start_date <= months_before(d.d, 24)) AS two_years
    FROM own_share_date d
    LEFT JOIN own_cpp p ON p.la_code = d.la_code AND p.year = d.y AND p.start_date <= d.d
                       AND (p.end_date IS NULL OR p.end_date > d.d)
    WHERE d.kind = 'cpp' AND d.snapshot_ok GROUP BY ALL
),
-- [CIN] Assessments completed (authorised) in the 12 months, and those
-- authorised within 45 working days of their start (LAIT 304).
assessment_day AS (
    SELECT la_code, authorisation_date AS day, count(*) AS n, count(*) FILTER (WHERE within) AS within
    FROM own_assessment WHERE within IS NOT NULL AND year = collection_year_of(authorisation_date) GROUP BY ALL
),
assessments AS (
    SELECT d.la_code, d.d, d.flow_ok, coalesce(sum(a.n), 0)::BIGINT AS n, coalesce(sum(a.within), 0)::BIGINT AS within
    FROM own_share_date d
    JOIN own_d_month w ON w.kind = d.kind AND w.la_code = d.la_code AND w.d = d.d
    LEFT JOIN assessment_day a ON a.la_code = w.la_code AND date_trunc('month', a.day)::DATE = w.m AND a.day BETWEEN d.ws AND d.d
    WHERE d.kind = 'assessment' AND d.share_ok GROUP BY ALL
),
-- [CIN] Section 47 enquiries starting in the 12 months (LAIT 217, as a
-- rate); the initial child protection conferences that followed them held
-- in the 12 months (LAIT 269), and those held within 15 working days of
-- the strategy discussion that began the enquiry (LAIT 218, 268).
s47_day AS (
    SELECT la_code, start_date AS day, count(*) AS n
    FROM own_s47 WHERE year = collection_year_of(start_date) GROUP BY ALL
),
s47 AS (
    SELECT d.la_code, d.d, coalesce(sum(q.n), 0)::BIGINT AS n
    FROM own_share_date d
    JOIN own_d_month w ON w.kind = d.kind AND w.la_code = d.la_code AND w.d = d.d
    LEFT JOIN s47_day q ON q.la_code = w.la_code AND date_trunc('month', q.day)::DATE = w.m AND q.day BETWEEN d.ws AND d.d
    WHERE d.kind = 's47' AND d.flow_ok GROUP BY ALL
),
icpc_day AS (
    SELECT la_code, icpc_date AS day, count(*) AS n, count(*) FILTER (WHERE icpc_within) AS within
    FROM own_s47 WHERE icpc_within IS NOT NULL AND year = collection_year_of(icpc_date) GROUP BY ALL
),
icpc AS (
    SELECT d.la_code, d.d, d.flow_ok, coalesce(sum(q.n), 0)::BIGINT AS n, coalesce(sum(q.within), 0)::BIGINT AS within
    FROM own_share_date d
    JOIN own_d_month w ON w.kind = d.kind AND w.la_code = d.la_code AND w.d = d.d
    LEFT JOIN icpc_day q ON q.la_code = w.la_code AND date_trunc('month', q.day)::DATE = w.m AND q.day BETWEEN d.ws AND d.d
    WHERE d.kind = 's47' AND d.share_ok GROUP BY ALL
),
figures AS (
    SELECT 'cin_at_31_march' AS indicator_id, 'cin_case' AS kind, la_code, d, 0 AS window_months, n::DOUBLE AS value, n AS num, NULL::BIGINT AS den, true AS complete FROM at_d
    UNION ALL SELECT 'cin_referrals_in_year', 'referral', la_code, d, 12, n, n, NULL, true FROM referrals WHERE flow_ok
    UNION ALL SELECT 'rereferral_pct', 'referral', la_code, d, 12, round(100.0 * re / n, 1), re, n, flow_ok FROM referrals WHERE n > 0
    UNION ALL SELECT 'cpp_subsequent_pct', 'cpp', la_code, d, 12, round(100.0 * subsequent / n, 1), subsequent, n, flow_ok FROM cpp_started WHERE n > 0
    UNION ALL SELECT 'cpp_initial_neglect_pct', 'cpp', la_code, d, 12, round(100.0 * neglect / n, 1), neglect, n, flow_ok FROM cpp_started WHERE n > 0
    UNION ALL SELECT 'cpp_initial_emotional_pct', 'cpp', la_code, d, 12, round(100.0 * emotional / n, 1), emotional, n, flow_ok FROM cpp_started WHERE n > 0
    UNION ALL SELECT 'cpp_initial_physical_pct', 'cpp', la_code, d, 12, round(100.0 * physical / n, 1), physical, n, flow_ok FROM cpp_started WHERE n > 0
    UNION ALL SELECT 'cpp_initial_sexual_pct', 'cpp', la_code, d, 12, round(100.0 * sexual / n, 1), sexual, n, flow_ok FROM cpp_started WHERE n > 0
    UNION ALL SELECT 'cpp_initial_multiple_pct', 'cpp', la_code, d, 12, round(100.0 * multiple / n, 1), multiple, n, flow_ok FROM cpp_started WHERE n > 0
    UNION ALL SELECT 'cpp_at_31_march', 'cpp', la_code, d, 0, n, n, NULL, true FROM cpp_at_d
    UNION ALL SELECT 'cpp_2_years_pct', 'cpp', la_code, d, 0, round(100.0 * two_years / n, 1), two_years, n, true FROM cpp_at_d WHERE n > 0
    UNION ALL SELECT 'assessments_45_days_pct', 'assessment', la_code, d, 12, round(100.0 * within / n, 1), within, n, flow_ok FROM assessments WHERE n > 0
    UNION ALL SELECT 's47_in_year', 's47', la_code, d, 12, n, n, NULL, true FROM s47
    UNION ALL SELECT 'icpc_in_year', 's47', la_code, d, 12, n, n, NULL, true FROM icpc WHERE flow_ok
    UNION ALL SELECT 'icpc_15_days_pct', 's47', la_code, d, 12, round(100.0 * within / n, 1), within, n, flow_ok FROM icpc WHERE n > 0
)
SELECT f.indicator_id, f.la_code, f.d, f.window_months, f.value, f.num, f.den, f.complete, d.origin, d.source_files, d.as_at, d.part_year
FROM figures f
JOIN own_date d ON d.kind = f.kind AND d.la_code = f.la_code AND d.d = f.d;

-- [REV] Child protection reviews held on time, in the 12 months to D: a
-- plan's first review within 3 months of its start (the initial
-- conference), each later one within 6 months of the one before. Reviews
-- come from the census (Annex A has only the latest review of each plan);
-- each from the return of its year, the one before from any loaded census.
INSERT INTO stage.own_figure_at
WITH plans AS (
    SELECT la_code, collection_year, child_id, episode_number, start_date
    FROM stage.cin_cp_plan p
    WHERE la_code IS NOT NULL AND start_date IS NOT NULL AND kept('census', p.source_file, p.la_code, p.collection_year)
),
reviews AS (
    SELECT r.la_code, r.collection_year, r.child_id, r.episode_number, r.review_date, r.cp_plan_start_date
    FROM stage.cin_cp_review r
    WHERE r.la_code IS NOT NULL AND r.collection_year IS NOT NULL AND r.review_date IS NOT NULL
      AND kept('census', r.source_file, r.la_code, r.collection_year)
),
-- the plan a review is of: as the census says, else the episode's latest
-- plan begun by the review
of_plan AS (
    SELECT DISTINCT r.la_code, r.collection_year, r.child_id, r.review_date,
           coalesce(r.cp_plan_start_date, p.start_date) AS plan_start
    FROM reviews r
    ASOF LEFT JOIN plans p ON p.la_code = r.la_code AND p.collection_year = r.collection_year AND p.child_id = r.child_id
                          AND p.episode_number = r.episode_number AND r.review_date >= p.start_date
),
judged AS (
    SELECT r.*, lag(r.review_date) OVER (PARTITION BY r.la_code, r.child_id, r.plan_start ORDER BY r.review_date) AS previous
    FROM (SELECT DISTINCT la_code, child_id, plan_start, review_date FROM of_plan WHERE plan_start IS NOT NULL) r
),
counted AS (
    SELECT d.la_code, d.d, d.source_files, d.origin, d.as_at, d.part_year, count(o.review_date) AS den,
           count(o.review_date) FILTER (WHERE o.review_date <= CASE WHEN j.previous IS NULL
                THEN (j.plan_start + INTERVAL 3 MONTH)::DATE ELSE (j.previous + INTERVAL 6 MONTH)::DATE END) AS num
    FROM own_date d
    JOIN own_d_month w ON w.kind = d.kind AND w.la_code = d.la_code AND w.d = d.d
    LEFT JOIN (of_plan o JOIN judged j USING (la_code, child_id, plan_start, review_date))
           ON o.la_code = w.la_code AND date_trunc('month', o.review_date)::DATE = w.m AND o.review_date BETWEEN d.ws AND d.d
          AND o.collection_year = collection_year_of(o.review_date)
    WHERE d.kind = 'cp_review' AND d.flow_ok
    GROUP BY ALL
)
SELECT 'cpp_reviews_on_time_pct', la_code, d, 12, round(100.0 * num / den, 1), num, den, true, origin, source_files, as_at, part_year
FROM counted WHERE den > 0;

-- Rates per 10,000 children aged 0-17, as for published counts
-- (stage_indicator_value.sql): the ONS estimate for the mid-year before the
-- collection year D falls in ends, rounded to 1 decimal place. In year (D
-- not a 31 March) that estimate is often not published yet: the latest
-- earlier one stands in, and own_population_fallback says so.
CREATE TEMP TABLE own_rate_population AS
SELECT c.indicator_id, c.la_code, c.d, collection_year_of(c.d) - 1 AS wanted, p.year, p.population
FROM (SELECT DISTINCT indicator_id, la_code, d FROM stage.own_figure_at
      WHERE indicator_id IN (SELECT rate_of FROM ref.indicator WHERE rate_of IS NOT NULL)) c
ASOF JOIN ref.population p ON p.geography = c.la_code AND collection_year_of(c.d) - 1 >= p.year
WHERE p.year = collection_year_of(c.d) - 1 OR c.d <> year_end_of(collection_year_of(c.d));

INSERT INTO stage.own_figure_at
SELECT r.indicator_id, c.la_code, c.d, c.window_months, round(c.value / p.population * 10000, 1),
       c.numerator, p.population::BIGINT, c.complete, c.origin, c.source_files, c.as_at, c.part_year
FROM ref.indicator r
JOIN stage.own_figure_at c ON c.indicator_id = r.rate_of
JOIN own_rate_population p ON p.indicator_id = c.indicator_id AND p.la_code = c.la_code AND p.d = c.d;

INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
SELECT NULL, NULL, NULL, NULL, 'own_population_fallback',
       format('no ONS population for mid-{} for LA {} yet: its own rates per 10,000 children in year from {} to {} use the mid-{} estimate, the latest loaded; add the newer population file when ONS publishes it',
              wanted, la_code, strftime(min(d), '%-d %B %Y'), strftime(max(d), '%-d %B %Y'), year)
FROM own_rate_population
WHERE year <> wanted
GROUP BY la_code, wanted, year;

-- stage.own_indicator_value: the figures of each collection year, as DfE
-- would publish them: at 31 March from a return covering the whole year,
-- and from a part-year return at its as_at (labelled so: as_at, basis),
-- never as the year's.
CREATE TABLE stage.own_indicator_value AS
SELECT indicator_id, collection_year_of(d)::VARCHAR AS period, collection_year_of(d) AS year, la_code,
       value, numerator, denominator, source_files,
       as_at, window_months, part_year,
       CASE WHEN part_year THEN (CASE window_months WHEN 0 THEN 'on ' ELSE '12 months to ' END)
            ELSE (CASE window_months WHEN 0 THEN 'at ' ELSE 'year to ' END) END || as_at_text(d) AS basis
FROM stage.own_figure_at
WHERE (NOT part_year AND d = year_end_of(collection_year_of(d)))
   OR (part_year AND d = as_at AND complete);

-- A child under 16 left out of long-term stability because the start of its period
-- of care is in no loaded return: load earlier returns to count it.
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
SELECT NULL, NULL, NULL, NULL, 'own_figure_history',
       format('{} looked after on {} in LA {} left out of cla_long_term_stability_pct: the start of the period of care (an RNE S episode) is in none of the returns loaded; load earlier years'' SSDA903 returns to count them',
              CASE count(*) WHEN 1 THEN '1 child under 16' ELSE count(*) || ' children under 16' END, strftime(c.d, '%-d %B %Y'), c.la_code)
FROM cla_cohort c
JOIN cla_date d ON d.la_code = c.la_code AND d.d = c.d
WHERE age_on(c.dob_month, c.d) < 16 AND c.care_start IS NULL
  AND ((NOT d.part_year AND d.year_end) OR (d.part_year AND d.d = d.as_at))
GROUP BY c.la_code, c.d;

-- An own figure whose source table is not among the loaded returns is not
-- made (never 0): say which table to load.
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
SELECT NULL, NULL, NULL, NULL, 'own_no_source',
       format('no SSDA903 missing table is loaded for LA {} in {}, so cla_missing_pct is not computed (a share with no table behind it is unknown, not 0%); load the return''s missing table (MISSING, MIS_START, MIS_END)',
              e.la_code, e.collection_year)
FROM (SELECT DISTINCT la_code, collection_year FROM cla_ep) e
WHERE NOT EXISTS (SELECT 1 FROM stage.return_file m WHERE m.kind = 'ssda903' AND m.part = 'missing'
                  AND m.la_code = e.la_code AND m.collection_year = e.collection_year);

-- An own count with no population to make its rate is reported, saying
-- what to add (as no_population does).
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
WITH loaded AS (
    SELECT min(year) AS first, max(year) AS last, string_agg(DISTINCT source_file, ', ' ORDER BY source_file) AS files
    FROM ref.population
)
SELECT NULL, NULL, NULL, NULL, 'own_no_population',
       format('no ONS population for mid-{} for LA {}, so the own {} is not computed for {}; {}',
              c.year - 1, c.la_code, r.indicator_id, c.period,
              CASE WHEN l.files IS NULL THEN 'add the population file among the inputs'
                   WHEN c.year - 1 BETWEEN l.first AND l.last
                       THEN format('the population loaded ({}) has mid-{} but not this LA', l.files, c.year - 1)
                   ELSE format('the population loaded ({}) covers mid-{} to mid-{}: add one with mid-{}', l.files, l.first, l.last, c.year - 1) END)
FROM ref.indicator r
CROSS JOIN loaded l
JOIN stage.own_indicator_value c ON c.indicator_id = r.rate_of
LEFT JOIN stage.own_indicator_value v ON v.indicator_id = r.indicator_id AND v.la_code = c.la_code AND v.period = c.period
WHERE v.value IS NULL;

-- Working days outside the years the bank-holiday list covers would miss
-- bank holidays (and outside 2010-2030 have no calendar at all): say so.
-- Dates from before any child of the return was born (26 years before its
-- end, as the readers' implausible_date) are reported at their cells as
-- mistyped; a calendar would not help them, so they are not counted here.
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
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
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
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
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
SELECT string_agg(DISTINCT a.source_file, ', ' ORDER BY a.source_file), NULL, NULL, NULL, 'own_source',
       format('the CIN figures of LA {} for {} come from its CIN census; the Annex A of that year is not used for them', a.la_code, a.collection_year)
FROM annex_a_file a
WHERE (a.la_code, a.collection_year) IN (SELECT (la_code, collection_year) FROM cin_census_year)
GROUP BY a.la_code, a.collection_year;

-- A workbook whose list is set aside for a later one of the same year.
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
SELECT f.source_file, 'List ' || f.list, NULL, NULL, 'own_source',
       format('Annex A List {} of LA {} for {} is read from {}, whose dates reach later; this workbook''s List {} is not used for the own figures',
              f.list, f.la_code, f.year, regexp_extract(c.source_file, '[^/]*$'), f.list)
FROM annex_a_list_file f
JOIN annex_a_coverage c ON c.list = f.list AND c.la_code = f.la_code AND c.year = f.year
WHERE f.source_file <> c.source_file;

-- Where the returns loaded leave a hole, the figures that need it are not
-- made, and the months are named: a collection year missing between two
-- loaded returns, or before a part-year return (its 12 months to as_at
-- need the year before). The series before the first return loaded simply
-- starts there.
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
WITH kinds AS (
    SELECT DISTINCT CASE WHEN kind = 'cla' THEN 'SSDA903' WHEN origin = 'cin' THEN 'CIN census' ELSE 'Annex A' END AS return_name,
           kind, la_code, y, part_year, as_at
    FROM own_cover
),
holes AS (
    -- a year missing between loaded ones
    SELECT k.return_name, k.la_code, k.y - 1 AS missing_y, 'between' AS why, NULL::DATE AS as_at
    FROM kinds k
    WHERE NOT EXISTS (SELECT 1 FROM kinds p WHERE p.kind = k.kind AND p.la_code = k.la_code AND p.y = k.y - 1)
      AND EXISTS (SELECT 1 FROM kinds p WHERE p.kind = k.kind AND p.la_code = k.la_code AND p.y < k.y - 1)
    UNION
    -- a part-year return with no full return of the year before
    SELECT k.return_name, k.la_code, k.y - 1, 'before_part_year', k.as_at
    FROM kinds k
    WHERE k.part_year
      AND NOT EXISTS (SELECT 1 FROM kinds p WHERE p.kind = k.kind AND p.la_code = k.la_code AND p.y = k.y - 1 AND NOT p.part_year)
)
SELECT NULL, NULL, NULL, NULL, 'own_in_year_gap',
       CASE why WHEN 'between' THEN
           format('no {} return of LA {} covers April {} to March {} (collection year {}): the figures on its month ends, and the 12-month figures to month ends from April {} to February {}, are not made; load that year''s return',
                  return_name, la_code, missing_y - 1, missing_y, missing_y, missing_y - 1, missing_y + 1)
       ELSE
           format('the {} return of LA {} for {} reaches only {} and no full return for {} is loaded: its 12-month figures need April {} to March {}, so they are not made and no part-year figure stands in for the year; load the {} return',
                  return_name, la_code, missing_y + 1, strftime(as_at, '%-d %B %Y'), missing_y, missing_y - 1, missing_y, missing_y)
       END
FROM (SELECT DISTINCT return_name, la_code, missing_y, why, as_at FROM holes) h;
