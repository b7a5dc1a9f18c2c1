// Purging personal health data a retention period after the emergency ends.
//
// For every utility in the actor's scope: when no emergency is active over it
// (or over any unit inside it) and the last emergency that covered it ended
// more than settings.retention_days ago, personal health data dated before
// cutoff = (local date the emergency ended) + retention_days is deleted:
// check-ins, Idempotency-Key records, observation cases released before the
// cutoff with their visits, household members last changed before it (unless
// a kept case refers to them), outings back before it, entrance checks, notes
// and check-in links. Open observation cases stay. The staff register is HR
// data and stays.
//
// Before deleting, the census figures of every unit and day before the cutoff
// are archived into health_census_archive (the check-in and observation keys
// of kCountKeys), so the census of those days still answers; a day already
// archived by an earlier purge keeps its row. One transaction and one audit
// entry "health.purge" (counts only) per utility. A dry run counts without
// writing.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/runtime.h"
#include "core/result.h"

namespace lifeline::app::health {

struct PurgeReport {
  int64_t utility_id = 0;
  std::string utility_name;
  std::string status;   // purged, would_purge (dry run), kept
  std::string reason;   // why kept, for people
  std::optional<std::string> emergency_ended_on, cutoff;
  int retention_days = 0;
  std::map<std::string, int64_t> deleted;  // table → rows (would be) deleted
  int64_t archived_days = 0;               // archive rows (unit × day) written
};

// The tables purged, in deletion order.
inline constexpr const char* kPurgedTables[] = {"observation_visits", "observations", "household_members",
                                                "checkins",           "idempotency_keys", "outings",
                                                "entrance_checks",    "health_notes",  "checkin_links"};

class Retention {
 public:
  explicit Retention(Runtime& rt) : rt_(rt) {}

  // Only the system actor (the command line) purges.
  Result<std::vector<PurgeReport>> purge(const Actor& actor, bool dry_run);

 private:
  Result<PurgeReport> purge_utility(const Actor& actor, int64_t utility_id, bool dry_run);
  Runtime& rt_;
};

}  // namespace lifeline::app::health
