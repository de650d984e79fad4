#include "io/input_error.hpp"

#include <utility>

namespace drillsim::io {

namespace {

std::string format_message(const std::string& file, const std::string& where, const std::string& problem) {
  if (where.empty()) return file + ": " + problem;
  return file + ":" + where + ": " + problem;
}

}  // namespace

InputError::InputError(std::string file, std::string where, std::string problem)
    : std::runtime_error(format_message(file, where, problem)),
      file_(std::move(file)),
      where_(std::move(where)),
      problem_(std::move(problem)) {}

}  // namespace drillsim::io
