-- DfE's SSDA903 validation rules numbered 100 to 199 (the "header" family:
-- the header's, UASC, adoption, placed for adoption and OC2 outcome checks
-- of that range), over the stage tables, in the format of
-- validate_ssda903.sql. Field rules of the range (a code not in its set, a
-- date not valid, a value missing) are not here.
--
-- Several rules ask whether the child was looked after continuously for 12
-- months at 31 March (DfE's CONTINUOUSLY_LOOKED_AFTER):
-- cla_looked_after_12_months (sql/stage_cla_looked_after_12_months.sql)
-- defines it once. Those rules need the whole year.
-- Dates of birth are kept to the month: an age is taken as certain only when
-- every day of the month gives it.

-- rule: 117
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED, DATE_PLACED_CEASED, DEC, REC, DECOM
-- ref: DATE_PLACED and DATE_PLACED_CEASED, if given, must not be after the end of the collection year nor after the DEC of the child's latest episode whose REC is not X1 (SSDA903 2022-23 validation checks, rule 117).
-- message: A date of the decision on placing the child for adoption (DATE_PLACED or DATE_PLACED_CEASED) is after the end of the collection year or after the child's latest episode ceased.
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id,
       CASE WHEN greatest(p.date_placed, p.date_placed_ceased) > make_date(p.collection_year, 3, 31) THEN 'after 31 March ' || p.collection_year
            ELSE 'the latest episode (row ' || e.source_row || ') ceased ' || strftime(e.dec, '%d/%m/%Y') END
FROM stage.cla_placed_for_adoption p
JOIN (SELECT la_code, collection_year, child_id, dec, source_row
      FROM stage.cla_episode
      WHERE decom IS NOT NULL AND rec IS DISTINCT FROM 'X1'
      QUALIFY row_number() OVER (PARTITION BY la_code, collection_year, child_id ORDER BY decom DESC, source_row DESC) = 1) e
  ON e.child_id = p.child_id AND e.la_code IS NOT DISTINCT FROM p.la_code AND e.collection_year IS NOT DISTINCT FROM p.collection_year
WHERE p.date_placed > make_date(p.collection_year, 3, 31) OR p.date_placed_ceased > make_date(p.collection_year, 3, 31)
   OR p.date_placed > e.dec OR p.date_placed_ceased > e.dec

-- rule: 118
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED_CEASED, DECOM, LS
-- ref: DATE_PLACED_CEASED, if given, must not be before the start of the collection year nor before the DECOM of the child's earliest episode whose LS is not V3 or V4 (SSDA903 2022-23 validation checks, rule 118).
-- message: The date the child should no longer be placed for adoption (DATE_PLACED_CEASED) is before the collection year began or before the child's first episode (not a short break) started.
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id,
       CASE WHEN p.date_placed_ceased < make_date(p.collection_year - 1, 4, 1) THEN 'before 1 April ' || (p.collection_year - 1)
            ELSE 'the first episode started ' || strftime(e.first_decom, '%d/%m/%Y') END
FROM stage.cla_placed_for_adoption p
JOIN (SELECT la_code, collection_year, child_id, min(decom) AS first_decom
      FROM stage.cla_episode
      WHERE decom IS NOT NULL AND coalesce(ls, '') NOT IN ('V3', 'V4')
      GROUP BY ALL) e
  ON e.child_id = p.child_id AND e.la_code IS NOT DISTINCT FROM p.la_code AND e.collection_year IS NOT DISTINCT FROM p.collection_year
WHERE p.date_placed_ceased < make_date(p.collection_year - 1, 4, 1) OR p.date_placed_ceased < e.first_decom

-- rule: 134
-- table: cla_adoption
-- fields: IN_TOUCH, ACTIV, ACCOM, DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR
-- ref: a child with care leaver information (OC3) must have no adoption information (AD1) (SSDA903 2022-23 validation checks, rule 134).
-- message: The child has both care leaver information (OC3) and adoption information (AD1): an adopted child is not a care leaver.
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'the care leaver row is ' || o.source_row
FROM stage.cla_adoption a
JOIN stage.cla_care_leaver o
  ON o.child_id = a.child_id AND o.la_code IS NOT DISTINCT FROM a.la_code AND o.collection_year IS NOT DISTINCT FROM a.collection_year
WHERE (a.date_int IS NOT NULL OR a.date_match IS NOT NULL OR a.foster_care IS NOT NULL OR a.nb_adoptr IS NOT NULL
       OR a.sex_adoptr IS NOT NULL OR a.ls_adoptr IS NOT NULL)
  AND (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
QUALIFY row_number() OVER (PARTITION BY a.source_file, a.source_row ORDER BY o.source_row) = 1

-- rule: 157
-- table: cla_outcome
-- fields: SDQ_REASON, SDQ_SCORE, DOB
-- ref: a child looked after continuously for 12 months who was 4 or over at the start of the year and 16 or under at its end cannot have SDQ1 (too young or too old) as the reason for no SDQ score (SSDA903 2022-23 validation checks, rule 157).
-- year_end: true
-- message: The reason for no SDQ score is SDQ1 (the child's age), but the child was between 4 and 16 during the year.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id, NULL
FROM stage.cla_outcome o
JOIN cla_looked_after_12_months c
  ON c.child_id = o.child_id AND c.la_code IS NOT DISTINCT FROM o.la_code AND c.collection_year IS NOT DISTINCT FROM o.collection_year
WHERE o.sdq_score IS NULL AND o.sdq_reason = 'SDQ1'
  AND o.dob_month + INTERVAL 4 YEAR + INTERVAL 1 MONTH <= make_date(o.collection_year - 1, 4, 1)
  AND o.dob_month + INTERVAL 16 YEAR >= make_date(o.collection_year, 3, 31)

-- rule: 158
-- table: cla_outcome
-- fields: INTERVENTION_RECEIVED, INTERVENTION_OFFERED
-- ref: if INTERVENTION_RECEIVED is 1, INTERVENTION_OFFERED must be blank (SSDA903 2022-23 validation checks, rule 158).
-- message: The child received an intervention for substance misuse (INTERVENTION_RECEIVED 1), so whether one was offered (INTERVENTION_OFFERED) should be left blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_outcome
WHERE intervention_received AND intervention_offered IS NOT NULL

-- rule: 159
-- table: cla_outcome
-- fields: SUBSTANCE_MISUSE, INTERVENTION_RECEIVED, INTERVENTION_OFFERED
-- ref: if SUBSTANCE_MISUSE is 1 and INTERVENTION_RECEIVED is 0, INTERVENTION_OFFERED must be given (SSDA903 2022-23 validation checks, rule 159).
-- message: The child has a substance misuse problem and received no intervention (INTERVENTION_RECEIVED 0), but whether one was offered (INTERVENTION_OFFERED) is blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_outcome
WHERE substance_misuse AND NOT intervention_received AND intervention_offered IS NULL

-- rule: 165
-- table: cla_child
-- fields: MOTHER, SEX, IN_TOUCH, ACTIV, ACCOM, DECOM, DEC, LS
-- ref: for a child with an episode not a short break (LS V3/V4), MOTHER must not be given for a boy, nor for a girl not looked after during the year who has care leaver information (OC3) (SSDA903 2022-23 validation checks, rule 165); its third part, a girl looked after during the year with MOTHER blank, is reported as rule 393.
-- message: Whether the child is a mother (MOTHER) is given for a boy, or for a care leaver who was not looked after during the year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       CASE WHEN c.sex IN ('1', 'M') THEN 'the child is a boy' ELSE 'no episode during the year, and care leaver information is given' END
FROM stage.cla_child c
JOIN (SELECT la_code, collection_year, child_id,
             bool_or(coalesce(decom <= make_date(collection_year, 3, 31) AND coalesce(dec, make_date(collection_year, 3, 31)) >= make_date(collection_year - 1, 4, 1), FALSE)) AS in_year
      FROM stage.cla_episode
      WHERE coalesce(ls, '') NOT IN ('V3', 'V4')
      GROUP BY ALL) e
  ON e.child_id = c.child_id AND e.la_code IS NOT DISTINCT FROM c.la_code AND e.collection_year IS NOT DISTINCT FROM c.collection_year
WHERE c.mother IS NOT NULL
  AND (c.sex IN ('1', 'M')
       OR c.sex IN ('2', 'F') AND NOT e.in_year
          AND EXISTS (SELECT 1 FROM stage.cla_care_leaver o
                      WHERE o.child_id = c.child_id AND o.la_code IS NOT DISTINCT FROM c.la_code AND o.collection_year IS NOT DISTINCT FROM c.collection_year
                        AND (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)))

-- rule: 182
-- table: cla_outcome
-- fields: IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE, CONVICTED, HEALTH_CHECK, INTERVENTION_RECEIVED, INTERVENTION_OFFERED
-- ref: IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT and SUBSTANCE_MISUSE must all be given, or all the OC2 items left blank (SSDA903 2022-23 validation checks, rule 182).
-- message: Some OC2 items are given but immunisations, teeth check, health assessment or substance misuse (IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE) is blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_outcome
WHERE (immunisations IS NULL OR teeth_check IS NULL OR health_assessment IS NULL OR substance_misuse IS NULL)
  AND (convicted IS NOT NULL OR health_check IS NOT NULL OR intervention_received IS NOT NULL OR intervention_offered IS NOT NULL)

-- rule: 184
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED, DOB
-- ref: DATE_PLACED must not be before the child's DOB (SSDA903 2022-23 validation checks, rule 184).
-- message: The decision that the child should be placed for adoption (DATE_PLACED) is before the child was born (in an earlier month than DOB in the header table).
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id,
       'the header row is ' || c.source_row
FROM stage.cla_placed_for_adoption p
JOIN stage.cla_child c
  ON c.child_id = p.child_id AND c.la_code IS NOT DISTINCT FROM p.la_code AND c.collection_year IS NOT DISTINCT FROM p.collection_year
WHERE p.date_placed < c.dob_month
QUALIFY row_number() OVER (PARTITION BY p.source_file, p.source_row ORDER BY c.source_row) = 1

-- rule: 185
-- table: cla_outcome
-- fields: SDQ_SCORE
-- ref: an SDQ score must only be given for a child looked after continuously for 12 months at 31 March (SSDA903 2022-23 validation checks, rule 185).
-- year_end: true
-- message: An SDQ score is given but the child was not looked after continuously for the 12 months to 31 March.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id, NULL
FROM stage.cla_outcome o
LEFT JOIN cla_looked_after_12_months c
  ON c.child_id = o.child_id AND c.la_code IS NOT DISTINCT FROM o.la_code AND c.collection_year IS NOT DISTINCT FROM o.collection_year
WHERE o.sdq_score IS NOT NULL AND c.child_id IS NULL

-- rule: 186
-- table: cla_outcome
-- fields: SDQ_SCORE, SDQ_REASON, DOB
-- ref: a child looked after continuously for 12 months who was 4 or over at the start of the year and under 17 at its end must have an SDQ score or a reason for none (SSDA903 2022-23 validation checks, rule 186; the validator's code also fires when only one of the two is blank, read here as the rule's wording: both blank).
-- year_end: true
-- message: The child was looked after continuously for 12 months and aged 4 to 16, but neither an SDQ score nor a reason for none (SDQ_REASON) is given.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id, NULL
FROM stage.cla_outcome o
JOIN cla_looked_after_12_months c
  ON c.child_id = o.child_id AND c.la_code IS NOT DISTINCT FROM o.la_code AND c.collection_year IS NOT DISTINCT FROM o.collection_year
WHERE o.sdq_score IS NULL AND o.sdq_reason IS NULL
  AND o.dob_month + INTERVAL 4 YEAR + INTERVAL 1 MONTH <= make_date(o.collection_year - 1, 4, 1)
  AND o.dob_month + INTERVAL 17 YEAR > make_date(o.collection_year, 3, 31)

-- rule: 187
-- table: cla_care_leaver
-- fields: IN_TOUCH, ACTIV, ACCOM, DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR
-- ref: a child looked after continuously for 12 months at 31 March (OC2) cannot have care leaver (OC3) or adoption (AD1) information (SSDA903 2022-23 validation checks, rule 187); the rows of both tables are reported.
-- year_end: true
-- message: The child was looked after continuously for the 12 months to 31 March, so no care leaver (OC3) or adoption (AD1) information should be given.
SELECT r.la_code, r.collection_year, r.source_file, r.source_sheet, r.source_row, r.child_id, r.detail
FROM (SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'care leaver information' AS detail
      FROM stage.cla_care_leaver
      WHERE in_touch IS NOT NULL OR activ IS NOT NULL OR accom IS NOT NULL
      UNION ALL
      SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'adoption information'
      FROM stage.cla_adoption
      WHERE date_int IS NOT NULL OR date_match IS NOT NULL OR foster_care IS NOT NULL OR nb_adoptr IS NOT NULL
         OR sex_adoptr IS NOT NULL OR ls_adoptr IS NOT NULL) r
JOIN cla_looked_after_12_months c
  ON c.child_id = r.child_id AND c.la_code IS NOT DISTINCT FROM r.la_code AND c.collection_year IS NOT DISTINCT FROM r.collection_year

-- rule: 188
-- table: cla_outcome
-- fields: SDQ_SCORE, SDQ_REASON, DOB
-- ref: a child under 4 at the end of the year must have neither an SDQ score nor a reason for none (SSDA903 2022-23 validation checks, rule 188).
-- message: The child was under 4 at the end of the year, but an SDQ score or a reason for none (SDQ_REASON) is given.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_outcome
WHERE (sdq_score IS NOT NULL OR sdq_reason IS NOT NULL)
  AND dob_month + INTERVAL 4 YEAR > make_date(collection_year, 3, 31)

-- rule: 189
-- table: cla_outcome
-- fields: DOB, SDQ_SCORE, SDQ_REASON
-- ref: a child 17 or over at the start of the year must have neither an SDQ score nor a reason for none (SSDA903 2022-23 validation checks, rule 189).
-- message: The child was 17 or over when the year began, but an SDQ score or a reason for none (SDQ_REASON) is given.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_outcome
WHERE (sdq_score IS NOT NULL OR sdq_reason IS NOT NULL)
  AND dob_month + INTERVAL 17 YEAR + INTERVAL 1 MONTH <= make_date(collection_year - 1, 4, 1)

-- rule: 190
-- table: cla_outcome
-- fields: CONVICTED, HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE, INTERVENTION_RECEIVED, INTERVENTION_OFFERED
-- ref: the OC2 items of children looked after for 12 months must be blank for a child not looked after continuously for 12 months at 31 March (SSDA903 2022-23 validation checks, rule 190).
-- year_end: true
-- message: OC2 items (convictions, health, substance misuse) are given but the child was not looked after continuously for the 12 months to 31 March.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id, NULL
FROM stage.cla_outcome o
LEFT JOIN cla_looked_after_12_months c
  ON c.child_id = o.child_id AND c.la_code IS NOT DISTINCT FROM o.la_code AND c.collection_year IS NOT DISTINCT FROM o.collection_year
WHERE c.child_id IS NULL
  AND (o.convicted IS NOT NULL OR o.health_check IS NOT NULL OR o.immunisations IS NOT NULL OR o.teeth_check IS NOT NULL
       OR o.health_assessment IS NOT NULL OR o.substance_misuse IS NOT NULL OR o.intervention_received IS NOT NULL
       OR o.intervention_offered IS NOT NULL)

-- rule: 191
-- table: cla_outcome
-- fields: IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE
-- ref: a child looked after continuously for 12 months at 31 March must have IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT and SUBSTANCE_MISUSE given (SSDA903 2022-23 validation checks, rule 191); the validator also reports such a child with no OC2 row at all, which is not checked here.
-- year_end: true
-- message: The child was looked after continuously for the 12 months to 31 March, but immunisations, teeth check, health assessment or substance misuse (IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE) is blank.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id, NULL
FROM stage.cla_outcome o
JOIN cla_looked_after_12_months c
  ON c.child_id = o.child_id AND c.la_code IS NOT DISTINCT FROM o.la_code AND c.collection_year IS NOT DISTINCT FROM o.collection_year
WHERE o.immunisations IS NULL OR o.teeth_check IS NULL OR o.health_assessment IS NULL OR o.substance_misuse IS NULL

-- rule: 192
-- table: cla_outcome
-- fields: SUBSTANCE_MISUSE, INTERVENTION_RECEIVED
-- ref: if SUBSTANCE_MISUSE is 1, INTERVENTION_RECEIVED must be given (SSDA903 2022-23 validation checks, rule 192).
-- message: The child has a substance misuse problem but whether an intervention was received (INTERVENTION_RECEIVED) is blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_outcome
WHERE substance_misuse AND intervention_received IS NULL

-- rule: 193
-- table: cla_outcome
-- fields: SUBSTANCE_MISUSE, INTERVENTION_RECEIVED, INTERVENTION_OFFERED
-- ref: if SUBSTANCE_MISUSE is 0 or blank, INTERVENTION_RECEIVED and INTERVENTION_OFFERED must be blank (SSDA903 2022-23 validation checks, rule 193).
-- message: The child has no substance misuse problem recorded, but whether an intervention was received or offered (INTERVENTION_RECEIVED, INTERVENTION_OFFERED) is given.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_outcome
WHERE NOT coalesce(substance_misuse, FALSE) AND (intervention_received IS NOT NULL OR intervention_offered IS NOT NULL)

-- rule: 197a
-- table: cla_outcome
-- fields: SDQ_SCORE, SDQ_REASON
-- ref: a reason for no SDQ score (SDQ_REASON) must not be given with an SDQ score (SSDA903 2022-23 validation checks, rule 197a).
-- message: Both an SDQ score and a reason for no SDQ score (SDQ_REASON) are given: leave the reason blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_outcome
WHERE sdq_score IS NOT NULL AND sdq_reason IS NOT NULL

-- rule: 197B
-- table: cla_outcome
-- fields: SDQ_SCORE, SDQ_REASON, DOB
-- ref: a child looked after continuously for 12 months who turned 4 or 17 during the year should have an SDQ score or a reason for none (SSDA903 2022-23 validation checks, rule 197B).
-- year_end: true
-- message: The child was looked after continuously for 12 months and turned 4 or 17 during the year, but neither an SDQ score nor a reason for none (SDQ_REASON) is given.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id,
       CASE WHEN o.dob_month + INTERVAL 4 YEAR BETWEEN make_date(o.collection_year - 1, 4, 1) AND make_date(o.collection_year, 3, 31)
            THEN 'turned 4' ELSE 'turned 17' END
FROM stage.cla_outcome o
JOIN cla_looked_after_12_months c
  ON c.child_id = o.child_id AND c.la_code IS NOT DISTINCT FROM o.la_code AND c.collection_year IS NOT DISTINCT FROM o.collection_year
WHERE o.sdq_score IS NULL AND o.sdq_reason IS NULL
  AND (o.dob_month + INTERVAL 4 YEAR BETWEEN make_date(o.collection_year - 1, 4, 1) AND make_date(o.collection_year, 3, 31)
       OR o.dob_month + INTERVAL 17 YEAR BETWEEN make_date(o.collection_year - 1, 4, 1) AND make_date(o.collection_year, 3, 31))

-- rule: 198
-- table: cla_outcome
-- fields: SDQ_REASON
-- ref: a reason for no SDQ score must only be given for a child looked after continuously for 12 months at 31 March (SSDA903 2022-23 validation checks, rule 198).
-- year_end: true
-- message: A reason for no SDQ score (SDQ_REASON) is given but the child was not looked after continuously for the 12 months to 31 March.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id, NULL
FROM stage.cla_outcome o
LEFT JOIN cla_looked_after_12_months c
  ON c.child_id = o.child_id AND c.la_code IS NOT DISTINCT FROM o.la_code AND c.collection_year IS NOT DISTINCT FROM o.collection_year
WHERE o.sdq_reason IS NOT NULL AND c.child_id IS NULL

-- rule: 151
-- table: cla_adoption
-- fields: DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR
-- ref: the adoption items (DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR) must all be given or all be left blank (SSDA903 2022-23 validation checks, rule 151). An item given but not valid (kept as missing, reported by its field rule) counts as given.
-- message: Some of the adoption items (DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR) are given and some are blank: give all of them or none.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'blank: ' || concat_ws(', ',
         CASE WHEN NOT given_int THEN 'DATE_INT' END, CASE WHEN NOT given_match THEN 'DATE_MATCH' END,
         CASE WHEN NOT given_foster THEN 'FOSTER_CARE' END, CASE WHEN NOT given_nb THEN 'NB_ADOPTR' END,
         CASE WHEN NOT given_sex THEN 'SEX_ADOPTR' END, CASE WHEN NOT given_ls THEN 'LS_ADOPTR' END)
FROM (
    SELECT *,
           date_int IS NOT NULL OR regexp_matches(coalesce(faults, ''), '\|DATE_INT:(invalid_[a-z]+|error_cell)\|') AS given_int,
           date_match IS NOT NULL OR regexp_matches(coalesce(faults, ''), '\|DATE_MATCH:(invalid_[a-z]+|error_cell)\|') AS given_match,
           foster_care IS NOT NULL OR regexp_matches(coalesce(faults, ''), '\|FOSTER_CARE:(invalid_[a-z]+|error_cell)\|') AS given_foster,
           nb_adoptr IS NOT NULL OR regexp_matches(coalesce(faults, ''), '\|NB_ADOPTR:(invalid_[a-z]+|error_cell)\|') AS given_nb,
           sex_adoptr IS NOT NULL OR regexp_matches(coalesce(faults, ''), '\|SEX_ADOPTR:(invalid_[a-z]+|error_cell)\|') AS given_sex,
           ls_adoptr IS NOT NULL OR regexp_matches(coalesce(faults, ''), '\|LS_ADOPTR:(invalid_[a-z]+|error_cell)\|') AS given_ls
    FROM stage.cla_adoption
)
WHERE (given_int OR given_match OR given_foster OR given_nb OR given_sex OR given_ls)
  AND NOT (given_int AND given_match AND given_foster AND given_nb AND given_sex AND given_ls)

-- rule: 199
-- table: cla_episode
-- fields: DECOM, REC
-- ref: a child who has been adopted from care (an episode ending with REC E11 or E12) cannot have a later episode (SSDA903 2022-23 validation checks, rule 199); checked against the episodes of this year's return and last year's.
-- message: The child was adopted (REC E11 or E12) in an earlier episode, but this episode starts after it: a child adopted from care does not come back as the same child.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'adopted in the episode from ' || strftime(min(a.decom), '%d/%m/%Y')
FROM stage.cla_episode e
JOIN stage.cla_episode a
  ON a.la_code = e.la_code AND a.child_id = e.child_id AND a.collection_year IN (e.collection_year, e.collection_year - 1)
WHERE a.rec IN ('E11', 'E12') AND a.decom < e.decom
GROUP BY ALL
