-- mart.school_result: school-level results as published (EES files with
-- geographic_level School, keyed by URN), one row per school x period x
-- breakdown x measure, with the school's LA (from the file's LA columns or
-- its LAESTAB) and, beside each value, the LA's and England's value for
-- the same measure and breakdown in the same file where it publishes them.
-- Only files with school rows are read (through the observation tables,
-- not the view, so the other files' values are never joined). No ORDER BY:
-- a file of 25,000 schools over 11 years is 2 million rows, and sorting
-- them cost 4 s of a 4.5 s build; readers order what they select.
CREATE TABLE mart.school_result AS
WITH school_file AS (
    SELECT DISTINCT file_no FROM stage.observation_place WHERE geographic_level = 'school'
),
obs AS (
    SELECT f.source_file, v.source_row, t.period, t.year, p.geographic_level, p.geo_code, p.geo_name,
           s.breakdown, s.measure, v.value, v.symbol, s.source_sheet, p.la_code
    FROM stage.observation_value v
    JOIN school_file USING (file_no)
    JOIN stage.observation_series s USING (file_no, series)
    JOIN stage.observation_place p USING (file_no, place)
    JOIN stage.observation_time t USING (file_no, time)
    JOIN stage.source_file f USING (file_no)
),
school AS (
    SELECT * FROM obs WHERE geographic_level = 'school'
),
area AS (
    SELECT source_file, period, measure, breakdown, geographic_level, geo_code, value
    FROM obs
    WHERE geographic_level IN ('la', 'national')
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
                AND e.breakdown = s.breakdown AND e.geographic_level = 'national';
