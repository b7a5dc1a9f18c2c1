// Demo staff-health data: the registers of 长沙水业集团 (~2,700 staff over its
// units, the csws demo logins on it) and 株洲水务集团 (a smaller one), their
// check-ins every day from day 0 of the demo timeline (the day level I made
// check-in required) to today (today ~85% done, so the missing list shows),
// Spring-Festival travel around the seed's 25 January (day 2), settings, risk
// areas on the seed's days, households, three home-observation cases (one
// without today's visit), outings (one overdue) and entrance checks (one
// alert). Built from the scale generator's pieces (app/health/generate.h).
#pragma once

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when 长沙水业集团 already has a register.
Status seed_health(Platform& platform);

}  // namespace lifeline::app::demo
