-- cla_episode_carried (a temporary table of the build, read by the rules
-- that run on its connection, not kept in the warehouse): each child's
-- first episode of a return still open on 1 April (or starting after it)
-- beside the child's last episode in the LA's return for the year before,
-- where that one was left open: what DfE's rules 503A to 503J, 452 and 453
-- compare.
-- Made once here rather than in each of those rules.
--
-- Each side is one aggregate rather than a window that numbers every
-- episode (a third of the time), and the aggregate keeps numbers only: the
-- winning episode's rowid, by an ordering key folded into one HUGEINT.
-- Aggregate states holding the episode's text (an arg_max of a struct)
-- ran out of the build's memory at eight years of national returns (2.3
-- million episodes); numbers take a fraction of it, and the winners'
-- columns are joined back after.
--   last:  DECOM known first (bit 96), then the latest DECOM (days since
--          year 1, bits 64-95), the last file by name (bits 32-63), the
--          last row (bits 0-31; rows of a file are under 2^32);
--   first: DECOM missing last, then the earliest DECOM, the first row
--          (within one file).
CREATE TEMP TABLE cla_episode_carried AS
WITH f AS (
    SELECT source_file, row_number() OVER (ORDER BY source_file)::HUGEINT AS file_ord
    FROM (SELECT DISTINCT source_file FROM stage.cla_episode)
), e AS (
    SELECT e.rowid AS r, e.la_code, e.collection_year, e.child_id, e.source_file, e.dec, e.source_row,
           -- -1 for a missing DECOM (greatest would turn NULL into 0)
           CASE WHEN e.decom IS NULL THEN -1 ELSE greatest(date_diff('day', DATE '0001-01-01', e.decom), 0) END::HUGEINT AS days,
           f.file_ord
    FROM stage.cla_episode e
    JOIN f USING (source_file)
), p AS (
    SELECT la_code, collection_year, child_id,
           arg_max(r, ((days >= 0)::HUGEINT << 96) | (greatest(days, 0) << 64) | (file_ord << 32) | source_row) AS r
    FROM e
    GROUP BY ALL
), c AS (
    SELECT source_file, la_code, collection_year, child_id,
           arg_min(r, ((days < 0)::HUGEINT << 96) | (greatest(days, 0) << 64) | source_row) AS r
    FROM e
    WHERE dec IS NULL OR dec >= make_date(collection_year - 1, 4, 1)
    GROUP BY ALL
)
SELECT ce.la_code, ce.collection_year, ce.source_file, ce.source_sheet, ce.source_row, ce.child_id,
       ce.rne, ce.ls, ce.cin, ce.place, ce.place_provider, ce.urn, ce.pl_la, ce.pl_distance,
       pe.source_file AS prev_file, pe.source_row AS prev_row, pe.rne AS prev_rne, pe.ls AS prev_ls, pe.cin AS prev_cin,
       pe.place AS prev_place, pe.place_provider AS prev_place_provider, pe.urn AS prev_urn,
       pe.pl_la AS prev_pl_la, pe.pl_distance AS prev_pl_distance
FROM c
JOIN p ON p.la_code = c.la_code AND p.collection_year = c.collection_year - 1 AND p.child_id = c.child_id
JOIN stage.cla_episode pe ON pe.rowid = p.r
JOIN stage.cla_episode ce ON ce.rowid = c.r
WHERE pe.dec IS NULL;
