-- cla_episode_carried (a temporary table of the build, read by the rules
-- that run on its connection, not kept in the warehouse): each child's
-- first episode of a return still open on 1 April (or starting after it)
-- beside the child's last episode in the LA's return for the year before,
-- where that one was left open: what DfE's rules 503A to 503J, 452 and 453
-- compare.
-- Made once here rather than in each of those rules.
-- Each side is one aggregate (arg_min, arg_max over an ordering struct)
-- rather than a window that numbers every episode: a third of the time.
CREATE TEMP TABLE cla_episode_carried AS
WITH p AS (
    SELECT la_code, collection_year, child_id,
           arg_max(struct_pack(source_file, source_row, rne, ls, cin, place, place_provider, urn, pl_la, pl_distance, dec),
                   struct_pack(k := decom IS NOT NULL, decom, source_file, source_row)) AS e
    FROM stage.cla_episode
    GROUP BY ALL
), c AS (
    SELECT source_file, la_code, collection_year, child_id,
           arg_min(struct_pack(source_sheet, source_row, rne, ls, cin, place, place_provider, urn, pl_la, pl_distance),
                   struct_pack(k := decom IS NULL, decom, source_row)) AS e
    FROM stage.cla_episode
    WHERE dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1)
    GROUP BY ALL
)
SELECT c.la_code, c.collection_year, c.source_file, c.e.source_sheet, c.e.source_row, c.child_id,
       c.e.rne, c.e.ls, c.e.cin, c.e.place, c.e.place_provider, c.e.urn, c.e.pl_la, c.e.pl_distance,
       p.e.source_file AS prev_file, p.e.source_row AS prev_row, p.e.rne AS prev_rne, p.e.ls AS prev_ls, p.e.cin AS prev_cin,
       p.e.place AS prev_place, p.e.place_provider AS prev_place_provider, p.e.urn AS prev_urn,
       p.e.pl_la AS prev_pl_la, p.e.pl_distance AS prev_pl_distance
FROM c
JOIN p ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
WHERE p.e.dec IS NULL;
