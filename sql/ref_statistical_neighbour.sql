-- ref.statistical_neighbour: each LA's ten statistical neighbours, nearest
-- first. When several workbooks are loaded, the newest model (the year in its
-- file name) is used, as LAIT uses the current set for every year.
CREATE TABLE ref.statistical_neighbour AS
SELECT la_code, neighbour_code, neighbour_rank, closeness, model, source_file
FROM stage.statistical_neighbour
WHERE model = (SELECT max(model) FROM stage.statistical_neighbour)
ORDER BY la_code, neighbour_rank;
