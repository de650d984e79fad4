// A YAML document as a plain tree, read with libfyaml so that anchors, aliases and merge keys
// (`<<`) are resolved as Prometheus' own YAML reader resolves them (Debian's yaml-cpp 0.7 drops
// merged keys). Rule files and promtool test files are read through it.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace drillsim::promql {

// A YAML file that cannot be read or parsed; what() is "file:line:col: problem".
class YamlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct YamlEntry;

struct YamlNode {
  enum class Kind { Null, Scalar, Sequence, Mapping };
  Kind kind = Kind::Null;
  std::string scalar;              // Scalar: the text
  bool plain = true;               // Scalar: unquoted (so `null`, `~` and empty mean null)
  std::vector<YamlNode> items;     // Sequence
  std::vector<YamlEntry> entries;  // Mapping, in file order
  int line = 0;                    // 1-based; 0 when unknown
  int column = 0;

  // The mapping entry `key`, or nullptr.
  const YamlNode* find(const std::string& key) const;
  bool is_null() const {
    return kind == Kind::Null ||
           (kind == Kind::Scalar && plain && (scalar == "null" || scalar == "~" || scalar.empty()));
  }
};

// One mapping entry. A struct rather than std::pair: a pair of an incomplete YamlNode does not compile
// with every standard library (clang with libstdc++ 12 rejects it).
struct YamlEntry {
  std::string first;  // the key
  YamlNode second;    // the value
};

// Parses YAML text; `name` is used in errors. Throws YamlError.
YamlNode parse_yaml(const std::string& text, const std::string& name);
// Reads and parses a file. Throws YamlError.
YamlNode load_yaml_file(const std::filesystem::path& path);

}  // namespace drillsim::promql
