#include "app/repair/states.h"

namespace lifeline::app::repair {

std::vector<std::string> next_states(std::string_view kind, std::string_view from) {
  if (kind == "disconnection") {
    if (from == "deferred") return {"reported", "cancelled"};
    if (from == "reported") return {"dispatched", "cancelled"};
    if (from == "dispatched") return {"accepted", "dispatched", "cancelled"};
    if (from == "accepted") return {"on_site", "dispatched", "cancelled"};
    if (from == "on_site") return {"closed", "cancelled"};
    return {};
  }
  if (from == "reported") return {"dispatched", "cancelled"};
  if (from == "dispatched") return {"accepted", "dispatched", "cancelled"};
  if (from == "accepted") return {"on_site", "dispatched", "cancelled"};
  if (from == "on_site") return {"isolated", "under_pressure", "cancelled"};
  if (from == "isolated" || from == "under_pressure") return {"repaired"};
  if (from == "repaired") return {"restored"};
  if (from == "restored") return {"closed"};
  return {};
}

bool is_state(std::string_view s) {
  for (const char* k : kStates)
    if (s == k) return true;
  return false;
}

bool is_terminal(std::string_view s) { return s == "closed" || s == "cancelled"; }

bool dispatcher_step(std::string_view from, std::string_view to) {
  return to == "dispatched" || to == "cancelled" || to == "closed" || (from == "deferred" && to == "reported");
}

}  // namespace lifeline::app::repair
