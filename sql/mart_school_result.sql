-- mart.school_result: school-level results as published (EES files with
-- geographic_level School, keyed by URN), one row per school x period x
-- breakdown x measure, with the school's LA (from the file's LA columns or
-- its LAESTAB) and, beside each value, the LA's and England's value for
-- the same measure and breakdown in the same file where it publishes them.
CREATE TABLE mart.school_result AS
WITH school AS (
    SELECT * FROM stage.observation WHERE geographic_level = 'school'
),
area AS (
    SELECT source_file, period, measure, breakdown, geographic_level, geo_code, value
    FROM stage.observation
    WHERE geographic_level IN ('la', 'national')
      AND source_file IN (SELECT DISTINCT source_file FROM school)
)
SELECT
    s.geo_code AS urn, s.geo_name AS school_name,
    s.la_code, la.la_name, la.region_code, la.region_name,
    -- the phase as the file names it, under whichever filter it uses
    coalesce(json_extract_string(s.breakdown, '$.phase_type_grouping'),
             json_extract_string(s.breakdown, '$.school_phase'),
             json_extract_string(s.breakdown, '$.phase'),
             json_extract_string(s.breakdown, '$.education_phase'),
             json_extract_string(s.breakdown, '$.establishment_type_group')) AS phase,
    s.period, s.year, s.breakdown, s.measure, s.value, s.symbol,
    a.value AS la_value, e.value AS england_value,
    json_extract_string(s.breakdown, '$.version') AS version,
    s.source_file, s.source_sheet, s.source_row
FROM school s
LEFT JOIN la_current la ON la.la_code = s.la_code
LEFT JOIN area a ON a.source_file = s.source_file AND a.period = s.period AND a.measure = s.measure
                AND a.breakdown = s.breakdown AND a.geographic_level = 'la' AND a.geo_code = s.la_code
LEFT JOIN area e ON e.source_file = s.source_file AND e.period = s.period AND e.measure = s.measure
                AND e.breakdown = s.breakdown AND e.geographic_level = 'national'
ORDER BY s.la_code, s.geo_code, s.year, s.measure, s.breakdown;
