#include "net/city_generator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "net/inp_reader.h"
#include "net/inp_writer.h"
#include "net/node_links.h"

namespace lifeline::net {
namespace {

TEST(CityGenerator, IsDeterministicForASeed) {
  City a = generate_city({3000, 7});
  City b = generate_city({3000, 7});
  City c = generate_city({3000, 8});
  EXPECT_EQ(write_inp(a.network), write_inp(b.network));
  EXPECT_EQ(write_valve_csv(a.valves, a.network), write_valve_csv(b.valves, b.network));
  EXPECT_EQ(write_priority_customers(a.customers, a.network), write_priority_customers(b.customers, b.network));
  EXPECT_NE(write_inp(a.network), write_inp(c.network));
}

class CitySize : public ::testing::TestWithParam<std::int64_t> {};

TEST_P(CitySize, HasTheRequestedLinksAndAPlausibleLayout) {
  const std::int64_t links = GetParam();
  City city = generate_city({links, 1});
  const Network& net = city.network;
  EXPECT_EQ(static_cast<std::int64_t>(net.links.size()), links);
  EXPECT_GE(net.count(NodeType::reservoir), 2u);
  EXPECT_GE(net.count(NodeType::tank), 1u);
  EXPECT_GE(net.count(LinkType::pump), 4u);
  EXPECT_GE(net.count(LinkType::prv), 1u);
  EXPECT_GE(city.customers.size(), 8u);

  // Everything is connected to a reservoir through open links.
  NodeLinks incident(net);
  std::vector<bool> seen(net.nodes.size(), false);
  std::vector<Index> stack;
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    if (net.nodes[i].type == NodeType::reservoir) {
      seen[i] = true;
      stack.push_back(static_cast<Index>(i));
    }
  }
  while (!stack.empty()) {
    Index v = stack.back();
    stack.pop_back();
    for (Index l : incident.of(v)) {
      const Link& link = net.links[static_cast<std::size_t>(l)];
      if (link.status == LinkStatus::closed) continue;
      Index w = link.from == v ? link.to : link.from;
      if (!seen[static_cast<std::size_t>(w)]) {
        seen[static_cast<std::size_t>(w)] = true;
        stack.push_back(w);
      }
    }
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), false), 0);

  // Demands: 250 L per person per day plus priority customers.
  double residential = 0;
  for (const auto& n : net.nodes) {
    if (!n.demands.empty()) residential += n.demands[0].base;
    EXPECT_TRUE(n.has_coordinates);
  }
  EXPECT_NEAR(residential * 86400.0 * 1000.0 / static_cast<double>(city.population), kLitresPerPersonDay,
              0.02 * kLitresPerPersonDay);

  // Diameter hierarchy: trunks DN600+, streets DN300, branches DN100-150.
  std::set<int> diameters;
  for (const auto& l : net.links) {
    if (l.type == LinkType::pipe) diameters.insert(static_cast<int>(std::lround(l.diameter * 1000)));
  }
  EXPECT_TRUE(diameters.count(300));
  EXPECT_TRUE(diameters.count(600) || links < 2000);
  EXPECT_TRUE(diameters.count(800));
  EXPECT_TRUE(diameters.count(150));

  // Valves sit at an end of their link; ids are unique.
  std::set<std::string> ids;
  for (const auto& v : city.valves.valves) {
    const Link& l = net.links[static_cast<std::size_t>(v.link)];
    ASSERT_TRUE(l.from == v.node || l.to == v.node);
    ASSERT_TRUE(ids.insert(v.id).second);
  }
  for (const auto& c : city.customers) {
    const Node& n = net.nodes[static_cast<std::size_t>(c.node)];
    EXPECT_EQ(n.type, NodeType::junction);
    EXPECT_EQ(n.tag, c.name);
    EXPECT_EQ(n.demands.back().category, c.category);
  }

  // It is a valid EPANET file.
  auto again = parse_inp(write_inp(net), "city.inp");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->links.size(), net.links.size());
  auto layer = parse_valve_csv(write_valve_csv(city.valves, net), "valves.csv", *again);
  ASSERT_TRUE(layer.ok()) << layer.error().message;
  auto customers = parse_priority_customers(write_priority_customers(city.customers, net), "customers.csv", *again);
  ASSERT_TRUE(customers.ok());
  EXPECT_EQ(customers->size(), city.customers.size());
}

INSTANTIATE_TEST_SUITE_P(Sizes, CitySize, ::testing::Values(300, 1000, 10'000, 100'000));

TEST(CityGenerator, NamesPriorityCustomersInChinese) {
  City city = generate_city({20'000, 3});
  std::set<std::string> categories;
  bool has_hospital_name = false;
  for (const auto& c : city.customers) {
    categories.insert(c.category);
    has_hospital_name = has_hospital_name || c.name == "市第一人民医院北院";
  }
  EXPECT_TRUE(has_hospital_name);
  EXPECT_EQ(categories, (std::set<std::string>{"hospital", "fever_clinic", "cdc", "telecom", "emergency_command"}));
}

}  // namespace
}  // namespace lifeline::net
