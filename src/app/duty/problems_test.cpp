// Problems over final schedules: gaps in the required coverage, double
// bookings, short rest, and unfit people with a replacement from their layer.
#include "app/duty/problems.h"

#include <gtest/gtest.h>

#include "app/duty/schedule.h"

namespace lifeline::app::duty {
namespace {

using std::chrono::hours;

struct Fixture {
  Zone z = *Zone::load("Asia/Shanghai");
  Instant day = z.start_of("2020-02-03");

  LayerPlan layer(int64_t id, int handoff, int shift_minutes, std::vector<int64_t> members) const {
    LayerPlan l;
    l.id = id;
    l.anchor = civil_at("2020-02-01", handoff);
    l.shift_minutes = shift_minutes;
    l.members = std::move(members);
    l.valid_from = z.instant(l.anchor);
    return l;
  }
  PostPlan post(int64_t id, std::vector<LayerPlan> layers, int min_rest = 480) const {
    PostPlan p;
    p.id = id;
    p.min_rest_minutes = min_rest;
    p.normal = RosterPlan{id * 10, "normal", "x", std::move(layers)};
    return p;
  }
  std::vector<Problem> problems(const std::vector<PostPlan>& posts, const UnfitIndex& unfit, Span span) const {
    std::vector<PostSchedule> schedules;
    const Span wide{span.from - hours(24), span.until + hours(24)};
    for (const auto& p : posts) schedules.push_back({&p, final_schedule(z, p, wide)});
    return find_problems(z, schedules, unfit, span);
  }
};

std::vector<std::string> kinds(const std::vector<Problem>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.kind);
  return out;
}

TEST(Problems, AGapIsAnyRequiredMinuteWithNobody) {
  Fixture f;
  LayerPlan l = f.layer(1, 8 * 60, 1440, {1, 2, 3});
  l.restriction = Weekly{kAllDays, 8 * 60, 20 * 60};  // days only
  PostPlan always = f.post(1, {l});
  auto ps = f.problems({always}, {}, {f.day, f.day + hours(24)});
  ASSERT_EQ(kinds(ps), (std::vector<std::string>{"gap", "gap"}));
  EXPECT_EQ(ps[0].span, (Span{f.day, f.day + hours(8)}));
  EXPECT_EQ(ps[1].span, (Span{f.day + hours(20), f.day + hours(24)}));
  EXPECT_EQ(ps[0].reason, "uncovered");
  // Required only in the daytime: no gap.
  PostPlan days = always;
  days.coverage = Weekly{kAllDays, 8 * 60, 20 * 60};
  EXPECT_TRUE(f.problems({days}, {}, {f.day, f.day + hours(24)}).empty());
}

TEST(Problems, OnePersonOnTwoPostsAtOnceIsDoubleBooked) {
  Fixture f;
  PostPlan a = f.post(1, {f.layer(1, 0, 1440, {7})}, 0);
  PostPlan b = f.post(2, {f.layer(2, 12 * 60, 720, {7, 8})}, 0);
  auto ps = f.problems({a, b}, {}, {f.day, f.day + hours(24)});
  std::vector<Problem> doubles;
  for (const auto& p : ps)
    if (p.kind == "double_booked") doubles.push_back(p);
  ASSERT_FALSE(doubles.empty());
  EXPECT_EQ(*doubles[0].person, 7);
  EXPECT_NE(doubles[0].post, *doubles[0].other_post);
  // Person 7 at post b: the day shifts starting at 12:00 on even shift numbers.
  Instant total{};
  for (const auto& d : doubles) total += d.span.until - d.span.from;
  EXPECT_EQ(total - Instant{}, hours(12));
}

TEST(Problems, RestShorterThanTheMinimumBetweenStints) {
  Fixture f;
  // Person 1: 08:00–16:00 at post 1, then 20:00–04:00 at post 2 (4 hours' rest).
  LayerPlan day = f.layer(1, 8 * 60, 1440, {1});
  day.restriction = Weekly{kAllDays, 8 * 60, 16 * 60};
  LayerPlan night = f.layer(2, 20 * 60, 1440, {1});
  night.restriction = Weekly{kAllDays, 20 * 60, 4 * 60};
  auto ps = f.problems({f.post(1, {day}, 480), f.post(2, {night}, 480)}, {}, {f.day, f.day + hours(24)});
  std::vector<Problem> rests;
  for (const auto& p : ps)
    if (p.kind == "short_rest") rests.push_back(p);
  // 04:00–08:00 before the day shift and 16:00–20:00 before the night shift.
  ASSERT_EQ(rests.size(), 2u);
  EXPECT_EQ(rests[0].span, (Span{f.day + hours(4), f.day + hours(8)}));
  EXPECT_EQ(rests[0].post, 1);
  const auto& r = rests[1];
  EXPECT_EQ(r.span, (Span{f.day + hours(16), f.day + hours(20)}));
  EXPECT_EQ(r.rest_minutes, 240);
  EXPECT_EQ(r.post, 2);
  EXPECT_EQ(*r.other_post, 1);
  // With a 4-hour minimum there is no problem.
  auto fine = f.problems({f.post(1, {day}, 240), f.post(2, {night}, 240)}, {}, {f.day, f.day + hours(24)});
  for (const auto& p : fine) EXPECT_NE(p.kind, "short_rest");
}

TEST(Problems, AnUnfitPersonGetsTheNextFitAndFreeMemberOfTheLayer) {
  Fixture f;
  // Members 1..4 on 24-hour shifts from 2020-02-01 00:00: on 02-03 it is member index 2 (person 3).
  PostPlan plant = f.post(1, {f.layer(1, 0, 1440, {1, 2, 3, 4})}, 0);
  // Person 4 (next in order) has a fever; person 1 is busy at another post; person 2 is free.
  PostPlan other = f.post(2, {f.layer(2, 0, 1440, {1})}, 0);
  UnfitIndex unfit{{3, {{"2020-02-03", "home_observation"}}}, {4, {{"2020-02-03", "fever"}}}};
  auto ps = f.problems({plant, other}, unfit, {f.day, f.day + hours(24)});
  std::vector<Problem> unfits;
  for (const auto& p : ps)
    if (p.kind == "unfit") unfits.push_back(p);
  ASSERT_EQ(unfits.size(), 1u);
  EXPECT_EQ(*unfits[0].person, 3);
  EXPECT_EQ(unfits[0].reason, "home_observation");
  EXPECT_EQ(unfits[0].span, (Span{f.day, f.day + hours(24)}));
  ASSERT_TRUE(unfits[0].suggestion);
  EXPECT_EQ(*unfits[0].suggestion, 2);
  // Nobody fit and free: no suggestion.
  unfit[2] = {{"2020-02-03", "away"}};
  auto none = f.problems({plant, other}, unfit, {f.day, f.day + hours(24)});
  for (const auto& p : none)
    if (p.kind == "unfit" && p.person == 3) {
      EXPECT_FALSE(p.suggestion);
    }
}

TEST(Problems, AnUnfitDayOnlyFlagsThePartOfTheShiftOnThatDay) {
  Fixture f;
  PostPlan night = f.post(1, {f.layer(1, 20 * 60, 1440, {5, 6})}, 0);
  UnfitIndex unfit{{5, {{"2020-02-04", "outing"}}}, {6, {{"2020-02-04", "outing"}}}};
  auto ps = f.problems({night}, unfit, {f.day, f.day + hours(48)});
  std::vector<Problem> unfits;
  for (const auto& p : ps)
    if (p.kind == "unfit") unfits.push_back(p);
  // Shifts start at 20:00 each day; 02-04 00:00–24:00 touches two people's shifts.
  ASSERT_EQ(unfits.size(), 2u);
  EXPECT_EQ(unfits[0].span, (Span{f.day + hours(24), f.day + hours(44)}));
  EXPECT_EQ(unfits[1].span, (Span{f.day + hours(44), f.day + hours(48)}));
}

}  // namespace
}  // namespace lifeline::app::duty
