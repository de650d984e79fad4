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

// Issue 14: escape sequences in names reached the terminal raw, and messages echoed up to 1 MB of input.
TEST(InputError, ControlCharactersAreEscaped) {
  const InputError error("a\x1b[2Jb.json", "/plan/steps/0", "unknown step \"x\x1b]0;owned\x07\xC2\x9B\"");
  EXPECT_STREQ(error.what(), "a\\x1b[2Jb.json:/plan/steps/0: unknown step \"x\\x1b]0;owned\\x07\\u009b\"");
  EXPECT_EQ(error.problem(), "unknown step \"x\x1b]0;owned\x07\xC2\x9B\"");  // As given.
}

TEST(InputError, MessageIsBoundedWhateverTheInput) {
  const std::string huge(1 << 20, 'k');
  const InputError error(huge, "/" + huge, "unknown key \"" + huge + "\"");
  // 200 bytes of file, ":" , 200 of where, ": ", 1000 of problem.
  EXPECT_EQ(std::string(error.what()).size(), 200u + 1u + 200u + 2u + 1000u);
  EXPECT_EQ(std::string(error.what()).substr(0, 200), std::string(197, 'k') + "...");
}

TEST(Printable, KeepsTextAndUtf8) {
  EXPECT_EQ(printable("plain text, caf\xC3\xA9 \xE2\x82\xAC"), "plain text, caf\xC3\xA9 \xE2\x82\xAC");
  EXPECT_EQ(printable("line\nbreak\ttab\x7f"), "line\\x0abreak\\x09tab\\x7f");
}

}  // namespace
}  // namespace drillsim::io
