// Customer hotline (客服热线): call logging, turning calls into incidents
// (grouping duplicates), tracking every call to closure, follow-ups and
// statistics. See docs/hotline.md.
#pragma once

#include "app/api/gate.h"
#include "app/hotline/calls.h"
#include "app/hotline/follow_up.h"
#include "app/hotline/grouping.h"
#include "app/hotline/stats.h"
#include "app/repair/module.h"
#include "app/runtime.h"
#include "http/router.h"

namespace lifeline::app::hotline {

struct Module {
  Module(Runtime& rt, repair::Module& repair);
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  Runtime& rt;
  repair::Module& repair;
  Calls calls;
  Grouping grouping;
  FollowUps follow_ups;
  Stats stats;
  // Closes the calls of an incident when repair publishes its work order as
  // closed (work_order.changed). Last member: unsubscribes first.
  EventBus::Subscription work_orders;
};

// /api/v1/hotline/...: one function per part (routes_<part>.cpp).
void add_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_call_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_grouping_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_follow_up_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_stats_routes(http::Router& router, const api::Gate& gate, Module& m);
// One call as the single-call routes answer it: with its group candidates.
Result<nlohmann::json> call_json(Module& m, const Actor& actor, const Call& c);

}  // namespace lifeline::app::hotline
