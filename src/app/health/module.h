// The health module's parts over one Runtime, built once by the Platform.
#pragma once

#include "app/api/gate.h"
#include "app/health/cases.h"
#include "app/health/census.h"
#include "app/health/checkins.h"
#include "app/health/entrance.h"
#include "app/health/file.h"
#include "app/health/links.h"
#include "app/health/outings.h"
#include "app/health/register.h"
#include "app/health/reminders.h"
#include "app/health/retention.h"
#include "http/router.h"

namespace lifeline::app::health {

struct Module {
  explicit Module(Runtime& rt)
      : staff(rt), links(rt), checkins(rt), census(rt), cases(rt), outings(rt), entrance(rt), files(rt),
        retention(rt), reminders(rt) {}

  Register staff;
  Links links;
  Checkins checkins;
  Census census;
  Cases cases;
  Outings outings;
  Entrance entrance;
  Files files;
  Retention retention;
  Reminders reminders;  // the job health.reminders (reminders.h)
};

// /api/v1/health/...: one function per part (routes_<part>.cpp).
void add_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_register_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_checkin_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_census_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_case_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_outing_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_entrance_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_file_routes(http::Router& router, const api::Gate& gate, Module& m);

}  // namespace lifeline::app::health
