// `lifeline hyd outage` and `hyd bursts` on a generated city with its valve
// layer and priority customers: what docs/hydraulics.md says they report.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "analysis/report_json.h"
#include "cli/cli_test_support.h"
#include "net/inp_reader.h"
#include "net/valve_layer.h"

namespace lifeline::cli::test {
namespace {

using analysis::Json;

class HydScenarios : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    const auto r = run_cli({"net", "generate", "--links", "300", "--seed", "7", "--out", path("city.inp"), "--valves-out",
                            path("valves.csv"), "--customers-out", path("customers.csv")});
    ASSERT_EQ(r.code, 0) << said(r);
    auto network = net::read_inp(path("city.inp"));
    ASSERT_TRUE(network.ok());
    city_ = std::move(*network);
    auto layer = net::read_valve_layer(path("valves.csv"), city_);
    ASSERT_TRUE(layer.ok());
    layer_ = std::move(*layer);
    customers_ = lines_of(read("customers.csv")).size() - 1;
    ASSERT_GT(customers_, 0u);
  }

  // A pipe with a valve on it: its burst closes valves.
  std::string valved_pipe() const {
    for (const auto& v : layer_.valves) {
      const auto& l = city_.links[static_cast<std::size_t>(v.link)];
      if (l.type == net::LinkType::pipe) return l.id;
    }
    return {};
  }

  std::vector<std::string> scenario(const std::string& command) const {
    return {"hyd", command, path("city.inp"), "--valves", path("valves.csv"), "--customers", path("customers.csv")};
  }

  net::Network city_;
  net::ValveLayer layer_;
  std::size_t customers_ = 0;
};

std::set<std::string> strings(const Json& array) {
  std::set<std::string> out;
  for (const auto& s : array) out.insert(s.get<std::string>());
  return out;
}

TEST_F(HydScenarios, OutageClosesTheIsolationPlansValvesAndReportsEveryCustomer) {
  const std::string pipe = valved_pipe();
  ASSERT_FALSE(pipe.empty());
  auto args = scenario("outage");
  args.insert(args.end(), {"--link", pipe, "--json", path("outage.json")});
  const auto r = run_cli(args);
  ASSERT_EQ(r.code, 0) << said(r);
  EXPECT_NE(r.out.find("burst on " + pipe + ": shutdown; PDA Pmin 0.0 m, Preq 14.0 m, Pexp 0.50, at 0:00"),
            std::string::npos) << r.out;

  const Json doc = Json::parse(read("outage.json"));
  EXPECT_EQ(doc["failure"]["link"], pipe);
  EXPECT_EQ(doc["shutdown"], true);
  EXPECT_EQ(doc["pda"]["pmin_m"], 0.0);
  EXPECT_EQ(doc["pda"]["preq_m"], 14.0);
  EXPECT_EQ(doc["pda"]["pexp"], 0.5);
  EXPECT_EQ(doc["customers_are_demand_nodes"], false);
  EXPECT_TRUE(doc["leak"].is_null());

  // The valves are the topological plan's (`net isolate`), and the model
  // closes their pipes and the burst pipe.
  auto iso = run_cli({"net", "isolate", path("city.inp"), "--valves", path("valves.csv"), "--customers",
                      path("customers.csv"), "--link", pipe, "--json", path("isolate.json")});
  ASSERT_EQ(iso.code, 0) << said(iso);
  const Json plan = Json::parse(read("isolate.json"));
  std::set<std::string> plan_valves, plan_links;
  for (const auto& v : plan["valves_to_close"]) {
    plan_valves.insert(v["valve"].get<std::string>());
    plan_links.insert(v["link"].get<std::string>());
  }
  ASSERT_FALSE(plan_valves.empty());
  EXPECT_EQ(strings(doc["valves_to_close"]), plan_valves);
  const auto closed = strings(doc["closed_links"]);
  EXPECT_TRUE(closed.count(pipe)) << doc["closed_links"].dump();
  for (const auto& l : plan_links) EXPECT_TRUE(closed.count(l)) << l;

  // One row per priority customer, with a status before and after.
  ASSERT_EQ(doc["customers"].size(), customers_);
  const std::set<std::string> statuses = {"ok", "low_pressure", "cut_off"};
  for (const auto& c : doc["customers"]) {
    EXPECT_TRUE(statuses.count(c["status_before"].get<std::string>())) << c.dump();
    EXPECT_TRUE(statuses.count(c["status_after"].get<std::string>())) << c.dump();
    const double f = c["served_fraction_after"].get<double>();
    EXPECT_GE(f, 0.0);
    EXPECT_LE(f, 1.0 + 1e-9);
    if (c["status_after"] == "cut_off") {
      EXPECT_LT(f, 1e-9) << c.dump();
    }
  }
  const auto& before = doc["network"]["before"];
  const auto& after = doc["network"]["after"];
  EXPECT_EQ(before["balanced"], true);
  EXPECT_EQ(after["balanced"], true);
  // Within the solver's accuracy (PDA serves up to the demand asked).
  const double tolerance = 1e-4 * before["demand_lps"].get<double>();
  EXPECT_LE(before["served_lps"].get<double>(), before["demand_lps"].get<double>() + tolerance);
  EXPECT_LE(after["served_lps"].get<double>(), before["served_lps"].get<double>() + tolerance)
      << "closing pipes serves no more";
  EXPECT_GE(after["disconnected_nodes"].get<int>(), before["disconnected_nodes"].get<int>());
}

TEST_F(HydScenarios, RepairUnderPressureClosesNothingAndLeaks) {
  const std::string pipe = valved_pipe();
  auto args = scenario("outage");
  args.insert(args.end(), {"--link", pipe, "--under-pressure", "--leak-mm", "20", "--json", path("outage.json")});
  const auto r = run_cli(args);
  ASSERT_EQ(r.code, 0) << said(r);
  EXPECT_NE(r.out.find("repair under pressure (nothing closed)"), std::string::npos) << r.out;
  const Json doc = Json::parse(read("outage.json"));
  EXPECT_EQ(doc["shutdown"], false);
  EXPECT_TRUE(doc["valves_to_close"].empty());
  EXPECT_TRUE(doc["closed_links"].empty());
  ASSERT_TRUE(doc["leak"].is_object()) << doc.dump();
  EXPECT_EQ(doc["leak"]["link"], pipe);
  EXPECT_NEAR(doc["leak"]["diameter_mm"].get<double>(), 20.0, 1e-9);
  EXPECT_GT(doc["leak"]["flow_lps"].get<double>(), 0.0);
}

TEST_F(HydScenarios, OutageWithoutCustomersListsOnlyJunctionsWhoseSupplyChanged) {
  const std::string pipe = valved_pipe();
  const auto r = run_cli({"hyd", "outage", path("city.inp"), "--valves", path("valves.csv"), "--link", pipe, "--json",
                          path("outage.json")});
  ASSERT_EQ(r.code, 0) << said(r);
  const Json doc = Json::parse(read("outage.json"));
  EXPECT_EQ(doc["customers_are_demand_nodes"], true);
  ASSERT_FALSE(doc["customers"].empty()) << "the burst pipe's own segment loses its water";
  for (const auto& c : doc["customers"]) {
    EXPECT_EQ(c["category"], "demand_node");
    EXPECT_EQ(c["name"], c["node"]);
    const bool changed = c["status_before"] != c["status_after"] ||
                         std::abs(c["served_fraction_before"].get<double>() - c["served_fraction_after"].get<double>()) >= 1e-3;
    EXPECT_TRUE(changed) << c.dump();
  }
}

TEST_F(HydScenarios, OutageNamesAWrongLinkOrValve) {
  auto args = scenario("outage");
  args.insert(args.end(), {"--link", "NO-SUCH-PIPE"});
  const auto r = run_cli(args);
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("--link"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'NO-SUCH-PIPE'"), std::string::npos) << r.err;

  args = scenario("outage");
  args.insert(args.end(), {"--link", valved_pipe(), "--inoperable", "NO-SUCH-VALVE"});
  const auto v = run_cli(args);
  EXPECT_EQ(v.code, 2) << said(v);
  EXPECT_NE(v.err.find("--inoperable"), std::string::npos) << v.err;

  args = scenario("outage");
  args.insert(args.end(), {"--link", valved_pipe(), "--preq", "0"});
  const auto p = run_cli(args);
  EXPECT_EQ(p.code, 2) << said(p);
  EXPECT_NE(p.err.find("--preq"), std::string::npos) << p.err;
}

TEST_F(HydScenarios, BurstsRanksSegmentsWorstFirstAndTopologyBoundsIt) {
  auto args = scenario("bursts");
  args.insert(args.end(), {"--threads", "1", "--top", "100000", "--json", path("bursts.json")});
  const auto r = run_cli(args);
  ASSERT_EQ(r.code, 0) << said(r);
  const Json doc = Json::parse(read("bursts.json"));
  EXPECT_EQ(doc["threads"], 1);
  EXPECT_EQ(doc["failed_segments"], 0);
  EXPECT_EQ(doc["customers_are_demand_nodes"], false);
  ASSERT_EQ(doc["customers"].size(), customers_);
  ASSERT_EQ(doc["baseline"].size(), customers_);
  const auto& ranking = doc["ranking"];
  ASSERT_FALSE(ranking.empty());
  EXPECT_LE(ranking.size(), doc["simulated"].get<std::size_t>());

  // Ranked by customers cut off, then shortfall, then fraction lost.
  for (std::size_t i = 0; i < ranking.size(); ++i) {
    EXPECT_EQ(ranking[i]["rank"], i + 1);
    if (i == 0) continue;
    const auto& a = ranking[i - 1];
    const auto& b = ranking[i];
    const auto key = [](const Json& row) {
      return std::make_tuple(row["customers_cut_off"].get<int>(), row["shortfall_lps"].get<double>(),
                             row["fraction_lost"].get<double>());
    };
    EXPECT_GE(key(a), key(b)) << a.dump() << "\n" << b.dump();
  }

  // A customer the topological ranking cuts off is cut off here too.
  auto crit = run_cli({"net", "criticality", path("city.inp"), "--valves", path("valves.csv"), "--customers",
                       path("customers.csv"), "--top", "100000", "--json", path("criticality.json")});
  ASSERT_EQ(crit.code, 0) << said(crit);
  const Json topo = Json::parse(read("criticality.json"));
  std::map<int, int> cut_off;  // segment -> customers cut off by its burst (hydraulics)
  for (const auto& row : ranking) cut_off[row["segment"].get<int>()] = row["customers_cut_off"].get<int>();
  for (const auto& row : topo["ranking"]) {
    const int lost = row["priority_customers_lost"].get<int>();
    if (lost == 0) continue;
    const auto it = cut_off.find(row["segment"].get<int>());
    ASSERT_NE(it, cut_off.end()) << "segment " << row["segment"] << " cuts off customers but is not ranked";
    EXPECT_GE(it->second, lost) << "segment " << row["segment"];
  }
}

TEST_F(HydScenarios, BurstsTableAndTop) {
  auto args = scenario("bursts");
  args.insert(args.end(), {"--threads", "2", "--top", "3"});
  const auto r = run_cli(args);
  ASSERT_EQ(r.code, 0) << said(r);
  EXPECT_NE(r.out.find("simulated"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("on 2 threads"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("priority customer"), std::string::npos) << r.out;
  // Header, three ranked rows, then the customers' section.
  const auto rows = lines_of(r.out);
  ASSERT_GE(rows.size(), 5u);
  EXPECT_EQ(rows[1].substr(0, 4), "rank");
  EXPECT_EQ(rows[4].find("   3 "), 0u) << rows[4];
  EXPECT_TRUE(rows[5].empty()) << rows[5];

  args = scenario("bursts");
  args.insert(args.end(), {"--top", "2", "--json", "-"});
  const auto j = run_cli(args);
  ASSERT_EQ(j.code, 0) << said(j);
  EXPECT_EQ(Json::parse(j.out)["ranking"].size(), 2u);
}

TEST_F(HydScenarios, BurstsNamesBadInput) {
  const auto r = run_cli({"hyd", "bursts", path("city.inp"), "--valves", path("nowhere.csv")});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find(path("nowhere.csv")), std::string::npos) << r.err;

  auto args = scenario("bursts");
  args.insert(args.end(), {"--pexp", "-1"});
  const auto p = run_cli(args);
  EXPECT_EQ(p.code, 2) << said(p);
  EXPECT_NE(p.err.find("--pexp"), std::string::npos) << p.err;

  args = scenario("bursts");
  args.insert(args.end(), {"--at", "-2"});
  const auto a = run_cli(args);
  EXPECT_EQ(a.code, 2) << said(a);
  EXPECT_NE(a.err.find("--at"), std::string::npos) << a.err;
}

}  // namespace
}  // namespace lifeline::cli::test
