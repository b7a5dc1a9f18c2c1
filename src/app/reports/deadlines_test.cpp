#include "app/reports/deadlines.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace lifeline::app::reports {
namespace {

Instant at(const char* iso) { return *parse_instant(iso, "t"); }

Template twice_daily(const char* effective) {
  Template t;
  t.id = 1;
  TemplateVersion v;
  v.version = 1;
  v.deadlines = {8 * 60, 16 * 60};
  v.effective_from = at(effective);
  t.versions.push_back(v);
  return t;
}

TEST(Deadlines, TwiceADayInTheUtilitysZone) {
  auto zone = *duty::Zone::load("Asia/Shanghai");
  Template t = twice_daily("2020-01-01T00:00:00Z");
  auto d = deadlines_on(t, zone, "2020-01-25");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].at, at("2020-01-25T00:00:00Z"));  // 08:00 +08:00
  EXPECT_EQ(d[1].at, at("2020-01-25T08:00:00Z"));
  EXPECT_TRUE(deadline_at(t, zone, at("2020-01-25T08:00:00Z")));
  EXPECT_FALSE(deadline_at(t, zone, at("2020-01-25T09:00:00Z")));
  // The 16:00 window opens at 08:00; the 08:00 one at the day before's 16:00.
  EXPECT_EQ(opens_at(t, zone, d[1].at), d[0].at);
  EXPECT_EQ(opens_at(t, zone, d[0].at), at("2020-01-24T08:00:00Z"));
}

TEST(Deadlines, ANewVersionAppliesFromWhenItTakesEffect) {
  auto zone = *duty::Zone::load("Asia/Shanghai");
  Template t = twice_daily("2020-01-01T00:00:00Z");
  TemplateVersion v2 = t.versions[0];
  v2.version = 2;
  v2.deadlines = {9 * 60};
  v2.effective_from = at("2020-01-25T03:00:00Z");  // 11:00 local: after the 08:00 deadline
  t.versions.push_back(v2);
  auto d = deadlines_on(t, zone, "2020-01-25");
  ASSERT_EQ(d.size(), 1u);  // 08:00 under v1; 09:00 was before v2; 16:00 gone
  EXPECT_EQ(d[0].version->version, 1);
  auto next = deadlines_on(t, zone, "2020-01-26");
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].at, at("2020-01-26T01:00:00Z"));
  EXPECT_EQ(next[0].version->version, 2);
  EXPECT_TRUE(deadlines_on(t, zone, "2019-12-31").empty());  // before the template existed
}

TEST(Deadlines, WeekdaysOnlyAndAChangeOfTheClocks) {
  auto zone = *duty::Zone::load("America/New_York");
  Template t = twice_daily("2021-01-01T00:00:00Z");
  t.versions[0].deadlines = {150};  // 02:30, skipped on 2021-03-14
  t.versions[0].days = 0x7f;
  auto spring = deadlines_on(t, zone, "2021-03-14");
  ASSERT_EQ(spring.size(), 1u);
  EXPECT_EQ(spring[0].at, at("2021-03-14T07:00:00Z"));  // the moment the clocks jump
  t.versions[0].days = 0x1f;
  EXPECT_TRUE(deadlines_on(t, zone, "2021-03-14").empty());  // a Sunday
  EXPECT_EQ(deadlines_between(t, zone, at("2021-03-08T00:00:00Z"), at("2021-03-15T00:00:00Z")).size(), 5u);
}

}  // namespace
}  // namespace lifeline::app::reports
