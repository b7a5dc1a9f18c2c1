// Dominator tree of a directed graph from a root: a vertex d dominates v if
// every path from the root to v passes through d. Removing d therefore cuts
// off exactly the vertices d dominates.
//
// Algorithm: Lengauer & Tarjan (1979) semidominators with path compression,
// then immediate dominators by the nearest-common-ancestor walk of
// Georgiadis' SEMI-NCA variant. O(m log n); iterative throughout, so depth
// is not limited by the call stack.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lifeline::analysis {

struct DominatorTree {
  static constexpr std::int32_t kUnreachable = -1;
  std::int32_t root = 0;
  std::vector<std::int32_t> idom;   // per vertex; idom[root] == root; kUnreachable if not reachable
  std::vector<std::int32_t> order;  // reachable vertices in dominator-tree preorder
  std::vector<std::int32_t> begin;  // subtree of v is order[begin[v], end[v]); -1 if unreachable
  std::vector<std::int32_t> end;

  bool reachable(std::int32_t v) const { return idom[static_cast<std::size_t>(v)] != kUnreachable; }
  // True when a dominates b (every vertex dominates itself).
  bool dominates(std::int32_t a, std::int32_t b) const {
    auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
    return reachable(a) && reachable(b) && begin[ua] <= begin[ub] && begin[ub] < end[ua];
  }
  std::span<const std::int32_t> subtree(std::int32_t v) const {
    auto u = static_cast<std::size_t>(v);
    return {order.data() + begin[u], order.data() + end[u]};
  }
};

// Successors of vertex v are targets[offsets[v] .. offsets[v+1]).
DominatorTree compute_dominators(std::int32_t n, std::span<const std::size_t> offsets,
                                 std::span<const std::int32_t> targets, std::int32_t root);

}  // namespace lifeline::analysis
