# Under mpirun -n 2 (a build with DRILLSIM_MPI=ON), drillsim run --runs N writes the very bytes a single
# process writes: each rank runs its share, rank 0 gathers the summaries and writes the aggregate.
# Variables (-D): EXE, MPIEXEC, SCENARIO, WORKDIR.
cmake_minimum_required(VERSION 3.25)
set(dir "${WORKDIR}/montecarlo_mpi")
file(REMOVE_RECURSE "${dir}")
file(MAKE_DIRECTORY "${dir}")
# mpirun refuses root unless told (containers and CI run as root).
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
execute_process(COMMAND "${EXE}" run "${SCENARIO}" --runs 13 --seed 5 --jobs 1 --quiet --out "${dir}/local.json"
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "local study: exit ${code}\n${err}")
endif()
execute_process(COMMAND "${MPIEXEC}" --oversubscribe -n 2 "${EXE}" run "${SCENARIO}" --runs 13 --seed 5 --jobs 1
                        --quiet --stats --out "${dir}/mpi.json"
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "mpirun -n 2: exit ${code}\n${out}\n${err}")
endif()
if(NOT out MATCHES "ranks=2")
  message(FATAL_ERROR "mpirun -n 2 did not run as two ranks (is libmpi linked before libsimgrid?):\n${out}")
endif()
file(SHA256 "${dir}/local.json" local)
file(SHA256 "${dir}/mpi.json" mpi)
if(NOT local STREQUAL mpi)
  message(FATAL_ERROR "mpirun -n 2 wrote another aggregate than one process (${dir})")
endif()
