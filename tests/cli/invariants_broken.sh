#!/usr/bin/env bash
# The invariant test fails when a drill breaks an invariant. invariants.sh runs SCENARIO under seeds
# 1-3 twice: through drillsim itself (every drill holds the invariants: it passes), then through a
# stand-in that runs the same drill and, for seed 2, exits as drillsim does on a broken invariant (the
# report written, "invariant violated" on stderr, exit 70): invariants.sh must fail and name seed 2.
#   invariants_broken.sh DRILLSIM SCENARIO WORKDIR
set -u
drillsim=$1 scenario=$2 work=$3
mkdir -p "$work"
harness="$(dirname "$0")/invariants.sh"

if ! "$harness" "$drillsim" "$scenario" 3 "$work/held" >"$work/held.log" 2>&1; then
  echo "FAIL: the unbroken drills did not pass"; cat "$work/held.log"; exit 1
fi

stand_in="$work/drillsim-broken-on-seed-2"
cat >"$stand_in" <<STUB
#!/usr/bin/env bash
"$drillsim" "\$@" || exit \$?
for ((i = 1; i <= \$#; i++)); do
  if [ "\${!i}" = "--seed" ]; then j=\$((i + 1)); seed=\${!j}; fi
done
if [ "\${seed:-}" = "2" ]; then
  echo "drillsim: internal error: invariant violated: timeline: detect at 929.900 s is before onset at 930.000 s" >&2
  exit 70
fi
STUB
chmod +x "$stand_in"
if "$harness" "$stand_in" "$scenario" 3 "$work/broken" >"$work/broken.log" 2>&1; then
  echo "FAIL: a drill exiting 70 on a broken invariant passed the invariant test"; cat "$work/broken.log"; exit 1
fi
for want in "seed 2: exit 70" "invariant violated: timeline" ": 3 seeds, 1 failed"; do
  if ! grep -qF "$want" "$work/broken.log"; then
    echo "FAIL: the invariant test's output lacks '$want'"; cat "$work/broken.log"; exit 1
  fi
done
echo "invariants.sh passes the held invariants and fails on seed 2's broken one"
