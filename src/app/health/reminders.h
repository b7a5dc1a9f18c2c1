// Check-in reminders go to the unit's group robots through the notify
// outbox (app/notify/outbox.h); nothing in health posts to a robot itself.
// A reminder names who has not checked in (names and units in the text) and
// carries their phones as mentions, which the unit's routing rule may allow
// the robot to @-mention.
//
// The job `health.reminders` (every 5 minutes): for each utility whose
// emergency policy requires check-ins, 30 minutes before the deadline a
// reminder (health.reminder) to those still missing, and after the deadline
// the missing list (health.missing) — each once per utility and day.
#pragma once

#include <string>
#include <vector>

#include "app/health/access.h"
#include "app/health/census.h"
#include "app/notify/outbox.h"
#include "app/runtime.h"
#include "app/schedule/scheduler.h"

namespace lifeline::app::health {

inline constexpr int kRemindMinutesBefore = 30;

// `after_deadline`: the missing list (health.missing) instead of the reminder.
notify::Notice reminder_notice(const Scope& unit, const std::string& date, const std::string& deadline,
                               const std::vector<MissingPerson>& people, bool after_deadline);

class Reminders {
 public:
  explicit Reminders(Runtime& rt);
  Status run(Instant now);

 private:
  Runtime& rt_;
  std::optional<LocalTime> tz_;
};

schedule::Job reminder_job(Reminders& reminders);

}  // namespace lifeline::app::health
