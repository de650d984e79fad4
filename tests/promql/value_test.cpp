#include "promql/value.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace drillsim::promql {
namespace {

TEST(Value, StaleNaNIsADistinctNaN) {
  EXPECT_TRUE(std::isnan(stale_nan()));
  EXPECT_TRUE(is_stale_nan(stale_nan()));
  EXPECT_FALSE(is_stale_nan(std::nan("")));
}

TEST(Value, SetLabelKeepsOrderAndEmptyDeletes) {
  Labels l = {{"b", "2"}};
  set_label(l, "a", "1");
  EXPECT_EQ(l, (Labels{{"a", "1"}, {"b", "2"}}));
  set_label(l, "b", "");
  EXPECT_EQ(l, (Labels{{"a", "1"}}));
}

TEST(Value, FloatFormatsAsGo) {
  EXPECT_EQ(format_float_f(0.1), "0.1");
  EXPECT_EQ(format_float_f(1e21), "1000000000000000000000");
  // %v of a float64, as promtool prints $value: exponent form from 1e+06 (measured with promtool 2.42).
  EXPECT_EQ(format_float_g(100000), "100000");
  EXPECT_EQ(format_float_g(1e6), "1e+06");
  EXPECT_EQ(format_float_g(1234567), "1.234567e+06");
  EXPECT_EQ(format_float_g(0.0001), "0.0001");
  EXPECT_EQ(format_float_g(0.00001), "1e-05");
}

TEST(Value, FormatLabelsPutsTheNameInFront) {
  EXPECT_EQ(format_labels({{"__name__", "up"}, {"job", "a\"b"}}), "up{job=\"a\\\"b\"}");
}

}  // namespace
}  // namespace drillsim::promql
