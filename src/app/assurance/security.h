// What a customer's row does not hold but every read shows: its supply
// security from the network engine (on the cached model, so it follows the
// network version and the valve layer), its coordinates, and its status.
#pragma once

#include "app/actor.h"
#include "app/assurance/model.h"
#include "app/network/service.h"

namespace lifeline::app::assurance {

// Fills supply and x/y of every view: one model and one engine call per
// network. `detail` adds each critical segment's boundary valves and totals.
void assess_supply(network::Service& networks, const Actor& actor, std::vector<View>& views, bool detail);

// Status and reasons from the view's incidents, supply, care plan and last patrol:
// interrupted (an open incident's order has the water off: isolated … repaired),
// affected (another open incident affects it), at_risk (not N-1 secure, not
// supplied, patrol overdue, low pressure or a problem found), else normal.
void classify(View& view, Instant now);

// A patrol is overdue when the plan asks for patrols and the last one (or the
// plan itself, before any) is older than 24 h / patrols_per_day.
bool patrol_overdue(const Customer& c, Instant now);

}  // namespace lifeline::app::assurance
