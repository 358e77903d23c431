-- cin_working_day (a temporary table of the build, read by the rules that
-- run on its connection, not kept in the warehouse): for each collection
-- year of the CIN census, the working days (Monday to Friday, England's
-- bank holidays aside) before 31 March, counted back: n = 1 is the last.
-- Rules 8670Q (45 working days) and 8675Q (15) read it.
CREATE TEMP TABLE cin_working_day AS
SELECT y AS collection_year, d AS day, row_number() OVER (PARTITION BY y ORDER BY d DESC) AS n
FROM (SELECT DISTINCT collection_year AS y FROM stage.cin_child WHERE collection_year IS NOT NULL) years,
     LATERAL (SELECT make_date(y, 3, 31) - k::INTEGER AS d FROM range(1, 100) r(k)) days
WHERE isodow(d) <= 5 AND d NOT IN (SELECT date FROM ref.bank_holiday);
