// 株洲水务集团's wastewater plants report to the group at 08:00 and 16:00
// every day (docs/reports.md): two weeks of reports, acknowledged by the
// group's office, with one late and one missing.
#pragma once

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when the group's template exists.
Status seed_reports(Platform& p);

}  // namespace lifeline::app::demo
