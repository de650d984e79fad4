#!/usr/bin/env bash
# Monte Carlo benchmark (docs/monte-carlo.md): prints
#   - the wall time of 1,000 runs of scenarios/default.json with --jobs 1 and --jobs 2, and the speedup;
#   - the coordinator's peak RSS (its own, RUSAGE_SELF, from --stats) at N = 100, 1,000 and 10,000, and the
#     peak RSS GNU time reports for the whole process tree (the largest drill's process).
#   bench/montecarlo.sh [RUNS] [RSS_SCENARIO]
# RUNS (default 1000) is the study size for the timing. RSS_SCENARIO (default scenarios/default.json)
# is the scenario of the RSS figures; a cheap one (tests/data/montecarlo/exponential-ack.json) gives the
# same coordinator figures in a fraction of the time, since the coordinator only keeps per-run summaries.
# REFERENCE_RUNS (default 1000; 0 skips it) is the size of the last figure, the issue's 5-minute goal: the
# wall time of REFERENCE_RUNS runs of bench/reference.json (7.2 M requests each) with --jobs 2.
# DRILLSIM=path/to/drillsim skips the Release build. Measured figures go in the issue notes, never in
# tests: these machines are shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000}
rss_scenario=${2:-scenarios/default.json}
if [ -z "${DRILLSIM:-}" ]; then
  [ -f build/release/build.ninja ] || cmake --preset release >/dev/null
  cmake --build --preset release --target drillsim -j "$(nproc)" >/dev/null
  DRILLSIM=build/release/sim/cli/drillsim
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
stat_field() { sed -E "s/.*$1=([0-9.]+).*/\\1/" <<<"$2"; }

declare -A wall
for jobs in 1 2; do
  line=$("$DRILLSIM" run scenarios/default.json --runs "$runs" --jobs "$jobs" --quiet --stats \
         --out "$out/jobs$jobs.json" | grep '^stats:')
  wall[$jobs]=$(stat_field wall_s "$line")
  echo "default.json, $runs runs, --jobs $jobs: ${wall[$jobs]} s wall ($(awk "BEGIN{printf \"%.1f\", ${wall[$jobs]} * 1000 / $runs}") s per 1,000)"
done
cmp -s "$out/jobs1.json" "$out/jobs2.json" && echo "aggregates byte-identical: yes" || echo "aggregates byte-identical: NO"
echo "speedup --jobs 1 -> 2: $(awk "BEGIN{printf \"%.2f\", ${wall[1]} / ${wall[2]}}")x"

for n in 100 1000 10000; do
  if [ -x /usr/bin/time ]; then
    line=$(/usr/bin/time -v -o "$out/time$n.txt" "$DRILLSIM" run "$rss_scenario" --runs "$n" --quiet --stats \
           --out "$out/rss$n.json" | grep '^stats:')
    tree=$(grep 'Maximum resident set size' "$out/time$n.txt" | awk '{print $NF}')
    tree=" (GNU time, largest process of the tree: $(awk "BEGIN{printf \"%.1f\", $tree / 1024}") MiB)"
  else
    line=$("$DRILLSIM" run "$rss_scenario" --runs "$n" --quiet --stats --out "$out/rss$n.json" | grep '^stats:')
    tree=""
  fi
  echo "$rss_scenario, N=$n: coordinator peak RSS $(stat_field coordinator_peak_rss_mib "$line") MiB," \
       "wall $(stat_field wall_s "$line") s, aggregate $(du -k "$out/rss$n.json" | cut -f1) KiB$tree"
done

reference_runs=${REFERENCE_RUNS:-1000}
if [ "$reference_runs" -gt 0 ]; then
  line=$("$DRILLSIM" run bench/reference.json --runs "$reference_runs" --jobs 2 --quiet --stats \
         --out "$out/reference.json" | grep '^stats:')
  wall_ref=$(stat_field wall_s "$line")
  echo "bench/reference.json, $reference_runs runs, --jobs 2: $wall_ref s wall" \
       "($(awk "BEGIN{printf \"%.1f\", $wall_ref / 60}") min; goal: 5 min for 1,000)," \
       "coordinator peak RSS $(stat_field coordinator_peak_rss_mib "$line") MiB"
fi
