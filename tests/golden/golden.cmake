# Runs one bundled scenario at its own seed and compares the report's digest (report_digest) with the
# golden file, byte for byte. Variables: EXE (drillsim), DIGEST (report_digest), SCENARIO, GOLDEN,
# WORKDIR. tests/golden/README.md says how to regenerate after an intended change.
cmake_minimum_required(VERSION 3.25)
get_filename_component(name "${GOLDEN}" NAME)
set(report "${WORKDIR}/${name}.report")
set(actual "${WORKDIR}/${name}")
execute_process(COMMAND "${EXE}" run "${SCENARIO}" --quiet --out "${report}" RESULT_VARIABLE code
                ERROR_VARIABLE err)
if(NOT code EQUAL 0 AND NOT code EQUAL 1)
  message(FATAL_ERROR "drillsim exited ${code}:\n${err}")
endif()
execute_process(COMMAND "${DIGEST}" "${report}" OUTPUT_FILE "${actual}" RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "report_digest failed on ${report}")
endif()
if(NOT EXISTS "${GOLDEN}")
  message(FATAL_ERROR "no golden file ${GOLDEN}: run tests/golden/regenerate.sh")
endif()
file(SHA256 "${GOLDEN}" want)
file(SHA256 "${actual}" got)
if(NOT want STREQUAL got)
  execute_process(COMMAND diff -u "${GOLDEN}" "${actual}" OUTPUT_VARIABLE difference)
  string(SUBSTRING "${difference}" 0 6000 difference)
  message(FATAL_ERROR "the report differs from its golden file ${GOLDEN}:\n${difference}\n"
                      "If the change is intended, run tests/golden/regenerate.sh and review its diff.")
endif()
