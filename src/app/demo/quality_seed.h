// Demo water quality: 长沙水业集团's three plants (第二/第五/第八水厂) with
// raw, process and outlet points, 80 network and network-end points and six
// secondary-supply pump rooms on the demo network's nodes, a point at each
// hospital and each of the 46 fever clinics, the CJ/T 206 plans with the
// raised set of the level-I response, and the results of every task since
// day 1 at the raised frequency (shift, plant and centre levels, reviewed by
// three people). On day 9 a network end's residual chlorine falls to 0.02
// mg/L: the case, its retests at the point and its neighbours, the cause
// and the three passes that close it are made through the services at the
// timeline's hours, so the audit shows them.
#pragma once

#include <string>

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when the utility already has sampling points.
Status seed_quality(Platform& platform, const std::string& password);

}  // namespace lifeline::app::demo
