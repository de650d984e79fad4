#include "promql/unit_test_file.hpp"

#include <glob.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "promql/evaluator.hpp"
#include "promql/lexer.hpp"
#include "promql/parser.hpp"
#include "promql/rule_file.hpp"
#include "promql/rule_group.hpp"
#include "promql/series_store.hpp"
#include "promql/yaml.hpp"

namespace drillsim::promql {

namespace {

double parse_number(const std::string& text) {
  if (text == "Inf" || text == "+Inf" || text == "inf" || text == "+inf") return INFINITY;
  if (text == "-Inf" || text == "-inf") return -INFINITY;
  if (text == "NaN" || text == "nan") return NAN;
  std::size_t used = 0;
  const double v = std::stod(text, &used);
  if (used != text.size()) throw std::invalid_argument(text);
  return v;
}

}  // namespace

std::vector<std::optional<double>> expand_series_values(const std::string& text) {
  static const std::string number =
      R"([+-]?(?:[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?|[Ii]nf|NaN))";
  static const std::string unsigned_number =
      R"((?:[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?|[Ii]nf|NaN))";
  static const std::regex item("^(" + number + ")(?:(?:([+-])(" + unsigned_number + "))?x([0-9]+))?$");
  static const std::regex blanks("^_x([0-9]+)$");
  std::vector<std::optional<double>> out;
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    std::smatch m;
    if (word == "_") {
      out.emplace_back(std::nullopt);
    } else if (word == "stale") {
      out.emplace_back(stale_nan());
    } else if (std::regex_match(word, m, blanks)) {
      const long n = std::stol(m[1].str());
      for (long i = 0; i < n; ++i)
        out.emplace_back(std::nullopt);
    } else if (std::regex_match(word, m, item)) {
      double v = parse_number(m[1].str());
      if (!m[4].matched) {
        out.emplace_back(v);
        continue;
      }
      const long n = std::stol(m[4].str());
      double delta = 0;
      if (m[2].matched) {
        delta = parse_number(m[3].str());
        if (m[2].str() == "-") delta = -delta;
      }
      out.emplace_back(v);
      // Each value is the previous one plus the step, added in turn as promtool does.
      for (long i = 1; i <= n; ++i) {
        v += delta;
        out.emplace_back(v);
      }
    } else {
      throw std::invalid_argument("bad series value \"" + word + "\"");
    }
  }
  return out;
}

std::string AssertionResult::heading() const {
  if (kind == Kind::Alert) return "alertname: " + name + ", time: " + format_duration(eval_time_ms);
  std::string quoted = "\"";
  for (const char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (c == '\n') {
      quoted += "\\n";
      continue;
    }
    quoted += c;
  }
  return "expr: " + quoted + "\", time: " + format_duration(eval_time_ms);
}

bool UnitTestFileResult::passed() const {
  if (!errors.empty()) return false;
  for (const auto& g : groups) {
    if (!g.errors.empty()) return false;
    for (const auto& a : g.assertions)
      if (!a.passed) return false;
  }
  return true;
}

namespace {

struct ExpAlert {
  Labels labels;
  Labels annotations;
  bool operator<(const ExpAlert& o) const {
    return std::tie(labels, annotations) < std::tie(o.labels, o.annotations);
  }
  bool operator==(const ExpAlert& o) const { return labels == o.labels && annotations == o.annotations; }
};

struct AlertTest {
  std::int64_t eval_time_ms = 0;
  std::string alertname;
  std::vector<ExpAlert> expected;
};

struct ExpSample {
  Labels labels;
  double value = 0;
};

struct ExprTest {
  std::string expr;
  std::int64_t eval_time_ms = 0;
  std::vector<ExpSample> expected;
  std::string label_error;
};

struct InputSeries {
  Labels labels;
  std::vector<std::optional<double>> values;
};

struct TestGroup {
  std::string name;
  std::int64_t interval_ms = 0;
  std::vector<InputSeries> series;
  std::vector<AlertTest> alerts;
  std::vector<ExprTest> exprs;
  Labels external_labels;
  std::string external_url;
};

class FileReader {
 public:
  explicit FileReader(std::string name) : name_(std::move(name)) {}

  [[noreturn]] void fail(const YamlNode& at, const std::string& problem) const {
    throw UnitTestError(name_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
                        problem);
  }

  std::string scalar(const YamlNode& n, const std::string& what) const {
    if (n.kind != YamlNode::Kind::Scalar) fail(n, what + ": expected a scalar");
    return n.scalar;
  }
  std::int64_t duration(const YamlNode& n, const std::string& what) const {
    const std::string text = scalar(n, what);
    if (text == "0") return 0;
    try {
      return parse_duration_ms(text);
    } catch (const std::invalid_argument&) {
      fail(n, what + ": not a valid duration string: \"" + text + "\"");
    }
  }
  const std::vector<YamlNode>& list(const YamlNode* n, const std::string& what) const {
    static const std::vector<YamlNode> empty;
    if (n == nullptr || n->is_null()) return empty;
    if (n->kind != YamlNode::Kind::Sequence) fail(*n, what + ": expected a list");
    return n->items;
  }
  Labels string_map(const YamlNode* n, const std::string& what) const {
    Labels out;
    if (n == nullptr || n->is_null()) return out;
    if (n->kind != YamlNode::Kind::Mapping) fail(*n, what + ": expected a mapping");
    for (const auto& [k, v] : n->entries)
      out.emplace_back(k, v.is_null() ? "" : scalar(v, what));
    sort_labels(out);
    return out;
  }

  TestGroup group(const YamlNode& g, std::int64_t default_interval) const {
    TestGroup t;
    if (g.kind != YamlNode::Kind::Mapping) fail(g, "a test must be a mapping");
    static const std::set<std::string> known = {
        "interval",     "input_series", "alert_rule_test", "promql_expr_test", "external_labels",
        "external_url", "name"};
    for (const auto& [k, v] : g.entries)
      if (known.count(k) == 0) fail(v, "field " + k + " not found in type main.testGroup");
    t.interval_ms = default_interval;
    if (const YamlNode* n = g.find("interval"); n != nullptr && !n->is_null())
      t.interval_ms = duration(*n, "interval");
    if (const YamlNode* n = g.find("name"); n != nullptr && !n->is_null()) t.name = scalar(*n, "name");
    t.external_labels = string_map(g.find("external_labels"), "external_labels");
    if (const YamlNode* n = g.find("external_url"); n != nullptr && !n->is_null())
      t.external_url = scalar(*n, "external_url");
    for (const YamlNode& s : list(g.find("input_series"), "input_series")) {
      InputSeries in;
      const YamlNode* series = s.find("series");
      if (series == nullptr) fail(s, "input_series: missing \"series\"");
      try {
        in.labels = parse_series_labels(scalar(*series, "series"));
      } catch (const ParseError& e) {
        fail(*series, "series " + std::string(e.what()));
      }
      if (const YamlNode* v = s.find("values"); v != nullptr && !v->is_null()) {
        try {
          in.values = expand_series_values(scalar(*v, "values"));
        } catch (const std::exception& e) {
          fail(*v, e.what());
        }
      }
      t.series.push_back(std::move(in));
    }
    for (const YamlNode& a : list(g.find("alert_rule_test"), "alert_rule_test")) {
      AlertTest at;
      if (const YamlNode* n = a.find("eval_time"); n != nullptr && !n->is_null())
        at.eval_time_ms = duration(*n, "eval_time");
      if (const YamlNode* n = a.find("alertname")) at.alertname = scalar(*n, "alertname");
      for (const YamlNode& e : list(a.find("exp_alerts"), "exp_alerts")) {
        ExpAlert exp;
        exp.labels = string_map(e.find("exp_labels"), "exp_labels");
        exp.annotations = string_map(e.find("exp_annotations"), "exp_annotations");
        // The user gives the rule's labels; Prometheus adds alertname itself.
        set_label(exp.labels, "alertname", at.alertname);
        at.expected.push_back(std::move(exp));
      }
      t.alerts.push_back(std::move(at));
    }
    for (const YamlNode& p : list(g.find("promql_expr_test"), "promql_expr_test")) {
      ExprTest et;
      if (const YamlNode* n = p.find("expr")) et.expr = scalar(*n, "expr");
      if (const YamlNode* n = p.find("eval_time"); n != nullptr && !n->is_null())
        et.eval_time_ms = duration(*n, "eval_time");
      for (const YamlNode& s : list(p.find("exp_samples"), "exp_samples")) {
        ExpSample sample;
        if (const YamlNode* l = s.find("labels"); l != nullptr && !l->is_null()) {
          const std::string text = scalar(*l, "labels");
          const bool empty = text.find_first_not_of(" {}") == std::string::npos;
          if (!empty) {
            try {
              sample.labels = parse_series_labels(text);
            } catch (const ParseError& e) {
              et.label_error = "could not parse labels \"" + text + "\": " + e.what();
            }
          }
        }
        if (const YamlNode* v = s.find("value"); v != nullptr && !v->is_null()) {
          try {
            sample.value = parse_number(scalar(*v, "value"));
          } catch (const std::exception&) {
            fail(*v, "value: not a number");
          }
        }
        et.expected.push_back(std::move(sample));
      }
      t.exprs.push_back(std::move(et));
    }
    return t;
  }

 private:
  std::string name_;
};

std::string format_alerts(const std::vector<ExpAlert>& alerts) {
  if (alerts.empty()) return "[]";
  std::string out = "[";
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(i) + ": Labels:" + format_labels(alerts[i].labels) +
           " Annotations:" + format_labels(alerts[i].annotations);
  }
  return out + "]";
}

std::string format_samples(const std::vector<ExpSample>& samples) {
  if (samples.empty()) return "nil";
  std::string out;
  for (std::size_t i = 0; i < samples.size(); ++i)
    out += (i ? ", " : "") + format_labels(samples[i].labels) + " " + format_float_g(samples[i].value);
  return out;
}

std::vector<std::filesystem::path> expand_rule_files(const std::filesystem::path& dir,
                                                     const std::string& pattern) {
  const std::filesystem::path full =
      std::filesystem::path(pattern).is_absolute() ? std::filesystem::path(pattern) : dir / pattern;
  std::vector<std::filesystem::path> out;
  if (pattern.find_first_of("*?[") == std::string::npos) {
    out.push_back(full);
    return out;
  }
  glob_t g{};
  if (glob(full.string().c_str(), 0, nullptr, &g) == 0)
    for (std::size_t i = 0; i < g.gl_pathc; ++i)
      out.emplace_back(g.gl_pathv[i]);
  globfree(&g);
  return out;
}

void run_group(const TestGroup& test, const std::vector<const RuleGroup*>& rule_groups,
               std::int64_t eval_interval, TestGroupResult& result) {
  SeriesStore store;
  for (const InputSeries& s : test.series)
    for (std::size_t i = 0; i < s.values.size(); ++i)
      if (s.values[i])
        store.append(s.labels, {static_cast<std::int64_t>(i) * test.interval_ms, *s.values[i]});
  std::vector<std::unique_ptr<GroupEvaluator>> evaluators;
  for (const RuleGroup* g : rule_groups) {
    evaluators.push_back(std::make_unique<GroupEvaluator>(*g, store));
    evaluators.back()->set_external(test.external_labels, test.external_url);
  }

  std::int64_t max_eval = 0;
  for (const auto& a : test.alerts)
    max_eval = std::max(max_eval, a.eval_time_ms);
  for (const auto& e : test.exprs)
    max_eval = std::max(max_eval, e.eval_time_ms);
  std::vector<std::int64_t> alert_times;
  for (const auto& a : test.alerts)
    alert_times.push_back(a.eval_time_ms);
  std::sort(alert_times.begin(), alert_times.end());
  alert_times.erase(std::unique(alert_times.begin(), alert_times.end()), alert_times.end());
  std::size_t current = 0;

  for (std::int64_t ts = 0; ts <= max_eval; ts += eval_interval) {
    std::vector<std::string> errors;
    for (auto& e : evaluators)
      for (const std::string& err : e->evaluate(ts)) {
        const auto comma = err.find(", err: ");
        errors.push_back(err.substr(0, comma) + ", time: " + format_duration(ts) + err.substr(comma));
      }
    if (!errors.empty()) {
      result.errors = std::move(errors);
      return;
    }
    while (current < alert_times.size() && ts <= alert_times[current] &&
           alert_times[current] < ts + eval_interval) {
      const std::int64_t t = alert_times[current];
      for (const AlertTest& a : test.alerts) {
        if (a.eval_time_ms != t) continue;
        std::vector<ExpAlert> got;
        for (auto& e : evaluators) {
          const auto& rules = e->group().rules;
          for (std::size_t i = 0; i < rules.size(); ++i) {
            if (!rules[i].alerting || rules[i].name != a.alertname) continue;
            for (const Alert& alert : e->active_alerts(i))
              if (alert.state == AlertState::Firing) got.push_back({alert.labels, alert.annotations});
          }
        }
        std::vector<ExpAlert> expected = a.expected;
        std::sort(got.begin(), got.end());
        std::sort(expected.begin(), expected.end());
        AssertionResult r;
        r.kind = AssertionResult::Kind::Alert;
        r.name = a.alertname;
        r.eval_time_ms = t;
        r.passed = got == expected;
        r.expected = format_alerts(expected);
        r.got = format_alerts(got);
        result.assertions.push_back(std::move(r));
      }
      ++current;
    }
  }

  const Evaluator evaluator(store);
  for (const ExprTest& e : test.exprs) {
    AssertionResult r;
    r.kind = AssertionResult::Kind::Expr;
    r.name = e.expr;
    r.eval_time_ms = e.eval_time_ms;
    std::vector<ExpSample> got;
    try {
      const NodePtr node = parse_expression(e.expr);
      const Value v = evaluator.evaluate(*node, e.eval_time_ms);
      if (const auto* s = std::get_if<Scalar>(&v))
        got.push_back({{}, s->value});
      else if (const auto* vec = std::get_if<Vector>(&v))
        for (const auto& el : *vec)
          got.push_back({el.labels, el.value});
      else
        throw EvalError("rule result is not a vector or scalar");
    } catch (const std::exception& ex) {
      r.error = ex.what();
      r.passed = false;
      result.assertions.push_back(std::move(r));
      continue;
    }
    if (!e.label_error.empty()) {
      r.error = e.label_error;
      result.assertions.push_back(std::move(r));
      continue;
    }
    std::vector<ExpSample> expected = e.expected;
    const auto by_labels = [](const ExpSample& a, const ExpSample& b) { return a.labels < b.labels; };
    std::sort(got.begin(), got.end(), by_labels);
    std::sort(expected.begin(), expected.end(), by_labels);
    // Values are compared exactly, as promtool 2.42 does (so NaN never matches).
    r.passed =
        got.size() == expected.size() &&
        std::equal(got.begin(), got.end(), expected.begin(), [](const ExpSample& a, const ExpSample& b) {
          return a.labels == b.labels && a.value == b.value;
        });
    r.expected = format_samples(expected);
    r.got = format_samples(got);
    result.assertions.push_back(std::move(r));
  }
}

}  // namespace

UnitTestFileResult run_unit_test_file(const std::filesystem::path& path) {
  UnitTestFileResult result;
  result.path = path.string();
  try {
    const YamlNode root = load_yaml_file(path);
    const FileReader reader(path.string());
    if (root.kind != YamlNode::Kind::Mapping)
      throw UnitTestError(path.string() + ": expected a mapping with \"tests\"");
    static const std::set<std::string> known = {"rule_files", "evaluation_interval", "group_eval_order",
                                                "tests"};
    for (const auto& [k, v] : root.entries)
      if (known.count(k) == 0) reader.fail(v, "field " + k + " not found in type main.unitTestFile");
    std::int64_t eval_interval = 60'000;
    if (const YamlNode* n = root.find("evaluation_interval"); n != nullptr && !n->is_null())
      eval_interval = reader.duration(*n, "evaluation_interval");
    if (eval_interval <= 0) throw UnitTestError(path.string() + ": evaluation_interval must be positive");
    std::vector<std::string> order;
    for (const YamlNode& n : reader.list(root.find("group_eval_order"), "group_eval_order"))
      order.push_back(reader.scalar(n, "group_eval_order"));

    // Rule files are relative to the test file.
    std::vector<RuleFile> rule_files;
    for (const YamlNode& n : reader.list(root.find("rule_files"), "rule_files"))
      for (const auto& file : expand_rule_files(path.parent_path(), reader.scalar(n, "rule_files")))
        rule_files.push_back(load_rule_file(file));
    for (const RuleFile& f : rule_files)
      for (const RuleProblem& p : f.problems)
        result.errors.push_back(p.where + ": " +
                                (p.kind == RuleProblem::Kind::Unsupported ? "cannot evaluate: " : "") +
                                p.message);
    if (!result.errors.empty()) return result;

    std::vector<const RuleGroup*> groups;
    for (const RuleFile& f : rule_files)
      for (const RuleGroup& g : f.groups)
        groups.push_back(&g);
    // promtool leaves groups outside group_eval_order in map order; drillsim orders them by file and name.
    std::stable_sort(groups.begin(), groups.end(), [](const RuleGroup* a, const RuleGroup* b) {
      return std::tie(a->file, a->name) < std::tie(b->file, b->name);
    });
    if (!order.empty()) {
      const auto rank = [&](const RuleGroup* g) {
        return std::find(order.begin(), order.end(), g->name) - order.begin();
      };
      std::stable_sort(groups.begin(), groups.end(),
                       [&](const RuleGroup* a, const RuleGroup* b) { return rank(a) < rank(b); });
    }
    for (const YamlNode& t : reader.list(root.find("tests"), "tests")) {
      // promtool 2.42 documents the evaluation interval as the default, but loads a test without
      // `interval` with 0 s between samples: every value lands at t = 0 and only the first is kept
      // (measured: `values: '3 5 7'` reads 3 at any time). drillsim does the same.
      const TestGroup test = reader.group(t, 0);
      TestGroupResult group_result;
      group_result.name = test.name;
      run_group(test, groups, eval_interval, group_result);
      result.groups.push_back(std::move(group_result));
    }
  } catch (const YamlError& e) {
    result.errors.push_back(e.what());
  } catch (const UnitTestError& e) {
    result.errors.push_back(e.what());
  }
  return result;
}

std::string format_result(const UnitTestFileResult& result) {
  std::string out = "Unit Testing:  " + result.path + "\n";
  for (const std::string& e : result.errors)
    out += "  ERROR: " + e + "\n";
  for (const TestGroupResult& g : result.groups) {
    for (const std::string& e : g.errors)
      out += "  ERROR rule: " + e.substr(e.find("rule: ") == 0 ? 6 : 0) + "\n";
    for (const AssertionResult& a : g.assertions) {
      out += std::string("  ") + (a.passed ? "PASS " : "FAIL ") + a.heading() + "\n";
      if (a.passed) continue;
      if (!a.error.empty()) {
        out += "        err: " + a.error + "\n";
        continue;
      }
      out += "        exp: " + a.expected + "\n        got: " + a.got + "\n";
    }
  }
  out += result.passed() ? "  SUCCESS\n" : "  FAILED\n";
  return out;
}

}  // namespace drillsim::promql
