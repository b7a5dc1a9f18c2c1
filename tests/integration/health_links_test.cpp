// Personal check-in links: issue, resolve, revoke, forgery, re-issue, QR
// codes, a unit's link list and bulk issue, and who may do it.
#include "app/health/links.h"
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HealthLinks : public ApiTest {
 protected:
  // The staff id the token resolves to, or the error code's name.
  std::string resolve(const std::string& token) {
    auto r = database_->db().transact(store::TxMode::read,
                                      [&](store::Tx& tx) { return app::health::resolve_link(tx, token); });
    if (!r) return to_string(r.error().code);
    return std::to_string(r->id);
  }
  std::string link_url(int64_t staff) { return "/api/v1/health/staff/" + std::to_string(staff) + "/checkin-link"; }
};

TEST_F(HealthLinks, IssueResolveRevoke) {
  int64_t person = add_staff(plant_a_, "Q1", "张三");
  auto s = login("a_health");
  EXPECT_EQ(resolve("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), "unauthenticated");  // no key yet
  auto issued = call(s, "POST", link_url(person));
  ASSERT_STATUS(issued, 201);
  json link = issued.json();
  const std::string token = link.value("token", "");
  ASSERT_EQ(token.size(), 32u);
  EXPECT_EQ(link["url"], "/#/c/" + token);
  EXPECT_EQ(link["staff_id"], person);
  EXPECT_EQ(link["created_at"], "2020-01-25T08:00:00Z");
  EXPECT_EQ(resolve(token), std::to_string(person));

  // The audit names the person and the link, never the token.
  EXPECT_EQ(count("audit_log", "action = 'health.checkin_link_issue'"), 1);
  EXPECT_EQ(count("audit_log", "after_json LIKE '%" + token + "%' OR before_json LIKE '%" + token + "%'"), 0);

  // Marking use shows in the list.
  auto used = database_->db().transact(store::TxMode::write, [&](store::Tx& tx) -> Result<bool> {
    LL_CHECK(app::health::mark_link_used(tx, token, clock_.now()));
    return true;
  });
  ASSERT_TRUE(used.ok());

  auto revoked = call(s, "DELETE", link_url(person));
  ASSERT_STATUS(revoked, 204);
  EXPECT_EQ(resolve(token), "unauthenticated");
  EXPECT_EQ(count("audit_log", "action = 'health.checkin_link_revoke'"), 1);
  EXPECT_STATUS(call(s, "DELETE", link_url(person)), 404);  // nothing left to revoke
  EXPECT_STATUS(call(s, "GET", link_url(person) + "/qr.svg"), 404);
}

TEST_F(HealthLinks, ForgedAndMalformedTokensFail) {
  int64_t person = add_staff(plant_a_, "Q1", "张三");
  int64_t other = add_staff(plant_a_, "Q2", "李四");
  auto s = login("a_health");
  auto issued = call(s, "POST", link_url(person));
  ASSERT_STATUS(issued, 201);
  const std::string token = issued.json().value("token", "");
  auto second = call(s, "POST", link_url(other));
  ASSERT_STATUS(second, 201);
  const std::string token2 = second.json().value("token", "");
  ASSERT_EQ(resolve(token), std::to_string(person));

  // Flip one character of the signature, of the id; splice one token's id onto the other's signature.
  std::string forged = token;
  forged[20] = forged[20] == 'A' ? 'B' : 'A';
  EXPECT_EQ(resolve(forged), "unauthenticated");
  std::string other_id = token;
  other_id[5] = other_id[5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(resolve(other_id), "unauthenticated");
  EXPECT_EQ(resolve(token2.substr(0, 11) + token.substr(11)), "unauthenticated");
  for (const std::string& junk : {std::string(), std::string("x"), token + "A", token.substr(1), std::string(32, '!'),
                                  std::string(32, '\0'), std::string("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")})
    EXPECT_EQ(resolve(junk), "unauthenticated") << junk;
  EXPECT_EQ(resolve(token2), std::to_string(other));
}

TEST_F(HealthLinks, ReissueRevokesTheEarlierLink) {
  int64_t person = add_staff(dept_a_, "Q1", "张三");
  auto s = login("a_hr_health");
  auto first = call(s, "POST", link_url(person));
  ASSERT_STATUS(first, 201);
  auto again = call(s, "POST", link_url(person));
  ASSERT_STATUS(again, 201);
  const std::string old_token = first.json().value("token", ""), new_token = again.json().value("token", "");
  EXPECT_NE(old_token, new_token);
  EXPECT_EQ(resolve(old_token), "unauthenticated");
  EXPECT_EQ(resolve(new_token), std::to_string(person));
  EXPECT_EQ(count("checkin_links", "staff_id = " + std::to_string(person) + " AND revoked_at IS NULL"), 1);
  // A person who left cannot resolve any more.
  auto left = call(s, "PATCH", "/api/v1/health/staff/" + std::to_string(person), {{"version", 1}, {"active", false}});
  ASSERT_STATUS(left, 200);
  EXPECT_EQ(resolve(new_token), "unauthenticated");
  EXPECT_STATUS(call(s, "POST", link_url(person)), 409);
}

TEST_F(HealthLinks, QrCodeIsAnSvgOfTheConfiguredPublicUrlNeverTheHostHeader) {
  int64_t person = add_staff(plant_a_, "Q1", "张三");
  auto s = login("a_health");
  EXPECT_STATUS(call(s, "GET", link_url(person) + "/qr.svg"), 404);  // no link yet
  auto issued = call(s, "POST", link_url(person));
  ASSERT_STATUS(issued, 201);
  const std::string path = "/#/c/" + issued.json().value("token", "");
  config_.public_base_url = "https://lifeline.example.org/ops";
  // A forged Host or X-Forwarded-Proto changes nothing: the link is the configured address.
  auto qr = s.client->request("GET", link_url(person) + "/qr.svg", {},
                              {{"Host", "evil.example"}, {"X-Forwarded-Proto", "http"}});
  ASSERT_TRUE(qr.ok());
  ASSERT_STATUS(*qr, 200);
  EXPECT_EQ(qr->headers["content-type"], "image/svg+xml");
  EXPECT_EQ(qr->headers["cache-control"], "no-store");
  EXPECT_TRUE(qr->body.starts_with("<?xml"));
  EXPECT_NE(qr->body.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_NE(qr->body.find("<path fill=\"#000\" d=\"M"), std::string::npos);
  // The QR encoder's output is exact: the image is that of the configured link.
  auto expected = app::health::qr_svg("https://lifeline.example.org/ops" + path);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(qr->body, *expected);
  EXPECT_EQ(call(s, "GET", link_url(person) + "/qr.svg").body, *expected);
  // Without a public base URL, the listener's own address (from the configuration, not the request).
  config_.public_base_url.clear();
  auto local = call(s, "GET", link_url(person) + "/qr.svg");
  ASSERT_STATUS(local, 200);
  EXPECT_EQ(local.body, *app::health::qr_svg("http://127.0.0.1:" + std::to_string(config_.port) + path));
  // Listening on every address, the server cannot tell which one phones reach.
  config_.host = "0.0.0.0";
  auto unknown = call(s, "GET", link_url(person) + "/qr.svg");
  EXPECT_STATUS(unknown, 409);
  EXPECT_NE(unknown.body.find("public_base_url"), std::string::npos);
}

TEST_F(HealthLinks, UnitListAndBulkIssue) {
  int64_t a = add_staff(dept_a_, "D1", "甲");
  int64_t b = add_staff(dept_a_, "D2", "乙");
  add_staff(plant_a_, "P1", "丙");
  add_staff(util_b_, "Z1", "丁");
  auto s = login("a_health");
  ASSERT_STATUS(call(s, "POST", link_url(a)), 201);
  ASSERT_STATUS(call(s, "POST", link_url(b)), 201);
  ASSERT_STATUS(call(s, "DELETE", link_url(b)), 204);
  auto list = call(s, "GET", "/api/v1/health/checkin-links?org=" + std::to_string(dept_a_));
  ASSERT_STATUS(list, 200);
  json body = list.json();
  ASSERT_EQ(body["items"].size(), 2u);
  EXPECT_EQ(body["items"][0]["status"], "active");
  EXPECT_TRUE(body["items"][0]["link"]["url"].is_string());
  EXPECT_EQ(body["items"][1]["status"], "revoked");
  EXPECT_FALSE(body["items"][1]["link"].contains("token"));

  auto bulk = call(s, "POST", "/api/v1/health/checkin-links");  // the whole utility
  ASSERT_STATUS(bulk, 200);
  EXPECT_EQ(bulk.json()["issued"], 2);  // 乙 (revoked) and 丙; 甲 keeps theirs, 丁 is another utility's
  EXPECT_EQ(count("checkin_links", "revoked_at IS NULL"), 3);
  EXPECT_EQ(count("audit_log", "action = 'health.checkin_link_issue_all'"), 1);
  auto all = call(s, "GET", "/api/v1/health/checkin-links");
  ASSERT_STATUS(all, 200);
  EXPECT_EQ(all.json()["active"], 3);
  for (size_t i = 0; i < all.json()["items"].size(); ++i) {
    std::string token = all.json()["items"][i]["link"].value("token", "");
    EXPECT_EQ(resolve(token), std::to_string(all.json()["items"][i].value("staff_id", 0)));
  }
  auto none = call(s, "POST", "/api/v1/health/checkin-links");
  ASSERT_STATUS(none, 200);
  EXPECT_EQ(none.json()["issued"], 0);
}

TEST_F(HealthLinks, WhoMayIssue) {
  int64_t plant_person = add_staff(plant_a_, "Q1", "张三");
  int64_t self = add_staff(dept_a_, "Q2", "自己", "a_staff");
  for (const char* name : {"a_staff", "a_commander", "a_admin"}) {
    auto s = login(name);
    EXPECT_STATUS(call(s, "POST", link_url(plant_person)), 403) << name;
    EXPECT_STATUS(call(s, "GET", "/api/v1/health/checkin-links"), 403) << name;
  }
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "POST", link_url(self)), 403);  // not even for oneself
  auto b = login("b_health");
  EXPECT_STATUS(call(b, "POST", link_url(plant_person)), 404);
  EXPECT_STATUS(call(b, "GET", link_url(plant_person) + "/qr.svg"), 404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/health/checkin-links?org=" + std::to_string(util_a_)), 404);
  auto hr = login("a_hr_health");
  EXPECT_STATUS(call(hr, "POST", link_url(plant_person)), 404);
  EXPECT_STATUS(call(hr, "POST", link_url(self)), 201);
  EXPECT_EQ(count("checkin_links"), 1);
}

}  // namespace
}  // namespace lifeline::test
