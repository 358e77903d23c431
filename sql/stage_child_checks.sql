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

-- Events of a CIN episode dated before its referral: an assessment, S47
-- enquiry, CIN plan or child protection plan cannot start before the
-- referral that opened the episode, nor an assessment be authorised after
-- the episode closed (DfE's CIN rules on date order).
CREATE TEMP VIEW check_cin_event_order AS
SELECT x.source_file, x.source_sheet, x.source_row, x."column", 'event_before_referral' AS rule,
       x.what || ' (' || x."column" || ') before the episode''s referral (CINreferralDate, ' ||
       coalesce(e.source_sheet || ' row ', 'row ') || e.source_row || ')' AS message
FROM (
    SELECT source_file, source_sheet, source_row, la_code, collection_year, child_id, episode_number,
           start_date AS d, 'AssessmentActualStartDate' AS "column", 'the assessment starts' AS what
    FROM stage.cin_assessment
    UNION ALL
    SELECT source_file, source_sheet, source_row, la_code, collection_year, child_id, episode_number,
           start_date, 'S47ActualStartDate', 'the section 47 enquiry starts'
    FROM stage.cin_s47
    UNION ALL
    SELECT source_file, source_sheet, source_row, la_code, collection_year, child_id, episode_number,
           start_date, 'CINPlanStartDate', 'the CIN plan starts'
    FROM stage.cin_plan
    UNION ALL
    SELECT source_file, source_sheet, source_row, la_code, collection_year, child_id, episode_number,
           start_date, 'CPPstartDate', 'the child protection plan starts'
    FROM stage.cin_cp_plan
) x
JOIN stage.cin_episode e
  ON e.source_file = x.source_file AND e.child_id = x.child_id AND e.episode_number = x.episode_number
 AND e.la_code IS NOT DISTINCT FROM x.la_code AND e.collection_year IS NOT DISTINCT FROM x.collection_year
WHERE x.d < e.referral_date
UNION ALL
SELECT a.source_file, a.source_sheet, a.source_row, 'AssessmentAuthorisationDate', 'event_after_closure',
       'the assessment is authorised (AssessmentAuthorisationDate) after the episode closed (CINclosureDate, ' ||
       coalesce(e.source_sheet || ' row ', 'row ') || e.source_row || ')'
FROM stage.cin_assessment a
JOIN stage.cin_episode e
  ON e.source_file = a.source_file AND e.child_id = a.child_id AND e.episode_number = a.episode_number
 AND e.la_code IS NOT DISTINCT FROM a.la_code AND e.collection_year IS NOT DISTINCT FROM a.collection_year
WHERE a.authorisation_date > e.closure_date;

-- A UPN and a reason it is unknown, both given: one of them is wrong. The
-- UPN column holds a pseudonym (hex) or, when the UPN field itself carried
-- an unknown code, that code.
CREATE TEMP VIEW check_upn_and_unknown AS
SELECT source_file, source_sheet, source_row, 'UPNunknown' AS "column", 'upn_and_unknown_reason' AS rule,
       'a reason the UPN is unknown (UPNunknown) is given, but so is a UPN; give one or the other' AS message
FROM stage.cin_child
WHERE upn_unknown IS NOT NULL AND upn IS NOT NULL AND upn NOT LIKE 'UN%';

-- SSDA903 episodes: DEC and REC come together (an episode that ended has a
-- reason, and only one that ended has one); an episode ended with REC X1
-- (care goes on in a new episode) is followed by the child's next episode
-- starting on the same day, so no gap and no missing next episode.
CREATE TEMP VIEW check_cla_episode_end AS
SELECT source_file, source_sheet, source_row, "column", rule, message
FROM (
    SELECT source_file, source_sheet, source_row, 'REC' AS "column", 'rec_without_dec' AS rule,
           'a reason the episode ceased (REC) is given but no date it ceased (DEC)' AS message
    FROM stage.cla_episode WHERE rec IS NOT NULL AND dec IS NULL
    UNION ALL
    SELECT source_file, source_sheet, source_row, 'DEC', 'dec_without_rec',
           'the episode ceased (DEC) but no reason (REC) is given'
    FROM stage.cla_episode WHERE dec IS NOT NULL AND rec IS NULL
    UNION ALL
    SELECT source_file, source_sheet, source_row, 'REC', 'x1_not_continued',
           CASE WHEN next_decom IS NULL
                THEN 'the episode ceased with REC X1 (care continues in a new episode) but the child has no later episode in this return'
                ELSE 'the episode ceased with REC X1 (care continues in a new episode) but the next episode (row ' || next_row ||
                     ') starts ' || date_diff('day', dec, next_decom) || ' days after DEC, not on the same day'
           END
    FROM (
        SELECT *, lead(decom) OVER w AS next_decom, lead(source_row) OVER w AS next_row
        FROM stage.cla_episode
        WINDOW w AS (PARTITION BY la_code, collection_year, child_id, source_file ORDER BY decom, source_row)
    )
    WHERE rec = 'X1' AND dec IS NOT NULL AND (next_decom IS NULL OR next_decom > dec)
);

-- Across years: an episode still open at the end of one year's SSDA903
-- return goes on into the next, so when the LA's next return is loaded it
-- must hold the child's episode with the same DECOM. Only checked when that
-- next return is loaded at all.
CREATE TEMP VIEW check_open_not_continued AS
SELECT e.source_file, e.source_sheet, e.source_row, 'DEC' AS "column", 'open_not_continued' AS rule,
       'the episode is open at the end of the ' || (e.collection_year - 1) || '-' || lpad((e.collection_year % 100)::VARCHAR, 2, '0') ||
       ' return (no DEC), but the LA''s loaded ' || e.collection_year || '-' || lpad(((e.collection_year + 1) % 100)::VARCHAR, 2, '0') ||
       ' return has no episode of the child starting on its DECOM: one of the returns is wrong' AS message
FROM stage.cla_episode e
WHERE e.dec IS NULL AND e.decom IS NOT NULL
  AND EXISTS (SELECT 1 FROM stage.cla_episode n WHERE n.la_code = e.la_code AND n.collection_year = e.collection_year + 1)
  AND NOT EXISTS (SELECT 1 FROM stage.cla_episode n WHERE n.la_code = e.la_code AND n.collection_year = e.collection_year + 1
                  AND n.child_id = e.child_id AND n.decom = e.decom);

-- Duplicates: the same child (or episode, or plan) twice in one return.
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
    UNION ALL
    SELECT source_file, source_sheet, source_row, 'CPPstartDate',
           'the child already has a child protection plan starting on this date at ' || first_value(coalesce(source_sheet || ' row ', 'row ') || source_row) OVER w4,
           row_number() OVER w4
    FROM stage.cin_cp_plan
    WINDOW w4 AS (PARTITION BY la_code, collection_year, child_id, start_date, source_file ORDER BY source_row)
)
WHERE n > 1;

CREATE TEMP VIEW child_check AS
SELECT * FROM check_end_before_start
UNION ALL SELECT * FROM check_born_after_start
UNION ALL SELECT * FROM check_overlapping_episodes
UNION ALL SELECT * FROM check_cin_event_order
UNION ALL SELECT * FROM check_upn_and_unknown
UNION ALL SELECT * FROM check_cla_episode_end
UNION ALL SELECT * FROM check_open_not_continued
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
