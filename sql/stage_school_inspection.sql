-- Good or outstanding schools: from Ofsted's management information
-- (stage.school_inspection), the share of graded schools, and of their
-- pupils, whose latest overall effectiveness is outstanding (1) or good (2),
-- for each LA, region and England. They join stage.indicator_value, so
-- mart.la_benchmark ranks them like every other indicator. Schools not
-- graded (new schools, inspections since September 2024 that give no
-- overall grade) are left out of both numerator and denominator.
--
-- A file is a snapshot: its period is the latest publication date in it
-- ("as at"), and of several snapshots in one year the latest is used so a
-- change is always year on year.
CREATE TEMP TABLE school_share AS
WITH snapshot AS (
    SELECT source_file, max(publication_date) AS as_at
    FROM stage.school_inspection
    GROUP BY source_file
    HAVING max(publication_date) IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY year(max(publication_date)) ORDER BY max(publication_date) DESC, source_file DESC) = 1
),
graded AS (
    SELECT s.*, sn.as_at, la.region_code,
           s.overall_effectiveness IN (1, 2) AS good
    FROM stage.school_inspection s
    JOIN snapshot sn USING (source_file)
    LEFT JOIN la_current la USING (la_code)
    WHERE s.overall_effectiveness BETWEEN 1 AND 4
),
places AS (
    SELECT 'national' AS geographic_level, 'E92000001' AS geo_code, * FROM graded
    UNION ALL
    SELECT 'regional', region_code, * FROM graded WHERE region_code IS NOT NULL
    UNION ALL
    SELECT 'la', la_code, * FROM graded WHERE la_code IS NOT NULL
)
SELECT geographic_level, geo_code, source_file,
       'as at ' || strftime(as_at, '%Y-%m-%d') AS period, year(as_at) AS year,
       round(100.0 * count(*) FILTER (WHERE good) / count(*), 1) AS schools_pct,
       round(100.0 * sum(pupils) FILTER (WHERE good) / nullif(sum(pupils), 0), 1) AS pupils_pct
FROM places
GROUP BY geographic_level, geo_code, source_file, as_at;

-- stage.indicator_value is a view of values on numbers
-- (stage_indicator_value.sql): the snapshots' periods and any place no
-- published file has are numbered after the others first.
INSERT INTO stage.indicator_period
SELECT coalesce((SELECT max(per) FROM stage.indicator_period), 0) + row_number() OVER (ORDER BY period, year), period, year
FROM (SELECT DISTINCT period, year FROM school_share
      EXCEPT SELECT period, year FROM stage.indicator_period);

INSERT INTO stage.indicator_place
SELECT coalesce((SELECT max(gp) FROM stage.indicator_place), 0) + row_number() OVER (ORDER BY geographic_level, geo_code), geographic_level, geo_code
FROM (SELECT DISTINCT geographic_level, geo_code FROM school_share
      EXCEPT SELECT geographic_level, geo_code FROM stage.indicator_place);

INSERT INTO stage.indicator_figure
SELECT n.ind, t.per, g.gp,
       CASE n.indicator_id WHEN 'schools_good_outstanding_pct' THEN s.schools_pct ELSE s.pupils_pct END AS value,
       NULL AS symbol, NULL AS version, f.file_no, NULL AS source_row, 1 AS n_matches, true AS computed, NULL AS shared_with,
       NULL AS numerator, NULL AS denominator
FROM school_share s
JOIN stage.indicator_period t USING (period, year)
JOIN stage.indicator_place g USING (geographic_level, geo_code)
JOIN stage.source_file f USING (source_file)
JOIN stage.indicator_number n ON n.indicator_id IN ('schools_good_outstanding_pct', 'pupils_good_outstanding_pct');

-- A snapshot with no publication dates has no "as at": say so rather than
-- guess one.
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
SELECT source_file, any_value(source_sheet), NULL, NULL, 'no_snapshot_date',
       'no publication date in the file, so its "as at" date is unknown and its schools are not counted in the good or outstanding shares'
FROM stage.school_inspection
GROUP BY source_file
HAVING max(publication_date) IS NULL;
