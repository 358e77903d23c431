-- ref.population: ONS mid-year estimates of children aged 0 to 17, from the
-- inputs recognised as population files (EES layout). year is the mid-year
-- of the estimate: rates for the year ending 31 March 2025 use year 2024.
CREATE TABLE ref.population AS
SELECT
    o.geographic_level,
    o.geo_code AS geography,
    o.year,
    max(o.value) AS population,  -- one row per geography and year; max() only folds exact repeats
    min(o.source_file) AS source_file
FROM stage.observation o
JOIN meta.input_file f ON f.path = o.source_file AND f.source_kind = 'population'
WHERE o.measure = 'population_estimate'
  AND o.value IS NOT NULL
  AND o.geo_code IS NOT NULL
  AND o.year IS NOT NULL
  AND coalesce(o.breakdown ->> 'age_group', '0 to 17') ILIKE '%0 to 17%'
GROUP BY ALL;
