// Delivery from the outbox to the DingTalk, WeCom and Feishu stand-ins and a
// webhook: each protocol as documented (signature, keywords, mentions, card
// shapes), the service's answer read, a refused signature failed at once,
// rate limits and back-off on the manual clock, quiet hours, and one delivery
// however many servers run the job.
#include <gtest/gtest.h>

#include <thread>

#include "app/notify/dispatcher.h"
#include "core/time.h"
#include "notify_fixture.h"

namespace lifeline::test {
namespace {

using namespace std::chrono_literals;
using app::notify::Priority;

class NotifyDelivery : public NotifyTest {};

TEST_F(NotifyDelivery, DingTalkSignedMessageMentionsThePeopleAndCarriesTheKeyword) {
  standin_->configure("dingtalk", {.secret = kSecret, .keywords = {"供水保障"}});
  const int64_t id = robot({{"kind", "dingtalk"},
                            {"url", standin_->dingtalk_url()},
                            {"secret", kSecret},
                            {"keywords", {"供水保障"}},
                            {"rules", {rule("health.*", "low", true)}}});
  auto n = simple("health.reminder");
  n.title = "健康打卡提醒";
  n.text = "长沙水业集团：尚有 2 人未完成健康打卡。";
  n.link = "/health/census?org=2";
  n.mention_phones = {"13800001111", "13900002222"};
  notice(n);
  deliver();
  auto got = standin_->received("dingtalk");
  ASSERT_EQ(got.size(), 1u);
  const auto& body = got[0].body;
  EXPECT_EQ(body["msgtype"], "markdown");  // a link and mentions
  EXPECT_EQ(body["at"]["atMobiles"], nlohmann::json({"13800001111", "13900002222"}));
  EXPECT_EQ(body["at"]["isAtAll"], false);
  const std::string text = body["markdown"]["text"];
  EXPECT_NE(text.find("@13800001111"), std::string::npos) << "DingTalk highlights a mention written in the text";
  EXPECT_NE(text.find("@13900002222"), std::string::npos);
  EXPECT_NE(text.find("供水保障"), std::string::npos) << "the required keyword is always included";
  EXPECT_NE(text.find("https://lifeline.example.cn/#/health/census?org=2"), std::string::npos);

  auto list = deliveries("?robot=" + std::to_string(id));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["event"], "health.reminder");
  EXPECT_EQ(list["items"][0]["state"], "sent");
  EXPECT_EQ(list["items"][0]["attempts"], 1);
  EXPECT_FALSE(list["items"][0].contains("error"));
}

TEST_F(NotifyDelivery, DingTalkLinkWithoutMentionsIsAnActionCardAndPlainNoticesAreText) {
  robot({{"kind", "dingtalk"}, {"url", standin_->dingtalk_url()}, {"rules", {rule("*")}}});
  notice(simple("telemetry.alarm", Priority::high));
  auto plain = simple("briefing.submitted");
  plain.link.clear();
  notice(plain);
  deliver();
  auto got = standin_->received("dingtalk");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body["msgtype"], "actionCard");  // high first
  EXPECT_EQ(got[0].body["actionCard"]["singleURL"], "https://lifeline.example.cn/#/repair/incidents/7");
  EXPECT_EQ(got[0].body["actionCard"]["title"], "【紧急】管网压力异常");
  EXPECT_EQ(got[1].body["msgtype"], "text");
  EXPECT_EQ(got[1].body["text"]["content"].get<std::string>().rfind("管网压力异常\n第八水厂", 0), 0u);
}

TEST_F(NotifyDelivery, AWrongSecretEndsAsFailedSignatureRefusedAndIsNotRetried) {
  standin_->configure("dingtalk", {.secret = kSecret});
  const int64_t id = robot({{"kind", "dingtalk"},
                            {"url", standin_->dingtalk_url()},
                            {"secret", "SECnot-the-robots-secret"},
                            {"rules", {rule("*")}}});
  notice(simple("work_order.sla_breach"));
  deliver();
  EXPECT_TRUE(standin_->received().empty());
  auto item = deliveries("?robot=" + std::to_string(id))["items"][0];
  EXPECT_EQ(item["state"], "failed");
  EXPECT_EQ(item["reason"], "signature_refused");
  EXPECT_EQ(item["errcode"], 310000);
  EXPECT_NE(item["error"].get<std::string>().find("sign not match"), std::string::npos);
  EXPECT_EQ(item["attempts"], 1);
  clock_.advance(1h);
  deliver();
  EXPECT_EQ(standin_->requests(), 1u) << "a refused signature is not retried";

  // The test message shows the service's answer.
  auto test = call(admin_, "POST", "/api/v1/notify/robots/" + std::to_string(id) + "/test");
  ASSERT_STATUS(test, 200);
  EXPECT_EQ(test.json()["sent"], false);
  EXPECT_EQ(test.json()["status"], 200);
  EXPECT_EQ(test.json()["errcode"], 310000);
  EXPECT_NE(test.json()["message"].get<std::string>().find("sign not match"), std::string::npos);
  // With the right secret it goes through.
  ASSERT_STATUS(call(admin_, "PATCH", "/api/v1/notify/robots/" + std::to_string(id), {{"secret", kSecret}}), 200);
  auto ok = call(admin_, "POST", "/api/v1/notify/robots/" + std::to_string(id) + "/test");
  EXPECT_EQ(ok.json()["sent"], true) << ok.body;
  EXPECT_EQ(ok.json()["errcode"], 0);
  EXPECT_EQ(ok.json()["message"], "ok");
}

TEST_F(NotifyDelivery, ARobotThatRequiresAKeywordRefusesMessagesWithoutIt) {
  standin_->configure("dingtalk", {.keywords = {"lifeline"}});
  const int64_t bare = robot({{"kind", "dingtalk"}, {"url", standin_->dingtalk_url()}, {"rules", {rule("*")}}});
  notice(simple("quality.exceedance"));
  deliver();
  auto item = deliveries("?robot=" + std::to_string(bare))["items"][0];
  EXPECT_EQ(item["state"], "failed");
  EXPECT_EQ(item["reason"], "keyword_refused");
  // Told its keyword, the robot puts it in every message.
  ASSERT_STATUS(call(admin_, "PATCH", "/api/v1/notify/robots/" + std::to_string(bare), {{"keywords", {"lifeline"}}}),
                200);
  notice(simple("quality.exceedance"));
  deliver();
  auto got = standin_->received("dingtalk");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body["actionCard"]["title"], "【lifeline】管网压力异常");
}

TEST_F(NotifyDelivery, WeComMentionsByPhoneInTextAndSendsLinksAsNews) {
  robot({{"kind", "wecom"}, {"url", standin_->wecom_url()}, {"rules", {rule("*", "low", true)}}});
  auto mentioned = simple("duty.shift_reminder");
  mentioned.mention_phones = {"13800001111"};
  notice(mentioned);
  notice(simple("supplies.stock_alert"));
  auto bare = simple("briefing.submitted");
  bare.link.clear();
  notice(bare);
  deliver();
  auto got = standin_->received("wecom");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].body["msgtype"], "text");
  EXPECT_EQ(got[0].body["text"]["mentioned_mobile_list"], nlohmann::json({"13800001111"}));
  EXPECT_EQ(got[1].body["msgtype"], "news");
  EXPECT_EQ(got[1].body["news"]["articles"][0]["url"], "https://lifeline.example.cn/#/repair/incidents/7");
  EXPECT_EQ(got[2].body["msgtype"], "markdown");
}

TEST_F(NotifyDelivery, FeishuSignsWithSecondsAndSendsCards) {
  standin_->configure("feishu", {.secret = kSecret, .keywords = {"水务"}});
  robot({{"kind", "feishu"},
         {"url", standin_->feishu_url()},
         {"secret", kSecret},
         {"keywords", {"水务"}},
         {"rules", {rule("*", "low", true)}}});
  auto card = simple("work_order.sla_warning", Priority::high);
  card.mention_phones = {"13800001111"};
  notice(card);
  auto post = simple("report.deadline");
  post.link.clear();
  notice(post);
  deliver();
  auto got = standin_->received("feishu");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body["msg_type"], "interactive");
  EXPECT_EQ(got[0].body["timestamp"], std::to_string(to_millis(clock_.now()) / 1000));
  EXPECT_EQ(got[0].body["card"]["header"]["template"], "red");
  EXPECT_NE(got[0].text.find("13800001111"), std::string::npos) << "Feishu cannot @ a phone: it is written out";
  EXPECT_EQ(got[1].body["msg_type"], "post");
  EXPECT_EQ(got[1].body["content"]["post"]["zh_cn"]["title"], "【水务】管网压力异常");

  // A wrong secret: Feishu's 19021.
  standin_->configure("feishu", {.secret = "another"});
  notice(simple("report.deadline"));
  deliver();
  auto failed = deliveries("?state=failed");
  ASSERT_EQ(failed["items"].size(), 1u);
  EXPECT_EQ(failed["items"][0]["errcode"], 19021);
  EXPECT_EQ(failed["items"][0]["reason"], "signature_refused");
}

TEST_F(NotifyDelivery, AWebhookIsSignedWithItsSecret) {
  standin_->configure("webhook", {.secret = kSecret});
  robot({{"kind", "webhook"}, {"url", standin_->webhook_url()}, {"secret", kSecret}, {"rules", {rule("*")}}});
  notice(simple("telemetry.alarm"));
  deliver();
  auto got = standin_->received("webhook");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body["event"], "telemetry.alarm");
  EXPECT_EQ(got[0].body["url"], "https://lifeline.example.cn/#/repair/incidents/7");
}

TEST_F(NotifyDelivery, AtMostTheRobotsRateThenTheRestInTheNextMinute) {
  const int64_t id = robot({{"kind", "wecom"}, {"url", standin_->wecom_url()}, {"rate_per_minute", 3},
                            {"rules", {rule("*")}}});
  for (int i = 0; i < 5; ++i) notice(simple("telemetry.alarm"));
  deliver();
  EXPECT_EQ(standin_->received().size(), 3u);
  clock_.advance(30s);
  deliver();
  EXPECT_EQ(standin_->received().size(), 3u) << "the minute is not over";
  clock_.advance(31s);
  deliver();
  EXPECT_EQ(standin_->received().size(), 5u);
  EXPECT_EQ(deliveries("?robot=" + std::to_string(id) + "&state=sent")["total"], 5);
}

TEST_F(NotifyDelivery, ARateLimitAnswerPausesTheRobotAndRetriesLater) {
  standin_->configure("dingtalk", {.too_fast = 1});
  const int64_t id = robot({{"kind", "dingtalk"}, {"url", standin_->dingtalk_url()}, {"rules", {rule("*")}}});
  notice(simple("telemetry.alarm"));
  notice(simple("telemetry.alarm"));
  deliver();
  EXPECT_EQ(standin_->requests(), 1u) << "a too-fast answer stops the run";
  auto items = deliveries("?robot=" + std::to_string(id))["items"];
  ASSERT_EQ(items.size(), 2u);
  for (const auto& d : items) EXPECT_EQ(d["state"], "queued");
  EXPECT_EQ(items[1]["reason"], "rate_limited");  // the older one was tried
  EXPECT_EQ(items[1]["errcode"], 130101);
  EXPECT_EQ(items[0]["attempts"], 0) << "the untried one gives its claim back";
  clock_.advance(1min);
  deliver();
  EXPECT_EQ(standin_->requests(), 1u) << "paused";
  clock_.advance(61s);
  deliver();
  EXPECT_EQ(standin_->received().size(), 2u);
  EXPECT_EQ(deliveries("?robot=" + std::to_string(id) + "&state=sent")["total"], 2);
}

TEST_F(NotifyDelivery, NetworkErrorsBackOffAndGiveUpAfterTenAttempts) {
  standin_->configure("wecom", {.server_errors = 1});
  const int64_t flaky = robot({{"kind", "wecom"}, {"url", standin_->wecom_url()}, {"rules", {rule("*")}}});
  notice(simple("telemetry.alarm"));
  deliver();
  auto item = deliveries("?robot=" + std::to_string(flaky))["items"][0];
  EXPECT_EQ(item["state"], "queued");
  EXPECT_EQ(item["reason"], "service_error");
  clock_.advance(29s);
  deliver();
  EXPECT_EQ(standin_->requests(), 1u) << "waits 30 s";
  clock_.advance(1s);
  deliver();
  EXPECT_EQ(deliveries("?robot=" + std::to_string(flaky))["items"][0]["state"], "sent");

  // A robot nobody answers at: 30 s, 1, 2, 4, … minutes, then failed.
  auto gone = call(admin_, "DELETE", "/api/v1/notify/robots/" + std::to_string(flaky));
  ASSERT_STATUS(gone, 204);
  RobotStandIn closed([this] { return to_millis(clock_.now()); });
  ASSERT_TRUE(closed.start().ok());
  const std::string url = closed.wecom_url();
  closed.stop();
  const int64_t dead = robot({{"kind", "wecom"}, {"url", url}, {"name", "已停用的群"}, {"rules", {rule("*")}}});
  notice(simple("telemetry.alarm"));
  for (int attempt = 1; attempt <= 10; ++attempt) {
    deliver();
    auto d = deliveries("?robot=" + std::to_string(dead))["items"][0];
    EXPECT_EQ(d["attempts"], attempt);
    EXPECT_EQ(d["reason"], "network");
    EXPECT_EQ(d["state"], attempt < 10 ? "queued" : "failed");
    clock_.advance(app::notify::backoff(attempt) - 1s);
    deliver();  // not yet
    EXPECT_EQ(deliveries("?robot=" + std::to_string(dead))["items"][0]["attempts"], attempt);
    clock_.advance(1s);
  }
  auto failed = deliveries("?robot=" + std::to_string(dead))["items"][0];
  EXPECT_NE(failed["error"].get<std::string>().find("gave up after 10 attempts"), std::string::npos);
}

TEST_F(NotifyDelivery, LowPrioritiesWaitOutTheQuietHours) {
  // 23:00 in Asia/Shanghai.
  clock_.set(*parse_instant("2020-01-25T15:00:00Z", "t"));
  robot({{"kind", "wecom"},
         {"url", standin_->wecom_url()},
         {"quiet_start", "22:00"},
         {"quiet_end", "07:00"},
         {"rules", {rule("*")}}});
  notice(simple("briefing.submitted", Priority::low));
  notice(simple("telemetry.alarm", Priority::high));
  deliver();
  ASSERT_EQ(standin_->received().size(), 1u);
  EXPECT_EQ(standin_->received()[0].body["news"]["articles"][0]["title"], "【紧急】管网压力异常");
  clock_.set(*parse_instant("2020-01-25T22:59:00Z", "t"));  // 06:59
  deliver();
  EXPECT_EQ(standin_->received().size(), 1u);
  clock_.advance(1min);  // 07:00
  deliver();
  EXPECT_EQ(standin_->received().size(), 2u);
}

TEST_F(NotifyDelivery, TwoServersRunningTheJobDeliverEachNoticeOnce) {
  robot({{"kind", "wecom"}, {"url", standin_->wecom_url()}, {"rate_per_minute", 600}, {"rules", {rule("*")}}});
  for (int i = 0; i < 20; ++i) notice(simple("telemetry.alarm"));
  app::notify::Dispatcher other(*runtime_, platform_->notify().box);
  std::thread a([&] { (void)platform_->notify().dispatcher.run(clock_.now()); });
  std::thread b([&] { (void)other.run(clock_.now()); });
  a.join();
  b.join();
  deliver();  // whatever either left behind
  EXPECT_EQ(standin_->received().size(), 20u);
  EXPECT_EQ(count("notify_deliveries", "state = 'sent'"), 20);
  EXPECT_EQ(count("notify_attempts"), 20);
}

TEST_F(NotifyDelivery, TheSchedulerRunsTheDeliveryJob) {
  robot({{"kind", "wecom"}, {"url", standin_->wecom_url()}, {"rules", {rule("*")}}});
  notice(simple("telemetry.alarm"));
  auto ran = platform_->scheduler().tick();
  EXPECT_NE(std::find(ran.begin(), ran.end(), "notify.deliver"), ran.end());
  EXPECT_EQ(standin_->received().size(), 1u);
}

}  // namespace
}  // namespace lifeline::test
