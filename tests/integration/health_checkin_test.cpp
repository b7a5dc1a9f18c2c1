// Daily check-ins through the API: self, proxy and link submissions, the
// window, the rules, Idempotency-Key, settings and risk areas, privacy of the list.
#include <mutex>
#include <set>
#include <thread>

#include "core/time.h"
#include "integration/harness.h"

namespace lifeline::test {
namespace {

nlohmann::json checkin(double temperature = 36.5) {
  return {{"temperature", temperature}, {"symptoms", nlohmann::json::array()}, {"location", "in_town"},
          {"risk_travel", false},       {"contact", "none"},                    {"work_status", "on_duty"}};
}

std::vector<std::string> reason_codes(const nlohmann::json& record) {
  std::vector<std::string> out;
  if (record.contains("abnormal_reasons"))
    for (const auto& r : record["abnormal_reasons"]) out.push_back(r.value("code", ""));
  return out;
}

class HealthCheckin : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    at("2020-01-26T00:30:00Z");  // 08:30 in Shanghai: inside the 07:00–10:00 window
    self_ = add_staff(dept_a_, "A001", "张三", "a_staff");
    plant_ = add_staff(plant_a_, "P001", "李四");
    other_ = add_staff(util_b_, "B001", "王五");
  }
  void at(const char* iso) {
    auto t = parse_instant(iso, "test");
    ASSERT_TRUE(t.ok());
    clock_.set(*t);
  }
  http::ClientResponse post_with_key(Session& s, const nlohmann::json& body, const std::string& key) {
    auto r = s.client->request("POST", "/api/v1/health/checkins", body.dump(),
                               {{"X-CSRF-Token", s.csrf}, {"Content-Type", "application/json"},
                                {"Idempotency-Key", key}});
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : http::ClientResponse{};
  }
  int64_t self_ = 0, plant_ = 0, other_ = 0;
};

TEST_F(HealthCheckin, SelfCheckinCreatesThenUpdatesTheDaysRecord) {
  auto s = login("a_staff");
  auto first = call(s, "POST", "/api/v1/health/checkins", checkin());
  ASSERT_STATUS(first, 201);
  auto j = first.json();
  EXPECT_EQ(j["staff_id"], self_);
  EXPECT_EQ(j["day"], "2020-01-26");
  EXPECT_EQ(j["channel"], "self");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["late"], false);
  EXPECT_EQ(j["abnormal"], false);
  EXPECT_TRUE(j["entered_by"].is_null());

  auto second = call(s, "POST", "/api/v1/health/checkins", checkin(37.8));
  ASSERT_STATUS(second, 200);
  j = second.json();
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["abnormal"], true);
  EXPECT_EQ(reason_codes(j), std::vector<std::string>{"fever"});
  EXPECT_EQ(count("checkins", "staff_id = " + std::to_string(self_)), 1);
  EXPECT_EQ(count("audit_log", "action = 'health.checkin.create'"), 1);
  EXPECT_EQ(count("audit_log", "action = 'health.checkin.update' AND before_json LIKE '%\"version\":1%'"
                               " AND after_json LIKE '%\"version\":2%' AND after_json LIKE '%temperature%'"),
            1);
  // The audit trail (which commanders read) carries no health values.
  EXPECT_EQ(count("audit_log", "action LIKE 'health.checkin.%' AND after_json LIKE '%37.8%'"), 0);

  auto form = call(s, "GET", "/api/v1/health/checkins/form");
  ASSERT_STATUS(form, 200);
  EXPECT_EQ(form.json()["person"]["name"], "张三");
  EXPECT_EQ(form.json()["window"]["start"], "07:00");
  EXPECT_EQ(form.json()["window"]["deadline"], "10:00");
  EXPECT_EQ(form.json()["open"], true);
  EXPECT_EQ(form.json()["required"], false);
  EXPECT_EQ(form.json()["today"]["version"], 2);
}

TEST_F(HealthCheckin, AnAccountNotOnTheRegisterCannotCheckIn) {
  auto s = login("a_viewer");
  EXPECT_STATUS(call(s, "POST", "/api/v1/health/checkins", checkin()), 404);
}

TEST_F(HealthCheckin, HealthOfficersEnterForPeopleInTheirSubtreeOnly) {
  auto health = login("a_health");
  auto body = checkin();
  body["staff_id"] = plant_;
  auto r = call(health, "POST", "/api/v1/health/checkins", body);
  ASSERT_STATUS(r, 201);
  EXPECT_EQ(r.json()["channel"], "proxy");
  EXPECT_EQ(r.json()["entered_by"]["id"], user_id("a_health"));
  EXPECT_EQ(r.json()["entered_by"]["name"], "a_health");

  auto b = login("b_health");
  EXPECT_STATUS(call(b, "POST", "/api/v1/health/checkins", body), 404);
  auto hr = login("a_hr_health");  // a department's officer: not the plant
  EXPECT_STATUS(call(hr, "POST", "/api/v1/health/checkins", body), 404);
  auto commander = login("a_commander");
  EXPECT_STATUS(call(commander, "POST", "/api/v1/health/checkins", body), 403);
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "POST", "/api/v1/health/checkins", body), 403);
  EXPECT_EQ(count("checkins"), 1);
}

TEST_F(HealthCheckin, TheWindowOpensAtSevenAndLateAfterTheDeadline) {
  auto s = login("a_staff");
  at("2020-01-25T22:30:00Z");  // 06:30 on the 26th in Shanghai
  auto early = call(s, "POST", "/api/v1/health/checkins", checkin());
  EXPECT_STATUS(early, 409);
  EXPECT_NE(early.json().value("detail", "").find("07:00"), std::string::npos) << early.body;
  EXPECT_EQ(count("checkins"), 0);

  at("2020-01-26T03:00:00Z");  // 11:00: after the 10:00 deadline
  auto late = call(s, "POST", "/api/v1/health/checkins", checkin());
  ASSERT_STATUS(late, 201);
  EXPECT_EQ(late.json()["late"], true);
  EXPECT_EQ(late.json()["day"], "2020-01-26");
}

TEST_F(HealthCheckin, EveryRuleGivesItsReason) {
  auto health = login("a_health");
  auto area = call(health, "POST", "/api/v1/health/risk-areas",
                   {{"name", "湖北省武汉市"}, {"level", "high"}, {"valid_from", "2020-01-20"}});
  ASSERT_STATUS(area, 201);
  auto s = login("a_staff");
  auto expect_reasons = [&](nlohmann::json body, std::vector<std::string> reasons) {
    auto r = call(s, "POST", "/api/v1/health/checkins", body);
    EXPECT_TRUE(r.status == 200 || r.status == 201) << r.body;
    EXPECT_EQ(reason_codes(r.json()), reasons) << body.dump();
    EXPECT_EQ(r.json()["abnormal"], !reasons.empty());
  };
  expect_reasons(checkin(), {});
  expect_reasons(checkin(37.3), {"fever"});
  auto b = checkin();
  b["symptoms"] = {"干咳"};
  expect_reasons(b, {"symptoms"});
  b = checkin();
  b["risk_travel"] = true;
  b["risk_areas"] = "途经孝感";
  expect_reasons(b, {"risk_travel"});
  b = checkin();
  b["contact"] = "confirmed";
  expect_reasons(b, {"contact"});
  b = checkin();
  b["location"] = "away";
  b["city"] = "武汉";
  expect_reasons(b, {"risk_area"});

  // The threshold is the utility's.
  ASSERT_STATUS(call(health, "PUT", "/api/v1/health/settings?org=" + std::to_string(util_a_),
                     {{"fever_celsius", 37.5}}),
                200);
  expect_reasons(checkin(37.3), {});

  // Every error names its field.
  b = checkin(45);
  b["symptoms"] = {"头晕"};
  b["location"] = "away";
  b["extra"] = 1;
  auto bad = call(s, "POST", "/api/v1/health/checkins", b);
  ASSERT_STATUS(bad, 400);
  std::set<std::string> fields;
  const auto bad_json = bad.json();
  for (const auto& e : bad_json["errors"]) fields.insert(e.value("field", ""));
  EXPECT_TRUE(fields.contains("extra")) << bad.body;
  b.erase("extra");
  auto bad2 = call(s, "POST", "/api/v1/health/checkins", b);
  ASSERT_STATUS(bad2, 400);
  fields.clear();
  const auto bad2_json = bad2.json();
  for (const auto& e : bad2_json["errors"]) fields.insert(e.value("field", ""));
  EXPECT_EQ(fields, (std::set<std::string>{"temperature", "symptoms/0", "city"})) << bad2.body;
}

TEST_F(HealthCheckin, IdempotencyKeyReplaysTheFirstAnswer) {
  auto s = login("a_staff");
  auto first = post_with_key(s, checkin(), "phone-retry-1");
  ASSERT_STATUS(first, 201);
  EXPECT_EQ(first.headers.count("idempotent-replayed"), 0u);
  clock_.advance(std::chrono::minutes(1));
  auto again = post_with_key(s, checkin(), "phone-retry-1");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers["idempotent-replayed"], "true");
  EXPECT_EQ(count("checkins"), 1);
  EXPECT_EQ(count("audit_log", "action LIKE 'health.checkin.%'"), 1);

  auto other = post_with_key(s, checkin(38.0), "phone-retry-1");
  ASSERT_STATUS(other, 422);
  EXPECT_EQ(other.json()["errors"][0]["field"], "Idempotency-Key");
  EXPECT_EQ(count("checkins", "version = 1 AND fever = 0"), 1);

  auto too_long = post_with_key(s, checkin(), std::string(201, 'k'));
  ASSERT_STATUS(too_long, 400);
  EXPECT_EQ(too_long.json()["errors"][0]["field"], "Idempotency-Key");

  // A new key is a new submission: the day's record is updated.
  auto next = post_with_key(s, checkin(36.8), "phone-retry-2");
  ASSERT_STATUS(next, 200);
  EXPECT_EQ(next.json()["version"], 2);
  EXPECT_EQ(count("idempotency_keys"), 2);

  // Keys are kept per principal: another person's same key is theirs.
  auto health = login("a_health");
  auto proxy = checkin();
  proxy["staff_id"] = plant_;
  ASSERT_STATUS(post_with_key(health, proxy, "phone-retry-1"), 201);

  // Keys older than a day are dropped by the scheduled purge.
  at("2020-01-27T01:00:00Z");
  platform_->scheduler().tick();
  auto next_day = login("a_staff");
  ASSERT_STATUS(post_with_key(next_day, checkin(), "phone-retry-3"), 201);
  EXPECT_EQ(count("idempotency_keys"), 1);
}

TEST_F(HealthCheckin, ConcurrentRetriesWithOneKeyMakeOneRow) {
  auto s = login("a_staff");
  const auto cookies = s.client->cookies();
  const std::string body = checkin(36.7).dump();
  std::vector<http::ClientResponse> answers(10);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < answers.size(); ++i)
    threads.emplace_back([&, i] {
      http::Client c("127.0.0.1", server_->port());
      c.cookies() = cookies;
      auto r = c.request("POST", "/api/v1/health/checkins", body,
                         {{"X-CSRF-Token", s.csrf}, {"Content-Type", "application/json"},
                          {"Idempotency-Key", "same-key"}});
      if (r.ok()) answers[i] = *r;
    });
  for (auto& t : threads) t.join();
  for (const auto& a : answers) {
    EXPECT_EQ(a.status, 201) << a.body;
    EXPECT_EQ(a.body, answers[0].body);
  }
  EXPECT_EQ(count("checkins"), 1);
  EXPECT_EQ(count("checkins", "version = 1"), 1);
  EXPECT_EQ(count("idempotency_keys"), 1);
}

TEST_F(HealthCheckin, ALinkTokenNeedsNoCookieButMustBeValid) {
  auto anon = anonymous();
  auto r = anon->request("POST", "/api/v1/health/checkins", checkin().dump(),
                         {{"Content-Type", "application/json"}, {"X-Checkin-Token", "forged-token"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 401) << r->body;
  auto form = anon->get("/api/v1/health/checkins/form", {{"X-Checkin-Token", "forged-token"}});
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->status, 401);
  // Without a token the gate's rules apply: no session, no check-in.
  auto none = anon->request("POST", "/api/v1/health/checkins", checkin().dump(), {{"Content-Type", "application/json"}});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->status, 401);
  // A session without the CSRF token is refused.
  auto s = login("a_staff");
  auto no_csrf = s.client->request("POST", "/api/v1/health/checkins", checkin().dump(),
                                   {{"Content-Type", "application/json"}});
  ASSERT_TRUE(no_csrf.ok());
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_EQ(count("checkins"), 0);
}

TEST_F(HealthCheckin, APersonalLinkChecksInWithoutALogin) {
  auto system = app::Actor::system("fixture");
  auto link = platform_->health().links.issue(system, plant_);
  ASSERT_TRUE(link.ok()) << link.error().message;
  auto anon = anonymous();
  auto form = anon->get("/api/v1/health/checkins/form", {{"X-Checkin-Token", link->token}});
  ASSERT_TRUE(form.ok());
  ASSERT_EQ(form->status, 200) << form->body;
  EXPECT_EQ(form->json()["person"]["name"], "李四");
  EXPECT_TRUE(form->json()["today"].is_null());

  const std::map<std::string, std::string> headers{
      {"Content-Type", "application/json"}, {"X-Checkin-Token", link->token}, {"Idempotency-Key", "link-1"}};
  auto r = anon->request("POST", "/api/v1/health/checkins", checkin().dump(), headers);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(r->json()["channel"], "link");
  EXPECT_EQ(r->json()["staff_id"], plant_);
  auto again = anon->request("POST", "/api/v1/health/checkins", checkin().dump(), headers);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(again->body, r->body);
  EXPECT_EQ(again->headers["idempotent-replayed"], "true");
  EXPECT_EQ(count("checkins", "staff_id = " + std::to_string(plant_) + " AND channel = 'link'"), 1);
  EXPECT_EQ(count("idempotency_keys", "principal = 'link:" + std::to_string(plant_) + "'"), 1);

  // A link submits only its own person.
  auto other = checkin();
  other["staff_id"] = self_;
  auto refused = anon->request("POST", "/api/v1/health/checkins", other.dump(),
                               {{"Content-Type", "application/json"}, {"X-Checkin-Token", link->token}});
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 400);

  ASSERT_TRUE(platform_->health().links.revoke(system, plant_).ok());
  auto revoked = anon->request("POST", "/api/v1/health/checkins", checkin(37.0).dump(),
                               {{"Content-Type", "application/json"}, {"X-Checkin-Token", link->token}});
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->status, 401);
  EXPECT_EQ(count("checkins"), 1);
}

TEST_F(HealthCheckin, OnlyHealthOfficersListOthersCheckins) {
  auto staff = login("a_staff");
  ASSERT_STATUS(call(staff, "POST", "/api/v1/health/checkins", checkin(38.2)), 201);
  auto health = login("a_health");
  auto proxy = checkin();
  proxy["staff_id"] = plant_;
  ASSERT_STATUS(call(health, "POST", "/api/v1/health/checkins", proxy), 201);

  EXPECT_STATUS(call(staff, "GET", "/api/v1/health/checkins"), 403);
  auto commander = login("a_commander");
  EXPECT_STATUS(call(commander, "GET", "/api/v1/health/checkins?org=" + std::to_string(util_a_)), 403);
  auto b = login("b_health");
  EXPECT_STATUS(call(b, "GET", "/api/v1/health/checkins?org=" + std::to_string(util_a_)), 404);

  auto list = call(health, "GET", "/api/v1/health/checkins?org=" + std::to_string(util_a_) + "&date=2020-01-26");
  ASSERT_STATUS(list, 200);
  auto j = list.json();
  EXPECT_EQ(j["total"], 2);
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][0]["name"], "张三");  // abnormal first
  EXPECT_EQ(j["items"][0]["phone"], "139****5678");
  EXPECT_EQ(j["items"][0]["org_name"], "人力资源部");
  EXPECT_EQ(reason_codes(j["items"][0]), std::vector<std::string>{"fever"});
  auto abnormal = call(health, "GET", "/api/v1/health/checkins?org=" + std::to_string(util_a_) + "&abnormal=true");
  ASSERT_STATUS(abnormal, 200);
  EXPECT_EQ(abnormal.json()["total"], 1);
  auto hr = login("a_hr_health");
  auto dept = call(hr, "GET", "/api/v1/health/checkins");
  ASSERT_STATUS(dept, 200);
  EXPECT_EQ(dept.json()["total"], 1);
}

TEST_F(HealthCheckin, SettingsArePerUtilityAndValidated) {
  auto health = login("a_health");
  const std::string target = "/api/v1/health/settings?org=" + std::to_string(util_a_);
  auto bad = call(health, "PUT", target,
                  {{"window_start", "10:00"}, {"deadline", "09:00"}, {"fever_celsius", 40},
                   {"symptoms", nlohmann::json::array()}, {"retention_days", 5000},
                   {"reminder_webhook", "https://oapi.dingtalk.com/robot/send?access_token=x"}});
  ASSERT_STATUS(bad, 400);
  std::set<std::string> fields;
  const auto bad_json = bad.json();
  for (const auto& e : bad_json["errors"]) fields.insert(e.value("field", ""));
  // The robot URL moved to notify's robots: the setting is gone.
  EXPECT_EQ(fields, (std::set<std::string>{"reminder_webhook"}));
  bad = call(health, "PUT", target,
             {{"window_start", "10:00"}, {"deadline", "09:00"}, {"fever_celsius", 40},
              {"symptoms", nlohmann::json::array()}, {"retention_days", 5000}});
  ASSERT_STATUS(bad, 400);
  fields.clear();
  for (const auto parsed = bad.json(); const auto& e : parsed["errors"]) fields.insert(e.value("field", ""));
  EXPECT_EQ(fields, (std::set<std::string>{"deadline", "fever_celsius", "symptoms", "retention_days"}));
  auto ok = call(health, "PUT", target,
                 {{"window_start", "06:30"}, {"deadline", "09:30"}, {"symptoms", {"发热", "干咳"}}});
  ASSERT_STATUS(ok, 200);
  EXPECT_EQ(ok.json()["window_start"], "06:30");
  EXPECT_EQ(count("audit_log", "action = 'health.settings.update'"), 1);

  auto commander = login("a_commander");
  auto seen = call(commander, "GET", target);
  ASSERT_STATUS(seen, 200);
  EXPECT_EQ(seen.json()["deadline"], "09:30");
  EXPECT_STATUS(call(commander, "PUT", target, {{"deadline", "11:00"}}), 403);
  auto hr = login("a_hr_health");  // a department cannot change its utility's rules
  EXPECT_STATUS(call(hr, "PUT", "/api/v1/health/settings?org=" + std::to_string(dept_a_), {{"deadline", "11:00"}}),
                403);
  auto b = login("b_health");
  EXPECT_STATUS(call(b, "GET", target), 404);
  auto assoc = login("assoc");
  EXPECT_STATUS(call(assoc, "GET", "/api/v1/health/settings?org=1"), 400);

  // The new window applies: the form shows it and a 06:40 check-in is accepted.
  at("2020-01-25T22:40:00Z");
  auto staff = login("a_staff");
  auto form = call(staff, "GET", "/api/v1/health/checkins/form");
  EXPECT_EQ(form.json()["window"]["start"], "06:30");
  EXPECT_EQ(form.json()["settings"]["symptoms"], nlohmann::json({"发热", "干咳"}));
  EXPECT_STATUS(call(staff, "POST", "/api/v1/health/checkins", checkin()), 201);
}

TEST_F(HealthCheckin, RiskAreasAreReadInTheUtilityAndKeptByItsOfficers) {
  auto health = login("a_health");
  auto created = call(health, "POST", "/api/v1/health/risk-areas",
                      {{"name", "温州"}, {"level", "medium"}, {"valid_from", "2020-01-20"}, {"valid_to", "2020-01-31"}});
  ASSERT_STATUS(created, 201);
  const int64_t id = created.json()["id"];
  EXPECT_EQ(created.json()["active"], true);
  EXPECT_STATUS(call(health, "POST", "/api/v1/health/risk-areas", {{"name", "x"}, {"valid_from", "2020-02-30"}}), 400);

  auto staff = login("a_staff");
  auto list = call(staff, "GET", "/api/v1/health/risk-areas");
  ASSERT_STATUS(list, 200);
  ASSERT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(list.json()["items"][0]["name"], "温州");
  EXPECT_EQ(call(staff, "GET", "/api/v1/health/checkins/form").json()["risk_areas"], nlohmann::json({"温州"}));
  EXPECT_STATUS(call(staff, "POST", "/api/v1/health/risk-areas", {{"name", "武汉"}}), 403);
  auto b = login("b_health");
  EXPECT_STATUS(call(b, "PATCH", "/api/v1/health/risk-areas/" + std::to_string(id), {{"name", "x"}}), 404);
  EXPECT_EQ(call(b, "GET", "/api/v1/health/risk-areas").json()["items"].size(), 0u);

  auto changed = call(health, "PATCH", "/api/v1/health/risk-areas/" + std::to_string(id),
                      {{"valid_to", "2020-01-25"}});
  ASSERT_STATUS(changed, 200);
  EXPECT_EQ(changed.json()["active"], false);
  EXPECT_STATUS(call(health, "DELETE", "/api/v1/health/risk-areas/" + std::to_string(id)), 204);
  EXPECT_EQ(count("audit_log", "action LIKE 'health.risk_area.%'"), 3);
}

TEST_F(HealthCheckin, ACheckinPublishesCountsOnly) {
  std::vector<Event> seen;
  std::mutex mu;
  auto sub = events_.subscribe([&](const Event& e) {
    std::lock_guard lock(mu);
    if (e.type == "health.checkin") seen.push_back(e);
  });
  auto s = login("a_staff");
  ASSERT_STATUS(call(s, "POST", "/api/v1/health/checkins", checkin(38.5)), 201);
  std::lock_guard lock(mu);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].data, nlohmann::json({{"day", "2020-01-26"}, {"org_id", dept_a_}, {"abnormal", true}}));
}

}  // namespace
}  // namespace lifeline::test
