#include "analysis/segment_graph.h"

namespace lifeline::analysis {
namespace {

// Groups items 0..n-1 by key into CSR form.
void group(std::size_t n_keys, const std::vector<SegmentId>& key, std::vector<std::size_t>& offsets,
           std::vector<net::Index>& items) {
  offsets.assign(n_keys + 1, 0);
  for (auto k : key) ++offsets[static_cast<std::size_t>(k) + 1];
  for (std::size_t i = 1; i <= n_keys; ++i) offsets[i] += offsets[i - 1];
  items.resize(key.size());
  std::vector<std::size_t> fill(offsets.begin(), offsets.end() - 1);
  for (std::size_t i = 0; i < key.size(); ++i) items[fill[static_cast<std::size_t>(key[i])]++] = static_cast<net::Index>(i);
}

}  // namespace

SegmentGraph::SegmentGraph(const net::ValveLayer& layer, const Segmentation& segments,
                           const std::vector<bool>& closed_links)
    : count_(segments.count) {
  const auto n = static_cast<std::size_t>(count_);
  group(n, segments.node_segment, node_offsets_, nodes_);
  group(n, segments.link_segment, link_offsets_, links_);

  auto crossing = [&](const net::IsolationValve& v, SegmentId& a, SegmentId& b) {
    if (!closed_links.empty() && closed_links[static_cast<std::size_t>(v.link)]) return false;
    a = segments.link_segment[static_cast<std::size_t>(v.link)];
    b = segments.node_segment[static_cast<std::size_t>(v.node)];
    return a != b;
  };
  edge_offsets_.assign(n + 1, 0);
  SegmentId a = 0, b = 0;
  for (const auto& v : layer.valves) {
    if (!crossing(v, a, b)) continue;
    ++edge_offsets_[static_cast<std::size_t>(a) + 1];
    ++edge_offsets_[static_cast<std::size_t>(b) + 1];
  }
  for (std::size_t i = 1; i <= n; ++i) edge_offsets_[i] += edge_offsets_[i - 1];
  edges_.resize(edge_offsets_[n]);
  std::vector<std::size_t> fill(edge_offsets_.begin(), edge_offsets_.end() - 1);
  for (std::size_t i = 0; i < layer.valves.size(); ++i) {
    if (!crossing(layer.valves[i], a, b)) continue;
    edges_[fill[static_cast<std::size_t>(a)]++] = Edge{b, static_cast<std::int32_t>(i)};
    edges_[fill[static_cast<std::size_t>(b)]++] = Edge{a, static_cast<std::int32_t>(i)};
  }
}

}  // namespace lifeline::analysis
