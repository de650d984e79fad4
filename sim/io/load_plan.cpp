// The plan (docs/plan-format.md): its levels and steps, each action's keys, and the rules across steps
// and levels. Steps are read in file order, level by level; the rules that need every level (where an
// escalation goes, and whether escalations go round in a cycle) are checked once all are read.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/json_reader.hpp"
#include "io/scenario_reading.hpp"
#include "schema/description.hpp"

namespace drillsim::io::detail {

namespace {

constexpr const char* kStepsExpected = "a non-empty array of step objects";

// A step with on_failure "escalate": from `level` to the level named `target` (empty: the next one).
// `where` is the field that says so: escalate_to, or on_failure when escalate_to is absent.
struct Escalation {
  std::size_t level = 0;
  std::string target;
  JsonReader where;
};

}  // namespace

struct ScenarioReader::PlanState {
  std::vector<std::pair<std::string, std::string>> step_names;  // Name, pointer of the step.
  // Ordering constraints: (level, index in level, the "requires" element) per required name.
  struct Requirement {
    std::size_t level;
    std::size_t index;
    std::string step;
    JsonReader where;
  };
  std::vector<Requirement> requirements;
  std::vector<std::string> skipped;  // Steps whose "when" the scenario does not enable: left out.
  std::size_t requirement_level = 0;
  std::size_t index_in_level = 0;
  std::vector<Escalation> escalations;
  // Parallel groups of the current level: the one the last step belongs to, and those already closed.
  std::size_t group_level = 0;
  std::string open_group;
  std::vector<std::string> closed_groups;
};

namespace {

using PlanState = ScenarioReader::PlanState;

constexpr const char* kAllSkipped =
    "every step has a \"when\" that the scenario's \"conditions\" do not list: the level would have no "
    "step; list one of them in \"conditions\", or make a step unconditional";

static bool is_skipped(const JsonReader& step, const PlanState& state) {
  if (!step.json().is_object() || !step.has("when") || !step.has("name")) return false;
  const std::string name = step.string("name", true);
  return std::find(state.skipped.begin(), state.skipped.end(), name) != state.skipped.end();
}

// Every required step exists and can run before the step that requires it: not later in the same
// level, not in the same parallel group, and no chain of requirements leads back to where it started.
void check_requirements(const model::PlanSpec& plan, const PlanState& state) {
  struct Place {
    std::size_t level, index;
    const model::StepSpec* step;
  };
  std::vector<Place> places;
  std::vector<std::string_view> names;
  for (std::size_t l = 0; l < plan.levels.size(); ++l) {
    for (std::size_t i = 0; i < plan.levels[l].steps.size(); ++i) {
      places.push_back({l, i, &plan.levels[l].steps[i]});
      names.push_back(plan.levels[l].steps[i].name);
    }
  }
  const auto index_of = [&](std::string_view name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  // Per step (as `places`): its requirements as (required step, the "requires" element).
  std::vector<std::vector<std::pair<std::size_t, const JsonReader*>>> edges(places.size());
  for (const auto& requirement : state.requirements) {
    const model::StepSpec& step = plan.levels[requirement.level].steps[requirement.index];
    const std::size_t target = index_of(requirement.step);
    if (target == places.size()) {
      std::string problem = "unknown step " + describe_found(requirement.where.json()) + "; ";
      if (const auto suggestion = unambiguous_match(requirement.step, names)) {
        problem += "did you mean \"" + std::string(*suggestion) + "\"? ";
      }
      requirement.where.fail(problem + "a step may require any step of the plan by its name");
    }
    const Place& required = places[target];
    if (required.step == &step) requirement.where.fail("a step cannot require itself");
    if (required.level == requirement.level) {
      if (!step.group.empty() && required.step->group == step.group) {
        requirement.where.fail("\"" + required.step->name + "\" runs in parallel with \"" + step.name +
                               "\" (group \"" + step.group + "\"): it cannot have completed before");
      }
      if (required.index > requirement.index) {
        requirement.where.fail("\"" + required.step->name + "\" comes after \"" + step.name +
                               "\" in its level: the plan would block there every time; move it before");
      }
    }
    edges[index_of(step.name)].emplace_back(target, &requirement.where);
  }
  // Requirements across levels can still go round in a cycle.
  find_cycle(edges, [&](const std::vector<std::size_t>& cycle, const JsonReader* where) {
    where->fail("ordering cycle: " + describe_cycle(cycle, [&](std::size_t k) { return names[k]; }) +
                " (each requires the next): none of them could ever run");
  });
}

// Every escalation goes to a level that exists, and no chain of escalations leads back to a level it
// left (the plan could go round for ever). `has_levels`: the plan is written with "levels".
void check_escalations(const model::PlanSpec& plan, bool has_levels, const PlanState& state) {
  std::vector<std::string> names;
  std::vector<std::string_view> name_views;
  for (const auto& level : plan.levels)
    names.push_back(level.name);
  for (const auto& name : names)
    name_views.push_back(name);

  // Per level, in step order: (target level, the escalation).
  std::vector<std::vector<std::pair<std::size_t, const Escalation*>>> edges(plan.levels.size());
  for (const auto& escalation : state.escalations) {
    std::size_t target = escalation.level + 1;
    if (!escalation.target.empty()) {
      const std::string unknown = "unknown level " + describe_found(escalation.where.json()) + "; ";
      if (!has_levels) {
        escalation.where.fail(unknown +
                              "this plan is written with \"steps\" and has no named levels; write "
                              "\"levels\" to escalate");
      }
      const auto found = std::find(names.begin(), names.end(), escalation.target);
      if (found == names.end()) {
        std::string problem = unknown;
        if (const auto suggestion = unambiguous_match(escalation.target, name_views)) {
          problem += "did you mean \"" + std::string(*suggestion) + "\"? ";
        }
        escalation.where.fail(problem + "levels are: " + join(names));
      }
      target = static_cast<std::size_t>(found - names.begin());
    } else if (target >= plan.levels.size()) {
      if (!has_levels) {
        escalation.where.fail(
            "no level to escalate to: a plan written with \"steps\" has a single level; write \"levels\" "
            "to escalate");
      }
      escalation.where.fail("no level after \"" + names[escalation.level] +
                            "\" to escalate to; name a level with escalate_to, or choose another on_failure");
    }
    edges[escalation.level].emplace_back(target, &escalation);
  }

  find_cycle(edges, [&](const std::vector<std::size_t>& cycle, const Escalation* escalation) {
    escalation->where.fail(
        "escalation cycle: " + describe_cycle(cycle, [&](std::size_t l) { return names[l]; }) +
        "; a level must not escalate back to itself, directly or through other levels");
  });
}

}  // namespace

model::PlanSpec ScenarioReader::read_plan(const JsonReader& r) const {
  r.expect_object("a plan object");
  // A plan file (the whole document) may name its JSON Schema, as a scenario may; an inline plan not.
  if (r.pointer().empty()) {
    r.allow_only({"$schema", "name", "steps", "levels"});
    if (const auto schema_uri = r.find("$schema")) schema_uri->as_string();
  } else {
    r.allow_only({"name", "steps", "levels"});
  }
  model::PlanSpec plan;
  plan.name = r.string("name", true);
  const auto steps = r.find("steps");
  const auto levels = r.find("levels");
  if (steps && levels) {
    r.fail("a plan takes \"steps\" or \"levels\", not both: with levels, each level holds its own steps");
  }
  if (!steps && !levels) {
    r.fail(
        "missing \"steps\" or \"levels\": a plan needs one of them (a list of steps, or a list of "
        "levels that each hold steps)");
  }
  PlanState state;
  // Steps with a "when" that the scenario's "conditions" do not list are left out of the plan before
  // anything else is checked (they may name a flag or a store this scenario does not have).
  const auto collect_skipped = [&](const JsonReader& list) {
    if (!list.json().is_array()) return;
    for (const auto& step : list.as_array(kStepsExpected)) {
      if (!step.json().is_object() || !step.has("when")) continue;
      const std::string when = step.string("when", true);
      if (std::find(conditions_.begin(), conditions_.end(), when) == conditions_.end() && step.has("name"))
        state.skipped.push_back(step.string("name", true));
    }
  };
  if (steps) collect_skipped(*steps);
  if (levels && levels->json().is_array()) {
    for (const auto& level : levels->as_array("a non-empty array of level objects")) {
      if (level.json().is_object() && level.has("steps")) collect_skipped(level.at("steps", kStepsExpected));
    }
  }
  if (steps) {
    model::LevelSpec level;  // One level, no name, no claim.
    for (const auto& step : steps->as_array(kStepsExpected, true)) {
      if (!is_skipped(step, state)) level.steps.push_back(read_plan_step(step, 0, state));
    }
    if (level.steps.empty()) steps->fail(kAllSkipped);
    plan.levels.push_back(std::move(level));
  } else {
    const char* levels_expected = "a non-empty array of level objects";
    const auto level_readers = levels->as_array(levels_expected, true);
    for (std::size_t i = 0; i < level_readers.size(); ++i) {
      plan.levels.push_back(read_level(level_readers[i], i, state));
      const std::string& name = plan.levels.back().name;
      for (std::size_t j = 0; j < i; ++j) {
        if (plan.levels[j].name == name) {
          level_readers[i]
              .at("name", "a non-empty string")
              .fail("duplicate level name \"" + name + "\" (already used by " + level_readers[j].pointer() +
                    ")");
        }
      }
    }
  }
  check_escalations(plan, levels.has_value(), state);
  check_requirements(plan, state);
  return plan;
}

model::LevelSpec ScenarioReader::read_level(const JsonReader& r, std::size_t index, PlanState& state) const {
  r.expect_object("a level object {\"name\": \"...\", \"claim_s\": t, \"steps\": [...]}");
  r.allow_only({"name", "claim_s", "steps"});
  model::LevelSpec level;
  level.name = r.string("name", true);
  if (const auto claim = r.find("claim_s")) level.claim_s = claim->as_number(Range::greater_than(0.0));
  const JsonReader steps = r.at("steps", kStepsExpected);
  if (steps.json().is_array() && steps.json().empty())
    steps.fail("a level needs at least one step, found []");
  for (const auto& step : steps.as_array(kStepsExpected, true)) {
    if (!is_skipped(step, state)) level.steps.push_back(read_plan_step(step, index, state));
  }
  if (level.steps.empty()) steps.fail(kAllSkipped);
  return level;
}

// A step of level `level`, with the checks across steps: a unique name, and its escalation noted.
model::StepSpec ScenarioReader::read_plan_step(const JsonReader& r, std::size_t level,
                                               PlanState& state) const {
  model::StepSpec step = read_step(r);
  if (level != state.requirement_level) {
    state.requirement_level = level;
    state.index_in_level = 0;
  }
  if (const auto requires_field = r.find("requires")) {
    const char* expected = "an array of step names";
    for (const auto& element : requires_field->as_array(expected)) {
      // A required step left out by its condition is no constraint.
      if (element.json().is_string() &&
          std::find(state.skipped.begin(), state.skipped.end(), element.as_string()) != state.skipped.end())
        continue;
      state.requirements.push_back({level, state.index_in_level, element.as_string(true), element});
      step.requires_steps.push_back(state.requirements.back().step);
    }
  }
  ++state.index_in_level;
  for (const auto& [name, pointer] : state.step_names) {
    if (name == step.name) {
      r.at("name", "a non-empty string")
          .fail("duplicate step name \"" + name + "\" (already used by " + pointer +
                "); give each step of the plan its own name");
    }
  }
  state.step_names.emplace_back(step.name, r.pointer());
  if (level != state.group_level) {
    state.group_level = level;
    state.open_group.clear();
    state.closed_groups.clear();
  }
  if (step.group != state.open_group) {
    if (!state.open_group.empty()) state.closed_groups.push_back(state.open_group);
    if (std::find(state.closed_groups.begin(), state.closed_groups.end(), step.group) !=
        state.closed_groups.end()) {
      r.at("group", "")
          .fail("the steps of group \"" + step.group +
                "\" must be consecutive: a group runs its steps in parallel, then the plan goes on");
    }
    state.open_group = step.group;
  }
  if (step.on_failure == model::StepSpec::OnFailure::Escalate) {
    const auto escalate_to = r.find("escalate_to");
    state.escalations.push_back(
        Escalation{level, step.escalate_to, escalate_to ? *escalate_to : r.at("on_failure", "\"escalate\"")});
  }
  return step;
}

model::StepSpec ScenarioReader::read_step(const JsonReader& r) const {
  using Action = model::StepSpec::Action;
  using OnFailure = model::StepSpec::OnFailure;
  r.expect_object("a step object");
  const std::vector<std::string_view>& actions = model::step_action_names();  // By StepSpec::Action.
  // The keys every step takes, then (indexed like `actions`) the keys of each action.
  static const std::vector<std::string_view> common_keys{
      "name",    "action",     "duration",    "automated", "failure_probability",
      "retries", "on_failure", "escalate_to", "group",     "requires",
      "source",  "assumed",    "when"};
  static const std::vector<std::vector<std::string_view>> extra_keys{
      {"service", "weights"},
      {"service", "version", "replicas", "wait_ready"},
      {},
      {"service", "window_s"},
      {"service", "to", "replicas", "wait_ready"},
      {"service", "to", "replicas", "wait_ready"},
      {},
      {},
      {"store", "point_in_time", "target"},
      {"store"},
      {"service", "on"},
      {"flag", "propagation"},
      {"service", "to", "replicas", "wait_ready"},
      {},
      {},
      {"service", "restart", "wait_ready"},
      {"service"},
      {"service"},
      {"service", "replicas", "wait_ready"}};
  if (!r.has("action")) {
    std::vector<std::string_view> any = common_keys;
    for (const auto& keys : extra_keys) {
      for (const auto key : keys) {
        if (std::find(any.begin(), any.end(), key) == any.end()) any.push_back(key);
      }
    }
    r.allow_only(any);
  }
  const std::size_t action = r.choice("action", actions, "action");
  std::vector<std::string_view> allowed = common_keys;
  allowed.insert(allowed.end(), extra_keys[action].begin(), extra_keys[action].end());
  r.allow_only(allowed, takes("step", actions[action]));

  model::StepSpec step;
  step.name = r.string("name", true);
  step.action = static_cast<Action>(action);
  if (step.action == Action::Wait || step.action == Action::Manual) {
    step.duration = read_distribution(r.at("duration", kDistributionExpected));
  } else if (const auto duration = r.find("duration")) {
    step.duration = read_distribution(*duration);
  }
  if (r.has("group")) step.group = r.string("group", true);
  step.when = r.string_or("when", "", true);
  // Informational: where an imported step came from in its runbook, and what the importer assumed.
  if (const auto source = r.find("source")) {
    source->expect_object("a source object {\"line\": a, \"end_line\": b}");
    source->allow_only({"line", "end_line"});
    step.source_line = static_cast<int>(source->integer("line", Range::at_least(1.0), kIntLimit));
    const schema::Json end_line = schema::derived_default(
        schema::Format::Scenario, "plan/steps/[]/source/end_line", schema::Json{{"line", step.source_line}});
    step.source_end_line = static_cast<int>(
        source->integer_or("end_line", end_line.get<std::int64_t>(),
                           Range::at_least(static_cast<double>(step.source_line)), kIntLimit));
  }
  if (const auto assumed = r.find("assumed")) {
    for (const auto& element : assumed->as_array("an array of the keys the importer assumed"))
      step.assumed.push_back(element.as_string(true));
  }
  // A pipeline or an infrastructure apply is a tool's work; the other steps are a human's unless told.
  // (The description's default of each action's "automated".)
  step.automated = boolean_or_described(
      r, "plan/steps/[]/action=" + std::string(model::to_string(step.action)) + "/automated");
  step.failure_probability =
      number_or_described(r, "plan/steps/[]/failure_probability", Range::probability());
  step.retries =
      static_cast<int>(integer_or_described(r, "plan/steps/[]/retries", Range::at_least(0.0), kIntLimit));
  // Indexed by model::StepSpec::OnFailure.
  static const std::vector<std::string_view> on_failures{"abort", "continue", "escalate", "block"};
  step.on_failure =
      static_cast<OnFailure>(choice_or_described(r, "plan/steps/[]/on_failure", on_failures, "on_failure"));
  if (const auto escalate_to = r.find("escalate_to")) {
    step.escalate_to = escalate_to->as_string(true);
    if (step.on_failure != OnFailure::Escalate) {
      escalate_to->fail(
          std::string("escalate_to is only taken with \"on_failure\": \"escalate\"; this step's "
                      "on_failure is \"") +
          model::to_string(step.on_failure) + "\"" + (r.has("on_failure") ? "" : " (the default)"));
    }
  }

  // The description's path of a key of this step's action ("plan/steps/[]/action=scale/wait_ready").
  const auto action_path = [&step](std::string_view key) {
    return "plan/steps/[]/action=" + std::string(model::to_string(step.action)) + "/" + std::string(key);
  };
  switch (step.action) {
    case Action::ShiftTraffic:
      step.service = read_service_ref(r);
      step.weights = read_weights(r.at("weights", kWeightsExpected));
      reject_weights_on_pod_routing(r, step.service, "a shift_traffic step");
      break;
    case Action::DbRestore: {
      step.store = read_store_ref(r);
      step.point_in_time = boolean_or_described(r, "plan/steps/[]/action=db_restore/point_in_time");
      // Indexed by model::StepSpec::RestoreTarget.
      static const std::vector<std::string_view> targets{"before_fault", "latest"};
      step.restore_target = static_cast<model::StepSpec::RestoreTarget>(
          choice_or_described(r, "plan/steps/[]/action=db_restore/target", targets, "restore target"));
      break;
    }
    case Action::DbMigrateDown: {
      step.store = read_store_ref(r);
      const auto index = static_cast<std::size_t>(
          std::find(store_names_.begin(), store_names_.end(), step.store) - store_names_.begin());
      if (!store_has_migration_[index]) {
        r.at("store", "")
            .fail("store \"" + step.store +
                  "\" has no \"migration\" to revert; give the store its migration, or remove the step");
      }
      break;
    }
    case Action::Scale:
      step.service = read_service_ref(r);
      step.version = static_cast<model::Version>(r.choice("version", kVersionNames, "version"));
      step.replicas = static_cast<int>(r.integer("replicas", Range::at_least(0.0), kIntLimit));
      step.wait_ready = boolean_or_described(r, action_path("wait_ready"));
      break;
    case Action::ScaleDeployment:
      step.service = read_service_ref(r);
      step.replicas = static_cast<int>(r.integer("replicas", Range::at_least(0.0), kIntLimit));
      step.wait_ready = boolean_or_described(r, action_path("wait_ready"));
      break;
    case Action::Verify:
      step.service = read_service_ref(r);
      step.window_s =
          number_or_described(r, "plan/steps/[]/action=verify/window_s", Range::greater_than(0.0));
      break;
    case Action::MaintenanceMode:
      step.service = read_service_ref(r);
      step.maintenance_on = boolean_or_described(r, "plan/steps/[]/action=maintenance_mode/on");
      break;
    case Action::DisableFlag: {
      const JsonReader flag = r.at("flag", "the name of the feature flag");
      step.flag = flag.as_string(true);
      if (step.flag != fault_flag_ &&
          std::find(declared_flags_.begin(), declared_flags_.end(), step.flag) == declared_flags_.end()) {
        flag.fail("unknown flag " + describe_found(flag.json()) +
                  (fault_flag_.empty()
                       ? std::string("; the scenario's fault is behind no flag (set fault.flag)")
                       : "; the scenario's fault is behind flag \"" + fault_flag_ + "\"") +
                  (declared_flags_.empty() ? std::string() : "; other flags: " + join(declared_flags_)));
      }
      step.propagation = distribution_or_described(r, action_path("propagation"));
      break;
    }
    case Action::InfraRollback:
    case Action::StatusPage:
      break;  // Time only.
    case Action::RolloutPause:
    case Action::RolloutResume:
      step.service = read_service_ref(r);
      break;
    case Action::RestoreConfig:
      step.service = read_service_ref(r);
      step.restart = boolean_or_described(r, "plan/steps/[]/action=restore_config/restart");
      step.wait_ready = boolean_or_described(r, action_path("wait_ready"));
      break;
    case Action::RolloutUndo:
    case Action::SetImage:
    case Action::PipelineRedeploy: {
      step.service = read_service_ref(r);
      step.version =
          static_cast<model::Version>(choice_or_described(r, action_path("to"), kVersionNames, "version"));
      if (const auto replicas = r.find("replicas")) {
        step.rollout_replicas = static_cast<int>(replicas->as_integer(Range::at_least(1.0), kIntLimit));
      }
      step.wait_ready = boolean_or_described(r, action_path("wait_ready"));
      break;
    }
    case Action::Wait:
    case Action::Manual:
    case Action::Notify:
      break;  // No key of their own.
  }
  return step;
}

}  // namespace drillsim::io::detail
