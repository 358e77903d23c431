-- Checks across rows and tables of the child-level returns, which no single
-- cell shows: impossible date orders, children born after their episode
-- starts, overlapping episodes, duplicate rows. Each problem goes to
-- meta.issue with the file, sheet, row and field; the rows stay in stage.
-- Messages never carry an identifier or a date of birth.

-- Each check is a view of the rows that break it; the INSERT at the end
-- lists the first 20 of each rule in each column of a file and counts the
-- rest, as the readers do, so 50,000 repeated rows give 21 issues, not
-- 49,999.

-- End before start, within one row.
CREATE TEMP VIEW check_end_before_start AS
SELECT source_file, source_sheet, source_row, "column", 'end_before_start' AS rule, message
FROM (
    SELECT source_file, source_sheet, source_row, 'DEC' AS "column",
           'the episode ends (DEC) before it starts (DECOM)' AS message
    FROM stage.cla_episode WHERE dec < decom
    UNION ALL
    SELECT source_file, source_sheet, source_row, 'MIS_END',
           'the missing episode ends (MIS_END) before it starts (MIS_START)'
    FROM stage.cla_missing WHERE mis_end < mis_start
    UNION ALL
    SELECT source_file, source_sheet, source_row, 'DATE_PLACED_CEASED',
           'placement for adoption ceases (DATE_PLACED_CEASED) before it starts (DATE_PLACED)'
    FROM stage.cla_placed_for_adoption WHERE date_placed_ceased < date_placed
    UNION ALL
    SELECT source_file, source_sheet, source_row, 'CINclosureDate',
           'the CIN episode closes (CINclosureDate) before the referral (CINreferralDate)'
    FROM stage.cin_episode WHERE closure_date < referral_date
    UNION ALL
    SELECT source_file, source_sheet, source_row, 'AssessmentAuthorisationDate',
           'the assessment is authorised (AssessmentAuthorisationDate) before it starts (AssessmentActualStartDate)'
    FROM stage.cin_assessment WHERE authorisation_date < start_date
    UNION ALL
    SELECT source_file, source_sheet, source_row, 'CPPendDate',
           'the child protection plan ends (CPPendDate) before it starts (CPPstartDate)'
    FROM stage.cin_cp_plan WHERE end_date < start_date
    UNION ALL
    SELECT source_file, source_sheet, source_row, 'CINPlanEndDate',
           'the CIN plan ends (CINPlanEndDate) before it starts (CINPlanStartDate)'
    FROM stage.cin_plan WHERE end_date < start_date
);

-- Born after the episode starts. Dates of birth are kept to the month, so
-- only a birth month after the start month is certain.
CREATE TEMP VIEW check_born_after_start AS
SELECT e.source_file, e.source_sheet, e.source_row, 'DECOM' AS "column", 'born_after_start' AS rule,
       'the episode starts (DECOM) in a month before the child''s month of birth (DOB in the header table)' AS message
FROM stage.cla_episode e
JOIN stage.cla_child c
  ON c.child_id = e.child_id AND c.la_code IS NOT DISTINCT FROM e.la_code
 AND c.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE c.dob_month > date_trunc('month', e.decom);

-- Overlapping episodes: an episode still open (or ending later) when the
-- child's next episode starts.
CREATE TEMP VIEW check_overlapping_episodes AS
SELECT source_file, source_sheet, source_row, 'DECOM' AS "column", 'overlapping_episodes' AS rule,
       'this episode starts (DECOM) before the child''s previous episode ends (DEC, row ' || prev_row || ')' AS message
FROM (
    SELECT *, lag(dec) OVER w AS prev_dec, lag(source_row) OVER w AS prev_row,
           lag(decom) OVER w AS prev_decom
    FROM stage.cla_episode
    WINDOW w AS (PARTITION BY la_code, collection_year, child_id, source_file ORDER BY decom, source_row)
)
WHERE prev_decom IS NOT NULL AND (prev_dec IS NULL OR prev_dec > decom);

-- Duplicates: the same child (or episode) twice in one return.
CREATE TEMP VIEW check_duplicate_row AS
SELECT source_file, source_sheet, source_row, "column", 'duplicate_row' AS rule, message
FROM (
    SELECT source_file, source_sheet, source_row, 'CHILD' AS "column",
           'the child is already in the header table at row ' || first_value(source_row) OVER w1 AS message,
           row_number() OVER w1 AS n
    FROM stage.cla_child
    WINDOW w1 AS (PARTITION BY la_code, collection_year, child_id, source_file ORDER BY source_row)
    UNION ALL
    SELECT source_file, source_sheet, source_row, 'DECOM',
           'the child already has an episode starting on this date at row ' || first_value(source_row) OVER w2,
           row_number() OVER w2
    FROM stage.cla_episode
    WINDOW w2 AS (PARTITION BY la_code, collection_year, child_id, decom, source_file ORDER BY source_row)
    UNION ALL
    SELECT source_file, source_sheet, source_row, 'LAchildID',
           'the child is already in this census as Child ' || first_value(source_row) OVER w3,
           row_number() OVER w3
    FROM stage.cin_child
    WINDOW w3 AS (PARTITION BY la_code, collection_year, child_id, source_file ORDER BY source_row)
)
WHERE n > 1;

CREATE TEMP VIEW child_check AS
SELECT * FROM check_end_before_start
UNION ALL SELECT * FROM check_born_after_start
UNION ALL SELECT * FROM check_overlapping_episodes
UNION ALL SELECT * FROM check_duplicate_row;

INSERT INTO meta.issue
SELECT source_file, source_sheet, source_row::INTEGER, "column", rule, message
FROM child_check
QUALIFY row_number() OVER (PARTITION BY source_file, source_sheet, rule, "column" ORDER BY source_row) <= 20
ORDER BY source_file, source_sheet, source_row;

INSERT INTO meta.issue
SELECT source_file, source_sheet, NULL, "column", rule,
       format('{} more rows broke rule {} in this column; the first 20 are listed', count(*) - 20, rule)
FROM child_check
GROUP BY source_file, source_sheet, rule, "column"
HAVING count(*) > 20;
