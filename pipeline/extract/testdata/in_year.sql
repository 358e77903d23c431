-- A hand-made mart.in_year for the in-year extracts' tests, with the
-- columns of sql/mart_in_year.sql: three LAs' own figures in year.
--
-- Trafford (358), returns as at 30 Sep 2024:
--   rereferral_pct (headline, %, lower is better), 12 months to each month
--     end from 31 Oct 2022; no row for 29 Feb 2024 (a month with no value);
--     the latest 21.0, 40th of 153, 5th of 24, quartile B.
--   cla_at_31_march (timeliness list, a count, unranked), on each month end
--     from 31 Oct 2023; 30 Jun 2024 has a row without a value.
--   cin_at_31_march (timeliness list, a count), only on 31 Mar 2024: the
--     latest date it has is before the returns' as_at.
--   cla_started_in_year: neither headline nor timeliness, so in the CSV only.
-- Middlesbrough (806), returns as at 15 Oct 2024 (not a month end):
--   rereferral_pct from 30 Apr 2024, and a row for 15 Oct 2024 itself.
-- Hartlepool (805): one row, never in another LA's extract.
CREATE SCHEMA ref;
CREATE SCHEMA mart;
CREATE TABLE ref.headline (item_id VARCHAR, kind VARCHAR, sort_order INTEGER);
INSERT INTO ref.headline VALUES ('cin_rate_per_10k', 'indicator', 1), ('rereferral_pct', 'indicator', 2);

CREATE TABLE mart.in_year (
    la_code VARCHAR, la_name VARCHAR, region_name VARCHAR,
    indicator_id VARCHAR, label VARCHAR, unit VARCHAR, polarity VARCHAR, label_as_at VARCHAR,
    month_end DATE, window_months INTEGER,
    value DOUBLE, numerator BIGINT, denominator BIGINT,
    as_at DATE, basis VARCHAR,
    published_period VARCHAR, published_value DOUBLE, england_value DOUBLE, region_value DOUBLE, sn_mean DOUBLE,
    national_rank INTEGER, national_count INTEGER, regional_rank INTEGER, regional_count INTEGER, quartile VARCHAR,
    source_files VARCHAR
);

-- Trafford's re-referrals: 23 months, 31 Oct 2022 to 30 Sep 2024 but Feb 2024;
-- value 20 + (month number mod 4), the latest (Sep 2024, 9 mod 4 = 1) 21.0.
INSERT INTO mart.in_year
SELECT '358', 'Trafford', 'North West', 'rereferral_pct', 'Re-referrals within 12 months of a previous referral (%)', '%', 'low',
       'Re-referrals within 12 months of a previous referral (%) (12 months to ' || strftime(d, '%-d %b %Y') || ')',
       d, 12, 20 + month(d) % 4, (20 + month(d) % 4) * 10, 1000,
       DATE '2024-09-30', '12 months to ' || strftime(d, '%-d %b %Y'),
       '2024', 22.5, 21.6, 20.1, 21.2,
       CASE WHEN d = DATE '2024-09-30' THEN 40 ELSE 50 END, 153,
       CASE WHEN d = DATE '2024-09-30' THEN 5 ELSE 7 END, 24,
       CASE WHEN d = DATE '2024-09-30' THEN 'B' ELSE 'C' END,
       'cin_census_2024.xml'
FROM (SELECT last_day(m)::DATE AS d FROM range(DATE '2022-10-01', DATE '2024-10-01', INTERVAL 1 MONTH) t(m))
WHERE d <> DATE '2024-02-29';

-- Trafford's children looked after: 31 Oct 2023 to 30 Sep 2024, none on 30 Jun 2024.
INSERT INTO mart.in_year
SELECT '358', 'Trafford', 'North West', 'cla_at_31_march', 'Children looked after at 31 March', 'count', 'none',
       'Children looked after on ' || strftime(d, '%-d %b %Y'),
       d, 0, CASE WHEN d <> DATE '2024-06-30' THEN 380 + month(d) END, NULL, NULL,
       DATE '2024-09-30', 'on ' || strftime(d, '%-d %b %Y'),
       '2024', 395, 83630, 14000, 372.4,
       NULL, NULL, NULL, NULL, NULL,
       '=cmd|'' /C calc''!A0, ssda903_2024.csv'
FROM (SELECT last_day(m)::DATE AS d FROM range(DATE '2023-10-01', DATE '2024-10-01', INTERVAL 1 MONTH) t(m));

INSERT INTO mart.in_year VALUES
    ('358', 'Trafford', 'North West', 'cla_started_in_year', 'Children starting to be looked after during the year', 'count', 'none',
     'Children starting to be looked after in the 12 months to 30 Sep 2024', DATE '2024-09-30', 12, 150, NULL, NULL,
     DATE '2024-09-30', '12 months to 30 Sep 2024', '2024', 160, 33000, 5500, 140, NULL, NULL, NULL, NULL, NULL, 'ssda903_2024.csv');

INSERT INTO mart.in_year VALUES
    ('358', 'Trafford', 'North West', 'cin_at_31_march', 'Children in need at 31 March', 'count', 'none',
     'Children in need on 31 Mar 2024', DATE '2024-03-31', 0, 2448, NULL, NULL,
     DATE '2024-09-30', 'on 31 Mar 2024', '2024', 2500, 400000, 60000, 2617, NULL, NULL, NULL, NULL, NULL, 'cin_census_2024.xml');

-- Middlesbrough's re-referrals: 30 Apr 2024 to 30 Sep 2024, then 15 Oct 2024.
INSERT INTO mart.in_year
SELECT '806', 'Middlesbrough', 'North East', 'rereferral_pct', 'Re-referrals within 12 months of a previous referral (%)', '%', 'low',
       'Re-referrals within 12 months of a previous referral (%) (12 months to ' || strftime(d, '%-d %b %Y') || ')',
       d, 12, 25 + day(d) // 10, NULL, NULL,
       DATE '2024-10-15', '12 months to ' || strftime(d, '%-d %b %Y'),
       '2024', 26.0, 21.6, 23.0, 24.5, 120, 153, 10, 12, 'D', 'cin_census_2025.xml'
FROM (SELECT last_day(m)::DATE AS d FROM range(DATE '2024-04-01', DATE '2024-10-01', INTERVAL 1 MONTH) t(m)
      UNION ALL SELECT DATE '2024-10-15');

INSERT INTO mart.in_year VALUES
    ('805', 'Hartlepool', 'North East', 'rereferral_pct', 'Re-referrals within 12 months of a previous referral (%)', '%', 'low',
     'Re-referrals within 12 months of a previous referral (%) (12 months to 30 Sep 2024)', DATE '2024-09-30', 12, 18.0, 18, 100,
     DATE '2024-09-30', '12 months to 30 Sep 2024', '2024', 19.0, 21.6, 23.0, 20.0, 20, 153, 2, 12, 'A', 'cin_census_2024.xml');

-- The intervals sql/mart_in_year.sql ends with: Trafford's latest
-- re-referrals, 210 of 1,000, Wilson 18.5889% to 23.6331%, with England's
-- 21.6 within: similar. The others have none.
ALTER TABLE mart.in_year ADD COLUMN ci_lower DOUBLE;
ALTER TABLE mart.in_year ADD COLUMN ci_upper DOUBLE;
ALTER TABLE mart.in_year ADD COLUMN vs_england VARCHAR;
UPDATE mart.in_year SET ci_lower = 18.5889, ci_upper = 23.6331, vs_england = 'similar'
WHERE la_code = '358' AND indicator_id = 'rereferral_pct' AND month_end = DATE '2024-09-30';
