#include "analysis/dominator_tree.h"

#include <gtest/gtest.h>

#include <random>

namespace lifeline::analysis {
namespace {

struct Digraph {
  std::vector<std::size_t> offsets;
  std::vector<std::int32_t> targets;
};

Digraph random_digraph(std::mt19937_64& rng, int n, int m) {
  std::vector<std::vector<std::int32_t>> adj(static_cast<std::size_t>(n));
  for (int i = 0; i < m; ++i) adj[rng() % static_cast<unsigned>(n)].push_back(static_cast<std::int32_t>(rng() % static_cast<unsigned>(n)));
  Digraph g;
  g.offsets.push_back(0);
  for (auto& a : adj) {
    g.targets.insert(g.targets.end(), a.begin(), a.end());
    g.offsets.push_back(g.targets.size());
  }
  return g;
}

std::vector<bool> reachable_without(const Digraph& g, int n, std::int32_t root, std::int32_t removed) {
  std::vector<bool> seen(static_cast<std::size_t>(n), false);
  if (root == removed) return seen;
  std::vector<std::int32_t> stack{root};
  seen[static_cast<std::size_t>(root)] = true;
  while (!stack.empty()) {
    auto v = static_cast<std::size_t>(stack.back());
    stack.pop_back();
    for (std::size_t e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
      auto w = g.targets[e];
      if (w == removed || seen[static_cast<std::size_t>(w)]) continue;
      seen[static_cast<std::size_t>(w)] = true;
      stack.push_back(w);
    }
  }
  return seen;
}

TEST(DominatorTree, AgreesWithRemovalOnRandomDigraphs) {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 300; ++trial) {
    int n = 2 + static_cast<int>(rng() % 30);
    int m = static_cast<int>(rng() % static_cast<unsigned>(3 * n));
    Digraph g = random_digraph(rng, n, m);
    DominatorTree t = compute_dominators(n, g.offsets, g.targets, 0);
    auto base = reachable_without(g, n, 0, -1);
    for (std::int32_t v = 0; v < n; ++v) ASSERT_EQ(t.reachable(v), base[static_cast<std::size_t>(v)]);
    for (std::int32_t d = 0; d < n; ++d) {
      auto without = reachable_without(g, n, 0, d);
      for (std::int32_t v = 0; v < n; ++v) {
        if (!base[static_cast<std::size_t>(v)] || v == d) continue;
        bool dominated = !without[static_cast<std::size_t>(v)];
        ASSERT_EQ(t.dominates(d, v), dominated) << "trial " << trial << " d=" << d << " v=" << v;
      }
    }
    // idom is the nearest strict dominator: it dominates v and every other strict dominator of v dominates it.
    for (std::int32_t v = 1; v < n; ++v) {
      if (!t.reachable(v)) continue;
      std::int32_t i = t.idom[static_cast<std::size_t>(v)];
      ASSERT_TRUE(t.dominates(i, v));
      for (std::int32_t d = 0; d < n; ++d) {
        if (d != v && t.dominates(d, v)) {
          ASSERT_TRUE(t.dominates(d, i));
        }
      }
    }
  }
}

TEST(DominatorTree, HandlesADeepChainWithoutRecursion) {
  const int n = 1'000'000;
  Digraph g;
  for (int i = 0; i < n; ++i) {
    g.offsets.push_back(g.targets.size());
    if (i + 1 < n) g.targets.push_back(i + 1);
  }
  g.offsets.push_back(g.targets.size());
  DominatorTree t = compute_dominators(n, g.offsets, g.targets, 0);
  EXPECT_EQ(t.idom[static_cast<std::size_t>(n - 1)], n - 2);
  EXPECT_EQ(t.subtree(0).size(), static_cast<std::size_t>(n));
}

}  // namespace
}  // namespace lifeline::analysis
