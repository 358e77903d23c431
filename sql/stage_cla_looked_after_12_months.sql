-- cla_looked_after_12_months (a temporary table of the build, read by the
-- rules that run on its connection, not kept in the warehouse): the
-- children of each SSDA903 return looked after continuously for the 12
-- months to 31 March, as DfE's validation checks define it
-- (CONTINUOUSLY_LOOKED_AFTER): an episode open during the year, and none
-- that starts care in it (RNE S after 1 April), ends care in it (a DEC from
-- 1 April to 30 March whose REC is not X1, or is blank) or is a short break
-- (LS V3 or V4) in it. The OC2 rules (157, 185 to
-- 198, 543 to 546) read it, so the definition is made once.
CREATE TEMP TABLE cla_looked_after_12_months AS
SELECT la_code, collection_year, child_id
FROM stage.cla_episode
GROUP BY la_code, collection_year, child_id
HAVING bool_or(coalesce(decom <= make_date(collection_year, 3, 31) AND (dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1)), FALSE))
   AND NOT bool_or(coalesce(rne = 'S' AND decom > make_date(collection_year - 1, 4, 1) AND decom <= make_date(collection_year, 3, 31), FALSE)
                OR coalesce(coalesce(rec, '') <> 'X1' AND dec >= make_date(collection_year - 1, 4, 1) AND dec < make_date(collection_year, 3, 31), FALSE)
                OR coalesce(ls IN ('V3', 'V4') AND decom <= make_date(collection_year, 3, 31) AND (dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1)), FALSE));
