#include "montecarlo/summary.hpp"

#include <gtest/gtest.h>

namespace drillsim::montecarlo {
namespace {

RunSummary sample() {
  RunSummary s;
  s.run = 7;
  s.seed = 123456789012345ULL;
  s.time_to_detect_s = 330.1;
  s.time_to_restore_s = 0.1 + 0.2;  // Not a short decimal: must come back bit for bit.
  s.restore_or_censored_s = s.time_to_restore_s;
  s.downtime_s = 12;
  s.requests_failed = 4426;
  s.users_affected = 3972;
  s.exit_state = "completed";
  s.objectives.push_back({"checkout", 900, 300, 757.9, 0, true, true});
  s.objectives.push_back({"search", 600, 0, std::nullopt, 0, true, false});
  s.levels.push_back({"Level 1", false});
  s.levels.push_back({"Level 2", std::nullopt});
  s.inputs.push_back({"ack", 137.0});
  s.inputs.push_back({"assess", 165.2});
  return s;
}

TEST(Summary, JsonRoundTripIsExact) {
  const RunSummary s = sample();
  const auto json = to_json(s);
  const RunSummary back = summary_from_json(nlohmann::ordered_json::parse(json.dump()));
  EXPECT_EQ(to_json(back).dump(), json.dump());
  EXPECT_EQ(*back.time_to_restore_s, 0.1 + 0.2);
  EXPECT_FALSE(back.time_to_decide_s.has_value());
  EXPECT_FALSE(back.levels[1].met.has_value());
  EXPECT_EQ(back.inputs[1].name, "assess");
  EXPECT_FALSE(back.objectives[1].rpo_met);
  EXPECT_FALSE(json.contains("violations"));
}

TEST(Summary, MissingFieldIsNamed) {
  auto json = to_json(sample());
  json.erase("downtime_s");
  try {
    summary_from_json(json);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("downtime_s"), std::string::npos) << e.what();
  }
}

// A count that is negative or fractional is refused with its name, not wrapped into a huge count.
TEST(Summary, CountsMustBeWholeAndNotNegative) {
  for (const char* key : {"run", "seed", "requests_failed", "users_affected", "writes_lost"}) {
    for (const nlohmann::ordered_json& bad : {nlohmann::ordered_json(-1), nlohmann::ordered_json(2.5),
                                             nlohmann::ordered_json("3")}) {
      auto json = to_json(sample());
      json[key] = bad;
      try {
        summary_from_json(json);
        ADD_FAILURE() << key << " = " << bad.dump() << " was accepted";
      } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
      }
    }
  }
  auto json = to_json(sample());
  json["requests_failed"] = 0;
  EXPECT_EQ(summary_from_json(json).requests_failed, 0u);
}

}  // namespace
}  // namespace drillsim::montecarlo
