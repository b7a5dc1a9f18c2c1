#include "core/time.h"

#include <gtest/gtest.h>

namespace lifeline {
namespace {

TEST(Time, FormatsUtcWithOptionalMillis) {
  EXPECT_EQ(format_instant(from_millis(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_instant(from_millis(1579744800123)), "2020-01-23T02:00:00.123Z");
}

TEST(Time, ParsesOffsetsAndRoundTrips) {
  auto t = parse_instant("2020-01-25T08:30:00+08:00", "at");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(format_instant(*t), "2020-01-25T00:30:00Z");
  EXPECT_EQ(*parse_instant(format_instant(*t), "at"), *t);
  EXPECT_EQ(format_instant(*parse_instant("2020-01-25T00:30:00.5Z", "at")), "2020-01-25T00:30:00.500Z");
}

TEST(Time, RejectsMalformedTimesNamingTheField) {
  for (const char* bad : {"", "yesterday", "2020-13-01T00:00:00Z", "2020-01-01T25:00:00Z", "2020-01-01T00:00:00",
                          "2020-01-01T00:00:00Zjunk", "2020-01-01T00:00:00+0800"}) {
    auto r = parse_instant(bad, "started_at");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().fields[0].field, "started_at");
  }
}

}  // namespace
}  // namespace lifeline
