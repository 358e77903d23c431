#!/usr/bin/env bash
# Benchmark yardstick against DuckDB alone and a pandas script, its nightly
# operation, and how a run grows with the years of returns.
#
# Three workloads of published statistics (no child-level returns, no
# extracts), from the demo's generator:
#   wide: the built-in layouts, many measure columns per file, YEARS years
#         (79 gives ~1.4M observations);
#   long: 9 years plus a long-layout file of 410 measures on a measure_code
#         filter with one value column (~600k of its ~760k observations),
#         410 indicators declared on it;
#   lait: LAIT's shape alone: that long-layout file (~600k observations in
#         one value column, 410 indicators on a measure_code filter) and
#         the statistical neighbours.
# For each, the bare work on the same CSV files (read, keep LA rows, pick
# each indicator of the config's catalogue by measure and filter values,
# national rank, regional rank and type-7 quartiles per year) by DuckDB
# alone in one query (testdata/benchbare) and by a plain pandas script
# (testdata/benchpandas.py, Debian's python3-pandas, writing its CSV), then
# yardstick's whole run from an empty lake (stage, build, publish); the best
# of RUNS runs of each, and yardstick's ratio to each. Then, on the wide demo
# with its returns and extracts: a run with nothing changed, a forced
# rebuild and one LA's extract per format. Then the national-scale returns
# (testdata/benchreturns: every live LA's SSDA903 return, pooled, and CIN
# census, ~300k episodes and ~630k children): yardstick's whole run from an
# empty lake, the validation rules included. Last, the scale curve: the
# real published files in ../shared/data with 1, 2, 4 and 8 collection
# years of the national returns (SCALE=0 leaves it out; it takes about
# half an hour; SCALE=only runs it alone), each from an empty lake, with the
# growth per doubling (SCALE_YEARS="8" measures only that point;
# SCALE_RETURNS=DIR reuses the eight years benchreturns wrote to DIR before,
# which otherwise takes 7-14 minutes to write). Prints wall time and peak
# memory (GNU time).
# Usage: [SCALE=0|only] [SCALE_YEARS=...] [SCALE_RETURNS=DIR] testdata/bench.sh [YEARS] [RUNS]   (from the project root)
set -euo pipefail
years=${1:-79}
runs=${2:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/yardstick" ./cmd/yardstick
go build -o "$dir/benchbare" ./testdata/benchbare
ys="$dir/yardstick"
python=/usr/bin/python3 # Debian's, with python3-pandas
if ! "$python" -c 'import pandas' 2>/dev/null; then
  echo "bench: pandas is missing: apt-get install python3-pandas" >&2
  exit 1
fi
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

# benchconfig DEMO_DIR [GLOBS]: a config over the demo's published files
# only (those matching one of the space-separated GLOBS).
benchconfig() {
  local d=$1 g f globs
  read -ra globs <<< "${2:-*}" # split, not expanded here
  {
    echo "warehouse: bench.duckdb"
    echo "lake: benchlake"
    echo "inputs:"
    for g in "${globs[@]}"; do
      for f in "$d"/inputs/$g; do [ -f "$f" ] && echo "  - inputs/$(basename "$f")"; done
    done
    sed -n '/^indicators:/,$p' "$d/yardstick.yaml"
  } > "$d/bench.yaml"
}

# compare NAME DEMO_DIR [GLOBS]
compare() {
  local name=$1 d=$2
  benchconfig "$d" "${3:-*}"
  "$ys" run --config "$d/bench.yaml" >/dev/null 2>&1 # warm the file cache
  local obs
  obs=$("$ys" query --config "$d/bench.yaml" --format csv "SELECT count(*) FROM stage.observation" | tail -1)
  "$dir/benchbare" -plan "$d/bench.yaml" > "$d/plan.json"
  before=":"
  read -r bare_s bare_kb < <(best "$dir/benchbare" "$d/bench.yaml")
  read -r pd_s pd_kb < <(best "$python" testdata/benchpandas.py "$d/plan.json" "$d/pandas.csv")
  before="rm -rf '$d/benchlake' '$d/bench.duckdb'"
  read -r ys_s ys_kb < <(best "$ys" run --config "$d/bench.yaml")
  printf "== %s: %s observations\n" "$name" "$obs"
  printf "  DuckDB alone (bare work)      %6.2f s  peak RSS %5d MB\n" "$bare_s" $((bare_kb / 1024))
  printf "  pandas script (bare work)     %6.2f s  peak RSS %5d MB\n" "$pd_s" $((pd_kb / 1024))
  printf "  yardstick whole run           %6.2f s  peak RSS %5d MB\n" "$ys_s" $((ys_kb / 1024))
  awk "BEGIN{printf \"  ratio to DuckDB alone         %6.1fx\n  ratio to pandas               %6.1fx\n\", $ys_s / $bare_s, $ys_s / $pd_s}"
}

if [ "${SCALE:-1}" = only ]; then
  "$ys" demo --dir "$dir/wide" --years 1 >/dev/null 2>&1 # for its key
else
"$ys" demo --dir "$dir/wide" --years "$years" >/dev/null 2>&1
"$ys" demo --dir "$dir/long" --years 9 --long 410 >/dev/null 2>&1
compare "wide ($years years)" "$dir/wide"
compare "long (9 years, 410 measures on measure_code)" "$dir/long"
compare "lait (the long-layout file alone, 410 indicators on measure_code)" "$dir/long" "measures_long_*.csv statistical_neighbours_*.xlsx"

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
fi

[ "${SCALE:-1}" = 0 ] && exit 0
echo "== scale curve: the published files in ../shared/data with N collection years of national returns, from an empty lake"
shared=$(cd .. && pwd)/shared/data
if [ ! -d "$shared/published" ]; then
  echo "  ../shared/data is missing: no scale curve" >&2
  exit 1
fi
if [ -n "${SCALE_RETURNS:-}" ]; then # the years of every point
  ln -s "$(cd "$SCALE_RETURNS" && pwd)" "$dir/years8"
else
  go run ./testdata/benchreturns "$dir/years8" years=8 >/dev/null
fi
prev_s=""
for n in ${SCALE_YEARS:-1 2 4 8}; do
  s="$dir/scale$n"
  mkdir -p "$s/inputs/cin"
  # the last n years' files, linked (2024-25 back to 2018-19)
  for y in $(seq $((2026 - n)) 2025); do
    span="$((y - 1))-${y#??}"
    ln "$dir"/years8/inputs/SSDA903_"${span}"_*_all_LAs.csv "$s/inputs/"
    ln "$dir"/years8/inputs/cin/*_CIN_Census_"$y".xml "$s/inputs/cin/"
  done
  cp "$dir/wide/yardstick.key" "$s/"
  printf 'inputs: [inputs, %s/published, %s/reference]\npseudonymisation: {key_file: yardstick.key}\n' "$shared" "$shared" > "$s/yardstick.yaml"
  rm -rf "$s/lake" "$s/yardstick.duckdb"
  if ! /usr/bin/time -f "%e %M" -o "$dir/time" "$ys" run --config "$s/yardstick.yaml" >"$dir/run.log" 2>&1; then
    echo "  $n year(s): the run failed:" >&2
    grep -v 'level=INFO' "$dir/run.log" | grep -m 5 -i 'error' | cut -c1-400 >&2
    tail -1 "$dir/time" >&2
    exit 1
  fi
  read -r t kb < <(tail -1 "$dir/time")
  growth=""
  [ -n "$prev_s" ] && growth=$(awk "BEGIN{printf \"  %.2fx the time of half as many years\", $t / $prev_s}")
  printf "  %d year(s), %4d LA-years, %s of returns: %7.1f s  peak RSS %5d MB%s\n" "$n" $((153 * n)) \
    "$(du -shL "$s/inputs" | cut -f1)" "$t" $((kb / 1024)) "$growth"
  prev_s=$t
  rm -rf "$s/lake" # keep the disk
done
