// Emergency repair over HTTP on both databases: teams, incidents with their
// isolation plans, the work-order state machine with its permissions, SLA
// clocks under a manual clock, dispatch suggestions, outage notices and
// disconnection orders under the emergency policy.
#include <cmath>

#include "integration/harness.h"
#include "core/time.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

class Repair : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto system = app::Actor::system("fixture");
    for (const char* u : {"a_crew", "a_crew2"}) {
      auto r = platform_->accounts().create_user(system, {u, u, "repair_crew", util_a_, kPassword, "13700001111"});
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
    admin_ = login("a_admin");
    auto created = call(admin_, "POST", "/api/v1/networks",
                        {{"org_id", util_a_}, {"name", "测试管网"}, {"generate", {{"links", 300}, {"seed", 3}}}});
    ASSERT_STATUS(created, 201);
    network_ = created.json()["id"];
    auto model = platform_->networks().model(system, network_);
    ASSERT_TRUE(model.ok());
    model_ = model->second;
    const auto& net = model_->network();
    for (size_t i = 0; i < net.links.size(); ++i) {
      const auto& l = net.links[i];
      if (l.type != net::LinkType::pipe) continue;
      // A DN300 street main and a DN150/DN100 branch.
      if (std::abs(l.diameter - 0.3) < 0.005 && main_.empty()) main_ = l.id;
      if (l.diameter < 0.2 && branch_.empty()) branch_ = l.id;
    }
    ASSERT_FALSE(main_.empty());
    ASSERT_FALSE(branch_.empty());
  }

  int64_t team(const std::string& name, double x, double y, const std::string& crew_user = "") {
    json members = json::array({{{"name", "王强"}, {"phone", "13812340004"}, {"skills", {"welding", "valve"}}}});
    if (!crew_user.empty()) members.push_back({{"name", crew_user}, {"user_id", user_id(crew_user)}});
    auto r = call(admin_, "POST", "/api/v1/teams",
                  {{"org_id", util_a_}, {"name", name}, {"kind", "repair"}, {"base_address", "芙蓉中路"},
                   {"base_x", x}, {"base_y", y}, {"vehicles", {"湘A·12345 抢修车"}}, {"members", members}});
    EXPECT_STATUS(r, 201);
    return r.json().value("id", int64_t{0});
  }

  json incident(Session& s, json body) {
    body["org_id"] = body.value("org_id", util_a_);
    auto r = call(s, "POST", "/api/v1/incidents", body);
    EXPECT_STATUS(r, 201);
    return r.json();
  }

  http::ClientResponse move(Session& s, int64_t order, const std::string& to, json extra = json::object()) {
    extra["to"] = to;
    return call(s, "POST", "/api/v1/work-orders/" + std::to_string(order) + "/transitions", extra);
  }

  static const json* clock_of(const json& order, const std::string& name) {
    for (const auto& c : order["sla"]["clocks"])
      if (c["name"] == name) return &c;
    return nullptr;
  }

  std::string at(std::chrono::minutes after) { return format_instant(start_ + after); }

  // A registered priority customer at a node of the network's customer layer.
  int64_t register_customer(const std::string& node, const std::string& name) {
    auto r = database_->db().transact(store::TxMode::write, [&](store::Tx& tx) -> Result<int64_t> {
      LL_TRY(auto org, tx.query_one("SELECT path FROM orgs WHERE id = ?", {util_a_}));
      if (!org) return Error::not_found("no utility A");
      LL_TRY(int64_t id, tx.insert("INSERT INTO priority_customers (org_id, org_path, name, category, tier, address,"
                                   " contact_name, contact_phone, network_id, nodes, created_at, updated_at)"
                                   " VALUES (?,?,?,'designated_hospital',1,'长沙市岳麓区','李主任','13900000004',?,?,?,?)"
                                   " RETURNING id",
                                   {util_a_, org->text(0), name, network_, json({node}).dump(), int64_t{0}, int64_t{0}}));
      LL_CHECK(tx.execute("INSERT INTO priority_customer_nodes (customer_id, network_id, node) VALUES (?,?,?)",
                          {id, network_, node}));
      return id;
    });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : 0;
  }

  Session admin_;
  int64_t network_ = 0;
  app::network::ModelPtr model_;
  std::string main_, branch_;
  const Instant start_ = clock_.now();
};

TEST_F(Repair, TeamsAreScopedMaskedAndChecked) {
  int64_t t = team("管网抢修一队", 0, 0);
  auto got = call(admin_, "GET", "/api/v1/teams/" + std::to_string(t));
  ASSERT_STATUS(got, 200);
  EXPECT_EQ(got.json()["members"][0]["phone"], "138****0004");
  EXPECT_EQ(got.json()["status"], "standby");
  EXPECT_EQ(got.json()["vehicles"][0], "湘A·12345 抢修车");
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", "/api/v1/teams/" + std::to_string(t)), 404);
  EXPECT_EQ(call(b, "GET", "/api/v1/teams").json()["items"].size(), 0u);
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "POST", "/api/v1/teams", {{"org_id", util_a_}, {"name", "x"}, {"kind", "repair"}}), 403);
  auto bad = call(admin_, "POST", "/api/v1/teams",
                  {{"org_id", util_a_}, {"name", "y"}, {"kind", "navy"}, {"members", {{{"name", ""}}}}});
  ASSERT_STATUS(bad, 400);
  EXPECT_NE(bad.body.find("kind"), std::string::npos);
  EXPECT_NE(bad.body.find("members/0/name"), std::string::npos);
  auto dup = call(admin_, "POST", "/api/v1/teams", {{"org_id", util_a_}, {"name", "管网抢修一队"}, {"kind", "repair"}});
  EXPECT_STATUS(dup, 400);
  auto off = call(admin_, "PATCH", "/api/v1/teams/" + std::to_string(t), {{"status", "off"}});
  ASSERT_STATUS(off, 200);
  EXPECT_EQ(off.json()["status"], "off");
  EXPECT_EQ(count("teams"), 1);
  EXPECT_EQ(count("audit_log", "action IN ('team.create', 'team.update')"), 2);
}

TEST_F(Repair, AnIncidentOnAPipeStoresItsPlanAndOpensAnOrder) {
  auto i = incident(admin_, {{"type", "burst"}, {"link", main_}, {"address", "五一大道与芙蓉路口"}});
  EXPECT_EQ(i["code"], "QX-20200125-001");
  EXPECT_EQ(i["link"], main_);
  EXPECT_GE(i["diameter_mm"].get<double>(), 300.0);
  EXPECT_EQ(i["priority"], 1);
  EXPECT_FALSE(i["priority_raised"].get<bool>());
  EXPECT_FALSE(i["plan"]["valves_to_close"].empty());
  EXPECT_TRUE(i["timing"]["total_ms"].is_number());
  EXPECT_EQ(i["work_order"]["state"], "reported");
  EXPECT_EQ(i["work_order"]["allowed"], json({"dispatched", "cancelled"}));
  EXPECT_EQ(i["work_order"]["timeline"].size(), 1u);
  EXPECT_EQ(count("incidents", "plan IS NOT NULL"), 1);
  EXPECT_EQ(count("work_order_events"), 1);
  EXPECT_EQ(count("audit_log", "action = 'incident.create'"), 1);
  // Stored: GET gives the same plan.
  auto got = call(admin_, "GET", "/api/v1/incidents/" + std::to_string(i["id"].get<int64_t>()));
  ASSERT_STATUS(got, 200);
  EXPECT_EQ(got.json()["plan"]["valves_to_close"], i["plan"]["valves_to_close"]);
  // Numbered per utility and day.
  auto second = incident(admin_, {{"type", "leak"}, {"link", branch_}});
  EXPECT_EQ(second["code"], "QX-20200125-002");
  EXPECT_EQ(second["priority"], 2);
  EXPECT_EQ(incident(admin_, {{"type", "leak"}, {"link", branch_}, {"heavy", true}})["priority"], 1);
  EXPECT_EQ(incident(admin_, {{"type", "burst"}, {"link", main_}, {"diameter_mm", 200}})["priority"], 2);
  EXPECT_EQ(incident(admin_, {{"type", "low_pressure"}, {"address", "韶山北路"}})["priority"], 3);
  // Another utility does not see it; the list shows it with its SLA state.
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", "/api/v1/incidents/" + std::to_string(i["id"].get<int64_t>())), 404);
  auto list = call(admin_, "GET", "/api/v1/incidents");
  ASSERT_STATUS(list, 200);
  EXPECT_EQ(list.json()["items"].size(), 5u);
  EXPECT_FALSE(list.json()["items"][0].contains("plan"));
  EXPECT_EQ(list.json()["items"][0]["sla_state"], "pending");
}

TEST_F(Repair, APointIsSnappedToTheNearestPipe) {
  const auto& net = model_->network();
  const auto& l = net.links[static_cast<size_t>(net.find_link(main_))];
  const auto& a = net.nodes[static_cast<size_t>(l.from)].coordinates;
  const auto& b = net.nodes[static_cast<size_t>(l.to)].coordinates;
  // 3 m off the middle of the pipe, at right angles to it.
  const double len = std::hypot(b.x - a.x, b.y - a.y);
  const double x = (a.x + b.x) / 2 - 3 * (b.y - a.y) / len, y = (a.y + b.y) / 2 + 3 * (b.x - a.x) / len;
  auto i = incident(admin_, {{"type", "leak"}, {"x", x}, {"y", y}, {"address", "芙蓉中路一段"}});
  EXPECT_EQ(i["link"], main_);
  EXPECT_NEAR(i["snapped_m"].get<double>(), 3.0, 1e-6);
  EXPECT_NEAR(i["x"].get<double>(), x, 1e-9);
  // The hotline's grouping: open incidents near a point, nearest first.
  auto near = platform_->repair().incidents.nearby_open(app::Actor::system(), util_a_, x + 10, y, 300);
  ASSERT_TRUE(near.ok());
  ASSERT_EQ(near->size(), 1u);
  EXPECT_EQ((*near)[0].code, i["code"]);
  EXPECT_NEAR((*near)[0].distance_m, 10.0, 1e-6);
  auto far = platform_->repair().incidents.nearby_open(app::Actor::system(), util_a_, x + 1000, y, 300);
  ASSERT_TRUE(far.ok());
  EXPECT_TRUE(far->empty());
}

TEST_F(Repair, BadInputNamesTheFieldsAndWritesNothing) {
  auto r = call(admin_, "POST", "/api/v1/incidents",
                {{"org_id", util_a_}, {"type", "flood"}, {"x", 1.0}, {"area", "moon"}, {"colour", "red"}});
  ASSERT_STATUS(r, 400);
  for (const char* field : {"type", "area", "colour"}) EXPECT_NE(r.body.find(field), std::string::npos) << field;
  r = call(admin_, "POST", "/api/v1/incidents", {{"org_id", util_a_}, {"type", "burst"}, {"x", 1.0}});
  ASSERT_STATUS(r, 400);
  EXPECT_NE(r.body.find("\"y\""), std::string::npos);
  r = call(admin_, "POST", "/api/v1/incidents", {{"org_id", util_a_}, {"type", "burst"}, {"link", "NOPE"}});
  ASSERT_STATUS(r, 400);
  EXPECT_NE(r.body.find("link"), std::string::npos);
  r = call(admin_, "POST", "/api/v1/incidents", {{"org_id", util_b_}, {"type", "burst"}, {"address", "x"}});
  EXPECT_STATUS(r, 404);
  auto viewer = login("a_viewer");
  EXPECT_STATUS(call(viewer, "POST", "/api/v1/incidents", {{"org_id", util_a_}, {"type", "burst"}, {"address", "x"}}),
                403);
  EXPECT_EQ(count("incidents"), 0);
  EXPECT_EQ(count("work_orders"), 0);
  EXPECT_EQ(count("audit_log", "action LIKE 'incident.%'"), 0);
}

TEST_F(Repair, TheOrderRunsToClosedWithATimelineAndTheTeamFollows) {
  int64_t t = team("管网抢修一队", 0, 0);
  auto i = incident(admin_, {{"type", "burst"}, {"link", main_}, {"address", "五一大道"}});
  const int64_t wo = i["work_order"]["id"];
  const int64_t iid = i["id"];
  EXPECT_STATUS(move(admin_, wo, "accepted"), 409);
  auto r = move(admin_, wo, "dispatched");
  ASSERT_STATUS(r, 400);
  EXPECT_NE(r.body.find("team_id"), std::string::npos);
  const std::vector<std::string> path = {"dispatched", "accepted", "on_site", "isolated", "repaired", "restored", "closed"};
  for (const auto& to : path) {
    clock_.advance(1min);
    r = move(admin_, wo, to, to == "dispatched" ? json{{"team_id", t}} : json{{"note", "ok"}});
    ASSERT_STATUS(r, 200);
    EXPECT_EQ(r.json()["state"], to);
    if (to == "accepted") {
      EXPECT_EQ(call(admin_, "GET", "/api/v1/teams/" + std::to_string(t)).json()["status"], "dispatched");
      EXPECT_EQ(call(admin_, "GET", "/api/v1/teams/" + std::to_string(t)).json()["current_work_order"]["id"], wo);
    }
    if (to == "restored") {
      EXPECT_EQ(call(admin_, "GET", "/api/v1/teams/" + std::to_string(t)).json()["status"], "standby");
    }
  }
  const json done = r.json();
  EXPECT_EQ(done["timeline"].size(), path.size() + 1);
  EXPECT_EQ(done["timeline"][1]["to"], "dispatched");
  EXPECT_EQ(done["timeline"][1]["team"]["id"], t);
  EXPECT_EQ(done["timeline"][1]["at"], at(1min));
  EXPECT_EQ(done["allowed"], json::array());
  EXPECT_EQ(done["sla"]["state"], "met");
  // Nothing follows closed.
  r = move(admin_, wo, "reported");
  ASSERT_STATUS(r, 409);
  EXPECT_NE(r.body.find("closed"), std::string::npos);
  auto inc = call(admin_, "GET", "/api/v1/incidents/" + std::to_string(iid)).json();
  EXPECT_EQ(inc["closed_at"], at(7min));
  EXPECT_EQ(count("work_order_events", "work_order_id = " + std::to_string(wo)), 8);
  EXPECT_EQ(count("audit_log", "action = 'work_order.transition'"), 7);
  EXPECT_EQ(call(admin_, "GET", "/api/v1/incidents?state=closed").json()["items"].size(), 1u);
  EXPECT_EQ(call(admin_, "GET", "/api/v1/incidents?state=open").json()["items"].size(), 0u);
  // Materials and the follow-up call.
  auto m = call(admin_, "POST", "/api/v1/work-orders/" + std::to_string(wo) + "/materials",
                {{"item", "DN600 哈夫节"}, {"quantity", 1}, {"unit", "个"}});
  EXPECT_STATUS(m, 409);
  auto f = call(admin_, "POST", "/api/v1/work-orders/" + std::to_string(wo) + "/follow-up",
                {{"result", "用户确认已恢复供水"}, {"satisfaction", 5}});
  ASSERT_STATUS(f, 200);
  EXPECT_EQ(f.json()["follow_up"]["satisfaction"], 5);
  EXPECT_STATUS(call(admin_, "POST", "/api/v1/work-orders/" + std::to_string(wo) + "/follow-up",
                     {{"result", "x"}, {"satisfaction", 9}}),
                400);
}

TEST_F(Repair, UnderPressureReassignAndCancel) {
  int64_t t1 = team("一队", 0, 0), t2 = team("二队", 100, 100);
  auto i = incident(admin_, {{"type", "leak"}, {"link", branch_}});
  const int64_t wo = i["work_order"]["id"];
  ASSERT_STATUS(move(admin_, wo, "dispatched", {{"team_id", t1}}), 200);
  EXPECT_STATUS(move(admin_, wo, "dispatched", {{"team_id", t1}}), 400);  // the same team
  auto r = move(admin_, wo, "dispatched", {{"team_id", t2}});
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.json()["team"]["id"], t2);
  EXPECT_EQ(call(admin_, "GET", "/api/v1/teams/" + std::to_string(t1)).json()["status"], "standby");
  EXPECT_EQ(call(admin_, "GET", "/api/v1/teams/" + std::to_string(t2)).json()["status"], "dispatched");
  ASSERT_STATUS(move(admin_, wo, "accepted"), 200);
  ASSERT_STATUS(move(admin_, wo, "dispatched", {{"team_id", t1}}), 200);  // accepted → dispatched
  ASSERT_STATUS(move(admin_, wo, "accepted"), 200);
  ASSERT_STATUS(move(admin_, wo, "on_site"), 200);
  r = move(admin_, wo, "restored");
  ASSERT_STATUS(r, 409);
  EXPECT_NE(r.body.find("isolated, under_pressure, cancelled"), std::string::npos);
  ASSERT_STATUS(move(admin_, wo, "under_pressure"), 200);
  EXPECT_STATUS(move(admin_, wo, "cancelled", {{"reason", "误报"}}), 409);
  ASSERT_STATUS(move(admin_, wo, "repaired"), 200);

  auto j = incident(admin_, {{"type", "leak"}, {"link", branch_}});
  const int64_t wo2 = j["work_order"]["id"];
  ASSERT_STATUS(move(admin_, wo2, "dispatched", {{"team_id", t2}}), 200);
  r = move(admin_, wo2, "cancelled");
  ASSERT_STATUS(r, 400);
  EXPECT_NE(r.body.find("reason"), std::string::npos);
  r = move(admin_, wo2, "cancelled", {{"reason", "现场核实为消防放水"}});
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.json()["cancel_reason"], "现场核实为消防放水");
  EXPECT_EQ(call(admin_, "GET", "/api/v1/teams/" + std::to_string(t2)).json()["status"], "standby");
  EXPECT_FALSE(call(admin_, "GET", "/api/v1/incidents/" + std::to_string(j["id"].get<int64_t>())).json()["closed_at"].is_null());
  // A team that is off cannot be dispatched.
  ASSERT_STATUS(call(admin_, "PATCH", "/api/v1/teams/" + std::to_string(t2), {{"status", "off"}}), 200);
  auto k = incident(admin_, {{"type", "leak"}, {"link", branch_}});
  EXPECT_STATUS(move(admin_, k["work_order"]["id"], "dispatched", {{"team_id", t2}}), 409);
}

TEST_F(Repair, WhoMayMoveAnOrder) {
  int64_t mine = team("一队", 0, 0, "a_crew");
  auto i = incident(admin_, {{"type", "burst"}, {"link", main_}});
  const int64_t wo = i["work_order"]["id"];
  auto crew = login("a_crew"), other = login("a_crew2"), staff = login("a_staff"), viewer = login("a_viewer"),
       b = login("b_admin");
  EXPECT_STATUS(move(crew, wo, "dispatched", {{"team_id", mine}}), 403);
  EXPECT_STATUS(move(b, wo, "dispatched", {{"team_id", mine}}), 404);
  ASSERT_STATUS(move(admin_, wo, "dispatched", {{"team_id", mine}}), 200);
  EXPECT_STATUS(move(other, wo, "accepted"), 403);
  EXPECT_STATUS(move(staff, wo, "accepted"), 403);
  EXPECT_STATUS(move(viewer, wo, "accepted"), 403);
  auto r = move(crew, wo, "accepted");
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.json()["timeline"].back()["by_name"], "a_crew");
  ASSERT_STATUS(move(crew, wo, "on_site"), 200);
  EXPECT_STATUS(call(other, "POST", "/api/v1/work-orders/" + std::to_string(wo) + "/materials",
                     {{"item", "DN300 哈夫节"}, {"quantity", 2}, {"unit", "个"}}),
                403);
  auto m = call(crew, "POST", "/api/v1/work-orders/" + std::to_string(wo) + "/materials",
                {{"item", "DN300 哈夫节"}, {"quantity", 2}, {"unit", "个"}});
  ASSERT_STATUS(m, 201);
  EXPECT_EQ(m.json()["materials"][0]["quantity"], 2.0);
  ASSERT_STATUS(move(crew, wo, "isolated"), 200);
  ASSERT_STATUS(move(crew, wo, "repaired"), 200);
  ASSERT_STATUS(move(crew, wo, "restored"), 200);
  EXPECT_STATUS(move(crew, wo, "closed"), 403);  // verification is the dispatcher's
  auto commander = login("a_commander");
  ASSERT_STATUS(move(commander, wo, "closed"), 200);
  EXPECT_EQ(count("audit_log", "action LIKE 'work_order.%'"), 8);  // 7 steps and the materials
}

TEST_F(Repair, SlaClocksPerLevelAndArea) {
  auto l1 = incident(admin_, {{"type", "burst"}, {"link", main_}});
  const json& o1 = l1["work_order"];
  EXPECT_EQ(o1["priority"], 1);
  EXPECT_EQ((*clock_of(o1, "respond"))["due_at"], at(5min));
  EXPECT_EQ((*clock_of(o1, "on_site"))["due_at"], at(30min));
  EXPECT_EQ((*clock_of(o1, "isolated"))["due_at"], at(240min));
  EXPECT_EQ((*clock_of(o1, "repaired"))["due_at"], at(1440min));
  auto sub = incident(admin_, {{"type", "burst"}, {"link", main_}, {"area", "suburban"}});
  EXPECT_EQ((*clock_of(sub["work_order"], "on_site"))["due_at"], at(50min));
  auto l2 = incident(admin_, {{"type", "no_water"}, {"address", "东塘"}});
  EXPECT_EQ((*clock_of(l2["work_order"], "respond"))["due_at"], at(10min));
  EXPECT_EQ((*clock_of(l2["work_order"], "on_site"))["due_at"], at(60min));
  // Level 3: respond within the local day (08:00Z is 16:00 in 长沙; midnight there is 16:00Z).
  auto l3 = incident(admin_, {{"type", "quality_complaint"}, {"address", "东塘"}});
  EXPECT_EQ((*clock_of(l3["work_order"], "respond"))["due_at"], "2020-01-25T16:00:00Z");
  EXPECT_EQ(clock_of(l3["work_order"], "on_site"), nullptr);

  const std::string o1_path = "/api/v1/work-orders/" + std::to_string(o1["id"].get<int64_t>());
  const std::string l2_path = "/api/v1/work-orders/" + std::to_string(l2["work_order"]["id"].get<int64_t>());
  int64_t t = team("一队", 0, 0), t2 = team("二队", 0, 0);
  clock_.advance(1min);
  ASSERT_STATUS(move(admin_, l2["work_order"]["id"], "dispatched", {{"team_id", t2}}), 200);  // met at 1 of 10
  clock_.advance(3min);  // 4 of 5 minutes: the warning
  auto w = call(admin_, "GET", o1_path).json();
  EXPECT_EQ((*clock_of(w, "respond"))["state"], "warning");
  EXPECT_EQ(w["sla"]["state"], "warning");
  EXPECT_EQ(call(admin_, "GET", "/api/v1/incidents").json()["counts"]["by_sla_state"]["warning"].get<int>(), 2);
  clock_.advance(2min);  // 6 minutes: breached
  w = call(admin_, "GET", o1_path).json();
  EXPECT_EQ((*clock_of(w, "respond"))["state"], "breached");
  EXPECT_EQ(w["sla"]["state"], "breached");
  ASSERT_STATUS(move(admin_, o1["id"], "dispatched", {{"team_id", t}}), 200);
  w = call(admin_, "GET", o1_path).json();
  EXPECT_EQ((*clock_of(w, "respond"))["state"], "missed");
  EXPECT_EQ((*clock_of(w, "respond"))["done_at"], at(6min));
  EXPECT_EQ((*clock_of(w, "on_site"))["state"], "pending");
  auto m = call(admin_, "GET", l2_path).json();
  EXPECT_EQ((*clock_of(m, "respond"))["state"], "met");
  EXPECT_EQ((*clock_of(m, "respond"))["done_at"], at(1min));
}

TEST_F(Repair, TheUtilitySetsItsClocksForNewOrders) {
  auto before = incident(admin_, {{"type", "no_water"}, {"address", "东塘"}});
  auto got = call(admin_, "GET", "/api/v1/repair/sla");
  ASSERT_STATUS(got, 200);
  json s = got.json();
  EXPECT_EQ(s["levels"][0]["respond_min"], 5);
  s.erase("org_id");
  s.erase("org_name");
  s["levels"][1]["respond_min"] = 15;
  s["warning_fraction"] = 0.5;
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "PUT", "/api/v1/repair/sla", s), 403);
  json bad = s;
  bad["levels"][1]["on_site_min"]["urban"] = -4;
  auto r = call(admin_, "PUT", "/api/v1/repair/sla", bad);
  ASSERT_STATUS(r, 400);
  EXPECT_NE(r.body.find("levels/1/on_site_min/urban"), std::string::npos);
  ASSERT_STATUS(call(admin_, "PUT", "/api/v1/repair/sla", s), 200);
  EXPECT_EQ(call(admin_, "GET", "/api/v1/repair/sla").json()["levels"][1]["respond_min"], 15);
  auto after = incident(admin_, {{"type", "no_water"}, {"address", "东塘"}});
  EXPECT_EQ((*clock_of(after["work_order"], "respond"))["due_at"], at(15min));
  const std::string old = "/api/v1/work-orders/" + std::to_string(before["work_order"]["id"].get<int64_t>());
  EXPECT_EQ((*clock_of(call(admin_, "GET", old).json(), "respond"))["due_at"], at(10min));
  EXPECT_EQ(count("audit_log", "action = 'repair.sla.update'"), 1);
  auto b = login("b_admin");
  EXPECT_EQ(call(b, "GET", "/api/v1/repair/sla").json()["levels"][1]["respond_min"], 10);
}

TEST_F(Repair, APriorityCustomerRaisesThePriorityAndTheEmergencyTightensTheClocks) {
  const auto& sn = model_->segmented();
  ASSERT_FALSE(sn.customers().empty());
  const std::string node = model_->network().nodes[static_cast<size_t>(sn.customers()[0].node)].id;
  int64_t hospital = register_customer(node, "湘雅医院");
  auto i = incident(admin_, {{"type", "low_pressure"}, {"node", node}, {"address", "湘雅路"}});
  EXPECT_EQ(i["priority"], 1);
  EXPECT_TRUE(i["priority_raised"].get<bool>());
  ASSERT_EQ(i["priority_customers"].size(), 1u);
  EXPECT_EQ(i["priority_customers"][0]["id"], hospital);
  EXPECT_EQ(i["priority_customers"][0]["impact"], "isolated");
  EXPECT_EQ((*clock_of(i["work_order"], "respond"))["due_at"], at(5min));
  EXPECT_EQ(count("incident_customers"), 1);
  auto notice = call(admin_, "GET", "/api/v1/incidents/" + std::to_string(i["id"].get<int64_t>()) + "/outage-notice");
  ASSERT_STATUS(notice, 200);
  EXPECT_NE(notice.json()["text"].get<std::string>().find("湘雅医院"), std::string::npos);
  EXPECT_NE(notice.json()["text"].get<std::string>().find("湘雅路"), std::string::npos);
  EXPECT_EQ(notice.json()["priority_customers"][0]["contact_phone"], "139****0004");
  EXPECT_FALSE(notice.json()["valves"].empty());

  // Level I: priority_repair_sla_factor 0.5 for incidents at priority customers.
  auto e = call(admin_, "POST", "/api/v1/emergencies", {{"name", "新冠肺炎疫情"}, {"level", "I"}});
  ASSERT_STATUS(e, 201);
  auto j = incident(admin_, {{"type", "burst"}, {"node", node}});
  EXPECT_EQ(j["work_order"]["sla"]["factor"], 0.5);
  EXPECT_EQ((*clock_of(j["work_order"], "respond"))["due_at"], format_instant(start_ + 150s));
  EXPECT_EQ((*clock_of(j["work_order"], "on_site"))["due_at"], at(15min));
  // Without a priority customer the clocks stay.
  auto k = incident(admin_, {{"type", "burst"}, {"link", main_}});
  if (k["priority_customers"].empty()) {
    EXPECT_EQ((*clock_of(k["work_order"], "respond"))["due_at"], at(5min));
  }
}

TEST_F(Repair, DispatchSuggestsTheNearestStandbyTeam) {
  const auto& net = model_->network();
  const auto& l = net.links[static_cast<size_t>(net.find_link(main_))];
  const auto& a = net.nodes[static_cast<size_t>(l.from)].coordinates;
  int64_t far = team("远队", a.x + 3000, a.y), near = team("近队", a.x + 100, a.y), mid = team("中队", a.x, a.y - 500);
  int64_t busy = team("忙队", a.x, a.y);
  auto other = incident(admin_, {{"type", "leak"}, {"link", branch_}});
  ASSERT_STATUS(move(admin_, other["work_order"]["id"], "dispatched", {{"team_id", busy}}), 200);
  auto i = incident(admin_, {{"type", "burst"}, {"node", net.nodes[static_cast<size_t>(l.from)].id}});
  auto s = call(admin_, "GET", "/api/v1/incidents/" + std::to_string(i["id"].get<int64_t>()) + "/dispatch-suggestions");
  ASSERT_STATUS(s, 200);
  const json items = s.json()["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["team"]["id"], near);
  EXPECT_EQ(items[1]["team"]["id"], mid);
  EXPECT_EQ(items[2]["team"]["id"], far);
  EXPECT_EQ(items[0]["distance_m"], 100.0);
}

TEST_F(Repair, DisconnectionWaitsForTheEmergencyToEnd) {
  json order = {{"kind", "disconnection"}, {"org_id", util_a_}, {"account_no", "1002003004"},
                {"address", "雨花区劳动东路 88 号"}, {"reason", "欠费 3 个月"}};
  auto r = call(admin_, "POST", "/api/v1/work-orders", order);
  ASSERT_STATUS(r, 201);
  EXPECT_EQ(r.json()["state"], "reported");
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "POST", "/api/v1/work-orders", order), 403);
  auto e = call(admin_, "POST", "/api/v1/emergencies", {{"name", "新冠肺炎疫情"}, {"level", "II"}});
  ASSERT_STATUS(e, 201);
  r = call(admin_, "POST", "/api/v1/work-orders", order);
  ASSERT_STATUS(r, 409);
  EXPECT_NE(r.body.find("欠费不停水"), std::string::npos);
  EXPECT_NE(r.body.find("No disconnection for arrears"), std::string::npos);
  const int64_t deferred = r.json()["work_order"]["id"];
  EXPECT_EQ(r.json()["work_order"]["state"], "deferred");
  auto listed = call(admin_, "GET", "/api/v1/work-orders?kind=disconnection&state=deferred").json();
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0]["id"], deferred);
  EXPECT_STATUS(move(admin_, deferred, "reported"), 409);
  // The order made before the emergency cannot be carried out either.
  int64_t t = team("一队", 0, 0);
  EXPECT_STATUS(move(admin_, call(admin_, "GET", "/api/v1/work-orders?kind=disconnection&state=reported").json()["items"][0]["id"],
                     "dispatched", {{"team_id", t}}),
                409);
  ASSERT_STATUS(call(admin_, "POST", "/api/v1/emergencies/" + std::to_string(e.json()["id"].get<int64_t>()) + "/end",
                     {{"reason", "疫情结束"}}),
                200);
  r = move(admin_, deferred, "reported");
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.json()["state"], "reported");
  EXPECT_STATUS(call(admin_, "POST", "/api/v1/work-orders", order), 201);
  EXPECT_EQ(count("work_orders", "kind = 'disconnection'"), 3);
  EXPECT_EQ(count("audit_log", "action = 'work_order.create'"), 3);
}

}  // namespace
}  // namespace lifeline::test
