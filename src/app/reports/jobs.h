// Reports' scheduled work: a reminder to each required unit that has not
// sent a report some minutes before its deadline, and an escalation to the
// HQ some minutes after a deadline that went by without it. Both once per
// unit and deadline (dedup keys), so runs on any server may repeat.
#pragma once

#include "app/runtime.h"
#include "app/schedule/scheduler.h"

namespace lifeline::app::reports {

struct Sent {
  int64_t reminders = 0, escalations = 0;
};
Result<Sent> remind_and_escalate(Runtime& rt, Instant now);
schedule::Job deadline_job(Runtime& rt);

}  // namespace lifeline::app::reports
