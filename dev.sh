#!/usr/bin/env bash
# drillsim's one entry point for people and CI. Each command installs what it needs first.
#
#   ./dev.sh drill [SCENARIO.json] [drillsim run options]
#        build, then run a drill (default: scenarios/default.json -> reports/default.json)
#   ./dev.sh test        build everything and run the whole test suite through ctest
#   ./dev.sh asan        the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   ./dev.sh bench       the performance benchmark (bench/run.sh)
#   ./dev.sh fuzz [S]    fuzz every libFuzzer target (scripts/fuzz.sh) for S seconds each (default 300)
#   ./dev.sh asan-io     the input readers' tests only, under ASan + UBSan (the CI's sanitizer stage)
#   ./dev.sh deps        only install the Debian packages
#   ./dev.sh format      apply .clang-format to every C++ file
#
# Dependencies are Debian 12 packages, installed with apt-get when missing (needs root).
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(cmake g++ make ninja-build pkg-config
          libsimgrid-dev libboost-program-options-dev nlohmann-json3-dev libspdlog-dev libgtest-dev
          libmd4c-dev  # the Markdown parser of the runbook importer
          libfyaml-dev  # YAML with anchors and merge keys: Prometheus rule files and promtool tests
          prometheus   # for promtool: the tests check drillsim's alert timing against it
          python3      # the test scripts that generate promtool test files and mutate inputs
          python3-lxml  # validates the JUnit export against tests/report/formats/junit.xsd
          python3-jsonschema  # validates bundled scenarios, plans and reports against `drillsim schema`
          chromium     # renders the HTML report headless in the test suite (tests/report/formats/html_chromium.py)
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
    deps clang libclang-rt-14-dev  # libFuzzer and the sanitizers' runtimes (Debian 12: clang 14)
    exec scripts/fuzz.sh "${1:-300}"
    ;;
  asan-io)
    deps
    configure asan
    cmake --build --preset asan -j "$(jobs)" --target drillsim_io_tests drillsim_report_tests runbook_tests \
      scenario_fuzz_replay plan_fuzz_replay report_fuzz_replay runbook_fuzz_replay
    ctest --preset asan -j "$(jobs)" -R '^(fuzz_replay\.|ParseJson|ParseScenario|LoadScenario|ScenarioLimits|ReadTextFile|PlanFile|InputError|Printable|JsonReader|WriteReport|ReportJson|Markdown|Importer|Lint)'
    ;;
  deps)
    deps
    ;;
  format)
    git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
    ;;
  *)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    [ -z "$cmd" ] || [ "$cmd" = help ] || [ "$cmd" = -h ] || [ "$cmd" = --help ] || exit 2
    ;;
esac
