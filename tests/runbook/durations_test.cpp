#include "runbook/durations.hpp"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace drillsim::runbook {
namespace {

using Form = DurationMention::Form;
using Role = DurationMention::Role;

// The only mention in `text`; fails the test when there is not exactly one.
DurationMention only(std::string_view text) {
  const auto found = find_durations(text);
  EXPECT_EQ(found.size(), 1u) << "in: " << text;
  if (found.size() != 1) return {};
  return found[0];
}

struct Expected {
  std::string text;     // The input.
  std::string mention;  // The mention's text.
  double min_s;
  double max_s;
  Form form;
  Role role;
};

void expect_each(const std::vector<Expected>& cases) {
  for (const Expected& e : cases) {
    SCOPED_TRACE(e.text);
    const DurationMention m = only(e.text);
    EXPECT_EQ(m.text, e.mention);
    EXPECT_DOUBLE_EQ(m.min_s, e.min_s);
    EXPECT_DOUBLE_EQ(m.max_s, e.max_s);
    EXPECT_STREQ(to_string(m.form), to_string(e.form));
    EXPECT_STREQ(to_string(m.role), to_string(e.role));
    EXPECT_EQ(e.text.substr(m.begin, m.end - m.begin), m.text);
  }
}

TEST(Durations, UpperBounds) {
  expect_each({
      {"Rollback completes in < 5 minutes", "< 5 minutes", 0, 300, Form::UpperBound, Role::Unknown},
      {"done <5 min", "<5 min", 0, 300, Form::UpperBound, Role::Unknown},
      {"done \xE2\x89\xA4 5 minutes", "\xE2\x89\xA4 5 minutes", 0, 300, Form::UpperBound, Role::Unknown},
      {"usually under 5 minutes", "under 5 minutes", 0, 300, Form::UpperBound, Role::Unknown},
      {"can take up to 5 min", "up to 5 min", 0, 300, Form::UpperBound, Role::Step},
      {"max 5m", "max 5m", 0, 300, Form::UpperBound, Role::Unknown},
      {"at most 2 hours", "at most 2 hours", 0, 7200, Form::UpperBound, Role::Unknown},
      {"no more than 10 minutes", "no more than 10 minutes", 0, 600, Form::UpperBound, Role::Unknown},
      {"less than 30 seconds", "less than 30 seconds", 0, 30, Form::UpperBound, Role::Unknown},
      {"html &lt; 5 min", "&lt; 5 min", 0, 300, Form::UpperBound, Role::Unknown},
  });
}

TEST(Durations, Ranges) {
  expect_each({
      {"Step 2: Rollback Application (1-3 minutes)", "1-3 minutes", 60, 180, Form::Range, Role::Step},
      {"takes 1 - 3 min", "1 - 3 min", 60, 180, Form::Range, Role::Step},
      {"about ~2-3 min", "~2-3 min", 120, 180, Form::Range, Role::Unknown},
      {"5\xE2\x80\x93"
       "10 minutes",
       "5\xE2\x80\x93"
       "10 minutes",
       300, 600, Form::Range, Role::Unknown},
      {"5 \xE2\x80\x94 10 minutes", "5 \xE2\x80\x94 10 minutes", 300, 600, Form::Range, Role::Unknown},
      {"2 to 4 hours", "2 to 4 hours", 7200, 14400, Form::Range, Role::Unknown},
      {"between 2 and 4 hours", "between 2 and 4 hours", 7200, 14400, Form::Range, Role::Unknown},
      {"Step 1: Stop Deployment (0-1 minute)", "0-1 minute", 0, 60, Form::Range, Role::Step},
      {"Short-Term Actions (30min - 4 hours)", "30min - 4 hours", 1800, 14400, Form::Range, Role::Unknown},
      {"**Time to Complete:** 5-30 minutes", "5-30 minutes", 300, 1800, Form::Range, Role::Step},
      {"two to three minutes", "two to three minutes", 120, 180, Form::Range, Role::Unknown},
      {"Soak period: 24-48 hours", "24-48 hours", 86400, 172800, Form::Range, Role::Window},
  });
}

TEST(Durations, Points) {
  expect_each({
      {"5 minutes", "5 minutes", 300, 300, Form::Point, Role::Unknown},
      {"30 seconds", "30 seconds", 30, 30, Form::Point, Role::Unknown},
      {"30s", "30s", 30, 30, Form::Point, Role::Unknown},
      {"90 sec", "90 sec", 90, 90, Form::Point, Role::Unknown},
      {"2 hrs", "2 hrs", 7200, 7200, Form::Point, Role::Unknown},
      {"1.5 hours", "1.5 hours", 5400, 5400, Form::Point, Role::Unknown},
      {"1h30m", "1h30m", 5400, 5400, Form::Point, Role::Unknown},
      {"1h 30m", "1h 30m", 5400, 5400, Form::Point, Role::Unknown},
      {"1 hour 30 minutes", "1 hour 30 minutes", 5400, 5400, Form::Point, Role::Unknown},
      {"2 hours and 15 minutes", "2 hours and 15 minutes", 8100, 8100, Form::Point, Role::Unknown},
      {"250ms", "250ms", 0.25, 0.25, Form::Point, Role::Unknown},
      {"3 days", "3 days", 259200, 259200, Form::Point, Role::Unknown},
      {"2d", "2d", 172800, 172800, Form::Point, Role::Unknown},
      {"1 week", "1 week", 604800, 604800, Form::Point, Role::Unknown},
      {"2w", "2w", 1209600, 1209600, Form::Point, Role::Unknown},
      {"a 5-minute pause", "5-minute", 300, 300, Form::Point, Role::Unknown},
      {"an hour", "an hour", 3600, 3600, Form::Point, Role::Unknown},
      {"half an hour", "half an hour", 1800, 1800, Form::Point, Role::Unknown},
      {"ten minutes", "ten minutes", 600, 600, Form::Point, Role::Unknown},
      {"5 Minutes", "5 Minutes", 300, 300, Form::Point, Role::Unknown},
  });
}

TEST(Durations, Approximate) {
  expect_each({
      {"~2 minutes", "~2 minutes", 120, 120, Form::Approximate, Role::Unknown},
      {"about 5 minutes", "about 5 minutes", 300, 300, Form::Approximate, Role::Unknown},
      {"approx. 10 min", "approx. 10 min", 600, 600, Form::Approximate, Role::Unknown},
      {"approximately 3 hours", "approximately 3 hours", 10800, 10800, Form::Approximate, Role::Unknown},
      {"around 90s", "around 90s", 90, 90, Form::Approximate, Role::Unknown},
      {"\xE2\x89\x88 4 min", "\xE2\x89\x88 4 min", 240, 240, Form::Approximate, Role::Unknown},
      {"**Time**: ~2 minutes", "~2 minutes", 120, 120, Form::Approximate, Role::Unknown},
  });
}

TEST(Durations, Offsets) {
  expect_each({
      {"T+3.5 hours", "T+3.5 hours", 12600, 12600, Form::Offset, Role::Unknown},
      {"T+30m", "T+30m", 1800, 1800, Form::Offset, Role::Unknown},
      {"T+0", "T+0", 0, 0, Form::Offset, Role::Unknown},
      {"at T + 1h30m", "T + 1h30m", 5400, 5400, Form::Offset, Role::Unknown},
      {"rolled back by T+2h", "T+2h", 7200, 7200, Form::Offset, Role::Deadline},
  });
}

TEST(Durations, ClocksOnlyWhereTheyAreDurations) {
  expect_each({
      {"Duration: 2:30", "2:30", 150, 150, Form::Point, Role::Step},
      {"Restore (2:30)", "2:30", 150, 150, Form::Point, Role::Unknown},
      {"The restore took 1:05:00.", "1:05:00", 3900, 3900, Form::Point, Role::Step},
  });
  for (const char* text : {"at 14:30 UTC", "- 10:15 - Issue detected", "Deploy window 09:00-17:00",
                           "(14:30 UTC)", "Duration: 10:00 PM", "ratio 3:1", "ports 9090:9090",
                           "starts at 2:30", "Duration: 2:75", "Duration: 1:30:00:00"}) {
    EXPECT_TRUE(find_durations(text).empty()) << text;
  }
}

TEST(Durations, Roles) {
  expect_each({
      {"Time to Complete: 5 minutes", "5 minutes", 300, 300, Form::Point, Role::Step},
      {"Duration: 10 min", "10 min", 600, 600, Form::Point, Role::Step},
      {"this step takes 2 min", "2 min", 120, 120, Form::Point, Role::Step},
      {"ETA: 10 minutes", "10 minutes", 600, 600, Form::Point, Role::Step},
      {"Expected Duration: 15 minutes", "15 minutes", 900, 900, Form::Point, Role::Step},
      {"### Step 8: Declare All Clear (15 minutes)", "15 minutes", 900, 900, Form::Point, Role::Step},
      {"Step 3: Monitor Rollback (5 minutes)", "5 minutes", 300, 300, Form::Point, Role::Step},
      {"wait for 2 minutes", "2 minutes", 120, 120, Form::Point, Role::Step},

      {"**Target Time**: < 5 minutes", "< 5 minutes", 0, 300, Form::UpperBound, Role::Budget},
      {"Target: Total time < 15 minutes", "< 15 minutes", 0, 900, Form::UpperBound, Role::Budget},
      {"RTO: 15 min", "15 min", 900, 900, Form::Point, Role::Budget},
      {"RPO 1 min", "1 min", 60, 60, Form::Point, Role::Budget},
      {"our budget is 20 minutes", "20 minutes", 1200, 1200, Form::Point, Role::Budget},
      {"SLO: 30 minutes", "30 minutes", 1800, 1800, Form::Point, Role::Budget},
      {"### Level 1: Feature Flag Rollback (< 1 minute)", "< 1 minute", 0, 60, Form::UpperBound,
       Role::Budget},
      {"### Type 2: Application-Only (2-5 minutes)", "2-5 minutes", 120, 300, Form::Range, Role::Budget},
      {"a 30 minute RTO", "30 minute", 1800, 1800, Form::Point, Role::Budget},

      {"Error rate > 5% for 5 minutes", "5 minutes", 300, 300, Form::Point, Role::Window},
      {"> 10% for 10 minutes", "10 minutes", 600, 600, Form::Point, Role::Window},
      {"Monitor for 30 minutes", "30 minutes", 1800, 1800, Form::Point, Role::Window},
      {"watch for 10 min", "10 min", 600, 600, Form::Point, Role::Window},
      {"observe for 15 minutes", "15 minutes", 900, 900, Form::Point, Role::Window},
      {"Monitor canary for 30 minutes", "30 minutes", 1800, 1800, Form::Point, Role::Window},
      {"error count above 10 over 5 minutes", "5 minutes", 300, 300, Form::Point, Role::Window},
      {"OOMKilled > 3 pods in 5 minutes", "5 minutes", 300, 300, Form::Point, Role::Window},
      {"health check fails for 2 minutes", "2 minutes", 120, 120, Form::Point, Role::Window},
      {"errors over the last 10 minutes", "10 minutes", 600, 600, Form::Point, Role::Window},
      {"a 5-minute window", "5-minute", 300, 300, Form::Point, Role::Window},

      {"Rollback within 5 minutes of detection", "5 minutes", 300, 300, Form::Point, Role::Deadline},
      {"(within 48 hours)", "48 hours", 172800, 172800, Form::Point, Role::Deadline},
      {"no later than 30 minutes after paging", "30 minutes", 1800, 1800, Form::Point, Role::Deadline},
      {"deadline: 2 hours", "2 hours", 7200, 7200, Form::Point, Role::Deadline},
      {"1. **Level 1**: On-call engineer (respond: 5 min)", "5 min", 300, 300, Form::Point, Role::Deadline},
      // An offset from an instant is a point in time, not how long the step takes.
      {"Restore to one minute before the bad release", "one minute", 60, 60, Form::Point, Role::Deadline},
      {"the rows as they were 10 minutes ago", "10 minutes", 600, 600, Form::Point, Role::Deadline},
      {"Wait 5 minutes before checking the pods", "5 minutes", 300, 300, Form::Point, Role::Step},

      {"kubectl rollout status deploy/api --timeout=5m", "5m", 300, 300, Form::Point, Role::Timeout},
      {"timeout: 30s", "30s", 30, 30, Form::Point, Role::Timeout},
      {"timeout 30s", "30s", 30, 30, Form::Point, Role::Timeout},
      {"argo --wait-timeout=90s", "90s", 90, 90, Form::Point, Role::Timeout},
      {"with a 30s timeout", "30s", 30, 30, Form::Point, Role::Timeout},
      {"kubectl wait --for=condition=ready pod -l app=x --timeout=2m", "2m", 120, 120, Form::Point,
       Role::Timeout},

      {"backups every 6 hours", "6 hours", 21600, 21600, Form::Point, Role::Frequency},
      {"each 15 minutes", "15 minutes", 900, 900, Form::Point, Role::Frequency},
      {"retention: 30 days", "30 days", 2592000, 2592000, Form::Point, Role::Frequency},
      {"daily backups", "daily", 86400, 86400, Form::Point, Role::Frequency},
      {"**Frequency**: Monthly", "Monthly", 2592000, 2592000, Form::Point, Role::Frequency},
      {"hourly snapshots", "hourly", 3600, 3600, Form::Point, Role::Frequency},
      {"one snapshot per day", "day", 86400, 86400, Form::Point, Role::Frequency},
  });
}

TEST(Durations, SeveralInOneLineKeepTheirOwnRoles) {
  const auto found = find_durations(
      "**Target Time**: < 5 minutes for application rollback, < 15 minutes with database restore");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].role, Role::Budget);
  EXPECT_EQ(found[1].role, Role::Budget);
  EXPECT_EQ(found[1].max_s, 900);

  const auto trigger = find_durations("Response time > 5s (p95) for 5 minutes");
  ASSERT_EQ(trigger.size(), 2u);
  EXPECT_EQ(trigger[0].text, "5s");
  EXPECT_EQ(trigger[0].role, Role::Unknown);  // A latency threshold, not a time span of the drill.
  EXPECT_EQ(trigger[1].role, Role::Window);

  const auto cells = find_durations("| Core API | 5 min | 1 min | Critical |");
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[0].max_s, 300);
  EXPECT_EQ(cells[1].max_s, 60);
}

TEST(Durations, ThingsThatAreNotDurations) {
  for (const char* text : {
           "v1.2.3",
           "version 1.2.3",
           "image:v1.1.5",
           "Error rate > 10%",
           "Error rate 1-5%",
           "80%+ test coverage",
           "a 3:1 ratio",
           "memory: 512Mi",
           "disk 10GB",
           "cpu: 500m",
           "port 5432",
           "db-host:5432/catalytic_saas",
           "kubectl port-forward svc/prometheus 9090:9090",
           "2025-10-06",
           "Last Updated: January 12, 2026",
           "npm run db:restore -- --backup=prod-2024-01-15",
           "npm run db:rollback -- --to=20240101120000",
           "p95 latency",
           "3 pods",
           "24/7",
           "Health check failures > 3 consecutive",
           "(10x normal)",
           "Level 3-5",
           "Steps 1-6 outputs",
           "spike in HTTP 500s",
           "--replicas=3",
           "python manage.py migrate clients 0042_previous_migration",
           "- 10:00 - Deployment started",
           "Section 11.4",
           "a second engineer",
           "x86_64 build 5m3",
           "Phone: +91-XXX",
           "1,000 requests",
           "2nd attempt",
           "4xx errors",
       }) {
    const auto found = find_durations(text);
    EXPECT_TRUE(found.empty()) << text << " -> " << (found.empty() ? "" : found[0].text);
  }
}

TEST(Durations, OffsetsAreBytesOfTheInput) {
  const std::string text = "Step 2 (1-3 minutes), then \xE2\x89\xA4 5 min; T+30m";
  const auto found = find_durations(text);
  ASSERT_EQ(found.size(), 3u);
  for (const auto& m : found)
    EXPECT_EQ(text.substr(m.begin, m.end - m.begin), m.text);
  EXPECT_EQ(found[0].begin, 8u);
  EXPECT_EQ(found[2].text, "T+30m");
}

TEST(Durations, MojibakeAndBinaryDoNotConfuseTheScanner) {
  // As the seeds have them: arrows and emoji decoded as Latin-1 or Mac Roman.
  const auto found =
      find_durations("Rollback \xC3\xA2\xE2\x80\xA0\xE2\x80\x99 5 minutes \xE2\x80\x9A\xC3\xBA\xC3\xA5 ok");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].max_s, 300);
  const std::string with_nul("a\0 5 min\0", 9);
  EXPECT_EQ(find_durations(with_nul).size(), 1u);
  EXPECT_TRUE(find_durations("").empty());
  EXPECT_TRUE(find_durations("T+").empty());
  EXPECT_TRUE(find_durations("5").empty());
  EXPECT_TRUE(find_durations("Duration: 2:").empty());
}

TEST(Durations, LargeAndRandomInputsTakeLinearTime) {
  std::mt19937 rng(42);
  std::string random(1 << 20, '\0');
  for (char& c : random)
    c = static_cast<char>(rng() & 0xFF);
  const std::string digits(10 << 20, '7');
  std::string dashes;
  dashes.reserve(10 << 20);
  while (dashes.size() < (10u << 20))
    dashes += "1-2-3 - 4:5:6:";
  std::string units;
  units.reserve(1 << 20);
  while (units.size() < (1u << 20))
    units += "5 min - ~3 ";

  // No timing here (shared, noisy machines): a quadratic scan would blow ctest's timeout instead.
  find_durations(random);
  EXPECT_TRUE(find_durations(digits).empty());
  find_durations(dashes);
  EXPECT_FALSE(find_durations(units).empty());
}

}  // namespace
}  // namespace drillsim::runbook
