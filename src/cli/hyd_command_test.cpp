// `lifeline hyd run`: the summary, --json against simulate() itself in the
// file's units, --csv's columns, PDA options, and what bad input says.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/report_json.h"
#include "cli/cli_test_support.h"
#include "hydraulics/model.h"
#include "hydraulics/simulation.h"
#include "net/inp_reader.h"

namespace lifeline::cli::test {
namespace {

using analysis::Json;
namespace hyd = hydraulics;

// US units so that the outputs' conversion from internal units shows: a pump
// from R1 fills tank T1 while J2..J4 draw on a 6-hour pattern.
constexpr const char* kNetwork = R"([TITLE]
cli test network
[JUNCTIONS]
 J1  50  0
 J2  60  150  DAY
 J3  55  100  DAY
 J4  70  80   DAY
[RESERVOIRS]
 R1  40
[TANKS]
 T1  150  10  0  30  40  0
[PIPES]
 P1  J1  J2  2000  10  100  0  Open
 P2  J2  J3  1500  8   100  0  Open
 P3  J3  J4  1000  8   100  0  Open
 P4  J2  T1  1000  10  100  0  Open
 P5  J4  T1  2000  6   100  0  Open
[PUMPS]
 PU1  R1  J1  HEAD C1
[CURVES]
 C1  600  150
[PATTERNS]
 DAY  0.8  1.0  1.2  1.4  1.0  0.6
[OPTIONS]
 Units     GPM
 Headloss  H-W
[TIMES]
 Duration            6:00
 Hydraulic Timestep  1:00
 Pattern Timestep    1:00
[END]
)";

// What the engine itself gives for the file.
struct Expected {
  net::Network network;
  hyd::Model model;
  hyd::Results results;
};

Expected simulated(const std::string& inp) {
  Expected e;
  auto network = net::read_inp(inp);
  EXPECT_TRUE(network.ok());
  if (!network) return e;
  e.network = std::move(*network);
  auto model = hyd::build_model(e.network);
  EXPECT_TRUE(model.ok());
  if (!model) return e;
  e.model = std::move(*model);
  auto results = hyd::simulate(e.model);
  EXPECT_TRUE(results.ok());
  if (results) e.results = std::move(*results);
  return e;
}

// Within the %.8g the files print.
void expect_close(double got, double want, const std::string& what) {
  EXPECT_NEAR(got, want, 1e-7 * std::max(1.0, std::abs(want))) << what;
}

class HydRun : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    inp_ = write("net.inp", kNetwork);
  }
  std::string inp_;
};

TEST_F(HydRun, SummaryNamesTheNetworkStepsAndTrials) {
  const Expected e = simulated(inp_);
  const auto r = run_cli({"hyd", "run", inp_});
  ASSERT_EQ(r.code, 0) << said(r);
  EXPECT_NE(r.out.find("6 nodes (4 junctions, 1 reservoirs, 1 tanks), 6 links (5 pipes, 1 pumps, 0 valves)"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("flow GPM, pressure psi, headloss H-W, demand model DDA"), std::string::npos) << r.out;
  long long trials = 0;
  for (const auto& s : e.results.steps) trials += s.stats.iterations;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(completed: (\d+) steps, (\d+) trials)"))) << r.out;
  EXPECT_EQ(std::stoul(m[1]), e.results.steps.size());
  EXPECT_GE(e.results.steps.size(), 7u);  // 0:00 to 6:00 hourly, plus any tank event
  EXPECT_EQ(std::stoll(m[2]), trials);
  EXPECT_NE(r.out.find("6:00:00"), std::string::npos) << "the last step's row";
}

TEST_F(HydRun, JsonHoldsEveryStepAsSimulateGivesItInFileUnits) {
  const Expected e = simulated(inp_);
  const auto r = run_cli({"hyd", "run", inp_, "--json", path("out.json")});
  ASSERT_EQ(r.code, 0) << said(r);
  const Json doc = Json::parse(read("out.json"));
  EXPECT_EQ(doc["schema"], "epanet-hyd-reference/1");
  EXPECT_EQ(doc["network"], "net");
  EXPECT_EQ(doc["units"]["flow"], "GPM");
  EXPECT_EQ(doc["units"]["head"], "ft");
  EXPECT_EQ(doc["options"]["duration_s"], 6 * 3600);
  EXPECT_EQ(doc["completed"], true);

  const auto& steps = e.results.steps;
  ASSERT_EQ(doc["n_steps"].get<std::size_t>(), steps.size());
  ASSERT_EQ(doc["steps"]["t"].size(), steps.size());
  ASSERT_EQ(doc["node"]["head"].size(), steps.size());
  ASSERT_EQ(doc["link"]["flow"].size(), steps.size());
  EXPECT_EQ(doc["last_t"], steps.back().time);

  const auto& m = e.model;
  ASSERT_EQ(doc["nodes"]["id"].size(), static_cast<std::size_t>(m.n_nodes()));
  for (int i = 0; i < m.n_nodes(); ++i) {
    EXPECT_EQ(doc["nodes"]["id"][i], e.network.nodes[m.node_source[i]].id);
  }
  for (std::size_t k = 0; k < steps.size(); ++k) {
    EXPECT_EQ(doc["steps"]["t"][k], steps[k].time);
    EXPECT_EQ(doc["steps"]["iterations"][k], steps[k].stats.iterations);
    for (int i = 0; i < m.n_nodes(); ++i) {
      const double head = e.results.head[k][i] * m.ucf.head;  // ft, as the file's GPM asks
      expect_close(doc["node"]["head"][k][i].get<double>(), head, "head step " + std::to_string(k) + " node " + std::to_string(i));
      if (i < m.n_junctions) {
        expect_close(doc["node"]["pressure"][k][i].get<double>(),
                     (e.results.head[k][i] - m.elevation[i]) * m.ucf.pressure, "pressure");
      }
    }
    for (int j = 0; j < m.n_links(); ++j) {
      const bool closed = e.results.status[k][j] <= hyd::Status::closed;
      const double flow = closed ? 0.0 : e.results.flow[k][j] * m.ucf.flow;  // EN_FLOW: 0 when closed
      expect_close(doc["link"]["flow"][k][j].get<double>(), flow, "flow step " + std::to_string(k) + " link " + std::to_string(j));
    }
  }
  EXPECT_EQ(files(), std::vector<std::string>({"net.inp", "out.json"}) ) << "no temporary file left";
}

TEST_F(HydRun, JsonToStdoutSendsTheSummaryToStderr) {
  const auto r = run_cli({"hyd", "run", inp_, "--json", "-"});
  ASSERT_EQ(r.code, 0) << said(r);
  EXPECT_EQ(Json::parse(r.out)["schema"], "epanet-hyd-reference/1");
  EXPECT_NE(r.err.find("completed:"), std::string::npos) << r.err;
}

TEST_F(HydRun, CsvHasTheDocumentedColumnsAndARowPerElementAndStep) {
  const Expected e = simulated(inp_);
  const auto r = run_cli({"hyd", "run", inp_, "--csv", path("out.csv"), "--json", path("out.json")});
  ASSERT_EQ(r.code, 0) << said(r);
  const auto rows = lines_of(read("out.csv"));
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], "t,kind,id,head,pressure,demand,deficit,flow,velocity,headloss,status,setting");
  const std::size_t elements = static_cast<std::size_t>(e.model.n_nodes() + e.model.n_links());
  EXPECT_EQ(rows.size(), 1 + e.results.steps.size() * elements);

  // Every J2 row's head is the JSON's; every PU1 row says PUMP and open.
  const Json doc = Json::parse(read("out.json"));
  int j2 = -1;
  for (int i = 0; i < e.model.n_nodes(); ++i)
    if (doc["nodes"]["id"][i] == "J2") j2 = i;
  ASSERT_GE(j2, 0);
  std::size_t k = 0, pumps = 0;
  for (std::size_t row = 1; row < rows.size(); ++row) {
    std::vector<std::string> f;
    std::stringstream in(rows[row]);
    for (std::string cell; std::getline(in, cell, ',');) f.push_back(cell);
    if (rows[row].back() == ',') f.emplace_back();
    ASSERT_EQ(f.size(), 12u) << rows[row];
    if (f[2] == "J2") {
      EXPECT_EQ(f[0], std::to_string(e.results.steps[k].time));
      EXPECT_EQ(f[1], "JUNCTION");
      expect_close(std::stod(f[3]), doc["node"]["head"][k][j2].get<double>(), rows[row]);
      EXPECT_TRUE(f[7].empty()) << "a node row leaves the link columns empty: " << rows[row];
      ++k;
    }
    if (f[2] == "PU1") {
      EXPECT_EQ(f[1], "PUMP");
      EXPECT_TRUE(f[3].empty()) << "a link row leaves the node columns empty: " << rows[row];
      EXPECT_EQ(f[10], "1") << rows[row];
      ++pumps;
    }
  }
  EXPECT_EQ(k, e.results.steps.size());
  EXPECT_EQ(pumps, e.results.steps.size());
}

TEST_F(HydRun, PdaServesLessWherePressureIsShort) {
  // At Preq 200 psi no junction has its pressure (they have 30-50 psi): each
  // gets d · ((p − Pmin) / (Preq − Pmin))^Pexp of its demand d.
  const auto dda = run_cli({"hyd", "run", inp_, "--json", path("dda.json")});
  ASSERT_EQ(dda.code, 0) << said(dda);
  const auto pda = run_cli({"hyd", "run", inp_, "--pda", "--pmin", "0", "--preq", "200", "--pexp", "0.5", "--json",
                            path("pda.json")});
  ASSERT_EQ(pda.code, 0) << said(pda);
  EXPECT_NE(pda.out.find("demand model PDA"), std::string::npos) << pda.out;
  EXPECT_NE(pda.out.find("PDA      minimum 0 psi, required 200 psi, exponent 0.5"), std::string::npos) << pda.out;
  EXPECT_NE(pda.out.find("deficient junctions (served less than asked at some step): 3"), std::string::npos) << pda.out;

  const Json a = Json::parse(read("dda.json"));
  const Json b = Json::parse(read("pda.json"));
  EXPECT_EQ(b["options"]["demand_model"], "PDA");
  int j2 = -1;
  for (std::size_t i = 0; i < b["nodes"]["id"].size(); ++i)
    if (b["nodes"]["id"][i] == "J2") j2 = static_cast<int>(i);
  ASSERT_GE(j2, 0);
  const double full = a["node"]["demand"][0][j2].get<double>();
  EXPECT_NEAR(full, 150 * 0.8, 1e-4) << "DDA serves the pattern's demand";
  const double served = b["node"]["demand"][0][j2].get<double>();
  const double pressure = b["node"]["pressure"][0][j2].get<double>();
  EXPECT_LT(served, 0.9 * full);
  EXPECT_NEAR(served, full * std::sqrt(pressure / 200.0), 0.01 * full);

  // A lower requirement serves more.
  const auto easier = run_cli({"hyd", "run", inp_, "--pda", "--preq", "60", "--json", path("easier.json")});
  ASSERT_EQ(easier.code, 0) << said(easier);
  EXPECT_GT(Json::parse(read("easier.json"))["node"]["demand"][0][j2].get<double>(), served);
}

// --- bad input ------------------------------------------------------------------

TEST_F(HydRun, MissingFileIsNamed) {
  const auto r = run_cli({"hyd", "run", path("nowhere.inp")});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find(path("nowhere.inp")), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cannot open"), std::string::npos) << r.err;
}

TEST_F(HydRun, InpErrorNamesFileAndLine) {
  std::string text = kNetwork;
  text.replace(text.find(" J3  55  100"), 12, " J3  high  100");  // line 6
  const std::string bad = write("bad.inp", text);
  const auto r = run_cli({"hyd", "run", bad, "--json", path("out.json")});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("bad.inp:6: expected a number for elevation, got 'high'"), std::string::npos) << r.err;
  EXPECT_FALSE(exists("out.json"));
}

TEST_F(HydRun, RuleErrorNamesTheRuleAndItsClause) {
  std::string text = kNetwork;
  text.replace(text.find("[END]"), 5, "[RULES]\nRULE Fill\nIF TANK T1 LEVEL ABOVE 25\nTHEN PUMP PU9 STATUS IS CLOSED\n[END]");
  const auto r = run_cli({"hyd", "run", write("rules.inp", text)});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("rule Fill line 2 (THEN PUMP PU9 STATUS IS CLOSED): no link 'PU9'"), std::string::npos) << r.err;
}

TEST_F(HydRun, BadOptionValuesNameTheOption) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"--pda", "--pmin", "-1"}, "--pmin"},
      {{"--pda", "--preq", "-3"}, "--preq"},
      {{"--pda", "--pmin", "20", "--preq", "10"}, "--preq"},
      {{"--pda", "--pexp", "0"}, "--pexp"},
      {{"--pmin", "5"}, "--pmin"},  // PDA options without a PDA run
      {{"--duration", "-60"}, "--duration"},
      {{"--solver", "lapack"}, "--solver"},
      {{"--json", "same.out", "--csv", "same.out"}, "--csv"},
  };
  for (const auto& [options, named] : cases) {
    std::vector<std::string> args = {"hyd", "run", inp_};
    args.insert(args.end(), options.begin(), options.end());
    const auto r = run_cli(args);
    EXPECT_EQ(r.code, 2) << options[1] << ": " << said(r);
    EXPECT_NE(r.err.find(named), std::string::npos) << options[1] << ": " << r.err;
  }
  // A value that is no number, or an unknown option, is CLI11's to reject:
  // bad input all the same.
  const auto r = run_cli({"hyd", "run", inp_, "--pda", "--pmin", "low"});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("--pmin"), std::string::npos) << r.err;
  const auto u = run_cli({"hyd", "run", inp_, "--pressure-min", "5"});
  EXPECT_EQ(u.code, 2) << said(u);
  EXPECT_NE(u.err.find("--pressure-min"), std::string::npos) << u.err;
}

TEST_F(HydRun, UnwritableOutputFailsClearlyAndLeavesNoFile) {
  // A folder that does not exist: the temporary file cannot be opened.
  const auto r = run_cli({"hyd", "run", inp_, "--json", path("no/such/dir/out.json")});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find(path("no/such/dir/out.json") + ": cannot write this file"), std::string::npos) << r.err;

  // A folder in the output's place: the temporary file is written but cannot
  // be renamed over it; it must not stay behind.
  std::filesystem::create_directory(dir_ / "taken.csv");
  const auto c = run_cli({"hyd", "run", inp_, "--csv", path("taken.csv")});
  EXPECT_EQ(c.code, 2) << said(c);
  EXPECT_NE(c.err.find(path("taken.csv") + ": cannot write this file"), std::string::npos) << c.err;
  EXPECT_TRUE(std::filesystem::is_directory(dir_ / "taken.csv"));
  EXPECT_EQ(files(), std::vector<std::string>({"net.inp", "taken.csv"})) << "no temporary file left";
}

}  // namespace
}  // namespace lifeline::cli::test
