// Call → incident: a new incident with source "hotline", later calls nearby
// grouped onto it, "new": true for a second incident, a named incident, and
// the calls closing when the incident's work order closes.
#include <cmath>

#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HotlineGrouping : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto system = app::Actor::system("fixture");
    auto op = platform_->accounts().create_user(system, {"a_hotline", "客服王敏", "dispatcher", util_a_, kPassword,
                                                         "13800002222"});
    ASSERT_TRUE(op.ok()) << op.error().message;
    app::network::NewNetwork n;
    n.org_id = util_a_;
    n.name = "演示城";
    n.generate_links = 500;
    n.generate_seed = 4;
    auto network = platform_->networks().create(system, n);
    ASSERT_TRUE(network.ok()) << network.error().message;
    auto model = platform_->networks().model(system, network->id);
    ASSERT_TRUE(model.ok()) << model.error().message;
    const auto& nodes = model->second->network().nodes;
    const auto& here = nodes[nodes.size() / 2];
    ASSERT_TRUE(here.has_coordinates);
    here_ = {here.coordinates.x, here.coordinates.y};
    here_node_ = here.id;
    // The node farthest from here: well beyond the grouping radius.
    double best = 0;
    for (const auto& node : nodes) {
      double d = std::hypot(node.coordinates.x - here_.first, node.coordinates.y - here_.second);
      if (node.has_coordinates && d > best) {
        best = d;
        far_ = {node.coordinates.x, node.coordinates.y};
      }
    }
    ASSERT_GT(best, 1000);
  }

  json burst_at(std::pair<double, double> p, double dx = 0, double dy = 0, const char* phone = "13800138000") {
    return {{"caller_phone", phone},
            {"category", "burst_leak"},
            {"address", "长沙市芙蓉区五一大道389号"},
            {"summary", "路面冒水，疑似爆管"},
            {"x", p.first + dx},
            {"y", p.second + dy}};
  }
  int64_t log(Session& s, const json& body) {
    auto r = call(s, "POST", "/api/v1/hotline/calls", body);
    EXPECT_STATUS(r, 201);
    return r.json().value("id", int64_t{0});
  }
  static std::string at(int64_t id, const std::string& tail = "") {
    return "/api/v1/hotline/calls/" + std::to_string(id) + tail;
  }

  std::pair<double, double> here_, far_;
  std::string here_node_;
};

TEST_F(HotlineGrouping, ACallBecomesAnIncidentAndNearbyCallsJoinIt) {
  auto op = login("a_hotline");
  int64_t first = log(op, burst_at(here_));
  clock_.advance(std::chrono::minutes(3));
  auto made = call(op, "POST", at(first, "/incident"), json::object());
  ASSERT_STATUS(made, 201);
  auto j = made.json();
  EXPECT_FALSE(j["grouped"].get<bool>());
  int64_t incident = j["incident"]["id"];
  EXPECT_EQ(j["incident"]["source"], "hotline");
  EXPECT_EQ(j["incident"]["type"], "leak");  // burst_leak → leak unless a type is given
  EXPECT_EQ(j["incident"]["reported_at"], "2020-01-25T08:00:00Z");
  EXPECT_EQ(j["call"]["state"], "handled");
  EXPECT_EQ(j["call"]["responded_at"], "2020-01-25T08:03:00Z");  // linking is the response
  EXPECT_EQ(j["call"]["incident"]["id"], incident);
  EXPECT_EQ(j["call"]["incident"]["code"], j["incident"]["code"]);
  EXPECT_EQ(count("incidents", "source = 'hotline'"), 1);
  EXPECT_STATUS(call(op, "POST", at(first, "/incident"), json::object()), 409);

  // A second caller 64 m away: offered as a candidate, then grouped.
  auto second = call(op, "POST", "/api/v1/hotline/calls", burst_at(here_, 50, 40, "13900139000"));
  ASSERT_STATUS(second, 201);
  ASSERT_EQ(second.json()["nearby_incidents"].size(), 1u) << second.body;
  EXPECT_EQ(second.json()["nearby_incidents"][0]["id"], incident);
  EXPECT_LT(second.json()["nearby_incidents"][0]["distance_m"].get<double>(), 300);
  auto grouped = call(op, "POST", at(second.json()["id"], "/incident"), json::object());
  ASSERT_STATUS(grouped, 200);
  EXPECT_TRUE(grouped.json()["grouped"].get<bool>());
  EXPECT_EQ(grouped.json()["incident"]["id"], incident);
  EXPECT_EQ(grouped.json()["call"]["incident"]["id"], incident);
  EXPECT_EQ(count("incidents"), 1);
  EXPECT_EQ(count("audit_log", "action = 'hotline.call.incident' AND after_json LIKE '%\"grouped\":true%'"), 1);

  // "new": true makes a second incident even next door, with the type given.
  int64_t third = log(op, burst_at(here_, 60, 0, "13700137000"));
  auto separate = call(op, "POST", at(third, "/incident"), {{"new", true}, {"type", "burst"}});
  ASSERT_STATUS(separate, 201);
  EXPECT_FALSE(separate.json()["grouped"].get<bool>());
  EXPECT_NE(separate.json()["incident"]["id"], incident);
  EXPECT_EQ(separate.json()["incident"]["type"], "burst");
  EXPECT_EQ(count("incidents"), 2);

  // Far away: nothing to group with.
  int64_t far = log(op, burst_at(far_, 0, 0, "13600136000"));
  auto elsewhere = call(op, "POST", at(far, "/incident"), json::object());
  ASSERT_STATUS(elsewhere, 201);
  EXPECT_FALSE(elsewhere.json()["grouped"].get<bool>());
  EXPECT_EQ(count("incidents"), 3);

  // Without a place: a billing call needs a type; a no-water call is linked by id.
  int64_t billing = log(op, {{"caller_phone", "13500135000"}, {"category", "billing"}, {"summary", "欠费咨询"}});
  auto no_type = call(op, "POST", at(billing, "/incident"), json::object());
  ASSERT_STATUS(no_type, 400);
  EXPECT_NE(no_type.body.find("\"type\""), std::string::npos) << no_type.body;
  int64_t dry = log(op, {{"caller_phone", "13500135001"}, {"category", "no_water"}, {"summary", "停水了"}});
  auto both = call(op, "POST", at(dry, "/incident"), {{"incident_id", incident}, {"new", true}});
  ASSERT_STATUS(both, 400);
  auto linked = call(op, "POST", at(dry, "/incident"), {{"incident_id", incident}});
  ASSERT_STATUS(linked, 200);
  EXPECT_EQ(linked.json()["call"]["incident"]["id"], incident);
  EXPECT_EQ(count("incidents"), 3);
  EXPECT_EQ(count("hotline_calls", "incident_id = " + std::to_string(incident)), 3);
  EXPECT_STATUS(call(op, "POST", at(billing, "/incident"), {{"incident_id", 999999}}), 404);

  // Once linked, a call offers no candidates.
  EXPECT_EQ(call(op, "GET", at(first)).json()["nearby_incidents"].size(), 0u);
}

// The customer-service centre is a unit of the utility; the incident belongs
// to the utility. Its operators still group onto it and link to it by id.
TEST_F(HotlineGrouping, OperatorsInAUnitGroupOntoTheUtilitysIncidents) {
  auto system = app::Actor::system("fixture");
  auto unit_op = platform_->accounts().create_user(system, {"a_service", "客服李娜", "dispatcher", dept_a_, kPassword,
                                                            "13800003333"});
  ASSERT_TRUE(unit_op.ok()) << unit_op.error().message;
  auto op = login("a_hotline");
  int64_t first = log(op, burst_at(here_));
  auto made = call(op, "POST", at(first, "/incident"), json::object());
  ASSERT_STATUS(made, 201);
  int64_t incident = made.json()["incident"]["id"];

  auto service = login("a_service");
  json body = burst_at(here_, 30, 30, "13900139001");
  body["org_id"] = dept_a_;
  auto second = call(service, "POST", "/api/v1/hotline/calls", body);
  ASSERT_STATUS(second, 201);
  ASSERT_EQ(second.json()["nearby_incidents"].size(), 1u) << second.body;
  auto grouped = call(service, "POST", at(second.json()["id"], "/incident"), json::object());
  ASSERT_STATUS(grouped, 200);
  EXPECT_TRUE(grouped.json()["grouped"].get<bool>());
  EXPECT_EQ(grouped.json()["incident"]["id"], incident);

  body["caller_phone"] = "13900139002";
  int64_t third = log(service, body);
  auto linked = call(service, "POST", at(third, "/incident"), {{"incident_id", incident}});
  ASSERT_STATUS(linked, 200);
  EXPECT_EQ(linked.json()["call"]["incident"]["id"], incident);
  EXPECT_EQ(count("incidents"), 1);

  // A node the operator names (the hospital's service node) places the new
  // incident there, not at the pipe nearest to the caller's coordinates.
  body["caller_phone"] = "13900139003";
  int64_t fourth = log(service, body);
  auto at_node = call(service, "POST", at(fourth, "/incident"), {{"new", true}, {"node", here_node_}});
  ASSERT_STATUS(at_node, 201);
  EXPECT_EQ(at_node.json()["incident"]["node"], here_node_);
}

TEST_F(HotlineGrouping, LinkedCallsCloseWhenTheWorkOrderCloses) {
  auto op = login("a_hotline");
  int64_t first = log(op, burst_at(here_));
  auto made = call(op, "POST", at(first, "/incident"), json::object());
  ASSERT_STATUS(made, 201);
  int64_t incident = made.json()["incident"]["id"];
  std::string code = made.json()["incident"]["code"];
  int64_t second = log(op, burst_at(here_, 30, 30, "13900139000"));
  ASSERT_STATUS(call(op, "POST", at(second, "/incident"), json::object()), 200);
  int64_t unrelated = log(op, burst_at(far_, 0, 0, "13600136000"));

  auto publish = [&]() {
    events_.publish({"work_order.changed", util_a_, "",
                     {{"incident_id", incident}, {"work_order_id", 0}, {"state", "closed"}, {"sla_state", "met"}}});
  };
  // The event alone is not trusted: the work order in the database is still open.
  publish();
  EXPECT_EQ(call(op, "GET", at(first)).json()["state"], "handled");

  clock_.advance(std::chrono::hours(5));
  auto closed = database_->db().transact(store::TxMode::write, [&](store::Tx& tx) -> Result<int64_t> {
    return tx.exec("UPDATE work_orders SET state = 'closed' WHERE incident_id = ?", {incident});
  });
  ASSERT_TRUE(closed.ok());
  ASSERT_EQ(*closed, 1);
  publish();
  op = login("a_hotline");
  for (int64_t id : {first, second}) {
    auto c = call(op, "GET", at(id)).json();
    EXPECT_EQ(c["state"], "closed") << id;
    EXPECT_EQ(c["closed_at"], "2020-01-25T13:00:00Z");
    EXPECT_NE(c["resolution"].get<std::string>().find(code), std::string::npos) << c["resolution"];
    EXPECT_EQ(c["incident"]["state"], "closed");
  }
  EXPECT_EQ(call(op, "GET", at(unrelated)).json()["state"], "open");
  EXPECT_EQ(count("audit_log", "action = 'hotline.call.closed'"), 2);
  // A closed call links to nothing more.
  EXPECT_STATUS(call(op, "POST", at(first, "/incident"), json::object()), 409);
}

TEST_F(HotlineGrouping, RepairClosingTheOrderClosesTheCalls) {
  auto op = login("a_hotline");
  int64_t first = log(op, burst_at(here_));
  auto made = call(op, "POST", at(first, "/incident"), json::object());
  ASSERT_STATUS(made, 201);
  const int64_t order = made.json()["incident"]["work_order"]["id"];
  int64_t second = log(op, burst_at(here_, 20, 20, "13900139000"));
  ASSERT_STATUS(call(op, "POST", at(second, "/incident"), json::object()), 200);

  auto admin = login("a_admin");
  auto team = call(admin, "POST", "/api/v1/teams",
                   {{"org_id", util_a_}, {"name", "管网抢修一队"}, {"kind", "repair"}, {"base_x", here_.first},
                    {"base_y", here_.second}});
  ASSERT_STATUS(team, 201);
  for (const char* to : {"dispatched", "accepted", "on_site", "under_pressure", "repaired", "restored"}) {
    clock_.advance(std::chrono::minutes(20));
    json body = {{"to", to}};
    if (std::string(to) == "dispatched") body["team_id"] = team.json()["id"];
    ASSERT_STATUS(call(admin, "POST", "/api/v1/work-orders/" + std::to_string(order) + "/transitions", body), 200);
  }
  EXPECT_EQ(call(op, "GET", at(first)).json()["state"], "handled");  // restored is not closed
  ASSERT_STATUS(call(admin, "POST", "/api/v1/work-orders/" + std::to_string(order) + "/transitions",
                     {{"to", "closed"}}),
                200);
  for (int64_t id : {first, second}) {
    auto c = call(op, "GET", at(id)).json();
    EXPECT_EQ(c["state"], "closed") << id;
    EXPECT_EQ(c["closed_at"], "2020-01-25T10:00:00Z");
  }
  auto stats = call(op, "GET", "/api/v1/hotline/stats?from=2020-01-25&to=2020-01-25").json();
  EXPECT_EQ(stats["closed"], 2);
  EXPECT_DOUBLE_EQ(stats["mean_handling_min"].get<double>(), 120.0);
}

}  // namespace
}  // namespace lifeline::test
