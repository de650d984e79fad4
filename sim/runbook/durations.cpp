#include "runbook/durations.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>

// A hand-written scanner rather than regular expressions: runbooks are free text (and, once copied
// through a few tools, mojibake), so every byte sequence must be accepted in linear time, and the
// rules that tell "5 minutes" from "v1.2.3", "512Mi" or "at 14:30 UTC" read better as code.
//
// The scan stops at every number that may start a duration (not one glued to letters, dots or other
// digits: "p95", "v1.2", "2024-01-15"), reads it with what follows (a unit, a second number for a
// range, a compound "1h30m"), then looks back for a qualifier ("<", "~", "up to", "between") and
// finally at the words around it for the role. Each look-around is bounded, so the whole is linear.

namespace drillsim::runbook {

namespace {

using Form = DurationMention::Form;
using Role = DurationMention::Role;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
  return is_digit(c) || is_alpha(c);
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
char lower(char c) {
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& words) {
  for (std::string_view w : words)
    if (iequals(word, w)) return true;
  return false;
}

// The UTF-8 characters the scanner knows, as byte strings.
constexpr std::string_view kLessEqual = "\xE2\x89\xA4";     // ≤
constexpr std::string_view kGreaterEqual = "\xE2\x89\xA5";  // ≥
constexpr std::string_view kAlmostEqual = "\xE2\x89\x88";   // ≈
constexpr std::array<std::string_view, 3> kDashes = {"\xE2\x80\x93", "\xE2\x80\x94",
                                                     "\xE2\x88\x92"};  // en dash, em dash, minus

bool has_at(std::string_view text, std::size_t at, std::string_view what) {
  return at <= text.size() && text.substr(at, what.size()) == what;
}

bool ends_at(std::string_view text, std::size_t end, std::string_view what) {
  return end >= what.size() && text.substr(end - what.size(), what.size()) == what;
}

// Units by the exact word written after the number. One-letter units (and "ms") are case-sensitive,
// so that "5M" (millions), "10GB" or "512Mi" never read as durations; they must also be attached to
// the number ("30s", "5m"): "3 m" is more likely metres than minutes.
struct Unit {
  std::string_view name;
  double seconds;
};
// The long forms in Spanish, Portuguese, French and German too ("5 minutos", "2 segundos", "10 Minuten").
constexpr std::array<Unit, 45> kUnits = {{
    {"ms", 0.001},   {"msec", 0.001},  {"msecs", 0.001},  {"millisecond", 0.001}, {"milliseconds", 0.001},
    {"s", 1},        {"sec", 1},       {"secs", 1},       {"second", 1},          {"seconds", 1},
    {"m", 60},       {"min", 60},      {"mins", 60},      {"minute", 60},         {"minutes", 60},
    {"h", 3600},     {"hr", 3600},     {"hrs", 3600},     {"hour", 3600},         {"hours", 3600},
    {"d", 86400},    {"day", 86400},   {"days", 86400},   {"w", 604800},          {"wk", 604800},
    {"wks", 604800}, {"week", 604800}, {"weeks", 604800}, {"month", 2592000},     {"months", 2592000},
    {"segundo", 1},  {"segundos", 1},  {"seconde", 1},    {"secondes", 1},        {"sekunde", 1},
    {"sekunden", 1}, {"minuto", 60},   {"minutos", 60},   {"minuten", 60},        {"hora", 3600},
    {"horas", 3600}, {"heure", 3600},  {"heures", 3600},  {"stunde", 3600},       {"stunden", 3600},
}};

bool is_short_unit(std::string_view name) {
  return name.size() == 1 || name == "ms";
}

const Unit* unit_named(std::string_view word) {
  for (const Unit& u : kUnits) {
    if (is_short_unit(u.name) ? word == u.name : iequals(word, u.name)) return &u;
  }
  return nullptr;
}

// Spelled-out numbers, only ever taken before a unit word written out ("two hours", "an hour").
struct NumberWord {
  std::string_view word;
  double value;
};
constexpr std::array<NumberWord, 20> kNumberWords = {{
    {"a", 1},       {"an", 1},     {"one", 1},     {"two", 2},      {"three", 3},
    {"four", 4},    {"five", 5},   {"six", 6},     {"seven", 7},    {"eight", 8},
    {"nine", 9},    {"ten", 10},   {"twelve", 12}, {"fifteen", 15}, {"twenty", 20},
    {"thirty", 30}, {"forty", 40}, {"fifty", 50},  {"sixty", 60},   {"ninety", 90},
}};

// Adverbs that are frequencies by themselves ("daily backups", "**Frequency**: Monthly").
constexpr std::array<Unit, 10> kFrequencyWords = {{
    {"hourly", 3600},
    {"daily", 86400},
    {"nightly", 86400},
    {"weekly", 604800},
    {"biweekly", 1209600},
    {"fortnightly", 1209600},
    {"monthly", 2592000},
    {"quarterly", 7776000},
    {"yearly", 31536000},
    {"annually", 31536000},
}};

std::size_t letters_end(std::string_view text, std::size_t i) {
  while (i < text.size() && is_alpha(text[i]))
    ++i;
  return i;
}

std::size_t skip_blanks(std::string_view text, std::size_t i, std::size_t at_most = 2) {
  for (std::size_t n = 0; n < at_most && i < text.size() && is_blank(text[i]); ++n)
    ++i;
  return i;
}

// A number with what directly follows it: "5", "1.5 hours", "30s", "5-minute", "1h30m", "two hours".
struct Amount {
  double value = 0;    // The number as written.
  double unit_s = 0;   // Seconds per unit; 0 without a unit.
  double seconds = 0;  // value * unit_s, plus a compound's further parts ("1h30m").
  std::size_t end = 0;
  bool ok = false;       // A number was read.
  bool foreign = false;  // Something else that starts with digits (a version, a size, a percentage):
                         // `end` is past it, so the scan does not look inside it.
  bool spelled = false;  // "two", "an hour".
  bool article = false;  // "a", "an", "half a": a number only before a unit.
};

Amount read_amount(std::string_view text, std::size_t i, int depth = 0);

// After a unit: "1h30m", "1 hour 30 minutes", "2 hours and 15 minutes" add up.
void read_compound(std::string_view text, Amount& a, int depth) {
  const bool attached = a.end < text.size() && is_digit(text[a.end]);
  std::size_t k = skip_blanks(text, a.end);
  if (!attached && has_at(text, k, "and ")) k = skip_blanks(text, k + 4);
  if (depth < 4 && k < text.size() && is_digit(text[k])) {
    const Amount next = read_amount(text, k, depth + 1);
    if (next.ok && next.unit_s > 0 && next.unit_s < a.unit_s) {
      a.seconds += next.seconds;
      a.end = next.end;
      return;
    }
  }
  // "5m3" is not a duration: digits glued to a unit must continue a compound.
  if (attached) {
    a.foreign = true;
    a.ok = false;
    while (a.end < text.size() && is_alnum(text[a.end]))
      ++a.end;
  }
}

Amount read_amount(std::string_view text, std::size_t i, int depth) {
  Amount a;
  std::size_t j = i;
  if (is_digit(text[i])) {
    while (j < text.size() && is_digit(text[j]))
      ++j;
    // Long digit runs are ids, timestamps or noise, never durations.
    if (j - i > 9) return {.end = j, .foreign = true};
    double value = 0;
    for (std::size_t k = i; k < j; ++k)
      value = value * 10 + (text[k] - '0');
    if (j + 1 < text.size() && text[j] == '.' && is_digit(text[j + 1])) {
      double scale = 0.1;
      for (++j; j < text.size() && is_digit(text[j]); ++j, scale /= 10)
        value += (text[j] - '0') * scale;
      // A second dot makes a version: "1.2.3".
      if (j + 1 < text.size() && text[j] == '.' && is_digit(text[j + 1])) {
        while (j < text.size() && (is_alnum(text[j]) || text[j] == '.'))
          ++j;
        return {.end = j, .foreign = true};
      }
    }
    if (j < text.size() && (text[j] == ',' || text[j] == '/') && j + 1 < text.size() &&
        is_digit(text[j + 1])) {
      // "1,000", "24/7", "1/2": thousands, ratios and fractions are not read.
      while (j < text.size() && (is_digit(text[j]) || text[j] == ',' || text[j] == '/'))
        ++j;
      return {.end = j, .foreign = true};
    }
    if (j < text.size() && (text[j] == '%' || text[j] == '_')) return {.end = j + 1, .foreign = true};
    a.value = value;
  } else {
    const std::size_t e = letters_end(text, i);
    const std::string_view word = text.substr(i, e - i);
    bool found = false;
    for (const NumberWord& w : kNumberWords) {
      if (iequals(word, w.word)) {
        a.value = w.value;
        a.article = w.word.size() <= 2;
        found = true;
      }
    }
    j = e;
    // "half an hour", "half a day".
    if (!found && iequals(word, "half") && e < text.size() && is_blank(text[e])) {
      const std::size_t k = e + 1;
      const std::size_t ke = letters_end(text, k);
      if (iequals(text.substr(k, ke - k), "an") || iequals(text.substr(k, ke - k), "a")) {
        a.value = 0.5;
        a.article = true;
        found = true;
        j = ke;
      }
    }
    if (!found) return {.end = e};
    a.spelled = true;
  }
  a.ok = true;
  a.end = j;

  // The unit: attached ("30s", "5min"), after a hyphen ("5-minute window") or after a blank ("5 min").
  const Unit* unit = nullptr;
  std::size_t unit_end = j;
  if (!a.spelled && j < text.size() && is_alpha(text[j])) {
    unit_end = letters_end(text, j);
    unit = unit_named(text.substr(j, unit_end - j));
    if (unit == nullptr) {
      // "512Mi", "10GB", "3rd", "2xx", "p95x": digits glued to letters that are no unit.
      while (unit_end < text.size() && (is_alnum(text[unit_end]) || text[unit_end] == '.'))
        ++unit_end;
      return {.end = unit_end, .foreign = true};
    }
  } else if (j + 1 < text.size() && (text[j] == '-' || is_blank(text[j])) && is_alpha(text[j + 1])) {
    const std::size_t k = text[j] == '-' ? j + 1 : skip_blanks(text, j);
    unit_end = letters_end(text, k);
    const std::string_view word = text.substr(k, unit_end - k);
    unit = unit_named(word);
    if (unit != nullptr && unit->name.size() == 1) unit = nullptr;
    // An article takes a singular unit ("an hour"), and never "a second" (the ordinal).
    if (unit != nullptr && a.article && (word.back() == 's' || word.back() == 'S')) unit = nullptr;
    if (unit != nullptr && iequals(word, "second") && a.spelled) unit = nullptr;
  } else if (j < text.size() && is_blank(text[j])) {
    const std::size_t k = skip_blanks(text, j);
    if (k < text.size() && is_alpha(text[k])) {
      unit_end = letters_end(text, k);
      unit = unit_named(text.substr(k, unit_end - k));
      if (unit != nullptr && unit->name.size() == 1) unit = nullptr;
    }
  }
  if (unit == nullptr) {
    // An article is only a number before a unit ("a rollback"); "two" may start a range.
    if (a.article) return {.end = a.end};
    return a;
  }
  // "5min_" is part of an identifier.
  if (unit_end < text.size() && text[unit_end] == '_') return {.end = unit_end, .foreign = true};
  a.unit_s = unit->seconds;
  a.seconds = a.value * a.unit_s;
  a.end = unit_end;
  read_compound(text, a, depth);
  return a;
}

// ---- Context ----------------------------------------------------------------------------------------

// The text of the sentence (or table cell, or line) before `pos`, at most 160 bytes of it.
std::size_t context_begin(std::string_view text, std::size_t pos) {
  const std::size_t limit = pos > 160 ? pos - 160 : 0;
  std::size_t k = pos;
  while (k > limit) {
    const char c = text[k - 1];
    if (c == '\n' || c == '|' || c == ';') break;
    if ((c == '.' || c == '!' || c == '?') && k + 1 < pos && is_blank(text[k]) && is_upper(text[k + 1]))
      break;
    --k;
  }
  return k;
}

std::size_t context_end(std::string_view text, std::size_t pos) {
  const std::size_t limit = std::min(text.size(), pos + 80);
  std::size_t k = pos;
  while (k < limit && text[k] != '\n' && text[k] != '|' && text[k] != ';')
    ++k;
  return k;
}

// The ASCII words of a short piece of text, in order (digits and punctuation separate them).
struct Words {
  std::array<std::string_view, 40> at{};
  std::size_t count = 0;
  std::array<std::size_t, 40> begin{};
};

// The last (up to 40) words of `text`.
Words last_words(std::string_view text) {
  Words reversed;
  std::size_t k = text.size();
  while (k > 0 && reversed.count < reversed.at.size()) {
    while (k > 0 && !is_alpha(text[k - 1]))
      --k;
    const std::size_t e = k;
    while (k > 0 && is_alpha(text[k - 1]))
      --k;
    if (e > k) {
      reversed.at[reversed.count] = text.substr(k, e - k);
      reversed.begin[reversed.count] = k;
      ++reversed.count;
    }
  }
  Words words;
  words.count = reversed.count;
  for (std::size_t i = 0; i < words.count; ++i) {
    words.at[i] = reversed.at[words.count - 1 - i];
    words.begin[i] = reversed.begin[words.count - 1 - i];
  }
  return words;
}

std::string_view first_word(std::string_view text) {
  std::size_t k = 0;
  while (k < text.size() && !is_alpha(text[k]) &&
         (is_blank(text[k]) || text[k] == '*' || text[k] == '_' || text[k] == '(' || text[k] == ','))
    ++k;
  return text.substr(k, letters_end(text, k) - k);
}

// Words that only qualify the number ("for about 5 minutes", "over the last 5 minutes"): the word that
// gives the role is before them.
constexpr std::array<std::string_view, 22> kQualifiers = {
    "about", "around", "approx", "approximately", "roughly", "circa", "ca",   "under", "max", "maximum",
    "up",    "to",     "at",     "most",          "no",      "more",  "less", "than",  "the", "last",
    "next",  "another"};

// A comparison or a failure before a window: "> 5% for 5 minutes", "fails for 2 minutes", "OOMKilled > 3
// pods in 5 minutes".
bool has_condition(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') return true;
    if ((c == '>' || c == '<') && i > 0 && text[i - 1] != '-' && text[i - 1] != '=' &&
        (i + 1 >= text.size() || !is_alpha(text[i + 1]))) {
      // Not a blockquote's ">" at the start, nor a placeholder "<previous-version>".
      for (std::size_t k = 0; k < i; ++k)
        if (!is_blank(text[k])) return true;
    }
    if (has_at(text, i, kLessEqual) || has_at(text, i, kGreaterEqual)) return true;
    // Percentiles: "p95 > 200ms".
    if ((c == 'p' || c == 'P') && (i == 0 || !is_alnum(text[i - 1])) && i + 2 < text.size() &&
        is_digit(text[i + 1]) && is_digit(text[i + 2]))
      return true;
  }
  constexpr std::array<std::string_view, 22> kConditionWords = {
      "above",   "below",   "exceeds", "exceed", "exceeding", "exceeded",    "fail",  "fails",
      "failing", "failed",  "failure", "errors", "error",     "consecutive", "spike", "spikes",
      "drops",   "latency", "breach",  "than",   "unhealthy", "down"};
  const Words words = last_words(text);
  for (std::size_t i = 0; i < words.count; ++i)
    if (is_one_of(words.at[i], kConditionWords)) return true;
  return false;
}

bool has_word(const Words& words, std::size_t count, std::string_view word) {
  for (std::size_t i = 0; i < count; ++i)
    if (iequals(words.at[i], word)) return true;
  return false;
}

constexpr std::array<std::string_view, 10> kObservingWords = {
    "monitor", "monitoring", "watch", "watching", "observe", "observing", "soak", "bake", "track", "check"};

bool observes(const Words& words, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i)
    if (is_one_of(words.at[i], kObservingWords)) return true;
  return false;
}

// Words (one to three, last word last) that give a role to a duration after them in the same sentence.
struct Cue {
  std::array<std::string_view, 3> words;
  Role role;
};
constexpr std::array<Cue, 46> kCues = {{
    {{"time", "to", "complete"}, Role::Step},
    {{"duration"}, Role::Step},
    {{"takes"}, Role::Step},
    {{"take"}, Role::Step},
    {{"took"}, Role::Step},
    {{"taking"}, Role::Step},
    {{"eta"}, Role::Step},
    {{"estimated"}, Role::Step},
    {{"est"}, Role::Step},
    {{"elapsed"}, Role::Step},
    {{"wait"}, Role::Step},
    {{"sleep"}, Role::Step},
    {{"time", "required"}, Role::Step},
    {{"time", "to", "execute"}, Role::Step},
    {{"target"}, Role::Budget},
    {{"targets"}, Role::Budget},
    {{"rto"}, Role::Budget},
    {{"rpo"}, Role::Budget},
    {{"budget"}, Role::Budget},
    {{"goal"}, Role::Budget},
    {{"slo"}, Role::Budget},
    {{"objective"}, Role::Budget},
    {{"total", "time"}, Role::Budget},
    {{"monitor"}, Role::Window},
    {{"monitoring"}, Role::Window},
    {{"watch"}, Role::Window},
    {{"observe"}, Role::Window},
    {{"soak"}, Role::Window},
    {{"bake"}, Role::Window},
    {{"window"}, Role::Window},
    {{"within"}, Role::Deadline},
    {{"deadline"}, Role::Deadline},
    {{"later", "than"}, Role::Deadline},
    {{"sla"}, Role::Deadline},
    {{"respond"}, Role::Deadline},
    {{"every"}, Role::Frequency},
    {{"frequency"}, Role::Frequency},
    {{"interval"}, Role::Frequency},
    {{"retention"}, Role::Frequency},
    {{"retain"}, Role::Frequency},
    {{"retained"}, Role::Frequency},
    {{"cron"}, Role::Frequency},
    {{"timeout"}, Role::Timeout},
    {{"time", "out"}, Role::Timeout},
    {{"times", "out"}, Role::Timeout},
    {{"timed", "out"}, Role::Timeout},
}};

// The cue ending at word `last` (inclusive), if any.
std::optional<Role> cue_ending_at(const Words& words, std::size_t last) {
  for (const Cue& cue : kCues) {
    std::size_t n = 0;
    while (n < cue.words.size() && !cue.words[n].empty())
      ++n;
    if (n > last + 1) continue;
    bool match = true;
    for (std::size_t k = 0; k < n && match; ++k)
      match = iequals(words.at[last + 1 - n + k], cue.words[k]);
    if (match) return cue.role;
  }
  return std::nullopt;
}

// The role a mention's surroundings give it. `core` is where its number starts (after a qualifier such
// as "<" or "about"), `begin`/`end` its span with the qualifier.
Role role_of(std::string_view text, std::size_t core, std::size_t begin, std::size_t end) {
  const std::size_t cb = context_begin(text, core);
  const std::string_view before = text.substr(cb, core - cb);
  const std::string_view after = text.substr(end, context_end(text, end) - end);
  const Words words = last_words(before);

  // 1. A timeout names itself, just before ("--timeout=5m", "timeout: 30s") or just after ("a 30s
  //    timeout").
  for (std::size_t k = words.count > 3 ? words.count - 3 : 0; k < words.count; ++k) {
    if (words.at[k].size() >= 7) {
      for (std::size_t p = 0; p + 7 <= words.at[k].size(); ++p)
        if (iequals(words.at[k].substr(p, 7), "timeout")) return Role::Timeout;
    }
  }
  const std::string_view next = first_word(after);
  if (iequals(next, "timeout") || iequals(next, "timeouts")) return Role::Timeout;
  if (iequals(next, "window")) return Role::Window;
  if (iequals(next, "interval")) return Role::Frequency;
  if (iequals(next, "deadline")) return Role::Deadline;
  if (iequals(next, "rto") || iequals(next, "rpo") || iequals(next, "budget") || iequals(next, "target"))
    return Role::Budget;
  // An offset from an instant ("to one minute before the bad release", "the state of 10 minutes ago"):
  // a point in time, no time a step takes; unless it says how long to wait first ("wait 5 minutes before
  // checking").
  if ((iequals(next, "before") || iequals(next, "ago") || iequals(next, "earlier") || iequals(next, "prior")) &&
      !has_word(words, words.count, "wait") && !has_word(words, words.count, "sleep") &&
      !has_word(words, words.count, "pause"))
    return Role::Deadline;

  // 2. The preposition right before the number, past qualifiers.
  std::size_t w = words.count;
  while (w > 0 && is_one_of(words.at[w - 1], kQualifiers))
    --w;
  if (w > 0) {
    const std::string_view prep = words.at[w - 1];
    const std::string_view earlier = before.substr(0, words.begin[w - 1]);
    if (iequals(prep, "every") || iequals(prep, "each") || iequals(prep, "per")) return Role::Frequency;
    if (iequals(prep, "within")) return has_condition(earlier) ? Role::Window : Role::Deadline;
    if (iequals(prep, "by") || iequals(prep, "before") || iequals(prep, "later") || iequals(prep, "until"))
      return Role::Deadline;
    if (iequals(prep, "for") || iequals(prep, "over") || iequals(prep, "in") || iequals(prep, "during") ||
        iequals(prep, "after") || iequals(prep, "past")) {
      const bool for_like = !iequals(prep, "in") && !iequals(prep, "after");
      if (has_condition(earlier) || (for_like && observes(words, w - 1))) return Role::Window;
      if (iequals(prep, "for") && (has_word(words, w - 1, "wait") || has_word(words, w - 1, "sleep") ||
                                   has_word(words, w - 1, "pause")))
        return Role::Step;
    }
  }

  // 3. In parentheses after a title: "Step 2: Rollback Application (1-3 minutes)" is the step's own
  //    time, "Level 1: Feature Flag Rollback (< 1 minute)" a level's budget.
  std::size_t open = begin;
  while (open > cb && is_blank(text[open - 1]))
    --open;
  if (open > cb && text[open - 1] == '(' && cb < open) {
    std::size_t s = cb;
    while (s < open && (is_blank(text[s]) || text[s] == '#' || text[s] == '*' || text[s] == '-' ||
                        text[s] == '>' || text[s] == '_' || is_digit(text[s]) || text[s] == '.'))
      ++s;
    const std::string_view title = text.substr(s, letters_end(text, s) - s);
    if (iequals(title, "step")) return Role::Step;
    if (iequals(title, "level") || iequals(title, "type") || iequals(title, "tier")) return Role::Budget;
  }

  // 4. The nearest cue word before it in the same sentence.
  for (std::size_t k = words.count; k > 0; --k) {
    if (const auto role = cue_ending_at(words, k - 1)) return *role;
  }
  return Role::Unknown;
}

// ---- Qualifiers before the number ------------------------------------------------------------------

struct Qualifier {
  std::size_t begin;
  enum Kind { None, Upper, Approx, Between } kind = None;
};

std::string_view word_ending_at(std::string_view text, std::size_t end) {
  std::size_t k = end;
  while (k > 0 && is_alpha(text[k - 1]))
    --k;
  if (k > 0 && is_alnum(text[k - 1])) return {};
  return text.substr(k, end - k);
}

Qualifier qualifier_before(std::string_view text, std::size_t core) {
  std::size_t k = core;
  while (k > 0 && is_blank(text[k - 1]) && core - k < 3)
    --k;
  if (ends_at(text, k, "<=")) return {k - 2, Qualifier::Upper};
  if (ends_at(text, k, "&lt;")) return {k - 4, Qualifier::Upper};
  if (ends_at(text, k, kLessEqual)) return {k - kLessEqual.size(), Qualifier::Upper};
  if (ends_at(text, k, kAlmostEqual)) return {k - kAlmostEqual.size(), Qualifier::Approx};
  if (k > 0 && text[k - 1] == '<') return {k - 1, Qualifier::Upper};
  if (k > 0 && text[k - 1] == '~') return {k - 1, Qualifier::Approx};
  // "max: 5 min", "approx. 10 min", "ca. 5 min".
  std::size_t e = k;
  if (e > 0 && (text[e - 1] == '.' || text[e - 1] == ':')) --e;
  const std::string_view word = word_ending_at(text, e);
  if (word.empty()) return {core, Qualifier::None};
  const std::size_t wb = e - word.size();
  constexpr std::array<std::string_view, 4> kUpper = {"under", "max", "maximum", "below"};
  constexpr std::array<std::string_view, 6> kApprox = {"about",         "around",  "approx",
                                                       "approximately", "roughly", "circa"};
  if (is_one_of(word, kUpper)) return {wb, Qualifier::Upper};
  if (is_one_of(word, kApprox) || iequals(word, "ca")) return {wb, Qualifier::Approx};
  if (iequals(word, "between")) return {wb, Qualifier::Between};
  // Two- and three-word qualifiers: "up to", "at most", "less than", "no more than".
  std::size_t pb = wb;
  while (pb > 0 && is_blank(text[pb - 1]) && wb - pb < 2)
    --pb;
  const std::string_view prev = pb < wb ? word_ending_at(text, pb) : std::string_view{};
  const std::size_t prev_b = pb - prev.size();
  if (iequals(word, "to") && iequals(prev, "up")) return {prev_b, Qualifier::Upper};
  if (iequals(word, "most") && iequals(prev, "at")) return {prev_b, Qualifier::Upper};
  if (iequals(word, "than") && iequals(prev, "less")) return {prev_b, Qualifier::Upper};
  if (iequals(word, "than") && iequals(prev, "more") && prev_b > 1) {
    std::size_t nb = prev_b;
    while (nb > 0 && is_blank(text[nb - 1]) && prev_b - nb < 2)
      --nb;
    const std::string_view neg = word_ending_at(text, nb);
    if (iequals(neg, "no") || iequals(neg, "not")) return {nb - neg.size(), Qualifier::Upper};
  }
  return {core, Qualifier::None};
}

// ---- The scanner --------------------------------------------------------------------------------------

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::vector<DurationMention> run() {
    std::size_t i = 0;
    while (i < text_.size()) {
      const char c = text_[i];
      if (is_digit(c) && may_start_number(i)) {
        i = std::max(i + 1, number_at(i));
      } else if (is_alpha(c) && (i == 0 || (!is_alnum(text_[i - 1]) && text_[i - 1] != '_'))) {
        i = std::max(letters_end(text_, i), word_at(i));
      } else {
        ++i;
      }
    }
    return std::move(found_);
  }

 private:
  // Digits glued to what is before them are part of something else: "p95", "v1.2", "x86", "2024-01-15",
  // "$5", "#12", "/v1", "host:5432" (but "timeout:30s" and "Duration:2:30" are fine).
  bool may_start_number(std::size_t i) const {
    if (i == 0) return true;
    const char p = text_[i - 1];
    if (is_alnum(p) || p == '_' || p == '.' || p == '$' || p == '/' || p == '\\' || p == '#' || p == '@' ||
        p == '+' || p == '^' || p == '&')
      return false;
    if (p == ':') return i >= 2 && is_alpha(text_[i - 2]);
    if (p == '-' || p == ',') return i < 2 || !is_alnum(text_[i - 2]);
    return true;
  }

  void emit(std::size_t begin, std::size_t core, std::size_t end, double lo, double hi, Form form,
            std::optional<Role> role = std::nullopt) {
    DurationMention m;
    m.min_s = lo;
    m.max_s = hi;
    m.form = form;
    m.role = role ? *role : role_of(text_, core, begin, end);
    m.begin = begin;
    m.end = end;
    m.text = std::string(text_.substr(begin, end - begin));
    found_.push_back(std::move(m));
  }

  std::string_view last_word_before(std::size_t pos) const {
    std::size_t k = pos;
    while (k > 0 && k + 3 > pos && !is_alpha(text_[k - 1]))
      --k;
    return word_ending_at(text_, k);
  }

  // Returns where the scan goes on.
  std::size_t number_at(std::size_t i) {
    if (const auto clock_end = clock_at(i)) return *clock_end;
    const Amount a = read_amount(text_, i);
    if (!a.ok) return a.end;
    const Qualifier q = qualifier_before(text_, i);

    // A range: "1-3 minutes", "1 - 3 min", "5–10 minutes", "2 to 4 hours", "between 2 and 4 hours".
    {
      std::size_t k = skip_blanks(text_, a.end);
      std::size_t sep_end = 0;
      if (k < text_.size() && text_[k] == '-') sep_end = k + 1;
      for (std::string_view dash : kDashes)
        if (has_at(text_, k, dash)) sep_end = k + dash.size();
      const std::size_t we = letters_end(text_, k);
      const std::string_view sep_word = text_.substr(k, we - k);
      if (we < text_.size() && is_blank(text_[we]) &&
          (iequals(sep_word, "to") || iequals(sep_word, "or") ||
           (iequals(sep_word, "and") && q.kind == Qualifier::Between)))
        sep_end = we;
      // "Level 3 - 30 minutes" is a level's number, then a duration.
      const bool labelled = a.unit_s == 0 && is_label(last_word_before(i));
      if (sep_end > 0 && !labelled) {
        const std::size_t b_at = skip_blanks(text_, sep_end);
        if (b_at < text_.size() && (is_digit(text_[b_at]) || is_alpha(text_[b_at]))) {
          const Amount b = read_amount(text_, b_at);
          if (b.ok && b.unit_s > 0) {
            const double lo = a.unit_s > 0 ? a.seconds : a.value * b.unit_s;
            if (lo <= b.seconds && !is_status_code(i, a)) {
              const Form form = q.kind == Qualifier::Upper ? Form::UpperBound : Form::Range;
              const std::size_t begin = q.kind == Qualifier::None ? i : q.begin;
              emit(begin, i, b.end, form == Form::UpperBound ? 0 : lo, b.seconds, form);
              return b.end;
            }
          }
        }
      }
    }
    if (a.unit_s == 0) return a.end;
    if (is_status_code(i, a) || iequals(last_word_before(i), "cpu")) return a.end;
    Form form = Form::Point;
    if (q.kind == Qualifier::Upper) form = Form::UpperBound;
    if (q.kind == Qualifier::Approx) form = Form::Approximate;
    const std::size_t begin = (q.kind == Qualifier::Upper || q.kind == Qualifier::Approx) ? q.begin : i;
    emit(begin, i, a.end, form == Form::UpperBound ? 0 : a.seconds, a.seconds, form);
    return a.end;
  }

  static bool is_label(std::string_view word) {
    constexpr std::array<std::string_view, 10> kLabels = {"level", "step",   "type", "tier",     "phase",
                                                          "stage", "option", "sev",  "priority", "version"};
    return is_one_of(word, kLabels);
  }

  // "HTTP 500s", "spike in 503s": status codes, unless a flag or label gives the value ("=300s").
  bool is_status_code(std::size_t i, const Amount& a) const {
    if (a.value < 400 || a.value > 599 || a.value != static_cast<int>(a.value)) return false;
    if (a.end != i + 4 || text_[i + 3] != 's') return false;
    return i == 0 || (text_[i - 1] != '=' && text_[i - 1] != ':');
  }

  // "2:30" (m:ss) and "1:30:00" (h:mm:ss), only where the text says it is a duration ("Duration: 2:30",
  // "(2:30)"), never a time of day ("at 14:30 UTC", "10:15 - Issue detected").
  std::optional<std::size_t> clock_at(std::size_t i) {
    std::size_t j = i;
    while (j < text_.size() && is_digit(text_[j]) && j - i < 4)
      ++j;
    if (j - i > 3 || j >= text_.size() || text_[j] != ':') return std::nullopt;
    std::array<int, 3> parts{};
    std::size_t n = 0;
    for (std::size_t k = i; k < j; ++k)
      parts[0] = parts[0] * 10 + (text_[k] - '0');
    ++n;
    while (n < 3 && j + 2 < text_.size() && text_[j] == ':' && is_digit(text_[j + 1]) &&
           is_digit(text_[j + 2])) {
      parts[n++] = (text_[j + 1] - '0') * 10 + (text_[j + 2] - '0');
      j += 3;
    }
    // Whatever continues it with more digits ("9090:9090", "12:30:45:10", "1.2:3") is something else;
    // a sentence's full stop after it is fine.
    std::size_t end = j;
    while (end + 1 < text_.size() && (text_[end] == ':' || text_[end] == '.' || is_digit(text_[end])) &&
           (is_digit(text_[end]) || is_digit(text_[end + 1])))
      ++end;
    if (end < text_.size() && is_digit(text_[end])) ++end;
    if (n < 2 || end != j) return std::max(end, j + 1);
    for (std::size_t k = 1; k < n; ++k)
      if (parts[k] >= 60) return end;
    // A time zone or am/pm after it makes a time of day.
    const std::size_t z = skip_blanks(text_, end, 1);
    const std::size_t ze = letters_end(text_, z);
    const std::string_view zone = text_.substr(z, ze - z);
    if (!zone.empty()) {
      bool upper = zone.size() >= 2 && zone.size() <= 4;
      for (char c : zone)
        upper = upper && is_upper(c);
      if (upper || iequals(zone, "am") || iequals(zone, "pm") || iequals(zone, "a") || iequals(zone, "p") ||
          zone == "Z" || zone == "h")
        return end;
    }
    const std::string_view prev = last_word_before(i);
    if (iequals(prev, "at") || iequals(prev, "from") || iequals(prev, "until") || iequals(prev, "since") ||
        iequals(prev, "by") || (i > 0 && text_[i - 1] == '@'))
      return end;
    const bool in_parens = i > 0 && text_[i - 1] == '(' && end < text_.size() && text_[end] == ')';
    if (!in_parens && !clock_cue(i)) return end;
    const double seconds =
        n == 2 ? parts[0] * 60.0 + parts[1] : parts[0] * 3600.0 + parts[1] * 60.0 + parts[2];
    emit(i, i, end, seconds, seconds, Form::Point);
    return end;
  }

  bool clock_cue(std::size_t i) const {
    const std::size_t cb = context_begin(text_, i);
    const Words words = last_words(text_.substr(cb, i - cb));
    constexpr std::array<std::string_view, 7> kClockCues = {"duration", "took",    "takes", "elapsed",
                                                            "complete", "runtime", "length"};
    for (std::size_t k = 0; k < words.count; ++k)
      if (is_one_of(words.at[k], kClockCues)) return true;
    return false;
  }

  // At the start of a word: "T+30m" offsets, frequency adverbs, "every hour", spelled-out numbers.
  std::size_t word_at(std::size_t i) {
    const std::size_t e = letters_end(text_, i);
    const std::string_view word = text_.substr(i, e - i);
    if (word == "T") return offset_at(i);
    for (const Unit& f : kFrequencyWords) {
      if (iequals(word, f.name)) {
        emit(i, i, e, f.seconds, f.seconds, Form::Point, Role::Frequency);
        return e;
      }
    }
    // "every hour", "per day", "each week": a count of one, written without it.
    if ((iequals(word, "every") || iequals(word, "per") || iequals(word, "each")) && e < text_.size() &&
        is_blank(text_[e])) {
      const std::size_t u = skip_blanks(text_, e);
      const std::size_t ue = letters_end(text_, u);
      const Unit* unit = unit_named(text_.substr(u, ue - u));
      if (unit != nullptr && !is_short_unit(unit->name) && (ue >= text_.size() || !is_alnum(text_[ue]))) {
        emit(u, u, ue, unit->seconds, unit->seconds, Form::Point, Role::Frequency);
        return ue;
      }
      return e;
    }
    return number_at(i);
  }

  // "T+3.5 hours", "T+30m", "T + 1h30m", "T+0".
  std::size_t offset_at(std::size_t i) {
    std::size_t k = skip_blanks(text_, i + 1, 1);
    if (k >= text_.size() || text_[k] != '+') return i + 1;
    k = skip_blanks(text_, k + 1, 1);
    if (k >= text_.size() || !is_digit(text_[k])) return k;
    const Amount a = read_amount(text_, k);
    if (!a.ok) return a.end;
    if (a.unit_s == 0 && a.value != 0) return a.end;
    emit(i, i, a.end, a.seconds, a.seconds, Form::Offset);
    return a.end;
  }

  std::string_view text_;
  std::vector<DurationMention> found_;
};

}  // namespace

std::vector<DurationMention> find_durations(std::string_view text) {
  try {
    return Scanner(text).run();
  } catch (...) {
    // Only allocation can fail here; a runbook too large to hold its mentions has none worth reading.
    return {};
  }
}

const char* to_string(DurationMention::Form form) {
  switch (form) {
    case Form::Point:
      return "point";
    case Form::Range:
      return "range";
    case Form::UpperBound:
      return "upper_bound";
    case Form::Approximate:
      return "approximate";
    case Form::Offset:
      return "offset";
  }
  return "point";
}

const char* to_string(DurationMention::Role role) {
  switch (role) {
    case Role::Step:
      return "step";
    case Role::Budget:
      return "budget";
    case Role::Window:
      return "window";
    case Role::Deadline:
      return "deadline";
    case Role::Timeout:
      return "timeout";
    case Role::Frequency:
      return "frequency";
    case Role::Unknown:
      return "unknown";
  }
  return "unknown";
}

std::string describe_seconds(double s) {
  std::ostringstream out;
  if (s >= 120) {
    out << std::round(s / 6.0) / 10.0 << " min";
  } else {
    out << std::round(s) << " s";
  }
  return out.str();
}

}  // namespace drillsim::runbook
