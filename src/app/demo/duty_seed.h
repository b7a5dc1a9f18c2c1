// 长沙水业集团's duty (docs/duty.md): the dispatch centre with its red phone,
// the leader on duty, plant, control-room, hotline and drainage posts, each
// with its Spring Festival roster and the epidemic roster that replaced it
// when the level-I response began; two weeks of shift check-ins, duty logs,
// hand-overs and spot checks; a swap request waiting for the commander.
#pragma once

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when the group's duty posts exist.
Status seed_duty(Platform& p);

}  // namespace lifeline::app::demo
