// Emergency repair (应急抢修): teams, incidents with their isolation plans,
// work orders with a strict state machine and SLA clocks, dispatch.
#pragma once

#include "app/api/gate.h"
#include "app/network/service.h"
#include "app/repair/incidents.h"
#include "app/runtime.h"
#include "http/router.h"

namespace lifeline::app::repair {

struct Module {
  Module(Runtime& rt, network::Service& networks) : rt(rt), networks(networks), incidents(rt, networks) {}

  Runtime& rt;
  network::Service& networks;
  Incidents incidents;
};

// /api/v1/teams, /incidents, /work-orders, /repair/...
void add_routes(http::Router& router, const api::Gate& gate, Module& m);

}  // namespace lifeline::app::repair
