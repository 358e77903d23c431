-- DfE's SSDA903 rules on a child's status as an unaccompanied asylum-seeking
-- child (UASC): the header's UASC flag of the XML return, the date the
-- status ceased (DUC, the uasc table) and how both follow from the year
-- before. A child's status, as the XML gives it or as the CSV's uasc table
-- implies it, is cla_uasc_flag (sql/stage_cla_uasc_flag.sql). The rules
-- across years run where the LA's return of the year before is loaded too.
-- A collection year Y runs from 1 April Y-1 to 31 March Y.

-- rule: 105
-- table: cla_child
-- fields: UASC
-- ref: SSDA903 2022-23 validation checks, rule 105: the child's UASC status must be given and be 0 or 1. Only the XML return has the field (the CSV export's uasc table says it instead), so only XML returns are checked, as DfE's validator does.
-- message: The child's UASC status (UASC in the header) is blank or not 0 or 1.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_child
WHERE source_file ILIKE '%.xml' AND uasc IS NULL

-- rule: 205A
-- table: cla_uasc
-- fields: UASC, DUC
-- ref: SSDA903 2022-23 validation checks, rule 205A: a child who was UASC last year and is not this year must have had the status cease last year: this year's DUC blank, and last year's DUC within last year's collection period.
-- message: The child was UASC last year and is not this year, but the dates UASC status ceased (DUC) of the two years do not say it ceased last year.
SELECT f.la_code, f.collection_year, f.uasc_file, f.uasc_sheet, f.uasc_row, f.child_id,
       CASE WHEN f.duc IS NOT NULL THEN 'this year''s DUC is ' || strftime(f.duc, '%d/%m/%Y')
            WHEN p.duc IS NULL THEN 'last year''s DUC is blank'
            ELSE 'last year''s DUC is ' || strftime(p.duc, '%d/%m/%Y') END
FROM cla_uasc_flag f
JOIN cla_uasc_flag p
  ON p.child_id = f.child_id AND p.la_code IS NOT DISTINCT FROM f.la_code AND p.collection_year = f.collection_year - 1
WHERE f.uasc_row IS NOT NULL AND p.uasc_row IS NOT NULL
  AND f.uasc IS DISTINCT FROM true AND p.uasc
  AND (f.duc IS NOT NULL OR p.duc IS NULL
       OR p.duc NOT BETWEEN make_date(f.collection_year - 2, 4, 1) AND make_date(f.collection_year - 1, 3, 31))

-- rule: 205B
-- table: cla_uasc
-- fields: UASC, DUC, DOB
-- ref: SSDA903 2022-23 validation checks, rule 205B: a child UASC both last year and this year must have had last year's DUC on the 18th birthday, and this year's DUC must be in this year's collection period or the same as last year's. Dates of birth are kept to the month, so last year's DUC is taken as not the 18th birthday only when it is blank or not in the month of it.
-- message: The child is UASC this year and was last year, but the dates UASC status ceased (DUC) do not fit: last year's should be the 18th birthday, and this year's within this year or the same as last year's.
SELECT f.la_code, f.collection_year, f.uasc_file, f.uasc_sheet, f.uasc_row, f.child_id,
       'last year''s DUC ' || coalesce(strftime(p.duc, '%d/%m/%Y'), 'blank') || ', this year''s ' || coalesce(strftime(f.duc, '%d/%m/%Y'), 'blank')
FROM cla_uasc_flag f
JOIN cla_uasc_flag p
  ON p.child_id = f.child_id AND p.la_code IS NOT DISTINCT FROM f.la_code AND p.collection_year = f.collection_year - 1
WHERE f.uasc_row IS NOT NULL AND p.uasc_row IS NOT NULL AND f.uasc AND p.uasc
  AND ((NOT coalesce(f.duc BETWEEN make_date(f.collection_year - 1, 4, 1) AND make_date(f.collection_year, 3, 31), false)
        AND NOT coalesce(f.duc = p.duc, false))
       OR p.duc IS NULL
       OR (f.dob_month IS NOT NULL AND date_trunc('month', p.duc) <> f.dob_month + INTERVAL 18 YEAR))

-- rule: 205C
-- table: cla_uasc
-- fields: UASC, DUC
-- ref: SSDA903 2022-23 validation checks, rule 205C: a child who is not UASC this year and was not last year (or not in last year's return) must have no date UASC status ceased (DUC) in either year. The CSV export implies the status from the uasc table, so a CSV return cannot break it.
-- message: The child is not UASC this year nor was last year, but a date UASC status ceased (DUC) is given.
SELECT f.la_code, f.collection_year, f.uasc_file, f.uasc_sheet, f.uasc_row, f.child_id,
       CASE WHEN f.duc IS NOT NULL THEN 'this year''s DUC is ' || strftime(f.duc, '%d/%m/%Y')
            ELSE 'last year''s DUC is ' || strftime(p.duc, '%d/%m/%Y') END
FROM cla_uasc_flag f
LEFT JOIN cla_uasc_flag p
  ON p.child_id = f.child_id AND p.la_code IS NOT DISTINCT FROM f.la_code AND p.collection_year = f.collection_year - 1
WHERE f.uasc_row IS NOT NULL AND NOT coalesce(f.uasc, false) AND NOT coalesce(p.uasc, false)
  AND (f.duc IS NOT NULL OR p.duc IS NOT NULL)
  -- the LA's return of the year before is loaded
  AND EXISTS (SELECT 1 FROM cla_uasc_flag l WHERE l.la_code IS NOT DISTINCT FROM f.la_code AND l.collection_year = f.collection_year - 1)

-- rule: 205D
-- table: cla_child
-- fields: UASC
-- ref: SSDA903 2022-23 validation checks, rule 205D: a child in both years' returns who is UASC this year must have been UASC last year.
-- message: The child is UASC this year but was not last year.
SELECT h.la_code, h.collection_year, h.source_file, h.source_sheet, h.source_row, h.child_id, NULL
FROM stage.cla_child h
JOIN cla_uasc_flag f
  ON f.header_file = h.source_file AND f.header_row = h.source_row
JOIN cla_uasc_flag p
  ON p.child_id = f.child_id AND p.la_code IS NOT DISTINCT FROM f.la_code AND p.collection_year = f.collection_year - 1
WHERE p.header_row IS NOT NULL AND f.uasc AND p.uasc IS DISTINCT FROM true

-- rule: 303
-- table: cla_uasc
-- fields: DUC, UASC
-- ref: SSDA903 2022-23 validation checks, rule 303: where the date UASC status ceased (DUC) is given, the child's UASC status must be 1. Checked where the return gives the status (the XML header).
-- message: A date UASC status ceased (DUC) is given but the child's UASC status is not 1.
SELECT la_code, collection_year, uasc_file, uasc_sheet, uasc_row, child_id, NULL
FROM cla_uasc_flag
WHERE duc IS NOT NULL AND given AND uasc IS DISTINCT FROM true

-- rule: 231
-- type: query
-- table: cla_child
-- fields: UASC, DOB
-- years: 2025-
-- ref: SSDA903 2024-25 validation checks, rule 231: an unaccompanied asylum-seeking child is expected to be at least 11 at the end of the collection year; a younger one's date of birth should be checked. Dates of birth are kept to the month, so a child is taken as under 11 only when born in or after the April eleven years before the year's end.
-- message: The child is UASC and under 11 at 31 March: unaccompanied asylum-seeking children are generally older, so check the date of birth.
SELECT h.la_code, h.collection_year, h.source_file, h.source_sheet, h.source_row, h.child_id,
       'born ' || strftime(h.dob_month, '%m/%Y')
FROM stage.cla_child h
JOIN cla_uasc_flag f
  ON f.header_file = h.source_file AND f.header_row = h.source_row
WHERE f.uasc AND h.dob_month >= make_date(h.collection_year - 11, 4, 1)
