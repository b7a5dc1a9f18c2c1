// Temperature checks at site entrances (门岗测温), for employees and
// registered visitors. A reading at or above the utility's fever threshold
// (settings.h) is an alert: stored with alert = 1, answered `alert: true`,
// and announced as the event "health.entrance_alert" {org_id, id} after commit.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/runtime.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

struct Visitor {
  std::string name;
  std::optional<std::string> phone, purpose, host;
};

struct EntranceCheck {
  int64_t id = 0;
  int64_t org_id = 0;  // the site
  std::string org_path, org_name;
  Instant at;
  std::optional<int64_t> staff_id;  // nullopt for a visitor
  std::string staff_name, employee_no;
  std::optional<Visitor> visitor;
  double temperature = 0;
  bool alert = false;
  std::string recorded_by_name;
};

struct NewEntranceCheck {
  int64_t org_id = 0;
  std::optional<std::string> employee_no;
  std::optional<int64_t> staff_id;
  std::optional<Visitor> visitor;
  double temperature = 0;
  std::optional<Instant> at;  // default: now
};

struct EntranceFilter {
  std::optional<int64_t> org;
  std::optional<std::string> date;  // default: today
  bool alert_only = false;
};

struct EntranceList {
  std::string date;
  std::vector<EntranceCheck> items;
  int64_t alerts = 0, visitors = 0;
};

class Entrance {
 public:
  explicit Entrance(Runtime& rt) : rt_(rt) {}

  Result<EntranceCheck> record(const Actor& actor, const NewEntranceCheck& in);
  Result<EntranceList> list(const Actor& actor, const EntranceFilter& filter);

 private:
  Runtime& rt_;
};

namespace entrance_repo {
// A person's checks in [from, to), newest first.
Result<std::vector<EntranceCheck>> of(store::Tx& tx, int64_t staff_id, Instant from, Instant to);
}  // namespace entrance_repo

// `full_phone`: the visitor's phone in full (the answer to the guard who typed it); lists mask it.
nlohmann::json to_json(const EntranceCheck& c, bool full_phone);

}  // namespace lifeline::app::health
