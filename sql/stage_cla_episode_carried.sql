-- cla_episode_carried (a temporary table of the build, read by the rules
-- that run on its connection, not kept in the warehouse): each child's
-- first episode of a return still open on 1 April (or starting after it)
-- beside the child's last episode in the LA's return for the year before,
-- where that one was left open: what DfE's rules 503A to 503J, 452 and 453
-- compare.
-- Made once here rather than in each of those rules.
CREATE TEMP TABLE cla_episode_carried AS
SELECT c.la_code, c.collection_year, c.source_file, c.source_sheet, c.source_row, c.child_id,
       c.rne, c.ls, c.cin, c.place, c.place_provider, c.urn, c.pl_la, c.pl_distance,
       p.source_file AS prev_file, p.source_row AS prev_row, p.rne AS prev_rne, p.ls AS prev_ls, p.cin AS prev_cin,
       p.place AS prev_place, p.place_provider AS prev_place_provider, p.urn AS prev_urn,
       p.pl_la AS prev_pl_la, p.pl_distance AS prev_pl_distance
FROM (SELECT * FROM stage.cla_episode WHERE dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1)
      QUALIFY row_number() OVER (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom NULLS LAST, source_row) = 1) c
JOIN (SELECT * FROM stage.cla_episode
      QUALIFY row_number() OVER (PARTITION BY la_code, collection_year, child_id ORDER BY decom DESC NULLS LAST, source_file DESC, source_row DESC) = 1) p
  ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.dec IS NULL;
