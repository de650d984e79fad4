#include "montecarlo/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace drillsim::montecarlo {

namespace {

using Json = nlohmann::ordered_json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The p95 of the finite values among `values` (reordered); NaN when there is none.
double p95(std::vector<double>& values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
               values.end());
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  return quantile(values, 0.95);
}

double proportion_met(const std::vector<PairedRun>& runs, const std::vector<std::size_t>& at) {
  std::uint64_t met = 0;
  for (const std::size_t i : at)
    met += runs[i].rto_met ? 1 : 0;
  return static_cast<double>(met) / static_cast<double>(at.size());
}

// The share of the runs `at` in which objective `o` met its RTO (rpo false) or its RPO (rpo true).
double objective_met(const std::vector<PairedRun>& runs, const std::vector<std::size_t>& at, std::size_t o,
                     bool rpo) {
  std::uint64_t met = 0;
  for (const std::size_t i : at) {
    const ObjectiveMet& m = runs[i].objectives[o];
    met += (rpo ? m.rpo_met : m.rto_met) ? 1 : 0;
  }
  return static_cast<double>(met) / static_cast<double>(at.size());
}

double p95_at(const std::vector<PairedRun>& runs, const std::vector<std::size_t>& at) {
  std::vector<double> values;
  values.reserve(at.size());
  for (const std::size_t i : at)
    values.push_back(runs[i].restore_s);
  return p95(values);
}

// SplitMix64's next output.
std::uint64_t next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

Interval percentile_interval(std::vector<double> stats, double confidence) {
  std::sort(stats.begin(), stats.end());
  return {quantile(stats, (1.0 - confidence) / 2.0), quantile(stats, (1.0 + confidence) / 2.0)};
}

Json number_or_null(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? Json(*v) : Json(nullptr);
}

Json difference_json(const std::optional<Difference>& d) {
  if (!d) return nullptr;
  return Json{{"estimate", d->estimate}, {"interval", Json::array({d->interval.lo, d->interval.hi})}};
}

}  // namespace

PairedRun paired_run(const RunSummary& run) {
  PairedRun p;
  p.rto_met = std::all_of(run.objectives.begin(), run.objectives.end(),
                          [](const ObjectiveOutcome& o) { return o.rto_met; });
  p.restore_s = run.restore_or_censored_s.value_or(kNaN);
  for (const auto& o : run.objectives)
    p.objectives.push_back({o.rto_met, o.rpo_met});
  return p;
}

std::vector<std::string> objective_services(const RunSummary& run) {
  std::vector<std::string> out;
  for (const auto& o : run.objectives)
    out.push_back(o.service);
  return out;
}

CandidateComparison compare_paired(const std::vector<PairedRun>& baseline,
                                   const std::vector<PairedRun>& candidate, int resamples,
                                   std::uint64_t bootstrap_seed, double confidence,
                                   const std::vector<std::string>& services) {
  if (baseline.empty() || baseline.size() != candidate.size())
    throw std::invalid_argument("compare_paired: the baseline and the candidate need the same runs");
  if (resamples < 2) throw std::invalid_argument("compare_paired: at least 2 resamples");
  const std::size_t n = baseline.size();
  const std::size_t objectives = baseline.front().objectives.size();
  for (std::size_t i = 0; i < n; ++i)
    if (baseline[i].objectives.size() != objectives || candidate[i].objectives.size() != objectives)
      throw std::invalid_argument("compare_paired: every run needs the same objectives");
  CandidateComparison out;
  std::vector<std::size_t> all(n);
  for (std::size_t i = 0; i < n; ++i) {
    all[i] = i;
    out.gained += candidate[i].rto_met && !baseline[i].rto_met ? 1 : 0;
    out.lost += baseline[i].rto_met && !candidate[i].rto_met ? 1 : 0;
  }
  out.p_rto_met = proportion_met(candidate, all);
  out.delta_p_rto_met.estimate = out.p_rto_met - proportion_met(baseline, all);
  const double p95_c = p95_at(candidate, all);
  const double p95_b = p95_at(baseline, all);
  if (std::isfinite(p95_c)) out.p95_restore_s = p95_c;
  for (std::size_t o = 0; o < objectives; ++o) {
    ServiceComparison s;
    s.service = o < services.size() ? services[o] : fmt::format("objective {}", o + 1);
    s.p_rto_met = objective_met(candidate, all, o, false);
    s.p_rpo_met = objective_met(candidate, all, o, true);
    s.delta_p_rto_met.estimate = s.p_rto_met - objective_met(baseline, all, o, false);
    s.delta_p_rpo_met.estimate = s.p_rpo_met - objective_met(baseline, all, o, true);
    for (std::size_t i = 0; i < n; ++i) {
      const ObjectiveMet& b = baseline[i].objectives[o];
      const ObjectiveMet& c = candidate[i].objectives[o];
      s.rto_gained += c.rto_met && !b.rto_met ? 1 : 0;
      s.rto_lost += b.rto_met && !c.rto_met ? 1 : 0;
      s.rpo_gained += c.rpo_met && !b.rpo_met ? 1 : 0;
      s.rpo_lost += b.rpo_met && !c.rpo_met ? 1 : 0;
    }
    out.services.push_back(std::move(s));
  }
  // Per objective, its resampled changes in P(RTO met) and P(RPO met).
  std::vector<std::vector<double>> delta_rto(objectives);
  std::vector<std::vector<double>> delta_rpo(objectives);

  std::vector<double> delta_p;
  std::vector<double> delta_q;
  delta_p.reserve(static_cast<std::size_t>(resamples));
  delta_q.reserve(static_cast<std::size_t>(resamples));
  std::uint64_t state = bootstrap_seed;
  std::vector<std::size_t> at(n);
  for (int r = 0; r < resamples; ++r) {
    for (auto& i : at)
      i = static_cast<std::size_t>(next(state) % n);  // The modulo's bias is below n / 2^64.
    delta_p.push_back(proportion_met(candidate, at) - proportion_met(baseline, at));
    const double q = p95_at(candidate, at) - p95_at(baseline, at);
    if (std::isfinite(q)) delta_q.push_back(q);
    for (std::size_t o = 0; o < objectives; ++o) {
      delta_rto[o].push_back(objective_met(candidate, at, o, false) - objective_met(baseline, at, o, false));
      delta_rpo[o].push_back(objective_met(candidate, at, o, true) - objective_met(baseline, at, o, true));
    }
  }
  out.delta_p_rto_met.interval = percentile_interval(std::move(delta_p), confidence);
  for (std::size_t o = 0; o < objectives; ++o) {
    out.services[o].delta_p_rto_met.interval = percentile_interval(std::move(delta_rto[o]), confidence);
    out.services[o].delta_p_rpo_met.interval = percentile_interval(std::move(delta_rpo[o]), confidence);
  }
  // A resample without a restore time on a side has no difference; the interval needs most of them.
  if (std::isfinite(p95_c) && std::isfinite(p95_b) &&
      delta_q.size() * 2 > static_cast<std::size_t>(resamples))
    out.delta_p95_restore_s = Difference{p95_c - p95_b, percentile_interval(std::move(delta_q), confidence)};
  return out;
}

RankBy parse_rank_by(const std::string& text) {
  if (text == "overall") return {};
  const auto colon = text.rfind(':');
  RankBy by{text.substr(0, colon), false};
  if (colon != std::string::npos) {
    const std::string objective = text.substr(colon + 1);
    if (objective != "rto" && objective != "rpo")
      throw std::invalid_argument("--rank-by expects SERVICE, SERVICE:rto or SERVICE:rpo, got \"" + text +
                                  "\"");
    by.rpo = objective == "rpo";
  }
  if (by.service.empty())
    throw std::invalid_argument("--rank-by expects SERVICE, SERVICE:rto or SERVICE:rpo, got \"" + text +
                                "\"");
  return by;
}

const Difference& ranked_change(const CandidateComparison& candidate, const RankBy& by) {
  if (by.service.empty()) return candidate.delta_p_rto_met;
  for (const auto& s : candidate.services)
    if (s.service == by.service) return by.rpo ? s.delta_p_rpo_met : s.delta_p_rto_met;
  throw std::invalid_argument("--rank-by: no objective for service \"" + by.service + "\"");
}

void rank_candidates(std::vector<CandidateComparison>& candidates, const RankBy& by) {
  for (const auto& c : candidates)
    (void)ranked_change(c, by);  // Every candidate has the service, before any is moved.
  std::stable_sort(
      candidates.begin(), candidates.end(), [&](const CandidateComparison& a, const CandidateComparison& b) {
        const double ra = ranked_change(a, by).estimate;
        const double rb = ranked_change(b, by).estimate;
        if (ra != rb) return ra > rb;
        if (a.delta_p_rto_met.estimate != b.delta_p_rto_met.estimate)
          return a.delta_p_rto_met.estimate > b.delta_p_rto_met.estimate;
        const double qa =
            a.delta_p95_restore_s ? a.delta_p95_restore_s->estimate : std::numeric_limits<double>::infinity();
        const double qb =
            b.delta_p95_restore_s ? b.delta_p95_restore_s->estimate : std::numeric_limits<double>::infinity();
        if (qa != qb) return qa < qb;
        return a.name < b.name;
      });
}

Json comparison_json(const ComparisonStudy& study, const std::vector<CandidateComparison>& ranked) {
  Json candidates = Json::array();
  std::size_t rank = 0;
  for (const auto& c : ranked) {
    Json services = Json::array();
    for (const auto& s : c.services) {
      services.push_back({{"service", s.service},
                          {"p_rto_met", s.p_rto_met},
                          {"delta_p_rto_met", difference_json(s.delta_p_rto_met)},
                          {"rto_runs_gained", s.rto_gained},
                          {"rto_runs_lost", s.rto_lost},
                          {"p_rpo_met", s.p_rpo_met},
                          {"delta_p_rpo_met", difference_json(s.delta_p_rpo_met)},
                          {"rpo_runs_gained", s.rpo_gained},
                          {"rpo_runs_lost", s.rpo_lost}});
    }
    candidates.push_back({{"rank", ++rank},
                          {"name", c.name},
                          {"settings", c.settings},
                          {"p_rto_met", c.p_rto_met},
                          {"p95_time_to_restore_s", number_or_null(c.p95_restore_s)},
                          {"delta_p_rto_met", difference_json(c.delta_p_rto_met)},
                          {"delta_p95_time_to_restore_s", difference_json(c.delta_p95_restore_s)},
                          {"runs_gained", c.gained},
                          {"runs_lost", c.lost},
                          {"ranked_change", difference_json(ranked_change(c, study.rank_by))},
                          {"services", std::move(services)}});
  }
  Json baseline_services = Json::array();
  for (const auto& s : study.baseline_services)
    baseline_services.push_back(
        {{"service", s.service}, {"p_rto_met", s.p_rto_met}, {"p_rpo_met", s.p_rpo_met}});
  return Json{
      {"kind", "comparison"},
      {"format", 1},
      {"generator", study.generator},
      {"scenario", {{"name", study.scenario_name}, {"file", study.scenario_file}}},
      {"seed", study.seed},
      {"seed_derivation", "splitmix64(seed, run) >> 11"},
      {"runs", study.runs},
      {"confidence", study.confidence},
      {"bootstrap", {{"resamples", study.resamples}, {"seed", study.seed}, {"method", "paired percentile"}}},
      {"target", "restore_or_censored_s"},
      {"ranked_by",
       {{"service", study.rank_by.service.empty() ? Json(nullptr) : Json(study.rank_by.service)},
        {"objective", study.rank_by.rpo ? "rpo" : "rto"}}},
      {"baseline",
       {{"settings", study.baseline_settings},
        {"p_rto_met", study.baseline_p_rto_met},
        {"p95_time_to_restore_s", number_or_null(study.baseline_p95_restore_s)},
        {"services", std::move(baseline_services)}}},
      {"candidates", std::move(candidates)}};
}

std::string format_comparison(const Json& c) {
  const auto pct = [](const Json& v) {
    return v.is_null() ? std::string("—") : fmt::format("{:.1f}%", 100.0 * v.get<double>());
  };
  const auto secs = [](const Json& v) {
    return v.is_null() ? std::string("—") : fmt::format("{:.1f}", v.get<double>());
  };
  const auto delta_pct = [](const Json& d) {
    if (d.is_null()) return std::string("—");
    return fmt::format("{:+.1f} ({:+.1f} to {:+.1f})", 100.0 * d.at("estimate").get<double>(),
                       100.0 * d.at("interval")[0].get<double>(), 100.0 * d.at("interval")[1].get<double>());
  };
  const auto delta_s = [](const Json& d) {
    if (d.is_null()) return std::string("—");
    return fmt::format("{:+.1f} ({:+.1f} to {:+.1f})", d.at("estimate").get<double>(),
                       d.at("interval")[0].get<double>(), d.at("interval")[1].get<double>());
  };
  std::string out = fmt::format(
      "drillsim: {} candidate(s) against the baseline, {} runs each of scenario \"{}\" ({}), seed {}, the "
      "same "
      "seeds for all\n",
      c.at("candidates").size(), c.at("runs").get<std::uint64_t>(),
      c.at("scenario").at("name").get<std::string>(), c.at("scenario").at("file").get<std::string>(),
      c.at("seed").get<std::uint64_t>());
  const auto& base = c.at("baseline");
  out += fmt::format("  baseline: P(RTO met) {}, p95 time to restore {} s\n\n", pct(base.at("p_rto_met")),
                     secs(base.at("p95_time_to_restore_s")));
  const int confidence = static_cast<int>(std::lround(100.0 * c.at("confidence").get<double>()));
  // Ranked by a service: its own change first, with its interval.
  const Json ranked_by = c.contains("ranked_by") ? c.at("ranked_by") : Json(nullptr);
  const bool by_service = ranked_by.is_object() && !ranked_by.at("service").is_null();
  std::string service_heading;
  if (by_service) {
    const std::string objective = ranked_by.at("objective") == "rpo" ? "RPO" : "RTO";
    out += fmt::format("  ranked by {}'s P({} met)\n", ranked_by.at("service").get<std::string>(), objective);
    service_heading = fmt::format("{} P({}) change ({}%)", ranked_by.at("service").get<std::string>(),
                                  objective, confidence);
  }
  const auto service_column = [&](const std::string& text) {
    return by_service ? fmt::format(" {:>30}", text) : std::string();
  };
  out +=
      fmt::format("  {:>4}  {:<24}{} {:>8} {:>28} {:>9} {:>30} {:>7} {:>6}\n", "rank", "candidate",
                  service_column(service_heading), "P(RTO)", fmt::format("change, points ({}%)", confidence),
                  "p95 TTR", fmt::format("change, s ({}%)", confidence), "gained", "lost");
  for (const auto& row : c.at("candidates")) {
    out += fmt::format("  {:>4}  {:<24}{} {:>8} {:>28} {:>9} {:>30} {:>7} {:>6}\n",
                       row.at("rank").get<std::size_t>(), row.at("name").get<std::string>(),
                       service_column(by_service ? delta_pct(row.at("ranked_change")) : std::string()),
                       pct(row.at("p_rto_met")), delta_pct(row.at("delta_p_rto_met")),
                       secs(row.at("p95_time_to_restore_s")), delta_s(row.at("delta_p95_time_to_restore_s")),
                       row.at("runs_gained").get<std::uint64_t>(), row.at("runs_lost").get<std::uint64_t>());
  }
  // Per service: the same pairs, each objective alone.
  bool any = false;
  for (const auto& row : c.at("candidates"))
    any = any || !row.at("services").empty();
  if (!any) return out;
  out += fmt::format("\n  Per service: change in P(RTO met) and in P(RPO met), points ({}%)\n", confidence);
  out += fmt::format("  {:<24} {:<16} {:>8} {:>36} {:>8} {:>36}\n", "candidate", "service", "P(RTO)",
                     "change (gained/lost)", "P(RPO)", "change (gained/lost)");
  for (const auto& row : c.at("candidates")) {
    for (const auto& s : row.at("services")) {
      out += fmt::format("  {:<24} {:<16} {:>8} {:>36} {:>8} {:>36}\n", row.at("name").get<std::string>(),
                         s.at("service").get<std::string>(), pct(s.at("p_rto_met")),
                         fmt::format("{} ({}/{})", delta_pct(s.at("delta_p_rto_met")),
                                     s.at("rto_runs_gained").get<std::uint64_t>(),
                                     s.at("rto_runs_lost").get<std::uint64_t>()),
                         pct(s.at("p_rpo_met")),
                         fmt::format("{} ({}/{})", delta_pct(s.at("delta_p_rpo_met")),
                                     s.at("rpo_runs_gained").get<std::uint64_t>(),
                                     s.at("rpo_runs_lost").get<std::uint64_t>()));
    }
  }
  return out;
}

}  // namespace drillsim::montecarlo
