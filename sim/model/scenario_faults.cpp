// The faults section (model/scenario_faults.hpp): the kinds' names, a fault's target, CrashLoopBackOff.

#include "model/scenario_faults.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace drillsim::model {

namespace {
template <std::size_t... I>
std::vector<std::string_view> fault_names(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, FaultSpec::Kinds>::kName...};
}
}  // namespace

const std::vector<std::string_view>& fault_kind_names() {
  static const std::vector<std::string_view> names =
      fault_names(std::make_index_sequence<std::variant_size_v<FaultSpec::Kinds>>{});
  return names;
}

const char* FaultSpec::kind_name() const {
  return std::visit([](const auto& k) { return std::decay_t<decltype(k)>::kName; }, kind);
}

const std::string& FaultSpec::target() const {
  static const std::string none;
  return std::visit(
      [](const auto& k) -> const std::string& {
        if constexpr (requires { k.target; })
          return k.target;
        else
          return none;
      },
      kind);
}

double crash_loop_backoff_s(int restarts_before) {
  double delay = 10.0;
  for (int i = 0; i < restarts_before && delay < 300.0; ++i)
    delay *= 2.0;
  return std::min(delay, 300.0);
}

}  // namespace drillsim::model
