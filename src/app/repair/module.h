// Emergency repair (应急抢修): teams, incidents with their isolation plans,
// work orders with a strict state machine and SLA clocks, dispatch. The
// parts: teams.h, incidents.h (+ dispatch.cpp, outage_notice.cpp),
// work_orders.h (+ states.h), sla.h; docs/repair.md.
#pragma once

#include "app/api/gate.h"
#include "app/network/service.h"
#include "app/repair/incidents.h"
#include "app/repair/sla.h"
#include "app/repair/teams.h"
#include "app/repair/work_orders.h"
#include "app/runtime.h"
#include "http/router.h"

namespace lifeline::app::repair {

struct Module {
  Module(Runtime& rt, network::Service& networks)
      : rt(rt), networks(networks), incidents(rt, networks), teams(rt), work_orders(rt), sla(rt) {}

  Runtime& rt;
  network::Service& networks;
  Incidents incidents;
  Teams teams;
  WorkOrders work_orders;
  Sla sla;
};

// /api/v1/teams, /incidents, /work-orders, /repair/...
void add_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_team_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_incident_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_work_order_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_sla_routes(http::Router& router, const api::Gate& gate, Module& m);

}  // namespace lifeline::app::repair
