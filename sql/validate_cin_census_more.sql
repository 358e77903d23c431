-- DfE's CIN census validation rules (2022-23 to 2025-26) beyond those of
-- validate_cin_census.sql: the rest of the rules on one child's records
-- (identifiers, referrals with no further action, assessment factors,
-- section 47 enquiries) that the stage tables can judge. Same format as
-- validate_cin_census.sql; a row of the census is its <Child>, source_row
-- n the n-th child of the file. Dates of birth are kept to the month, so
-- rules on them fire only where the month makes the failure certain.

-- rule: 8590
-- table: cin_child
-- fields: LAchildID, CINdetails
-- ref: Each child must have at least one CINdetails group (CIN census 2022-23 validation rules, rule 8590).
-- message: The child has no CIN episode (no CINdetails group): a child in the census must have at least one.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id, NULL
FROM stage.cin_child c
WHERE NOT EXISTS (SELECT 1 FROM stage.cin_episode e WHERE e.source_file = c.source_file AND e.source_row = c.source_row)

-- rule: 8770Q
-- type: query
-- table: cin_child
-- fields: UPN, UPNunknown, PersonBirthDate, ReferralNFA
-- ref: A child of school age with a referral going on to further action should have a UPN or a reason it is unknown other than UN1; school age is born on or before ReferenceDate minus 6 years up to 2023-24, and from 2024-25 born by 31 August of the year four years before the ReferenceDate (CIN census validation rules, rule 8770Q).
-- message: The child is of school age and has a referral that went on to further action, but has no UPN and no reason it is unknown (or the reason is UN1, not of school age): give the UPN or the reason.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN reason = 'UN1' THEN 'reason given is UN1' ELSE 'no UPN and no reason' END
FROM (
    SELECT c.*, coalesce(c.upn_unknown, CASE WHEN c.upn LIKE 'UN%' THEN c.upn END) AS reason
    FROM stage.cin_child c
    WHERE (c.upn IS NULL OR c.upn LIKE 'UN%')
      AND CASE WHEN c.collection_year >= 2025 THEN c.dob_month <= make_date(c.collection_year - 4, 8, 1)
               ELSE c.dob_month <= make_date(c.collection_year - 6, 3, 1) END
      AND EXISTS (SELECT 1 FROM stage.cin_episode e WHERE e.source_file = c.source_file AND e.source_row = c.source_row
                  AND e.referral_nfa = false)
)
WHERE reason IS NULL OR reason = 'UN1'

-- rule: 8772
-- table: cin_child
-- fields: UPNunknown, ReferralNFA
-- ref: If UPNunknown is UN7 (referral with no further action), every CINdetails of the child must have ReferralNFA true (CIN census 2022-23 validation rules, rule 8772).
-- message: The reason the UPN is unknown is UN7 (a referral with no further action), but one of the child's referrals went on to further action (ReferralNFA is not true).
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'episode ' || min(e.episode_number)
FROM stage.cin_child c
JOIN stage.cin_episode e ON e.source_file = c.source_file AND e.source_row = c.source_row
WHERE c.upn_unknown = 'UN7' AND e.referral_nfa IS DISTINCT FROM true
GROUP BY ALL

-- rule: 8775Q
-- type: query
-- table: cin_child
-- fields: PersonBirthDate, CINclosureDate
-- ref: A child born more than 25 years before the ReferenceDate should not have a CIN episode open, or closing, after their 25th birthday (CIN census 2022-23 validation rules, rule 8775Q).
-- year_end: true
-- message: The child is over 25 years old at the ReferenceDate and still had a CIN episode open after their 25th birthday: check the date of birth.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id, NULL
FROM stage.cin_child c
WHERE c.dob_month < make_date(c.collection_year - 25, 3, 1)
  AND (NOT EXISTS (SELECT 1 FROM stage.cin_episode e WHERE e.source_file = c.source_file AND e.source_row = c.source_row)
       OR EXISTS (SELECT 1 FROM stage.cin_episode e WHERE e.source_file = c.source_file AND e.source_row = c.source_row
                  AND (e.closure_date IS NULL OR e.closure_date >= c.dob_month + INTERVAL 25 YEAR + INTERVAL 1 MONTH)))

-- rule: 8585Q
-- type: query
-- table: cin_episode
-- fields: ReasonForClosure, PersonDeathDate
-- ref: If ReasonForClosure is RC2 (died), the child's PersonDeathDate should be present (CIN census 2022-23 validation rules, rule 8585Q).
-- message: The episode was closed because the child died (RC2), but the child has no date of death.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'episode ' || e.episode_number
FROM stage.cin_episode e
JOIN stage.cin_child c USING (source_file, source_row)
WHERE e.reason_for_closure = 'RC2' AND c.death_month IS NULL

-- rule: 8866
-- table: cin_episode
-- fields: CINreferralDate, ReferralSource
-- ref: If CINreferralDate is on or after 1 April 2013, ReferralSource must be present and a valid code (CIN census 2022-23 validation rules, rule 8866).
-- message: The referral (made on or after 1 April 2013) has no valid source of referral.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_episode
WHERE referral_date >= DATE '2013-04-01' AND referral_source IS NULL

-- rule: 8831
-- table: cin_episode
-- fields: ReferralNFA, AssessmentActualStartDate, AssessmentAuthorisationDate, S47ActualStartDate, DateOfInitialCPC
-- ref: A CINdetails with ReferralNFA true or 1 cannot have an assessment start or authorisation date, a section 47 start date or an initial conference date (CIN census 2022-23 validation rules, rule 8831).
-- message: Activity (an assessment, a section 47 enquiry or an initial child protection conference) is recorded on a referral marked as no further action (ReferralNFA true).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'episode ' || e.episode_number
FROM stage.cin_episode e
WHERE e.referral_nfa
  AND (e.date_of_initial_cpc IS NOT NULL
       OR EXISTS (SELECT 1 FROM stage.cin_assessment a WHERE a.source_file = e.source_file AND a.source_row = e.source_row
                  AND a.episode_number = e.episode_number AND (a.start_date IS NOT NULL OR a.authorisation_date IS NOT NULL))
       OR EXISTS (SELECT 1 FROM stage.cin_s47 s WHERE s.source_file = e.source_file AND s.source_row = e.source_row
                  AND s.episode_number = e.episode_number AND (s.start_date IS NOT NULL OR s.date_of_initial_cpc IS NOT NULL)))

-- rule: 8832
-- table: cin_cp_plan
-- fields: ReferralNFA, CPPstartDate
-- ref: A CINdetails with ReferralNFA true or 1 must have no child protection plan (CIN census 2022-23 validation rules, rule 8832).
-- message: A child protection plan is recorded on a referral marked as no further action (ReferralNFA true).
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id, 'episode ' || p.episode_number
FROM stage.cin_cp_plan p
JOIN stage.cin_episode e USING (source_file, source_row, episode_number)
WHERE e.referral_nfa

-- rule: 8897
-- table: cin_assessment
-- fields: AssessmentAuthorisationDate, AssessmentFactors
-- ref: If AssessmentAuthorisationDate is on or after the start of the census year, one or more valid AssessmentFactors must be present in the assessment (CIN census 2022-23 validation rules, rule 8897).
-- message: The assessment was completed in the census year but has no valid parental or child factor (AssessmentFactors).
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'episode ' || a.episode_number || ', assessment ' || a.assessment_number
FROM stage.cin_assessment a
WHERE a.authorisation_date >= make_date(a.collection_year - 1, 4, 1)
  AND NOT EXISTS (SELECT 1 FROM stage.cin_assessment_factor f WHERE f.source_file = a.source_file AND f.source_row = a.source_row
                  AND f.episode_number = a.episode_number AND f.assessment_number = a.assessment_number AND f.factor IS NOT NULL)

-- rule: 8898
-- table: cin_assessment_factor
-- fields: AssessmentFactors
-- ref: An assessment's AssessmentFactors must not repeat a code (CIN census 2022-23 validation rules, rule 8898).
-- message: The assessment has the same parental or child factor code more than once.
SELECT any_value(la_code), any_value(collection_year), source_file, any_value(source_sheet), source_row, any_value(child_id),
       'episode ' || episode_number || ', assessment ' || assessment_number || ': ' || factor
FROM stage.cin_assessment_factor
WHERE factor IS NOT NULL
GROUP BY source_file, source_row, episode_number, assessment_number, factor
HAVING count(*) > 1

-- rule: 8899Q
-- type: query
-- table: cin_assessment
-- fields: Disability, AssessmentAuthorisationDate, AssessmentFactors
-- ref: If the child has a disability other than NONE and AssessmentAuthorisationDate is on or after the start of the census year, AssessmentFactors should include 5A or 6A (CIN census 2022-23 validation rules, rule 8899Q).
-- message: The child has a disability but an assessment completed in the census year records no disability factor (5A or 6A).
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'episode ' || a.episode_number || ', assessment ' || a.assessment_number
FROM stage.cin_assessment a
WHERE a.authorisation_date >= make_date(a.collection_year - 1, 4, 1)
  AND EXISTS (SELECT 1 FROM stage.cin_disability d WHERE d.source_file = a.source_file AND d.source_row = a.source_row
              AND d.disability <> 'NONE')
  AND NOT EXISTS (SELECT 1 FROM stage.cin_assessment_factor f WHERE f.source_file = a.source_file AND f.source_row = a.source_row
                  AND f.episode_number = a.episode_number AND f.assessment_number = a.assessment_number AND f.factor IN ('5A', '6A'))

-- rule: 8870Q
-- type: query
-- table: cin_s47
-- fields: InitialCPCtarget
-- ref: Where present, InitialCPCtarget should not be a Saturday or Sunday (CIN census 2022-23 validation rules, rule 8870Q).
-- message: The target date for the initial child protection conference falls on a weekend.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'episode ' || episode_number || ', ' || strftime(initial_cpc_target, '%A %-d %B %Y')
FROM stage.cin_s47
WHERE isodow(initial_cpc_target) >= 6

-- rule: 8530Q
-- type: query
-- table: cin_child
-- fields: ExpectedPersonBirthDate
-- ref: If present, ExpectedPersonBirthDate should be between 30 days before the ReferenceDate and 9 months after it (CIN census 2022-23 validation rules, rule 8530Q). It is kept to its month: reported where the whole month is outside (with a ReferenceDate of 31 March, before March or after December).
-- message: Please check: the expected date of birth is outside the range expected for this census (March to December of the year the census ends).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_child
WHERE expected_dob_month + INTERVAL 1 MONTH - INTERVAL 1 DAY <= make_date(collection_year, 3, 31) - INTERVAL 30 DAY
   OR expected_dob_month >= make_date(collection_year, 3, 31) + INTERVAL 9 MONTH

-- rule: 2884
-- table: cin_s47
-- fields: DateOfInitialCPC
-- ref: An initial child protection conference should be recorded in one place only: a Section47's DateOfInitialCPC must not be the date also given as the CINdetails' DateOfInitialCPC (CIN census 2022-23 validation rules, rule 2884); judged for the child's episodes.
-- message: The initial child protection conference is recorded both on a section 47 enquiry and on the CIN details (DateOfInitialCPC): record it in one only.
SELECT x.la_code, x.collection_year, x.source_file, x.source_sheet, x.source_row, x.child_id, 'episode ' || x.episode_number
FROM stage.cin_s47 x
WHERE EXISTS (SELECT 1 FROM stage.cin_episode e WHERE e.source_file = x.source_file AND e.source_row = x.source_row
              AND e.date_of_initial_cpc = x.date_of_initial_cpc)

-- rule: 2991Q
-- type: query
-- table: cin_s47
-- fields: Section47, Assessments
-- ref: A CINdetails with a Section47 group should also have an Assessments group (CIN census 2022-23 validation rules, rule 2991Q); each section 47 enquiry of such an episode is reported.
-- message: Please check: the episode has a section 47 enquiry but no assessment.
SELECT x.la_code, x.collection_year, x.source_file, x.source_sheet, x.source_row, x.child_id, 'episode ' || x.episode_number
FROM stage.cin_s47 x
WHERE NOT EXISTS (SELECT 1 FROM stage.cin_assessment a WHERE a.source_file = x.source_file AND a.source_row = x.source_row
                  AND a.episode_number = x.episode_number)

-- rule: 8825Q
-- type: query
-- table: cin_episode
-- fields: ReasonForClosure, Assessments
-- ref: If ReasonForClosure is RC8 or RC9 (closed after assessment), the CINdetails should have at least one Assessments group (CIN census 2022-23 validation rules, rule 8825Q).
-- message: Please check: the episode was closed after assessment (RC8 or RC9) but has no assessment.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'episode ' || e.episode_number || ', ' || e.reason_for_closure
FROM stage.cin_episode e
WHERE e.reason_for_closure IN ('RC8', 'RC9')
  AND NOT EXISTS (SELECT 1 FROM stage.cin_assessment a WHERE a.source_file = e.source_file AND a.source_row = e.source_row
                  AND a.episode_number = e.episode_number)

-- rule: 4012Q
-- type: query
-- table: cin_plan
-- fields: CINPlanStartDate, CINPlanEndDate
-- ref: Within a CINPlanDates group, CINPlanStartDate should not be the same as CINPlanEndDate (CIN census 2022-23 validation rules, rule 4012Q).
-- message: Please check: the CIN plan starts and ends on the same day.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'episode ' || episode_number || ', ' || strftime(start_date, '%-d %B %Y')
FROM stage.cin_plan
WHERE start_date = end_date

-- rule: 8614
-- table: cin_assessment
-- fields: AssessmentAuthorisationDate, AssessmentFactors
-- ref: If AssessmentAuthorisationDate is missing, the assessment's AssessmentFactors must be missing too (CIN census 2022-23 validation rules, rule 8614): factors are recorded for a completed assessment only.
-- message: The assessment has parental or child factors (AssessmentFactors) but no authorisation date: factors belong to a completed assessment only.
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'episode ' || a.episode_number || ', assessment ' || a.assessment_number
FROM stage.cin_assessment a
WHERE a.authorisation_date IS NULL
  AND EXISTS (SELECT 1 FROM stage.cin_assessment_factor f WHERE f.source_file = a.source_file AND f.source_row = a.source_row
              AND f.episode_number = a.episode_number AND f.assessment_number = a.assessment_number
              AND (f.factor IS NOT NULL OR contains(coalesce(f.faults, ''), '|AssessmentFactors:invalid_code|')))

-- rule: 8670Q
-- type: query
-- table: cin_assessment
-- fields: AssessmentActualStartDate, AssessmentAuthorisationDate, ReferenceDate
-- ref: If AssessmentAuthorisationDate is not present, AssessmentActualStartDate should not be before the ReferenceDate minus 45 working days (CIN census 2022-23 validation rules, rule 8670Q); working days are Monday to Friday but England's bank holidays.
-- year_end: true
-- message: Please check: the assessment started more than 45 working days before the end of the census year and has no authorisation date.
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'episode ' || a.episode_number || ', assessment ' || a.assessment_number || ', started ' || strftime(a.start_date, '%-d %B %Y')
FROM stage.cin_assessment a
-- the 45th working day before the census's 31 March
JOIN cin_working_day w ON w.collection_year = a.collection_year AND w.n = 45
WHERE a.authorisation_date IS NULL AND a.start_date < w.day

-- rule: 8675Q
-- type: query
-- table: cin_s47
-- fields: S47ActualStartDate, DateOfInitialCPC, ICPCnotRequired, ReferenceDate
-- ref: If DateOfInitialCPC is not present and ICPCnotRequired is false, S47ActualStartDate should not be before the ReferenceDate minus 15 working days (CIN census 2022-23 validation rules, rule 8675Q; the validator's Python compares the other way, against the rule's text and message); working days are Monday to Friday but England's bank holidays.
-- year_end: true
-- message: Please check: the section 47 enquiry started more than 15 working days before the end of the census year and has no initial child protection conference date.
SELECT x.la_code, x.collection_year, x.source_file, x.source_sheet, x.source_row, x.child_id,
       'episode ' || x.episode_number || ', started ' || strftime(x.start_date, '%-d %B %Y')
FROM stage.cin_s47 x
-- the 15th working day before the census's 31 March
JOIN cin_working_day w ON w.collection_year = x.collection_year AND w.n = 15
WHERE x.date_of_initial_cpc IS NULL AND NOT x.icpc_not_required AND x.start_date < w.day

-- rule: 8875
-- table: cin_s47
-- fields: DateOfInitialCPC
-- ref: Where present, a Section47's DateOfInitialCPC must not be a Saturday or Sunday (CIN census 2022-23 validation rules, rule 8875).
-- message: The initial child protection conference of the section 47 enquiry (DateOfInitialCPC) is on a weekend.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'episode ' || episode_number || ', ' || strftime(date_of_initial_cpc, '%A %-d %B %Y')
FROM stage.cin_s47
WHERE isodow(date_of_initial_cpc) >= 6

-- rule: 8750
-- table: cin_child
-- fields: Sex, GenderCurrent, PersonBirthDate, ExpectedPersonBirthDate
-- ref: If ExpectedPersonBirthDate is present and PersonBirthDate is blank (an unborn child), GenderCurrent must be 0 (CIN census 2022-23 validation rules, rule 8750); from 2024-25 (cin2024_25) Sex must be U instead.
-- message: The child is unborn (an expected date of birth, no date of birth) but its sex is not U, not known (before 2024-25, GenderCurrent not 0).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN least(greatest(collection_year, 2023), 2026) >= 2025 THEN 'Sex is ' || coalesce(sex, 'blank or not a code')
            ELSE 'GenderCurrent is ' || coalesce(gender_current, 'blank or not a code') END
FROM stage.cin_child
WHERE dob_month IS NULL AND expected_dob_month IS NOT NULL
  AND CASE WHEN least(greatest(collection_year, 2023), 2026) >= 2025 THEN sex IS DISTINCT FROM 'U'
           ELSE gender_current IS DISTINCT FROM '0' END

-- rule: 8945Q
-- type: query
-- table: cin_assessment_factor
-- fields: AssessmentFactors
-- years: 2025-
-- ref: The assessment factor code 18A should not be used: 18B or 18C instead (CIN census 2024-25 validation rules, rule 8945Q).
-- message: Please check: the assessment factor 18A (physical abuse) should not be used; use 18B (by an adult) or 18C (by another child).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'episode ' || episode_number || ', assessment ' || assessment_number
FROM stage.cin_assessment_factor
WHERE factor = '18A'

-- rule: 8950Q
-- type: query
-- table: cin_assessment_factor
-- fields: AssessmentFactors
-- years: 2025-
-- ref: The assessment factor code 19A should not be used: 19B or 19C instead (CIN census 2024-25 validation rules, rule 8950Q).
-- message: Please check: the assessment factor 19A (sexual abuse) should not be used; use 19B (by an adult) or 19C (by another child).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'episode ' || episode_number || ', assessment ' || assessment_number
FROM stage.cin_assessment_factor
WHERE factor = '19A'

-- rule: 2883
-- level: la
-- table: cin_cp_plan
-- fields: CPPstartDate, DateOfInitialCPC
-- ref: Within an LA, the number of CPPstartDates within the census year must not exceed the number of DateOfInitialCPCs within it, on CINdetails and on Section47 together (CIN census 2022-23 validation rules, rule 2883).
-- message: More child protection plans start in the census year than initial child protection conferences take place in it.
SELECT f.la_code, f.collection_year, f.source_file, NULL, NULL, NULL,
       coalesce(p.n, 0) || ' plans started against ' || (coalesce(e.n, 0) + coalesce(s.n, 0)) || ' initial conferences'
FROM (SELECT DISTINCT la_code, collection_year, source_file FROM stage.cin_child) f
LEFT JOIN (SELECT source_file, count(*) AS n FROM stage.cin_cp_plan
           WHERE start_date BETWEEN make_date(collection_year - 1, 4, 1) AND make_date(collection_year, 3, 31) GROUP BY ALL) p USING (source_file)
LEFT JOIN (SELECT source_file, count(*) AS n FROM stage.cin_episode
           WHERE date_of_initial_cpc BETWEEN make_date(collection_year - 1, 4, 1) AND make_date(collection_year, 3, 31) GROUP BY ALL) e USING (source_file)
LEFT JOIN (SELECT source_file, count(*) AS n FROM stage.cin_s47
           WHERE date_of_initial_cpc BETWEEN make_date(collection_year - 1, 4, 1) AND make_date(collection_year, 3, 31) GROUP BY ALL) s USING (source_file)
WHERE coalesce(p.n, 0) > coalesce(e.n, 0) + coalesce(s.n, 0)

-- rule: 2886Q
-- type: query
-- level: la
-- table: cin_child
-- fields: Sex, GenderCurrent, ExpectedPersonBirthDate
-- ref: The children with no sex recorded (Sex missing or U; before 2024-25 GenderCurrent missing or 0) and no ExpectedPersonBirthDate should be at most 2% of the census's children (CIN census 2022-23 validation rules, rule 2886Q; Sex from 2024-25, cin2024_25).
-- message: Please check: more than 2% of the children (not counting unborn children) have no sex recorded.
SELECT la_code, collection_year, source_file, NULL, NULL, NULL, 'no sex recorded: ' || unknown || ' of ' || children || ' children'
FROM (
    SELECT la_code, collection_year, source_file, count(*) AS children,
           count(*) FILTER (WHERE expected_dob_month IS NULL
                            AND CASE WHEN least(greatest(collection_year, 2023), 2026) >= 2025 THEN sex IS NULL OR sex = 'U'
                                     ELSE gender_current IS NULL OR gender_current = '0' END) AS unknown
    FROM stage.cin_child
    GROUP BY ALL
)
WHERE unknown > 0.02 * children

-- rule: 2888Q
-- type: query
-- level: la
-- table: cin_disability
-- fields: Disability
-- ref: Leaving out NONE, at least one child of the census should have more than one disability recorded; queried when every child with a disability has only one (CIN census 2022-23 validation rules, rule 2888Q). A census with no disability at all is left to 2887Q.
-- message: Please check: every child with a disability has only one disability code; record all of a child's disabilities.
SELECT la_code, collection_year, source_file, NULL, NULL, NULL, disabled || ' children with a disability and none with two codes'
FROM (
    SELECT la_code, collection_year, source_file, count(*) AS disabled, max(codes) AS most
    FROM (SELECT la_code, collection_year, source_file, source_row, count(*) AS codes
          FROM stage.cin_disability
          WHERE disability IS NOT NULL AND disability <> 'NONE'
          GROUP BY ALL)
    GROUP BY ALL
)
WHERE most = 1
