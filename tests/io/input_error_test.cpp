#include "io/input_error.hpp"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace drillsim::io {
namespace {

TEST(InputError, MessageIsFileColonWhereColonProblem) {
  const InputError error("scenarios/shop.json", "/services/0/versions/stable/replicas",
                         "expected an integer >= 0, found \"three\"");
  EXPECT_STREQ(
      error.what(),
      "scenarios/shop.json:/services/0/versions/stable/replicas: expected an integer >= 0, found \"three\"");
  EXPECT_EQ(error.file(), "scenarios/shop.json");
  EXPECT_EQ(error.where(), "/services/0/versions/stable/replicas");
  EXPECT_EQ(error.problem(), "expected an integer >= 0, found \"three\"");
}

TEST(InputError, LineColumnIsAWhereLikeAnyOther) {
  const InputError error("a.json", "3:14", "JSON syntax error: unexpected '}'");
  EXPECT_STREQ(error.what(), "a.json:3:14: JSON syntax error: unexpected '}'");
}

TEST(InputError, EmptyWhereIsLeftOut) {
  const InputError error("missing.json", "", "cannot read file: No such file or directory");
  EXPECT_STREQ(error.what(), "missing.json: cannot read file: No such file or directory");
  EXPECT_TRUE(error.where().empty());
}

TEST(InputError, IsARuntimeError) {
  try {
    throw InputError("f", "/x", "bad");
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "f:/x: bad");
  }
}

}  // namespace
}  // namespace drillsim::io
