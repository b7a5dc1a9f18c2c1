#include "net/valve_layer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "net/inp_reader.h"
#include "net/node_links.h"
#include "net/test_support.h"
#include "net/valve_placement.h"

namespace lifeline::net {
namespace {

const char* kNet = "[JUNCTIONS]\nA 1\nB 1\nC 1\n[RESERVOIRS]\nR 50\n[PIPES]\nP1 R A 10 100 100\nP2 A B 10 100 100\nP3 B C 10 100 100\n";

Network small() { return *parse_inp(kNet, "small.inp"); }

TEST(ValveCsv, ReadsOperableColumnAndCrlf) {
  Network net = small();
  auto layer = parse_valve_csv("valve,link,node,operable\r\nv1,P1,A,true\r\nv2,P2,B,0\r\n\"v 3\",P3,C,no\r\n", "v.csv", net);
  ASSERT_TRUE(layer.ok()) << layer.error().message;
  ASSERT_EQ(layer->valves.size(), 3u);
  EXPECT_TRUE(layer->valves[0].operable);
  EXPECT_FALSE(layer->valves[1].operable);
  EXPECT_EQ(layer->valves[2].id, "v 3");
  EXPECT_EQ(layer->valves[1].link, net.find_link("P2"));
  EXPECT_EQ(layer->valves[1].node, net.find_node("B"));
  auto again = parse_valve_csv(write_valve_csv(*layer, net), "again.csv", net);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->valves.size(), 3u);
  EXPECT_FALSE(again->valves[2].operable);
}

TEST(ValveCsv, NamesTheLineOfABadRow) {
  Network net = small();
  struct Case {
    const char* text;
    const char* field;
    const char* message;
  } cases[] = {
      {"valve,link\n", "v.csv:1", "expected a header with columns valve,link,node"},
      {"valve,link,node\n1,P9,A\n", "v.csv:2", "unknown link 'P9'"},
      {"valve,link,node\n1,P1,A\n2,P1,C\n", "v.csv:3", "not an end of link"},
      {"valve,link,node\n1,P1,A\n1,P2,A\n", "v.csv:3", "duplicate valve id"},
      {"valve,link,node\n1,P1,A\n2,P1,A\n", "v.csv:3", "already exists"},
      {"valve,link,node,operable\n1,P1,A,maybe\n", "v.csv:2", "expected operable"},
  };
  for (const auto& c : cases) {
    auto layer = parse_valve_csv(c.text, "v.csv", net);
    ASSERT_FALSE(layer.ok()) << c.text;
    EXPECT_EQ(layer.error().fields[0].field, c.field);
    EXPECT_NE(layer.error().message.find(c.message), std::string::npos) << layer.error().message;
  }
}

TEST(ValveGeoJson, ReadsPointFeatures) {
  Network net = small();
  const char* doc = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"valve":"v1","link":"P1","node":"R","operable":false}},
    {"type":"Feature","geometry":{"type":"Point","coordinates":[3,4]},"properties":{"valve":7,"link":"P3","node":"C"}}]})";
  auto layer = parse_valve_geojson(doc, "v.geojson", net);
  ASSERT_TRUE(layer.ok()) << layer.error().message;
  ASSERT_EQ(layer->valves.size(), 2u);
  EXPECT_FALSE(layer->valves[0].operable);
  EXPECT_EQ(layer->valves[1].id, "7");
  auto bad = parse_valve_geojson(R"({"type":"FeatureCollection","features":[{"properties":{"valve":"x","link":"P1"}}]})",
                                 "v.geojson", net);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields[0].field, "v.geojson:features/0");
  EXPECT_FALSE(parse_valve_geojson("{not json", "v.geojson", net).ok());
}

// Same kind of layer as WNTR: strategic n leaves exactly min(n, degree)
// unvalved links at every node, so the valve count equals WNTR's.
class StrategicLikeWntr : public ::testing::TestWithParam<const char*> {};

TEST_P(StrategicLikeWntr, SameValveCountsAsTheSharedLayers) {
  auto dir = testing::networks_dir();
  auto inp = dir / (std::string(GetParam()) + ".inp");
  if (!std::filesystem::exists(dir / "segments")) GTEST_SKIP();
  auto net = read_inp(inp.string());
  ASSERT_TRUE(net.ok());
  NodeLinks incident(*net);
  for (int n : {1, 2}) {
    auto ours = generate_valve_layer(*net, ValvePlacement::strategic, n, 123);
    auto wntr = read_valve_csv((dir / "segments" / (std::string(GetParam()) + ".strategic_n" + std::to_string(n) + ".valves.csv")).string(), *net);
    ASSERT_TRUE(wntr.ok());
    EXPECT_EQ(ours.valves.size(), wntr->valves.size()) << "n=" << n;
    std::map<Index, std::size_t> per_node;
    for (const auto& v : ours.valves) ++per_node[v.node];
    for (std::size_t i = 0; i < net->nodes.size(); ++i) {
      std::size_t degree = incident.of(static_cast<Index>(i)).size();
      EXPECT_EQ(per_node[static_cast<Index>(i)], degree > static_cast<std::size_t>(n) ? degree - static_cast<std::size_t>(n) : 0u);
    }
  }
  auto random = generate_valve_layer(*net, ValvePlacement::random, static_cast<int>(net->count(LinkType::pipe) / 2), 123);
  auto wntr_random = read_valve_csv((dir / "segments" / (std::string(GetParam()) + ".random_half.valves.csv")).string(), *net);
  ASSERT_TRUE(wntr_random.ok());
  EXPECT_EQ(random.valves.size(), wntr_random->valves.size());
  for (const auto& v : random.valves) EXPECT_EQ(net->links[static_cast<std::size_t>(v.link)].type, LinkType::pipe);
  // Deterministic by seed.
  EXPECT_EQ(write_valve_csv(random, *net),
            write_valve_csv(generate_valve_layer(*net, ValvePlacement::random, static_cast<int>(random.valves.size()), 123), *net));
}

INSTANTIATE_TEST_SUITE_P(Shared, StrategicLikeWntr, ::testing::Values("Net1", "Net3", "CTown", "ky10", "Net6"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace lifeline::net
