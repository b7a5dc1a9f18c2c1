#include "app/notify/protocol.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "app/notify/dispatcher.h"
#include "app/notify/events.h"
#include "app/notify/secret_box.h"

namespace lifeline::app::notify {
namespace {

using nlohmann::json;
using Verdict = SendOutcome::Verdict;

const Instant kAt = from_millis(1579939200000);  // 2020-01-25T08:00:00Z

// Expected values computed with Python's hmac/base64/urllib, as the services' own examples do.
TEST(NotifyProtocol, SignaturesMatchTheServicesExamples) {
  ASSERT_GE(sodium_init(), 0);
  EXPECT_EQ(dingtalk_sign("SECtest", 1579939200000), "hZcXIlMIBQgYFsZrE7y/4T6F7+kpJEK/EqKw7YYGCEM=");
  EXPECT_EQ(url_encode(dingtalk_sign("SECtest", 1579939200000)),
            "hZcXIlMIBQgYFsZrE7y%2F4T6F7%2BkpJEK%2FEqKw7YYGCEM%3D");
  EXPECT_EQ(feishu_sign("SECtest", 1579939200), "ysIWDCfx/5qrRTc2xSeI86wrKwBY39ZYGXFc71skFew=");
  EXPECT_EQ(webhook_signature("SECtest", "1579939200", R"({"a":1})"),
            "624253d57847cdcd46e02c8aec715755e7c68f124316171360b182937e2f6a42");
}

TEST(NotifyProtocol, DingTalkPutsTheSignatureInTheUrl) {
  Message m{"health.reminder", Priority::normal, "健康打卡提醒", "尚有 2 人未打卡", "", {"13800001111"}};
  auto out = build_request({Kind::dingtalk, "https://oapi.dingtalk.com/robot/send?access_token=t", "SECtest", {}}, m, kAt);
  EXPECT_EQ(out.url,
            "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1579939200000"
            "&sign=hZcXIlMIBQgYFsZrE7y%2F4T6F7%2BkpJEK%2FEqKw7YYGCEM%3D");
  auto body = json::parse(out.body);
  EXPECT_EQ(body["msgtype"], "text");
  EXPECT_EQ(body["text"]["content"], "健康打卡提醒\n尚有 2 人未打卡\n@13800001111");
  EXPECT_EQ(body["at"], json({{"atMobiles", {"13800001111"}}, {"isAtAll", false}}));
  // Without a secret the URL is left alone.
  EXPECT_EQ(build_request({Kind::dingtalk, "https://x/robot/send?access_token=t", "", {}}, m, kAt).url,
            "https://x/robot/send?access_token=t");
}

TEST(NotifyProtocol, FeishuSignsInTheBodyWithSeconds) {
  Message m{"telemetry.alarm", Priority::high, "压力低", "出厂压力 0.21 MPa", "https://l.cn/#/x", {}};
  auto body = json::parse(build_request({Kind::feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/h", "SECtest",
                                         {"水务"}},
                                        m, kAt)
                              .body);
  EXPECT_EQ(body["timestamp"], "1579939200");
  EXPECT_EQ(body["sign"], "ysIWDCfx/5qrRTc2xSeI86wrKwBY39ZYGXFc71skFew=");
  EXPECT_EQ(body["msg_type"], "interactive");
  EXPECT_EQ(body["card"]["header"]["title"]["content"], "【水务】【紧急】压力低");
  EXPECT_EQ(body["card"]["elements"][1]["actions"][0]["url"], "https://l.cn/#/x");
}

TEST(NotifyProtocol, AKeywordIsAddedOnlyWhenNoneIsThere) {
  Message m{"e.x", Priority::normal, "供水保障：压力低", "…", "", {}};
  EXPECT_EQ(titled({"监控", "供水保障"}, m), "供水保障：压力低");
  EXPECT_EQ(titled({"监控"}, m), "【监控】供水保障：压力低");
  EXPECT_EQ(titled({}, m), "供水保障：压力低");
}

TEST(NotifyProtocol, WeComLimitsAreKept) {
  std::string long_text;
  for (int i = 0; i < 1000; ++i) long_text += "水";  // 3000 bytes
  Message m{"e.x", Priority::normal, "标题", long_text, "", {"13800001111"}};
  auto body = json::parse(build_request({Kind::wecom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "", {}},
                                        m, kAt)
                              .body);
  const std::string content = body["text"]["content"];
  EXPECT_LE(content.size(), 2048u);
  EXPECT_TRUE(content.ends_with("…"));
  EXPECT_TRUE(json::parse(body.dump()).is_object()) << "still valid UTF-8";
}

TEST(NotifyProtocol, SuccessOnlyWhenTheBodySaysSo) {
  EXPECT_EQ(read_answer(Kind::dingtalk, 200, R"({"errcode":0,"errmsg":"ok"})").verdict, Verdict::sent);
  auto sign = read_answer(Kind::dingtalk, 200, R"({"errcode":310000,"errmsg":"sign not match, more: [x]"})");
  EXPECT_EQ(sign.verdict, Verdict::refused);
  EXPECT_EQ(sign.reason, "signature_refused");
  EXPECT_EQ(sign.errcode, 310000);
  EXPECT_EQ(read_answer(Kind::dingtalk, 200, R"({"errcode":310000,"errmsg":"keywords not in content"})").reason,
            "keyword_refused");
  EXPECT_EQ(read_answer(Kind::dingtalk, 200, R"({"errcode":310000,"errmsg":"ip 1.2.3.4 not in whitelist"})").reason,
            "address_refused");
  EXPECT_EQ(read_answer(Kind::dingtalk, 200, R"({"errcode":130101,"errmsg":"send too fast"})").verdict,
            Verdict::rate_limited);
  EXPECT_EQ(read_answer(Kind::dingtalk, 200, R"({"errcode":300001,"errmsg":"token is not exist"})").verdict,
            Verdict::refused);
  EXPECT_EQ(read_answer(Kind::wecom, 200, R"({"errcode":45009,"errmsg":"api freq out of limit"})").verdict,
            Verdict::rate_limited);
  EXPECT_EQ(read_answer(Kind::wecom, 200, R"({"errcode":-1,"errmsg":"system busy"})").verdict, Verdict::retry);
  EXPECT_EQ(read_answer(Kind::feishu, 200, R"({"code":0,"msg":"success","data":{}})").verdict, Verdict::sent);
  EXPECT_EQ(read_answer(Kind::feishu, 200, R"({"StatusCode":0,"StatusMessage":"success"})").verdict, Verdict::sent);
  EXPECT_EQ(read_answer(Kind::feishu, 200, R"({"code":19024,"msg":"Key Words Not Found"})").reason, "keyword_refused");
  EXPECT_EQ(read_answer(Kind::feishu, 200, R"({"code":11232,"msg":"frequency limited"})").verdict,
            Verdict::rate_limited);
  // A 200 that is not the service's answer, a gateway error, a throttle, a plain webhook.
  EXPECT_EQ(read_answer(Kind::dingtalk, 200, "<html>portal</html>").verdict, Verdict::retry);
  EXPECT_EQ(read_answer(Kind::wecom, 502, "Bad Gateway").verdict, Verdict::retry);
  EXPECT_EQ(read_answer(Kind::feishu, 429, "").verdict, Verdict::rate_limited);
  EXPECT_EQ(read_answer(Kind::webhook, 204, "").verdict, Verdict::sent);
  EXPECT_EQ(read_answer(Kind::webhook, 401, "no").verdict, Verdict::refused);
}

TEST(NotifyProtocol, CutsUtf8OnCharacterBoundaries) {
  EXPECT_EQ(cut_utf8("水水水", 9), "水水水");
  EXPECT_EQ(cut_utf8("水水水", 8), "水…");  // 3 + "…" (3 bytes) fits; 6 + 3 does not
  EXPECT_EQ(cut_utf8("abcdef", 4), "a…");
}

TEST(NotifyRouting, EventPatterns) {
  EXPECT_TRUE(event_matches("*", "health.reminder"));
  EXPECT_TRUE(event_matches("health.*", "health.reminder"));
  EXPECT_TRUE(event_matches("health.reminder", "health.reminder"));
  EXPECT_FALSE(event_matches("health.*", "healthy.reminder"));
  EXPECT_FALSE(event_matches("health.reminder", "health.missing"));
  EXPECT_TRUE(valid_event_pattern("work_order.sla_breach"));
  EXPECT_TRUE(valid_event_pattern("health.*"));
  EXPECT_FALSE(valid_event_pattern("Health"));
  EXPECT_FALSE(valid_event_pattern("health..x"));
  EXPECT_FALSE(valid_event_pattern("health.*.x"));
  EXPECT_FALSE(valid_event_pattern(""));
}

TEST(NotifyDelivery, BackoffQuietHoursAndLinks) {
  using namespace std::chrono_literals;
  EXPECT_EQ(backoff(1), 30s);
  EXPECT_EQ(backoff(2), 60s);
  EXPECT_EQ(backoff(6), 16min);
  EXPECT_EQ(backoff(7), 30min);
  EXPECT_EQ(backoff(100), 30min);
  EXPECT_TRUE(in_quiet_hours(22 * 60, 7 * 60, 23 * 60));
  EXPECT_TRUE(in_quiet_hours(22 * 60, 7 * 60, 0));
  EXPECT_FALSE(in_quiet_hours(22 * 60, 7 * 60, 7 * 60));
  EXPECT_TRUE(in_quiet_hours(12 * 60, 14 * 60, 13 * 60));
  EXPECT_FALSE(in_quiet_hours(std::nullopt, std::nullopt, 0));
  EXPECT_EQ(page_url("https://l.cn/", "/health/census?org=2"), "https://l.cn/#/health/census?org=2");
  EXPECT_EQ(page_url("", "/x"), "");
}

TEST(NotifySecretBox, SealsAndOpensWithTheKeyOnly) {
  auto box = SecretBox::from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  ASSERT_TRUE(box.ok());
  auto sealed = box->seal("SECtest");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->find("SECtest"), std::string::npos);
  EXPECT_NE(*box->seal("SECtest"), *sealed) << "a fresh nonce each time";
  EXPECT_EQ(*box->open(*sealed), "SECtest");
  auto other = SecretBox::from_hex(std::string(64, 'f'));
  EXPECT_FALSE(other->open(*sealed).ok());
  std::string tampered = *sealed;
  tampered[30] = tampered[30] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box->open(tampered).ok());
  EXPECT_FALSE(SecretBox::from_hex("not hex").ok());
  auto none = SecretBox::from_hex("");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->seal("x").ok());
}

}  // namespace
}  // namespace lifeline::app::notify
