#!/usr/bin/env bash
# Benchmark nightly operation on the generator's workload: a full run
# (generate + stage + build), a run with nothing changed (no rebuild), a
# forced rebuild from the staged Parquet, and one LA's extract in each
# format. Prints wall time and peak memory (GNU time) for each.
# Usage: testdata/bench.sh [YEARS]   (from the project root; 5 is the
# demo's scale, 110 gives ~1.4M observations)
set -euo pipefail
years=${1:-110}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/yardstick" ./cmd/yardstick
ys="$dir/yardstick"
cfg="$dir/demo/yardstick.yaml"
timed() { /usr/bin/time -f "  wall %e s, peak RSS %M KiB" "$@" 2>&1 >/dev/null | grep -E "wall" || true; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== full run: demo --years $years (generate + stage + build)"
timed "$ys" demo --dir "$dir/demo" --years "$years"
"$ys" query --config "$cfg" --format csv \
  "SELECT count(*) AS observations, (SELECT count(*) FROM mart.la_benchmark) AS mart_rows, (SELECT sum(seconds) FROM meta.input_file) AS staging_seconds, (SELECT sum(rows) FROM meta.input_file) / (SELECT sum(seconds) FROM meta.input_file) AS staging_rows_per_s FROM stage.observation"
echo "== run with nothing changed (inputs hashed and recognised; no rebuild, no republish)"
timed "$ys" run --config "$cfg"
echo "== forced rebuild (staged Parquet reused, warehouse rebuilt and republished)"
timed "$ys" run --config "$cfg" --force
for format in xlsx csv parquet; do
  echo "== one LA's extract: $format"
  timed "$ys" extract --config "$cfg" --la 358 --format "$format" --out "$dir/extracts"
done
du -sh "$dir/extracts"/* | sed 's/^/  /'
