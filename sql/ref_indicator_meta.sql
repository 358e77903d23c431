-- ref.indicator from EES metadata: an indicator over a file that was
-- published with its .meta.csv (stage.ees_column) takes the metadata's
-- decimal places, and a config indicator that gives no label or unit takes
-- the metadata's. EES writes "%" for a percentage and leaves the unit blank
-- for a count or any other number, which yardstick cannot tell apart, so
-- those are "value". Where several loaded files describe the measure, the
-- newest file name (last in order) wins.
CREATE TEMP TABLE indicator_meta AS
SELECT i.indicator_id,
       arg_max(c.label, c.data_file) AS label,
       arg_max(c.unit, c.data_file) AS unit,
       arg_max(c.decimal_places, c.data_file) AS decimal_places,
       arg_max(c.source_file, c.data_file) AS meta_file
FROM ref.indicator_source i
JOIN stage.ees_column c
  ON c.col_name = i.measure AND c.col_type = 'Indicator'
 AND regexp_extract(c.data_file, '[^/!]*$') GLOB i.file_glob
GROUP BY i.indicator_id;

UPDATE ref.indicator i
SET label = CASE WHEN coalesce(trim(i.label), '') = '' THEN m.label ELSE i.label END,
    unit = CASE WHEN coalesce(trim(i.unit), '') <> '' THEN i.unit
                WHEN m.unit = '%' THEN '%'
                ELSE 'value' END,
    decimal_places = m.decimal_places
FROM indicator_meta m
WHERE m.indicator_id = i.indicator_id;

-- still without a label or a unit: the id and "value" stand in, reported
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
SELECT NULL, NULL, NULL, NULL, 'indicator_no_label',
       format('indicator {} (declared in the config) gives no {} and no loaded file''s EES metadata describes its measure {}; {} shown instead. Add {} to its entry in the config.',
              indicator_id,
              CASE WHEN coalesce(trim(label), '') = '' AND coalesce(trim(unit), '') = '' THEN 'label or unit'
                   WHEN coalesce(trim(label), '') = '' THEN 'label' ELSE 'unit' END,
              measure,
              CASE WHEN coalesce(trim(label), '') = '' AND coalesce(trim(unit), '') = '' THEN 'its id and the unit "value" are'
                   WHEN coalesce(trim(label), '') = '' THEN 'its id is' ELSE 'the unit "value" is' END,
              CASE WHEN coalesce(trim(label), '') = '' AND coalesce(trim(unit), '') = '' THEN 'label: and unit:'
                   WHEN coalesce(trim(label), '') = '' THEN 'label:' ELSE 'unit:' END)
FROM ref.indicator
WHERE coalesce(trim(label), '') = '' OR coalesce(trim(unit), '') = '';

UPDATE ref.indicator SET label = indicator_id WHERE coalesce(trim(label), '') = '';
UPDATE ref.indicator SET unit = 'value' WHERE coalesce(trim(unit), '') = '';

DROP TABLE indicator_meta;
