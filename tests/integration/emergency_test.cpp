// Declaring, changing and ending emergency responses, and the policy they switch on.
#include "integration/harness.h"

#include "app/emergency/service.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class Emergencies : public ApiTest {};

TEST_F(Emergencies, DeclareChangeEndWithHistoryAndPolicy) {
  auto s = login("a_commander");
  auto none = call(s, "GET", "/api/v1/emergency-policy").json();
  EXPECT_TRUE(none["active"]["policy"].is_null());
  EXPECT_EQ(none["levels"].size(), 4u);

  auto declared = call(s, "POST", "/api/v1/emergencies",
                       {{"name", "新冠肺炎疫情防控"}, {"level", "II"}, {"region", "长沙市"}});
  ASSERT_STATUS(declared, 201);
  auto e = declared.json();
  EXPECT_EQ(e["status"], "active");
  EXPECT_EQ(e["covered_orgs"][0]["id"], util_a_);
  std::string path = "/api/v1/emergencies/" + std::to_string(e["id"].get<int64_t>());

  auto policy = call(s, "GET", "/api/v1/emergency-policy").json()["active"];
  EXPECT_EQ(policy["emergency"]["level"], "II");
  EXPECT_EQ(policy["policy"]["checkin_required"], true);
  EXPECT_EQ(policy["policy"]["no_disconnection_for_arrears"], true);

  clock_.advance(std::chrono::hours(24));
  s = login("a_commander");  // the next day's shift
  auto raised = call(s, "PATCH", path, {{"level", "I"}, {"note", "确诊病例增加"}});
  ASSERT_STATUS(raised, 200);
  EXPECT_EQ(call(s, "GET", "/api/v1/emergency-policy").json()["active"]["policy"]["sampling_frequency_factor"], 4.0);

  clock_.advance(std::chrono::hours(24 * 40));
  s = login("a_commander");
  EXPECT_STATUS(call(s, "POST", path + "/end", json::object()), 400);  // a reason is required
  auto ended = call(s, "POST", path + "/end", {{"reason", "疫情平稳，解除应急响应"}});
  ASSERT_STATUS(ended, 200);
  auto history = ended.json()["history"];
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0]["action"], "declared");
  EXPECT_EQ(history[1]["action"], "level_changed");
  EXPECT_EQ(history[1]["level"], "I");
  EXPECT_EQ(history[1]["note"], "确诊病例增加");
  EXPECT_EQ(history[2]["action"], "ended");
  EXPECT_EQ(ended.json()["ended_at"], "2020-03-06T08:00:00Z");
  EXPECT_TRUE(call(s, "GET", "/api/v1/emergency-policy").json()["active"]["policy"].is_null());
  EXPECT_STATUS(call(s, "POST", path + "/end", {{"reason", "again"}}), 409);
  EXPECT_EQ(call(s, "GET", "/api/v1/emergencies?status=ended").json()["items"].size(), 1u);
}

TEST_F(Emergencies, AnAssociationWideResponseAppliesToEveryUtilityAndTheMostSevereWins) {
  auto assoc = login("assoc");
  ASSERT_STATUS(call(assoc, "POST", "/api/v1/emergencies",
                     {{"name", "全省一级响应"}, {"level", "III"}, {"org_ids", {root_}}}),
                201);
  auto a = login("a_commander");
  ASSERT_STATUS(call(a, "POST", "/api/v1/emergencies", {{"name", "长沙二级响应"}, {"level", "II"}}), 201);
  auto staff = login("a_staff");
  auto policy = call(staff, "GET", "/api/v1/emergency-policy").json()["active"];
  EXPECT_EQ(policy["emergency"]["name"], "长沙二级响应");
  auto b = login("b_admin");
  EXPECT_EQ(call(b, "GET", "/api/v1/emergency-policy").json()["active"]["emergency"]["level"], "III");
  // B sees the association's response, not Changsha's own.
  EXPECT_EQ(call(b, "GET", "/api/v1/emergencies").json()["items"].size(), 1u);
  // A utility admin cannot end a response declared above them.
  int64_t provincial = 0;
  auto visible = call(b, "GET", "/api/v1/emergencies").json()["items"];
  for (const auto& e : visible) provincial = e["id"];
  EXPECT_STATUS(call(b, "POST", "/api/v1/emergencies/" + std::to_string(provincial) + "/end", {{"reason", "x"}}), 403);
}

TEST_F(Emergencies, OtherModulesReadThePolicyInTheirTransaction) {
  auto s = login("a_commander");
  ASSERT_STATUS(call(s, "POST", "/api/v1/emergencies", {{"name", "演练"}, {"level", "IV"}}), 201);
  auto p = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) {
    return app::emergency::policy_at(tx, "/1/" + std::to_string(util_a_) + "/" + std::to_string(dept_a_) + "/");
  });
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(p->has_value());
  EXPECT_FALSE((*p)->policy.checkin_required);
  auto outside = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) {
    return app::emergency::policy_at(tx, "/1/" + std::to_string(util_b_) + "/");
  });
  EXPECT_FALSE(outside->has_value());
}

}  // namespace
}  // namespace lifeline::test
