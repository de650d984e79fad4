#include "gui/result_reports.hpp"

#include <algorithm>

#include "gui/json_node.hpp"

namespace drillsim::gui {

namespace {

using detail::json;
using detail::Node;

void check_format(const Node& root, const std::string& kind, int supported) {
  const Node format = root.field("format");
  if (format.count() != supported)
    format.fail("unsupported " + kind + " format " + std::to_string(format.count()) + "; this build reads " +
                std::to_string(supported));
}

std::optional<std::int64_t> count_or_null(const Node& n) {
  if (n.is_null()) return std::nullopt;
  return n.count();
}

// An integer that may be negative (a headroom).
std::optional<std::int64_t> integer_or_null(const Node& n) {
  if (n.is_null()) return std::nullopt;
  if (!n.present() || !(n.raw().is_number_integer() || n.raw().is_number_unsigned()))
    n.expected("an integer");
  if (n.raw().is_number_unsigned() && n.raw().get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
    n.expected("an integer below 2^63");
  return n.raw().get<std::int64_t>();
}

std::vector<std::pair<std::string, std::string>> settings_of(const Node& n) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [pointer, value] : n.members())
    out.emplace_back(pointer, value.raw().dump());
  return out;
}

CapacityReport read_capacity(const Node& root) {
  check_format(root, "capacity", kCapacityFormat);
  CapacityReport r;
  r.generator = root.field("generator").string();
  const Node scenario = root.field("scenario");
  r.scenario_name = scenario.field("name").string();
  r.scenario_file = scenario.field("file").string();
  r.seed = root.field("seed").unsigned_integer();
  r.runs_per_count = root.field("runs_per_count").count();
  r.max_replicas = root.field("max_replicas").count();
  const Node judged = root.field("judged");
  r.judged_from_s = judged.field("from_s").number();
  r.judged_to_s = judged.field("to_s").number();
  for (const Node& s : root.field("services").elements()) {
    CapacityService c;
    c.service = s.field("service").string();
    c.today_replicas = s.field("today_replicas").count();
    c.fewest_replicas = count_or_null(s.field("fewest_replicas"));
    c.headroom_replicas = integer_or_null(s.field("headroom_replicas"));
    c.utilisation_at_today = s.field("utilisation_at_today").number_or_null();
    c.utilisation_at_fewest = s.field("utilisation_at_fewest").number_or_null();
    const Node drill = s.field("utilisation_over_drill");
    c.utilisation_stable = drill.field("stable").number_or_null();
    c.utilisation_new = drill.field("new").number_or_null();
    c.utilisation_all = drill.field("all").number_or_null();
    for (const Node& p : s.field("probes").elements()) {
      CapacityProbe probe;
      probe.replicas = p.field("replicas").count();
      probe.runs = p.field("runs").count();
      probe.runs_within_slo = p.field("runs_within_slo").count();
      if (probe.runs_within_slo > probe.runs) p.field("runs_within_slo").fail("exceeds runs");
      const Node passed = p.field("passed");
      if (!passed.present() || !passed.raw().is_boolean()) passed.expected("true or false");
      probe.passed = passed.raw().get<bool>();
      probe.worst_window_error_ratio = p.field("worst_window_error_ratio").number();
      probe.worst_window_slow_share = p.field("worst_window_slow_share").number();
      probe.utilisation = p.field("utilisation").number();
      c.probes.push_back(probe);
    }
    r.services.push_back(std::move(c));
  }
  return r;
}

// A proportion as `drillsim assess` writes it: count, of, p and Wilson (p and wilson null when of is 0).
Proportion read_wilson_proportion(const Node& n) {
  Proportion p;
  p.count = n.field("count").count();
  p.of = n.field("of").count();
  if (p.count > p.of) n.field("count").fail("count exceeds of");
  if (!n.field("p").is_null()) {
    p.p = n.field("p").number();
    p.wilson = n.field("wilson").interval();
  }
  return p;
}

std::optional<Proportion> proportion_or_null(const Node& n) {
  if (n.is_null()) return std::nullopt;
  return read_wilson_proportion(n);
}

AssessmentObjective read_objective(const Node& n) {
  AssessmentObjective o;
  o.target_s = n.field("target_s").number_or_null();
  o.met = proportion_or_null(n.field("met"));
  o.p50_s = n.field("p50_s").number_or_null();
  o.p95_s = n.field("p95_s").number_or_null();
  return o;
}

AssessmentReport read_assessment(const Node& root) {
  check_format(root, "assessment", kAssessmentFormat);
  AssessmentReport r;
  r.generator = root.field("generator").string();
  const Node policy = root.field("policy");
  if (const Node name = policy.field("policyName"); name.present()) r.policy_name = name.string();
  if (const Node tier = policy.field("tier"); tier.present()) r.policy_tier = tier.string();
  for (const auto& [type, target] : policy.field("policy").members()) {
    PolicyTarget t;
    t.disruption_type = type;
    t.rto_s = target.field("rtoInSecs").number_or_null();
    t.rpo_s = target.field("rpoInSecs").number_or_null();
    r.policy_targets.push_back(std::move(t));
  }
  r.met_at = root.field("met_at").number();
  r.confidence = root.field("confidence").number();
  for (const Node& s : root.field("scenarios").elements()) {
    AssessmentScenario a;
    a.file = s.field("file").string();
    a.name = s.field("name").string();
    a.fault_kind = s.field("fault_kind").string();
    a.disruption_type = s.field("disruption_type").string();
    a.seed = s.field("seed").unsigned_integer();
    a.runs = s.field("runs").count();
    r.scenarios.push_back(std::move(a));
  }
  r.runs_with_violations = root.field("runs_with_violations").count();
  for (const Node& n : root.field("results").elements()) {
    AssessmentResult a;
    a.service = n.field("service").string();
    a.disruption_type = n.field("disruptionType").string();
    a.compliance_status = n.field("complianceStatus").string();
    a.runs = n.field("runs").count();
    a.achievable_rto_s = n.field("achievableRtoInSecs").number_or_null();
    a.achievable_rpo_s = n.field("achievableRpoInSecs").number_or_null();
    a.rto = read_objective(n.field("rto"));
    a.rpo = read_objective(n.field("rpo"));
    a.both_met = proportion_or_null(n.field("both_met"));
    r.results.push_back(std::move(a));
  }
  for (const Node& t : root.field("not_applicable").elements())
    r.not_applicable.push_back(t.string());
  return r;
}

std::optional<Difference> difference_or_null(const Node& n) {
  if (n.is_null()) return std::nullopt;
  return Difference{n.field("estimate").number(), n.field("interval").interval()};
}

Difference difference(const Node& n) {
  const std::optional<Difference> d = difference_or_null(n);
  if (!d) n.expected("an object");
  return *d;
}

ComparisonReport read_comparison(const Node& root) {
  check_format(root, "comparison", kComparisonFormat);
  ComparisonReport r;
  r.generator = root.field("generator").string();
  const Node scenario = root.field("scenario");
  r.scenario_name = scenario.field("name").string();
  r.scenario_file = scenario.field("file").string();
  r.seed = root.field("seed").unsigned_integer();
  r.runs = root.field("runs").count();
  r.confidence = root.field("confidence").number();
  const Node bootstrap = root.field("bootstrap");
  r.bootstrap_resamples = bootstrap.field("resamples").count();
  r.bootstrap_method = bootstrap.field("method").string();
  r.target = root.field("target").string();
  const Node baseline = root.field("baseline");
  r.baseline_settings = settings_of(baseline.field("settings"));
  r.baseline_p_rto_met = baseline.field("p_rto_met").number();
  r.baseline_p95_time_to_restore_s = baseline.field("p95_time_to_restore_s").number_or_null();
  // Per service: written since the per-service changes were added; a file without them shows none.
  if (const Node services = baseline.field("services"); services.present()) {
    for (const Node& n : services.elements())
      r.baseline_services.push_back(
          {n.field("service").string(), n.field("p_rto_met").number(), n.field("p_rpo_met").number()});
  }
  // What the ranking was decided on: written since --rank-by; a file without it was ranked overall.
  if (const Node by = root.field("ranked_by"); by.present() && !by.is_null()) {
    if (const Node service = by.field("service"); !service.is_null()) r.ranked_by_service = service.string();
    const std::string objective = by.field("objective").string();
    if (objective != "rto" && objective != "rpo") by.field("objective").expected("\"rto\" or \"rpo\"");
    r.ranked_by_rpo = objective == "rpo";
  }
  for (const Node& n : root.field("candidates").elements()) {
    ComparisonCandidate c;
    c.rank = n.field("rank").count();
    c.name = n.field("name").string();
    c.settings = settings_of(n.field("settings"));
    c.p_rto_met = n.field("p_rto_met").number();
    c.p95_time_to_restore_s = n.field("p95_time_to_restore_s").number_or_null();
    c.delta_p_rto_met = difference(n.field("delta_p_rto_met"));
    c.delta_p95_time_to_restore_s = difference_or_null(n.field("delta_p95_time_to_restore_s"));
    c.runs_gained = n.field("runs_gained").count();
    c.runs_lost = n.field("runs_lost").count();
    if (const Node ranked = n.field("ranked_change"); ranked.present()) c.ranked_change = difference(ranked);
    if (const Node services = n.field("services"); services.present()) {
      for (const Node& m : services.elements()) {
        ComparisonService s;
        s.service = m.field("service").string();
        s.p_rto_met = m.field("p_rto_met").number();
        s.p_rpo_met = m.field("p_rpo_met").number();
        s.delta_p_rto_met = difference(m.field("delta_p_rto_met"));
        s.delta_p_rpo_met = difference(m.field("delta_p_rpo_met"));
        s.rto_runs_gained = m.field("rto_runs_gained").count();
        s.rto_runs_lost = m.field("rto_runs_lost").count();
        s.rpo_runs_gained = m.field("rpo_runs_gained").count();
        s.rpo_runs_lost = m.field("rpo_runs_lost").count();
        c.services.push_back(std::move(s));
      }
    }
    r.candidates.push_back(std::move(c));
  }
  return r;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ComparisonReport::own_settings(
    const ComparisonCandidate& c) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& s : c.settings) {
    if (std::find(baseline_settings.begin(), baseline_settings.end(), s) == baseline_settings.end())
      out.push_back(s);
  }
  return out;
}

std::string ComparisonReport::ranked_by_text() const {
  if (!ranked_by_service) return "P(every RTO met)";
  return *ranked_by_service + "'s P(" + (ranked_by_rpo ? "RPO" : "RTO") + " met)";
}

const BaselineService* ComparisonReport::baseline_service(const std::string& service) const {
  for (const auto& s : baseline_services) {
    if (s.service == service) return &s;
  }
  return nullptr;
}

std::string ResultReport::name() const {
  if (const auto* c = capacity()) return c->scenario_name;
  if (const auto* a = assessment())
    return a->policy_name.empty() ? std::string("(unnamed policy)") : a->policy_name;
  return comparison()->scenario_name;
}

const char* kind_name(ResultKind kind) {
  switch (kind) {
    case ResultKind::Capacity:
      return "capacity";
    case ResultKind::Assessment:
      return "assessment";
    case ResultKind::Comparison:
      return "comparison";
  }
  return "";
}

FileKind file_kind(const json& json) {
  if (!json.is_object()) return FileKind::DrillReport;  // The report's reader words the error.
  const auto kind = json.find("kind");
  if (kind == json.end()) return FileKind::DrillReport;
  if (!kind->is_string()) return FileKind::Unknown;
  if (*kind == "aggregate" || *kind == "sweep") return FileKind::Study;
  if (*kind == "capacity" || *kind == "assessment" || *kind == "comparison") return FileKind::Result;
  return FileKind::Unknown;
}

const char* known_kinds() {
  return "aggregate, sweep, capacity, assessment and comparison";
}

ResultReport result_from_json(const json& json) {
  const Node root(&json, "");
  const std::string kind = root.field("kind").string();
  if (kind == "capacity") return ResultReport{read_capacity(root)};
  if (kind == "assessment") return ResultReport{read_assessment(root)};
  if (kind == "comparison") return ResultReport{read_comparison(root)};
  root.field("kind").fail("expected \"capacity\", \"assessment\" or \"comparison\"");
}

}  // namespace drillsim::gui
