// Supply assurance (供水保障): the priority-customer register, its supply
// security from the network engine, special-care plans and patrols.
#pragma once

#include "app/api/gate.h"
#include "app/network/service.h"
#include "app/runtime.h"
#include "http/router.h"

namespace lifeline::app::assurance {

struct Module {
  Module(Runtime& rt, network::Service& networks) : rt(rt), networks(networks) {}

  Runtime& rt;
  network::Service& networks;
};

// /api/v1/priority-customers/...
void add_routes(http::Router& router, const api::Gate& gate, Module& m);

}  // namespace lifeline::app::assurance
