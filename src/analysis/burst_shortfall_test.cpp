#include "analysis/burst_shortfall.h"

#include <gtest/gtest.h>

#include "analysis/criticality.h"
#include "analysis/outage_network_for_tests.h"
#include "net/city_generator.h"

namespace lifeline::analysis {
namespace {

using test_networks::OutageNetwork;

const SegmentBurst& burst_of(const BurstReport& r, SegmentId s) {
  for (const auto& b : r.ranking)
    if (b.segment == s) return b;
  throw std::runtime_error("segment not simulated");
}

TEST(BurstShortfall, RanksTheSegmentsByWhatTheirShutdownCostsThePriorityCustomers) {
  OutageNetwork t;
  ASSERT_TRUE(t.model) << t.model.error().message;
  const auto pda = snapshot_model(*t.model, {});
  BurstOptions options;
  options.threads = 1;
  auto r = rank_burst_shortfall(*t.sn, pda, options);
  ASSERT_TRUE(r) << r.error().message;
  const auto& seg = t.sn->segments();
  const SegmentId source = seg.node_segment[static_cast<std::size_t>(t.net.find_node("J1"))];
  const SegmentId p1 = seg.link_segment[static_cast<std::size_t>(t.net.find_link("P1"))];
  const SegmentId branch = seg.link_segment[static_cast<std::size_t>(t.net.find_link("P4"))];
  ASSERT_EQ(r->ranking.size(), 3u);
  EXPECT_EQ(r->failed_segments, 0);
  // The source's segment shuts everyone off; the branch two; P1 only lowers the hospital.
  EXPECT_EQ(r->ranking[0].segment, source);
  EXPECT_EQ(r->ranking[0].customers_cut_off, 3);
  EXPECT_EQ(r->ranking[1].segment, branch);
  EXPECT_EQ(r->ranking[1].customers_cut_off, 2);
  EXPECT_NEAR(r->ranking[1].shortfall_lps, 1.0, 1e-3);  // the clinic's 1 L/s; the exchange asks nothing
  const auto& detour = burst_of(*r, p1);
  EXPECT_EQ(detour.customers_cut_off, 0);
  ASSERT_FALSE(detour.affected.empty());
  EXPECT_EQ(detour.affected[0].customer, 0);
  EXPECT_EQ(detour.affected[0].status, SupplyStatus::low_pressure);
  EXPECT_GT(detour.affected[0].shortfall_lps, 0.1);

  // The hospital's worst segments: the source's (cut off), then P1's (detour).
  const auto& hospital = r->customers[0];
  EXPECT_EQ(hospital.segments_cutting_off, 1);
  ASSERT_EQ(hospital.worst.size(), 2u);
  EXPECT_EQ(hospital.worst[0].customer, source);
  EXPECT_EQ(hospital.worst[1].customer, p1);

  const Json doc = burst_shortfall_json(*t.sn, *r, {}, 10);
  EXPECT_EQ(doc["ranking"].size(), 3u);
  EXPECT_EQ(doc["ranking"][2]["affected"][0]["name"], "市第一医院");
  EXPECT_EQ(doc["customers"][0]["worst"][1]["segment"], p1);
}

// The hydraulic ranking cuts off at least whom the topological one cuts off
// (a closed segment's customers have no path to a source either way), and
// the workers give the same answer as one thread.
TEST(BurstShortfall, AgreesWithTopologyAndIsTheSameOnAnyNumberOfThreads) {
  const auto city = net::generate_city({200, 3});
  auto model = hydraulics::build_model(city.network);
  ASSERT_TRUE(model) << model.error().message;
  SegmentedNetwork sn(city.network, city.valves, city.customers);
  const auto pda = snapshot_model(*model, {});
  BurstOptions one, two;
  one.threads = 1;
  two.threads = 2;
  auto a = rank_burst_shortfall(sn, pda, one);
  auto b = rank_burst_shortfall(sn, pda, two);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->ranking.size(), b->ranking.size());
  for (std::size_t i = 0; i < a->ranking.size(); ++i) {
    EXPECT_EQ(a->ranking[i].segment, b->ranking[i].segment);
    EXPECT_EQ(a->ranking[i].shortfall_lps, b->ranking[i].shortfall_lps);
  }
  const auto topo = rank_criticality(sn);
  for (const auto& c : topo.ranking) {
    if (a->failed_segments) break;
    EXPECT_GE(burst_of(*a, c.segment).customers_cut_off, c.customers_lost) << "segment " << c.segment;
  }
}

}  // namespace
}  // namespace lifeline::analysis
