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

}  // namespace
}  // namespace lifeline::http
