# Runs one bundled scenario at its own seed, exports its Markdown summary and compares it with the
# golden file byte for byte. Variables: EXE (drillsim), SOURCE_DIR (the project, where the scenario is
# run from so that the summary names it by its relative path), SCENARIO (relative to SOURCE_DIR),
# GOLDEN, WORKDIR. tests/golden/regenerate.sh rewrites the golden files.
cmake_minimum_required(VERSION 3.25)
get_filename_component(name "${GOLDEN}" NAME)
set(report "${WORKDIR}/${name}.json")
set(actual "${WORKDIR}/${name}")
execute_process(COMMAND "${EXE}" run "${SCENARIO}" --quiet --out "${report}" WORKING_DIRECTORY "${SOURCE_DIR}"
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0 AND NOT code EQUAL 1)
  message(FATAL_ERROR "drillsim run exited ${code}:\n${err}")
endif()
execute_process(COMMAND "${EXE}" export "${report}" --markdown "${actual}" --quiet RESULT_VARIABLE code
                ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "drillsim export exited ${code}:\n${err}")
endif()
file(SHA256 "${GOLDEN}" want)
file(SHA256 "${actual}" got)
if(NOT want STREQUAL got)
  execute_process(COMMAND diff -u "${GOLDEN}" "${actual}" OUTPUT_VARIABLE difference)
  string(SUBSTRING "${difference}" 0 6000 difference)
  message(FATAL_ERROR "the summary differs from its golden file ${GOLDEN}:\n${difference}\n"
                      "If the change is intended, run tests/golden/regenerate.sh and review its diff.")
endif()
