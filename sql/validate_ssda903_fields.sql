-- SSDA903 field rules: DfE's checks that one field's value is given, is a
-- code of its list, is a valid date or number, or has the right shape.
-- Most are field rules proper (an issue: key and no SELECT): they report
-- the rows whose field broke its rule as the reader read it (the row's
-- faults column). Where DfE's rule is narrower or wider than the reader's
-- (a condition on another field, a code list that changed by year, a
-- number's range), the rule has its own SELECT over the same faults.

-- rule: 101
-- table: cla_child
-- fields: SEX
-- ref: SSDA903 validation checks, 101: SEX must be given and a valid code (1 or 2 to 2023-24; M, F or U from 2024-25, lac2024_25).
-- ref: A code of the other years' list is not reported here (the reader reports it as an issue).
-- message: SEX is blank or not a valid code (M, F or U; 1 or 2 before 2024-25).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_child
WHERE sex IS NULL OR sex NOT IN ('1', '2', 'M', 'F', 'U')

-- rule: 232
-- table: cla_child
-- fields: SEX
-- years: 2025-
-- ref: SSDA903 2024-25 validation checks, rule 232 (lac2024_25): the child's sex should not be recorded as unknown (SEX U).
-- message: The child's sex is recorded as unknown (SEX U): record it as M or F where it is known.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_child
WHERE upper(sex) = 'U'

-- rule: 102
-- table: cla_child
-- fields: DOB
-- issue: invalid_date, missing_value, error_cell
-- ref: SSDA903 validation checks, 102: the date of birth must be a valid date.
-- message: DOB is blank or not a valid date.

-- rule: 103
-- table: cla_child
-- fields: ETHNIC
-- issue: invalid_code, missing_value, error_cell
-- ref: SSDA903 validation checks, 103: ETHNIC must be given and a code of the ethnicity list.
-- message: ETHNIC is blank or not a valid ethnicity code.

-- rule: 104
-- table: cla_uasc
-- fields: DUC
-- ref: SSDA903 validation checks, 104: the date UASC status ceased, where given, must be a valid date, and not before the start of the collection year.
-- message: DUC is not a valid date, or is before the start of the collection year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN duc IS NOT NULL THEN 'DUC is ' || strftime(duc, '%-d %B %Y') END
FROM stage.cla_uasc
WHERE contains(coalesce(faults, ''), '|DUC:invalid_date|') OR contains(coalesce(faults, ''), '|DUC:error_cell|')
   OR duc < make_date(collection_year - 1, 4, 1)

-- rule: 112
-- table: cla_adoption
-- fields: DATE_INT
-- issue: invalid_date, error_cell
-- ref: SSDA903 validation checks, 112: the date of the decision that the child should be placed for adoption, where given, must be a valid date.
-- message: DATE_INT is not a valid date.

-- rule: 113
-- table: cla_adoption
-- fields: DATE_MATCH
-- issue: invalid_date, error_cell
-- ref: SSDA903 validation checks, 113: the date the child was matched with adopters, where given, must be a valid date.
-- message: DATE_MATCH is not a valid date.

-- rule: 114
-- table: cla_adoption
-- fields: FOSTER_CARE
-- issue: invalid_flag, error_cell
-- ref: SSDA903 validation checks, 114: FOSTER_CARE (adopted by former foster carers), where given, must be 0 or 1.
-- message: FOSTER_CARE is not 0 or 1.

-- rule: 115
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED
-- issue: invalid_date, error_cell
-- ref: SSDA903 validation checks, 115: the date of the decision that the child should be placed for adoption, where given, must be a valid date.
-- message: DATE_PLACED is not a valid date.

-- rule: 116
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED_CEASED
-- issue: invalid_date, error_cell
-- ref: SSDA903 validation checks, 116: the date of the decision that the child should no longer be placed for adoption, where given, must be a valid date.
-- message: DATE_PLACED_CEASED is not a valid date.

-- rule: 120
-- table: cla_placed_for_adoption
-- fields: REASON_PLACED_CEASED
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 120: the reason the child should no longer be placed for adoption, where given, must be a valid code (RD1 to RD4).
-- message: REASON_PLACED_CEASED is not a valid code (RD1 to RD4).

-- rule: 131
-- table: cla_care_leaver
-- fields: IN_TOUCH
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 131: IN_TOUCH must be a valid code. A blank is left to rule 153 (all three care leaver fields or none).
-- message: IN_TOUCH is not a valid code.

-- rule: 132
-- table: cla_care_leaver
-- fields: ACTIV
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 132: ACTIV (activity after leaving care) must be a valid code. A blank is left to rule 153.
-- message: ACTIV is not a valid code.

-- rule: 133
-- table: cla_care_leaver
-- fields: ACCOM
-- ref: SSDA903 validation checks, 133: ACCOM (accommodation after leaving care) must be a valid code; S1 and X1 are not in DfE's list (no fixed abode and custody are never suitable). A blank is left to rule 153.
-- message: ACCOM is not a valid code.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN accom IS NOT NULL THEN 'ACCOM is ' || accom END
FROM stage.cla_care_leaver
WHERE (accom IS NULL AND (contains(coalesce(faults, ''), '|ACCOM:invalid_code|') OR contains(coalesce(faults, ''), '|ACCOM:error_cell|')))
   OR accom IN ('S1', 'X1')

-- rule: 141
-- table: cla_episode
-- fields: DECOM
-- issue: invalid_date, error_cell
-- ref: SSDA903 validation checks, 141: the date the episode began must be a valid date.
-- message: DECOM is not a valid date.

-- rule: 143
-- table: cla_episode
-- fields: RNE
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 143: the reason for new episode, where given, must be a valid code (S, P, L, T, U, B).
-- message: RNE is not a valid code (S, P, L, T, U or B).

-- rule: 144
-- table: cla_episode
-- fields: LS
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 144: the legal status, where given, must be a valid code.
-- message: LS is not a valid legal status code.

-- rule: 145
-- table: cla_episode
-- fields: CIN
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 145: the category of need, where given, must be a valid code (N1 to N8).
-- message: CIN is not a valid category of need code (N1 to N8).

-- rule: 146
-- table: cla_episode
-- fields: PLACE
-- ref: SSDA903 validation checks, 146: the placement type, where given, must be a valid code of the year's list: K3 added in 2024-25 (lac2024_25);
-- ref: H5, P2 and Z1 withdrawn and Z11 to Z14 added in 2025-26 (lac2025_26).
-- message: PLACE is not a valid placement type code for the collection year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN place IS NOT NULL THEN 'PLACE is ' || place END
FROM stage.cla_episode
WHERE (place IS NULL AND (contains(coalesce(faults, ''), '|PLACE:invalid_code|') OR contains(coalesce(faults, ''), '|PLACE:error_cell|')))
   OR place NOT IN ('A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'P1', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1',
                    'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')
      AND NOT (least(greatest(collection_year, 2023), 2027) <= 2025 AND place IN ('H5', 'P2', 'Z1'))
      AND NOT (least(greatest(collection_year, 2023), 2027) >= 2025 AND place = 'K3')
      AND NOT (least(greatest(collection_year, 2023), 2027) >= 2026 AND place IN ('Z11', 'Z12', 'Z13', 'Z14'))

-- rule: 147
-- table: cla_episode
-- fields: DEC
-- issue: invalid_date, error_cell
-- ref: SSDA903 validation checks, 147: the date the episode ceased, where given, must be a valid date.
-- message: DEC is not a valid date.

-- rule: 149
-- table: cla_episode
-- fields: REC
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 149: the reason the episode ceased, where given, must be a valid code.
-- message: REC is not a valid reason episode ceased code.

-- rule: 166
-- table: cla_review
-- fields: REVIEW
-- issue: invalid_date, missing_value, error_cell
-- ref: SSDA903 validation checks, 166: the date of the review must be given and a valid date.
-- message: REVIEW is blank or not a valid date.

-- rule: 167
-- table: cla_review
-- fields: REVIEW_CODE, REVIEW
-- ref: SSDA903 validation checks, 167: where a review date is given the participation code must be a valid code (PN0 to PN7), and with no review date no code is given.
-- message: REVIEW_CODE is blank or not a valid participation code (PN0 to PN7) for a review, or is given with no review date.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM (
    SELECT *, review IS NOT NULL OR contains(coalesce(faults, ''), '|REVIEW:invalid_date|') OR contains(coalesce(faults, ''), '|REVIEW:error_cell|') AS review_given,
           review_code IS NOT NULL OR contains(coalesce(faults, ''), '|REVIEW_CODE:invalid_code|') OR contains(coalesce(faults, ''), '|REVIEW_CODE:error_cell|') AS code_given,
           review_code IS NOT NULL AND NOT contains(coalesce(faults, ''), '|REVIEW_CODE:invalid_code|') AS code_valid
    FROM stage.cla_review
)
WHERE (review_given AND NOT code_valid) OR (NOT review_given AND code_given)

-- rule: 175
-- table: cla_adoption
-- fields: NB_ADOPTR
-- ref: SSDA903 validation checks, 175: the number of adopters, where given, must be 1 or 2.
-- message: NB_ADOPTR is not 1 or 2.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN nb_adoptr IS NOT NULL THEN 'NB_ADOPTR is ' || nb_adoptr END
FROM stage.cla_adoption
WHERE nb_adoptr NOT IN (1, 2) OR contains(coalesce(faults, ''), '|NB_ADOPTR:invalid_number|') OR contains(coalesce(faults, ''), '|NB_ADOPTR:error_cell|')

-- rule: 176
-- table: cla_adoption
-- fields: SEX_ADOPTR
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 176: the sex of the adopters, where given, must be a valid code (M1, F1, MM, FF, MF).
-- message: SEX_ADOPTR is not a valid code (M1, F1, MM, FF or MF).

-- rule: 177
-- table: cla_adoption
-- fields: LS_ADOPTR
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 177: the legal status of the adopters, where given, must be a valid code (L0, L11, L12, L2, L3, L4).
-- message: LS_ADOPTR is not a valid code (L0, L11, L12, L2, L3 or L4).

-- rule: 180
-- table: cla_outcome
-- fields: SDQ_SCORE
-- ref: SSDA903 validation checks, 180: the SDQ score, where given, must be a whole number from 0 to 40.
-- message: SDQ_SCORE is not a whole number from 0 to 40.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN sdq_score IS NOT NULL THEN 'SDQ_SCORE is ' || sdq_score END
FROM stage.cla_outcome
WHERE sdq_score NOT BETWEEN 0 AND 40 OR contains(coalesce(faults, ''), '|SDQ_SCORE:invalid_number|') OR contains(coalesce(faults, ''), '|SDQ_SCORE:error_cell|')

-- rule: 181
-- table: cla_outcome
-- fields: CONVICTED, HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE, INTERVENTION_RECEIVED, INTERVENTION_OFFERED
-- issue: invalid_flag, error_cell
-- ref: SSDA903 validation checks, 181: the outcomes of children looked after for 12 months (CONVICTED to INTERVENTION_OFFERED), where given, must be 0 or 1.
-- message: One of CONVICTED, HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE, INTERVENTION_RECEIVED or INTERVENTION_OFFERED is not 0 or 1.

-- rule: 564
-- table: cla_missing
-- fields: MIS_START, MISSING
-- ref: SSDA903 validation checks, 564: where the child was missing or away from placement (MISSING M or A), the date it started must be given.
-- message: MISSING is given but the date the spell started (MIS_START) is blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_missing
WHERE missing IS NOT NULL AND contains(coalesce(faults, ''), '|MIS_START:missing_value|')

-- rule: 631
-- table: cla_previous_permanence
-- fields: PREV_PERM
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 631: the previous permanence option, where given, must be a valid code (P1 to P4, Z1).
-- message: PREV_PERM is not a valid code (P1, P2, P3, P4 or Z1).

-- rule: 633
-- table: cla_previous_permanence
-- fields: LA_PERM
-- issue: invalid_la_code, error_cell
-- ref: SSDA903 validation checks, 633: the LA where the previous permanence option was arranged, where given, must be an LA's code or NUK, WAL, SCO or NIR.
-- message: LA_PERM is not an LA code (or NUK, WAL, SCO or NIR).

-- rule: 1009
-- table: cla_episode
-- fields: REASON_PLACE_CHANGE
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 1009: the reason for a placement change, where given, must be a valid code.
-- message: REASON_PLACE_CHANGE is not a valid code.

-- rule: SW03STG1
-- table: cla_social_worker
-- fields: SW_ID, SW_DECOM
-- years: 2024-
-- issue: missing_value
-- ref: SSDA903 2023-24 validation checks, SW03STG1: each social worker episode must have SW_ID, SW_DECOM and SW_REASON. A blank SW_REASON is left to SW13STG1, which from 2024-25 allows it on a child's first episode of the year.
-- message: SW_ID or SW_DECOM is blank: each social worker episode needs both.

-- rule: SW04STG1
-- table: cla_social_worker
-- fields: SW_DECOM
-- years: 2024-
-- issue: invalid_date, missing_value, error_cell
-- ref: SSDA903 2023-24 validation checks, SW04STG1: the date the social worker episode began must be given and a valid date.
-- message: SW_DECOM is blank or not a valid date.

-- rule: SW05STG1
-- table: cla_social_worker
-- fields: SW_DEC
-- years: 2024-
-- ref: SSDA903 2023-24 validation checks, SW05STG1: the date the social worker episode ended, where given, must be a valid date. The validator's 2025-26 version (lac2025_26) also fails a blank SW_DEC, but its message is about when the episode began, and 2025-26's SW17STG2 wants the child's latest episode left open: yardstick keeps the earlier reading, so an open episode is not an error, until DfE's 2025-26 specification says otherwise.
-- message: SW_DEC is not a valid date.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_social_worker
WHERE contains(coalesce(faults, ''), '|SW_DEC:invalid_date|') OR contains(coalesce(faults, ''), '|SW_DEC:error_cell|')

-- rule: 171
-- table: cla_child
-- fields: MC_DOB
-- issue: invalid_date, error_cell
-- ref: SSDA903 validation checks, 171: the date of birth of the mother's child, where given, must be a valid date.
-- message: MC_DOB is not a valid date.

-- rule: 178
-- table: cla_episode
-- fields: PLACE_PROVIDER
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 178: the placement provider, where given, must be a valid code (PR0 to PR5), and not given for placements with none (that part is rule 213).
-- message: PLACE_PROVIDER is not a valid code (PR0 to PR5).

-- rule: 196
-- table: cla_outcome
-- fields: SDQ_REASON
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 196: the reason for no SDQ score, where given, must be a valid code (SDQ1 to SDQ5).
-- message: SDQ_REASON is not a valid code (SDQ1 to SDQ5).

-- rule: 392c
-- table: cla_episode
-- fields: HOME_POST, PL_POST
-- issue: invalid_postcode, error_cell
-- ref: SSDA903 validation checks, 392c: the home and placement postcodes, where given, must be valid postcodes.
-- ref: Here: of a postcode's shape; whether it exists needs ONS's postcode directory.
-- message: HOME_POST or PL_POST is not a valid postcode.

-- rule: 1004
-- table: cla_missing
-- fields: MIS_START
-- issue: invalid_date, missing_value, error_cell
-- ref: SSDA903 validation checks, 1004: the date the missing or away spell started must be given and a valid date.
-- message: MIS_START is blank or not a valid date.

-- rule: 1005
-- table: cla_missing
-- fields: MIS_END
-- issue: invalid_date, error_cell
-- ref: SSDA903 validation checks, 1005: the date the missing or away spell ended, where given, must be a valid date.
-- message: MIS_END is not a valid date.

-- rule: 1006
-- table: cla_missing
-- fields: MISSING
-- issue: invalid_code, error_cell
-- ref: SSDA903 validation checks, 1006: whether the child was missing or away, where given, must be M or A.
-- message: MISSING is not M (missing) or A (away from placement without authorisation).

-- rule: 1008
-- table: cla_episode
-- fields: URN
-- issue: invalid_urn, error_cell
-- ref: SSDA903 validation checks, 1008: the Ofsted URN, where given, must be a valid URN.
-- ref: Here: of a URN's shape (6 or 7 digits, SC and 6 digits, or XXXXXXX); whether Ofsted has it needs Ofsted's provider list.
-- message: URN is not a valid Ofsted URN (6 or 7 digits, SC and 6 digits, or XXXXXXX).

-- rule: 700
-- table: cla_dolo
-- fields: DOLO_START
-- years: 2027-
-- issue: invalid_date, missing_value, error_cell
-- ref: SSDA903 2026-27 validation checks, 700: the date the deprivation of liberty order started must be given and a valid date.
-- message: DOLO_START is blank or not a valid date.

-- rule: 701
-- table: cla_dolo
-- fields: DOLO_END
-- years: 2027-
-- issue: invalid_date, error_cell
-- ref: SSDA903 2026-27 validation checks, 701: the date the deprivation of liberty order ended, where given, must be a valid date.
-- message: DOLO_END is not a valid date.
