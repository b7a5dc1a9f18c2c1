// The segment graph: one vertex per segment, one edge per isolation valve
// that separates two different segments (closing that valve is what cuts
// the edge). Valves inside a segment and valves on closed links are not
// edges. Also lists each segment's nodes and links. CSR storage.
#pragma once

#include <span>
#include <vector>

#include "analysis/segments.h"

namespace lifeline::analysis {

class SegmentGraph {
 public:
  struct Edge {
    SegmentId to;
    std::int32_t valve;  // index into ValveLayer::valves
  };

  SegmentGraph(const net::ValveLayer& layer, const Segmentation& segments,
               const std::vector<bool>& closed_links);

  SegmentId size() const { return count_; }
  std::span<const Edge> edges(SegmentId s) const { return slice(edge_offsets_, edges_, s); }
  std::span<const net::Index> nodes(SegmentId s) const { return slice(node_offsets_, nodes_, s); }
  std::span<const net::Index> links(SegmentId s) const { return slice(link_offsets_, links_, s); }
  std::size_t edge_count() const { return edges_.size(); }

 private:
  template <typename T>
  static std::span<const T> slice(const std::vector<std::size_t>& offsets, const std::vector<T>& items, SegmentId s) {
    auto i = static_cast<std::size_t>(s);
    return {items.data() + offsets[i], items.data() + offsets[i + 1]};
  }
  SegmentId count_ = 0;
  std::vector<std::size_t> edge_offsets_, node_offsets_, link_offsets_;
  std::vector<Edge> edges_;
  std::vector<net::Index> nodes_, links_;
};

}  // namespace lifeline::analysis
