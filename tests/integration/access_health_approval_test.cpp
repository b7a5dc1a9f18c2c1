// Health-data separation made real (docs/health.md): granting the
// health-records right, or taking over an account that holds it, waits for a
// health officer of a higher unit, is announced to the account's owner and
// shows in the audit as such.
#include "integration/harness.h"

#include <algorithm>
#include <future>

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HealthApproval : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    // The association's health lead.
    auto r = platform_->accounts().create_user(app::Actor::system("fixture"),
                                               {"assoc_health", "协会防疫负责人", "health_officer", root_, kPassword,
                                                "13800003333"});
    ASSERT_TRUE(r.ok());
  }
  std::string user_path(const std::string& username) { return "/api/v1/users/" + std::to_string(user_id(username)); }
  int login_status(const std::string& username, const std::string& password) {
    auto r = anonymous()->request("POST", "/api/v1/auth/login",
                                  json{{"username", username}, {"password", password}}.dump());
    return r.ok() ? r->status : 0;
  }
  // A session with a password other than the fixture's (one reset through an approval).
  Session login_with(const std::string& username, const std::string& password) {
    Session s{anonymous(), ""};
    auto r = s.client->request("POST", "/api/v1/auth/login", json{{"username", username}, {"password", password}}.dump(),
                               {{"Content-Type", "application/json"}});
    EXPECT_TRUE(r.ok() && r->status == 200);
    if (r.ok()) s.csrf = r->json().value("csrf_token", "");
    return s;
  }
  std::string approval(int64_t id, const char* what) { return "/api/v1/approvals/" + std::to_string(id) + "/" + what; }
};

TEST_F(HealthApproval, AnAdminCannotTakeOverAHealthOfficersAccountAlone) {
  auto officer = login("a_health");
  auto admin = login("a_admin");
  auto reset = call(admin, "POST", user_path("a_health") + "/password",
                    {{"password", "admin-knows-it-1"}, {"reason", "忘记密码，电话申请"}});
  ASSERT_STATUS(reset, 202);
  const json pending = reset.json()["pending_approval"];
  EXPECT_EQ(pending["kind"], "password_reset");
  EXPECT_EQ(pending["state"], "pending");
  EXPECT_FALSE(pending["may_decide"].get<bool>());
  const int64_t id = pending["id"];
  // Nothing changed yet: the admin's password does not open the account, the officer's session lives.
  EXPECT_EQ(login_status("a_health", "admin-knows-it-1"), 401);
  EXPECT_STATUS(call(officer, "GET", "/api/v1/me"), 200);
  EXPECT_EQ(count("account_approvals", "password_hash IS NOT NULL AND password_hash <> 'admin-knows-it-1'"), 1);

  // Not the admin, not the account itself, not a peer of the same unit, not another utility.
  EXPECT_STATUS(call(admin, "POST", approval(id, "approve")), 403);
  EXPECT_STATUS(call(officer, "POST", approval(id, "approve")), 403);
  auto dept = login("a_hr_health");  // a department's officer sits below the utility
  EXPECT_STATUS(call(dept, "POST", approval(id, "approve")), 404);
  auto other = login("b_health");
  EXPECT_STATUS(call(other, "POST", approval(id, "approve")), 404);

  // The association's health lead sees it and approves it.
  auto lead = login("assoc_health");
  auto listed = call(lead, "GET", "/api/v1/approvals?state=pending").json()["items"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0]["may_decide"].get<bool>());
  EXPECT_EQ(listed[0]["requested_by"]["display_name"], "a_admin");
  auto approved = call(lead, "POST", approval(id, "approve"), {{"note", "已电话核实本人"}});
  ASSERT_STATUS(approved, 200);
  EXPECT_EQ(approved.json()["state"], "approved");
  EXPECT_STATUS(call(lead, "POST", approval(id, "approve")), 409);  // once

  // Applied: a credential change like any other.
  EXPECT_EQ(login_status("a_health", "admin-knows-it-1"), 200);
  EXPECT_STATUS(call(officer, "GET", "/api/v1/me"), 401);
  EXPECT_EQ(count("account_approvals", "password_hash IS NOT NULL"), 0);

  // Announced to the owner: in lifeline and in the unit's group, @-mentioning them.
  auto owner = login_with("a_health", "admin-knows-it-1");
  EXPECT_EQ(call(owner, "GET", "/api/v1/me").json()["unseen_notices"], 2);
  auto notices = call(owner, "GET", "/api/v1/me/notices").json()["items"];
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[0]["kind"], "password_reset");
  EXPECT_EQ(notices[0]["params"]["approved_by"], "协会防疫负责人");
  EXPECT_EQ(notices[1]["kind"], "approval_requested");
  EXPECT_STATUS(call(owner, "POST", "/api/v1/me/notices/" + std::to_string(notices[0]["id"].get<int64_t>()) + "/seen"),
                204);
  EXPECT_EQ(call(owner, "GET", "/api/v1/me").json()["unseen_notices"], 1);
  EXPECT_EQ(call(owner, "GET", "/api/v1/me/notices").json()["items"].size(), 2u);  // kept, only marked seen
  EXPECT_EQ(count("notify_events", "event = 'accounts.health_access_changed' AND mentions = '13800001111'"), 1);
  EXPECT_EQ(count("notify_events", "event = 'accounts.approval_requested'"), 1);

  // Visible in the audit as such.
  auto audit = call(admin, "GET", "/api/v1/audit?action=user.").json()["items"];
  std::vector<std::string> actions;
  for (size_t i = 0; i < 3 && i < audit.size(); ++i) actions.push_back(audit[i]["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"user.password_reset", "user.approval_approve", "user.approval_request"}));
  EXPECT_EQ(audit[0]["actor_name"], "assoc_health");
  EXPECT_EQ(audit[0]["after"]["approval"]["requested_by"], "a_admin");
  EXPECT_EQ(audit[0]["after"]["approval"]["approved_by"], "协会防疫负责人");
  EXPECT_EQ(audit[2]["after"]["second_person_required"], true);
}

TEST_F(HealthApproval, ANewHealthOfficerAccountStartsDisabledUntilApproved) {
  auto admin = login("a_admin");
  auto created = call(admin, "POST", "/api/v1/users",
                      {{"username", "a_new_health"}, {"display_name", "新防疫专员"}, {"role", "health_officer"},
                       {"org_id", util_a_}, {"password", "admin-knows-it-1"}});
  ASSERT_STATUS(created, 201);
  EXPECT_TRUE(created.json()["disabled"].get<bool>());
  EXPECT_EQ(created.json()["pending_approval"]["kind"], "enable");
  EXPECT_EQ(login_status("a_new_health", "admin-knows-it-1"), 401);
  // Enabling it directly is the same request again, not a way around it.
  EXPECT_STATUS(call(admin, "PATCH", user_path("a_new_health"), {{"disabled", false}}), 409);
  auto lead = login("assoc_health");
  ASSERT_STATUS(call(lead, "POST", approval(created.json()["pending_approval"]["id"], "approve")), 200);
  EXPECT_EQ(login_status("a_new_health", "admin-knows-it-1"), 200);
}

TEST_F(HealthApproval, GrantingTheRoleWaitsAndARejectionLeavesTheAccountAsItWas) {
  auto admin = login("a_admin");
  auto patched = call(admin, "PATCH", user_path("a_staff"), {{"role", "health_officer"}, {"display_name", "李娜"}});
  ASSERT_STATUS(patched, 202);
  EXPECT_EQ(patched.json()["role"], "staff");             // not yet
  EXPECT_EQ(patched.json()["display_name"], "李娜");       // the rest of the patch applied
  const int64_t id = patched.json()["pending_approval"]["id"];
  // The utility's own health officer is above the department where a_staff works.
  auto officer = login("a_health");
  EXPECT_STATUS(call(officer, "POST", approval(id, "reject")), 400);  // a rejection says why
  ASSERT_STATUS(call(officer, "POST", approval(id, "reject"), {{"note", "不符合任职条件"}}), 200);
  EXPECT_EQ(call(admin, "GET", user_path("a_staff")).json()["role"], "staff");
  EXPECT_EQ(count("audit_log", "action = 'user.approval_reject'"), 1);
  // Asked again and approved this time.
  auto again = call(admin, "PATCH", user_path("a_staff"), {{"role", "health_officer"}});
  ASSERT_STATUS(again, 202);
  ASSERT_STATUS(call(officer, "POST", approval(again.json()["pending_approval"]["id"], "approve")), 200);
  EXPECT_EQ(call(admin, "GET", user_path("a_staff")).json()["role"], "health_officer");
}

TEST_F(HealthApproval, ReEnablingAHealthOfficerWaitsDisablingDoesNot) {
  auto admin = login("a_admin");
  EXPECT_STATUS(call(admin, "PATCH", user_path("a_hr_health"), {{"disabled", true}}), 200);  // at once
  EXPECT_EQ(login_status("a_hr_health", kPassword), 401);
  auto enable = call(admin, "PATCH", user_path("a_hr_health"), {{"disabled", false}});
  ASSERT_STATUS(enable, 202);
  EXPECT_EQ(login_status("a_hr_health", kPassword), 401);
  auto officer = login("a_health");
  ASSERT_STATUS(call(officer, "POST", approval(enable.json()["pending_approval"]["id"], "approve")), 200);
  EXPECT_EQ(login_status("a_hr_health", kPassword), 200);
}

TEST_F(HealthApproval, TheRequesterWithdrawsAndExpiredRequestsCannotBeApproved) {
  auto admin = login("a_admin");
  auto first = call(admin, "POST", user_path("a_health") + "/password", {{"password", "admin-knows-it-1"}});
  ASSERT_STATUS(first, 202);
  EXPECT_STATUS(call(admin, "POST", user_path("a_health") + "/password", {{"password", "admin-knows-it-2"}}), 409);
  ASSERT_STATUS(call(admin, "POST", approval(first.json()["pending_approval"]["id"], "cancel")), 200);
  auto second = call(admin, "POST", user_path("a_health") + "/password", {{"password", "admin-knows-it-2"}});
  ASSERT_STATUS(second, 202);
  clock_.advance(std::chrono::hours(config_.approval_hours + 1));
  auto lead = login("assoc_health");
  EXPECT_STATUS(call(lead, "POST", approval(second.json()["pending_approval"]["id"], "approve")), 409);
  EXPECT_EQ(call(lead, "GET", "/api/v1/approvals?state=expired").json()["items"].size(), 1u);
  // An expired request gives way to a new one.
  admin = login("a_admin");
  EXPECT_STATUS(call(admin, "POST", user_path("a_health") + "/password", {{"password", "admin-knows-it-3"}}), 202);
}

TEST_F(HealthApproval, TwoApproversAtOnceDecideItOnce) {
  auto create = platform_->accounts().create_user(app::Actor::system("fixture"),
                                                  {"assoc_health2", "协会防疫副组长", "health_officer", root_,
                                                   kPassword, std::nullopt});
  ASSERT_TRUE(create.ok());
  auto admin = login("a_admin");
  auto reset = call(admin, "POST", user_path("a_health") + "/password", {{"password", "admin-knows-it-1"}});
  ASSERT_STATUS(reset, 202);
  const std::string path = approval(reset.json()["pending_approval"]["id"], "approve");
  auto a = login("assoc_health");
  auto b = login("assoc_health2");
  auto first = std::async(std::launch::async, [&] { return call(a, "POST", path).status; });
  auto second = std::async(std::launch::async, [&] { return call(b, "POST", path).status; });
  std::vector<int> statuses{first.get(), second.get()};
  std::sort(statuses.begin(), statuses.end());
  EXPECT_EQ(statuses, (std::vector<int>{200, 409}));
  EXPECT_EQ(count("audit_log", "action = 'user.password_reset'"), 1);
  EXPECT_EQ(count("account_notices", "kind = 'password_reset'"), 1);
}

// The command line acts as the system (whoever runs it holds the database):
// no second person there, so the demo and the first health lead can be set up.
TEST_F(HealthApproval, TheSystemActorIsNotSubjectToTheRule) {
  auto r = platform_->accounts().reset_password(app::Actor::system("cli"), user_id("a_health"), "set-by-cli-1");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  EXPECT_EQ(login_status("a_health", "set-by-cli-1"), 200);
}

}  // namespace
}  // namespace lifeline::test
