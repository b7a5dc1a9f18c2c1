// Supply assurance (供水保障): the priority-customer register, its supply
// security from the network engine, special-care plans and patrols.
// Parts: the register (register.h, routes.cpp) and care (care.h,
// routes_care.cpp); security.h computes supply and status on every read;
// served.h answers "which customers does this set of nodes serve" for repair.
#pragma once

#include "app/api/gate.h"
#include "app/assurance/care.h"
#include "app/assurance/register.h"
#include "app/network/service.h"
#include "app/runtime.h"
#include "http/router.h"

namespace lifeline::app::assurance {

struct Module {
  Module(Runtime& rt, network::Service& networks) : rt(rt), networks(networks), customers(rt, networks), care(rt) {}

  Runtime& rt;
  network::Service& networks;
  Register customers;
  Care care;
};

// /api/v1/priority-customers/...
void add_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_care_routes(http::Router& router, const api::Gate& gate, Module& m);

}  // namespace lifeline::app::assurance
