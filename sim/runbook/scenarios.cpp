#include "runbook/scenarios.hpp"

#include <cctype>

#include "runbook/text.hpp"

namespace drillsim::runbook {

namespace {

// A text as a padded string of lower-case words: " wafs analysis ".
std::string padded_words(std::string_view text) {
  std::string out = " ";
  bool word = false;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '\'') {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      word = true;
    } else if (word) {
      out += ' ';
      word = false;
    }
  }
  if (word) out += ' ';
  return out;
}

bool any_of(const std::string& padded, std::initializer_list<const char*> needles) {
  for (const char* n : needles)
    if (has(padded, n)) return true;
  return false;
}

}  // namespace

std::optional<SectionKind> aside_named_by(std::string_view title) {
  if (names_going_back(title) || names_switching_off(title)) return std::nullopt;
  const std::string t = padded_words(title);
  // Finding out what is wrong: the symptom is investigated, analysed, debugged; no change goes back.
  if (any_of(t, {" troubleshoot", " debugging ", " debug ", " diagnos", " investigat", " analysis ",
                 " analyses ", " analyse ", " analyze ", " analysing ", " analyzing "}))
    return SectionKind::Troubleshooting;
  // How to set something, on each platform it can be set on: reference for a later change.
  if (any_of(t, {" managing ", " management ", " configuring ", " configuration options ", " configuration reference ",
                 " available settings ", " available flags ", " available options "}))
    return SectionKind::References;
  // Keeping the service ready between incidents.
  if (any_of(t, {" ongoing ", " routine ", " day-to-day ", " housekeeping ", " periodic "}) ||
      (has(t, " maintenance ") && !any_of(t, {" maintenance mode ", " maintenance page ", " maintenance window "})))
    return SectionKind::Upkeep;
  if (any_of(t, {" best practice", " good practice", " tips ", " guidelines ", " recommendations "}))
    return SectionKind::Practices;
  // Another change than going back: more capacity for the traffic there is, a roll-out in stages.
  if (any_of(t, {" capacity ", " rollout strategy ", " roll-out strategy ", " rollout plan ", " roll-out plan ",
                 " rollout schedule ", " roll-out schedule "}))
    return SectionKind::OtherOperation;
  if (any_of(t, {" architecture ", " overview ", " background ", " introduction "})) return SectionKind::Overview;
  // A title that names a problem ("Load balancer not responding", "Blue slower than expected"): an entry
  // of troubleshooting, when its steps never go back.
  // A section that answers an alert ("High Error Rate Alert") is the procedure for that alert.
  if (names_problem(title) && !names_situation(title) && !any_of(t, {" alert ", " alerts ", " alarm ", " page "}))
    return SectionKind::Troubleshooting;
  return std::nullopt;
}

bool points_elsewhere(std::string_view text) {
  const std::string t = padded_words(text.substr(0, text.find('\n')));
  return any_of(t, {" see ", " go to ", " refer to ", " follow the ", " below ", " above ", " section ",
                    " runbook ", " procedure "});
}

std::vector<Aside> asides_beside_way_back(const std::vector<DocumentSection>& sections, bool subject_goes_back) {
  std::vector<Aside> out;
  std::vector<std::optional<SectionKind>> named(sections.size());
  for (std::size_t k = 0; k < sections.size(); ++k)
    if (!sections[k].step_or_level) named[k] = aside_named_by(sections[k].title);
  const auto above = [&](std::size_t upper, std::size_t k) {
    for (auto p = sections[k].parent; p; p = sections[*p].parent)
      if (*p == upper) return true;
    return false;
  };
  const auto back = [&](std::size_t k) {
    const SectionKind kind = named[k] ? *named[k] : SectionKind::Procedure;
    const bool advice = kind == SectionKind::Practices || kind == SectionKind::Upkeep || kind == SectionKind::Overview;
    return sections[k].goes_back || (!advice && sections[k].says_go_back);
  };
  // Under an aside that never goes back: a part of it, no way back of the document's.
  const auto inside_aside = [&](std::size_t j) {
    for (auto p = sections[j].parent; p; p = sections[*p].parent)
      if (named[*p] && !back(*p)) return true;
    return false;
  };
  // Several investigations that each hold steps: the incidents the document responds to, none of them the
  // triage of the way back.
  std::size_t investigations = 0;
  for (std::size_t k = 0; k < sections.size(); ++k)
    if (named[k] == SectionKind::Troubleshooting && !back(k) && sections[k].holds_steps) ++investigations;
  // The sections that go back (the ways back an aside can be beside), found once: the decision stays
  // linear in the document when there is none.
  std::vector<std::size_t> ways_back;
  for (std::size_t j = 0; j < sections.size(); ++j) {
    const DocumentSection& w = sections[j];
    if (!named[j] && w.holds_steps && (w.goes_back || w.says_go_back || w.turns_off || (subject_goes_back && w.acts)) &&
        !inside_aside(j))
      ways_back.push_back(j);
  }
  for (std::size_t k = 0; k < sections.size() && !ways_back.empty(); ++k) {
    if (!named[k] || back(k)) continue;
    for (const std::size_t j : ways_back) {
      if (j == k || above(j, k) || above(k, j)) continue;
      // One diagnosis that only looks, before the way back: the triage that leads to it ("Diagnosis",
      // then "Rollback options"), read as steps before the change.
      if (*named[k] == SectionKind::Troubleshooting && k < j && !sections[k].acts && investigations < 2) break;
      out.push_back({k, *named[k], j});
      break;
    }
  }
  return out;
}

}  // namespace drillsim::runbook
