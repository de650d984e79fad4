#include "promql/series_store.hpp"

#include <gtest/gtest.h>

#include "promql/parser.hpp"

namespace drillsim::promql {
namespace {

TEST(SeriesStore, SelectsByMatchersInLabelOrder) {
  SeriesStore s;
  s.append(parse_series_labels(R"(up{i="b"})"), {0, 1});
  s.append(parse_series_labels(R"(up{i="a"})"), {0, 1});
  s.append(parse_series_labels(R"(down{i="a"})"), {0, 1});
  const auto got = s.select({{kMetricName, LabelMatcher::Op::Equal, "up", nullptr}});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(label_value(got[0]->labels, "i"), "a");
}

TEST(SeriesStore, OutOfOrderAndDuplicateSamplesAreDropped) {
  SeriesStore s;
  const Labels l = parse_series_labels("x");
  EXPECT_TRUE(s.append(l, {1000, 1}));
  EXPECT_FALSE(s.append(l, {1000, 2}));
  EXPECT_FALSE(s.append(l, {500, 2}));
  EXPECT_TRUE(s.append(l, {2000, 2}));
}

}  // namespace
}  // namespace drillsim::promql
