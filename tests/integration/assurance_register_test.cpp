// The priority-customer register over HTTP: CRUD and validation, roles and
// scope, masking, the network layer it writes (isolation plans name its
// customers, served_at finds them), supply security against the engine's
// own answer, and the audit trail.
#include <mutex>

#include "app/assurance/served.h"
#include "integration/harness.h"
#include "integration/line_network.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class AssuranceRegister : public ApiTest {
 protected:
  int64_t line_network(Session& s) {
    auto created = call(s, "POST", "/api/v1/networks",
                        {{"org_id", util_a_}, {"name", "线网"}, {"inp", kLineInp}, {"file_name", "line.inp"}});
    EXPECT_STATUS(created, 201);
    const int64_t id = created.json().value("id", 0);
    EXPECT_STATUS(call(s, "PUT", "/api/v1/networks/" + std::to_string(id) + "/valves", {{"csv", kLineValves}}), 200);
    return id;
  }

  json hospital(int64_t network, const std::string& node = "J4") {
    return {{"org_id", util_a_},        {"name", "长沙市第一医院"},  {"category", "hospital"},
            {"tier", 1},                {"address", "营盘路311号"}, {"contact_name", "王主任"},
            {"contact_phone", "13812340004"}, {"network_id", network}, {"nodes", json::array({node})},
            {"min_pressure_m", 20},     {"demand_m3h", 45.5},       {"notes", "第二路供水于2020-02-03建成"}};
  }

  static std::vector<std::string> fields(const http::ClientResponse& r) {
    std::vector<std::string> out;
    for (const auto parsed = r.json(); const auto& e : parsed.value("errors", json::array())) out.push_back(e.value("field", ""));
    return out;
  }

  static json affected_names(const json& plan) {
    json names = json::array();
    for (const auto& c : plan["customers_affected"]) names.push_back(c["name"]);
    return names;
  }
};

TEST_F(AssuranceRegister, CreateReadListMasksContactsAndAudits) {
  std::mutex mutex;
  std::vector<std::string> published;  // "type action", in order
  auto subscription = events_.subscribe([&](const Event& e) {
    if (e.type != "priority_customer.changed") return;
    std::lock_guard lock(mutex);
    published.push_back(e.type + " " + e.data.value("action", ""));
  });
  auto admin = login("a_admin");
  const int64_t net = line_network(admin);
  auto created = call(admin, "POST", "/api/v1/priority-customers", hospital(net));
  ASSERT_STATUS(created, 201);
  const json c = created.json();
  EXPECT_EQ(c["name"], "长沙市第一医院");
  EXPECT_EQ(c["category"], "hospital");
  EXPECT_EQ(c["org_name"], "长沙水业集团");
  EXPECT_EQ(c["contact_phone"], "13812340004");  // its author manages the register
  EXPECT_EQ(c["nodes"], json::array({"J4"}));
  EXPECT_EQ(c["x"], 400.0);
  EXPECT_EQ(c["version"], 1);
  const std::string path = "/api/v1/priority-customers/" + std::to_string(c["id"].get<int64_t>());

  auto list = call(admin, "GET", "/api/v1/priority-customers");
  ASSERT_STATUS(list, 200);
  ASSERT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(list.json()["items"][0]["contact_phone"], "138****0004");
  EXPECT_EQ(list.json()["counts"]["at_risk"], 1);  // one route only: not N-1 secure

  auto viewer = login("a_viewer");
  auto seen = call(viewer, "GET", path);
  ASSERT_STATUS(seen, 200);
  EXPECT_EQ(seen.json()["contact_phone"], "138****0004");
  EXPECT_EQ(call(admin, "GET", path).json()["contact_phone"], "13812340004");

  auto filtered = call(viewer, "GET", "/api/v1/priority-customers?category=fever_clinic");
  EXPECT_EQ(filtered.json()["items"].size(), 0u);
  EXPECT_EQ(call(viewer, "GET", "/api/v1/priority-customers?q=%E7%AC%AC%E4%B8%80").json()["items"].size(), 1u);

  auto map = call(viewer, "GET", "/api/v1/priority-customers/map?network_id=" + std::to_string(net));
  ASSERT_STATUS(map, 200);
  ASSERT_EQ(map.json()["items"].size(), 1u);
  EXPECT_EQ(map.json()["items"][0]["node"], "J4");
  EXPECT_EQ(map.json()["items"][0]["x"], 400.0);

  // PATCH with If-Match; a stale version is refused.
  auto patched = admin.client->request("PATCH", path, json{{"tier", 2}, {"contact_phone", nullptr}}.dump(),
                                       {{"X-CSRF-Token", admin.csrf}, {"Content-Type", "application/json"},
                                        {"If-Match", "\"1\""}});
  ASSERT_TRUE(patched.ok());
  ASSERT_STATUS(*patched, 200);
  EXPECT_EQ(patched->json()["tier"], 2);
  EXPECT_TRUE(patched->json()["contact_phone"].is_null());
  EXPECT_EQ(patched->json()["version"], 2);
  auto stale = admin.client->request("PATCH", path, json{{"tier", 3}}.dump(),
                                     {{"X-CSRF-Token", admin.csrf}, {"Content-Type", "application/json"},
                                      {"If-Match", "\"1\""}});
  ASSERT_TRUE(stale.ok());
  EXPECT_STATUS(*stale, 412);

  EXPECT_STATUS(call(admin, "DELETE", path), 204);
  EXPECT_EQ(call(admin, "GET", "/api/v1/priority-customers").json()["items"].size(), 0u);
  EXPECT_STATUS(call(admin, "PATCH", path, {{"tier", 1}}), 404);

  EXPECT_EQ(count("audit_log", "entity = 'priority_customer' AND action = 'assurance.customer.create'"), 1);
  EXPECT_EQ(count("audit_log", "entity = 'priority_customer' AND action = 'assurance.customer.update'"), 1);
  EXPECT_EQ(count("audit_log", "entity = 'priority_customer' AND action = 'assurance.customer.deactivate'"), 1);
  std::lock_guard lock(mutex);
  EXPECT_EQ(published, (std::vector<std::string>{"priority_customer.changed created", "priority_customer.changed updated",
                                                 "priority_customer.changed deactivated"}));
}

TEST_F(AssuranceRegister, BadInputNamesTheFieldAndWritesNothing) {
  auto admin = login("a_admin");
  const int64_t net = line_network(admin);
  auto missing = call(admin, "POST", "/api/v1/priority-customers", {{"org_id", util_a_}, {"tier", 5}});
  ASSERT_STATUS(missing, 400);
  auto f = fields(missing);
  for (const char* field : {"name", "category", "tier"})
    EXPECT_NE(std::find(f.begin(), f.end(), field), f.end()) << field << " in " << missing.body;

  json bad_node = hospital(net);
  bad_node["nodes"] = json::array({"J1", "J2", "NOPE"});
  auto nodes = call(admin, "POST", "/api/v1/priority-customers", bad_node);
  ASSERT_STATUS(nodes, 400);
  EXPECT_EQ(fields(nodes), std::vector<std::string>{"nodes/2"});

  json twice = hospital(net);
  twice["nodes"] = json::array({"J1", "J1"});
  EXPECT_EQ(fields(call(admin, "POST", "/api/v1/priority-customers", twice)), std::vector<std::string>{"nodes/1"});

  json other_net = hospital(net + 100);
  EXPECT_EQ(fields(call(admin, "POST", "/api/v1/priority-customers", other_net)),
            std::vector<std::string>{"network_id"});

  json bad_phone = hospital(net);
  bad_phone["contact_phone"] = "call me";
  EXPECT_EQ(fields(call(admin, "POST", "/api/v1/priority-customers", bad_phone)),
            std::vector<std::string>{"contact_phone"});

  json unknown = hospital(net);
  unknown["colour"] = "red";
  EXPECT_STATUS(call(admin, "POST", "/api/v1/priority-customers", unknown), 400);

  EXPECT_EQ(count("priority_customers"), 0);
  EXPECT_EQ(count("audit_log", "entity = 'priority_customer'"), 0);

  ASSERT_STATUS(call(admin, "POST", "/api/v1/priority-customers", hospital(net)), 201);
  auto duplicate = call(admin, "POST", "/api/v1/priority-customers", hospital(net));
  EXPECT_EQ(fields(duplicate), std::vector<std::string>{"name"});
  EXPECT_EQ(count("priority_customers"), 1);
}

TEST_F(AssuranceRegister, RolesAndScope) {
  auto admin = login("a_admin");
  const int64_t net = line_network(admin);
  auto created = call(admin, "POST", "/api/v1/priority-customers", hospital(net));
  ASSERT_STATUS(created, 201);
  const std::string path = "/api/v1/priority-customers/" + std::to_string(created.json()["id"].get<int64_t>());

  for (const char* user : {"a_viewer", "a_staff"}) {
    auto s = login(user);
    EXPECT_STATUS(call(s, "GET", path), 200) << user;
    json other = hospital(net);
    other["name"] = "湖南省人民医院";
    EXPECT_STATUS(call(s, "POST", "/api/v1/priority-customers", other), 403) << user;
    EXPECT_STATUS(call(s, "PATCH", path, {{"tier", 2}}), 403) << user;
    EXPECT_STATUS(call(s, "DELETE", path), 403) << user;
    EXPECT_STATUS(call(s, "POST", path + "/patrols", {{"ok", true}}), 403) << user;
  }

  auto system = app::Actor::system("fixture");
  ASSERT_TRUE(platform_->accounts()
                  .create_user(system, {"a_crew", "a_crew", "repair_crew", util_a_, kPassword, "13800002222"})
                  .ok());
  auto crew = login("a_crew");
  EXPECT_STATUS(call(crew, "POST", path + "/patrols", {{"ok", true}, {"findings", "阀门井正常"}}), 201);
  EXPECT_STATUS(call(crew, "PATCH", path, {{"tier", 2}}), 403);
  EXPECT_STATUS(call(crew, "PUT", path + "/care-plan", {{"patrols_per_day", 2}}), 403);

  // Another utility: not there at all.
  auto other = login("b_admin");
  EXPECT_STATUS(call(other, "GET", path), 404);
  EXPECT_STATUS(call(other, "PATCH", path, {{"tier", 2}}), 404);
  EXPECT_STATUS(call(other, "POST", path + "/patrols", {{"ok", true}}), 404);
  EXPECT_STATUS(call(other, "PUT", path + "/care-plan", {{"patrols_per_day", 2}}), 404);
  EXPECT_EQ(call(other, "GET", "/api/v1/priority-customers").json()["items"].size(), 0u);
  json theirs = hospital(net);
  theirs["org_id"] = util_b_;
  EXPECT_STATUS(call(other, "POST", "/api/v1/priority-customers", theirs), 400);  // A's network is not theirs
}

TEST_F(AssuranceRegister, TheRegisterIsTheNetworksCustomerLayer) {
  auto admin = login("a_admin");
  const int64_t net = line_network(admin);
  const std::string network = "/api/v1/networks/" + std::to_string(net);
  auto created = call(admin, "POST", "/api/v1/priority-customers", hospital(net));
  ASSERT_STATUS(created, 201);
  const int64_t id = created.json()["id"];
  const std::string path = "/api/v1/priority-customers/" + std::to_string(id);

  auto layer = call(admin, "GET", network + "/customers");
  ASSERT_STATUS(layer, 200);
  ASSERT_EQ(layer.json()["items"].size(), 1u);
  EXPECT_EQ(layer.json()["items"][0]["name"], "长沙市第一医院");
  EXPECT_EQ(layer.json()["items"][0]["category"], "hospital");

  // A burst on P2: closing V2 and V3 cuts J4 off; the plan names the hospital.
  auto plan = call(admin, "POST", network + "/isolation", {{"link", "P2"}});
  ASSERT_STATUS(plan, 200);
  EXPECT_EQ(affected_names(plan.json()), json::array({"长沙市第一医院"}));

  auto served = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) {
    return app::assurance::served_at(tx, net, {"J3", "J4", "J2"});
  });
  ASSERT_TRUE(served.ok());
  ASSERT_EQ(served->size(), 1u);
  EXPECT_EQ((*served)[0].id, id);
  EXPECT_EQ((*served)[0].name, "长沙市第一医院");
  EXPECT_EQ((*served)[0].node, "J4");

  // Renamed and moved to J3: the next plan follows.
  ASSERT_STATUS(call(admin, "PATCH", path, {{"name", "长沙市第一医院（北院）"}, {"nodes", {"J3"}}}), 200);
  plan = call(admin, "POST", network + "/isolation", {{"link", "P2"}});
  EXPECT_EQ(affected_names(plan.json()), json::array({"长沙市第一医院（北院）"}));
  // A node missing from the model is refused, naming it.
  auto missing = call(admin, "PATCH", path, {{"nodes", {"J3", "J9"}}});
  ASSERT_STATUS(missing, 400);
  EXPECT_EQ(fields(missing), std::vector<std::string>{"nodes/1"});

  ASSERT_STATUS(call(admin, "DELETE", path), 204);
  plan = call(admin, "POST", network + "/isolation", {{"link", "P2"}});
  EXPECT_EQ(affected_names(plan.json()), json::array());
  EXPECT_EQ(call(admin, "GET", network).json()["customers"], 0);
  served = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) {
    return app::assurance::served_at(tx, net, {"J3", "J4"});
  });
  ASSERT_TRUE(served.ok());
  EXPECT_TRUE(served->empty());
}

TEST_F(AssuranceRegister, SupplySecurityAgreesWithTheEngineAndFollowsTheValves) {
  auto admin = login("a_admin");
  const int64_t net = line_network(admin);
  const std::string network = "/api/v1/networks/" + std::to_string(net);
  auto created = call(admin, "POST", "/api/v1/priority-customers", hospital(net));
  ASSERT_STATUS(created, 201);
  const std::string path = "/api/v1/priority-customers/" + std::to_string(created.json()["id"].get<int64_t>());

  auto engine = call(admin, "GET", network + "/supply?nodes=J4");
  ASSERT_STATUS(engine, 200);
  const json node = engine.json()["nodes"][0];
  auto detail = call(admin, "GET", path);
  ASSERT_STATUS(detail, 200);
  const json supply = detail.json()["supply"];
  EXPECT_EQ(supply["routes"], node["routes"]);
  EXPECT_EQ(supply["n1_secure"], node["n1_secure"]);
  EXPECT_FALSE(supply["n1_secure"].get<bool>());
  json segments = json::array();
  for (const auto& s : supply["critical_segments"]) segments.push_back(s["segment"]);
  EXPECT_EQ(segments, node["critical_segments"]);
  ASSERT_EQ(segments.size(), 3u);  // {J2,P2}, {P1}, the source segment
  // The segment of P1 is bounded by V1 and V2; {J2,P2} by V2 and V3.
  std::vector<json> valves;
  for (const auto& s : supply["critical_segments"]) valves.push_back(s["valves"]);
  EXPECT_NE(std::find(valves.begin(), valves.end(), json::array({"V1", "V2"})), valves.end()) << supply.dump();
  EXPECT_NE(std::find(valves.begin(), valves.end(), json::array({"V2", "V3"})), valves.end()) << supply.dump();
  auto list = call(admin, "GET", "/api/v1/priority-customers");
  EXPECT_EQ(list.json()["items"][0]["supply"]["critical_segments"], node["critical_segments"]);
  EXPECT_EQ(list.json()["items"][0]["status"], "at_risk");

  // V3 seized: the segment it bounds can no longer be isolated by its own valves.
  ASSERT_STATUS(call(admin, "PATCH", network + "/valves/V3", {{"operable", false}}), 200);
  auto after = call(admin, "GET", path).json()["supply"];
  json seized = json::array();
  for (const auto& s : after["critical_segments"])
    for (const auto& v : s["inoperable_valves"]) seized.push_back(v);
  EXPECT_EQ(seized, json::array({"V3"})) << after.dump();

  // A layer without V3: J2..J4 become one segment, one critical segment fewer.
  ASSERT_STATUS(call(admin, "PUT", network + "/valves", {{"csv", "valve,link,node\nV1,P1,J1\nV2,P1,J2\n"}}), 200);
  after = call(admin, "GET", path).json()["supply"];
  EXPECT_EQ(after["critical_segments"].size(), 2u) << after.dump();
  EXPECT_EQ(after["critical_segments"].size(), call(admin, "GET", network + "/supply?nodes=J4")
                                                   .json()["nodes"][0]["critical_segments"]
                                                   .size());

  // A new valve layer with no valves: one segment holds the source, N-1 secure.
  ASSERT_STATUS(call(admin, "PUT", network + "/valves", {{"csv", "valve,link,node\n"}}), 200);
  auto none = call(admin, "GET", path).json();
  EXPECT_TRUE(none["supply"]["n1_secure"].get<bool>()) << none.dump();
  EXPECT_EQ(none["status"], "normal");
}

TEST_F(AssuranceRegister, GeneratedCityCustomersAgreeWithTheSupplyEndpoint) {
  auto admin = login("a_admin");
  auto created = call(admin, "POST", "/api/v1/networks",
                      {{"org_id", util_a_}, {"name", "生成网"}, {"generate", {{"links", 300}, {"seed", 3}}}});
  ASSERT_STATUS(created, 201);
  const std::string network = "/api/v1/networks/" + std::to_string(created.json()["id"].get<int64_t>());
  auto generated = call(admin, "GET", network + "/customers").json()["items"];
  ASSERT_GE(generated.size(), 2u);
  std::string nodes;
  for (std::size_t i = 0; i < 2; ++i) {
    json c = hospital(created.json()["id"].get<int64_t>(), generated[i]["node"].get<std::string>());
    c["name"] = generated[i]["name"];
    ASSERT_STATUS(call(admin, "POST", "/api/v1/priority-customers", c), 201);
    nodes += (i ? "," : "") + generated[i]["node"].get<std::string>();
  }
  auto engine = call(admin, "GET", network + "/supply?nodes=" + nodes).json()["nodes"];
  auto list = call(admin, "GET", "/api/v1/priority-customers").json()["items"];
  ASSERT_EQ(list.size(), 2u);
  for (const auto& item : list) {
    auto it = std::find_if(engine.begin(), engine.end(), [&](const json& n) { return n["node"] == item["nodes"][0]; });
    ASSERT_NE(it, engine.end());
    EXPECT_EQ(item["supply"]["routes"], (*it)["routes"]);
    EXPECT_EQ(item["supply"]["n1_secure"], (*it)["n1_secure"]);
    EXPECT_EQ(item["supply"]["critical_segments"], (*it)["critical_segments"]);
  }
  // The network's layer is now the register's two customers.
  EXPECT_EQ(call(admin, "GET", network + "/customers").json()["items"].size(), 2u);
}

}  // namespace
}  // namespace lifeline::test
