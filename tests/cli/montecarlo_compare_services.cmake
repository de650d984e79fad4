# drillsim run --runs N --candidate, per service: a change to one service's step moves that service only
# (docs/monte-carlo.md, "Ranking fixes"). tests/data/montecarlo/two-services.json is exponential-ack.json
# with a second service, search, that the bad release does not touch. api's RTO (400 s) is met iff the
# acknowledgement a ~ Exp(mean 200 s) is <= 299.5 s (tests/cli/monte_carlo_test.cpp); the candidate makes
# api's one rollback step 200 s instead of 10, so api restores 190 s later and meets its RTO iff
# a <= 109.5 s: its P(RTO met) changes by -(exp(-109.5/200) - exp(-299.5/200)) = -0.355, with no run
# gained (a run only restores later). search's verdicts are the same in every run with and without the
# change: exactly 0, interval [0, 0], nothing gained or lost. No RPO moves (no store).
# Variables (-D): EXE, SCENARIO, WORKDIR.
cmake_minimum_required(VERSION 3.25)
set(out "${WORKDIR}/montecarlo_compare_services.json")
file(REMOVE "${out}")
execute_process(
  COMMAND "${EXE}" run "${SCENARIO}" --runs 200 --seed 3 --jobs 2 --quiet --out "${out}"
          --candidate longer-api-step:/plan/steps/0/duration=200
  RESULT_VARIABLE code OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "exit ${code}\n${stdout}\n${stderr}")
endif()
file(READ "${out}" json)
function(field var)
  string(JSON value GET "${json}" ${ARGN})
  set(${var} "${value}" PARENT_SCOPE)
endfunction()
function(expect what value expected)
  if(NOT value EQUAL expected)
    message(FATAL_ERROR "${what} = ${value}, expected ${expected}\n${json}")
  endif()
endfunction()
function(expect_between what value lo hi)
  if(value LESS lo OR value GREATER hi)
    message(FATAL_ERROR "${what} = ${value}, expected in [${lo}, ${hi}]\n${json}")
  endif()
endfunction()
field(api candidates 0 services 0 service)
field(search candidates 0 services 1 service)
if(NOT api STREQUAL "api" OR NOT search STREQUAL "search")
  message(FATAL_ERROR "services ${api}, ${search}\n${json}")
endif()
# api: -0.355 +/- 4 standard errors at n = 200 (0.034 each); the interval around it, below 0.
field(delta candidates 0 services 0 delta_p_rto_met estimate)
field(lo candidates 0 services 0 delta_p_rto_met interval 0)
field(hi candidates 0 services 0 delta_p_rto_met interval 1)
expect_between("api's change in P(RTO met)" "${delta}" -0.490 -0.220)
if(lo GREATER delta OR hi LESS delta OR hi GREATER_EQUAL 0)
  message(FATAL_ERROR "api's interval [${lo}, ${hi}] around ${delta}")
endif()
field(gained candidates 0 services 0 rto_runs_gained)
expect("api's RTO runs gained" "${gained}" 0)
field(lost candidates 0 services 0 rto_runs_lost)
if(lost LESS 1)
  message(FATAL_ERROR "api lost no run\n${json}")
endif()
# search: untouched, exactly.
foreach(what rto rpo)
  field(d candidates 0 services 1 delta_p_${what}_met estimate)
  field(l candidates 0 services 1 delta_p_${what}_met interval 0)
  field(h candidates 0 services 1 delta_p_${what}_met interval 1)
  field(g candidates 0 services 1 ${what}_runs_gained)
  field(x candidates 0 services 1 ${what}_runs_lost)
  foreach(v d l h g x)
    expect("search's ${what} ${v}" "${${v}}" 0)
  endforeach()
  field(d candidates 0 services 0 delta_p_rpo_met estimate)
  expect("api's change in P(RPO met)" "${d}" 0)
endforeach()
field(p baseline services 1 p_rto_met)
expect("search's baseline P(RTO met)" "${p}" 1)
