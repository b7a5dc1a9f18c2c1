// Demo staff-health data: the registers of 长沙水业集团 (~2,700 staff over its
// units, the csws demo logins on it) and 株洲水务集团 (a smaller one), 14 days
// of check-ins up to today (today ~85% done, so the missing list shows),
// settings, risk areas, households, three home-observation cases (one without
// today's visit), outings (one overdue) and entrance checks (one alert).
// Days are relative to the real clock. Built from the scale generator's pieces
// (app/health/generate.h).
#pragma once

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when 长沙水业集团 already has a register.
Status seed_health(Platform& platform);

}  // namespace lifeline::app::demo
