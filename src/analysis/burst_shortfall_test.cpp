#include "analysis/burst_shortfall.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "analysis/criticality.h"
#include "analysis/outage_network_for_tests.h"
#include "hydraulics/simulation.h"
#include "net/city_generator.h"
#include "net/inp_reader.h"

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

// The shortcuts (warm start from the baseline's flows and statuses, pendant
// shutdowns not solved) against a cold solve of every segment: the same
// customers affected and cut off, shortfalls within the solver's accuracy
// (PDA demands converge to 1e-4 cfs = 0.003 L/s per node); and the same
// ranking, to the bit, on one thread and on two (a restarted Simulation
// answers what a fresh one does: simulation_test.cpp).
TEST(BurstShortfall, ShortcutsGiveTheColdSolvesAnswers) {
  const auto city = net::generate_city({1500, 5});
  auto model = hydraulics::build_model(city.network);
  ASSERT_TRUE(model) << model.error().message;
  SegmentedNetwork sn(city.network, city.valves, city.customers);
  const auto pda = snapshot_model(*model, {});
  BurstOptions one, two, cold;
  one.threads = 1;
  two.threads = 2;
  cold.threads = 2;
  cold.shortcuts = false;
  auto a = rank_burst_shortfall(sn, pda, one);
  auto b = rank_burst_shortfall(sn, pda, two);
  auto c = rank_burst_shortfall(sn, pda, cold);
  ASSERT_TRUE(a && b && c);
  EXPECT_GT(a->pendant_segments, 0);
  EXPECT_EQ(c->pendant_segments, 0);
  ASSERT_EQ(a->ranking.size(), b->ranking.size());
  for (std::size_t i = 0; i < a->ranking.size(); ++i) {
    EXPECT_EQ(a->ranking[i].segment, b->ranking[i].segment) << "rank " << i;
    EXPECT_EQ(a->ranking[i].shortfall_lps, b->ranking[i].shortfall_lps) << "rank " << i;
    EXPECT_EQ(a->ranking[i].solved, b->ranking[i].solved) << "rank " << i;
  }
  ASSERT_EQ(a->ranking.size(), c->ranking.size());
  EXPECT_EQ(a->failed_segments, 0);
  EXPECT_EQ(c->failed_segments, 0);
  double worst = 0;
  for (const auto& warm : a->ranking) {
    const auto& ref = burst_of(*c, warm.segment);
    EXPECT_EQ(warm.customers_cut_off, ref.customers_cut_off) << "segment " << warm.segment;
    ASSERT_EQ(warm.affected.size(), ref.affected.size()) << "segment " << warm.segment;
    for (std::size_t k = 0; k < warm.affected.size(); ++k) {
      EXPECT_EQ(warm.affected[k].customer, ref.affected[k].customer);
      EXPECT_EQ(warm.affected[k].status, ref.affected[k].status);
      worst = std::max(worst, std::fabs(warm.affected[k].shortfall_lps - ref.affected[k].shortfall_lps));
    }
    if (warm.solved) {
      EXPECT_LE(warm.iterations, ref.iterations) << "segment " << warm.segment;
    }
  }
  EXPECT_LE(worst, 0.003);
}

struct PendantCheck {
  int pendant = 0, solved = 0;
  double worst_drop_lps = 0;  // largest fall of served demand outside the area
  std::string where;
};

// Solves the pendant shutdowns (every `stride`th) cold, with every demand
// junction a customer: outside the closed-off area nobody is served less
// than before; inside, everyone is cut off.
PendantCheck check_pendant_shutdowns(const net::Network& network, const net::ValveLayer& layer, int stride) {
  std::vector<net::PriorityCustomer> everyone;
  for (std::size_t i = 0; i < network.nodes.size(); ++i) {
    double base = 0;
    for (const auto& d : network.nodes[i].demands) base += d.base;
    if (network.nodes[i].type == net::NodeType::junction && base > 0)
      everyone.push_back({static_cast<net::Index>(i), network.nodes[i].id, "demand_node"});
  }
  PendantCheck out;
  SegmentedNetwork sn(network, layer, everyone);
  auto model = hydraulics::build_model(network);
  if (!model) {
    out.where = model.error().message;
    return out;
  }
  const auto pda = snapshot_model(*model, {});
  std::vector<net::Index> nodes;
  for (const auto& c : everyone) nodes.push_back(c.node);
  hydraulics::Scenario scenario;
  scenario.pda = true;
  scenario.duration = 0;
  hydraulics::Simulation sim(pda, scenario);
  auto base_step = sim.run_step();
  if (!base_step) {
    out.where = base_step.error().message;
    return out;
  }
  const hydraulics::State baseline = sim.state();
  const auto before = read_snapshot(sim.model(), baseline, base_step->stats, 0, nodes, {});
  const ShutdownAreas areas(sn, pda, baseline);
  const auto& seg = sn.segments();
  std::vector<Failure> sites(static_cast<std::size_t>(seg.count), Failure{Failure::Kind::link, net::kNone});
  for (std::size_t n = seg.node_segment.size(); n-- > 0;)
    sites[static_cast<std::size_t>(seg.node_segment[n])] = Failure::at_node(static_cast<net::Index>(n));
  for (std::size_t l = seg.link_segment.size(); l-- > 0;)
    sites[static_cast<std::size_t>(seg.link_segment[l])] = Failure::on_link(static_cast<net::Index>(l));
  for (SegmentId s = 0; s < seg.count; ++s) {
    if (!sn.supplied(s)) continue;
    const Failure& site = sites[static_cast<std::size_t>(s)];
    const auto plan = plan_isolation(sn, IsolationRequest{site, {}, false});
    const auto area = areas.of(plan);
    if (!area.pendant || out.pendant++ % stride != 0) continue;
    const auto outage = outage_of(sn, site, plan, 0);
    sim.restart(std::vector<int>(outage.closed_links.begin(), outage.closed_links.end()));
    auto step = sim.run_step();
    if (!step) {
      out.where = step.error().message;
      return out;
    }
    ++out.solved;
    const auto after = read_snapshot(sim.model(), sim.state(), step->stats, 0, nodes, {});
    for (std::size_t c = 0; c < nodes.size(); ++c) {
      const bool inside = std::binary_search(area.customers.begin(), area.customers.end(), static_cast<std::int32_t>(c));
      const double drop = before.nodes[c].served_lps - after.nodes[c].served_lps;
      if (inside) {
        EXPECT_EQ(after.nodes[c].status, SupplyStatus::cut_off) << "segment " << s << ", " << everyone[c].name;
        EXPECT_EQ(after.nodes[c].served_lps, 0.0) << "segment " << s << ", " << everyone[c].name;
      } else if (drop > out.worst_drop_lps) {
        out.worst_drop_lps = drop;
        out.where = "segment " + std::to_string(s) + ", " + everyone[c].name;
      }
    }
  }
  return out;
}

TEST(BurstShortfall, PendantShutdownsTakeNothingFromTheRestOfAGeneratedCity) {
  const auto city = net::generate_city({3000, 9});
  const auto r = check_pendant_shutdowns(city.network, city.valves, 1);
  EXPECT_GT(r.pendant, 50);
  EXPECT_EQ(r.solved, r.pendant) << r.where;
  EXPECT_LE(r.worst_drop_lps, 1e-6) << r.where;
}

// BWSN_Network_2 with its N-1 valve layer (1067 controls, pumps, tanks):
// every 10th pendant shutdown (the full check is in docs/hydraulics.md).
TEST(BurstShortfall, PendantShutdownsTakeNothingFromTheRestOfBwsn2) {
  const char* source = std::getenv("LIFELINE_SOURCE_DIR");
  const std::filesystem::path dir = std::filesystem::path(source ? source : ".") / ".." / "shared" / "networks";
  std::error_code ec;
  if (!source || !std::filesystem::exists(dir / "BWSN_Network_2.inp", ec))
    GTEST_SKIP() << "../shared/networks is absent (set LIFELINE_SOURCE_DIR; ctest does)";
  auto network = net::read_inp((dir / "BWSN_Network_2.inp").string());
  ASSERT_TRUE(network) << network.error().message;
  auto layer = net::read_valve_layer((dir / "segments" / "BWSN_Network_2.strategic_n1.valves.csv").string(), *network);
  ASSERT_TRUE(layer) << layer.error().message;
  const auto r = check_pendant_shutdowns(*network, *layer, 10);
  EXPECT_GT(r.pendant, 1000);
  EXPECT_GT(r.solved, 100) << r.where;
  EXPECT_LE(r.worst_drop_lps, 1e-6) << r.where;
}

}  // namespace
}  // namespace lifeline::analysis
