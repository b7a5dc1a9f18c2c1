// The final schedule of a post (who is on duty when), computed from its
// PostPlan for any interval:
//
//   1. each layer's shifts: the rotation turned over the interval, within the
//      layer's validity and restriction;
//   2. a roster's schedule: the highest layer with a shift at a moment wins;
//      lower layers fill what higher ones leave;
//   3. the roster in force: the epidemic roster inside the post's epidemic
//      spans (the normal one if the post has none), the normal roster outside;
//   4. approved overrides on top: a cover replaces everyone over its
//      interval, a swap replaces one person where they were scheduled.
//
// Times nobody is on duty are absent from the result; segments are sorted
// and adjacent equal ones merged. Pure functions of their inputs.
#pragma once

#include <optional>
#include <vector>

#include "app/duty/plan.h"

namespace lifeline::app::duty {

struct Shift {
  Span span;
  int member = 0;  // index into the layer's members
};

std::vector<Shift> layer_shifts(const Zone& zone, const LayerPlan& layer, Span within);
std::vector<Segment> roster_schedule(const Zone& zone, const RosterPlan& roster, Span within);
std::vector<Segment> final_schedule(const Zone& zone, const PostPlan& post, Span within);

// The roster in force over `within`: which kind rules when ("normal" /
// "epidemic"), from the post's epidemic spans.
struct RegimePiece {
  Span span;
  bool epidemic = false;
};
std::vector<RegimePiece> regimes(const PostPlan& post, Span within);

// A person's unbroken time at the post: adjacent segments with the same
// person joined (whatever layer they came from); nobody-on-duty stays absent.
struct Run {
  Span span;
  std::optional<int64_t> person;
  size_t first = 0, last = 0;  // the segments it joins
};
std::vector<Run> runs(const std::vector<Segment>& segments);

// Who is on duty at `at`, with the whole run around it (looked for up to
// `horizon` either side). nullopt when nobody is.
std::optional<Run> on_duty_at(const Zone& zone, const PostPlan& post, Instant at,
                              std::chrono::hours horizon = std::chrono::hours(24 * 31));
// The run that starts next after `at` (the incoming person), within `horizon`.
std::optional<Run> next_run_after(const Zone& zone, const PostPlan& post, Instant at,
                                  std::chrono::hours horizon = std::chrono::hours(24 * 31));

}  // namespace lifeline::app::duty
