// Known answers for the shared text helpers of the report writers.
#include "report/formats/text.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace drillsim::report::formats {
namespace {

TEST(HumanDuration, AbsentIsADash) {
  EXPECT_EQ(human_duration(std::nullopt), "—");
  EXPECT_EQ(human_duration(std::numeric_limits<double>::quiet_NaN()), "—");
}

TEST(HumanDuration, SecondsMinutesHours) {
  EXPECT_EQ(human_duration(42.0), "42.0 s");
  EXPECT_EQ(human_duration(0.0), "0.0 s");
  EXPECT_EQ(human_duration(725.0), "12m 05s");      // 12·60 + 5
  EXPECT_EQ(human_duration(757.928), "12m 38s");    // rounds to the nearest second
  EXPECT_EQ(human_duration(3725.0), "1h 02m 05s");  // 3600 + 2·60 + 5
  EXPECT_EQ(human_duration(-90.0), "-1m 30s");
}

TEST(HumanDuration, JustUnderAMinuteDoesNotReadSixtySeconds) {
  // 59.96 s rounds to 60.0 with one decimal: it is written as a minute instead.
  EXPECT_EQ(human_duration(59.96), "1m 00s");
  EXPECT_EQ(human_duration(59.94), "59.9 s");
}

TEST(PlainNumber, ShortestTextThatReadsBack) {
  EXPECT_EQ(plain_number(600.0), "600");
  EXPECT_EQ(plain_number(0.25), "0.25");
  EXPECT_EQ(plain_number(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(plain_number(std::nullopt), "");
  EXPECT_EQ(plain_number(std::numeric_limits<double>::quiet_NaN()), "");
}

}  // namespace
}  // namespace drillsim::report::formats
