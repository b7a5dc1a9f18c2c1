#include <spdlog/spdlog.h>

#include "app/hotline/module.h"

namespace lifeline::app::hotline {

Module::Module(Runtime& rt, repair::Module& repair)
    : rt(rt),
      repair(repair),
      calls(rt),
      grouping(rt, calls, repair.incidents),
      follow_ups(rt, calls),
      stats(rt),
      work_orders(rt.events.subscribe([this](const Event& e) {
        // Only the server that closed the order closes its calls (an event relayed from another has an origin).
        if (!e.origin.empty() || e.type != "work_order.changed" || e.data.value("state", "") != "closed") return;
        const auto& incident = e.data.find("incident_id");
        if (incident == e.data.end() || !incident->is_number_integer()) return;
        auto closed = calls.close_for_incident(incident->get<int64_t>());
        if (!closed)
          spdlog::error("hotline: closing the calls of incident {} failed: {}", incident->get<int64_t>(),
                        closed.error().message);
      })) {}

void add_routes(http::Router& router, const api::Gate& gate, Module& m) {
  add_call_routes(router, gate, m);
  add_grouping_routes(router, gate, m);
  add_follow_up_routes(router, gate, m);
  add_stats_routes(router, gate, m);
}

}  // namespace lifeline::app::hotline
