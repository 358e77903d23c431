-- mart.la_inspection: each LA's latest Ofsted judgement of its children's
-- services (ILACS) and the one before it, from stage.ilacs_judgement.
-- Only inspections judge (focused visits and monitoring visits do not), so
-- rows without an overall judgement are left out. The same inspection
-- appears on several sheets (as at 31 March, in-year, history): one row per
-- LA and inspection date, the one that names the inspection type first.
CREATE TABLE mart.la_inspection AS
WITH judgement AS (
    SELECT *
    FROM stage.ilacs_judgement
    WHERE la_code IS NOT NULL AND inspection_date IS NOT NULL
      AND overall_effectiveness IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY la_code, inspection_date
                               ORDER BY inspection_type IS NULL, publication_date DESC NULLS LAST, source_file, source_sheet, source_row) = 1
),
ordered AS (
    SELECT *, row_number() OVER (PARTITION BY la_code ORDER BY inspection_date DESC) AS recency
    FROM judgement
)
SELECT l.la_code, l.la_name, l.inspection_date, l.publication_date, l.inspection_type,
       l.overall_effectiveness, l.overall_grade, l.leadership, l.help_and_protection,
       l.children_in_care, l.care_leavers,
       p.inspection_date AS previous_inspection_date, p.overall_effectiveness AS previous_overall_effectiveness,
       p.overall_grade AS previous_overall_grade,
       CASE WHEN p.overall_grade IS NULL OR l.overall_grade IS NULL THEN NULL
            WHEN l.overall_grade < p.overall_grade THEN 'better'
            WHEN l.overall_grade > p.overall_grade THEN 'worse'
            ELSE 'same' END AS direction,
       l.source_file, l.source_sheet, l.source_row
FROM ordered l
LEFT JOIN ordered p ON p.la_code = l.la_code AND p.recency = 2
WHERE l.recency = 1;
