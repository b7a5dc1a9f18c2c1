// The pipe nearest to a point: where a caller's "burst outside No. 12
// 五一大道" lands in the model. A uniform grid over the straight pieces of
// every pipe (its vertices included), built once per model (about 50 ms for
// 100k pipes); a query looks at the cells ring by ring around the point and
// stops when no closer piece can be in the next ring.
//
// Thread safety: immutable once built; concurrent queries are safe. The
// index refers to the network by link index only (it keeps no reference).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "net/network.h"

namespace lifeline::net {

struct NearestLink {
  Index link = kNone;
  double distance = 0;  // in the network's coordinate units (metres for generated cities)
  Point at;             // the closest point on the pipe
};

class NearestLinkIndex {
 public:
  // Pipes only (pumps and valves are not where bursts happen); links whose
  // end nodes have no coordinates are left out.
  explicit NearestLinkIndex(const Network& network);

  // nullopt when the network has no pipe with coordinates.
  std::optional<NearestLink> nearest(Point p) const;
  std::size_t pieces() const { return pieces_.size(); }

 private:
  struct Piece {
    Point a, b;
    Index link;
  };
  long cell_of(double v, double origin) const;
  double min_x_ = 0, min_y_ = 0, cell_ = 1;
  long nx_ = 0, ny_ = 0;
  std::vector<Piece> pieces_;
  std::vector<std::uint32_t> cell_start_;  // CSR: pieces of cell c are cell_items_[cell_start_[c] .. cell_start_[c+1])
  std::vector<std::uint32_t> cell_items_;
};

}  // namespace lifeline::net
