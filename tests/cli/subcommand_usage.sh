#!/usr/bin/env bash
# drillsim capacity and assess: --help and the command-line errors, each invocation's stdout, stderr and
# exit status in one transcript, compared with tests/cli/subcommand_usage.golden.txt (written before the two
# commands shared their option parsing: the text must not change).
#   subcommand_usage.sh DRILLSIM GOLDEN [--write]
set -uo pipefail
exe=$1
golden=$2
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
run() {
  local out err code
  out=$("$exe" "$@" 2>"$errors")
  code=$?
  err=$(cat "$errors")
  printf '$ drillsim'
  printf ' [%s]' "$@"
  printf '\n--- stdout\n%s\n--- stderr\n%s\n--- exit %d\n\n' "$out" "$err" "$code"
}
transcript() {
  run capacity --help
  run capacity -h
  run capacity
  run capacity a.json b.json
  run capacity --runs x a.json
  run capacity --runs 0 a.json
  run capacity --runs 1234567 a.json
  run capacity --runs "" a.json
  run capacity --seed 12345678901234567890 a.json
  run capacity --seed -1 a.json
  run capacity --jobs 0 a.json
  run capacity --jobs x a.json
  run capacity --max-replicas 0 a.json
  run capacity -o "" a.json
  run capacity --bogus a.json
  run capacity a.json --runs
  run assess --help
  run assess
  run assess p.json
  run assess --runs x p.json s.json
  run assess --runs 0 p.json s.json
  run assess --runs 1234567890 p.json s.json
  run assess --seed 1x p.json s.json
  run assess --jobs 0 p.json s.json
  run assess --met-at 2 p.json s.json
  run assess --met-at 0 p.json s.json
  run assess -o "" p.json s.json
  run assess --bogus p.json s.json
}
text=$(transcript)
if [ "${3:-}" = "--write" ]; then
  printf '%s\n' "$text" >"$golden"
  exit 0
fi
if ! diff -u "$golden" <(printf '%s\n' "$text"); then
  echo "subcommand_usage: the transcript differs from $golden" >&2
  exit 1
fi
