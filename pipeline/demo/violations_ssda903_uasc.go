package demo

// The injections of validate_ssda903_uasc.sql: a child's UASC status and the
// dates it ceased, this year and the year before. The returns here are CSV,
// where the uasc table implies the status (a row giving SEX or DUC); the
// rules that only the XML return's UASC field can break (105, 205C, 303)
// have an XML return of their own in TestValidationRules.

func init() {
	ssda903Families = append(ssda903Families, uascViolations)
	SSDA903Headers["uasc23"] = SSDA903Headers["uasc"]
}

func uascViolations() []Violation {
	// born May 2006: 18 in May 2024, in the 2024-25 year
	h, h23 := "header|1,01/05/2006,WBRI,,,", "header23|1,01/05/2006,WBRI,,,"
	u := func(sex, duc string) string { return "uasc|" + sex + ",01/05/2006," + duc }
	u23 := func(sex, duc string) string { return "uasc23|" + sex + ",01/05/2006," + duc }
	return []Violation{
		// UASC last year (its row gives SEX), not this year (a row with
		// neither SEX nor DUC), and last year's DUC blank; the near miss
		// ceased in June 2023, within 2023-24
		{Rule: "205A", Fires: [][]string{{h23, u23("1", ""), h, "!" + u("", "")}},
			Holds: [][]string{{h23, u23("1", "01/06/2023"), h, u("", "")}}},
		// UASC both years, this year's DUC blank; the near miss ceased on
		// the 18th birthday (May 2024) in both years
		{Rule: "205B", Fires: [][]string{{h23, u23("1", "01/05/2024"), h, "!" + u("1", "")}},
			Holds: [][]string{{h23, u23("1", "01/05/2024"), h, u("1", "01/05/2024")}}},
		// UASC this year, in last year's return but not UASC there; the near
		// miss was not in last year's return
		{Rule: "205D", Fires: [][]string{{h23, "!" + h, u("1", "01/05/2024")}},
			Holds: [][]string{{h, u("1", "01/05/2024")}}},
		// UASC and born April 2014: under 11 at 31 March 2025; the near miss
		// born March 2014 may be 11 by then
		{Rule: "231", Fires: [][]string{{"!header|1,01/04/2014,WBRI,,,", "uasc|1,01/04/2014,"}},
			Holds: [][]string{{"header|1,01/03/2014,WBRI,,,", "uasc|1,01/03/2014,"}}},
	}
}
