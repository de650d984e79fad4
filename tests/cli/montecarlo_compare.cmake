# drillsim run --runs N --candidate: a ranking known by hand (docs/monte-carlo.md, "Ranking fixes").
# tests/data/montecarlo/exponential-ack.json restores at about 100 s + a, a ~ Exp(mean 200 s) the
# acknowledgement, drawn as -ln(U) * mean from the run's own stream: with the same seeds, run i of every
# candidate has the same U, so a candidate's a is the baseline's scaled by its mean. RTO 400 s is met
# iff a <= 299.5 s (tests/cli/monte_carlo_test.cpp): P = 1 - exp(-299.5 / mean).
#   faster  (mean 100 s): P = 0.950, +17.4 points; a only shrinks, so no run is lost.
#   step    (the step 5 s instead of 10): traffic shifts back 5 s sooner, at T - 5. The service counts as
#           restored at ceil(T), or at floor(T) when no request arrived in [floor(T), T) (20 requests
#           per second); which one depends on the arrivals just before T, so a run restores 4, 5 or 6 s
#           sooner: the p95 and every resample's p95 move by -6 to -4 s, and no run is lost.
#   same    (the step set to the 10 s it already has): nothing changes, exactly 0, interval [0, 0].
#   slower  (mean 400 s): P = 0.527, -24.9 points; a only grows, so no run is gained.
# Ranked: faster, step, same, slower. Variables (-D): EXE, SCENARIO, WORKDIR.
cmake_minimum_required(VERSION 3.25)
set(out "${WORKDIR}/montecarlo_compare.json")
file(REMOVE "${out}")
execute_process(
  COMMAND "${EXE}" run "${SCENARIO}" --runs 200 --seed 3 --jobs 2 --quiet --out "${out}"
          --candidate slower:/responder/ack/mean_s=400 --candidate same:/plan/steps/0/duration=10
          --candidate faster:/responder/ack/mean_s=100 --candidate step:/plan/steps/0/duration=5
  RESULT_VARIABLE code OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "exit ${code}\n${stdout}\n${stderr}")
endif()
file(READ "${out}" json)
string(JSON kind GET "${json}" kind)
if(NOT kind STREQUAL "comparison")
  message(FATAL_ERROR "kind is ${kind}")
endif()
set(expected faster step same slower)
foreach(i RANGE 3)
  list(GET expected ${i} name)
  string(JSON got GET "${json}" candidates ${i} name)
  if(NOT got STREQUAL name)
    message(FATAL_ERROR "rank ${i}: ${got}, expected ${name}\n${json}")
  endif()
endforeach()
function(field var)
  string(JSON value GET "${json}" ${ARGN})
  set(${var} "${value}" PARENT_SCOPE)
endfunction()
function(expect_between what value lo hi)
  if(value LESS lo OR value GREATER hi)
    message(FATAL_ERROR "${what} = ${value}, expected in [${lo}, ${hi}]")
  endif()
endfunction()
# Baseline 0.776 +/- 4 standard errors at n = 200 (0.0295 each).
field(base baseline p_rto_met)
expect_between("baseline P(RTO met)" "${base}" 0.658 0.894)
field(lost candidates 0 runs_lost)
field(delta candidates 0 delta_p_rto_met estimate)
field(lo candidates 0 delta_p_rto_met interval 0)
field(hi candidates 0 delta_p_rto_met interval 1)
if(NOT lost EQUAL 0)
  message(FATAL_ERROR "faster lost ${lost} runs")
endif()
# +0.174: the gained runs are Binomial(200, 0.174), standard error 0.027.
expect_between("faster's change" "${delta}" 0.066 0.282)
if(lo GREATER delta OR hi LESS delta OR lo LESS_EQUAL 0)
  message(FATAL_ERROR "faster's interval [${lo}, ${hi}] around ${delta}")
endif()
field(lost candidates 1 runs_lost)
field(dq candidates 1 delta_p95_time_to_restore_s estimate)
field(dqlo candidates 1 delta_p95_time_to_restore_s interval 0)
field(dqhi candidates 1 delta_p95_time_to_restore_s interval 1)
if(NOT lost EQUAL 0)
  message(FATAL_ERROR "step lost ${lost} runs")
endif()
expect_between("step's p95 change" "${dq}" -6 -4)
expect_between("step's p95 interval low" "${dqlo}" -6 "${dq}")
expect_between("step's p95 interval high" "${dqhi}" "${dq}" -4)
field(delta candidates 2 delta_p_rto_met estimate)
field(lo candidates 2 delta_p_rto_met interval 0)
field(hi candidates 2 delta_p_rto_met interval 1)
field(dq candidates 2 delta_p95_time_to_restore_s estimate)
if(NOT delta EQUAL 0 OR NOT lo EQUAL 0 OR NOT hi EQUAL 0 OR NOT dq EQUAL 0)
  message(FATAL_ERROR "same: ${delta} [${lo}, ${hi}], p95 ${dq}: expected exactly 0")
endif()
field(gained candidates 3 runs_gained)
field(delta candidates 3 delta_p_rto_met estimate)
if(NOT gained EQUAL 0)
  message(FATAL_ERROR "slower gained ${gained} runs")
endif()
# -0.249: standard error 0.031.
expect_between("slower's change" "${delta}" -0.373 -0.125)
