// The one way a module tells people something outside lifeline (DingTalk,
// WeCom and Feishu group robots, webhooks): it writes a Notice into the
// outbox IN THE SAME TRANSACTION as the change that causes it, so a notice
// is sent exactly when its cause committed. The notify module routes each
// notice to the robots of its unit (by event type and priority) and delivers
// it from the shared scheduler, once across servers. See docs/notify.md.
//
//   LL_CHECK(notify::enqueue(tx, {.org_id = unit.id, .org_path = unit.path,
//                                 .event = "quality.exceedance", .priority = notify::Priority::high,
//                                 .title = "水质超标", .text = "…", .link = "/quality/exceedances/12"},
//                            now));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::notify {

enum class Priority { high, normal, low };
const char* to_string(Priority p);

struct Notice {
  int64_t org_id = 0;
  std::string org_path;                     // the unit's path: routing looks for robots at it and above
  std::string event;                        // "quality.exceedance", "duty.shift_reminder", …
  Priority priority = Priority::normal;     // low priorities wait out a robot's quiet hours
  std::string title;                        // Chinese, short: "末梢水余氯超标"
  std::string text;                         // Chinese, what happened and what to do (plain text, a few lines)
  std::string link;                         // the web page, as a hash route: "/quality/exceedances/12"
  std::vector<std::string> mention_phones;  // the responsible people, @-mentioned where the unit allows it
  // At most one notice per key ("report.late:12:2020-01-25T08:00"): a
  // scheduled job that runs again, or on another server, adds nothing.
  std::optional<std::string> dedup_key;
};

// Adds the notice to the outbox; a notice whose dedup_key is already there is
// dropped silently. Returns whether it was added.
Result<bool> enqueue(store::Tx& tx, const Notice& notice, Instant now);

// Whether a notice with this dedup_key is in the outbox (a scheduled job's
// cheap "done already?" before it computes the notice).
Result<bool> enqueued(store::Tx& tx, const std::string& dedup_key);
// How many enabled robots a notice of `event` and `priority` at the unit
// `org_path` would reach under today's routing rules (0: say so to the user).
Result<int64_t> reaching(store::Tx& tx, const std::string& org_path, std::string_view event, Priority priority);

}  // namespace lifeline::app::notify
