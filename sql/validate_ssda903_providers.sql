-- DfE's SSDA903 rules on the Ofsted URN of a placement against Ofsted's
-- provider list, which DfE's validator reads as its URN lookup: the
-- placement types (PLACE) and providers (PLACE_PROVIDER) a URN may take,
-- the date its registration ended, its LA and its postcode. The list is an
-- optional input (sources/reference/providers.go), staged as
-- stage.ofsted_provider and gathered by URN in ofsted_urn; these rules
-- need it (needs: ofsted_providers) and are not run without it. A URN the
-- list does not hold breaks 219 and 224 (and 221, and 229 for PR1), as in
-- DfE's validator: the lookup then gives it nothing to match. The setting
-- postcodes are not staged: the SSDA903 reader keeps, for each episode,
-- only whether its placement postcode is one of its URN's
-- (urn_postcode_match). The format is that of validate_ssda903.sql.

-- rule: 219
-- table: cla_episode
-- fields: URN, PLACE
-- needs: ofsted_providers
-- ref: SSDA903 validation checks, rule 219: where a URN is given (not XXXXXXX), the placement type (PL) must be one of the placement codes the URN lookup gives that URN.
-- message: The placement type (PLACE) is not one Ofsted's provider list gives the URN: check the URN and the placement type.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       CASE WHEN o.urn IS NULL THEN 'the URN is not in the provider list'
            WHEN len(o.place_codes) = 0 THEN 'the list gives the URN no placement types'
            ELSE 'the list gives the URN ' || array_to_string(o.place_codes, ', ') END
FROM stage.cla_episode e
LEFT JOIN ofsted_urn o ON o.urn = e.urn
WHERE e.urn IS NOT NULL AND e.urn <> 'XXXXXXX' AND e.place IS NOT NULL
  AND NOT coalesce(list_contains(o.place_codes, e.place), false)

-- rule: 221
-- table: cla_episode
-- fields: URN, PL_POST, PLACE, LS
-- needs: ofsted_providers
-- ref: SSDA903 validation checks, rule 221: where a URN is given (not XXXXXXX), the legal status is not a short break (V3, V4), the placement is K1, K2, R3 or S1 (2023-24 also H5) and the placement postcode is given, it must be the URN lookup's postcode for that URN.
-- message: The placement postcode (PL_POST) is not the setting's postcode in Ofsted's provider list for the URN: check the URN and the postcode.
SELECT la_code, collection_year, source_file, source_sheet, source_row, child_id,
       'PLACE is ' || place || ', PL_POST starts ' || pl_post_outward
FROM stage.cla_episode
WHERE NOT urn_postcode_match AND coalesce(ls, '') NOT IN ('V3', 'V4')
  AND (place IN ('K1', 'K2', 'R3', 'S1') OR collection_year = 2024 AND place = 'H5')

-- rule: 224
-- table: cla_episode
-- fields: URN, PLACE_PROVIDER
-- needs: ofsted_providers
-- ref: SSDA903 validation checks, rule 224: where a URN is given (not XXXXXXX), the placement provider must be one the URN lookup gives that URN.
-- message: The placement provider (PLACE_PROVIDER) is not one Ofsted's provider list gives the URN: check the URN and the provider.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       CASE WHEN o.urn IS NULL THEN 'the URN is not in the provider list'
            WHEN len(o.provider_codes) = 0 THEN 'the list gives the URN no placement providers'
            ELSE 'the list gives the URN ' || array_to_string(o.provider_codes, ', ') END
FROM stage.cla_episode e
LEFT JOIN ofsted_urn o ON o.urn = e.urn
WHERE e.urn IS NOT NULL AND e.urn <> 'XXXXXXX' AND e.place_provider IS NOT NULL
  AND NOT coalesce(list_contains(o.provider_codes, e.place_provider), false)

-- rule: 227
-- table: cla_episode
-- fields: URN, DECOM
-- needs: ofsted_providers
-- ref: SSDA903 validation checks, rule 227: where a URN is given (not XXXXXXX) and the URN lookup gives the date its registration ended, the episode must start (DECOM) before that date.
-- message: The episode starts (DECOM) on or after the day the provider's Ofsted registration ended: check the URN.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'registration ended ' || strftime(o.reg_end, '%d/%m/%Y')
FROM stage.cla_episode e
JOIN ofsted_urn o ON o.urn = e.urn
WHERE o.reg_end IS NOT NULL AND e.decom >= o.reg_end

-- rule: 228
-- table: cla_episode
-- fields: URN, DEC
-- needs: ofsted_providers
-- ref: SSDA903 validation checks, rule 228: where a URN is given (not XXXXXXX) and the URN lookup gives the date its registration ended, the episode must end (DEC) on or before it, or if open, the provider must still have been registered at the end of the collection year (31 March).
-- ref: Here an open episode of a part-year return is compared with the date the return was taken (stage.return_as_at), not a 31 March still to come.
-- message: The episode goes on after the day the provider's Ofsted registration ended: check the URN, or end the placement.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'registration ended ' || strftime(o.reg_end, '%d/%m/%Y') || CASE WHEN e.dec IS NULL THEN ', the episode still open' ELSE '' END
FROM stage.cla_episode e
JOIN ofsted_urn o ON o.urn = e.urn
LEFT JOIN stage.return_as_at a ON a.kind = 'ssda903' AND a.la_code = e.la_code AND a.collection_year = e.collection_year
WHERE o.reg_end IS NOT NULL
  AND (e.dec > o.reg_end OR e.dec IS NULL AND least(coalesce(a.as_at, make_date(e.collection_year, 3, 31)), make_date(e.collection_year, 3, 31)) > o.reg_end)

-- rule: 229
-- table: cla_episode
-- fields: URN, PLACE_PROVIDER
-- needs: ofsted_providers
-- ref: SSDA903 validation checks, rule 229: where a URN is given (not XXXXXXX), a placement with the LA's own provision (PR1) must have a URN whose LA in the URN lookup is the LA's own, and one with another LA's provision (PR2) a URN whose LA is not (from 2025-26 not for placement types K3, P1, P3, R1, R2, R5, T0 to T4 or Z11 to Z14).
-- ref: Here the list's LA is the local authority it names; a URN with premises in several LAs meets PR1 when one of them is the LA's own and breaks PR2 only when all of them are.
-- message: The placement provider (PLACE_PROVIDER) does not agree with the provider's LA in Ofsted's provider list: PR1 (the LA's own provision) needs a provider in the LA, PR2 (another LA's) one outside it.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       CASE WHEN o.urn IS NULL THEN 'the URN is not in the provider list'
            WHEN len(o.la_codes) = 0 THEN 'the list gives the URN no known LA'
            ELSE 'the list puts the URN in ' || array_to_string(o.la_codes, ', ') END
FROM stage.cla_episode e
LEFT JOIN ofsted_urn o ON o.urn = e.urn
WHERE e.urn IS NOT NULL AND e.urn <> 'XXXXXXX'
  AND (e.collection_year <= 2025 OR coalesce(e.place, '') NOT IN ('K3', 'P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14'))
  AND (e.place_provider = 'PR1' AND NOT coalesce(list_contains(o.la_codes, e.la_code), false)
       OR e.place_provider = 'PR2' AND len(o.la_codes) > 0 AND list_distinct(o.la_codes) = [e.la_code])

-- rule: 241
-- table: cla_episode
-- fields: URN, PLACE, PL_LA
-- years: 2026-
-- needs: postcodes, ofsted_providers
-- ref: SSDA903 2025-26 validation checks, rule 241: where a URN is given (not XXXXXXX) and the placement is supported accommodation (K3), the placement's LA (PL_LA) must be one of the LAs the URN lookup gives that URN (a provider may have premises in several).
-- ref: Here a placement whose LA is not known (no placement postcode in ONS's directory) is rule 169's.
-- message: The placement's LA (PL_LA) is not an LA where Ofsted's provider list says the supported accommodation provider has premises: check the URN and the placement postcode.
SELECT e.la_code, e.collection_year, e.source_file, e.source_sheet, e.source_row, e.child_id,
       'PL_LA is ' || e.pl_la || CASE WHEN o.urn IS NULL THEN ' and the URN is not in the provider list'
                                      WHEN len(o.la_codes) = 0 THEN ' and the list gives the URN no known LA'
                                      ELSE ' and the list puts the URN in ' || array_to_string(o.la_codes, ', ') END
FROM stage.cla_episode e
LEFT JOIN ofsted_urn o ON o.urn = e.urn
WHERE e.urn IS NOT NULL AND e.urn <> 'XXXXXXX' AND e.place = 'K3' AND e.pl_la IS NOT NULL
  AND NOT coalesce(list_contains(o.la_codes, e.pl_la), false)
