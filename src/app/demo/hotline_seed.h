// Demo hotline: the 2,696 calls of 24 January – 2 February 2020 (all handled),
// and today's calls, some grouped onto an incident.
#pragma once

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when the data is already there.
Status seed_hotline(Platform& platform);

}  // namespace lifeline::app::demo
