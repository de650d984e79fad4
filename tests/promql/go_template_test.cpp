#include "promql/go_template.hpp"

#include <gtest/gtest.h>

namespace drillsim::promql {
namespace {

std::string run(const std::string& text, double value = 0, Labels labels = {}) {
  TemplateData data;
  data.labels = std::move(labels);
  data.value = value;
  return GoTemplate(text).expand(data);
}

TEST(GoTemplate, HumanizeFamilyAsPrometheus) {
  // template.go: divide by 1000 (1024) while |v| >= 1000 (1024); multiply by 1000 below 1; %.4g.
  EXPECT_EQ(humanize(1234567), "1.235M");
  EXPECT_EQ(humanize(0.000123), "123u");
  EXPECT_EQ(humanize(0), "0");
  EXPECT_EQ(humanize(999), "999");
  EXPECT_EQ(humanize1024(2048), "2ki");
  EXPECT_EQ(humanize1024(1), "1");  // |v| <= 1 is printed as is
  EXPECT_EQ(humanize_duration(90061), "1d 1h 1m 1s");
  EXPECT_EQ(humanize_duration(0.0123), "12.3ms");
  EXPECT_EQ(humanize_duration(0), "0s");
  EXPECT_EQ(humanize_duration(59.5), "59.5s");
  EXPECT_EQ(humanize_percentage(0.123456), "12.35%");
  EXPECT_EQ(go_format_g4(1.0 / 0.0), "+Inf");
}

TEST(GoTemplate, ActionsPipelinesAndControl) {
  const Labels l = {{"instance", "h:9100"}, {"job", "api"}};
  EXPECT_EQ(run("{{ $labels.job }}/{{ .Labels.instance }} {{ $value }}", 0.25, l), "api/h:9100 0.25");
  EXPECT_EQ(run("{{ $value | printf \"%.1f\" }}", 2.25), "2.2");  // %f rounds half to even on exact binary
  EXPECT_EQ(run("{{ if gt $value 1.0 }}big{{ else if gt $value 0.5 }}mid{{ else }}small{{ end }}", 0.7),
            "mid");
  EXPECT_EQ(run("a  {{- \" b \" -}}  c"), "a b c");
  EXPECT_EQ(run("{{ range $k, $v := $labels }}{{ $k }}{{ end }}", 0, {{"z", "1"}, {"a", "2"}}), "az");
  EXPECT_EQ(run("{{ with $labels.none }}x{{ else }}empty{{ end }}"), "empty");
  EXPECT_EQ(run("{{ $labels }}", 0, l), "map[instance:h:9100 job:api]");
  EXPECT_EQ(run("{{ reReplaceAll \"a|\" \"-\" \"bab\" }}"),
            "-b-b-");  // Go: no empty match right after a match
  EXPECT_EQ(run("{{/* note */}}{{ title \"ab cd\" }}"), "Ab Cd");
}

TEST(GoTemplate, RunTimeErrorsBecomePrometheusErrorText) {
  // gt of a float64 and an int constant: Go refuses to compare different kinds.
  EXPECT_EQ(run("{{ if gt $value 0 }}x{{ end }}", 1).rfind("<error expanding template: ", 0), 0u);
  EXPECT_EQ(run("{{ printf \"%d\" $value }}", 1.5), "%!d(float64=1.5)");
}

TEST(GoTemplate, ParseErrorsAndUnsupportedFeaturesAreTold) {
  try {
    GoTemplate("{{ nosuch 1 }}");
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_FALSE(e.unsupported());
  }
  try {
    GoTemplate("{{ if 1 }}");
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_FALSE(e.unsupported());
  }
  try {
    GoTemplate("{{ template \"x\" }}");
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_TRUE(e.unsupported());
  }
}

}  // namespace
}  // namespace drillsim::promql
