-- Loud definitions. An indicator whose file glob takes a loaded file but
-- that picks nothing from it is never silent: a renamed column or a
-- relabelled filter would otherwise just leave the indicator empty. For
-- each such indicator and file one issue says what the file has instead,
-- nearest first (by edit distance): its measure columns when the measure is
-- not one of them, else, for each filter of the where, the values the file
-- has. Built-ins whose files are simply not among the inputs raise nothing
-- (yardstick status counts them); an indicator from the config whose glob
-- takes no file at all is reported, as it was declared for a file.
-- Reads the series tables of stage_indicator_value.sql.

-- nearest(items, target): the items ordered by edit distance to target
-- over the longer length (case-folded; ties alphabetical), so a long name
-- that shares most of the target comes before a short unrelated one; the
-- first 8 quoted and joined, with a count of the rest.
CREATE TEMP MACRO nearest(items, target) AS (
    SELECT array_to_string(list_transform((list(x ORDER BY levenshtein(lower(x), lower(target)) / greatest(length(x), length(target), 1), x))[1:8], lambda y: '"' || y || '"'), ', ')
           || CASE WHEN count(*) > 8 THEN format(' and {} more', count(*) - 8) ELSE '' END
    FROM (SELECT unnest(items) AS x)
);

CREATE TEMP MACRO definition_advice(origin) AS
    CASE origin
        WHEN 'config' THEN 'Correct the indicator in the config.'
        ELSE 'The publication''s layout may have changed: declare the indicator in the config with the file''s names (the same id replaces the built-in one), and tell us.'
    END;

INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
WITH files AS (
    SELECT DISTINCT source_file, file_name FROM series
),
candidate AS (
    SELECT s.indicator_id, s.measure, s.where_json, s.file_glob, i.origin, f.source_file, f.file_name
    FROM ref.indicator_source s
    JOIN ref.indicator i USING (indicator_id)
    JOIN files f ON f.file_name GLOB s.file_glob
),
unmatched AS (
    SELECT c.*,
           EXISTS (SELECT 1 FROM series s WHERE s.source_file = c.source_file AND s.measure = c.measure) AS has_measure
    FROM candidate c
    WHERE NOT EXISTS (SELECT 1 FROM series_indicator si
                      WHERE si.indicator_id = c.indicator_id AND si.source_file = c.source_file)
),
-- the measure is not a column of the file
no_measure AS (
    SELECT u.source_file, u.measure AS col, 'indicator_no_measure' AS rule,
           format('indicator {} takes {} by its file glob "{}", but the file has no measure column "{}"; its measure columns, nearest first: {}. {}',
                  u.indicator_id, u.file_name, u.file_glob, u.measure,
                  nearest((SELECT list(DISTINCT s.measure) FROM series s WHERE s.source_file = u.source_file), u.measure),
                  definition_advice(u.origin)) AS message
    FROM unmatched u
    WHERE NOT u.has_measure
),
-- each filter of the where, against the values the file has for the measure
keys AS (
    SELECT u.*, unnest(json_keys(u.where_json::JSON)) AS key
    FROM unmatched u
    WHERE u.has_measure
),
wanted AS (
    SELECT *, json_extract_string(where_json, '$."' || key || '"') AS want FROM keys
),
offered AS (
    SELECT w.indicator_id, w.source_file, w.key, w.want, w.origin, w.file_name, w.measure,
           list(DISTINCT json_extract_string(s.breakdown, '$."' || w.key || '"'))
               FILTER (WHERE json_extract_string(s.breakdown, '$."' || w.key || '"') IS NOT NULL) AS vals
    FROM wanted w
    JOIN series s ON s.source_file = w.source_file AND s.measure = w.measure
    GROUP BY ALL
),
bad_filter AS (
    SELECT o.indicator_id, o.source_file, o.key AS col, 'indicator_no_rows' AS rule,
           CASE WHEN len(coalesce(o.vals, [])) = 0 THEN
               format('indicator {} takes {} by its file glob, but its where names the filter "{}", which the file does not have; its filters, nearest first: {}. {}',
                      o.indicator_id, o.file_name, o.key,
                      nearest((SELECT list(DISTINCT k) FROM (SELECT unnest(json_keys(s.breakdown::JSON)) AS k FROM series s WHERE s.source_file = o.source_file)), o.key),
                      definition_advice(o.origin))
           ELSE
               format('indicator {} takes {} by its file glob, but no row of measure "{}" has {} "{}"; the file''s values of {}, nearest first: {}. {}',
                      o.indicator_id, o.file_name, o.measure, o.key, o.want, o.key, nearest(o.vals, o.want),
                      definition_advice(o.origin))
           END AS message
    FROM offered o
    WHERE NOT list_contains(coalesce(o.vals, []), o.want)
),
-- every filter value is in the file, but no row has them all together
no_combination AS (
    SELECT u.source_file, NULL AS col, 'indicator_no_rows' AS rule,
           format('indicator {} takes {} by its file glob, and each filter of its where {} is in the file, but no row of measure "{}" has them all together. {}',
                  u.indicator_id, u.file_name, u.where_json, u.measure, definition_advice(u.origin)) AS message
    FROM unmatched u
    WHERE u.has_measure
      AND NOT EXISTS (SELECT 1 FROM bad_filter b
                      WHERE b.indicator_id = u.indicator_id AND b.source_file = u.source_file)
),
-- an indicator declared in the config whose glob takes no loaded file
no_file AS (
    SELECT NULL AS source_file, NULL AS col, 'indicator_no_file' AS rule,
           format('indicator {} (declared in the config) takes no loaded file by its file glob "{}"; the loaded files, nearest first: {}. Correct the file glob, or add the file among the inputs.',
                  i.indicator_id, i.file_glob,
                  coalesce(nearest((SELECT list(DISTINCT file_name) FROM files), i.file_glob), 'none')) AS message
    FROM ref.indicator i
    WHERE i.origin = 'config' AND i.file_glob IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM files f JOIN ref.indicator_source s ON f.file_name GLOB s.file_glob
                      WHERE s.indicator_id = i.indicator_id)
)
SELECT source_file, NULL, NULL, col, rule, message FROM no_measure
UNION ALL
SELECT source_file, NULL, NULL, col, rule, message FROM bad_filter
UNION ALL
SELECT source_file, NULL, NULL, col, rule, message FROM no_combination
UNION ALL
SELECT source_file, NULL, NULL, col, rule, message FROM no_file;
