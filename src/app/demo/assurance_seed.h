// Demo supply assurance: 长沙水业集团's priority-customer register on the demo network
// (designated hospitals, the 46 fever clinics, CDC, telecom, command), care
// plans and their patrols every day of the demo timeline from day 1 (the last
// day's through the service; one clinic overdue, one with low pressure).
#pragma once

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when the data is already there.
Status seed_assurance(Platform& platform);

}  // namespace lifeline::app::demo
