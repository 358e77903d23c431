-- DfE's SSDA903 rules numbered 600 and above, and the social worker
-- episode rules (SW..STG1/2, from 2023-24): motherhood, adoption,
-- previous permanence, care leavers (OC3) against the episodes, UASC for
-- care leavers, and the social worker episodes. The format is that of
-- validate_ssda903.sql. Dates of birth are kept to the month, so a rule on
-- an age or a birthday fires only when every day of the month breaks it.

-- rule: 601
-- table: cla_adoption
-- fields: REC, DEC, DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR
-- ref: SSDA903 2022-23 validation checks, rule 601: a child adopted in the year (an episode ending E11 or E12 within it) who has adoption (AD1) information must have all of it.
-- message: The child was adopted during the year (an episode ended with REC E11 or E12), but the adoption details are incomplete: DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR and LS_ADOPTR must all be given.
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'blank: ' || concat_ws(', ', CASE WHEN a.date_int IS NULL THEN 'DATE_INT' END, CASE WHEN a.date_match IS NULL THEN 'DATE_MATCH' END,
                              CASE WHEN a.foster_care IS NULL THEN 'FOSTER_CARE' END, CASE WHEN a.nb_adoptr IS NULL THEN 'NB_ADOPTR' END,
                              CASE WHEN a.sex_adoptr IS NULL THEN 'SEX_ADOPTR' END, CASE WHEN a.ls_adoptr IS NULL THEN 'LS_ADOPTR' END)
FROM stage.cla_adoption a
JOIN (SELECT DISTINCT la_code, collection_year, child_id FROM stage.cla_episode
      WHERE rec IN ('E11', 'E12') AND dec BETWEEN make_date(collection_year - 1, 4, 1) AND make_date(collection_year, 3, 31)) e
  ON e.la_code IS NOT DISTINCT FROM a.la_code AND e.collection_year IS NOT DISTINCT FROM a.collection_year AND e.child_id = a.child_id
WHERE a.date_int IS NULL OR a.date_match IS NULL OR a.foster_care IS NULL OR a.nb_adoptr IS NULL OR a.sex_adoptr IS NULL OR a.ls_adoptr IS NULL

-- rule: 602
-- table: cla_adoption
-- fields: CHILD, REC, DEC
-- ref: SSDA903 2022-23 validation checks, rule 602: a child with adoption details (an AD1 row with any field given) must have an episode that ceased in the collection year with REC E11 or E12 (adopted); judged where the return has episodes.
-- message: The child has adoption details (AD1), but no episode of theirs ceased in the year because they were adopted (REC E11 or E12).
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id, NULL
FROM stage.cla_adoption a
JOIN (SELECT DISTINCT la_code, collection_year FROM stage.cla_episode) l
  ON l.la_code IS NOT DISTINCT FROM a.la_code AND l.collection_year IS NOT DISTINCT FROM a.collection_year
LEFT JOIN (SELECT DISTINCT la_code, collection_year, child_id FROM stage.cla_episode
           WHERE rec IN ('E11', 'E12') AND dec BETWEEN make_date(collection_year - 1, 4, 1) AND make_date(collection_year, 3, 31)) e
  ON e.child_id = a.child_id AND e.la_code IS NOT DISTINCT FROM a.la_code AND e.collection_year IS NOT DISTINCT FROM a.collection_year
WHERE e.child_id IS NULL
  AND (a.date_int IS NOT NULL OR a.date_match IS NOT NULL OR a.foster_care IS NOT NULL OR a.nb_adoptr IS NOT NULL
       OR a.sex_adoptr IS NOT NULL OR a.ls_adoptr IS NOT NULL
       OR contains(coalesce(a.faults, ''), ':invalid_') OR contains(coalesce(a.faults, ''), ':error_cell|'))

-- rule: 607
-- table: cla_child
-- fields: MOTHER, SEX, DEC, REC, LS
-- ref: SSDA903 2022-23 validation checks, rule 607: a girl who ceased to be looked after in the year (DEC in the year, REC not X1, LS not V3 or V4) must have MOTHER given.
-- message: The girl ceased to be looked after during the year, but whether she is a mother (MOTHER) is blank.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'care ceased on ' || strftime(e.dec, '%d/%m/%Y') || ' (episode row ' || e.source_row || ')'
FROM stage.cla_child c
JOIN (SELECT la_code, collection_year, child_id, dec, source_row FROM stage.cla_episode
      WHERE dec BETWEEN make_date(collection_year - 1, 4, 1) AND make_date(collection_year, 3, 31)
        AND rec <> 'X1' AND coalesce(ls, '') NOT IN ('V3', 'V4')
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY dec, source_row) = 1) e
  ON e.la_code IS NOT DISTINCT FROM c.la_code AND e.collection_year IS NOT DISTINCT FROM c.collection_year AND e.child_id = c.child_id
WHERE c.sex IN ('2', 'F') AND c.mother IS NULL

-- rule: 612
-- table: cla_child
-- fields: SEX, MOTHER, MC_DOB
-- ref: SSDA903 2022-23 validation checks, rule 612: a girl whose MOTHER is 0 or blank cannot have a date of birth of her child (MC_DOB).
-- message: A date of birth of the mother's child (MC_DOB) is given, but MOTHER says the girl is not a mother (or is blank).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN mother IS NULL THEN 'MOTHER is blank' ELSE 'MOTHER is 0' END
FROM stage.cla_child
WHERE sex IN ('2', 'F') AND coalesce(mother, FALSE) = FALSE AND mc_dob_month IS NOT NULL

-- rule: 624
-- table: cla_child
-- fields: MC_DOB
-- ref: SSDA903 2022-23 validation checks, rule 624: where last year's return gave the date of birth of the mother's first child (MC_DOB), this year's must be the same.
-- message: The date of birth of the mother's child (MC_DOB) differs from the one in the LA's return for the previous year (or is now blank); dates of birth are kept to the month.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       CASE WHEN c.mc_dob_month IS NULL THEN 'MC_DOB is blank' END
FROM stage.cla_child c
JOIN stage.cla_child p ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.mc_dob_month IS NOT NULL AND c.mc_dob_month IS DISTINCT FROM p.mc_dob_month
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row) = 1

-- rule: 625
-- table: cla_child
-- fields: MC_DOB, DEC
-- ref: SSDA903 2022-23 validation checks, rule 625: the date of birth of the mother's child (MC_DOB) cannot be after the end of the collection year, nor after the date the mother's latest episode ceased.
-- message: The date of birth of the mother's child (MC_DOB) is after the end of the collection year or after the mother ceased to be looked after (DEC of her latest episode).
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       CASE WHEN c.mc_dob_month > make_date(c.collection_year, 3, 31) THEN 'MC_DOB is after 31 March ' || c.collection_year
            ELSE 'the latest episode (row ' || e.source_row || ') ceased on ' || strftime(e.dec, '%d/%m/%Y') END
FROM stage.cla_child c
LEFT JOIN (SELECT la_code, collection_year, child_id, dec, source_row FROM stage.cla_episode e
           -- only the mothers' episodes are ordered
           SEMI JOIN (SELECT la_code, collection_year, child_id FROM stage.cla_child WHERE mc_dob_month IS NOT NULL) k
             ON k.child_id = e.child_id AND k.la_code IS NOT DISTINCT FROM e.la_code AND k.collection_year IS NOT DISTINCT FROM e.collection_year
           QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom DESC, source_row DESC) = 1) e
  ON e.la_code IS NOT DISTINCT FROM c.la_code AND e.collection_year IS NOT DISTINCT FROM c.collection_year AND e.child_id = c.child_id
-- kept to the month: the month begins after the date, so every day in it is after
WHERE c.mc_dob_month > make_date(c.collection_year, 3, 31) OR c.mc_dob_month > e.dec

-- rule: 626
-- table: cla_child
-- fields: MOTHER, MC_DOB
-- ref: SSDA903 2022-23 validation checks, rule 626: a child who is a mother (MOTHER 1) but was not one (MOTHER 0) in last year's return must have had her child in this collection year, not before it.
-- message: The child is recorded as a mother, and as not a mother in the LA's return for the previous year, but her child's date of birth (MC_DOB) is before this collection year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the ' || (c.collection_year - 2) || '-' || lpad(((c.collection_year - 1) % 100)::VARCHAR, 2, '0') || ' header row is ' || p.source_row
FROM stage.cla_child c
JOIN stage.cla_child p ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
-- kept to the month: a month starting before 1 April is wholly before it
WHERE c.mother AND p.mother = FALSE AND c.mc_dob_month < make_date(c.collection_year - 1, 4, 1)
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row) = 1

-- rule: 628
-- table: cla_child
-- fields: MOTHER, IN_TOUCH, ACTIV, ACCOM
-- ref: SSDA903 2022-23 validation checks, rule 628: a care leaver (OC3 information given) who was not looked after in the year (no episodes) needs no motherhood details.
-- message: Whether the young person is a mother (MOTHER) is given, but they are a care leaver with no episode of care in this return: motherhood details are not required for them.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the care leaver row is ' || o.source_row
FROM stage.cla_child c
JOIN stage.cla_care_leaver o
  ON o.la_code IS NOT DISTINCT FROM c.la_code AND o.collection_year IS NOT DISTINCT FROM c.collection_year AND o.child_id = c.child_id
WHERE c.mother IS NOT NULL
  AND (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM stage.cla_episode e WHERE e.la_code IS NOT DISTINCT FROM c.la_code
                  AND e.collection_year IS NOT DISTINCT FROM c.collection_year AND e.child_id = c.child_id)
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row) = 1

-- rule: 630
-- table: cla_episode
-- fields: RNE, DECOM, PREV_PERM, LA_PERM, DATE_PERM
-- ref: SSDA903 2022-23 validation checks, rule 630: a child who started to be looked after in the year (an episode with RNE S and DECOM in the year) must have previous permanence information: a row with PREV_PERM given and, unless PREV_PERM is Z1 (none), LA_PERM and DATE_PERM; judged where the return has the previous permanence table.
-- message: The child started to be looked after in the year (RNE S), but their previous permanence information is missing or incomplete (PREV_PERM, and LA_PERM and DATE_PERM unless PREV_PERM is Z1).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       CASE WHEN p.n IS NULL THEN 'the child has no previous permanence row'
            WHEN p.n_blank > 0 THEN 'PREV_PERM is blank'
            ELSE 'LA_PERM or DATE_PERM is blank' END
FROM stage.cla_episode e
JOIN (SELECT DISTINCT la_code, collection_year FROM stage.cla_previous_permanence) l
  ON l.la_code IS NOT DISTINCT FROM e.la_code AND l.collection_year IS NOT DISTINCT FROM e.collection_year
LEFT JOIN (SELECT la_code, collection_year, child_id, count(*) AS n,
                  count(*) FILTER (WHERE prev_perm IS NULL AND NOT contains(coalesce(faults, ''), '|PREV_PERM:invalid_code|')) AS n_blank,
                  count(*) FILTER (WHERE prev_perm IS DISTINCT FROM 'Z1'
                                   AND (la_perm IS NULL AND NOT contains(coalesce(faults, ''), '|LA_PERM:invalid')
                                        OR date_perm IS NULL AND NOT contains(coalesce(faults, ''), '|DATE_PERM:invalid'))) AS n_incomplete
           FROM stage.cla_previous_permanence GROUP BY ALL) p
  ON p.child_id = e.child_id AND p.la_code IS NOT DISTINCT FROM e.la_code
 AND p.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.rne = 'S' AND e.decom >= make_date(e.collection_year - 1, 4, 1)
  AND (p.n IS NULL OR p.n_blank > 0 OR p.n_incomplete > 0)

-- rule: 632
-- table: cla_previous_permanence
-- fields: DATE_PERM, DECOM
-- ref: SSDA903 2022-23 validation checks, rule 632: the date of the previous permanence order (DATE_PERM) must be before the start (DECOM) of the child's first episode.
-- message: The date of the previous permanence order (DATE_PERM) is on or after the start of the child's first episode in the return (DECOM): the order must come before the child became looked after.
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id,
       'the first episode (row ' || e.source_row || ') starts ' || strftime(e.decom, '%d/%m/%Y')
FROM stage.cla_previous_permanence p
-- the child's first episode (cla_episode_seq orders DECOM NULLS LAST: the first has one unless none has)
JOIN (SELECT la_code, collection_year, child_id, decom, source_row FROM cla_episode_seq WHERE seq_prev_row IS NULL AND decom IS NOT NULL) e
  ON e.la_code IS NOT DISTINCT FROM p.la_code AND e.collection_year IS NOT DISTINCT FROM p.collection_year AND e.child_id = p.child_id
-- DATE_PERM is kept as yyyy-mm (or yyyy): its first possible day must be on or after DECOM
WHERE CASE WHEN length(p.date_perm) = 7 THEN make_date(left(p.date_perm, 4)::INTEGER, right(p.date_perm, 2)::INTEGER, 1)
           WHEN length(p.date_perm) = 4 THEN make_date(p.date_perm::INTEGER, 1, 1) END >= e.decom

-- rule: 634
-- table: cla_previous_permanence
-- fields: PREV_PERM, LA_PERM, DATE_PERM, DECOM
-- ref: SSDA903 2022-23 validation checks, rule 634: previous permanence information is only for a child with an episode starting on or after 1 April 2016.
-- message: Previous permanence information is given, but none of the child's episodes started on or after 1 April 2016.
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id,
       'the latest episode starts ' || strftime(e.last_decom, '%d/%m/%Y')
FROM stage.cla_previous_permanence p
JOIN (SELECT la_code, collection_year, child_id, max(decom) AS last_decom FROM stage.cla_episode GROUP BY ALL) e
  ON e.la_code IS NOT DISTINCT FROM p.la_code AND e.collection_year IS NOT DISTINCT FROM p.collection_year AND e.child_id = p.child_id
WHERE (p.prev_perm IS NOT NULL OR p.la_perm IS NOT NULL OR p.date_perm IS NOT NULL)
  AND e.last_decom < DATE '2016-04-01'

-- rule: 635
-- table: cla_previous_permanence
-- fields: PREV_PERM, LA_PERM, DATE_PERM
-- ref: SSDA903 2022-23 validation checks, rule 635: the LA (LA_PERM) or date (DATE_PERM) of a previous permanence order cannot be given without the option (PREV_PERM).
-- message: The LA or the date of the previous permanence order (LA_PERM, DATE_PERM) is given, but the previous permanence option (PREV_PERM) is blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_previous_permanence
WHERE prev_perm IS NULL AND (la_perm IS NOT NULL OR date_perm IS NOT NULL)

-- rule: 1002
-- table: cla_care_leaver
-- fields: CHILD, IN_TOUCH, ACTIV, ACCOM
-- ref: SSDA903 2022-23 validation checks, rule 1002: a young person with care leaver information (OC3) must have an episode in this year's return or in the LA's return for the previous year; judged where the previous year's return is loaded (an earlier period of care cannot be seen, so this may be a false alarm).
-- message: Care leaver information (OC3) is given for a young person with no episode of care in this year's or the previous year's return: check that they were looked after (an earlier period of care is not seen here).
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id, NULL
FROM stage.cla_care_leaver o
JOIN (SELECT DISTINCT la_code, collection_year FROM stage.cla_episode) l
  ON l.la_code IS NOT DISTINCT FROM o.la_code AND l.collection_year = o.collection_year - 1
LEFT JOIN (SELECT DISTINCT la_code, collection_year, child_id FROM stage.cla_episode) e
  ON e.child_id = o.child_id AND e.la_code IS NOT DISTINCT FROM o.la_code
 AND e.collection_year IN (o.collection_year, o.collection_year - 1)
WHERE e.child_id IS NULL

-- rule: 1003
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED, DECOM, RNE
-- ref: SSDA903 2022-23 validation checks, rule 1003: the date of the decision that the child should be placed for adoption (DATE_PLACED) cannot be before the start (DECOM) of the child's first episode with RNE S.
-- message: The decision that the child should be placed for adoption (DATE_PLACED) is dated before the child started to be looked after (DECOM of their first episode with RNE S).
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id,
       'the episode (row ' || e.source_row || ') starts ' || strftime(e.decom, '%d/%m/%Y')
FROM stage.cla_placed_for_adoption p
JOIN (SELECT la_code, collection_year, child_id, decom, source_row FROM stage.cla_episode WHERE rne = 'S' AND decom IS NOT NULL
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row) = 1) e
  ON e.la_code IS NOT DISTINCT FROM p.la_code AND e.collection_year IS NOT DISTINCT FROM p.collection_year AND e.child_id = p.child_id
WHERE p.date_placed < e.decom

-- rule: 1007
-- table: cla_care_leaver
-- fields: IN_TOUCH, ACTIV, ACCOM, DOB, DEC, REC
-- ref: SSDA903 2022-23 validation checks, rule 1007: a young person aged 17 or 18 at the end of the year whose current (latest) episode has no DEC or REC is still looked after and needs no care leaver information.
-- year_end: true
-- message: Care leaver information (IN_TOUCH, ACTIV, ACCOM) is given for a 17- or 18-year-old who is still looked after (their latest episode has no DEC or REC): it is not required for them.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id,
       'the latest episode (row ' || e.source_row || ') has not ceased'
FROM stage.cla_care_leaver o
JOIN (SELECT la_code, collection_year, child_id, dec, rec, source_row FROM stage.cla_episode e
      -- only the care leavers' episodes are ordered
      SEMI JOIN stage.cla_care_leaver k
        ON k.child_id = e.child_id AND k.la_code IS NOT DISTINCT FROM e.la_code AND k.collection_year IS NOT DISTINCT FROM e.collection_year
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom DESC, source_row DESC) = 1) e
  ON e.la_code IS NOT DISTINCT FROM o.la_code AND e.collection_year IS NOT DISTINCT FROM o.collection_year AND e.child_id = o.child_id
WHERE (e.dec IS NULL OR e.rec IS NULL) AND (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
  -- 17 or over on 31 March on every day of the birth month, and not yet 19 on any
  AND o.dob_month + INTERVAL 17 YEAR + INTERVAL 1 MONTH - INTERVAL 1 DAY <= make_date(o.collection_year, 3, 31)
  AND o.dob_month + INTERVAL 19 YEAR > make_date(o.collection_year, 3, 31)

-- rule: 1010
-- table: cla_care_leaver
-- fields: CHILD, IN_TOUCH, ACTIV, ACCOM
-- ref: SSDA903 2022-23 validation checks, rule 1010: a young person with care leaver information (OC3) whose last episode in the LA's return for the previous year was still open (no DEC) must have episodes in this year's return.
-- message: Care leaver information (OC3) is given, but the young person's last episode in the previous year's return was still open and this year's return has no episode of theirs: the episodes of this year are missing.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id,
       'the ' || (o.collection_year - 2) || '-' || lpad(((o.collection_year - 1) % 100)::VARCHAR, 2, '0') || ' episode is row ' || p.source_row || ' of ' || p.source_file
FROM stage.cla_care_leaver o
JOIN (SELECT DISTINCT la_code, collection_year FROM stage.cla_episode) l
  ON l.la_code IS NOT DISTINCT FROM o.la_code AND l.collection_year = o.collection_year
JOIN (SELECT la_code, collection_year, child_id, dec, source_file, source_row FROM stage.cla_episode WHERE decom IS NOT NULL
      QUALIFY row_number() OVER (PARTITION BY la_code, collection_year, child_id ORDER BY decom DESC, source_file DESC, source_row DESC) = 1) p
  ON p.la_code IS NOT DISTINCT FROM o.la_code AND p.collection_year = o.collection_year - 1 AND p.child_id = o.child_id
LEFT JOIN (SELECT DISTINCT la_code, collection_year, child_id FROM stage.cla_episode) e
  ON e.child_id = o.child_id AND e.la_code IS NOT DISTINCT FROM o.la_code AND e.collection_year = o.collection_year
WHERE p.dec IS NULL AND e.child_id IS NULL

-- rule: 1014
-- table: cla_uasc
-- fields: DUC, IN_TOUCH, ACTIV, ACCOM, DECOM, DEC
-- ref: SSDA903 2022-23 validation checks, rule 1014: a care leaver (OC3 information given) who was not looked after at any time in the year needs no UASC information.
-- message: UASC information is given for a care leaver who was not looked after at any time during the year (no episode open in it): it is not required for care leavers.
SELECT u.la_code, u.collection_year, u.source_file, u.source_sheet, u.source_row, u.child_id,
       'the care leaver row is ' || o.source_row
FROM stage.cla_uasc u
JOIN (SELECT la_code, collection_year, child_id,
             count(*) FILTER (WHERE decom <= make_date(collection_year, 3, 31)
                              AND (dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1))) AS in_year
      FROM stage.cla_episode GROUP BY ALL) e
  ON e.la_code IS NOT DISTINCT FROM u.la_code AND e.collection_year IS NOT DISTINCT FROM u.collection_year AND e.child_id = u.child_id
JOIN stage.cla_care_leaver o
  ON o.la_code IS NOT DISTINCT FROM u.la_code AND o.collection_year IS NOT DISTINCT FROM u.collection_year AND o.child_id = u.child_id
WHERE e.in_year = 0 AND (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
QUALIFY row_number() OVER (PARTITION BY u.source_file, u.source_row) = 1

-- rule: SW06STG2
-- table: cla_social_worker
-- fields: SW_DECOM
-- years: 2024-
-- ref: SSDA903 2023-24 validation checks, rule SW06STG2 (social worker episodes, from 2023-24): a social worker episode cannot start after the end of the collection year.
-- message: The social worker episode starts (SW_DECOM) after the end of the collection year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_social_worker
WHERE sw_decom > make_date(collection_year, 3, 31)

-- rule: SW07STG2
-- table: cla_social_worker
-- fields: SW_DEC
-- years: 2024-
-- ref: SSDA903 2023-24 validation checks, rule SW07STG2: a social worker episode's end (SW_DEC) must be within the social worker reporting period and not after the end of the collection year; the period is the collection year in 2023-24 and, from 2024-25, starts a year earlier (1 April of the year before).
-- message: The social worker episode ends (SW_DEC) outside the social worker reporting period (after the end of the collection year, or before the period began).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN sw_dec > make_date(collection_year, 3, 31) THEN 'after 31 March ' || collection_year
            ELSE 'before 1 April ' || (collection_year - CASE WHEN collection_year >= 2025 THEN 2 ELSE 1 END) END
FROM stage.cla_social_worker
WHERE sw_dec > make_date(collection_year, 3, 31)
   OR sw_dec < make_date(collection_year - CASE WHEN collection_year >= 2025 THEN 2 ELSE 1 END, 4, 1)

-- rule: SW08STG2
-- table: cla_social_worker
-- fields: SW_DEC, SW_DECOM
-- years: 2024-
-- ref: SSDA903 2023-24 validation checks, rule SW08STG2: a new social worker episode cannot start while the child's previous one has no end date.
-- message: A later social worker episode starts but this one has no end date (SW_DEC): only the child's latest social worker episode may be open.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the next episode is row ' || next_row
FROM (
    SELECT *, lead(source_row) OVER w AS next_row
    FROM stage.cla_social_worker
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom, source_row)
)
WHERE sw_dec IS NULL AND sw_decom IS NOT NULL AND next_row IS NOT NULL

-- rule: SW10STG2
-- table: cla_social_worker
-- fields: SW_DECOM, SW_DEC, SW_REASON
-- years: 2024-
-- ref: SSDA903 2023-24 validation checks, rule SW10STG2: a social worker episode must start within 7 days either side of the end (SW_DEC) of the child's previous one, where that is given; from 2024-25 not where the change was at the family's request (SW_REASON FCONTA).
-- message: The social worker episode starts (SW_DECOM) more than 7 days before or after the child's previous one ended (SW_DEC); from 2024-25 that is allowed only when the family asked for the change (SW_REASON FCONTA).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode (row ' || prev_row || ') ended ' || strftime(prev_dec, '%d/%m/%Y')
FROM (
    SELECT *, lag(sw_dec) OVER w AS prev_dec, lag(source_row) OVER w AS prev_row
    FROM stage.cla_social_worker
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom, sw_dec, source_row)
)
WHERE prev_dec IS NOT NULL AND sw_decom IS NOT NULL AND (collection_year < 2025 OR coalesce(sw_reason, '') <> 'FCONTA')
  AND abs(date_diff('day', prev_dec, sw_decom)) > 7

-- rule: SW11aSTG2
-- table: cla_social_worker
-- fields: SW_DECOM, SW_DEC
-- years: 2024-
-- ref: SSDA903 2023-24 validation checks, rule SW11aSTG2: where a social worker episode ended at least 5 days before 31 March, the child's next social worker episode must start within 5 days of that end.
-- message: The child's previous social worker episode ended (SW_DEC) at least 5 days before the end of the year, but this one does not start (SW_DECOM) within 5 days of that end.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode (row ' || prev_row || ') ended ' || strftime(prev_dec, '%d/%m/%Y')
FROM (
    SELECT *, lag(sw_dec) OVER w AS prev_dec, lag(source_row) OVER w AS prev_row
    FROM stage.cla_social_worker
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom, source_row)
)
WHERE prev_dec <= make_date(collection_year, 3, 31) - INTERVAL 5 DAY
  AND (sw_decom IS NULL OR abs(date_diff('day', prev_dec, sw_decom)) > 5)

-- rule: SW11bSTG2
-- table: cla_social_worker
-- fields: SW_DEC, SW_DECOM
-- years: 2024-
-- ref: SSDA903 2023-24 validation checks, rule SW11bSTG2: a social worker episode that ended in the last 5 days before 31 March must be followed by another social worker episode.
-- year_end: true
-- message: The social worker episode ended (SW_DEC) in the last 5 days of the year, but no later social worker episode is given for the child.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM (
    SELECT *, lead(sw_decom) OVER w AS next_decom, lead(source_row) OVER w AS next_row
    FROM stage.cla_social_worker
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom, source_row)
)
WHERE sw_dec >= make_date(collection_year, 3, 31) - INTERVAL 5 DAY AND next_row IS NULL

-- rule: SW13STG1
-- table: cla_social_worker
-- fields: SW_REASON, SW_DECOM, SW_DEC
-- years: 2024-
-- ref: SSDA903 2023-24 validation checks, rule SW13STG1: every social worker episode needs a valid reason for the change of social worker (SW_REASON); from 2024-25 the child's first episode of the year may have none (the one carried over from before 1 April, if open then, else the first starting in the year).
-- message: The reason for the change of social worker (SW_REASON) is blank or not a valid code (from 2024-25 only the child's first social worker episode of the year may be without one).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM (
    SELECT *, bool_or(carried) OVER p AS has_carried,
           min(sw_decom) FILTER (WHERE sw_decom >= make_date(collection_year - 1, 4, 1)) OVER p AS first_in_year
    FROM (
        SELECT *, sw_decom < make_date(collection_year - 1, 4, 1)
                  AND sw_decom = max(sw_decom) FILTER (WHERE sw_decom < make_date(collection_year - 1, 4, 1)) OVER p
                  AND (sw_dec IS NULL OR sw_dec >= make_date(collection_year - 1, 4, 1)) AS carried
        FROM stage.cla_social_worker
        WINDOW p AS (PARTITION BY source_file, la_code, collection_year, child_id)
    )
    WINDOW p AS (PARTITION BY source_file, la_code, collection_year, child_id)
)
WHERE sw_reason IS NULL
  AND (collection_year < 2025
       OR NOT coalesce(carried, FALSE) AND NOT coalesce(NOT coalesce(has_carried, FALSE) AND sw_decom = first_in_year, FALSE)
       -- a code that is not valid (kept as missing) is wrong on any episode
       OR contains(coalesce(faults, ''), '|SW_REASON:invalid_code|') OR contains(coalesce(faults, ''), '|SW_REASON:error_cell|'))

-- rule: SW14STG2
-- table: cla_social_worker
-- fields: SW_DEC
-- years: 2024-
-- ref: SSDA903 2023-24 validation checks, rule SW14STG2: only the child's latest social worker episode may have a blank end date (SW_DEC).
-- message: The social worker episode's end date (SW_DEC) is blank, but it is not the child's latest social worker episode.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the latest episode is row ' || last_row
FROM (
    SELECT *, last_value(source_row) OVER w AS last_row
    FROM stage.cla_social_worker
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom NULLS FIRST, source_row
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
)
WHERE sw_dec IS NULL AND source_row <> last_row

-- rule: SW16aSTG2
-- table: cla_social_worker
-- fields: SW_ID
-- years: 2025-2025
-- ref: SSDA903 2024-25 validation checks, rule SW16aSTG2 (2024-25 only; withdrawn from 2025-26): the child's first social worker episode of this return must have the social worker (SW_ID) of the episode still open at the end of last year's return.
-- message: The child's social worker episode was still open at the end of the LA's return for the previous year, but the first social worker episode in this return has another social worker (SW_ID).
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open ' || (c.collection_year - 2) || '-' || lpad(((c.collection_year - 1) % 100)::VARCHAR, 2, '0') || ' episode is row ' || p.source_row
FROM (SELECT * FROM stage.cla_social_worker
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom NULLS LAST, source_row) = 1) c
JOIN (SELECT * FROM stage.cla_social_worker
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom DESC NULLS LAST, source_row DESC) = 1) p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.sw_dec IS NULL AND c.sw_id IS DISTINCT FROM p.sw_id
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row) = 1

-- rule: SW16bSTG2
-- table: cla_social_worker
-- fields: SW_DECOM
-- years: 2025-
-- ref: SSDA903 2024-25 validation checks, rule SW16bSTG2 (from 2024-25): the child's first social worker episode of this return must start (SW_DECOM) on the start of the episode still open at the end of last year's return.
-- message: The child's social worker episode was still open at the end of the LA's return for the previous year, but the first social worker episode in this return starts on another date (SW_DECOM).
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open ' || (c.collection_year - 2) || '-' || lpad(((c.collection_year - 1) % 100)::VARCHAR, 2, '0') || ' episode (row ' || p.source_row || ') starts ' || strftime(p.sw_decom, '%d/%m/%Y')
FROM (SELECT * FROM stage.cla_social_worker
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom NULLS LAST, source_row) = 1) c
JOIN (SELECT * FROM stage.cla_social_worker
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom DESC NULLS LAST, source_row DESC) = 1) p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.sw_dec IS NULL AND c.sw_decom IS DISTINCT FROM p.sw_decom
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row) = 1

-- rule: SW16cSTG2
-- table: cla_social_worker
-- fields: SW_REASON
-- years: 2025-2025
-- ref: SSDA903 2024-25 validation checks, rule SW16cSTG2 (2024-25 only; withdrawn from 2025-26): the child's first social worker episode of this return must have the reason (SW_REASON) of the episode still open at the end of last year's return.
-- message: The child's social worker episode was still open at the end of the LA's return for the previous year, but the first social worker episode in this return gives another reason for the change of social worker (SW_REASON).
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open ' || (c.collection_year - 2) || '-' || lpad(((c.collection_year - 1) % 100)::VARCHAR, 2, '0') || ' episode is row ' || p.source_row
FROM (SELECT * FROM stage.cla_social_worker
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom NULLS LAST, source_row) = 1) c
JOIN (SELECT * FROM stage.cla_social_worker
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY sw_decom DESC NULLS LAST, source_row DESC) = 1) p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.sw_dec IS NULL AND c.sw_reason IS DISTINCT FROM p.sw_reason
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row) = 1

-- rule: 1016
-- table: cla_care_leaver
-- fields: IN_TOUCH, ACTIV, ACCOM, DOB, DEC
-- ref: SSDA903 2022-23 validation checks, rule 1016: care leaver information (IN_TOUCH, ACTIV, ACCOM) is not required for a young person aged 17 or 18 at the end of the year who ceased to be looked after after their 17th birthday. The DOB is kept to its month: the age and the birthday are judged where certain.
-- message: The young person was 17 or 18 at the end of the year and ceased to be looked after after their 17th birthday, so no care leaver information (IN_TOUCH, ACTIV, ACCOM) is needed this year.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id,
       'ceased ' || strftime(max(e.dec), '%d/%m/%Y')
FROM stage.cla_care_leaver o
JOIN stage.cla_episode e ON e.la_code = o.la_code AND e.collection_year = o.collection_year AND e.child_id = o.child_id
WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
  -- 17 or over on 31 March on every day of the birth month, and not yet 19 on any
  AND o.dob_month + INTERVAL 17 YEAR + INTERVAL 1 MONTH - INTERVAL 1 DAY <= make_date(o.collection_year, 3, 31)
  AND o.dob_month + INTERVAL 19 YEAR > make_date(o.collection_year, 3, 31)
  -- ceased on or after the 17th birthday, whichever day of the month it was
  AND e.dec >= o.dob_month + INTERVAL 17 YEAR + INTERVAL 1 MONTH - INTERVAL 1 DAY
GROUP BY ALL
