// Valve-bounded segments: the parts of the network that closing isolation
// valves can shut off as a unit.
//
// Definition (WNTR's valve_segments, checked in shared/networks/segments):
// take a graph whose vertices are all nodes and all links; join each link
// to each of its end nodes unless a valve (link, node) sits there; the
// segments are the connected components. A link valved at both ends is a
// segment of its own. Links listed as closed join neither end (water cannot
// pass them, so they bound segments like closed valves).
//
// Cost: O((nodes + links) α) with union-find; no recursion.
#pragma once

#include <cstdint>
#include <vector>

#include "net/network.h"
#include "net/valve_layer.h"

namespace lifeline::analysis {

using SegmentId = std::int32_t;

struct Segmentation {
  SegmentId count = 0;
  std::vector<SegmentId> node_segment;  // per node, 0..count-1
  std::vector<SegmentId> link_segment;  // per link
};

// closed_links: empty, or one flag per link (true: closed, see above).
Segmentation find_segments(const net::Network& net, const net::ValveLayer& layer,
                           const std::vector<bool>& closed_links = {});

}  // namespace lifeline::analysis
