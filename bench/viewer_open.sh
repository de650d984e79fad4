#!/usr/bin/env bash
# Viewer benchmark: builds drillsim and the viewer (Release), simulates bench/viewer-two-hours.json (the
# default drill for two simulated hours, a per-second report of ~5 MB), then opens that report headless
# with `drillsim-viewer --time-load` and prints the time from the open request to the first render
# (reading and checking the file off the UI thread, building the views, painting them), best of N.
#   bench/viewer_open.sh [RUNS]   (default 5)
# Measured figures go in the issue notes, never in tests: these machines are shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dir=build/viewer-bench
[ -f "$dir/build.ninja" ] ||
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDRILLSIM_BUILD_TESTS=OFF >/dev/null
cmake --build "$dir" --target drillsim drillsim-viewer -j "$(nproc)" >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$dir/sim/cli/drillsim" run bench/viewer-two-hours.json --quiet --out "$out/two-hours.json" || [ $? -eq 1 ]
echo "report: $(du -h "$out/two-hours.json" | cut -f1)"
export XDG_RUNTIME_DIR="$out/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"
best=""
for i in $(seq "$runs"); do
  line=$(QT_QPA_PLATFORM=offscreen "$dir/gui/drillsim-viewer" "$out/two-hours.json" --time-load)
  echo "run $i: ${line#open: }"
  ms=$(sed -E 's/^open: ([0-9]+) ms.*/\1/' <<<"$line")
  if [ -z "$best" ] || [ "$ms" -lt "${best%% *}" ]; then best="$ms $line"; fi
done
echo "best: ${best#* open: }"
