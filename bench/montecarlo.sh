#!/usr/bin/env bash
# Monte Carlo benchmark (docs/monte-carlo.md): prints
#   - the wall time and the CPU time (user + system of the whole process tree: the coordinator and every
#     drill's process, GNU time) of RUNS runs of scenarios/default.json with --jobs 1 and --jobs 2, the
#     speedup, and CPU / J: the wall time the study would take on an idle machine with J cores, an estimate
#     that does not depend on the load of a shared machine (the drills are independent processes);
#   - at N = 100, 1,000 and 10,000 runs of RSS_SCENARIO: the coordinator's peak RSS (its own, RUSAGE_SELF,
#     from --stats), the peak RSS of `drillsim merge` joining the same study's three shards (byte-identical
#     to the study: checked), and that of `drillsim assess` (GNU time: the largest process of its tree);
#   - the wall and CPU time of REFERENCE_RUNS runs of bench/reference.json (7.2 M requests each) with
#     --jobs 2, and the estimate for 1,000 runs on an idle two-core machine, against the 5-minute goal.
#   bench/montecarlo.sh [RUNS] [RSS_SCENARIO]
# RUNS (default 1000) is the study size for the timing. RSS_SCENARIO (default scenarios/default.json)
# is the scenario of the RSS figures; a cheap one (tests/data/montecarlo/exponential-ack.json) gives the
# same coordinator figures in a fraction of the time, since the coordinator only keeps per-run summaries.
# RSS_SIZES (default "100 1000 10000") lists the N of the RSS figures. REFERENCE_RUNS (default 1000; 0
# skips it) is the size of the last figure. DRILLSIM=path/to/drillsim skips the Release build. Needs GNU
# time (/usr/bin/time). Measured figures go in the issue notes, never in tests: these machines are shared
# and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000}
rss_scenario=${2:-scenarios/default.json}
if [ -z "${DRILLSIM:-}" ]; then
  [ -f build/release/build.ninja ] || cmake --preset release >/dev/null
  cmake --build --preset release --target drillsim -j "$(nproc)" >/dev/null
  DRILLSIM=build/release/sim/cli/drillsim
fi
[ -x /usr/bin/time ] || { echo "bench/montecarlo.sh needs GNU time (/usr/bin/time)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
stat_field() { sed -E "s/.*$1=([0-9.]+).*/\\1/" <<<"$2"; }
# timed FILE COMMAND...: runs COMMAND under GNU time (wall s, user s, system s, max RSS KiB in FILE);
# a non-zero exit (1: an objective missed) is not a failure of the bench.
timed() {
  local file=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$file" "$@" || true
  tail -n 1 "$file" >"$file.last"
  mv "$file.last" "$file"
}
cpu_of() { awk '{printf "%.1f", $2 + $3}' "$1"; }
wall_of() { awk '{printf "%.1f", $1}' "$1"; }
rss_of() { awk '{printf "%.1f", $4 / 1024}' "$1"; }

declare -A wall
for jobs in 1 2; do
  timed "$out/time-jobs$jobs" "$DRILLSIM" run scenarios/default.json --runs "$runs" --jobs "$jobs" --quiet \
    --out "$out/jobs$jobs.json"
  wall[$jobs]=$(wall_of "$out/time-jobs$jobs")
  cpu=$(cpu_of "$out/time-jobs$jobs")
  echo "default.json, $runs runs, --jobs $jobs: ${wall[$jobs]} s wall, $cpu s CPU (user+sys, whole tree);" \
       "idle-machine estimate CPU/$jobs: $(awk "BEGIN{printf \"%.1f\", $cpu / $jobs}") s"
done
cmp -s "$out/jobs1.json" "$out/jobs2.json" && echo "aggregates byte-identical: yes" || echo "aggregates byte-identical: NO"
echo "speedup --jobs 1 -> 2 (wall): $(awk "BEGIN{printf \"%.2f\", ${wall[1]} / ${wall[2]}}")x"

cat >"$out/policy.json" <<'POLICY'
{"policyName": "bench", "policy": {"Software": {"rtoInSecs": 900, "rpoInSecs": 300},
 "Hardware": {"rtoInSecs": 900, "rpoInSecs": 300}, "AZ": {"rtoInSecs": 900, "rpoInSecs": 300},
 "Region": {"rtoInSecs": 900, "rpoInSecs": 300}}}
POLICY
for n in ${RSS_SIZES:-100 1000 10000}; do
  line=$("$DRILLSIM" run "$rss_scenario" --runs "$n" --seed 5 --quiet --stats --out "$out/rss$n.json" | grep '^stats:')
  for i in 0 1 2; do
    "$DRILLSIM" run "$rss_scenario" --runs "$n" --seed 5 --shard "$i/3" --quiet --out "$out/shard$n-$i.json" || true
  done
  timed "$out/merge$n" "$DRILLSIM" merge "$out/shard$n-2.json" "$out/shard$n-0.json" "$out/shard$n-1.json" \
    --quiet -o "$out/merged$n.json"
  cmp -s "$out/rss$n.json" "$out/merged$n.json" && same=yes || same=NO
  timed "$out/assess$n" "$DRILLSIM" assess "$out/policy.json" "$rss_scenario" --runs "$n" --seed 5 --quiet \
    -o "$out/assess$n.json"
  echo "$rss_scenario, N=$n: run coordinator peak RSS $(stat_field coordinator_peak_rss_mib "$line") MiB" \
       "(aggregate $(du -k "$out/rss$n.json" | cut -f1) KiB); merge of 3 shards $(rss_of "$out/merge$n") MiB" \
       "(byte-identical to the study: $same); assess $(rss_of "$out/assess$n") MiB (largest process of its tree)"
done

reference_runs=${REFERENCE_RUNS:-1000}
if [ "$reference_runs" -gt 0 ]; then
  timed "$out/time-reference" "$DRILLSIM" run bench/reference.json --runs "$reference_runs" --jobs 2 --quiet \
    --out "$out/reference.json"
  cpu=$(cpu_of "$out/time-reference")
  echo "bench/reference.json, $reference_runs runs, --jobs 2: $(wall_of "$out/time-reference") s wall, $cpu s CPU" \
       "($(awk "BEGIN{printf \"%.2f\", $cpu / $reference_runs}") s per run); idle two-core estimate for 1,000 runs" \
       "(CPU/2 scaled): $(awk "BEGIN{printf \"%.1f\", $cpu / $reference_runs * 1000 / 2 / 60}") min (goal: 5 min)"
fi
