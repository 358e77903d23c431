-- DfE's SSDA903 validation rules of codes 400 to 599 that yardstick had not
-- yet: how one child's episodes follow each other (reasons for new episodes,
-- legal statuses, the first episode against last year's open one), adoption
-- (AD1, the decisions to place for adoption), the outcomes of children
-- looked after for a year (OC2) and missing spells against the periods of
-- care. The format is that of validate_ssda903.sql. Dates of birth are kept
-- to the month, so rules on ages fire only where the month makes the failure
-- certain. Rules that compare two returns compare the LA's return for the
-- year before (collection_year - 1), when it is loaded.

-- rule: 407
-- table: cla_episode
-- fields: REC, DEC, DOB
-- ref: SSDA903 2024-25 validation checks, rule 407: where REC is E45 to E48 (special guardianship), DEC must be before the child's 18th birthday.
-- message: The episode ended in a special guardianship order (REC E45 to E48) after the child's 18th birthday (DOB in the header table).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'the header row is ' || c.source_row
FROM stage.cla_episode e
JOIN stage.cla_child c
  ON c.child_id = e.child_id AND c.la_code IS NOT DISTINCT FROM e.la_code
 AND c.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.rec IN ('E45', 'E46', 'E47', 'E48')
  AND e.dec >= c.dob_month + INTERVAL 18 YEAR + INTERVAL 1 MONTH
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row ORDER BY c.source_row) = 1

-- rule: 408
-- table: cla_episode
-- fields: PLACE, LS
-- ref: SSDA903 2024-25 validation checks, rule 408: where PLACE is A5 or A6 (placed for adoption with a placement order), LS must be E1.
-- message: The child is placed for adoption under a placement order (PLACE A5 or A6) but the legal status is not a placement order (LS E1).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'LS is ' || coalesce(ls, 'blank')
FROM stage.cla_episode
WHERE place IN ('A5', 'A6') AND ls IS DISTINCT FROM 'E1'

-- rule: 426
-- table: cla_episode
-- fields: LS
-- ref: SSDA903 2024-25 validation checks, rule 426: a child on short breaks cannot have both legal status V3 and V4 in the same year.
-- message: The child has episodes of short breaks under both legal status V3 (individual episodes) and V4 (agreements) in the year: record the breaks one way.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM (
    SELECT *, sum((ls = 'V3')::INTEGER) OVER w AS n_v3, sum((ls = 'V4')::INTEGER) OVER w AS n_v4
    FROM stage.cla_episode
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id)
)
WHERE ls IN ('V3', 'V4') AND n_v3 > 0 AND n_v4 > 0

-- rule: 432
-- table: cla_episode
-- fields: RNE, REC
-- ref: SSDA903 2024-25 validation checks, rule 432: where the previous episode ended the period of care (REC other than X1), the next episode's RNE must be S.
-- message: The child's previous episode ended their care (its REC is not X1), so this episode starts a new period of care and its reason for new episode (RNE) must be S.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode is row ' || prev_row || ', REC ' || prev_rec
FROM (
    SELECT *, lag(rec) OVER w AS prev_rec, lag(source_row) OVER w AS prev_row
    FROM stage.cla_episode
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom NULLS LAST, source_row)
)
WHERE prev_rec IN ('E2', 'E3', 'E4A', 'E4B', 'E5', 'E6', 'E7', 'E8', 'E9', 'E11', 'E12', 'E13', 'E14',
                   'E15', 'E16', 'E17', 'E41', 'E45', 'E46', 'E47', 'E48')
  AND rne <> 'S'

-- rule: 433
-- table: cla_episode
-- fields: RNE, DECOM, DEC
-- ref: SSDA903 2024-25 validation checks, rule 433: where RNE is P, L, T, U or B (care goes on), DECOM must be the DEC of the child's previous episode.
-- message: The reason for new episode (RNE P, L, T, U or B) says care goes on from the previous episode, but the episode does not start on the day the previous one ended.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode is row ' || prev_row || CASE WHEN prev_dec IS NULL THEN ', which has no DEC' ELSE ', which ended on ' || strftime(prev_dec, '%d/%m/%Y') END
FROM (
    SELECT *, lag(dec) OVER w AS prev_dec, lag(source_row) OVER w AS prev_row
    FROM stage.cla_episode
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom NULLS LAST, dec NULLS LAST, source_row)
)
WHERE rne IN ('P', 'L', 'T', 'U', 'B') AND prev_row IS NOT NULL
  AND (prev_dec IS NULL OR decom IS NULL OR prev_dec <> decom)

-- rule: 436
-- table: cla_episode
-- fields: RNE, LS
-- ref: SSDA903 2024-25 validation checks, rule 436: where RNE is U or B (placement changed, carers the same), LS and the placement (PLACE, PL_POST, URN, PLACE_PROVIDER) must not both be as in the previous episode. Only the legal status half is checked: the placement half needs the full PL_POST, which is staged only as its outward part.
-- message: The reason for new episode (RNE U or B) says the legal status changed with the placement, but the legal status (LS) is the same as in the child's previous episode.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode is row ' || prev_row
FROM (
    SELECT *, lag(ls) OVER w AS prev_ls, lag(source_row) OVER w AS prev_row
    FROM stage.cla_episode
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom NULLS LAST, source_row)
)
WHERE rne IN ('U', 'B') AND prev_row IS NOT NULL AND ls IS NOT DISTINCT FROM prev_ls

-- rule: 437
-- table: cla_episode
-- fields: REC
-- ref: SSDA903 2024-25 validation checks, rule 437: an episode ending with REC E2 (died) or E15 (aged 18 or over) must be the child's last.
-- message: The episode ended because the child died (REC E2) or was assessed to be 18 or over (REC E15), but the child has a later episode.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the next episode is row ' || next_row
FROM (
    SELECT *, lead(source_row) OVER w AS next_row
    FROM stage.cla_episode
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom NULLS LAST, source_row)
)
WHERE rec IN ('E2', 'E15') AND decom IS NOT NULL AND next_row IS NOT NULL

-- rule: 460
-- table: cla_episode
-- fields: REC, DEC, DOB
-- ref: SSDA903 2024-25 validation checks, rule 460: where REC is E17 (stayed with carers at 18 or over), the child must be 18 or over at DEC.
-- message: The episode ended because the child stayed with their carers at 18 or over (REC E17), but the child was under 18 when it ended (DOB in the header table).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'the header row is ' || c.source_row
FROM stage.cla_episode e
JOIN stage.cla_child c
  ON c.child_id = e.child_id AND c.la_code IS NOT DISTINCT FROM e.la_code
 AND c.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.rec = 'E17' AND e.dec < c.dob_month + INTERVAL 18 YEAR
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row ORDER BY c.source_row) = 1

-- rule: 526
-- table: cla_episode
-- fields: PLACE, PLACE_PROVIDER
-- ref: SSDA903 2024-25 validation checks, rule 526: PLACE_PROVIDER must be given unless PLACE is T0 to T4 or Z1 (from 2025-26: T0 to T4 or Z11 to Z14, as Z1 was split).
-- message: The placement provider (PLACE_PROVIDER) is blank for a placement that has one (all but temporary placements T0 to T4 and other placements Z1, or Z11 to Z14 from 2025-26).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'PLACE is ' || coalesce(place, 'blank')
FROM stage.cla_episode
WHERE place_provider IS NULL
  AND coalesce(place, '') NOT IN ('T0', 'T1', 'T2', 'T3', 'T4')
  AND CASE WHEN collection_year >= 2026 THEN coalesce(place, '') NOT IN ('Z11', 'Z12', 'Z13', 'Z14')
           ELSE coalesce(place, '') <> 'Z1' END

-- rule: 503A
-- table: cla_episode
-- fields: RNE
-- ref: SSDA903 2024-25 validation checks, rule 503A: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its RNE. This year's first episode is taken as the first still open on 1 April.
-- message: The reason for new episode (RNE) of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || p.source_row || ' of ' || p.source_file || ', RNE ' || coalesce(p.rne, 'blank')
FROM (SELECT * FROM stage.cla_episode WHERE dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1)
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom NULLS LAST, source_row) = 1) c
JOIN (SELECT * FROM stage.cla_episode
      QUALIFY row_number() OVER (PARTITION BY la_code, collection_year, child_id ORDER BY decom DESC NULLS LAST, source_file DESC, source_row DESC) = 1) p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.dec IS NULL AND c.rne IS DISTINCT FROM p.rne

-- rule: 503B
-- table: cla_episode
-- fields: LS
-- ref: SSDA903 2024-25 validation checks, rule 503B: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its LS. This year's first episode is taken as the first still open on 1 April.
-- message: The legal status (LS) of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || p.source_row || ' of ' || p.source_file || ', LS ' || coalesce(p.ls, 'blank')
FROM (SELECT * FROM stage.cla_episode WHERE dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1)
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom NULLS LAST, source_row) = 1) c
JOIN (SELECT * FROM stage.cla_episode
      QUALIFY row_number() OVER (PARTITION BY la_code, collection_year, child_id ORDER BY decom DESC NULLS LAST, source_file DESC, source_row DESC) = 1) p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.dec IS NULL AND c.ls IS DISTINCT FROM p.ls

-- rule: 503C
-- table: cla_episode
-- fields: CIN
-- ref: SSDA903 2024-25 validation checks, rule 503C: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its CIN. This year's first episode is taken as the first still open on 1 April.
-- message: The category of need (CIN) of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || p.source_row || ' of ' || p.source_file || ', CIN ' || coalesce(p.cin, 'blank')
FROM (SELECT * FROM stage.cla_episode WHERE dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1)
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom NULLS LAST, source_row) = 1) c
JOIN (SELECT * FROM stage.cla_episode
      QUALIFY row_number() OVER (PARTITION BY la_code, collection_year, child_id ORDER BY decom DESC NULLS LAST, source_file DESC, source_row DESC) = 1) p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.dec IS NULL AND c.cin IS DISTINCT FROM p.cin

-- rule: 503D
-- table: cla_episode
-- fields: PLACE
-- ref: SSDA903 2024-25 validation checks, rule 503D: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its PLACE; in 2024-25 only, H5 last year may be K3 this year (K3 replaced H5). This year's first episode is taken as the first still open on 1 April.
-- message: The placement type (PLACE) of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || p.source_row || ' of ' || p.source_file || ', PLACE ' || coalesce(p.place, 'blank')
FROM (SELECT * FROM stage.cla_episode WHERE dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1)
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom NULLS LAST, source_row) = 1) c
JOIN (SELECT * FROM stage.cla_episode
      QUALIFY row_number() OVER (PARTITION BY la_code, collection_year, child_id ORDER BY decom DESC NULLS LAST, source_file DESC, source_row DESC) = 1) p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.dec IS NULL AND c.place IS DISTINCT FROM p.place
  AND NOT (c.collection_year = 2025 AND p.place = 'H5' AND c.place = 'K3')

-- rule: 503E
-- table: cla_episode
-- fields: PLACE_PROVIDER
-- ref: SSDA903 2024-25 validation checks, rule 503E: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its PLACE_PROVIDER. This year's first episode is taken as the first still open on 1 April.
-- message: The placement provider (PLACE_PROVIDER) of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || p.source_row || ' of ' || p.source_file || ', PLACE_PROVIDER ' || coalesce(p.place_provider, 'blank')
FROM (SELECT * FROM stage.cla_episode WHERE dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1)
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom NULLS LAST, source_row) = 1) c
JOIN (SELECT * FROM stage.cla_episode
      QUALIFY row_number() OVER (PARTITION BY la_code, collection_year, child_id ORDER BY decom DESC NULLS LAST, source_file DESC, source_row DESC) = 1) p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.dec IS NULL AND c.place_provider IS DISTINCT FROM p.place_provider

-- rule: 503F
-- table: cla_episode
-- fields: URN
-- ref: SSDA903 2024-25 validation checks, rule 503F: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its URN. This year's first episode is taken as the first still open on 1 April.
-- message: The Ofsted URN of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || p.source_row || ' of ' || p.source_file
FROM (SELECT * FROM stage.cla_episode WHERE dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1)
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom NULLS LAST, source_row) = 1) c
JOIN (SELECT * FROM stage.cla_episode
      QUALIFY row_number() OVER (PARTITION BY la_code, collection_year, child_id ORDER BY decom DESC NULLS LAST, source_file DESC, source_row DESC) = 1) p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.dec IS NULL AND c.urn IS DISTINCT FROM p.urn
