// The JSON Schema and the docs' tables generated from a description: known parts of each, written by
// hand from the loader's rules (the whole schema is checked against real files by validate_bundled.py).
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "model/timeline.hpp"
#include "schema/description.hpp"

namespace drillsim::schema {
namespace {

TEST(JsonSchema, NamesTheDraftItsIdAndRejectsUnknownKeys) {
  const Json s = json_schema(Format::Scenario);
  EXPECT_EQ(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(s["$id"], "https://drillsim.dev/schema/scenario.schema.json");
  EXPECT_EQ(s["type"], "object");
  EXPECT_EQ(s["additionalProperties"], false);
  EXPECT_EQ(s["required"], Json::parse(R"(["name", "duration_s", "services"])"));
  EXPECT_TRUE(s["properties"].contains("$schema"));
  // A service is a definition of its own, closed like the loader's allow_only.
  EXPECT_EQ(s["properties"]["services"]["items"]["$ref"], "#/$defs/service");
  EXPECT_EQ(s["$defs"]["service"]["additionalProperties"], false);
}

TEST(JsonSchema, RangesDefaultsAndDescriptionsComeFromTheDescription) {
  const Json s = json_schema(Format::Scenario);
  const Json& duration = s["properties"]["duration_s"];
  EXPECT_EQ(duration["type"], "number");
  EXPECT_EQ(duration["exclusiveMinimum"], 0.0);
  EXPECT_EQ(duration["maximum"], 2592000.0);
  EXPECT_FALSE(duration.contains("minimum"));
  const Json& slo = s["$defs"]["slo"]["properties"];
  EXPECT_EQ(slo["max_error_ratio"]["default"], 0.01);
  EXPECT_EQ(slo["max_error_ratio"]["minimum"], 0.0);
  EXPECT_EQ(slo["max_error_ratio"]["maximum"], 1.0);
  EXPECT_EQ(slo["max_error_ratio"]["description"], "errors / requests must not exceed it (ratio); [0, 1]");
  const Json& replicas = s["$defs"]["version"]["properties"]["replicas"];
  EXPECT_EQ(replicas["type"], "integer");
  EXPECT_EQ(replicas["maximum"], 1000.0);
  EXPECT_EQ(s["$defs"]["service"]["properties"]["routing"]["enum"], Json::parse(R"(["weights", "pods"])"));
}

TEST(JsonSchema, ATaggedObjectTakesItsCommonKeysAndThoseOfItsKindOnly) {
  const Json s = json_schema(Format::Scenario);
  const Json& fault = s["$defs"]["fault"];
  EXPECT_EQ(fault["required"], Json::parse(R"(["kind", "service", "at_s"])"));
  const Json* crash_loop = nullptr;
  for (const auto& rule : fault["allOf"]) {
    if (rule["if"]["properties"]["kind"]["const"] == "crash_loop") crash_loop = &rule;
  }
  ASSERT_NE(crash_loop, nullptr);
  EXPECT_EQ((*crash_loop)["if"]["required"], Json::parse(R"(["kind"])"));
  EXPECT_EQ((*crash_loop)["then"]["propertyNames"]["enum"],
            Json::parse(R"(["kind", "service", "at_s", "duration_s", "version", "crash_after_s"])"));
  EXPECT_EQ((*crash_loop)["then"]["properties"]["crash_after_s"]["default"], 30.0);
  // A duration is a number or a distribution object.
  const Json& distribution = s["$defs"]["distribution"];
  ASSERT_EQ(distribution["anyOf"].size(), 2u);
  EXPECT_EQ(distribution["anyOf"][0]["minimum"], 0.0);
  EXPECT_EQ(distribution["anyOf"][1]["$ref"], "#/$defs/distribution-object");
}

TEST(JsonSchema, KeysThatExcludeEachOther) {
  const Json s = json_schema(Format::Scenario);
  EXPECT_EQ(s["allOf"][0], Json::parse(R"({"not": {"required": ["alert", "alerts"]}})"));
  const Json plan = json_schema(Format::Plan);
  EXPECT_EQ(plan["$id"], "https://drillsim.dev/schema/plan.schema.json");
  EXPECT_EQ(plan["allOf"][0],
            Json::parse(R"({"oneOf": [{"required": ["steps"]}, {"required": ["levels"]}]})"));
  const Json& alert = s["$defs"]["alert"];
  EXPECT_EQ(alert["allOf"][0], Json::parse(R"({"not": {"required": ["window", "window_s"]}})"));
  EXPECT_EQ(alert["properties"]["window_s"]["default"], 300.0);
  EXPECT_FALSE(alert["properties"]["window"].contains("default"));
}

TEST(JsonSchema, TheReportIsOpenForReadersThatSkipNewKeys) {
  const Json s = json_schema(Format::Report);
  EXPECT_FALSE(s.contains("additionalProperties"));
  EXPECT_EQ(s["properties"]["incidents"]["items"]["$ref"], "#/$defs/incident");
  EXPECT_EQ(s["$defs"]["incident-metrics"]["properties"]["time_to_restore_s"]["type"],
            Json::parse(R"(["number", "null"])"));
}

TEST(JsonSchema, TheReportDescribesItsNestedObjectsFieldByField) {
  const Json s = json_schema(Format::Report);
  // Every instant of the model's timeline, each a number of seconds or null.
  const Json& instants = s["$defs"]["instants"]["properties"];
  ASSERT_EQ(instants.size(), model::kInstants.size());
  for (const auto instant : model::kInstants) {
    ASSERT_TRUE(instants.contains(model::to_string(instant))) << model::to_string(instant);
    EXPECT_EQ(instants[model::to_string(instant)]["type"], Json::parse(R"(["number", "null"])"));
  }
  // A series' arrays, its whole-drill latency and (schema version 2) its detail windows.
  const Json& series = s["$defs"]["series"]["properties"];
  EXPECT_EQ(series["p95_s"]["items"]["type"], Json::parse(R"(["number", "null"])"));
  EXPECT_EQ(series["ready"]["items"]["type"], "integer");
  EXPECT_EQ(series["latency"]["$ref"], "#/$defs/whole-drill-latency");
  EXPECT_EQ(series["detail"]["items"]["$ref"], "#/$defs/detail-window");
  EXPECT_EQ(s["$defs"]["detail-window"]["required"][0], "t0_s");
  // The store's RPO verdict is null when no objective names its service, and says so.
  const Json& rpo_met = s["$defs"]["store-result"]["properties"]["rpo_met"];
  EXPECT_EQ(rpo_met["type"], Json::parse(R"(["boolean", "null"])"));
  EXPECT_NE(rpo_met["description"].get<std::string>().find("null: no objective names the service"),
            std::string::npos);
  // Keys a reader does not require are described, not required.
  const Json& signal = s["$defs"]["signal"];
  EXPECT_TRUE(signal["properties"].contains("alerts"));
  EXPECT_EQ(std::count(signal["required"].begin(), signal["required"].end(), "alerts"), 0);
  EXPECT_EQ(s["$defs"]["step-result"]["properties"]["status"]["enum"],
            Json::parse(R"(["completed", "failed", "not_run", "interrupted"])"));
}

TEST(DocTables, AnOutputFormatsTableSaysWhenAValueIsNull) {
  const std::string text = doc_tables(Format::Report);
  EXPECT_NE(text.find("<!-- fields: report level-result (generated by `drillsim schema report --doc-tables`) "
                      "-->\n| key | type | unit | meaning | null when |\n"),
            std::string::npos);
  EXPECT_NE(text.find("| `elapsed_s` | number or null | s | `end_s - start_s` | either is null |\n"),
            std::string::npos);
  EXPECT_NE(text.find("| `decision` | decision taken or null |  | the decision taken | no decision was taken |\n"),
            std::string::npos);
}

TEST(DocTables, OneTablePerObjectBetweenMarkers) {
  const std::string text = doc_tables(Format::Plan);
  EXPECT_EQ(text.rfind("<!-- fields: plan top-level (generated by `drillsim schema plan --doc-tables`) -->\n"
                       "| key | type | unit | default | valid values |\n|---|---|---|---|---|\n",
                       0),
            0u);
  EXPECT_NE(
      text.find("| `retries` | integer | attempts | `0` | [0, 2147483647]: further attempts after a failed "
                "one |\n"),
      std::string::npos);
  EXPECT_NE(text.find("| `\"verify\"` | `window_s` | number | s | `60` | > 0: within SLO over this trailing "
                      "window -> pass |\n"),
            std::string::npos);
  EXPECT_NE(text.find("<!-- fields: plan level "), std::string::npos);
  EXPECT_NE(text.find("<!-- end fields -->\n"), std::string::npos);
}

}  // namespace
}  // namespace drillsim::schema
