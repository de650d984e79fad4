// The Go text/template language as Prometheus 2.42 expands alert labels and annotations
// (template/template.go): actions, pipelines, variables, `if`/`else if`/`else`, `with`, `range`,
// whitespace trimming, Go's builtins (`and`, `or`, `not`, `eq`..`ge`, `len`, `index`, `print`,
// `printf`, `println`, `html`, `urlquery`) and Prometheus' functions (`humanize`, `humanize1024`,
// `humanizeDuration`, `humanizePercentage`, `humanizeTimestamp`, `toUpper`, `toLower`, `title`,
// `match`, `reReplaceAll`, `safeHtml`, `query`, `first`, `label`, `value`, `strvalue`,
// `sortByLabel`, `externalURL`, `pathPrefix`). Before the text, Prometheus binds `$labels`,
// `$externalLabels`, `$externalURL` and `$value`; so does this.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "promql/value.hpp"

namespace drillsim::promql {

// A template that does not parse (Go's parser rejects it, so does promtool check rules), or that
// uses a Prometheus template feature drillsim does not evaluate (`unsupported`).
class TemplateError : public std::runtime_error {
 public:
  TemplateError(const std::string& message, bool unsupported)
      : std::runtime_error(message), unsupported_(unsupported) {}
  bool unsupported() const { return unsupported_; }

 private:
  bool unsupported_;
};

struct TemplateData {
  Labels labels;  // the alert's query result element, `__name__` included when it has one
  Labels external_labels;
  std::string external_url;
  double value = 0;
  // Runs `query` at the evaluation instant; unset: `query` is an error at expansion.
  std::function<Vector(const std::string&)> query;
};

struct ParsedTemplate;

class GoTemplate {
 public:
  // Parses `text`; throws TemplateError.
  explicit GoTemplate(const std::string& text);
  ~GoTemplate();
  GoTemplate(GoTemplate&&) noexcept;
  GoTemplate& operator=(GoTemplate&&) noexcept;

  // Expands with `data`. A run-time error gives Prometheus' text for it,
  // "<error expanding template: ...>" (the message is drillsim's, close to Go's).
  std::string expand(const TemplateData& data) const;
  // The same, but throws TemplateError on a run-time error.
  std::string expand_or_throw(const TemplateData& data) const;

 private:
  std::unique_ptr<ParsedTemplate> parsed_;
};

// Go's strings.Title, fmt's %.4g and the humanize family, exposed for tests.
std::string go_format_g4(double v);
std::string humanize(double v);
std::string humanize1024(double v);
std::string humanize_duration(double v);
std::string humanize_percentage(double v);

}  // namespace drillsim::promql
