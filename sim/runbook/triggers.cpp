#include "runbook/triggers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "runbook/durations.hpp"
#include "runbook/text.hpp"

namespace drillsim::runbook {

using ojson = nlohmann::ordered_json;
using Kind = ImportNote::Kind;

std::optional<double> percent_in(std::string_view text) {
  const auto pct = text.find('%');
  if (pct == std::string_view::npos) return std::nullopt;
  // "5%", and "5 %" as French and German typography write it.
  std::size_t e = pct;
  if (e > 0 && text[e - 1] == ' ') --e;
  std::size_t b = e;
  while (b > 0 && (std::isdigit(static_cast<unsigned char>(text[b - 1])) || text[b - 1] == '.'))
    --b;
  if (b == e) return std::nullopt;
  try {
    return std::stod(std::string(text.substr(b, e - b))) / 100.0;
  } catch (...) {
    return std::nullopt;
  }
}

namespace {

// Words for "above" before a threshold, in English, Spanish, French, German and Portuguese ("exceeds 2 s",
// "superior al 5%", "supérieur à 5 %", "über 5%", "acima de 2 segundos"), each with its trailing blank.
constexpr std::array<std::string_view, 33> kAboveWords = {
    "above ",        "over ",         "exceeds ",      "exceed ",      "exceeding ",     "more than ",
    "greater than ", "higher than ",  "superior a ",   "superior al ", "superiores a ",  "mayor que ",
    "mayor a ",      "mayor al ",     "más de ",       "mas de ",      "por encima de ", "por encima del ",
    "supérieur à ",  "supérieure à ", "au-dessus de ", "plus de ",     "dépasse ",       "über ",
    "größer als ",   "mehr als ",     "höher als ",    "acima de ",    "maior que ",     "mais de ",
    "excede ",       "excedem ",      "surpasses "};

// Words that name the error ratio, in the same languages.
constexpr std::array<std::string_view, 16> kErrorWords = {
    "error rate",    "error ratio",     "5xx",     "errors",        "5..",     "=~\"5",
    "tasa de error", "tasa de errores", "errores", "taux d'erreur", "erreurs", "fehlerrate",
    "fehlerquote",   "taxa de erro",    "erros",   "fehler"};

// Words that name latency.
constexpr std::array<std::string_view, 10> kLatencyWords = {
    "latency",          "response time", "p95",      "latencia",
    "latence",          "latenz",        "latência", "tiempo de respuesta",
    "temps de réponse", "antwortzeit"};

template <std::size_t N>
bool has_any(std::string_view t, const std::array<std::string_view, N>& words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return has(t, w); });
}

// A range of percentages ending at the '%' at `pct` ("5-10%", "5 – 10 %", "5% - 10%", "5 to 10%") as
// ratios {low, high}, if the text has one there. A trigger "5-10%" fires above 5%.
std::optional<std::pair<double, double>> percent_range(std::string_view t, std::size_t pct) {
  std::size_t e = pct;
  while (e > 0 && t[e - 1] == ' ')
    --e;
  std::size_t b = e;
  while (b > 0 && (std::isdigit(static_cast<unsigned char>(t[b - 1])) || t[b - 1] == '.'))
    --b;
  if (b == e) return std::nullopt;
  std::size_t k = b;
  while (k > 0 && t[k - 1] == ' ')
    --k;
  if (k >= 1 && t[k - 1] == '-') {
    k -= 1;
  } else if (k >= 3 && t.substr(k - 3, 3) == "\xe2\x80\x93") {  // an en dash
    k -= 3;
  } else if (k >= 3 && t.substr(k - 3, 3) == " to") {
    k -= 2;
  } else {
    return std::nullopt;
  }
  while (k > 0 && t[k - 1] == ' ')
    --k;
  if (k > 0 && t[k - 1] == '%') --k;
  std::size_t lb = k;
  while (lb > 0 && (std::isdigit(static_cast<unsigned char>(t[lb - 1])) || t[lb - 1] == '.'))
    --lb;
  if (lb == k || (lb > 0 && std::isalpha(static_cast<unsigned char>(t[lb - 1])))) return std::nullopt;
  try {
    return std::pair{std::stod(std::string(t.substr(lb, k - lb))) / 100.0,
                     std::stod(std::string(t.substr(b, e - b))) / 100.0};
  } catch (...) {
    return std::nullopt;
  }
}

// Whether the innermost headings over a block (`near`: its own heading and the one above it, lower
// case, not the document's title) say that what is under them is no trigger: criteria of success,
// verification or monitoring after a rollback, expected values, what does not call for a rollback.
bool not_about_triggers(const std::string& near) {
  for (const char* word :
       {"success",       "validation",    "validate",       "verification",       "verify",
        "post-rollback", "post rollback", "after rollback", "after the rollback", "after a rollback",
        "exit criteria", "done when",     "complete",       "acceptance",         "expected",
        "healthy",       "do not roll",   "don't roll",     "not to roll",        "when not",
        "fix forward",   "fix-forward",   "non-critical",   "baseline",           "target"})
    if (has(near, word)) return true;
  // "Severity levels", "Priority classification": what each incident level means, unless the heading
  // speaks of rolling back ("Rollback triggers by severity").
  if ((has(near, "severity") || has(near, "priority") || has(near, "classification")) && !has(near, "roll") &&
      !has(near, "trigger") && !has(near, "revert") && !has(near, "abort"))
    return true;
  // "Monitoring Rollback", "Monitor the rollback": the rollback's progress, not a reason for one.
  return has(near, "monitor") && (has(near, "rollback") || has(near, "roll back") || has(near, "roll-back"));
}

// Tracks the headings over the blocks of a document, for not_about_triggers.
class HeadingPath {
 public:
  void enter(const Block& b) {
    if (b.kind != Block::Kind::Heading) return;
    while (!stack_.empty() && stack_.back().first >= b.level)
      stack_.pop_back();
    stack_.emplace_back(b.level, lower(b.text));
  }
  // The innermost two headings below level 1, joined.
  std::string near() const {
    std::string out;
    int taken = 0;
    for (auto it = stack_.rbegin(); it != stack_.rend() && taken < 2; ++it) {
      if (it->first == 1) break;
      out += it->second + " / ";
      ++taken;
    }
    return out;
  }

 private:
  std::vector<std::pair<int, std::string>> stack_;
};

// The number after "level" in a decision cell ("Level 2", "level-3"), if the word is there.
std::optional<int> level_in(std::string_view text_lower) {
  return number_after(text_lower, "level");
}

class TriggerReader {
 public:
  TriggerReader(const std::vector<Block>& blocks, const std::string& main_service, ImportResult& result,
                std::vector<ojson>& decision_rules)
      : blocks_(blocks), main_service_(main_service), result_(result), decision_rules_(decision_rules) {}

  void read_tables() {
    std::map<int, std::vector<const Block*>> tables;
    for (const auto& b : blocks_) {
      if (b.kind == Block::Kind::TableRow) tables[b.table].push_back(&b);
    }
    // The headings each table is under: criteria of success after a rollback are not triggers.
    std::map<int, std::string> heading_of;
    {
      HeadingPath path;
      for (const auto& b : blocks_) {
        path.enter(b);
        if (b.kind == Block::Kind::TableRow && !heading_of.count(b.table)) heading_of[b.table] = path.near();
      }
    }
    for (const auto& [index, rows] : tables) {
      if (rows.empty() || !rows.front()->header) continue;
      const std::string& under = heading_of[index];
      const bool success_table = not_about_triggers(under);
      std::vector<std::string> head;
      for (const auto& cell : rows.front()->cells)
        head.push_back(lower(trim(cell)));
      const auto column = [&](std::initializer_list<const char*> words) -> int {
        for (std::size_t c = 0; c < head.size(); ++c) {
          for (const char* w : words) {
            if (has(head[c], w)) return static_cast<int>(c);
          }
        }
        return -1;
      };
      const int rto = column({"rto", "recovery time"});
      const int rpo = column({"rpo", "recovery point", "data loss"});
      const int level = column({"rollback level", "level", "action", "decision", "response"});
      const int trigger = column({"threshold", "condition", "trigger", "metric"});
      if (rto >= 0 || (rpo >= 0 && has(head[static_cast<std::size_t>(rpo)], "rpo"))) {
        read_objectives(rows, rto, rpo);
      } else if (read_objective_rows(rows, under)) {
        // A table of objectives written down its rows ("| RTO | 2 hours |", "| RPO | 24 hours |").
      } else if (level >= 0 && (column({"severity"}) >= 0 || column({"impact"}) >= 0) &&
                 (trigger < 0 || names_levels(rows, level))) {
        read_matrix(rows, head, level);
      } else if (trigger >= 0 && !success_table &&
                 !(column({"severity", "priority", "sev"}) == 0 && level < 0)) {
        // A table led by a severity or priority column with no action defines incident levels: left out.
        // A Metric | Threshold | Action | Severity table ("Error Rate | > 10% | Immediate rollback"): each
        // row whose action is not "none" is a trigger, whatever heading it is under.
        for (std::size_t r = 1; r < rows.size(); ++r) {
          if (level >= 0 && static_cast<std::size_t>(level) < rows[r]->cells.size()) {
            const std::string act = lower(rows[r]->cells[static_cast<std::size_t>(level)]);
            if (has(act, "no action") || trim(act) == "none" || has(act, "continue") || has(act, "ignore") ||
                has(act, "acceptable"))
              continue;
          }
          // A column of healthy or expected values ("Expected Behavior: should return to 99.9%",
          // "Normal", "Target") states what success looks like, not when to roll back: left out.
          std::string text;
          const auto& cells = rows[r]->cells;
          for (std::size_t c = 0; c < cells.size(); ++c) {
            const std::string& h = c < head.size() ? head[c] : std::string();
            if (has(h, "expected") || has(h, "normal") || has(h, "target") || has(h, "healthy") ||
                has(h, "baseline") || has(h, "should") || has(h, "typical"))
              continue;
            text += trim(cells[c]) + " | ";
          }
          read_trigger(rows[r]->line, text);
        }
      }
    }
  }

  // RTO / RPO stated in a heading, a paragraph or a bullet ("RTO target: 5 minutes", "RPO 5 minutes,
  // RTO 2 hours", "Level 1 (RTO < 5 min)"): one objective row per block, keyed by the block's heading so
  // that a section about one service maps to it. A value is taken only when it follows its word closely
  // (at most four words and no number or parenthesis between): "RPO: up to the backup lag (24 hours on
  // the free plan)" states no RPO.
  void read_prose_objectives() {
    std::string heading;
    for (const auto& b : blocks_) {
      if (b.kind == Block::Kind::Heading) heading = trim(b.text);
      if (b.kind != Block::Kind::Heading && b.kind != Block::Kind::Paragraph &&
          b.kind != Block::Kind::ListItem)
        continue;
      std::string text;
      for (std::size_t i = 0; i < b.text.size(); ++i) {
        if (b.text[i] == '+' && i > 0 && std::isdigit(static_cast<unsigned char>(b.text[i - 1]))) continue;
        text += b.text[i];
      }
      const std::string t = lower(text);
      if (!has(t, "rto") && !has(t, "rpo") && !has(t, "recovery time objective") &&
          !has(t, "recovery point objective"))
        continue;
      const auto rto = stated_after(text, t, {"rto", "recovery time objective"});
      const auto rpo = stated_after(text, t, {"rpo", "recovery point objective"});
      if (!rto && !rpo) continue;
      ojson row{{"key", heading.empty() ? std::string("document") : heading}};
      row["rto_s"] = rto ? ojson(*rto) : ojson(nullptr);
      row["rpo_s"] = rpo ? ojson(*rpo) : ojson(nullptr);
      note(b.line, Kind::Objective,
           "\"" + one_line(text, 60) + "\": RTO " + (rto ? json_text(row["rto_s"]) : std::string("?")) +
               " s, RPO " + (rpo ? json_text(row["rpo_s"]) : std::string("?")) + " s (under \"" +
               one_line(heading, 40) + "\")");
      result_.objectives.push_back(std::move(row));
    }
  }

  // The duration right after one of `words` (whole words of `t`, the lower-case `text`), if any.
  static std::optional<double> stated_after(const std::string& text, const std::string& t,
                                            std::initializer_list<const char*> words) {
    for (const char* w : words) {
      const std::string_view word(w);
      for (std::size_t at = t.find(word); at != std::string::npos; at = t.find(word, at + 1)) {
        const std::size_t end = at + word.size();
        if ((at > 0 && std::isalnum(static_cast<unsigned char>(t[at - 1]))) ||
            (end < t.size() && std::isalnum(static_cast<unsigned char>(t[end])) && t[end] != 's'))
          continue;
        const std::size_t stop = std::min(t.size(), end + 60);
        const auto found = find_durations(std::string_view(text).substr(end, stop - end));
        if (found.empty()) continue;
        const std::string_view between = std::string_view(t).substr(end, found.front().begin);
        int words_between = 0;
        bool in_word = false, clean = true;
        for (const char c : between) {
          if (std::isdigit(static_cast<unsigned char>(c)) || c == '(' || c == '.' || c == ';') clean = false;
          const bool letter = std::isalpha(static_cast<unsigned char>(c)) != 0;
          if (letter && !in_word) ++words_between;
          in_word = letter;
        }
        if (clean && words_between <= 4) return found.front().max_s;
      }
    }
    return std::nullopt;
  }

  // A table that states its objectives one per row, the name in the first cell and the value in the next
  // ("| RTO | 2 hours |", "| Recovery point objective | 24 h |"): one objective row, keyed by the heading
  // the table is under. False when no row of the table is such an objective.
  bool read_objective_rows(const std::vector<const Block*>& rows, const std::string& heading) {
    std::optional<double> rto, rpo;
    int line = 0;
    for (const Block* row : rows) {
      const auto& cells = row->cells;
      if (cells.size() < 2) continue;
      std::string name = lower(trim(cells[0]));
      while (!name.empty() && (name.front() == '*' || name.front() == '_'))
        name.erase(0, 1);
      const bool is_rto = name.rfind("rto", 0) == 0 || name.rfind("recovery time", 0) == 0;
      const bool is_rpo = name.rfind("rpo", 0) == 0 || name.rfind("recovery point", 0) == 0;
      if (!is_rto && !is_rpo) continue;
      const auto found = find_durations(cells[1]);
      if (found.empty()) continue;
      (is_rto ? rto : rpo) = found.front().max_s;
      if (line == 0) line = row->line;
    }
    if (!rto && !rpo) return false;
    ojson row{{"key", heading.empty() ? std::string("document") : heading}};
    row["rto_s"] = rto ? ojson(*rto) : ojson(nullptr);
    row["rpo_s"] = rpo ? ojson(*rpo) : ojson(nullptr);
    note(line, Kind::Objective,
         "objectives by row: RTO " + (rto ? json_text(row["rto_s"]) : std::string("?")) + " s, RPO " +
             (rpo ? json_text(row["rpo_s"]) : std::string("?")) + " s (under \"" + one_line(heading, 40) +
             "\")");
    result_.objectives.push_back(std::move(row));
    return true;
  }

  void read_objectives(const std::vector<const Block*>& rows, int rto, int rpo) {
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto& cells = rows[r]->cells;
      if (cells.empty()) continue;
      ojson row{{"key", trim(cells[0])}};
      const auto seconds = [&](int col) -> ojson {
        if (col < 0 || static_cast<std::size_t>(col) >= cells.size()) return nullptr;
        const auto found = find_durations(cells[static_cast<std::size_t>(col)]);
        if (found.empty()) return nullptr;
        return found.front().max_s;
      };
      row["rto_s"] = seconds(rto);
      row["rpo_s"] = seconds(rpo);
      note(rows[r]->line, Kind::Objective,
           "\"" + one_line(cells[0], 40) + "\": RTO " +
               (row["rto_s"].is_null() ? "?" : json_text(row["rto_s"])) + " s, RPO " +
               (row["rpo_s"].is_null() ? "?" : json_text(row["rpo_s"])) + " s");
      result_.objectives.push_back(std::move(row));
    }
  }

  // Whether a decision column names levels ("Level 2") or fix-forward in any row: a matrix, not a table of
  // thresholds and their actions.
  static bool names_levels(const std::vector<const Block*>& rows, int level) {
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto& cells = rows[r]->cells;
      if (static_cast<std::size_t>(level) >= cells.size()) continue;
      const std::string v = lower(cells[static_cast<std::size_t>(level)]);
      if (level_in(v) || has(v, "fix forward") || has(v, "fix-forward")) return true;
    }
    return false;
  }

  // A severity x impact matrix: one decision rule per row.
  void read_matrix(const std::vector<const Block*>& rows, const std::vector<std::string>& head, int level) {
    ojson rules = ojson::array();
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto& cells = rows[r]->cells;
      if (static_cast<std::size_t>(level) >= cells.size()) continue;
      ojson rule{{"name", one_line(cells[0], 40)}};
      std::vector<std::string> unexpressed;
      for (std::size_t c = 0; c < cells.size() && c < head.size(); ++c) {
        if (static_cast<int>(c) == level) continue;
        const std::string v = lower(cells[c]);
        if (has(head[c], "impact") || has(v, "users")) {
          const auto pct = percent_in(v);
          if (has(v, "all"))
            rule["users_affected_share_above"] = 0.9;
          else if (pct && (has(v, "<") || has(v, "under") || has(v, "less")))
            rule["users_affected_share_at_most"] = *pct;
          else if (pct)
            rule["users_affected_share_above"] = *pct;
          else
            unexpressed.push_back(trim(cells[c]));
        } else if (has(head[c], "fix") || has(head[c], "time")) {
          const auto d = find_durations(cells[c]);
          if (!d.empty() && (has(v, "<") || has(v, "under")))
            rule["fix_forward_at_most_s"] = d.front().max_s;
          else if (!d.empty())
            rule["fix_forward_above_s"] = d.front().max_s;
          else
            unexpressed.push_back(trim(cells[c]));
        } else if (!has(head[c], "severity")) {
          unexpressed.push_back(trim(cells[c]));
        }
      }
      const std::string target = lower(cells[static_cast<std::size_t>(level)]);
      if (has(target, "fix forward") || has(target, "fix-forward")) {
        rule["then"] = "fix_forward";
      } else if (const auto n = level_in(target)) {
        rule["then_level_number"] = *n;  // Resolved to the level's name once levels are known.
      } else {
        note(rows[r]->line, Kind::Unexpressed,
             "decision row \"" + one_line(rows[r]->text, 60) + "\": no level");
        continue;
      }
      note(rows[r]->line, Kind::Decision,
           "matrix row \"" + one_line(cells[0], 30) + "\" -> " +
               one_line(cells[static_cast<std::size_t>(level)], 30) +
               (unexpressed.empty() ? "" : " (severity kept as the rule's name)"));
      rules.push_back(std::move(rule));
    }
    if (!rules.empty()) decision_rules_.insert(decision_rules_.end(), rules.begin(), rules.end());
  }

  static std::optional<double> number_after_op(std::string_view text, char op) {
    const auto at = text.find(op);
    if (at == std::string_view::npos) return std::nullopt;
    std::size_t i = at + 1;
    while (i < text.size() && (text[i] == ' ' || text[i] == '='))
      ++i;
    std::size_t e = i;
    while (e < text.size() && (std::isdigit(static_cast<unsigned char>(text[e])) || text[e] == '.'))
      ++e;
    if (e == i) return std::nullopt;
    try {
      return std::stod(std::string(text.substr(i, e - i)));
    } catch (...) {
      return std::nullopt;
    }
  }

  // The number after the first comparison that means "above" ("> 800 ms", "above 800ms", "exceeds 2 s",
  // "more than 1.5 s"), with the offset of the comparison.
  // The comparisons a threshold follows: ">" and the words for "above".
  static const std::vector<std::string_view>& above_comparisons() {
    static const std::vector<std::string_view> ops = [] {
      std::vector<std::string_view> v{">"};
      v.insert(v.end(), kAboveWords.begin(), kAboveWords.end());
      return v;
    }();
    return ops;
  }

  // The number right after the comparison that ends at `from` (spaces and '=' skipped): its
  // [begin, end) in `t`, empty (begin == end) when no digit follows.
  static std::pair<std::size_t, std::size_t> number_after(std::string_view t, std::size_t from) {
    std::size_t i = from;
    while (i < t.size() && (t[i] == ' ' || t[i] == '='))
      ++i;
    std::size_t e = i;
    while (e < t.size() && (std::isdigit(static_cast<unsigned char>(t[e])) || t[e] == '.'))
      ++e;
    return {i, e};
  }

  static std::pair<std::optional<double>, std::size_t> threshold_after_comparison(std::string_view t) {
    for (const std::string_view op : above_comparisons()) {
      const auto at = t.find(op);
      if (at == std::string_view::npos) continue;
      const auto [i, e] = number_after(t, at + op.size());
      if (e == i) continue;
      try {
        return {std::stod(std::string(t.substr(i, e - i))), at};
      } catch (...) {
        continue;
      }
    }
    return {std::nullopt, 0};
  }

  // A latency threshold with its unit: the first comparison ("> 1000 ms", "above 2 s", "over 1.5
  // seconds") whose number a time unit follows, in seconds. A percentage or a multiple after a comparison
  // ("> 200 %", "> 2x") is relative to a baseline and is passed over: "> 200 % (p95 > 1000 ms)" is 1 s.
  // `relative`: a comparison of the text was a percentage or a multiple.
  static std::optional<double> latency_with_unit(std::string_view t, bool& relative) {
    relative = false;
    std::optional<double> found;
    std::size_t found_at = std::string_view::npos;
    for (const std::string_view op : above_comparisons()) {
      for (std::size_t at = t.find(op); at != std::string_view::npos; at = t.find(op, at + 1)) {
        const auto [i, e] = number_after(t, at + op.size());
        if (e == i) continue;
        std::size_t u = e;
        while (u < t.size() && t[u] == ' ')
          ++u;
        const std::string_view unit = t.substr(u, 12);
        if (unit.starts_with("%") || unit.starts_with("x ") || unit == "x" || unit.starts_with("×") ||
            unit.starts_with("times")) {
          relative = true;
          continue;
        }
        double scale = 0;
        const auto word_end = [&](std::size_t n) {
          return unit.size() <= n || !std::isalpha(static_cast<unsigned char>(unit[n]));
        };
        if ((unit.starts_with("ms") && word_end(2)) || unit.starts_with("millisec"))
          scale = 0.001;
        else if ((unit.starts_with("s") && word_end(1)) || unit.starts_with("sec") || unit.starts_with("seg"))
          scale = 1;
        if (scale == 0 || at >= found_at) continue;
        try {
          found = std::stod(std::string(t.substr(i, e - i))) * scale;
          found_at = at;
        } catch (...) {
          continue;
        }
      }
    }
    return found;
  }

  // The count in "<count> consecutive" right before offset `at` ("two consecutive 1-minute samples",
  // "3 consecutive 5 min windows"), if the text says so.
  static std::optional<double> count_before_consecutive(std::string_view t, std::size_t at) {
    // Only the few bytes before `at` are searched: linear time on any input.
    const std::size_t from = at > 32 ? at - 32 : 0;
    const auto found = t.substr(from, at - from).rfind("consecutive");
    if (found == std::string_view::npos) return std::nullopt;
    const std::size_t c = from + found;
    if (at - c > 16) return std::nullopt;
    std::size_t e = c;
    while (e > 0 && t[e - 1] == ' ')
      --e;
    std::size_t b = e;
    while (b > 0 && std::isalnum(static_cast<unsigned char>(t[b - 1])))
      --b;
    const std::string_view word = t.substr(b, e - b);
    static const char* const names[] = {"one", "two",   "three", "four", "five",
                                        "six", "seven", "eight", "nine", "ten"};
    for (int i = 0; i < 10; ++i) {
      if (word == names[i]) return i + 1;
    }
    if (!word.empty() && word.size() <= 3 && std::all_of(word.begin(), word.end(), [](char ch) {
          return std::isdigit(static_cast<unsigned char>(ch));
        }))
      return std::stod(std::string(word));
    return std::nullopt;
  }

  // A title that ends in "when" ("Use the kill switch when", "Roll back when").
  static bool ends_with_when(const std::string& t) {
    std::size_t e = t.size();
    while (e > 0 && !std::isalpha(static_cast<unsigned char>(t[e - 1])))
      --e;
    return e >= 5 && t.compare(e - 5, 5, " when") == 0;
  }

  // Bullets under a heading about triggers or rollback criteria.
  void read_trigger_lists(const std::vector<TriggerSection>& sections) {
    for (const auto& s : sections) {
      const std::string t = lower(s.title);
      // "Rollback triggers", "When to roll back", "Signs the canary is bad", "Use the kill switch when",
      // "Abort if", "High Error Rate Alert".
      const bool alert_title = has(t, "alert");
      if (!has(t, "trigger") && !has(t, "when to roll") && !has(t, "criteria") &&
          !has(t, "rollback required") && !has(t, "signs") && !has(t, "symptom") && !has(t, "roll back if") &&
          !has(t, "rollback if") && !has(t, "abort if") && !ends_with_when(t) && !alert_title)
        continue;
      if (s.step_title) continue;  // "Step 2: Trigger Rollback via GitHub Actions"
      // "Severity criteria", "Priority classification": what each incident level means, not when to
      // roll back.
      if ((has(t, "severity") || has(t, "priority") || has(t, "classification")) && !has(t, "roll") &&
          !has(t, "revert") && !has(t, "abort"))
        continue;
      // Criteria of success, not of failure.
      if (has(t, "success") || has(t, "acceptance") || has(t, "done") || has(t, "validation") ||
          has(t, "exit"))
        continue;
      bool skipping = false;
      int skip_depth = 0;
      for (std::size_t i = s.begin; i < s.end; ++i) {
        const Block& b = blocks_[i];
        if (b.kind == Block::Kind::Heading) {
          // Sub-sections about what does NOT call for a rollback.
          const std::string h = lower(b.text);
          if (skipping && b.level <= skip_depth) skipping = false;
          if (!skipping && (has(h, "non-critical") || has(h, "evaluate") || has(h, "fix forward") ||
                            has(h, "fix-forward") || has(h, "do not roll") || has(h, "don't roll"))) {
            skipping = true;
            skip_depth = b.level;
          }
          continue;
        }
        if (skipping) continue;
        // Under an alert's heading, only what states a threshold ("More than 2% of requests are
        // failing"): the operator's actions listed beside it are no trigger. A short paragraph states a
        // trigger as well as a bullet does.
        const bool states_threshold = b.text.find('%') != std::string::npos || has(lower(b.text), "ms ");
        if (alert_title && !states_threshold) continue;
        if (b.kind == Block::Kind::ListItem ||
            (b.kind == Block::Kind::Paragraph && b.text.size() <= 200 && states_threshold))
          read_trigger(b.line, b.text);
      }
    }
  }

  // One trigger: a condition that should make people roll back. Expressed as an alert rule or a probe
  // when drillsim has the signal; kept as text otherwise.
  void read_trigger(int line, const std::string& raw_text) {
    // "for 5+ minutes": the window is 5 minutes.
    std::string text;
    for (std::size_t i = 0; i < raw_text.size(); ++i) {
      if (raw_text[i] == '+' && i > 0 && std::isdigit(static_cast<unsigned char>(raw_text[i - 1]))) continue;
      text += raw_text[i];
    }
    // A PromQL range selector ("[5m]") is the rate's range, not the alert's window: blanked.
    for (std::size_t open = text.find('['); open != std::string::npos; open = text.find('[', open + 1)) {
      const std::size_t close = text.find(']', open);
      if (close == std::string::npos || close - open > 12) continue;
      const std::string inside = text.substr(open + 1, close - open - 1);
      if (!inside.empty() && std::isdigit(static_cast<unsigned char>(inside[0])))
        std::fill(text.begin() + static_cast<std::ptrdiff_t>(open),
                  text.begin() + static_cast<std::ptrdiff_t>(close) + 1, ' ');
    }
    const std::string t = lower(text);
    if (!seen_triggers_.insert(t).second) return;
    read_lines_.insert(line);
    // A burn rate is relative to the error budget: reported with the error ratio it stands for when the
    // SLO is stated beside it, not converted.
    if (has(t, "burn rate") || has(t, "burn-rate") || has(t, "burnrate")) {
      const auto [burn, at] = threshold_after_comparison(t);
      const auto slo = percent_in(t);
      std::string why = "a burn rate, relative to the error budget";
      if (burn && slo && *slo > 0.5 && *slo < 1)
        why += " (" + format_number(*burn) + " x the budget of a " + format_ratio(*slo) +
               " SLO is an error ratio of " + format_ratio(*burn * (1 - *slo)) + ")";
      return unexpressed(line, text, why + ", not an absolute threshold");
    }
    // A threshold relative to a baseline ("> 50% increase", "2x normal") is no absolute value; "increased
    // to > 3s" states where it went, an absolute value.
    std::string t_rel = t;
    for (const char* to : {"increased to", "increases to", "increase to", "rose to", "went up to"}) {
      for (auto at = t_rel.find(to); at != std::string::npos; at = t_rel.find(to))
        t_rel.replace(at, std::string_view(to).size(), " ");
    }
    // A latency trigger that also states an absolute value ("p95 up 200 % (p95 > 1000 ms)") is read by it.
    bool latency_relative = false;
    const bool absolute_latency = (has(t, "p95") || has_any(t, kLatencyWords)) && !has_any(t, kErrorWords) &&
                                  latency_with_unit(t, latency_relative).has_value();
    for (const char* relative :
         {"increase",       "decrease",    "x normal",      "x the normal",  "× normal",   "times normal",
          "baseline",       "than normal", "above normal",  "over normal",   "% higher",   "% more",
          "% lower",        "% drop",      "relative to",   "compared to",   "x usual",    "than usual",
          "línea base",     "linea base",  "ligne de base", "linha de base", "basislinie", "que lo normal",
          "que la normale", "als normal",  "que o normal"}) {
      if (has(t_rel, relative) && !absolute_latency)
        return unexpressed(
            line, text,
            "a threshold relative to a baseline (\"" + std::string(relative) + "\"), not an absolute value");
    }
    // A multiple of something ("2x the pre-release value", "3× p95 of last week", "3 times the usual") or a
    // value before the release ("pre-release", "pre-deploy", "the previous hour") is relative too, whatever
    // it is a multiple of. "5xx" is no multiple: the 'x' must end its word.
    for (std::size_t i = 0; i < t_rel.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(t_rel[i]))) continue;
      std::size_t k = i + 1;
      while (k < t_rel.size() && (std::isdigit(static_cast<unsigned char>(t_rel[k])) || t_rel[k] == '.'))
        ++k;
      const std::size_t digits_end = k;
      while (k < t_rel.size() && t_rel[k] == ' ')
        ++k;
      const std::string_view rest = std::string_view(t_rel).substr(k);
      // What the multiple is of: a baseline's words, or nothing more ("errors at 2x").
      const auto of_baseline = [](std::string_view after) {
        while (!after.empty() && after.front() == ' ')
          after.remove_prefix(1);
        if (after.empty() || after.front() == ')' || after.front() == ',' || after.front() == '|' ||
            after.front() == '.')
          return true;
        for (std::string_view w : {"the ", "normal", "usual", "baseline", "previous", "pre-", "last ",
                                   "higher", "more", "of ", "what ", "its ", "our "})
          if (after.starts_with(w)) return true;
        return false;
      };
      const bool times = rest.starts_with("times ") && of_baseline(rest.substr(6));
      const bool x = rest.starts_with("x") &&
                     (rest.size() == 1 || !std::isalnum(static_cast<unsigned char>(rest[1]))) &&
                     of_baseline(rest.substr(1));
      const bool cross = rest.starts_with("×") && of_baseline(rest.substr(std::string_view("×").size()));
      if ((times || x || cross) && !absolute_latency)
        return unexpressed(line, text,
                           "a threshold relative to a baseline (" + t_rel.substr(i, digits_end - i) +
                               " times a value), not an absolute value");
      i = digits_end;
    }
    for (const char* relative :
         {"pre-release", "pre-deploy", "before the release", "before the deploy", "previous hour",
          "previous day", "previous week", "last week", "week over week", "day over day"}) {
      if (has(t_rel, relative) && !absolute_latency)
        return unexpressed(
            line, text,
            "a threshold relative to a baseline (\"" + std::string(relative) + "\"), not an absolute value");
    }
    // The comparison: an alert fires above its threshold. "< 99%" of availability or success is an error
    // ratio above 1%; any other "<" cannot be said; ">=" is read as ">" (on a continuous metric).
    // "<95%", "< 1 %": a '<' before a number (not a placeholder's "<previous>").
    bool less_than = false;
    for (std::size_t i = t.find('<'); i != std::string::npos && !less_than; i = t.find('<', i + 1)) {
      std::size_t k = i + 1;
      while (k < t.size() && (t[k] == ' ' || t[k] == '='))
        ++k;
      less_than = k < t.size() && std::isdigit(static_cast<unsigned char>(t[k]));
    }
    bool below = less_than || has(t, " < ") || has(t, "<=") || has(t, "≤") || has(t, " below ") ||
                 has(t, " under ") || has(t, "less than") || has(t, " drops to ") || has(t, " falls ");
    for (const char* word : {" inferior a", " menos de", " por debajo de", " moins de", " en dessous de",
                             " inférieur à", " unter ", " weniger als", " abaixo de"})
      below = below || has(t, word);
    const bool at_least = has(t, ">=") || has(t, "≥") || has(t, "at least");
    double window = 0;  // 0: no window given (fires at once)
    for (const auto& d : find_durations(text)) {
      // "> 5 seconds" is the threshold, not a window.
      std::size_t k = d.begin;
      while (k > 0 && text[k - 1] == ' ')
        --k;
      // "for > 1 minute", "for more than 5 minutes", "over >= 2 min": a comparison after "for" (or
      // "during", "lasting", "sustained") bounds the window, it is no threshold.
      std::size_t c = k;
      while (c > 0 && (text[c - 1] == '>' || text[c - 1] == '=' || text[c - 1] == ' '))
        --c;
      for (std::string_view words : {"more than", "longer than", "over", "at least"})
        if (c >= words.size() && std::string_view(t).substr(c - words.size(), words.size()) == words) {
          c -= words.size();
          while (c > 0 && t[c - 1] == ' ')
            --c;
          break;
        }
      bool window_bound = false;
      for (std::string_view lead : {"for", "during", "lasting", "sustained", "persisting", "persists"})
        window_bound =
            window_bound ||
            (c >= lead.size() && std::string_view(t).substr(c - lead.size(), lead.size()) == lead &&
             (c == lead.size() || !std::isalpha(static_cast<unsigned char>(t[c - lead.size() - 1]))));
      if (window_bound && c < k) {
        window = d.max_s * count_before_consecutive(t, d.begin).value_or(1.0);
        continue;
      }
      if (k > 0 && (text[k - 1] == '>' || text[k - 1] == '<' || text[k - 1] == '=')) continue;
      // "above 800ms", "exceeds 2 seconds": the threshold too.
      const std::string_view before = std::string_view(t).substr(0, k);  // no copy: linear time
      bool compared = false;
      for (std::string_view word : kAboveWords) {
        word.remove_suffix(1);  // its trailing blank
        compared = compared || (before.size() >= word.size() &&
                                before.compare(before.size() - word.size(), word.size(), word) == 0);
      }
      compared = compared || (before.size() >= 4 && before.compare(before.size() - 4, 4, "than") == 0);
      if (compared) continue;
      if (d.role == DurationMention::Role::Window || d.role == DurationMention::Role::Unknown) {
        // "for two consecutive 1-minute samples": the window is their number times their length.
        window = d.max_s * count_before_consecutive(t, d.begin).value_or(1.0);
      }
    }
    const std::string name = rule_name(text);
    ojson rule{{"name", name}, {"service", main_service_}};
    // The threshold: the percentage after "threshold" or a comparison, else the first one ("High error
    // rate: 5.5% (threshold: 2%)" alerts at 2%; 5.5% is what was observed).
    auto pct = threshold_percent(t);
    // A range ("5-10%") fires above its lower bound.
    for (std::size_t at = t.find('%'); pct && at != std::string::npos; at = t.find('%', at + 1)) {
      const auto range = percent_range(t, at);
      if (range && std::abs(range->second - *pct) < 1e-12) {
        pct = range->first;
        break;
      }
    }
    // An error ratio written as a fraction, as PromQL writes it ("... / ... > 0.05").
    const bool error_words = has_any(t, kErrorWords) || (has(t, "request") && has(t, "fail"));
    const auto fraction = [&]() -> std::optional<double> {
      const auto [v, at] = threshold_after_comparison(t);
      if (v && *v >= 0 && *v < 1 && t.find('%', at) == std::string::npos) return v;
      return std::nullopt;
    }();
    std::string described;
    if (below && pct &&
        (has(t, "availability") || has(t, "success rate") || has(t, "success ratio") || has(t, "uptime"))) {
      rule["metric"] = "error_ratio";
      rule["threshold"] = std::max(0.0, 1.0 - *pct);
      described =
          "error ratio > " + format_ratio(1.0 - *pct) + " (availability below " + format_ratio(*pct) + ")";
    } else if (below) {
      return unexpressed(line, text, "the comparison is \"below\"; an alert fires above its threshold");
    } else if (error_words && (pct || fraction) && !has(t, "histogram_quantile")) {
      rule["metric"] = "error_ratio";
      rule["threshold"] = pct ? *pct : *fraction;
      described = "error ratio > " + format_ratio(pct ? *pct : *fraction);
    } else if (has(t, "p95") || has(t, "histogram_quantile(0.95") ||
               (has_any(t, kLatencyWords) && !has(t, "p99") && !has(t, "histogram_quantile(0.99"))) {
      bool relative = false;
      const auto with_unit = latency_with_unit(t, relative);
      const auto [ms, at] = threshold_after_comparison(t);
      if (!with_unit && relative)
        return unexpressed(line, text,
                           "a latency threshold as a percentage or a multiple, relative to a baseline");
      if (!with_unit && !ms) return unexpressed(line, text, "no latency threshold");
      const bool millis = !with_unit && has(t.substr(at, 16), "ms");
      rule["metric"] = "latency_p95";
      rule["threshold"] = with_unit ? *with_unit : millis ? *ms / 1000.0 : *ms;
      described = "p95 latency > " + std::to_string(rule["threshold"].get<double>()) + " s";
      if (!has(t, "p95")) described += " (read as p95)";
    } else if (has(t, "oomkill") || has(t, "out of memory")) {
      const auto count = number_after_op(t, '>');
      rule["metric"] = "oom_kills";
      rule["threshold"] = count.value_or(0.0);
      rule["window_s"] = window > 0 ? window : 300.0;
      window = 0;
      described = "OOMKills > " + std::to_string(static_cast<int>(count.value_or(0.0)));
    } else if (has(t, "memory") && pct) {
      rule["metric"] = "memory_utilisation";
      rule["threshold"] = *pct;
      described = "memory > " + format_ratio(*pct);
    } else if ((has(t, "pool") || has(t, "connections")) && has(t, "exhaust")) {
      rule["metric"] = "pool_utilisation";
      rule["threshold"] = 0.99;
      described = "connection pool exhausted";
    } else if (has(t, "health check") || has(t, "healthcheck")) {
      int threshold = 1;
      const auto at = t.find("consecutive");
      if (at != std::string::npos) {
        std::size_t e = at;
        while (e > 0 && !std::isdigit(static_cast<unsigned char>(t[e - 1])))
          --e;
        std::size_t b = e;
        while (b > 0 && std::isdigit(static_cast<unsigned char>(t[b - 1])))
          --b;
        if (b < e) threshold = std::stoi(t.substr(b, e - b));
      }
      result_.probes.push_back(
          {{"name", name}, {"service", main_service_}, {"failure_threshold", threshold}});
      note(line, Kind::Trigger,
           "\"" + one_line(text, 60) + "\" -> health check, " + std::to_string(threshold) +
               " consecutive failures");
      return;
    } else if (has(t, "smoke test")) {
      result_.smoke_tests.push_back({{"name", name}, {"flow", {main_service_}}, {"period_s", 300}});
      note(line, Kind::Trigger,
           "\"" + one_line(text, 60) + "\" -> smoke test of " + main_service_ + " every 300 s" +
               (pct ? " (its failure rate is not modelled: one failed run fires)" : ""));
      return;
    } else if (has(t, "integrity")) {
      result_.integrity_checks.push_back({{"name", name}, {"store", use_store()}, {"period_s", 3600}});
      note(line, Kind::Trigger, "\"" + one_line(text, 60) + "\" -> hourly data integrity check");
      return;
    } else if (has(t, "complain")) {
      if (result_.complaints.is_null()) result_.complaints = {{"name", name}};
      note(line, Kind::Trigger, "\"" + one_line(text, 60) + "\" -> customer complaints");
      return;
    } else {
      return unexpressed(line, text, "no signal drillsim models");
    }
    if (at_least) described += " (\">=\" read as \">\")";
    if (window > 0 && rule["metric"] != "oom_kills") rule["for_s"] = window;
    if (window <= 0 && rule["metric"] != "oom_kills") {
      note(line, Kind::Trigger,
           "\"" + one_line(text, 60) + "\" -> " + described + ", no duration given (fires at once)");
    } else {
      note(line, Kind::Trigger,
           "\"" + one_line(text, 60) + "\" -> " + described +
               (window > 0 ? " for " + std::to_string(static_cast<int>(window)) + " s" : ""));
    }
    result_.alerts.push_back(std::move(rule));
  }

  // Triggers stated anywhere in prose: a sentence that rolls back, aborts, pages or alerts "if" or
  // "when" a metric crosses a threshold ("Roll back when the error rate exceeds 2% for 5 minutes", "The
  // `CheckoutErrors` alert fires when 5xx > 3% for 10m"), and the list after a line that introduces
  // such conditions ("**Rollback if:**"). Criteria of success are not read.
  void read_prose_triggers() {
    bool list_follows = false;
    for (const auto& b : blocks_) {
      if (b.kind == Block::Kind::Heading || b.kind == Block::Kind::Code || b.kind == Block::Kind::TableRow) {
        list_follows = false;
        continue;
      }
      const std::string t = lower(b.text);
      if (b.kind == Block::Kind::ListItem && list_follows) {
        if (!read_lines_.count(b.line) && names_metric(t)) read_trigger(b.line, b.text);
        continue;
      }
      list_follows = false;
      if (has(t, "success") || has(t, "healthy again") || has(t, "complete when") || has(t, "done when") ||
          has(t, "back to normal") || has(t, "returns to"))
        continue;
      // The condition after the intro: "... roll back if <condition>", "... fires when <condition>".
      std::size_t cond = std::string::npos;
      for (const char* intro : {"roll back if",
                                "rollback if",
                                "roll back when",
                                "rollback when",
                                "revert if",
                                "revert when",
                                "abort if",
                                "abort when",
                                "fail over if",
                                "failover if",
                                "fail over when",
                                "fires when",
                                "fires if",
                                "triggers when",
                                "triggered when",
                                "triggered if",
                                "page if",
                                "page when",
                                "pages when",
                                "alert if",
                                "alert when",
                                "alerts when",
                                "trigger a rollback if",
                                "trigger a rollback when",
                                "initiate rollback if",
                                "initiate rollback when",
                                "initiate a rollback if",
                                "initiate a rollback when",
                                "rollback is required if",
                                "rollback is required when",
                                "roll back immediately if",
                                "roll back immediately when"}) {
        const auto at = t.find(intro);
        if (at != std::string::npos && (cond == std::string::npos || at < cond))
          cond = at + std::string_view(intro).size();
      }
      if (cond == std::string::npos) continue;
      std::string rest = b.text.substr(cond);
      // A line ending with ':' introduces a list of conditions.
      const std::string trimmed = trim(rest);
      if (trimmed.empty() || trimmed == ":" || (trimmed.back() == ':' && !names_metric(lower(trimmed)))) {
        list_follows = true;
        continue;
      }
      if (read_lines_.count(b.line)) continue;
      // To the end of the sentence (a '.' followed by a space or the end, not a decimal point).
      for (std::size_t i = 0; i < rest.size(); ++i) {
        if ((rest[i] == '.' && (i + 1 == rest.size() || rest[i + 1] == ' ' || rest[i + 1] == '\n')) ||
            rest[i] == ';' || rest[i] == '\n') {
          rest = rest.substr(0, i);
          break;
        }
      }
      if (names_metric(lower(rest))) read_trigger(b.line, trim(rest));
    }
  }

  // Thresholds stated anywhere else: a bullet or a short paragraph that names a metric drillsim watches
  // and puts it above a number with its unit ("Error rate spiked to > 1%", "deployment causes errors
  // >5%", "**Error Rate > 5%**: investigate", "Tasa de error superior al 5%"), in any section but those
  // about success, verification, expected values or what does not call for a rollback
  // (not_about_triggers), and not a line that states an expected or normal value or checks again after an
  // action ("If it is still above 1%, go to level B").
  void read_stated_thresholds() {
    HeadingPath path;
    for (const auto& b : blocks_) {
      path.enter(b);
      if (b.kind != Block::Kind::ListItem && (b.kind != Block::Kind::Paragraph || b.text.size() > 200))
        continue;
      if (read_lines_.count(b.line)) continue;
      const std::string t = lower(b.text);
      if (!has_any(t, kErrorWords) && !has_any(t, kLatencyWords)) continue;
      if (!states_above_threshold(t) || not_about_triggers(path.near())) continue;
      if (defines_severity(t)) continue;
      bool expected = false;
      for (const char* word :
           {"expected", "should", "normal", "target", "success", "healthy", "back to", "returns to",
            "return to", "stays", "remain", "still", "esperado", "attendu", "erwartet"})
        expected = expected || has(t, word);
      if (!expected) read_trigger(b.line, b.text);
    }
  }

  // Whether `t` (lower case) opens with an incident level it defines: "P1 critical: complete outage, 50%
  // error rate", "SEV-2 - error rate above 5%", "Severity 3: ...", "Critical: ...". A definition of a
  // level, not a rule to roll back by.
  static bool defines_severity(std::string_view t) {
    std::size_t i = 0;
    while (i < t.size() && (t[i] == ' ' || t[i] == '*' || t[i] == '_' || t[i] == '`'))
      ++i;
    const std::string_view rest = t.substr(i);
    std::size_t n = 0;
    for (std::string_view label : {"severity", "sev", "priority", "p"}) {
      if (!rest.starts_with(label)) continue;
      std::size_t k = label.size();
      while (k < rest.size() && (rest[k] == ' ' || rest[k] == '-'))
        ++k;
      if (k < rest.size() && std::isdigit(static_cast<unsigned char>(rest[k])) &&
          (k + 1 == rest.size() || !std::isalnum(static_cast<unsigned char>(rest[k + 1])))) {
        n = k + 1;
        break;
      }
    }
    if (n == 0) {
      for (std::string_view label : {"critical", "high", "medium", "low", "major", "minor"}) {
        if (rest.starts_with(label)) n = label.size();
        if (n) break;
      }
      // A bare word needs the definition's punctuation right after it ("Critical: ...").
      if (n == 0 || n >= rest.size() || (rest[n] != ':' && rest[n] != '*')) return false;
    }
    // Then a colon, a dash, a bar or a level name before the definition.
    std::size_t k = n;
    while (k < rest.size() && (rest[k] == ' ' || rest[k] == '*' || rest[k] == '_' || rest[k] == ')'))
      ++k;
    if (k >= rest.size()) return false;
    if (rest[k] == ':' || rest[k] == '-' || rest[k] == '|' || rest.substr(k).starts_with("—") ||
        rest.substr(k).starts_with("–"))
      return true;
    for (std::string_view word : {"critical", "high", "medium", "low", "major", "minor", "urgent"})
      if (rest.substr(k).starts_with(word)) return true;
    return false;
  }

  // Whether `t` puts something above a number with a unit of a ratio or a time: "> 5%", "above 800ms",
  // "exceeds 2 s", "superior a 2 segundos".
  static bool states_above_threshold(std::string_view t) {
    std::vector<std::string_view> ops{">", "≥"};
    ops.insert(ops.end(), kAboveWords.begin(), kAboveWords.end());
    for (const std::string_view op : ops) {
      for (std::size_t at = t.find(op); at != std::string_view::npos; at = t.find(op, at + 1)) {
        std::size_t i = at + op.size();
        while (i < t.size() && (t[i] == ' ' || t[i] == '='))
          ++i;
        const std::size_t digits = i;
        while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.'))
          ++i;
        if (i == digits) continue;
        while (i < t.size() && t[i] == ' ')
          ++i;
        const std::string_view unit = t.substr(i, 8);
        for (const char* u : {"%", "ms", "s", "sec", "seg", "second", "sekund"})
          if (unit.substr(0, std::string_view(u).size()) == u) {
            const std::size_t after = i + std::string_view(u).size();
            // "5s", "5 seconds", "5%": not "5 services".
            if (std::string_view(u) != "s" || after >= t.size() ||
                !std::isalpha(static_cast<unsigned char>(t[after])))
              return true;
          }
      }
    }
    return false;
  }

  // A metric drillsim can watch, with a number: a trigger worth reading.
  static bool names_metric(const std::string& t) {
    const bool number =
        std::any_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    return number && (has(t, "error") || has_any(t, kErrorWords) || has_any(t, kLatencyWords) ||
                      has(t, "availability") || has(t, "success rate") || has(t, "memory") || has(t, "oom") ||
                      has(t, "health check") || has(t, "fail"));
  }

  // Prometheus alerting rules quoted in the runbook (a code block with `alert:`, `expr:` and `for:`):
  // each rule is a trigger, read from its expression and its `for`.
  void read_rule_blocks() {
    for (const auto& b : blocks_) {
      if (b.kind != Block::Kind::Code || !has(b.text, "expr:")) continue;
      std::istringstream in(b.text);
      std::string name, expr, for_text;
      int rule_line = 0, n = b.line - 1;
      bool in_expr = false;
      std::size_t expr_indent = 0;
      const auto flush = [&] {
        if (!expr.empty()) {
          std::string text = (name.empty() ? std::string("Rule") : name) + ": " + expr;
          if (!for_text.empty()) text += " for " + for_text;
          read_trigger(rule_line, text);
        }
        name.clear();
        expr.clear();
        for_text.clear();
        in_expr = false;
      };
      for (std::string raw; std::getline(in, raw);) {
        ++n;
        const std::size_t indent = raw.find_first_not_of(" \t-");
        if (indent == std::string::npos) continue;
        const std::string l = trim(raw.substr(indent));
        if (in_expr && indent > expr_indent && l.find(": ") == std::string::npos) {
          expr += " " + l;
          continue;
        }
        in_expr = false;
        if (l.rfind("alert:", 0) == 0) {
          flush();
          name = trim(l.substr(6));
          rule_line = n;
        } else if (l.rfind("expr:", 0) == 0) {
          if (!expr.empty()) flush();
          if (rule_line == 0 || name.empty()) rule_line = n;
          expr = trim(l.substr(5));
          if (expr == "|" || expr == ">" || expr == "|-" || expr == ">-") expr.clear();
          in_expr = true;
          expr_indent = indent;
        } else if (l.rfind("for:", 0) == 0) {
          for_text = trim(l.substr(4));
        }
      }
      flush();
    }
  }

  void unexpressed(int line, const std::string& text, const std::string& why) {
    note(line, Kind::Unexpressed, "trigger \"" + one_line(text, 60) + "\" kept as text: " + why);
  }

  static std::string format_number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
  }

  // The percentage a trigger's threshold is: after "threshold" or a comparison when the text has one,
  // else the first percentage.
  static std::optional<double> threshold_percent(std::string_view t) {
    std::vector<std::string_view> words{"threshold", ">=", "≥", ">", "at least ", "reaches ", "hits "};
    words.insert(words.end(), kAboveWords.begin(), kAboveWords.end());
    for (const std::string_view word : words) {
      const auto at = t.find(word);
      if (at == std::string_view::npos) continue;
      const std::size_t from = at + word.size();
      const std::string_view rest = t.substr(from, std::min<std::size_t>(16, t.size() - from));
      const auto pct = rest.find('%');
      if (pct == std::string_view::npos) continue;
      // Only a number (and ": ", "=", spaces) between the word and the '%'.
      bool clean = true;
      for (std::size_t i = 0; i < pct; ++i) {
        const char c = rest[i];
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ' ' || c == ':' || c == '=' ||
              c == '~'))
          clean = false;
      }
      if (clean) {
        if (const auto v = percent_in(rest.substr(0, pct + 1))) return v;
      }
    }
    return percent_in(t);
  }

  static std::string format_ratio(double ratio) {
    std::ostringstream out;
    out << ratio * 100 << "%";
    return out.str();
  }

  std::string rule_name(const std::string& text) {
    std::string name;
    bool upper = true;
    for (const char c : text) {
      if (c == '|' || name.size() >= 40) break;
      if (std::isalnum(static_cast<unsigned char>(c))) {
        name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
      } else {
        upper = true;
      }
    }
    if (name.empty()) name = "Trigger";
    std::string unique = name;
    for (int n = 2; !rule_names_.insert(unique).second; ++n)
      unique = name + std::to_string(n);
    return unique;
  }

 private:
  void note(int line, Kind kind, std::string text) {
    result_.notes.push_back({line, kind, std::move(text), line});
  }

  // The store a data integrity check watches: "db", declared with the plan's stores.
  std::string use_store() {
    if (std::find(result_.stores.begin(), result_.stores.end(), "db") == result_.stores.end())
      result_.stores.push_back("db");
    return "db";
  }

  const std::vector<Block>& blocks_;
  const std::string& main_service_;
  ImportResult& result_;
  std::vector<ojson>& decision_rules_;
  std::set<std::string> rule_names_;
  std::set<std::string> seen_triggers_;
  std::set<int> read_lines_;  // Lines a trigger was read from: prose reading skips them.
};

}  // namespace

void read_triggers(const std::vector<Block>& blocks, const std::vector<TriggerSection>& sections,
                   const std::string& main_service, ImportResult& result,
                   std::vector<ojson>& decision_rules) {
  TriggerReader reader(blocks, main_service, result, decision_rules);
  reader.read_tables();
  reader.read_prose_objectives();
  reader.read_trigger_lists(sections);
  reader.read_rule_blocks();
  reader.read_prose_triggers();
  reader.read_stated_thresholds();
}

}  // namespace drillsim::runbook
