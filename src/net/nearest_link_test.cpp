#include "net/nearest_link.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "net/city_generator.h"
#include "net/inp_reader.h"

namespace lifeline::net {
namespace {

// The nearest pipe by looking at every piece: what the grid must agree with.
double brute_force(const Network& net, Point p) {
  double best = INFINITY;
  for (const auto& link : net.links) {
    if (link.type != LinkType::pipe) continue;
    std::vector<Point> pts{net.nodes[static_cast<size_t>(link.from)].coordinates};
    pts.insert(pts.end(), link.vertices.begin(), link.vertices.end());
    pts.push_back(net.nodes[static_cast<size_t>(link.to)].coordinates);
    for (size_t i = 0; i + 1 < pts.size(); ++i) {
      const Point a = pts[i], b = pts[i + 1];
      const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
      best = std::min(best, std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y));
    }
  }
  return best;
}

TEST(NearestLink, FollowsVerticesAndSkipsPumps) {
  auto net = parse_inp(
      "[JUNCTIONS]\nA 1\nB 1\nC 1\n[RESERVOIRS]\nR 50\n[PIPES]\nP1 R A 100 100 100\nP2 A B 100 100 100\n"
      "[PUMPS]\nU1 B C HEAD 1\n[CURVES]\n1 1 1\n[COORDINATES]\nR 0 0\nA 100 0\nB 200 0\nC 200 100\n"
      "[VERTICES]\nP2 150 80\n",
      "v.inp");
  ASSERT_TRUE(net.ok()) << net.error().message;
  NearestLinkIndex index(*net);
  // Near the bend of P2 at (150, 80), far from the straight line A-B.
  auto hit = index.nearest({150, 75});
  ASSERT_TRUE(hit);
  EXPECT_EQ(net->links[static_cast<size_t>(hit->link)].id, "P2");
  EXPECT_NEAR(hit->distance, 250.0 / std::hypot(50.0, 80.0), 1e-9);  // to the piece A–(150, 80)
  // Right on the pump between B and C: the pump is no pipe, P2 (ends at B) is nearest.
  hit = index.nearest({200, 60});
  ASSERT_TRUE(hit);
  EXPECT_EQ(net->links[static_cast<size_t>(hit->link)].id, "P2");
  // Far outside the network still finds the closest pipe.
  hit = index.nearest({-1000, 0});
  ASSERT_TRUE(hit);
  EXPECT_EQ(net->links[static_cast<size_t>(hit->link)].id, "P1");
  EXPECT_DOUBLE_EQ(hit->distance, 1000.0);
}

TEST(NearestLink, AgreesWithBruteForceOnAGeneratedCity) {
  City city = generate_city({.links = 3000, .seed = 7});
  NearestLinkIndex index(city.network);
  double min_x = INFINITY, max_x = -INFINITY, min_y = INFINITY, max_y = -INFINITY;
  for (const auto& n : city.network.nodes) {
    min_x = std::min(min_x, n.coordinates.x), max_x = std::max(max_x, n.coordinates.x);
    min_y = std::min(min_y, n.coordinates.y), max_y = std::max(max_y, n.coordinates.y);
  }
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> ux(min_x - 500, max_x + 500), uy(min_y - 500, max_y + 500);
  for (int i = 0; i < 300; ++i) {
    Point p{ux(rng), uy(rng)};
    auto hit = index.nearest(p);
    ASSERT_TRUE(hit);
    EXPECT_NEAR(hit->distance, brute_force(city.network, p), 1e-9) << p.x << "," << p.y;
    EXPECT_NEAR(std::hypot(hit->at.x - p.x, hit->at.y - p.y), hit->distance, 1e-9);
  }
}

TEST(NearestLink, EmptyNetworkHasNoNearest) {
  Network net;
  NearestLinkIndex index(net);
  EXPECT_FALSE(index.nearest({0, 0}));
}

}  // namespace
}  // namespace lifeline::net
