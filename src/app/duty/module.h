// Duty (值班值守): posts and rosters, the final schedule and its problems,
// who is on duty now, shift presence, the duty log and hand-overs, calendar
// feeds and the weekly roster. See docs/duty.md.
#pragma once

#include "app/api/gate.h"
#include "app/duty/board.h"
#include "app/duty/feeds.h"
#include "app/duty/log.h"
#include "app/duty/overrides.h"
#include "app/duty/posts.h"
#include "app/duty/presence.h"
#include "app/duty/rosters.h"
#include "app/runtime.h"
#include "http/router.h"

namespace lifeline::app::duty {

struct Module {
  explicit Module(Runtime& rt)
      : rt(rt), posts(rt), rosters(rt), overrides(rt), board(rt), presence(rt), log(rt), feeds(rt) {}
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  Runtime& rt;
  Posts posts;
  Rosters rosters;
  Overrides overrides;
  Board board;
  Presence presence;
  DutyLog log;
  Feeds feeds;
};

// /api/v1/duty/...: one function per part (routes_<part>.cpp).
void add_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_roster_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_board_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_presence_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_log_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_feed_routes(http::Router& router, const api::Gate& gate, Module& m);

}  // namespace lifeline::app::duty
