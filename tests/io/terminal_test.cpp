#include "io/terminal.hpp"

#include <ostream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace drillsim::io {
namespace {

std::string through_filter(const std::string& text) {
  std::ostringstream sink;
  PrintableStreambuf filter(sink.rdbuf());
  std::ostream out(&filter);
  out << text << std::flush;
  return sink.str();
}

// Issue 14: escape sequences in scenario and step names reached the terminal raw.
TEST(PrintableStreambuf, EscapesControlCharactersButKeepsLines) {
  EXPECT_EQ(through_filter("step \x1b[2J\x1b]0;title\x07 done\n\tnext\n"),
            "step \\x1b[2J\\x1b]0;title\\x07 done\n\tnext\n");
  EXPECT_EQ(through_filter("csi \xC2\x9B"
                           "31m, caf\xC3\xA9, \xC2\xA0nbsp, del \x7f"),
            "csi \\u009b31m, caf\xC3\xA9, \xC2\xA0nbsp, del \\x7f");
}

TEST(PrintableStreambuf, AC1CharacterSplitAcrossWritesIsStillEscaped) {
  std::ostringstream sink;
  PrintableStreambuf filter(sink.rdbuf());
  std::ostream out(&filter);
  out << "a\xC2";
  out << "\x9B"
         "b\xC2"
      << std::flush;
  EXPECT_EQ(sink.str(), "a\\u009bb\xC2");
}

}  // namespace
}  // namespace drillsim::io
