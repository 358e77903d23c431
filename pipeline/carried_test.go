package pipeline

import (
	"context"
	"strings"
	"testing"
)

// TestCarriedEpisode: cla_episode_carried pairs each child's first episode
// of a year's return (the earliest DECOM, an episode without one only where
// none has one, then the first row) with the child's last episode of the
// year before (the latest DECOM, an episode without one only where none has
// one, then the last file by name, then the last row), where that one was
// left open. The expected pairs are the picks of the struct-ordered
// aggregates the table was first made with.
func TestCarriedEpisode(t *testing.T) {
	ctx := context.Background()
	conn := memoryConn(ctx, t)
	// rne names each row, so the test reads which episodes were picked
	setup := `CREATE SCHEMA stage;
		CREATE TABLE stage.cla_episode (la_code VARCHAR, collection_year INTEGER, source_file VARCHAR, source_sheet VARCHAR,
			source_row BIGINT, child_id VARCHAR, decom DATE, dec DATE, rne VARCHAR, ls VARCHAR, cin VARCHAR, place VARCHAR,
			place_provider VARCHAR, urn VARCHAR, pl_la VARCHAR, pl_distance DOUBLE);
		INSERT INTO stage.cla_episode (la_code, collection_year, source_file, source_row, child_id, decom, dec, rne) VALUES
		-- c1: 2024's last episode is the latest DECOM (row 3, open), not the later row with no DECOM;
		-- 2025's first is the earliest DECOM, not the row with none before it
		('358', 2024, 'a24.csv', 2, 'c1', DATE '2023-05-01', DATE '2023-09-01', 'p1'),
		('358', 2024, 'a24.csv', 3, 'c1', DATE '2023-09-01', NULL, 'p2'),
		('358', 2024, 'a24.csv', 4, 'c1', NULL, NULL, 'p3'),
		('358', 2025, 'a25.csv', 2, 'c1', NULL, NULL, 'f0'),
		('358', 2025, 'a25.csv', 3, 'c1', DATE '2024-06-01', NULL, 'f2'),
		('358', 2025, 'a25.csv', 4, 'c1', DATE '2023-09-01', DATE '2024-06-01', 'f1'),
		-- c2: the same DECOM in two files of 2024: the last file by name wins
		('358', 2024, 'a24.csv', 5, 'c2', DATE '2024-01-01', NULL, 'q1'),
		('358', 2024, 'b24.csv', 2, 'c2', DATE '2024-01-01', NULL, 'q2'),
		('358', 2025, 'a25.csv', 5, 'c2', DATE '2024-01-01', NULL, 'g1'),
		-- c3: 2024's last episode ended, so nothing is carried
		('358', 2024, 'a24.csv', 6, 'c3', DATE '2023-06-01', DATE '2024-02-01', 'r1'),
		('358', 2025, 'a25.csv', 6, 'c3', DATE '2024-05-01', NULL, 'h1'),
		-- c4: only episodes with no DECOM: the first row of 2025, the last of 2024
		('358', 2024, 'a24.csv', 7, 'c4', NULL, NULL, 's1'),
		('358', 2024, 'a24.csv', 8, 'c4', NULL, NULL, 's2'),
		('358', 2025, 'a25.csv', 7, 'c4', NULL, NULL, 'k1'),
		('358', 2025, 'a25.csv', 8, 'c4', NULL, NULL, 'k2');`
	if _, err := conn.ExecContext(ctx, setup); err != nil {
		t.Fatal(err)
	}
	runModel(ctx, t, conn, "stage_cla_episode_carried.sql")
	rows, err := conn.QueryContext(ctx, `SELECT child_id || ': ' || prev_rne || ' (' || prev_file || ':' || prev_row || ') to ' || rne || ' (' || source_row || ')'
		FROM cla_episode_carried ORDER BY child_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"c1: p2 (a24.csv:3) to f1 (4)",
		"c2: q2 (b24.csv:2) to g1 (5)",
		"c4: s2 (a24.csv:8) to k1 (7)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("carried episodes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
