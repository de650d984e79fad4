#include "report/formats/junit_xml.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <ctime>
#include <sstream>
#include <vector>

#include "metrics/incident_metrics.hpp"
#include "report/formats/text.hpp"
#include "report/formats/verdict_text.hpp"

namespace drillsim::report::formats {

namespace {

struct Case {
  std::string classname;
  std::string name;
  double time_s = 0;
  enum class Result { Passed, Failed, Skipped } result = Result::Passed;
  std::string type;     // The failure's type: "rto_missed", ...
  std::string message;  // Failure or skip message; for a pass, the system-out line.
};

std::string seconds(double s) {
  return fmt::format("{:.3f}", s < 0 ? 0.0 : s);
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "\xEF\xBF\xBD";
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string junit_xml(const Report& report, const std::optional<std::string>& timestamp) {
  const std::string suite = "drill " + report.scenario.name;
  const std::string prefix = "drillsim." + report.scenario.name;
  std::vector<Case> cases;
  for (const auto& o : report.objectives) {
    Case rto{prefix + ".objectives",
             o.service + " RTO",
             o.time_to_restore_s.value_or(0.0),
             Case::Result::Passed,
             "",
             rto_text(o)};
    if (!o.rto_met) {
      rto.result = Case::Result::Failed;
      rto.type = "rto_missed";
    }
    cases.push_back(rto);
    Case rpo{prefix + ".objectives", o.service + " RPO", 0, Case::Result::Passed, "", rpo_text(o)};
    if (!o.rpo_met) {
      rpo.result = Case::Result::Failed;
      rpo.type = "rpo_missed";
    }
    cases.push_back(rpo);
    Case integrity{prefix + ".objectives", o.service + " data integrity", 0, Case::Result::Passed, "",
                   integrity_text(o)};
    if (!integrity_met(o)) {
      integrity.result = Case::Result::Failed;
      integrity.type = "corrupted_writes_remain";
    }
    cases.push_back(integrity);
  }
  for (std::size_t i = 0; i < report.plan.levels.size(); ++i) {
    const model::LevelOutcome& level = report.plan.levels[i];
    if (!level.claim_s) continue;  // No claim, nothing to test.
    const metrics::LevelClaim& claim = report.level_claims.at(i);
    Case c{prefix + ".plan",
           "level " + level.name + " claim",
           claim.elapsed_s.value_or(0.0),
           Case::Result::Passed,
           "",
           level_claim_text(level, claim)};
    if (!claim.met) {
      c.result = Case::Result::Skipped;
    } else if (!*claim.met) {
      c.result = Case::Result::Failed;
      c.type = "claim_missed";
    }
    cases.push_back(c);
  }

  std::size_t failures = 0;
  std::size_t skipped = 0;
  for (const auto& c : cases) {
    failures += c.result == Case::Result::Failed ? 1 : 0;
    skipped += c.result == Case::Result::Skipped ? 1 : 0;
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format(
      "<testsuites name=\"drillsim\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{}\">\n",
      cases.size(), failures, skipped, seconds(report.scenario.duration_s));
  out << fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{}\"",
      xml_escape(suite), cases.size(), failures, skipped, seconds(report.scenario.duration_s));
  if (timestamp) out << fmt::format(" timestamp=\"{}\"", xml_escape(*timestamp));
  out << ">\n    <properties>\n";
  const auto property = [&](const std::string& name, const std::string& value) {
    out << fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", name, xml_escape(value));
  };
  property("scenario_file", report.scenario.file);
  property("seed", std::to_string(report.seed));
  property("generator", report.generator);
  property("plan_exit_state", report.plan.exit_state);
  out << "    </properties>\n";
  for (const auto& c : cases) {
    out << fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{}\"", xml_escape(c.classname),
                       xml_escape(c.name), seconds(c.time_s));
    switch (c.result) {
      case Case::Result::Passed:
        out << ">\n" << fmt::format("      <system-out>{}</system-out>\n", xml_escape(c.message));
        break;
      case Case::Result::Failed:
        out << ">\n"
            << fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", xml_escape(c.message),
                           c.type, xml_escape(c.message));
        break;
      case Case::Result::Skipped:
        out << ">\n" << fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(c.message));
        break;
    }
    out << "    </testcase>\n";
  }
  std::string system_out = "plan " + report.plan.exit_state;
  if (!report.plan.reason.empty()) system_out += ": " + report.plan.reason;
  for (const auto& assumption : report.scenario.assumptions)
    system_out += "\nassumption: " + assumption;
  out << fmt::format("    <system-out>{}</system-out>\n", xml_escape(system_out));
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

std::optional<std::string> file_written_at(const std::string& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  std::tm utc{};
  if (::gmtime_r(&st.st_mtime, &utc) == nullptr) return std::nullopt;
  char text[32];
  if (std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc) == 0) return std::nullopt;
  return std::string(text);
}

}  // namespace drillsim::report::formats
