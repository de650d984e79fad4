// The whole scenario: services and stores found by name.
#include "model/scenario.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace drillsim::model {
namespace {

TEST(Scenario, IndexesByNameOrMinusOne) {
  Scenario s;
  s.services.resize(2);
  s.services[0].name = "web";
  s.services[1].name = "api";
  s.stores.resize(1);
  s.stores[0].name = "db";
  EXPECT_EQ(s.service_index("api"), 1);
  EXPECT_EQ(s.service_index("db"), -1);
  EXPECT_EQ(s.store_index("db"), 0);
  EXPECT_EQ(s.store_index("web"), -1);
}

}  // namespace
}  // namespace drillsim::model
