#include "report/formats/csv_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <sstream>
#include <vector>

#include "report/formats/text.hpp"

namespace drillsim::report::formats {

namespace {

std::string number(std::optional<double> v) {
  return plain_number(v);
}

std::string series_table(const Report& report) {
  std::ostringstream out;
  out << "t_s";
  static constexpr const char* kFields[] = {"requests", "errors", "slow", "p50_s", "p95_s", "p99_s", "ready"};
  std::size_t rows = 0;
  for (const auto& s : report.series) {
    for (const char* field : kFields)
      out << ',' << csv_field(s.service + "/" + s.version + "/" + field);
    rows = std::max(rows, s.data.size());
  }
  out << '\n';
  const double step = report.series.empty() ? 1.0 : report.series.front().step_s;
  for (std::size_t k = 0; k < rows; ++k) {
    out << number(static_cast<double>(k) * step);
    for (const auto& s : report.series) {
      const auto& d = s.data;
      if (k >= d.size()) {
        out << ",,,,,,,";
        continue;
      }
      out << fmt::format(",{},{},{},{},{},{},{}", d.requests[k], d.errors[k], d.slow[k], number(d.p50_s[k]),
                         number(d.p95_s[k]), number(d.p99_s[k]), d.ready[k]);
    }
    out << '\n';
  }
  return out.str();
}

std::string instants_table(const Report& report) {
  std::ostringstream out;
  out << "service,fault,instant,t_s,since_onset_s\n";
  for (const auto& incident : report.incidents) {
    const auto onset = incident.instants.at(model::Instant::Onset);
    for (const auto instant : model::kInstants) {
      const auto t = incident.instants.at(instant);
      const std::optional<double> since = t && onset ? std::optional<double>(*t - *onset) : std::nullopt;
      out << fmt::format("{},{},{},{},{}\n", csv_field(incident.service), csv_field(incident.fault),
                         model::to_string(instant), number(t), number(since));
    }
  }
  return out.str();
}

std::string steps_table(const Report& report) {
  std::ostringstream out;
  out << "n,level,step,action,start_s,end_s,duration_s,status,attempts,detail,source_line\n";
  int n = 0;
  for (const auto& step : report.plan.steps) {
    const std::optional<double> took =
        step.start_s && step.end_s ? std::optional<double>(*step.end_s - *step.start_s) : std::nullopt;
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", ++n, csv_field(step.level), csv_field(step.name),
                       csv_field(step.action), number(step.start_s), number(step.end_s), number(took),
                       model::to_string(step.status), step.attempts, csv_field(step.detail),
                       step.source_line > 0 ? std::to_string(step.source_line) : std::string());
  }
  return out.str();
}

}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

CsvTables csv_tables(const Report& report) {
  return CsvTables{series_table(report), instants_table(report), steps_table(report)};
}

}  // namespace drillsim::report::formats
