#!/usr/bin/env bash
# Long-drill benchmark: runs scenarios/default.json for 1 hour, 1 day and 7 simulated days (its
# duration_s replaced in a copy) and prints, for each, the wall and CPU time, the peak RSS and the
# report's size. Goal (issue 14): the 7-day drill under 300 MiB RSS with a report under 100 MB.
# A 7-day drill simulates about 2e8 requests, over the default request budget of 1e7, so each run gets
# --max-requests 1e9. Drills over 6 simulated hours get per-minute series in their report
# (docs/report-format.md, "Long drills").
#   bench/long_drill.sh [DURATION_S...]   (default 3600 86400 604800)
# Set DRILLSIM to an existing binary to skip the Release build (e.g. build/default/sim/cli/drillsim).
# Set KEEP to a directory to keep the reports there (report-<duration>.json), e.g. to `cmp` the reports
# of two builds.
# Measured figures go in the issue notes, never in tests: these machines are shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DRILLSIM:-}" ]; then
  [ -f build/release/build.ninja ] || cmake --preset release >/dev/null
  cmake --build --preset release --target drillsim -j "$(nproc)" >/dev/null
  DRILLSIM=build/release/sim/cli/drillsim
fi
[ -x /usr/bin/time ] || { echo "long_drill.sh needs GNU time (/usr/bin/time)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
durations=("$@")
[ ${#durations[@]} -gt 0 ] || durations=(3600 86400 604800)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for d in "${durations[@]}"; do
  python3 - scenarios/default.json "$out/default-$d.json" "$d" <<'PY'
import json, sys
scenario = json.load(open(sys.argv[1]))
scenario["duration_s"] = float(sys.argv[3])
json.dump(scenario, open(sys.argv[2], "w"), indent=2)
PY
  rc=0
  /usr/bin/time -o "$out/time" -f "%e %U %M" "$DRILLSIM" run "$out/default-$d.json" --quiet \
    --max-requests 1e9 --out "$out/report-$d.json" || rc=$?
  # Exit 1: an objective was missed; the report is written all the same.
  [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || { echo "drillsim exited with $rc for $d s" >&2; exit "$rc"; }
  read -r wall user rss_kb <"$out/time"
  bytes=$(stat -c %s "$out/report-$d.json")
  schema=$(grep -m1 -o '"schema_version": [0-9]*' "$out/report-$d.json" | grep -o '[0-9]*$')
  [ -z "${KEEP:-}" ] || { mkdir -p "$KEEP" && cp "$out/report-$d.json" "$KEEP/"; }
  awk -v d="$d" -v w="$wall" -v u="$user" -v r="$rss_kb" -v b="$bytes" -v s="$schema" 'BEGIN {
    printf "%8.0f s simulated (%5.2f days): wall %6.1f s, CPU %6.1f s, peak RSS %6.1f MiB, report %7.1f MB (schema %s)\n",
      d, d / 86400, w, u, r / 1024, b / 1e6, s }'
done
