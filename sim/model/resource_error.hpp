// A drill that cannot get a resource it needs from the machine, other than memory (std::bad_alloc): the
// temporary file a long drill streams its per-second samples to cannot be created, written or read
// back (a full disk, a file size limit). Not a bug: the message says what failed and what to reduce or
// free, and `drillsim` ends with its own exit code (docs/cli.md).
#pragma once

#include <stdexcept>
#include <string>

namespace drillsim::model {

class ResourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace drillsim::model
