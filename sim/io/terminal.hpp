// Text on its way to a terminal: names from a scenario, a runbook or a report may hold control
// characters (ESC starts an escape sequence that can retitle the window, move the cursor or hide text).
#pragma once

#include <streambuf>

namespace drillsim::io {

// A stream buffer that passes text to `target` with control characters escaped as printable() does,
// except newline and tab, which a terminal's output needs. Install it in front of std::cout or
// std::cerr (rdbuf) when they are terminals; machine-readable output to a pipe or file is left as is.
class PrintableStreambuf : public std::streambuf {
 public:
  explicit PrintableStreambuf(std::streambuf* target) : target_(target) {}

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  bool put(unsigned char c);

  std::streambuf* target_;
  bool after_c2_ = false;  // The last byte was 0xC2, the lead byte of a UTF-8 C1 control character.
};

}  // namespace drillsim::io
