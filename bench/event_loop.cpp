// The baseline of drillsim's performance goal: a plain discrete-event simulation of a scenario's
// requests with a priority queue of events, no SimGrid, written the straightforward way (std::random,
// std::priority_queue, a std::deque per replica). drillsim's goal is to run the same drill in at most
// half of this loop's time (docs/architecture.md); bench/event_loop.sh builds both and times them.
//
// The model is the one drillsim's data plane applies to a scenario without faults or plan:
//  - arrivals: Poisson at each service's constant rate;
//  - version: "new" with probability weights.new / (weights.stable + weights.new);
//  - replica: uniformly among the version's replicas (all Ready from t = 0);
//  - each replica a FIFO single server; a replica holding max_queue requests (in service and waiting)
//    rejects the next one at once (a failed request of latency 0);
//  - service time: exponential of the service's mean, times the version's latency factor;
//  - outcome: failed with the version's error probability;
//  - a request counts in the second in which it completes; one that completes after the drill's end
//    is not observed.
// It records what the drill records per service, per version and for both: per second the requests,
// the errors, the requests slower than the SLO's latency bound and the nearest-rank p50/p95/p99 of the
// latency; over the whole run the mean and nearest-rank p50/p95/p99. It prints the whole-run figures
// and, as a digest of the per-second series, the mean of each service's per-second p95.
//
// The random streams are not drillsim's (std::mt19937_64 per service), so the numbers agree with
// drillsim's report in distribution only: whole-run means and percentiles within a few per cent.
// Built with -DEVENT_LOOP_SPLITMIX64, the loop draws from SplitMix64 instead, a generator with far
// less work per number, to see how much of the loop's time the Mersenne Twister is.
//
//   event_loop SCENARIO.json [--duration S]
// --duration replaces the scenario's duration_s (a cut run, e.g. for callgrind). A scenario that uses
// anything beyond this model (another distribution or rate profile, pod routing, calls, faults, a
// plan, ...) is refused with the key that is not supported.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <queue>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using json = nlohmann::json;

constexpr std::size_t kStable = 0;
constexpr std::size_t kNew = 1;
constexpr std::size_t kTotal = 2;
constexpr const char* kVersionNames[] = {"stable", "new", "all"};

// drillsim's defaults for the keys the reference leaves out (docs/scenario-format.md).
constexpr int kDefaultMaxQueue = 1000;
constexpr double kDefaultSloLatencyS = 0.5;

struct VersionSpec {
  int replicas = 0;
  double error_probability = 0.0;
  double latency_factor = 1.0;
};

struct Request {
  double arrival_s = 0.0;
  double work_s = 0.0;
};

struct Replica {
  bool busy = false;
  Request current;
  std::deque<Request> waiting;
};

// One series: per second and over the whole run.
struct Series {
  std::vector<std::uint32_t> requests, errors, slow;
  std::vector<float> p50_s, p95_s, p99_s;
  std::vector<float> second_latencies;  // The open second's.
  std::vector<float> all_latencies;     // Every observed request's, for the whole-run percentiles.
  double latency_sum_s = 0.0;

  explicit Series(std::size_t seconds)
      : requests(seconds),
        errors(seconds),
        slow(seconds),
        p50_s(seconds, NAN),
        p95_s(seconds, NAN),
        p99_s(seconds, NAN) {}
};

// SplitMix64 as a standard uniform random bit generator (-DEVENT_LOOP_SPLITMIX64).
class SplitMix64 {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  void seed(std::seed_seq& seq) {
    std::array<std::uint32_t, 2> words{};
    seq.generate(words.begin(), words.end());
    state_ = (std::uint64_t{words[0]} << 32) | words[1];
  }
  result_type operator()() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_ = 0;
};

#ifdef EVENT_LOOP_SPLITMIX64
using Generator = SplitMix64;
#else
using Generator = std::mt19937_64;
#endif

struct Service {
  std::string name;
  double rps = 0.0;
  double mean_service_s = 0.0;
  double new_share = 0.0;
  int max_queue = kDefaultMaxQueue;
  double slo_latency_s = kDefaultSloLatencyS;
  std::array<VersionSpec, 2> versions;
  std::array<std::vector<Replica>, 2> replicas;
  Generator rng;
  std::vector<Series> series;  // kStable, kNew, kTotal.
};

enum class Kind : std::uint8_t { Arrival, Completion };

struct Event {
  double t_s;
  Kind kind;
  std::size_t service;
  std::size_t version;
  std::size_t replica;
};

struct Later {
  bool operator()(const Event& a, const Event& b) const { return a.t_s > b.t_s; }
};

// Nearest rank: the smallest value with at least q of the values at or below it.
float nearest_rank(std::vector<float>& values, double q) {
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  rank = std::clamp<std::size_t>(rank, 1, values.size());
  const auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

void check_keys(const json& object, const std::set<std::string>& known, const std::string& where) {
  for (const auto& item : object.items()) {
    if (!known.contains(item.key()))
      throw std::runtime_error("not supported by the event loop: " + where + item.key());
  }
}

std::vector<Service> load(const json& scenario, std::size_t seconds, std::uint64_t seed) {
  check_keys(scenario, {"name", "description", "duration_s", "seed", "services"}, "");
  std::vector<Service> services;
  for (const auto& spec : scenario.at("services")) {
    const std::string where = "services/" + spec.at("name").get<std::string>() + "/";
    check_keys(spec, {"name", "service_time", "versions", "weights", "traffic", "max_queue", "slo"}, where);
    Service s;
    s.name = spec.at("name").get<std::string>();
    const json& time = spec.at("service_time");
    check_keys(time, {"kind", "mean_s"}, where + "service_time/");
    if (time.at("kind") != "exponential")
      throw std::runtime_error(where + "service_time/kind must be exponential");
    s.mean_service_s = time.at("mean_s").get<double>();
    const json& traffic = spec.at("traffic");
    check_keys(traffic, {"rate", "users"}, where + "traffic/");
    check_keys(traffic.at("rate"), {"kind", "rps"}, where + "traffic/rate/");
    if (traffic.at("rate").at("kind") != "constant")
      throw std::runtime_error(where + "traffic/rate/kind must be constant");
    s.rps = traffic.at("rate").at("rps").get<double>();
    check_keys(spec.at("versions"), {"stable", "new"}, where + "versions/");
    for (const std::size_t v : {kStable, kNew}) {
      if (!spec.at("versions").contains(kVersionNames[v])) continue;
      const json& version = spec.at("versions").at(kVersionNames[v]);
      check_keys(version, {"replicas", "error_probability", "latency_factor"},
                 where + "versions/" + kVersionNames[v] + "/");
      s.versions[v].replicas = version.at("replicas").get<int>();
      s.versions[v].error_probability = version.value("error_probability", 0.0);
      s.versions[v].latency_factor = version.value("latency_factor", 1.0);
      s.replicas[v].resize(static_cast<std::size_t>(s.versions[v].replicas));
    }
    const json weights = spec.value("weights", json{{"stable", 1.0}, {"new", 0.0}});
    check_keys(weights, {"stable", "new"}, where + "weights/");
    const double w_stable = weights.value("stable", 0.0);
    const double w_new = weights.value("new", 0.0);
    s.new_share = w_new / (w_stable + w_new);
    s.max_queue = spec.value("max_queue", kDefaultMaxQueue);
    if (spec.contains("slo")) {
      check_keys(spec.at("slo"), {"max_p95_latency_s"}, where + "slo/");
      s.slo_latency_s = spec.at("slo").value("max_p95_latency_s", kDefaultSloLatencyS);
    }
    std::seed_seq seq{seed, static_cast<std::uint64_t>(services.size())};
    s.rng.seed(seq);
    for (std::size_t v = 0; v < 3; ++v)
      s.series.emplace_back(seconds);
    services.push_back(std::move(s));
  }
  return services;
}

void record(Service& s, std::size_t version, double completion_s, double latency_s, bool failed) {
  const auto second = static_cast<std::size_t>(completion_s);
  for (const std::size_t v : {version, kTotal}) {
    Series& series = s.series[v];
    ++series.requests[second];
    if (failed) ++series.errors[second];
    if (latency_s > s.slo_latency_s) ++series.slow[second];
    series.latency_sum_s += latency_s;
    series.second_latencies.push_back(static_cast<float>(latency_s));
  }
}

// Every request completed in `second` has been recorded: its percentiles are final.
void finish_second(std::vector<Service>& services, std::size_t second) {
  for (auto& s : services) {
    for (auto& series : s.series) {
      std::vector<float>& latencies = series.second_latencies;
      if (latencies.empty()) continue;
      series.p50_s[second] = nearest_rank(latencies, 0.50);
      series.p95_s[second] = nearest_rank(latencies, 0.95);
      series.p99_s[second] = nearest_rank(latencies, 0.99);
      series.all_latencies.insert(series.all_latencies.end(), latencies.begin(), latencies.end());
      latencies.clear();
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && !(argc == 4 && std::string(argv[2]) == "--duration")) {
    std::cerr << "usage: event_loop SCENARIO.json [--duration S]\n";
    return 2;
  }
  std::vector<Service> services;
  double duration_s = 0.0;
  std::string name;
  std::uint64_t seed = 0;
  try {
    std::ifstream in(argv[1]);
    if (!in) throw std::runtime_error(std::string("cannot read ") + argv[1]);
    const json scenario = json::parse(in);
    duration_s = argc == 4 ? std::stod(argv[3]) : scenario.at("duration_s").get<double>();
    name = scenario.value("name", "");
    seed = scenario.value("seed", std::uint64_t{1});
    services = load(scenario, static_cast<std::size_t>(std::ceil(duration_s)), seed);
  } catch (const std::exception& e) {
    std::cerr << "event_loop: " << e.what() << "\n";
    return 2;
  }

  std::priority_queue<Event, std::vector<Event>, Later> events;
  for (std::size_t i = 0; i < services.size(); ++i) {
    Service& s = services[i];
    if (s.rps > 0.0)
      events.push({std::exponential_distribution<double>(s.rps)(s.rng), Kind::Arrival, i, 0, 0});
  }
  std::uint64_t arrivals = 0;
  std::size_t open_second = 0;
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  while (!events.empty() && events.top().t_s < duration_s) {
    const Event e = events.top();
    events.pop();
    for (; static_cast<double>(open_second + 1) <= e.t_s; ++open_second)
      finish_second(services, open_second);
    Service& s = services[e.service];
    if (e.kind == Kind::Arrival) {
      ++arrivals;
      events.push(
          {e.t_s + std::exponential_distribution<double>(s.rps)(s.rng), Kind::Arrival, e.service, 0, 0});
      const std::size_t version = uniform(s.rng) < s.new_share ? kNew : kStable;
      auto& replicas = s.replicas[version];
      if (replicas.empty()) {  // No replica of the version: fails at once.
        record(s, version, e.t_s, 0.0, true);
        continue;
      }
      const std::size_t r = std::uniform_int_distribution<std::size_t>(0, replicas.size() - 1)(s.rng);
      Replica& replica = replicas[r];
      const double work = std::exponential_distribution<double>(1.0 / s.mean_service_s)(s.rng) *
                          s.versions[version].latency_factor;
      const std::size_t held = replica.waiting.size() + (replica.busy ? 1 : 0);
      if (held >= static_cast<std::size_t>(s.max_queue)) {  // Queue full: rejected at once.
        record(s, version, e.t_s, 0.0, true);
      } else if (replica.busy) {
        replica.waiting.push_back({e.t_s, work});
      } else {
        replica.busy = true;
        replica.current = {e.t_s, work};
        events.push({e.t_s + work, Kind::Completion, e.service, version, r});
      }
    } else {
      Replica& replica = s.replicas[e.version][e.replica];
      const bool failed = uniform(s.rng) < s.versions[e.version].error_probability;
      record(s, e.version, e.t_s, e.t_s - replica.current.arrival_s, failed);
      if (replica.waiting.empty()) {
        replica.busy = false;
      } else {
        replica.current = replica.waiting.front();
        replica.waiting.pop_front();
        events.push({e.t_s + replica.current.work_s, Kind::Completion, e.service, e.version, e.replica});
      }
    }
  }
  for (; static_cast<double>(open_second) < duration_s; ++open_second)
    finish_second(services, open_second);

  std::uint64_t observed = 0;
  double latency_sum_s = 0.0;
  std::printf("event_loop: scenario \"%s\", seed %llu, %.0f s simulated, %llu requests\n", name.c_str(),
              static_cast<unsigned long long>(seed), duration_s, static_cast<unsigned long long>(arrivals));
  std::printf("  %-8s %-7s %10s %8s %9s %9s %9s %9s %14s\n", "service", "version", "requests", "errors",
              "mean_ms", "p50_ms", "p95_ms", "p99_ms", "mean_s_p95_ms");
  for (auto& s : services) {
    for (std::size_t v = 0; v < 3; ++v) {
      Series& series = s.series[v];
      std::uint64_t requests = 0;
      std::uint64_t errors = 0;
      for (std::size_t k = 0; k < series.requests.size(); ++k) {
        requests += series.requests[k];
        errors += series.errors[k];
      }
      double p95_sum = 0.0;
      std::size_t p95_seconds = 0;
      for (const float p : series.p95_s) {
        if (std::isnan(p)) continue;
        p95_sum += static_cast<double>(p);
        ++p95_seconds;
      }
      if (v == kTotal) {
        observed += requests;
        latency_sum_s += series.latency_sum_s;
      }
      if (requests == 0) continue;
      std::vector<float>& all = series.all_latencies;
      const double p50 = nearest_rank(all, 0.50);
      const double p95 = nearest_rank(all, 0.95);
      const double p99 = nearest_rank(all, 0.99);
      std::printf("  %-8s %-7s %10llu %8llu %9.4f %9.4f %9.4f %9.4f %14.4f\n", s.name.c_str(),
                  kVersionNames[v], static_cast<unsigned long long>(requests),
                  static_cast<unsigned long long>(errors),
                  1e3 * series.latency_sum_s / static_cast<double>(requests), 1e3 * p50, 1e3 * p95, 1e3 * p99,
                  p95_seconds ? 1e3 * p95_sum / static_cast<double>(p95_seconds) : NAN);
    }
  }
  std::printf("served %llu requests in the drill (of %llu), mean latency %.4f ms\n",
              static_cast<unsigned long long>(observed), static_cast<unsigned long long>(arrivals),
              observed ? 1e3 * latency_sum_s / static_cast<double>(observed) : NAN);
  return 0;
}
