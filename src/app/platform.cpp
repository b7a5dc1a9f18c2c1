#include "app/platform.h"
#include "store/like.h"

#include "app/accounts/secrets.h"
#include "app/api/routes.h"
#include "app/audit/audit.h"
#include "app/duty/jobs.h"
#include "app/reports/jobs.h"
#include "app/org/repo.h"
#include "app/photos/photos.h"
#include "app/schema.h"
#include "app/summary/routes.h"

namespace lifeline::app {

Platform::Platform(Runtime& rt)
    : rt_(rt), accounts_(rt), sessions_(accounts_, rt), orgs_(rt), emergencies_(rt), networks_(rt), health_(rt),
      assurance_(rt, networks_), repair_(rt, networks_), hotline_(rt, repair_), duty_(rt), supervision_(rt),
      reports_(rt), notify_(rt),
      quality_(rt, networks_, repair_), supplies_(rt), disinfection_(rt), gate_(accounts_, rt.config, &sessions_),
      scheduler_(rt.db, rt.clock, schedule::Scheduler::default_holder()), summaries_(rt.db),
      command_summary_(rt, emergencies_), assurance_summary_(rt, assurance_.customers),
      repair_summary_(rt, repair_.incidents), health_summary_(rt, health_.census), hotline_summary_(hotline_.stats),
      duty_summary_(rt), reports_summary_(rt) {
  for (summary::Source* s : std::initializer_list<summary::Source*>{&command_summary_, &assurance_summary_,
                                                                    &repair_summary_, &health_summary_,
                                                                    &hotline_summary_, &duty_summary_,
                                                                    &reports_summary_, &notify_.summary})
    summaries_.add(*s);
  add_jobs();
  // Duty, supervision and reports (docs/duty.md, docs/supervision.md, docs/reports.md).
  scheduler_.add(duty::shift_reminder_job(rt));
  scheduler_.add(duty::handover_flag_job(rt));
  scheduler_.add(supervision::overdue_job(supervision_.rectifications));
  scheduler_.add(reports::deadline_job(rt));
  scheduler_.add(health::reminder_job(health_.reminders));
  scheduler_.add(notify::delivery_job(notify_));
  scheduler_.add(quality_.job());
  summaries_.add(quality_.summary);
  summaries_.add(supplies_.summary);
  // Low-stock and expiry notices (once a day per item, once per lot); overdue disinfection rounds.
  scheduler_.add({.name = "supplies.alerts", .every = std::chrono::hours(1), .lease = std::chrono::minutes(10),
                  .run = [this](Instant now) { return supplies_.stock.notify_alerts(now); }});
  scheduler_.add({.name = "disinfection.rounds", .every = std::chrono::minutes(5), .lease = std::chrono::minutes(5),
                  .run = [this](Instant now) { return disinfection_.rounds.plan_and_flag(now); }});
}

// The periodic work of the modules that existed before the scheduler
// (docs/concurrency.md). Each is idempotent: running it twice, or on two
// servers after a lease ran out, changes nothing more.
void Platform::add_jobs() {
  // Idempotency-Key records older than 24 hours (a conditional DELETE).
  scheduler_.add({"api.idempotency_purge", std::chrono::minutes(10), std::chrono::minutes(5), [this](Instant now) {
                    return rt_.db.run(store::TxMode::write,
                                      [&](store::Tx& tx) { return api::Idempotency::purge(tx, now); });
                  }});
  // Personal health data a retention period after the emergency ended: the
  // purge archives the census and deletes by date, so a second run finds
  // nothing more to do (health/retention.h).
  scheduler_.add({"health.retention_purge", std::chrono::hours(6), std::chrono::minutes(30), [this](Instant) -> Status {
                    auto reports = health_.retention.purge(Actor::system("retention"), false);
                    if (!reports) return reports.error();
                    return {};
                  }});
}

Status Platform::prepare(store::Database& db) {
  LL_CHECK(init_secrets());
  return store::migrate(db, migrations());
}

http::Router Platform::router() {
  http::Router router;
  add_account_routes(router, gate_, accounts_);
  add_approval_routes(router, gate_, accounts_);
  add_org_routes(router, gate_, orgs_);
  add_emergency_routes(router, gate_, emergencies_);
  add_network_routes(router, gate_, networks_);
  health::add_routes(router, gate_, health_);
  assurance::add_routes(router, gate_, assurance_);
  repair::add_routes(router, gate_, repair_);
  hotline::add_routes(router, gate_, hotline_);
  duty::add_routes(router, gate_, duty_);
  supervision::add_routes(router, gate_, supervision_);
  reports::add_routes(router, gate_, reports_);
  notify::add_routes(router, gate_, notify_);
  quality::add_routes(router, gate_, quality_);
  supplies::add_routes(router, gate_, supplies_);
  disinfection::add_routes(router, gate_, disinfection_);
  photos::add_routes(router, gate_, rt_);
  summary::add_routes(router, gate_, summaries_);
  add_audit_routes(router, gate_, rt_);
  add_event_routes(router, gate_, rt_.events, rt_.clock);
  add_dashboard(router);
  return router;
}

// GET /api/v1/dashboard: the command dashboard's first paint in one request.
void Platform::add_dashboard(http::Router& router) {
  router.add("GET", "/api/v1/dashboard",
             gate_(std::nullopt, [this](http::Request&, const Actor& actor) -> Result<http::Response> {
               LL_TRY(auto active, emergencies_.list(actor, std::string("active")));
               nlohmann::json emergencies = nlohmann::json::array();
               for (const auto& e : active) emergencies.push_back(emergency::to_json(e));
               auto counts = rt_.db.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<nlohmann::json> {
                 LL_TRY(int64_t units, org::repo::count_subtree(tx, actor.org_path));
                 LL_TRY(auto users, tx.query_one("SELECT COUNT(*) FROM users u JOIN orgs o ON o.id = u.org_id"
                                                 " WHERE o.path LIKE ? ESCAPE '\\' AND u.disabled = 0",
                                                 {store::like_prefix(actor.org_path)}));
                 nlohmann::json recent = nlohmann::json::array();
                 if (actor.can(Permission::audit_read)) {
                   LL_TRY(auto page, audit::list(tx, actor, {.limit = 10}));
                   for (const auto& e : page.items) recent.push_back(audit::to_json(e));
                 }
                 return nlohmann::json{{"org_units", units}, {"users", users ? users->integer(0) : 0},
                                       {"recent_audit", recent}};
               });
               if (!counts) return counts.error();
               nlohmann::json out = *counts;
               out["active_emergencies"] = emergencies;
               return api::json(200, out);
             }));
}

}  // namespace lifeline::app
