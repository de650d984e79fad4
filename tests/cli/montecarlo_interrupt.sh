#!/bin/sh
# Ctrl-C stops a Monte Carlo study cleanly: exit 130, a message on stderr, no aggregate written, and no
# run process left behind. Usage: montecarlo_interrupt.sh DRILLSIM SCENARIO WORKDIR
set -u
exe=$1
scenario=$2
dir=$3/montecarlo_interrupt
rm -rf "$dir"
mkdir -p "$dir"
out=$dir/aggregate.json
"$exe" run "$scenario" --runs 1000 --jobs 2 --quiet --out "$out" 2>"$dir/stderr" &
pid=$!
sleep 3
# The children of the study (one per run in flight) before the interrupt.
children=$(ps -o pid= --ppid "$pid" | tr -d ' ')
kill -INT "$pid"
wait "$pid"
code=$?
if [ "$code" -ne 130 ]; then
  echo "exit $code after SIGINT, expected 130"; cat "$dir/stderr"; exit 1
fi
if [ -e "$out" ]; then
  echo "an aggregate was written after SIGINT"; exit 1
fi
if ! grep -q "interrupted after" "$dir/stderr"; then
  echo "no 'interrupted after' on stderr:"; cat "$dir/stderr"; exit 1
fi
for child in $children; do
  if kill -0 "$child" 2>/dev/null && [ "$(ps -o comm= -p "$child")" = "drillsim" ]; then
    echo "run process $child survived the interrupt"; exit 1
  fi
done
exit 0
