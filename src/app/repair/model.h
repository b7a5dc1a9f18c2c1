// The repair module's plain values as its services return them: work orders
// with their SLA clocks, incidents with their isolation plan, teams, SLA
// settings, dispatch suggestions and outage notices. The routes render them
// (routes_json.cpp); the hotline reads incidents through them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/network/model.h"
#include "app/photos/photos.h"
#include "core/clock.h"

namespace lifeline::app::repair {

struct Ref {
  int64_t id = 0;
  std::string name;
};

// One SLA clock of an order at the time of reading.
struct SlaClock {
  std::string name;  // respond, on_site, isolated, repaired
  Instant due_at;
  std::optional<Instant> done_at;
  std::string state;  // pending, warning, breached, met, missed
};
struct SlaStatus {
  std::vector<SlaClock> clocks;
  std::string state = "met";  // the worst clock
  double factor = 1.0;        // the emergency policy's scaling when a priority customer is affected
};

struct TimelineStep {
  std::optional<std::string> from;
  std::string to;
  Instant at;
  std::string by_name;
  std::optional<Ref> team;
  std::string note;
};

struct MaterialUse {
  std::string item, unit;
  double quantity = 0;
  Instant recorded_at;
};

struct FollowUpRecord {
  std::string result, note, by_name, at;  // at: as stored (ISO 8601)
  int64_t satisfaction = 0;
};

struct WorkOrder {
  int64_t id = 0, org_id = 0;
  std::string org_path, kind, state;  // kind: repair, disconnection
  std::optional<int64_t> incident_id;
  std::string incident_code;
  std::optional<Ref> team;
  int64_t priority = 3;
  SlaStatus sla;
  std::vector<std::string> allowed;  // the state machine's next states
  std::vector<std::string> actions;  // those the reader may take (what a page offers)
  bool may_record = false;           // materials and photos by this reader
  bool may_follow_up = false;
  bool under_pressure = false;       // repaired under pressure (带水抢修): nothing was shut off
  std::optional<std::string> account_no;
  std::string address, reason;
  std::optional<std::string> cancel_reason;
  Instant created_at, updated_at;
  int64_t version = 1;
  // The detail (one order, not a list):
  bool full = false;
  std::vector<TimelineStep> timeline;
  std::vector<MaterialUse> materials;
  std::optional<FollowUpRecord> follow_up;
  std::vector<photos::Photo> photos;
};

struct WorkOrderList {
  std::vector<WorkOrder> items;
  std::map<std::string, int64_t> by_state;
};

// A priority customer an incident's plan affects.
struct IncidentCustomer {
  int64_t id = 0, tier = 1;
  std::string name, category;
  std::string impact;  // isolated, cut_off; under_pressure when the repair shuts nothing off
  std::optional<std::string> contact_name, contact_phone;  // masked
  std::string address;
};

struct CallRef {
  int64_t id = 0;
  std::string code;
  Instant received_at;
};

struct Incident {
  int64_t id = 0, org_id = 0;
  std::string code, org_name, org_path, type, source;
  std::optional<int64_t> network_id;
  std::optional<std::string> link, node;
  std::optional<double> x, y, diameter_mm;
  std::string address, area, description;
  int64_t priority = 3;
  bool priority_raised = false;
  Instant reported_at, created_at;
  std::string reported_by_name;
  std::optional<Instant> closed_at;
  std::vector<IncidentCustomer> priority_customers;
  std::optional<WorkOrder> work_order;
  // The detail:
  bool full = false;
  std::optional<network::Plan> plan;  // the shut-off the plan proposes (none under pressure)
  std::vector<CallRef> calls;
  std::vector<photos::Photo> photos;
  bool may_add_photos = false;
  // On creation only:
  std::optional<double> snapped_m;  // distance from the given point to the pipe it was placed on
  struct Timing {
    double plan_ms = 0, total_ms = 0;  // measured in the server (bench/incident_load.sh)
  };
  std::optional<Timing> timing;

  // Repaired under pressure (带水抢修): no valve is closed, nobody loses water.
  bool under_pressure() const { return work_order && work_order->under_pressure; }
};

struct IncidentList {
  Ref scope;  // the unit the board shows: the reader's whole utility by default
  std::vector<Incident> items;
  std::map<std::string, int64_t> by_sla_state;
};

struct TeamMember {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> phone;  // masked
  std::vector<std::string> skills;
  std::optional<int64_t> user_id;
};

struct Team {
  int64_t id = 0, org_id = 0;
  std::string org_name, org_path, name, kind, status, base_address;
  std::optional<double> base_x, base_y;
  std::vector<std::string> vehicles;
  std::optional<Ref> leader;  // the user
  std::vector<TeamMember> members;
  struct Order {
    int64_t id = 0;
    std::string incident_code;
    std::optional<int64_t> incident_id;
  };
  std::optional<Order> current_work_order;
  int64_t version = 1;
  bool may_edit = false;  // the reader may change it
};

struct TeamList {
  Ref scope;
  std::vector<Team> items;
  int64_t standby = 0, dispatched = 0, off = 0;
};

struct DispatchSuggestion {
  Team team;
  std::optional<double> distance_m;
};

struct NoticeCustomer {
  std::string name, impact;
  std::optional<std::string> contact_name, contact_phone;  // masked
};

struct OutageNotice {
  int64_t incident_id = 0;
  std::string incident_code;
  bool shutdown = true;  // false: repaired under pressure, no water cut
  std::vector<std::string> valves;
  std::optional<Instant> expected_restore_at;
  int64_t dry_demand_nodes = 0;
  std::string text, sms;
  std::vector<NoticeCustomer> priority_customers;
};

}  // namespace lifeline::app::repair
