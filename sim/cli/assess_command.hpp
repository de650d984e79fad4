// `drillsim assess POLICY.json SCENARIO...`: each scenario's drill run N times, judged against a
// resiliency policy's RTO / RPO targets for the scenario's disruption type (AWS Resilience Hub's policy
// JSON), per service and type: PolicyMet / PolicyBreached with the achievable RTO and RPO as
// distributions (docs/monte-carlo.md, "Assessment against a resiliency policy").
#pragma once

namespace drillsim::cli {

// Runs `drillsim assess ...`; `argv[0]` is "assess" (the program name for the option parser). Returns
// the exit code (docs/cli.md): 0 every service meets every target the policy sets, 1 a target is
// breached, 2 bad command line, 3 invalid policy or scenario, 4 cannot write, 70 a run failed,
// 130 interrupted.
int assess_main(int argc, char* argv[]);

}  // namespace drillsim::cli
