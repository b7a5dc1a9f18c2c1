// Daily check-ins: submission (self, link, proxy), the rules that make one abnormal, risk areas.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/api/idempotency.h"
#include "app/health/model.h"
#include "app/health/risk_areas.h"
#include "app/health/rules.h"
#include "app/runtime.h"
#include "core/local_time.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

// One stored check-in.
struct Checkin {
  int64_t id = 0;
  int64_t staff_id = 0;
  int64_t org_id = 0;
  std::string org_path;
  std::string day;
  Instant submitted_at;
  std::string channel;  // self, link, proxy
  std::optional<int64_t> entered_by;
  std::optional<std::string> entered_by_name;
  CheckinInput input;
  bool late = false, fever = false, has_symptoms = false, abnormal = false;
  std::vector<std::string> reasons;  // codes
  int64_t version = 1;
};

// Columns and row mapping for parts that read check-ins (the health file):
//   tx.query(std::string(kCheckinSelect) + "WHERE c.staff_id = ? ORDER BY c.day DESC", ...)
extern const char* const kCheckinSelect;
Checkin checkin_from_row(const store::Row& row);
// The record as the person and health officers see it; `areas`: the
// utility's active areas that day (for the risk-area reason's detail).
nlohmann::json to_json(const Checkin& c, const std::vector<RiskArea>& areas);

// Who submits: the person's own login, a personal link, or a health officer for someone.
struct Submission {
  const Actor* actor = nullptr;           // self and proxy
  std::optional<std::string> link_token;  // link
  std::optional<int64_t> staff_id;        // proxy
  CheckinInput input;
  std::optional<std::string> idempotency_key;
  std::string fingerprint;                // api::request_fingerprint
  std::string request_id, remote_address; // for the audit trail of link submissions
};

struct Submitted {
  int status = 201;       // 201 created, 200 updated (or the replayed status)
  std::string body;       // JSON, exactly as stored for replays
  bool replayed = false;
  bool key_reused = false;  // the key answered a different request: 422
};

struct CheckinFilter {
  std::optional<int64_t> org;
  std::optional<std::string> date;
  bool abnormal_only = false;
  int limit = 50;
  int offset = 0;
};

// A change of a utility's rules (absent fields stay).
struct SettingsPatch {
  std::optional<int> window_start, deadline;
  std::optional<double> fever_celsius;
  std::optional<std::vector<std::string>> symptoms;
  std::optional<int> retention_days;
};

class Checkins {
 public:
  explicit Checkins(Runtime& rt);

  Result<Submitted> submit(const Submission& s);
  // The phone page's first paint (the actor's own record, or the link's person).
  Result<nlohmann::json> form(const Actor* actor, const std::optional<std::string>& link_token);
  // A day's check-ins of a unit subtree (health officers).
  Result<nlohmann::json> list(const Actor& actor, const CheckinFilter& f);

  // The rules of the utility of `org` (health.census).
  Result<nlohmann::json> settings(const Actor& actor, std::optional<int64_t> org);
  Result<nlohmann::json> update_settings(const Actor& actor, std::optional<int64_t> org, const SettingsPatch& p);

  RiskAreas& risk_areas() { return areas_; }
  const LocalTime& local_time() const { return *tz_; }

 private:
  Runtime& rt_;
  std::optional<LocalTime> tz_;
  api::Idempotency idem_;
  RiskAreas areas_;
};

}  // namespace lifeline::app::health
