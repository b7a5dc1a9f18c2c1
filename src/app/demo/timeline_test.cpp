#include "app/demo/timeline.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace lifeline::app::demo {
namespace {

TEST(Timeline, TodayIsDayEighteenAndDayOneSeventeenDaysBefore) {
  auto local = LocalTime::load("Asia/Shanghai");
  ASSERT_TRUE(local);
  // 2026-12-07 01:30 UTC is 09:30 in Changsha.
  Timeline t(*local, *parse_instant("2026-12-07T01:30:00Z", "now"));
  EXPECT_EQ(t.date(Timeline::kToday), "2026-12-07");
  EXPECT_EQ(t.date(1), "2026-11-20");
  EXPECT_EQ(t.date(0), "2026-11-19");
  EXPECT_EQ(t.day_of("2026-11-22"), 3);
  EXPECT_EQ(format_instant(t.at(3, 8, 30)), "2026-11-22T00:30:00Z");
  EXPECT_EQ(Timeline::seed_date(1), "2020-01-24");
  EXPECT_EQ(Timeline::seed_date(15), "2020-02-07");
  EXPECT_EQ(Timeline::seed_date(Timeline::kToday), "2020-02-10");
}

TEST(Timeline, TheLocalDateDecidesTodayNotUtc) {
  auto local = LocalTime::load("Asia/Shanghai");
  ASSERT_TRUE(local);
  // 17:00 UTC on the 6th is already 01:00 on the 7th in Changsha.
  Timeline t(*local, *parse_instant("2026-12-06T17:00:00Z", "now"));
  EXPECT_EQ(t.date(Timeline::kToday), "2026-12-07");
}

}  // namespace
}  // namespace lifeline::app::demo
