// Water networks over HTTP: uploads, scope, valve layers, customers and the
// analyses, checked against the engine called directly.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/criticality.h"
#include "analysis/dual_supply.h"
#include "analysis/report_json.h"
#include "integration/harness.h"
#include "net/inp_reader.h"
#include "net/priority_customer.h"
#include "net/valve_layer.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

// R1 - P0 - J1 - P1 - J2 - P2 - J3 - P3 - J4, a hospital at J4.
constexpr const char* kTinyInp = R"([TITLE]
tiny line
[JUNCTIONS]
J1 10 0
J2 10 1
J3 10 1
J4 10 1
[RESERVOIRS]
R1 50
[PIPES]
P0 R1 J1 100 300 100 0 Open
P1 J1 J2 100 300 100 0 Open
P2 J2 J3 100 300 100 0 Open
P3 J3 J4 100 300 100 0 Open
[OPTIONS]
Units LPS
[COORDINATES]
R1 0 0
J1 100 0
J2 200 0
J3 300 0
J4 400 0
[VERTICES]
P2 250 10
[END]
)";

// Segments: {R1,P0,J1} | {P1} | {J2,P2} | {J3,P3,J4}.
constexpr const char* kTinyValves = "valve,link,node\nV1,P1,J1\nV2,P1,J2\nV3,P2,J3\n";

class Networks : public ApiTest {
 protected:
  // Uploads the tiny network with its valves and the hospital; returns its path.
  std::string upload_tiny(Session& s) {
    auto created = call(s, "POST", "/api/v1/networks",
                        {{"org_id", util_a_}, {"name", "小网"}, {"inp", kTinyInp}, {"file_name", "tiny.inp"}});
    EXPECT_STATUS(created, 201);
    const json body = created.json();
    const std::string path = "/api/v1/networks/" + std::to_string(body.value("id", 0));
    EXPECT_STATUS(call(s, "PUT", path + "/valves", {{"csv", kTinyValves}}), 200);
    EXPECT_STATUS(call(s, "PUT", path + "/customers",
                       {{"items", json::array({{{"node", "J4"}, {"name", "市第一医院"}, {"category", "hospital"}}})}}),
                  200);
    return path;
  }

  static std::vector<std::string> valve_ids(const json& list) {
    std::vector<std::string> out;
    for (const auto& v : list) out.push_back(v["valve"]);
    return out;
  }
};

TEST_F(Networks, UploadReadsTheModelAndSummarises) {
  auto s = login("a_admin");
  auto created = call(s, "POST", "/api/v1/networks",
                      {{"org_id", util_a_}, {"name", "小网"}, {"inp", kTinyInp}, {"file_name", "tiny.inp"}});
  ASSERT_STATUS(created, 201);
  const json n = created.json();
  EXPECT_EQ(n["version"], 1);
  EXPECT_EQ(n["file_name"], "tiny.inp");
  EXPECT_EQ(n["uploaded_by_name"], "a_admin");
  EXPECT_EQ(n["counts"]["junctions"], 4);
  EXPECT_EQ(n["counts"]["reservoirs"], 1);
  EXPECT_EQ(n["counts"]["pipes"], 4);
  EXPECT_DOUBLE_EQ(n["counts"]["length_m"].get<double>(), 400.0);
  EXPECT_EQ(n["flow_units"], "LPS");
  EXPECT_TRUE(n["valve_layer"].is_null());
  EXPECT_EQ(n["customers"], 0);

  auto listed = call(s, "GET", "/api/v1/networks");
  const json list = listed.json();
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["name"], "小网");
  EXPECT_EQ(count("network_versions"), 1);
  EXPECT_EQ(count("audit_log", "action = 'network.create'"), 1);

  auto dup = call(s, "POST", "/api/v1/networks", {{"org_id", util_a_}, {"name", "小网"}, {"inp", kTinyInp}});
  EXPECT_STATUS(dup, 400);
  EXPECT_EQ(dup.json()["errors"][0]["field"], "name");
}

TEST_F(Networks, ABadInpNamesTheFieldAndTheLine) {
  auto s = login("a_admin");
  std::string bad = kTinyInp;
  bad.replace(bad.find("P2 J2 J3 100"), 12, "P2 J2 J3 abc");
  auto r = call(s, "POST", "/api/v1/networks", {{"org_id", util_a_}, {"name", "坏网"}, {"inp", bad}, {"file_name", "bad.inp"}});
  ASSERT_STATUS(r, 400);
  const json problem = r.json();
  EXPECT_EQ(problem["errors"][0]["field"], "inp");
  EXPECT_NE(problem["errors"][0]["message"].get<std::string>().find("bad.inp:13"), std::string::npos) << r.body;
  EXPECT_EQ(count("networks"), 0);
}

TEST_F(Networks, OtherUtilitiesDoNotSeeItAndReadersCannotChangeIt) {
  auto a = login("a_admin");
  const std::string path = upload_tiny(a);
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", path), 404);
  EXPECT_STATUS(call(b, "POST", path + "/isolation", {{"link", "P2"}}), 404);
  EXPECT_EQ(call(b, "GET", "/api/v1/networks").json()["items"].size(), 0u);
  EXPECT_STATUS(call(b, "POST", "/api/v1/networks", {{"org_id", util_a_}, {"name", "x"}, {"inp", kTinyInp}}), 400);

  // Staff of a department see their utility's network (crews must see plans) but cannot change it.
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "GET", path), 200);
  EXPECT_EQ(call(staff, "GET", "/api/v1/networks").json()["items"].size(), 1u);
  EXPECT_STATUS(call(staff, "PATCH", path + "/valves/V1", {{"operable", false}}), 403);
  auto viewer = login("a_viewer");
  EXPECT_STATUS(call(viewer, "GET", path), 200);
  EXPECT_STATUS(call(viewer, "POST", path + "/isolation", {{"link", "P2"}}), 200);
  EXPECT_STATUS(call(viewer, "PUT", path + "/valves", {{"csv", kTinyValves}}), 403);
  EXPECT_STATUS(call(viewer, "POST", "/api/v1/networks", {{"org_id", util_a_}, {"name", "y"}, {"inp", kTinyInp}}), 403);
}

TEST_F(Networks, ValveLayersImportGenerateAndPatch) {
  auto s = login("a_commander");
  const std::string path = upload_tiny(s);
  auto bad = call(s, "PUT", path + "/valves", {{"csv", "valve,link,node\nV1,P1,J1\nV2,P9,J2\n"}});
  ASSERT_STATUS(bad, 400);
  const json problem = bad.json();
  EXPECT_EQ(problem["errors"][0]["field"], "csv");
  EXPECT_NE(problem["errors"][0]["message"].get<std::string>().find(":3"), std::string::npos) << bad.body;

  auto listed = call(s, "GET", path + "/valves");
  const json items = listed.json()["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[1], json({{"valve", "V2"}, {"link", "P1"}, {"node", "J2"}, {"operable", true}}));

  auto seized = call(s, "PATCH", path + "/valves/V2", {{"operable", false}});
  ASSERT_STATUS(seized, 200);
  const json summary = call(s, "GET", path).json();
  EXPECT_EQ(summary["valve_layer"]["inoperable"], 1);
  EXPECT_EQ(summary["valve_layer"]["source"], "csv");
  EXPECT_STATUS(call(s, "PATCH", path + "/valves/V9", {{"operable", false}}), 404);

  auto generated = call(s, "PUT", path + "/valves", {{"generate", {{"strategy", "n1"}, {"seed", 3}}}});
  ASSERT_STATUS(generated, 200);
  EXPECT_EQ(generated.json()["source"], "generated");
  EXPECT_GT(generated.json()["count"].get<int>(), 0);
  EXPECT_STATUS(call(s, "PUT", path + "/valves", {{"generate", {{"strategy", "n7"}}}}), 400);
  EXPECT_EQ(count("audit_log", "action IN ('network.valves', 'network.valve')"), 3);
}

TEST_F(Networks, IsolationPlansForABurstPipe) {
  auto s = login("a_admin");
  const std::string path = upload_tiny(s);
  auto plan = call(s, "POST", path + "/isolation", {{"link", "P2"}});
  ASSERT_STATUS(plan, 200);
  const json p = plan.json();
  EXPECT_EQ(valve_ids(p["valves_to_close"]), (std::vector<std::string>{"V2", "V3"}));
  EXPECT_DOUBLE_EQ(p["valves_to_close"][0]["x"].get<double>(), 200.0);
  ASSERT_EQ(p["customers_affected"].size(), 1u);
  EXPECT_EQ(p["customers_affected"][0]["name"], "市第一医院");
  EXPECT_EQ(p["links_isolated"], json::array({2}));
  EXPECT_EQ(p["links_cut_off"], json::array({3}));
  EXPECT_TRUE(p["compute_ms"].is_number());

  // A seized valve: the shutdown widens past it.
  auto wider = call(s, "POST", path + "/isolation", {{"link", "P2"}, {"inoperable", {"V2"}}});
  ASSERT_STATUS(wider, 200);
  const json w = wider.json();
  EXPECT_EQ(valve_ids(w["valves_to_close"]), (std::vector<std::string>{"V1", "V3"}));
  EXPECT_EQ(w["links_isolated"], json::array({1, 2}));
  EXPECT_FALSE(w["all_valves_working"].is_null());

  auto under_pressure = call(s, "POST", path + "/isolation", {{"link", "P2"}, {"under_pressure", true}});
  ASSERT_STATUS(under_pressure, 200);
  const json u = under_pressure.json();
  EXPECT_EQ(u["shutdown"], false);
  EXPECT_TRUE(u["valves_to_close"].empty());
  EXPECT_TRUE(u["customers_affected"].empty());

  EXPECT_STATUS(call(s, "POST", path + "/isolation", {{"link", "P9"}}), 400);
  EXPECT_STATUS(call(s, "POST", path + "/isolation", {{"link", "P2"}, {"node", "J1"}}), 400);
  EXPECT_STATUS(call(s, "POST", path + "/isolation", {{"link", "P2"}, {"inoperable", {"V9"}}}), 400);
}

TEST_F(Networks, AnalysesAgreeWithTheEngine) {
  auto s = login("a_admin");
  const std::string path = upload_tiny(s);
  auto net = net::parse_inp(kTinyInp, "tiny.inp");
  ASSERT_TRUE(net.ok());
  auto layer = net::parse_valve_csv(kTinyValves, "v.csv", *net);
  ASSERT_TRUE(layer.ok());
  std::vector<net::PriorityCustomer> customers{{net->find_node("J4"), "市第一医院", "hospital"}};
  analysis::SegmentedNetwork sn(*net, *layer, customers);

  auto supply = call(s, "GET", path + "/supply");
  ASSERT_STATUS(supply, 200);
  std::vector<net::Index> nodes{net->find_node("J4")};
  EXPECT_EQ(supply.json(), json(analysis::supply_json(sn, analysis::assess_dual_supply(sn, nodes))));
  auto by_node = call(s, "GET", path + "/supply?nodes=J2,J3");
  ASSERT_STATUS(by_node, 200);
  EXPECT_EQ(by_node.json()["n_nodes"], 2);
  EXPECT_STATUS(call(s, "GET", path + "/supply?nodes=nope"), 400);

  auto crit = call(s, "GET", path + "/criticality?top=2");
  ASSERT_STATUS(crit, 200);
  json c = crit.json();
  const auto report = analysis::rank_criticality(sn);
  EXPECT_EQ(c["segment_impact"].size(), 4u);
  EXPECT_EQ(c["link_segment"].size(), 4u);
  c.erase("segment_impact");
  c.erase("link_segment");
  EXPECT_EQ(c, json(analysis::criticality_json(sn, report, 2)));

  auto segments = call(s, "GET", path + "/segments");
  ASSERT_STATUS(segments, 200);
  json seg = segments.json();
  EXPECT_EQ(seg["segment_count"], 4);
  seg.erase("segment_count");
  EXPECT_EQ(seg, json(analysis::segments_json(*net, sn.segments())));
}

TEST_F(Networks, GeometryArraysLineUp) {
  auto s = login("a_admin");
  const std::string path = upload_tiny(s);
  auto r = call(s, "GET", path + "/geometry");
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.headers["cache-control"], "private, max-age=300");
  EXPECT_FALSE(r.headers["etag"].empty());
  const json g = r.json();
  for (const char* column : {"id", "x", "y", "type"}) EXPECT_EQ(g["nodes"][column].size(), 5u) << column;
  for (const char* column : {"id", "from", "to", "type", "diameter_mm"}) EXPECT_EQ(g["links"][column].size(), 4u) << column;
  for (const char* column : {"id", "link", "node", "operable"}) EXPECT_EQ(g["valves"][column].size(), 3u) << column;
  EXPECT_EQ(g["links"]["diameter_mm"][0], 300);
  EXPECT_EQ(g["links"]["vertices"], json({{"2", {{250, 10}}}}));
  EXPECT_EQ(g["customers"][0]["node"], 3);  // J4: junctions come before the reservoir
  EXPECT_EQ(g["bounds"], json({0, 0, 400, 10}));
  auto again = s.client->request("GET", path + "/geometry", "", {{"If-None-Match", r.headers["etag"]}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, 304);
}

TEST_F(Networks, ANewVersionDropsAValveLayerThatNoLongerResolves) {
  auto s = login("a_admin");
  const std::string path = upload_tiny(s);
  // Same links: the layer and customers stay.
  auto same = call(s, "POST", path + "/versions", {{"inp", kTinyInp}, {"file_name", "tiny-v2.inp"}});
  ASSERT_STATUS(same, 201);
  EXPECT_EQ(same.json()["version"], 2);
  EXPECT_EQ(same.json()["valves_dropped"], false);
  EXPECT_EQ(same.json()["valve_layer"]["count"], 3);

  std::string renamed = kTinyInp;
  renamed.replace(renamed.find("P1 J1 J2"), 8, "PX J1 J2");
  auto changed = call(s, "POST", path + "/versions", {{"inp", renamed}});
  ASSERT_STATUS(changed, 201);
  const json v3 = changed.json();
  EXPECT_EQ(v3["version"], 3);
  EXPECT_EQ(v3["valves_dropped"], true);
  EXPECT_FALSE(v3["valves_dropped_reason"].get<std::string>().empty());
  EXPECT_TRUE(v3["valve_layer"].is_null());
  EXPECT_EQ(v3["customers"], 1);
  // The analyses run on the new version at once (the cache is keyed by version).
  auto plan = call(s, "POST", path + "/isolation", {{"link", "PX"}});
  ASSERT_STATUS(plan, 200);
  EXPECT_TRUE(plan.json()["valves_to_close"].empty());
  EXPECT_EQ(count("audit_log", "action = 'network.version'"), 2);
}

TEST_F(Networks, AGeneratedCityComesWithValvesAndCustomers) {
  auto s = login("a_admin");
  auto created = call(s, "POST", "/api/v1/networks",
                      {{"org_id", util_a_}, {"name", "演示城"}, {"generate", {{"links", 500}, {"seed", 4}}}});
  ASSERT_STATUS(created, 201);
  const json n = created.json();
  EXPECT_EQ(n["valve_layer"]["source"], "city");
  EXPECT_GT(n["valve_layer"]["count"].get<int>(), 0);
  EXPECT_GT(n["customers"].get<int>(), 0);
  const std::string path = "/api/v1/networks/" + std::to_string(n["id"].get<int64_t>());
  auto geometry = call(s, "GET", path + "/geometry");
  ASSERT_STATUS(geometry, 200);
  const json g = geometry.json();
  const json pipe_types = g["links"]["type"];
  std::size_t pipe = 0;
  while (pipe < pipe_types.size() && pipe_types[pipe] != "P") ++pipe;
  ASSERT_LT(pipe, pipe_types.size());
  auto plan = call(s, "POST", path + "/isolation", {{"link", g["links"]["id"][pipe]}});
  ASSERT_STATUS(plan, 200);
  EXPECT_FALSE(plan.json()["valves_to_close"].empty());
  EXPECT_STATUS(call(s, "POST", "/api/v1/networks",
                     {{"org_id", util_a_}, {"name", "太大"}, {"generate", {{"links", 300000}}}}),
                400);
}

TEST_F(Networks, UploadsNet3WhenTheSharedModelsArePresent) {
  const char* dir = std::getenv("LIFELINE_SHARED_DIR");
  const std::filesystem::path file = std::filesystem::path(dir ? dir : "/work/shared") / "networks" / "Net3.inp";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << file << " not present";
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto s = login("a_admin");
  auto created = call(s, "POST", "/api/v1/networks",
                      {{"org_id", util_a_}, {"name", "Net3"}, {"inp", text.str()}, {"file_name", "Net3.inp"}});
  ASSERT_STATUS(created, 201);
  const json n = created.json();
  EXPECT_EQ(n["counts"]["junctions"], 92);
  const std::string path = "/api/v1/networks/" + std::to_string(n["id"].get<int64_t>());
  ASSERT_STATUS(call(s, "PUT", path + "/valves", {{"generate", {{"strategy", "n2"}, {"seed", 1}}}}), 200);
  auto plan = call(s, "POST", path + "/isolation", {{"link", "101"}});
  ASSERT_STATUS(plan, 200);
  EXPECT_TRUE(plan.json().contains("valves_to_close"));
}

}  // namespace
}  // namespace lifeline::test
