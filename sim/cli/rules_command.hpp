// `drillsim rules check FILE...` and `drillsim rules test FILE...`: Prometheus rule files and
// promtool unit-test files checked with drillsim's own PromQL evaluator (docs/detection.md,
// "rules check / rules test").
#pragma once

namespace drillsim::cli {

// Runs `drillsim rules ...`; `argc`/`argv` start after "rules". Returns the exit code: 0 every file
// loads (check) or every assertion passes (test); 1 a rule file cannot be evaluated or an assertion
// fails; 2 bad command line. Prints results on stdout, usage errors on stderr.
int rules_main(int argc, char* argv[]);

}  // namespace drillsim::cli
