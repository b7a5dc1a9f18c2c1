// Repair for people in the field, on both databases: retried reports and
// steps (Idempotency-Key) are recorded once; each order offers its reader
// only the moves the server allows them; a repair under pressure shuts
// nothing off and every view says so; photos are added to incidents and
// orders; a staff member of a sub-unit sees the utility's boards; the board
// is exported as a spreadsheet.
#include "integration/harness.h"

#include "core/time.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

// The smallest PNG a photo check accepts (the signature and an IHDR chunk).
const char* kPngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";

class RepairRetry : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto system = app::Actor::system("fixture");
    auto crew = platform_->accounts().create_user(system, {"a_crew", "张伟", "repair_crew", util_a_, kPassword, "13700001111"});
    ASSERT_TRUE(crew.ok()) << crew.error().message;
    admin_ = login("a_admin");
    auto created = call(admin_, "POST", "/api/v1/networks",
                        {{"org_id", util_a_}, {"name", "测试管网"}, {"generate", {{"links", 300}, {"seed", 3}}}});
    ASSERT_STATUS(created, 201);
    network_ = created.json()["id"];
    auto model = platform_->networks().model(system, network_);
    ASSERT_TRUE(model.ok());
    const auto& net = model->second->network();
    for (const auto& l : net.links)
      if (l.type == net::LinkType::pipe && pipe_.empty()) pipe_ = l.id;
    const auto& sn = model->second->segmented();
    ASSERT_FALSE(sn.customers().empty());
    hospital_node_ = net.nodes[static_cast<size_t>(sn.customers()[0].node)].id;
    auto team = call(admin_, "POST", "/api/v1/teams",
                     {{"org_id", util_a_}, {"name", "管网抢修一队"}, {"kind", "repair"},
                      {"members", {{{"name", "张伟"}, {"phone", "13807310005"}, {"user_id", user_id("a_crew")}}}}});
    ASSERT_STATUS(team, 201);
    team_ = team.json()["id"];
  }

  http::ClientResponse post(Session& s, const std::string& target, const json& body, const std::string& key) {
    std::map<std::string, std::string> headers{{"X-CSRF-Token", s.csrf}, {"Content-Type", "application/json"}};
    if (!key.empty()) headers["Idempotency-Key"] = key;
    auto r = s.client->request("POST", target, body.dump(), headers);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : http::ClientResponse{};
  }

  json incident(const json& extra) {
    json body = {{"org_id", util_a_}, {"type", "burst"}, {"address", "芙蓉中路"}};
    body.update(extra);
    auto r = call(admin_, "POST", "/api/v1/incidents", body);
    EXPECT_STATUS(r, 201);
    return r.json();
  }

  http::ClientResponse move(Session& s, int64_t order, const std::string& to, json extra = json::object()) {
    extra["to"] = to;
    return call(s, "POST", "/api/v1/work-orders/" + std::to_string(order) + "/transitions", extra);
  }

  Session admin_;
  int64_t network_ = 0, team_ = 0;
  std::string pipe_, hospital_node_;
};

TEST_F(RepairRetry, ARetriedReportIsOneIncidentAndAReusedKeyIsRefused) {
  const json body = {{"org_id", util_a_}, {"type", "burst"}, {"link", pipe_}, {"address", "芙蓉中路与五一大道口"}};
  auto first = post(admin_, "/api/v1/incidents", body, "phone-report-1");
  ASSERT_STATUS(first, 201);
  auto again = post(admin_, "/api/v1/incidents", body, "phone-report-1");
  ASSERT_STATUS(again, 201);
  EXPECT_EQ(again.headers["idempotent-replayed"], "true");
  EXPECT_EQ(again.json()["id"], first.json()["id"]);
  EXPECT_EQ(count("incidents"), 1);
  EXPECT_EQ(count("work_orders"), 1);
  json other = body;
  other["address"] = "另一个地方";
  auto reused = post(admin_, "/api/v1/incidents", other, "phone-report-1");
  ASSERT_STATUS(reused, 422);
  EXPECT_EQ(reused.json()["key"], "idempotency_key_reused");
  EXPECT_EQ(count("incidents"), 1);
  // Without a key every POST is a new report.
  ASSERT_STATUS(post(admin_, "/api/v1/incidents", body, ""), 201);
  EXPECT_EQ(count("incidents"), 2);
}

TEST_F(RepairRetry, ARetriedStepIsRecordedOnceAndOrdersOfferOnlyTheReadersMoves) {
  auto i = incident({{"link", pipe_}});
  const int64_t order = i["work_order"]["id"];
  const std::string path = "/api/v1/work-orders/" + std::to_string(order);
  EXPECT_EQ(i["work_order"]["actions"], json({"dispatched", "cancelled"}));

  auto staff = login("a_staff");
  auto seen = call(staff, "GET", path);
  ASSERT_STATUS(seen, 200);
  EXPECT_EQ(seen.json()["actions"], json::array()) << "staff may read the order, not move it";
  EXPECT_FALSE(seen.json()["may_record"].get<bool>());

  auto dispatched = post(admin_, path + "/transitions", {{"to", "dispatched"}, {"team_id", team_}}, "dispatch-1");
  ASSERT_STATUS(dispatched, 200);
  auto retried = post(admin_, path + "/transitions", {{"to", "dispatched"}, {"team_id", team_}}, "dispatch-1");
  ASSERT_STATUS(retried, 200) << "a retry answers with the order, not a 409 for the second dispatch";
  EXPECT_EQ(retried.headers["idempotent-replayed"], "true");
  EXPECT_EQ(count("work_order_events", "work_order_id = " + std::to_string(order) + " AND to_state = 'dispatched'"), 1);

  // The crew of the dispatched team takes its own steps, and may record materials and photos.
  auto crew = login("a_crew");
  auto mine = call(crew, "GET", path).json();
  EXPECT_EQ(mine["actions"], json({"accepted"}));
  EXPECT_TRUE(mine["may_record"].get<bool>());
  for (int n = 0; n < 2; ++n)
    ASSERT_STATUS(post(crew, path + "/materials", {{"item", "哈夫节 DN300"}, {"quantity", 2}, {"unit", "个"}}, "mat-1"), 201);
  EXPECT_EQ(count("work_order_materials"), 1);
  auto photo = post(crew, path + "/photos", {{"photos", {{{"caption", "完工照片"}, {"mime", "image/png"}, {"data", kPngBase64}}}}}, "p-1");
  ASSERT_STATUS(photo, 201);
  EXPECT_EQ(photo.json()["photos"].size(), 1u);
  EXPECT_STATUS(post(staff, path + "/photos", {{"photos", {{{"caption", "x"}, {"mime", "image/png"}, {"data", kPngBase64}}}}}, ""),
                403);
}

TEST_F(RepairRetry, UnderPressureNothingIsShutOffAndEveryViewSaysSo) {
  // A registered hospital at a node the plan of a nearby pipe closes.
  auto registered = call(admin_, "POST", "/api/v1/priority-customers",
                         {{"org_id", util_a_}, {"name", "长沙市公共卫生救治中心"}, {"category", "designated_hospital"},
                          {"tier", 1}, {"network_id", network_}, {"nodes", {hospital_node_}}});
  ASSERT_STATUS(registered, 201);
  const int64_t hospital = registered.json()["id"];
  auto i = incident({{"node", hospital_node_}, {"type", "leak"}});
  ASSERT_EQ(i["priority_customers"].size(), 1u);
  ASSERT_FALSE(i["plan"]["valves_to_close"].empty());
  const int64_t id = i["id"], order = i["work_order"]["id"];
  ASSERT_STATUS(move(admin_, order, "dispatched", {{"team_id", team_}}), 200);
  for (const char* to : {"accepted", "on_site", "under_pressure"}) ASSERT_STATUS(move(admin_, order, to), 200) << to;

  auto got = call(admin_, "GET", "/api/v1/incidents/" + std::to_string(id)).json();
  EXPECT_TRUE(got["under_pressure"].get<bool>());
  EXPECT_FALSE(got["plan"]["shutdown"].get<bool>());
  EXPECT_TRUE(got["plan"]["valves_to_close"].empty());
  EXPECT_TRUE(got["plan"]["links_isolated"].empty());
  EXPECT_EQ(got["priority_customers"][0]["impact"], "under_pressure");
  auto notice = call(admin_, "GET", "/api/v1/incidents/" + std::to_string(id) + "/outage-notice").json();
  EXPECT_FALSE(notice["shutdown"].get<bool>());
  EXPECT_TRUE(notice["valves"].empty());
  EXPECT_NE(notice["text"].get<std::string>().find("不停水"), std::string::npos);

  auto customer = [&] { return call(admin_, "GET", "/api/v1/priority-customers/" + std::to_string(hospital)).json(); };
  auto c = customer();
  EXPECT_EQ(c["status"], "affected");
  EXPECT_EQ(c["incidents"][0]["impact"], "under_pressure");
  bool said = false;
  for (const auto& r : c["status_reasons"])
    if (r["code"] == "incident_under_pressure") {
      said = true;
      EXPECT_EQ(r["params"]["incident"], i["code"]);
    }
  EXPECT_TRUE(said) << c["status_reasons"].dump();
  // Repaired after working under pressure: the water was never off.
  ASSERT_STATUS(move(admin_, order, "repaired"), 200);
  EXPECT_EQ(customer()["status"], "affected");
}

TEST_F(RepairRetry, PhotosAreAddedToAnIncidentOnce) {
  auto i = incident({{"link", pipe_}});
  const std::string path = "/api/v1/incidents/" + std::to_string(i["id"].get<int64_t>()) + "/photos";
  const json body = {{"photos", {{{"caption", "现场"}, {"mime", "image/png"}, {"data", kPngBase64}}}}};
  for (int n = 0; n < 2; ++n) ASSERT_STATUS(post(admin_, path, body, "site-1"), 201);
  auto got = call(admin_, "GET", "/api/v1/incidents/" + std::to_string(i["id"].get<int64_t>())).json();
  EXPECT_EQ(got["photos"].size(), 1u);
  EXPECT_TRUE(got["may_add_photos"].get<bool>());
  auto none = post(admin_, path, {{"photos", json::array()}}, "");
  ASSERT_STATUS(none, 400);
  EXPECT_EQ(none.json()["key"], "repair.photos_required");
}

TEST_F(RepairRetry, StaffOfASubUnitSeeTheUtilitysBoardsAndTheBoardExports) {
  incident({{"link", pipe_}});
  auto staff = login("a_staff");  // 人力资源部, below the utility
  auto list = call(staff, "GET", "/api/v1/incidents");
  ASSERT_STATUS(list, 200);
  EXPECT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(list.json()["scope"]["name"], "长沙水业集团");
  auto teams = call(staff, "GET", "/api/v1/teams").json();
  EXPECT_EQ(teams["items"].size(), 1u);
  EXPECT_EQ(teams["scope"]["id"], util_a_);
  EXPECT_FALSE(teams["items"][0]["may_edit"].get<bool>());
  EXPECT_TRUE(call(admin_, "GET", "/api/v1/teams").json()["items"][0]["may_edit"].get<bool>());

  auto xlsx = call(staff, "GET", "/api/v1/incidents/export.xlsx?state=all");
  ASSERT_STATUS(xlsx, 200);
  EXPECT_EQ(xlsx.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  auto b = login("b_admin");
  auto other = call(b, "GET", "/api/v1/incidents/export.xlsx?state=all");
  ASSERT_STATUS(other, 200);
  EXPECT_LT(other.body.size(), xlsx.body.size()) << "another utility's export holds none of these";
}

TEST_F(RepairRetry, EditingATeamKeepsTheMembersPhonesNobodyRetyped) {
  auto before = call(admin_, "GET", "/api/v1/teams/" + std::to_string(team_)).json();
  const int64_t member = before["members"][0]["id"];
  auto edited = call(admin_, "PATCH", "/api/v1/teams/" + std::to_string(team_),
                     {{"name", "管网抢修一队（东片）"},
                      {"members", {{{"id", member}, {"name", "张伟"}, {"skills", {"焊接"}}},
                                   {{"name", "李强"}, {"phone", "13900001111"}}}}});
  ASSERT_STATUS(edited, 200);
  auto got = edited.json();
  EXPECT_EQ(got["name"], "管网抢修一队（东片）");
  ASSERT_EQ(got["members"].size(), 2u);
  EXPECT_EQ(got["members"][0]["phone"], "138****0005") << "kept, not blanked by the masked read";
  EXPECT_EQ(got["members"][1]["phone"], "139****1111");
}

}  // namespace
}  // namespace lifeline::test
