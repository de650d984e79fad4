#!/usr/bin/env bash
# Benchmark: builds Release, runs the reference drill (bench/reference.json: 7.2 M requests), and
# prints wall seconds, requests simulated per wall second and peak RSS, best of N runs.
#   bench/run.sh [RUNS]   (default 3)
# Measured figures go in the issue notes, never in tests: these machines are shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
[ -f build/release/build.ninja ] || cmake --preset release >/dev/null
cmake --build --preset release --target drillsim -j "$(nproc)" >/dev/null
bin=build/release/sim/cli/drillsim
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
best=""
for i in $(seq "$runs"); do
  line=$("$bin" run bench/reference.json --quiet --stats --out "$out/reference.json" | grep '^stats:')
  echo "run $i: ${line#stats: }"
  wall=$(sed -E 's/^stats: wall_s=([0-9.]+) .*/\1/' <<<"$line")
  if [ -z "$best" ] || awk "BEGIN{exit !($wall < ${best%% *})}"; then best="$wall $line"; fi
done
echo "best: ${best#* stats: }"
echo "report size: $(du -h "$out/reference.json" | cut -f1)"
