-- cla_episode_seq (a temporary table of the build, read by the rules that
-- run on its connection, not kept in the warehouse): each SSDA903 episode
-- beside the child's episode before it and after it in the same file
-- (ordered by DECOM, then row): the neighbours that DfE's rules on
-- consecutive episodes compare (142, 388, 501, 432-437...). Ordered once
-- here: each rule ordering the 300,000 episodes of a national load again
-- took about 0.3 s.
CREATE TEMP TABLE cla_episode_seq AS
SELECT *,
       lag(source_row) OVER w AS seq_prev_row, lag(decom) OVER w AS seq_prev_decom, lag(dec) OVER w AS seq_prev_dec,
       lag(rec) OVER w AS seq_prev_rec, lag(rne) OVER w AS seq_prev_rne, lag(ls) OVER w AS seq_prev_ls, lag(cin) OVER w AS seq_prev_cin,
       lag(place) OVER w AS seq_prev_place, lag(place_provider) OVER w AS seq_prev_place_provider, lag(urn) OVER w AS seq_prev_urn,
       lag(pl_post_outward) OVER w AS seq_prev_pl_post_outward, lag(reason_place_change) OVER w AS seq_prev_reason_place_change,
       lag(source_row, 2) OVER w AS seq_prev2_row, lag(place, 2) OVER w AS seq_prev2_place, lag(pl_post_outward, 2) OVER w AS seq_prev2_pl_post_outward,
       lead(source_row) OVER w AS seq_next_row, lead(decom) OVER w AS seq_next_decom, lead(dec) OVER w AS seq_next_dec,
       lead(rne) OVER w AS seq_next_rne, lead(ls) OVER w AS seq_next_ls, lead(place) OVER w AS seq_next_place
FROM stage.cla_episode
WINDOW w AS (PARTITION BY source_file, la_code, collection_year, child_id ORDER BY decom NULLS LAST, source_row);
