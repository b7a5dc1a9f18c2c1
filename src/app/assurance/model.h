// The priority-customer register's plain values: a customer (重点用户), its
// special-care plan (特护方案), its patrols (巡查记录), and what is computed
// for it on every read — supply security from the network engine and a
// status from open incidents, supply and patrols.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace lifeline::app::assurance {

inline constexpr const char* kCategories[] = {
    "designated_hospital", "fever_clinic", "hospital",          "cdc",       "quarantine_site", "telecom",
    "broadcasting",        "emergency_command", "prevention_factory", "logistics", "other"};

struct CarePlan {
  int64_t patrols_per_day = 0;  // 0: no routine patrol
  bool pressure_check = false;  // every patrol reads the pressure
  std::optional<std::string> contact_on_call;
  std::string measures;
  Instant updated_at;
};

struct LastPatrol {
  Instant done_at;
  bool ok = true;
  std::optional<double> pressure_m;
};

struct Customer {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_path, org_name;
  std::string name, category;
  int64_t tier = 1;
  std::string address;
  std::optional<std::string> contact_name, contact_phone;
  std::optional<int64_t> network_id;
  std::vector<std::string> nodes;
  std::optional<double> min_pressure_m, demand_m3h;
  std::string notes;
  bool active = true;
  Instant created_at, updated_at;
  int64_t version = 1;
  std::optional<CarePlan> care_plan;
  std::optional<LastPatrol> last_patrol;
};

// What a register write carries; on PATCH only the fields present are set.
struct CustomerFields {
  std::optional<int64_t> org_id;
  std::optional<std::string> name, category;
  std::optional<int64_t> tier;
  std::optional<std::string> address;
  std::optional<std::optional<std::string>> contact_name, contact_phone;
  std::optional<std::optional<int64_t>> network_id;
  std::optional<std::vector<std::string>> nodes;
  std::optional<std::optional<double>> min_pressure_m, demand_m3h;
  std::optional<std::string> notes;
};

struct Filter {
  std::optional<int64_t> org, network_id;
  std::optional<std::string> category, status, q;
};

// Supply security of a customer: the best of its nodes (it is cut off only
// when all of them are), and the segments whose isolation cuts all of them.
struct CriticalSegment {
  int32_t segment = 0;
  std::vector<std::string> valves;  // its boundary valves: closing them isolates it
  std::vector<std::string> inoperable_valves;  // those of them marked inoperable: its isolation reaches further
  double demand_m3s = 0, length_m = 0;
};
struct Supply {
  int32_t routes = 0;
  bool n1_secure = false;
  bool supplied = false;
  std::vector<CriticalSegment> critical_segments;
};

// An open incident whose plan affects the customer (repair's tables, read only).
struct OpenIncident {
  int64_t id = 0;
  std::string code, type, state, impact;  // state: its work order's (empty: none yet)
};

struct Reason {
  std::string code;    // incident_interrupted, incident_affected, not_supplied, not_n1_secure,
                       // patrol_overdue, low_pressure, patrol_problem, node_missing, quality_exceedance
  std::string detail;  // for people
};

// A customer as read: the stored row and what is computed from the engine
// and the other modules at the time of reading.
struct View {
  Customer customer;
  std::optional<Supply> supply;
  std::optional<double> x, y;  // coordinates of its first node
  std::vector<OpenIncident> incidents;
  bool patrol_overdue = false;
  std::string status = "normal";  // normal | at_risk | affected | interrupted
  std::vector<Reason> reasons;
};

struct Patrol {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string org_path;
  Instant done_at;
  std::string done_by_name;
  bool ok = true;
  std::optional<double> pressure_m;
  std::string findings;
  Instant created_at;
  nlohmann::json photos = nlohmann::json::array();
};

}  // namespace lifeline::app::assurance
