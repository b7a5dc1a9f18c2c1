// Tokens and credentials (issue 12): account and token management is for
// login sessions only, and a credential change ends every other session and
// every token issued before it.
#include "integration/harness.h"

#include <regex>

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class Credentials : public ApiTest {
 protected:
  std::string token(Session& s, const std::string& scope) {
    auto r = call(s, "POST", "/api/v1/tokens", {{"name", "gateway " + scope}, {"scope", scope}});
    EXPECT_STATUS(r, 201);
    return r.json().value("token", "");
  }
  http::ClientResponse with_token(const std::string& token, const std::string& method, const std::string& target,
                                  const json& body = nullptr) {
    auto r = anonymous()->request(method, target, body.is_null() ? "" : body.dump(),
                                  {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : http::ClientResponse{};
  }
  std::string user_path(const std::string& username) { return "/api/v1/users/" + std::to_string(user_id(username)); }
};

TEST_F(Credentials, AReadTokenCannotChangeThePasswordOrRevokeTheOtherTokens) {
  auto s = login("a_staff");
  const std::string read = token(s, "read");
  const std::string other = token(s, "write");
  const int64_t other_id = call(s, "GET", "/api/v1/tokens").json()["items"][1]["id"];
  EXPECT_STATUS(with_token(read, "POST", "/api/v1/me/password",
                           {{"current_password", kPassword}, {"new_password", "taken-over-1"}}),
                403);
  EXPECT_STATUS(with_token(read, "DELETE", "/api/v1/tokens/" + std::to_string(other_id)), 403);
  EXPECT_STATUS(with_token(other, "DELETE", "/api/v1/tokens/" + std::to_string(other_id)), 403);
  EXPECT_STATUS(with_token(read, "GET", "/api/v1/tokens"), 403);
  EXPECT_STATUS(with_token(read, "POST", "/api/v1/tokens", {{"name", "more"}, {"scope", "write"}}), 403);
  EXPECT_STATUS(with_token(other, "GET", "/api/v1/me"), 200);  // still valid: nothing changed
  EXPECT_EQ(count("audit_log", "action IN ('user.password_change', 'token.revoke')"), 0);
}

// The class: every route that manages accounts, tokens or approvals refuses
// an API token, whatever its scope and its holder's role. A new route of that
// kind that forgets Gate::by_session fails here.
TEST_F(Credentials, EveryAccountManagementRouteRefusesApiTokens) {
  auto s = login("assoc");
  const std::string write = token(s, "write");
  const std::regex management("^/api/v1/(me/password|me/notices/.*|tokens.*|users(/.*)?|approvals/.*)$");
  int checked = 0;
  const auto router = platform_->router();  // a value: keep it while walking its routes
  for (const auto& route : router.routes()) {
    if (route.method == "GET" || !std::regex_match(route.pattern, management)) continue;
    std::string target = std::regex_replace(route.pattern, std::regex("\\{[a-z_]+\\}"), std::to_string(user_id("a_staff")));
    auto r = with_token(write, route.method, target, json::object());
    EXPECT_EQ(r.status, 403) << route.method << " " << route.pattern << ": " << r.body;
    ++checked;
  }
  EXPECT_GE(checked, 9);
  // The same with a session is a normal request (here: a bad one, but not refused for the credential).
  EXPECT_STATUS(call(s, "POST", "/api/v1/users", json::object()), 400);
}

TEST_F(Credentials, TheCurrentPasswordCheckIsThrottledLikeTheLogin) {
  auto s = login("a_staff");
  auto change = [&](const char* current) {
    return call(s, "POST", "/api/v1/me/password", {{"current_password", current}, {"new_password", "another-pass-1"}});
  };
  for (int i = 0; i < 3; ++i) EXPECT_STATUS(change("guess-guess"), 400);
  auto throttled = change(kPassword);  // even the right one, while throttled
  EXPECT_STATUS(throttled, 429);
  EXPECT_FALSE(throttled.headers["retry-after"].empty());
  EXPECT_EQ(count("audit_log", "action = 'auth.password_check_failed'"), 3);
  clock_.advance(std::chrono::seconds(std::stoi(throttled.headers["retry-after"])));
  EXPECT_STATUS(change(kPassword), 204);
}

TEST_F(Credentials, AnAdminsPasswordResetEndsTheUsersSessionsAndTokens) {
  auto staff = login("a_staff");
  const std::string t = token(staff, "read");
  auto admin = login("a_admin");
  EXPECT_STATUS(call(admin, "POST", user_path("a_staff") + "/password", {{"password", "reset-by-admin-1"}}), 204);
  EXPECT_STATUS(call(staff, "GET", "/api/v1/me"), 401);
  EXPECT_STATUS(with_token(t, "GET", "/api/v1/me"), 401);
  EXPECT_EQ(count("api_tokens", "revoked_at IS NULL AND user_id = " + std::to_string(user_id("a_staff"))), 0);
  // The owner is told who did it.
  auto again = anonymous();
  auto r = again->request("POST", "/api/v1/auth/login",
                          json{{"username", "a_staff"}, {"password", "reset-by-admin-1"}}.dump());
  ASSERT_STATUS(*r, 200);
  EXPECT_EQ(r->json()["user"]["unseen_notices"], 1);
}

TEST_F(Credentials, ChangingOnesOwnPasswordEndsEveryOtherSessionAndEveryToken) {
  auto here = login("a_staff");
  auto phone = login("a_staff");
  const std::string t = token(here, "write");
  EXPECT_STATUS(call(here, "POST", "/api/v1/me/password",
                     {{"current_password", kPassword}, {"new_password", "another-pass-1"}}),
                204);
  EXPECT_STATUS(call(here, "GET", "/api/v1/me"), 200);  // the session it was changed in stays
  EXPECT_STATUS(call(phone, "GET", "/api/v1/me"), 401);
  EXPECT_STATUS(with_token(t, "GET", "/api/v1/me"), 401);
  const auto listed = call(here, "GET", "/api/v1/tokens").json()["items"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_FALSE(listed[0]["revoked_at"].is_null());  // the list says why it stopped working
  // A token issued after the change works.
  EXPECT_STATUS(with_token(token(here, "read"), "GET", "/api/v1/me"), 200);
}

TEST_F(Credentials, ReEnablingADisabledUserDoesNotBringBackTheirOldTokens) {
  auto staff = login("a_staff");
  const std::string t = token(staff, "read");
  auto admin = login("a_admin");
  EXPECT_STATUS(call(admin, "PATCH", user_path("a_staff"), {{"disabled", true}}), 200);
  EXPECT_STATUS(with_token(t, "GET", "/api/v1/me"), 401);
  EXPECT_STATUS(call(admin, "PATCH", user_path("a_staff"), {{"disabled", false}}), 200);
  EXPECT_STATUS(with_token(t, "GET", "/api/v1/me"), 401);
  EXPECT_STATUS(call(staff, "GET", "/api/v1/me"), 401);
  // Their token rows were revoked too, so un-revoking one by hand would not help either.
  ASSERT_TRUE(database_->db().transact(store::TxMode::write, [&](store::Tx& tx) -> Result<bool> {
    LL_CHECK(tx.execute("UPDATE api_tokens SET revoked_at = NULL"));
    return true;
  }).ok());
  EXPECT_STATUS(with_token(t, "GET", "/api/v1/me"), 401);
  auto back = login("a_staff");
  EXPECT_STATUS(call(back, "GET", "/api/v1/me"), 200);
}

// A session or token issued under an older credential epoch is refused even
// when its row survived (a login racing a reset commits its session late).
TEST_F(Credentials, ASessionIssuedBeforeTheChangeIsRefusedEvenIfItsRowSurvives) {
  auto staff = login("a_staff");
  auto admin = login("a_admin");
  const int64_t staff_id = user_id("a_staff");  // not inside the transaction below (one at a time on SQLite)
  ASSERT_TRUE(database_->db().transact(store::TxMode::write, [&](store::Tx& tx) -> Result<bool> {
    LL_CHECK(tx.execute("CREATE TABLE kept AS SELECT * FROM sessions WHERE user_id = ?", {staff_id}));
    return true;
  }).ok());
  EXPECT_STATUS(call(admin, "POST", user_path("a_staff") + "/password", {{"password", "reset-by-admin-1"}}), 204);
  ASSERT_TRUE(database_->db().transact(store::TxMode::write, [&](store::Tx& tx) -> Result<bool> {
    LL_CHECK(tx.execute("INSERT INTO sessions SELECT * FROM kept"));
    LL_CHECK(tx.execute("DROP TABLE kept"));
    return true;
  }).ok());
  EXPECT_EQ(count("sessions", "user_id = " + std::to_string(staff_id)), 1);
  EXPECT_STATUS(call(staff, "GET", "/api/v1/me"), 401);
}

}  // namespace
}  // namespace lifeline::test
