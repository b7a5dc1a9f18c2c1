// Demo group robots of 长沙水业集团 (a DingTalk command group, a WeCom health
// group with quiet hours, a Feishu dispatch group) with their routing, and
// two weeks of delivered notices on the timeline: the daily check-in
// reminders and missing lists, the DN600 burst's SLA messages, a pressure
// alarm that DingTalk refused (signature) while the secret was rotated.
#pragma once

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when the utility has robots already.
Status seed_notify(Platform& platform);

}  // namespace lifeline::app::demo
