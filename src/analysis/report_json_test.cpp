#include "analysis/report_json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "net/inp_reader.h"
#include "net/test_support.h"

namespace lifeline::analysis {
namespace {

// R --p1--| J1 --p2--| J2 --p3-- J3, a hospital at J3.
struct Line {
  net::Network net;
  net::ValveLayer layer;
  std::vector<net::PriorityCustomer> customers;
  Line() {
    net = *net::parse_inp(
        "[JUNCTIONS]\nJ1 1 1\nJ2 1 1\nJ3 1 1\n[RESERVOIRS]\nR 50\n"
        "[PIPES]\np1 R J1 100 300 100\np2 J1 J2 100 300 100\np3 J2 J3 100 300 100\n[OPTIONS]\nUNITS LPS\n",
        "line.inp");
    layer = *net::parse_valve_csv("valve,link,node\nv0,p1,J1\nv1,p2,J2\n", "v.csv", net);
    customers = {{net.find_node("J3"), "市中心医院", "hospital"}};
  }
};

TEST(ReportJson, SegmentsFollowTheWntrSchema) {
  Line l;
  Json j = segments_json(l.net, find_segments(l.net, l.layer));
  EXPECT_EQ(j["n_segments"], 3);
  EXPECT_EQ(j["node_segment"].size(), 4u);
  EXPECT_EQ(j["link_segment"].size(), 3u);
  EXPECT_EQ(j["node_segment"]["J2"], j["link_segment"]["p3"]);
  EXPECT_EQ(j["node_segment"]["R"], j["link_segment"]["p1"]);
  EXPECT_NE(j["node_segment"]["J1"], j["node_segment"]["J2"]);
}

TEST(ReportJson, IsolationPlanNamesValvesCustomersAndExtraImpact) {
  Line l;
  SegmentedNetwork sn(l.net, l.layer, l.customers);
  Failure f = Failure::on_link(l.net.find_link("p2"));
  Json j = isolation_json(sn, f, plan_isolation(sn, {f, {}, false}));
  EXPECT_EQ(j["failure"]["link"], "p2");
  EXPECT_EQ(j["shutdown"], true);
  ASSERT_EQ(j["valves_to_close"].size(), 2u);
  EXPECT_EQ(j["valves_to_close"][0]["valve"], "v0");
  EXPECT_EQ(j["valves_to_close"][0]["link"], "p1");
  EXPECT_EQ(j["valves_to_close"][0]["node"], "J1");
  EXPECT_EQ(j["impact"]["n_dry_demand_nodes"], 3);
  EXPECT_EQ(j["impact"]["priority_customers"][0]["name"], "市中心医院");
  EXPECT_NEAR(j["impact"]["demand_lost_lps"].get<double>(), 3.0, 1e-9);
  EXPECT_NEAR(j["impact"]["pipe_length_isolated_m"].get<double>(), 100.0, 1e-9);
  EXPECT_NEAR(j["impact"]["pipe_length_cut_off_m"].get<double>(), 100.0, 1e-9);
  EXPECT_TRUE(j["all_valves_working"].is_null());

  Json wide = isolation_json(sn, f, plan_isolation(sn, {f, {0}, false}));
  ASSERT_FALSE(wide["all_valves_working"].is_null());
  EXPECT_EQ(wide["inoperable_valves_met"][0]["valve"], "v0");
  EXPECT_EQ(wide["all_valves_working"]["valves_to_close"].size(), 2u);
  EXPECT_EQ(wide["extra_impact"]["dry_demand_nodes"], 0);

  Json live = isolation_json(sn, f, plan_isolation(sn, {f, {}, true}));
  EXPECT_EQ(live["shutdown"], false);
  EXPECT_TRUE(live["valves_to_close"].empty());
  EXPECT_TRUE(live.contains("would_be_affected"));
}

TEST(ReportJson, SupplyAndCriticality) {
  Line l;
  SegmentedNetwork sn(l.net, l.layer, l.customers);
  net::Index j3 = l.net.find_node("J3");
  Json s = supply_json(sn, assess_dual_supply(sn, std::span<const net::Index>(&j3, 1)));
  ASSERT_EQ(s["nodes"].size(), 1u);
  EXPECT_EQ(s["nodes"][0]["customer"], "市中心医院");
  EXPECT_EQ(s["nodes"][0]["routes"], 1);
  EXPECT_EQ(s["nodes"][0]["n1_secure"], false);
  EXPECT_EQ(s["nodes"][0]["critical_segments"].size(), 2u);  // J1's segment and R's segment

  Json c = criticality_json(sn, rank_criticality(sn), 2);
  EXPECT_EQ(c["n_segments"], 3);
  ASSERT_EQ(c["ranking"].size(), 2u);
  EXPECT_EQ(c["ranking"][0]["rank"], 1);
  EXPECT_EQ(c["ranking"][0]["priority_customers_lost"], 1);
  EXPECT_EQ(c["ranking"][0]["demand_nodes_lost"], 3);  // the reservoir's segment feeds all
}

}  // namespace
}  // namespace lifeline::analysis
