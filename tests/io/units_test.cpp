// Durations and thresholds as people write them: Prometheus's duration syntax and plain decimals.
#include "io/units.hpp"

#include <gtest/gtest.h>

namespace drillsim::io {
namespace {

TEST(PrometheusDuration, ParsesEachUnitAndCombinations) {
  EXPECT_EQ(parse_prometheus_duration("30s"), 30.0);
  EXPECT_EQ(parse_prometheus_duration("5m"), 300.0);
  EXPECT_EQ(parse_prometheus_duration("1h30m"), 5400.0);
  EXPECT_EQ(parse_prometheus_duration("4h"), 14400.0);
  EXPECT_EQ(parse_prometheus_duration("1d"), 86400.0);
  EXPECT_EQ(parse_prometheus_duration("1w"), 604800.0);
  EXPECT_EQ(parse_prometheus_duration("1y"), 31536000.0);
  EXPECT_DOUBLE_EQ(*parse_prometheus_duration("500ms"), 0.5);
  EXPECT_DOUBLE_EQ(*parse_prometheus_duration("1m30s500ms"), 90.5);
  EXPECT_EQ(parse_prometheus_duration("0"), 0.0);
  EXPECT_EQ(parse_prometheus_duration("0s"), 0.0);
}

TEST(PrometheusDuration, RejectsWhatPrometheusRejects) {
  for (const char* text : {"", "5", "5 m", "5min", "m", "-5m", "1.5h", "30m1h", "5m5m", "5minutes", "1h 30m"})
    EXPECT_FALSE(parse_prometheus_duration(text)) << text;
}

TEST(Decimal, WholeTextOnly) {
  EXPECT_EQ(parse_decimal("5"), 5.0);
  EXPECT_EQ(parse_decimal("0.25"), 0.25);
  EXPECT_DOUBLE_EQ(*parse_decimal("2.5e-3"), 0.0025);
  for (const char* text : {"", " 5", "5 ", "5%", "+5", "five", "inf", "nan"})
    EXPECT_FALSE(parse_decimal(text)) << text;
}

}  // namespace
}  // namespace drillsim::io
