// Sets of time spans (sorted, disjoint) and weekly windows laid out on the
// calendar: the arithmetic under coverage, restrictions and gaps.
#pragma once

#include <vector>

#include "app/duty/civil_time.h"
#include "app/duty/plan.h"

namespace lifeline::app::duty {

// Sorts and merges touching or overlapping spans; drops empty ones.
std::vector<Span> normalise(std::vector<Span> spans);
// Both inputs sorted and disjoint.
std::vector<Span> intersect(const std::vector<Span>& a, const std::vector<Span>& b);
std::vector<Span> subtract(const std::vector<Span>& a, const std::vector<Span>& b);
std::vector<Span> clip(const std::vector<Span>& a, Span to);
// The instants inside a weekly window within `within` (sorted, disjoint).
std::vector<Span> lay_out(const Zone& zone, const Weekly& w, Span within);

}  // namespace lifeline::app::duty
