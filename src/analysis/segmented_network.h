// Everything the isolation, dual-supply and criticality analyses share,
// computed once per (network, valve layer, customers, options): the
// segments, the segment graph, per-segment totals and the supply tree —
// the dominator tree of the segment graph rooted at a super-source joined
// to every segment that holds a source. Isolating segment s (closing its
// boundary valves) cuts off exactly the segments s dominates.
//
// Sources: reservoirs always; tanks too by default, because a tank keeps a
// cut-off area in water for hours, which covers most repairs. Choose
// reservoirs_only for the strict view (only treatment plants / bulk supply).
//
// Topology only: every open link passes water both ways (pumps and check
// valves included); closed links pass none. Building is O((N + L) log N).
// The object refers to the Network and ValveLayer it was built from, which
// must outlive it. Immutable after build; concurrent reads are safe.
#pragma once

#include <vector>

#include "analysis/dominator_tree.h"
#include "analysis/segment_graph.h"
#include "analysis/segments.h"
#include "net/priority_customer.h"

namespace lifeline::analysis {

enum class SourcePolicy { reservoirs_and_tanks, reservoirs_only };

struct SupplyOptions {
  SourcePolicy sources = SourcePolicy::reservoirs_and_tanks;
  // Links with status CLOSED in the model (pipes, and valves fixed closed)
  // that no control or rule can open count as closed.
  bool model_closed_links = true;
  std::vector<net::Index> closed_links;  // closed in the field right now, in addition
};

// Pipes/valves whose CLOSED status is static (no [CONTROLS] or [RULES] entry
// names them). Pumps are left out: their status is an operating decision.
std::vector<bool> statically_closed_links(const net::Network& net);

class SegmentedNetwork {
 public:
  SegmentedNetwork(const net::Network& net, const net::ValveLayer& layer,
                   std::vector<net::PriorityCustomer> customers = {}, SupplyOptions options = {});

  const net::Network& network() const { return *net_; }
  const net::ValveLayer& valves() const { return *layer_; }
  const std::vector<net::PriorityCustomer>& customers() const { return customers_; }
  const Segmentation& segments() const { return segments_; }
  const SegmentGraph& graph() const { return graph_; }
  const std::vector<bool>& closed_links() const { return closed_; }

  // The supply tree: vertices 0..S-1 are segments, S is the super-source.
  const DominatorTree& supply_tree() const { return tree_; }
  SegmentId super_source() const { return graph_.size(); }
  bool supplied(SegmentId s) const { return tree_.reachable(s); }  // false: dry even with all valves open
  bool is_source(SegmentId s) const { return source_[static_cast<std::size_t>(s)] != 0; }

  // Per-segment totals.
  double demand(SegmentId s) const { return demand_[static_cast<std::size_t>(s)]; }            // m³/s, base × multiplier
  double pipe_length(SegmentId s) const { return length_[static_cast<std::size_t>(s)]; }       // m
  std::int32_t demand_nodes(SegmentId s) const { return demand_nodes_[static_cast<std::size_t>(s)]; }  // junctions with demand > 0
  std::span<const std::int32_t> customers_in(SegmentId s) const;  // indices into customers()
  // Valves to cross from the nearest source segment (0 for a source; -1 if none).
  std::int32_t source_distance(SegmentId s) const { return source_distance_[static_cast<std::size_t>(s)]; }

 private:
  const net::Network* net_;
  const net::ValveLayer* layer_;
  std::vector<net::PriorityCustomer> customers_;
  std::vector<bool> closed_;
  Segmentation segments_;
  SegmentGraph graph_;
  DominatorTree tree_;
  std::vector<std::uint8_t> source_;
  std::vector<double> demand_, length_;
  std::vector<std::int32_t> demand_nodes_, source_distance_;
  std::vector<std::size_t> customer_offsets_;
  std::vector<std::int32_t> customer_items_;
};

// The supply graph in CSR form (segments + super-source), as the supply
// tree and the brute-force checks traverse it.
struct SupplyGraph {
  std::vector<std::size_t> offsets;
  std::vector<std::int32_t> targets;
};
SupplyGraph supply_graph(const SegmentGraph& graph, const std::vector<std::uint8_t>& is_source);

}  // namespace lifeline::analysis
