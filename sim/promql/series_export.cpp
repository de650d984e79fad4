#include "promql/series_export.hpp"

#include <cmath>
#include <stdexcept>

namespace drillsim::promql {

namespace {

std::string single_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string value_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return format_float_f(v);
}

// One token per grid point: "" for a missing sample.
std::string expanding(const std::vector<std::string>& tokens) {
  std::string out;
  for (std::size_t i = 0; i < tokens.size();) {
    std::size_t j = i + 1;
    while (j < tokens.size() && tokens[j] == tokens[i] && tokens[i] != "stale")
      ++j;
    const std::size_t run = j - i;
    if (!out.empty()) out += ' ';
    if (tokens[i].empty()) {
      out += run == 1 ? std::string("_") : "_x" + std::to_string(run);
    } else {
      out += tokens[i];
      if (run > 1) out += "x" + std::to_string(run - 1);
    }
    i = j;
  }
  return out;
}

std::string labels_block(const Labels& labels, const char* indent) {
  if (labels.empty()) return "{}\n";
  std::string out = "\n";
  for (const auto& [name, value] : labels)
    out += std::string(indent) + name + ": " + single_quoted(value) + "\n";
  return out;
}

}  // namespace

std::string write_promtool_test(const SeriesStore& store, const PromtoolTestSpec& spec) {
  std::string out =
      "# Written by drillsim: the series a drill scraped and the alerts it saw firing after each\n"
      "# evaluation. `promtool test rules` on this file says whether Prometheus agrees.\n";
  out += "rule_files:\n";
  for (const auto& file : spec.rule_files)
    out += "  - " + single_quoted(file) + "\n";
  out += "evaluation_interval: " + std::to_string(spec.evaluation_interval_ms) + "ms\n";
  out += "tests:\n  - interval: " + std::to_string(spec.interval_ms) + "ms\n    input_series:\n";
  for (const auto& [labels, series] : store.all()) {
    std::vector<std::string> tokens;
    for (const Sample& s : series.samples) {
      if (s.t_ms < 0 || s.t_ms % spec.interval_ms != 0)
        throw std::invalid_argument("a sample at " + std::to_string(s.t_ms) + " ms is off the " +
                                    std::to_string(spec.interval_ms) + " ms grid");
      const auto index = static_cast<std::size_t>(s.t_ms / spec.interval_ms);
      if (tokens.size() < index) tokens.resize(index);
      tokens.push_back(is_stale_nan(s.value) ? "stale" : value_text(s.value));
    }
    out += "      - series: " + single_quoted(format_labels(labels)) + "\n";
    out += "        values: " + single_quoted(expanding(tokens)) + "\n";
  }
  out += "    alert_rule_test:\n";
  for (const std::int64_t t : spec.evaluation_times_ms) {
    for (const auto& name : spec.alert_names) {
      out += "      - eval_time: " + std::to_string(t) + "ms\n";
      out += "        alertname: " + single_quoted(name) + "\n";
      out += "        exp_alerts:";
      bool any = false;
      for (const auto& alert : spec.firing) {
        if (alert.t_ms != t || alert.alertname != name) continue;
        if (!any) out += "\n";
        any = true;
        out += "          - exp_labels:" + labels_block(alert.labels, "              ");
        if (!alert.annotations.empty())
          out += "            exp_annotations:" + labels_block(alert.annotations, "              ");
      }
      if (!any) out += " []\n";
    }
  }
  return out;
}

std::string write_openmetrics(const SeriesStore& store, double start_s) {
  std::string out;
  for (const auto& [labels, series] : store.all()) {
    std::string name;
    std::string rest;
    for (const auto& [label, value] : labels) {
      if (label == kMetricName) {
        name = value;
        continue;
      }
      rest += (rest.empty() ? "" : ",") + label + "=" + quote_label_value(value);
    }
    const std::string prefix = name + (rest.empty() ? "" : "{" + rest + "}") + " ";
    for (const Sample& s : series.samples) {
      if (is_stale_nan(s.value)) continue;
      out += prefix + value_text(s.value) + " " +
             format_float_f(start_s + static_cast<double>(s.t_ms) / 1000.0) + "\n";
    }
  }
  return out + "# EOF\n";
}

}  // namespace drillsim::promql
