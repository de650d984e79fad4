// The fault (io/load_faults.cpp): the common keys and each kind's own.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"
#include "scenario_text.hpp"

namespace drillsim::io {
namespace {

using namespace scenario_text;  // NOLINT(google-build-using-namespace): the shared scenario texts.
using model::Distribution;
using model::RateProfile;
using model::StepSpec;
using model::Version;

const fs::path kData = DRILLSIM_TEST_DATA;

TEST(ParseScenario, FaultDefaults) {
  const auto s = parse_scenario(
      scenario_with(
          R"("fault": {"kind": "bad_release", "service": "checkout", "at_s": 60, "error_probability": 0.5})"),
      "t");
  ASSERT_TRUE(s.fault.has_value());
  EXPECT_EQ(s.fault->version, Version::New);
  EXPECT_FALSE(s.fault->duration_s.has_value());
  EXPECT_DOUBLE_EQ(s.fault->as<model::fault::BadRelease>().latency_factor, 1.0);
  EXPECT_FALSE(s.fault->as<model::fault::BadRelease>().fails_readiness);
}

TEST(ParseScenario, BadReleaseMayFailReadiness) {
  const auto s = parse_scenario(scenario_with(R"("fault": {"kind": "bad_release", "service": "checkout",
      "at_s": 60, "error_probability": 0.5, "fails_readiness": true})"),
                                "t");
  EXPECT_TRUE(s.fault->as<model::fault::BadRelease>().fails_readiness);
}

TEST(ParseScenario, FaultDurationNullMeansUntilFixed) {
  const auto s = parse_scenario(scenario_with(R"("fault": {"kind": "bad_release", "service": "checkout",
      "version": "stable", "at_s": 60, "duration_s": null, "error_probability": 0.5})"),
                                "t");
  EXPECT_EQ(s.fault->version, Version::Stable);
  EXPECT_FALSE(s.fault->duration_s.has_value());
}

TEST(ParseScenario, FaultDurationMustBePositiveOrNull) {
  try {
    parse_scenario(scenario_with(R"("fault": {"kind": "bad_release", "service": "checkout", "at_s": 60,
        "duration_s": 0, "error_probability": 0.5})"),
                   "t");
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "/fault/duration_s");
    EXPECT_EQ(e.problem(), "expected a number > 0, or null (until fixed), found 0");
  }
}

}  // namespace
}  // namespace drillsim::io
