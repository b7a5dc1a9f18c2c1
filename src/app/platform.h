// The assembled application: every module's service over one Runtime, and
// the router with all endpoints. The server, the CLI and the tests build it
// the same way.
#pragma once

#include <memory>

#include "app/accounts/service.h"
#include "app/accounts/session_cache.h"
#include "app/api/gate.h"
#include "app/assurance/module.h"
#include "app/duty/module.h"
#include "app/duty/summary.h"
#include "app/disinfection/module.h"
#include "app/emergency/service.h"
#include "app/health/module.h"
#include "app/hotline/module.h"
#include "app/network/service.h"
#include "app/notify/module.h"
#include "app/org/service.h"
#include "app/quality/module.h"
#include "app/repair/module.h"
#include "app/reports/module.h"
#include "app/reports/summary.h"
#include "app/runtime.h"
#include "app/schedule/scheduler.h"
#include "app/summary/summary.h"
#include "app/supervision/module.h"
#include "app/supplies/module.h"
#include "app/assurance/summary.h"
#include "app/emergency/summary.h"
#include "app/health/summary.h"
#include "app/hotline/summary.h"
#include "app/repair/summary.h"
#include "http/router.h"

namespace lifeline::app {

class Platform {
 public:
  explicit Platform(Runtime& rt);

  // Migrates the schema and prepares secrets; call once before serving.
  static Status prepare(store::Database& db);

  http::Router router();

  Runtime& runtime() { return rt_; }
  accounts::Service& accounts() { return accounts_; }
  accounts::SessionCache& sessions() { return sessions_; }
  org::Service& orgs() { return orgs_; }
  emergency::Service& emergencies() { return emergencies_; }
  network::Service& networks() { return networks_; }
  health::Module& health() { return health_; }
  assurance::Module& assurance() { return assurance_; }
  repair::Module& repair() { return repair_; }
  hotline::Module& hotline() { return hotline_; }
  duty::Module& duty() { return duty_; }
  supervision::Module& supervision() { return supervision_; }
  reports::Module& reports() { return reports_; }
  notify::Module& notify() { return notify_; }
  quality::Module& quality() { return quality_; }
  supplies::Module& supplies() { return supplies_; }
  disinfection::Module& disinfection() { return disinfection_; }
  // Scheduled work of every module; the server starts its thread.
  schedule::Scheduler& scheduler() { return scheduler_; }
  // Every module's daily summary (command centre, big screen, briefing).
  summary::Registry& summaries() { return summaries_; }

 private:
  void add_dashboard(http::Router& router);
  void add_jobs();

  Runtime& rt_;
  accounts::Service accounts_;
  accounts::SessionCache sessions_;
  org::Service orgs_;
  emergency::Service emergencies_;
  network::Service networks_;
  health::Module health_;
  assurance::Module assurance_;
  repair::Module repair_;
  hotline::Module hotline_;
  duty::Module duty_;
  supervision::Module supervision_;
  reports::Module reports_;
  notify::Module notify_;
  quality::Module quality_;
  supplies::Module supplies_;
  disinfection::Module disinfection_;
  api::Gate gate_;
  schedule::Scheduler scheduler_;
  summary::Registry summaries_;
  // The existing modules' daily summaries (each module's summary.h).
  emergency::CommandSummary command_summary_;
  assurance::AssuranceSummary assurance_summary_;
  repair::RepairSummary repair_summary_;
  health::HealthSummary health_summary_;
  hotline::HotlineSummary hotline_summary_;
  duty::SummarySource duty_summary_;
  reports::SummarySource reports_summary_;
};

}  // namespace lifeline::app
