// Prometheus rule files (the `groups:` format promtool checks): groups with `interval`, alerting
// rules (`alert`, `expr`, `for`, `keep_firing_for`, `labels`, `annotations`) and recording rules
// (`record`, `expr`, `labels`). Each rule's expression is parsed with drillsim's PromQL subset; a
// file is loaded whole and every problem is listed, either invalid (promtool rejects it too) or
// unsupported (valid Prometheus that drillsim cannot evaluate, with the feature named).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "promql/ast.hpp"
#include "promql/go_template.hpp"
#include "promql/value.hpp"
#include "promql/yaml.hpp"

namespace drillsim::promql {

struct Rule {
  bool alerting = false;
  std::string name;       // the alert name, or the recorded metric name
  std::string expr_text;  // as written
  NodePtr expr;           // null when the expression has a problem
  std::int64_t for_ms = 0;
  std::int64_t keep_firing_for_ms = 0;
  Labels labels;       // as written (templates unexpanded), sorted
  Labels annotations;  // as written, sorted
  // An alerting rule's parsed label and annotation templates, index for index with `labels` and
  // `annotations` (null: no `{{`, the text is the value).
  std::vector<std::shared_ptr<const GoTemplate>> label_templates;
  std::vector<std::shared_ptr<const GoTemplate>> annotation_templates;
  int line = 0;
};

struct RuleGroup {
  std::string file;
  std::string name;
  std::int64_t interval_ms = 0;  // 0: the global evaluation interval
  std::int64_t limit = 0;
  std::vector<Rule> rules;
};

struct RuleProblem {
  enum class Kind { Invalid, Unsupported };
  Kind kind = Kind::Invalid;
  std::string where;  // file:line:col
  std::string message;
};

struct RuleFile {
  std::string path;
  std::vector<RuleGroup> groups;
  std::vector<RuleProblem> problems;
  bool ok() const { return problems.empty(); }
};

// Loads a rule file. Never throws for the file's content: a YAML error, a bad field or an
// expression outside the subset becomes a RuleProblem (the file is then not evaluable).
RuleFile load_rule_file(const std::filesystem::path& path);
// The same from parsed YAML (`name` names the file in problems).
RuleFile read_rule_file(const YamlNode& root, const std::string& name);

}  // namespace drillsim::promql
