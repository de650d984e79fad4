#include "runbook/procedures.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "runbook/sections.hpp"
#include "runbook/text.hpp"

namespace drillsim::runbook {

const char* to_string(ProcedureEvidence evidence) {
  switch (evidence) {
    case ProcedureEvidence::None:
      return "none";
    case ProcedureEvidence::Situations:
      return "each says when it applies";
    case ProcedureEvidence::Scope:
      return "one restores the whole, the others a part";
    case ProcedureEvidence::Means:
      return "the same way back by other means";
    case ProcedureEvidence::Urgency:
      return "one to take at once beside the usual one";
    case ProcedureEvidence::Announced:
      return "the document counts them as ways";
  }
  return "none";
}

namespace {

// Lower-case words: letters, digits, '-' and '\'' kept.
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string w;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '\'') {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

bool is_number_word(const std::string& w) {
  static const std::set<std::string> numbers{"1", "2", "3", "4", "5", "6", "a", "b", "c", "d",
                                             "i", "ii", "iii", "iv", "one", "two", "three", "four"};
  return numbers.count(w) > 0;
}

// A title's words without its numbering ("2.", "Method 1:", "Option B -"), its marks and a trailing
// parenthetical ("(recommended)").
std::vector<std::string> title_body(std::string_view title) {
  std::string t(title);
  if (const auto open = t.rfind('('); open != std::string::npos && open > 0) t = t.substr(0, open);
  std::vector<std::string> w = words(t);
  std::size_t i = 0;
  while (i < w.size() && std::all_of(w[i].begin(), w[i].end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) || c == '-';
         }))
    ++i;
  static const std::set<std::string> labels{"method", "option", "approach", "way", "path", "variant", "part"};
  if (i + 1 < w.size() && labels.count(w[i]) && is_number_word(w[i + 1])) i += 2;
  return {w.begin() + static_cast<std::ptrdiff_t>(i), w.end()};
}

bool in(const std::set<std::string>& set, const std::string& w) { return set.count(w) > 0; }

const std::set<std::string>& stop_words() {
  static const std::set<std::string> s{"the", "a",    "an",  "and",  "or",   "of",  "to",   "for",  "in",
                                       "on",  "with", "via", "from", "by",   "it",  "its",  "this", "that",
                                       "one", "all",  "our", "your", "back", "way", "ways", "using"};
  return s;
}

// --- Situations: a section that opens by saying when it applies.

}  // namespace

bool opens_with_situation(const ProcedureSection& s) {
  std::size_t seen = 0;
  for (const auto& text : s.lead) {
    if (++seen > 2) break;
    const std::string first = lower(trim(text.substr(0, text.find('\n'))));
    const auto colon = first.find(':');
    if (colon != std::string::npos && colon <= 30) {
      std::string lead = first.substr(0, colon);
      std::erase_if(lead, [](char c) { return c == '*' || c == '_'; });
      lead = trim(lead);
      static const std::set<std::string> leads{
          "signs",        "sign",       "symptoms",  "symptom",      "when to use",      "use when",
          "applies when", "indicators", "you see",   "what you see", "situation",        "use it when",
          "use case",     "use cases",  "trigger",   "triggers",     "triggered by",     "scenario",
          "when",         "síntomas",   "symptômes", "cuándo usar",  "quand l'utiliser", "déclencheur",
          "auslöser",     "symptome"};
      if (leads.count(lead)) return true;
    }
    for (const char* opening : {"use this when", "use this if", "use this procedure when", "use this section when",
                                "use this path when", "follow this when", "this applies when"}) {
      if (first.rfind(opening, 0) == 0) return true;
    }
  }
  return false;
}

namespace {

// --- Scope: the whole, or one part.

bool names_part(const std::vector<std::string>& body) {
  static const std::set<std::string> part{"only",    "single",     "one",        "specific",      "selective",
                                          "partial", "individual", "particular", "point-in-time", "pitr",
                                          "granular"};
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (in(part, body[i])) return true;
    if (body[i] == "point" && i + 2 < body.size() && body[i + 1] == "in" && body[i + 2] == "time") return true;
  }
  return false;
}

bool names_whole(const std::vector<std::string>& body) {
  static const std::set<std::string> whole{"full", "complete", "entire", "whole", "everything"};
  return std::any_of(body.begin(), body.end(), [](const std::string& w) { return in(whole, w); });
}

// --- Means: the same head, then a preposition and a means of doing it.

const std::set<std::string>& means_prepositions() {
  static const std::set<std::string> p{"via", "with", "using", "through", "from", "in", "on", "by", "inside"};
  return p;
}

bool names_means(const std::vector<std::string>& object) {
  static const std::set<std::string> means{
      "console",   "ui",        "gui",     "web",       "dashboard", "portal",     "interface", "terminal",
      "cli",       "command",   "shell",   "script",    "scripts",   "api",        "git",       "repository",
      "repo",      "pipeline",  "ci",      "cd",        "gitops",    "helm",       "kubectl",   "argocd",
      "argo",      "terraform", "ansible", "docker",    "compose",   "kubernetes", "k8s",       "systemd",
      "manifest",  "manifests", "revert",  "redeploy",  "backup",    "backups",    "snapshot",  "snapshots",
      "flag",      "flags",     "toggle",  "button",    "workflow",  "jenkins",    "spinnaker", "sdk",
      "tool",      "tooling",   "gcloud",  "aws",       "azure",     "heroku",     "commit",    "tag",
      "release",   "image",     "manual",  "automation", "automatic", "automated"};
  return std::any_of(object.begin(), object.end(), [](const std::string& w) { return in(means, w); });
}

// The head of a title before its first preposition of means, with the means after it; empty head and
// object when the title has no such form.
struct MeansForm {
  std::string head;
  std::vector<std::string> object;
  bool valid = false;
};

MeansForm means_form(const std::vector<std::string>& body) {
  MeansForm f;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (!in(means_prepositions(), body[i])) continue;
    f.object.assign(body.begin() + static_cast<std::ptrdiff_t>(i) + 1, body.end());
    if (f.object.empty() || !names_means(f.object)) return f;
    for (std::size_t k = 0; k < i; ++k)
      f.head += (k ? " " : "") + body[k];
    // "Rollback via ...", "Rolling back with ...", "Revert using ...": one head, going back.
    if (names_going_back(f.head)) f.head = "(going back)";
    f.valid = true;
    return f;
  }
  // "Git rollback", "Console rollback", "Feature flag revert": a means, then the way back it names last.
  if (body.size() >= 2 && names_going_back(body.back())) {
    const std::vector<std::string> modifier(body.begin(), body.end() - 1);
    if (names_means(modifier)) {
      f.head = "(going back)";
      f.object = modifier;
      f.valid = true;
    }
  }
  return f;
}

// --- Urgency: the way to take at once beside the usual, reviewed one. Not "Immediate actions" nor "Quick
// checks": those come first in one procedure, before its main part.

bool names_emergency_way(const std::vector<std::string>& body) {
  static const std::set<std::string> urgent{"emergency", "urgent", "hotfix", "expedited", "break-glass", "express"};
  return std::any_of(body.begin(), body.end(), [](const std::string& w) { return in(urgent, w); });
}

bool names_usual_way(const std::vector<std::string>& body) {
  static const std::set<std::string> usual{"standard", "normal",    "regular", "planned",
                                           "routine",  "scheduled", "non-emergency", "non-urgent"};
  return std::any_of(body.begin(), body.end(), [](const std::string& w) { return in(usual, w); });
}

// --- Which one is the procedure.

// Whether a word of a sentence says that something is recommended: "recommend", "preferred", "primary".
bool recommending_word(const std::string& w) {
  for (const char* stem : {"recommend", "prefer", "primary", "default", "go-to"})
    if (w.rfind(stem, 0) == 0) return true;
  return false;
}

// Whether a sentence speaks of ways: "way", "method", "option", "approach", "procedure", "the terminal one".
bool speaks_of_ways(const std::vector<std::string>& ws) {
  static const std::set<std::string> ways{"way",  "ways",     "method",  "methods",    "option", "options",
                                          "approach", "approaches", "procedure", "procedures", "path", "one"};
  return std::any_of(ws.begin(), ws.end(), [](const std::string& w) { return in(ways, w); });
}

std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  std::string s;
  for (std::size_t i = 0; i < text.size(); ++i) {
    s += text[i];
    const bool end = (text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == ';' || text[i] == '\n') &&
                     (i + 1 == text.size() || std::isspace(static_cast<unsigned char>(text[i + 1])));
    if (end) {
      out.push_back(lower(s));
      s.clear();
    }
  }
  if (!trim(s).empty()) out.push_back(lower(s));
  return out;
}

// The words of each candidate's title that no other candidate's title has.
std::vector<std::set<std::string>> distinctive_words(const std::vector<ProcedureSection>& siblings,
                                                     const std::vector<std::size_t>& candidates) {
  std::map<std::string, int> count;
  std::vector<std::set<std::string>> own;
  for (const std::size_t k : candidates) {
    std::set<std::string> ws;
    for (const auto& w : title_body(siblings[k].title))
      if (w.size() >= 3 && !in(stop_words(), w) && !in(means_prepositions(), w)) ws.insert(w);
    for (const auto& w : ws)
      ++count[w];
    own.push_back(ws);
  }
  for (auto& ws : own) {
    for (auto it = ws.begin(); it != ws.end();)
      it = count[*it] > 1 ? ws.erase(it) : std::next(it);
  }
  return own;
}

// The candidate (a position in `candidates`) that a sentence recommending one names first, if any.
std::optional<std::size_t> recommended_in(const std::vector<std::string>& context,
                                          const std::vector<std::set<std::string>>& distinct) {
  for (const auto& text : context) {
    // The paragraph speaks of ways, or of going back.
    if (!speaks_of_ways(words(text)) && !names_going_back(text)) continue;
    for (const auto& sentence : sentences(text)) {
      const auto ws = words(sentence);
      // The candidate named first within four words of a recommending word ("We recommend the terminal one",
      // "The console way is preferred").
      for (std::size_t r = 0; r < ws.size(); ++r) {
        if (!recommending_word(ws[r])) continue;
        const std::size_t from = r >= 4 ? r - 4 : 0;
        for (std::size_t j = from; j < ws.size() && j <= r + 4; ++j) {
          for (std::size_t i = 0; i < distinct.size(); ++i)
            if (distinct[i].count(ws[j])) return i;
        }
      }
    }
  }
  return std::nullopt;
}

bool marks_itself_recommended(const ProcedureSection& s) {
  if (marked_preferred(s.title)) return true;
  std::size_t seen = 0;
  for (const auto& text : s.lead) {
    if (++seen > 2) break;
    const std::string t = lower(text);
    if (has(t, "recommended") || has(t, "preferred") || has(t, "the default way") ||
        has(t, "the default method"))
      return true;
  }
  return false;
}

void choose_primary(const std::vector<ProcedureSection>& siblings, const std::vector<std::string>& context,
                    std::string_view document_title, ProcedureDecision& d) {
  const auto& c = d.procedures;
  if (const auto r = recommended_procedure(siblings, c, context)) {
    d.primary = r->first;
    d.why = r->second;
    return;
  }
  const auto distinct = distinctive_words(siblings, c);
  if (d.evidence == ProcedureEvidence::Situations) {
    for (const std::size_t k : c) {
      const ProcedureSection& s = siblings[k];
      if (about_bad_release(s.title) || (!s.lead.empty() && about_bad_release(s.lead.front()))) {
        d.primary = k;
        d.why = "the one about a bad release";
        return;
      }
    }
    for (const std::size_t k : c) {
      if (names_going_back(siblings[k].title)) {
        d.primary = k;
        d.why = "the one that goes back";
        return;
      }
    }
  }
  if (d.evidence == ProcedureEvidence::Scope) {
    for (const std::size_t k : c) {
      if (names_whole(title_body(siblings[k].title))) {
        d.primary = k;
        d.why = "the one that restores the whole";
        return;
      }
    }
  }
  for (const std::size_t k : c) {
    if (marked_urgent(siblings[k].title)) {
      d.primary = k;
      d.why = "the one to take at once";
      return;
    }
  }
  // The one the document's title names (and no other does).
  const auto title = words(document_title);
  const std::set<std::string> title_set(title.begin(), title.end());
  std::optional<std::size_t> named;
  int named_count = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const bool hit = std::any_of(distinct[i].begin(), distinct[i].end(),
                                 [&](const std::string& w) { return title_set.count(w) > 0; });
    if (hit) {
      named = c[i];
      ++named_count;
    }
  }
  if (named_count == 1) {
    d.primary = *named;
    d.why = "the one the document's title names";
    return;
  }
  d.primary = c.front();
  d.why = "the first";
}

}  // namespace

std::optional<std::pair<std::size_t, std::string>> recommended_procedure(
    const std::vector<ProcedureSection>& siblings, const std::vector<std::size_t>& candidates,
    const std::vector<std::string>& context) {
  for (const std::size_t k : candidates) {
    if (marks_itself_recommended(siblings[k])) return std::make_pair(k, std::string("recommended by its own words"));
  }
  if (const auto hit = recommended_in(context, distinctive_words(siblings, candidates)))
    return std::make_pair(candidates[*hit], std::string("recommended by the document"));
  return std::nullopt;
}

bool counts_procedures(std::string_view text) {
  static const std::set<std::string> counts{"two", "three", "four", "2", "3", "4", "several", "multiple",
                                            "alternative"};
  static const std::set<std::string> nouns{"ways",   "methods",    "options", "approaches", "procedures",
                                           "paths",  "strategies", "routes",  "alternatives"};
  const auto w = words(text);
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {
    if (!in(counts, w[i])) continue;
    // "two ways", "three rollback methods", "several different options".
    for (std::size_t j = i + 1; j < w.size() && j <= i + 2; ++j)
      if (in(nouns, w[j])) return true;
  }
  const std::string t = lower(text);
  return has(t, "either of the") || has(t, "one of the following") || has(t, "any one of the");
}

ProcedureDecision decide_procedures(const std::vector<ProcedureSection>& siblings,
                                    const std::vector<std::string>& context, std::string_view document_title) {
  ProcedureDecision d;
  if (siblings.size() < 2) return d;
  const auto whole_procedure = [&](std::size_t k) {
    const ProcedureSection& s = siblings[k];
    return !s.part && s.holds_steps && (s.goes_back || s.acts);
  };
  // Another incident's procedure: each of at least two opens by saying when it applies.
  {
    std::vector<std::size_t> c;
    for (std::size_t k = 0; k < siblings.size(); ++k)
      if (whole_procedure(k) && siblings[k].acts && opens_with_situation(siblings[k])) c.push_back(k);
    if (c.size() >= 2) {
      d.evidence = ProcedureEvidence::Situations;
      d.procedures = c;
    }
  }
  // A full restore beside restores of one part: the part ones are ways of their own.
  if (d.evidence == ProcedureEvidence::None) {
    std::vector<std::size_t> whole, part;
    for (std::size_t k = 0; k < siblings.size(); ++k) {
      if (!whole_procedure(k) || !siblings[k].goes_back) continue;
      const auto body = title_body(siblings[k].title);
      if (names_whole(body) && !names_part(body))
        whole.push_back(k);
      else if (names_part(body))
        part.push_back(k);
    }
    if (whole.size() == 1 && !part.empty()) {
      d.evidence = ProcedureEvidence::Scope;
      d.procedures = whole;
      d.procedures.insert(d.procedures.end(), part.begin(), part.end());
      std::sort(d.procedures.begin(), d.procedures.end());
    }
  }
  // Parallel titles that differ in the means: "Doing it in the console", "Doing it from a terminal".
  if (d.evidence == ProcedureEvidence::None) {
    std::map<std::string, std::vector<std::size_t>> by_head;
    std::map<std::string, std::set<std::string>> objects;
    for (std::size_t k = 0; k < siblings.size(); ++k) {
      if (!whole_procedure(k) || !siblings[k].goes_back) continue;
      const MeansForm f = means_form(title_body(siblings[k].title));
      if (!f.valid) continue;
      std::string object;
      for (const auto& w : f.object)
        object += w + " ";
      if (objects[f.head].insert(object).second) by_head[f.head].push_back(k);
    }
    for (const auto& entry : by_head) {
      if (entry.second.size() < 2 || entry.second.size() <= d.procedures.size()) continue;
      d.evidence = ProcedureEvidence::Means;
      d.procedures = entry.second;
    }
  }
  // The way to take at once ("Emergency procedure", "Hotfix path") beside the usual one ("Standard procedure",
  // "Planned revert"): both whole, one applies.
  if (d.evidence == ProcedureEvidence::None) {
    std::vector<std::size_t> urgent, usual;
    for (std::size_t k = 0; k < siblings.size(); ++k) {
      if (!whole_procedure(k)) continue;
      const auto body = title_body(siblings[k].title);
      if (names_emergency_way(body) && !names_usual_way(body))
        urgent.push_back(k);
      else if (names_usual_way(body) && !names_emergency_way(body))
        usual.push_back(k);
    }
    if (urgent.size() == 1 && !usual.empty()) {
      d.evidence = ProcedureEvidence::Urgency;
      d.procedures = urgent;
      d.procedures.insert(d.procedures.end(), usual.begin(), usual.end());
      std::sort(d.procedures.begin(), d.procedures.end());
    }
  }
  // The text around them counts ways: every sibling that holds a whole way back is one.
  if (d.evidence == ProcedureEvidence::None &&
      std::any_of(context.begin(), context.end(), [](const std::string& t) { return counts_procedures(t); })) {
    // Each names its way in its title: going back, or a means ("Rollback via ...", "Git revert").
    std::vector<std::size_t> c;
    for (std::size_t k = 0; k < siblings.size(); ++k) {
      const auto body = title_body(siblings[k].title);
      std::string t;
      for (const auto& w : body)
        t += w + " ";
      if (whole_procedure(k) && siblings[k].goes_back && (names_going_back(t) || means_form(body).valid))
        c.push_back(k);
    }
    if (c.size() >= 2) {
      d.evidence = ProcedureEvidence::Announced;
      d.procedures = c;
    }
  }
  if (d.evidence == ProcedureEvidence::None) return d;
  choose_primary(siblings, context, document_title, d);
  return d;
}

const char* to_string(FallbackEvidence evidence) {
  switch (evidence) {
    case FallbackEvidence::None:
      return "none";
    case FallbackEvidence::Emergency:
      return "an emergency way after the procedure";
    case FallbackEvidence::Condition:
      return "for when the procedure failed or cannot be done";
    case FallbackEvidence::SecondMethod:
      return "another restore of one part or moment after the whole one";
  }
  return "none";
}

bool opens_with_fallback(std::string_view text) {
  std::string t = lower(trim(std::string(text.substr(0, text.find('\n')))));
  while (!t.empty() && (t[0] == '*' || t[0] == '_' || t[0] == '>'))
    t = trim(t.substr(1));
  bool opens = false;
  for (const char* lead : {"if ", "when ", "in case ", "should "})
    if (t.rfind(lead, 0) == 0) opens = true;
  if (!opens) return false;
  const auto end = t.find_first_of(",:.;");
  const std::vector<std::string> clause = words(t.substr(0, end == std::string::npos ? 160 : end));
  if (clause.size() > 24) return false;
  static const std::set<std::string> failed{"fail",    "fails",    "failed",     "failing",     "still",
                                            "persist", "persists", "persisting", "not",         "unable",
                                            "cannot",  "older",    "impossible", "unavailable", "worse",
                                            "keep",    "keeps",    "crashing",   "crashes"};
  return std::any_of(clause.begin(), clause.end(), [](const std::string& w) {
    return in(failed, w) || (w.size() > 3 && w.compare(w.size() - 3, 3, "n't") == 0);
  });
}

FallbackEvidence fallback_after(const ProcedureSection& earlier, const ProcedureSection& later) {
  if (!earlier.goes_back || !earlier.holds_steps) return FallbackEvidence::None;
  if (later.part || !later.holds_steps || !(later.acts || later.goes_back)) return FallbackEvidence::None;
  if (!later.lead.empty()) {
    const auto first = words(later.lead.front());
    if (!first.empty() && (first[0] == "then" || first[0] == "next" || first[0] == "afterwards" ||
                           (first[0] == "after" && first.size() > 1 && first[1] == "that")))
      return FallbackEvidence::None;
  }
  const auto body = title_body(later.title);
  if (names_emergency_way(body)) return FallbackEvidence::Emergency;
  if (!later.lead.empty() && opens_with_fallback(later.lead.front())) return FallbackEvidence::Condition;
  if (later.goes_back && names_part(body) && !names_whole(body) && !names_part(title_body(earlier.title)))
    return FallbackEvidence::SecondMethod;
  return FallbackEvidence::None;
}

bool says_recommended(std::string_view text) {
  const auto w = words(text);
  return std::any_of(w.begin(), w.end(), [](const std::string& x) { return recommending_word(x); });
}

}  // namespace drillsim::runbook
