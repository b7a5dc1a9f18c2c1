#include "net/nearest_link.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lifeline::net {

namespace {

Point closest_on(const Point& a, const Point& b, const Point& p) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return {a.x + t * dx, a.y + t * dy};
}

double dist(const Point& a, const Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

NearestLinkIndex::NearestLinkIndex(const Network& net) {
  for (std::size_t l = 0; l < net.links.size(); ++l) {
    const Link& link = net.links[l];
    if (link.type != LinkType::pipe || link.from == kNone || link.to == kNone) continue;
    const Node& from = net.nodes[static_cast<std::size_t>(link.from)];
    const Node& to = net.nodes[static_cast<std::size_t>(link.to)];
    if (!from.has_coordinates || !to.has_coordinates) continue;
    Point prev = from.coordinates;
    for (const Point& v : link.vertices) {
      pieces_.push_back({prev, v, static_cast<Index>(l)});
      prev = v;
    }
    pieces_.push_back({prev, to.coordinates, static_cast<Index>(l)});
  }
  if (pieces_.empty()) return;
  double max_x = -std::numeric_limits<double>::infinity(), max_y = max_x;
  min_x_ = min_y_ = std::numeric_limits<double>::infinity();
  for (const auto& s : pieces_) {
    min_x_ = std::min({min_x_, s.a.x, s.b.x});
    min_y_ = std::min({min_y_, s.a.y, s.b.y});
    max_x = std::max({max_x, s.a.x, s.b.x});
    max_y = std::max({max_y, s.a.y, s.b.y});
  }
  // About two pieces per cell on average over the bounding box.
  const double w = std::max(max_x - min_x_, 1e-9), h = std::max(max_y - min_y_, 1e-9);
  cell_ = std::max(std::sqrt(w * h * 2.0 / static_cast<double>(pieces_.size())), 1e-6);
  nx_ = std::min<long>(static_cast<long>(w / cell_) + 1, 1L << 14);
  ny_ = std::min<long>(static_cast<long>(h / cell_) + 1, 1L << 14);
  cell_ = std::max(w / static_cast<double>(nx_), h / static_cast<double>(ny_)) * (1 + 1e-9);

  // Two passes (count, fill) into a compact CSR layout.
  const auto n_cells = static_cast<std::size_t>(nx_ * ny_);
  cell_start_.assign(n_cells + 1, 0);
  auto each_cell = [&](const Piece& s, auto&& fn) {
    long x0 = cell_of(std::min(s.a.x, s.b.x), min_x_), x1 = cell_of(std::max(s.a.x, s.b.x), min_x_);
    long y0 = cell_of(std::min(s.a.y, s.b.y), min_y_), y1 = cell_of(std::max(s.a.y, s.b.y), min_y_);
    x1 = std::min(x1, nx_ - 1);
    y1 = std::min(y1, ny_ - 1);
    for (long y = y0; y <= y1; ++y)
      for (long x = x0; x <= x1; ++x) fn(static_cast<std::size_t>(y * nx_ + x));
  };
  for (const auto& s : pieces_) each_cell(s, [&](std::size_t c) { ++cell_start_[c + 1]; });
  for (std::size_t c = 0; c < n_cells; ++c) cell_start_[c + 1] += cell_start_[c];
  cell_items_.resize(cell_start_[n_cells]);
  std::vector<std::uint32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
  for (std::size_t i = 0; i < pieces_.size(); ++i)
    each_cell(pieces_[i], [&](std::size_t c) { cell_items_[fill[c]++] = static_cast<std::uint32_t>(i); });
}

long NearestLinkIndex::cell_of(double v, double origin) const {
  return std::max(0L, static_cast<long>(std::floor((v - origin) / cell_)));
}

std::optional<NearestLink> NearestLinkIndex::nearest(Point p) const {
  if (pieces_.empty()) return std::nullopt;
  // The query cell, clamped into the grid; outside the grid the first ring
  // that can hold anything is the distance to the grid's edge.
  const long qx = std::clamp(cell_of(p.x, min_x_), 0L, nx_ - 1);
  const long qy = std::clamp(cell_of(p.y, min_y_), 0L, ny_ - 1);
  const double outside = std::hypot(std::max({min_x_ - p.x, 0.0, p.x - (min_x_ + static_cast<double>(nx_) * cell_)}),
                                    std::max({min_y_ - p.y, 0.0, p.y - (min_y_ + static_cast<double>(ny_) * cell_)}));
  std::optional<NearestLink> best;
  const long max_ring = std::max(nx_, ny_);
  for (long r = 0; r <= max_ring; ++r) {
    // Every piece not yet seen lies at least (r - 1) cells beyond the query
    // cell's border, and no nearer than the grid when the point is outside.
    if (best && best->distance < std::max(outside, static_cast<double>(r - 1) * cell_)) break;
    for (long y = qy - r; y <= qy + r; ++y) {
      if (y < 0 || y >= ny_) continue;
      const bool edge_row = y == qy - r || y == qy + r;
      for (long x = qx - r; x <= qx + r; x += (edge_row || r == 0) ? 1 : 2 * r) {
        if (x < 0 || x >= nx_) continue;
        const auto c = static_cast<std::size_t>(y * nx_ + x);
        for (auto i = cell_start_[c]; i < cell_start_[c + 1]; ++i) {
          const Piece& s = pieces_[cell_items_[i]];
          Point at = closest_on(s.a, s.b, p);
          double d = dist(at, p);
          if (!best || d < best->distance || (d == best->distance && s.link < best->link)) best = NearestLink{s.link, d, at};
        }
      }
    }
  }
  return best;
}

}  // namespace lifeline::net
