// The hydraulic scenarios over HTTP: the isolation plan's per-customer
// pressure and served share before and after, repair under pressure with a
// leak, and the all-bursts ranking, on a network small enough to check by
// hand (analysis/outage_network_for_tests.h):
//
//   R1 (60 m) - J1 -P1 1 km- J2 (hospital, 5 L/s) -P4- J4 (clinic, 1 L/s) -P5- J5 (exchange, no demand)
//                \-P2 2 km- J3 -P3 2 km-/
#include <cmath>
#include <thread>

#include "analysis/outage_network_for_tests.h"
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;
using analysis::test_networks::kOutageInp;
using analysis::test_networks::kOutageValves;

class Hydraulics : public ApiTest {
 protected:
  std::string upload(Session& s) {
    auto created = call(s, "POST", "/api/v1/networks",
                        {{"org_id", util_a_}, {"name", "环网"}, {"inp", kOutageInp}, {"file_name", "loop.inp"}});
    EXPECT_STATUS(created, 201);
    const std::string path = "/api/v1/networks/" + std::to_string(created.json().value("id", 0));
    EXPECT_STATUS(call(s, "PUT", path + "/valves", {{"csv", kOutageValves}}), 200);
    EXPECT_STATUS(call(s, "PUT", path + "/customers",
                       {{"items", json::array({{{"node", "J2"}, {"name", "市第一医院"}, {"category", "hospital"}},
                                               {{"node", "J4"}, {"name", "发热门诊"}, {"category", "fever_clinic"}},
                                               {{"node", "J5"}, {"name", "电信枢纽"}, {"category", "telecom"}}})}}),
                  200);
    return path;
  }

  static const json& row(const json& hydraulics, const std::string& node) {
    for (const auto& c : hydraulics["customers"])
      if (c["node"] == node) return c;
    throw std::runtime_error("no row for " + node);
  }
};

TEST_F(Hydraulics, ADetourLowersTheHospitalsPressureAndSupply) {
  auto s = login("a_admin");
  const std::string path = upload(s);
  auto r = call(s, "POST", path + "/isolation", {{"link", "P1"}});
  ASSERT_STATUS(r, 200);
  const json p = r.json();
  // The topological answer is as before: nobody loses water.
  EXPECT_EQ(p["customers_affected"], json::array());
  const json& h = p["hydraulics"];
  ASSERT_EQ(h["available"], true) << h.dump();
  EXPECT_EQ(h["closed_links"], json::array({"P1"}));
  EXPECT_EQ(h["pda"]["preq_m"], 14.0);
  const json& hospital = row(h, "J2");
  EXPECT_EQ(hospital["name"], "市第一医院");
  EXPECT_EQ(hospital["status_before"], "ok");
  EXPECT_EQ(hospital["served_fraction_before"], 1.0);
  EXPECT_NEAR(hospital["demand_lps"].get<double>(), 5.0, 1e-6);
  // On the 4 km detour: about 11 m instead of 44 m, and PDA serves sqrt(p / 14) of the demand.
  const double before = hospital["pressure_before_m"], after = hospital["pressure_after_m"];
  EXPECT_GT(before, 40.0);
  EXPECT_LT(after, 14.0);
  EXPECT_GT(after, 5.0);
  EXPECT_EQ(hospital["status_after"], "low_pressure");
  EXPECT_NEAR(hospital["served_fraction_after"].get<double>(), std::sqrt(after / 14.0), 1e-3);
  EXPECT_NEAR(hospital["served_after_lps"].get<double>(), 5.0 * std::sqrt(after / 14.0), 1e-2);
}

TEST_F(Hydraulics, ClosingTheBranchCutsItsCustomersOff) {
  auto s = login("a_admin");
  const std::string path = upload(s);
  auto r = call(s, "POST", path + "/isolation", {{"link", "P5"}});
  ASSERT_STATUS(r, 200);
  const json p = r.json();
  ASSERT_EQ(p["customers_affected"].size(), 2u);
  const json& h = p["hydraulics"];
  ASSERT_EQ(h["available"], true) << h.dump();
  for (const char* node : {"J4", "J5"}) {
    const json& c = row(h, node);
    EXPECT_EQ(c["status_after"], "cut_off") << node;
    EXPECT_EQ(c["served_fraction_after"], 0.0) << node;
    EXPECT_EQ(c["served_after_lps"], 0.0) << node;
    EXPECT_TRUE(c["pressure_after_m"].is_null()) << node;
  }
  EXPECT_EQ(row(h, "J2")["status_after"], "ok");
  EXPECT_EQ(h["network"]["after"]["disconnected_nodes"], 2);
}

TEST_F(Hydraulics, RepairUnderPressureKeepsTheSupplyButTheLeakCostsPressure) {
  auto s = login("a_admin");
  const std::string path = upload(s);
  auto r = call(s, "POST", path + "/isolation", {{"link", "P1"}, {"under_pressure", true}, {"leak_mm", 50}});
  ASSERT_STATUS(r, 200);
  const json body = r.json();
  const json& h = body["hydraulics"];
  ASSERT_EQ(h["available"], true) << h.dump();
  EXPECT_EQ(h["shutdown"], false);
  EXPECT_EQ(h["closed_links"], json::array());
  EXPECT_EQ(h["leak"]["link"], "P1");
  EXPECT_GT(h["leak"]["flow_lps"].get<double>(), 10.0);
  const json& hospital = row(h, "J2");
  EXPECT_NE(hospital["status_after"], "cut_off");
  EXPECT_LT(hospital["pressure_after_m"].get<double>(), hospital["pressure_before_m"].get<double>() - 1.0);

  // No leak: the network as it is.
  auto none = call(s, "POST", path + "/isolation", {{"link", "P1"}, {"under_pressure", true}, {"leak_mm", 0}});
  ASSERT_STATUS(none, 200);
  const json none_body = none.json();
  const json& n = row(none_body["hydraulics"], "J2");
  EXPECT_NEAR(n["pressure_after_m"].get<double>(), n["pressure_before_m"].get<double>(), 1e-9);
}

TEST_F(Hydraulics, ThePlanAloneOnRequestAndBadLeaksRefused) {
  auto s = login("a_admin");
  const std::string path = upload(s);
  auto plain = call(s, "POST", path + "/isolation", {{"link", "P1"}, {"hydraulics", false}});
  ASSERT_STATUS(plain, 200);
  EXPECT_FALSE(plain.json().contains("hydraulics"));
  EXPECT_STATUS(call(s, "POST", path + "/isolation", {{"link", "P1"}, {"leak_mm", -1}}), 400);
}

TEST_F(Hydraulics, AllBurstsRanksTheSegmentsAndKeepsTheRun) {
  auto s = login("a_admin");
  const std::string path = upload(s);
  auto r = call(s, "POST", path + "/bursts");
  ASSERT_TRUE(r.status == 200 || r.status == 202) << r.body;
  const std::string job = r.headers["location"];
  for (int i = 0; i < 100 && r.json()["state"] != "done"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    r = call(s, "GET", job);
  }
  ASSERT_STATUS(r, 200);
  const json b = r.json();
  EXPECT_EQ(b["state"], "done");
  EXPECT_EQ(b["segments"], 3);
  EXPECT_EQ(b["simulated"], 3);
  EXPECT_EQ(b["failed_segments"], 0);
  ASSERT_EQ(b["ranking"].size(), 3u);
  // The source's segment cuts everyone off, the branch two, P1 lowers the hospital.
  EXPECT_EQ(b["ranking"][0]["customers_cut_off"], 3);
  EXPECT_EQ(b["ranking"][1]["customers_cut_off"], 2);
  EXPECT_EQ(b["ranking"][1]["links"], json::array({"P4", "P5"}));
  EXPECT_NEAR(b["ranking"][1]["shortfall_lps"].get<double>(), 1.0, 1e-3);
  EXPECT_EQ(b["ranking"][2]["links"], json::array({"P1"}));
  EXPECT_EQ(b["ranking"][2]["affected"][0]["status_after"], "low_pressure");
  EXPECT_EQ(b["customers"][0]["segments_cutting_off"], 1);

  // Computed once per model: the same run answers again.
  auto again = call(s, "GET", path + "/bursts?top=1");
  EXPECT_EQ(again.json()["job"]["id"], b["job"]["id"]);
  ASSERT_STATUS(again, 200);
  EXPECT_EQ(again.json()["seconds"], b["seconds"]);
  EXPECT_EQ(again.json()["ranking"].size(), 1u);

  // Another utility's network does not exist for B.
  auto other = login("b_admin");
  EXPECT_STATUS(call(other, "GET", path + "/bursts"), 404);
}

}  // namespace
}  // namespace lifeline::test
