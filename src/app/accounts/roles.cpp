#include "app/accounts/roles.h"

#include <algorithm>

namespace lifeline::app {

std::string_view to_string(Permission p) {
  switch (p) {
    case Permission::org_read: return "org.read";
    case Permission::org_write: return "org.write";
    case Permission::users_read: return "users.read";
    case Permission::users_write: return "users.write";
    case Permission::command_read: return "command.read";
    case Permission::command_write: return "command.write";
    case Permission::emergency_read: return "emergency.read";
    case Permission::emergency_declare: return "emergency.declare";
    case Permission::audit_read: return "audit.read";
    case Permission::network_read: return "network.read";
    case Permission::network_write: return "network.write";
    case Permission::network_analyse: return "network.analyse";
    case Permission::health_self: return "health.self";
    case Permission::health_census: return "health.census";
    case Permission::health_records: return "health.records";
    case Permission::health_manage: return "health.manage";
    case Permission::outings_approve: return "outings.approve";
    case Permission::supply_read: return "supply.read";
    case Permission::supply_manage: return "supply.manage";
    case Permission::patrol_record: return "patrol.record";
    case Permission::incident_report: return "incident.report";
    case Permission::repair_dispatch: return "repair.dispatch";
    case Permission::work_order_progress: return "work_order.progress";
    case Permission::hotline_take: return "hotline.take";
    case Permission::hotline_stats: return "hotline.stats";
    case Permission::duty_read: return "duty.read";
    case Permission::duty_self: return "duty.self";
    case Permission::duty_manage: return "duty.manage";
    case Permission::supervision_read: return "supervision.read";
    case Permission::supervision_conduct: return "supervision.conduct";
    case Permission::reports_read: return "reports.read";
    case Permission::reports_submit: return "reports.submit";
    case Permission::reports_review: return "reports.review";
    case Permission::notify_read: return "notify.read";
    case Permission::notify_manage: return "notify.manage";
    case Permission::quality_read: return "quality.read";
    case Permission::quality_enter: return "quality.enter";
    case Permission::quality_check: return "quality.check";
    case Permission::quality_approve: return "quality.approve";
    case Permission::quality_manage: return "quality.manage";
    case Permission::supplies_read: return "supplies.read";
    case Permission::supplies_request: return "supplies.request";
    case Permission::supplies_approve: return "supplies.approve";
    case Permission::supplies_manage: return "supplies.manage";
    case Permission::disinfection_record: return "disinfection.record";
    case Permission::disinfection_manage: return "disinfection.manage";
  }
  return "";
}

namespace {
using P = Permission;
// Everyone may see the org tree, the command structure, the emergency level
// and the network with its isolation plans: during an emergency every
// employee must know who leads and what applies, and crews must see the plans.
// Everyone checks in and sees their own health file, and sees the incident
// and priority-customer boards (contacts masked).
// Everyone sees who is on duty (the red phone and the leader on duty head
// every page), checks in to their own shifts, reads the supervision of their
// units and the reports they owe, and sees the stock of prevention supplies
// and the disinfection rounds.
const std::vector<P> kEveryone = {P::org_read, P::command_read, P::emergency_read, P::network_read, P::health_self,
                                  P::supply_read, P::duty_read, P::duty_self, P::supervision_read, P::reports_read,
                                  P::supplies_read};
// Who works with prevention supplies: every employee asks for them and
// records the disinfection rounds they do.
const std::vector<P> kSuppliesUser = {P::supplies_request, P::disinfection_record};

std::vector<P> plus(std::vector<P> a, const std::vector<P>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<P> with(std::vector<P> extra) {
  extra.insert(extra.end(), kEveryone.begin(), kEveryone.end());
  return extra;
}
}  // namespace

const std::vector<RoleInfo>& roles() {
  static const std::vector<RoleInfo> table = {
      {"association_admin", "协会管理员", "Association admin",
       with({P::org_write, P::users_read, P::users_write, P::command_write, P::emergency_declare, P::audit_read,
             P::network_write, P::network_analyse, P::health_census, P::hotline_stats, P::duty_manage, P::reports_submit,
             P::reports_review, P::notify_read, P::notify_manage,
             P::quality_read})},
      {"utility_admin", "水司管理员", "Utility admin",
       with({P::org_write, P::users_read, P::users_write, P::command_write, P::emergency_declare, P::audit_read,
             P::network_write, P::network_analyse, P::health_census, P::outings_approve, P::supply_manage, P::patrol_record,
             P::incident_report, P::repair_dispatch, P::work_order_progress, P::hotline_take, P::hotline_stats,
             P::duty_manage, P::supervision_conduct, P::reports_submit, P::reports_review, P::notify_read, P::notify_manage,
             P::quality_read, P::quality_manage, P::supplies_request, P::supplies_approve, P::supplies_manage,
             P::disinfection_record, P::disinfection_manage})},
      // Commanders see the counts, never a person's health record; they
      // approve outings and duty overrides as the unit's head, and lead the
      // HQ's supervision teams (督导组长 are board members).
      {"commander", "指挥长", "Commander",
       with({P::users_read, P::command_write, P::emergency_declare, P::audit_read, P::network_write,
             P::network_analyse, P::health_census, P::outings_approve, P::supply_manage, P::patrol_record, P::incident_report, P::repair_dispatch,
             P::work_order_progress, P::hotline_stats, P::duty_manage, P::supervision_conduct, P::reports_submit,
             P::reports_review, P::notify_read, P::notify_manage, P::quality_read, P::supplies_request,
             P::supplies_approve, P::disinfection_record, P::disinfection_manage})},
      // Dispatch centre (调度中心) and customer service hotline (客服热线).
      {"dispatcher", "调度员", "Dispatcher",
       with(plus({P::users_read, P::network_write, P::network_analyse, P::supply_manage, P::patrol_record, P::incident_report,
                  P::repair_dispatch, P::work_order_progress, P::hotline_take, P::hotline_stats, P::reports_submit,
                  P::notify_read, P::quality_read},
                 kSuppliesUser))},
      {"repair_crew", "抢修人员", "Repair crew",
       with(plus({P::patrol_record, P::incident_report, P::work_order_progress, P::reports_submit}, kSuppliesUser))},
      // Health officers plan the disinfection of public areas.
      {"health_officer", "防疫专员", "Health officer",
       with(plus({P::users_read, P::health_census, P::health_records, P::health_manage, P::incident_report,
                  P::reports_submit, P::notify_read, P::disinfection_manage},
                 kSuppliesUser))},
      // Water quality: analysts enter sheets and check each other's (复核);
      // the head of a level (水质主管: the plant lab's or the quality
      // centre's) approves them (审核) and manages points and plans.
      {"lab_analyst", "水质化验员", "Lab analyst",
       with(plus({P::incident_report, P::reports_submit, P::quality_read, P::quality_enter, P::quality_check},
                 kSuppliesUser))},
      {"quality_manager", "水质主管", "Water quality manager",
       with(plus({P::incident_report, P::reports_submit, P::quality_read, P::quality_enter, P::quality_check,
                  P::quality_approve, P::quality_manage},
                 kSuppliesUser))},
      // The storekeeper keeps the warehouses and their ledger, approves
      // requests (with the unit head), gives support and plans disinfection.
      {"storekeeper", "物资管理员", "Storekeeper",
       with(plus({P::incident_report, P::reports_submit, P::supplies_approve, P::supplies_manage,
                  P::disinfection_manage},
                 kSuppliesUser))},
      {"staff", "员工", "Staff", with(plus({P::incident_report, P::reports_submit}, kSuppliesUser))},
      {"viewer", "只读用户", "Viewer", with({})},
  };
  return table;
}

const RoleInfo* find_role(std::string_view id) {
  for (const auto& r : roles())
    if (r.id == id) return &r;
  return nullptr;
}

bool role_has(std::string_view role, Permission p) {
  const auto* r = find_role(role);
  return r && std::find(r->permissions.begin(), r->permissions.end(), p) != r->permissions.end();
}

bool may_grant(std::string_view granter, std::string_view role) {
  const auto* g = find_role(granter);
  const auto* r = find_role(role);
  if (!g || !r) return false;
  if (role == "association_admin") return granter == "association_admin";
  // Admins appoint health officers without reading health records themselves:
  // the duty to manage accounts is separate from the right to see personal
  // health data (the appointment is audited like every account change). Likewise
  // the association admin appoints utility admins and commanders, who approve
  // their units' outings, without approving any outing itself; and it staffs
  // a utility's dispatch centre, crews and hotline without dispatching a crew.
  auto delegable = [](P p) {
    switch (p) {
      case P::health_records: case P::health_manage: case P::outings_approve:
      case P::supply_manage: case P::patrol_record: case P::incident_report:
      case P::repair_dispatch: case P::work_order_progress: case P::hotline_take:
      case P::supervision_conduct:
      case P::quality_enter: case P::quality_check: case P::quality_approve: case P::quality_manage:
      case P::supplies_request: case P::supplies_approve: case P::supplies_manage:
      case P::disinfection_record: case P::disinfection_manage:
        return true;
      default:
        return false;
    }
  };
  return std::all_of(r->permissions.begin(), r->permissions.end(),
                     [&](P p) { return role_has(granter, p) || (delegable(p) && role_has(granter, P::users_write)); });
}

}  // namespace lifeline::app
