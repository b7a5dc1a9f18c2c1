#include "analysis/dual_supply.h"

#include <algorithm>

namespace lifeline::analysis {
namespace {

// Unit-capacity flow network with every segment split into in -> out
// (capacity 1), so paths share no segment. Vertex 2s is s_in, 2s+1 s_out,
// 2S a super-sink fed by every source segment's out. Routes are counted
// from the target towards the sources (the graph is undirected, so the
// count is the same both ways): each search then stops at the nearest
// source instead of sweeping the network from the super-source.
class RouteCounter {
 public:
  explicit RouteCounter(const SegmentedNetwork& network) {
    const SegmentGraph& g = network.graph();
    const auto S = static_cast<std::size_t>(g.size());
    sink_ = static_cast<std::int32_t>(2 * S);
    offsets_.assign(2 * S + 2, 0);
    auto count = [&](std::int32_t from, std::int32_t to) {
      ++offsets_[static_cast<std::size_t>(from) + 1];
      ++offsets_[static_cast<std::size_t>(to) + 1];
    };
    for (std::size_t s = 0; s < S; ++s) {
      count(in(s), out(s));
      for (const auto& e : g.edges(static_cast<SegmentId>(s))) count(out(s), in(static_cast<std::size_t>(e.to)));
      if (network.is_source(static_cast<SegmentId>(s))) count(out(s), sink_);
    }
    for (std::size_t i = 1; i < offsets_.size(); ++i) offsets_[i] += offsets_[i - 1];
    to_.resize(offsets_.back());
    rev_.resize(offsets_.back());
    residual_.resize(offsets_.back());
    std::vector<std::size_t> fill(offsets_.begin(), offsets_.end() - 1);
    auto arc = [&](std::int32_t from, std::int32_t to) {
      std::size_t a = fill[static_cast<std::size_t>(from)]++, b = fill[static_cast<std::size_t>(to)]++;
      to_[a] = to;
      to_[b] = from;
      rev_[a] = b;
      rev_[b] = a;
      residual_[a] = 1;
      residual_[b] = 0;
    };
    for (std::size_t s = 0; s < S; ++s) {
      arc(in(s), out(s));
      for (const auto& e : g.edges(static_cast<SegmentId>(s))) arc(out(s), in(static_cast<std::size_t>(e.to)));
      if (network.is_source(static_cast<SegmentId>(s))) arc(out(s), sink_);
    }
    capacity_ = residual_;
    parent_arc_.assign(offsets_.size() - 1, kNoArc);
  }

  std::int32_t routes(SegmentId target, std::int32_t cap) {
    const std::int32_t start = out(static_cast<std::size_t>(target));
    std::int32_t flow = 0;
    while (flow < cap && augment(start)) ++flow;
    restore();
    return flow;
  }

 private:
  static constexpr std::size_t kNoArc = static_cast<std::size_t>(-1);
  static std::int32_t in(std::size_t s) { return static_cast<std::int32_t>(2 * s); }
  static std::int32_t out(std::size_t s) { return static_cast<std::int32_t>(2 * s + 1); }

  // Puts every arc a query changed back to its capacity: O(path lengths).
  void restore() {
    for (std::size_t a : changed_) {
      residual_[a] = capacity_[a];
      residual_[rev_[a]] = capacity_[rev_[a]];
    }
    changed_.clear();
  }
  bool augment(std::int32_t start) {
    std::vector<std::int32_t> queue{start};
    parent_arc_[static_cast<std::size_t>(start)] = kNoArc - 1;  // visited, no parent
    touched_.assign(1, start);
    bool found = false;
    for (std::size_t head = 0; head < queue.size() && !found; ++head) {
      auto v = static_cast<std::size_t>(queue[head]);
      for (std::size_t a = offsets_[v]; a < offsets_[v + 1]; ++a) {
        auto w = static_cast<std::size_t>(to_[a]);
        if (!residual_[a] || parent_arc_[w] != kNoArc) continue;
        parent_arc_[w] = a;
        touched_.push_back(to_[a]);
        if (to_[a] == sink_) {
          found = true;
          break;
        }
        queue.push_back(to_[a]);
      }
    }
    if (found) {
      for (auto v = static_cast<std::size_t>(sink_); v != static_cast<std::size_t>(start);) {
        std::size_t a = parent_arc_[v];
        residual_[a] = 0;
        residual_[rev_[a]] = 1;
        changed_.push_back(a);
        v = static_cast<std::size_t>(to_[rev_[a]]);
      }
    }
    for (auto v : touched_) parent_arc_[static_cast<std::size_t>(v)] = kNoArc;
    return found;
  }

  std::int32_t sink_ = 0;
  std::vector<std::size_t> offsets_, rev_, parent_arc_, changed_;
  std::vector<std::int32_t> to_, touched_;
  std::vector<std::uint8_t> residual_, capacity_;
};

}  // namespace

std::vector<SupplyRedundancy> assess_dual_supply(const SegmentedNetwork& network, std::span<const net::Index> nodes,
                                                 std::int32_t cap) {
  RouteCounter counter(network);
  const DominatorTree& tree = network.supply_tree();
  std::vector<SupplyRedundancy> out;
  out.reserve(nodes.size());
  for (net::Index node : nodes) {
    SupplyRedundancy r;
    r.node = node;
    r.segment = network.segments().node_segment[static_cast<std::size_t>(node)];
    if (network.supplied(r.segment)) {
      r.routes = counter.routes(r.segment, cap);
      for (SegmentId d = tree.idom[static_cast<std::size_t>(r.segment)]; d != network.super_source();
           d = tree.idom[static_cast<std::size_t>(d)]) {
        r.critical_segments.push_back(d);
      }
      r.n1_secure = r.critical_segments.empty();
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace lifeline::analysis
