// Isolation plan for a burst (or any failure) on a link or at a node: which
// valves to close, what they shut in, what else loses supply because of it
// (unintended isolation: segments left without a path to any source), and
// who is affected.
//
// Inoperable valves: a valve that will not turn cannot bound the shutdown,
// so the segment beyond it joins the shut-in area and its own boundary
// valves are closed instead, repeatedly (a bounded search over the segment
// graph). The plan then also reports the impact had all valves worked.
//
// Repair under pressure (带水作业): nothing is closed; the plan reports who
// would have been affected by a shutdown, with shutdown = false.
//
// Cost: with all valves operable the cut-off set is the failed segment's
// subtree in the supply tree, O(output). With inoperable valves it is a set
// of budget-doubling, source-directed searches from the shut-in area's
// neighbours that stop at a source; the worst case is O(boundary × size of
// the largest cut-off area × log), typically the distance to a source.
#pragma once

#include <optional>
#include <vector>

#include "analysis/segmented_network.h"

namespace lifeline::analysis {

struct Failure {
  enum class Kind { link, node };
  Kind kind = Kind::link;
  net::Index index = net::kNone;
  static Failure on_link(net::Index link) { return {Kind::link, link}; }
  static Failure at_node(net::Index node) { return {Kind::node, node}; }
};

struct IsolationRequest {
  Failure failure;
  std::vector<std::int32_t> inoperable_valves;  // valve indices, besides those the layer marks inoperable
  bool under_pressure = false;
};

struct IsolationImpact {
  std::vector<SegmentId> isolated_segments;  // shut in by the closed valves (sorted)
  std::vector<SegmentId> cut_off_segments;   // supplied before, no path to a source after (sorted)
  std::vector<net::Index> dry_demand_nodes;  // junctions with demand in either set (sorted)
  std::vector<std::int32_t> customers;       // priority customers without water (indices, sorted)
  double demand_lost = 0;                    // m³/s (base demand × multiplier)
  double pipe_length_isolated = 0;           // m, pipes in shut-in segments
  double pipe_length_cut_off = 0;            // m, pipes in cut-off segments
};

struct IsolationPlan {
  SegmentId segment = 0;                      // the failed element's segment
  bool shutdown = true;                       // false: repair under pressure
  std::vector<std::int32_t> valves_to_close;  // valve indices (sorted); empty under pressure
  std::vector<std::int32_t> inoperable_met;   // inoperable valves on the way (sorted)
  IsolationImpact impact;
  std::optional<IsolationImpact> all_valves_working;  // set when inoperable valves widened the shutdown
  std::vector<std::int32_t> ideal_valves_to_close;    // the plan had all valves worked (same condition)
};

IsolationPlan plan_isolation(const SegmentedNetwork& network, const IsolationRequest& request);

// Reference for tests: the segments left without supply when `removed` are
// taken out, by one breadth-first search from the super-source. O(S + E).
std::vector<SegmentId> cut_off_by_search(const SegmentedNetwork& network, const std::vector<SegmentId>& removed);

}  // namespace lifeline::analysis
