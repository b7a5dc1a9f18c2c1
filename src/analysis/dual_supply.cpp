#include "analysis/dual_supply.h"

#include <algorithm>

namespace lifeline::analysis {
namespace {

// Unit-capacity flow network with every segment split into in -> out
// (capacity 1), so paths share no segment. Vertex 2s is s_in, 2s+1 s_out,
// 2S the super-source.
class RouteCounter {
 public:
  explicit RouteCounter(const SegmentedNetwork& network) {
    const SegmentGraph& g = network.graph();
    const auto S = static_cast<std::size_t>(g.size());
    source_ = static_cast<std::int32_t>(2 * S);
    offsets_.assign(2 * S + 2, 0);
    auto count = [&](std::int32_t from, std::int32_t to) {
      ++offsets_[static_cast<std::size_t>(from) + 1];
      ++offsets_[static_cast<std::size_t>(to) + 1];
    };
    for (std::size_t s = 0; s < S; ++s) {
      count(in(s), out(s));
      for (const auto& e : g.edges(static_cast<SegmentId>(s))) count(out(s), in(static_cast<std::size_t>(e.to)));
      if (network.is_source(static_cast<SegmentId>(s))) count(source_, in(s));
    }
    for (std::size_t i = 1; i < offsets_.size(); ++i) offsets_[i] += offsets_[i - 1];
    to_.resize(offsets_.back());
    rev_.resize(offsets_.back());
    capacity_.resize(offsets_.back());
    std::vector<std::size_t> fill(offsets_.begin(), offsets_.end() - 1);
    auto arc = [&](std::int32_t from, std::int32_t to) {
      std::size_t a = fill[static_cast<std::size_t>(from)]++, b = fill[static_cast<std::size_t>(to)]++;
      to_[a] = to;
      to_[b] = from;
      rev_[a] = b;
      rev_[b] = a;
      capacity_[a] = 1;
      capacity_[b] = 0;
    };
    for (std::size_t s = 0; s < S; ++s) {
      arc(in(s), out(s));
      for (const auto& e : g.edges(static_cast<SegmentId>(s))) arc(out(s), in(static_cast<std::size_t>(e.to)));
      if (network.is_source(static_cast<SegmentId>(s))) arc(source_, in(s));
    }
    parent_arc_.assign(offsets_.size() - 1, kNoArc);
  }

  std::int32_t routes(SegmentId target, std::int32_t cap) {
    std::vector<std::uint8_t> residual(capacity_);
    const std::int32_t sink = in(static_cast<std::size_t>(target));
    std::int32_t flow = 0;
    while (flow < cap && augment(residual, sink)) ++flow;
    return flow;
  }

 private:
  static constexpr std::size_t kNoArc = static_cast<std::size_t>(-1);
  static std::int32_t in(std::size_t s) { return static_cast<std::int32_t>(2 * s); }
  static std::int32_t out(std::size_t s) { return static_cast<std::int32_t>(2 * s + 1); }

  bool augment(std::vector<std::uint8_t>& residual, std::int32_t sink) {
    std::vector<std::int32_t> queue{source_};
    std::vector<std::int32_t> touched{source_};
    parent_arc_[static_cast<std::size_t>(source_)] = kNoArc - 1;  // visited, no parent
    bool found = false;
    for (std::size_t head = 0; head < queue.size() && !found; ++head) {
      auto v = static_cast<std::size_t>(queue[head]);
      for (std::size_t a = offsets_[v]; a < offsets_[v + 1]; ++a) {
        auto w = static_cast<std::size_t>(to_[a]);
        if (!residual[a] || parent_arc_[w] != kNoArc) continue;
        parent_arc_[w] = a;
        touched.push_back(to_[a]);
        if (to_[a] == sink) {
          found = true;
          break;
        }
        queue.push_back(to_[a]);
      }
    }
    if (found) {
      for (auto v = static_cast<std::size_t>(sink); v != static_cast<std::size_t>(source_);) {
        std::size_t a = parent_arc_[v];
        residual[a] = 0;
        residual[rev_[a]] = 1;
        v = static_cast<std::size_t>(to_[rev_[a]]);
      }
    }
    for (auto v : touched) parent_arc_[static_cast<std::size_t>(v)] = kNoArc;
    return found;
  }

  std::int32_t source_ = 0;
  std::vector<std::size_t> offsets_, rev_, parent_arc_;
  std::vector<std::int32_t> to_;
  std::vector<std::uint8_t> capacity_;
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
