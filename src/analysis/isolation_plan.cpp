#include "analysis/isolation_plan.h"

#include <algorithm>
#include <functional>
#include <queue>

namespace lifeline::analysis {
namespace {

enum : std::uint8_t { kUnknown = 0, kShutIn, kSupplied, kCutOff, kVisiting };

std::size_t at(SegmentId s) { return static_cast<std::size_t>(s); }

// Per-segment search state that costs O(1) to clear: an entry is valid only
// when its stamp is the current epoch. One per thread, so plans on
// different threads do not share it; a plan never touches O(S) memory.
class SegmentStates {
 public:
  static SegmentStates& for_this_thread(SegmentId segments) {
    thread_local SegmentStates states;
    states.reset(segments);
    return states;
  }
  std::uint8_t get(SegmentId s) const { return stamp_[at(s)] == epoch_ ? state_[at(s)] : std::uint8_t{kUnknown}; }
  void set(SegmentId s, std::uint8_t value) {
    stamp_[at(s)] = epoch_;
    state_[at(s)] = value;
  }

 private:
  void reset(SegmentId segments) {
    if (stamp_.size() < at(segments)) {
      stamp_.assign(at(segments), 0);
      state_.assign(at(segments), kUnknown);
      epoch_ = 0;
    }
    if (++epoch_ == 0) {  // wrapped: clear once every 2^32 plans
      std::fill(stamp_.begin(), stamp_.end(), 0);
      epoch_ = 1;
    }
  }
  std::vector<std::uint32_t> stamp_;
  std::vector<std::uint8_t> state_;
  std::uint32_t epoch_ = 0;
};

// Segments that lose supply when the connected set `shut` is removed: search
// from each neighbour of the set until a source (or a segment already known
// to be supplied) is found; a search that runs out of segments has found a
// cut-off area. Searches expand the segment nearest to a source first (by
// the precomputed hop distance), so a supplied neighbour usually walks
// straight downhill to its source; budgets double so no single search can
// make the plan expensive while another would settle it cheaply.
std::vector<SegmentId> cut_off_around(const SegmentedNetwork& network, const std::vector<SegmentId>& shut) {
  const SegmentGraph& g = network.graph();
  SegmentStates& state = SegmentStates::for_this_thread(g.size());
  for (SegmentId s : shut) state.set(s, kShutIn);
  std::vector<SegmentId> pending, cut_off, visited;
  for (SegmentId s : shut) {
    for (const auto& e : g.edges(s)) {
      if (state.get(e.to) == kUnknown && network.supplied(e.to)) pending.push_back(e.to);
    }
  }
  using Entry = std::pair<std::int32_t, SegmentId>;  // (distance to a source, segment), smallest first
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> frontier;
  std::size_t budget = 64;
  while (!pending.empty()) {
    std::vector<SegmentId> retry;
    for (SegmentId w : pending) {
      if (state.get(w) != kUnknown) continue;
      visited.assign(1, w);
      state.set(w, kVisiting);
      frontier = {};
      frontier.emplace(network.source_distance(w), w);
      bool supplied = network.is_source(w), over_budget = false;
      while (!frontier.empty() && !supplied) {
        if (visited.size() > budget) {
          over_budget = true;
          break;
        }
        SegmentId v = frontier.top().second;
        frontier.pop();
        for (const auto& e : g.edges(v)) {
          std::uint8_t st = state.get(e.to);
          if (st == kSupplied || (st == kUnknown && network.is_source(e.to))) {
            supplied = true;
            break;
          }
          if (st != kUnknown) continue;
          state.set(e.to, kVisiting);
          visited.push_back(e.to);
          frontier.emplace(network.source_distance(e.to), e.to);
        }
      }
      std::uint8_t result = supplied ? kSupplied : over_budget ? kUnknown : kCutOff;
      for (SegmentId v : visited) state.set(v, result);
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

// `shut` is sorted.
std::vector<std::int32_t> boundary_valves(const SegmentGraph& g, const std::vector<SegmentId>& shut) {
  std::vector<std::int32_t> out;
  for (SegmentId s : shut) {
    for (const auto& e : g.edges(s)) {
      if (!std::binary_search(shut.begin(), shut.end(), e.to)) out.push_back(e.valve);
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

  // The request's list is short: a sorted vector beats flags over every valve.
  std::vector<std::int32_t> listed(request.inoperable_valves);
  std::sort(listed.begin(), listed.end());
  auto inoperable = [&](std::int32_t v) {
    return !network.valves().valves[static_cast<std::size_t>(v)].operable || std::binary_search(listed.begin(), listed.end(), v);
  };

  // Grow the shut-in area across valves that will not close (kept sorted).
  std::vector<SegmentId> shut{plan.segment}, queue{plan.segment};
  for (std::size_t head = 0; head < queue.size(); ++head) {
    for (const auto& e : g.edges(queue[head])) {
      if (!inoperable(e.valve) || std::binary_search(shut.begin(), shut.end(), e.to)) continue;
      plan.inoperable_met.push_back(e.valve);
      shut.insert(std::upper_bound(shut.begin(), shut.end(), e.to), e.to);
      queue.push_back(e.to);
    }
  }
  std::sort(plan.inoperable_met.begin(), plan.inoperable_met.end());
  plan.inoperable_met.erase(std::unique(plan.inoperable_met.begin(), plan.inoperable_met.end()), plan.inoperable_met.end());

  plan.ideal_valves_to_close = boundary_valves(g, {plan.segment});
  if (shut.size() == 1) {
    plan.impact = impact_of(network, shut, subtree_cut_off(network, plan.segment));
    if (plan.shutdown) plan.valves_to_close = plan.ideal_valves_to_close;
  } else {
    plan.impact = impact_of(network, shut, cut_off_around(network, shut));
    plan.all_valves_working = impact_of(network, {plan.segment}, subtree_cut_off(network, plan.segment));
    if (plan.shutdown) plan.valves_to_close = boundary_valves(g, shut);
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
