-- DfE's SSDA903 rules on the fields DfE derives from the home and
-- placement postcodes: the placement's distance from home (PL_DISTANCE),
-- its LA (PL_LA) and whether that is the LA's own (PL_LOCATION). The
-- SSDA903 reader derives PL_DISTANCE and PL_LA as DfE does when ONS's
-- postcode directory is among a run's inputs (a return may give them
-- itself); these rules need it (needs: postcodes) and are not run without
-- it. PL_LOCATION is not staged: it is IN where PL_LA is the LA's own code,
-- OUT where it is another, blank where PL_LA is. The format is that of
-- validate_ssda903.sql. The rules across two returns compare each child's
-- first episode of the year with the one left open in the LA's return for
-- the year before (cla_episode_carried, as 503A to 503F do).

-- rule: 169
-- table: cla_episode
-- fields: PL_LA, LS
-- needs: postcodes
-- ref: SSDA903 2024-25 validation checks, rule 169: unless the legal status is a short break (V3 or V4), the LA of the placement must be valid and given; it is derived from the placement postcode.
-- message: The placement's LA (PL_LA) is missing: the placement postcode (PL_POST) is blank or not in ONS's postcode directory. Give the placement's full postcode.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN pl_post_outward IS NULL THEN 'PL_POST is blank or not a postcode' ELSE 'PL_POST is not in the postcode directory' END
FROM stage.cla_episode
WHERE pl_la IS NULL AND coalesce(ls, '') NOT IN ('V3', 'V4')

-- rule: 179
-- table: cla_episode
-- fields: PL_LOCATION, LS
-- needs: postcodes
-- ref: SSDA903 2024-25 validation checks, rule 179: unless the legal status is a short break (V3 or V4), the placement location (PL_LOCATION, in or out of the LA) must be a valid code; it is derived from the placement's LA, so it is missing exactly where PL_LA is (rule 169).
-- message: The placement location (PL_LOCATION, in or out of the LA) is missing: the placement postcode (PL_POST) is blank or not in ONS's postcode directory.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, NULL
FROM stage.cla_episode
WHERE pl_la IS NULL AND coalesce(ls, '') NOT IN ('V3', 'V4')

-- rule: 218
-- table: cla_episode
-- fields: URN, PLACE, PL_LA, DEC
-- needs: postcodes
-- ref: SSDA903 2024-25 validation checks, rule 218: an episode open at some time in the year, placed in England, needs an Ofsted URN unless its placement type needs none: P1, P3, R1, R2, R5, T0 to T4 and Z1 (2022-23 also H5 and P2; from 2025-26 Z11 to Z14 for Z1). A URN given but not of a URN's shape is rule 1008's; a placement whose LA is not known is rule 169's.
-- message: The Ofsted URN is missing for a placement in England of a type that needs one: give the provider's URN (XXXXXXX where it has none).
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'PLACE is ' || coalesce(place, 'blank')
FROM stage.cla_episode
WHERE urn IS NULL AND NOT contains(coalesce(faults, ''), '|URN:')
  AND (dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1))
  AND pl_la IS NOT NULL AND pl_la NOT IN ('CON', 'NIR', 'SCO', 'WAL', 'NUK')
  AND NOT coalesce(CASE WHEN collection_year <= 2023 THEN place IN ('H5', 'P1', 'P2', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1')
                        WHEN collection_year <= 2025 THEN place IN ('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1')
                        ELSE place IN ('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14') END, false)

-- rule: 230
-- table: cla_episode
-- fields: URN, PLACE, PL_LA, DEC
-- years: 2024-
-- needs: postcodes
-- ref: SSDA903 2023-24 validation checks, rule 230: a placement in semi-independent living (H5) in England still open on 28 October 2023 needs an Ofsted URN (not XXXXXXX). A URN given but not of a URN's shape is rule 1008's; a placement whose LA is not known is rule 169's.
-- message: A placement in semi-independent living (H5) in England open on or after 28 October 2023 has no Ofsted URN (blank or XXXXXXX): such providers must be registered with Ofsted from that date.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       CASE WHEN urn IS NULL THEN 'URN is blank' ELSE 'URN is XXXXXXX' END
FROM stage.cla_episode
WHERE place = 'H5' AND (dec IS NULL OR dec >= DATE '2023-10-28')
  AND (urn = 'XXXXXXX' OR urn IS NULL AND NOT contains(coalesce(faults, ''), '|URN:'))
  AND pl_la IS NOT NULL AND pl_la NOT IN ('NIR', 'NUK', 'SCO', 'WAL')

-- rule: 243
-- table: cla_episode
-- fields: URN, PL_LA
-- years: 2026-
-- needs: postcodes
-- ref: SSDA903 2025-26 validation checks, rule 243: a placement outside England (PL_LA CON, NIR, SCO, WAL or NUK) should have no Ofsted URN.
-- message: An Ofsted URN is given for a placement outside England: only providers registered with Ofsted have one; leave URN blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'PL_LA is ' || pl_la
FROM stage.cla_episode
WHERE pl_la IN ('CON', 'NIR', 'SCO', 'WAL', 'NUK') AND (urn IS NOT NULL OR contains(coalesce(faults, ''), '|URN:'))

-- rule: 420
-- table: cla_episode
-- fields: PL_LA, LS
-- needs: postcodes
-- ref: SSDA903 2024-25 validation checks, rule 420: the LA of placement must not be given for a short break (legal status V3 or V4); it is derived from the placement postcode.
-- message: The placement's LA (PL_LA) is given, from its postcode, for a short break (legal status V3 or V4), which has none: leave PL_POST blank.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'LS is ' || ls || ', PL_LA is ' || pl_la
FROM stage.cla_episode
WHERE ls IN ('V3', 'V4') AND pl_la IS NOT NULL

-- rule: 452
-- table: cla_episode
-- fields: PL_LA, RNE
-- needs: postcodes
-- ref: SSDA903 2024-25 validation checks, rule 452: where the child's last episode in last year's return is open and this year's first has the same reason for new episode (RNE), the two must have the same LA of placement. This year's first episode is taken as the first still open on 1 April.
-- message: The LA of placement (PL_LA) of the child's first episode this year differs from that of the episode, with the same reason for new episode, left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || c.prev_row || ' of ' || c.prev_file || ', PL_LA ' || coalesce(c.prev_pl_la, 'blank')
FROM cla_episode_carried c
WHERE c.rne = c.prev_rne AND c.pl_la IS DISTINCT FROM c.prev_pl_la

-- rule: 453
-- table: cla_episode
-- fields: PL_DISTANCE, RNE
-- needs: postcodes
-- ref: SSDA903 2024-25 validation checks, rule 453: where the child's last episode in last year's return is open and this year's first has the same reason for new episode (RNE), their placement distances must not differ by 0.2 miles or more. This year's first episode is taken as the first still open on 1 April.
-- message: The placement's distance from home (PL_DISTANCE) of the child's first episode this year differs by 0.2 miles or more from that of the episode, with the same reason for new episode, left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || c.prev_row || ' of ' || c.prev_file || ', PL_DISTANCE ' || c.prev_pl_distance || ', now ' || c.pl_distance
FROM cla_episode_carried c
WHERE c.rne = c.prev_rne AND round(abs(c.pl_distance - c.prev_pl_distance), 1) >= 0.2

-- rule: 454
-- table: cla_episode
-- fields: PL_DISTANCE
-- years: 2026-
-- needs: postcodes
-- ref: SSDA903 2025-26 validation checks, rule 454: the placement's distance from home, where given and not 999.9, should be at most 350 miles.
-- message: The placement is more than 350 miles from home (PL_DISTANCE): check the home and placement postcodes.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'PL_DISTANCE is ' || pl_distance
FROM stage.cla_episode
WHERE pl_distance > 350 AND pl_distance <> 999.9

-- rule: 503G
-- table: cla_episode
-- fields: PL_DISTANCE
-- needs: postcodes
-- ref: SSDA903 2024-25 validation checks, rule 503G: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its placement distance (a difference under 0.2 miles allowed). This year's first episode is taken as the first still open on 1 April.
-- message: The placement's distance from home (PL_DISTANCE) of the child's first episode this year differs by 0.2 miles or more from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || c.prev_row || ' of ' || c.prev_file || ', PL_DISTANCE ' || c.prev_pl_distance || ', now ' || c.pl_distance
FROM cla_episode_carried c
WHERE round(abs(c.pl_distance - c.prev_pl_distance), 1) >= 0.2

-- rule: 503H
-- table: cla_episode
-- fields: PL_LA
-- needs: postcodes
-- ref: SSDA903 2024-25 validation checks, rule 503H: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its LA of placement. This year's first episode is taken as the first still open on 1 April.
-- message: The LA of placement (PL_LA) of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || c.prev_row || ' of ' || c.prev_file || ', PL_LA ' || coalesce(c.prev_pl_la, 'blank')
FROM cla_episode_carried c
WHERE c.pl_la IS DISTINCT FROM c.prev_pl_la

-- rule: 503J
-- table: cla_episode
-- fields: PL_LOCATION
-- needs: postcodes
-- ref: SSDA903 2024-25 validation checks, rule 503J: where the child's last episode in last year's return is open (no DEC), the first episode of this year must have its placement location (in or out of the LA), which is derived from the LA of placement. This year's first episode is taken as the first still open on 1 April.
-- message: The placement location (PL_LOCATION, in or out of the LA) of the child's first episode this year differs from that of the episode left open at the end of the LA's return for the previous year.
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       'the open episode is row ' || c.prev_row || ' of ' || c.prev_file || ', PL_LOCATION ' ||
       CASE WHEN c.prev_pl_la IS NULL THEN 'blank' WHEN c.prev_pl_la = c.la_code THEN 'IN' ELSE 'OUT' END
FROM cla_episode_carried c
WHERE CASE WHEN c.pl_la IS NULL THEN NULL WHEN c.pl_la = c.la_code THEN 'IN' ELSE 'OUT' END
      IS DISTINCT FROM CASE WHEN c.prev_pl_la IS NULL THEN NULL WHEN c.prev_pl_la = c.la_code THEN 'IN' ELSE 'OUT' END

-- rule: 1015
-- table: cla_episode
-- fields: PL_LA, PLACE_PROVIDER, PLACE, LS
-- needs: postcodes
-- ref: SSDA903 2024-25 validation checks, rule 1015: a placement the LA provides itself (PLACE_PROVIDER PR1) must be in the LA, but for foster care and adoption placements (A3 to A6, U1 to U6; from 2025-26 also K3) and short breaks (V3, V4). A placement whose LA is not known (rule 169) breaks it too.
-- message: The placement is the LA's own provision (PLACE_PROVIDER PR1) but is not in the LA (PL_LA): check the provider and the placement postcode.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id, 'PL_LA is ' || coalesce(pl_la, 'blank')
FROM stage.cla_episode
WHERE place_provider = 'PR1' AND ls IS NOT NULL AND ls NOT IN ('V3', 'V4') AND place IS NOT NULL
  AND place NOT IN ('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')
  AND NOT (collection_year >= 2026 AND place = 'K3')
  AND pl_la IS DISTINCT FROM la_code

-- rule: 164
-- table: cla_episode
-- fields: PL_DISTANCE, LS
-- needs: postcodes
-- ref: SSDA903 2022-23 validation checks, rule 164: for a child not UASC this year or in the two years before, and not on a short break (LS V3 or V4), the placement's distance from home must be between 0.0 and 999.9 miles. The UASC status is that of the LA's returns loaded for those years (cla_uasc_flag), so a child UASC in a year not loaded is not known as such.
-- message: The placement's distance from home (PL_DISTANCE) is not between 0.0 and 999.9 miles: check the home and placement postcodes.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'PL_DISTANCE is ' || e.pl_distance
FROM stage.cla_episode e
WHERE (e.pl_distance < 0 OR e.pl_distance > 999.9) AND coalesce(e.ls, '') NOT IN ('V3', 'V4')
  AND NOT EXISTS (SELECT 1 FROM cla_uasc_flag f WHERE f.child_id = e.child_id AND f.la_code IS NOT DISTINCT FROM e.la_code
                  AND f.collection_year BETWEEN e.collection_year - 2 AND e.collection_year AND f.uasc)

-- rule: 392A
-- table: cla_episode
-- fields: PL_DISTANCE, HOME_POST, PL_POST, LS
-- needs: postcodes
-- ref: SSDA903 2022-23 validation checks, rule 392A: for a child not UASC this year or in the two years before, and not on a short break (LS V3 or V4), the placement's distance from home must be given; it is derived from the home and placement postcodes. The UASC status is that of the LA's returns loaded for those years (cla_uasc_flag).
-- message: The placement's distance from home (PL_DISTANCE) is missing: a postcode is blank or not in ONS's postcode directory. Give both full postcodes.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, NULL
FROM stage.cla_episode e
WHERE e.pl_distance IS NULL AND coalesce(e.ls, '') NOT IN ('V3', 'V4')
  AND NOT EXISTS (SELECT 1 FROM cla_uasc_flag f WHERE f.child_id = e.child_id AND f.la_code IS NOT DISTINCT FROM e.la_code
                  AND f.collection_year BETWEEN e.collection_year - 2 AND e.collection_year AND f.uasc)

-- rule: 392B
-- table: cla_episode
-- fields: HOME_POST, PL_POST, LS
-- ref: SSDA903 2022-23 validation checks, rule 392B: for a child not UASC this year or in the two years before, and not on a short break (LS V3 or V4), the home and placement postcodes should both be given. A postcode given but not of a postcode's shape is the field's own fault, not a blank. The UASC status is that of the LA's returns loaded for those years (cla_uasc_flag).
-- message: The child is looked after but the home or placement postcode (HOME_POST, PL_POST) is blank.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       CASE WHEN e.home_post_outward IS NULL AND NOT contains(coalesce(e.faults, ''), '|HOME_POST:') THEN 'HOME_POST is blank' ELSE 'PL_POST is blank' END
FROM stage.cla_episode e
WHERE ((e.home_post_outward IS NULL AND NOT contains(coalesce(e.faults, ''), '|HOME_POST:'))
       OR (e.pl_post_outward IS NULL AND NOT contains(coalesce(e.faults, ''), '|PL_POST:')))
  AND coalesce(e.ls, '') NOT IN ('V3', 'V4')
  AND NOT EXISTS (SELECT 1 FROM cla_uasc_flag f WHERE f.child_id = e.child_id AND f.la_code IS NOT DISTINCT FROM e.la_code
                  AND f.collection_year BETWEEN e.collection_year - 2 AND e.collection_year AND f.uasc)

-- rule: 406
-- table: cla_episode
-- fields: PL_DISTANCE, HOME_POST
-- needs: postcodes
-- ref: SSDA903 2022-23 validation checks, rule 406: for a child UASC this year or in the two years before, the placement's distance from home should be blank (such a child has no home postcode). The UASC status is that of the LA's returns loaded for those years (cla_uasc_flag).
-- message: The child is or was an unaccompanied asylum-seeking child, so the placement's distance from home (PL_DISTANCE) should be blank: leave HOME_POST blank.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id, 'PL_DISTANCE is ' || e.pl_distance
FROM stage.cla_episode e
WHERE e.pl_distance IS NOT NULL
  AND EXISTS (SELECT 1 FROM cla_uasc_flag f WHERE f.child_id = e.child_id AND f.la_code IS NOT DISTINCT FROM e.la_code
              AND f.collection_year BETWEEN e.collection_year - 2 AND e.collection_year AND f.uasc)
