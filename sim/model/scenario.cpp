// The whole scenario (model/scenario.hpp); each section's code is in its own scenario_<section>.cpp.

#include "model/scenario.hpp"

#include <cstddef>
#include <string>

namespace drillsim::model {

int Scenario::service_index(const std::string& service) const {
  for (std::size_t i = 0; i < services.size(); ++i) {
    if (services[i].name == service) return static_cast<int>(i);
  }
  return -1;
}

int Scenario::store_index(const std::string& store) const {
  for (std::size_t i = 0; i < stores.size(); ++i) {
    if (stores[i].name == store) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace drillsim::model
