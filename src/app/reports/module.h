// Fixed-time reports (定时报告): templates, submissions from phones, the
// status grid and a day's figures. See docs/reports.md.
#pragma once

#include "app/api/gate.h"
#include "app/reports/status.h"
#include "app/reports/submissions.h"
#include "app/reports/templates.h"
#include "app/runtime.h"
#include "http/router.h"

namespace lifeline::app::reports {

struct Module {
  explicit Module(Runtime& rt) : rt(rt), templates(rt), submissions(rt), status(rt) {}
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  Runtime& rt;
  Templates templates;
  Submissions submissions;
  Status status;
};

// /api/v1/reports/...
void add_routes(http::Router& router, const api::Gate& gate, Module& m);

}  // namespace lifeline::app::reports
