// Staff health (健康管理): the people on the register and the per-utility rules
// every part of the module shares. Parts: register (staff import), links
// (personal check-in QR codes), checkins (daily check-in and its rules),
// census (counts, missing, trends, daily summary), cases (households and
// home observation), outings, entrance (site temperature checks), file (one
// person's timeline), retention (purge after the emergency).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace lifeline::app::health {

// One employee on the register.
struct Staff {
  int64_t id = 0;
  int64_t utility_id = 0;
  int64_t org_id = 0;
  std::string org_path;  // of the unit they work in
  std::string org_name;
  std::string employee_no;
  std::string name;
  std::optional<std::string> position, phone, id_number, home_district;
  bool key_post = false;
  std::optional<int64_t> user_id;
  bool active = true;
  std::string joined_on;
  std::optional<std::string> left_on;
  Instant updated_at;
  int64_t version = 1;
};

// Choices offered on the forms (stored as these codes; the UI translates them).
inline constexpr const char* kLocations[] = {"in_town", "away", "not_returned"};
inline constexpr const char* kContacts[] = {"none", "suspected", "confirmed"};
inline constexpr const char* kWorkStatuses[] = {"on_duty", "remote", "leave", "isolated"};
inline constexpr const char* kRiskStatuses[] = {"normal", "home_observation", "quarantine", "suspected", "confirmed"};
inline constexpr const char* kRelations[] = {"spouse", "child", "parent", "sibling", "other"};

// The census figures, in this order in the API, the XLSX export and the
// archive kept after a purge. headcount and missing come from the register;
// home_observation and quarantine from active observation cases; the rest
// from that day's check-ins.
inline constexpr const char* kCountKeys[] = {
    "headcount", "checked_in", "missing", "late", "abnormal", "fever", "symptoms", "contact",
    "home_observation", "quarantine", "away", "not_returned", "from_risk_areas", "on_duty", "isolated"};

}  // namespace lifeline::app::health
