-- DfE's validation rules for the SSDA903 return with codes 200 to 399:
-- episodes and placements (legal statuses and placement types against the
-- child's age and each other, temporary placements, respite care, how long
-- short orders last, reasons for a placement change), the header against
-- the previous year's, adoption (AD1) against the episodes and care
-- leavers (OC3).
-- The format is that of validate_ssda903.sql. Dates of birth are kept to
-- the month: a rule on an age fires only when every day of the month of
-- birth breaks it.

-- rule: 207
-- table: cla_child
-- fields: MOTHER
-- ref: SSDA903 2022-23 validation checks, rule 207: a child recorded as a mother last year (MOTHER 1) must be recorded as one this year.
-- message: The child was recorded as a mother (MOTHER 1) in the LA's return for the previous year, but is not recorded as one now.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       CASE WHEN c.mother IS NULL THEN 'MOTHER is blank' ELSE 'MOTHER is 0' END
FROM stage.cla_child c
JOIN stage.cla_child p ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.mother AND c.mother IS DISTINCT FROM TRUE
  AND EXISTS (SELECT 1 FROM stage.cla_episode e WHERE e.la_code = c.la_code AND e.collection_year = c.collection_year
              AND e.child_id = c.child_id)
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row) = 1

-- rule: 209
-- table: cla_child
-- fields: UPN, DOB
-- ref: SSDA903 2022-23 validation checks, rule 209: a child who was 4 or over on 31 August of the year before the collection year began (31 August 2023 for 2024-25) is of school age and cannot have the unknown UPN code UN1 (not yet of school age).
-- message: The UPN is the code UN1 (not of school age, no UPN yet), but the child is of school age: they should have a UPN, or another unknown code.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       '4 or over on 31 August ' || (collection_year - 2)
FROM stage.cla_child
WHERE upn = 'UN1' AND dob_month <= make_date(collection_year - 6, 8, 1)

-- rule: 210
-- table: cla_child
-- fields: UPN, DECOM
-- ref: SSDA903 2022-23 validation checks, rule 210: a child with the unknown UPN code UN4 (looked after for less than a week at 31 March) cannot have an episode starting on or after 24 March.
-- message: The UPN is the code UN4 (looked after for less than a week at 31 March), but an episode of the child starts on or after 24 March.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'episode row ' || e.source_row || ' starts ' || strftime(e.decom, '%d/%m/%Y')
FROM stage.cla_child c
JOIN stage.cla_episode e ON e.la_code = c.la_code AND e.collection_year = c.collection_year AND e.child_id = c.child_id
WHERE c.upn = 'UN4' AND e.decom >= make_date(c.collection_year, 3, 24)
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row ORDER BY e.decom DESC, e.source_row DESC) = 1

-- rule: 215
-- table: cla_outcome
-- fields: IN_TOUCH, ACTIV, ACCOM, CONVICTED, HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE, INTERVENTION_RECEIVED, INTERVENTION_OFFERED
-- ref: SSDA903 2022-23 validation checks, rule 215: a child with care leaver information (OC3) must not have the items for children looked after for 12 months (OC2) completed.
-- message: The child has care leaver information (OC3) but also items of the outcomes of children looked after for 12 months (OC2): one of the two is wrong.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id,
       'care leaver row ' || l.source_row
FROM stage.cla_outcome o
JOIN stage.cla_care_leaver l ON l.la_code = o.la_code AND l.collection_year = o.collection_year AND l.child_id = o.child_id
WHERE (l.in_touch IS NOT NULL OR l.activ IS NOT NULL OR l.accom IS NOT NULL)
  AND (o.convicted IS NOT NULL OR o.health_check IS NOT NULL OR o.immunisations IS NOT NULL OR o.teeth_check IS NOT NULL
       OR o.health_assessment IS NOT NULL OR o.substance_misuse IS NOT NULL OR o.intervention_received IS NOT NULL
       OR o.intervention_offered IS NOT NULL)
QUALIFY row_number() OVER (PARTITION BY o.source_file, o.source_row ORDER BY l.source_row) = 1

-- rule: 217
-- table: cla_episode
-- fields: PLACE, DECOM, RNE
-- ref: SSDA903 2022-23 validation checks, rule 217: a placement for adoption with the current foster carers (PLACE A3 or A5) starting on or after 1 April 2015 must have RNE S, T or U.
-- message: A placement for adoption with the current foster carers (PLACE A3 or A5) must start a new period of care or change the legal status with it (RNE S, T or U).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'RNE is ' || coalesce(rne, 'blank')
FROM stage.cla_episode
WHERE place IN ('A3', 'A5') AND decom >= DATE '2015-04-01' AND coalesce(rne, '') NOT IN ('S', 'T', 'U')

-- rule: 214
-- table: cla_episode
-- fields: LS, PL_POST, URN
-- ref: SSDA903 2022-23 validation checks, rule 214: an episode of short-term breaks (LS V3 or V4) takes no placement location: PL_POST and URN must be blank.
-- message: The episode is a short-term break (LS V3 or V4), for which no placement location is recorded: the placement postcode (PL_POST) and Ofsted URN should be blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE ls IN ('V3', 'V4')
  AND (pl_post_outward IS NOT NULL OR urn IS NOT NULL OR contains(coalesce(faults, ''), '|PL_POST:invalid_postcode|')
       OR contains(coalesce(faults, ''), '|URN:invalid_urn|'))

-- rule: 222
-- table: cla_episode
-- fields: URN, PLACE
-- ref: SSDA903 2022-23 validation checks, rule 222: for placements Ofsted does not register (P1, P3, R1, R2, R5, T0 to T4, Z1; also H5 in 2022-23 and P2 to 2023-24, lac2023_24 and lac2024_25), the URN must be blank or XXXXXXX.
-- message: An Ofsted URN is given for a placement type that has none (the URN should be blank, or XXXXXXX).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'PLACE is ' || place
FROM stage.cla_episode
WHERE (urn IS NOT NULL AND urn <> 'XXXXXXX' OR contains(coalesce(faults, ''), '|URN:invalid_urn|'))
  AND (place IN ('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1')
       OR least(greatest(collection_year, 2023), 2027) <= 2023 AND place = 'H5'
       OR least(greatest(collection_year, 2023), 2027) <= 2024 AND place = 'P2')

-- rule: 225
-- table: cla_episode
-- fields: REASON_PLACE_CHANGE, REC, RNE, PLACE
-- ref: SSDA903 2022-23 validation checks, rule 225: an episode ending X1 and followed by a change of placement (next RNE P, B, T or U), neither placement temporary (T0 to T4), must give REASON_PLACE_CHANGE.
-- message: The episode ends with a change of placement (REC X1 and the next episode's RNE is P, B, T or U) but the reason for the placement change (REASON_PLACE_CHANGE) is blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'the next episode is row ' || next_row
FROM (SELECT *, seq_next_rne AS next_rne, seq_next_place AS next_place, seq_next_row AS next_row FROM cla_episode_seq)
WHERE rec = 'X1' AND reason_place_change IS NULL AND next_rne IN ('P', 'B', 'T', 'U')
  AND coalesce(place, '') NOT IN ('T0', 'T1', 'T2', 'T3', 'T4') AND coalesce(next_place, '') NOT IN ('T0', 'T1', 'T2', 'T3', 'T4')

-- rule: 226
-- table: cla_episode
-- fields: REASON_PLACE_CHANGE, PLACE
-- ref: SSDA903 2022-23 validation checks, rule 226: for a temporary placement (PLACE T0 to T4) REASON_PLACE_CHANGE must be blank, in its episode and in the episode before.
-- message: The placement is temporary (PLACE T0 to T4), so no reason for a placement change (REASON_PLACE_CHANGE) should be given for it or for the episode before it.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN reason_place_change IS NOT NULL THEN 'given in this episode' ELSE 'given in the previous episode, row ' || prev_row END
FROM (SELECT *, seq_prev_reason_place_change AS prev_reason, seq_prev_row AS prev_row FROM cla_episode_seq)
WHERE place IN ('T0', 'T1', 'T2', 'T3', 'T4') AND (reason_place_change IS NOT NULL OR prev_reason IS NOT NULL)

-- rule: 301
-- table: cla_child
-- fields: DOB
-- ref: SSDA903 2022-23 validation checks, rule 301: the date of birth cannot be after the end of the collection year.
-- message: The child's date of birth is after the end of the collection year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_child
WHERE dob_month > make_date(collection_year, 3, 31)

-- rule: 334
-- table: cla_adoption
-- fields: DATE_INT, DECOM, RNE
-- ref: SSDA903 2022-23 validation checks, rule 334: the decision that the child should be placed for adoption (DATE_INT) cannot be before the start (DECOM) of the latest episode with RNE S.
-- message: The decision that the child should be placed for adoption (DATE_INT) is before the child's latest period of care began (the latest episode with RNE S).
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'the period of care began ' || strftime(e.care_start, '%d/%m/%Y')
FROM stage.cla_adoption a
JOIN (SELECT la_code, collection_year, child_id, max(decom) AS care_start
      FROM stage.cla_episode WHERE rne = 'S' GROUP BY ALL) e
  ON e.la_code = a.la_code AND e.collection_year = a.collection_year AND e.child_id = a.child_id
WHERE a.date_int < e.care_start

-- rule: 335
-- table: cla_adoption
-- fields: PLACE, REC, FOSTER_CARE
-- ref: SSDA903 2022-23 validation checks, rule 335: a child adopted (REC E11 or E12) from PLACE A3 or A5 has FOSTER_CARE 1; from A4 or A6, FOSTER_CARE 0 (A1 and A2 are codes of before 2022-23).
-- message: Whether the child was adopted by their foster carers (FOSTER_CARE) disagrees with the placement the child was adopted from (A3 or A5: with the current foster carers; A4 or A6: not).
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'episode row ' || e.source_row || ' has PLACE ' || e.place
FROM stage.cla_adoption a
JOIN stage.cla_episode e ON e.la_code = a.la_code AND e.collection_year = a.collection_year AND e.child_id = a.child_id
WHERE e.rec IN ('E11', 'E12')
  AND (e.place IN ('A2', 'A3', 'A5') AND a.foster_care = FALSE OR e.place IN ('A1', 'A4', 'A6') AND a.foster_care = TRUE)
-- the latest episode, the row breaking a tie (DuckDB 1.5.6 fails to plan this
-- with the date alone: an internal error, "Failed to cast expression to type")
QUALIFY row_number() OVER (PARTITION BY a.source_file, a.source_row ORDER BY e.decom DESC, e.source_row DESC) = 1

-- rule: 336
-- table: cla_episode
-- fields: PLACE
-- ref: SSDA903 2022-23 validation checks, rule 336: a placement for adoption with parental consent (PLACE A3 or A4) that is not the child's first episode must follow a placement A3 to A6 or a foster placement U1 to U6.
-- message: The child is placed for adoption with parental consent (PLACE A3 or A4) but the episode before is neither a foster placement (U1 to U6) nor a placement for adoption (A3 to A6).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode, row ' || prev_row || ', has PLACE ' || coalesce(prev_place, 'blank')
FROM (SELECT *, seq_prev_place AS prev_place, seq_prev_row AS prev_row FROM cla_episode_seq)
WHERE place IN ('A3', 'A4') AND prev_row IS NOT NULL
  AND coalesce(prev_place, '') NOT IN ('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')

-- rule: 344
-- table: cla_care_leaver
-- fields: IN_TOUCH, ACTIV, ACCOM
-- ref: SSDA903 2022-23 validation checks, rule 344: if IN_TOUCH is DIED or RHOM, ACTIV and ACCOM must be 0.
-- message: The young person has died or returned home for six months or more (IN_TOUCH DIED or RHOM), so ACTIV and ACCOM must be 0 (no information).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'IN_TOUCH is ' || in_touch
FROM stage.cla_care_leaver
WHERE in_touch IN ('DIED', 'RHOM') AND (activ IS DISTINCT FROM '0' OR accom IS DISTINCT FROM '0')

-- rule: 345
-- table: cla_care_leaver
-- fields: IN_TOUCH, ACTIV, ACCOM
-- ref: SSDA903 2022-23 validation checks, rule 345: if IN_TOUCH is YES, ACTIV and ACCOM must not be 0.
-- message: The LA is in touch with the young person (IN_TOUCH YES) but their activity or accommodation (ACTIV, ACCOM) is 0 (no information).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_care_leaver
WHERE in_touch = 'YES' AND (activ = '0' OR accom = '0')

-- rule: 347
-- years: 2024-
-- table: cla_care_leaver
-- fields: ACCOM, DOB
-- ref: SSDA903 2023-24 validation checks, rule 347 (new in 2023-24): a care leaver accommodated in a foyer (ACCOM T) must have been 18 or over at the start of the collection year.
-- message: The care leaver is accommodated in a foyer (ACCOM T1 or T2) but was under 18 when the collection year began.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_care_leaver
WHERE accom IN ('T1', 'T2') AND dob_month + INTERVAL 18 YEAR > make_date(collection_year - 1, 4, 1)

-- rule: 351
-- table: cla_child
-- fields: DOB
-- ref: SSDA903 2022-23 validation checks, rule 351: the child cannot have been over 21 at the start of the collection year.
-- message: The child was over 21 when the collection year began.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_child
WHERE dob_month + INTERVAL 21 YEAR + INTERVAL 1 MONTH <= make_date(collection_year - 1, 4, 1)

-- rule: 352
-- table: cla_episode
-- fields: DECOM, RNE, DOB
-- ref: SSDA903 2022-23 validation checks, rule 352: a child cannot start to be looked after (RNE S) aged 18 or over.
-- message: The child started to be looked after (RNE S) aged 18 or over.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'the header row is ' || c.source_row
FROM stage.cla_episode e
JOIN stage.cla_child c ON c.la_code = e.la_code AND c.collection_year = e.collection_year AND c.child_id = e.child_id
WHERE e.rne = 'S' AND e.decom >= c.dob_month + INTERVAL 18 YEAR + INTERVAL 1 MONTH - INTERVAL 1 DAY
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: 354
-- table: cla_episode
-- fields: DECOM
-- ref: SSDA903 2022-23 validation checks, rule 354: an episode cannot start (DECOM) after the end of the collection year.
-- message: The episode starts (DECOM) after the end of the collection year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE decom > make_date(collection_year, 3, 31)

-- rule: 384
-- table: cla_episode
-- fields: LS, PLACE
-- ref: SSDA903 2022-23 validation checks, rule 384: a child on short-term breaks (LS V3 or V4) cannot be in a long-term foster placement (PLACE U1, with a connected person, or U4, with another foster carer).
-- message: The episode is a short-term break (LS V3 or V4), which cannot be in a long-term foster placement (PLACE U1 or U4).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'LS ' || ls || ', PLACE ' || place
FROM stage.cla_episode
WHERE ls IN ('V3', 'V4') AND place IN ('U1', 'U4')

-- rule: 385
-- table: cla_episode
-- fields: DEC
-- ref: SSDA903 2022-23 validation checks, rule 385: the date an episode ceased (DEC) must be on or before the end of the collection year.
-- message: The episode ceases (DEC) after the end of the collection year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE dec > make_date(collection_year, 3, 31)

-- rule: 358
-- table: cla_episode
-- fields: LS, DECOM, DOB
-- ref: SSDA903 2022-23 validation checks, rule 358: a child under 10 at DECOM cannot have legal status J1, J2 or J3.
-- message: The child was under 10 when the episode started, too young for a legal status of remand or of the criminal courts (LS J1, J2 or J3).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'LS is ' || e.ls
FROM stage.cla_episode e
JOIN stage.cla_child c ON c.la_code = e.la_code AND c.collection_year = e.collection_year AND c.child_id = e.child_id
WHERE e.ls IN ('J1', 'J2', 'J3') AND c.dob_month + INTERVAL 10 YEAR >= e.decom
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: 359
-- table: cla_episode
-- fields: DEC, LS, PLACE, DOB
-- ref: SSDA903 2022-23 validation checks, rule 359: a child 18 or over at 31 March whose episode is open must be accommodated under section 20 (LS V2) in a children's home (PLACE K2).
-- year_end: true
-- message: The young person is 18 or over and still looked after at 31 March, which is only possible under section 20 (LS V2) in a children's home (PLACE K2).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'LS is ' || coalesce(e.ls, 'blank') || ', PLACE ' || coalesce(e.place, 'blank')
FROM stage.cla_episode e
JOIN stage.cla_child c ON c.la_code = e.la_code AND c.collection_year = e.collection_year AND c.child_id = e.child_id
WHERE e.dec IS NULL AND c.dob_month + INTERVAL 18 YEAR + INTERVAL 1 MONTH <= make_date(e.collection_year, 3, 31)
  AND NOT (coalesce(e.ls, '') = 'V2' AND coalesce(e.place, '') = 'K2')
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: 361
-- table: cla_episode
-- fields: LS, DECOM, DEC
-- ref: SSDA903 2022-23 validation checks, rule 361: police protection (LS L1, over consecutive episodes) cannot last more than 72 hours (3 days); an open episode runs to 31 March.
-- message: Police protection (LS L1) lasted more than the 72 hours the Children Act 1989 allows (in this and the child's adjoining L1 episodes).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'from ' || strftime(spell_start, '%d/%m/%Y') || ' to ' || strftime(spell_end, '%d/%m/%Y')
FROM (
    SELECT *, min(decom) OVER g AS spell_start, max(coalesce(dec, make_date(collection_year, 3, 31))) OVER g AS spell_end
    FROM (
        SELECT *, sum(CASE WHEN prev_ls = 'L1' AND prev_dec >= decom THEN 0 ELSE 1 END) OVER w AS spell
        FROM (SELECT *, lag(ls) OVER w AS prev_ls, lag(dec) OVER w AS prev_dec FROM stage.cla_episode
              -- only the children with an L1 episode (few) are ordered
              SEMI JOIN (SELECT DISTINCT source_file, la_code, collection_year, child_id FROM stage.cla_episode WHERE ls = 'L1') k
                USING (source_file, la_code, collection_year, child_id)
              WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row))
        WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row)
    )
    WHERE ls = 'L1' AND decom IS NOT NULL
    WINDOW g AS (PARTITION BY source_file, la_code, collection_year, child_id, spell)
)
WHERE date_diff('day', spell_start, spell_end) > 3

-- rule: 362
-- table: cla_episode
-- fields: LS, DECOM, DEC
-- ref: SSDA903 2022-23 validation checks, rule 362: an emergency protection order (LS L2, over consecutive episodes) cannot last more than 21 days; an open episode runs to 31 March.
-- message: The emergency protection order (LS L2) lasted more than 21 days (in this and the child's adjoining L2 episodes).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'from ' || strftime(spell_start, '%d/%m/%Y') || ' to ' || strftime(spell_end, '%d/%m/%Y')
FROM (
    SELECT *, min(decom) OVER g AS spell_start, max(coalesce(dec, make_date(collection_year, 3, 31))) OVER g AS spell_end
    FROM (
        SELECT *, sum(CASE WHEN prev_ls = 'L2' AND prev_dec >= decom THEN 0 ELSE 1 END) OVER w AS spell
        FROM (SELECT *, lag(ls) OVER w AS prev_ls, lag(dec) OVER w AS prev_dec FROM stage.cla_episode
              -- only the children with an L2 episode (few) are ordered
              SEMI JOIN (SELECT DISTINCT source_file, la_code, collection_year, child_id FROM stage.cla_episode WHERE ls = 'L2') k
                USING (source_file, la_code, collection_year, child_id)
              WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row))
        WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row)
    )
    WHERE ls = 'L2' AND decom IS NOT NULL
    WINDOW g AS (PARTITION BY source_file, la_code, collection_year, child_id, spell)
)
WHERE date_diff('day', spell_start, spell_end) > 21

-- rule: 363
-- table: cla_episode
-- fields: LS, DECOM, DEC
-- ref: SSDA903 2022-23 validation checks, rule 363: a child assessment order (LS L3, over consecutive episodes) cannot last more than 7 days; an open episode runs to 31 March.
-- message: The child assessment order (LS L3) lasted more than the 7 days the Children Act 1989 allows (in this and the child's adjoining L3 episodes).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'from ' || strftime(spell_start, '%d/%m/%Y') || ' to ' || strftime(spell_end, '%d/%m/%Y')
FROM (
    SELECT *, min(decom) OVER g AS spell_start, max(coalesce(dec, make_date(collection_year, 3, 31))) OVER g AS spell_end
    FROM (
        SELECT *, sum(CASE WHEN prev_ls = 'L3' AND prev_dec >= decom THEN 0 ELSE 1 END) OVER w AS spell
        FROM (SELECT *, lag(ls) OVER w AS prev_ls, lag(dec) OVER w AS prev_dec FROM stage.cla_episode
              -- only the children with an L3 episode (few) are ordered
              SEMI JOIN (SELECT DISTINCT source_file, la_code, collection_year, child_id FROM stage.cla_episode WHERE ls = 'L3') k
                USING (source_file, la_code, collection_year, child_id)
              WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row))
        WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row)
    )
    WHERE ls = 'L3' AND decom IS NOT NULL
    WINDOW g AS (PARTITION BY source_file, la_code, collection_year, child_id, spell)
)
WHERE date_diff('day', spell_start, spell_end) > 7

-- rule: 364
-- table: cla_episode
-- fields: LS, DECOM, DEC
-- ref: SSDA903 2022-23 validation checks, rule 364: accommodation under the Police and Criminal Evidence Act 1984 (LS J2, over consecutive episodes) cannot last more than 21 days; an open episode runs to 31 March.
-- message: The child was detained in LA accommodation under the Police and Criminal Evidence Act 1984 (LS J2) for more than 21 days (in this and the child's adjoining J2 episodes).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'from ' || strftime(spell_start, '%d/%m/%Y') || ' to ' || strftime(spell_end, '%d/%m/%Y')
FROM (
    SELECT *, min(decom) OVER g AS spell_start, max(coalesce(dec, make_date(collection_year, 3, 31))) OVER g AS spell_end
    FROM (
        SELECT *, sum(CASE WHEN prev_ls = 'J2' AND prev_dec >= decom THEN 0 ELSE 1 END) OVER w AS spell
        FROM (SELECT *, lag(ls) OVER w AS prev_ls, lag(dec) OVER w AS prev_dec FROM stage.cla_episode
              -- only the children with an J2 episode (few) are ordered
              SEMI JOIN (SELECT DISTINCT source_file, la_code, collection_year, child_id FROM stage.cla_episode WHERE ls = 'J2') k
                USING (source_file, la_code, collection_year, child_id)
              WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row))
        WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row)
    )
    WHERE ls = 'J2' AND decom IS NOT NULL
    WINDOW g AS (PARTITION BY source_file, la_code, collection_year, child_id, spell)
)
WHERE date_diff('day', spell_start, spell_end) > 21

-- rule: 365
-- table: cla_episode
-- fields: LS, DECOM, DEC
-- ref: SSDA903 2022-23 validation checks, rule 365: a short-term respite placement (LS V3) cannot last more than 17 days; an open episode runs to 31 March.
-- message: The short-term respite break (LS V3) lasted more than 17 days.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       date_diff('day', decom, coalesce(dec, make_date(collection_year, 3, 31))) || ' days'
FROM stage.cla_episode
WHERE ls = 'V3' AND coalesce(dec, make_date(collection_year, 3, 31)) > decom + INTERVAL 17 DAY

-- rule: 367
-- table: cla_episode
-- fields: LS, DECOM, DEC
-- ref: SSDA903 2022-23 validation checks, rule 367: a child's respite care (LS V3) within the collection year cannot add up to more than 75 days.
-- message: The child's short-term respite breaks (LS V3) in the collection year add up to more than the 75 days allowed in 12 months.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, total || ' days in the year'
FROM (
    SELECT *, sum(days) OVER (PARTITION BY source_file, la_code, collection_year, child_id) AS total
    FROM (
        SELECT *, date_diff('day', greatest(decom, make_date(collection_year - 1, 4, 1)),
                            least(coalesce(dec, make_date(collection_year, 3, 31)), make_date(collection_year, 3, 31))) AS days
        FROM stage.cla_episode
        WHERE ls = 'V3' AND decom IS NOT NULL
    )
    WHERE days > 0
)
WHERE total > 75

-- rule: 370
-- table: cla_episode
-- fields: PLACE, DECOM, DOB
-- ref: SSDA903 validation checks, rule 370: a child in independent living (PLACE P2) must be at least 15 at DECOM; from 2023-24, at least 16.
-- message: The child is too young for independent living (PLACE P2): at least 15 when the placement starts (16 from 2023-24).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, NULL
FROM stage.cla_episode e
JOIN stage.cla_child c ON c.la_code = e.la_code AND c.collection_year = e.collection_year AND c.child_id = e.child_id
WHERE e.place = 'P2'
  AND e.decom < c.dob_month + to_years(CASE WHEN e.collection_year >= 2024 THEN 16 ELSE 15 END)
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: 371
-- table: cla_episode
-- fields: PLACE, DECOM, DOB
-- ref: SSDA903 validation checks, rule 371: a child in semi-independent living not subject to children's homes regulations (PLACE H5) must be at least 14 at DECOM; from 2023-24, at least 16; from 2024-25 the rule is on supported accommodation (PLACE K3), at least 16.
-- message: The child is too young for semi-independent or supported accommodation (PLACE H5 up to 2023-24, K3 from 2024-25): at least 16 when the placement starts (14 up to 2022-23).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'PLACE is ' || e.place
FROM stage.cla_episode e
JOIN stage.cla_child c ON c.la_code = e.la_code AND c.collection_year = e.collection_year AND c.child_id = e.child_id
WHERE CASE WHEN e.collection_year >= 2025 THEN e.place = 'K3' AND e.decom < c.dob_month + INTERVAL 16 YEAR
           WHEN e.collection_year = 2024 THEN e.place = 'H5' AND e.decom < c.dob_month + INTERVAL 16 YEAR
           ELSE e.place = 'H5' AND e.decom < c.dob_month + INTERVAL 14 YEAR END
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: 372
-- table: cla_episode
-- fields: PLACE, DECOM, DOB
-- ref: SSDA903 2022-23 validation checks, rule 372: a child in youth custody or prison (PLACE R5) must be at least 10 at DECOM.
-- message: The child was under 10 when placed in youth custody or prison (PLACE R5).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, NULL
FROM stage.cla_episode e
JOIN stage.cla_child c ON c.la_code = e.la_code AND c.collection_year = e.collection_year AND c.child_id = e.child_id
WHERE e.place = 'R5' AND e.decom < c.dob_month + INTERVAL 10 YEAR
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: 373
-- table: cla_episode
-- fields: PLACE, DECOM, DOB
-- ref: SSDA903 2022-23 validation checks, rule 373: a child placed in a residential school (PLACE S1) must be at least 4 at DECOM.
-- message: The child was under 4 when placed in a residential school (PLACE S1).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, NULL
FROM stage.cla_episode e
JOIN stage.cla_child c ON c.la_code = e.la_code AND c.collection_year = e.collection_year AND c.child_id = e.child_id
WHERE e.place = 'S1' AND e.decom < c.dob_month + INTERVAL 4 YEAR
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: 374
-- table: cla_episode
-- fields: PLACE, DECOM, DOB
-- ref: SSDA903 2022-23 validation checks, rule 374: a child in residential employment (PLACE P3) must be at least 14 at DECOM.
-- message: The child was under 14 when placed in residential employment (PLACE P3).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, NULL
FROM stage.cla_episode e
JOIN stage.cla_child c ON c.la_code = e.la_code AND c.collection_year = e.collection_year AND c.child_id = e.child_id
WHERE e.place = 'P3' AND e.decom < c.dob_month + INTERVAL 14 YEAR
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: 375
-- table: cla_episode
-- fields: PLACE, DECOM, DEC
-- ref: SSDA903 2022-23 validation checks, rule 375: a temporary placement in hospital (PLACE T1) cannot last more than 6 weeks (42 days).
-- message: The temporary placement in hospital (PLACE T1) lasted more than six weeks.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, date_diff('day', decom, dec) || ' days'
FROM stage.cla_episode
WHERE place = 'T1' AND dec > decom + INTERVAL 42 DAY

-- rule: 376
-- table: cla_episode
-- fields: PLACE, DECOM, DEC
-- ref: SSDA903 2022-23 validation checks, rule 376: a temporary placement while the usual foster carers are on holiday (PLACE T3) cannot last more than 3 weeks (21 days).
-- message: The temporary placement while the usual foster carers are on holiday (PLACE T3) lasted more than three weeks.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, date_diff('day', decom, dec) || ' days'
FROM stage.cla_episode
WHERE place = 'T3' AND dec > decom + INTERVAL 21 DAY

-- rule: 379
-- table: cla_episode
-- fields: PLACE, DECOM, DEC
-- ref: SSDA903 2022-23 validation checks, rule 379: a temporary placement for an unspecified reason (PLACE T4) cannot last more than 7 days.
-- message: The temporary placement for an unspecified reason (PLACE T4) lasted more than seven days.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, date_diff('day', decom, dec) || ' days'
FROM stage.cla_episode
WHERE place = 'T4' AND dec > decom + INTERVAL 7 DAY

-- rule: 377
-- table: cla_episode
-- fields: PLACE
-- ref: SSDA903 2022-23 validation checks, rule 377: a child can have at most two temporary placements while the usual foster carers are on holiday (PLACE T3) in 12 months (checked over the return).
-- message: The child has more than two temporary placements while the usual foster carers are on holiday (PLACE T3) in the year: only two are allowed in 12 months.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, n || ' T3 episodes'
FROM (SELECT *, count(*) OVER (PARTITION BY source_file, la_code, collection_year, child_id) AS n
      FROM stage.cla_episode WHERE place = 'T3')
WHERE n > 2

-- rule: 378
-- table: cla_episode
-- fields: PLACE, LS
-- ref: SSDA903 2022-23 validation checks, rule 378: a child placed with parents (PLACE P1) cannot be accommodated under a single period of section 20 (LS V2).
-- message: A child placed with their parents (PLACE P1) cannot be looked after under a single period of accommodation under section 20 (LS V2).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE place = 'P1' AND ls = 'V2'

-- rule: 380
-- table: cla_episode
-- fields: PLACE, RNE
-- ref: SSDA903 2022-23 validation checks, rule 380: a temporary placement (PLACE T0 to T4) must be a change of placement (RNE P or B), never the start of care.
-- message: A temporary placement (PLACE T0 to T4) can only follow a change of placement (RNE P or B): a period of care cannot start with one.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'RNE is ' || coalesce(rne, 'blank')
FROM stage.cla_episode
WHERE place IN ('T0', 'T1', 'T2', 'T3', 'T4') AND coalesce(rne, '') NOT IN ('P', 'B')

-- rule: 381
-- table: cla_episode
-- fields: PLACE, REC
-- ref: SSDA903 2022-23 validation checks, rule 381: an episode with a temporary placement (PLACE T0 to T4) can only cease with X1.
-- message: A period of care cannot end with a temporary placement (PLACE T0 to T4): its episode can only cease with REC X1.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'REC is ' || rec
FROM stage.cla_episode
WHERE place IN ('T0', 'T1', 'T2', 'T3', 'T4') AND rec <> 'X1'

-- rule: 382
-- table: cla_episode
-- fields: LS, PLACE
-- ref: SSDA903 2022-23 validation checks, rule 382: a child on a short break (LS V3 or V4) cannot be in a temporary placement (PLACE T0 to T4).
-- message: A child on a short break (LS V3 or V4) cannot be in a temporary placement (PLACE T0 to T4).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE ls IN ('V3', 'V4') AND place IN ('T0', 'T1', 'T2', 'T3', 'T4')

-- rule: 383
-- table: cla_episode
-- fields: PLACE, RNE, PL_POST
-- ref: SSDA903 validation checks, rule 383: after a temporary placement (PLACE T0 to T4) the child returns to the placement before it: the next episode has RNE P and the PLACE of the episode before the temporary one; the episode between two others is reported. From 2025-26 the episode after it is reported, and its PL_POST must be that of the episode before too.
-- message: After a temporary placement (PLACE T0 to T4) the child must return to their usual placement: the next episode must be a change of placement (RNE P) back to the placement before the temporary one.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN collection_year >= 2026 THEN 'the temporary placement is row ' || prev_row
            ELSE 'the episode after it (row ' || next_row || ') has RNE ' || coalesce(next_rne, 'blank') || ' and PLACE '
                 || coalesce(next_place, 'blank') || ', and the one before it PLACE ' || coalesce(prev_place, 'blank') END
FROM (
    SELECT *, seq_prev_place AS prev_place, seq_prev_row AS prev_row,
           seq_prev2_place AS prev2_place, seq_prev2_pl_post_outward AS prev2_post, seq_prev2_row AS prev2_row,
           seq_next_rne AS next_rne, seq_next_place AS next_place, seq_next_row AS next_row
    FROM cla_episode_seq
)
WHERE CASE WHEN collection_year >= 2026
           THEN prev_place IN ('T0', 'T1', 'T2', 'T3', 'T4') AND prev2_row IS NOT NULL
                AND (rne IS DISTINCT FROM 'P' OR place IS DISTINCT FROM prev2_place OR pl_post_outward IS DISTINCT FROM prev2_post)
           ELSE place IN ('T0', 'T1', 'T2', 'T3', 'T4') AND prev_row IS NOT NULL AND next_row IS NOT NULL
                AND (next_rne IS DISTINCT FROM 'P' OR next_place IS DISTINCT FROM prev_place) END

-- rule: 386
-- table: cla_episode
-- fields: REC, DEC, DOB
-- ref: SSDA903 2022-23 validation checks, rule 386: a child cannot cease to be looked after by adoption (REC E11 or E12) aged 18 or over.
-- message: The episode ends in adoption (REC E11 or E12) but the young person was 18 or over by then.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'REC is ' || e.rec
FROM stage.cla_episode e
JOIN stage.cla_child c ON c.la_code = e.la_code AND c.collection_year = e.collection_year AND c.child_id = e.child_id
WHERE e.rec IN ('E11', 'E12') AND e.dec >= c.dob_month + INTERVAL 18 YEAR + INTERVAL 1 MONTH - INTERVAL 1 DAY
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: 387
-- table: cla_episode
-- fields: REC, DEC, DOB
-- ref: SSDA903 2022-23 validation checks, rule 387: a child moving into independent living (REC E5 or E6) must be 14 or over at DEC.
-- message: The episode ends with a move into independent living (REC E5 or E6) but the child was under 14.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'REC is ' || e.rec
FROM stage.cla_episode e
JOIN stage.cla_child c ON c.la_code = e.la_code AND c.collection_year = e.collection_year AND c.child_id = e.child_id
WHERE e.rec IN ('E5', 'E6') AND e.dec < c.dob_month + INTERVAL 14 YEAR
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: 389
-- table: cla_episode
-- fields: REC, DEC, DOB
-- ref: SSDA903 2022-23 validation checks, rule 389: a child transferred to residential care funded by adult social care (REC E7) must be 16 or over at DEC.
-- message: The episode ends with a transfer to residential care funded by adult social care (REC E7) but the child was under 16.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, NULL
FROM stage.cla_episode e
JOIN stage.cla_child c ON c.la_code = e.la_code AND c.collection_year = e.collection_year AND c.child_id = e.child_id
WHERE e.rec = 'E7' AND e.dec < c.dob_month + INTERVAL 16 YEAR
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row) = 1

-- rule: 391
-- table: cla_care_leaver
-- fields: DOB, IN_TOUCH, ACTIV, ACCOM
-- ref: SSDA903 2022-23 validation checks, rule 391: care leaver information (IN_TOUCH, ACTIV, ACCOM) is only given for a young person 17 or over at the end of the collection year.
-- message: Care leaver information is given but the young person was under 17 at the end of the collection year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_care_leaver
WHERE dob_month + INTERVAL 17 YEAR > make_date(collection_year, 3, 31)
  AND (in_touch IS NOT NULL OR activ IS NOT NULL OR accom IS NOT NULL)

-- rule: 390
-- table: cla_episode
-- fields: REC, PLACE
-- ref: SSDA903 2022-23 validation checks, rule 390: an episode that ended because the child was adopted (REC E11 or E12) must be a placement for adoption (PLACE A3 to A6).
-- message: The episode ended because the child was adopted (REC E11 or E12), but the child was not placed for adoption in it (PLACE A3, A4, A5 or A6).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'PLACE is ' || coalesce(place, 'blank')
FROM stage.cla_episode
WHERE rec IN ('E11', 'E12') AND coalesce(place, '') NOT IN ('A3', 'A4', 'A5', 'A6')

-- rule: 398
-- table: cla_episode
-- fields: LS, HOME_POST, PL_POST
-- ref: SSDA903 2022-23 validation checks, rule 398: an episode of short-term breaks (LS V3 or V4) takes no postcodes (from which the placement distance is worked out): HOME_POST and PL_POST must be blank.
-- message: The episode is a short-term break (LS V3 or V4), for which no postcodes are recorded: the home and placement postcodes (HOME_POST, PL_POST) should be blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE ls IN ('V3', 'V4')
  AND (home_post_outward IS NOT NULL OR pl_post_outward IS NOT NULL
       OR contains(coalesce(faults, ''), '|HOME_POST:invalid_postcode|') OR contains(coalesce(faults, ''), '|PL_POST:invalid_postcode|'))

-- rule: 399
-- table: cla_episode
-- fields: LS, MOTHER, REVIEW, REVIEW_CODE
-- ref: SSDA903 2022-23 validation checks, rule 399: a child looked after only on short breaks (all episodes LS V3 or V4) has no MOTHER, REVIEW or REVIEW_CODE.
-- message: The child is looked after only on short breaks (LS V3 or V4 in every episode), for which MOTHER and reviews (REVIEW, REVIEW_CODE) are not recorded.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN has_mother THEN 'MOTHER is given in the header' ELSE 'a review is recorded' END
FROM (
    SELECT e.*,
           EXISTS (SELECT 1 FROM stage.cla_child c WHERE c.la_code = e.la_code AND c.collection_year = e.collection_year
                   AND c.child_id = e.child_id AND c.mother IS NOT NULL) AS has_mother,
           EXISTS (SELECT 1 FROM stage.cla_review r WHERE r.la_code = e.la_code AND r.collection_year = e.collection_year
                   AND r.child_id = e.child_id AND (r.review IS NOT NULL OR r.review_code IS NOT NULL)) AS has_review
    FROM (SELECT *, bool_and(coalesce(ls IN ('V3', 'V4'), FALSE)) OVER (PARTITION BY source_file, la_code, collection_year, child_id) AS breaks_only
          FROM stage.cla_episode
          SEMI JOIN (SELECT DISTINCT source_file, la_code, collection_year, child_id FROM stage.cla_episode WHERE ls IN ('V3', 'V4')) k
            USING (source_file, la_code, collection_year, child_id)) e
    WHERE e.breaks_only
)
WHERE has_mother OR has_review

-- rule: 302
-- table: cla_episode
-- fields: DECOM, DOB
-- ref: SSDA903 2022-23 validation checks, rule 302: the child's first episode cannot start before the child was born. The DOB is kept to its month: reported where the episode starts before the month of birth.
-- message: The child's first episode starts (DECOM) before the child was born (DOB).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'the header row is ' || c.source_row
-- the child's first episode (cla_episode_seq orders DECOM NULLS LAST: the first has one unless none has)
FROM (SELECT * FROM cla_episode_seq WHERE seq_prev_row IS NULL AND decom IS NOT NULL) e
JOIN stage.cla_child c
  ON c.child_id = e.child_id AND c.la_code IS NOT DISTINCT FROM e.la_code AND c.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.decom < c.dob_month
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row ORDER BY c.source_row) = 1

-- rule: 357
-- table: cla_episode
-- fields: RNE, DECOM
-- ref: SSDA903 2022-23 validation checks, rule 357: a child's first episode ever must have RNE S (started to be looked after). Judged for a first episode starting in the collection year, with none before it in this year's return or last year's.
-- message: This is the child's first episode, but its reason for new episode (RNE) is not S: check for a missing earlier episode, or give S.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'RNE is ' || coalesce(e.rne, 'blank')
FROM stage.cla_episode e
WHERE e.decom >= make_date(e.collection_year - 1, 4, 1) AND coalesce(e.rne, '') <> 'S'
  AND NOT EXISTS (SELECT 1 FROM stage.cla_episode p
                  WHERE p.la_code = e.la_code AND p.child_id = e.child_id AND p.collection_year IN (e.collection_year, e.collection_year - 1)
                    AND (p.decom < e.decom OR (p.decom = e.decom AND p.collection_year = e.collection_year AND p.source_row < e.source_row)))
