// The incident timeline: the first occurrence of an instant wins, set() overwrites, and every instant
// has the report's key.
#include "model/timeline.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace drillsim::model {
namespace {

TEST(Timeline, AnInstantNotRecordedIsNulloptNeverZero) {
  Timeline t;
  for (const Instant i : kInstants)
    EXPECT_FALSE(t.at(i).has_value()) << to_string(i);
}

TEST(Timeline, TheFirstOccurrenceWins) {
  Timeline t;
  t.record(Instant::Detect, 140.0);
  t.record(Instant::Detect, 130.0);  // A later signal cannot move detect.
  t.record(Instant::Page, 0.0);      // 0 is an instant like any other.
  EXPECT_EQ(t.at(Instant::Detect), 140.0);
  EXPECT_EQ(t.at(Instant::Page), 0.0);
  EXPECT_FALSE(t.at(Instant::Ack).has_value());
}

TEST(Timeline, SetOverwritesAndClears) {
  Timeline t;
  t.record(Instant::Restored, 300.0);
  t.set(Instant::Restored, 250.0);
  EXPECT_EQ(t.at(Instant::Restored), 250.0);
  t.set(Instant::Restored, std::nullopt);
  EXPECT_FALSE(t.at(Instant::Restored).has_value());
}

TEST(Timeline, InstantsInIncidentOrderWithTheReportsKeys) {
  std::vector<std::string> names;
  for (const Instant i : kInstants)
    names.emplace_back(to_string(i));
  EXPECT_EQ(names, (std::vector<std::string>{"onset", "detect", "page", "ack", "decide", "rollback_start",
                                             "rollback_end", "restored", "verified"}));
  EXPECT_EQ(static_cast<std::size_t>(kInstants.back()) + 1, kInstantCount);
}

}  // namespace
}  // namespace drillsim::model
