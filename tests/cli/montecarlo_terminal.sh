#!/bin/sh
# A Monte Carlo study on a terminal draws a progress bar with the runs done and an ETA on stderr; in a
# pipe it draws nothing. Without --jobs it runs as many drills at a time as the cores it may use
# (sched_getaffinity, as nproc counts them; taskset narrows them).
# Usage: montecarlo_terminal.sh DRILLSIM SCENARIO WORKDIR
set -u
exe=$1
scenario=$2
dir=$3/montecarlo_terminal
rm -rf "$dir"
mkdir -p "$dir"

# On a pseudo-terminal (script(1) runs the command on one and copies what it draws).
script -qfec "'$exe' run '$scenario' --runs 6 --jobs 2 --out '$dir/tty.json'" "$dir/typescript" >/dev/null
code=$?
if [ "$code" -ne 0 ]; then
  echo "on a terminal: exit $code"; cat "$dir/typescript"; exit 1
fi
for expected in "6/6 runs" "elapsed" "ETA" "[##############################]"; do
  if ! grep -qF "$expected" "$dir/typescript"; then
    echo "on a terminal, no \"$expected\" was drawn:"; cat "$dir/typescript"; exit 1
  fi
done

# In a pipe: the summary on stdout, nothing drawn on stderr.
"$exe" run "$scenario" --runs 6 --jobs 2 --out "$dir/pipe.json" 2>"$dir/stderr" | cat >"$dir/stdout"
if grep -q "ETA" "$dir/stderr" "$dir/stdout"; then
  echo "a progress bar was drawn in a pipe:"; cat "$dir/stderr"; exit 1
fi
if ! grep -q "Aggregate report written to" "$dir/stdout"; then
  echo "no summary in a pipe:"; cat "$dir/stdout"; exit 1
fi

# The default number of drills at a time: the cores this process may use.
jobs_of() { sed -n 's/^stats:.* jobs=\([0-9]*\) .*/\1/p' "$1"; }
"$exe" run "$scenario" --runs 3 --quiet --stats --out "$dir/cores.json" >"$dir/cores.stats"
if [ "$(jobs_of "$dir/cores.stats")" != "$(nproc)" ]; then
  echo "without --jobs: $(cat "$dir/cores.stats"), expected jobs=$(nproc)"; exit 1
fi
taskset -c 0 "$exe" run "$scenario" --runs 3 --quiet --stats --out "$dir/one.json" >"$dir/one.stats"
if [ "$(jobs_of "$dir/one.stats")" != 1 ]; then
  echo "on one core (taskset -c 0): $(cat "$dir/one.stats"), expected jobs=1"; exit 1
fi
exit 0
