#include "cli/capacity_command.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/program_options.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "cli/monte_carlo.hpp"
#include "cli/options.hpp"
#include "cli/subcommand.hpp"
#include "drillsim/version.hpp"
#include "engine/drill.hpp"
#include "engine/engine_log.hpp"
#include "io/input_error.hpp"
#include "io/json_reader.hpp"
#include "io/scenario_loader.hpp"
#include "montecarlo/capacity.hpp"
#include "montecarlo/seeds.hpp"
#include "report/report_writer.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace drillsim::cli {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kCapacityFormat = 1;

struct CapacityOptions {
  std::string scenario_file;
  std::uint64_t runs = 5;
  unsigned jobs = 0;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> services;
  int max_replicas = 256;
  std::string out_file;
  bool quiet = false;
};

const char* const kUsage =
    "Usage: drillsim capacity SCENARIO.json [--runs K] [--jobs J] [--seed S] [--service NAME]...\n"
    "                         [--max-replicas M] [-o FILE] [--quiet]\n"
    "Per service, the fewest stable replicas that keep its SLO (p95 latency and error ratio, every SLI\n"
    "window from the fault's instant to the drill's end) while the stable version takes all of its\n"
    "traffic; K drills per replica count, the same seeds at each. Writes reports/<name>.capacity.json.\n\n"
    "Options";

// One run of a capacity drill, as its child reports it.
struct PointRun {
  bool within = false;
  double worst_error_ratio = 0.0;
  double worst_slow_share = 0.0;
  double utilisation = 0.0;
};

struct Probe {
  int replicas = 0;
  std::uint64_t runs_within = 0;
  double worst_error_ratio = 0.0;
  double worst_slow_share = 0.0;
  double mean_utilisation = 0.0;
};

struct ServiceCapacity {
  std::string name;
  int today = 0;
  montecarlo::CapacitySearch search;
  std::map<int, Probe> probes;
  std::optional<double> utilisation_stable, utilisation_new, utilisation_all;  // Over the drill as is.
};

// The stable version's served requests and Ready replica-seconds over [from, to), and the utilisation.
double version_utilisation(const model::SecondSeries& s, double mean_service_s, double latency_factor,
                           std::size_t from, std::size_t to, std::uint64_t* ready_out = nullptr) {
  std::uint64_t served = 0, ready = 0;
  for (std::size_t k = from; k < std::min(to, s.size()); ++k) {
    served += s.requests[k] - s.errors[k];
    ready += static_cast<std::uint64_t>(std::max(0, s.ready[k]));
  }
  if (ready_out) *ready_out = ready;
  return montecarlo::utilisation(served, mean_service_s, latency_factor, ready);
}

CapacityOptions parse(int argc, char* argv[]) {
  CapacityOptions options;
  StudyArguments study;
  po::options_description described(kUsage);
  study.add_to(described, "K",
               "drills per replica count (default 5); a count passes when every one keeps the SLO",
               "the seed the runs' seeds derive from (default: the scenario's)");
  described.add_options()("service",
                          po::value<std::vector<std::string>>(&options.services)->value_name("NAME"),
                          "only this service (repeatable; default: every service)")(
      "max-replicas", po::value<int>(&options.max_replicas)->value_name("M"),
      "the largest replica count tried (default 256)")(
      "out,o", po::value<std::string>(&options.out_file)->value_name("FILE"),
      "where to write the JSON (default: reports/<scenario name>.capacity.json)")(
      "quiet,q", po::bool_switch(&options.quiet), "print nothing on success")("help,h", "show this help");
  const SubcommandLine line = parse_subcommand("capacity", argc, argv, described);
  const auto& files = line.files;
  if (files.size() != 1)
    throw UsageError(files.empty() ? "capacity needs a scenario file: drillsim capacity SCENARIO.json"
                                   : "capacity takes one scenario file, got " + std::to_string(files.size()));
  options.scenario_file = files.front();
  study.apply(line.options, 6, options.runs, options.seed, options.jobs);
  if (options.max_replicas < 1 || options.max_replicas > 10000)
    throw UsageError("--max-replicas expects 1 to 10000");
  check_out_file(line.options, options.out_file);
  return options;
}

Json probe_json(const Probe& p, std::uint64_t runs) {
  return Json{{"replicas", p.replicas},
              {"runs", runs},
              {"runs_within_slo", p.runs_within},
              {"passed", p.runs_within == runs},
              {"worst_window_error_ratio", p.worst_error_ratio},
              {"worst_window_slow_share", p.worst_slow_share},
              {"utilisation", p.mean_utilisation}};
}

Json optional_number(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

std::string percent(const std::optional<double>& v) {
  return v ? fmt::format("{:.1f}%", *v * 100.0) : std::string("—");
}

int run_capacity(const CapacityOptions& options) {
  const std::string text = io::read_text_file(options.scenario_file);
  const Json document = io::parse_json(text, options.scenario_file);
  const model::Scenario plain = io::parse_scenario(text, options.scenario_file);
  // A capacity drill short of replicas fires its alerts without a fault: that is expected, not news.
  engine::log().set_level(spdlog::level::err);
  const std::uint64_t seed = options.seed.value_or(plain.seed);
  const double from_s = plain.fault ? plain.fault->at_s : 0.0;
  const double to_s = plain.duration_s;

  std::vector<std::size_t> chosen;
  for (const auto& name : options.services) {
    const auto it = std::find_if(plain.services.begin(), plain.services.end(),
                                 [&](const model::ServiceSpec& s) { return s.name == name; });
    if (it == plain.services.end())
      throw UsageError("--service: the scenario has no service \"" + name + "\"");
    chosen.push_back(static_cast<std::size_t>(it - plain.services.begin()));
  }
  if (chosen.empty())
    for (std::size_t k = 0; k < plain.services.size(); ++k)
      chosen.push_back(k);

  StudyRun study;
  study.seed = seed;
  study.first = 0;
  study.end = options.runs;
  study.jobs = options.jobs > 0 ? options.jobs : available_cores();
  study.progress = !options.quiet && isatty(STDERR_FILENO) == 1;
  engine::DrillOptions drill;
  drill.latency_percentiles = false;  // The SLO's slow counts do not need them.

  // Utilisation over the drill as it is: the same K seeds.
  std::vector<ServiceCapacity> services;
  for (const std::size_t k : chosen) {
    ServiceCapacity s;
    s.name = plain.services[k].name;
    s.today = plain.services[k].version(model::Version::Stable).replicas;
    services.push_back(std::move(s));
  }
  {
    study.label = "drill as is ";
    std::vector<std::array<double, 3>> sums(chosen.size(), {0.0, 0.0, 0.0});
    std::vector<std::array<std::uint64_t, 3>> counted(chosen.size(), {0, 0, 0});
    run_children(
        study,
        [&](std::uint64_t run) {
          engine::DrillOptions options = drill;
          options.seed = montecarlo::run_seed(seed, run);
          const model::DrillResult result = engine::run_drill(plain, options);
          Json line = Json::array();
          for (const std::size_t k : chosen) {
            const model::ServiceSpec& spec = plain.services[k];
            const auto& series = result.series[k];
            const double mean = spec.service_time.mean();
            const std::size_t n = series.total.size();
            std::uint64_t ready_stable = 0, ready_new = 0;
            const double stable =
                version_utilisation(series.by_version[0], mean,
                                    spec.version(model::Version::Stable).latency_factor, 0, n, &ready_stable);
            const double fresh =
                version_utilisation(series.by_version[1], mean,
                                    spec.version(model::Version::New).latency_factor, 0, n, &ready_new);
            const std::uint64_t ready = ready_stable + ready_new;
            line.push_back({ready_stable > 0 ? Json(stable) : Json(nullptr),
                            ready_new > 0 ? Json(fresh) : Json(nullptr),
                            ready > 0 ? Json((stable * static_cast<double>(ready_stable) +
                                              fresh * static_cast<double>(ready_new)) /
                                             static_cast<double>(ready))
                                      : Json(nullptr)});
          }
          return dump_json(line);
        },
        [&](std::uint64_t, std::string out) {
          const Json line = Json::parse(out);
          for (std::size_t i = 0; i < chosen.size(); ++i)
            for (std::size_t v = 0; v < 3; ++v)
              if (!line.at(i).at(v).is_null()) {
                sums[i][v] += line.at(i).at(v).get<double>();
                ++counted[i][v];
              }
        });
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      const auto mean = [&](std::size_t v) {
        return counted[i][v] > 0 ? std::optional<double>(sums[i][v] / static_cast<double>(counted[i][v]))
                                 : std::nullopt;
      };
      services[i].utilisation_stable = mean(0);
      services[i].utilisation_new = mean(1);
      services[i].utilisation_all = mean(2);
    }
  }

  // The search, per service: K drills per replica count tried.
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const std::size_t k = chosen[i];
    ServiceCapacity& service = services[i];
    const model::ServiceSpec& spec = plain.services[k];
    service.search = montecarlo::find_fewest_replicas(service.today, options.max_replicas, [&](int replicas) {
      const model::Scenario scenario = io::parse_scenario(dump_json(capacity_scenario(document, k, replicas)),
                                                          options.scenario_file + " (capacity drill)");
      Probe probe;
      probe.replicas = replicas;
      double utilisation_sum = 0.0;
      study.label = fmt::format("{} x{} ", service.name, replicas);
      run_children(
          study,
          [&](std::uint64_t run) {
            engine::DrillOptions options = drill;
            options.seed = montecarlo::run_seed(seed, run);
            const model::DrillResult result = engine::run_drill(scenario, options);
            const auto& series = result.series[k];
            const montecarlo::WindowJudgement j =
                montecarlo::judge_windows(series.total, spec.slo, from_s, to_s);
            const double u = version_utilisation(series.by_version[0], spec.service_time.mean(),
                                                 spec.version(model::Version::Stable).latency_factor,
                                                 static_cast<std::size_t>(std::ceil(from_s)),
                                                 static_cast<std::size_t>(std::floor(to_s)));
            return dump_json(Json{{"within", j.within()},
                                  {"worst_error_ratio", j.worst_error_ratio},
                                  {"worst_slow_share", j.worst_slow_share},
                                  {"utilisation", u}});
          },
          [&](std::uint64_t, std::string out) {
            const Json line = Json::parse(out);
            if (line.at("within").get<bool>()) ++probe.runs_within;
            probe.worst_error_ratio =
                std::max(probe.worst_error_ratio, line.at("worst_error_ratio").get<double>());
            probe.worst_slow_share =
                std::max(probe.worst_slow_share, line.at("worst_slow_share").get<double>());
            utilisation_sum += line.at("utilisation").get<double>();
          });
      probe.mean_utilisation = utilisation_sum / static_cast<double>(options.runs);
      service.probes[replicas] = probe;
      return probe.runs_within == options.runs;
    });
  }

  // The report.
  Json out_services = Json::array();
  bool all_enough = true;
  for (const ServiceCapacity& s : services) {
    Json probes = Json::array();
    for (const auto& p : s.search.probes)
      probes.push_back(probe_json(s.probes.at(p.replicas), options.runs));
    Json headroom = nullptr;
    if (s.search.fewest) headroom = s.today - *s.search.fewest;
    if (!s.search.fewest || *s.search.fewest > s.today) all_enough = false;
    const auto at = [&](int r) {
      return s.probes.count(r) ? Json(s.probes.at(r).mean_utilisation) : Json(nullptr);
    };
    out_services.push_back({{"service", s.name},
                            {"today_replicas", s.today},
                            {"fewest_replicas", s.search.fewest ? Json(*s.search.fewest) : Json(nullptr)},
                            {"headroom_replicas", headroom},
                            {"utilisation_at_today", at(s.today)},
                            {"utilisation_at_fewest", s.search.fewest ? at(*s.search.fewest) : Json(nullptr)},
                            {"utilisation_over_drill",
                             {{"stable", optional_number(s.utilisation_stable)},
                              {"new", optional_number(s.utilisation_new)},
                              {"all", optional_number(s.utilisation_all)}}},
                            {"probes", std::move(probes)}});
  }
  const Json report{{"kind", "capacity"},
                    {"format", kCapacityFormat},
                    {"generator", std::string("drillsim ") + kVersion},
                    {"scenario", {{"name", plain.name}, {"file", options.scenario_file}}},
                    {"seed", seed},
                    {"seed_derivation", "splitmix64(seed, run) >> 11 (docs/monte-carlo.md)"},
                    {"runs_per_count", options.runs},
                    {"max_replicas", options.max_replicas},
                    {"judged", {{"from_s", from_s}, {"to_s", to_s}}},
                    {"services", std::move(out_services)}};
  std::string stem = default_report_path(plain.name, options.scenario_file);
  const fs::path out = options.out_file.empty() ? fs::path(stem.substr(0, stem.size() - 5) + ".capacity.json")
                                                : fs::path(options.out_file);
  report::write_text_atomically(dump_json(report, 2) + "\n", out);
  if (!options.quiet) {
    std::cout << fmt::format(
        "Capacity: {} runs per replica count (seeds from {}); SLO judged every second from {:.0f} s to "
        "{:.0f} s "
        "with the stable version taking all the traffic\n",
        options.runs, seed, from_s, to_s);
    std::cout << fmt::format("  {:<20} {:>6} {:>7} {:>9} {:>10} {:>11}   {}\n", "service", "today", "fewest",
                             "headroom", "util@today", "util drill", "tried (runs within SLO)");
    for (const ServiceCapacity& s : services) {
      std::string tried;
      for (const auto& p : s.search.probes) {
        const Probe& probe = s.probes.at(p.replicas);
        tried += fmt::format("{}{}: {}/{}", tried.empty() ? "" : ", ", p.replicas, probe.runs_within,
                             options.runs);
      }
      const std::optional<double> at_today =
          s.probes.count(s.today) ? std::optional<double>(s.probes.at(s.today).mean_utilisation)
                                  : std::nullopt;
      std::cout << fmt::format(
          "  {:<20} {:>6} {:>7} {:>9} {:>10} {:>11}   {}\n", s.name, s.today,
          s.search.fewest ? std::to_string(*s.search.fewest) : "> " + std::to_string(options.max_replicas),
          s.search.fewest ? fmt::format("{:+d}", s.today - *s.search.fewest) : "—", percent(at_today),
          percent(s.utilisation_all), tried);
    }
    std::cout << "\nCapacity report written to " << out.string() << "\n";
  }
  return all_enough ? kAllObjectivesMet : kObjectiveMissed;
}

}  // namespace

Json capacity_scenario(const Json& document, std::size_t service_index, int replicas) {
  Json doc = document;
  doc.erase("fault");
  doc.erase("plan");
  doc.erase("decision");
  Json& service = doc.at("services").at(service_index);
  const std::string name = service.at("name").get<std::string>();
  if (doc.contains("deployments")) {
    Json kept = Json::array();
    for (const auto& d : doc.at("deployments"))
      if (!d.contains("service") || d.at("service") != name) kept.push_back(d);
    doc["deployments"] = std::move(kept);
  }
  service["versions"]["stable"]["replicas"] = replicas;
  if (service.at("versions").contains("new")) service["versions"]["new"]["replicas"] = 0;
  if (service.value("routing", std::string("weights")) != "pods")
    service["weights"] = {{"stable", 1}, {"new", 0}};
  return doc;
}

int capacity_main(int argc, char* argv[]) {
  return run_subcommand(
      [&] { return run_capacity(parse(argc, argv)); },
      [](const RunFailed& e) { return fmt::format("a capacity drill (--seed {})", e.seed); });
}

}  // namespace drillsim::cli
