-- CIN census field rules: DfE's checks that one field's value is given, is
-- a code of its list or has the right shape. Most are field rules proper
-- (an issue: key and no SELECT): they report the rows whose field broke its
-- rule as the reader read it (the row's faults column). Where DfE's rule
-- has a condition on another field, or its list changed by year, the rule
-- has its own SELECT over the same faults.

-- rule: 4180
-- table: cin_child
-- fields: Sex, GenderCurrent
-- ref: CIN census validation rules, 4180: the child's gender (GenderCurrent 0, 1, 2 or 9) must be given and valid; from 2024-25 (cin2024_25) the child's Sex (M, F or U) instead.
-- message: The child's sex is blank or not a valid code (Sex M, F or U; before 2024-25 GenderCurrent 0, 1, 2 or 9).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_child
WHERE CASE WHEN least(greatest(collection_year, 2023), 2026) >= 2025 THEN sex IS NULL OR sex NOT IN ('M', 'F', 'U')
           ELSE gender_current IS NULL OR gender_current NOT IN ('0', '1', '2', '9') END

-- rule: 4220
-- table: cin_child
-- fields: Ethnicity
-- issue: invalid_code, missing_value, error_cell
-- ref: CIN census validation rules, 4220: Ethnicity must be given and a code of the ethnicity list.
-- message: Ethnicity is blank or not a valid ethnicity code.

-- rule: 8540
-- table: cin_disability
-- fields: Disability
-- issue: invalid_code, missing_value, error_cell
-- ref: CIN census validation rules, 8540: the child's disabilities must be given (for a child born, with a referral going on to further action) and each a valid code.
-- ref: Here: each Disability given is a valid code; a child with no Disability element is not reported.
-- message: A Disability is blank or not a valid disability code.

-- rule: 8568
-- table: cin_episode
-- fields: ReferralNFA
-- ref: CIN census validation rules, 8568: ReferralNFA must be given and be true, false, 1 or 0.
-- message: ReferralNFA is blank or not true/false (1/0).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_episode
WHERE referral_nfa IS NULL

-- rule: 8610
-- table: cin_episode
-- fields: PrimaryNeedCode, ReferralNFA
-- ref: CIN census validation rules, 8610: a referral going on to further action (ReferralNFA false) must have a PrimaryNeedCode.
-- message: PrimaryNeedCode is blank for a referral that went on to further action.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_episode
WHERE NOT referral_nfa AND contains(coalesce(faults, ''), '|PrimaryNeedCode:missing_value|')

-- rule: 8617
-- table: cin_assessment_factor
-- fields: AssessmentFactors
-- issue: invalid_code, error_cell
-- ref: CIN census validation rules, 8617: code 8A is not a valid assessment factor. Here any code not in the assessment factor list (8A is one).
-- message: AssessmentFactors is not a valid factor code (8A is not one).

-- rule: 8640
-- table: cin_episode
-- fields: ReasonForClosure
-- issue: invalid_code, error_cell
-- ref: CIN census validation rules, 8640: the reason for closure, where given, must be a valid code (RC1 to RC9).
-- message: ReasonForClosure is not a valid code (RC1 to RC9).

-- rule: 8650
-- table: cin_episode
-- fields: PrimaryNeedCode
-- issue: invalid_code, error_cell
-- ref: CIN census validation rules, 8650: the primary need, where given, must be a valid code (N0 to N9).
-- message: PrimaryNeedCode is not a valid code (N0 to N9).

-- rule: 8730
-- table: cin_cp_plan
-- fields: NumberOfPreviousCPP
-- ref: CIN census validation rules, 8730: every child protection plan must give the number of previous plans, zero or more.
-- message: NumberOfPreviousCPP is blank, not a whole number, or negative.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN number_of_previous_cpp IS NOT NULL THEN 'NumberOfPreviousCPP is ' || number_of_previous_cpp END
FROM stage.cin_cp_plan
WHERE number_of_previous_cpp IS NULL OR number_of_previous_cpp < 0

-- rule: 8905
-- table: cin_cp_plan
-- fields: InitialCategoryOfAbuse
-- issue: invalid_code, missing_value, error_cell
-- ref: CIN census validation rules, 8905: every child protection plan must give its initial category of abuse, a valid code.
-- message: InitialCategoryOfAbuse is blank or not a valid code (NEG, PHY, SAB, EMO or MUL).

-- rule: 8910
-- table: cin_cp_plan
-- fields: LatestCategoryOfAbuse
-- issue: invalid_code, missing_value, error_cell
-- ref: CIN census validation rules, 8910: every child protection plan must give its latest category of abuse, a valid code.
-- message: LatestCategoryOfAbuse is blank or not a valid code (NEG, PHY, SAB, EMO or MUL).

-- rule: 1560Q
-- type: query
-- table: cin_child
-- fields: FormerUPN
-- ref: CIN census validation rules, 1560Q: a FormerUPN, where given, should have a UPN's shape (13 characters: a letter and twelve digits, or eleven and a letter).
-- ref: Here: not 13 characters, or characters 2 to 12 not digits, or the last not a digit or check letter (the first character is not checked).
-- message: The FormerUPN does not have the shape of a UPN.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_child
WHERE former_upn_fault IN ('1540', '1550')

-- rule: 8842Q
-- type: query
-- table: cin_cp_review
-- fields: CPPreviewDate
-- issue: missing_value, invalid_date, error_cell
-- ref: CIN census validation rules, 8842Q: where a Reviews group is present, it should hold a valid CPPreviewDate. Here: each CPPreviewDate element given is a date; a Reviews group with no CPPreviewDate element at all leaves no row to report.
-- message: Please check: a child protection plan's review has no date, or its CPPreviewDate is not a date.
