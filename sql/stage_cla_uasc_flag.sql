-- cla_uasc_flag (a temporary table of the build, read by the rules that
-- run on its connection, not kept in the warehouse): each child of an
-- SSDA903 return with its UASC status as DfE's checks read it. The XML
-- return gives it in the child's header (UASC, 0 or 1; uasc here, NULL
-- when blank or not 0 or 1); the CSV export has no such field, and a child
-- is UASC there when its uasc table row gives SEX or DUC, as
-- data-to-insight's validators read the CSV; given says whether the
-- return gives the status itself. duc is the date the child's
-- UASC status ceased. Rules 205A to 205D compare a child's status with the
-- year before, so it is defined once. A child with two header or uasc rows
-- is taken by its first (rule 1000-range checks report the repeat).
CREATE TEMP TABLE cla_uasc_flag AS
SELECT coalesce(h.la_code, u.la_code) AS la_code, coalesce(h.collection_year, u.collection_year) AS collection_year,
       coalesce(h.child_id, u.child_id) AS child_id,
       h.source_file AS header_file, h.source_sheet AS header_sheet, h.source_row AS header_row,
       u.source_file AS uasc_file, u.source_sheet AS uasc_sheet, u.source_row AS uasc_row,
       CASE WHEN h.uasc IS NOT NULL OR h.source_file ILIKE '%.xml' THEN h.uasc
            ELSE coalesce(u.sex IS NOT NULL OR u.duc IS NOT NULL, false) END AS uasc,
       coalesce(h.uasc IS NOT NULL OR h.source_file ILIKE '%.xml', false) AS given,
       u.duc, coalesce(h.dob_month, u.dob_month) AS dob_month
FROM (SELECT * FROM stage.cla_child
      WHERE child_id IS NOT NULL
      QUALIFY row_number() OVER (PARTITION BY la_code, collection_year, child_id ORDER BY source_file, source_row) = 1) h
FULL JOIN (SELECT * FROM stage.cla_uasc
           WHERE child_id IS NOT NULL
           QUALIFY row_number() OVER (PARTITION BY la_code, collection_year, child_id ORDER BY source_file, source_row) = 1) u
  ON u.child_id = h.child_id AND u.la_code IS NOT DISTINCT FROM h.la_code AND u.collection_year IS NOT DISTINCT FROM h.collection_year;
