#include "core/local_time.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace lifeline {
namespace {

Instant at(const char* iso) { return *parse_instant(iso, "t"); }

TEST(LocalTime, DatesFollowTheUtilitysZoneNotUtc) {
  auto lt = LocalTime::load("Asia/Shanghai");
  ASSERT_TRUE(lt);
  // 23:30 UTC on 2 Feb is 07:30 on 3 Feb in Changsha.
  EXPECT_EQ(lt->date(at("2020-02-02T23:30:00Z")), "2020-02-03");
  EXPECT_EQ(lt->minute_of_day(at("2020-02-02T23:30:00Z")), 7 * 60 + 30);
  EXPECT_EQ(format_instant(lt->start_of("2020-02-03")), "2020-02-02T16:00:00Z");
  EXPECT_EQ(format_instant(lt->at("2020-02-03", 10 * 60)), "2020-02-03T02:00:00Z");
}

TEST(LocalTime, UnknownZoneIsAnErrorNamingTheSetting) {
  auto lt = LocalTime::load("Mars/Olympus");
  ASSERT_FALSE(lt);
  EXPECT_EQ(lt.error().fields.at(0).field, "time_zone");
}

TEST(LocalTime, DatesAreValidatedAndCounted) {
  EXPECT_TRUE(parse_date("2020-02-29", "date"));
  EXPECT_FALSE(parse_date("2019-02-29", "date"));
  EXPECT_FALSE(parse_date("2020-2-3", "date"));
  EXPECT_FALSE(parse_date("2020-02-03x", "date"));
  EXPECT_EQ(add_days("2020-01-31", 1), "2020-02-01");
  EXPECT_EQ(add_days("2020-03-01", -1), "2020-02-29");
  EXPECT_EQ(days_between("2020-01-24", "2020-02-02"), 9);
  EXPECT_EQ(*parse_clock_time("07:30", "t"), 450);
  EXPECT_FALSE(parse_clock_time("24:00", "t"));
  EXPECT_EQ(format_clock_time(600), "10:00");
}

}  // namespace
}  // namespace lifeline
