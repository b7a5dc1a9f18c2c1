// The final schedule: rotations, layers, restrictions, overrides, the
// epidemic switch; in Asia/Shanghai (no changes of the clocks) and in
// America/New_York, where some local times do not exist and some occur twice.
#include "app/duty/schedule.h"

#include <gtest/gtest.h>

#include "app/duty/spans.h"
#include "core/time.h"

namespace lifeline::app::duty {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Instant at(const char* iso) { return *parse_instant(iso, "test"); }

Zone zone(const char* name) { return *Zone::load(name); }

LayerPlan layer(int64_t id, int level, const char* starts_on, int handoff, int shift_minutes, std::vector<int64_t> members,
                const Zone& z) {
  LayerPlan l;
  l.id = id;
  l.level = level;
  l.name = "layer " + std::to_string(id);
  l.anchor = civil_at(starts_on, handoff);
  l.shift_minutes = shift_minutes;
  l.members = std::move(members);
  l.valid_from = z.instant(l.anchor);
  return l;
}

PostPlan post_with(RosterPlan normal) {
  PostPlan p;
  p.id = 1;
  p.name = "调度";
  normal.kind = "normal";
  p.normal = std::move(normal);
  return p;
}

std::vector<std::pair<std::string, int64_t>> who(const std::vector<Segment>& segs) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& s : segs) out.push_back({format_instant(s.span.from), s.person.value_or(0)});
  return out;
}

TEST(Rotation, DailyShiftsTurnThroughTheMembersAtTheHandOff) {
  Zone z = zone("Asia/Shanghai");
  RosterPlan r{7, "normal", "春节", {layer(1, 1, "2020-01-24", 8 * 60, 1440, {11, 12, 13}, z)}};
  auto segs = final_schedule(z, post_with(r), {at("2020-01-24T00:00:00Z"), at("2020-01-28T00:00:00Z")});
  // 08:00 Shanghai is 00:00Z; the layer starts then.
  EXPECT_EQ(who(segs), (std::vector<std::pair<std::string, int64_t>>{{"2020-01-24T00:00:00Z", 11},
                                                                      {"2020-01-25T00:00:00Z", 12},
                                                                      {"2020-01-26T00:00:00Z", 13},
                                                                      {"2020-01-27T00:00:00Z", 11}}));
  EXPECT_EQ(segs[0].roster_id, 7);
  EXPECT_EQ(segs[0].layer_id, 1);
  EXPECT_EQ(segs[3].member_index, 0);
}

TEST(Rotation, TheAnchorFixesThePhaseOnlyAndTheLayerStartsWhenValid) {
  Zone z = zone("Asia/Shanghai");
  LayerPlan l = layer(1, 1, "2020-01-01", 8 * 60, 720, {1, 2, 3, 4}, z);
  l.valid_from = at("2020-01-24T06:00:00Z");  // 14:00 local, mid-shift
  RosterPlan r{7, "normal", "x", {l}};
  auto segs = final_schedule(z, post_with(r), {at("2020-01-24T00:00:00Z"), at("2020-01-25T00:00:00Z")});
  // Shifts since 2020-01-01 08:00: 23 days × 2 = 46 → member 46 mod 4 = 2 (person 3) from 08:00, then 4.
  EXPECT_EQ(who(segs), (std::vector<std::pair<std::string, int64_t>>{{"2020-01-24T06:00:00Z", 3},
                                                                      {"2020-01-24T12:00:00Z", 4}}));
  // Before the anchor the rotation runs backwards with the same phase.
  LayerPlan early = layer(2, 1, "2020-01-10", 0, 1440, {1, 2, 3}, z);
  early.valid_from = z.instant(civil_at("2020-01-07", 0));
  auto back = layer_shifts(z, early, {z.instant(civil_at("2020-01-07", 0)), z.instant(civil_at("2020-01-10", 0))});
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].member, 0);  // -3 mod 3
  EXPECT_EQ(back[2].member, 2);  // -1 mod 3
}

TEST(Rotation, AHigherLayerWinsAndLowerLayersFillTheRest) {
  Zone z = zone("Asia/Shanghai");
  LayerPlan base = layer(1, 1, "2020-01-24", 0, 1440, {100}, z);
  LayerPlan peak = layer(2, 2, "2020-01-24", 8 * 60, 1440, {200}, z);
  peak.restriction = Weekly{kAllDays, 9 * 60, 17 * 60};
  RosterPlan r{7, "normal", "x", {peak, base}};  // order does not matter, the level does
  auto segs = final_schedule(z, post_with(r), {z.start_of("2020-01-24"), z.start_of("2020-01-25")});
  EXPECT_EQ(who(segs), (std::vector<std::pair<std::string, int64_t>>{{"2020-01-23T16:00:00Z", 100},
                                                                      {"2020-01-24T01:00:00Z", 200},
                                                                      {"2020-01-24T09:00:00Z", 100}}));
}

TEST(Rotation, AWeekdayRestrictionLeavesTheWeekendEmpty) {
  Zone z = zone("Asia/Shanghai");
  LayerPlan l = layer(1, 1, "2020-02-03", 8 * 60, 7 * 1440, {5, 6}, z);  // weekly, Monday 08:00
  l.restriction = Weekly{0x1f, 0, kMinutesPerDay};
  RosterPlan r{7, "normal", "x", {l}};
  // 2020-02-03 is a Monday.
  auto segs = final_schedule(z, post_with(r), {z.start_of("2020-02-03"), z.start_of("2020-02-17")});
  ASSERT_EQ(segs.size(), 3u);
  EXPECT_EQ(segs[0].span, (Span{z.instant(civil_at("2020-02-03", 480)), z.start_of("2020-02-08")}));
  EXPECT_EQ(*segs[0].person, 5);
  EXPECT_EQ(segs[1].span, (Span{z.start_of("2020-02-10"), z.instant(civil_at("2020-02-10", 480))}));
  EXPECT_EQ(*segs[1].person, 5);  // Monday before the hand-off is still last week's
  EXPECT_EQ(*segs[2].person, 6);
  EXPECT_EQ(segs[2].span.until, z.start_of("2020-02-15"));  // nobody at the weekend
}

TEST(Rotation, AnOvernightRestrictionRunsPastMidnight) {
  Zone z = zone("Asia/Shanghai");
  Weekly nights{kAllDays, 20 * 60, 8 * 60};
  auto spans = lay_out(z, nights, {z.start_of("2020-02-03"), z.start_of("2020-02-05")});
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0], (Span{z.start_of("2020-02-03"), z.instant(civil_at("2020-02-03", 480))}));
  EXPECT_EQ(spans[1], (Span{z.instant(civil_at("2020-02-03", 1200)), z.instant(civil_at("2020-02-04", 480))}));
  EXPECT_TRUE((Weekly{0, 0, 1440}.leaves_nothing()));
  EXPECT_TRUE((Weekly{kAllDays, 480, 480}.leaves_nothing()));
  EXPECT_FALSE(nights.leaves_nothing());
}

TEST(Overrides, ACoverTakesTheWholeIntervalAndASwapOnlyThePersonsPart) {
  Zone z = zone("Asia/Shanghai");
  RosterPlan r{7, "normal", "x", {layer(1, 1, "2020-01-24", 0, 720, {1, 2}, z)}};
  PostPlan p = post_with(r);
  const Instant day = z.start_of("2020-01-24");
  p.overrides = {{50, "cover", {day + hours(10), day + hours(14)}, 9, std::nullopt},
                 {51, "swap", {day + hours(20), day + hours(30)}, 8, 2}};
  auto segs = final_schedule(z, p, {day, day + hours(36)});
  std::vector<std::pair<Span, int64_t>> got;
  for (const auto& s : segs) got.push_back({s.span, *s.person});
  EXPECT_EQ(got, (std::vector<std::pair<Span, int64_t>>{{{day, day + hours(10)}, 1},
                                                        {{day + hours(10), day + hours(14)}, 9},
                                                        {{day + hours(14), day + hours(20)}, 2},
                                                        {{day + hours(20), day + hours(24)}, 8},
                                                        {{day + hours(24), day + hours(36)}, 1}}));
  EXPECT_EQ(segs[1].override_id, 50);
  EXPECT_EQ(segs[1].layer_id, 0);
  EXPECT_EQ(segs[3].override_id, 51);
  EXPECT_EQ(segs[3].layer_id, 1);  // a swap keeps the layer it replaced
}

TEST(Regimes, TheEpidemicRosterRulesInsideItsSpansAndFallsBackToNormal) {
  Zone z = zone("Asia/Shanghai");
  const Instant day = z.start_of("2020-01-23");
  PostPlan p = post_with({7, "normal", "春节", {layer(1, 1, "2020-01-20", 0, 1440, {1}, z)}});
  p.epidemic = RosterPlan{8, "epidemic", "疫情", {layer(2, 1, "2020-01-20", 0, 720, {2, 3}, z)}};
  p.epidemic_spans = {{day + hours(10), day + hours(48)}};
  auto segs = final_schedule(z, p, {day, day + hours(72)});
  ASSERT_GE(segs.size(), 3u);
  EXPECT_EQ(segs.front().roster_kind, "normal");
  EXPECT_EQ(segs.front().span.until, day + hours(10));
  EXPECT_EQ(segs[1].roster_kind, "epidemic");
  EXPECT_EQ(segs.back().roster_kind, "normal");
  EXPECT_EQ(segs.back().span.from, day + hours(48));
  auto pieces = regimes(p, {day, day + hours(72)});
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_TRUE(pieces[1].epidemic);
  // Without an epidemic roster the normal one stays in force.
  p.epidemic.reset();
  for (const auto& s : final_schedule(z, p, {day, day + hours(72)})) EXPECT_EQ(s.roster_kind, "normal");
}

TEST(ClockChanges, A24HourShiftKeepsItsWallClockHandOffAcrossTheChange) {
  Zone z = zone("America/New_York");
  RosterPlan r{7, "normal", "x", {layer(1, 1, "2021-03-12", 8 * 60, 1440, {1, 2}, z)}};
  auto segs = final_schedule(z, post_with(r), {z.start_of("2021-03-13"), z.start_of("2021-03-16")});
  // 2021-03-14 02:00 → 03:00: the shift from the 13th 08:00 EST to the 14th 08:00 EDT lasts 23 hours.
  ASSERT_GE(segs.size(), 3u);
  EXPECT_EQ(segs[1].span.from, at("2021-03-13T13:00:00Z"));
  EXPECT_EQ(segs[1].span.until, at("2021-03-14T12:00:00Z"));
  // Fall back (2021-11-07): 25 hours.
  auto autumn = final_schedule(z, post_with(r), {z.start_of("2021-11-06"), z.start_of("2021-11-09")});
  ASSERT_GE(autumn.size(), 3u);
  EXPECT_EQ(autumn[1].span.until - autumn[1].span.from, hours(25));
}

TEST(ClockChanges, AHandOffInTheSkippedHourHappensWhenTheClocksJump) {
  Zone z = zone("America/New_York");
  EXPECT_EQ(z.kind(civil_at("2021-03-14", 150)), Zone::Kind::skipped);   // 02:30
  EXPECT_EQ(z.kind(civil_at("2021-11-07", 90)), Zone::Kind::repeated);   // 01:30
  EXPECT_EQ(z.kind(civil_at("2021-11-08", 90)), Zone::Kind::unique);
  EXPECT_EQ(z.instant(civil_at("2021-03-14", 150)), at("2021-03-14T07:00:00Z"));  // 03:00 EDT
  EXPECT_EQ(z.instant(civil_at("2021-11-07", 90)), at("2021-11-07T05:30:00Z"));   // the first 01:30 (EDT)
  LayerPlan l = layer(1, 1, "2021-03-10", 150, 1440, {1, 2}, z);
  auto shifts = layer_shifts(z, l, {z.start_of("2021-03-13"), z.start_of("2021-03-16")});
  ASSERT_EQ(shifts.size(), 4u);
  EXPECT_EQ(shifts[1].span.until, at("2021-03-14T07:00:00Z"));
  EXPECT_EQ(shifts[2].span.from, at("2021-03-14T07:00:00Z"));
  EXPECT_EQ(shifts[2].span.until, at("2021-03-15T06:30:00Z"));  // 02:30 EDT the next day
  // Eight-hour shifts through the skipped hour: one is seven hours long, none vanish.
  LayerPlan eight = layer(2, 1, "2021-03-10", 0, 480, {1, 2, 3}, z);
  auto day = layer_shifts(z, eight, {z.start_of("2021-03-14"), z.start_of("2021-03-15")});
  ASSERT_EQ(day.size(), 3u);
  EXPECT_EQ(day[0].span.until - day[0].span.from, hours(7));
}

TEST(ClockChanges, PeopleMayNotTypeATimeThatDoesNotExistOrOccursTwice) {
  Zone z = zone("America/New_York");
  auto skipped = parse_time("2021-03-14T02:30", z, "from");
  ASSERT_FALSE(skipped.ok());
  EXPECT_EQ(skipped.error().fields.at(0).field, "from");
  auto twice = parse_time("2021-11-07T01:30", z, "until");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().fields.at(0).field, "until");
  EXPECT_EQ(*parse_time("2021-11-07T01:30:00-05:00", z, "until"), at("2021-11-07T06:30:00Z"));
  EXPECT_EQ(*parse_time("2021-03-14T03:30", z, "from"), at("2021-03-14T07:30:00Z"));
  Zone sh = zone("Asia/Shanghai");
  EXPECT_EQ(*parse_time("2020-02-03", sh, "from"), at("2020-02-02T16:00:00Z"));
  EXPECT_EQ(*parse_time("2020-02-03", sh, "to", true), at("2020-02-03T16:00:00Z"));
  EXPECT_FALSE(parse_time("2020-02-30", sh, "from").ok());
  EXPECT_FALSE(parse_time("2020-02-03T24:00", sh, "from").ok());
  EXPECT_FALSE(parse_time("tomorrow", sh, "from").ok());
}

TEST(Runs, OnDutyNowSpansTheWholeRunAcrossLayersAndWindows) {
  Zone z = zone("Asia/Shanghai");
  // A weekly leader rotation: the run around any moment is a whole week.
  RosterPlan r{7, "normal", "x", {layer(1, 1, "2020-01-06", 8 * 60 + 30, 7 * 1440, {1, 2, 3}, z)}};
  PostPlan p = post_with(r);
  auto now = on_duty_at(z, p, z.instant(civil_at("2020-02-05", 600)));
  ASSERT_TRUE(now);
  EXPECT_EQ(now->span.from, z.instant(civil_at("2020-02-03", 510)));
  EXPECT_EQ(now->span.until, z.instant(civil_at("2020-02-10", 510)));
  EXPECT_EQ(*now->person, 2);  // 4 weeks since the anchor: member 4 mod 3 = 1
  auto next = next_run_after(z, p, now->span.until);
  ASSERT_TRUE(next);
  EXPECT_EQ(*next->person, 3);
  EXPECT_FALSE(on_duty_at(z, p, z.instant(civil_at("2020-01-01", 0))));  // before the layer started
}

}  // namespace
}  // namespace lifeline::app::duty
