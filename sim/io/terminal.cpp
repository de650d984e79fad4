#include "io/terminal.hpp"

#include <cstdio>

namespace drillsim::io {

bool PrintableStreambuf::put(unsigned char c) {
  char buffer[8];
  const auto write = [&](int length) { return target_->sputn(buffer, length) == length; };
  if (after_c2_) {
    after_c2_ = false;
    if (c >= 0x80 && c <= 0x9F) return write(std::snprintf(buffer, sizeof buffer, "\\u%04x", c));
    if (target_->sputc(static_cast<char>(0xC2)) == traits_type::eof()) return false;
  }
  if (c == 0xC2) {
    after_c2_ = true;
    return true;
  }
  if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
    return write(std::snprintf(buffer, sizeof buffer, "\\x%02x", c));
  return target_->sputc(static_cast<char>(c)) != traits_type::eof();
}

PrintableStreambuf::int_type PrintableStreambuf::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  return put(static_cast<unsigned char>(traits_type::to_char_type(c))) ? c : traits_type::eof();
}

std::streamsize PrintableStreambuf::xsputn(const char* s, std::streamsize n) {
  for (std::streamsize i = 0; i < n; ++i) {
    if (!put(static_cast<unsigned char>(s[i]))) return i;
  }
  return n;
}

int PrintableStreambuf::sync() {
  if (after_c2_) {  // A lone 0xC2 before a flush: passed on as it came.
    after_c2_ = false;
    if (target_->sputc(static_cast<char>(0xC2)) == traits_type::eof()) return -1;
  }
  return target_->pubsync();
}

}  // namespace drillsim::io
