// Protocols of the drill's actors (see actors.hpp for the message flow).
#include "engine/actors.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/actor_support.hpp"
#include "engine/engine_log.hpp"

namespace sg4 = simgrid::s4u;

namespace drillsim::engine {

using model::Instant;

double now() {
  return sg4::Engine::get_clock();
}

void sync(DrillContext& ctx) {
  ctx.plane.advance_to(now());
}

void send(const char* mailbox, model::IncidentRecord* incident) {
  // Detached: the sender never waits for the receiver (a busy responder must not stall alert evaluation).
  sg4::Mailbox::by_name(mailbox)->put_init(incident, 0)->detach();
}

model::IncidentRecord* receive(const char* mailbox) {
  return sg4::Mailbox::by_name(mailbox)->get<model::IncidentRecord>();
}

void record(DrillContext& ctx, Instant instant) {
  ctx.incident.timeline.record(instant, now());
  log().info("{} ({})", model::to_string(instant), ctx.incident.service);
}

void horizon_actor(DrillContext& ctx) {
  sg4::this_actor::sleep_until(ctx.scenario.duration_s);
  sync(ctx);
  log().info("drill ends");
}

void deployment_actor(DrillContext& ctx, const model::DeploymentSpec& deployment) {
  sg4::this_actor::sleep_until(deployment.at_s);
  sync(ctx);
  const int service = ctx.scenario.service_index(deployment.service);
  ctx.plane.set_weights(service, deployment.weights);
  log().info("deployment: {} sends {:.1f}% of its traffic to the new version", deployment.service,
             100.0 * deployment.weights.new_version);
}

// A store's migration that runs during the drill (with a deployment, say).
void migration_actor(DrillContext& ctx, int store) {
  const model::DataStoreSpec& spec = ctx.scenario.stores[static_cast<std::size_t>(store)];
  sg4::this_actor::sleep_until(spec.migration->applied_at_s);
  sync(ctx);
  ctx.plane.apply_migration(store);
  log().info("migration {} applied to {}", model::to_string(spec.migration->kind), spec.name);
}

namespace {

std::string percent(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", 100.0 * ratio);
  return text;
}

// The decision at the end of the assessment (model::DecisionSpec): the first rule whose conditions all
// hold. Every condition is read now, from what the responder could see.
model::Decision decide(DrillContext& ctx, double fix_forward_s) {
  const model::DecisionSpec& spec = *ctx.scenario.decision;
  for (const auto& rule : spec.rules) {
    const std::string& name = rule.service.empty() ? ctx.incident.service : rule.service;
    const int service = ctx.scenario.service_index(name);
    std::vector<std::string> why;
    bool holds = true;
    if (rule.error_ratio_above || rule.error_ratio_at_most) {
      const std::int64_t end = ctx.plane.completed_seconds();
      const std::int64_t first = std::max<std::int64_t>(0, end - static_cast<std::int64_t>(rule.window_s));
      const auto counts = ctx.plane.counts(service, first, end);
      const double ratio =
          counts.requests ? static_cast<double>(counts.errors) / static_cast<double>(counts.requests) : 0.0;
      const std::string seen =
          name + " error ratio " + percent(ratio) + " over the last " + std::to_string(end - first) + " s";
      if (rule.error_ratio_above) {
        holds = holds && ratio > *rule.error_ratio_above;
        why.push_back(seen + (ratio > *rule.error_ratio_above ? " > " : " <= ") +
                      percent(*rule.error_ratio_above));
      }
      if (rule.error_ratio_at_most) {
        holds = holds && ratio <= *rule.error_ratio_at_most;
        why.push_back(seen + (ratio <= *rule.error_ratio_at_most ? " <= " : " > ") +
                      percent(*rule.error_ratio_at_most));
      }
    }
    if (rule.users_affected_share_above || rule.users_affected_share_at_most) {
      std::vector<std::uint32_t> users;
      for (const auto& f : ctx.plane.failures(service)) {
        if (f.caused_by_fault && f.t_s <= now()) users.push_back(f.user);
      }
      std::sort(users.begin(), users.end());
      const auto distinct = static_cast<double>(std::unique(users.begin(), users.end()) - users.begin());
      const double share = distinct / ctx.scenario.services[static_cast<std::size_t>(service)].traffic.users;
      const std::string seen = percent(share) + " of " + name + "'s users affected";
      if (rule.users_affected_share_above) {
        holds = holds && share > *rule.users_affected_share_above;
        why.push_back(seen + (share > *rule.users_affected_share_above ? " > " : " <= ") +
                      percent(*rule.users_affected_share_above));
      }
      if (rule.users_affected_share_at_most) {
        holds = holds && share <= *rule.users_affected_share_at_most;
        why.push_back(seen + (share <= *rule.users_affected_share_at_most ? " <= " : " > ") +
                      percent(*rule.users_affected_share_at_most));
      }
    }
    if (rule.data_corrupted) {
      std::uint64_t corrupted = 0;
      for (std::size_t st = 0; st < ctx.scenario.stores.size(); ++st)
        corrupted += ctx.plane.corrupted_in_store(static_cast<int>(st));
      const bool is = corrupted > 0;
      holds = holds && is == *rule.data_corrupted;
      why.push_back(std::to_string(corrupted) + " corrupted writes in the stores");
    }
    if (rule.fix_forward_above_s) {
      holds = holds && fix_forward_s > *rule.fix_forward_above_s;
      why.push_back("fix-forward estimate " + std::to_string(static_cast<long>(fix_forward_s)) + " s" +
                    (fix_forward_s > *rule.fix_forward_above_s ? " > " : " <= ") +
                    std::to_string(static_cast<long>(*rule.fix_forward_above_s)) + " s");
    }
    if (rule.fix_forward_at_most_s) {
      holds = holds && fix_forward_s <= *rule.fix_forward_at_most_s;
      why.push_back("fix-forward estimate " + std::to_string(static_cast<long>(fix_forward_s)) + " s" +
                    (fix_forward_s <= *rule.fix_forward_at_most_s ? " <= " : " > ") +
                    std::to_string(static_cast<long>(*rule.fix_forward_at_most_s)) + " s");
    }
    if (!rule.signal.empty()) {
      const auto it = std::find_if(ctx.signals.begin(), ctx.signals.end(),
                                   [&](const model::SignalRecord& r) { return r.name == rule.signal; });
      const bool fired = it != ctx.signals.end() && it->fired_s.has_value();
      holds = holds && fired;
      why.push_back(rule.signal + (fired ? " fired" : " has not fired"));
    }
    std::string reason;
    for (const auto& part : why)
      reason += (reason.empty() ? "" : "; ") + part;
    if (holds) return {rule.name, rule.then, reason.empty() ? "the rule has no condition" : reason};
    log().info("decision rule \"{}\" does not hold: {}", rule.name, reason);
  }
  return {"otherwise", spec.otherwise, "no rule held"};
}

}  // namespace

// The on-call: paged, acknowledges after `ack`; when nobody has acknowledged escalate_after_s after a
// tier was paged, the next tier of the escalation path is paged too (the first acknowledgement of any
// paged tier counts). Then the assessment, and the decision.
void responder_actor(DrillContext& ctx) {
  const model::ResponderSpec& responder = *ctx.scenario.responder;
  model::Rng ack_rng(ctx.seed, "responder/ack");
  model::Rng assess_rng(ctx.seed, "responder/assess");
  model::Rng fix_rng(ctx.seed, "decision/fix_forward");
  receive("responder");
  const double paged = now();
  double ack = paged + responder.ack.sample(ack_rng);
  std::string acked_by = responder.name;
  for (std::size_t i = 0; i < responder.escalation.size(); ++i) {
    const double escalate_at = paged + static_cast<double>(i + 1) * responder.escalate_after_s;
    if (escalate_at >= ack) break;  // Someone acknowledged before this tier would be paged.
    const auto& tier = responder.escalation[i];
    ctx.incident.escalations.push_back({tier.name, escalate_at});
    model::Rng tier_rng(ctx.seed, "responder/escalation/" + std::to_string(i));
    const double tier_ack = escalate_at + tier.ack.sample(tier_rng);
    if (tier_ack < ack) {
      ack = tier_ack;
      acked_by = tier.name;
    }
  }
  for (const auto& escalation : ctx.incident.escalations) {
    sg4::this_actor::sleep_until(escalation.t_s);
    sync(ctx);
    log().info("nobody acknowledged: {} is paged", escalation.responder);
  }
  sg4::this_actor::sleep_until(ack);
  sync(ctx);
  ctx.incident.acked_by = acked_by;
  record(ctx, Instant::Ack);
  sg4::this_actor::sleep_for(responder.assess.sample(assess_rng));
  sync(ctx);
  record(ctx, Instant::Decide);
  if (!ctx.scenario.decision) {
    if (ctx.scenario.plan) {
      ctx.incident.decision =
          model::Decision{"", ctx.scenario.plan->levels.front().name, "the plan's first level"};
      send("plan", &ctx.incident);
    }
    return;
  }
  const double fix_forward_s = ctx.scenario.decision->fix_forward.sample(fix_rng);
  ctx.incident.decision = decide(ctx, fix_forward_s);
  const model::Decision& decision = *ctx.incident.decision;
  log().info("decision: {} (rule \"{}\": {})", decision.action, decision.rule, decision.reason);
  if (decision.action == "fix_forward") {
    sg4::this_actor::sleep_for(fix_forward_s);
    sync(ctx);
    log().info("the fix-forward ships");
    end_fault(ctx);
    return;
  }
  const auto& levels = ctx.scenario.plan->levels;
  for (std::size_t l = 0; l < levels.size(); ++l) {
    if (levels[l].name == decision.action) ctx.start_level = l;
  }
  send("plan", &ctx.incident);
}

}  // namespace drillsim::engine
