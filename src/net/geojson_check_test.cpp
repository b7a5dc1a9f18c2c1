#include <gtest/gtest.h>

#include "net/geojson.h"
#include "net/inp_reader.h"
#include "net/network_check.h"

namespace lifeline::net {
namespace {

const char* kSmall =
    "[JUNCTIONS]\nA 10 1\nB 12 2\nC 5 0\nD 5 0\n[RESERVOIRS]\nR 80\n"
    "[PIPES]\nP1 R A 100 300 100\nP2 A B 100 300 100\nP3 C D 50 100 100\nP4 D D 10 100 100\n"
    "[COORDINATES]\nA 1 2\nB 3 4\nR 0 0\n[VERTICES]\nP2 2 3\n[TAGS]\nNODE B 市中心医院\n[OPTIONS]\nUNITS LPS\n";

TEST(GeoJson, ExportsNodesAndLinksWithCoordinatesAsGiven) {
  auto net = parse_inp(kSmall, "small.inp");
  ASSERT_TRUE(net.ok()) << net.error().message;
  auto doc = to_geojson(*net);
  EXPECT_EQ(doc["type"], "FeatureCollection");
  ASSERT_EQ(doc["features"].size(), 5u);  // A, B, R and links P1, P2 (P3, P4 lack coordinates)
  const auto& b = doc["features"][1];
  EXPECT_EQ(b["properties"]["id"], "B");
  EXPECT_EQ(b["properties"]["tag"], "市中心医院");
  EXPECT_EQ(b["geometry"]["coordinates"], nlohmann::json::array({3.0, 4.0}));
  EXPECT_NEAR(b["properties"]["base_demand_m3s"].get<double>(), 0.002, 1e-12);
  const auto& p2 = doc["features"][4];
  EXPECT_EQ(p2["properties"]["id"], "P2");
  EXPECT_EQ(p2["geometry"]["type"], "LineString");
  EXPECT_EQ(p2["geometry"]["coordinates"].size(), 3u);
  EXPECT_NEAR(p2["properties"]["diameter_m"].get<double>(), 0.3, 1e-12);
}

TEST(NetworkCheck, FindsDisconnectedNodesAndSelfLoops) {
  auto net = parse_inp(kSmall, "small.inp");
  ASSERT_TRUE(net.ok());
  auto issues = check_network(*net);
  std::vector<std::pair<std::string, std::string>> found;
  for (const auto& i : issues) found.emplace_back(i.kind, i.element);
  EXPECT_NE(std::find(found.begin(), found.end(), std::pair<std::string, std::string>{"disconnected_node", "C"}), found.end());
  EXPECT_NE(std::find(found.begin(), found.end(), std::pair<std::string, std::string>{"disconnected_node", "D"}), found.end());
  EXPECT_NE(std::find(found.begin(), found.end(), std::pair<std::string, std::string>{"self_loop", "P4"}), found.end());
  EXPECT_EQ(std::count_if(found.begin(), found.end(), [](auto& f) { return f.second == "A" || f.second == "B"; }), 0);
}

}  // namespace
}  // namespace lifeline::net
