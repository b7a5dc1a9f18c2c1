// Water quality (水质): the GB 5749-2022 catalogue (catalogue.h) and
// judgement (judgement.h); parts: sampling points (points.h), plans and the
// emergency's raised regime (plans.h), internal limits (limits.h), sampling
// tasks (tasks.h, a scheduled job), result sheets under three-level review
// (samples.h), exceedance cases (exceedances.h), compliance, trends and the
// monthly disclosure (compliance.h); the daily summary (summary.h).
// docs/quality.md.
#pragma once

#include "app/api/gate.h"
#include "app/network/service.h"
#include "app/quality/compliance.h"
#include "app/quality/exceedances.h"
#include "app/quality/limits.h"
#include "app/quality/plans.h"
#include "app/quality/points.h"
#include "app/quality/samples.h"
#include "app/quality/summary.h"
#include "app/quality/tasks.h"
#include "app/repair/module.h"
#include "app/runtime.h"
#include "app/schedule/scheduler.h"
#include "http/router.h"

namespace lifeline::app::quality {

struct Module {
  Module(Runtime& rt, network::Service& networks, repair::Module& repair)
      : rt(rt),
        points(rt, networks),
        plans(rt),
        limits(rt),
        tasks(rt),
        exceedances(rt, repair.incidents),
        samples(rt, points, exceedances),
        compliance(rt),
        summary(rt) {}
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  // The scheduled work: the day's tasks from the plans in force and overdue
  // flags (every 5 minutes), and incidents still owed to priority customers.
  schedule::Job job();

  Runtime& rt;
  Points points;
  Plans plans;
  InternalLimits limits;
  Tasks tasks;
  Exceedances exceedances;
  Samples samples;
  Compliance compliance;
  SummarySource summary;
};

// /api/v1/quality/...: one function per part (routes_<part>.cpp).
void add_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_catalogue_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_point_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_plan_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_task_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_sample_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_exceedance_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_compliance_routes(http::Router& router, const api::Gate& gate, Module& m);

// Refuses NUL characters anywhere in a JSON body, naming the field.
Status refuse_nul(const nlohmann::json& body, const std::string& path = "");

}  // namespace lifeline::app::quality
