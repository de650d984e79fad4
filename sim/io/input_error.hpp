// The one exception for bad user input (a scenario file, a runbook, a command-line value). It names
// the file, the place inside it and what was wrong, so `main` can print one line and exit non-zero
// (exit code 3, "invalid input"). Simulated failures are events, and bugs are asserts: neither uses it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace drillsim::io {

// `text` safe to show on a terminal: control characters (C0, DEL and C1, which include ESC and CSI) are
// escaped as \xNN or \uNNNN, so a name in a scenario can neither break a line nor send an escape sequence.
std::string printable(std::string_view text);

class InputError : public std::runtime_error {
 public:
  // `file`: the path or label the user gave. `where`: a JSON pointer ("/services/0/replicas", "" for the
  // whole document) or "line:col" (1-based) for a syntax error. `problem`: what was expected and found.
  // what() is `file:where: problem`, or `file: problem` when `where` is empty, made printable (see
  // printable()) and bounded: at most 200 bytes of the file name and of `where`, 1000 of the problem, so a
  // message is one short line whatever the input. The accessors return the parts as given.
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
