// `lifeline net ...`: each file command on a generated city (what it reports
// checked against the files it read), and one bad input each.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "analysis/report_json.h"
#include "cli/cli_test_support.h"
#include "net/inp_reader.h"

namespace lifeline::cli::test {
namespace {

using analysis::Json;

class NetCommands : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    const auto r = run_cli({"net", "generate", "--links", "200", "--seed", "11", "--out", path("city.inp"),
                            "--valves-out", path("valves.csv"), "--customers-out", path("customers.csv")});
    ASSERT_EQ(r.code, 0) << said(r);
    auto network = net::read_inp(path("city.inp"));
    ASSERT_TRUE(network.ok());
    city_ = std::move(*network);
  }

  std::vector<std::string> analysis(const std::string& command) const {
    return {"net", command, path("city.inp"), "--valves", path("valves.csv"), "--customers", path("customers.csv")};
  }
  std::string first_pipe() const {
    for (const auto& l : city_.links)
      if (l.type == net::LinkType::pipe) return l.id;
    return {};
  }
  std::vector<std::string> customer_nodes() {
    std::vector<std::string> out;
    const auto rows = lines_of(read("customers.csv"));
    for (std::size_t i = 1; i < rows.size(); ++i) out.push_back(rows[i].substr(0, rows[i].find(',')));
    return out;
  }

  net::Network city_;
};

// --- generate -----------------------------------------------------------------

TEST_F(NetCommands, GenerateWritesTheCityItReports) {
  const auto r = run_cli({"net", "generate", "--links", "200", "--seed", "11", "--out", path("again.inp")});
  ASSERT_EQ(r.code, 0) << said(r);
  EXPECT_EQ(city_.links.size(), 200u) << "exact for 200 links or more";
  EXPECT_NE(r.out.find("wrote " + path("again.inp") + ": " + std::to_string(city_.nodes.size()) + " nodes, 200 links"),
            std::string::npos) << r.out;
  EXPECT_EQ(read("again.inp"), read("city.inp")) << "the same seed gives the same city";
  EXPECT_EQ(lines_of(read("valves.csv"))[0], "valve,link,node,operable");
  EXPECT_EQ(lines_of(read("customers.csv"))[0].substr(0, 18), "node,name,category");
}

TEST_F(NetCommands, GenerateRejectsATooSmallCity) {
  const auto r = run_cli({"net", "generate", "--links", "10", "--out", path("tiny.inp")});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("--links"), std::string::npos) << r.err;
  EXPECT_FALSE(exists("tiny.inp"));
}

// --- info / check / convert -------------------------------------------------------

TEST_F(NetCommands, InfoCountsWhatTheFileHolds) {
  const auto r = run_cli({"net", "info", path("city.inp"), "--json", path("info.json")});
  ASSERT_EQ(r.code, 0) << said(r);
  const Json doc = Json::parse(read("info.json"));
  EXPECT_EQ(doc["junctions"], city_.count(net::NodeType::junction));
  EXPECT_EQ(doc["reservoirs"], city_.count(net::NodeType::reservoir));
  EXPECT_EQ(doc["tanks"], city_.count(net::NodeType::tank));
  EXPECT_EQ(doc["pipes"], city_.count(net::LinkType::pipe));
  EXPECT_EQ(doc["pumps"], city_.count(net::LinkType::pump));
  EXPECT_EQ(doc["pipes"].get<std::size_t>() + doc["pumps"].get<std::size_t>() + doc["valves"].get<std::size_t>(), 200u);
  EXPECT_GT(doc["base_demand_m3s"].get<double>(), 0.0);
  EXPECT_NE(r.out.find("  nodes   " + std::to_string(city_.count(net::NodeType::junction)) + " junctions"), std::string::npos)
      << r.out;
}

TEST_F(NetCommands, InfoNamesAMissingFile) {
  const auto r = run_cli({"net", "info", path("nowhere.inp")});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find(path("nowhere.inp") + ": cannot open the file"), std::string::npos) << r.err;
}

TEST_F(NetCommands, CheckPassesTheCityAndFailsAnIsland) {
  const auto ok = run_cli({"net", "check", path("city.inp"), "--json", path("check.json")});
  EXPECT_EQ(ok.code, 0) << said(ok);
  EXPECT_EQ(Json::parse(read("check.json"))["errors"], 0);

  // A junction joined to nothing but another junction: no path to a source.
  std::string text = read("city.inp");
  text.insert(text.find("[JUNCTIONS]") + 12, "ISLAND1 10 0\nISLAND2 10 0\n");
  text.insert(text.find("[PIPES]") + 8, "ISLANDPIPE ISLAND1 ISLAND2 100 200 120 0 Open\n");
  const auto bad = run_cli({"net", "check", write("island.inp", text), "--json", "-"});
  EXPECT_EQ(bad.code, 2) << said(bad);
  const Json doc = Json::parse(bad.out);
  EXPECT_EQ(doc["errors"], 2);
  std::set<std::string> flagged;
  for (const auto& i : doc["issues"])
    if (i["severity"] == "error") flagged.insert(i["kind"].get<std::string>() + " " + i["element"].get<std::string>());
  EXPECT_EQ(flagged, (std::set<std::string>{"disconnected_node ISLAND1", "disconnected_node ISLAND2"}));
}

TEST_F(NetCommands, CheckNamesTheLineOfABadFile) {
  std::string text = read("city.inp");
  const auto at = text.find("[PIPES]");
  const auto line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n')) + 2;
  text.insert(text.find("[PIPES]") + 8, "BROKEN J-NOWHERE J-NEITHER 100 200 120 0 Open\n");
  const auto r = run_cli({"net", "check", write("broken.inp", text)});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("broken.inp:" + std::to_string(line) + ": undefined node 'J-NOWHERE'"), std::string::npos) << r.err;
}

TEST_F(NetCommands, ConvertRoundTripsAndWritesGeoJson) {
  auto r = run_cli({"net", "convert", path("city.inp"), "--out", path("copy.inp")});
  ASSERT_EQ(r.code, 0) << said(r);
  EXPECT_NE(r.out.find("wrote " + path("copy.inp") + " (inp)"), std::string::npos) << r.out;
  auto copy = net::read_inp(path("copy.inp"));
  ASSERT_TRUE(copy.ok()) << copy.error().message;
  EXPECT_EQ(copy->nodes.size(), city_.nodes.size());
  EXPECT_EQ(copy->links.size(), city_.links.size());

  r = run_cli({"net", "convert", path("city.inp"), "--out", path("city.geojson")});
  ASSERT_EQ(r.code, 0) << said(r);
  const Json geo = Json::parse(read("city.geojson"));
  EXPECT_EQ(geo["type"], "FeatureCollection");
  EXPECT_EQ(geo["features"].size(), city_.nodes.size() + city_.links.size());
}

TEST_F(NetCommands, ConvertRejectsAnUnknownFormat) {
  const auto r = run_cli({"net", "convert", path("city.inp"), "--out", path("city.xml"), "--format", "xml"});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;
  EXPECT_FALSE(exists("city.xml"));
}

// --- valves / segments ---------------------------------------------------------------

TEST_F(NetCommands, ValvesGeneratesAndImportsALayer) {
  auto r = run_cli({"net", "valves", path("city.inp"), "--generate", "random", "--n", "25", "--seed", "5", "--out",
                    path("random.csv")});
  ASSERT_EQ(r.code, 0) << said(r);
  EXPECT_NE(r.out.find("wrote 25 valves to " + path("random.csv")), std::string::npos) << r.out;
  EXPECT_EQ(lines_of(read("random.csv")).size(), 26u);

  // Importing the generated layer writes it back unchanged.
  r = run_cli({"net", "valves", path("city.inp"), "--import", path("valves.csv")});
  ASSERT_EQ(r.code, 0) << said(r);
  EXPECT_EQ(r.out, read("valves.csv"));
}

TEST_F(NetCommands, ValvesNamesABadPlacementAndABadLayerLine) {
  auto r = run_cli({"net", "valves", path("city.inp"), "--generate", "everywhere"});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("--generate"), std::string::npos) << r.err;

  const std::string layer = write("bad.csv", "valve,link,node\nV1," + first_pipe() + ",NO-SUCH-NODE\n");
  r = run_cli({"net", "valves", path("city.inp"), "--import", layer});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("bad.csv:2: unknown node 'NO-SUCH-NODE'"), std::string::npos) << r.err;
}

TEST_F(NetCommands, SegmentsCoverEveryNodeAndLink) {
  const auto r = run_cli({"net", "segments", path("city.inp"), "--valves", path("valves.csv"), "--json", path("seg.json")});
  ASSERT_EQ(r.code, 0) << said(r);
  const Json doc = Json::parse(read("seg.json"));
  const int n = doc["n_segments"].get<int>();
  EXPECT_GT(n, 1);
  ASSERT_EQ(doc["node_segment"].size(), city_.nodes.size());
  ASSERT_EQ(doc["link_segment"].size(), city_.links.size());
  std::set<int> seen;  // keyed by id
  for (const auto& n : city_.nodes) seen.insert(doc["node_segment"].at(n.id).get<int>());
  for (const auto& l : city_.links) seen.insert(doc["link_segment"].at(l.id).get<int>());
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(n)) << "every segment holds an element";
  EXPECT_EQ(*seen.begin(), 0);
  EXPECT_EQ(*seen.rbegin(), n - 1);
  EXPECT_NE(r.out.find(std::to_string(n) + " segments from "), std::string::npos) << r.out;
}

TEST_F(NetCommands, SegmentsNeedAValveLayer) {
  const auto r = run_cli({"net", "segments", path("city.inp"), "--valves", path("nowhere.csv")});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find(path("nowhere.csv")), std::string::npos) << r.err;
}

// --- isolate / supply / criticality ----------------------------------------------------

TEST_F(NetCommands, IsolateShutsTheFailedLinksSegmentIn) {
  const std::string pipe = first_pipe();
  auto args = analysis("isolate");
  args.insert(args.end(), {"--link", pipe, "--json", path("plan.json")});
  const auto r = run_cli(args);
  ASSERT_EQ(r.code, 0) << said(r);
  const Json plan = Json::parse(read("plan.json"));
  EXPECT_EQ(plan["failure"]["link"], pipe);
  EXPECT_EQ(plan["shutdown"], true);
  ASSERT_FALSE(plan["valves_to_close"].empty());
  EXPECT_NE(r.out.find("close " + std::to_string(plan["valves_to_close"].size()) + " valves:"), std::string::npos) << r.out;

  // The plan's segment is the failed pipe's in `net segments`.
  const auto s = run_cli({"net", "segments", path("city.inp"), "--valves", path("valves.csv"), "--json", path("seg.json")});
  ASSERT_EQ(s.code, 0) << said(s);
  const Json seg = Json::parse(read("seg.json"));
  EXPECT_EQ(plan["segment"], seg["link_segment"][pipe]);

  // Under pressure nothing is closed.
  args = analysis("isolate");
  args.insert(args.end(), {"--link", pipe, "--under-pressure", "--json", "-"});
  const auto u = run_cli(args);
  ASSERT_EQ(u.code, 0) << said(u);
  const Json up = Json::parse(u.out);
  EXPECT_EQ(up["shutdown"], false);
  EXPECT_TRUE(up["valves_to_close"].empty());
}

TEST_F(NetCommands, IsolateNamesAnUnknownElementOrAMissingChoice) {
  auto args = analysis("isolate");
  args.insert(args.end(), {"--link", "NO-SUCH-PIPE"});
  auto r = run_cli(args);
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("--link: unknown link 'NO-SUCH-PIPE'"), std::string::npos) << r.err;

  r = run_cli(analysis("isolate"));  // neither --link nor --node
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("exactly one of --link"), std::string::npos) << r.err;
}

TEST_F(NetCommands, SupplyAssessesEveryPriorityCustomer) {
  auto args = analysis("supply");
  args.insert(args.end(), {"--json", path("supply.json")});
  const auto r = run_cli(args);
  ASSERT_EQ(r.code, 0) << said(r);
  const Json doc = Json::parse(read("supply.json"));
  const auto nodes = customer_nodes();
  ASSERT_EQ(doc["nodes"].size(), nodes.size());
  int secure = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& row = doc["nodes"][i];
    EXPECT_EQ(row["node"], nodes[i]);
    EXPECT_EQ(row["dual_supply"], row["routes"].get<int>() >= 2);
    secure += row["n1_secure"].get<bool>();
  }
  EXPECT_EQ(doc["n1_secure"], secure);
}

TEST_F(NetCommands, SupplyNamesAnUnknownNode) {
  const auto r = run_cli({"net", "supply", path("city.inp"), "--valves", path("valves.csv"), "--nodes", "NO-SUCH-NODE"});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("--nodes: unknown node 'NO-SUCH-NODE'"), std::string::npos) << r.err;
}

TEST_F(NetCommands, CriticalityRanksMostCriticalFirst) {
  auto args = analysis("criticality");
  args.insert(args.end(), {"--top", "5", "--json", path("crit.json")});
  const auto r = run_cli(args);
  ASSERT_EQ(r.code, 0) << said(r);
  const Json doc = Json::parse(read("crit.json"));
  const auto& ranking = doc["ranking"];
  ASSERT_EQ(ranking.size(), 5u);
  for (std::size_t i = 0; i < ranking.size(); ++i) {
    EXPECT_EQ(ranking[i]["rank"], i + 1);
    if (i > 0) {  // customers lost first, then demand lost
      const auto key = [](const Json& row) {
        return std::make_pair(row["priority_customers_lost"].get<int>(), row["demand_lost_m3s"].get<double>());
      };
      EXPECT_GE(key(ranking[i - 1]), key(ranking[i])) << ranking[i - 1].dump() << "\n" << ranking[i].dump();
    }
  }
  EXPECT_EQ(lines_of(r.out).size(), 2u + 5u) << r.out;
}

TEST_F(NetCommands, CriticalityNamesABadSourcePolicy) {
  auto args = analysis("criticality");
  args.insert(args.end(), {"--sources", "wells"});
  const auto r = run_cli(args);
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find("--sources"), std::string::npos) << r.err;
}

// Every file command writes through command_support's write_output: the
// path is named, and a failed write leaves neither the file nor a temporary.
TEST_F(NetCommands, UnwritableOutputFailsNamingThePathAndLeavesNoFile) {
  const auto r = run_cli({"net", "info", path("city.inp"), "--json", path("no/such/dir/info.json")});
  EXPECT_EQ(r.code, 2) << said(r);
  EXPECT_NE(r.err.find(path("no/such/dir/info.json") + ": cannot write this file"), std::string::npos) << r.err;
  std::filesystem::create_directory(dir_ / "taken.inp");
  const auto g = run_cli({"net", "generate", "--links", "200", "--out", path("taken.inp")});
  EXPECT_EQ(g.code, 2) << said(g);
  EXPECT_NE(g.err.find(path("taken.inp") + ": cannot write this file"), std::string::npos) << g.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "taken.inp.tmp"));
}

// A device is written as it is: renaming a temporary file over /dev/null
// would replace the device with a regular file.
TEST_F(NetCommands, WritingToDevNullLeavesTheDevice) {
  ASSERT_TRUE(std::filesystem::is_character_file("/dev/null"));
  const auto r = run_cli({"net", "generate", "--links", "200", "--out", "/dev/null"});
  EXPECT_EQ(r.code, 0) << said(r);
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/null"));
}

}  // namespace
}  // namespace lifeline::cli::test
