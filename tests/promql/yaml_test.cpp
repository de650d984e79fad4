#include "promql/yaml.hpp"

#include <gtest/gtest.h>

namespace drillsim::promql {
namespace {

TEST(Yaml, MergeKeysAndAliasesAreResolved) {
  // yaml-cpp 0.7 drops the merged keys; Prometheus' reader keeps them, so must we.
  const YamlNode root = parse_yaml(
      "base: &b {severity: page, team: sre}\n"
      "rule:\n"
      "  <<: *b\n"
      "  for: 5m\n"
      "copy: *b\n",
      "t.yml");
  const YamlNode* rule = root.find("rule");
  ASSERT_NE(rule, nullptr);
  ASSERT_NE(rule->find("severity"), nullptr);
  EXPECT_EQ(rule->find("severity")->scalar, "page");
  EXPECT_EQ(rule->find("team")->scalar, "sre");
  EXPECT_EQ(rule->find("for")->scalar, "5m");
  EXPECT_EQ(rule->find("<<"), nullptr);
  EXPECT_EQ(root.find("copy")->find("team")->scalar, "sre");
}

TEST(Yaml, PositionsAreOneBased) {
  const YamlNode root = parse_yaml("a:\n  b: x\n", "t.yml");
  const YamlNode* b = root.find("a")->find("b");
  EXPECT_EQ(b->line, 2);
  EXPECT_EQ(b->column, 6);
}

TEST(Yaml, NullsAndQuotedStrings) {
  const YamlNode root = parse_yaml("a: ~\nb: 'null'\nc:\n", "t.yml");
  EXPECT_TRUE(root.find("a")->is_null());
  EXPECT_FALSE(root.find("b")->is_null());
  EXPECT_TRUE(root.find("c")->is_null());
}

TEST(Yaml, SyntaxErrorNamesFileAndLine) {
  try {
    parse_yaml("a: [1, 2\nb: 3\n", "bad.yml");
    FAIL() << "expected a YamlError";
  } catch (const YamlError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("bad.yml:", 0), 0u) << e.what();
  }
}

}  // namespace
}  // namespace drillsim::promql

namespace drillsim::promql {
namespace {

TEST(Yaml, QuotedScalarContinuedLessIndentedAsGoAccepts) {
  // Seen in a public promtool test file: Go's reader takes it, strict libfyaml would not.
  const YamlNode root = parse_yaml("a:\n  b:\n    c: \"one\n  two\"\n", "t.yml");
  EXPECT_EQ(root.find("a")->find("b")->find("c")->scalar, "one two");
}

}  // namespace
}  // namespace drillsim::promql
