#include "promql/rule_file.hpp"

#include <regex>
#include <set>

#include "promql/lexer.hpp"
#include "promql/parser.hpp"

namespace drillsim::promql {

namespace {

bool valid_metric_name(const std::string& n) {
  static const std::regex re("^[a-zA-Z_:][a-zA-Z0-9_:]*$");
  return std::regex_match(n, re);
}
bool valid_label_name(const std::string& n) {
  static const std::regex re("^[a-zA-Z_][a-zA-Z0-9_]*$");
  return std::regex_match(n, re);
}

class Reader {
 public:
  Reader(std::string name, RuleFile& out) : name_(std::move(name)), out_(out) {}

  void read(const YamlNode& root) {
    if (root.is_null()) return;  // an empty file has no groups
    if (root.kind != YamlNode::Kind::Mapping) return invalid(root, "expected a mapping with \"groups\"");
    for (const auto& [key, value] : root.entries)
      if (key != "groups") invalid(value, "field " + key + " not found in type rulefmt.RuleGroups");
    const YamlNode* groups = root.find("groups");
    if (groups == nullptr || groups->is_null()) return;
    if (groups->kind != YamlNode::Kind::Sequence) return invalid(*groups, "\"groups\" must be a list");
    std::set<std::string> names;
    for (const YamlNode& g : groups->items) {
      RuleGroup group = read_group(g);
      if (!group.name.empty() && !names.insert(group.name).second)
        invalid(g, "groupname: \"" + group.name + "\" is repeated in the same file");
      out_.groups.push_back(std::move(group));
    }
  }

 private:
  std::string name_;
  RuleFile& out_;

  std::string where(const YamlNode& n) const {
    return name_ + ":" + std::to_string(n.line) + ":" + std::to_string(n.column);
  }
  void invalid(const YamlNode& n, const std::string& message) {
    out_.problems.push_back({RuleProblem::Kind::Invalid, where(n), message});
  }
  void unsupported(const YamlNode& n, const std::string& message) {
    out_.problems.push_back({RuleProblem::Kind::Unsupported, where(n), message});
  }

  std::string scalar(const YamlNode& n, const std::string& what) {
    if (n.kind != YamlNode::Kind::Scalar) {
      invalid(n, what + " must be a scalar");
      return "";
    }
    return n.scalar;
  }

  std::int64_t duration(const YamlNode& n, const std::string& what) {
    if (n.is_null()) return 0;
    const std::string text = scalar(n, what);
    try {
      return parse_duration_ms(text);
    } catch (const std::invalid_argument&) {
      if (text == "0") return 0;
      invalid(n, what + ": not a valid duration string: \"" + text + "\"");
      return 0;
    }
  }

  Labels label_map(const YamlNode& n, const std::string& what, bool check_names) {
    Labels out;
    if (n.is_null()) return out;
    if (n.kind != YamlNode::Kind::Mapping) {
      invalid(n, what + " must be a mapping");
      return out;
    }
    for (const auto& [k, v] : n.entries) {
      if (check_names && !valid_label_name(k)) invalid(v, "invalid " + what + " name: " + k);
      out.emplace_back(k, v.is_null() ? "" : scalar(v, what + " " + k));
    }
    sort_labels(out);
    return out;
  }

  RuleGroup read_group(const YamlNode& g) {
    RuleGroup group;
    group.file = name_;
    if (g.kind != YamlNode::Kind::Mapping) {
      invalid(g, "a group must be a mapping");
      return group;
    }
    static const std::set<std::string> known = {"name", "interval", "limit", "rules"};
    for (const auto& [key, value] : g.entries) {
      if (known.count(key) == 0) {
        if (key == "query_offset" || key == "source_tenants")
          unsupported(value, "group field \"" + key + "\" is outside what Prometheus 2.42 reads");
        else
          invalid(value, "field " + key + " not found in type rulefmt.RuleGroup");
      }
    }
    if (const YamlNode* n = g.find("name")) group.name = scalar(*n, "group name");
    if (group.name.empty()) invalid(g, "groupname must not be empty");
    if (const YamlNode* n = g.find("interval")) group.interval_ms = duration(*n, "interval");
    if (const YamlNode* n = g.find("limit")) {
      try {
        group.limit = std::stoll(scalar(*n, "limit"));
      } catch (const std::exception&) {
        invalid(*n, "limit must be an integer");
      }
      if (group.limit != 0) unsupported(*n, "group limit is not evaluated by drillsim");
    }
    const YamlNode* rules = g.find("rules");
    if (rules == nullptr || rules->is_null()) return group;
    if (rules->kind != YamlNode::Kind::Sequence) {
      invalid(*rules, "\"rules\" must be a list");
      return group;
    }
    for (const YamlNode& r : rules->items)
      group.rules.push_back(read_rule(r));
    return group;
  }

  Rule read_rule(const YamlNode& r) {
    Rule rule;
    rule.line = r.line;
    if (r.kind != YamlNode::Kind::Mapping) {
      invalid(r, "a rule must be a mapping");
      return rule;
    }
    static const std::set<std::string> known = {"record",          "alert",  "expr",       "for",
                                                "keep_firing_for", "labels", "annotations"};
    for (const auto& [key, value] : r.entries)
      if (known.count(key) == 0) invalid(value, "field " + key + " not found in type rulefmt.Rule");
    const YamlNode* record = r.find("record");
    const YamlNode* alert = r.find("alert");
    const bool has_record = record != nullptr && !record->is_null();
    const bool has_alert = alert != nullptr && !alert->is_null();
    if (has_record && has_alert) invalid(r, "only one of 'record' and 'alert' must be set");
    if (!has_record && !has_alert) invalid(r, "one of 'record' or 'alert' must be set");
    rule.alerting = has_alert;
    rule.name = has_alert ? scalar(*alert, "alert") : has_record ? scalar(*record, "record") : "";
    const std::string what = (rule.alerting ? "alert " : "record ") + rule.name;
    if (has_record && !valid_metric_name(rule.name))
      invalid(*record, "invalid recording rule name: " + rule.name);
    if (const YamlNode* n = r.find("for")) {
      rule.for_ms = duration(*n, what + ": for");
      if (!rule.alerting) invalid(*n, what + ": invalid field 'for' in recording rule");
    }
    if (const YamlNode* n = r.find("keep_firing_for")) {
      rule.keep_firing_for_ms = duration(*n, what + ": keep_firing_for");
      if (!rule.alerting) invalid(*n, what + ": invalid field 'keep_firing_for' in recording rule");
    }
    if (const YamlNode* n = r.find("labels")) rule.labels = label_map(*n, "label", true);
    if (const YamlNode* n = r.find("annotations")) {
      rule.annotations = label_map(*n, "annotation", true);
      if (!rule.alerting && !n->is_null())
        invalid(*n, what + ": invalid field 'annotations' in recording rule");
    }
    if (rule.alerting) {
      // Prometheus parses an alerting rule's label and annotation values as Go templates.
      const auto parse = [&](const Labels& values, const char* kind,
                             std::vector<std::shared_ptr<const GoTemplate>>& out) {
        for (const auto& [k, v] : values) {
          std::shared_ptr<const GoTemplate> t;
          if (v.find("{{") != std::string::npos) {
            try {
              t = std::make_shared<const GoTemplate>(v);
            } catch (const TemplateError& e) {
              const YamlNode& at = *r.find(std::string(kind) + "s");
              const std::string message = what + ": " + kind + " " + k + ": " + e.what();
              if (e.unsupported())
                unsupported(at, message);
              else
                invalid(at, message);
            }
          }
          out.push_back(std::move(t));
        }
      };
      parse(rule.labels, "label", rule.label_templates);
      parse(rule.annotations, "annotation", rule.annotation_templates);
    }
    const YamlNode* expr = r.find("expr");
    if (expr == nullptr || expr->is_null()) {
      invalid(r, what + ": field 'expr' must be set in rule");
      return rule;
    }
    rule.expr_text = scalar(*expr, "expr");
    try {
      rule.expr = parse_expression(rule.expr_text);
    } catch (const ParseError& e) {
      // The place of the expression in the file, then the place in the expression (as promtool does).
      const YamlNode& at = *expr;
      const bool outside = e.problem().find("outside drillsim's PromQL subset") != std::string::npos;
      const std::string message =
          what + ": expr " + std::to_string(e.line()) + ":" + std::to_string(e.column()) + ": " + e.problem();
      if (outside)
        unsupported(at, message);
      else
        invalid(at, message);
      rule.expr.reset();
      return rule;
    }
    if (rule.expr->type != ValueType::Vector && rule.expr->type != ValueType::Scalar)
      invalid(*expr, what + ": invalid expression type \"" + to_string(rule.expr->type) + "\"");
    return rule;
  }
};

}  // namespace

RuleFile read_rule_file(const YamlNode& root, const std::string& name) {
  RuleFile file;
  file.path = name;
  Reader(name, file).read(root);
  return file;
}

RuleFile load_rule_file(const std::filesystem::path& path) {
  try {
    return read_rule_file(load_yaml_file(path), path.string());
  } catch (const YamlError& e) {
    RuleFile file;
    file.path = path.string();
    file.problems.push_back({RuleProblem::Kind::Invalid, path.string(), e.what()});
    return file;
  }
}

}  // namespace drillsim::promql
