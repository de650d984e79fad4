// The plan section's names: the actions and on_failure, as the format spells them.
#include "model/scenario_plan.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace drillsim::model {
namespace {

TEST(Names, ActionsAndOnFailureHaveTheFormatsNames) {
  const auto& actions = step_action_names();
  ASSERT_EQ(actions.size(), 19u);
  EXPECT_EQ(actions.front(), "shift_traffic");
  EXPECT_EQ(actions.back(), "scale_deployment");
  // Indexed by the enum: each name is to_string of its action.
  for (std::size_t a = 0; a < actions.size(); ++a)
    EXPECT_EQ(actions[a], to_string(static_cast<StepSpec::Action>(a))) << a;
  EXPECT_STREQ(to_string(StepSpec::Action::PipelineRedeploy), "pipeline_redeploy");
  EXPECT_STREQ(to_string(StepSpec::OnFailure::Abort), "abort");
  EXPECT_STREQ(to_string(StepSpec::OnFailure::Escalate), "escalate");
  EXPECT_STREQ(to_string(StepSpec::OnFailure::Block), "block");
}

}  // namespace
}  // namespace drillsim::model
