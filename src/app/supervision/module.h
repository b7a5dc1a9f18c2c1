// Supervision rounds (督导检查) of the HQ's supervision teams. See docs/supervision.md.
#pragma once

#include "app/api/gate.h"
#include "app/runtime.h"
#include "app/supervision/checklists.h"
#include "app/supervision/rectifications.h"
#include "app/supervision/rounds.h"
#include "http/router.h"

namespace lifeline::app::supervision {

struct Module {
  explicit Module(Runtime& rt) : rt(rt), checklists(rt), rounds(rt), rectifications(rt) {}
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  Runtime& rt;
  Checklists checklists;
  Rounds rounds;
  Rectifications rectifications;
};

// /api/v1/supervision/...
void add_routes(http::Router& router, const api::Gate& gate, Module& m);

}  // namespace lifeline::app::supervision
