-- DfE's validation rules for the CIN census, over the stage tables.
--
-- Each rule starts at a "-- rule: CODE" line; the lines after it give its
-- metadata (source: DfE, or yardstick for a check DfE does not number;
-- type: error or query; level: row or la; table; fields, by the census's own
-- names; years: the collection years it applies to, e.g. 2025- for rules
-- new in 2024-25; message, in our words), then one SELECT of the failing
-- rows with the columns
--     la_code, collection_year, source_file, source_sheet, source_row, child_id, detail
-- detail (or NULL) is added to the message: which other row, by how much.
-- It never quotes an identifier or a date of birth. A row of the census is
-- its <Child>: source_row n is the n-th child of the file.
--
-- The census year runs from 1 April of collection_year - 1 to its
-- ReferenceDate, 31 March of collection_year (rule 100 checks the header).
-- Dates of birth and death are kept to the month, so rules on them compare
-- months and fire only where the month makes the failure certain.

-- rule: 100
-- table: cin_header
-- fields: ReferenceDate
-- message: The header's ReferenceDate is not 31 March of the collection year; the census was exported for another year or period.
SELECT la_code, collection_year, source_file, source_sheet, source_row, NULL,
       'it is ' || strftime(reference_date, '%-d %B %Y')
FROM stage.cin_header
WHERE reference_date IS DISTINCT FROM make_date(collection_year, 3, 31)

-- rule: header_year
-- source: yardstick
-- table: cin_header
-- fields: Year, ReferenceDate
-- message: The header's Year is not the year of its ReferenceDate; the ReferenceDate was used.
SELECT la_code, collection_year, source_file, source_sheet, source_row, NULL,
       'Year is ' || header_year || ', ReferenceDate makes it ' || collection_year
FROM stage.cin_header
WHERE header_year IS DISTINCT FROM collection_year AND header_year IS NOT NULL

-- rule: 8500
-- table: cin_child
-- fields: LAchildID
-- message: The child has no LAchildID.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_child
WHERE child_id IS NULL

-- rule: 8510
-- table: cin_child
-- fields: LAchildID
-- message: More than one child in the census has this LAchildID.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'also child ' || first_value(c.source_row) OVER w
FROM stage.cin_child c
-- only the IDs given twice are ordered: a national census has 600k children
JOIN (SELECT source_file, child_id FROM stage.cin_child WHERE child_id IS NOT NULL
      GROUP BY source_file, child_id HAVING count(*) > 1) twice USING (source_file, child_id)
WINDOW w AS (PARTITION BY c.source_file, c.child_id ORDER BY c.source_row)
QUALIFY row_number() OVER w > 1

-- rule: 1510
-- table: cin_child
-- fields: UPN
-- message: The UPN's check letter (its first character) does not match its digits, so it was mistyped and will not link to the child's other records.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_child
WHERE upn_fault = '1510'

-- rule: 1520
-- table: cin_child
-- fields: UPN
-- message: Another child in the census has the same UPN.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'also child ' || first_value(c.source_row) OVER w
FROM stage.cin_child c
-- only the UPNs given twice are ordered
JOIN (SELECT source_file, upn FROM stage.cin_child WHERE upn IS NOT NULL AND upn NOT LIKE 'UN%' AND child_id IS NOT NULL
      GROUP BY source_file, upn HAVING count(*) > 1) twice USING (source_file, upn)
WHERE c.child_id IS NOT NULL
WINDOW w AS (PARTITION BY c.source_file, c.upn ORDER BY c.source_row)
QUALIFY row_number() OVER w > 1 AND c.child_id IS DISTINCT FROM first_value(c.child_id) OVER w

-- rule: 1530
-- table: cin_child
-- fields: UPN
-- ref: CIN census validation rules, 1530: characters 2 to 4 of a UPN must be an LA code of April 1998 or later, or a pseudo LA code DfE recognises. The codes are transforms/upn/la_codes.csv, shipped with yardstick (with the LAs created since DfE's list); the reader checks them before the UPN is pseudonymised. A UPN that also has the wrong check letter is reported under 1510 only.
-- message: The UPN's characters 2 to 4 are not the code of an LA that issues UPNs; it was mistyped or made up.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_child
WHERE upn_fault = '1530'

-- rule: 1540
-- table: cin_child
-- fields: UPN
-- message: The UPN is not a letter followed by eleven digits (characters 2 to 12); it was mistyped.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_child
WHERE upn_fault = '1540'

-- rule: 1550
-- table: cin_child
-- fields: UPN
-- message: The UPN's 13th character is not a digit or a letter a UPN may end in (A-Z except I, O and S).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_child
WHERE upn_fault = '1550'

-- rule: former_upn
-- source: yardstick
-- table: cin_child
-- fields: FormerUPN
-- message: The FormerUPN is not a valid UPN (wrong check letter or not a letter, eleven digits and a final character); it will not link to the child's old records.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'as rule ' || former_upn_fault
FROM stage.cin_child
WHERE former_upn_fault IS NOT NULL

-- rule: upn_and_unknown_reason
-- source: yardstick
-- table: cin_child
-- fields: UPN, UPNunknown
-- message: A reason the UPN is unknown (UPNunknown) is given, but so is a UPN; give one or the other.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_child
WHERE upn_unknown IS NOT NULL AND upn IS NOT NULL AND upn NOT LIKE 'UN%'

-- rule: 8520
-- table: cin_child
-- fields: PersonBirthDate, ReferenceDate
-- message: The child is born after the end of the census year (its ReferenceDate).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_child
WHERE dob_month > make_date(collection_year, 3, 1)

-- rule: 8525
-- table: cin_child
-- fields: PersonBirthDate, ExpectedPersonBirthDate
-- message: Give either the date of birth or the expected date of birth, not both and not neither.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN dob_month IS NULL THEN 'neither is given' ELSE 'both are given' END
FROM stage.cin_child
WHERE (dob_month IS NULL) = (expected_dob_month IS NULL)

-- rule: 8535Q
-- type: query
-- table: cin_child
-- fields: PersonDeathDate, PersonBirthDate
-- message: The child's date of death is before their date of birth.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_child
WHERE death_month < dob_month

-- rule: 8545Q
-- type: query
-- table: cin_child
-- fields: PersonDeathDate, ReferenceDate
-- message: The child's date of death is outside the census year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cin_child
WHERE death_month < make_date(collection_year - 1, 4, 1) OR death_month > make_date(collection_year, 3, 1)

-- rule: 8794
-- table: cin_disability
-- fields: Disability
-- message: The child has the same disability code more than once.
SELECT any_value(la_code), any_value(collection_year), source_file, any_value(source_sheet), source_row, any_value(child_id), disability
FROM stage.cin_disability
-- only the children with two codes or more (few) are grouped by code
SEMI JOIN (SELECT source_file, source_row FROM stage.cin_disability GROUP BY ALL HAVING count(*) > 1) k USING (source_file, source_row)
WHERE disability IS NOT NULL
GROUP BY source_file, source_row, disability
HAVING count(*) > 1

-- rule: 8790
-- table: cin_disability
-- fields: Disability
-- message: The child's disabilities include NONE together with other codes.
SELECT any_value(la_code), any_value(collection_year), source_file, any_value(source_sheet), source_row, any_value(child_id), NULL
FROM stage.cin_disability
SEMI JOIN (SELECT source_file, source_row FROM stage.cin_disability GROUP BY ALL HAVING count(*) > 1) k USING (source_file, source_row)
GROUP BY source_file, source_row
HAVING bool_or(disability = 'NONE') AND bool_or(disability <> 'NONE')

-- rule: 2887Q
-- type: query
-- ref: CIN census validation rules, 2887Q: a return using fewer than 8 different disability codes is queried (are disabilities being recorded?).
-- level: la
-- table: cin_disability
-- fields: Disability
-- message: Fewer than 8 different disability codes are used across the whole census: check that disabilities are being recorded.
SELECT la_code, collection_year, source_file, NULL, NULL, NULL, codes || ' codes used'
FROM (
    SELECT c.la_code, c.collection_year, c.source_file, count(DISTINCT d.disability) FILTER (WHERE d.disability <> 'NONE') AS codes
    FROM (SELECT DISTINCT la_code, collection_year, source_file FROM stage.cin_child) c
    LEFT JOIN stage.cin_disability d USING (source_file)
    GROUP BY ALL
)
WHERE codes < 8

-- rule: 8600
-- table: cin_episode
-- fields: CINreferralDate, ReferenceDate
-- message: The referral date is missing or after the end of the census year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'episode ' || episode_number || CASE WHEN referral_date IS NULL THEN ' has none' ELSE '' END
FROM stage.cin_episode
WHERE referral_date IS NULL OR referral_date > make_date(collection_year, 3, 31)

-- rule: 8606
-- table: cin_episode
-- fields: CINreferralDate, ReferenceDate
-- message: The referral date is more than 24 years before the census's ReferenceDate.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_episode
WHERE referral_date < make_date(collection_year - 24, 3, 31)

-- rule: 8555
-- table: cin_episode
-- fields: CINreferralDate, PersonDeathDate
-- message: The child is referred after their date of death (in a later month).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'episode ' || e.episode_number
FROM stage.cin_episode e
JOIN stage.cin_child c USING (source_file, source_row)
WHERE date_trunc('month', e.referral_date) > c.death_month

-- rule: 8569
-- table: cin_episode
-- fields: CINreferralDate, ReferralNFA
-- message: A referral made before the last working day before the census year began cannot be a referral with no further action (ReferralNFA true).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'episode ' || e.episode_number
FROM stage.cin_episode e
JOIN (
    -- the working day before 1 April that starts each census year
    SELECT y, max(d) AS last_working_day
    FROM (SELECT DISTINCT collection_year AS y FROM stage.cin_episode WHERE collection_year IS NOT NULL) years,
         LATERAL (SELECT make_date(y - 1, 4, 1) - k::INTEGER AS d FROM range(1, 8) r(k)) days
    WHERE isodow(d) <= 5 AND d NOT IN (SELECT date FROM ref.bank_holiday)
    GROUP BY y
) w ON w.y = e.collection_year
WHERE e.referral_nfa AND e.referral_date < w.last_working_day

-- rule: 8620
-- table: cin_episode
-- fields: CINclosureDate, ReferenceDate
-- message: The closure date is outside the census year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_episode
WHERE closure_date < make_date(collection_year - 1, 4, 1) OR closure_date > make_date(collection_year, 3, 31)

-- rule: 2990
-- table: cin_episode
-- fields: ReasonForClosure, DateOfInitialCPC, Section47, ChildProtectionPlans, CINPlanDates
-- message: The episode was closed after assessment with no further action (RC8), yet it has a section 47 enquiry, an initial conference, a child protection plan or a CIN plan.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'episode ' || e.episode_number
FROM stage.cin_episode e
WHERE e.reason_for_closure = 'RC8'
  AND (e.date_of_initial_cpc IS NOT NULL
       OR EXISTS (SELECT 1 FROM stage.cin_s47 x WHERE x.source_file = e.source_file AND x.source_row = e.source_row AND x.episode_number = e.episode_number)
       OR EXISTS (SELECT 1 FROM stage.cin_cp_plan x WHERE x.source_file = e.source_file AND x.source_row = e.source_row AND x.episode_number = e.episode_number)
       OR EXISTS (SELECT 1 FROM stage.cin_plan x WHERE x.source_file = e.source_file AND x.source_row = e.source_row AND x.episode_number = e.episode_number))

-- rule: 8805
-- table: cin_episode
-- fields: CINclosureDate, ReasonForClosure
-- message: The episode has a closure date but no reason for closure.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_episode
WHERE closure_date IS NOT NULL AND reason_for_closure IS NULL

-- rule: 8810
-- table: cin_episode
-- fields: ReasonForClosure, CINclosureDate
-- message: The episode has a reason for closure but no closure date.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_episode
WHERE reason_for_closure IS NOT NULL AND closure_date IS NULL

-- rule: 8815
-- table: cin_episode
-- fields: CINclosureDate, ReferralNFA
-- message: The child has more than one open episode (no closure date) that is not a referral with no further action.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'episode ' || e.episode_number
FROM stage.cin_episode e
SEMI JOIN (SELECT source_file, source_row FROM stage.cin_episode WHERE closure_date IS NULL AND NOT coalesce(referral_nfa, false)
           GROUP BY ALL HAVING count(*) > 1) open_twice USING (source_file, source_row)
WHERE e.closure_date IS NULL AND NOT coalesce(e.referral_nfa, false)

-- rule: 8816
-- table: cin_episode
-- fields: CINreferralDate, CINclosureDate, ReferralNFA
-- message: An open episode (no closure date, not a referral with no further action) is not the child's latest referral.
-- (a child's latest referral by GROUP BY, not a window: grouping 1.3 million
-- episodes by child takes a quarter of the time of ordering them)
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'episode ' || e.episode_number
FROM stage.cin_episode e
JOIN (SELECT source_file, source_row, max(referral_date) AS latest FROM stage.cin_episode GROUP BY ALL HAVING count(*) > 1) m
  USING (source_file, source_row)
WHERE e.closure_date IS NULL AND NOT coalesce(e.referral_nfa, false) AND e.referral_date < m.latest

-- rule: 8867
-- table: cin_episode
-- fields: CINclosureDate, AssessmentAuthorisationDate
-- message: The episode is closed but one of its assessments has no authorisation date.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'episode ' || e.episode_number
FROM stage.cin_episode e
WHERE e.closure_date IS NOT NULL
  AND EXISTS (SELECT 1 FROM stage.cin_assessment a WHERE a.source_file = e.source_file AND a.source_row = e.source_row
              AND a.episode_number = e.episode_number AND a.authorisation_date IS NULL)

-- rule: 8868
-- table: cin_episode
-- fields: CINclosureDate, DateOfInitialCPC, ICPCnotRequired
-- message: The episode is closed but one of its section 47 enquiries has neither an initial conference date nor ICPCnotRequired.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'episode ' || e.episode_number
FROM stage.cin_episode e
WHERE e.closure_date IS NOT NULL
  AND EXISTS (SELECT 1 FROM stage.cin_s47 s WHERE s.source_file = e.source_file AND s.source_row = e.source_row
              AND s.episode_number = e.episode_number AND s.date_of_initial_cpc IS NULL AND NOT coalesce(s.icpc_not_required, false))

-- rule: 8630
-- table: cin_episode
-- fields: CINreferralDate, CINclosureDate
-- message: The CIN episode closes (CINclosureDate) before its referral (CINreferralDate).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_episode
WHERE closure_date < referral_date

-- rule: 8820
-- table: cin_episode
-- fields: CINreferralDate, CINclosureDate
-- message: The child's CIN episodes overlap: a referral falls within another open episode.
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'episode ' || a.episode_number || ' starts within episode ' || b.episode_number
FROM stage.cin_episode a
JOIN stage.cin_episode b
  ON b.source_file = a.source_file AND b.source_row = a.source_row AND b.episode_number <> a.episode_number
WHERE a.referral_date >= b.referral_date
  AND (a.referral_date < b.closure_date
       OR (b.closure_date IS NULL AND NOT coalesce(b.referral_nfa, false) AND a.referral_date <= make_date(a.collection_year, 3, 31)))
  AND NOT (a.referral_date = b.referral_date AND a.episode_number < b.episode_number)

-- rule: 8696
-- table: cin_assessment
-- fields: AssessmentAuthorisationDate, ReferenceDate
-- message: The assessment's authorisation date is outside the census year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'episode ' || episode_number || ', assessment ' || assessment_number
FROM stage.cin_assessment
WHERE authorisation_date < make_date(collection_year - 1, 4, 1) OR authorisation_date > make_date(collection_year, 3, 31)

-- rule: 8736
-- table: cin_assessment
-- fields: AssessmentActualStartDate, AssessmentAuthorisationDate, ReferenceDate
-- message: An assessment not yet authorised must have started within the census year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'episode ' || episode_number || ', assessment ' || assessment_number
FROM stage.cin_assessment
WHERE authorisation_date IS NULL
  AND (start_date < make_date(collection_year - 1, 4, 1) OR start_date > make_date(collection_year, 3, 31))

-- rule: 8869
-- table: cin_assessment_factor
-- fields: AssessmentFactors
-- message: The assessment factor 21 (no factors identified) is given with other factors.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'episode ' || episode_number || ', assessment ' || assessment_number
FROM stage.cin_assessment_factor
SEMI JOIN (SELECT source_file, source_row, episode_number, assessment_number FROM stage.cin_assessment_factor
           GROUP BY ALL HAVING count(*) > 1 AND bool_or(factor = '21')) k
  USING (source_file, source_row, episode_number, assessment_number)
WHERE factor = '21'

-- rule: 8873
-- table: cin_episode
-- fields: ReasonForClosure, AssessmentFactors
-- message: The episode's only assessment found no factors (21), so its reason for closure must be RC8 (no further action after assessment).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'episode ' || e.episode_number
FROM stage.cin_episode e
JOIN (SELECT source_file, source_row, episode_number FROM stage.cin_assessment GROUP BY ALL HAVING count(*) = 1) one
  USING (source_file, source_row, episode_number)
WHERE e.reason_for_closure IS DISTINCT FROM 'RC8'
  AND EXISTS (SELECT 1 FROM stage.cin_assessment_factor f WHERE f.source_file = e.source_file AND f.source_row = e.source_row
              AND f.episode_number = e.episode_number AND f.factor = '21')

-- rule: 1103
-- table: cin_assessment
-- fields: AssessmentActualStartDate, CINreferralDate
-- message: The assessment starts before the episode's referral.
SELECT x.la_code, x.collection_year, x.source_file, x.source_sheet, x.source_row, x.child_id,
       'episode ' || x.episode_number || ', assessment ' || x.assessment_number
FROM stage.cin_assessment x
JOIN stage.cin_episode e USING (source_file, source_row, episode_number)
WHERE x.start_date < e.referral_date

-- rule: 8608
-- table: cin_assessment
-- fields: AssessmentActualStartDate, AssessmentAuthorisationDate
-- message: The assessment is authorised before it starts.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'episode ' || episode_number || ', assessment ' || assessment_number
FROM stage.cin_assessment
WHERE authorisation_date < start_date

-- rule: 8565
-- table: cin_episode
-- fields: CINclosureDate, AssessmentActualStartDate, AssessmentAuthorisationDate, S47ActualStartDate, DateOfInitialCPC, CPPendDate, CINPlanStartDate, CINPlanEndDate
-- message: Activity is shown after the case closed: a date of the episode falls after its CINclosureDate.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number || ': ' || fields
FROM (
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, e.episode_number,
       string_agg(DISTINCT a.field, ', ' ORDER BY a.field) AS fields
FROM stage.cin_episode e
JOIN (
    SELECT source_file, source_row, episode_number, 'DateOfInitialCPC' AS field, date_of_initial_cpc AS d FROM stage.cin_episode
    UNION ALL SELECT source_file, source_row, episode_number, 'AssessmentActualStartDate', start_date FROM stage.cin_assessment
    UNION ALL SELECT source_file, source_row, episode_number, 'AssessmentAuthorisationDate', authorisation_date FROM stage.cin_assessment
    UNION ALL SELECT source_file, source_row, episode_number, 'S47ActualStartDate', start_date FROM stage.cin_s47
    UNION ALL SELECT source_file, source_row, episode_number, 'DateOfInitialCPC', date_of_initial_cpc FROM stage.cin_s47
    UNION ALL SELECT source_file, source_row, episode_number, 'CPPendDate', end_date FROM stage.cin_cp_plan
    UNION ALL SELECT source_file, source_row, episode_number, 'CINPlanStartDate', start_date FROM stage.cin_plan
    UNION ALL SELECT source_file, source_row, episode_number, 'CINPlanEndDate', end_date FROM stage.cin_plan
) a USING (source_file, source_row, episode_number)
WHERE a.d > e.closure_date
GROUP BY ALL
)

-- rule: 8863
-- table: cin_assessment
-- fields: AssessmentActualStartDate, AssessmentAuthorisationDate
-- message: An assessment starts while another assessment of the same episode is still going on.
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'episode ' || a.episode_number || ', assessment ' || a.assessment_number || ' starts within assessment ' || b.assessment_number
FROM stage.cin_assessment a
JOIN stage.cin_assessment b
  ON b.source_file = a.source_file AND b.source_row = a.source_row AND b.episode_number = a.episode_number
 AND b.assessment_number <> a.assessment_number
WHERE a.start_date >= b.start_date
  AND a.start_date <= coalesce(b.authorisation_date, make_date(a.collection_year, 3, 31))
  AND NOT (a.start_date = b.start_date AND a.assessment_number < b.assessment_number)

-- rule: 8896
-- table: cin_assessment
-- fields: AssessmentAuthorisationDate
-- message: The episode has two or more open assessments (with no authorisation date).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'episode ' || episode_number || ', assessment ' || assessment_number
FROM (SELECT *, count(*) OVER (PARTITION BY source_file, source_row, episode_number) AS open_assessments
      FROM stage.cin_assessment WHERE authorisation_date IS NULL)
WHERE open_assessments > 1

-- rule: 2889
-- table: cin_s47
-- fields: S47ActualStartDate, CINreferralDate
-- message: The section 47 enquiry starts before the episode's referral.
SELECT x.la_code, x.collection_year, x.source_file, x.source_sheet, x.source_row, x.child_id, 'episode ' || x.episode_number
FROM stage.cin_s47 x
JOIN stage.cin_episode e USING (source_file, source_row, episode_number)
WHERE x.start_date < e.referral_date

-- rule: 1104
-- table: cin_s47
-- fields: DateOfInitialCPC, CINreferralDate
-- message: The initial child protection conference is before the episode's referral.
SELECT x.la_code, x.collection_year, x.source_file, x.source_sheet, x.source_row, x.child_id, 'episode ' || x.episode_number
FROM stage.cin_s47 x
JOIN stage.cin_episode e USING (source_file, source_row, episode_number)
WHERE x.date_of_initial_cpc < e.referral_date

-- rule: 8715
-- table: cin_s47
-- fields: DateOfInitialCPC, ReferenceDate
-- message: The section 47 enquiry's initial child protection conference is outside the census year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_s47
WHERE date_of_initial_cpc < make_date(collection_year - 1, 4, 1) OR date_of_initial_cpc > make_date(collection_year, 3, 31)

-- rule: 8740
-- table: cin_s47
-- fields: S47ActualStartDate, DateOfInitialCPC, ICPCnotRequired
-- message: A section 47 enquiry whose initial conference has not been held (and is not marked not required) must have started within the census year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_s47
WHERE date_of_initial_cpc IS NULL AND NOT coalesce(icpc_not_required, false)
  AND (start_date < make_date(collection_year - 1, 4, 1) OR start_date > make_date(collection_year, 3, 31))

-- rule: 8615
-- table: cin_s47
-- fields: S47ActualStartDate, DateOfInitialCPC
-- message: The section 47 enquiry has no start date, or starts after its initial child protection conference.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_s47
WHERE start_date IS NULL OR start_date > date_of_initial_cpc

-- rule: 8890
-- table: cin_s47
-- fields: S47ActualStartDate, DateOfInitialCPC, ICPCnotRequired
-- message: A section 47 enquiry starts while another of the same episode is still going on (before its initial conference).
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'episode ' || a.episode_number || ': two enquiries overlap'
FROM (SELECT *, row_number() OVER (PARTITION BY source_file, source_row, episode_number ORDER BY start_date) AS n FROM stage.cin_s47) a
JOIN (SELECT *, row_number() OVER (PARTITION BY source_file, source_row, episode_number ORDER BY start_date) AS n FROM stage.cin_s47) b
  ON b.source_file = a.source_file AND b.source_row = a.source_row AND b.episode_number = a.episode_number AND b.n < a.n
WHERE a.start_date <= coalesce(b.date_of_initial_cpc,
        CASE WHEN coalesce(b.icpc_not_required, false) THEN NULL ELSE make_date(a.collection_year, 3, 31) END)
QUALIFY row_number() OVER (PARTITION BY a.source_file, a.source_row, a.episode_number, a.n) = 1

-- rule: 8839
-- table: cin_s47
-- fields: DateOfInitialCPC, ICPCnotRequired
-- message: The episode has two or more open section 47 enquiries (no initial conference date and no ICPCnotRequired).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM (SELECT *, count(*) OVER (PARTITION BY source_file, source_row, episode_number) AS open_s47
      FROM stage.cin_s47 WHERE date_of_initial_cpc IS NULL AND NOT coalesce(icpc_not_required, false))
WHERE open_s47 > 1

-- rule: 4010
-- table: cin_plan
-- fields: CINPlanStartDate, ReferenceDate
-- message: The CIN plan has no start date, or starts after the end of the census year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_plan
WHERE start_date IS NULL OR start_date > make_date(collection_year, 3, 31)

-- rule: 4013
-- table: cin_plan
-- fields: CINPlanEndDate, ReferenceDate
-- message: The CIN plan's end date is outside the census year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_plan
WHERE end_date < make_date(collection_year - 1, 4, 1) OR end_date > make_date(collection_year, 3, 31)

-- rule: 4011
-- table: cin_plan
-- fields: CINPlanStartDate, CINPlanEndDate
-- message: The CIN plan ends before it starts.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_plan
WHERE end_date < start_date

-- rule: 4015
-- table: cin_plan
-- fields: CINPlanStartDate, CINreferralDate
-- message: The CIN plan starts before the episode's referral.
SELECT x.la_code, x.collection_year, x.source_file, x.source_sheet, x.source_row, x.child_id, 'episode ' || x.episode_number
FROM stage.cin_plan x
JOIN stage.cin_episode e USING (source_file, source_row, episode_number)
WHERE x.start_date < e.referral_date

-- rule: 4014
-- table: cin_plan
-- fields: CINPlanStartDate, CINPlanEndDate
-- message: The child's CIN plans overlap: one starts before another has ended.
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'a plan starting in episode ' || a.episode_number || ' overlaps one in episode ' || b.episode_number
FROM (SELECT *, row_number() OVER (PARTITION BY source_file, source_row ORDER BY start_date, episode_number) AS n FROM stage.cin_plan) a
JOIN (SELECT *, row_number() OVER (PARTITION BY source_file, source_row ORDER BY start_date, episode_number) AS n FROM stage.cin_plan) b
  ON b.source_file = a.source_file AND b.source_row = a.source_row AND b.n < a.n
WHERE a.start_date <= coalesce(b.end_date, make_date(a.collection_year, 3, 31))
QUALIFY row_number() OVER (PARTITION BY a.source_file, a.source_row, a.n) = 1

-- rule: 4001
-- table: cin_plan
-- fields: CINPlanEndDate, CPPendDate
-- message: A CIN plan and a child protection plan of the same episode are both open (no end date); a CIN plan cannot run at the same time as a child protection plan.
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id, 'episode ' || p.episode_number
FROM stage.cin_plan p
WHERE p.end_date IS NULL
  AND EXISTS (SELECT 1 FROM stage.cin_cp_plan c WHERE c.source_file = p.source_file AND c.source_row = p.source_row
              AND c.episode_number = p.episode_number AND c.end_date IS NULL)

-- rule: 4016
-- table: cin_plan
-- fields: CINPlanStartDate, CPPstartDate, CPPendDate
-- message: A CIN plan starts while a child protection plan of the child is open (on or after its start and before its end, or by the ReferenceDate if it has none).
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id, 'episode ' || p.episode_number
FROM stage.cin_plan p
JOIN stage.cin_cp_plan c ON c.source_file = p.source_file AND c.source_row = p.source_row
WHERE p.start_date >= c.start_date
  AND (p.start_date < c.end_date OR (c.end_date IS NULL AND p.start_date <= make_date(p.collection_year, 3, 31)))
QUALIFY row_number() OVER (PARTITION BY p.source_file, p.source_row, p.episode_number, p.start_date) = 1

-- rule: 4017
-- table: cin_cp_plan
-- fields: CPPstartDate, CINPlanStartDate, CINPlanEndDate
-- message: A child protection plan starts while a CIN plan of the child is open (on or after its start and before its end, or by the ReferenceDate if it has none).
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id, 'episode ' || c.episode_number
FROM stage.cin_cp_plan c
JOIN stage.cin_plan p ON p.source_file = c.source_file AND p.source_row = c.source_row
WHERE c.start_date >= p.start_date
  AND (c.start_date < p.end_date OR (p.end_date IS NULL AND c.start_date <= make_date(c.collection_year, 3, 31)))
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row, c.episode_number, c.start_date) = 1

-- rule: 4004
-- table: cin_plan
-- fields: CINPlanEndDate
-- message: The episode has more than one open CIN plan (with no end date).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM (SELECT *, count(*) OVER (PARTITION BY source_file, source_row, episode_number) AS open_plans
      FROM stage.cin_plan WHERE end_date IS NULL)
WHERE open_plans > 1

-- rule: 4000
-- table: cin_plan
-- fields: CINPlanStartDate, ReferralNFA
-- message: A CIN plan is given for a referral with no further action (ReferralNFA true).
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id, 'episode ' || p.episode_number
FROM stage.cin_plan p
JOIN stage.cin_episode e USING (source_file, source_row, episode_number)
WHERE e.referral_nfa

-- rule: 4008
-- table: cin_plan
-- fields: CINPlanStartDate, PersonDeathDate
-- message: The CIN plan starts after the child's date of death (in a later month).
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id, 'episode ' || p.episode_number
FROM stage.cin_plan p
JOIN stage.cin_child c USING (source_file, source_row)
WHERE date_trunc('month', p.start_date) > c.death_month

-- rule: 4009
-- table: cin_plan
-- fields: CINPlanEndDate, PersonDeathDate
-- message: The CIN plan ends after the child's date of death (in a later month).
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id, 'episode ' || p.episode_number
FROM stage.cin_plan p
JOIN stage.cin_child c USING (source_file, source_row)
WHERE date_trunc('month', p.end_date) > c.death_month

-- rule: 4003
-- table: cin_cp_review
-- fields: CPPreviewDate, CINPlanStartDate, CINPlanEndDate, CPPendDate
-- message: A child protection plan review is held while a CIN plan of the child is open (unless the review is on the day the plan ends).
SELECT r.la_code, r.collection_year, r.source_file, r.source_sheet, r.source_row, r.child_id, 'episode ' || r.episode_number
FROM stage.cin_cp_review r
JOIN stage.cin_plan p ON p.source_file = r.source_file AND p.source_row = r.source_row
LEFT JOIN stage.cin_cp_plan c ON c.source_file = r.source_file AND c.source_row = r.source_row
 AND c.episode_number = r.episode_number AND c.start_date = r.cp_plan_start_date
WHERE r.review_date >= p.start_date AND r.review_date < coalesce(p.end_date, make_date(r.collection_year, 3, 31) + 1)
  AND r.review_date IS DISTINCT FROM c.end_date
QUALIFY row_number() OVER (PARTITION BY r.source_file, r.source_row, r.episode_number, r.review_date) = 1

-- rule: 8925
-- table: cin_cp_plan
-- fields: CPPstartDate, CPPendDate
-- message: The child protection plan ends before it starts.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_cp_plan
WHERE end_date < start_date

-- rule: 8720
-- table: cin_cp_plan
-- fields: CPPstartDate, ReferenceDate
-- message: The child protection plan's start date is missing or after the end of the census year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'episode ' || episode_number || CASE WHEN start_date IS NULL THEN ' has none' ELSE '' END
FROM stage.cin_cp_plan
WHERE start_date IS NULL OR start_date > make_date(collection_year, 3, 31)

-- rule: 8930
-- table: cin_cp_plan
-- fields: CPPendDate, ReferenceDate
-- message: The child protection plan's end date is outside the census year.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_cp_plan
WHERE end_date < make_date(collection_year - 1, 4, 1) OR end_date > make_date(collection_year, 3, 31)

-- rule: 8915
-- table: cin_cp_plan
-- fields: CPPstartDate, PersonDeathDate
-- message: The child protection plan starts after the child's date of death (in a later month).
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id, 'episode ' || p.episode_number
FROM stage.cin_cp_plan p
JOIN stage.cin_child c USING (source_file, source_row)
WHERE date_trunc('month', p.start_date) > c.death_month

-- rule: 8920
-- table: cin_cp_plan
-- fields: CPPendDate, PersonDeathDate
-- message: The child protection plan ends after the child's date of death (in a later month).
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id, 'episode ' || p.episode_number
FROM stage.cin_cp_plan p
JOIN stage.cin_child c USING (source_file, source_row)
WHERE date_trunc('month', p.end_date) > c.death_month

-- rule: 8840
-- table: cin_cp_plan
-- fields: CPPstartDate, CPPendDate
-- message: The child protection plan starts and ends on the same day.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_cp_plan
WHERE end_date = start_date

-- rule: 1105
-- table: cin_cp_plan
-- fields: CPPstartDate, CINreferralDate
-- message: The child protection plan starts before the episode's referral.
SELECT x.la_code, x.collection_year, x.source_file, x.source_sheet, x.source_row, x.child_id, 'episode ' || x.episode_number
FROM stage.cin_cp_plan x
JOIN stage.cin_episode e USING (source_file, source_row, episode_number)
WHERE x.start_date < e.referral_date

-- rule: 8841
-- table: cin_cp_review
-- fields: CPPreviewDate, CPPstartDate
-- message: A child protection plan review is on or before the day the plan started.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM stage.cin_cp_review
WHERE review_date <= cp_plan_start_date

-- rule: 2885
-- table: cin_cp_plan
-- fields: CPPstartDate, DateOfInitialCPC
-- message: A child protection plan starting in the census year does not start on the day of an initial child protection conference (DateOfInitialCPC of the episode or of one of its section 47 enquiries).
SELECT x.la_code, x.collection_year, x.source_file, x.source_sheet, x.source_row, x.child_id, 'episode ' || x.episode_number
FROM stage.cin_cp_plan x
JOIN stage.cin_episode e USING (source_file, source_row, episode_number)
WHERE x.start_date BETWEEN make_date(x.collection_year - 1, 4, 1) AND make_date(x.collection_year, 3, 31)
  AND x.start_date IS DISTINCT FROM e.date_of_initial_cpc
  AND NOT EXISTS (SELECT 1 FROM stage.cin_s47 s
                  WHERE s.source_file = x.source_file AND s.source_row = x.source_row
                    AND s.episode_number = x.episode_number AND s.date_of_initial_cpc = x.start_date)

-- rule: 8940
-- table: cin_cp_plan
-- fields: CPPstartDate, CPPendDate
-- message: The child's child protection plans overlap: one starts on or after another's start and on or before its end (or by the ReferenceDate if it has none).
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'a plan of episode ' || a.episode_number || ' and one of episode ' || b.episode_number
FROM (SELECT *, row_number() OVER (PARTITION BY source_file, source_row ORDER BY start_date, episode_number) AS n FROM stage.cin_cp_plan
      -- only the children with two plans or more are ordered
      SEMI JOIN (SELECT source_file, source_row FROM stage.cin_cp_plan GROUP BY ALL HAVING count(*) > 1) k USING (source_file, source_row)) a
JOIN (SELECT *, row_number() OVER (PARTITION BY source_file, source_row ORDER BY start_date, episode_number) AS n FROM stage.cin_cp_plan
      SEMI JOIN (SELECT source_file, source_row FROM stage.cin_cp_plan GROUP BY ALL HAVING count(*) > 1) k USING (source_file, source_row)) b
  ON b.source_file = a.source_file AND b.source_row = a.source_row AND b.n <> a.n
WHERE a.start_date >= b.start_date AND a.start_date <= coalesce(b.end_date, make_date(a.collection_year, 3, 31))
QUALIFY row_number() OVER (PARTITION BY a.source_file, a.source_row, a.n) = 1

-- rule: 8935
-- table: cin_cp_plan
-- fields: CPPendDate
-- message: The episode has more than one open child protection plan (with no end date).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'episode ' || episode_number
FROM (SELECT *, count(*) OVER (PARTITION BY source_file, source_row, episode_number) AS open_plans
      FROM stage.cin_cp_plan WHERE end_date IS NULL)
WHERE open_plans > 1
