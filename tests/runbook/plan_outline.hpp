// A plan's first level as "name -> action [when] @line-end_line", one entry per step: how the importer
// tests write down by hand the plan they expect.
#pragma once

#include <string>
#include <vector>

#include "runbook/importer.hpp"

namespace drillsim::runbook {

inline std::vector<std::string> outline(const ImportResult& r) {
  std::vector<std::string> out;
  for (const auto& st : r.plan["levels"][0]["steps"])
    out.push_back(st["name"].get<std::string>() + " -> " + st["action"].get<std::string>() +
                  (st.contains("when") ? " [" + st["when"].get<std::string>() + "]" : "") + " @" +
                  std::to_string(st["source"]["line"].get<int>()) + "-" +
                  std::to_string(st["source"]["end_line"].get<int>()));
  return out;
}

}  // namespace drillsim::runbook
