# Runs drillsim once and checks what a user would see. Variables (-D):
#   EXE           the drillsim binary
#   ARGS          its arguments, ;-separated
#   EXPECT_EXIT   the exit code it must return (or a ;-list of acceptable codes)
#   STDOUT_HAS    optional text stdout must contain
#   STDERR_HAS    optional text stderr must contain
#   REPORT        optional report path; removed first, then it must exist iff REPORT_MUST_EXIST is ON
cmake_minimum_required(VERSION 3.25)
if(DEFINED REPORT)
  file(REMOVE "${REPORT}")
endif()
execute_process(COMMAND "${EXE}" ${ARGS} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code IN_LIST EXPECT_EXIT)
  message(FATAL_ERROR "exit code ${code}, expected ${EXPECT_EXIT}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED STDOUT_HAS AND NOT out MATCHES "${STDOUT_HAS}")
  message(FATAL_ERROR "stdout lacks '${STDOUT_HAS}'\nstdout:\n${out}")
endif()
if(DEFINED STDERR_HAS)
  string(FIND "${err}" "${STDERR_HAS}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "stderr lacks '${STDERR_HAS}'\nstderr:\n${err}")
  endif()
  # Bad input: exactly one line, naming the file.
  string(STRIP "${err}" stripped)
  string(FIND "${stripped}" "\n" newline)
  if(NOT newline EQUAL -1)
    message(FATAL_ERROR "expected a one-line error, got:\n${err}")
  endif()
endif()
if(DEFINED REPORT)
  if(REPORT_MUST_EXIST AND NOT EXISTS "${REPORT}")
    message(FATAL_ERROR "no report at ${REPORT}")
  elseif(NOT REPORT_MUST_EXIST AND EXISTS "${REPORT}")
    message(FATAL_ERROR "a report was written at ${REPORT} although the run failed")
  endif()
endif()
