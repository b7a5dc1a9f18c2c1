// Problems of a set of posts over an interval, from their final schedules:
//
//   gap            a post's required coverage with nobody on duty (any minute)
//   double_booked  one person on two posts at once
//   short_rest     less rest between two of a person's stints (on any posts)
//                  than the later post's minimum
//   unfit          a scheduled person unfit for duty that day by the health
//                  module (fever or abnormal check-in, home observation,
//                  quarantine, away / not returned, outing), with a suggested
//                  replacement from the same layer: the next member in
//                  rotation order who is fit all that time and free
//
// Pure: the caller computes the schedules over the interval widened by a day
// on each side (rest before the first shift counts) and gives the health
// findings; problems are clipped to the interval.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/duty/plan.h"

namespace lifeline::app::duty {

// person → local day → reason ("fever", "home_observation", …)
using UnfitIndex = std::unordered_map<int64_t, std::map<std::string, std::string>>;

struct PostSchedule {
  const PostPlan* post = nullptr;
  std::vector<Segment> segments;
};

struct Problem {
  std::string kind;  // gap, double_booked, short_rest, unfit
  int64_t post = 0;
  std::optional<int64_t> person;
  Span span;
  std::string reason;               // gap: "uncovered"; double_booked: "also_on_post"; short_rest: "rest_minutes"; unfit: the health reason
  std::optional<int64_t> other_post;  // double_booked: the other post; short_rest: the post of the earlier stint
  int64_t rest_minutes = 0;           // short_rest
  std::optional<int64_t> suggestion;  // unfit: a replacement
};

std::vector<Problem> find_problems(const Zone& zone, const std::vector<PostSchedule>& posts, const UnfitIndex& unfit,
                                   Span span);

}  // namespace lifeline::app::duty
