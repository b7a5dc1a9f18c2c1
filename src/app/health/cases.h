// Households (grid screening, 网格化排查) and home observation (居家观察) /
// centralised quarantine (集中隔离) with a visit every day.
//
// Every read of a person's household or cases goes through access.h:
// readable() for reads, self() or manageable() for writes, scope() for lists.
// A person the caller may not read answers 404. Changes are audited in their
// transaction; "health.observation" events {org_id, id, action} (no names, no
// readings) are published after commit.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/health/model.h"
#include "app/runtime.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

struct HouseholdMember {
  int64_t id = 0;
  int64_t staff_id = 0;
  std::string name;
  std::string relation;     // kRelations
  std::optional<std::string> phone;
  std::string risk_status;  // kRiskStatuses
  std::optional<std::string> recent_travel, returned_from, returned_on;
  Instant updated_at;
};

// POST (name, relation required; risk_status defaults to normal) and PATCH
// (absent: unchanged; inner nullopt: cleared).
struct MemberInput {
  std::optional<std::string> name, relation, risk_status;
  std::optional<std::optional<std::string>> phone, recent_travel, returned_from, returned_on;
};

struct Visit {
  int64_t id = 0;
  int64_t observation_id = 0;
  std::string day;
  Instant visited_at;
  std::string visitor;
  std::optional<double> temperature;
  std::optional<std::string> findings;
  bool fever = false;  // temperature at or above the utility's threshold
};

struct Observation {
  int64_t id = 0;
  int64_t staff_id = 0;
  std::string staff_name, employee_no;
  int64_t org_id = 0;
  std::string org_path, org_name;
  std::optional<int64_t> member_id;  // nullopt: the employee themself
  std::string subject_name;
  std::string kind;                  // home, centralised
  std::string reason;
  std::string start_on, planned_end_on;
  std::optional<std::string> released_on;
  std::optional<int64_t> released_by;
  Instant created_at;
  std::vector<Visit> visits;         // oldest first, when loaded
};

struct NewObservation {
  int64_t staff_id = 0;
  std::optional<int64_t> member_id;
  std::string kind, reason;
  std::optional<std::string> start_on;        // default: today
  std::optional<int64_t> days;                // 7 or 14 …
  std::optional<std::string> planned_end_on;  // … or an explicit end
};

struct NewVisit {
  std::string visitor;
  std::optional<Instant> visited_at;          // default: now
  std::optional<double> temperature;
  std::optional<std::string> findings;
};

struct Release {
  std::optional<std::string> released_on;    // default: today
  std::optional<std::string> note;
  bool early = false;                         // required before planned_end_on (with a note)
};

struct ObservationFilter {
  std::optional<int64_t> org;
  std::string status = "active";              // active, released, all
  std::optional<std::string> date;            // for today's visit status; default today
};

// A list of cases with each one's visit status on `date`.
struct ObservationList {
  std::string date;
  std::vector<Observation> items;
  std::vector<std::optional<Visit>> visit_on_date;  // parallel to items
};

// Alerts for a day: active cases without a visit that day, and cases whose
// planned end has come (ready for release).
struct DueList {
  std::string date;
  std::vector<Observation> missing_visit;
  std::vector<Observation> ready_for_release;
};

class Cases {
 public:
  explicit Cases(Runtime& rt) : rt_(rt) {}

  Result<std::vector<HouseholdMember>> household(const Actor& actor, int64_t staff_id);
  Result<HouseholdMember> add_member(const Actor& actor, int64_t staff_id, const MemberInput& in);
  Result<HouseholdMember> change_member(const Actor& actor, int64_t member_id, const MemberInput& in);
  Status remove_member(const Actor& actor, int64_t member_id);

  Result<Observation> open(const Actor& actor, const NewObservation& in);
  Result<ObservationList> list(const Actor& actor, const ObservationFilter& filter);
  Result<Observation> get(const Actor& actor, int64_t id);
  // The visit, and the case it belongs to.
  Result<std::pair<Visit, Observation>> visit(const Actor& actor, int64_t id, const NewVisit& in);
  Result<Observation> release(const Actor& actor, int64_t id, const Release& in);
  Result<DueList> due(const Actor& actor, std::optional<int64_t> org, std::optional<std::string> date);

 private:
  Runtime& rt_;
};

// The value checks of a member's fields (not whether required ones are present).
std::vector<FieldError> member_errors(const MemberInput& in);

// Shared with the health file and the purge.
namespace cases_repo {
Result<std::vector<HouseholdMember>> household_of(store::Tx& tx, int64_t staff_id);
Result<std::optional<HouseholdMember>> member(store::Tx& tx, int64_t id);
// A person's cases, newest first, with their visits.
Result<std::vector<Observation>> observations_of(store::Tx& tx, int64_t staff_id);
Result<std::optional<Observation>> observation(store::Tx& tx, int64_t id);
}  // namespace cases_repo

// Lists mask the phone number (138****5678); a single record shows it in full.
nlohmann::json to_json(const HouseholdMember& m, bool full_phone);
nlohmann::json to_json(const Visit& v);
nlohmann::json to_json(const Observation& o, bool with_visits = true);

}  // namespace lifeline::app::health
