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

namespace drillsim::promql {
namespace {

// drop_before keeps the samples at or after the cut, and forgets a series left without any.
TEST(SeriesStore, DropBeforeForgetsOldSamplesAndEmptySeries) {
  SeriesStore store;
  const Labels a{{kMetricName, "a"}};
  const Labels b{{kMetricName, "b"}};
  for (const std::int64_t t : {0, 1000, 2000, 3000})
    store.append(a, {t, 1.0});
  store.append(b, {500, 1.0});
  EXPECT_EQ(store.sample_count(), 5u);
  store.drop_before(2000);
  EXPECT_EQ(store.series_count(), 1u);
  ASSERT_EQ(store.all().at(a).samples.size(), 2u);
  EXPECT_EQ(store.all().at(a).samples.front().t_ms, 2000);
}

}  // namespace
}  // namespace drillsim::promql
