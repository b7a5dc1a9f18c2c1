#include "app/hotline/sla.h"

namespace lifeline::app::hotline {

namespace {

using std::chrono::hours;
using std::chrono::minutes;

enum class Clock { met, pending, warning, breached };  // in order of worsening

Clock clock_state(Instant start, Instant due, std::optional<Instant> done, Instant now) {
  if (done) return *done <= due ? Clock::met : Clock::breached;
  if (now > due) return Clock::breached;
  if (now >= due - (due - start) / 5) return Clock::warning;
  return Clock::pending;
}

const char* name(Clock c) {
  switch (c) {
    case Clock::met: return "met";
    case Clock::pending: return "pending";
    case Clock::warning: return "warning";
    case Clock::breached: return "breached";
  }
  return "pending";
}

}  // namespace

std::optional<SlaTargets> sla_targets(std::string_view category) {
  if (category == "burst_leak" || category == "no_water") return SlaTargets{minutes(15), hours(24)};
  if (category == "low_pressure" || category == "quality") return SlaTargets{minutes(30), hours(48)};
  if (category == "billing" || category == "epidemic_policy" || category == "other")
    return SlaTargets{minutes(30), hours(72)};
  return std::nullopt;
}

Sla sla_of(std::string_view category, Instant received_at, std::optional<Instant> responded_at,
           std::optional<Instant> closed_at, Instant now) {
  SlaTargets t = sla_targets(category).value_or(SlaTargets{minutes(30), hours(72)});
  Sla s{received_at + t.respond, received_at + t.close, ""};
  Clock respond = clock_state(received_at, s.respond_due, responded_at, now);
  Clock close = clock_state(received_at, s.close_due, closed_at, now);
  s.state = name(std::max(respond, close));
  return s;
}

}  // namespace lifeline::app::hotline
