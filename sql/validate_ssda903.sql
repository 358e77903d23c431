-- DfE's validation rules for the SSDA903 return (children looked after),
-- over the stage tables. The format is that of validate_cin_census.sql: each
-- rule a "-- rule: CODE" line, its metadata, and one SELECT of the failing
-- rows with the columns
--     la_code, collection_year, source_file, source_sheet, source_row, child_id, detail
-- A return's rows are the rows of its files (or sheets): source_row is the
-- row in the file as a spreadsheet numbers it. A child is its CHILD (the
-- pseudonym) within one LA and collection year; rules that compare rows of
-- one child compare them within one file, except the rules across years.
-- Dates of birth are kept to the month.

-- rule: 356
-- table: cla_episode
-- fields: DECOM, DEC
-- message: The episode ceases (DEC) before it starts (DECOM).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE dec < decom

-- rule: 148
-- table: cla_episode
-- fields: DEC, REC
-- message: The date the episode ceased (DEC) and the reason (REC) must both be given, or both left blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN dec IS NULL THEN 'REC is given without a DEC' ELSE 'DEC is given without a REC' END
FROM stage.cla_episode
WHERE (dec IS NULL) <> (rec IS NULL)

-- rule: 388
-- table: cla_episode
-- fields: REC, DEC, DECOM
-- message: REC X1 (care goes on in a new episode) and the child's next episode starting on the day the episode ceased go together: one is given without the other.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN rec <> 'X1' THEN 'REC is ' || rec || ' but the next episode (row ' || next_row || ') starts on DEC: end it with X1'
            WHEN next_decom IS NULL THEN 'REC is X1 but the child has no later episode in this return'
            ELSE 'REC is X1 but the next episode (row ' || next_row || ') starts ' || date_diff('day', dec, next_decom) || ' days after DEC' END
FROM (SELECT *, seq_next_decom AS next_decom, seq_next_row AS next_row FROM cla_episode_seq)
WHERE dec IS NOT NULL AND rec IS NOT NULL
  AND (rec = 'X1' AND (next_decom IS NULL OR next_decom > dec) OR rec <> 'X1' AND next_decom = dec)

-- rule: 142
-- table: cla_episode
-- fields: DEC, DECOM
-- message: A new episode starts but the child's previous episode has not ended (no DEC).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode is row ' || prev_row
FROM (SELECT *, seq_prev_dec AS prev_dec, seq_prev_decom AS prev_decom, seq_prev_row AS prev_row FROM cla_episode_seq)
WHERE prev_decom IS NOT NULL AND prev_decom < decom AND prev_dec IS NULL

-- rule: 501
-- table: cla_episode
-- fields: DECOM, DEC
-- message: A new episode starts before the child's previous episode ended.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode is row ' || prev_row
FROM (SELECT *, seq_prev_dec AS prev_dec, seq_prev_decom AS prev_decom, seq_prev_row AS prev_row FROM cla_episode_seq)
WHERE prev_decom IS NOT NULL AND prev_decom < decom AND prev_dec > decom

-- rule: 502
-- table: cla_episode
-- fields: DECOM, DEC
-- message: The episode is open at the end of this return (no DEC), but the LA's loaded return for the next year has no episode of the child starting on its DECOM: one of the two returns is wrong.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'checked against the ' || e.collection_year || '-' || lpad(((e.collection_year + 1) % 100)::VARCHAR, 2, '0') || ' return'
FROM stage.cla_episode e
WHERE e.dec IS NULL AND e.decom IS NOT NULL
  AND EXISTS (SELECT 1 FROM stage.cla_episode n WHERE n.la_code = e.la_code AND n.collection_year = e.collection_year + 1)
  AND NOT EXISTS (SELECT 1 FROM stage.cla_episode n WHERE n.la_code = e.la_code AND n.collection_year = e.collection_year + 1
                  AND n.child_id = e.child_id AND n.decom = e.decom)

-- rule: overlap_across_years
-- source: yardstick
-- table: cla_episode
-- fields: DECOM, DEC
-- message: The episode overlaps an episode of the same child with another DECOM in the LA's return for the previous year.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'the ' || (e.collection_year - 2) || '-' || lpad(((e.collection_year - 1) % 100)::VARCHAR, 2, '0') || ' episode is row ' || p.source_row || ' of ' || p.source_file
FROM stage.cla_episode e
JOIN stage.cla_episode p
  ON p.la_code = e.la_code AND p.collection_year = e.collection_year - 1 AND p.child_id = e.child_id
WHERE p.decom <> e.decom AND e.decom IS NOT NULL AND p.decom IS NOT NULL
  AND e.decom < coalesce(p.dec, make_date(p.collection_year, 3, 31) + 1)
  AND p.decom < coalesce(e.dec, make_date(e.collection_year, 3, 31) + 1)
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: born_after_start
-- source: yardstick
-- table: cla_episode
-- fields: DECOM, DOB
-- message: The episode starts (DECOM) in a month before the child's month of birth (DOB in the header table).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'the header row is ' || c.source_row
FROM stage.cla_episode e
JOIN stage.cla_child c
  ON c.child_id = e.child_id AND c.la_code IS NOT DISTINCT FROM e.la_code
 AND c.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE c.dob_month > date_trunc('month', e.decom)

-- rule: duplicate_child
-- source: yardstick
-- table: cla_child
-- fields: CHILD
-- message: The child is in the header table more than once.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'first at row ' || first_value(source_row) OVER w
FROM stage.cla_child
WHERE child_id IS NOT NULL
WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY source_row)
QUALIFY row_number() OVER w > 1

-- rule: duplicate_episode
-- source: yardstick
-- table: cla_episode
-- fields: CHILD, DECOM
-- message: The child has two episodes starting on the same day.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'first at row ' || first_value(source_row) OVER w
FROM stage.cla_episode
WHERE child_id IS NOT NULL AND decom IS NOT NULL
WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id, decom ORDER BY source_row)
QUALIFY row_number() OVER w > 1

-- rule: 567
-- table: cla_missing
-- fields: MIS_START, MIS_END
-- message: The missing or away spell ends (MIS_END) before it starts (MIS_START).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_missing
WHERE mis_end < mis_start

-- rule: 522
-- table: cla_placed_for_adoption
-- ref: SSDA903 validation checks, 522: the date the decision to place for adoption ceased (DATE_PLACED_CEASED) must not be before the date of that decision (DATE_PLACED).
-- fields: DATE_PLACED, DATE_PLACED_CEASED
-- message: The placement for adoption ceases (DATE_PLACED_CEASED) before it starts (DATE_PLACED).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_placed_for_adoption
WHERE date_placed_ceased < date_placed

-- rule: 168
-- table: cla_child
-- fields: UPN
-- message: The UPN is not a valid UPN (a letter, eleven digits and a digit or letter) nor an unknown code (UN1 to UN5).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_child
WHERE upn_fault IN ('1540', '1550')

-- rule: upn_check_letter
-- source: yardstick
-- table: cla_child
-- fields: UPN
-- message: The UPN's check letter (its first character) does not match its digits (as DfE's rule 1510 for the CIN census), so it was mistyped and will not link to the child's other records.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_child
WHERE upn_fault = '1510'

-- rule: 1000
-- table: cla_care_leaver
-- fields: IN_TOUCH, ACTIV, ACCOM, REC
-- message: The child died in care (an episode ended with REC E2 in this return or the year before), so no care leaver information should be given.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id, NULL
FROM stage.cla_care_leaver o
WHERE EXISTS (SELECT 1 FROM stage.cla_episode e
              WHERE e.la_code = o.la_code AND e.child_id = o.child_id AND e.rec = 'E2'
                AND e.collection_year IN (o.collection_year, o.collection_year - 1))

-- rule: sw_end_before_start
-- source: yardstick
-- table: cla_social_worker
-- fields: SW_DECOM, SW_DEC
-- message: The social worker episode ends (SW_DEC) before it starts (SW_DECOM).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_social_worker
WHERE sw_dec < sw_decom

-- rule: dolo_end_before_start
-- source: yardstick
-- table: cla_dolo
-- fields: DOLO_START, DOLO_END
-- message: The deprivation of liberty order ends (DOLO_END) before it starts (DOLO_START).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_dolo
WHERE dolo_end < dolo_start

-- rule: 333
-- table: cla_adoption
-- fields: DATE_INT, DATE_MATCH
-- message: The decision that the child should be placed for adoption (DATE_INT) must be given, and on or before the child is matched with adopters (DATE_MATCH).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN date_int IS NULL THEN 'DATE_INT is blank' END
FROM stage.cla_adoption
WHERE date_match IS NOT NULL AND (date_int IS NULL OR date_int > date_match)

-- rule: 119
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED_CEASED, REASON_PLACED_CEASED
-- message: The date the child should no longer be placed for adoption (DATE_PLACED_CEASED) and the reason (REASON_PLACED_CEASED) must both be given, or both left blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_placed_for_adoption
WHERE (date_placed_ceased IS NULL) <> (reason_placed_ceased IS NULL)

-- rule: 202
-- table: cla_child
-- fields: SEX
-- message: The child's sex differs from the one in the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id, NULL
FROM stage.cla_child c
JOIN stage.cla_child p ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
-- the codes changed in 2023-24 (1 and 2 became M and F): compare their meanings
WHERE replace(replace(c.sex, '1', 'M'), '2', 'F') <> replace(replace(p.sex, '1', 'M'), '2', 'F')
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row) = 1

-- rule: 203
-- table: cla_child
-- fields: DOB
-- message: The child's date of birth is in another month than in the LA's return for the previous year (dates of birth are kept to the month).
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id, NULL
FROM stage.cla_child c
JOIN stage.cla_child p ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE c.dob_month <> p.dob_month
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row) = 1

-- rule: 204
-- table: cla_child
-- fields: ETHNIC
-- message: The child's ethnicity differs from the one in the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id, NULL
FROM stage.cla_child c
JOIN stage.cla_child p ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE c.ethnic <> p.ethnic
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row) = 1

-- rule: 208
-- table: cla_child
-- fields: UPN
-- message: The child's UPN differs from the one in the LA's return for the previous year (a UPN that was unknown, UN1, may become another unknown code).
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id, NULL
FROM stage.cla_child c
JOIN stage.cla_child p ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE c.upn <> p.upn AND NOT (c.upn IN ('UN2', 'UN3', 'UN4', 'UN5', 'UN6') AND p.upn = 'UN1')
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row) = 1

-- rule: 366
-- table: cla_episode
-- fields: LS, RNE
-- message: A child on a short-term respite break (LS V3) cannot change placement during it: the episode's reason for new episode must be S.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE ls = 'V3' AND rne IS DISTINCT FROM 'S'

-- rule: 393
-- table: cla_child
-- fields: MOTHER, SEX
-- message: The girl is looked after but the MOTHER field (whether she is a mother) is blank.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id, NULL
FROM stage.cla_child c
WHERE c.sex IN ('2', 'F') AND c.mother IS NULL
  AND EXISTS (SELECT 1 FROM stage.cla_episode e WHERE e.la_code = c.la_code AND e.collection_year = c.collection_year
              AND e.child_id = c.child_id AND coalesce(e.ls, '') NOT IN ('V3', 'V4'))

-- rule: 611
-- table: cla_child
-- fields: MOTHER, MC_DOB
-- message: The child is a mother (MOTHER 1) but her child's date of birth (MC_DOB) is blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_child
WHERE mother AND mc_dob_month IS NULL

-- rule: 621
-- table: cla_child
-- fields: DOB, MC_DOB
-- message: The date of birth of the mother's child (MC_DOB) is before the mother's own (in an earlier month).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_child
WHERE mc_dob_month < dob_month

-- rule: 571
-- table: cla_missing
-- fields: MIS_END
-- message: The date the child stopped being missing or away (MIS_END) is outside the collection year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_missing
WHERE mis_end < make_date(collection_year - 1, 4, 1) OR mis_end > make_date(collection_year, 3, 31)

-- rule: 213
-- table: cla_episode
-- fields: PLACE, PLACE_PROVIDER
-- message: A placement provider is given for a placement that has none (PLACE T0 to T4, or Z1).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE place IN ('T0', 'T1', 'T2', 'T3', 'T4', 'Z1') AND place_provider IS NOT NULL

-- rule: 445
-- table: cla_episode
-- fields: LS, DECOM
-- message: Legal status D1 (freeing order) cannot start after December 2005.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE ls = 'D1' AND decom > DATE '2005-12-31'

-- rule: 446
-- table: cla_episode
-- fields: LS, DECOM
-- message: Legal status E1 (placement order) cannot start before December 2005.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE ls = 'E1' AND decom < DATE '2005-12-01'

-- rule: 355
-- type: query
-- table: cla_episode
-- fields: DECOM, DEC
-- message: The episode seems to have lasted less than 24 hours (it ceases on the day it starts).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE dec = decom

-- rule: 353
-- table: cla_episode
-- fields: DECOM
-- message: No episode in the return can start before 14 October 1991 (when the Children Act 1989 came into force).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE decom < DATE '1991-10-14'

-- rule: 562
-- table: cla_episode
-- fields: DECOM
-- message: The child's first episode began before this collection year, but the LA's loaded return for the previous year has no episode of the child starting on its DECOM.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, NULL
-- the child's first episode, when it started before the year (cla_episode_seq orders by DECOM)
FROM (SELECT * FROM cla_episode_seq WHERE seq_prev_row IS NULL AND decom < make_date(collection_year - 1, 4, 1)) e
WHERE TRUE
  AND EXISTS (SELECT 1 FROM stage.cla_episode p WHERE p.la_code = e.la_code AND p.collection_year = e.collection_year - 1)
  AND NOT EXISTS (SELECT 1 FROM stage.cla_episode p WHERE p.la_code = e.la_code AND p.collection_year = e.collection_year - 1
                  AND p.child_id = e.child_id AND p.decom = e.decom)

-- rule: 527
-- table: cla_episode
-- fields: PLACE, PLACE_PROVIDER
-- message: Provider PR1 (the LA's own provision) cannot go with placement P1, R2 or R5.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE place IN ('P1', 'R2', 'R5') AND place_provider = 'PR1'

-- rule: 528
-- table: cla_episode
-- fields: PLACE, PLACE_PROVIDER
-- message: Provider PR2 (another LA's provision) cannot go with placement P1, R2 or R5.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE place IN ('P1', 'R2', 'R5') AND place_provider = 'PR2'

-- rule: 530
-- table: cla_episode
-- fields: PLACE, PLACE_PROVIDER
-- message: Provider PR4 cannot go with placement P1 (with parents).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE place = 'P1' AND place_provider = 'PR4'

-- rule: 531
-- table: cla_episode
-- fields: PLACE, PLACE_PROVIDER
-- message: Provider PR5 cannot go with placement P1 (with parents).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE place = 'P1' AND place_provider = 'PR5'

-- rule: 174
-- table: cla_child
-- fields: SEX, MC_DOB
-- message: A date of birth of the mother's child (MC_DOB) is given for a boy.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_child
WHERE sex IN ('1', 'M') AND mc_dob_month IS NOT NULL

-- rule: 620
-- table: cla_child
-- fields: DOB, MOTHER
-- message: The child is recorded as a mother but was under 11 when the collection year began.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_child
WHERE mother AND dob_month + INTERVAL 11 YEAR > make_date(collection_year - 1, 4, 1)

-- rule: 586
-- table: cla_missing
-- fields: MIS_START, DOB
-- message: The missing or away spell starts before the child was born (in an earlier month).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_missing
WHERE mis_start < dob_month

-- rule: 570
-- table: cla_missing
-- fields: MIS_START
-- message: The missing or away spell starts (MIS_START) after the end of the collection year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_missing
WHERE mis_start > make_date(collection_year, 3, 31)

-- rule: 566
-- table: cla_missing
-- fields: MISSING, MIS_END
-- message: The end of a missing or away spell (MIS_END) is given but not whether the child was missing or away (MISSING).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_missing
WHERE missing IS NULL AND mis_end IS NOT NULL

-- rule: 574
-- table: cla_missing
-- fields: MIS_START, MIS_END
-- message: A missing or away spell starts while the child's previous one is still open, or before it ended.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'the previous spell is row ' || prev_row
FROM (
    SELECT *, lag(mis_end) OVER w AS prev_end, lag(mis_start) OVER w AS prev_start, lag(source_row) OVER w AS prev_row
    FROM stage.cla_missing
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY mis_start, source_row)
)
WHERE prev_start IS NOT NULL AND (prev_end IS NULL OR mis_start < prev_end)

-- rule: 304
-- table: cla_uasc
-- fields: DUC, DOB
-- message: The date the child stopped being an unaccompanied asylum-seeking child (DUC) is after their 18th birthday (in a later month).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_uasc
WHERE duc >= dob_month + INTERVAL 18 YEAR + INTERVAL 1 MONTH

-- rule: 153
-- table: cla_care_leaver
-- fields: IN_TOUCH, ACTIV, ACCOM
-- message: IN_TOUCH, ACTIV and ACCOM must all be given, or all left blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_care_leaver
WHERE NOT ((in_touch IS NULL AND activ IS NULL AND accom IS NULL) OR (in_touch IS NOT NULL AND activ IS NOT NULL AND accom IS NOT NULL))

-- rule: 1011
-- table: cla_care_leaver
-- fields: IN_TOUCH, ACTIV, ACCOM, REC
-- message: The child's care was transferred to another LA at the end of their last episode (REC E3), so no care leaver information should be given.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id, NULL
FROM stage.cla_care_leaver o
JOIN (SELECT la_code, collection_year, child_id, arg_max(rec, decom) AS last_rec
      FROM stage.cla_episode GROUP BY ALL) e
  ON e.la_code = o.la_code AND e.collection_year = o.collection_year AND e.child_id = o.child_id
WHERE e.last_rec = 'E3' AND (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
