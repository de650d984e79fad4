#include "cli/scraped_series.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <numeric>
#include <stdexcept>

#include "report/report_writer.hpp"

namespace drillsim::cli {

namespace fs = std::filesystem;

namespace {

std::int64_t ms(double s) {
  return std::llround(s * 1000.0);
}

}  // namespace

std::string promtool_test_text(const model::Scenario& scenario, const engine::ScrapedSeries& scraped,
                               const std::string& test_dir) {
  const model::RuleFilesSpec& spec = *scenario.rule_files;
  if (spec.evaluation_offset_s != 0.0)
    throw std::invalid_argument("promtool evaluates at 0, E, 2E, ...: an evaluation_offset_s of " +
                                fmt::format("{}", spec.evaluation_offset_s) + " s cannot be replayed");
  promql::PromtoolTestSpec test;
  for (const auto& file : spec.files) {
    const fs::path absolute = fs::absolute(file.path);
    test.rule_files.push_back(
        fs::proximate(absolute, fs::absolute(test_dir.empty() ? fs::path(".") : fs::path(test_dir)))
            .string());
  }
  test.evaluation_interval_ms = ms(spec.evaluation_interval_s);
  test.interval_ms = std::gcd(ms(spec.scrape_interval_s), ms(spec.scrape_offset_s));
  test.alert_names = spec.alert_names;
  for (const double t : scraped.evaluations_s)
    test.evaluation_times_ms.push_back(ms(t));
  for (const auto& f : scraped.firing)
    test.firing.push_back({ms(f.t_s), f.alert, f.labels, f.annotations});
  return promql::write_promtool_test(*scraped.store, test);
}

void write_scraped_series(const model::Scenario& scenario, const engine::ScrapedSeries& scraped,
                          const std::string& export_series_file, const std::string& openmetrics_file) {
  const auto need_rules = [&](const std::string& file) {
    if (!scenario.rule_files)
      throw report::WriteError(file,
                               "the scenario has no rule files (\"detection\"), so no series were scraped");
  };
  if (!export_series_file.empty()) {
    need_rules(export_series_file);
    std::string text;
    try {
      text = promtool_test_text(scenario, scraped, fs::path(export_series_file).parent_path().string());
    } catch (const std::invalid_argument& e) {
      throw report::WriteError(export_series_file, e.what());
    }
    report::write_text_atomically(text, export_series_file);
  }
  if (!openmetrics_file.empty()) {
    need_rules(openmetrics_file);
    report::write_text_atomically(promql::write_openmetrics(*scraped.store), openmetrics_file);
  }
}

void print_rule_alerts(std::ostream& out, const engine::ScrapedSeries& scraped) {
  out << "\nRule file alerts (pending, firing, resolved)\n";
  if (scraped.transitions.empty()) out << "  none went pending\n";
  for (const auto& t : scraped.transitions)
    out << fmt::format("  {:>9.1f}  {:<9} {}{}\n", t.t_s, t.state, t.alert, t.labels);
}

}  // namespace drillsim::cli
