#include "analysis/criticality.h"

#include <algorithm>

#include "analysis/isolation_plan.h"

namespace lifeline::analysis {
namespace {

std::size_t at(SegmentId s) { return static_cast<std::size_t>(s); }

SegmentCriticality own(const SegmentedNetwork& network, SegmentId s) {
  SegmentCriticality c;
  c.segment = s;
  c.valves_to_close = static_cast<std::int32_t>(network.graph().edges(s).size());
  c.demand_nodes_lost = network.demand_nodes(s);
  c.customers_lost = static_cast<std::int32_t>(network.customers_in(s).size());
  c.demand_lost = network.demand(s);
  c.pipe_length_lost = network.pipe_length(s);
  return c;
}

void add_cut_off(SegmentCriticality& into, const SegmentCriticality& other) {
  into.demand_nodes_lost += other.demand_nodes_lost;
  into.customers_lost += other.customers_lost;
  into.demand_lost += other.demand_lost;
  into.pipe_length_lost += other.pipe_length_lost;
  into.cut_off_segments += 1 + other.cut_off_segments;
  into.cut_off_demand += other.demand_lost;
}

CriticalityReport ranked(std::vector<SegmentCriticality> rows, std::int32_t unsupplied) {
  std::sort(rows.begin(), rows.end(), [](const SegmentCriticality& a, const SegmentCriticality& b) {
    if (a.customers_lost != b.customers_lost) return a.customers_lost > b.customers_lost;
    if (a.demand_lost != b.demand_lost) return a.demand_lost > b.demand_lost;
    return a.segment < b.segment;
  });
  return CriticalityReport{std::move(rows), unsupplied};
}

}  // namespace

CriticalityReport rank_criticality(const SegmentedNetwork& network) {
  const DominatorTree& tree = network.supply_tree();
  const SegmentId n = network.graph().size();
  std::vector<SegmentCriticality> acc(at(n));
  for (SegmentId s = 0; s < n; ++s) acc[at(s)] = own(network, s);
  // Children come after their parent in preorder: fold subtrees bottom-up.
  for (std::size_t i = tree.order.size(); i-- > 1;) {
    SegmentId v = tree.order[i];
    SegmentId parent = tree.idom[at(v)];
    if (parent != network.super_source()) add_cut_off(acc[at(parent)], acc[at(v)]);
  }
  std::vector<SegmentCriticality> rows;
  std::int32_t unsupplied = 0;
  for (SegmentId s = 0; s < n; ++s) {
    if (network.supplied(s)) rows.push_back(acc[at(s)]);
    else ++unsupplied;
  }
  return ranked(std::move(rows), unsupplied);
}

CriticalityReport criticality_by_removal(const SegmentedNetwork& network) {
  const SegmentId n = network.graph().size();
  std::vector<SegmentCriticality> rows;
  std::int32_t unsupplied = 0;
  for (SegmentId s = 0; s < n; ++s) {
    if (!network.supplied(s)) {
      ++unsupplied;
      continue;
    }
    SegmentCriticality c = own(network, s);
    for (SegmentId lost : cut_off_by_search(network, {s})) {
      if (lost == s) continue;
      SegmentCriticality other = own(network, lost);
      c.demand_nodes_lost += other.demand_nodes_lost;
      c.customers_lost += other.customers_lost;
      c.demand_lost += other.demand_lost;
      c.pipe_length_lost += other.pipe_length_lost;
      c.cut_off_segments += 1;
      c.cut_off_demand += other.demand_lost;
    }
    rows.push_back(c);
  }
  return ranked(std::move(rows), unsupplied);
}

}  // namespace lifeline::analysis
