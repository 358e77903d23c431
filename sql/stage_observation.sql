-- stage.observation: one row per published value, with everything that
-- says what it is. The EES reader stages each file as a table of values
-- with ids (stage.observation_value) and three small tables the ids name:
-- stage.observation_series (sheet, measure, breakdown), _place (level,
-- code, name, the LA, shared_with) and _time (time_period, period, year).
-- This view joins them back, so analysts and models read one long table;
-- the models that only need to know which series exist (the catalogue's
-- matching) read the small tables directly.
CREATE VIEW stage.observation AS
SELECT f.source_file, v.source_row,
       t.time_period, t.time_identifier, t.period, t.year,
       p.geographic_level, p.geo_code, p.geo_name,
       s.breakdown, s.measure, v.value, v.symbol,
       s.source_sheet, p.la_code, p.shared_with
FROM stage.observation_value v
JOIN stage.observation_series s USING (file_no, series)
JOIN stage.observation_place p USING (file_no, place)
JOIN stage.observation_time t USING (file_no, time)
JOIN stage.source_file f USING (file_no);
