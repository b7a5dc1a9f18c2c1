// Duty's scheduled work (app/schedule): a reminder before each shift to the
// person's unit robot (@-mentioning them), and flags on hand-overs still
// unacknowledged once the incoming shift has started. Both idempotent:
// reminders by their dedup key, flags by a conditional update.
#pragma once

#include "app/runtime.h"
#include "app/schedule/scheduler.h"

namespace lifeline::app::duty {

inline constexpr auto kReminderLead = std::chrono::minutes(30);

// Reminders for shifts starting within (now, now + lead]; returns how many were queued.
Result<int64_t> remind_shifts(Runtime& rt, Instant now);
// Flags overdue hand-overs; returns how many were flagged.
Result<int64_t> flag_handovers(Runtime& rt, Instant now);

schedule::Job shift_reminder_job(Runtime& rt);
schedule::Job handover_flag_job(Runtime& rt);

}  // namespace lifeline::app::duty
