-- The date each return reaches (as_at), and so which days the loaded
-- returns cover: what stage_own_indicator.sql may count at a date D.
--
-- A return is one LA's SSDA903, CIN census or Annex A for one collection
-- year y (1 April y-1 to 31 March y). Its as_at is the date the config
-- gives (meta.input_file.as_at, basis 'config'), else the latest date of any
-- event in it (a start, an end, a review, an assessment, a referral; never
-- a date of birth), never later than 31 March y (basis 'data'). A return
-- whose as_at is more than 14 days before 31 March y is a part-year return:
-- it covers 1 April y-1 to as_at. Any other covers the whole year.
CREATE TEMP MACRO collection_year_of(d) AS year(d::DATE) + CASE WHEN month(d::DATE) > 3 THEN 1 ELSE 0 END;
CREATE TEMP MACRO year_end_of(y) AS make_date(y::INTEGER, 3, 31);
CREATE TEMP MACRO year_start_of(y) AS make_date(y::INTEGER - 1, 4, 1);
-- A date no later than the end of year y (NULL stays NULL: least skips it).
CREATE TEMP MACRO capped(d, y) AS CASE WHEN d IS NOT NULL THEN least(d::DATE, year_end_of(y)) END;
-- The first day of the 12 months to d: for a month end, the first of the
-- month 11 months before (12 months to 28 February 2025 starts 1 March
-- 2024), else the day after the same date a year before.
CREATE TEMP MACRO window_start(d) AS CASE
    WHEN d::DATE = last_day(d::DATE) THEN (date_trunc('month', d::DATE) - INTERVAL 11 MONTH)::DATE
    ELSE (d::DATE - INTERVAL 12 MONTH + INTERVAL 1 DAY)::DATE END;
-- n months before d, month ends staying month ends (30 months before 28
-- February 2025 is 31 August 2022).
CREATE TEMP MACRO months_before(d, n) AS CASE
    WHEN d::DATE = last_day(d::DATE) THEN last_day((d::DATE - to_months(n::INTEGER))::DATE)
    ELSE (d::DATE - to_months(n::INTEGER))::DATE END;
CREATE TEMP MACRO as_at_text(d) AS strftime(d::DATE, '%-d %b %Y');
-- A label with its time phrase ("at 31 March", "during the year") put as a
-- figure at d says it ("on 30 Sep 2024", "in the 12 months to 30 Sep
-- 2024"), so a part-year figure never reads as the year's. A figure of a
-- whole year (in_year false: at 31 March from a whole-year return) keeps
-- its label.
CREATE TEMP MACRO label_as_at(label, basis, d, in_year) AS CASE
    WHEN NOT in_year THEN label
    WHEN regexp_matches(label, ' ((at|on) 31 March|(during|in) the year)')
        THEN regexp_replace(regexp_replace(label, ' (at|on) 31 March', ' on ' || as_at_text(d)),
                            ' (during|in) the year', ' in the 12 months to ' || as_at_text(d))
    ELSE label || ' (' || basis || ')' END;

-- Each table of each return file, with the latest event date it holds for
-- each LA and year (a pooled file holds several). Annex A is by list: a
-- workbook's lists reach different dates.
CREATE TABLE stage.return_file AS
WITH dates AS (
    SELECT 'ssda903' AS kind, 'episodes' AS part, la_code, collection_year, source_file, max(greatest(decom, dec)) AS latest FROM stage.cla_episode GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'ssda903', 'header', la_code, collection_year, source_file, max(NULL::DATE) FROM stage.cla_child GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'ssda903', 'reviews', la_code, collection_year, source_file, max(review) FROM stage.cla_review GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'ssda903', 'uasc', la_code, collection_year, source_file, max(duc) FROM stage.cla_uasc GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'ssda903', 'oc2', la_code, collection_year, source_file, max(NULL::DATE) FROM stage.cla_outcome GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'ssda903', 'oc3', la_code, collection_year, source_file, max(NULL::DATE) FROM stage.cla_care_leaver GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'ssda903', 'ad1', la_code, collection_year, source_file, max(greatest(date_int, date_match)) FROM stage.cla_adoption GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'ssda903', 'placed_for_adoption', la_code, collection_year, source_file, max(greatest(date_placed, date_placed_ceased)) FROM stage.cla_placed_for_adoption GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'ssda903', 'previous_permanence', la_code, collection_year, source_file, max(NULL::DATE) FROM stage.cla_previous_permanence GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'ssda903', 'missing', la_code, collection_year, source_file, max(greatest(mis_start, mis_end)) FROM stage.cla_missing GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'ssda903', 'sw_episodes', la_code, collection_year, source_file, max(greatest(sw_decom, sw_dec)) FROM stage.cla_social_worker GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'ssda903', 'dolo', la_code, collection_year, source_file, max(greatest(dolo_start, dolo_end)) FROM stage.cla_dolo GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'cin', 'census', la_code, collection_year, source_file, max(greatest(referral_date, closure_date, date_of_initial_cpc)) FROM stage.cin_episode GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'cin', 'census', la_code, collection_year, source_file, max(greatest(start_date, authorisation_date)) FROM stage.cin_assessment GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'cin', 'census', la_code, collection_year, source_file, max(greatest(start_date, end_date)) FROM stage.cin_plan GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'cin', 'census', la_code, collection_year, source_file, max(greatest(start_date, date_of_initial_cpc)) FROM stage.cin_s47 GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'cin', 'census', la_code, collection_year, source_file, max(greatest(start_date, end_date)) FROM stage.cin_cp_plan GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'cin', 'census', la_code, collection_year, source_file, max(review_date) FROM stage.cin_cp_review GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'annex_a', 'List 3', la_code, collection_year, source_file, max(referral_date) FROM stage.annex_a_list_3 GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'annex_a', 'List 4', la_code, collection_year, source_file, max(greatest(assessment_start_date, authorisation_date)) FROM stage.annex_a_list_4 GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'annex_a', 'List 5', la_code, collection_year, source_file, max(greatest(s47_start_date, icpc_date)) FROM stage.annex_a_list_5 GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'annex_a', 'List 6', la_code, collection_year, source_file, max(greatest(cin_start_date, last_seen_date, cin_closure_date)) FROM stage.annex_a_list_6 GROUP BY la_code, collection_year, source_file
    UNION ALL SELECT 'annex_a', 'List 7', la_code, collection_year, source_file, max(greatest(cp_start_date, last_visit_date, latest_review_date, cp_end_date)) FROM stage.annex_a_list_7 GROUP BY la_code, collection_year, source_file
),
parts AS (
    SELECT d.kind, d.part, d.la_code, d.collection_year, d.source_file, max(d.latest) AS latest, any_value(f.as_at) AS config_as_at
    FROM dates d
    LEFT JOIN meta.input_file f ON f.path = d.source_file AND f.as_at_basis = 'config'
    WHERE d.la_code IS NOT NULL AND d.collection_year IS NOT NULL
    GROUP BY ALL
)
-- Two files of the same table, LA and year (a June and a September
-- extract): the one reaching later is used, the other is superseded.
SELECT *,
       coalesce(config_as_at, capped(latest, collection_year)) AS file_as_at,
       row_number() OVER (PARTITION BY kind, part, la_code, collection_year
                          ORDER BY coalesce(config_as_at, capped(latest, collection_year)) DESC NULLS LAST,
                                   latest DESC NULLS LAST, source_file DESC) > 1 AS superseded
FROM parts;

-- One row per return: its as_at, how it was found, and what it covers.
CREATE TABLE stage.return_as_at AS
WITH r AS (
    SELECT kind, la_code, collection_year,
           -- an as_at for all returns may be after an earlier year's end
           capped(max(config_as_at), collection_year) AS config_as_at,
           capped(max(latest), collection_year) AS data_as_at,
           max(latest) AS latest,
           string_agg(DISTINCT source_file, ', ' ORDER BY source_file) AS source_files
    FROM stage.return_file WHERE NOT superseded
    GROUP BY kind, la_code, collection_year
)
SELECT kind, la_code, collection_year, source_files, latest,
       coalesce(config_as_at, data_as_at) AS as_at,
       CASE WHEN config_as_at IS NOT NULL THEN 'config' WHEN data_as_at IS NOT NULL THEN 'data' END AS as_at_basis,
       coalesce(coalesce(config_as_at, data_as_at) < year_end_of(collection_year) - INTERVAL 14 DAY, false) AS part_year,
       year_start_of(collection_year) AS cover_from,
       CASE WHEN coalesce(config_as_at, data_as_at) < year_end_of(collection_year) - INTERVAL 14 DAY
            THEN coalesce(config_as_at, data_as_at) ELSE year_end_of(collection_year) END AS cover_to
FROM r;

-- meta.input_file says each return file's as_at and how it was found.
UPDATE meta.input_file f SET as_at = r.as_at, as_at_basis = CASE WHEN f.as_at_basis = 'config' THEN 'config' ELSE r.as_at_basis END
FROM (SELECT DISTINCT rf.source_file, ra.as_at, ra.as_at_basis
      FROM stage.return_file rf
      JOIN stage.return_as_at ra USING (kind, la_code, collection_year)
      WHERE NOT rf.superseded) r
WHERE f.path = r.source_file;

UPDATE meta.input_file f SET as_at = r.file_as_at, as_at_basis = 'superseded'
FROM (SELECT source_file, max(file_as_at) AS file_as_at FROM stage.return_file GROUP BY ALL
      HAVING bool_and(superseded)) r
WHERE f.path = r.source_file;

INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
SELECT s.source_file, CASE WHEN s.kind = 'annex_a' THEN s.part END, NULL, NULL, 'own_superseded',
       format('{} of LA {} for {} reaches {}; {} reaches {}, so that one is used for the own figures and this one is not (not an error: a later extract supersedes an earlier one)',
              CASE s.kind WHEN 'ssda903' THEN 'the SSDA903 ' || s.part || ' table' WHEN 'cin' THEN 'the CIN census' ELSE 'Annex A ' || s.part END,
              s.la_code, s.collection_year, coalesce(as_at_text(s.file_as_at), 'no date'),
              regexp_extract(k.source_file, '[^/!]*$'), as_at_text(k.file_as_at))
FROM stage.return_file s
JOIN stage.return_file k ON k.kind = s.kind AND k.part = s.part AND k.la_code = s.la_code
                         AND k.collection_year = s.collection_year AND NOT k.superseded
-- (Annex A's lists set aside are reported by own_source.)
WHERE s.superseded AND s.kind <> 'annex_a'
QUALIFY row_number() OVER (PARTITION BY s.source_file, s.part, s.la_code, s.collection_year ORDER BY k.source_file) = 1;

-- A return whose dates run past the as_at the config gives it: still read,
-- but the config or the file is wrong.
INSERT INTO meta.issue (file, sheet, "row", "column", rule, message)
SELECT f.source_file, CASE WHEN f.kind = 'annex_a' THEN f.part END, NULL, NULL, 'own_past_as_at',
       format('{} of LA {} for {} has dates up to {}, after the as_at {} the config gives it; the file is still read: check the config''s as_at or the extract',
              CASE f.kind WHEN 'ssda903' THEN 'the SSDA903 ' || f.part || ' table' WHEN 'cin' THEN 'the CIN census' ELSE 'Annex A ' || f.part END,
              f.la_code, f.collection_year, as_at_text(capped(f.latest, f.collection_year)), as_at_text(f.config_as_at))
FROM (SELECT kind, part, la_code, collection_year, source_file, max(latest) AS latest, max(config_as_at) AS config_as_at
      FROM stage.return_file GROUP BY ALL) f
WHERE f.config_as_at IS NOT NULL AND capped(f.latest, f.collection_year) > f.config_as_at;
