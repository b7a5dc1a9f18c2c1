// Authentication, sessions, CSRF, roles, tokens and login throttling over HTTP.
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class Auth : public ApiTest {};

TEST_F(Auth, RequestsWithoutASessionGet401ProblemJson) {
  auto c = anonymous();
  for (const char* path : {"/api/v1/me", "/api/v1/orgs", "/api/v1/users", "/api/v1/audit", "/api/v1/emergencies"}) {
    auto r = c->get(path);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 401) << path;
    EXPECT_EQ(r->headers["content-type"], "application/problem+json") << path;
    EXPECT_EQ(r->json()["status"], 401);
  }
}

TEST_F(Auth, LoginSetsAnHttpOnlySessionCookieAndReturnsTheCsrfToken) {
  auto c = anonymous();
  auto r = c->request("POST", "/api/v1/auth/login", json{{"username", "a_admin"}, {"password", kPassword}}.dump(),
                      {{"Content-Type", "application/json"}});
  ASSERT_TRUE(r.ok());
  ASSERT_STATUS(*r, 200);
  ASSERT_EQ(r->set_cookies.size(), 1u);
  EXPECT_NE(r->set_cookies[0].find("HttpOnly"), std::string::npos);
  EXPECT_NE(r->set_cookies[0].find("SameSite=Strict"), std::string::npos);
  EXPECT_FALSE(r->json()["csrf_token"].get<std::string>().empty());
  EXPECT_EQ(r->json()["user"]["role"], "utility_admin");
  auto me = c->get("/api/v1/me");
  ASSERT_STATUS(*me, 200);
  EXPECT_EQ(me->json()["username"], "a_admin");
  EXPECT_EQ(me->json()["org_name"], "长沙水业集团");
  EXPECT_EQ(me->json()["csrf_token"], r->json()["csrf_token"]);
  EXPECT_EQ(count("audit_log", "action = 'auth.login'"), 1);
}

TEST_F(Auth, WrongPasswordAndUnknownUserLookTheSame) {
  auto c = anonymous();
  auto wrong = c->request("POST", "/api/v1/auth/login", json{{"username", "a_admin"}, {"password", "nope-nope"}}.dump());
  auto unknown = c->request("POST", "/api/v1/auth/login", json{{"username", "ghost"}, {"password", "nope-nope"}}.dump());
  ASSERT_TRUE(wrong.ok() && unknown.ok());
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_EQ(wrong->json()["detail"], unknown->json()["detail"]);
  EXPECT_EQ(count("audit_log", "action = 'auth.login_failed'"), 2);
  // Both are visible: the known account's to its utility admin, the unknown one to the association.
  auto a = login("a_admin");
  EXPECT_EQ(call(a, "GET", "/api/v1/audit?action=auth.login_failed").json()["items"].size(), 1u);
  auto assoc = login("assoc");
  EXPECT_EQ(call(assoc, "GET", "/api/v1/audit?action=auth.login_failed").json()["items"].size(), 2u);
}

TEST_F(Auth, LoginIsThrottledAfterRepeatedFailuresAndRecoversAfterTheWindow) {
  auto c = anonymous();
  auto attempt = [&](const char* password) {
    return c->request("POST", "/api/v1/auth/login", json{{"username", "a_admin"}, {"password", password}}.dump())
        ->status;
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(attempt("wrong-password"), 401);
  // Even the right password is refused while throttled.
  EXPECT_EQ(attempt(kPassword), 429);
  clock_.advance(std::chrono::minutes(16));
  EXPECT_EQ(attempt(kPassword), 200);
}

TEST_F(Auth, StateChangingRequestsNeedTheCsrfToken) {
  auto s = login("a_admin");
  json body = {{"parent_id", util_a_}, {"kind", "team"}, {"code", "t1"}, {"name", "抢修一队"}};
  auto without = s.client->request("POST", "/api/v1/orgs", body.dump(), {{"Content-Type", "application/json"}});
  EXPECT_STATUS(*without, 403);
  auto wrong = s.client->request("POST", "/api/v1/orgs", body.dump(),
                                 {{"Content-Type", "application/json"}, {"X-CSRF-Token", "forged"}});
  EXPECT_STATUS(*wrong, 403);
  EXPECT_EQ(count("orgs", "code = 't1'"), 0);
  EXPECT_STATUS(call(s, "POST", "/api/v1/orgs", body), 201);
}

TEST_F(Auth, CrossOriginStateChangesAreRefused) {
  auto s = login("a_admin");
  auto r = s.client->request("POST", "/api/v1/orgs",
                             json{{"parent_id", util_a_}, {"kind", "team"}, {"code", "t2"}, {"name", "队"}}.dump(),
                             {{"Content-Type", "application/json"}, {"X-CSRF-Token", s.csrf},
                              {"Origin", "http://evil.example"}});
  EXPECT_STATUS(*r, 403);
  EXPECT_EQ(count("orgs", "code = 't2'"), 0);
}

TEST_F(Auth, RolesWithoutAPermissionGet403) {
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "GET", "/api/v1/users"), 403);
  EXPECT_STATUS(call(staff, "GET", "/api/v1/audit"), 403);
  EXPECT_STATUS(call(staff, "POST", "/api/v1/emergencies", {{"name", "x"}, {"level", "II"}}), 403);
  EXPECT_STATUS(call(staff, "POST", "/api/v1/orgs",
                     {{"parent_id", dept_a_}, {"kind", "team"}, {"code", "t3"}, {"name", "x"}}),
                403);
  auto viewer = login("a_viewer");
  EXPECT_STATUS(call(viewer, "PATCH", "/api/v1/orgs/" + std::to_string(util_a_), {{"name", "改名"}}), 403);
  // What everyone may read during an emergency.
  EXPECT_STATUS(call(staff, "GET", "/api/v1/orgs"), 200);
  EXPECT_STATUS(call(staff, "GET", "/api/v1/emergencies"), 200);
}

TEST_F(Auth, SessionsExpireWhenIdle) {
  auto s = login("a_admin");
  EXPECT_STATUS(call(s, "GET", "/api/v1/me"), 200);
  clock_.advance(std::chrono::minutes(config_.session_idle_minutes + 1));
  EXPECT_STATUS(call(s, "GET", "/api/v1/me"), 401);
}

TEST_F(Auth, ActivityExtendsTheSessionUpToTheAbsoluteLimit) {
  auto s = login("a_admin");
  for (int i = 0; i < 10; ++i) {
    clock_.advance(std::chrono::hours(4));
    EXPECT_STATUS(call(s, "GET", "/api/v1/me"), 200);
  }
  // 40 hours in; the absolute cap is 72 hours.
  for (int i = 0; i < 8; ++i) {
    clock_.advance(std::chrono::hours(4));
    call(s, "GET", "/api/v1/me");
  }
  EXPECT_STATUS(call(s, "GET", "/api/v1/me"), 401);
}

TEST_F(Auth, LogoutEndsTheSession) {
  auto s = login("a_admin");
  EXPECT_STATUS(call(s, "POST", "/api/v1/auth/logout"), 204);
  EXPECT_STATUS(call(s, "GET", "/api/v1/me"), 401);
}

TEST_F(Auth, DisablingAUserEndsTheirSessionsAndBlocksLogin) {
  auto staff = login("a_staff");
  auto admin = login("a_admin");
  auto users = call(admin, "GET", "/api/v1/users?q=a_staff").json();
  ASSERT_EQ(users["items"].size(), 1u);
  auto id = users["items"][0]["id"].get<int64_t>();
  EXPECT_STATUS(call(admin, "PATCH", "/api/v1/users/" + std::to_string(id), {{"disabled", true}}), 200);
  EXPECT_STATUS(call(staff, "GET", "/api/v1/me"), 401);
  auto again = anonymous()->request("POST", "/api/v1/auth/login",
                                    json{{"username", "a_staff"}, {"password", kPassword}}.dump());
  EXPECT_EQ(again->status, 401);
}

TEST_F(Auth, BearerTokensAreScopedHashedAndRevocable) {
  auto s = login("a_admin");
  auto issued = call(s, "POST", "/api/v1/tokens", {{"name", "SCADA gateway"}, {"scope", "read"}});
  ASSERT_STATUS(issued, 201);
  std::string token = issued.json()["token"];
  EXPECT_EQ(count("api_tokens", "token_hash = '" + token + "'"), 0) << "tokens are stored hashed";
  auto c = anonymous();
  std::map<std::string, std::string> bearer{{"Authorization", "Bearer " + token}};
  EXPECT_STATUS(*c->get("/api/v1/orgs", bearer), 200);
  // A read token cannot write, and needs no CSRF token to be refused.
  auto write = c->request("POST", "/api/v1/orgs",
                          json{{"parent_id", util_a_}, {"kind", "team"}, {"code", "t9"}, {"name", "x"}}.dump(), bearer);
  EXPECT_STATUS(*write, 403);
  auto id = issued.json()["id"].get<int64_t>();
  EXPECT_STATUS(call(s, "DELETE", "/api/v1/tokens/" + std::to_string(id)), 204);
  EXPECT_STATUS(*c->get("/api/v1/orgs", bearer), 401);
}

TEST_F(Auth, WriteTokensWorkWithoutCsrf) {
  auto s = login("a_admin");
  std::string token = call(s, "POST", "/api/v1/tokens", {{"name", "hotline CTI"}, {"scope", "write"}}).json()["token"];
  auto r = anonymous()->request("POST", "/api/v1/orgs",
                                json{{"parent_id", util_a_}, {"kind", "team"}, {"code", "cti"}, {"name", "热线班"}}.dump(),
                                {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  EXPECT_STATUS(*r, 201);
}

TEST_F(Auth, UsersChangeTheirOwnPassword) {
  auto s = login("a_staff");
  EXPECT_STATUS(call(s, "POST", "/api/v1/me/password", {{"current_password", "wrong"}, {"new_password", "another-pass-1"}}),
                400);
  EXPECT_STATUS(call(s, "POST", "/api/v1/me/password", {{"current_password", kPassword}, {"new_password", "short"}}),
                400);
  EXPECT_STATUS(call(s, "POST", "/api/v1/me/password",
                     {{"current_password", kPassword}, {"new_password", "another-pass-1"}}),
                204);
  auto r = anonymous()->request("POST", "/api/v1/auth/login",
                                json{{"username", "a_staff"}, {"password", "another-pass-1"}}.dump());
  EXPECT_EQ(r->status, 200);
}

}  // namespace
}  // namespace lifeline::test
