#include "gui/series_scanner.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace drillsim::gui {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The end of a JSON number starting at `i` (RFC 8259 grammar), or npos when it is not one.
std::size_t number_end(std::string_view t, std::size_t i) {
  const std::size_t n = t.size();
  if (i < n && t[i] == '-') ++i;
  if (i >= n || !is_digit(t[i])) return std::string_view::npos;
  if (t[i] == '0') {
    ++i;
  } else {
    while (i < n && is_digit(t[i]))
      ++i;
  }
  if (i < n && t[i] == '.') {
    ++i;
    if (i >= n || !is_digit(t[i])) return std::string_view::npos;
    while (i < n && is_digit(t[i]))
      ++i;
  }
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    if (i >= n || !is_digit(t[i])) return std::string_view::npos;
    while (i < n && is_digit(t[i]))
      ++i;
  }
  return i;
}

class Scanner {
 public:
  Scanner(std::string_view text, int max_depth, const std::function<void(std::size_t)>& consumed)
      : t_(text), max_depth_(max_depth), consumed_(consumed) {}

  ScanResult run() {
    ScanResult out;
    out.skeleton.reserve(std::min<std::size_t>(t_.size(), 1 << 20));
    skeleton_ = &out.skeleton;
    series_ = &out.series;
    out.ok = scan();
    if (!out.ok) {
      out.skeleton.clear();
      out.series.clear();
    }
    return out;
  }

 private:
  enum class Container : char { Object, Array };

  bool scan() {
    std::size_t copied_from = 0;  // Text not yet copied into the skeleton starts here.
    std::size_t released = 0;
    std::string last_string;       // The last string token (raw), for keys.
    bool after_colon = false;      // The last significant token was ':'.
    std::string root_key;          // The key being read in the root object.
    bool in_series_array = false;  // Depth 2 is the root's "series" array.
    bool series_seen = false;
    std::size_t i = 0;
    const std::size_t n = t_.size();
    while (i < n) {
      const char c = t_[i];
      if (c == '"') {
        const std::size_t start = ++i;
        bool plain = true;
        while (i < n && t_[i] != '"') {
          if (t_[i] == '\\') {
            plain = false;
            ++i;
          }
          ++i;
        }
        if (i >= n) return false;
        last_string = plain ? std::string(t_.substr(start, i - start)) : std::string();
        ++i;
        after_colon = false;
        continue;
      }
      if (c == ':') {
        after_colon = true;
        if (stack_.size() == 1) root_key = last_string;
        ++i;
        continue;
      }
      if (c == '{' || c == '[') {
        if (static_cast<int>(stack_.size()) + 1 > max_depth_) return false;
        // The root's "series" array.
        if (c == '[' && stack_.size() == 1 && stack_[0] == Container::Object && after_colon &&
            root_key == "series") {
          if (series_seen) return false;  // Given twice: let the full reader judge.
          series_seen = true;
          in_series_array = true;
        }
        // An element of it.
        if (c == '{' && stack_.size() == 2 && in_series_array) series_->emplace_back();
        // A per-second array of that element.
        if (c == '[' && stack_.size() == 3 && in_series_array && stack_[2] == Container::Object &&
            after_colon) {
          const int key = scanned_key(last_string);
          if (key >= 0) {
            ScannedSeries& s = series_->back();
            if ((s.captured >> key) & 1u) return false;
            skeleton_->append(t_.substr(copied_from, i + 1 - copied_from));
            const std::size_t end = read_array(i + 1, key, s);
            if (end == std::string_view::npos) return false;
            s.captured |= 1u << key;
            skeleton_->push_back(']');
            i = end;  // Just past the ']'.
            copied_from = i;
            after_colon = false;
            if (consumed_ && i - released > (std::size_t{16} << 20)) {
              consumed_(i);
              released = i;
            }
            continue;
          }
        }
        stack_.push_back(c == '{' ? Container::Object : Container::Array);
        after_colon = false;
        ++i;
        continue;
      }
      if (c == '}' || c == ']') {
        if (stack_.empty()) return false;
        if (stack_.size() == 2 && in_series_array && c == ']') in_series_array = false;
        stack_.pop_back();
        after_colon = false;
        ++i;
        continue;
      }
      after_colon = after_colon && is_space(c);
      ++i;
    }
    skeleton_->append(t_.substr(copied_from));
    return stack_.empty();
  }

  static int scanned_key(const std::string& key) {
    for (int k = 0; k < 7; ++k) {
      if (key == kScannedKeys[k]) return k;
    }
    return -1;
  }

  std::size_t skip_space(std::size_t i) const {
    while (i < t_.size() && is_space(t_[i]))
      ++i;
    return i;
  }

  // Reads the elements of an array whose '[' is just before `i`, into the vector of `key`. Returns the
  // offset just past its ']', or npos to give up.
  std::size_t read_array(std::size_t i, int key, ScannedSeries& s) const {
    // Every array of a series has as many elements as the first one read (else the reader refuses
    // it), and series are usually as long as each other: reserve that much.
    std::size_t expected = s.requests.size();
    if (expected == 0 && series_->size() > 1) expected = (*series_)[series_->size() - 2].requests.size();
    reserve(key, s, expected);
    i = skip_space(i);
    if (i < t_.size() && t_[i] == ']') return i + 1;
    while (true) {
      i = skip_space(i);
      if (i >= t_.size()) return std::string_view::npos;
      if (key <= 2 || key == 6) {
        // A count (requests, errors, slow: below 2^32) or Ready replicas (an int), read in one pass: JSON
        // digits without a fraction or an exponent (either gives up, as store() would).
        const bool negative = key == 6 && t_[i] == '-';
        std::size_t j = negative ? i + 1 : i;
        const std::size_t start = j;
        std::uint64_t v = 0;
        if (j < t_.size() && t_[j] == '0') {
          ++j;
        } else {
          while (j < t_.size() && is_digit(t_[j]) && j - start < 11) {
            v = v * 10 + static_cast<std::uint64_t>(t_[j] - '0');
            ++j;
          }
        }
        if (j == start || j - start > 10) return std::string_view::npos;
        if (j < t_.size() && (t_[j] == '.' || t_[j] == 'e' || t_[j] == 'E' || is_digit(t_[j])))
          return std::string_view::npos;
        if (key == 6) {
          const std::uint64_t limit = negative ? std::uint64_t{1} << 31 : (std::uint64_t{1} << 31) - 1;
          if (v > limit) return std::string_view::npos;
          s.ready.push_back(negative ? static_cast<int>(-static_cast<std::int64_t>(v)) : static_cast<int>(v));
        } else {
          if (v > std::numeric_limits<std::uint32_t>::max()) return std::string_view::npos;
          (key == 0 ? s.requests : key == 1 ? s.errors : s.slow).push_back(static_cast<std::uint32_t>(v));
        }
        i = j;
      } else if (key >= 3 && key <= 5 && t_.substr(i, 4) == "null") {
        vector_of_doubles(key, s).push_back(std::numeric_limits<double>::quiet_NaN());
        i += 4;
      } else {
        const std::size_t end = number_end(t_, i);
        if (end == std::string_view::npos) return end;
        const std::string_view token = t_.substr(i, end - i);
        if (!store(token, key, s)) return std::string_view::npos;
        i = end;
      }
      i = skip_space(i);
      if (i >= t_.size()) return std::string_view::npos;
      if (t_[i] == ']') return i + 1;
      if (t_[i] != ',') return std::string_view::npos;
      ++i;
    }
  }

  static void reserve(int key, ScannedSeries& s, std::size_t n) {
    switch (key) {
      case 0:
        s.requests.reserve(n);
        break;
      case 1:
        s.errors.reserve(n);
        break;
      case 2:
        s.slow.reserve(n);
        break;
      case 6:
        s.ready.reserve(n);
        break;
      default:
        vector_of_doubles(key, s).reserve(n);
    }
  }

  static std::vector<double>& vector_of_doubles(int key, ScannedSeries& s) {
    return key == 3 ? s.p50_s : key == 4 ? s.p95_s : s.p99_s;
  }

  // The report layer's rules: requests, errors and slow are unsigned integers below 2^32; ready an
  // integer that fits an int; the percentiles any number (or null).
  static bool store(std::string_view token, int key, ScannedSeries& s) {
    bool integer = true;  // No fraction, no exponent.
    for (const char c : token) {
      if (c == '.' || c == 'e' || c == 'E') {
        integer = false;
        break;
      }
    }
    if (key <= 2) {
      // Digits only (number_end checked the grammar), at most 10 of them, below 2^32.
      if (!integer || token.front() == '-' || token.size() > 10) return false;
      std::uint64_t v = 0;
      for (const char c : token)
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
      if (v > std::numeric_limits<std::uint32_t>::max()) return false;
      (key == 0 ? s.requests : key == 1 ? s.errors : s.slow).push_back(static_cast<std::uint32_t>(v));
      return true;
    }
    if (key == 6) {
      if (!integer) return false;
      int v = 0;
      const auto r = std::from_chars(token.data(), token.data() + token.size(), v);
      if (r.ec != std::errc() || r.ptr != token.data() + token.size()) return false;
      s.ready.push_back(v);
      return true;
    }
    double v = 0;
    const auto r = std::from_chars(token.data(), token.data() + token.size(), v);
    if (r.ec != std::errc() || r.ptr != token.data() + token.size() || !std::isfinite(v)) return false;
    vector_of_doubles(key, s).push_back(v);
    return true;
  }

  std::string_view t_;
  int max_depth_;
  const std::function<void(std::size_t)>& consumed_;
  std::vector<Container> stack_;
  std::string* skeleton_ = nullptr;
  std::vector<ScannedSeries>* series_ = nullptr;
};

}  // namespace

ScanResult scan_report_text(std::string_view text, int max_depth,
                            const std::function<void(std::size_t)>& consumed) {
  return Scanner(text, max_depth, consumed).run();
}

}  // namespace drillsim::gui
