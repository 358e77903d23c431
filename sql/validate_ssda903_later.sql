-- SSDA903 rules added in 2025-26 and 2026-27, and the social worker
-- episode rules changed in 2025-26. Their cases
-- (pipeline/demo/violations_ssda903_later.go) put rows in a 2025-26 or
-- 2026-27 return of their own.

-- rule: 233
-- table: cla_episode
-- fields: DEC, REASON_PLACE_CHANGE
-- years: 2026-
-- ref: SSDA903 2025-26 validation checks, rule 233 (from 2025-26): where the episode has not ceased (no DEC), no reason for a placement change (REASON_PLACE_CHANGE) may be given.
-- message: A reason for a placement change (REASON_PLACE_CHANGE) is given, but the episode has not ceased (no DEC): the reason belongs to the episode that ends with the change.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE dec IS NULL AND reason_place_change IS NOT NULL

-- rule: 234
-- table: cla_episode
-- fields: REASON_PLACE_CHANGE, DEC, DOB
-- years: 2026-
-- ref: SSDA903 2025-26 validation checks, rule 234 (from 2025-26): a child under 10 cannot change placement because of being admitted to custody (REASON_PLACE_CHANGE CUSTOD). DfE words it on the start of the episode after the change, which is this episode's end (DEC; the validator compares the episode's own DECOM). The DOB is kept to its month: reported where the child was certainly under 10.
-- message: The placement changed because the child was admitted to custody (REASON_PLACE_CHANGE CUSTOD), but the child was under 10 then (DEC before the 10th birthday).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'changed ' || strftime(e.dec, '%d/%m/%Y')
FROM stage.cla_episode e
JOIN stage.cla_child c
  ON c.la_code IS NOT DISTINCT FROM e.la_code AND c.collection_year IS NOT DISTINCT FROM e.collection_year AND c.child_id = e.child_id
WHERE e.reason_place_change = 'CUSTOD' AND e.dec < c.dob_month + INTERVAL 10 YEAR
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: 242
-- table: cla_episode
-- fields: URN, PLACE
-- years: 2026-
-- ref: SSDA903 2025-26 validation checks, rule 242 (from 2025-26): URN XXXXXXX (no Ofsted URN) may be given only for placements with adopters or in foster care arranged by regional adoption agencies (PLACE A3 to A6, U1 to U6).
-- message: URN XXXXXXX (no Ofsted URN) is given, but it is only for placements with adopters or in foster care (PLACE A3 to A6, U1 to U6).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'PLACE ' || coalesce(place, '(blank)')
FROM stage.cla_episode
WHERE urn = 'XXXXXXX' AND coalesce(place, '') NOT IN ('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')

-- rule: 348
-- table: cla_care_leaver
-- fields: IN_TOUCH
-- years: 2026-
-- ref: SSDA903 2025-26 validation checks, rule 348 (from 2025-26): a care leaver reported as having died (IN_TOUCH DIED) in last year's return must be reported so again.
-- message: The young person was reported as having died (IN_TOUCH DIED) in the LA's return for the previous year, but this return gives another IN_TOUCH.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id,
       'the ' || (o.collection_year - 2) || '-' || lpad(((o.collection_year - 1) % 100)::VARCHAR, 2, '0') || ' row is ' || p.source_row
FROM stage.cla_care_leaver o
JOIN stage.cla_care_leaver p ON p.la_code = o.la_code AND p.collection_year = o.collection_year - 1 AND p.child_id = o.child_id
WHERE p.in_touch = 'DIED' AND o.in_touch IS DISTINCT FROM 'DIED'
QUALIFY row_number() OVER (PARTITION BY o.source_file, o.source_row) = 1

-- rule: 444
-- table: cla_child
-- fields: UPN
-- years: 2026-
-- ref: SSDA903 2025-26 validation checks, rule 444 (from 2025-26): a UPN, other than the codes UN1 to UN5 for one not known, must be unique within the LA's return.
-- message: The same UPN is given for more than one child in the return: a UPN belongs to one child.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, n || ' children have it'
FROM (SELECT *, count(*) OVER (PARTITION BY source_file, la_code, collection_year, upn) AS n
      FROM stage.cla_child
      WHERE upn IS NOT NULL AND upn NOT IN ('UN1', 'UN2', 'UN3', 'UN4', 'UN5'))
WHERE n > 1

-- rule: SW09STG2
-- table: cla_social_worker
-- fields: SW_DECOM, SW_DEC
-- years: 2024-
-- ref: SSDA903 2023-24 validation checks, rule SW09STG2: a social worker episode appears to have lasted less than 24 hours (it ends on the day it starts); from 2025-26 (lac2025_26) one lasting less than 3 days (SW_DEC less than 3 days after SW_DECOM).
-- message: The social worker episode is too short: it ends (SW_DEC) on the day it starts (SW_DECOM), or, from 2025-26, less than 3 days after.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_social_worker
WHERE CASE WHEN collection_year >= 2026 THEN date_diff('day', sw_decom, sw_dec) < 3 ELSE sw_dec = sw_decom END

-- rule: SW10aSTG2
-- table: cla_social_worker
-- fields: SW_DECOM, SW_DEC, SW_REASON
-- years: 2026-
-- ref: SSDA903 2025-26 validation checks, rule SW10aSTG2 (from 2025-26): unless the family asked for the change (SW_REASON FCONTA), a social worker episode must start within 7 days either side of the end (SW_DEC) of the child's previous one, where that is given. The condition of SW10STG2 from 2024-25, which it runs beside.
-- message: The social worker episode starts (SW_DECOM) more than 7 days before or after the child's previous one ended (SW_DEC), and the family did not ask for the change (SW_REASON FCONTA).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode (row ' || prev_row || ') ended ' || strftime(prev_dec, '%d/%m/%Y')
FROM (
    SELECT *, lag(sw_dec) OVER w AS prev_dec, lag(source_row) OVER w AS prev_row
    FROM stage.cla_social_worker
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom, sw_dec, source_row)
)
WHERE prev_dec IS NOT NULL AND sw_decom IS NOT NULL AND coalesce(sw_reason, '') <> 'FCONTA'
  AND abs(date_diff('day', prev_dec, sw_decom)) > 7

-- rule: SW10bSTG2
-- table: cla_social_worker
-- fields: SW_DECOM, SW_DEC, SW_REASON
-- years: 2026-
-- ref: SSDA903 2025-26 validation checks, rule SW10bSTG2 (from 2025-26): a social worker episode started at the family's request (SW_REASON FCONTA) must start (SW_DECOM) after the child's previous one ended (SW_DEC), where that is given.
-- message: The social worker episode was started at the family's request (SW_REASON FCONTA), but it starts (SW_DECOM) on or before the day the child's previous one ended (SW_DEC).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode (row ' || prev_row || ') ended ' || strftime(prev_dec, '%d/%m/%Y')
FROM (
    SELECT *, lag(sw_dec) OVER w AS prev_dec, lag(source_row) OVER w AS prev_row
    FROM stage.cla_social_worker
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom, sw_dec, source_row)
)
WHERE sw_reason = 'FCONTA' AND sw_decom <= prev_dec

-- rule: SW17STG2
-- table: cla_social_worker
-- fields: SW_DEC
-- years: 2026-
-- year_end: true
-- ref: SSDA903 2025-26 validation checks, rule SW17STG2 (from 2025-26): the child's latest social worker episode (the one starting last) must be open at 31 March (no SW_DEC). The validator's SW05STG1 of 2025-26 asks for SW_DEC on every episode, which no child's latest episode can meet with this rule.
-- message: The child's latest social worker episode has ended (SW_DEC), so no social worker episode is open at 31 March.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'ended ' || strftime(sw_dec, '%d/%m/%Y')
FROM stage.cla_social_worker
WHERE sw_decom IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom DESC, source_row DESC) = 1
    AND sw_dec IS NOT NULL

-- rule: SW18STG2
-- table: cla_social_worker
-- fields: SW_DECOM, SW_DEC
-- years: 2026-
-- ref: SSDA903 2025-26 validation checks, rule SW18STG2 (from 2025-26): where given, the end of the social worker episode (SW_DEC) must be after its start (SW_DECOM).
-- message: The social worker episode ends (SW_DEC) on or before the day it starts (SW_DECOM).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_social_worker
WHERE sw_dec <= sw_decom

-- rule: SW19STG2
-- table: cla_social_worker
-- fields: SW_DECOM
-- years: 2026-
-- ref: SSDA903 2025-26 validation checks, rule SW19STG2 (from 2025-26): no two of the child's social worker episodes may start on the same date (SW_DECOM); the second and any later are reported.
-- message: Another social worker episode of the child starts on the same date (SW_DECOM).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'the first is row ' || first_row
FROM (SELECT *, row_number() OVER w AS n, first_value(source_row) OVER w AS first_row
      FROM stage.cla_social_worker
      WHERE sw_decom IS NOT NULL
      WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id, sw_decom ORDER BY source_row))
WHERE n > 1

-- rule: 702
-- table: cla_dolo
-- fields: DOLO_START, DOLO_END
-- years: 2027-
-- ref: SSDA903 2026-27 validation checks, rule 702 (from 2026-27): the deprivation of liberty order must end (DOLO_END) after it starts (DOLO_START).
-- message: The deprivation of liberty order ends (DOLO_END) on or before the day it starts (DOLO_START).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_dolo
WHERE dolo_end <= dolo_start

-- rule: 703
-- table: cla_dolo
-- fields: DOLO_START
-- years: 2027-
-- ref: SSDA903 2026-27 validation checks, rule 703 (from 2026-27): a deprivation of liberty order cannot start (DOLO_START) after the end of the collection year.
-- message: The deprivation of liberty order starts (DOLO_START) after the end of the collection year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_dolo
WHERE dolo_start > make_date(collection_year, 3, 31)

-- rule: 704
-- table: cla_dolo
-- fields: DOLO_END
-- years: 2027-
-- ref: SSDA903 2026-27 validation checks, rule 704 (from 2026-27): the end of a deprivation of liberty order (DOLO_END), where given, must be within the collection year.
-- message: The deprivation of liberty order ends (DOLO_END) before the start or after the end of the collection year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN dolo_end > make_date(collection_year, 3, 31) THEN 'after 31 March ' || collection_year
            ELSE 'before 1 April ' || (collection_year - 1) END
FROM stage.cla_dolo
WHERE dolo_end > make_date(collection_year, 3, 31) OR dolo_end < make_date(collection_year - 1, 4, 1)

-- rule: 705
-- table: cla_dolo
-- fields: DOLO_START, DOLO_END
-- years: 2027-
-- ref: SSDA903 2026-27 validation checks, rule 705 (from 2026-27): a deprivation of liberty order cannot start while the child's previous one (by DOLO_START) has no end (DOLO_END).
-- message: The deprivation of liberty order starts while the child's previous one is still open (no DOLO_END).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'the previous order is row ' || prev_row
FROM (SELECT *, lag(source_row) OVER w AS prev_row, lag(dolo_end) OVER w AS prev_end
      FROM stage.cla_dolo
      WHERE dolo_start IS NOT NULL
      WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY dolo_start, source_row))
WHERE prev_row IS NOT NULL AND prev_end IS NULL

-- rule: 706
-- table: cla_dolo
-- fields: DOLO_START, DOLO_END
-- years: 2026-
-- ref: SSDA903 2026-27 validation checks, rule 706 (from 2026-27): a deprivation of liberty order still open (no DOLO_END) at the end of last year's return must be in this year's return with the same DOLO_START. As the validator does, the open order of last year's return is reported (its collection year is last year's), when the LA's return for the next year is loaded.
-- message: The deprivation of liberty order is open at the end of this return (no DOLO_END), but the LA's loaded return for the next year has no order of the child starting on its DOLO_START.
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id,
       'checked against the ' || p.collection_year || '-' || lpad(((p.collection_year + 1) % 100)::VARCHAR, 2, '0') || ' return'
FROM stage.cla_dolo p
WHERE p.dolo_end IS NULL AND p.dolo_start IS NOT NULL AND p.collection_year >= 2026
  AND EXISTS (SELECT 1 FROM stage.return_as_at r WHERE r.kind = 'ssda903' AND r.la_code = p.la_code AND r.collection_year = p.collection_year + 1)
  AND NOT EXISTS (SELECT 1 FROM stage.cla_dolo n WHERE n.la_code = p.la_code AND n.collection_year = p.collection_year + 1
                  AND n.child_id = p.child_id AND n.dolo_start = p.dolo_start)

-- rule: 707
-- table: cla_dolo
-- fields: DOLO_END, DEC
-- years: 2027-
-- ref: SSDA903 2026-27 validation checks, rule 707 (from 2026-27): a child who has ceased to be looked after (the child's latest episode has a DEC) cannot have a deprivation of liberty order without an end (DOLO_END). Here the rule's own condition; the validator also checks the order's dates against the periods of care.
-- message: The child has ceased to be looked after (the latest episode has a DEC), but the deprivation of liberty order has no end date (DOLO_END).
SELECT d.la_code, d.collection_year, d.source_file, d.source_sheet, d.source_row, d.child_id,
       'ceased ' || strftime(e.dec, '%d/%m/%Y')
FROM stage.cla_dolo d
JOIN (SELECT * FROM stage.cla_episode e
      -- only the episodes of children with a deprivation of liberty order are ordered
      SEMI JOIN stage.cla_dolo k
        ON k.child_id = e.child_id AND k.la_code IS NOT DISTINCT FROM e.la_code AND k.collection_year IS NOT DISTINCT FROM e.collection_year
      WHERE decom IS NOT NULL
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom DESC, source_row DESC) = 1) e
  ON e.la_code IS NOT DISTINCT FROM d.la_code AND e.collection_year IS NOT DISTINCT FROM d.collection_year AND e.child_id = d.child_id
WHERE d.dolo_start IS NOT NULL AND d.dolo_end IS NULL AND e.dec IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY d.source_file, d.source_row) = 1

-- rule: 708
-- table: cla_dolo
-- fields: DOLO_START, DOB
-- years: 2027-
-- ref: SSDA903 2026-27 validation checks, rule 708 (from 2026-27): a deprivation of liberty order must start (DOLO_START) after the child's date of birth. The DOB is kept to its month: reported where the start is certainly not after it (before the month of birth).
-- message: The deprivation of liberty order starts (DOLO_START) before the child was born.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_dolo
WHERE dolo_start < dob_month

-- rule: 709
-- table: cla_dolo
-- fields: DOLO_START, DOLO_END, PLACE
-- years: 2027-
-- ref: SSDA903 2026-27 validation checks, rule 709 (from 2026-27): where a deprivation of liberty order has a start and an end, every placement overlapping it must be in a children's home (PLACE K2) or another placement Z12 or Z13. An episode without DEC is taken to run to the end of the year (the validator leaves it out).
-- message: The child has a deprivation of liberty order, but an episode during it is in a placement other than a children's home (K2) or the other placements Z12 and Z13.
SELECT d.la_code, d.collection_year, d.source_file, d.source_sheet, d.source_row, d.child_id,
       'episode row ' || e.source_row || ', PLACE ' || coalesce(e.place, '(blank)')
FROM stage.cla_dolo d
JOIN stage.cla_episode e
  ON e.la_code IS NOT DISTINCT FROM d.la_code AND e.collection_year IS NOT DISTINCT FROM d.collection_year AND e.child_id = d.child_id
WHERE d.dolo_start IS NOT NULL AND d.dolo_end IS NOT NULL AND e.decom IS NOT NULL
  AND d.dolo_start <= coalesce(e.dec, make_date(e.collection_year, 3, 31)) AND d.dolo_end >= e.decom
  AND coalesce(e.place, '') NOT IN ('K2', 'Z12', 'Z13')
QUALIFY row_number() OVER (PARTITION BY d.source_file, d.source_row ORDER BY e.decom, e.source_row) = 1

-- rule: 710
-- table: cla_dolo
-- fields: DOLO_START, DOLO_END, PLACE
-- years: 2027-
-- ref: SSDA903 2026-27 validation checks, rule 710 (from 2026-27): where a deprivation of liberty order has a start and an end, no placement overlapping it may be a secure children's home (K1), with parents (P1), a young offender institution (R5) or supported accommodation (K3). The order's row is reported (the validator reports the episode's too).
-- message: The child has a deprivation of liberty order, but an episode during it is in a secure children's home (K1), with parents (P1), in a young offender institution (R5) or in supported accommodation (K3).
SELECT d.la_code, d.collection_year, d.source_file, d.source_sheet, d.source_row, d.child_id,
       'episode row ' || e.source_row || ', PLACE ' || e.place
FROM stage.cla_dolo d
JOIN stage.cla_episode e
  ON e.la_code IS NOT DISTINCT FROM d.la_code AND e.collection_year IS NOT DISTINCT FROM d.collection_year AND e.child_id = d.child_id
WHERE d.dolo_start IS NOT NULL AND d.dolo_end IS NOT NULL AND e.decom IS NOT NULL
  AND d.dolo_start <= coalesce(e.dec, make_date(e.collection_year, 3, 31)) AND d.dolo_end >= e.decom
  AND e.place IN ('K1', 'P1', 'R5', 'K3')
QUALIFY row_number() OVER (PARTITION BY d.source_file, d.source_row ORDER BY e.decom, e.source_row) = 1

-- rule: SW01aSTG1
-- table: cla_social_worker
-- fields: SW_ID, SW_DECOM
-- years: 2025-
-- ref: SSDA903 2024-25 validation checks, rule SW01aSTG1 (from 2024-25): every social worker episode needs its start (SW_DECOM), and one that started before the social worker reporting period (before 1 April of the year before the collection year: 1 April 2023 for 2024-25) its social worker (SW_ID); its reason may be blank. The validator fixes the date at 1 April 2023; here it moves with the year.
-- message: The social worker episode has no start date (SW_DECOM), or it started before the social worker reporting period and has no social worker (SW_ID).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN sw_decom IS NULL THEN 'SW_DECOM is blank or not valid' ELSE 'SW_ID is blank' END
FROM stage.cla_social_worker
WHERE sw_decom IS NULL OR (sw_id IS NULL AND sw_decom < make_date(collection_year - 2, 4, 1))

-- rule: SW01bSTG1
-- table: cla_social_worker
-- fields: SW_ID, SW_DECOM, SW_REASON
-- years: 2025-
-- ref: SSDA903 2024-25 validation checks, rule SW01bSTG1 (from 2024-25): every social worker episode needs its start (SW_DECOM), and one that started in the social worker reporting period (from 1 April of the year before the collection year: 1 April 2023 for 2024-25) its social worker (SW_ID) and the reason for the change (SW_REASON, blank here; a code that is not valid is SW13STG1's). The validator fixes the date at 1 April 2023; here it moves with the year.
-- message: The social worker episode has no start date (SW_DECOM), or it started in the social worker reporting period and its social worker (SW_ID) or the reason for the change (SW_REASON) is blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN sw_decom IS NULL THEN 'SW_DECOM is blank or not valid' WHEN sw_id IS NULL THEN 'SW_ID is blank' ELSE 'SW_REASON is blank' END
FROM stage.cla_social_worker
WHERE sw_decom IS NULL
   OR (sw_decom >= make_date(collection_year - 2, 4, 1)
       AND (sw_id IS NULL
            OR (sw_reason IS NULL AND NOT contains(coalesce(faults, ''), '|SW_REASON:invalid_code|')
                AND NOT contains(coalesce(faults, ''), '|SW_REASON:error_cell|'))))

-- rule: SW15STG2
-- table: cla_social_worker
-- fields: SW_REASON, SW_DECOM
-- years: 2025-
-- ref: SSDA903 2024-25 validation checks, rule SW15STG2 (from 2024-25): the reason for the change of social worker (SW_REASON) must be given for every social worker episode but one that started before the social worker reporting period (before 1 April of the year before the collection year). A blank start is not exempt. A code that is not valid is SW13STG1's.
-- message: The reason for the change of social worker (SW_REASON) is blank, and the episode did not start before the social worker reporting period (1 April of the year before the collection year).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_social_worker
WHERE sw_reason IS NULL
  AND NOT contains(coalesce(faults, ''), '|SW_REASON:invalid_code|') AND NOT contains(coalesce(faults, ''), '|SW_REASON:error_cell|')
  AND NOT coalesce(sw_decom < make_date(collection_year - 2, 4, 1), FALSE)

-- rule: 217t
-- table: cla_episode
-- fields: PLACE, DEC
-- years: 2024-
-- ref: SSDA903 2023-24 validation checks as the validator codes them (lac2023_24, code 217t beside rule 217): independent living (PLACE P2) is not a valid placement from 28 October 2023, so a P2 episode must have ended by then. P2 is withdrawn from 2025-26, when the code itself is not valid (rule 146).
-- message: The placement is independent living (PLACE P2), which is not a valid placement type from 28 October 2023, but the episode had not ended by then (DEC after 28 October 2023 or blank).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN dec IS NULL THEN 'no DEC' ELSE 'DEC ' || strftime(dec, '%d/%m/%Y') END
FROM stage.cla_episode
WHERE place = 'P2' AND (dec IS NULL OR dec > DATE '2023-10-28')

-- rule: SW01STG1
-- table: cla_episode
-- fields: DEC, LS, SW_ID, SW_DECOM
-- years: 2024-
-- year_end: true
-- ref: SSDA903 2023-24 validation checks, rule SW01STG1 (from 2023-24): a child looked after on 31 March (an episode without DEC, not a short break V3 or V4) must have social worker episodes, each with SW_ID and SW_DECOM, and in 2023-24 SW_REASON too (from 2024-25 a reason may be blank: SW13STG1). As the validator does, one incomplete social worker episode of the child is enough, and a return without social worker episodes (no table, or an empty one) is not checked; the open episode is reported.
-- message: The child is looked after on 31 March, but no social worker episode is given for the child, or one lacks its social worker (SW_ID) or start (SW_DECOM) (in 2023-24, or its reason, SW_REASON).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       CASE WHEN s.n IS NULL THEN 'no social worker episode' ELSE 'a social worker episode is incomplete' END
FROM stage.cla_episode e
LEFT JOIN (SELECT la_code, collection_year, child_id, count(*) AS n,
                  bool_or(sw_id IS NULL OR sw_decom IS NULL OR (collection_year < 2025 AND sw_reason IS NULL
                          AND NOT contains(coalesce(faults, ''), '|SW_REASON:invalid_code|'))) AS incomplete
           FROM stage.cla_social_worker GROUP BY ALL) s
  ON s.la_code IS NOT DISTINCT FROM e.la_code AND s.collection_year IS NOT DISTINCT FROM e.collection_year AND s.child_id = e.child_id
-- the return has a social worker episode table (some row in it)
JOIN (SELECT DISTINCT la_code, collection_year FROM stage.cla_social_worker) r
  ON r.la_code IS NOT DISTINCT FROM e.la_code AND r.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.dec IS NULL AND coalesce(e.ls, '') NOT IN ('V3', 'V4') AND (s.n IS NULL OR s.incomplete)
  -- a DEC that is not a valid date (rule 147) is not a blank one
  AND NOT contains(coalesce(e.faults, ''), '|DEC:invalid_date|') AND NOT contains(coalesce(e.faults, ''), '|DEC:error_cell|')
