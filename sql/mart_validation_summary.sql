-- mart.validation_summary: the failures of DfE's validation rules (and
-- yardstick's own checks of the returns) counted per rule, LA and
-- collection year, with the first failing row to look at.
CREATE TABLE mart.validation_summary AS
WITH counted AS (
    SELECT "return", collection_year, la_code, rule_code, rule_type,
           count(*) AS failures, count(DISTINCT child_id) AS children,
           min({'file': source_file, 'row': source_row}) AS first
    FROM meta.validation
    GROUP BY ALL
)
SELECT c."return", c.collection_year, c.la_code, c.rule_code, c.rule_type, r.rule_source, r.message,
       c.failures, c.children, c.first.file AS first_file, c.first.row AS first_row
FROM counted c
JOIN ref.validation_rule r USING ("return", rule_code)
ORDER BY c."return", c.la_code, c.collection_year, c.rule_type, c.rule_code;
