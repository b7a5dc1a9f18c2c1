// Dual supply (双水源): how many independent supply routes reach a node,
// counted at segment level — vertex-disjoint paths through the segment
// graph from distinct source segments (max-flow with node splitting,
// capped), whether it is N-1 secure, and which single segments' isolation
// would cut it off (its dominators in the supply tree, nearest first).
//
// Routes >= 2 means no single other segment can cut the node off (Menger);
// a node inside a source segment has one route through that source.
// Cost per node: O(cap × (S + E)) for the routes in the worst case — the
// searches start at the node and stop at the nearest sources — and O(depth)
// for the list.
#pragma once

#include <span>
#include <vector>

#include "analysis/segmented_network.h"

namespace lifeline::analysis {

struct SupplyRedundancy {
  net::Index node = net::kNone;
  SegmentId segment = 0;
  std::int32_t routes = 0;                  // independent routes, at most the cap
  bool n1_secure = false;                   // supplied, and no other single segment cuts it off
  std::vector<SegmentId> critical_segments; // segments whose isolation alone cuts it off (not its own)
};

std::vector<SupplyRedundancy> assess_dual_supply(const SegmentedNetwork& network, std::span<const net::Index> nodes,
                                                 std::int32_t cap = 3);

}  // namespace lifeline::analysis
