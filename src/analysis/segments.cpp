#include "analysis/segments.h"

#include <numeric>

namespace lifeline::analysis {
namespace {

class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n), size_(n, 1) { std::iota(parent_.begin(), parent_.end(), 0u); }
  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];  // path halving
      x = parent_[x];
    }
    return x;
  }
  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
  }

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<std::uint32_t> size_;
};

}  // namespace

Segmentation find_segments(const net::Network& net, const net::ValveLayer& layer,
                           const std::vector<bool>& closed_links) {
  const std::size_t n_nodes = net.nodes.size(), n_links = net.links.size();
  // Valve flags per link end: bit 0 at the start node, bit 1 at the end node.
  std::vector<std::uint8_t> valved(n_links, 0);
  for (const auto& v : layer.valves) {
    const auto& l = net.links[static_cast<std::size_t>(v.link)];
    if (v.node == l.from) valved[static_cast<std::size_t>(v.link)] |= 1;
    if (v.node == l.to) valved[static_cast<std::size_t>(v.link)] |= 2;
  }
  DisjointSets sets(n_nodes + n_links);
  for (std::size_t i = 0; i < n_links; ++i) {
    if (!closed_links.empty() && closed_links[i]) continue;
    const auto& l = net.links[i];
    const auto element = static_cast<std::uint32_t>(n_nodes + i);
    if (!(valved[i] & 1)) sets.unite(element, static_cast<std::uint32_t>(l.from));
    if (!(valved[i] & 2)) sets.unite(element, static_cast<std::uint32_t>(l.to));
  }
  // Number the components in element order: nodes first, then links.
  Segmentation out;
  std::vector<SegmentId> label(n_nodes + n_links, -1);
  auto segment_of = [&](std::size_t element) {
    auto root = sets.find(static_cast<std::uint32_t>(element));
    if (label[root] < 0) label[root] = out.count++;
    return label[root];
  };
  out.node_segment.resize(n_nodes);
  out.link_segment.resize(n_links);
  for (std::size_t i = 0; i < n_nodes; ++i) out.node_segment[i] = segment_of(i);
  for (std::size_t i = 0; i < n_links; ++i) out.link_segment[i] = segment_of(n_nodes + i);
  return out;
}

}  // namespace lifeline::analysis
