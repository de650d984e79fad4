#!/usr/bin/env bash
# The performance goal's benchmark: drillsim against a hand-written event loop (bench/event_loop.cpp)
# on the same requests, the reference (bench/reference.json: 10 services x 6 replicas, 2,000
# requests/s, one simulated hour, 7.2 M requests). Goal: drillsim in at most 0.5x the loop's time.
#  1. builds the loop with CMake's Release flags, -O3 -DNDEBUG, which drillsim's Release build has
#     (LOOP_CXXFLAGS overrides them), and Release drillsim (as bench/run.sh);
#  2. checks that both model the same load: each service's whole-run mean and p95 (both versions
#     together) from the loop's output against drillsim's report, failing beyond 5 % (the two draw
#     from different random streams, so they agree in distribution only);
#  3. runs both RUNS times, alternating, under GNU time, and prints the wall and CPU (user + sys)
#     seconds of each, best and median, and the ratio drillsim / loop;
#  4. with CALLGRIND=1, counts the instructions of both under valgrind --tool=callgrind on the
#     reference cut to CUT_S simulated seconds (default 300: 0.6 M requests) and to 1 s (the fixed
#     cost: start-up, SimGrid's platform, the report), which load does not move.
#   bench/event_loop.sh [RUNS]   (default 5)
# e.g. CALLGRIND=1 CUT_S=3600 counts the whole hour; LOOP_CXXFLAGS="-O3 -DNDEBUG -DEVENT_LOOP_SPLITMIX64"
# times a loop that draws from SplitMix64 rather than std::mt19937_64.
# Set DRILLSIM to an existing binary to skip the Release build. Drillsim's time includes loading the
# scenario and writing its report (14 MB for the reference); the loop reads the scenario and prints a
# summary only.
# Measured figures go in docs/architecture.md or the issue notes, never in tests: these machines are
# shared and noisy. On a loaded machine prefer the CPU times and the instruction counts to the wall times.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cut_s=${CUT_S:-300}
scenario=bench/reference.json
[ -x /usr/bin/time ] || { echo "event_loop.sh needs GNU time (/usr/bin/time)" >&2; exit 2; }
if [ -z "${DRILLSIM:-}" ]; then
  [ -f build/release/build.ninja ] || cmake --preset release >/dev/null
  cmake --build --preset release --target drillsim -j "$(nproc)" >/dev/null
  DRILLSIM=build/release/sim/cli/drillsim
fi
loop=build/event_loop/event_loop
flags="${CXX:-g++} ${LOOP_CXXFLAGS:--O3 -DNDEBUG} -std=c++20 -Wall -Wextra -Wpedantic -Werror"
if [ ! -x "$loop" ] || [ bench/event_loop.cpp -nt "$loop" ] || [ "$(cat "$loop.flags" 2>/dev/null)" != "$flags" ]; then
  mkdir -p "$(dirname "$loop")"
  $flags bench/event_loop.cpp -o "$loop"
  echo "$flags" >"$loop.flags"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

# 2. Same load?
"$loop" "$scenario" >"$out/loop.txt"
"$DRILLSIM" run "$scenario" --quiet --out "$out/drill.json"
python3 - "$out/loop.txt" "$out/drill.json" <<'PY'
import json, sys
loop = {}
arrivals = 0
for line in open(sys.argv[1]):
    f = line.split()
    if line.startswith("event_loop:"):
        arrivals = int(f[-2])
    if len(f) == 9 and f[1] in ("stable", "new", "all") and f[2].isdigit():
        loop[(f[0], f[1])] = (int(f[2]), float(f[4]) / 1e3, float(f[6]) / 1e3)
report = json.load(open(sys.argv[2]))
worst = 0.0
print("model check (whole run, both versions): service  requests loop/drillsim  mean ms  p95 ms")
for s in report["series"]:
    if s["version"] != "all":
        continue
    n, mean, p95 = loop[(s["service"], "all")]
    d_mean = mean / s["latency"]["mean_s"] - 1
    d_p95 = p95 / s["latency"]["p95_s"] - 1
    worst = max(worst, abs(d_mean), abs(d_p95))
    print(f"  {s['service']:<8} {n:>8} / {sum(s['requests']):>8}  {1e3 * mean:6.3f} / {1e3 * s['latency']['mean_s']:6.3f}"
          f" ({100 * d_mean:+.1f} %)  {1e3 * p95:6.3f} / {1e3 * s['latency']['p95_s']:6.3f} ({100 * d_p95:+.1f} %)")
print(f"  largest difference {100 * worst:.1f} %; requests arrived: loop {arrivals}, drillsim {report['requests_simulated']}")
if worst > 0.05:
    sys.exit("model check failed: the loop and drillsim differ by more than 5 %")
PY

# 3. Times, alternating.
for i in $(seq "$runs"); do
  /usr/bin/time -f "loop %e %U %S %M" -a -o "$out/times" "$loop" "$scenario" >/dev/null
  /usr/bin/time -f "drillsim %e %U %S %M" -a -o "$out/times" "$DRILLSIM" run "$scenario" --quiet \
    --out "$out/drill.json"
  echo "run $i: $(tail -2 "$out/times" | awk '{printf "%s wall %s s cpu %.2f s  ", $1, $2, $3 + $4}')"
done
python3 - "$out/times" <<'PY'
import statistics, sys
t = {"loop": [], "drillsim": []}
for line in open(sys.argv[1]):
    name, wall, user, system, rss = line.split()
    t[name].append((float(wall), float(user) + float(system), int(rss) / 1024))
summary = {}
for name, rows in t.items():
    wall = [r[0] for r in rows]
    cpu = [r[1] for r in rows]
    summary[name] = (min(wall), statistics.median(wall), min(cpu), statistics.median(cpu))
    print(f"{name:<8}: wall best {min(wall):.2f} s median {statistics.median(wall):.2f} s; "
          f"cpu best {min(cpu):.2f} s median {statistics.median(cpu):.2f} s; peak RSS {max(r[2] for r in rows):.0f} MiB")
d, l = summary["drillsim"], summary["loop"]
print(f"ratio drillsim / loop: wall best {d[0] / l[0]:.2f} median {d[1] / l[1]:.2f}; "
      f"cpu best {d[2] / l[2]:.2f} median {d[3] / l[3]:.2f} (goal <= 0.5)")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# 4. Instruction counts.
if [ "${CALLGRIND:-0}" = 1 ]; then
  command -v valgrind >/dev/null || { echo "CALLGRIND=1 needs valgrind" >&2; exit 2; }
  count() {  # NAME DURATION_S: instructions of one run.
    python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); s["duration_s"] = float(sys.argv[3]); json.dump(s, open(sys.argv[2], "w"))' \
      "$scenario" "$out/cut.json" "$2"
    if [ "$1" = loop ]; then set -- "$loop" "$out/cut.json"; else set -- "$DRILLSIM" run "$out/cut.json" --quiet --out "$out/cut-report.json"; fi
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -nE 's/.*Collected : ([0-9]+).*/\1/p'
  }
  loop_cut=$(count loop "$cut_s")
  drill_cut=$(count drillsim "$cut_s")
  loop_1=$(count loop 1)
  drill_1=$(count drillsim 1)
  python3 - "$cut_s" "$loop_cut" "$drill_cut" "$loop_1" "$drill_1" <<'PY'
import sys
cut, loop_cut, drill_cut, loop_1, drill_1 = float(sys.argv[1]), *map(int, sys.argv[2:])
print(f"instructions, {cut:.0f} s cut: loop {loop_cut / 1e6:.1f} M, drillsim {drill_cut / 1e6:.1f} M, ratio {drill_cut / loop_cut:.2f}")
print(f"instructions, 1 s cut (fixed cost): loop {loop_1 / 1e6:.1f} M, drillsim {drill_1 / 1e6:.1f} M")
print(f"per simulated second beyond the first: loop {(loop_cut - loop_1) / (cut - 1) / 1e6:.3f} M, "
      f"drillsim {(drill_cut - drill_1) / (cut - 1) / 1e6:.3f} M, ratio {(drill_cut - drill_1) / (loop_cut - loop_1):.2f}")
PY
fi
