// Fitness for duty, read by the duty module so that nobody unfit is scheduled
// (docs/duty.md). Read-only; the one seam duty has into health.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/local_time.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

struct UnfitDay {
  int64_t staff_id = 0;
  std::string day;     // local date
  std::string reason;  // quarantine, home_observation, fever, abnormal, not_returned, away, outing
};

// Everyone on the register in the subtree `org_path` who is unfit for duty on
// a day in [from_day, to_day] (at most 366 days), one row per person and day
// with the most serious reason, in the order above: centralised quarantine or
// home observation of the employee (active that day, as the census counts it),
// a fever (at the check-in or at a site's entrance) or an otherwise abnormal
// check-in, a check-in away from town or not yet returned, an approved outing that day. Sorted by person and day.
Result<std::vector<UnfitDay>> unfit_people(store::Tx& tx, const std::string& org_path, const std::string& from_day,
                                           const std::string& to_day, const LocalTime& local);

}  // namespace lifeline::app::health
