// The fault (docs/scenario-format.md, "Faults"): the keys every kind takes (service, version, at_s,
// duration_s), then each kind's own keys, read and checked by the overloads of FaultKindReader.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "io/json_reader.hpp"
#include "io/scenario_reading.hpp"

namespace drillsim::io::detail {

namespace {

// Each fault kind's keys and reader; a dependency outage's target may be any service or store declared.
struct FaultKindReader {
  const std::vector<std::string>& service_names_;
  const std::vector<std::string>& store_names_;

  // The variant alternative of the kind named at `index` in model::fault_kind_names(), with its defaults.
  template <std::size_t... I>
  static model::FaultSpec::Kinds fault_kind_at(std::size_t index, std::index_sequence<I...>) {
    model::FaultSpec::Kinds kind;
    (void)((I == index ? (kind.emplace<I>(), true) : false) || ...);
    return kind;
  }

  // --- Each fault kind: its own keys (besides the common ones), and how they are read and checked.
  // The order of the reads is the order in which a user sees the errors.
  using Keys = std::vector<std::string_view>;

  static Keys kind_keys(const model::fault::BadRelease&) {
    return {"version", "error_probability", "latency_factor", "flag", "corrupts_writes", "fails_readiness"};
  }
  void read_kind(const JsonReader& r, model::FaultSpec& fault, const model::ServiceSpec&,
                 model::fault::BadRelease& k) const {
    k.error_probability = r.number("error_probability", Range::probability());
    k.latency_factor =
        number_or_described(r, "fault/kind=bad_release/latency_factor", Range::greater_than(0.0));
    if (r.has("flag")) fault.flag = r.string("flag", true);
    k.fails_readiness = boolean_or_described(r, "fault/kind=bad_release/fails_readiness");
    k.corrupts_writes =
        number_or_described(r, "fault/kind=bad_release/corrupts_writes", Range::probability());
  }

  // A configuration reaches every pod of the service, whatever its version.
  static Keys kind_keys(const model::fault::BadConfig&) { return {"error_probability", "latency_factor"}; }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::BadConfig& k) const {
    k.error_probability = r.number("error_probability", Range::probability());
    k.latency_factor =
        number_or_described(r, "fault/kind=bad_config/latency_factor", Range::greater_than(0.0));
  }

  static Keys kind_keys(const model::fault::MemoryLeak&) {
    return {"version", "memory_limit_mb", "memory_base_mb", "leak_mb_per_s"};
  }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::MemoryLeak& k) const {
    k.memory_limit_mb =
        number_or_described(r, "fault/kind=memory_leak/memory_limit_mb", Range::greater_than(0.0));
    k.memory_base_mb =
        number_or_described(r, "fault/kind=memory_leak/memory_base_mb",
                            Range::at_least(0.0).and_less_than(k.memory_limit_mb, "memory_limit_mb"));
    k.leak_mb_per_s =
        number_or_described(r, "fault/kind=memory_leak/leak_mb_per_s", Range::greater_than(0.0));
  }

  static Keys kind_keys(const model::fault::CrashLoop&) { return {"version", "crash_after_s"}; }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::CrashLoop& k) const {
    k.crash_after_s = number_or_described(r, "fault/kind=crash_loop/crash_after_s", Range::at_least(0.0));
  }

  static Keys kind_keys(const model::fault::NodeCrash&) {
    return {"version", "pods", "node_monitor_grace_s", "eviction_timeout_s"};
  }
  void read_kind(const JsonReader& r, model::FaultSpec& fault, const model::ServiceSpec& service,
                 model::fault::NodeCrash& k) const {
    k.pods = static_cast<int>(
        integer_or_described(r, "fault/kind=node_crash/pods", Range::at_least(1.0), kIntLimit));
    k.node_monitor_grace_s =
        number_or_described(r, "fault/kind=node_crash/node_monitor_grace_s", Range::at_least(0.0));
    k.eviction_timeout_s =
        number_or_described(r, "fault/kind=node_crash/eviction_timeout_s", Range::at_least(0.0));
    const int replicas = service.version(fault.version).replicas;
    if (k.pods > replicas) {
      r.at("pods", "")
          .fail("the node holds " + std::to_string(k.pods) + " pods, but " + fault.service + "/" +
                model::to_string(fault.version) + " runs " + std::to_string(replicas));
    }
  }

  static Keys kind_keys(const model::fault::ZoneOutage&) {
    return {"zone", "node_monitor_grace_s", "eviction_timeout_s"};
  }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec& service,
                 model::fault::ZoneOutage& k) const {
    k.node_monitor_grace_s =
        number_or_described(r, "fault/kind=zone_outage/node_monitor_grace_s", Range::at_least(0.0));
    k.eviction_timeout_s =
        number_or_described(r, "fault/kind=zone_outage/eviction_timeout_s", Range::at_least(0.0));
    k.zone = static_cast<int>(integer_or_described(
        r, "fault/kind=zone_outage/zone",
        Range::at_least(0.0).and_less_than(service.zones, "the service's zones"), kIntLimit));
  }

  // A network fault sits on a call edge: its target must be a service the faulty service calls.
  std::string read_edge_target(const JsonReader& r, const model::FaultSpec& fault,
                               const model::ServiceSpec& service) const {
    const JsonReader target = r.at("target", "the name of a service that \"service\" calls");
    std::string name = target.as_string();
    const bool called = std::any_of(service.calls.begin(), service.calls.end(),
                                    [&](const model::CallSpec& c) { return c.service == name; });
    if (!called) {
      target.fail("service \"" + fault.service + "\" makes no call to " + describe_found(target.json()) +
                  "; a network fault sits on a call edge (add it to the service's \"calls\")");
    }
    return name;
  }

  static Keys kind_keys(const model::fault::NetworkLatency&) { return {"target", "added_latency_s"}; }
  void read_kind(const JsonReader& r, model::FaultSpec& fault, const model::ServiceSpec& service,
                 model::fault::NetworkLatency& k) const {
    k.added_latency_s = r.number_or("added_latency_s", 0.0, Range::at_least(0.0));
    k.target = read_edge_target(r, fault, service);
    if (!(k.added_latency_s > 0.0)) r.at("added_latency_s", "a number > 0").fail_expected("a number > 0");
  }

  static Keys kind_keys(const model::fault::NetworkLoss&) { return {"target", "loss_probability"}; }
  void read_kind(const JsonReader& r, model::FaultSpec& fault, const model::ServiceSpec& service,
                 model::fault::NetworkLoss& k) const {
    k.loss_probability = r.number_or("loss_probability", 0.0, Range::probability());
    k.target = read_edge_target(r, fault, service);
    if (!(k.loss_probability > 0.0))
      r.at("loss_probability", "a number in (0, 1]").fail_expected("a number in (0, 1]");
  }

  static Keys kind_keys(const model::fault::NetworkPartition&) { return {"target"}; }
  void read_kind(const JsonReader& r, model::FaultSpec& fault, const model::ServiceSpec& service,
                 model::fault::NetworkPartition& k) const {
    k.target = read_edge_target(r, fault, service);
  }

  static Keys kind_keys(const model::fault::DependencyOutage&) { return {"target", "hang"}; }
  void read_kind(const JsonReader& r, model::FaultSpec& fault, const model::ServiceSpec&,
                 model::fault::DependencyOutage& k) const {
    k.hang = boolean_or_described(r, "fault/kind=dependency_outage/hang");
    const JsonReader target = r.at("target", "the name of a service or a data store");
    k.target = target.as_string();
    const bool is_service =
        std::find(service_names_.begin(), service_names_.end(), k.target) != service_names_.end();
    const bool is_store = std::find(store_names_.begin(), store_names_.end(), k.target) != store_names_.end();
    if (!is_service && !is_store) {
      target.fail("unknown dependency " + describe_found(target.json()) +
                  "; services are: " + join(service_names_) +
                  (store_names_.empty() ? std::string() : "; stores are: " + join(store_names_)));
    }
    if (k.target == fault.service) {
      target.fail(
          "a dependency outage hits a service's dependency, not the service itself; for the "
          "service itself use node_crash, zone_outage or bad_release");
    }
  }

  static Keys kind_keys(const model::fault::PoolExhaustion&) {
    return {"pool_size", "pool_in_use", "pool_leak_per_s", "pool_timeout_s"};
  }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::PoolExhaustion& k) const {
    k.pool_size = static_cast<int>(
        integer_or_described(r, "fault/kind=pool_exhaustion/pool_size", Range::at_least(1.0), kIntLimit));
    k.pool_in_use = r.number_or(
        "pool_in_use",
        schema::derived_default(schema::Format::Scenario, "fault/kind=pool_exhaustion/pool_in_use",
                                schema::Json{{"pool_size", k.pool_size}})
            .get<double>(),
        Range::at_least(0.0).and_less_than(static_cast<double>(k.pool_size), "pool_size"));
    k.pool_leak_per_s =
        number_or_described(r, "fault/kind=pool_exhaustion/pool_leak_per_s", Range::greater_than(0.0));
    k.pool_timeout_s =
        number_or_described(r, "fault/kind=pool_exhaustion/pool_timeout_s", Range::at_least(0.0));
  }

  static Keys kind_keys(const model::fault::CpuHog&) { return {"version", "cpu_share"}; }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::CpuHog& k) const {
    k.cpu_share =
        number_or_described(r, "fault/kind=cpu_hog/cpu_share", Range::at_least(0.0).and_less_than(1.0));
  }

  static Keys kind_keys(const model::fault::TrafficSpike&) { return {"spike_factor"}; }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::TrafficSpike& k) const {
    k.spike_factor =
        number_or_described(r, "fault/kind=traffic_spike/spike_factor", Range::greater_than(0.0));
  }

  static Keys kind_keys(const model::fault::FailedMigration&) { return {}; }
  void read_kind(const JsonReader&, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::FailedMigration&) const {}

  static Keys kind_keys(const model::fault::DataCorruption&) { return {"version", "corrupts_writes"}; }
  void read_kind(const JsonReader& r, model::FaultSpec&, const model::ServiceSpec&,
                 model::fault::DataCorruption& k) const {
    k.corrupts_writes = r.number("corrupts_writes", Range::greater_than(0.0).and_at_most(1.0));
  }
};

}  // namespace

model::FaultSpec ScenarioReader::read_fault(const JsonReader& r) const {
  r.expect_object("a fault object");
  model::FaultSpec fault;
  fault.kind = FaultKindReader::fault_kind_at(
      r.choice("kind", model::fault_kind_names(), "fault kind"),
      std::make_index_sequence<std::variant_size_v<model::FaultSpec::Kinds>>{});
  // Each kind takes the common keys and its own.
  std::vector<std::string_view> keys{"kind", "service", "at_s", "duration_s"};
  std::visit(
      [&](const auto& kind) {
        const auto more = FaultKindReader::kind_keys(kind);
        keys.insert(keys.end(), more.begin(), more.end());
      },
      fault.kind);
  r.allow_only(keys, "a \"" + std::string(fault.kind_name()) + "\" fault takes");
  fault.service = read_service_ref(r);
  // The kinds that take a "version" describe its default; the others hit every version (the key is refused).
  const std::string version_path = "fault/kind=" + std::string(fault.kind_name()) + "/version";
  fault.version =
      std::find(keys.begin(), keys.end(), "version") != keys.end()
          ? static_cast<model::Version>(choice_or_described(r, version_path, kVersionNames, "version"))
          : model::Version::New;
  fault.at_s = r.number("at_s", instant_range());
  if (const auto duration = r.find("duration_s"); duration && !duration->json().is_null()) {
    const double value = duration->json().is_number() ? duration->json().get<double>() : 0.0;
    if (!duration->json().is_number() || !std::isfinite(value) || !(value > 0.0)) {
      duration->fail_expected("a number > 0, or null (until fixed)");
    }
    fault.duration_s = value;
  }
  const model::ServiceSpec& service = service_specs_->at(static_cast<std::size_t>(
      std::find(service_names_.begin(), service_names_.end(), fault.service) - service_names_.begin()));
  const FaultKindReader kinds{service_names_, store_names_};
  std::visit([&](auto& kind) { kinds.read_kind(r, fault, service, kind); }, fault.kind);
  return fault;
}

}  // namespace drillsim::io::detail
