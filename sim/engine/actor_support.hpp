// What every actor does with the simulated clock, the data plane and the mailboxes. Declared here,
// without SimGrid, so that each actor file can share them; defined in actors.cpp.
#pragma once

#include "engine/actors.hpp"
#include "model/drill_result.hpp"
#include "model/timeline.hpp"

namespace drillsim::engine {

// The simulated time, in seconds.
double now();

// Advances the data plane to the present: every request before now has been served under the state
// that held until now. Every actor calls this before it reads or changes anything.
void sync(DrillContext& ctx);

// Mailboxes carry a non-owning pointer to the context's IncidentRecord. send() never waits.
void send(const char* mailbox, model::IncidentRecord* incident);
model::IncidentRecord* receive(const char* mailbox);

// Records `instant` at now() on the incident's timeline, and logs it.
void record(DrillContext& ctx, model::Instant instant);

// A detection signal fired (or stopped firing) now. The first signal after the fault started that
// concerns the incident's service is its `detect`; every firing signal joins the Alertmanager group
// (complaints page directly instead: people, not alerts). A signal that fires before any fault is a
// false alarm: logged, never paged.
void signal_fired(DrillContext& ctx, std::size_t signal);
void signal_resolved(DrillContext& ctx, std::size_t signal);

// The on-call is paged now (once per drill): records `page` and hands the incident to the responder.
void page(DrillContext& ctx);

}  // namespace drillsim::engine
