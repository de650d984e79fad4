#include "promql/re2.hpp"

#include <gtest/gtest.h>

namespace drillsim::promql {
namespace {

bool full(const std::string& re, const std::string& s) {
  return std::regex_match(s, compile_re2(re, true));
}

TEST(Re2, ClassesFlagsAndLiteralsMapOntoEcmaScript) {
  EXPECT_TRUE(full("(?i)api", "API"));
  EXPECT_FALSE(full("api", "API"));
  EXPECT_TRUE(full(R"(host-\d+:\d{4})", "host-12:9100"));
  EXPECT_TRUE(full("[[:alpha:]]+-[[:word:]]+", "host-a_1"));
  EXPECT_TRUE(full(R"(/a/b{x})", "/a/b{x}"));  // a brace that is no repetition is literal in RE2
  EXPECT_TRUE(full(R"(\Q.*\E)", ".*"));
  EXPECT_FALSE(full(R"(\Q.*\E)", "ab"));
  EXPECT_TRUE(full("(?P<name>a)b", "ab"));
  EXPECT_TRUE(full("[]a]+", "]a"));   // a leading ] is a member
  EXPECT_FALSE(full(R"(\s)", "\v"));  // RE2's \s is [\t\n\f\r ]
  EXPECT_FALSE(full(".", "\n"));      // . excludes \n ...
  EXPECT_TRUE(full("(?s).", "\n"));   // ... unless (?s)
  EXPECT_TRUE(full(R"(\Aab\z)", "ab"));
}

TEST(Re2, WhatCannotMapIsRefusedAndWhatRe2RejectsIsInvalid) {
  const auto kind = [](const std::string& re) {
    try {
      compile_re2(re, true);
      return std::string("ok");
    } catch (const Re2Error& e) {
      return std::string(e.unsupported() ? "unsupported" : "invalid");
    }
  };
  EXPECT_EQ(kind(R"(\pL+)"), "unsupported");
  EXPECT_EQ(kind("a(?i)b"), "unsupported");
  EXPECT_EQ(kind("(?i:a)b"), "unsupported");
  EXPECT_EQ(kind("(?m)^a$"), "unsupported");
  EXPECT_EQ(kind("(?=a)"), "invalid");
  EXPECT_EQ(kind("(a"), "invalid");
  EXPECT_EQ(kind(R"(\1)"), "unsupported");
}

}  // namespace
}  // namespace drillsim::promql
