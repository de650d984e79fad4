#include "model/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace drillsim::model {

double RateProfile::rate_at(double t_s) const {
  switch (kind) {
    case Kind::Constant:
      return rps;
    case Kind::Steps: {
      // The last step with from_s <= t_s (from_s increases strictly), found by binary search: a profile of
      // one step per second over a day is asked for every request.
      const auto after = std::upper_bound(steps.begin(), steps.end(), t_s,
                                          [](double t, const Step& step) { return t < step.from_s; });
      return after == steps.begin() ? rps : std::prev(after)->rps;
    }
    case Kind::Diurnal:
      return std::max(0.0,
                      rps * (1.0 + amplitude * std::cos(2.0 * std::numbers::pi * (t_s - peak_s) / period_s)));
  }
  return rps;
}

double RateProfile::max_rate() const {
  switch (kind) {
    case Kind::Constant:
      return rps;
    case Kind::Steps: {
      double peak = rps;
      for (const auto& step : steps)
        peak = std::max(peak, step.rps);
      return peak;
    }
    case Kind::Diurnal:
      return rps * (1.0 + amplitude);
  }
  return rps;
}

int Scenario::service_index(const std::string& service) const {
  for (std::size_t i = 0; i < services.size(); ++i) {
    if (services[i].name == service) return static_cast<int>(i);
  }
  return -1;
}

int Scenario::store_index(const std::string& store) const {
  for (std::size_t i = 0; i < stores.size(); ++i) {
    if (stores[i].name == store) return static_cast<int>(i);
  }
  return -1;
}

double DataStoreSpec::latest_backup(double t_s) const {
  return backup_offset_s + std::floor((t_s - backup_offset_s) / backup_interval_s) * backup_interval_s;
}

double DataStoreSpec::restore_point(double target_s, double now_s, bool point_in_time) const {
  const double backup = latest_backup(target_s);
  if (!point_in_time || !wal_archive_interval_s) return backup;
  const double shipped = std::floor(now_s / *wal_archive_interval_s) * *wal_archive_interval_s;
  return std::max(backup, std::min(target_s, shipped));
}

const char* to_string(StepSpec::Action action) {
  switch (action) {
    case StepSpec::Action::ShiftTraffic:
      return "shift_traffic";
    case StepSpec::Action::Scale:
      return "scale";
    case StepSpec::Action::Wait:
      return "wait";
    case StepSpec::Action::Verify:
      return "verify";
    case StepSpec::Action::RolloutUndo:
      return "rollout_undo";
    case StepSpec::Action::SetImage:
      return "set_image";
    case StepSpec::Action::Manual:
      return "manual";
    case StepSpec::Action::Notify:
      return "notify";
    case StepSpec::Action::DbRestore:
      return "db_restore";
    case StepSpec::Action::DbMigrateDown:
      return "db_migrate_down";
    case StepSpec::Action::MaintenanceMode:
      return "maintenance_mode";
    case StepSpec::Action::DisableFlag:
      return "disable_flag";
    case StepSpec::Action::PipelineRedeploy:
      return "pipeline_redeploy";
    case StepSpec::Action::InfraRollback:
      return "infra_rollback";
    case StepSpec::Action::StatusPage:
      return "status_page";
    case StepSpec::Action::RestoreConfig:
      return "restore_config";
    case StepSpec::Action::RolloutPause:
      return "rollout_pause";
    case StepSpec::Action::RolloutResume:
      return "rollout_resume";
    case StepSpec::Action::ScaleDeployment:
      return "scale_deployment";
  }
  return "?";
}

const std::vector<std::string_view>& step_action_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (int a = 0; a <= static_cast<int>(StepSpec::Action::ScaleDeployment); ++a)
      out.emplace_back(to_string(static_cast<StepSpec::Action>(a)));
    return out;
  }();
  return names;
}

const char* to_string(MigrationSpec::Kind kind) {
  switch (kind) {
    case MigrationSpec::Kind::AddNullableColumn:
      return "add_nullable_column";
    case MigrationSpec::Kind::AddTable:
      return "add_table";
    case MigrationSpec::Kind::AddRequiredColumn:
      return "add_required_column";
    case MigrationSpec::Kind::ChangeType:
      return "change_type";
    case MigrationSpec::Kind::RenameColumn:
      return "rename_column";
    case MigrationSpec::Kind::RemoveColumn:
      return "remove_column";
    case MigrationSpec::Kind::RemoveTable:
      return "remove_table";
  }
  return "?";
}

const char* to_string(StepSpec::OnFailure on_failure) {
  switch (on_failure) {
    case StepSpec::OnFailure::Abort:
      return "abort";
    case StepSpec::OnFailure::Continue:
      return "continue";
    case StepSpec::OnFailure::Escalate:
      return "escalate";
    case StepSpec::OnFailure::Block:
      return "block";
  }
  return "?";
}

const char* to_string(Routing routing) {
  return routing == Routing::Weights ? "weights" : "pods";
}

const char* to_string(StrategySpec::Kind kind) {
  return kind == StrategySpec::Kind::RollingUpdate ? "RollingUpdate" : "Recreate";
}

double PodSpec::probe_at_or_after(double started_s, double t_s) const {
  const double first_probe = started_s + readiness_initial_delay_s;
  if (t_s <= first_probe) return first_probe;
  // The small tolerance keeps a probe that lands on t_s up to rounding (started 20 + start 20 = probe
  // 40) from slipping a whole period.
  const double periods = std::ceil((t_s - first_probe) / readiness_period_s - 1e-9);
  return first_probe + periods * readiness_period_s;
}

double PodSpec::ready_at(double started_s, double ready_from_s) const {
  return probe_at_or_after(started_s, ready_from_s) +
         static_cast<double>(readiness_success_threshold - 1) * readiness_period_s;
}

int IntOrPercent::resolve(int replicas, bool round_up) const {
  if (!percent) return static_cast<int>(value);
  const double exact = value * static_cast<double>(replicas) / 100.0;
  // Kubernetes computes in integers (intstr.GetScaledValueFromIntOrPercent); the tolerance keeps
  // 25% of 8 at 2 whichever way the double rounds.
  return static_cast<int>(round_up ? std::ceil(exact - 1e-9) : std::floor(exact + 1e-9));
}

std::pair<int, int> StrategySpec::resolve(int replicas) const {
  const int surge = max_surge.resolve(replicas, true);
  int unavailable = max_unavailable.resolve(replicas, false);
  if (surge == 0 && unavailable == 0) unavailable = 1;  // deployment_util.go ResolveFenceposts
  return {surge, unavailable};
}

namespace {
template <std::size_t... I>
std::vector<std::string_view> fault_names(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, FaultSpec::Kinds>::kName...};
}
constexpr const char* kMetricNames[] = {"error_ratio",      "latency_p95", "memory_utilisation",
                                        "pool_utilisation", "oom_kills",   "restarts"};
}  // namespace

const std::vector<std::string_view>& fault_kind_names() {
  static const std::vector<std::string_view> names =
      fault_names(std::make_index_sequence<std::variant_size_v<FaultSpec::Kinds>>{});
  return names;
}

const std::vector<std::string_view>& alert_metric_names() {
  static const std::vector<std::string_view> names(std::begin(kMetricNames), std::end(kMetricNames));
  return names;
}

const char* FaultSpec::kind_name() const {
  return std::visit([](const auto& k) { return std::decay_t<decltype(k)>::kName; }, kind);
}

const std::string& FaultSpec::target() const {
  static const std::string none;
  return std::visit(
      [](const auto& k) -> const std::string& {
        if constexpr (requires { k.target; })
          return k.target;
        else
          return none;
      },
      kind);
}

const char* to_string(AlertRuleSpec::Metric metric) {
  return kMetricNames[static_cast<int>(metric)];
}

double crash_loop_backoff_s(int restarts_before) {
  double delay = 10.0;
  for (int i = 0; i < restarts_before && delay < 300.0; ++i)
    delay *= 2.0;
  return std::min(delay, 300.0);
}

}  // namespace drillsim::model
