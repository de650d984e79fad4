#include "montecarlo/assess.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <utility>

namespace drillsim::montecarlo {

namespace {

using Json = nlohmann::ordered_json;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

double seconds(const Json& target, const char* key, const std::string& where) {
  if (!target.contains(key)) throw PolicyError(where + ": no \"" + key + "\"");
  const Json& v = target.at(key);
  if (!v.is_number() || !(v.get<double>() >= 0.0) || !std::isfinite(v.get<double>()))
    throw PolicyError(where + "/" + key + ": expected a number of seconds >= 0, got " + v.dump());
  return v.get<double>();
}

}  // namespace

const char* to_string(Disruption d) {
  switch (d) {
    case Disruption::Software:
      return "Software";
    case Disruption::Hardware:
      return "Hardware";
    case Disruption::AZ:
      return "AZ";
    case Disruption::Region:
      return "Region";
  }
  return "Software";
}

std::optional<Disruption> disruption_of(std::string_view kind) {
  static const std::map<std::string_view, Disruption> table{
      {"bad_release", Disruption::Software},       {"bad_config", Disruption::Software},
      {"memory_leak", Disruption::Software},       {"crash_loop", Disruption::Software},
      {"pool_exhaustion", Disruption::Software},   {"cpu_hog", Disruption::Software},
      {"traffic_spike", Disruption::Software},     {"failed_migration", Disruption::Software},
      {"data_corruption", Disruption::Software},   {"node_crash", Disruption::Hardware},
      {"network_latency", Disruption::Hardware},   {"network_loss", Disruption::Hardware},
      {"network_partition", Disruption::Hardware}, {"zone_outage", Disruption::AZ},
      {"dependency_outage", Disruption::Region},
  };
  const auto it = table.find(kind);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

Policy policy_from_json(const Json& input) {
  if (!input.is_object()) throw PolicyError("a policy must be a JSON object");
  Json json = input;
  // DescribeResiliencyPolicy answers {"policy": {policyName, policy: {...}, ...}}.
  if (json.size() == 1 && json.contains("policy") && json.at("policy").is_object() &&
      json.at("policy").contains("policy"))
    json = Json(json.at("policy"));
  if (!json.contains("policy") || !json.at("policy").is_object())
    throw PolicyError("no \"policy\" object (Software, Hardware, AZ, Region: {rtoInSecs, rpoInSecs})");
  Policy policy;
  for (const auto& [key, value] : json.items()) {
    if (key == "policyName") {
      if (!value.is_string()) throw PolicyError("/policyName: expected a string");
      policy.name = value.get<std::string>();
    } else if (key == "tier") {
      if (!value.is_string()) throw PolicyError("/tier: expected a string");
      policy.tier = value.get<std::string>();
    } else if (key != "policy") {
      policy.extra[key] = value;
    }
  }
  for (const auto& [key, value] : json.at("policy").items()) {
    std::optional<Disruption> d;
    for (const Disruption c : kDisruptions)
      if (key == to_string(c)) d = c;
    if (!d) throw PolicyError("/policy/" + key + ": not a disruption type (Software, Hardware, AZ, Region)");
    if (!value.is_object()) throw PolicyError("/policy/" + key + ": expected {rtoInSecs, rpoInSecs}");
    policy.targets[*d] = {seconds(value, "rtoInSecs", "/policy/" + key),
                          seconds(value, "rpoInSecs", "/policy/" + key)};
  }
  return policy;
}

Json policy_to_json(const Policy& policy) {
  Json out = Json::object();
  if (!policy.name.empty()) out["policyName"] = policy.name;
  for (const auto& [key, value] : policy.extra.items())
    out[key] = value;
  if (!policy.tier.empty()) out["tier"] = policy.tier;
  // Resilience Hub's seconds are integers: a whole number is written as one.
  const auto secs = [](double s) {
    return s == std::floor(s) && s < 9.0e15 ? Json(static_cast<std::int64_t>(s)) : Json(s);
  };
  Json targets = Json::object();
  for (const auto& [d, t] : policy.targets)
    targets[to_string(d)] = {{"rpoInSecs", secs(t.rpo_s)}, {"rtoInSecs", secs(t.rto_s)}};
  out["policy"] = std::move(targets);
  return out;
}

Achieved achieved(const ObjectiveOutcome& o) {
  Achieved a;
  if (o.time_to_restore_s) {
    a.rto_s = *o.time_to_restore_s;
  } else {
    a.rto_s = o.rto_met ? 0.0 : kInfinity;  // Never breached, or not restored.
  }
  // A missed RPO with a window inside it: corrupted writes remain, whatever the window.
  a.rpo_s = !o.rpo_met && o.data_loss_window_s <= o.rpo_s ? kInfinity : o.data_loss_window_s;
  return a;
}

std::string Compliance::status(double met_share) const {
  if (!target) return "MissingPolicy";
  if (runs == 0) return "NotApplicable";
  return static_cast<double>(both_met) >= met_share * static_cast<double>(runs) ? "PolicyMet"
                                                                                : "PolicyBreached";
}

Assessor::Assessor(Policy policy) : policy_(std::move(policy)) {}

void Assessor::add(Disruption type, const RunSummary& run) {
  for (const ObjectiveOutcome& o : run.objectives) {
    auto it = std::find_if(groups_.begin(), groups_.end(), [&](const Compliance& c) {
      return c.service == o.service && c.disruption == type;
    });
    if (it == groups_.end()) {
      Compliance c;
      c.service = o.service;
      c.disruption = type;
      if (const auto t = policy_.targets.find(type); t != policy_.targets.end()) c.target = t->second;
      groups_.push_back(std::move(c));
      it = std::prev(groups_.end());
    }
    Compliance& c = *it;
    const Achieved a = achieved(o);
    ++c.runs;
    c.rto_s.push_back(a.rto_s);
    c.rpo_s.push_back(a.rpo_s);
    if (!c.target) continue;
    const bool rto = a.rto_s <= c.target->rto_s;
    const bool rpo = a.rpo_s <= c.target->rpo_s;
    c.rto_met += rto ? 1 : 0;
    c.rpo_met += rpo ? 1 : 0;
    c.both_met += rto && rpo ? 1 : 0;
  }
}

std::vector<Compliance> Assessor::results() const {
  std::vector<Compliance> out = groups_;
  // Grouped by service (first met), then by disruption type in the policy's order.
  std::vector<std::string> services;
  for (const auto& c : out)
    if (std::find(services.begin(), services.end(), c.service) == services.end())
      services.push_back(c.service);
  std::stable_sort(out.begin(), out.end(), [&](const Compliance& a, const Compliance& b) {
    const auto ia = std::find(services.begin(), services.end(), a.service) - services.begin();
    const auto ib = std::find(services.begin(), services.end(), b.service) - services.begin();
    if (ia != ib) return ia < ib;
    return static_cast<int>(a.disruption) < static_cast<int>(b.disruption);
  });
  for (auto& c : out) {
    std::sort(c.rto_s.begin(), c.rto_s.end());
    std::sort(c.rpo_s.begin(), c.rpo_s.end());
  }
  return out;
}

std::vector<Compliance> assess(const Policy& policy, const std::vector<Disruption>& types,
                               const std::vector<std::vector<RunSummary>>& runs) {
  Assessor assessor(policy);
  for (std::size_t i = 0; i < runs.size(); ++i)
    for (const RunSummary& run : runs[i])
      assessor.add(types.at(i), run);
  return assessor.results();
}

std::optional<double> quantile_or_unbounded(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return std::nullopt;
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (std::isinf(sorted[lo])) return std::nullopt;
  if (h == static_cast<double>(lo)) return sorted[lo];  // quantile() would weigh the next by 0: inf * 0.
  if (std::isinf(sorted[lo + 1])) return std::nullopt;
  return quantile(sorted, p);
}

}  // namespace drillsim::montecarlo
