// Protocols of the drill's actors (see actors.hpp for the message flow).
#include "engine/actors.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/actor_support.hpp"
#include "engine/engine_log.hpp"
#include "metrics/decision.hpp"

namespace sg4 = simgrid::s4u;

namespace drillsim::engine {

using model::Instant;

double now() {
  return sg4::Engine::get_clock();
}

void sync(DrillContext& ctx) {
  ctx.plane.advance_to(now());
}

void post(const char* mailbox, void* payload, void (*destroy)(void*)) {
  // Detached: the sender never waits for the receiver. SimGrid calls `destroy` on a payload that was
  // never received.
  sg4::Mailbox::by_name(mailbox)->put_init(payload, 0)->detach(destroy);
}

void* take(const char* mailbox) {
  return sg4::Mailbox::by_name(mailbox)->get<void>();
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

// What the responder can see when deciding (metrics::DecisionView), read from the drill now.
class DrillDecisionView final : public metrics::DecisionView {
 public:
  explicit DrillDecisionView(const DrillContext& ctx) : ctx_(ctx) {}

  ErrorRatio error_ratio(const std::string& name, double window_s) const override {
    const int service = ctx_.scenario.service_index(name);
    const std::int64_t end = ctx_.plane.completed_seconds();
    const std::int64_t first = std::max<std::int64_t>(0, end - static_cast<std::int64_t>(window_s));
    const auto counts = ctx_.plane.counts(service, first, end);
    const double ratio =
        counts.requests ? static_cast<double>(counts.errors) / static_cast<double>(counts.requests) : 0.0;
    return {ratio, end - first};
  }

  double users_affected_share(const std::string& name) const override {
    const int service = ctx_.scenario.service_index(name);
    const auto distinct = static_cast<double>(ctx_.plane.fault_failures(service, now()).users);
    return distinct / ctx_.scenario.services[static_cast<std::size_t>(service)].traffic.users;
  }

  std::uint64_t corrupted_writes() const override {
    std::uint64_t corrupted = 0;
    for (std::size_t st = 0; st < ctx_.scenario.stores.size(); ++st)
      corrupted += ctx_.plane.corrupted_in_store(static_cast<int>(st));
    return corrupted;
  }

  bool signal_fired(const std::string& name) const override { return ctx_.recorder.fired(name); }

 private:
  const DrillContext& ctx_;
};

}  // namespace

// The on-call: paged, acknowledges after `ack`; when nobody has acknowledged escalate_after_s after a
// tier was paged, the next tier of the escalation path is paged too (the first acknowledgement of any
// paged tier counts). Then the assessment, and the decision.
void Responder::run() {
  const model::ResponderSpec& responder = *ctx_.scenario.responder;
  model::Rng ack_rng(ctx_.seed, "responder/ack");
  model::Rng assess_rng(ctx_.seed, "responder/assess");
  model::Rng fix_rng(ctx_.seed, "decision/fix_forward");
  const auto page = receive<Page>();
  const double paged = page->t_s;
  // The tier paged first (an Alertmanager config's receiver may page an escalation tier directly); the
  // escalation goes on from the tier after it.
  const std::size_t first = std::min(page->tier, responder.escalation.size());
  double ack = 0.0;
  std::string acked_by;
  if (first == 0) {
    ack = paged + responder.ack.sample(ack_rng);
    ctx_.recorder.drew("ack", ack - paged);
    acked_by = responder.name;
  } else {
    const auto& tier = responder.escalation[first - 1];
    model::Rng tier_rng(ctx_.seed, "responder/escalation/" + std::to_string(first - 1));
    ack = paged + tier.ack.sample(tier_rng);
    ctx_.recorder.drew("escalation/" + tier.name + "/ack", ack - paged);
    acked_by = tier.name;
  }
  std::vector<model::Escalation> escalations;
  for (std::size_t i = first; i < responder.escalation.size(); ++i) {
    const double escalate_at = paged + static_cast<double>(i - first + 1) * responder.escalate_after_s;
    if (escalate_at >= ack) break;  // Someone acknowledged before this tier would be paged.
    const auto& tier = responder.escalation[i];
    escalations.push_back({tier.name, escalate_at});
    model::Rng tier_rng(ctx_.seed, "responder/escalation/" + std::to_string(i));
    const double tier_ack = escalate_at + tier.ack.sample(tier_rng);
    ctx_.recorder.drew("escalation/" + tier.name + "/ack", tier_ack - escalate_at);
    if (tier_ack < ack) {
      ack = tier_ack;
      acked_by = tier.name;
    }
  }
  for (const auto& escalation : escalations) {
    ctx_.recorder.escalated(escalation);
  }
  for (const auto& escalation : escalations) {
    sg4::this_actor::sleep_until(escalation.t_s);
    sync(ctx_);
    log().info("nobody acknowledged: {} is paged", escalation.responder);
  }
  sg4::this_actor::sleep_until(ack);
  sync(ctx_);
  ctx_.recorder.acknowledged_by(acked_by);
  ctx_.recorder.record(Instant::Ack, now());
  const double assess_s = responder.assess.sample(assess_rng);
  ctx_.recorder.drew("assess", assess_s);
  sg4::this_actor::sleep_for(assess_s);
  sync(ctx_);
  ctx_.recorder.record(Instant::Decide, now());
  if (!ctx_.scenario.decision) {
    if (ctx_.scenario.plan) {
      const model::Decision first{"", ctx_.scenario.plan->levels.front().name, "the plan's first level"};
      ctx_.recorder.decided(first);
      send(std::make_unique<Decision>(Decision{now(), 0, first}));
    }
    return;
  }
  const double fix_forward_s = ctx_.scenario.decision->fix_forward.sample(fix_rng);
  ctx_.recorder.drew("fix_forward", fix_forward_s);
  const auto outcome =
      metrics::decide(*ctx_.scenario.decision, page->service, fix_forward_s, DrillDecisionView(ctx_));
  for (const auto& rejected : outcome.rejected)
    log().info("decision rule \"{}\" does not hold: {}", rejected.rule, rejected.reason);
  const model::Decision& decision = outcome.decision;
  ctx_.recorder.decided(decision);
  log().info("decision: {} (rule \"{}\": {})", decision.action, decision.rule, decision.reason);
  if (decision.action == "fix_forward") {
    sg4::this_actor::sleep_for(fix_forward_s);
    sync(ctx_);
    log().info("the fix-forward ships");
    end_fault(ctx_);
    return;
  }
  std::size_t level = 0;
  const auto& levels = ctx_.scenario.plan->levels;
  for (std::size_t l = 0; l < levels.size(); ++l) {
    if (levels[l].name == decision.action) level = l;
  }
  send(std::make_unique<Decision>(Decision{now(), level, decision}));
}

}  // namespace drillsim::engine
