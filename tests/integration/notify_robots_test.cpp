// Robots per unit: the fixed API, validation with nothing half-written,
// permissions and scope, secrets that never come back out (API, audit, logs),
// the SSRF rule at saving and at sending, routing rules, and the summary.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <set>
#include <sstream>

#include "core/time.h"
#include "notify_fixture.h"

namespace lifeline::test {
namespace {

using app::notify::Priority;

class NotifyRobots : public NotifyTest {};

std::set<std::string> fields(const http::ClientResponse& r) {
  std::set<std::string> out;
  auto j = r.json();
  for (const auto& e : j["errors"]) out.insert(e.value("field", ""));
  return out;
}

TEST_F(NotifyRobots, CreateListAndChangeWithTheFixedNames) {
  auto created = call(admin_, "POST", "/api/v1/notify/robots",
                      {{"org_id", util_a_},
                       {"kind", "dingtalk"},
                       {"name", "指挥部钉钉群"},
                       {"url", standin_->dingtalk_url()},
                       {"secret", kSecret},
                       {"keywords", {"供水"}},
                       {"rules", {rule("health.*", "low", true), rule("telemetry.alarm", "high")}}});
  ASSERT_STATUS(created, 201);
  auto robot = created.json();
  EXPECT_EQ(robot["org_id"], util_a_);
  EXPECT_EQ(robot["kind"], "dingtalk");
  EXPECT_EQ(robot["url"], standin_->dingtalk_url());
  EXPECT_EQ(robot["secret_set"], true);
  EXPECT_FALSE(robot.contains("secret"));
  EXPECT_EQ(robot["keywords"], nlohmann::json({"供水"}));
  EXPECT_EQ(robot["enabled"], true);
  EXPECT_EQ(robot["rate_per_minute"], 20);
  ASSERT_EQ(robot["rules"].size(), 2u);
  const std::string target = "/api/v1/notify/robots/" + std::to_string(robot["id"].get<int64_t>());

  auto list = call(admin_, "GET", "/api/v1/notify/robots");
  ASSERT_STATUS(list, 200);
  ASSERT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(list.json()["items"][0]["name"], "指挥部钉钉群");

  // If-Match guards a change; the secret is write-only (absent keeps it, null clears it).
  auto stale = call(admin_, "PATCH", target, {{"name", "x"}});
  ASSERT_STATUS(stale, 200);
  auto s = login("a_admin");
  http::ClientResponse conflict;
  {
    std::map<std::string, std::string> headers{{"X-CSRF-Token", s.csrf}, {"Content-Type", "application/json"},
                                               {"If-Match", "\"1\""}};
    auto r = s.client->request("PATCH", target, nlohmann::json{{"name", "y"}}.dump(), headers);
    ASSERT_TRUE(r.ok());
    conflict = *r;
  }
  EXPECT_STATUS(conflict, 412);
  auto patched = call(admin_, "PATCH", target,
                      {{"enabled", false}, {"quiet_start", "22:00"}, {"quiet_end", "07:00"}, {"rate_per_minute", 10}});
  ASSERT_STATUS(patched, 200);
  EXPECT_EQ(patched.json()["secret_set"], true);
  EXPECT_EQ(patched.json()["quiet_start"], "22:00");
  EXPECT_EQ(patched.json()["rules"].size(), 2u) << "rules stay unless given";
  auto cleared = call(admin_, "PATCH", target, {{"secret", nullptr}, {"rules", nlohmann::json::array()}});
  EXPECT_EQ(cleared.json()["secret_set"], false);
  EXPECT_EQ(cleared.json()["rules"].size(), 0u);
  EXPECT_EQ(count("audit_log", "action LIKE 'notify.robot.%'"), 4);

  EXPECT_STATUS(call(admin_, "DELETE", target), 204);
  EXPECT_STATUS(call(admin_, "GET", target), 404);
  EXPECT_EQ(call(admin_, "GET", "/api/v1/notify/robots").json()["items"].size(), 0u);
}

TEST_F(NotifyRobots, BadInputNamesEveryFieldAndWritesNothing) {
  auto bad = call(admin_, "POST", "/api/v1/notify/robots",
                  {{"org_id", util_a_},
                   {"kind", "telegram"},
                   {"name", "a"},
                   {"url", "ftp://robot.example.cn/"},
                   {"keywords", {std::string(61, 'k')}},
                   {"quiet_start", "25:00"},
                   {"rules", {{{"event", "Health Reminder"}}}}});
  ASSERT_STATUS(bad, 400);
  EXPECT_EQ(fields(bad), (std::set<std::string>{"kind", "quiet_start"}));
  // A NUL anywhere is refused while the body is read, naming its member.
  auto nul = call(admin_, "POST", "/api/v1/notify/robots",
                  {{"org_id", util_a_}, {"kind", "dingtalk"}, {"name", std::string("a\0b", 3)}});
  ASSERT_STATUS(nul, 400);
  EXPECT_EQ(fields(nul), (std::set<std::string>{"name"}));
  // The service's own checks, once the shapes are right.
  auto worse = call(admin_, "POST", "/api/v1/notify/robots",
                    {{"org_id", util_a_},
                     {"kind", "dingtalk"},
                     {"name", "a\x01b"},
                     {"url", "ftp://robot.example.cn/"},
                     {"keywords", {std::string(61, 'k')}},
                     {"quiet_start", "22:00"}});
  ASSERT_STATUS(worse, 400);
  EXPECT_EQ(fields(worse), (std::set<std::string>{"name", "url", "keywords/0", "quiet_end"}));
  auto rules = call(admin_, "POST", "/api/v1/notify/robots",
                    {{"org_id", dept_a_},
                     {"kind", "wecom"},
                     {"url", standin_->wecom_url()},
                     {"name", "人力资源部群"},
                     {"rules", {{{"event", "Health Reminder"}}, {{"event", "health.*"}, {"org_id", plant_a_}},
                                rule("duty.*"), rule("duty.*")}}});
  ASSERT_STATUS(rules, 400);
  EXPECT_EQ(fields(rules), (std::set<std::string>{"rules/0/event", "rules/1/org_id", "rules/3/event"}));
  auto priority = call(admin_, "POST", "/api/v1/notify/robots",
                       {{"org_id", util_a_}, {"kind", "wecom"}, {"url", standin_->wecom_url()}, {"name", "x"},
                        {"rules", {{{"event", "*"}, {"min_priority", "urgent"}}}}});
  EXPECT_EQ(fields(priority), (std::set<std::string>{"rules/0/min_priority"}));
  EXPECT_STATUS(call(admin_, "POST", "/api/v1/notify/robots", nlohmann::json::array()), 400);
  EXPECT_STATUS(call(admin_, "POST", "/api/v1/notify/robots",
                     {{"org_id", util_a_}, {"kind", "wecom"}, {"name", "x"}, {"url", standin_->wecom_url()},
                      {"rules", {{{"event", "x"}, {"mention", {{"deep", {{"deeper", 1}}}}}}}}}),
                400);
  EXPECT_EQ(count("notify_robots"), 0);
  EXPECT_EQ(count("notify_rules"), 0);
}

TEST_F(NotifyRobots, PermissionsAndScope) {
  const int64_t id = robot({{"kind", "wecom"}, {"url", standin_->wecom_url()}, {"rules", {rule("*")}}});
  const std::string target = "/api/v1/notify/robots/" + std::to_string(id);
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", target), 404);
  EXPECT_STATUS(call(b, "PATCH", target, {{"name", "x"}}), 404);
  EXPECT_STATUS(call(b, "POST", target + "/test"), 404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/notify/deliveries?robot=" + std::to_string(id)), 404);
  EXPECT_EQ(call(b, "GET", "/api/v1/notify/robots").json()["items"].size(), 0u);
  EXPECT_STATUS(call(b, "POST", "/api/v1/notify/robots",
                     {{"org_id", util_a_}, {"kind", "wecom"}, {"name", "x"}, {"url", standin_->wecom_url()}}),
                400);
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "GET", "/api/v1/notify/robots"), 403);
  EXPECT_STATUS(call(staff, "GET", "/api/v1/notify/deliveries"), 403);
  // A health officer reads the robots (URL without its token) but does not change them.
  auto health = login("a_health");
  auto seen = call(health, "GET", target);
  ASSERT_STATUS(seen, 200);
  EXPECT_EQ(seen.json()["url"], standin_->base() + "/…");
  EXPECT_STATUS(call(health, "PATCH", target, {{"name", "x"}}), 403);
  EXPECT_STATUS(call(health, "POST", target + "/test"), 403);
  auto assoc = login("assoc");
  EXPECT_STATUS(call(assoc, "GET", target), 200);
}

TEST_F(NotifyRobots, TheSecretNeverComesBackOut) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto previous = spdlog::default_logger();
  auto logger = std::make_shared<spdlog::logger>("capture", sink);
  logger->set_level(spdlog::level::trace);
  spdlog::set_default_logger(logger);

  standin_->configure("dingtalk", {.secret = kSecret});
  auto created = call(admin_, "POST", "/api/v1/notify/robots",
                      {{"org_id", util_a_}, {"kind", "dingtalk"}, {"name", "指挥部群"},
                       {"url", standin_->dingtalk_url()}, {"secret", kSecret}, {"rules", {rule("*")}}});
  ASSERT_STATUS(created, 201);
  const std::string target = "/api/v1/notify/robots/" + std::to_string(created.json()["id"].get<int64_t>());
  std::vector<std::string> bodies{created.body};
  bodies.push_back(call(admin_, "GET", target).body);
  bodies.push_back(call(admin_, "GET", "/api/v1/notify/robots").body);
  bodies.push_back(call(admin_, "PATCH", target, {{"secret", std::string(kSecret) + "x"}}).body);
  bodies.push_back(call(admin_, "POST", target + "/test").body);  // refused: the stand-in has the old secret
  bodies.push_back(call(admin_, "PATCH", target, {{"secret", kSecret}}).body);
  bodies.push_back(call(admin_, "POST", target + "/test").body);
  notice(simple("telemetry.alarm"));
  deliver();
  bodies.push_back(call(admin_, "GET", "/api/v1/notify/deliveries").body);
  bodies.push_back(call(admin_, "GET", target + "/log").body);
  bodies.push_back(call(admin_, "GET", "/api/v1/audit?limit=100").body);
  bodies.push_back(call(admin_, "GET", "/api/v1/notify/summary?date=2020-01-25").body);
  // A wrong key cannot read it either.
  bodies.push_back(call(admin_, "DELETE", target).body);
  spdlog::set_default_logger(previous);

  EXPECT_EQ(standin_->received().size(), 2u);
  for (const auto& b : bodies) EXPECT_EQ(b.find("SECdemo"), std::string::npos) << b;
  EXPECT_EQ(captured.str().find("SECdemo"), std::string::npos) << captured.str();
  EXPECT_EQ(captured.str().find(RobotStandIn::kDingTalkToken), std::string::npos) << "nor the URL's token";
  EXPECT_EQ(count("audit_log", "before_json LIKE '%SECdemo%' OR after_json LIKE '%SECdemo%'"), 0);
  EXPECT_EQ(count("audit_log", "before_json LIKE '%dt-token%' OR after_json LIKE '%dt-token%'"), 0);
  EXPECT_EQ(count("audit_log", "action = 'notify.robot.test'"), 2);
  EXPECT_EQ(count("notify_robots", "secret_sealed LIKE '%SECdemo%'"), 0);
}

TEST_F(NotifyRobots, SecretsAreSealedWithTheConfiguredKey) {
  const int64_t id = robot({{"kind", "feishu"}, {"url", standin_->feishu_url()}, {"secret", kSecret}});
  ASSERT_GT(id, 0);
  EXPECT_EQ(count("notify_robots", "secret_sealed IS NOT NULL AND secret_sealed <> '" + std::string(kSecret) + "'"), 1);
  // Without a key, a secret cannot be saved (nothing else changes).
  config_.notify_key.clear();
  app::notify::Module keyless(*runtime_);
  auto actor = app::Actor::system("test");
  app::notify::NewRobot r;
  r.org_id = util_a_;
  r.kind = app::notify::Kind::feishu;
  r.name = "无密钥";
  r.url = standin_->feishu_url();
  r.secret = "SECx";
  auto refused = keyless.robots.create(actor, r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "secret");
  EXPECT_EQ(count("notify_robots"), 1);
}

TEST_F(NotifyRobots, RobotUrlsOnPrivateAddressesAreRefusedUnlessAllowed) {
  config_.notify_allow_private = false;
  for (const std::string& url : {standin_->wecom_url(), std::string("http://localhost:9/robot"),
                                std::string("http://[::1]/robot"), std::string("http://169.254.169.254/latest"),
                                std::string("http://10.1.2.3/hook"), std::string("http://192.168.1.10/hook"),
                                std::string("http://[::ffff:127.0.0.1]/hook"), std::string("http://0.0.0.0/")}) {
    auto r = call(admin_, "POST", "/api/v1/notify/robots",
                  {{"org_id", util_a_}, {"kind", "wecom"}, {"name", "内网群"}, {"url", url}});
    EXPECT_STATUS(r, 400);
    EXPECT_EQ(fields(r), (std::set<std::string>{"url"})) << url;
  }
  EXPECT_EQ(count("notify_robots"), 0);

  // A robot saved while allowed (or migrated) is still refused when sending.
  config_.notify_allow_private = true;
  const int64_t id = robot({{"kind", "wecom"}, {"url", standin_->wecom_url()}, {"rules", {rule("*")}}});
  config_.notify_allow_private = false;
  notice(simple("telemetry.alarm"));
  deliver();
  EXPECT_EQ(standin_->requests(), 0u);
  auto item = deliveries("?robot=" + std::to_string(id))["items"][0];
  EXPECT_EQ(item["state"], "failed");
  EXPECT_EQ(item["reason"], "private_address");
  auto test = call(admin_, "POST", "/api/v1/notify/robots/" + std::to_string(id) + "/test");
  EXPECT_EQ(test.json()["sent"], false);
  EXPECT_EQ(test.json()["reason"], "private_address");
  EXPECT_EQ(standin_->requests(), 0u);
}

TEST_F(NotifyRobots, RoutingByUnitEventAndPriority) {
  const int64_t a = robot({{"kind", "wecom"},
                           {"url", standin_->wecom_url()},
                           {"name", "集团群"},
                           {"rules", {rule("health.*"), rule("telemetry.alarm", "high")}}});
  const int64_t plant = robot({{"kind", "webhook"},
                               {"url", standin_->webhook_url()},
                               {"name", "第八水厂群"},
                               {"org_id", plant_a_},
                               {"rules", {rule("*", "normal")}}});
  const int64_t off = robot({{"kind", "wecom"}, {"url", standin_->wecom_url()}, {"name", "停用"}, {"enabled", false},
                             {"rules", {rule("*")}}});
  auto at = [&](int64_t org, const std::string& event, Priority p) {
    auto n = simple(event, p);
    n.org_id = org;
    notice(n);
  };
  at(dept_a_, "health.reminder", Priority::normal);      // a: the utility's rule covers its department
  at(util_a_, "telemetry.alarm", Priority::normal);      // nobody: a wants high alarms only
  at(plant_a_, "telemetry.alarm", Priority::high);       // a and the plant
  at(plant_a_, "briefing.submitted", Priority::low);     // nobody: the plant wants normal and above
  at(util_b_, "health.reminder", Priority::normal);      // nobody: another utility
  deliver();
  EXPECT_EQ(deliveries("?robot=" + std::to_string(a))["total"], 2);
  EXPECT_EQ(deliveries("?robot=" + std::to_string(plant))["total"], 1);
  EXPECT_EQ(deliveries("?robot=" + std::to_string(off))["total"], 0);
  EXPECT_EQ(count("notify_events", "routed_at IS NOT NULL"), 5);
  EXPECT_EQ(standin_->received().size(), 3u);
  auto health = deliveries("?event=health.");
  ASSERT_EQ(health["items"].size(), 1u);
  EXPECT_EQ(health["items"][0]["org_name"], "人力资源部");
  // Mentions go out only where the rule allows them.
  auto n = simple("health.reminder");
  n.mention_phones = {"13800001111"};
  notice(n);
  deliver();
  EXPECT_FALSE(standin_->received("wecom").back().body["news"].is_null()) << "no mention: news, not text";
}

TEST_F(NotifyRobots, TheSummaryCountsWhatTheDeliveryLogLists) {
  standin_->configure("dingtalk", {.secret = kSecret});
  robot({{"kind", "dingtalk"}, {"url", standin_->dingtalk_url()}, {"secret", "wrong"}, {"name", "错误密钥"},
         {"rules", {rule("telemetry.*")}}});
  robot({{"kind", "wecom"}, {"url", standin_->wecom_url()}, {"name", "企业微信群"}, {"rules", {rule("*")}}});
  robot({{"kind", "wecom"}, {"url", standin_->wecom_url()}, {"name", "安静"}, {"quiet_start", "00:00"},
         {"quiet_end", "23:59"}, {"rules", {rule("*")}}});
  notice(simple("telemetry.alarm"));
  notice(simple("briefing.submitted", Priority::low));
  deliver();
  const std::string day = "2020-01-25";
  const std::string q = "?org=" + std::to_string(util_a_) + "&date=" + day;
  auto summary = call(admin_, "GET", "/api/v1/notify/summary" + q);
  ASSERT_STATUS(summary, 200);
  EXPECT_EQ(summary.json()["sent"], 3);
  EXPECT_EQ(summary.json()["failed"], 1);
  EXPECT_EQ(summary.json()["queued"], 1);
  for (const char* state : {"sent", "failed", "queued"})
    EXPECT_EQ(deliveries(q + "&state=" + state)["total"], summary.json()[state]) << state;
  auto all = call(admin_, "GET", "/api/v1/summary" + q);
  ASSERT_STATUS(all, 200);
  nlohmann::json section;
  for (const auto parsed = all.json(); const auto& s : parsed["sections"])
    if (s["key"] == "notify") section = s;
  ASSERT_FALSE(section.is_null()) << all.body;
  EXPECT_EQ(section["figures"][1]["key"], "failed");
  EXPECT_EQ(section["figures"][1]["value"], 1);
  EXPECT_EQ(section["figures"][1]["state"], "alarm");
  EXPECT_EQ(section["figures"][1]["link"],
            "/notify/deliveries?org=" + std::to_string(util_a_) + "&from=" + day + "&to=" + day + "&state=failed");
  // Another day, another count.
  EXPECT_EQ(call(admin_, "GET", "/api/v1/notify/summary?date=2020-01-24").json()["total"], 0);
  auto staff = login("a_staff");
  auto none = call(staff, "GET", "/api/v1/summary?date=" + day);
  ASSERT_STATUS(none, 200);
  for (const auto parsed = none.json(); const auto& s : parsed["sections"]) EXPECT_NE(s["key"], "notify");
}

TEST_F(NotifyRobots, ADeliveryShowsItsAttempts) {
  standin_->configure("wecom", {.server_errors = 1});
  robot({{"kind", "wecom"}, {"url", standin_->wecom_url()}, {"rules", {rule("*")}}});
  notice(simple("telemetry.alarm"));
  deliver();
  clock_.advance(std::chrono::seconds(30));
  deliver();
  auto list = deliveries("");
  const int64_t id = list["items"][0]["id"];
  auto one = call(admin_, "GET", "/api/v1/notify/deliveries/" + std::to_string(id));
  ASSERT_STATUS(one, 200);
  EXPECT_EQ(one.json()["state"], "sent");
  EXPECT_EQ(one.json()["text"], "第八水厂出厂压力低于 0.25 MPa，请调度中心核实。");
  ASSERT_EQ(one.json()["attempt_log"].size(), 2u);
  EXPECT_EQ(one.json()["attempt_log"][0]["outcome"], "retry");
  EXPECT_EQ(one.json()["attempt_log"][0]["status"], 502);
  EXPECT_EQ(one.json()["attempt_log"][1]["outcome"], "sent");
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", "/api/v1/notify/deliveries/" + std::to_string(id)), 404);
  EXPECT_STATUS(call(admin_, "GET", "/api/v1/notify/deliveries?state=lost"), 400);
  EXPECT_STATUS(call(admin_, "GET", "/api/v1/notify/deliveries?from=2020-02-30"), 400);
}

}  // namespace
}  // namespace lifeline::test
