#!/usr/bin/env bash
# Benchmark yardstick against DuckDB alone, and its nightly operation.
#
# Two workloads from the demo's generator, published statistics only (no
# child-level returns, no extracts):
#   wide: the built-in layouts, many measure columns per file, YEARS years
#         (79 gives ~1.4M observations);
#   long: 9 years plus a long-layout file of 410 measures on a measure_code
#         filter with one value column (~600k of its ~760k observations),
#         410 indicators declared on it.
# For each, DuckDB alone does the bare work on the same CSV files in one
# query (testdata/benchbare: read_csv, LA rows, each indicator's national
# rank, regional rank and quartiles per year), then yardstick's whole run
# from an empty lake (stage, build, publish); the best of RUNS runs of each,
# and the ratio. Then, on the wide demo with its returns and extracts: a run
# with nothing changed, a forced rebuild and one LA's extract per format.
# Last, the national-scale returns (testdata/benchreturns: every live LA's
# SSDA903 return, pooled, and CIN census, ~300k episodes and ~630k children):
# yardstick's whole run from an empty lake, the validation rules included.
# Prints wall time and peak memory (GNU time).
# Usage: testdata/bench.sh [YEARS] [RUNS]   (from the project root)
set -euo pipefail
years=${1:-79}
runs=${2:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/yardstick" ./cmd/yardstick
go build -o "$dir/benchbare" ./testdata/benchbare
ys="$dir/yardstick"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# best wall time (s) and its peak RSS (KiB) of $runs runs of a command;
# $before runs ahead of each (not timed).
best() {
  local b="" rss="" out
  for _ in $(seq "$runs"); do
    eval "$before"
    /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null 2>&1
    out=$(tail -1 "$dir/time")
    if [ -z "$b" ] || awk "BEGIN{exit !(${out% *} < $b)}"; then b=${out% *}; rss=${out#* }; fi
  done
  echo "$b $rss"
}

# benchconfig DEMO_DIR: a config over the demo's published files only.
benchconfig() {
  local d=$1
  {
    echo "warehouse: bench.duckdb"
    echo "lake: benchlake"
    echo "inputs:"
    for f in "$d"/inputs/*; do [ -f "$f" ] && echo "  - inputs/$(basename "$f")"; done
    sed -n '/^indicators:/,$p' "$d/yardstick.yaml"
  } > "$d/bench.yaml"
}

compare() {
  local name=$1 d=$2
  benchconfig "$d"
  "$ys" run --config "$d/bench.yaml" >/dev/null 2>&1 # warm the file cache
  local obs
  obs=$("$ys" query --config "$d/bench.yaml" --format csv "SELECT count(*) FROM stage.observation" | tail -1)
  before=":"
  read -r bare_s bare_kb < <(best "$dir/benchbare" "$d/bench.yaml")
  before="rm -rf '$d/benchlake' '$d/bench.duckdb'"
  read -r ys_s ys_kb < <(best "$ys" run --config "$d/bench.yaml")
  printf "== %s: %s observations\n" "$name" "$obs"
  printf "  DuckDB alone (bare work)      %6.2f s  peak RSS %5d MB\n" "$bare_s" $((bare_kb / 1024))
  printf "  yardstick whole run           %6.2f s  peak RSS %5d MB\n" "$ys_s" $((ys_kb / 1024))
  awk "BEGIN{printf \"  ratio                         %6.1fx\n\", $ys_s / $bare_s}"
}

"$ys" demo --dir "$dir/wide" --years "$years" >/dev/null 2>&1
"$ys" demo --dir "$dir/long" --years 9 --long 410 >/dev/null 2>&1
compare "wide ($years years)" "$dir/wide"
compare "long (9 years, 410 measures on measure_code)" "$dir/long"

cfg="$dir/wide/yardstick.yaml"
timed() { /usr/bin/time -f "  wall %e s, peak RSS %M KiB" "$@" 2>&1 >/dev/null | grep -E "wall" || true; }
echo "== the wide demo with its returns and extracts: run with nothing changed (inputs hashed and recognised; no rebuild)"
timed "$ys" run --config "$cfg"
echo "== forced rebuild (staged Parquet reused, warehouse rebuilt and republished)"
timed "$ys" run --config "$cfg" --force
for format in xlsx csv parquet; do
  echo "== one LA's extract: $format"
  timed "$ys" extract --config "$cfg" --la 358 --format "$format" --out "$dir/extracts"
done
du -sh "$dir/extracts"/* | sed 's/^/  /'

echo "== national-scale returns: every live LA's SSDA903 (pooled) and CIN census"
go run ./testdata/benchreturns "$dir/national" >/dev/null
cp "$dir/wide/yardstick.key" "$dir/national/"
printf 'inputs: [inputs]\npseudonymisation: {key_file: yardstick.key}\n' > "$dir/national/yardstick.yaml"
children=$(cat "$dir"/national/inputs/cin/*.xml | grep -c "<Child>")
before="rm -rf '$dir/national/lake' '$dir/national/yardstick.duckdb'"
read -r nat_s nat_kb < <(best "$ys" run --config "$dir/national/yardstick.yaml")
printf "  %d CIN children, %d SSDA903 episodes, %s of XML\n" "$children" \
  $(($(cat "$dir"/national/inputs/SSDA903_*_episodes_all_LAs.csv | wc -l) - 2)) "$(du -sh "$dir/national/inputs/cin" | cut -f1)"
printf "  yardstick whole run           %6.2f s  peak RSS %5d MB\n" "$nat_s" $((nat_kb / 1024))
"$ys" query --config "$dir/national/yardstick.yaml" --format csv \
  "SELECT rule_type, count(*) FROM meta.validation GROUP BY ALL" | sed 's/^/  validation failures: /'
