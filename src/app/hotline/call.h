// A hotline call (来电) as stored, the reads every part shares, and its JSON.
// The caller's number never leaves this module unmasked except through the
// audited reveal (Calls::caller).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/repair/incidents.h"
#include "app/runtime.h"
#include "core/clock.h"
#include "core/local_time.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::hotline {

inline constexpr const char* kCategories[] = {"no_water", "low_pressure", "burst_leak", "quality",
                                              "billing",  "epidemic_policy", "other"};
inline constexpr const char* kStates[] = {"open", "handled", "transferred", "closed"};

struct Call {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_path, org_name;
  int64_t utility_id = 0;
  std::string day, code;
  Instant received_at;
  std::string caller_phone;  // normalised digits: mask before showing
  std::string category, address, summary, state;
  std::optional<double> x, y;
  std::optional<int64_t> incident_id;
  std::string incident_code, incident_state;  // the incident's work-order state
  std::string taken_by_name;
  std::optional<Instant> responded_at, closed_at, followed_up_at;
  std::optional<std::string> transferred_to, follow_up_note;
  std::string resolution;
  std::optional<int64_t> satisfaction;
  int64_t version = 1;
  int64_t repeat_count = 0;  // earlier calls from the same number in the 30 days before this one
};

namespace call_repo {
Result<std::optional<Call>> find(store::Tx& tx, int64_t id);
// `where` starts with "WHERE" or "AND"-free conditions over alias c.
Result<std::vector<Call>> load(store::Tx& tx, const std::string& where, const store::Params& params);
}  // namespace call_repo

// The utility's business dates (the configured zone, else Asia/Shanghai).
LocalTime local_time(const Runtime& rt);

// An org unit in the actor's subtree (default: the actor's own); another
// utility's unit is not found, naming `field`.
struct Unit {
  int64_t id = 0;
  std::string path, kind;
};
Result<Unit> unit_in_scope(store::Tx& tx, const Actor& actor, std::optional<int64_t> org, const char* field);

// The call when the actor's unit subtree holds it; another unit's call is not found.
Result<Call> visible_call(store::Tx& tx, const Actor& actor, int64_t id);

// The API shape; `nearby` only in single-call answers (group candidates).
nlohmann::json to_json(const Call& c, Instant now,
                       const std::optional<std::vector<repair::NearbyIncident>>& nearby = std::nullopt);
// What the audit trail keeps of a call (the number masked).
nlohmann::json audit_json(const Call& c);

}  // namespace lifeline::app::hotline
