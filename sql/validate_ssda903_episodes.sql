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
    -- only the children with a short break (few) are counted
    SEMI JOIN (SELECT DISTINCT source_file, la_code, collection_year, child_id FROM stage.cla_episode WHERE ls IN ('V3', 'V4')) k
      USING (source_file, la_code, collection_year, child_id)
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
FROM (SELECT *, seq_prev_rec AS prev_rec, seq_prev_row AS prev_row FROM cla_episode_seq)
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

-- rule: 434
-- table: cla_episode
-- fields: RNE, LS, PLACE, PL_POST, URN, PLACE_PROVIDER
-- ref: SSDA903 2024-25 validation checks, rule 434: where RNE is L (legal status changed, placement not), LS must differ from the previous episode's and PLACE, PL_POST, URN and PLACE_PROVIDER must be the same. PL_POST is compared on its outward part (staged), so a move within one postcode district is not seen.
-- message: The reason for new episode is a change of legal status only (RNE L), but the legal status (LS) is unchanged from the child's previous episode, or the placement (PLACE, PL_POST, URN or PLACE_PROVIDER) changed.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN ls = prev_ls THEN 'LS is that of the previous episode, row ' || prev_row
            ELSE 'the placement differs from that of the previous episode, row ' || prev_row END
FROM (SELECT *, seq_prev_ls AS prev_ls, seq_prev_place AS prev_place, seq_prev_pl_post_outward AS prev_post, seq_prev_urn AS prev_urn, seq_prev_place_provider AS prev_provider, seq_prev_row AS prev_row FROM cla_episode_seq)
WHERE rne = 'L' AND prev_row IS NOT NULL
  AND (ls = prev_ls OR place IS DISTINCT FROM prev_place OR pl_post_outward IS DISTINCT FROM prev_post
       OR urn IS DISTINCT FROM prev_urn OR place_provider IS DISTINCT FROM prev_provider)

-- rule: 435
-- table: cla_episode
-- fields: RNE, LS
-- ref: SSDA903 2024-25 validation checks, rule 435: where RNE says the placement changed but not the legal status, LS must be the previous episode's (and the placement must differ). Checked for RNE P only: the validator also applies it to T, whose legal status changes by definition; the placement half needs the full PL_POST, which is staged only as its outward part.
-- message: The reason for new episode is a change of placement and carers only (RNE P), but the legal status (LS) differs from the child's previous episode.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode is row ' || prev_row || ', LS ' || coalesce(prev_ls, 'blank')
FROM (SELECT *, seq_prev_ls AS prev_ls, seq_prev_row AS prev_row FROM cla_episode_seq)
WHERE rne = 'P' AND prev_row IS NOT NULL AND ls IS DISTINCT FROM prev_ls

-- rule: 436
-- table: cla_episode
-- fields: RNE, LS
-- ref: SSDA903 2024-25 validation checks, rule 436: where RNE says both the placement and the legal status changed, LS and the placement (PLACE, PL_POST, URN, PLACE_PROVIDER) must not be as in the previous episode. Checked for RNE U, and for the legal status only: the validator applies it to U and B (B keeps the legal status by definition), and the placement half needs the full PL_POST, which is staged only as its outward part.
-- message: The reason for new episode (RNE U) says the legal status changed with the placement, but the legal status (LS) is the same as in the child's previous episode.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode is row ' || prev_row
FROM (SELECT *, seq_prev_ls AS prev_ls, seq_prev_row AS prev_row FROM cla_episode_seq)
WHERE rne = 'U' AND prev_row IS NOT NULL AND ls IS NOT DISTINCT FROM prev_ls

-- rule: 437
-- table: cla_episode
-- fields: REC
-- ref: SSDA903 2024-25 validation checks, rule 437: an episode ending with REC E2 (died) or E15 (aged 18 or over) must be the child's last.
-- message: The episode ended because the child died (REC E2) or was assessed to be 18 or over (REC E15), but the child has a later episode.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the next episode is row ' || next_row
FROM (SELECT *, seq_next_row AS next_row FROM cla_episode_seq)
WHERE rec IN ('E2', 'E15') AND decom IS NOT NULL AND next_row IS NOT NULL

-- rule: 431
-- table: cla_episode
-- fields: RNE, DECOM, DEC
-- ref: SSDA903 2022-23 validation checks, rule 431: an episode that starts a new period of care (RNE S) cannot start on or before the day the child's previous episode (by DECOM) ceased.
-- message: The episode starts a new period of care (RNE S), but it starts on or before the day the child's previous episode ceased (its DEC): either care went on (RNE is not S) or a date is wrong.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode is row ' || seq_prev_row || ', DEC ' || strftime(seq_prev_dec, '%d/%m/%Y')
FROM cla_episode_seq
WHERE rne = 'S' AND decom <= seq_prev_dec

-- rule: 442
-- table: cla_child
-- fields: UPN, LS
-- ref: SSDA903 2022-23 validation checks, rule 442: a child with any episode whose legal status is not V3 or V4 (short breaks) must have a UPN (or an unknown code, UN1 to UN5) in the header.
-- message: The UPN is blank, but the child is looked after other than on short breaks (an episode with LS other than V3 or V4): give the UPN, or the code saying why it is unknown.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id, NULL
FROM stage.cla_child c
WHERE c.upn IS NULL AND NOT contains(coalesce(c.faults, ''), '|UPN:error_cell|')
  AND EXISTS (SELECT 1 FROM stage.cla_episode e WHERE e.la_code = c.la_code AND e.collection_year = c.collection_year
              AND e.child_id = c.child_id AND coalesce(e.ls, '') NOT IN ('V3', 'V4'))

-- rule: 451
-- table: cla_episode
-- fields: DEC, REC, LS
-- ref: SSDA903 2022-23 validation checks, rule 451: an episode with legal status D1 (freeing order) must have ceased (DEC and REC given): freeing orders could not be applied for after 30 December 2005.
-- message: The episode's legal status is a freeing order (LS D1) and it has not ceased (no DEC or REC): no child can still be freed for adoption, as freeing orders could not be applied for after 30 December 2005.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE ls = 'D1' AND dec IS NULL AND rec IS NULL
  AND NOT contains(coalesce(faults, ''), '|DEC:invalid_date|') AND NOT contains(coalesce(faults, ''), '|REC:invalid_code|')

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
       'the open episode is row ' || c.prev_row || ' of ' || c.prev_file || ', RNE ' || coalesce(c.prev_rne, 'blank')
FROM cla_episode_carried c
WHERE c.rne IS DISTINCT FROM c.prev_rne

-- rule: 503B
-- table: cla_episode
-- fields: LS
-- ref: SSDA903 2024-25 validation checks, rule 503B: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its LS. This year's first episode is taken as the first still open on 1 April.
-- message: The legal status (LS) of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || c.prev_row || ' of ' || c.prev_file || ', LS ' || coalesce(c.prev_ls, 'blank')
FROM cla_episode_carried c
WHERE c.ls IS DISTINCT FROM c.prev_ls

-- rule: 503C
-- table: cla_episode
-- fields: CIN
-- ref: SSDA903 2024-25 validation checks, rule 503C: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its CIN. This year's first episode is taken as the first still open on 1 April.
-- message: The category of need (CIN) of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || c.prev_row || ' of ' || c.prev_file || ', CIN ' || coalesce(c.prev_cin, 'blank')
FROM cla_episode_carried c
WHERE c.cin IS DISTINCT FROM c.prev_cin

-- rule: 503D
-- table: cla_episode
-- fields: PLACE
-- ref: SSDA903 2024-25 validation checks, rule 503D: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its PLACE; in 2024-25 only, H5 last year may be K3 this year (K3 replaced H5). In 2025-26, which splits Z1 into Z11 to Z14, yardstick reads Z1 last year and one of them this year as the same placement, recoded (its reading: the validator's 2025-26 rule was not checked). This year's first episode is taken as the first still open on 1 April.
-- message: The placement type (PLACE) of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || c.prev_row || ' of ' || c.prev_file || ', PLACE ' || coalesce(c.prev_place, 'blank')
FROM cla_episode_carried c
WHERE c.place IS DISTINCT FROM c.prev_place
  AND NOT (c.collection_year = 2025 AND c.prev_place = 'H5' AND c.place = 'K3')
  AND NOT (c.collection_year = 2026 AND c.prev_place = 'Z1' AND c.place IN ('Z11', 'Z12', 'Z13', 'Z14'))

-- rule: 503E
-- table: cla_episode
-- fields: PLACE_PROVIDER
-- ref: SSDA903 2024-25 validation checks, rule 503E: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its PLACE_PROVIDER. This year's first episode is taken as the first still open on 1 April.
-- message: The placement provider (PLACE_PROVIDER) of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || c.prev_row || ' of ' || c.prev_file || ', PLACE_PROVIDER ' || coalesce(c.prev_place_provider, 'blank')
FROM cla_episode_carried c
WHERE c.place_provider IS DISTINCT FROM c.prev_place_provider

-- rule: 503F
-- table: cla_episode
-- fields: URN
-- ref: SSDA903 2024-25 validation checks, rule 503F: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its URN. This year's first episode is taken as the first still open on 1 April.
-- message: The Ofsted URN of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || c.prev_row || ' of ' || c.prev_file
FROM cla_episode_carried c
WHERE c.urn IS DISTINCT FROM c.prev_urn

-- rule: 511
-- table: cla_adoption
-- fields: NB_ADOPTR, SEX_ADOPTR
-- ref: SSDA903 2024-25 validation checks, rule 511: where NB_ADOPTR is 2, SEX_ADOPTR must be a couple's code (MM, FF or MF).
-- message: Two adopters are recorded (NB_ADOPTR 2) but their sexes are a single adopter's code (SEX_ADOPTR M1 or F1).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'SEX_ADOPTR is ' || sex_adoptr
FROM stage.cla_adoption
WHERE nb_adoptr = 2 AND sex_adoptr IN ('M1', 'F1')

-- rule: 514
-- table: cla_adoption
-- fields: LS_ADOPTR, SEX_ADOPTR
-- ref: SSDA903 2022-23 validation checks, rule 514: where LS_ADOPTR is L0 (a single adopter), SEX_ADOPTR must be a single adopter's code (M1 or F1).
-- message: The adopter is recorded as single (LS_ADOPTR L0) but their sex is not a single adopter's code (SEX_ADOPTR M1 or F1).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'SEX_ADOPTR is ' || coalesce(sex_adoptr, 'blank')
FROM stage.cla_adoption
WHERE ls_adoptr = 'L0' AND coalesce(sex_adoptr, '') NOT IN ('M1', 'F1')

-- rule: 517
-- table: cla_adoption
-- fields: LS_ADOPTR, SEX_ADOPTR
-- ref: SSDA903 2024-25 validation checks, rule 517: where LS_ADOPTR is L3, SEX_ADOPTR must be MF.
-- message: The adopters' legal status L3 is of a male and female couple, but their sexes (SEX_ADOPTR) are not MF.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'SEX_ADOPTR is ' || coalesce(sex_adoptr, 'blank')
FROM stage.cla_adoption
WHERE ls_adoptr = 'L3' AND coalesce(sex_adoptr, '') <> 'MF'

-- rule: 518
-- table: cla_adoption
-- fields: LS_ADOPTR, SEX_ADOPTR
-- ref: SSDA903 2024-25 validation checks, rule 518: where LS_ADOPTR is L4, SEX_ADOPTR must be MM or FF.
-- message: The adopters' legal status L4 is of a same-sex couple, but their sexes (SEX_ADOPTR) are not MM or FF.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'SEX_ADOPTR is ' || coalesce(sex_adoptr, 'blank')
FROM stage.cla_adoption
WHERE ls_adoptr = 'L4' AND coalesce(sex_adoptr, '') NOT IN ('MM', 'FF')

-- rule: 519
-- table: cla_adoption
-- fields: LS_ADOPTR, SEX_ADOPTR
-- ref: SSDA903 2024-25 validation checks, rule 519: where LS_ADOPTR is L2 (civil partners), SEX_ADOPTR must be a couple's code (MM, FF or MF).
-- message: The adopters are civil partners (LS_ADOPTR L2) but their sexes (SEX_ADOPTR) are not a couple's (MM, FF or MF).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'SEX_ADOPTR is ' || coalesce(sex_adoptr, 'blank')
FROM stage.cla_adoption
WHERE ls_adoptr = 'L2' AND coalesce(sex_adoptr, '') NOT IN ('MM', 'FF', 'MF')

-- rule: 520
-- table: cla_adoption
-- fields: LS_ADOPTR, SEX_ADOPTR
-- ref: SSDA903 2024-25 validation checks, rule 520: where LS_ADOPTR is L11 (married couple of different sexes), SEX_ADOPTR must be MF.
-- message: The adopters are a married couple of different sexes (LS_ADOPTR L11) but their sexes (SEX_ADOPTR) are not MF.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'SEX_ADOPTR is ' || coalesce(sex_adoptr, 'blank')
FROM stage.cla_adoption
WHERE ls_adoptr = 'L11' AND coalesce(sex_adoptr, '') <> 'MF'

-- rule: 524
-- table: cla_adoption
-- fields: LS_ADOPTR, SEX_ADOPTR
-- ref: SSDA903 2024-25 validation checks, rule 524: where LS_ADOPTR is L12 (married couple of the same sex), SEX_ADOPTR must be MM or FF.
-- message: The adopters are a married couple of the same sex (LS_ADOPTR L12) but their sexes (SEX_ADOPTR) are not MM or FF.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'SEX_ADOPTR is ' || coalesce(sex_adoptr, 'blank')
FROM stage.cla_adoption
WHERE ls_adoptr = 'L12' AND coalesce(sex_adoptr, '') NOT IN ('MM', 'FF')

-- rule: 521
-- table: cla_episode
-- fields: PLACE, DECOM, DATE_INT
-- ref: SSDA903 2024-25 validation checks, rule 521: where the child is placed for adoption (PLACE A3 to A6), DATE_INT must be on or before DECOM.
-- message: The child was placed for adoption (PLACE A3 to A6) before the decision that adoption is in their best interests (DATE_INT in the AD1 table).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'the AD1 row is ' || a.source_row || ', DATE_INT ' || strftime(a.date_int, '%d/%m/%Y')
FROM stage.cla_episode e
JOIN stage.cla_adoption a
  ON a.child_id = e.child_id AND a.la_code IS NOT DISTINCT FROM e.la_code
 AND a.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.place IN ('A3', 'A4', 'A5', 'A6') AND a.date_int > e.decom
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row ORDER BY a.source_row) = 1

-- rule: 523
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED, DATE_INT
-- ref: SSDA903 2024-25 validation checks, rule 523: DATE_PLACED must be the same as the AD1 table's DATE_INT.
-- message: The date of the decision that the child should be placed for adoption (DATE_PLACED) differs from the date of the decision that adoption is in their best interests (DATE_INT in the AD1 table).
SELECT p.la_code, p.collection_year, p.source_file, p.source_sheet, p.source_row, p.child_id,
       'the AD1 row is ' || a.source_row || ', DATE_INT ' || strftime(a.date_int, '%d/%m/%Y')
FROM stage.cla_placed_for_adoption p
JOIN stage.cla_adoption a
  ON a.child_id = p.child_id AND a.la_code IS NOT DISTINCT FROM p.la_code
 AND a.collection_year IS NOT DISTINCT FROM p.collection_year
WHERE a.date_int <> p.date_placed
QUALIFY row_number() OVER (PARTITION BY p.source_file, p.source_row ORDER BY a.source_row) = 1

-- rule: 525
-- table: cla_adoption
-- fields: DATE_PLACED_CEASED, DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR
-- ref: SSDA903 2024-25 validation checks, rule 525: where DATE_PLACED_CEASED is given, the AD1 fields must not be.
-- message: The decision that the child should be placed for adoption was reversed (DATE_PLACED_CEASED), so the child cannot have been adopted: the adoption details (AD1) should be blank.
SELECT a.la_code, a.collection_year, a.source_file, a.source_sheet, a.source_row, a.child_id,
       'the placed for adoption row is ' || p.source_row
FROM stage.cla_adoption a
JOIN stage.cla_placed_for_adoption p
  ON p.child_id = a.child_id AND p.la_code IS NOT DISTINCT FROM a.la_code
 AND p.collection_year IS NOT DISTINCT FROM a.collection_year
WHERE p.date_placed_ceased IS NOT NULL
  AND (a.date_int IS NOT NULL OR a.date_match IS NOT NULL OR a.foster_care IS NOT NULL OR a.nb_adoptr IS NOT NULL
       OR a.sex_adoptr IS NOT NULL OR a.ls_adoptr IS NOT NULL)
QUALIFY row_number() OVER (PARTITION BY a.source_file, a.source_row ORDER BY p.source_row) = 1

-- rule: 551
-- table: cla_episode
-- fields: PLACE, DATE_PLACED
-- ref: SSDA903 2024-25 validation checks, rule 551: where PLACE is A3 to A6, the child must have a decision to place for adoption (DATE_PLACED); judged where the return has the placed for adoption table.
-- message: The child is placed for adoption (PLACE A3 to A6) but there is no date of the decision that they should be placed for adoption (DATE_PLACED in the placed for adoption table).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, NULL
FROM stage.cla_episode e
JOIN (SELECT DISTINCT la_code, collection_year FROM stage.cla_placed_for_adoption) l
  ON l.la_code IS NOT DISTINCT FROM e.la_code AND l.collection_year IS NOT DISTINCT FROM e.collection_year
LEFT JOIN (SELECT la_code, collection_year, child_id, count(*) AS n, count(date_placed) AS n_dated
           FROM stage.cla_placed_for_adoption GROUP BY ALL) p
  ON p.child_id = e.child_id AND p.la_code IS NOT DISTINCT FROM e.la_code
 AND p.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.place IN ('A3', 'A4', 'A5', 'A6') AND (p.n IS NULL OR p.n_dated < p.n)

-- rule: 552
-- table: cla_episode
-- fields: DATE_PLACED, DECOM, PLACE
-- ref: SSDA903 2024-25 validation checks, rule 552: the latest DATE_PLACED must be on or before the DECOM of the child's first placement for adoption (PLACE A3 to A6).
-- message: The child's first placement for adoption (PLACE A3 to A6) starts before the latest decision that they should be placed for adoption (DATE_PLACED).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'the latest DATE_PLACED is ' || strftime(p.last_placed, '%d/%m/%Y')
FROM (SELECT * FROM stage.cla_episode WHERE place IN ('A3', 'A4', 'A5', 'A6') AND decom IS NOT NULL
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row) = 1) e
JOIN (SELECT la_code, collection_year, child_id, max(date_placed) AS last_placed
      FROM stage.cla_placed_for_adoption GROUP BY ALL) p
  ON p.child_id = e.child_id AND p.la_code IS NOT DISTINCT FROM e.la_code
 AND p.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.decom < p.last_placed

-- rule: 553
-- table: cla_episode
-- fields: LS, DEC, DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED
-- ref: SSDA903 2022-23 validation checks, rule 553: a child with an episode under a placement order (LS E1) must have a decision to place for adoption (a placed for adoption row), and while such an episode is open none of the child's decisions can be recorded as ceased (DATE_PLACED_CEASED or REASON_PLACED_CEASED); judged where the return has the placed for adoption table.
-- ref: The validator reports a ceased decision on its placed for adoption row; here the open episode is reported, naming that row.
-- message: The child is under a placement order (LS E1) but has no decision that they should be placed for adoption (placed for adoption table), or the episode is open and a decision is recorded as ceased.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       CASE WHEN p.n IS NULL THEN 'the child has no placed for adoption row'
            ELSE 'the placed for adoption row ' || p.ceased_row || ' is recorded as ceased' END
FROM stage.cla_episode e
JOIN (SELECT DISTINCT la_code, collection_year FROM stage.cla_placed_for_adoption) l
  ON l.la_code IS NOT DISTINCT FROM e.la_code AND l.collection_year IS NOT DISTINCT FROM e.collection_year
LEFT JOIN (SELECT la_code, collection_year, child_id, count(*) AS n,
                  min(source_row) FILTER (WHERE date_placed_ceased IS NOT NULL OR reason_placed_ceased IS NOT NULL
                                          OR contains(coalesce(faults, ''), '|DATE_PLACED_CEASED:invalid_date|')
                                          OR contains(coalesce(faults, ''), '|REASON_PLACED_CEASED:invalid_code|')) AS ceased_row
           FROM stage.cla_placed_for_adoption GROUP BY ALL) p
  ON p.child_id = e.child_id AND p.la_code IS NOT DISTINCT FROM e.la_code
 AND p.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.ls = 'E1' AND (p.n IS NULL OR (e.dec IS NULL AND p.ceased_row IS NOT NULL))

-- rule: 554
-- table: cla_episode
-- fields: DATE_PLACED, DECOM, LS
-- ref: SSDA903 2024-25 validation checks, rule 554: DATE_PLACED must be on or before the DECOM of the child's first episode with a placement order (LS E1) in the return.
-- message: The child's first episode under a placement order (LS E1) starts before the decision that they should be placed for adoption (DATE_PLACED); check too the episodes of earlier years.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'the placed for adoption row is ' || p.source_row || ', DATE_PLACED ' || strftime(p.date_placed, '%d/%m/%Y')
FROM (SELECT * FROM stage.cla_episode WHERE ls = 'E1' AND decom IS NOT NULL
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row) = 1) e
JOIN stage.cla_placed_for_adoption p
  ON p.child_id = e.child_id AND p.la_code IS NOT DISTINCT FROM e.la_code
 AND p.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE p.date_placed > e.decom
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row ORDER BY p.source_row) = 1

-- rule: 555
-- table: cla_episode
-- fields: LS, DEC, DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED
-- ref: SSDA903 2022-23 validation checks, rule 555: a child with an episode under a freeing order (LS D1) must have a decision to place for adoption (a placed for adoption row), and while such an episode is open none of the child's decisions can be recorded as ceased (DATE_PLACED_CEASED or REASON_PLACED_CEASED); judged where the return has the placed for adoption table.
-- ref: The validator reports a ceased decision on its placed for adoption row; here the open episode is reported, naming that row.
-- message: The child is under a freeing order (LS D1) but has no decision that they should be placed for adoption (placed for adoption table), or the episode is open and a decision is recorded as ceased.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       CASE WHEN p.n IS NULL THEN 'the child has no placed for adoption row'
            ELSE 'the placed for adoption row ' || p.ceased_row || ' is recorded as ceased' END
FROM stage.cla_episode e
JOIN (SELECT DISTINCT la_code, collection_year FROM stage.cla_placed_for_adoption) l
  ON l.la_code IS NOT DISTINCT FROM e.la_code AND l.collection_year IS NOT DISTINCT FROM e.collection_year
LEFT JOIN (SELECT la_code, collection_year, child_id, count(*) AS n,
                  min(source_row) FILTER (WHERE date_placed_ceased IS NOT NULL OR reason_placed_ceased IS NOT NULL
                                          OR contains(coalesce(faults, ''), '|DATE_PLACED_CEASED:invalid_date|')
                                          OR contains(coalesce(faults, ''), '|REASON_PLACED_CEASED:invalid_code|')) AS ceased_row
           FROM stage.cla_placed_for_adoption GROUP BY ALL) p
  ON p.child_id = e.child_id AND p.la_code IS NOT DISTINCT FROM e.la_code
 AND p.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.ls = 'D1' AND (p.n IS NULL OR (e.dec IS NULL AND p.ceased_row IS NOT NULL))

-- rule: 556
-- table: cla_episode
-- fields: DATE_PLACED, DECOM, LS
-- ref: SSDA903 2024-25 validation checks, rule 556: DATE_PLACED must be on or before the DECOM of an episode with a freeing order (LS D1).
-- message: The episode under a freeing order (LS D1) starts before the decision that the child should be placed for adoption (DATE_PLACED).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'the placed for adoption row is ' || p.source_row || ', DATE_PLACED ' || strftime(p.date_placed, '%d/%m/%Y')
FROM stage.cla_episode e
JOIN stage.cla_placed_for_adoption p
  ON p.child_id = e.child_id AND p.la_code IS NOT DISTINCT FROM e.la_code
 AND p.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.ls = 'D1' AND p.date_placed > e.decom
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row ORDER BY p.source_row) = 1

-- rule: 558
-- table: cla_episode
-- fields: REC, DATE_PLACED_CEASED
-- ref: SSDA903 2024-25 validation checks, rule 558: where the child was adopted (REC E11 or E12), the latest decision to place for adoption cannot have ceased (DATE_PLACED_CEASED blank).
-- message: The child was adopted (REC E11 or E12), but the latest decision that they should be placed for adoption is recorded as reversed (DATE_PLACED_CEASED is given).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'the placed for adoption row is ' || p.source_row
FROM stage.cla_episode e
JOIN (SELECT * FROM stage.cla_placed_for_adoption
      QUALIFY row_number() OVER (PARTITION BY la_code, collection_year, child_id ORDER BY date_placed DESC NULLS LAST, source_row DESC) = 1) p
  ON p.child_id = e.child_id AND p.la_code IS NOT DISTINCT FROM e.la_code
 AND p.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.rec IN ('E11', 'E12') AND p.date_placed_ceased IS NOT NULL

-- rule: 559
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED
-- ref: SSDA903 2024-25 validation checks, rule 559: where DATE_PLACED is before the collection year, last year's return must give the child's DATE_PLACED.
-- message: The decision that the child should be placed for adoption (DATE_PLACED) was made before this collection year, but the LA's return for the previous year has no date of that decision for the child.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id, NULL
FROM stage.cla_placed_for_adoption c
JOIN (SELECT DISTINCT la_code, collection_year FROM stage.cla_placed_for_adoption) l
  ON l.la_code = c.la_code AND l.collection_year = c.collection_year - 1
LEFT JOIN (SELECT la_code, collection_year, child_id, count(*) AS n, count(date_placed) AS n_dated
           FROM stage.cla_placed_for_adoption GROUP BY ALL) p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE c.date_placed < make_date(c.collection_year - 1, 4, 1) AND (p.n IS NULL OR p.n_dated < p.n)

-- rule: 560
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED, DATE_PLACED_CEASED
-- ref: SSDA903 2024-25 validation checks, rule 560: where last year's return gives a DATE_PLACED with no DATE_PLACED_CEASED, this year's DATE_PLACED must be the same.
-- message: The date of the decision that the child should be placed for adoption (DATE_PLACED) differs from last year's, though last year's decision had not ceased.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'last year''s is row ' || p.source_row || ' of ' || p.source_file || ', DATE_PLACED ' || strftime(p.date_placed, '%d/%m/%Y')
FROM stage.cla_placed_for_adoption c
JOIN stage.cla_placed_for_adoption p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.date_placed IS NOT NULL AND p.date_placed_ceased IS NULL AND c.date_placed IS DISTINCT FROM p.date_placed
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row ORDER BY p.source_file, p.source_row) = 1

-- rule: 561
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED
-- ref: SSDA903 2024-25 validation checks, rule 561: where this year's DATE_PLACED is last year's, last year's DATE_PLACED_CEASED and REASON_PLACED_CEASED must be blank.
-- message: The decision that the child should be placed for adoption has the same date (DATE_PLACED) as last year's, but last year's decision was recorded as reversed (DATE_PLACED_CEASED or REASON_PLACED_CEASED).
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'last year''s is row ' || p.source_row || ' of ' || p.source_file
FROM stage.cla_placed_for_adoption c
JOIN stage.cla_placed_for_adoption p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE c.date_placed = p.date_placed AND (p.date_placed_ceased IS NOT NULL OR p.reason_placed_ceased IS NOT NULL)
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row ORDER BY p.source_file, p.source_row) = 1

-- rule: 584
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED
-- ref: SSDA903 2024-25 validation checks, rule 584: where last year's decision to place for adoption ceased (DATE_PLACED_CEASED or REASON_PLACED_CEASED given), this year's DATE_PLACED must be later than last year's.
-- message: Last year's decision that the child should be placed for adoption was reversed, but this year's decision (DATE_PLACED) is blank or not later than last year's.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'last year''s is row ' || p.source_row || ' of ' || p.source_file
FROM stage.cla_placed_for_adoption c
JOIN stage.cla_placed_for_adoption p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE (p.date_placed_ceased IS NOT NULL OR p.reason_placed_ceased IS NOT NULL)
  AND (c.date_placed IS NULL OR c.date_placed <= p.date_placed)
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row ORDER BY p.source_file, p.source_row) = 1

-- rule: 563
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED
-- ref: SSDA903 2024-25 validation checks, rule 563: where DATE_PLACED_CEASED and REASON_PLACED_CEASED are given, DATE_PLACED must be.
-- message: The decision that the child should be placed for adoption is recorded as reversed (DATE_PLACED_CEASED and REASON_PLACED_CEASED) but the date of the decision (DATE_PLACED) is blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_placed_for_adoption
WHERE reason_placed_ceased IS NOT NULL AND date_placed_ceased IS NOT NULL AND date_placed IS NULL

-- rule: 579
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED, DATE_PLACED_CEASED
-- ref: SSDA903 2024-25 validation checks, rule 579: a new decision to place for adoption cannot start while the previous one is open (no DATE_PLACED_CEASED) or before it ceased.
-- message: A decision that the child should be placed for adoption (DATE_PLACED) is made while the child's previous decision is still open, or before it ceased.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous decision is row ' || prev_row
FROM (
    SELECT *, lag(date_placed_ceased) OVER w AS prev_ceased, lag(source_row) OVER w AS prev_row
    FROM stage.cla_placed_for_adoption
    WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY date_placed NULLS LAST, source_row)
)
WHERE prev_row IS NOT NULL AND (prev_ceased IS NULL OR date_placed < prev_ceased)

-- rule: 583
-- years: 2023-
-- table: cla_placed_for_adoption
-- fields: DATE_PLACED, DATE_PLACED_CEASED
-- ref: SSDA903 2024-25 validation checks, rule 583 (from 2022-23): where a child has more than one DATE_PLACED, all but the latest must have a DATE_PLACED_CEASED.
-- message: The child has more than one decision that they should be placed for adoption, and one that is not the latest has not ceased (DATE_PLACED_CEASED blank): record when it was revoked (perhaps in an earlier year).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM (
    SELECT *, count(*) FILTER (WHERE date_placed_ceased IS NULL) OVER c AS n_open,
           row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY date_placed DESC NULLS LAST, source_row) AS n_latest
    FROM stage.cla_placed_for_adoption
    WINDOW c AS (PARTITION BY source_file, la_code, collection_year, child_id)
)
WHERE date_placed_ceased IS NULL AND (n_open > 1 OR n_latest > 1)

-- rule: 582
-- years: 2023-
-- table: cla_episode
-- fields: DEC, DATE_MATCH, REC
-- ref: SSDA903 2024-25 validation checks, rule 582 (from 2022-23): where REC is E11 or E12 (adopted), DEC should not be the AD1 table's DATE_MATCH.
-- message: The child was adopted (REC E11 or E12) on the day they were matched with the adopters (DATE_MATCH in the AD1 table); the match is normally before the adoption.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'the AD1 row is ' || a.source_row
FROM stage.cla_episode e
JOIN stage.cla_adoption a
  ON a.child_id = e.child_id AND a.la_code IS NOT DISTINCT FROM e.la_code
 AND a.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE e.rec IN ('E11', 'E12') AND e.dec = a.date_match
QUALIFY row_number() OVER (PARTITION BY e.source_file, e.source_row ORDER BY a.source_row) = 1

-- rule: 542
-- table: cla_outcome
-- fields: DOB, CONVICTED
-- ref: SSDA903 2024-25 validation checks, rule 542: a child under 10 at 31 March must not have CONVICTED completed.
-- message: The child was under 10 on 31 March (DOB), so whether they were convicted (CONVICTED) should be left blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_outcome
WHERE convicted IS NOT NULL AND dob_month + INTERVAL 10 YEAR > make_date(collection_year, 3, 31)

-- rule: 543
-- table: cla_outcome
-- fields: DOB, CONVICTED
-- ref: SSDA903 2024-25 validation checks, rule 543: a child aged 10 or over at 31 March and looked after continuously for 12 months must have CONVICTED completed.
-- year_end: true
-- message: The child was 10 or over on 31 March and looked after for the whole year, but whether they were convicted (CONVICTED) is blank.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id, NULL
FROM stage.cla_outcome o
JOIN cla_looked_after_12_months c
  ON c.child_id = o.child_id AND c.la_code IS NOT DISTINCT FROM o.la_code AND c.collection_year IS NOT DISTINCT FROM o.collection_year
WHERE o.convicted IS NULL
  -- 10 by 31 March on every day of the birth month (born in March: 10 on 31 March at the latest)
  AND o.dob_month + INTERVAL 10 YEAR + INTERVAL 1 MONTH <= make_date(o.collection_year, 3, 31) + 1

-- rule: 544
-- table: cla_outcome
-- fields: CONVICTED, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE
-- ref: SSDA903 2024-25 validation checks, rule 544: where CONVICTED is 1, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT and SUBSTANCE_MISUSE must be completed.
-- message: The child's conviction (CONVICTED) is recorded, so their immunisations, teeth check, health assessment and substance misuse must be completed too: one or more is blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_outcome
WHERE convicted AND (immunisations IS NULL OR teeth_check IS NULL OR health_assessment IS NULL OR substance_misuse IS NULL)

-- rule: 545
-- table: cla_outcome
-- fields: DOB, HEALTH_CHECK
-- ref: SSDA903 2024-25 validation checks, rule 545: a child under 5 at 31 March and looked after continuously for 12 months must have HEALTH_CHECK completed.
-- year_end: true
-- message: The child was under 5 on 31 March and looked after for the whole year, but their health promotion (HEALTH_CHECK) is blank.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id, NULL
FROM stage.cla_outcome o
JOIN cla_looked_after_12_months c
  ON c.child_id = o.child_id AND c.la_code IS NOT DISTINCT FROM o.la_code AND c.collection_year IS NOT DISTINCT FROM o.collection_year
WHERE o.health_check IS NULL
  AND o.dob_month + INTERVAL 5 YEAR > make_date(o.collection_year, 3, 31)

-- rule: 546
-- table: cla_outcome
-- fields: DOB, HEALTH_CHECK
-- ref: SSDA903 2024-25 validation checks, rule 546: a child 5 or over at 31 March and looked after continuously for 12 months must not have HEALTH_CHECK completed.
-- year_end: true
-- message: The child was 5 or over on 31 March, so their health promotion (HEALTH_CHECK), for children under 5, should be left blank.
SELECT o.la_code, o.collection_year, o.source_file, o.source_sheet, o.source_row, o.child_id, NULL
FROM stage.cla_outcome o
JOIN cla_looked_after_12_months c
  ON c.child_id = o.child_id AND c.la_code IS NOT DISTINCT FROM o.la_code AND c.collection_year IS NOT DISTINCT FROM o.collection_year
WHERE o.health_check IS NOT NULL
  AND o.dob_month + INTERVAL 5 YEAR + INTERVAL 1 MONTH <= make_date(o.collection_year, 3, 31) + 1

-- rule: 547
-- table: cla_outcome
-- fields: HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE
-- ref: SSDA903 2024-25 validation checks, rule 547: where HEALTH_CHECK is 1, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT and SUBSTANCE_MISUSE must be completed.
-- message: The child's health promotion (HEALTH_CHECK) is recorded, so their immunisations, teeth check, health assessment and substance misuse must be completed too: one or more is blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_outcome
WHERE health_check AND (immunisations IS NULL OR teeth_check IS NULL OR health_assessment IS NULL OR substance_misuse IS NULL)

-- rule: 565
-- table: cla_missing
-- fields: MISSING, MIS_START
-- ref: SSDA903 2022-23 validation checks, rule 565: where the date a missing or away spell started (MIS_START) is given, whether the child was missing or away (MISSING) must be given.
-- message: The start of a missing or away spell (MIS_START) is given but not whether the child was missing or away from placement without authorisation (MISSING).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_missing
WHERE missing IS NULL AND NOT contains(coalesce(faults, ''), '|MISSING:invalid_code|') AND NOT contains(coalesce(faults, ''), '|MISSING:error_cell|')
  AND (mis_start IS NOT NULL OR contains(coalesce(faults, ''), '|MIS_START:invalid_date|'))

-- rule: 575
-- table: cla_missing
-- fields: MIS_END, DEC
-- ref: SSDA903 2024-25 validation checks, rule 575: where the episode in which a missing spell starts has ended, the spell must have an end date (MIS_END).
-- message: The missing or away spell starts during an episode that has ended (DEC), but the spell has no end date (MIS_END).
SELECT m.la_code, m.collection_year, m.source_file, m.source_sheet, m.source_row, m.child_id,
       'the episode is row ' || e.source_row
FROM stage.cla_missing m
JOIN stage.cla_episode e
  ON e.child_id = m.child_id AND e.la_code IS NOT DISTINCT FROM m.la_code
 AND e.collection_year IS NOT DISTINCT FROM m.collection_year
WHERE m.mis_end IS NULL AND e.dec IS NOT NULL AND m.mis_start >= e.decom AND m.mis_start <= e.dec
QUALIFY row_number() OVER (PARTITION BY m.source_file, m.source_row ORDER BY e.source_row) = 1

-- rule: 576
-- table: cla_missing
-- fields: MIS_START, MIS_END
-- ref: SSDA903 2024-25 validation checks, rule 576: where last year's return has an open missing spell (no MIS_END), the child's first spell this year must start on its MIS_START.
-- message: The LA's return for the previous year has a missing or away spell of the child still open, but the child's first spell this year does not start on the same day.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'last year''s open spell is row ' || p.source_row || ' of ' || p.source_file || ', from ' || strftime(p.mis_start, '%d/%m/%Y')
FROM (SELECT * FROM stage.cla_missing
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id
                                 ORDER BY coalesce(mis_start, DATE '2099-01-01'), source_row) = 1) c
JOIN stage.cla_missing p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.mis_end IS NULL AND p.mis_start IS NOT NULL AND coalesce(c.mis_start, DATE '2099-01-01') <> p.mis_start
QUALIFY row_number() OVER (PARTITION BY c.source_file, c.source_row ORDER BY p.source_file, p.source_row) = 1

-- rule: 577
-- table: cla_missing
-- fields: MIS_START, MIS_END
-- ref: SSDA903 2024-25 validation checks, rule 577: a missing spell must lie within one of the child's periods of care: not open when the period has ended, not ending after it ends or before it starts, not open from before it started.
-- message: The missing or away spell does not lie within any of the child's periods of care: it is still open (no MIS_END) after care ended, or ends outside the period.
SELECT m.la_code, m.collection_year, m.source_file, m.source_sheet, m.source_row, m.child_id, NULL
FROM stage.cla_missing m
JOIN (SELECT la_code, collection_year, child_id, min(decom) AS poc_decom, list(dec ORDER BY rn DESC)[1] AS poc_dec
      FROM (SELECT *, sum((rn = 1 OR coalesce(decom > prev_dec, false))::INTEGER)
                          OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY rn) AS period
            FROM (SELECT *, lag(dec) OVER w AS prev_dec, row_number() OVER w AS rn
                  FROM stage.cla_episode e
                  -- only the children with a missing spell are ordered
                  SEMI JOIN (SELECT DISTINCT la_code, collection_year, child_id FROM stage.cla_missing) k
                    ON k.child_id = e.child_id AND k.la_code IS NOT DISTINCT FROM e.la_code AND k.collection_year IS NOT DISTINCT FROM e.collection_year
                  WHERE decom IS NOT NULL
                  WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row)))
      GROUP BY la_code, collection_year, source_file, child_id, period) c
  ON c.child_id = m.child_id AND c.la_code IS NOT DISTINCT FROM m.la_code AND c.collection_year IS NOT DISTINCT FROM m.collection_year
WHERE m.mis_start IS NOT NULL
GROUP BY m.la_code, m.collection_year, m.source_file, m.source_sheet, m.source_row, m.child_id
HAVING bool_and(coalesce((m.mis_end IS NULL AND c.poc_dec IS NOT NULL) OR (m.mis_end IS NULL AND m.mis_start < c.poc_decom)
                         OR m.mis_end > c.poc_dec OR m.mis_end < c.poc_decom, false))

-- rule: 578
-- table: cla_missing
-- fields: MIS_START
-- ref: SSDA903 2024-25 validation checks, rule 578: a missing spell must start within one of the child's periods of care (on or after its start, on or before its end).
-- message: The missing or away spell starts (MIS_START) outside every one of the child's periods of care: before care began or after it ended.
SELECT m.la_code, m.collection_year, m.source_file, m.source_sheet, m.source_row, m.child_id, NULL
FROM stage.cla_missing m
JOIN (SELECT la_code, collection_year, child_id, min(decom) AS poc_decom, list(dec ORDER BY rn DESC)[1] AS poc_dec
      FROM (SELECT *, sum((rn = 1 OR coalesce(decom > prev_dec, false))::INTEGER)
                          OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY rn) AS period
            FROM (SELECT *, lag(dec) OVER w AS prev_dec, row_number() OVER w AS rn
                  FROM stage.cla_episode e
                  -- only the children with a missing spell are ordered
                  SEMI JOIN (SELECT DISTINCT la_code, collection_year, child_id FROM stage.cla_missing) k
                    ON k.child_id = e.child_id AND k.la_code IS NOT DISTINCT FROM e.la_code AND k.collection_year IS NOT DISTINCT FROM e.collection_year
                  WHERE decom IS NOT NULL
                  WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom, source_row)))
      GROUP BY la_code, collection_year, source_file, child_id, period) c
  ON c.child_id = m.child_id AND c.la_code IS NOT DISTINCT FROM m.la_code AND c.collection_year IS NOT DISTINCT FROM m.collection_year
WHERE m.mis_start IS NOT NULL
GROUP BY m.la_code, m.collection_year, m.source_file, m.source_sheet, m.source_row, m.child_id
HAVING bool_and(coalesce(m.mis_start < c.poc_decom OR (m.mis_start > c.poc_dec AND c.poc_dec IS NOT NULL), false))

-- rule: 581
-- table: cla_missing
-- fields: MIS_START
-- ref: SSDA903 2024-25 validation checks, rule 581: a missing spell must start within one of the child's episodes (on or after DECOM, on or before DEC or with the episode open).
-- message: The missing or away spell starts (MIS_START) on a day the child was in none of their episodes of care.
SELECT m.la_code, m.collection_year, m.source_file, m.source_sheet, m.source_row, m.child_id, NULL
FROM stage.cla_missing m
JOIN stage.cla_episode e
  ON e.child_id = m.child_id AND e.la_code IS NOT DISTINCT FROM m.la_code
 AND e.collection_year IS NOT DISTINCT FROM m.collection_year
WHERE m.mis_start IS NOT NULL
GROUP BY m.la_code, m.collection_year, m.source_file, m.source_sheet, m.source_row, m.child_id
HAVING NOT bool_or(coalesce(m.mis_start >= e.decom AND (m.mis_start <= e.dec OR e.dec IS NULL), false))

-- rule: 440
-- table: cla_review
-- fields: DOB, REVIEW, REVIEW_CODE
-- ref: SSDA903 2024-25 validation checks, rule 440: where REVIEW_CODE is PN0 (under 4), the child must be under 4 at REVIEW.
-- message: The review's participation code is PN0 (child under 4) but the child was 4 or over at the review (DOB).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_review
WHERE review_code = 'PN0' AND review >= dob_month + INTERVAL 4 YEAR + INTERVAL 1 MONTH

-- rule: 441
-- table: cla_review
-- fields: DOB, REVIEW, REVIEW_CODE
-- ref: SSDA903 2024-25 validation checks, rule 441: where REVIEW_CODE is PN1 to PN7, the child must be 4 or over at REVIEW.
-- message: The review's participation code (PN1 to PN7) is for a child of 4 or over, but the child was under 4 at the review (DOB).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_review
WHERE review_code IN ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7') AND review < dob_month + INTERVAL 4 YEAR

-- rule: 504
-- table: cla_episode
-- fields: CIN, REC, DEC, DECOM
-- ref: SSDA903 2024-25 validation checks, rule 504: where the previous episode ended with REC X1 on this episode's DECOM, CIN must be the previous episode's.
-- message: The category of need (CIN) differs from that of the child's previous episode in the same period of care (it ended with REC X1 the day this one began).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'the previous episode is row ' || prev_row || ', CIN ' || coalesce(prev_cin, 'blank')
FROM (SELECT *, seq_prev_rec AS prev_rec, seq_prev_dec AS prev_dec, seq_prev_cin AS prev_cin, seq_prev_row AS prev_row FROM cla_episode_seq)
WHERE prev_rec = 'X1' AND prev_dec = decom AND cin IS DISTINCT FROM prev_cin

-- rule: 516
-- table: cla_episode
-- fields: REC, PLACE
-- ref: SSDA903 2024-25 validation checks, rule 516: where REC is E45 or E46 (special guardianship to former foster carers), PLACE must be a foster placement (U1 to U6).
-- message: The episode ended in a special guardianship order to former foster carers (REC E45 or E46), but the placement was not with foster carers (PLACE U1 to U6).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'PLACE is ' || coalesce(place, 'blank')
FROM stage.cla_episode
WHERE rec IN ('E45', 'E46') AND coalesce(place, '') NOT IN ('U1', 'U2', 'U3', 'U4', 'U5', 'U6')

-- rule: 529
-- table: cla_episode
-- fields: PLACE, PLACE_PROVIDER
-- ref: SSDA903 2024-25 validation checks, rule 529: PLACE_PROVIDER PR3 (other public provision) cannot go with PLACE P1, A3 to A6, K1, K2 or U1 to U6.
-- message: Provider PR3 (other public provision) cannot go with this placement (P1, A3 to A6, K1, K2 or U1 to U6), which other public bodies do not provide.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'PLACE is ' || place
FROM stage.cla_episode
WHERE place_provider = 'PR3'
  AND place IN ('A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'P1', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')

-- rule: 550
-- table: cla_episode
-- fields: PLACE, PLACE_PROVIDER
-- ref: SSDA903 2024-25 validation checks, rule 550: PLACE_PROVIDER PR0 (parents) can only go with PLACE P1.
-- message: Provider PR0 (parents or others with parental responsibility) can only go with a placement with them (PLACE P1).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'PLACE is ' || coalesce(place, 'blank')
FROM stage.cla_episode
WHERE place_provider = 'PR0' AND place IS DISTINCT FROM 'P1'

-- rule: 557
-- table: cla_episode
-- fields: PLACE, LS, REC, DATE_PLACED_CEASED, REASON_PLACED_CEASED
-- ref: SSDA903 2024-25 validation checks, rule 557: where a child placed for adoption (PLACE A3 to A6) or under a placement order (LS E1; up to 2023-24 also a freeing order, D1) leaves care other than by adoption (REC not X1, E11 or E12), the decision to place for adoption must be recorded as ceased (DATE_PLACED_CEASED and REASON_PLACED_CEASED); judged where the return has the placed for adoption table.
-- message: The child was to be adopted (placed for adoption or under a placement order) but left care without being adopted, and the decision that they should be placed for adoption is missing or not recorded as ceased (DATE_PLACED_CEASED, REASON_PLACED_CEASED).
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       CASE WHEN p.n IS NULL THEN 'the child has no placed for adoption row' END
FROM stage.cla_episode e
JOIN (SELECT DISTINCT la_code, collection_year FROM stage.cla_placed_for_adoption) l
  ON l.la_code IS NOT DISTINCT FROM e.la_code AND l.collection_year IS NOT DISTINCT FROM e.collection_year
LEFT JOIN (SELECT la_code, collection_year, child_id, count(*) AS n,
                  count(*) FILTER (WHERE date_placed_ceased IS NULL OR reason_placed_ceased IS NULL) AS n_open
           FROM stage.cla_placed_for_adoption GROUP BY ALL) p
  ON p.child_id = e.child_id AND p.la_code IS NOT DISTINCT FROM e.la_code
 AND p.collection_year IS NOT DISTINCT FROM e.collection_year
WHERE (e.place IN ('A3', 'A4', 'A5', 'A6')
       OR CASE WHEN e.collection_year >= 2025 THEN e.ls = 'E1' ELSE e.ls IN ('D1', 'E1') END)
  AND e.rec IS NOT NULL AND e.rec NOT IN ('X1', 'E11', 'E12')
  AND (p.n IS NULL OR p.n_open > 0)
