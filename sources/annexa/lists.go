package annexa

import cl "github.com/yardstick-etl/yardstick/sources/childlevel"

// column is a stage column with the headers councils use for it. Headers
// match by cl.Key, so case, spaces and punctuation do not matter.
type column struct {
	cl.Column
	headers []string
}

// list is one of Annex A's eleven lists. A sheet is this list when its
// header has every one of keys (whatever the sheet is called).
type list struct {
	n       int
	keys    []string
	columns []column
}

func col(name string, k cl.Kind, set string, headers ...string) column {
	return column{Column: cl.Column{Name: name, Field: headers[0], Kind: k, Set: set}, headers: headers}
}

func date(name string, headers ...string) column { return col(name, cl.Date, "", headers...) }
func flag(name string, headers ...string) column { return col(name, cl.Flag, "", headers...) }

// The child's columns at the start of every list but 11. Names, workers'
// names and addresses are not listed, so they are never read. Columns of
// free text (teams, organisations, places) and answers from option lists
// yardstick ships no code set for are FreeText: their headers help find a
// list, but no figure uses them, so their cells are not read.
var (
	childID    = column{Column: cl.Column{Name: "child_id", Field: "Child Unique ID", Kind: cl.ID, Required: true}, headers: []string{"Child Unique ID", "Child ID", "Child Identifier", "Unique ID"}}
	sex        = col("sex", cl.Label, "SEX", "Gender", "Sex")
	ethnicity  = col("ethnicity", cl.Label, "ETHNIC", "Ethnicity")
	dob        = col("dob_month", cl.DOB, "", "Date of Birth", "DOB")
	age        = col("age", cl.Float, "", "Age", "Age of Child (Years)", "Age of Child", "Age (Years)")
	disability = flag("disability", "Does the Child have a Disability", "Disability")
	team       = col("allocated_team", cl.FreeText, "", "Allocated Team")
	familyID   = col("family_id", cl.ID, "", "Family identifier", "Family ID")
	child      = []column{childID, sex, ethnicity, dob, age}
)

func with(cols ...[]column) []column {
	var out []column
	for _, c := range cols {
		out = append(out, c...)
	}
	return out
}

var lists = []list{
	{1, []string{"Date of Contact"}, with(child, []column{
		date("contact_date", "Date of Contact", "Contact Date"),
		col("contact_source", cl.Label, "REFERRAL_SOURCE", "Contact Source", "Source of Contact")})},
	{2, []string{"Assessment start date", "Organisation completing assessment"}, with(child, []column{
		date("assessment_start_date", "Assessment start date"),
		date("assessment_completion_date", "Assessment completion date"),
		col("organisation", cl.FreeText, "", "Organisation completing assessment")})},
	{3, []string{"Date of Referral"}, with(child, []column{
		date("referral_date", "Date of Referral", "Referral Date"),
		col("referral_source", cl.Label, "REFERRAL_SOURCE", "Referral Source"),
		flag("referral_nfa", "Referral NFA?", "Referral NFA"),
		col("referrals_last_12_months", cl.Int, "", "Number of Referrals in Last 12 Months"), team})},
	{4, []string{"Continuous Assessment Start Date"}, with(child, []column{disability,
		date("assessment_start_date", "Continuous Assessment Start Date"),
		flag("child_seen", "Child Seen During Continuous Assessment"),
		date("authorisation_date", "Continuous Assessment Date of Authorisation"),
		col("outcome", cl.FreeText, "", "Was the child assessed as requiring LA children's social care support?"), team})},
	{5, []string{"Strategy discussion initiating Section 47 Enquiry Start Date"}, with(child, []column{disability,
		date("s47_start_date", "Strategy discussion initiating Section 47 Enquiry Start Date"),
		flag("icpc_not_required", "Was an Initial Child Protection Conference deemed unnecessary?"),
		date("icpc_date", "Date of Initial Child Protection Conference"),
		flag("icpc_resulted_in_plan", "Did the Initial Child Protection Conference Result in a Child Protection Plan"),
		col("s47_last_12_months", cl.Int, "", "Number of Section 47 Enquiries in the last 12 months"),
		col("icpc_last_12_months", cl.Int, "", "Number of ICPCs in the last 12 months"), team})},
	{6, []string{"CIN Start Date"}, with(child, []column{disability,
		date("cin_start_date", "CIN Start Date"),
		col("primary_need", cl.Label, "PRIMARY_NEED", "Primary Need Code", "Primary Need"),
		date("last_seen_date", "Date Child Was Last Seen"),
		date("cin_closure_date", "CIN Closure Date"),
		col("reason_for_closure", cl.Label, "REASON_FOR_CLOSURE", "Reason for Closure"),
		col("case_status", cl.FreeText, "", "Case Status"), team})},
	{7, []string{"Child Protection Plan Start Date"}, with(child, []column{disability,
		date("cp_start_date", "Child Protection Plan Start Date"),
		col("initial_category_of_abuse", cl.Label, "CATEGORY_OF_ABUSE", "Initial Category of Abuse"),
		col("latest_category_of_abuse", cl.Label, "CATEGORY_OF_ABUSE", "Latest Category of Abuse"),
		date("last_visit_date", "Date of the Last Statutory Visit"),
		flag("seen_alone", "Was the Child Seen Alone?"),
		date("latest_review_date", "Date of latest review conference"),
		date("cp_end_date", "Child Protection Plan End Date"),
		flag("epo_last_6_months", "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"),
		col("previous_cp_plans", cl.Int, "", "Number of Previous Child Protection Plans"), team})},
	{8, []string{"Date Started to be Looked After"}, with(child, []column{
		flag("uasc", "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))", "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"),
		disability,
		date("cla_start_date", "Date Started to be Looked After"),
		col("category_of_need", cl.Label, "CIN", "Child's Category of Need"),
		flag("second_period", "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)"),
		date("legal_status_start_date", "Start date of current legal status"),
		col("legal_status", cl.Label, "LS", "Child's Legal Status"),
		date("latest_review_date", "Date of Latest Statutory Review"),
		date("last_visit_date", "Date of Last Social Work Visit"),
		col("permanence_plan", cl.FreeText, "", "What is the permanence plan for this child?"),
		date("last_iro_contact_date", "Date of Last IRO Visit / Contact to the Child"),
		date("last_health_assessment_date", "Date of Last Health Assessment"),
		date("last_dental_check_date", "Date of Last Dental Check"),
		col("placements_last_12_months", cl.Int, "", "Number of Placements in the Last 12 months"),
		date("cla_end_date", "Date Ceased to be Looked After"),
		col("reason_ceased", cl.Label, "REC", "Reason Ceased to be Looked After"),
		date("placement_start_date", "Start Date of Most Recent Placement"),
		col("placement_type", cl.Label, "PLACE", "Placement Type"),
		col("placement_provider", cl.Label, "PLACE_PROVIDER", "Placement Provider"),
		col("placement_postcode_outward", cl.Postcode, "", "Placement postcode"),
		col("placement_urn", cl.URN, "", "URN of Placement"),
		col("placement_location", cl.FreeText, "", "Placement Location"),
		col("placement_la", cl.LACode, "", "LA of Placement"),
		col("missing_episodes_last_12_months", cl.Int, "", "Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months"),
		col("absent_episodes_last_12_months", cl.Int, "", "Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months"),
		flag("return_interview_offered", "Was the child offered a Return Interview after their last missing episode (Y/N)?"),
		flag("return_interview_accepted", "Did the child accept a Return Interview after their last missing episode (Y/N)?"), team})},
	{9, []string{"Eligibility Category"}, with(child, []column{
		flag("uasc", "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)"),
		disability, team,
		col("eligibility_category", cl.FreeText, "", "Eligibility Category"),
		date("pathway_plan_review_date", "Latest Pathway Plan Review Date"),
		col("in_touch", cl.Label, "IN_TOUCH", "LA in Touch"),
		date("latest_contact_date", "Latest Date of Contact"),
		col("accommodation_type", cl.FreeText, "", "Type of Accommodation"),
		col("accommodation_suitability", cl.FreeText, "", "Suitability of Accommodation"),
		col("activity", cl.Label, "ACTIV", "Activity Status")})},
	{10, []string{"Date of Decision that Child Should be Placed for Adoption"}, with([]column{childID, familyID, sex, ethnicity, dob, age, disability,
		date("entered_care_date", "Date the Child Entered Care"),
		date("adm_decision_date", "Date of Decision that Child Should be Placed for Adoption"),
		date("placement_order_date", "Date of Placement Order"),
		date("matched_date", "Date of Matching Child and Prospective Adopters"),
		date("placed_date", "Date Placed for Adoption"),
		date("adoption_order_date", "Date of Adoption Order"),
		date("no_longer_adm_date", "Date of Decision that Child Should No Longer be Placed for Adoption"),
		col("no_longer_reason", cl.Label, "REASON_PLACED_CEASED", "Reason Why Child No Longer Placed for Adoption"),
		date("ffa_placed_date", "Date the child was placed for fostering in FFA or concurrent planning placement")})},
	{11, []string{"Individual adopter identifier"}, []column{
		col("adopter_id", cl.ID, "", "Individual adopter identifier"), familyID, sex, ethnicity,
		flag("disability", "Disability"),
		flag("fostering_for_adoption", "Is the (prospective) adopter fostering for adoption?"),
		date("enquiry_date", "Date enquiry received"),
		date("stage1_start_date", "Date Stage 1 started"), date("stage1_end_date", "Date Stage 1 ended"),
		date("stage2_start_date", "Date Stage 2 started"), date("stage2_end_date", "Date Stage 2 ended"),
		date("application_date", "Date application submitted"), date("approval_date", "Date application approved"),
		date("matched_date", "Date adopter matched with child(ren)"),
		date("placed_date", "Date child/children placed with adopter(s)"),
		col("children_placed", cl.Int, "", "No. of children placed"),
		date("adoption_order_date", "Date of Adoption Order"),
		date("left_date", "Date of leaving adoption process"),
		col("left_reason", cl.OpenCode, "", "Reason for leaving adoption process")}},
}
