#include "analysis/supply_outage.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "analysis/outage_network_for_tests.h"
#include "hydraulics/model.h"

namespace lifeline::analysis {
namespace {

using test_networks::OutageNetwork;

NodeSupply at_pressure(double p, double asked = 0, double served = 0, bool connected = true) {
  NodeSupply s;
  s.pressure_m = p;
  s.asked_lps = asked;
  s.served_lps = served;
  s.connected = connected;
  return classify(s, PdaSettings{});
}

TEST(SupplyClassify, ServedFractionFollowsTheServedDemand) {
  EXPECT_DOUBLE_EQ(at_pressure(30, 5, 5).served_fraction, 1.0);
  EXPECT_EQ(at_pressure(30, 5, 5).status, SupplyStatus::ok);
  EXPECT_DOUBLE_EQ(at_pressure(5, 4, 1).served_fraction, 0.25);
  EXPECT_EQ(at_pressure(5, 4, 1).status, SupplyStatus::low_pressure);
  EXPECT_EQ(at_pressure(0, 4, 0).status, SupplyStatus::cut_off);
}

TEST(SupplyClassify, ANodeWithoutDemandGetsThePdaFractionOfItsPressure) {
  EXPECT_DOUBLE_EQ(at_pressure(14).served_fraction, 1.0);
  EXPECT_DOUBLE_EQ(at_pressure(40).served_fraction, 1.0);
  EXPECT_NEAR(at_pressure(3.5).served_fraction, 0.5, 1e-12);  // sqrt(3.5 / 14)
  EXPECT_EQ(at_pressure(3.5).status, SupplyStatus::low_pressure);
  EXPECT_DOUBLE_EQ(at_pressure(-2).served_fraction, 0.0);
  EXPECT_EQ(at_pressure(-2).status, SupplyStatus::cut_off);
}

TEST(SupplyClassify, NoPathToASourceIsCutOffWhateverThePressure) {
  const auto s = at_pressure(25, 5, 5, false);
  EXPECT_EQ(s.served_fraction, 0.0);
  EXPECT_EQ(s.status, SupplyStatus::cut_off);
}

TEST(SupplyOutage, AShutdownIsTheValvesAndTheBurstPipeClosed) {
  OutageNetwork t;
  const auto failure = Failure::on_link(t.net.find_link("P1"));
  const auto plan = plan_isolation(*t.sn, {failure, {}, false});
  const auto outage = outage_of(*t.sn, failure, plan, 0.05);
  ASSERT_EQ(outage.closed_links.size(), 1u);  // V1 and V2 both sit on P1
  EXPECT_EQ(outage.closed_links[0], t.net.find_link("P1"));
  EXPECT_EQ(outage.leaking_link, net::kNone);

  const auto under = outage_of(*t.sn, failure, plan_isolation(*t.sn, {failure, {}, true}), 0.5);
  EXPECT_TRUE(under.closed_links.empty());
  EXPECT_EQ(under.leaking_link, t.net.find_link("P1"));
  EXPECT_DOUBLE_EQ(under.leak_diameter_m, 0.1);  // capped at the pipe's DN100
}

// Closing P1 leaves the hospital on the 4 km detour: lower pressure, less served.
TEST(SupplyOutage, ADetourLowersTheHospitalsPressureAndSupply) {
  OutageNetwork t;
  ASSERT_TRUE(t.model) << t.model.error().message;
  const auto pda = snapshot_model(*t.model, {});
  const auto failure = Failure::on_link(t.net.find_link("P1"));
  const auto plan = plan_isolation(*t.sn, {failure, {}, false});
  auto r = assess_supply_outage(pda, t.customers, outage_of(*t.sn, failure, plan, 0), {});
  ASSERT_TRUE(r) << r.error().message;
  const auto& hospital = r->customers[0];
  EXPECT_EQ(hospital.before.status, SupplyStatus::ok);
  EXPECT_NEAR(hospital.before.served_lps, 5.0, 1e-3);
  EXPECT_GT(hospital.before.pressure_m, 30.0);
  EXPECT_LT(hospital.after.pressure_m, 14.0);
  EXPECT_GT(hospital.after.pressure_m, 0.0);
  EXPECT_EQ(hospital.after.status, SupplyStatus::low_pressure);
  EXPECT_LT(hospital.after.served_fraction, 1.0);
  EXPECT_GT(hospital.after.served_fraction, 0.0);
  // PDA: the fraction served is the pressure's.
  EXPECT_NEAR(hospital.after.served_fraction, std::sqrt(hospital.after.pressure_m / 14.0), 1e-3);
  EXPECT_TRUE(r->before.balanced);
  EXPECT_TRUE(r->after.balanced);
}

TEST(SupplyOutage, ClosingTheBranchCutsItsCustomersOff) {
  OutageNetwork t;
  ASSERT_TRUE(t.model) << t.model.error().message;
  const auto pda = snapshot_model(*t.model, {});
  const auto failure = Failure::on_link(t.net.find_link("P5"));
  const auto plan = plan_isolation(*t.sn, {failure, {}, false});
  auto r = assess_supply_outage(pda, t.customers, outage_of(*t.sn, failure, plan, 0), {});
  ASSERT_TRUE(r) << r.error().message;
  for (int c : {1, 2}) {  // the clinic (1 L/s) and the telecom exchange (no demand)
    const auto& x = r->customers[static_cast<std::size_t>(c)];
    EXPECT_EQ(x.before.status, SupplyStatus::ok) << c;
    EXPECT_FALSE(x.after.connected) << c;
    EXPECT_EQ(x.after.served_fraction, 0.0) << c;
    EXPECT_EQ(x.after.served_lps, 0.0) << c;
    EXPECT_EQ(x.after.status, SupplyStatus::cut_off) << c;
  }
  // The hospital keeps its water, and the topological plan agrees on who is cut off.
  EXPECT_EQ(r->customers[0].after.status, SupplyStatus::ok);
  EXPECT_EQ(plan.impact.customers, (std::vector<std::int32_t>{1, 2}));

  const Json doc = supply_outage_json(t.net, t.customers, *r);
  EXPECT_TRUE(doc["customers"][1]["pressure_after_m"].is_null());
  EXPECT_EQ(doc["customers"][1]["status_after"], "cut_off");
  EXPECT_EQ(doc["closed_links"], Json::array({"P4", "P5"}));
}

// Repair under pressure: nothing closed, the pipe leaks through an orifice.
TEST(SupplyOutage, ALeakUnderPressureFollowsTheOrificeLaw) {
  OutageNetwork t;
  ASSERT_TRUE(t.model) << t.model.error().message;
  const auto pda = snapshot_model(*t.model, {});
  Outage leak;
  leak.leaking_link = t.net.find_link("P1");
  leak.leak_diameter_m = 0.05;
  const std::vector<net::Index> ends{t.net.find_node("J1"), t.net.find_node("J2")};
  auto before = supply_snapshot(pda, Outage{}, ends, {});
  auto after = supply_snapshot(pda, leak, ends, {});
  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->leak_lps, 0.0);
  double expected = 0;
  const double half_area = std::numbers::pi / 4 * 0.05 * 0.05 / 2;
  for (const auto& n : after->nodes) expected += 1000.0 * 0.6 * half_area * std::sqrt(2 * 9.80665 * n.pressure_m);
  EXPECT_NEAR(after->leak_lps, expected, 0.01 * expected);
  EXPECT_GT(after->leak_lps, 10.0);
  EXPECT_LT(after->nodes[1].pressure_m, before->nodes[1].pressure_m - 1.0);
}

TEST(SupplyOutage, TheSnapshotTakesThePatternTimesDemands) {
  OutageNetwork t;
  ASSERT_TRUE(t.model) << t.model.error().message;
  // The demand pattern doubles from the second hour.
  auto at0 = supply_snapshot(snapshot_model(*t.model, {}), Outage{}, {t.net.find_node("J2")}, {});
  auto at1 = supply_snapshot(snapshot_model(*t.model, {{}, 3600}), Outage{}, {t.net.find_node("J2")}, {});
  ASSERT_TRUE(at0 && at1);
  EXPECT_NEAR(at0->nodes[0].asked_lps, 5.0, 1e-6);
  EXPECT_NEAR(at1->nodes[0].asked_lps, 10.0, 1e-6);
}

}  // namespace
}  // namespace lifeline::analysis
