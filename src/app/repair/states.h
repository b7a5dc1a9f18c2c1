// The work-order state machine (工单状态机). A repair order runs
//
//   reported → dispatched → accepted → on_site → isolated | under_pressure
//            → repaired → restored → closed
//
// with reassignment (dispatched → dispatched, accepted → dispatched, to
// another team) and cancellation with a reason from reported, dispatched,
// accepted and on_site (a false alarm found on site). A disconnection order
// for arrears (欠费停水) is deferred while the emergency policy forbids it,
// released to reported when it no longer does, and runs
//
//   reported → dispatched → accepted → on_site → closed   (or cancelled).
//
// Dispatching, reassigning, cancelling, closing and releasing need
// repair.dispatch; the crew's steps need work_order.progress (and a crew
// member without repair.dispatch only on their own team's order).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lifeline::app::repair {

inline constexpr const char* kStates[] = {"deferred", "reported", "dispatched", "accepted", "on_site", "isolated",
                                          "under_pressure", "repaired", "restored", "closed", "cancelled"};

// The states an order of `kind` (repair | disconnection) may go to from `from`.
std::vector<std::string> next_states(std::string_view kind, std::string_view from);
bool is_state(std::string_view s);
bool is_terminal(std::string_view s);  // closed, cancelled
// True when moving to `to` is the dispatcher's decision rather than the crew's.
bool dispatcher_step(std::string_view from, std::string_view to);

}  // namespace lifeline::app::repair
