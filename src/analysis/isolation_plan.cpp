#include "analysis/isolation_plan.h"

#include <algorithm>

namespace lifeline::analysis {
namespace {

enum : std::uint8_t { kUnknown = 0, kShutIn, kSupplied, kCutOff, kVisiting };

std::size_t at(SegmentId s) { return static_cast<std::size_t>(s); }

// Segments that lose supply when the connected set `shut` is removed: search
// from each neighbour of the set until a source (or a segment already known
// to be supplied) is found; a search that runs out of segments has found a
// cut-off area. Budgets double so a far-away source cannot make one search
// expensive while another would finish cheaply.
std::vector<SegmentId> cut_off_around(const SegmentedNetwork& network, const std::vector<SegmentId>& shut) {
  const SegmentGraph& g = network.graph();
  std::vector<std::uint8_t> state(at(g.size()), kUnknown);
  for (SegmentId s : shut) state[at(s)] = kShutIn;
  std::vector<SegmentId> pending, cut_off, visited, queue;
  for (SegmentId s : shut) {
    for (const auto& e : g.edges(s)) {
      if (state[at(e.to)] == kUnknown && network.supplied(e.to)) pending.push_back(e.to);
    }
  }
  std::size_t budget = 64;
  while (!pending.empty()) {
    std::vector<SegmentId> retry;
    for (SegmentId w : pending) {
      if (state[at(w)] != kUnknown) continue;
      visited.assign(1, w);
      state[at(w)] = kVisiting;
      bool supplied = network.is_source(w), over_budget = false;
      for (std::size_t head = 0; head < visited.size() && !supplied; ++head) {
        if (visited.size() > budget) {
          over_budget = true;
          break;
        }
        for (const auto& e : g.edges(visited[head])) {
          std::uint8_t st = state[at(e.to)];
          if (st == kSupplied || (st == kUnknown && network.is_source(e.to))) {
            supplied = true;
            break;
          }
          if (st != kUnknown) continue;
          state[at(e.to)] = kVisiting;
          visited.push_back(e.to);
        }
      }
      std::uint8_t result = supplied ? kSupplied : over_budget ? kUnknown : kCutOff;
      for (SegmentId v : visited) state[at(v)] = result;
      if (result == kCutOff) cut_off.insert(cut_off.end(), visited.begin(), visited.end());
      if (result == kUnknown) retry.push_back(w);
    }
    pending.swap(retry);
    budget *= 2;
  }
  std::sort(cut_off.begin(), cut_off.end());
  return cut_off;
}

IsolationImpact impact_of(const SegmentedNetwork& network, std::vector<SegmentId> isolated,
                          std::vector<SegmentId> cut_off) {
  const auto& net = network.network();
  IsolationImpact out;
  std::sort(isolated.begin(), isolated.end());
  out.isolated_segments = std::move(isolated);
  out.cut_off_segments = std::move(cut_off);
  auto add = [&](SegmentId s, double& length) {
    for (net::Index n : network.graph().nodes(s)) {
      const auto& node = net.nodes[static_cast<std::size_t>(n)];
      if (node.type != net::NodeType::junction) continue;
      double base = 0;
      for (const auto& d : node.demands) base += d.base;
      if (base > 0) out.dry_demand_nodes.push_back(n);
    }
    for (auto c : network.customers_in(s)) out.customers.push_back(c);
    out.demand_lost += network.demand(s);
    length += network.pipe_length(s);
  };
  for (SegmentId s : out.isolated_segments) add(s, out.pipe_length_isolated);
  for (SegmentId s : out.cut_off_segments) add(s, out.pipe_length_cut_off);
  std::sort(out.dry_demand_nodes.begin(), out.dry_demand_nodes.end());
  std::sort(out.customers.begin(), out.customers.end());
  return out;
}

std::vector<SegmentId> subtree_cut_off(const SegmentedNetwork& network, SegmentId s) {
  if (!network.supplied(s)) return {};
  auto sub = network.supply_tree().subtree(s);
  std::vector<SegmentId> out(sub.begin() + 1, sub.end());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::int32_t> boundary_valves(const SegmentGraph& g, const std::vector<SegmentId>& shut,
                                          const std::vector<std::uint8_t>& in_shut) {
  std::vector<std::int32_t> out;
  for (SegmentId s : shut) {
    for (const auto& e : g.edges(s)) {
      if (!in_shut[at(e.to)]) out.push_back(e.valve);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

IsolationPlan plan_isolation(const SegmentedNetwork& network, const IsolationRequest& request) {
  const auto& segs = network.segments();
  const SegmentGraph& g = network.graph();
  IsolationPlan plan;
  plan.segment = request.failure.kind == Failure::Kind::link
                     ? segs.link_segment[static_cast<std::size_t>(request.failure.index)]
                     : segs.node_segment[static_cast<std::size_t>(request.failure.index)];
  plan.shutdown = !request.under_pressure;

  std::vector<bool> inoperable(network.valves().valves.size(), false);
  for (std::size_t v = 0; v < inoperable.size(); ++v) inoperable[v] = !network.valves().valves[v].operable;
  for (auto v : request.inoperable_valves) inoperable[static_cast<std::size_t>(v)] = true;

  // Grow the shut-in area across valves that will not close.
  std::vector<std::uint8_t> in_shut(at(g.size()), 0);
  std::vector<SegmentId> shut{plan.segment};
  in_shut[at(plan.segment)] = 1;
  for (std::size_t head = 0; head < shut.size(); ++head) {
    for (const auto& e : g.edges(shut[head])) {
      if (!inoperable[static_cast<std::size_t>(e.valve)] || in_shut[at(e.to)]) continue;
      plan.inoperable_met.push_back(e.valve);
      in_shut[at(e.to)] = 1;
      shut.push_back(e.to);
    }
  }
  std::sort(plan.inoperable_met.begin(), plan.inoperable_met.end());
  plan.inoperable_met.erase(std::unique(plan.inoperable_met.begin(), plan.inoperable_met.end()), plan.inoperable_met.end());

  std::vector<std::uint8_t> only_failed(at(g.size()), 0);
  only_failed[at(plan.segment)] = 1;
  plan.ideal_valves_to_close = boundary_valves(g, {plan.segment}, only_failed);
  if (shut.size() == 1) {
    plan.impact = impact_of(network, shut, subtree_cut_off(network, plan.segment));
    if (plan.shutdown) plan.valves_to_close = plan.ideal_valves_to_close;
  } else {
    plan.impact = impact_of(network, shut, cut_off_around(network, shut));
    plan.all_valves_working = impact_of(network, {plan.segment}, subtree_cut_off(network, plan.segment));
    if (plan.shutdown) plan.valves_to_close = boundary_valves(g, shut, in_shut);
  }
  return plan;
}

std::vector<SegmentId> cut_off_by_search(const SegmentedNetwork& network, const std::vector<SegmentId>& removed) {
  const SegmentGraph& g = network.graph();
  std::vector<std::uint8_t> seen(at(g.size()), 0);
  for (SegmentId s : removed) seen[at(s)] = 2;
  std::vector<SegmentId> queue;
  for (SegmentId s = 0; s < g.size(); ++s) {
    if (network.is_source(s) && !seen[at(s)]) {
      seen[at(s)] = 1;
      queue.push_back(s);
    }
  }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    for (const auto& e : g.edges(queue[head])) {
      if (!seen[at(e.to)]) {
        seen[at(e.to)] = 1;
        queue.push_back(e.to);
      }
    }
  }
  std::vector<SegmentId> out;
  for (SegmentId s = 0; s < g.size(); ++s) {
    if (!seen[at(s)] && network.supplied(s)) out.push_back(s);
  }
  return out;
}

}  // namespace lifeline::analysis
