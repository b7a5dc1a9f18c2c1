// Demo hotline, on the demo timeline: the 2,696 calls of days 1–10 (the seed's
// 24 January – 2 February 2020, all handled), a smaller flow on days 11–18,
// and today's calls through the console, some open, one grouped onto an incident.
#pragma once

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when the data is already there.
Status seed_hotline(Platform& platform);

}  // namespace lifeline::app::demo
