# The layers of docs/architecture.md, checked on the sources: only sim/engine/*.cpp may include
# SimGrid, and an engine header at most its forward declarations (<simgrid/forward.h>, for the actors'
# shared context) (so the model, metrics, report and CLI never depend on the engine's clock or actors), and
# model/ includes nothing of the layers above it. And tests/ mirrors sim/: every sim/<layer>/<file>.cpp has
# its own tests/<layer>/<file>_test.cpp, but for the few files of the allow-list below.
cmake_minimum_required(VERSION 3.25)
file(GLOB_RECURSE sources ${SOURCE_DIR}/sim/*.cpp ${SOURCE_DIR}/sim/*.hpp)
set(violations "")
foreach(file IN LISTS sources)
  file(RELATIVE_PATH rel ${SOURCE_DIR} ${file})
  file(STRINGS ${file} includes REGEX "^#include")
  foreach(line IN LISTS includes)
    if(line MATCHES "<simgrid/" AND NOT rel MATCHES "^sim/engine/.*\\.cpp$" AND
       NOT (rel MATCHES "^sim/engine/.*\\.hpp$" AND line MATCHES "<simgrid/forward\\.h>"))
      list(APPEND violations "${rel}: ${line} (SimGrid belongs in sim/engine/*.cpp only)")
    endif()
    if(rel MATCHES "^sim/model/" AND line MATCHES "\"(io|engine|metrics|report|cli)/")
      list(APPEND violations "${rel}: ${line} (model/ must not depend on the layers above it)")
    endif()
  endforeach()
endforeach()

# Sources that cannot have a test file of their own, each with the reason and where it is tested instead.
# - sim/cli/main.cpp: the process entry (dispatch and exit codes only); tested through the binary by the
#   cli.* tests of tests/cli/CMakeLists.txt (exit codes 0-5, 70 and 130, messages, reports on disk).
set(untested_by_design sim/cli/main.cpp)
file(GLOB_RECURSE implementation_files ${SOURCE_DIR}/sim/*.cpp)
foreach(file IN LISTS implementation_files)
  file(RELATIVE_PATH rel ${SOURCE_DIR} ${file})
  if(rel IN_LIST untested_by_design)
    continue()
  endif()
  string(REGEX REPLACE "^sim/(.*)\\.cpp$" "tests/\\1_test.cpp" mirrored ${rel})
  if(NOT EXISTS ${SOURCE_DIR}/${mirrored})
    list(APPEND violations "${rel}: no ${mirrored} (tests/ mirrors sim/ file for file)")
  endif()
endforeach()

if(violations)
  list(JOIN violations "\n" text)
  message(FATAL_ERROR "layering violations:\n${text}")
endif()
list(LENGTH sources n)
message(STATUS "layering: ${n} files checked")
