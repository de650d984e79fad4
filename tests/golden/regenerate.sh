#!/usr/bin/env bash
# Rewrites every golden report digest from the current build. Run it after a change that is meant to
# move numbers, then read `git diff tests/golden/`: each changed line is a number of some bundled drill
# that moved, and the commit should say why.
#   tests/golden/regenerate.sh [BUILD_DIR]      (default: build/default)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/default}
drillsim=$build/sim/cli/drillsim
digest=$build/tests/report/report_digest
[ -x "$drillsim" ] && [ -x "$digest" ] || { echo "build first: cmake --build $build" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count=0
while IFS= read -r scenario; do
  rel=${scenario#scenarios/}
  name=${rel//\//.}
  set +e
  "$drillsim" run "$scenario" --quiet --out "$work/report.json"
  code=$?
  set -e
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    echo "$scenario: drillsim exited $code" >&2
    exit 1
  fi
  "$digest" "$work/report.json" > "tests/golden/$name"
  count=$((count + 1))
done < <(find scenarios -name '*.json' ! -name plan.json | sort)
# Long drills (tests/data/long/NAME.json -> long.NAME.json): the report in schema version 2.
for scenario in tests/data/long/*.json; do
  set +e
  "$drillsim" run "$scenario" --quiet --out "$work/report.json"
  code=$?
  set -e
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    echo "$scenario: drillsim exited $code" >&2
    exit 1
  fi
  "$digest" "$work/report.json" > "tests/golden/long.$(basename "$scenario")"
  count=$((count + 1))
done
# The Markdown summaries of two of them (tests/report/formats/markdown_golden.cmake), run from here so
# that they name their scenario by its relative path.
for scenario in scenarios/default.json scenarios/seeds/five-levels/scenario.json; do
  rel=${scenario#scenarios/}
  name=${rel//\//.}
  set +e
  "$drillsim" run "$scenario" --quiet --out "$work/report.json"
  set -e
  "$drillsim" export "$work/report.json" --markdown "tests/golden/${name%.json}.summary.md" --quiet
done
echo "regenerated $count golden digests and 2 Markdown summaries in tests/golden/"
