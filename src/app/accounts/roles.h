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
