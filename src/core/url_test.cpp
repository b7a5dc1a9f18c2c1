#include "core/url.h"

#include <gtest/gtest.h>

namespace lifeline {
namespace {

TEST(BaseUrl, KeepsSchemeHostPortAndPathPrefix) {
  auto url = parse_base_url("HTTPS://Lifeline.Example.org/ops/", "public_base_url");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "lifeline.example.org");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->origin(), "https://lifeline.example.org");
  EXPECT_EQ(url->link("/#/c/abc"), "https://lifeline.example.org/ops/#/c/abc");
  auto local = parse_base_url("http://10.0.0.5:8080", "x");
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->origin(), "http://10.0.0.5:8080");
  EXPECT_EQ(local->link("/#/c/abc"), "http://10.0.0.5:8080/#/c/abc");
  EXPECT_EQ(parse_base_url("http://[::1]:8080/", "x")->origin(), "http://[::1]:8080");
  EXPECT_EQ(parse_base_url("http://a.example:80", "x")->origin(), "http://a.example");
}

TEST(BaseUrl, RefusesWhatCouldNameAnotherHostOrCarryMore) {
  for (const char* bad : {"", "lifeline.example.org", "ftp://a.example", "https://", "https://user@evil.example",
                          "https://a.example:0", "https://a.example:65536", "https://a.example:", "https://a.example?x=1",
                          "https://a.example/#/c", "https://a b.example", "https://a.example\\@evil", "javascript://x",
                          "https://[::1", "https://a.example/p q"}) {
    auto r = parse_base_url(bad, "public_base_url");
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().fields[0].field, "public_base_url");
    }
  }
}

TEST(Origin, ParsesOnlySchemeHostAndPort) {
  EXPECT_EQ(parse_origin("http://127.0.0.1:8080")->origin(), "http://127.0.0.1:8080");
  EXPECT_EQ(parse_origin("https://A.example:443")->origin(), "https://a.example");
  for (const char* bad : {"null", "http://a.example/", "file://x", "http//a.example", "https://a.example:x",
                          "chrome-extension://abc"})
    EXPECT_FALSE(parse_origin(bad).has_value()) << bad;
}

}  // namespace
}  // namespace lifeline
