// The census counts per unit and day (table checkin_counts), kept in the
// same transaction as every check-in, so the census of a day or a month
// reads a few hundred small rows instead of every check-in of the subtree
// (docs/health-scale.md). A check-in adds its flags to the row of its unit,
// day and shard (staff_id % 8, so concurrent check-ins of one unit rarely
// wait on one row lock); a resubmission moves its old flags out and its new
// flags in. Bulk writers (the generator, the demo seed, the purge) recount
// the days they touched from the rows instead.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

inline constexpr int kCountShards = 8;

// The counted columns, in the table's order (a subset of kCountKeys).
inline constexpr const char* kCheckinCountKeys[] = {"checked_in", "late",         "abnormal",        "fever",
                                                    "symptoms",   "contact",      "away",            "not_returned",
                                                    "from_risk_areas", "on_duty", "isolated"};
inline constexpr size_t kCheckinCountSize = std::size(kCheckinCountKeys);

// What one check-in adds to its unit's counts.
struct CountedCheckin {
  int64_t staff_id = 0;
  std::string org_path, day;
  bool late = false, abnormal = false, fever = false, symptoms = false, risk_travel = false;
  std::string contact, location, work_status;
};

// Adds `after` (a new check-in), or replaces `before` by `after` (a
// resubmission), in the counts.
Status count_checkin(store::Tx& tx, const CountedCheckin* before, const CountedCheckin& after);

// Recounts the days [from, to] of the subtree `path_prefix` from the check-in rows.
Status recount_checkins(store::Tx& tx, const std::string& path_prefix, const std::string& from, const std::string& to);

// SELECT list summing the counts: "SUM(checked_in), SUM(late), ..." in kCheckinCountKeys order.
std::string sum_of_counts();

}  // namespace lifeline::app::health
