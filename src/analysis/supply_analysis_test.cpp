// Brute-force cross-checks of isolation plans, criticality and dual supply
// on random networks and random valve layers.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "analysis/criticality.h"
#include "analysis/dual_supply.h"
#include "analysis/isolation_plan.h"
#include "analysis/random_network_for_tests.h"
#include "net/valve_placement.h"

namespace lifeline::analysis {
namespace {

struct Case {
  net::Network net;
  net::ValveLayer layer;
  std::vector<net::PriorityCustomer> customers;
};

Case random_case(std::uint64_t seed) {
  Case c;
  c.net = testing::random_network(seed, 4 + static_cast<int>(seed % 37), static_cast<int>(seed % 9));
  bool strategic = seed % 3 != 0;
  c.layer = net::generate_valve_layer(c.net, strategic ? net::ValvePlacement::strategic : net::ValvePlacement::random,
                                      strategic ? 1 + static_cast<int>(seed % 3) : static_cast<int>(c.net.links.size()),
                                      seed);
  for (std::size_t i = 0; i < c.net.nodes.size(); i += 3) {
    c.customers.push_back(net::PriorityCustomer{static_cast<net::Index>(i), "C" + std::to_string(i), "hospital"});
  }
  if (seed % 4 == 0 && !c.net.links.empty()) c.net.links[seed % c.net.links.size()].status = net::LinkStatus::closed;
  return c;
}

// Element-level truth: which nodes and links are reachable from a source
// node when the given valves are closed (and statically closed links pass
// nothing). Independent of segments.
std::vector<bool> wet_elements(const SegmentedNetwork& sn, const std::set<std::int32_t>& closed_valves) {
  const auto& net = sn.network();
  const std::size_t nn = net.nodes.size(), nl = net.links.size();
  std::set<std::pair<net::Index, net::Index>> cut;
  for (auto v : closed_valves) cut.insert({sn.valves().valves[static_cast<std::size_t>(v)].link, sn.valves().valves[static_cast<std::size_t>(v)].node});
  std::vector<std::vector<std::size_t>> adj(nn + nl);
  for (std::size_t l = 0; l < nl; ++l) {
    if (sn.closed_links()[l]) continue;
    for (net::Index end : {net.links[l].from, net.links[l].to}) {
      if (cut.count({static_cast<net::Index>(l), end})) continue;
      adj[nn + l].push_back(static_cast<std::size_t>(end));
      adj[static_cast<std::size_t>(end)].push_back(nn + l);
    }
  }
  std::vector<bool> wet(nn + nl, false);
  std::vector<std::size_t> stack;
  for (std::size_t n = 0; n < nn; ++n) {
    if (net.nodes[n].type != net::NodeType::junction) {
      wet[n] = true;
      stack.push_back(n);
    }
  }
  while (!stack.empty()) {
    auto x = stack.back();
    stack.pop_back();
    for (auto y : adj[x]) {
      if (!wet[y]) {
        wet[y] = true;
        stack.push_back(y);
      }
    }
  }
  return wet;
}

TEST(IsolationPlan, ClosingThePlannedValvesIsolatesTheBurstAndDriesExactlyTheReportedNodes) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    Case c = random_case(seed);
    SegmentedNetwork sn(c.net, c.layer, c.customers);
    std::mt19937_64 rng(seed);
    auto base = wet_elements(sn, {});
    for (int trial = 0; trial < 5; ++trial) {
      IsolationRequest req;
      req.failure = Failure::on_link(static_cast<net::Index>(rng() % c.net.links.size()));
      if (trial % 2 && !c.layer.valves.empty()) {
        for (int k = 0; k < 3; ++k) req.inoperable_valves.push_back(static_cast<std::int32_t>(rng() % c.layer.valves.size()));
      }
      IsolationPlan plan = plan_isolation(sn, req);
      std::set<std::int32_t> closing(plan.valves_to_close.begin(), plan.valves_to_close.end());
      std::set<std::int32_t> inoperable(req.inoperable_valves.begin(), req.inoperable_valves.end());
      for (auto v : closing) ASSERT_FALSE(inoperable.count(v)) << "plans to close an inoperable valve";
      auto after = wet_elements(sn, closing);
      const std::size_t nn = c.net.nodes.size();
      // Either the burst is cut off from every source, or it sits in a source segment / is already dry.
      auto burst = nn + static_cast<std::size_t>(req.failure.index);
      bool source_inside = false;
      for (auto s : plan.impact.isolated_segments) source_inside = source_inside || sn.is_source(s);
      if (!source_inside) {
        ASSERT_FALSE(after[burst]) << "seed " << seed;
      }
      // Dry demand nodes: wet before, dry after; plus those in shut-in segments.
      std::set<net::Index> expected;
      std::set<SegmentId> shut(plan.impact.isolated_segments.begin(), plan.impact.isolated_segments.end());
      for (std::size_t n = 0; n < nn; ++n) {
        const auto& node = c.net.nodes[n];
        if (node.type != net::NodeType::junction || node.demands.empty() || node.demands[0].base <= 0) continue;
        bool in_shut = shut.count(sn.segments().node_segment[n]) > 0;
        if (in_shut || (base[n] && !after[n])) expected.insert(static_cast<net::Index>(n));
      }
      std::set<net::Index> reported(plan.impact.dry_demand_nodes.begin(), plan.impact.dry_demand_nodes.end());
      if (!source_inside) {
        ASSERT_EQ(reported, expected) << "seed " << seed << " trial " << trial;
      }
      // Cut-off segments agree with a search from the sources around the shut-in area.
      ASSERT_EQ(plan.impact.cut_off_segments, cut_off_by_search(sn, plan.impact.isolated_segments)) << "seed " << seed;
    }
  }
}

TEST(IsolationPlan, InoperableValveWidensTheShutdownAndReportsTheExtraImpact) {
  // R --p1--| J1 --p2--| J2 --p3-- J3   ("|" marks a valve at the node to its right)
  net::Network net;
  net.add_node(net::Node{.id = "R", .type = net::NodeType::reservoir});
  for (const char* id : {"J1", "J2", "J3"}) {
    net::Node j;
    j.id = id;
    j.demands.push_back({0.01, net::kNone, {}});
    net.add_node(j);
  }
  auto pipe = [&](const char* id, net::Index a, net::Index b) {
    net::Link l;
    l.id = id;
    l.from = a;
    l.to = b;
    l.length = 100;
    l.diameter = 0.3;
    l.roughness = 120;
    net.add_link(l);
  };
  pipe("p1", 0, 1);
  pipe("p2", 1, 2);
  pipe("p3", 2, 3);
  net::ValveLayer layer;
  layer.valves.push_back({"v0", 0, 1, true});
  layer.valves.push_back({"v1", 1, 2, true});
  std::vector<net::PriorityCustomer> customers{{3, "市中心医院", "hospital"}};
  SegmentedNetwork sn(net, layer, customers);

  IsolationRequest req{Failure::on_link(1), {}, false};
  IsolationPlan plan = plan_isolation(sn, req);
  EXPECT_EQ(plan.valves_to_close, (std::vector<std::int32_t>{0, 1}));
  EXPECT_EQ(plan.impact.cut_off_segments.size(), 1u);  // J2-J3 lose their only route
  EXPECT_EQ(plan.impact.customers, (std::vector<std::int32_t>{0}));
  EXPECT_NEAR(plan.impact.demand_lost, 0.03, 1e-12);
  EXPECT_FALSE(plan.all_valves_working.has_value());

  req.inoperable_valves = {0};  // v0 will not turn: shut the reservoir side too
  plan = plan_isolation(sn, req);
  EXPECT_EQ(plan.valves_to_close, (std::vector<std::int32_t>{1}));
  EXPECT_EQ(plan.inoperable_met, (std::vector<std::int32_t>{0}));
  EXPECT_EQ(plan.impact.isolated_segments.size(), 2u);
  ASSERT_TRUE(plan.all_valves_working.has_value());
  EXPECT_EQ(plan.all_valves_working->isolated_segments.size(), 1u);
  EXPECT_EQ(plan.ideal_valves_to_close, (std::vector<std::int32_t>{0, 1}));

  req.inoperable_valves = {1};  // v1 will not turn: J2-J3 are shut in instead of cut off
  plan = plan_isolation(sn, req);
  EXPECT_EQ(plan.valves_to_close, (std::vector<std::int32_t>{0}));
  EXPECT_TRUE(plan.impact.cut_off_segments.empty());
  EXPECT_EQ(plan.impact.dry_demand_nodes.size(), 3u);

  req.under_pressure = true;
  plan = plan_isolation(sn, req);
  EXPECT_FALSE(plan.shutdown);
  EXPECT_TRUE(plan.valves_to_close.empty());
  EXPECT_EQ(plan.impact.dry_demand_nodes.size(), 3u);  // who would have been affected
}

TEST(IsolationPlan, ClosedLinkGivenAtRunTimeActsAsAClosedBoundary) {
  net::Network net;
  net.add_node(net::Node{.id = "R1", .type = net::NodeType::reservoir});
  net.add_node(net::Node{.id = "R2", .type = net::NodeType::reservoir});
  net::Node j;
  j.id = "J";
  j.demands.push_back({0.01, net::kNone, {}});
  net.add_node(j);
  for (auto [id, a, b] : {std::tuple{"a", 0, 2}, std::tuple{"b", 1, 2}}) {
    net::Link l;
    l.id = id;
    l.from = a;
    l.to = b;
    l.length = 10;
    l.diameter = 0.1;
    l.roughness = 100;
    net.add_link(l);
  }
  net::ValveLayer layer;
  layer.valves.push_back({"va", 0, 2, true});
  layer.valves.push_back({"vb", 1, 2, true});
  SegmentedNetwork open(net, layer);
  net::Index j_index = 2;
  auto r = assess_dual_supply(open, std::span<const net::Index>(&j_index, 1));
  EXPECT_EQ(r[0].routes, 2);
  EXPECT_TRUE(r[0].n1_secure);
  SegmentedNetwork closed(net, layer, {}, SupplyOptions{.closed_links = {1}});
  r = assess_dual_supply(closed, std::span<const net::Index>(&j_index, 1));
  EXPECT_EQ(r[0].routes, 1);
  EXPECT_FALSE(r[0].n1_secure);
  EXPECT_EQ(r[0].critical_segments.size(), 1u);
}

TEST(Criticality, DominatorTreeMatchesRemovalOnRandomNetworks) {
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    Case c = random_case(seed);
    SegmentedNetwork sn(c.net, c.layer, c.customers,
                        SupplyOptions{.sources = seed % 5 ? SourcePolicy::reservoirs_and_tanks : SourcePolicy::reservoirs_only});
    CriticalityReport fast = rank_criticality(sn);
    CriticalityReport slow = criticality_by_removal(sn);
    ASSERT_EQ(fast.unsupplied_segments, slow.unsupplied_segments);
    ASSERT_EQ(fast.ranking.size(), slow.ranking.size());
    // Ranks may swap where float sums tie; compare per segment.
    auto by_segment = [](auto& rows) {
      std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.segment < b.segment; });
    };
    by_segment(fast.ranking);
    by_segment(slow.ranking);
    for (std::size_t i = 0; i < fast.ranking.size(); ++i) {
      const auto &a = fast.ranking[i], &b = slow.ranking[i];
      ASSERT_EQ(a.segment, b.segment) << "seed " << seed << " rank " << i;
      EXPECT_EQ(a.valves_to_close, b.valves_to_close);
      EXPECT_EQ(a.demand_nodes_lost, b.demand_nodes_lost);
      EXPECT_EQ(a.customers_lost, b.customers_lost);
      EXPECT_EQ(a.cut_off_segments, b.cut_off_segments) << "seed " << seed;
      EXPECT_NEAR(a.demand_lost, b.demand_lost, 1e-12);
      EXPECT_NEAR(a.cut_off_demand, b.cut_off_demand, 1e-12);
      EXPECT_NEAR(a.pipe_length_lost, b.pipe_length_lost, 1e-9);
    }
  }
}

// Brute force: the smallest number of segments (other than the target)
// whose removal cuts the target off, up to 2; a source segment's own
// direct route cannot be cut and counts as one route.
std::int32_t routes_by_cuts(const SegmentedNetwork& sn, SegmentId t) {
  const SegmentId n = sn.graph().size();
  auto reaches = [&](std::vector<SegmentId> removed) {
    removed.push_back(t);  // search avoids t's own direct source
    std::vector<bool> seen(static_cast<std::size_t>(n), false);
    std::vector<SegmentId> stack;
    for (SegmentId s = 0; s < n; ++s) {
      if (sn.is_source(s) && std::find(removed.begin(), removed.end(), s) == removed.end()) {
        seen[static_cast<std::size_t>(s)] = true;
        stack.push_back(s);
      }
    }
    while (!stack.empty()) {
      SegmentId v = stack.back();
      stack.pop_back();
      for (const auto& e : sn.graph().edges(v)) {
        if (e.to == t) return true;
        if (seen[static_cast<std::size_t>(e.to)] || std::find(removed.begin(), removed.end(), e.to) != removed.end()) continue;
        seen[static_cast<std::size_t>(e.to)] = true;
        stack.push_back(e.to);
      }
    }
    return false;
  };
  std::int32_t direct = sn.is_source(t) ? 1 : 0;
  if (!reaches({})) return direct;
  for (SegmentId a = 0; a < n; ++a) {
    if (a != t && !reaches({a})) return direct + 1;
  }
  for (SegmentId a = 0; a < n; ++a) {
    for (SegmentId b = a + 1; b < n; ++b) {
      if (a != t && b != t && !reaches({a, b})) return std::min(3, direct + 2);
    }
  }
  return 3;
}

TEST(DualSupply, RoutesAndCriticalSegmentsMatchBruteForce) {
  for (std::uint64_t seed = 1; seed <= 250; ++seed) {
    Case c = random_case(seed);
    SegmentedNetwork sn(c.net, c.layer, c.customers);
    std::vector<net::Index> nodes;
    for (std::size_t i = 0; i < c.net.nodes.size(); ++i) nodes.push_back(static_cast<net::Index>(i));
    auto result = assess_dual_supply(sn, nodes);
    for (const auto& r : result) {
      if (!sn.supplied(r.segment)) {
        EXPECT_EQ(r.routes, 0);
        continue;
      }
      ASSERT_EQ(r.routes, routes_by_cuts(sn, r.segment)) << "seed " << seed << " node " << r.node;
      std::set<SegmentId> critical;
      for (SegmentId d = 0; d < sn.graph().size(); ++d) {
        if (d == r.segment) continue;
        auto lost = cut_off_by_search(sn, {d});
        if (std::binary_search(lost.begin(), lost.end(), r.segment)) critical.insert(d);
      }
      ASSERT_EQ(std::set<SegmentId>(r.critical_segments.begin(), r.critical_segments.end()), critical) << "seed " << seed;
      EXPECT_EQ(r.n1_secure, critical.empty());
      if (!sn.is_source(r.segment)) {
        EXPECT_EQ(r.routes >= 2, critical.empty());
      }
    }
  }
}

}  // namespace
}  // namespace lifeline::analysis
