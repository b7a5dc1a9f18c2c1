// Customer hotline (客服热线): call logging, turning calls into incidents
// (grouping duplicates), tracking every call to closure, follow-ups and
// statistics.
#pragma once

#include "app/api/gate.h"
#include "app/repair/module.h"
#include "app/runtime.h"
#include "http/router.h"

namespace lifeline::app::hotline {

struct Module {
  Module(Runtime& rt, repair::Module& repair) : rt(rt), repair(repair) {}

  Runtime& rt;
  repair::Module& repair;
};

// /api/v1/hotline/...
void add_routes(http::Router& router, const api::Gate& gate, Module& m);

}  // namespace lifeline::app::hotline
