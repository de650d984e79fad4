#!/usr/bin/env bash
# Rewrites docs/images/report-html-default.png, the README's picture of the HTML report: runs the
# default drill, exports its page with `drillsim export --html` and renders it in headless Chromium
# (Debian's chromium, which ./dev.sh installs).
#   scripts/report_screenshot.sh [BUILD_DIR]      (default: build/default)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/default}
drillsim=$build/sim/cli/drillsim
[ -x "$drillsim" ] || { echo "build first: cmake --build $build --target drillsim" >&2; exit 2; }
command -v chromium >/dev/null || { echo "no chromium: apt-get install chromium" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$drillsim" run scenarios/default.json --quiet --out "$work/default.json"
"$drillsim" export "$work/default.json" --html "$work/default.html" --quiet
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --user-data-dir="$work/profile" --window-size=1100,1500 \
  --screenshot="$PWD/docs/images/report-html-default.png" "file://$work/default.html" 2>/dev/null
echo "wrote docs/images/report-html-default.png"
