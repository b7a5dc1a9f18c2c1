// Hotline calls: logging with validation, the number masked everywhere but
// the audited reveal, the state machine, SLA states as the clock runs,
// follow-ups, scope and roles.
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HotlineCalls : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto system = app::Actor::system("fixture");
    // Operators of the whole utility, of one department and of the other utility.
    for (auto [name, org] : {std::pair<const char*, int64_t>{"a_hotline", util_a_}, {"a_hr_hotline", dept_a_},
                             {"b_hotline", util_b_}}) {
      auto r = platform_->accounts().create_user(system, {name, name, "dispatcher", org, kPassword, "13800002222"});
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
  }

  static json a_call(const std::string& phone = "138 0013 8000", const std::string& category = "no_water") {
    return {{"caller_phone", phone},
            {"category", category},
            {"address", "长沙市芙蓉区五一大道389号"},
            {"summary", "家中停水两小时"}};
  }
  static std::string at(int64_t id, const std::string& tail = "") {
    return "/api/v1/hotline/calls/" + std::to_string(id) + tail;
  }
  static bool has_field(const http::ClientResponse& r, const std::string& field) {
    auto j = r.json();
    if (!j.contains("errors")) return false;
    for (const auto& e : j["errors"])
      if (e.value("field", "") == field) return true;
    return false;
  }
};

TEST_F(HotlineCalls, LoggingValidatesAndNamesTheFields) {
  auto op = login("a_hotline");
  auto bad = call(op, "POST", "/api/v1/hotline/calls",
                  {{"caller_phone", "12345"}, {"category", "weather"}, {"summary", " "}, {"x", 1.0}});
  ASSERT_STATUS(bad, 400);
  EXPECT_TRUE(has_field(bad, "category")) << bad.body;
  auto bad2 = call(op, "POST", "/api/v1/hotline/calls",
                   {{"caller_phone", "12345"}, {"category", "no_water"}, {"summary", " "}, {"x", 1.0}});
  ASSERT_STATUS(bad2, 400);
  EXPECT_TRUE(has_field(bad2, "caller_phone")) << bad2.body;
  EXPECT_TRUE(has_field(bad2, "summary")) << bad2.body;
  EXPECT_TRUE(has_field(bad2, "y")) << bad2.body;
  auto future = a_call();
  future["received_at"] = "2020-01-25T09:00:00Z";
  auto late = call(op, "POST", "/api/v1/hotline/calls", future);
  ASSERT_STATUS(late, 400);
  EXPECT_TRUE(has_field(late, "received_at")) << late.body;
  auto unknown = a_call();
  unknown["colour"] = "blue";
  EXPECT_STATUS(call(op, "POST", "/api/v1/hotline/calls", unknown), 400);
  EXPECT_EQ(count("hotline_calls"), 0);

  auto first = call(op, "POST", "/api/v1/hotline/calls", a_call());
  ASSERT_STATUS(first, 201);
  auto c = first.json();
  // 08:00Z is 16:00 on 25 January in Changsha.
  EXPECT_EQ(c["code"], "RX-20200125-0001");
  EXPECT_EQ(c["state"], "open");
  EXPECT_EQ(c["org_id"], util_a_);
  EXPECT_EQ(c["caller_phone"], "138****8000");
  EXPECT_EQ(c["repeat_count"], 0);
  EXPECT_EQ(c["sla"]["respond_due"], "2020-01-25T08:15:00Z");
  EXPECT_EQ(c["sla"]["close_due"], "2020-01-26T08:00:00Z");
  EXPECT_EQ(c["sla"]["state"], "pending");
  EXPECT_TRUE(c["incident"].is_null());
  EXPECT_EQ(c["taken_by_name"], "a_hotline");

  // The same number again (as +86), a landline, and a call logged late for 16:30 local the day before.
  auto again = call(op, "POST", "/api/v1/hotline/calls", a_call("+86 13800138000", "low_pressure"));
  ASSERT_STATUS(again, 201);
  EXPECT_EQ(again.json()["code"], "RX-20200125-0002");
  EXPECT_EQ(again.json()["repeat_count"], 1);
  auto landline = call(op, "POST", "/api/v1/hotline/calls", a_call("0731-84861234", "billing"));
  ASSERT_STATUS(landline, 201);
  EXPECT_EQ(landline.json()["caller_phone"], "073*****1234");
  auto backdated = a_call("13912345678", "quality");
  backdated["received_at"] = "2020-01-24T16:30:00Z";  // 00:30 on the 25th in Changsha
  auto b = call(op, "POST", "/api/v1/hotline/calls", backdated);
  ASSERT_STATUS(b, 201);
  EXPECT_EQ(b.json()["code"], "RX-20200125-0004");
  backdated["received_at"] = "2020-01-24T15:30:00Z";  // 23:30 on the 24th
  auto b2 = call(op, "POST", "/api/v1/hotline/calls", backdated);
  ASSERT_STATUS(b2, 201);
  EXPECT_EQ(b2.json()["code"], "RX-20200124-0001");
  EXPECT_EQ(count("audit_log", "action = 'hotline.call.log'"), 5);
  // The audit trail keeps the number masked too.
  EXPECT_EQ(count("audit_log", "after_json LIKE '%13800138000%' OR after_json LIKE '%84861234%'"), 0);
}

TEST_F(HotlineCalls, TheNumberIsMaskedEverywhereButTheAuditedReveal) {
  auto op = login("a_hotline");
  auto logged = call(op, "POST", "/api/v1/hotline/calls", a_call("13912345678", "billing"));
  ASSERT_STATUS(logged, 201);
  int64_t id = logged.json()["id"];
  auto list = call(op, "GET", "/api/v1/hotline/calls");
  ASSERT_STATUS(list, 200);
  ASSERT_EQ(list.json()["items"].size(), 1u);
  auto one = call(op, "GET", at(id));
  auto stats = call(op, "GET", "/api/v1/hotline/stats?from=2020-01-25&to=2020-01-25");
  ASSERT_STATUS(stats, 200);
  EXPECT_EQ(stats.json()["total"], 1);
  for (const auto* r : {&logged, &list, &one, &stats}) {
    EXPECT_EQ(r->body.find("13912345678"), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("12345678"), std::string::npos) << r->body;
  }
  // A search by the full number finds the call without showing the number.
  auto found = call(op, "GET", "/api/v1/hotline/calls?q=139-1234-5678");
  ASSERT_STATUS(found, 200);
  EXPECT_EQ(found.json()["items"].size(), 1u);
  EXPECT_EQ(found.body.find("13912345678"), std::string::npos);

  EXPECT_EQ(count("audit_log", "action = 'hotline.call.reveal_caller'"), 0);
  auto reveal = call(op, "GET", at(id, "/caller"));
  ASSERT_STATUS(reveal, 200);
  EXPECT_EQ(reveal.json()["caller_phone"], "13912345678");
  EXPECT_EQ(count("audit_log", "action = 'hotline.call.reveal_caller' AND entity_id = '" + std::to_string(id) +
                                   "' AND actor_name = 'a_hotline'"),
            1);
  // Statistics holders see counts, never the call or its number.
  auto commander = login("a_commander");
  EXPECT_STATUS(call(commander, "GET", at(id, "/caller")), 403);
  EXPECT_STATUS(call(commander, "GET", at(id)), 403);
  EXPECT_STATUS(call(commander, "GET", "/api/v1/hotline/calls"), 403);
  EXPECT_STATUS(call(commander, "GET", "/api/v1/hotline/stats"), 200);
  EXPECT_EQ(count("audit_log", "action = 'hotline.call.reveal_caller'"), 1);
}

TEST_F(HotlineCalls, StateMachineAllowsOnlyItsTransitions) {
  auto op = login("a_hotline");
  auto logged = call(op, "POST", "/api/v1/hotline/calls", a_call());
  ASSERT_STATUS(logged, 201);
  int64_t id = logged.json()["id"];
  auto t = [&](const json& body) { return call(op, "POST", at(id, "/transitions"), body); };

  auto closed_early = t({{"to", "closed"}, {"resolution", "已恢复"}});
  ASSERT_STATUS(closed_early, 409);
  EXPECT_NE(closed_early.body.find("open"), std::string::npos) << closed_early.body;
  EXPECT_STATUS(t({{"to", "reopened"}}), 400);
  auto no_target = t({{"to", "transferred"}});
  ASSERT_STATUS(no_target, 400);
  EXPECT_TRUE(has_field(no_target, "transferred_to"));

  clock_.advance(std::chrono::minutes(6));
  auto transferred = t({{"to", "transferred"}, {"transferred_to", "供水服务分公司"}, {"note", "派管网所核查"}});
  ASSERT_STATUS(transferred, 200);
  EXPECT_EQ(transferred.json()["state"], "transferred");
  EXPECT_EQ(transferred.json()["transferred_to"], "供水服务分公司");
  EXPECT_EQ(transferred.json()["responded_at"], "2020-01-25T08:06:00Z");
  EXPECT_STATUS(t({{"to", "handled"}}), 409);

  auto no_resolution = t({{"to", "closed"}});
  ASSERT_STATUS(no_resolution, 400);
  EXPECT_TRUE(has_field(no_resolution, "resolution"));
  clock_.advance(std::chrono::hours(3));
  auto closed = t({{"to", "closed"}, {"resolution", "楼道总阀被误关，已开启"}});
  ASSERT_STATUS(closed, 200);
  EXPECT_EQ(closed.json()["state"], "closed");
  EXPECT_EQ(closed.json()["closed_at"], "2020-01-25T11:06:00Z");
  EXPECT_EQ(closed.json()["responded_at"], "2020-01-25T08:06:00Z");  // the first handling stays
  EXPECT_EQ(closed.json()["sla"]["state"], "met");
  EXPECT_EQ(closed.json()["version"], 3);
  EXPECT_STATUS(t({{"to", "closed"}, {"resolution", "again"}}), 409);
  EXPECT_EQ(count("audit_log", "action IN ('hotline.call.transferred', 'hotline.call.closed') AND entity_id = '" +
                                   std::to_string(id) + "'"),
            2);
  EXPECT_EQ(count("audit_log", "action = 'hotline.call.transferred' AND after_json LIKE '%派管网所核查%'"), 1);
}

TEST_F(HotlineCalls, SlaStatesFollowTheClock) {
  auto op = login("a_hotline");
  auto burst = call(op, "POST", "/api/v1/hotline/calls", a_call("13700001111", "burst_leak"));
  auto policy = call(op, "POST", "/api/v1/hotline/calls", a_call("13700002222", "epidemic_policy"));
  ASSERT_STATUS(burst, 201);
  ASSERT_STATUS(policy, 201);
  int64_t b = burst.json()["id"], p = policy.json()["id"];
  auto sla = [&](int64_t id) { return call(op, "GET", at(id)).json()["sla"]["state"].get<std::string>(); };
  EXPECT_EQ(sla(b), "pending");
  clock_.advance(std::chrono::minutes(13));  // burst: respond within 15 min, warning from 12
  EXPECT_EQ(sla(b), "warning");
  EXPECT_EQ(sla(p), "pending");  // policy questions: 30 min
  clock_.advance(std::chrono::minutes(3));
  EXPECT_EQ(sla(b), "breached");
  ASSERT_STATUS(call(op, "POST", at(p, "/transitions"), {{"to", "handled"}}), 200);
  EXPECT_EQ(sla(p), "pending");  // answered in time; 72 h to close
  clock_.advance(std::chrono::hours(60));
  op = login("a_hotline");
  EXPECT_EQ(sla(p), "warning");
  clock_.advance(std::chrono::hours(13));
  op = login("a_hotline");
  EXPECT_EQ(sla(p), "breached");
  // A late answer stays breached once closed.
  ASSERT_STATUS(call(op, "POST", at(b, "/transitions"), {{"to", "handled"}}), 200);
  ASSERT_STATUS(call(op, "POST", at(b, "/transitions"), {{"to", "closed"}, {"resolution", "已修复"}}), 200);
  EXPECT_EQ(sla(b), "breached");
}

TEST_F(HotlineCalls, FollowUpOnceAfterClosure) {
  auto op = login("a_hotline");
  auto logged = call(op, "POST", "/api/v1/hotline/calls", a_call("13700003333", "billing"));
  ASSERT_STATUS(logged, 201);
  int64_t id = logged.json()["id"];
  auto early = call(op, "POST", at(id, "/follow-up"), {{"satisfaction", 5}});
  ASSERT_STATUS(early, 409);
  ASSERT_STATUS(call(op, "POST", at(id, "/transitions"), {{"to", "handled"}}), 200);
  ASSERT_STATUS(call(op, "POST", at(id, "/transitions"), {{"to", "closed"}, {"resolution", "欠费不停水"}}), 200);
  auto bad = call(op, "POST", at(id, "/follow-up"), {{"satisfaction", 6}});
  ASSERT_STATUS(bad, 400);
  EXPECT_TRUE(has_field(bad, "satisfaction"));
  auto done = call(op, "POST", at(id, "/follow-up"), {{"satisfaction", 4}, {"note", "用户满意"}});
  ASSERT_STATUS(done, 200);
  EXPECT_EQ(done.json()["satisfaction"], 4);
  EXPECT_EQ(done.json()["follow_up_note"], "用户满意");
  EXPECT_EQ(done.json()["followed_up_at"], "2020-01-25T08:00:00Z");
  EXPECT_STATUS(call(op, "POST", at(id, "/follow-up"), {{"satisfaction", 5}}), 409);
  EXPECT_EQ(count("audit_log", "action = 'hotline.call.follow_up'"), 1);
}

TEST_F(HotlineCalls, ScopeAndRoles) {
  auto op = login("a_hotline");
  auto logged = call(op, "POST", "/api/v1/hotline/calls", a_call());
  ASSERT_STATUS(logged, 201);
  int64_t id = logged.json()["id"];
  // A department's operator logs for the department and sees only its subtree.
  auto hr = login("a_hr_hotline");
  auto hr_call = call(hr, "POST", "/api/v1/hotline/calls", a_call("13700004444"));
  ASSERT_STATUS(hr_call, 201);
  EXPECT_EQ(hr_call.json()["org_id"], dept_a_);
  EXPECT_EQ(hr_call.json()["code"], "RX-20200125-0002");  // numbered per utility
  EXPECT_STATUS(call(hr, "GET", at(id)), 404);
  EXPECT_EQ(call(hr, "GET", "/api/v1/hotline/calls").json()["items"].size(), 1u);
  auto up = a_call();
  up["org_id"] = util_a_;
  EXPECT_STATUS(call(hr, "POST", "/api/v1/hotline/calls", up), 404);
  EXPECT_EQ(call(op, "GET", "/api/v1/hotline/calls").json()["items"].size(), 2u);

  // The other utility: not found, for reads and writes.
  auto b = login("b_hotline");
  EXPECT_STATUS(call(b, "GET", at(id)), 404);
  EXPECT_STATUS(call(b, "GET", at(id, "/caller")), 404);
  EXPECT_STATUS(call(b, "POST", at(id, "/transitions"), {{"to", "handled"}}), 404);
  EXPECT_STATUS(call(b, "POST", at(id, "/incident"), json::object()), 404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/hotline/calls?org=" + std::to_string(util_a_)), 404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/hotline/stats?org=" + std::to_string(util_a_)), 404);
  auto into_a = a_call();
  into_a["org_id"] = util_a_;
  EXPECT_STATUS(call(b, "POST", "/api/v1/hotline/calls", into_a), 404);
  EXPECT_EQ(call(b, "GET", "/api/v1/hotline/calls").json()["items"].size(), 0u);

  // Roles without hotline.take.
  for (const char* user : {"a_viewer", "a_staff", "a_commander"}) {
    auto s = login(user);
    EXPECT_STATUS(call(s, "POST", "/api/v1/hotline/calls", a_call()), 403) << user;
    EXPECT_STATUS(call(s, "POST", at(id, "/transitions"), {{"to", "handled"}}), 403) << user;
  }
  auto viewer = login("a_viewer");
  EXPECT_STATUS(call(viewer, "GET", "/api/v1/hotline/stats"), 403);
  EXPECT_EQ(count("hotline_calls"), 2);
  EXPECT_EQ(call(op, "GET", at(id)).json()["state"], "open");
}

}  // namespace
}  // namespace lifeline::test
