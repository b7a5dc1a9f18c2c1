// Outing registration (外出登记): a person (or a health officer for them)
// requests an outing, the unit head approves or rejects it (outings.approve
// over the person's unit, never one's own), the return is recorded.
//
//   requested → approved | rejected | cancelled;  approved → returned
//
// Any other transition is a conflict naming the current status. An approved
// outing whose planned return has passed without a return is overdue.
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

struct Outing {
  int64_t id = 0;
  int64_t staff_id = 0;
  std::string staff_name, employee_no;
  int64_t org_id = 0;
  std::string org_path, org_name;
  std::string destination, purpose;
  Instant depart_at, planned_return_at;
  std::string status;  // requested, approved, rejected, returned, cancelled
  std::optional<int64_t> decided_by;
  std::string decided_by_name;
  std::optional<Instant> decided_at;
  std::optional<std::string> decision_note;
  std::optional<Instant> returned_at;
  Instant created_at;

  bool overdue(Instant now) const { return status == "approved" && planned_return_at < now && !returned_at; }
};

struct NewOuting {
  std::optional<int64_t> staff_id;  // someone else: health.manage over them
  std::string destination, purpose;
  Instant depart_at, planned_return_at;
};

struct OutingFilter {
  std::optional<int64_t> org;
  std::optional<std::string> status;
  bool overdue_only = false;
};

struct OutingList {
  std::vector<Outing> items;
  int64_t overdue = 0;                      // among the items
};

class Outings {
 public:
  explicit Outings(Runtime& rt) : rt_(rt) {}

  Result<Outing> request(const Actor& actor, const NewOuting& in);
  // health.records or outings.approve, over the unit subtree.
  Result<OutingList> list(const Actor& actor, const OutingFilter& filter);
  Result<OutingList> mine(const Actor& actor);
  // decision: "approve" or "reject" (a note is required to reject).
  Result<Outing> decide(const Actor& actor, int64_t id, const std::string& decision,
                        const std::optional<std::string>& note);
  Result<Outing> record_return(const Actor& actor, int64_t id, std::optional<Instant> returned_at);
  Result<Outing> cancel(const Actor& actor, int64_t id);

  Instant now() const { return rt_.clock.now(); }

 private:
  Runtime& rt_;
};

namespace outings_repo {
// A person's outings, newest first.
Result<std::vector<Outing>> of(store::Tx& tx, int64_t staff_id);
Result<std::optional<Outing>> find(store::Tx& tx, int64_t id);
}  // namespace outings_repo

nlohmann::json to_json(const Outing& o, Instant now);

}  // namespace lifeline::app::health
