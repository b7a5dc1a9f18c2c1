// 长沙水业集团's "1+1+6" supervision teams at work (docs/supervision.md): the
// HQ's checklist, two weeks of rounds of the units each team supervises,
// findings with rectification items — closed, answered, open and one
// overdue — and a round planned for tomorrow.
#pragma once

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when the group has a checklist.
Status seed_supervision(Platform& p);

}  // namespace lifeline::app::demo
