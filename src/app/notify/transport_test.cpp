#include "app/notify/transport.h"

#include <gtest/gtest.h>

#include "http/router.h"
#include "http/server.h"

namespace lifeline::app::notify {
namespace {

TEST(NotifyTransport, ForbiddenAddresses) {
  for (const char* ip : {"127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                         "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::",
                         "fe80::1", "fd00::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
                         "64:ff9b::a00:1", "[::1]", "2001:db8::1", "not-an-ip"})
    EXPECT_TRUE(is_forbidden_address(ip)) << ip;
  for (const char* ip : {"8.8.8.8", "203.119.129.1", "172.32.0.1", "100.128.0.1", "2400:3200::1",
                         "::ffff:8.8.8.8", "64:ff9b::808:808"})
    EXPECT_FALSE(is_forbidden_address(ip)) << ip;
}

TEST(NotifyTransport, UrlsAreCheckedAndTheCheckedAddressPinned) {
  EXPECT_TRUE(check_url("https://oapi.dingtalk.com/robot/send?access_token=x").ok());
  EXPECT_FALSE(check_url("ftp://oapi.dingtalk.com/").ok());
  EXPECT_FALSE(check_url("oapi.dingtalk.com/robot").ok());
  EXPECT_FALSE(check_url("https://user:pw@oapi.dingtalk.com/").ok());
  auto refused = resolve_checked("http://127.0.0.1:8080/hook", false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  EXPECT_FALSE(resolve_checked("http://localhost:8080/hook", false).ok());
  EXPECT_FALSE(resolve_checked("http://[::1]:8080/hook", false).ok());
  EXPECT_EQ(*resolve_checked("http://127.0.0.1:8080/hook", true), "127.0.0.1:8080:127.0.0.1");
  EXPECT_EQ(*resolve_checked("http://127.0.0.1/hook", true), "127.0.0.1:80:127.0.0.1");
  EXPECT_EQ(*resolve_checked("https://[::1]/hook", true), "[::1]:443:[::1]");
  auto local = resolve_checked("http://localhost:9/x", true);
  ASSERT_TRUE(local.ok());
  EXPECT_TRUE(local->starts_with("localhost:9:"));
}

// The demo's robots live under .invalid: no DNS server is asked about them.
TEST(NotifyTransport, ReservedInvalidNamesNeverResolve) {
  for (const char* url : {"https://oapi.dingtalk.demo.invalid/robot/send?access_token=x", "http://INVALID/x",
                          "https://a.Invalid./x"}) {
    auto r = resolve_checked(url, true);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.error().code, ErrorCode::unavailable) << url;
  }
  auto answer = post_json("https://oapi.dingtalk.demo.invalid/robot/send", "{}", {}, {.allow_private = false});
  EXPECT_EQ(answer.status, 0);
  EXPECT_FALSE(answer.refused_address);
  EXPECT_NE(answer.error.find(".invalid"), std::string::npos) << answer.error;
}

TEST(NotifyTransport, RefusesToConnectToAForbiddenAddress) {
  auto answer = post_json("http://127.0.0.1:9/hook", "{}", {}, {.allow_private = false});
  EXPECT_EQ(answer.status, 0);
  EXPECT_TRUE(answer.refused_address);
  EXPECT_NE(answer.error.find("loopback"), std::string::npos);
  auto closed = post_json("http://127.0.0.1:9/hook", "{}", {}, {.allow_private = true});
  EXPECT_EQ(closed.status, 0);
  EXPECT_FALSE(closed.refused_address);
  EXPECT_FALSE(closed.error.empty());
}

// DNS rebinding: the request goes to the address that was checked, even for a
// host name that no longer resolves (or now resolves elsewhere).
TEST(NotifyTransport, TheCheckedAddressIsTheOneConnectedTo) {
  http::Router router;
  router.add("POST", "/hook", [](http::Request& req) { return http::Response::json(200, {{"host", req.header("host")}}); });
  http::ServerOptions options;
  options.port = 0;
  http::Server server(options, std::move(router));
  ASSERT_TRUE(server.start().ok());
  const std::string port = std::to_string(server.port());
  auto answer = post_pinned("http://robot.invalid:" + port + "/hook", "robot.invalid:" + port + ":127.0.0.1", "{}",
                            {"Content-Type: application/json"}, {});
  EXPECT_EQ(answer.status, 200) << answer.error;
  EXPECT_NE(answer.body.find("robot.invalid"), std::string::npos) << answer.body;
  // Without the pin the name resolves nowhere.
  EXPECT_EQ(post_json("http://robot.invalid:" + port + "/hook", "{}", {}, {.allow_private = true}).status, 0);
  server.stop();
}

}  // namespace
}  // namespace lifeline::app::notify
