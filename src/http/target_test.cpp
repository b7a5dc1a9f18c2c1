#include "http/target.h"

#include <gtest/gtest.h>

namespace lifeline::http {
namespace {

TEST(Target, DecodesPathAndQuery) {
  auto t = parse_target("/api/v1/staff/%E5%BC%A0%20san?name=a+b&x=%26%3D&flag&empty=&name=second");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/api/v1/staff/\xE5\xBC\xA0 san");
  EXPECT_EQ(t->query.at("name"), "a b");  // the first value wins
  EXPECT_EQ(t->query.at("x"), "&=");
  EXPECT_EQ(t->query.at("flag"), "");
  EXPECT_EQ(t->query.at("empty"), "");
}

TEST(Target, PlusInThePathStaysPlus) {
  auto t = parse_target("/files/a+b.txt");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/files/a+b.txt");
}

TEST(Target, DotSegmentsAreDecodedForLaterChecks) {
  auto t = parse_target("/%2e%2e/%2E%2E/etc/passwd");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/../../etc/passwd");
}

TEST(Target, RejectsBadEscapesNulAndNonOriginForm) {
  EXPECT_FALSE(parse_target("/a%2"));
  EXPECT_FALSE(parse_target("/a%zz"));
  EXPECT_FALSE(parse_target("/a%00b"));
  EXPECT_FALSE(parse_target("/a?x=%0"));
  EXPECT_FALSE(parse_target("http://example.org/"));
  EXPECT_FALSE(parse_target(""));
  EXPECT_EQ(parse_target("/a%2").error().code, ErrorCode::invalid);
}

TEST(Target, NulInAQueryValueNamesTheParameter) {
  auto value = parse_target("/api/v1/hotline/calls?limit=5&q=%E5%BC%A0%00");
  ASSERT_FALSE(value);
  EXPECT_EQ(value.error().fields.at(0).field, "q");
  EXPECT_EQ(parse_target("/a?x%00=1").error().fields.at(0).field, "target");
  EXPECT_EQ(parse_target("/a%00b").error().fields.at(0).field, "target");
  EXPECT_EQ(parse_target("/a?q=a+%01b")->query.at("q"), std::string("a \x01") + "b");  // other control characters are text
}

TEST(Target, TextThatIsNotUtf8IsRefused) {
  EXPECT_EQ(parse_target("/api/v1/hotline/calls?q=%FF%FE").error().fields.at(0).field, "q");
  EXPECT_EQ(parse_target("/api/v1/hotline/calls?q=%ED%A0%80").error().fields.at(0).field, "q");  // a surrogate
  EXPECT_EQ(parse_target("/a/%C0%AF").error().fields.at(0).field, "target");  // an overlong "/"
  EXPECT_EQ(parse_target("/a?%FF=1").error().fields.at(0).field, "target");
  EXPECT_EQ(parse_target("/a?q=%E5%BC%A0")->query.at("q"), "张");
}

}  // namespace
}  // namespace lifeline::http
