// Demo emergency repair: 长沙's crews and commando team with members and bases,
// incidents in every state on the demo timeline (the DN600 burst on day 3, the
// seed's 26 January 2020; the last two days' incidents, one repair under
// pressure at a designated hospital), SLA clocks running, a deferred
// disconnection order.
#pragma once

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when the data is already there.
Status seed_repair(Platform& platform);

}  // namespace lifeline::app::demo
