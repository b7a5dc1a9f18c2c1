#include "app/hotline/sla.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace lifeline::app::hotline {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Instant t0() { return *parse_instant("2020-01-25T08:00:00Z", "t0"); }

TEST(HotlineSla, TargetsPerCategory) {
  EXPECT_EQ(sla_targets("burst_leak")->respond, minutes(15));
  EXPECT_EQ(sla_targets("no_water")->close, hours(24));
  EXPECT_EQ(sla_targets("quality")->respond, minutes(30));
  EXPECT_EQ(sla_targets("epidemic_policy")->close, hours(72));
  EXPECT_FALSE(sla_targets("weather"));
}

TEST(HotlineSla, OpenCallWarnsThenBreaches) {
  EXPECT_EQ(sla_of("burst_leak", t0(), {}, {}, t0() + minutes(5)).state, "pending");
  EXPECT_EQ(sla_of("burst_leak", t0(), {}, {}, t0() + minutes(12)).state, "warning");  // last fifth: 12..15
  EXPECT_EQ(sla_of("burst_leak", t0(), {}, {}, t0() + minutes(16)).state, "breached");
  auto s = sla_of("billing", t0(), {}, {}, t0());
  EXPECT_EQ(s.respond_due, t0() + minutes(30));
  EXPECT_EQ(s.close_due, t0() + hours(72));
}

TEST(HotlineSla, AnsweredCallFollowsItsCloseClock) {
  Instant answered = t0() + minutes(10);
  EXPECT_EQ(sla_of("no_water", t0(), answered, {}, t0() + hours(2)).state, "pending");
  EXPECT_EQ(sla_of("no_water", t0(), answered, {}, t0() + hours(20)).state, "warning");
  EXPECT_EQ(sla_of("no_water", t0(), answered, {}, t0() + hours(25)).state, "breached");
  EXPECT_EQ(sla_of("no_water", t0(), answered, t0() + hours(3), t0() + hours(30)).state, "met");
  // Answered late: breached for good, even when closed in time.
  EXPECT_EQ(sla_of("no_water", t0(), t0() + minutes(20), t0() + hours(3), t0() + hours(4)).state, "breached");
}

}  // namespace
}  // namespace lifeline::app::hotline
