// Health reminders through notify: the "remind" button and the scheduled
// reminder put notices into the outbox (nothing in health posts to a robot),
// mentioning the phones of those missing only where the unit's rule allows
// it; and the migration that turned each utility's reminder URL into a robot.
#include <gtest/gtest.h>

#include "app/schema.h"
#include "core/time.h"
#include "notify_fixture.h"
#include "support/test_database.h"

namespace lifeline::test {
namespace {

class NotifyHealth : public NotifyTest {
 protected:
  void SetUp() override {
    NotifyTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clock_.set(*parse_instant("2020-01-26T01:00:00Z", "t"));  // 09:00 in Shanghai; the deadline is 10:00
    admin_ = login("a_admin");  // the fixture's session idled out over the jump
    add_staff(dept_a_, "A1", "甲一", "a_staff");
    add_staff(dept_a_, "A3", "甲三", "", "13700001234");
    auto health = login("a_health");
    auto r = call(health, "POST", "/api/v1/health/checkins",
                  {{"staff_id", add_staff(util_a_, "U1", "丙一")}, {"temperature", 36.5}, {"location", "in_town"},
                   {"contact", "none"}, {"work_status", "on_duty"}});
    EXPECT_STATUS(r, 201);
  }
  // Level I over the utility: those without a check-in are missing.
  void respond() {
    auto commander = login("a_commander");
    ASSERT_STATUS(call(commander, "POST", "/api/v1/emergencies", {{"name", "新冠肺炎疫情"}, {"level", "I"}}), 201);
  }
  http::ClientResponse remind() {
    auto health = login("a_health");
    return call(health, "POST", "/api/v1/health/missing/remind", {{"org", util_a_}, {"date", "2020-01-26"}});
  }
};

TEST_F(NotifyHealth, TheRemindButtonQueuesANoticeForTheUnitsRobots) {
  EXPECT_EQ(remind().json()["count"], 0) << "no emergency: nobody is missing";
  respond();
  auto none = remind();
  ASSERT_STATUS(none, 200);
  EXPECT_EQ(none.json()["queued"], false);
  EXPECT_EQ(none.json()["error"], "no_robot");
  EXPECT_EQ(none.json()["count"], 2);
  EXPECT_EQ(count("notify_events"), 0);

  robot({{"kind", "wecom"}, {"url", standin_->wecom_url()}, {"rules", {rule("health.*", "low", true)}}});
  auto r = remind();
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.json()["queued"], true);
  EXPECT_EQ(r.json()["robots"], 1);
  EXPECT_EQ(remind().json()["queued"], false) << "a second press within the minute adds nothing";
  EXPECT_EQ(count("audit_log", "action = 'health.missing.remind'"), 4);  // with the one before the response
  deliver();
  auto got = standin_->received("wecom");
  ASSERT_EQ(got.size(), 1u);
  const std::string content = got[0].body["text"]["content"];
  EXPECT_NE(content.find("健康打卡提醒"), std::string::npos) << content;
  EXPECT_NE(content.find("尚有 2 人"), std::string::npos) << content;
  EXPECT_NE(content.find("甲三（人力资源部）"), std::string::npos) << content;
  EXPECT_NE(content.find("https://lifeline.example.cn/#/health/census?org=" + std::to_string(util_a_)),
            std::string::npos);
  EXPECT_EQ(got[0].body["text"]["mentioned_mobile_list"], nlohmann::json({"13912345678", "13700001234"}));
  EXPECT_EQ(content.find("13700001234"), std::string::npos) << "phones are mentions, not text";
}

TEST_F(NotifyHealth, WithoutTheUnitsLeaveNoPhoneLeavesLifeline) {
  respond();
  robot({{"kind", "dingtalk"}, {"url", standin_->dingtalk_url()}, {"rules", {rule("health.*")}}});
  ASSERT_EQ(remind().json()["queued"], true);
  deliver();
  auto got = standin_->received("dingtalk");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body.dump().find("13700001234"), std::string::npos) << got[0].body.dump();
  EXPECT_EQ(got[0].body["msgtype"], "actionCard");
}

TEST_F(NotifyHealth, TheReminderJobRemindsBeforeTheDeadlineAndListsTheMissingAfter) {
  robot({{"kind", "dingtalk"}, {"url", standin_->dingtalk_url()}, {"rules", {rule("health.*", "low", true)}}});
  auto& job = platform_->health().reminders;
  ASSERT_TRUE(job.run(clock_.now()).ok());
  EXPECT_EQ(count("notify_events"), 0) << "no emergency: check-ins are not required";
  auto commander = login("a_commander");
  ASSERT_STATUS(call(commander, "POST", "/api/v1/emergencies", {{"name", "新冠肺炎疫情"}, {"level", "I"}}), 201);
  clock_.set(*parse_instant("2020-01-26T01:29:00Z", "t"));  // 09:29
  ASSERT_TRUE(job.run(clock_.now()).ok());
  EXPECT_EQ(count("notify_events"), 0) << "more than 30 minutes before the deadline";
  clock_.set(*parse_instant("2020-01-26T01:30:00Z", "t"));  // 09:30
  ASSERT_TRUE(job.run(clock_.now()).ok());
  ASSERT_TRUE(job.run(clock_.now()).ok());
  EXPECT_EQ(count("notify_events", "event = 'health.reminder' AND mentions LIKE '%13700001234%'"), 1);
  clock_.set(*parse_instant("2020-01-26T02:05:00Z", "t"));  // 10:05
  ASSERT_TRUE(job.run(clock_.now()).ok());
  ASSERT_TRUE(job.run(clock_.now()).ok());
  EXPECT_EQ(count("notify_events", "event = 'health.missing'"), 1);
  EXPECT_EQ(count("notify_events"), 2);
  deliver();
  auto got = standin_->received("dingtalk");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body["at"]["atMobiles"], nlohmann::json({"13912345678", "13700001234"}));
  EXPECT_NE(got[1].text.find("未打卡名单"), std::string::npos);
  // Another utility without an emergency hears nothing.
  EXPECT_EQ(count("notify_events", "org_id = " + std::to_string(util_b_)), 0);
}

TEST(NotifyHealthMigration, EachUtilitysReminderUrlBecomesARobotWithTheHealthRule) {
  auto database = TestDatabase::create();
  if (!database) GTEST_SKIP() << "PostgreSQL run without LIFELINE_TEST_PG_URL";
  std::vector<store::Migration> before, all = app::migrations();
  for (const auto& m : all)
    if (m.version < 25) before.push_back(m);
  ASSERT_TRUE(store::migrate(database->db(), before).ok());
  auto st = database->db().run(store::TxMode::write, [](store::Tx& tx) -> Status {
    LL_CHECK(tx.execute("INSERT INTO orgs (parent_id, kind, code, name, path, created_at)"
                        " VALUES (1, 'utility', 'u1', '长沙水业集团', '/1/2/', 0)"));
    LL_CHECK(tx.execute("INSERT INTO orgs (parent_id, kind, code, name, path, created_at)"
                        " VALUES (1, 'utility', 'u2', '株洲水务集团', '/1/3/', 0)"));
    LL_CHECK(tx.execute("INSERT INTO health_settings (utility_id, window_start, deadline, fever_celsius, symptoms,"
                        " reminder_webhook, retention_days, updated_at) VALUES"
                        " ((SELECT id FROM orgs WHERE code = 'u1'), 420, 600, 37.3, '[]',"
                        " 'https://oapi.dingtalk.com/robot/send?access_token=abc', 30, 0)"));
    return tx.execute("INSERT INTO health_settings (utility_id, window_start, deadline, fever_celsius, symptoms,"
                      " reminder_webhook, retention_days, updated_at) VALUES"
                      " ((SELECT id FROM orgs WHERE code = 'u2'), 420, 600, 37.3, '[]', NULL, 30, 0)");
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  ASSERT_TRUE(store::migrate(database->db(), all).ok());
  auto robots = database->db().transact(store::TxMode::read, [](store::Tx& tx) {
    return tx.query("SELECT r.kind, r.name, r.url, o.code, ru.event, ru.min_priority, ru.mention FROM notify_robots r"
                    " JOIN orgs o ON o.id = r.org_id JOIN notify_rules ru ON ru.robot_id = r.id");
  });
  ASSERT_TRUE(robots.ok()) << robots.error().message;
  ASSERT_EQ(robots->size(), 1u);
  const auto& r = (*robots)[0];
  EXPECT_EQ(r.text(0), "dingtalk");
  EXPECT_EQ(r.text(1), "健康打卡提醒");
  EXPECT_EQ(r.text(2), "https://oapi.dingtalk.com/robot/send?access_token=abc");
  EXPECT_EQ(r.text(3), "u1");
  EXPECT_EQ(r.text(4), "health.*");
  EXPECT_EQ(r.text(5), "low");
  EXPECT_EQ(r.integer(6), 0);
  auto column = database->db().transact(store::TxMode::read, [](store::Tx& tx) {
    return tx.query("SELECT reminder_webhook FROM health_settings");
  });
  EXPECT_FALSE(column.ok()) << "the setting is gone";
}

}  // namespace
}  // namespace lifeline::test
