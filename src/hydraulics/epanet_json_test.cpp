// The toolkit conventions and the epanet-hyd-reference/1 document, on a
// hand-made model and results (no engine involved), and the layout of a real
// run against EPANET's own file for Net1.
#include "hydraulics/epanet_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "hydraulics/reference_file.h"
#include "hydraulics/results_csv.h"
#include "net/inp_reader.h"

namespace lifeline::hydraulics {
namespace {

// J1 (junction), R1 (reservoir), T1 (tank); links of every kind the
// conventions tell apart. LPS / m, Darcy-Weisbach.
struct Fixture {
  net::Network network;
  Model model;
  Results results;
};

Fixture make_fixture() {
  Fixture f;
  auto node = [&](const char* id, net::NodeType type) {
    net::Node n;
    n.id = id;
    n.type = type;
    f.network.add_node(n);
  };
  node("J1", net::NodeType::junction);
  node("R1", net::NodeType::reservoir);
  node("T1", net::NodeType::tank);
  const char* ids[] = {"P1", "P2", "PU1", "V1", "F1", "G1", "CV1", "PU2"};
  for (const char* id : ids) {
    net::Link l;
    l.id = id;
    l.from = 1;
    l.to = 0;
    f.network.add_link(l);
  }

  Model& m = f.model;
  m.n_junctions = 1;
  m.node_source = {0, 1, 2};
  m.node_of = {0, 1, 2};
  m.elevation = {100.0, 200.0, 150.0};  // ft
  m.tank_of_node = {-1, 0, 1};
  m.tanks.resize(2);
  m.tanks[0].node = 1;
  m.tanks[0].reservoir = true;
  m.tanks[1].node = 2;
  m.flow_units = net::FlowUnits::lps;
  m.pressure_units = net::PressureUnits::meters;
  m.ucf = epanet_ucf(m.flow_units, m.pressure_units, 1.0);
  m.options.headloss = net::HeadlossFormula::darcy_weisbach;
  m.times.duration = 3600;
  auto link = [&](LinkKind kind, int n1, int n2, double kc) {
    Link l;
    l.kind = kind;
    l.n1 = n1;
    l.n2 = n2;
    l.kc = kc;
    m.links.push_back(l);
  };
  link(LinkKind::pipe, 1, 0, 0.0005);  // P1: roughness 0.0005 ft = 0.1524 mm
  link(LinkKind::pipe, 0, 2, 0.0005);  // P2: closed
  link(LinkKind::pump, 1, 0, 1.0);     // PU1
  link(LinkKind::prv, 0, 2, 0);        // V1
  link(LinkKind::fcv, 0, 2, kMissing); // F1
  link(LinkKind::gpv, 0, 2, 0);        // G1: curve index 2 (0-based)
  link(LinkKind::cvpipe, 1, 0, 0.0005);
  link(LinkKind::pump, 1, 0, 1.0);     // PU2
  m.links[5].curve = 2;
  m.links[2].pump = 0;
  m.links[7].pump = 1;
  m.pumps.resize(2);
  m.pumps[0].link = 2;
  m.pumps[0].qmax = 2.0;  // cfs
  m.pumps[1].link = 7;
  m.pumps[1].qmax = 2.0;

  Results& r = f.results;
  r.steps.resize(2);
  r.steps[0].time = 0;
  r.steps[0].stats.iterations = 3;
  r.steps[0].stats.relative_error = 1.0 / 3.0;
  r.steps[0].stats.max_head_error = 0.001;  // ft
  r.steps[0].stats.max_flow_change = 0.01;  // cfs
  r.steps[1].time = 3600;
  r.steps[1].warning = Warning::negative_pressure;
  r.head = {{180.0, 200.0, 160.0}, {170.0, 200.0, 161.0}};
  r.demand = {{1.0, -3.0, 2.0}, {1.0, -2.0, 1.0}};
  r.full_demand = {{1.0}, {1.0}};
  r.flow = {{3.0, 1e-6, 2.5, 0.5, 0.2, 0.1, 0.3, -0.1}, {3.0, 1e-6, 1.0, 0.5, 0.2, 0.1, 0.3, 0.5}};
  r.setting = {{kMissing, kMissing, 1.0, 10.0, kMissing, 2.0, kMissing, 1.0},
               {kMissing, kMissing, 1.0, 10.0, 0.5, 2.0, kMissing, 0.0}};
  r.status = {{Status::open, Status::closed, Status::open, Status::active, Status::open, Status::xfcv,
               Status::temp_closed, Status::open},
              {Status::open, Status::closed, Status::open, Status::open, Status::xpressure, Status::active,
               Status::open, Status::closed}};
  r.completed = true;
  return f;
}

TEST(ToolkitValues, NodesInFileUnits) {
  const Fixture f = make_fixture();
  const ToolkitValues tk(f.model, f.results);
  EXPECT_DOUBLE_EQ(tk.head(0, 0), 180.0 * 0.3048);
  EXPECT_DOUBLE_EQ(tk.pressure(0, 0), 80.0 * 0.3048);
  EXPECT_EQ(tk.pressure(0, 1), 0.0) << "a reservoir at its base head";
  EXPECT_DOUBLE_EQ(tk.pressure(0, 2), 10.0 * 0.3048) << "a tank's pressure is its level";
  EXPECT_DOUBLE_EQ(tk.demand(0, 1), -3.0 * kLpsPerCfs) << "a reservoir's demand is its net inflow";
  EXPECT_DOUBLE_EQ(tk.elevation(1), 200.0 * 0.3048);
  EXPECT_STREQ(epanet_node_type(f.model, 0), "JUNCTION");
  EXPECT_STREQ(epanet_node_type(f.model, 1), "RESERVOIR");
  EXPECT_STREQ(epanet_node_type(f.model, 2), "TANK");
}

TEST(ToolkitValues, LinkFlowStatusStateAndSetting) {
  const Fixture f = make_fixture();
  const ToolkitValues tk(f.model, f.results);
  EXPECT_DOUBLE_EQ(tk.flow(0, 0), 3.0 * kLpsPerCfs);
  EXPECT_EQ(tk.flow(0, 1), 0.0) << "a closed link carries no flow in EPANET's report";
  EXPECT_EQ(tk.flow(0, 6), 0.0) << "nor a temporarily closed one";
  // EN_STATUS: 0 closed, 1 open, 2 a valve that regulates (active, XFCV, XPRESSURE).
  EXPECT_EQ(tk.status(0, 0), 1);
  EXPECT_EQ(tk.status(0, 1), 0);
  EXPECT_EQ(tk.status(0, 3), 2);
  EXPECT_EQ(tk.status(0, 5), 2);
  EXPECT_EQ(tk.status(1, 4), 2);
  EXPECT_EQ(tk.status(1, 3), 1);
  EXPECT_EQ(tk.status(0, 6), 0);
  // EN_PUMP_STATE: the internal code; an open pump past its curve is XFLOW or XHEAD.
  EXPECT_EQ(tk.state(0, 2), static_cast<int>(Status::xflow)) << "2.5 cfs > speed 1 x Qmax 2";
  EXPECT_EQ(tk.state(1, 2), static_cast<int>(Status::open));
  EXPECT_EQ(tk.state(0, 7), static_cast<int>(Status::xhead)) << "negative flow";
  EXPECT_EQ(tk.state(1, 7), static_cast<int>(Status::closed));
  EXPECT_EQ(tk.state(0, 3), static_cast<int>(Status::active));
  EXPECT_EQ(tk.state(0, 6), static_cast<int>(Status::temp_closed));
  // EN_SETTING
  EXPECT_NEAR(tk.setting(0, 0), 0.1524, 1e-12) << "D-W roughness in mm";
  EXPECT_EQ(tk.setting(0, 2), 1.0) << "pump speed";
  EXPECT_EQ(tk.setting(1, 7), 0.0) << "a closed pump's speed";
  EXPECT_DOUBLE_EQ(tk.setting(0, 3), 10.0 * 0.3048) << "PRV pressure in m";
  EXPECT_EQ(tk.setting(0, 4), 0.0) << "no setting (MISSING) reads 0";
  EXPECT_DOUBLE_EQ(tk.setting(1, 4), 0.5 * kLpsPerCfs) << "FCV flow";
  EXPECT_EQ(tk.setting(0, 5), 3.0) << "GPV: its curve, counted from 1";
  EXPECT_NEAR(tk.setting(0, 6), 0.1524, 1e-12);
  EXPECT_DOUBLE_EQ(tk.max_head_error(0), 0.001 * 0.3048);
  EXPECT_DOUBLE_EQ(tk.max_flow_change(0), 0.01 * kLpsPerCfs);
}

TEST(ToolkitValues, ReservoirLiftedByItsHeadPatternShowsPressure) {
  Fixture f = make_fixture();
  f.results.head[0][1] = 210.0;  // a head pattern factor of 1.05 on a 200 ft reservoir
  const ToolkitValues tk(f.model, f.results);
  EXPECT_DOUBLE_EQ(tk.pressure(0, 1), 10.0 * 0.3048) << "EN_PRESSURE is head - elevation at reservoirs too";
}

TEST(ToolkitValues, HazenWilliamsRoughnessAsGiven) {
  Fixture f = make_fixture();
  f.model.options.headloss = net::HeadlossFormula::hazen_williams;
  f.model.links[0].kc = 130;
  const ToolkitValues tk(f.model, f.results);
  EXPECT_EQ(tk.setting(0, 0), 130.0);
}

TEST(EpanetJson, WritesTheReferenceSchema) {
  const Fixture f = make_fixture();
  Scenario scenario;
  scenario.pda = true;
  std::ostringstream out;
  write_epanet_json(out, f.network, f.model, scenario, f.results, {"tiny", "tiny.inp", 7200});
  const std::string text = out.str();
  EXPECT_NE(text.find("\"relative_error\":[0.33333333,0]"), std::string::npos) << "numbers as %.8g: " << text;

  const auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc["schema"], "epanet-hyd-reference/1");
  EXPECT_EQ(doc["units"], (nlohmann::json{{"flow", "LPS"}, {"demand", "LPS"}, {"pressure", "m"}, {"head", "m"},
                                          {"elevation", "m"}, {"time", "s"}}));
  EXPECT_EQ(doc["options"], (nlohmann::json{{"headloss", "D-W"}, {"demand_model", "PDA"}, {"duration_s", 3600},
                                            {"duration_in_file_s", 7200}, {"hyd_step_s", 3600}}));
  EXPECT_EQ(doc["links"]["type"], (nlohmann::json{"PIPE", "PIPE", "PUMP", "PRV", "FCV", "GPV", "CVPIPE", "PUMP"}));
  EXPECT_EQ(doc["links"]["from"][0], "R1");
  EXPECT_EQ(doc["links"]["to"][0], "J1");

  auto parsed = testing::parse_reference(text, "ours");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->n_steps, 2);
  EXPECT_TRUE(parsed->completed);
  EXPECT_EQ(parsed->last_t, 3600);
  EXPECT_EQ(parsed->warning, (std::vector<int>{0, 6}));
  EXPECT_EQ(parsed->node_id, (std::vector<std::string>{"J1", "R1", "T1"}));
  EXPECT_EQ(parsed->node_type, (std::vector<std::string>{"JUNCTION", "RESERVOIR", "TANK"}));
  EXPECT_EQ(parsed->status[0], (std::vector<int>{1, 0, 1, 2, 1, 2, 0, 1}));
  EXPECT_EQ(parsed->state[0], (std::vector<int>{3, 2, 5, 4, 3, 6, 1, 0}));
  EXPECT_NEAR(parsed->head[0][0], 180.0 * 0.3048, 1e-5);
  EXPECT_EQ(parsed->flow[0][1], 0.0);
}

TEST(EpanetJson, NonFiniteNumbersAreNull) {
  Fixture f = make_fixture();
  f.results.head[1][0] = std::numeric_limits<double>::quiet_NaN();
  std::ostringstream out;
  write_epanet_json(out, f.network, f.model, {}, f.results, {"tiny", "tiny.inp", 3600});
  auto parsed = testing::parse_reference(out.str(), "ours");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(std::isnan(parsed->head[1][0]));
}

TEST(ResultsCsv, OneRowPerElementAndStep) {
  const Fixture f = make_fixture();
  std::ostringstream out;
  write_results_csv(out, f.network, f.model, f.results);
  std::istringstream in(out.str());
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 1u + 2u * (3u + 8u));
  EXPECT_EQ(lines[0], "t,kind,id,head,pressure,demand,deficit,flow,velocity,headloss,status,setting");
  EXPECT_EQ(lines[2], "0,RESERVOIR,R1,60.96,0,-84.951,,,,,,");
  EXPECT_EQ(lines[5], "0,PIPE,P2,,,,,0,0,0,0,0.1524");
  EXPECT_EQ(lines[12].substr(0, 5), "3600,");
}

// A real run written out has EPANET's layout exactly: the same keys, ids,
// types and ends, in the same order. Needs ../shared/networks.
TEST(EpanetJson, Net1LayoutMatchesEpanets) {
  const auto dir = testing::shared_networks_dir();
  if (!dir) GTEST_SKIP() << "../shared/networks is absent";
  auto network = net::read_inp((*dir / "Net1.inp").string());
  ASSERT_TRUE(network) << network.error().message;
  auto model = build_model(*network);
  ASSERT_TRUE(model) << model.error().message;
  auto results = simulate(*model);
  ASSERT_TRUE(results) << results.error().message;
  std::ostringstream out;
  write_epanet_json(out, *network, *model, {}, *results, {"Net1", "Net1.inp", network->times.duration});

  auto ref_text = testing::read_gzip_or_plain(*dir / "reference" / "Net1.json");
  ASSERT_TRUE(ref_text);
  const auto ours = nlohmann::json::parse(out.str());
  const auto ref = nlohmann::json::parse(*ref_text);
  std::set<std::string> our_keys, ref_keys;
  for (const auto& [k, v] : ours.items()) our_keys.insert(k);
  for (const auto& [k, v] : ref.items()) ref_keys.insert(k);
  our_keys.erase("engine");  // ours says which engine computed it
  EXPECT_EQ(our_keys, ref_keys);
  for (const char* key : {"units", "options", "links", "n_steps", "completed", "last_t"}) {
    EXPECT_EQ(ours[key], ref[key]) << key;
  }
  // EPANET numbers reservoirs and tanks in file order too, so even the node order agrees.
  EXPECT_EQ(ours["nodes"], ref["nodes"]);
  EXPECT_EQ(ours["steps"]["t"], ref["steps"]["t"]);
}

}  // namespace
}  // namespace lifeline::hydraulics
