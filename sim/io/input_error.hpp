// The one exception for bad user input (a scenario file, a runbook, a command-line value). It names
// the file, the place inside it and what was wrong, so `main` can print one line and exit non-zero
// (exit code 3, "invalid input"). Simulated failures are events, and bugs are asserts: neither uses it.
#pragma once

#include <stdexcept>
#include <string>

namespace drillsim::io {

class InputError : public std::runtime_error {
 public:
  // `file`: the path or label the user gave. `where`: a JSON pointer ("/services/0/replicas", "" for the
  // whole document) or "line:col" (1-based) for a syntax error. `problem`: what was expected and found.
  // what() is `file:where: problem`, or `file: problem` when `where` is empty.
  InputError(std::string file, std::string where, std::string problem);

  const std::string& file() const { return file_; }
  const std::string& where() const { return where_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  std::string where_;
  std::string problem_;
};

}  // namespace drillsim::io
