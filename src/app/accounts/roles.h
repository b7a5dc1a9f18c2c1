// Roles and the permissions they grant: one table, read by every route.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::app {

enum class Permission {
  org_read, org_write,
  users_read, users_write,
  command_read, command_write,
  emergency_read, emergency_declare,
  audit_read,
  network_read, network_write,
  // Starting long analyses (the all-bursts ranking: hours of CPU on a city
  // network); reading their results is network.read.
  network_analyse,
  // Staff health: one's own check-ins, file, outings and household (health.self);
  // counts per unit (health.census); personal records of others (health.records,
  // health officers only); registers, cases, entrance checks (health.manage).
  health_self, health_census, health_records, health_manage, outings_approve,
  // Supply assurance and repair: the boards (supply.read, everyone); the
  // priority-customer register, care plans and teams (supply.manage); patrol
  // records (patrol.record); reporting an incident (incident.report);
  // dispatching, reassigning, cancelling, verifying, disconnection orders
  // (repair.dispatch); a crew's progress on its order (work_order.progress).
  supply_read, supply_manage, patrol_record, incident_report, repair_dispatch, work_order_progress,
  // Customer hotline: taking and handling calls (hotline.take); the call
  // statistics, counts only (hotline.stats).
  hotline_take, hotline_stats,
  // Duty (值班值守): the duty board, schedules and logs (duty.read, everyone);
  // one's own shift check-in, swap requests, calendar feed, log entries and
  // hand-overs while on duty (duty.self, everyone; the service checks the
  // roster); posts, rosters, approving overrides, spot checks (duty.manage,
  // unit heads: commanders and admins).
  duty_read, duty_self, duty_manage,
  // Supervision rounds (督导检查): reading rounds and rectifications of one's
  // units, answering one's own rectification items (supervision.read, everyone);
  // rounds, findings, checklists, verification (supervision.conduct, team leaders).
  supervision_read, supervision_conduct,
  // Fixed-time reports (定时报告): templates and the status grid of one's
  // units (reports.read, everyone); submitting a unit's reports
  // (reports.submit); templates, acknowledging and returning (reports.review, HQ).
  reports_read, reports_submit, reports_review,
  // Group robots (DingTalk, WeCom, Feishu, webhooks): the robots, their
  // routing and the delivery log (notify.read); adding, changing and testing
  // robots (notify.manage).
  notify_read, notify_manage,
  // Water quality (水质三级管理): reading points, plans, results and statistics
  // (quality.read); entering result sheets (quality.enter); checking another's
  // sheet (quality.check, 复核); approving it as the level's head and writing
  // an exceedance's cause (quality.approve, 审核); points, plans and internal
  // limits (quality.manage).
  quality_read, quality_enter, quality_check, quality_approve, quality_manage,
  // Prevention supplies and disinfection: the stock board, ledger, support
  // register and disinfection rounds (supplies.read, everyone); asking for
  // items (supplies.request); approving requests (supplies.approve, the
  // storekeeper or the unit head); receipts, issues, counts, support and the
  // catalogue (supplies.manage, storekeepers); recording a disinfection round
  // (disinfection.record); places and their schedules (disinfection.manage).
  supplies_read, supplies_request, supplies_approve, supplies_manage, disinfection_record, disinfection_manage,
};

std::string_view to_string(Permission p);  // "org.read"

struct RoleInfo {
  std::string_view id;       // snake_case, stored in users.role
  std::string_view name_zh;
  std::string_view name_en;
  std::vector<Permission> permissions;
  // Admins of the root association see every member utility.
};

const std::vector<RoleInfo>& roles();
const RoleInfo* find_role(std::string_view id);
bool role_has(std::string_view role, Permission p);
// "Can an actor with role `granter` give out role `role`?" Nobody hands out
// more than they hold: a utility admin cannot create association admins.
bool may_grant(std::string_view granter, std::string_view role);

}  // namespace lifeline::app
