#!/usr/bin/env bash
# The rule files' series store keeps a window, not the drill's history: runs the crash-loop SLO drill
# (scenarios/rule-files) for 2 h and for 8 h, with the rule file's 6 h and 30 m windows shortened to
# 1 h, and prints the store's size at the end of each drill (series, samples) and the wall time.
# The two sample counts should be about equal (flat in simulated time).
#   bench/rule_files_memory.sh [DRILLSIM]   (default build/default/sim/cli/drillsim)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/default/sim/cli/drillsim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -e 's/\[6h\]/[1h]/g' -e 's/\[30m\]/[1h]/g' scenarios/rule-files/api-slo.yml >"$work/api-slo.yml"
for hours in 2 8; do
  python3 - "$hours" "$work" <<'PY'
import json, sys
hours, work = int(sys.argv[1]), sys.argv[2]
s = json.load(open("scenarios/rule-files/crash-loop-slo.json"))
s["duration_s"] = hours * 3600
json.dump(s, open("%s/drill-%dh.json" % (work, hours), "w"))
PY
  start=$(date +%s.%N)
  line=$("$bin" run "$work/drill-${hours}h.json" --verbose --max-requests 1e8 --out "$work/r.json" 2>&1 >/dev/null |
         grep 'rule files: the store holds' || true)
  end=$(date +%s.%N)
  echo "${hours} h drill: ${line#*\] } wall $(awk "BEGIN{printf \"%.2f\", $end - $start}") s"
done
