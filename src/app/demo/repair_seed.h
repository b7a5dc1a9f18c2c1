// Demo emergency repair: 长沙's crews and commando team with members and bases,
// incidents of the last days in every state (one DN600 burst, one repair under
// pressure at a designated hospital), SLA clocks running, a deferred
// disconnection order.
#pragma once

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when the data is already there.
Status seed_repair(Platform& platform);

}  // namespace lifeline::app::demo
