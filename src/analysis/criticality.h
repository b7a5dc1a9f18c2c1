// Segment criticality: for every segment, the impact of isolating it —
// customers and priority customers that lose water, demand lost, and the
// unintended isolation (other segments cut off from every source).
//
// rank_criticality uses the supply tree (SegmentedNetwork): isolating s cuts
// off exactly the segments s dominates, so one pass of subtree sums over the
// dominator tree gives every segment's impact in O(S + E) after the
// O(E log S) tree. criticality_by_removal is the obvious reference — remove
// each segment, search from the sources — O(S (S + E)); it exists to check
// the fast one and to measure the speed-up.
#pragma once

#include <vector>

#include "analysis/segmented_network.h"

namespace lifeline::analysis {

struct SegmentCriticality {
  SegmentId segment = 0;
  std::int32_t valves_to_close = 0;      // boundary valves of the segment
  std::int32_t demand_nodes_lost = 0;    // junctions with demand, in the segment and cut off
  std::int32_t customers_lost = 0;       // priority customers, in the segment and cut off
  double demand_lost = 0;                // m³/s
  double pipe_length_lost = 0;           // m
  std::int32_t cut_off_segments = 0;     // unintended isolation: segments other than s cut off
  double cut_off_demand = 0;             // m³/s of that
  bool operator==(const SegmentCriticality&) const = default;
};

struct CriticalityReport {
  // Supplied segments, most critical first: priority customers lost, then
  // demand lost, then segment id.
  std::vector<SegmentCriticality> ranking;
  std::int32_t unsupplied_segments = 0;  // dry even with every valve open (no path to a source)
};

CriticalityReport rank_criticality(const SegmentedNetwork& network);
CriticalityReport criticality_by_removal(const SegmentedNetwork& network);

}  // namespace lifeline::analysis
