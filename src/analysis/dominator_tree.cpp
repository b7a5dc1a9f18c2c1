#include "analysis/dominator_tree.h"

namespace lifeline::analysis {

DominatorTree compute_dominators(std::int32_t n, std::span<const std::size_t> offsets,
                                 std::span<const std::int32_t> targets, std::int32_t root) {
  using I = std::int32_t;
  const auto N = static_cast<std::size_t>(n);
  auto at = [](I v) { return static_cast<std::size_t>(v); };

  // Depth-first preorder numbering from the root.
  std::vector<I> number(N, -1), vertex, parent;  // parent by preorder number
  vertex.reserve(N);
  parent.reserve(N);
  {
    std::vector<std::pair<I, std::size_t>> stack{{root, offsets[at(root)]}};
    number[at(root)] = 0;
    vertex.push_back(root);
    parent.push_back(0);
    while (!stack.empty()) {
      auto& [v, next] = stack.back();
      if (next == offsets[at(v) + 1]) {
        stack.pop_back();
        continue;
      }
      I w = targets[next++];
      if (number[at(w)] >= 0) continue;
      number[at(w)] = static_cast<I>(vertex.size());
      parent.push_back(number[at(v)]);
      vertex.push_back(w);
      stack.emplace_back(w, offsets[at(w)]);
    }
  }
  const auto k = vertex.size();

  // Predecessors in preorder numbers (reachable ones only).
  std::vector<std::size_t> pred_offsets(k + 1, 0);
  for (std::size_t i = 0; i < k; ++i) {
    I v = vertex[i];
    for (std::size_t e = offsets[at(v)]; e < offsets[at(v) + 1]; ++e) ++pred_offsets[at(number[at(targets[e])]) + 1];
  }
  for (std::size_t i = 1; i <= k; ++i) pred_offsets[i] += pred_offsets[i - 1];
  std::vector<I> preds(pred_offsets[k]);
  {
    std::vector<std::size_t> fill(pred_offsets.begin(), pred_offsets.end() - 1);
    for (std::size_t i = 0; i < k; ++i) {
      I v = vertex[i];
      for (std::size_t e = offsets[at(v)]; e < offsets[at(v) + 1]; ++e) {
        preds[fill[at(number[at(targets[e])])]++] = static_cast<I>(i);
      }
    }
  }

  // Semidominators (Lengauer-Tarjan), all in preorder numbers.
  std::vector<I> semi(k), label(k), ancestor(k, -1), idom(k, 0), path;
  for (std::size_t i = 0; i < k; ++i) semi[i] = label[i] = static_cast<I>(i);
  auto eval = [&](I v) {
    if (ancestor[at(v)] < 0) return v;
    // Iterative path compression: walk up, then fix labels top-down.
    I x = v;
    while (ancestor[at(ancestor[at(x)])] >= 0) {
      path.push_back(x);
      x = ancestor[at(x)];
    }
    while (!path.empty()) {
      I y = path.back();
      path.pop_back();
      I a = ancestor[at(y)];
      if (semi[at(label[at(a)])] < semi[at(label[at(y)])]) label[at(y)] = label[at(a)];
      ancestor[at(y)] = ancestor[at(a)];
    }
    return label[at(v)];
  };
  for (std::size_t w = k; w-- > 1;) {
    for (std::size_t e = pred_offsets[w]; e < pred_offsets[w + 1]; ++e) {
      I u = eval(preds[e]);
      if (semi[at(u)] < semi[w]) semi[w] = semi[at(u)];
    }
    ancestor[w] = parent[w];
  }
  // SEMI-NCA: idom(w) is the nearest ancestor of parent(w) with number <= semi(w).
  for (std::size_t w = 1; w < k; ++w) {
    I d = parent[w];
    while (d > semi[w]) d = idom[at(d)];
    idom[w] = d;
  }

  DominatorTree tree;
  tree.root = root;
  tree.idom.assign(N, DominatorTree::kUnreachable);
  for (std::size_t w = 0; w < k; ++w) tree.idom[at(vertex[w])] = vertex[at(idom[w])];

  // Preorder of the dominator tree via child lists (CSR), iteratively.
  std::vector<std::size_t> child_offsets(k + 1, 0);
  for (std::size_t w = 1; w < k; ++w) ++child_offsets[at(idom[w]) + 1];
  for (std::size_t i = 1; i <= k; ++i) child_offsets[i] += child_offsets[i - 1];
  std::vector<I> children(k > 0 ? k - 1 : 0);
  {
    std::vector<std::size_t> fill(child_offsets.begin(), child_offsets.end() - 1);
    for (std::size_t w = 1; w < k; ++w) children[fill[at(idom[w])]++] = static_cast<I>(w);
  }
  tree.begin.assign(N, -1);
  tree.end.assign(N, -1);
  tree.order.reserve(k);
  std::vector<std::pair<I, std::size_t>> stack{{0, child_offsets[0]}};
  tree.begin[at(root)] = 0;
  tree.order.push_back(root);
  while (!stack.empty()) {
    auto& [w, next] = stack.back();
    if (next == child_offsets[at(w) + 1]) {
      tree.end[at(vertex[at(w)])] = static_cast<I>(tree.order.size());
      stack.pop_back();
      continue;
    }
    I c = children[next++];
    tree.begin[at(vertex[at(c)])] = static_cast<I>(tree.order.size());
    tree.order.push_back(vertex[at(c)]);
    stack.emplace_back(c, child_offsets[at(c)]);
  }
  return tree;
}

}  // namespace lifeline::analysis
