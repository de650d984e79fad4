// What every actor does with the simulated clock, the data plane and the mailboxes. Declared here,
// without SimGrid, so that each actor file can share them; defined in actors.cpp.
#pragma once

#include <memory>

#include "engine/actors.hpp"

namespace drillsim::engine {

// The simulated time, in seconds.
double now();

// Advances the data plane to the present: every request before now has been served under the state
// that held until now. Every actor calls this before it reads or changes anything.
void sync(DrillContext& ctx);

// The raw mailbox operations under send() and receive(): `payload` is owned by the mailbox until a
// receiver takes it; `destroy` frees it if none ever does (the drill ended first).
void post(const char* mailbox, void* payload, void (*destroy)(void*));
void* take(const char* mailbox);

// Sends an owned message to its type's mailbox (T::kMailbox). Never waits: a busy receiver must not
// stall the sender.
template <class T>
void send(std::unique_ptr<T> message) {
  post(T::kMailbox, message.release(), [](void* payload) { delete static_cast<T*>(payload); });
}

// Waits for the next message of type T (on T::kMailbox) and takes ownership of it.
template <class T>
std::unique_ptr<T> receive() {
  return std::unique_ptr<T>(static_cast<T*>(take(T::kMailbox)));
}

}  // namespace drillsim::engine
