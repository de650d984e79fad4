# The viewer's File > Export report (drillsim-viewer REPORT --export FORMAT=PATH) against `drillsim export`
# on the same report: every file must be byte-identical, as both go through sim/report/formats.
#   cmake -DDRILLSIM=... -DVIEWER=... -DREPORT=... -DWORK=... -P export_identical.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/cli ${WORK}/viewer)
execute_process(COMMAND ${DRILLSIM} export ${REPORT} --html ${WORK}/cli/report.html --markdown ${WORK}/cli/summary.md --junit ${WORK}/cli/junit.xml
                        --csv ${WORK}/cli/csv --quiet
                RESULT_VARIABLE cli_rc ERROR_VARIABLE cli_err)
if(NOT cli_rc EQUAL 0)
  message(FATAL_ERROR "drillsim export exited ${cli_rc}: ${cli_err}")
endif()
execute_process(COMMAND ${VIEWER} ${REPORT} --export html=${WORK}/viewer/report.html
                        --export markdown=${WORK}/viewer/summary.md
                        --export junit=${WORK}/viewer/junit.xml --export csv=${WORK}/viewer/csv
                RESULT_VARIABLE viewer_rc ERROR_VARIABLE viewer_err)
if(NOT viewer_rc EQUAL 0)
  message(FATAL_ERROR "drillsim-viewer --export exited ${viewer_rc}: ${viewer_err}")
endif()
foreach(file report.html summary.md junit.xml csv/series.csv csv/instants.csv csv/steps.csv)
  if(NOT EXISTS ${WORK}/viewer/${file})
    message(FATAL_ERROR "the viewer did not write ${file}")
  endif()
  file(SIZE ${WORK}/viewer/${file} size)
  if(size EQUAL 0)
    message(FATAL_ERROR "the viewer wrote an empty ${file}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/cli/${file} ${WORK}/viewer/${file}
                  RESULT_VARIABLE differ)
  if(NOT differ EQUAL 0)
    message(FATAL_ERROR "${file}: the viewer's export differs from drillsim export's")
  endif()
endforeach()
# A file that is not a drill's report has nothing to export: exit 4, one line naming the form.
execute_process(COMMAND ${VIEWER} ${STUDY} --export markdown=${WORK}/viewer/study.md
                RESULT_VARIABLE study_rc ERROR_VARIABLE study_err)
if(NOT study_rc EQUAL 4 OR NOT study_err MATCHES "cannot export markdown: no drill report" OR
   EXISTS ${WORK}/viewer/study.md)
  message(FATAL_ERROR "--export on a study: exit ${study_rc}, stderr: ${study_err}")
endif()
