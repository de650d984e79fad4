#!/usr/bin/env bash
# Viewer benchmark: opens two reports headless with `drillsim-viewer --time-load` and prints, per run, the
# time from the open request to the first render (reading and checking the file off the UI thread,
# building the views, painting them), the process's CPU time and its peak RSS; then the best of N.
#  1. bench/viewer-two-hours.json simulated by drillsim: the default drill for two simulated hours, a
#     per-second report of ~5 MB.
#  2. A million-point report (goal: open in under 2 s and 400 MiB): tests/gui/data/canary.report.json
#     with every per-second array tiled to 1,000,000 seconds and duration_s set to match, written as
#     drillsim writes reports (one element per line), ~370 MB. Generated here, never kept.
#   bench/viewer_open.sh [RUNS]   (default 5)
# Set DRILLSIM and VIEWER to existing binaries to skip the Release build (e.g. build/default/...).
# Measured figures go in the issue notes, never in tests: these machines are shared and noisy, so the
# load average is printed too (the CPU time is the figure a busy machine does not inflate).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
if [ -z "${DRILLSIM:-}" ] || [ -z "${VIEWER:-}" ]; then
  dir=build/viewer-bench
  [ -f "$dir/build.ninja" ] ||
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDRILLSIM_BUILD_TESTS=OFF >/dev/null
  cmake --build "$dir" --target drillsim drillsim-viewer -j "$(nproc)" >/dev/null
  DRILLSIM=${DRILLSIM:-$dir/sim/cli/drillsim}
  VIEWER=${VIEWER:-$dir/gui/drillsim-viewer}
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export XDG_RUNTIME_DIR="$out/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"

"$DRILLSIM" run bench/viewer-two-hours.json --quiet --out "$out/two-hours.json" || [ $? -eq 1 ]

python3 - tests/gui/data/canary.report.json "$out/million.json" <<'PY'
import json, sys
seconds = 1_000_000
report = json.load(open(sys.argv[1]))
arrays = {}
for i, series in enumerate(report["series"]):
    for key in ("requests", "errors", "slow", "p50_s", "p95_s", "p99_s", "ready"):
        values = series[key]
        tiled = (values * (seconds // len(values) + 1))[:seconds]
        mark = f"@@{i}:{key}@@"
        arrays[mark] = "[\n      " + ",\n      ".join("null" if v is None else json.dumps(v) for v in tiled) + "\n    ]"
        series[key] = mark
report["scenario"]["duration_s"] = float(seconds)
text = json.dumps(report, indent=2)
with open(sys.argv[2], "w") as f:
    for part in text.split('"@@'):
        if "@@\"" in part:
            mark, rest = part.split('@@"', 1)
            f.write(arrays["@@" + mark + "@@"])
            f.write(rest)
        else:
            f.write(part)
PY

measure() {
  local name=$1 file=$2 best="" line ms
  echo "$name: $(du -h "$file" | cut -f1)"
  for i in $(seq "$runs"); do
    line=$(QT_QPA_PLATFORM=offscreen "$VIEWER" "$file" --time-load)
    echo "  run $i: ${line#open: }"
    ms=$(sed -E 's/^open: ([0-9]+) ms.*/\1/' <<<"$line")
    if [ -z "$best" ] || [ "$ms" -lt "${best%% *}" ]; then best="$ms $line"; fi
  done
  echo "  best: ${best#* open: }"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
measure "two hours" "$out/two-hours.json"
measure "million points" "$out/million.json"
