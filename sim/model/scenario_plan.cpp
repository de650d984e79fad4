// The plan section (model/scenario_plan.hpp): the names of the actions and of on_failure.

#include "model/scenario_plan.hpp"

#include <string_view>
#include <vector>

namespace drillsim::model {

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

}  // namespace drillsim::model
