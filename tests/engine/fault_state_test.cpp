// FaultState (fault_state.cpp): the fault's facts, without SimGrid.
#include "engine/fault_state.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace drillsim::engine {
namespace {

// Turned off at 100 with a 30 s propagation, then again with 5 s at 110: every instance sees it at
// min(130, 115) = 115, not before.
TEST(FaultState, AFlagIsOffFromTheEarliestInstantEveryInstanceSeesIt) {
  FaultState state(1);
  EXPECT_FALSE(state.flag_off("new-checkout", 1e9));
  state.flag_turned_off("new-checkout", 130.0);
  state.flag_turned_off("new-checkout", 115.0);
  state.flag_turned_off("new-checkout", 200.0);  // A later one changes nothing.
  EXPECT_FALSE(state.flag_off("new-checkout", 114.9));
  EXPECT_TRUE(state.flag_off("new-checkout", 115.0));
  EXPECT_FALSE(state.flag_off("other-flag", 500.0));
}

TEST(FaultState, TheFaultIsFixedOnce) {
  FaultState state(1);
  EXPECT_FALSE(state.fixed());
  EXPECT_TRUE(state.fix());
  EXPECT_TRUE(state.fixed());
  EXPECT_FALSE(state.fix());  // A fix-forward after the fault's own end ends nothing more.
}

// Restarts reach the state out of order (a crash-on-start cycle records each pod's past restarts at
// its next look): they are kept in time order, per service, the OOMKills among them too.
TEST(FaultState, RestartsAreKeptInTimeOrderPerService) {
  FaultState state(2);
  state.container_restarted(1, 130.0, false);
  state.container_restarted(1, 110.0, true);
  state.container_restarted(1, 120.0, false);
  state.container_restarted(1, 125.0, true);
  EXPECT_EQ(state.restarts(1), (std::vector<double>{110.0, 120.0, 125.0, 130.0}));
  EXPECT_EQ(state.oom_kills(1), (std::vector<double>{110.0, 125.0}));
  EXPECT_TRUE(state.restarts(0).empty());
}

TEST(FaultState, ALeakHasAVersionAndOneRatePerPod) {
  FaultState state(2);
  EXPECT_FALSE(state.leaking_version(0));
  state.start_leak(0, model::Version::New);
  EXPECT_EQ(state.leaking_version(0), model::Version::New);
  EXPECT_FALSE(state.leaking_version(1));
  EXPECT_FALSE(state.leak_rate(0, 7));
  state.set_leak_rate(0, 7, 2.5);
  EXPECT_EQ(state.leak_rate(0, 7), 2.5);
  EXPECT_FALSE(state.leak_rate(0, 8));
}

}  // namespace
}  // namespace drillsim::engine
