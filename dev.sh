#!/usr/bin/env bash
# drillsim's one entry point for people and CI. Each command installs what it needs first.
#
#   ./dev.sh drill [SCENARIO.json] [drillsim run options]
#        build, then run a drill (default: scenarios/default.json -> reports/default.json)
#   ./dev.sh test        build everything and run the whole test suite through ctest
#   ./dev.sh asan        the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   ./dev.sh bench       the performance benchmark (bench/run.sh)
#   ./dev.sh fuzz [S]    fuzz the runbook importer with libFuzzer for S seconds (default 300)
#   ./dev.sh deps        only install the Debian packages
#   ./dev.sh format      apply .clang-format to every C++ file
#
# Dependencies are Debian 12 packages, installed with apt-get when missing (needs root).
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(cmake g++ make ninja-build pkg-config
          libsimgrid-dev libboost-program-options-dev nlohmann-json3-dev libspdlog-dev libgtest-dev
          libmd4c-dev  # the Markdown parser of the runbook importer
          prometheus   # for promtool: the tests check drillsim's alert timing against it
          openmpi-bin libopenmpi-dev  # DRILLSIM_MPI (on in the default preset): mpirun -n K drillsim run --runs N
          qt6-base-dev qt6-charts-dev libqt6opengl6-dev  # the viewer (CMake finds Qt6Charts only with OpenGL)
          fonts-dejavu-core)  # a font, without which the viewer's offscreen tests render no text

deps() {  # [PACKAGE...]: those instead of PACKAGES
  local missing=() wanted=("${PACKAGES[@]}")
  [ $# -gt 0 ] && wanted=("$@")
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "dev.sh: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

jobs() { nproc 2>/dev/null || echo 2; }

configure() {  # $1: preset
  [ -f "build/$1/build.ninja" ] || cmake --preset "$1" >/dev/null
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  drill)
    deps
    configure default
    cmake --build --preset default --target drillsim -j "$(jobs)"
    scenario=scenarios/default.json
    if [ $# -gt 0 ] && [[ "$1" != -* ]]; then scenario=$1; shift; fi
    exec build/default/sim/cli/drillsim run "$scenario" "$@"
    ;;
  test)
    deps
    configure default
    cmake --build --preset default -j "$(jobs)"
    ctest --preset default -j "$(jobs)"
    ;;
  asan)
    deps
    configure asan
    cmake --build --preset asan -j "$(jobs)"
    ctest --preset asan -j "$(jobs)"
    ;;
  bench)
    deps
    exec bench/run.sh "$@"
    ;;
  fuzz)
    deps
    deps clang  # libFuzzer ships with Debian's clang
    seconds=${1:-300}
    mkdir -p build/fuzz/corpus
    cp scenarios/seeds/*/runbook.md build/fuzz/corpus/ 2>/dev/null || true
    clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -Isim \
      tests/fuzz/runbook_fuzz.cpp sim/runbook/markdown.cpp sim/runbook/durations.cpp \
      sim/runbook/commands.cpp sim/runbook/importer.cpp sim/runbook/lint.cpp -lmd4c -o build/fuzz/runbook_fuzz
    # -timeout: an input that takes over 10 s counts as a hang; -rss_limit_mb: a memory blow-up.
    exec build/fuzz/runbook_fuzz build/fuzz/corpus -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=1048576 -print_final_stats=1
    ;;
  deps)
    deps
    ;;
  format)
    git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
    ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    [ -z "$cmd" ] || [ "$cmd" = help ] || [ "$cmd" = -h ] || [ "$cmd" = --help ] || exit 2
    ;;
esac
