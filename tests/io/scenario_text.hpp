// Scenario texts and files the loader's tests share (tests/io/scenario_loader_test.cpp and the section
// readers' tests/io/load_*_test.cpp).
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include <gtest/gtest.h>

#include "io/input_error.hpp"
#include "io/scenario_loader.hpp"
#include "model/distribution.hpp"

namespace drillsim::io::scenario_text {

namespace fs = std::filesystem;
using model::Distribution;

inline void expect_distribution(const Distribution& d, Distribution::Kind kind, double a, double b = 0.0,
                                double c = 0.0) {
  EXPECT_EQ(d.kind, kind);
  EXPECT_DOUBLE_EQ(d.a, a);
  EXPECT_DOUBLE_EQ(d.b, b);
  EXPECT_DOUBLE_EQ(d.c, c);
}

// A valid scenario with two services (checkout with a new version, search) and `members` added at the top.
inline std::string scenario_with(const std::string& members) {
  return R"({"name": "t", "duration_s": 3600, "services": [
    {"name": "checkout", "service_time": 0.05, "versions": {"stable": {"replicas": 2}, "new": {"replicas": 1}},
     "traffic": {"rate": {"kind": "constant", "rps": 50}}},
    {"name": "search", "service_time": 0.01, "versions": {"stable": {"replicas": 2}},
     "traffic": {"rate": {"kind": "constant", "rps": 80}}}])" +
         (members.empty() ? "" : ", " + members) + "}";
}

// scenario_with(""), with `keys` added to the checkout service.
inline std::string service_with(const std::string& keys) {
  return R"({"name": "t", "duration_s": 3600, "services": [
    {"name": "checkout", "service_time": 0.05, "versions": {"stable": {"replicas": 2}, "new": {"replicas": 1}},
     "traffic": {"rate": {"kind": "constant", "rps": 50}}, )" +
         keys + R"(},
    {"name": "search", "service_time": 0.01, "versions": {"stable": {"replicas": 2}},
     "traffic": {"rate": {"kind": "constant", "rps": 80}}}]})";
}

inline std::string plan_with(const std::string& plan) {
  return scenario_with(R"("plan": )" + plan);
}
inline std::string steps_plan(const std::string& steps) {
  return plan_with(R"({"name": "p", "steps": [)" + steps + "]}");
}
inline std::string levels_plan(const std::string& levels) {
  return plan_with(R"({"name": "p", "levels": [)" + levels + "]}");
}

inline const std::string kOrders =
    R"("stores": [{"name": "orders", "service": "checkout", "migration": {"kind": "add_required_column"}}])";

inline InputError scenario_error(const std::string& text, const LoadLimits& limits = {}) {
  try {
    parse_scenario(text, "t.json", limits);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError thrown";
  return InputError("", "", "");
}

// A fresh directory under the system's temporary directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("drillsim-io-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

inline void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace drillsim::io::scenario_text
