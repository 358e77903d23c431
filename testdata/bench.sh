#!/usr/bin/env bash
# Benchmark the whole run on the generator's workload: ~1M observations
# (110 years of synthetic data for all 153 LAs), then a second run with
# nothing changed. Prints wall time and peak memory (GNU time).
# Usage: testdata/bench.sh [YEARS]   (from the project root)
set -euo pipefail
years=${1:-110}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/yardstick" ./cmd/yardstick
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== full run: demo --years $years (generate + stage + build)"
/usr/bin/time -f "wall %e s, peak RSS %M KiB" "$dir/yardstick" demo --dir "$dir/demo" --years "$years" 2>&1 >/dev/null | grep -E "warehouse published|wall" || true
"$dir/yardstick" query --config "$dir/demo/yardstick.yaml" --format csv \
  "SELECT count(*) AS observations, (SELECT count(*) FROM mart.la_benchmark) AS mart_rows, (SELECT sum(seconds) FROM meta.input_file) AS staging_seconds, (SELECT sum(rows) FROM meta.input_file) / (SELECT sum(seconds) FROM meta.input_file) AS staging_rows_per_s FROM stage.observation"
echo "== run with no input changed (staged Parquet reused, warehouse rebuilt)"
/usr/bin/time -f "wall %e s, peak RSS %M KiB" "$dir/yardstick" run --config "$dir/demo/yardstick.yaml" 2>&1 >/dev/null | grep -E "warehouse published|wall" || true
