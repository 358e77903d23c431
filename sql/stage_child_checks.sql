-- Checks across rows and tables of the child-level returns, which no single
-- cell shows: impossible date orders, children born after their episode
-- starts, overlapping episodes, duplicate rows. Each problem goes to
-- meta.issue with the file, sheet, row and field; the rows stay in stage.
-- Messages never carry an identifier or a date of birth.

-- End before start, within one row.
INSERT INTO meta.issue
SELECT source_file, source_sheet, source_row::INTEGER, "column", 'end_before_start', message
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
)
ORDER BY source_file, source_sheet, source_row;

-- Born after the episode starts. Dates of birth are kept to the month, so
-- only a birth month after the start month is certain.
INSERT INTO meta.issue
SELECT e.source_file, e.source_sheet, e.source_row::INTEGER, 'DECOM', 'born_after_start',
       'the episode starts (DECOM) in a month before the child''s month of birth (DOB in the header table)'
FROM stage.cla_episode e
JOIN stage.cla_child c
  ON c.child_id = e.child_id AND c.la_code IS NOT DISTINCT FROM e.la_code
 AND c.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE c.dob_month > date_trunc('month', e.decom)
ORDER BY e.source_file, e.source_sheet, e.source_row;

-- Overlapping episodes: an episode still open (or ending later) when the
-- child's next episode starts.
INSERT INTO meta.issue
SELECT source_file, source_sheet, source_row::INTEGER, 'DECOM', 'overlapping_episodes',
       'this episode starts (DECOM) before the child''s previous episode ends (DEC, row ' || prev_row || ')'
FROM (
    SELECT *, lag(dec) OVER w AS prev_dec, lag(source_row) OVER w AS prev_row,
           lag(decom) OVER w AS prev_decom
    FROM stage.cla_episode
    WINDOW w AS (PARTITION BY la_code, collection_year, child_id, source_file ORDER BY decom, source_row)
)
WHERE prev_decom IS NOT NULL AND (prev_dec IS NULL OR prev_dec > decom)
ORDER BY source_file, source_sheet, source_row;

-- Duplicates: the same child (or episode) twice in one return.
INSERT INTO meta.issue
SELECT source_file, source_sheet, source_row::INTEGER, "column", 'duplicate_row', message
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
WHERE n > 1
ORDER BY source_file, source_sheet, source_row;
