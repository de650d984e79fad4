#!/usr/bin/env bash
# Runs one scenario under seeds 1..N and fails if any drill breaks an invariant: drillsim run checks
# them on every drill (report/invariants.hpp) and exits 70 when one is violated. Exit codes 0 and 1
# (objectives met or missed) are results; anything else is a failure of this test.
#   invariants.sh DRILLSIM SCENARIO SEEDS WORKDIR
set -u
drillsim=$1 scenario=$2 seeds=$3 work=$4
mkdir -p "$work"
out="$work/$(basename "$(dirname "$scenario")")-$(basename "$scenario" .json).json"
failed=0
for seed in $(seq 1 "$seeds"); do
  "$drillsim" run "$scenario" --seed "$seed" --quiet --out "$out" 2>"$out.err"
  code=$?
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    echo "seed $seed: exit $code"
    cat "$out.err"
    failed=$((failed + 1))
  fi
done
rm -f "$out" "$out.err"
echo "$scenario: $seeds seeds, $failed failed"
[ "$failed" -eq 0 ]
