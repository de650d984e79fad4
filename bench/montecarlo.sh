#!/usr/bin/env bash
# Monte Carlo benchmark (docs/monte-carlo.md). First the machine (cores, load average) and the binary,
# then one line per timed study, each with N (runs), J (--jobs), the wall time, the CPU time (user +
# system of the whole process tree: the coordinator and every drill's process, GNU time), runs per
# wall second, CPU seconds per run, the coordinator's own peak RSS (RUSAGE_SELF, from --stats) and CPU / J,
# the wall time the study would take on an idle machine with J cores: an estimate that does not depend
# on the load of a shared machine (the drills are independent processes); then, per scenario, the
# speedup from --jobs 1 to --jobs 2 in wall time and whether both aggregates are byte-identical:
#   - RUNS runs of scenarios/default.json with --jobs 1 and --jobs 2;
#   - REFERENCE_RUNS runs of bench/reference.json (7.2 M requests each) with each --jobs of
#     REFERENCE_JOBS, and the estimate for 1,000 runs on an idle two-core machine (CPU / 2, scaled to
#     1,000 runs from REFERENCE_RUNS when it is not 1,000) against the 5-minute goal;
#   - at each N of RSS_SIZES runs of RSS_SCENARIO: the coordinator's peak RSS, the peak RSS of
#     `drillsim merge` joining the same study's three shards (byte-identical to the study: checked), and
#     that of `drillsim assess` (GNU time: the largest process of its tree), and whether the coordinator's
#     peak stayed flat (within 10 % of the smallest N's).
#   bench/montecarlo.sh [RUNS] [RSS_SCENARIO]
# RUNS (default 1000; 0 skips it) is the study size of the default drill. RSS_SCENARIO (default
# scenarios/default.json) is the scenario of the RSS figures; a cheap one
# (tests/data/montecarlo/exponential-ack.json) gives the same coordinator figures in a fraction of the
# time, since the coordinator only keeps per-run summaries. RSS_SIZES (default "100 1000 10000"; empty
# skips them) lists the N of the RSS figures. BENCH_OUT=DIR keeps each study's aggregate and console
# summary there (NAME.json, NAME.out). MERGE=0 skips the three shards and their merge (a third of the
# RSS figures' runs). REFERENCE_RUNS (default 1000; 0 skips it) and
# REFERENCE_JOBS (default "2"; "1 2" adds the speedup) size the reference figures.
# DRILLSIM=path/to/drillsim skips the Release build. Needs GNU time (/usr/bin/time). Measured figures go
# in the issue notes, never in tests: these machines are shared and noisy.
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
if [ -n "${BENCH_OUT:-}" ]; then
  out=$BENCH_OUT  # Kept: each study's aggregate and console summary (NAME.json, NAME.out).
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
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
calc() { awk "BEGIN{printf \"$1\", $2}"; }

echo "machine: $(nproc) cores for this process, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
     "$("$DRILLSIM" --version | head -n 1) ($DRILLSIM)"

# study NAME SCENARIO N JOBS: one timed study, its figures on one line; the aggregate is $out/NAME.json
# and its wall time $out/NAME.wall.
study() {
  local name=$1 scenario=$2 n=$3 jobs=$4 line wall cpu
  timed "$out/time-$name" "$DRILLSIM" run "$scenario" --runs "$n" --jobs "$jobs" --stats --out "$out/$name.json" \
    >"$out/$name.out" 2>&1
  line=$(grep '^stats:' "$out/$name.out" || true)
  wall=$(wall_of "$out/time-$name")
  cpu=$(cpu_of "$out/time-$name")
  echo "$wall" >"$out/$name.wall"
  echo "$scenario: N=$n jobs=$jobs wall ${wall} s, CPU ${cpu} s (user+sys, whole tree)," \
       "$(calc %.2f "$n / $wall") runs/s, $(calc %.3f "$cpu / $n") s CPU per run," \
       "coordinator peak RSS $(stat_field coordinator_peak_rss_mib "$line") MiB;" \
       "idle-machine estimate CPU/$jobs: $(calc %.1f "$cpu / $jobs") s"
}
# speedup A B SCENARIO: the wall-time speedup from study A (--jobs 1) to B (--jobs 2), and whether they
# wrote the same bytes.
speedup() {
  echo "$3: speedup --jobs 1 -> 2 (wall): $(calc %.2f "$(cat "$out/$1.wall") / $(cat "$out/$2.wall")")x;" \
       "aggregates byte-identical: $(cmp -s "$out/$1.json" "$out/$2.json" && echo yes || echo NO)"
}

if [ "$runs" -gt 0 ]; then
  study default-jobs1 scenarios/default.json "$runs" 1
  study default-jobs2 scenarios/default.json "$runs" 2
  speedup default-jobs1 default-jobs2 scenarios/default.json
fi

reference_runs=${REFERENCE_RUNS:-1000}
if [ "$reference_runs" -gt 0 ]; then
  for jobs in ${REFERENCE_JOBS:-2}; do
    study "reference-jobs$jobs" bench/reference.json "$reference_runs" "$jobs"
    cpu=$(cpu_of "$out/time-reference-jobs$jobs")
    echo "bench/reference.json, --jobs $jobs: idle two-core estimate for 1,000 runs (CPU/2" \
         "$([ "$reference_runs" -eq 1000 ] || echo "scaled from $reference_runs runs")):" \
         "$(calc %.1f "$cpu / $reference_runs * 1000 / 2 / 60") min (goal: 5 min)"
  done
  if [ -f "$out/reference-jobs1.json" ] && [ -f "$out/reference-jobs2.json" ]; then
    speedup reference-jobs1 reference-jobs2 bench/reference.json
  fi
fi

cat >"$out/policy.json" <<'POLICY'
{"policyName": "bench", "policy": {"Software": {"rtoInSecs": 900, "rpoInSecs": 300},
 "Hardware": {"rtoInSecs": 900, "rpoInSecs": 300}, "AZ": {"rtoInSecs": 900, "rpoInSecs": 300},
 "Region": {"rtoInSecs": 900, "rpoInSecs": 300}}}
POLICY
smallest=""
largest=""
for n in ${RSS_SIZES-100 1000 10000}; do
  line=$("$DRILLSIM" run "$rss_scenario" --runs "$n" --seed 5 --quiet --stats --out "$out/rss$n.json" | grep '^stats:')
  merge="merge of 3 shards skipped (MERGE=0)"
  if [ "${MERGE:-1}" != 0 ]; then
    for i in 0 1 2; do
      "$DRILLSIM" run "$rss_scenario" --runs "$n" --seed 5 --shard "$i/3" --quiet --out "$out/shard$n-$i.json" || true
    done
    timed "$out/merge$n" "$DRILLSIM" merge "$out/shard$n-2.json" "$out/shard$n-0.json" "$out/shard$n-1.json" \
      --quiet -o "$out/merged$n.json"
    cmp -s "$out/rss$n.json" "$out/merged$n.json" && same=yes || same=NO
    merge="merge of 3 shards $(rss_of "$out/merge$n") MiB (byte-identical to the study: $same)"
    rm -f "$out"/shard$n-*.json "$out/merged$n.json"
  fi
  timed "$out/assess$n" "$DRILLSIM" assess "$out/policy.json" "$rss_scenario" --runs "$n" --seed 5 --quiet \
    -o "$out/assess$n.json"
  coordinator=$(stat_field coordinator_peak_rss_mib "$line")
  [ -n "$smallest" ] || smallest=$coordinator
  largest=$coordinator
  echo "$rss_scenario, N=$n: run coordinator peak RSS $coordinator MiB" \
       "(aggregate $(du -k "$out/rss$n.json" | cut -f1) KiB); $merge;" \
       "assess $(rss_of "$out/assess$n") MiB (largest process of its tree)"
  rm -f "$out/rss$n.json" "$out/assess$n.json"
done
if [ -n "$smallest" ]; then
  echo "coordinator peak RSS from the smallest N to the largest: $smallest -> $largest MiB" \
       "(flat within 10 %: $(awk "BEGIN{print ($largest <= 1.1 * $smallest) ? \"yes\" : \"NO\"}"))"
fi
