// What the final schedule is computed from, as plain values: a post's
// coverage, its normal and epidemic rosters (layers of rotations), when the
// epidemic roster is in force, and its overrides. No SQL, no JSON: repo.cpp
// loads a PostPlan, schedule.h turns it into who is on duty when.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/duty/civil_time.h"
#include "core/clock.h"

namespace lifeline::app::duty {

// [from, until): half-open, from < until.
struct Span {
  Instant from, until;
  bool empty() const { return until <= from; }
  bool operator==(const Span&) const = default;
};

inline constexpr int kAllDays = 0x7f;  // bit 0 Monday … bit 6 Sunday
inline constexpr int kMinutesPerDay = 1440;

// A weekly window in local time: on the given days, from `from` to `to`
// (minutes of the day). `to` <= `from` runs past midnight into the next day;
// 0–1440 is the whole day. Used for a post's required coverage and a layer's
// restriction.
struct Weekly {
  int days = kAllDays;
  int from = 0, to = kMinutesPerDay;
  bool whole_week() const { return days == kAllDays && from == 0 && to == kMinutesPerDay; }
  // Nothing would ever be inside it: no days, or a window of no length.
  bool leaves_nothing() const { return (days & kAllDays) == 0 || from == to; }
  bool operator==(const Weekly&) const = default;
};

// Standard rotations and their shift length (minutes).
inline constexpr struct {
  const char* name;
  int minutes;
} kRotations[] = {{"daily_24h", 1440}, {"day_night_12h", 720}, {"three_shifts_8h", 480}, {"weekly", 7 * 1440},
                  {"custom", 0}};
// 0 for custom or unknown.
int rotation_minutes(std::string_view rotation);

// One layer: people in order, each on for one shift in turn. Shift k runs
// from anchor + k·length to anchor + (k+1)·length in local civil minutes and
// belongs to members[k mod n] (k may be negative: the anchor only fixes the
// phase); the layer is in effect from valid_from until valid_until.
struct LayerPlan {
  int64_t id = 0;
  int level = 1;  // a higher level wins where layers overlap
  std::string name;
  std::string rotation;
  Civil anchor;   // starts_on at the hand-off time
  int shift_minutes = 1440;
  std::vector<int64_t> members;  // staff ids
  std::optional<Weekly> restriction;
  Instant valid_from;
  std::optional<Instant> valid_until;
};

struct RosterPlan {
  int64_t id = 0;
  std::string kind;  // normal, epidemic
  std::string name;
  std::vector<LayerPlan> layers;
};

struct OverridePlan {
  int64_t id = 0;
  std::string kind;  // cover: the person takes the whole interval; swap: the person replaces `replaces` where scheduled
  Span span;
  int64_t person = 0;
  std::optional<int64_t> replaces;
};

struct PostPlan {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_path, name, kind;
  bool red_phone = false;
  std::optional<Weekly> coverage;  // nullopt: always (24 h, every day)
  int min_rest_minutes = 480;
  std::optional<RosterPlan> normal, epidemic;
  std::vector<Span> epidemic_spans;     // when the epidemic roster is in force (sorted, disjoint)
  std::vector<OverridePlan> overrides;  // approved ones, sorted, disjoint
};

// A piece of the final schedule: who is on duty at a post from `from` until
// `until`, and where that comes from.
struct Segment {
  Span span;
  std::optional<int64_t> person;
  int64_t roster_id = 0;       // 0 under a cover override
  std::string roster_kind;     // normal, epidemic; "" under a cover override
  int64_t layer_id = 0;        // 0 under a cover override
  int member_index = -1;       // the person's place in the layer
  int64_t override_id = 0;
  bool operator==(const Segment&) const = default;
};

}  // namespace lifeline::app::duty
